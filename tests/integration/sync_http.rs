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

/// The history pages by sync (20 a page, newest first, links to the older and newer
/// pages), shows times on the organization's clock, filters failed syncs with their
/// reason, and the chart's summary counts and averages every sync of the fortnight.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_history_pages_by_sync_on_the_organizations_clock() {
    use chrono::{Duration as Span, Utc};
    use ledgerlight::server::caller::org_local_time;
    use ledgerlight::store::RunEnd;
    use support::app::{fjordline, spawn_app, OWNER};

    let app = spawn_app().await;
    let fjordline = fjordline(&app).await;
    let org = OrgId(fjordline.id);
    let store = &app.ctx.store;
    // 25 syncs of 30 seconds each, two days ago, a minute apart; the oldest failed. The
    // demo seed is one more (six runs that took no time).
    let first = Utc::now() - Span::days(2);
    let mut starts = Vec::new();
    for n in 0..25 {
        let at = first + Span::minutes(n);
        let run = store
            .begin_run(org, "invoices", "schedule", None, at)
            .await
            .expect("begin");
        let end = RunEnd {
            error: (n == 0).then(|| ("http".to_string(), "Billy said no".to_string())),
            ..RunEnd::default()
        };
        store
            .end_run(org, run, &end, at + Span::seconds(30))
            .await
            .expect("end");
        starts.push(at);
    }
    let owner = app.sign_in(OWNER).await;
    let rows = |page: &str| page.matches("data-testid=\"cycle-row\"").count();

    let (status, _, page) = app.page("/sync", Some(&owner)).await;
    let text = support::visible_text(&page);
    assert_eq!(status, 200, "{text}");
    assert_eq!(rows(&page), 20, "{text}");
    assert!(page.contains("Page 1 of 2 · 26 syncs"), "{text}");
    assert!(
        page.contains("href=\"/sync?page=2\""),
        "an Older link: {text}"
    );
    assert!(!page.contains("data-testid=\"cycles-newer\""), "{text}");
    // The newest of the 25 on Copenhagen's clock, not UTC's.
    let newest = starts.last().expect("a start");
    let local = org_local_time(&fjordline, *newest)
        .format("%Y-%m-%d %H:%M:%S")
        .to_string();
    assert_ne!(local, newest.format("%Y-%m-%d %H:%M:%S").to_string());
    assert!(page.contains(&local), "{local} in {text}");
    // 26 syncs in the fortnight, one failed; 25 x 30 s and one of 0 s: 28.8 s on average.
    assert!(
        page.contains("26 syncs, 1 of them failed"),
        "{}",
        &page[page.find("sync-days-summary").unwrap_or(0)..][..400]
    );
    assert!(page.contains("took 28.8 s on average"), "{text}");

    let (_, _, page) = app.page("/sync?page=2", Some(&owner)).await;
    assert_eq!(rows(&page), 6);
    assert!(
        page.contains("href=\"/sync\" rel=\"prev\""),
        "a Newer link to page 1"
    );
    assert!(!page.contains("data-testid=\"cycles-older\""));

    let (_, _, page) = app.page("/sync?status=failed", Some(&owner)).await;
    assert_eq!(rows(&page), 1);
    assert!(
        page.contains("Billy said no"),
        "the reason on the sync's line"
    );
    assert!(
        page.contains("Page 1 of 1 · 1 sync<"),
        "one sync, not one syncs"
    );
}
