//! "Sync now" over HTTP: a member starts a sync of the demo organization against the
//! in-app Billy simulator, it runs to the end, and the audit log has it; a viewer may
//! not start one.

use crate::support;

use std::time::Duration;

use ledgerlight::store::{OrgId, RunFilter};
use support::app::{spawn_app_syncing, MEMBER, VIEWER};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_starts_a_sync_that_runs_to_the_end() {
    let app = spawn_app_syncing().await;
    let store = &app.ctx.store;
    let org = OrgId(
        store
            .organization_by_slug("fjordline")
            .await
            .expect("q")
            .expect("org")
            .id,
    );
    let viewer = app.sign_in(VIEWER).await;
    let (status, _, _) = app.call("sync_now", "", Some(&viewer)).await;
    assert_eq!(status, 403, "viewers change nothing");

    let member = app.sign_in(MEMBER).await;
    let (status, _, body) = app.call("sync_now", "", Some(&member)).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body, "\"Started\"", "what happened, as data");

    // Six resources, each a finished run.
    let mut runs = Vec::new();
    for _ in 0..300 {
        runs = store
            .sync_runs(
                org,
                &RunFilter {
                    limit: 50,
                    ..RunFilter::default()
                },
            )
            .await
            .expect("runs");
        let manual: Vec<_> = runs.iter().filter(|r| r.trigger == "manual").collect();
        if manual.len() == 6 && manual.iter().all(|r| r.status != "running") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let manual: Vec<_> = runs.iter().filter(|r| r.trigger == "manual").collect();
    assert_eq!(manual.len(), 6, "{runs:?}");
    assert!(manual.iter().all(|r| r.status == "succeeded"), "{manual:?}");
    // The simulator serves exactly what the seeding wrote: nothing to add.
    let added: i64 = manual.iter().map(|r| r.records_added).sum();
    assert_eq!(added, 0, "{manual:?}");

    // The six runs are one sync: one row on the health page, its resources inside.
    let cycle = manual[0].cycle_id;
    assert!(manual.iter().all(|r| r.cycle_id == cycle), "{manual:?}");
    assert_eq!(cycle, manual.iter().map(|r| r.id).min().expect("a run"));

    let (status, _, page) = app.page("/sync", Some(&member)).await;
    assert_eq!(status, 200, "{page}");
    let text = support::visible_text(&page);
    assert!(page.contains("Times are in Europe/Copenhagen."), "{text}");
    let cycles = page.matches("data-testid=\"cycle-row\"").count();
    // The demo seed, the start-up sync and this one.
    assert!(cycles >= 2, "{text}");
    assert_eq!(
        page.matches("data-testid=\"run-row\"").count(),
        page.matches("data-testid=\"cycle-row\"").count() * 6,
        "every sync holds its six runs: {text}"
    );
    assert!(
        page.contains("by hand"),
        "the manual sync is listed: {text}"
    );

    // Filtered by outcome: nothing failed.
    let (status, _, page) = app.page("/sync?status=failed", Some(&member)).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("data-testid=\"no-cycles\""),
        "{}",
        support::visible_text(&page)
    );
    // Filtered by resource: one run per sync.
    let (_, _, page) = app.page("/sync?resource=invoices", Some(&member)).await;
    assert_eq!(
        page.matches("data-testid=\"run-row\"").count(),
        page.matches("data-testid=\"cycle-row\"").count()
    );
    // A page past the last shows the last and says so; a made-up outcome is named.
    let (status, _, page) = app
        .page("/sync?page=999&status=exploded", Some(&member))
        .await;
    assert_eq!(status, 200);
    let text = support::visible_text(&page);
    assert!(page.contains("“exploded”"), "{text}");
    assert!(page.contains("Page 1 of 1"), "{text}");

    let audit = store.audit_rows(Some(org), 50).await.expect("audit");
    assert!(audit.iter().any(|row| row.action == "sync_requested"));
}
