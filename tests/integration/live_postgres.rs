//! Several app servers on one PostgreSQL database: an event committed through one wakes
//! the live streams of another (LISTEN/NOTIFY), well before their polling would.

use crate::support;

use std::time::Duration;

use ledgerlight::live::{forward_postgres_notifications, LiveHub};
use ledgerlight::store::{self, OrgId};
use tokio::sync::watch;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_event_committed_elsewhere_wakes_this_servers_streams() {
    let Some(db) = support::postgres().await else {
        return;
    };
    let org = OrgId(
        db.store
            .create_organization(&support::new_org("notify"))
            .await
            .expect("org")
            .id,
    );
    // "This server": a hub fed by the database's notifications.
    let hub = LiveHub::default();
    let mut woken = hub.subscribe();
    let (stop, shutdown) = watch::channel(false);
    let listener = tokio::spawn(forward_postgres_notifications(
        db.url.clone(),
        hub.clone(),
        shutdown,
    ));
    tokio::time::sleep(Duration::from_millis(500)).await;

    // "Another server": its own pool on the same database.
    let other = store::open(&db.url).await.expect("second store");
    other
        .append_event(
            org,
            "data_changed",
            Some("invoices"),
            &serde_json::json!({}),
        )
        .await
        .expect("append");
    let got = tokio::time::timeout(Duration::from_secs(3), woken.recv())
        .await
        .expect("woken within 3 s (streams poll only every 5 s)")
        .expect("a wake-up");
    assert_eq!(got, org);

    stop.send_replace(true);
    tokio::time::timeout(Duration::from_secs(3), listener)
        .await
        .expect("the listener stops on shutdown")
        .expect("no panic");
    drop(other);
    db.finish().await;
}
