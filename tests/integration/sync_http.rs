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

    let audit = store.audit_rows(Some(org), 50).await.expect("audit");
    assert!(audit.iter().any(|row| row.action == "sync_requested"));
}
