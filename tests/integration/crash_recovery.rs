//! A server killed with SIGKILL in the middle of a sync loses nothing it committed, and
//! the next server run marks the cut-off run interrupted and completes the sync: the
//! mirror then equals Billy (the simulator) exactly.

use crate::support;

use std::process::Stdio;
use std::time::{Duration, Instant};

use chrono::Utc;
use ledgerlight::crypto::secrets::SecretKey;
use ledgerlight::store::{BillyConnection, OrgId, RunFilter, Store};
use ledgerlight::sync::seed::SeedOptions;
use ledgerlight::sync::simulator::{demo_token, Faults, Simulator};
use tokio::process::{Child, Command};

const KEY: &str = "1f1e1d1c1b1a191817161514131211100f0e0d0c0b0a09080706050403020100";

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn start_server(database_url: &str, log: &std::path::Path) -> Child {
    let log = std::fs::File::create(log).expect("log file");
    Command::new(env!("CARGO_BIN_EXE_ledgerlight"))
        .arg("serve")
        .env("DATABASE_URL", database_url)
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{}", free_port()))
        .env("LEDGERLIGHT_DEMO", "false")
        // The simulated Billy listens on this machine.
        .env("LEDGERLIGHT_BILLY_ALLOW_PRIVATE", "true")
        .env("LEDGERLIGHT_SECRET_KEY", KEY)
        .env("RUST_LOG", "info")
        .stdout(Stdio::null())
        .stderr(log)
        .kill_on_drop(true)
        .spawn()
        .expect("the ledgerlight binary starts")
}

async fn invoice_count(store: &dyn Store, org: OrgId) -> i64 {
    store
        .local_totals(org, "invoices")
        .await
        .map(|(count, _)| count)
        .unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sync_killed_midway_loses_nothing_and_the_next_run_completes() {
    // A slow Billy, so the kill lands in the middle of the invoices.
    let sim = Simulator::demo(SeedOptions {
        seed: 21,
        invoices: 4_000,
        months: 12,
        today: Utc::now().date_naive(),
    });
    let token = demo_token("fjordline");
    sim.with_org(&token, |org| {
        org.faults = Faults {
            delay_ms: 400,
            ..Faults::default()
        }
    })
    .expect("org");
    let (sim_addr, _task) = sim
        .clone()
        .spawn("127.0.0.1:0".parse().expect("addr"))
        .await
        .expect("simulator");
    let totals = sim.with_org(&token, |org| org.totals()).expect("org");

    let db = support::sqlite().await;
    let store = db.store.clone();
    let org = OrgId(
        store
            .create_organization(&support::new_org("crash"))
            .await
            .expect("org")
            .id,
    );
    support::put_on_plan(&*store, org, "business").await;
    let key = SecretKey::parse(KEY).expect("key");
    store
        .set_billy_connection(
            org,
            Some(&BillyConnection {
                base_url: Some(format!("http://{sim_addr}/v2")),
                token: key.seal(org.0, &token).expect("seal"),
            }),
        )
        .await
        .expect("connect");
    let log_dir = tempfile::tempdir().expect("dir");

    // First server: killed as soon as some invoices are in and the run is still going.
    let mut first = start_server(&db.url, &log_dir.path().join("first.log"));
    let deadline = Instant::now() + Duration::from_secs(90);
    let mut at_kill = 0;
    while Instant::now() < deadline {
        at_kill = invoice_count(&*store, org).await;
        if at_kill > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    first.start_kill().expect("SIGKILL");
    first.wait().await.expect("killed");
    assert!(
        at_kill > 0 && (at_kill as u64) < totals.invoices,
        "killed mid-invoices: {at_kill} of {}",
        totals.invoices
    );
    let kept = invoice_count(&*store, org).await;
    assert!(
        kept >= at_kill,
        "nothing committed is lost: {kept} < {at_kill}"
    );
    let running = store
        .sync_runs(
            org,
            &RunFilter {
                status: Some("running".into()),
                limit: 10,
                ..RunFilter::default()
            },
        )
        .await
        .expect("runs");
    assert_eq!(running.len(), 1, "the cut-off run");

    // Second server: recovers the run and completes the sync.
    sim.with_org(&token, |org| org.faults = Faults::default())
        .expect("org");
    let mut second = start_server(&db.url, &log_dir.path().join("second.log"));
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let states = store.sync_states(org).await.expect("states");
        let done = states.len() == 6
            && states
                .iter()
                .all(|s| s.status == "idle" && s.last_success_at.is_some());
        if done {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the second run did not finish: {states:?}\n{}",
            std::fs::read_to_string(log_dir.path().join("second.log")).unwrap_or_default()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    second.start_kill().expect("stop");
    let _ = second.wait().await;

    assert_eq!(
        store.local_totals(org, "invoices").await.expect("totals"),
        (totals.invoices as i64, totals.invoice_gross_minor)
    );
    assert_eq!(
        store
            .local_totals(org, "bank_payments")
            .await
            .expect("totals"),
        (totals.bank_payments as i64, totals.cash_amount_minor)
    );
    let interrupted = store
        .sync_runs(
            org,
            &RunFilter {
                status: Some("failed".into()),
                limit: 10,
                ..RunFilter::default()
            },
        )
        .await
        .expect("runs");
    assert_eq!(interrupted.len(), 1);
    assert!(interrupted[0]
        .error_message
        .as_deref()
        .is_some_and(|m| m.contains("server stopped")));
    db.finish().await;
}
