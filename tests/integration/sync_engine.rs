//! The sync engine against the Billy simulator, on both engines: a full sync mirrors
//! Billy exactly, a repeated sync writes nothing, changes upstream arrive, a full
//! reconcile finds what incremental passes cannot, errors are recorded, and a sync cut
//! off in the middle resumes and completes.

use crate::support;

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use ledgerlight::domain::money::to_base_minor;
use ledgerlight::domain::DateRange;
use ledgerlight::store::{DocumentState, OrgId, RunFilter, Store};
use ledgerlight::sync::billy::client::ClientOptions;
use ledgerlight::sync::billy::convert;
use ledgerlight::sync::billy::retry::RetryPolicy;
use ledgerlight::sync::billy::{BillyClient, BillyError, Resource};
use ledgerlight::sync::engine::{
    sync_org, sync_resources, SyncError, SyncOptions, SyncReport, Trigger,
};
use ledgerlight::sync::seed::SeedOptions;
use ledgerlight::sync::simulator::{demo_token, Advance, Faults, Simulator, Totals};

struct Setup {
    sim: Simulator,
    token: String,
    client: BillyClient,
    org: OrgId,
}

async fn setup(store: &Arc<dyn Store>, slug: &str) -> Setup {
    let sim = Simulator::demo(SeedOptions {
        seed: 9,
        invoices: 500,
        months: 8,
        today: Utc::now().date_naive(),
    });
    let (addr, _task) = sim
        .clone()
        .spawn("127.0.0.1:0".parse().expect("addr"))
        .await
        .expect("simulator");
    let token = demo_token("fjordline");
    let client = BillyClient::new(
        &format!("http://{addr}/v2"),
        &token,
        ClientOptions {
            retry: RetryPolicy {
                base_delay: Duration::from_millis(10),
                ..RetryPolicy::default()
            },
            addresses: ledgerlight::sync::billy::AddressPolicy::allowing_private(),
            ..ClientOptions::default()
        },
    )
    .expect("client");
    let org = OrgId(
        store
            .create_organization(&support::new_org(slug))
            .await
            .expect("org")
            .id,
    );
    // Business: these tests sync far more than the Free plan's monthly allowance.
    if !slug.starts_with("free") {
        support::put_on_plan(&**store, org, "business").await;
    }
    Setup {
        sim,
        token,
        client,
        org,
    }
}

fn options() -> SyncOptions {
    SyncOptions {
        page_size: 120,
        ..SyncOptions::default()
    }
}

impl Setup {
    /// A whole sync of the organization.
    async fn sync(&self, store: &dyn Store, trigger: Trigger) -> Result<SyncReport, SyncError> {
        sync_org(store, &self.client, self.org, trigger, &options()).await
    }

    /// A manual sync of some resources; `full` forces a full reconcile.
    async fn sync_only(
        &self,
        store: &dyn Store,
        resources: &[Resource],
        full: bool,
    ) -> Result<SyncReport, SyncError> {
        sync_resources(
            store,
            &self.client,
            self.org,
            Trigger::Manual,
            &options(),
            resources,
            full,
        )
        .await
    }

    fn totals(&self) -> Totals {
        self.sim
            .with_org(&self.token, |org| org.totals())
            .expect("org")
    }

    fn advance(&self, step: Advance) {
        self.sim
            .with_org(&self.token, |org| org.advance(step))
            .expect("org");
    }

    fn faults(&self, faults: Faults) {
        self.sim
            .with_org(&self.token, |org| org.faults = faults)
            .expect("org");
    }
}

/// The mirror holds exactly what Billy holds: counts and sums per resource.
async fn assert_mirrors(store: &dyn Store, setup: &Setup) {
    let totals = setup.totals();
    let org = setup.org;
    let local = |resource: &'static str| async move {
        store.local_totals(org, resource).await.expect("totals")
    };
    assert_eq!(
        local("invoices").await,
        (totals.invoices as i64, totals.invoice_gross_minor),
        "invoices: count and gross total"
    );
    assert_eq!(
        local("bank_payments").await,
        (totals.bank_payments as i64, totals.cash_amount_minor),
        "bank payments: count and cash total"
    );
    assert_eq!(
        local("bills").await,
        (totals.bills as i64, totals.bill_gross_minor),
        "bills: count and gross total"
    );
    let counts = store.row_counts(org).await.expect("counts");
    assert_eq!(counts.customers as u64, totals.contacts);
    assert_eq!(counts.products as u64, totals.products);
    assert_eq!(counts.invoice_lines as u64, totals.invoice_lines);
}

async fn a_full_sync_mirrors_billy_and_a_second_writes_nothing(store: Arc<dyn Store>, _url: &str) {
    let setup = setup(&store, "mirror").await;
    let first = setup
        .sync(&*store, Trigger::Manual)
        .await
        .expect("first sync");
    assert_mirrors(&*store, &setup).await;
    for resource in &first.resources {
        if let Some(drift) = resource.drift {
            assert!(drift.matches(), "{}: {drift:?}", resource.resource);
        }
    }
    assert!(first.records_written() > 500);

    // The reconcile is fresh, so this cycle is incremental; either way nothing changed.
    let second = setup
        .sync(&*store, Trigger::Schedule)
        .await
        .expect("second sync");
    assert_eq!(second.records_written(), 0, "{second:?}");
    let forced = setup
        .sync_only(
            &*store,
            &[Resource::Invoices, Resource::Bills, Resource::BankPayments],
            true,
        )
        .await
        .expect("forced full sync");
    assert_eq!(forced.records_written(), 0, "{forced:?}");

    let runs = store
        .sync_runs(
            setup.org,
            &RunFilter {
                resource: Some("invoices".into()),
                limit: 10,
                ..RunFilter::default()
            },
        )
        .await
        .expect("runs");
    assert_eq!(runs.len(), 3);
    assert!(runs.iter().all(|r| r.status == "succeeded"));
    assert_eq!(runs[0].records_added + runs[0].records_changed, 0);
    assert!(runs[2].records_added > 0 && runs[2].pages_fetched >= 3);
    let states = store.sync_states(setup.org).await.expect("states");
    assert_eq!(states.len(), 6);
    assert!(states
        .iter()
        .all(|s| s.status == "idle" && s.last_success_at.is_some()));
}

async fn changes_upstream_arrive_with_the_next_sync(store: Arc<dyn Store>, _url: &str) {
    let setup = setup(&store, "changes").await;
    setup
        .sync(&*store, Trigger::Manual)
        .await
        .expect("first sync");
    let (_, last_event) = store.event_bounds(setup.org).await.expect("bounds");
    setup.advance(Advance {
        invoices: 4,
        payments: 3,
        voids: 1,
        ..Advance::default()
    });
    let report = setup
        .sync(&*store, Trigger::Schedule)
        .await
        .expect("incremental sync");
    assert_mirrors(&*store, &setup).await;
    // 4 new invoices, 3 payments, the 3 invoices they settle and the voided one.
    let expected = 4 + 3 + 3 + 1;
    assert!(report.records_written() >= expected, "{report:?}");

    // The rollups the dashboard reads equal a brute-force sum over Billy's invoices:
    // approved documents, credit notes negative, each converted at its own rate.
    let invoices: Vec<_> = setup
        .sim
        .with_org(&setup.token, |org| org.invoices.clone())
        .expect("org")
        .iter()
        .map(|wire| convert::invoice(wire).expect("valid"))
        .collect();
    let first = invoices
        .iter()
        .map(|i| i.entry_date)
        .min()
        .expect("invoices");
    let last = invoices
        .iter()
        .map(|i| i.entry_date)
        .max()
        .expect("invoices");
    let brute: i64 = invoices
        .iter()
        .filter(|i| i.state == DocumentState::Approved)
        .map(|i| i.kind.sign() * to_base_minor(i.net_minor, i.exchange_rate_micros))
        .sum();
    let totals = store
        .period_totals(setup.org, DateRange::new(first, last))
        .await
        .expect("totals");
    assert_eq!(
        totals.revenue_base_minor, brute,
        "rollups equal their raw rows"
    );
    // The change was announced on the event log, a few events rather than one per record.
    let events = store
        .events_after(setup.org, last_event.unwrap_or(0), 1000)
        .await
        .expect("events");
    let changed: Vec<_> = events.iter().filter(|e| e.kind == "data_changed").collect();
    assert!(!changed.is_empty() && changed.len() <= 6, "{events:?}");
    assert!(events.iter().any(|e| e.kind == "sync_finished"));
}

async fn drift_behind_the_cursor_is_found_and_reconciled(store: Arc<dyn Store>, _url: &str) {
    let setup = setup(&store, "reconcile").await;
    setup
        .sync(&*store, Trigger::Manual)
        .await
        .expect("first sync");

    // An old paid invoice changes behind the incremental passes: only the daily full
    // reconcile reads it again.
    setup.advance(Advance {
        backdated_edits: 1,
        ..Advance::default()
    });
    let incremental = setup
        .sync(&*store, Trigger::Schedule)
        .await
        .expect("incremental sync");
    assert_eq!(
        incremental.records_written(),
        0,
        "the edit is not seen incrementally"
    );
    let reconcile = setup
        .sync_only(&*store, &[Resource::Invoices], true)
        .await
        .expect("full reconcile");
    assert_eq!(
        reconcile.resources[0].written.changed, 1,
        "the backdated edit"
    );
    assert!(reconcile.resources[0]
        .drift
        .expect("drift checked")
        .matches());

    // Old invoices deleted upstream change Billy's count: the next incremental sync sees
    // the difference and reconciles at once.
    setup.advance(Advance {
        deletions: 2,
        ..Advance::default()
    });
    let report = setup
        .sync(&*store, Trigger::Schedule)
        .await
        .expect("incremental sync");
    assert_mirrors(&*store, &setup).await;
    let invoices = report
        .resources
        .iter()
        .find(|r| r.resource == "invoices")
        .expect("invoices");
    assert_eq!(invoices.removed, 2);
    assert!(invoices.full_reconcile);
    let payments = report
        .resources
        .iter()
        .find(|r| r.resource == "bank_payments")
        .expect("payments");
    assert!(
        payments.removed >= 2,
        "their payments went with them: {payments:?}"
    );
}

async fn billy_errors_are_recorded_in_plain_words(store: Arc<dyn Store>, _url: &str) {
    let setup = setup(&store, "errors").await;
    setup.faults(Faults {
        invalid_token: true,
        ..Faults::default()
    });
    let err = setup
        .sync(&*store, Trigger::Manual)
        .await
        .expect_err("refused");
    assert!(
        matches!(err, SyncError::Billy(BillyError::InvalidToken { .. })),
        "{err:?}"
    );
    let states = store.sync_states(setup.org).await.expect("states");
    let organization = states
        .iter()
        .find(|s| s.resource == "organization")
        .expect("state");
    assert_eq!(organization.status, "failed");
    assert_eq!(
        organization.last_error_kind.as_deref(),
        Some("invalid_token")
    );
    assert!(organization
        .last_error_message
        .as_deref()
        .is_some_and(|m| m.contains("access token")));
    let runs = store
        .sync_runs(
            setup.org,
            &RunFilter {
                limit: 10,
                ..RunFilter::default()
            },
        )
        .await
        .expect("runs");
    assert_eq!(runs.len(), 1, "the sync stopped at the first resource");
    assert_eq!(runs[0].status, "failed");
}

async fn a_sync_cut_off_midway_resumes_and_completes(store: Arc<dyn Store>, _url: &str) {
    let setup = setup(&store, "resume").await;
    setup
        .sync_only(&*store, &[Resource::Contacts, Resource::Products], false)
        .await
        .expect("contacts");
    // Two invoice pages get through, then every attempt at the third breaks off.
    setup.faults(Faults {
        after_requests: 2,
        drop_connections: 3,
        ..Faults::default()
    });
    setup
        .sync_only(&*store, &[Resource::Invoices], false)
        .await
        .expect_err("cut off");
    let (stored, _) = store
        .local_totals(setup.org, "invoices")
        .await
        .expect("totals");
    assert_eq!(stored, 240, "the two committed pages are kept");
    let state = store
        .sync_states(setup.org)
        .await
        .expect("states")
        .into_iter()
        .find(|s| s.resource == "invoices")
        .expect("state");
    assert_eq!(state.status, "failed");
    assert_eq!(state.cursor.as_deref(), Some("page:3"));

    setup.faults(Faults::default());
    setup
        .sync(&*store, Trigger::Schedule)
        .await
        .expect("resumed");
    assert_mirrors(&*store, &setup).await;
}

async fn a_plan_limit_stops_the_sync_and_names_the_plan_that_lifts_it(
    store: Arc<dyn Store>,
    _url: &str,
) {
    let setup = setup(&store, "free-plan").await;
    // The first sync starts within the Free plan's 100 synced invoices a month...
    setup
        .sync(&*store, Trigger::Manual)
        .await
        .expect("first sync");
    // ...and uses them up, so the next one is refused before it asks Billy anything.
    let requests = setup.client.stats().requests;
    let err = setup
        .sync(&*store, Trigger::Schedule)
        .await
        .expect_err("over the limit");
    let SyncError::PlanLimit(limit) = &err else {
        panic!("expected a plan limit, got {err:?}");
    };
    assert_eq!(
        limit.upgrade.as_ref().map(|(plan, _)| plan.as_str()),
        Some("Pro")
    );
    assert!(err.to_string().contains("Pro plan"), "{err}");
    assert_eq!(
        setup.client.stats().requests,
        requests,
        "Billy was not asked"
    );
    let failed = store
        .sync_states(setup.org)
        .await
        .expect("states")
        .into_iter()
        .find(|s| s.status == "failed")
        .expect("a failed resource");
    assert_eq!(failed.last_error_kind.as_deref(), Some("plan_limit"));
}

on_both_engines!(
    a_full_sync_mirrors_billy_and_a_second_writes_nothing,
    changes_upstream_arrive_with_the_next_sync,
    drift_behind_the_cursor_is_found_and_reconciled,
    billy_errors_are_recorded_in_plain_words,
    a_sync_cut_off_midway_resumes_and_completes,
    a_plan_limit_stops_the_sync_and_names_the_plan_that_lifts_it,
);
