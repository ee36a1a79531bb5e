//! The scheduler: a slow (or failing) organization never delays another's sync, and
//! "Sync now" for an organization already syncing starts nothing new.

use crate::support;

use std::time::{Duration, Instant};

use chrono::Utc;
use ledgerlight::crypto::secrets::SecretKey;
use ledgerlight::store::{BillyConnection, OrgId, RunFilter, Store};
use ledgerlight::sync::scheduler::{spawn, SchedulerConfig, SyncRequest};
use ledgerlight::sync::seed::SeedOptions;
use ledgerlight::sync::simulator::{demo_token, Faults, Simulator};
use tokio::sync::watch;

async fn connected_org(
    store: &dyn Store,
    key: &SecretKey,
    slug: &str,
    base_url: &str,
    token: &str,
) -> OrgId {
    let org = OrgId(
        store
            .create_organization(&support::new_org(slug))
            .await
            .expect("org")
            .id,
    );
    support::put_on_plan(store, org, "business").await;
    store
        .set_billy_connection(
            org,
            Some(&BillyConnection {
                base_url: Some(base_url.to_string()),
                token: key.seal(org.0, token).expect("seal"),
            }),
        )
        .await
        .expect("connect");
    org
}

async fn finished_runs(store: &dyn Store, org: OrgId) -> usize {
    store
        .sync_runs(
            org,
            &RunFilter {
                status: Some("succeeded".into()),
                limit: 50,
                ..RunFilter::default()
            },
        )
        .await
        .expect("runs")
        .len()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_organization_does_not_hold_up_another() {
    let sim = Simulator::demo(SeedOptions {
        seed: 4,
        invoices: 600,
        months: 6,
        today: Utc::now().date_naive(),
    });
    let slow_token = demo_token("fjordline");
    sim.with_org(&slow_token, |org| {
        org.faults = Faults {
            delay_ms: 2_000,
            ..Faults::default()
        }
    })
    .expect("org");
    let (addr, _task) = sim
        .clone()
        .spawn("127.0.0.1:0".parse().expect("addr"))
        .await
        .expect("simulator");
    let base_url = format!("http://{addr}/v2");

    let db = support::sqlite().await;
    let store = db.store.clone();
    let key = SecretKey::generate();
    let slow = connected_org(&*store, &key, "slow", &base_url, &slow_token).await;
    let quick = connected_org(&*store, &key, "quick", &base_url, &demo_token("nordlys")).await;

    let (stop, shutdown) = watch::channel(false);
    let (sync, task) = spawn(
        store.clone(),
        Some(key),
        SchedulerConfig {
            scheduled: false,
            // The simulated Billy listens on this machine.
            client: ledgerlight::sync::billy::ClientOptions {
                addresses: ledgerlight::sync::billy::AddressPolicy::allowing_private(),
                ..Default::default()
            },
            ..SchedulerConfig::default()
        },
        shutdown,
    );
    assert_eq!(sync.request(slow), SyncRequest::Started);
    assert_eq!(sync.request(quick), SyncRequest::Started);

    let deadline = Instant::now() + Duration::from_secs(30);
    while finished_runs(&*store, quick).await < 6 {
        assert!(
            Instant::now() < deadline,
            "the quick organization never finished"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Every request to the slow one takes 2 s: it is still at its first resources.
    assert!(
        sync.is_running(slow),
        "the slow organization is still syncing"
    );
    assert!(finished_runs(&*store, slow).await < 6);
    assert_eq!(
        sync.request(slow),
        SyncRequest::AlreadyRunning,
        "no second sync of the same organization"
    );

    stop.send_replace(true);
    tokio::time::timeout(Duration::from_secs(5), task)
        .await
        .expect("the scheduler stops on shutdown")
        .expect("no panic");
    db.finish().await;
}
