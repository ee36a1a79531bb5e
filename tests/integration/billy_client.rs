//! The Billy client against the Billy simulator over real HTTP: paging, conversion of
//! every record, and each injected fault met the way the sync needs (retried at most
//! three times with Retry-After honoured, or reported at once).

use std::time::{Duration, Instant};

use chrono::Utc;
use ledgerlight::sync::billy::client::{decode, ClientOptions};
use ledgerlight::sync::billy::retry::RetryPolicy;
use ledgerlight::sync::billy::wire::{WireBankPayment, WireInvoice};
use ledgerlight::sync::billy::{convert, BillyClient, BillyError, Resource};
use ledgerlight::sync::seed::SeedOptions;
use ledgerlight::sync::simulator::{demo_token, Advance, Faults, Simulator};

struct Sim {
    sim: Simulator,
    base_url: String,
    token: String,
}

async fn simulator() -> Sim {
    let options = SeedOptions {
        seed: 5,
        invoices: 600,
        months: 6,
        today: Utc::now().date_naive(),
    };
    let sim = Simulator::demo(options);
    let (addr, _task) = sim
        .clone()
        .spawn("127.0.0.1:0".parse().expect("addr"))
        .await
        .expect("simulator listens");
    Sim {
        sim,
        base_url: format!("http://{addr}/v2"),
        token: demo_token("fjordline"),
    }
}

/// Retries quickly: these tests check counts and Retry-After, not the 5 s default.
fn fast_options() -> ClientOptions {
    ClientOptions {
        retry: RetryPolicy {
            base_delay: Duration::from_millis(20),
            ..RetryPolicy::default()
        },
        request_timeout: Duration::from_millis(800),
        connect_timeout: Duration::from_secs(2),
        // The simulator listens on this machine.
        addresses: ledgerlight::sync::billy::AddressPolicy::allowing_private(),
    }
}

impl Sim {
    fn client(&self) -> BillyClient {
        BillyClient::new(&self.base_url, &self.token, fast_options()).expect("client")
    }

    fn faults(&self, faults: Faults) {
        self.sim
            .with_org(&self.token, |org| org.faults = faults)
            .expect("org exists");
    }
}

#[tokio::test]
async fn every_page_of_every_resource_arrives_and_converts() {
    let sim = simulator().await;
    let client = sim.client();
    let organization = client.organization().await.expect("organization");
    assert_eq!(organization.name, "Fjordline Consulting ApS");
    let totals = sim
        .sim
        .with_org(&sim.token, |org| org.totals())
        .expect("org");

    let mut invoices = Vec::new();
    let mut page = 1;
    loop {
        let answer = client
            .list(
                Resource::Invoices,
                &[("include", "invoice.lines:embed".to_string())],
                page,
                150,
            )
            .await
            .expect("page");
        assert_eq!(answer.paging.total, totals.invoices);
        for record in &answer.records {
            let wire: WireInvoice = decode(record).expect("decodes");
            invoices.push(convert::invoice(&wire).expect("valid invoice"));
        }
        if !answer.has_next() {
            break;
        }
        page += 1;
    }
    assert_eq!(invoices.len() as u64, totals.invoices);
    assert!(page >= 3, "150 a page over ~400 invoices is several pages");
    let gross: i64 = invoices.iter().map(|i| i.gross_minor).sum();
    assert_eq!(gross, totals.invoice_gross_minor);
    let lines: usize = invoices.iter().map(|i| i.lines.len()).sum();
    assert_eq!(lines as u64, totals.invoice_lines);

    // Filters the incremental sync relies on: open invoices only, payments newest first.
    let open = client
        .list(
            Resource::Invoices,
            &[("state", "approved".into()), ("isPaid", "false".into())],
            1,
            1000,
        )
        .await
        .expect("open invoices");
    assert!(open.records.iter().all(|r| {
        let wire: WireInvoice = decode(r).expect("decodes");
        wire.state == "approved" && !wire.is_paid && wire.lines.is_none()
    }));
    let payments = client
        .list(
            Resource::BankPayments,
            &[
                ("sortProperty", "entryDate".into()),
                ("sortDirection", "DESC".into()),
            ],
            1,
            50,
        )
        .await
        .expect("payments");
    let dates: Vec<String> = payments
        .records
        .iter()
        .map(|r| {
            decode::<WireBankPayment>(r)
                .expect("decodes")
                .entry_date
                .unwrap_or_default()
        })
        .collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted, "newest first");
}

#[tokio::test]
async fn a_deleted_record_is_none_and_a_present_one_is_found() {
    let sim = simulator().await;
    let client = sim.client();
    let done = sim
        .sim
        .with_org(&sim.token, |org| {
            org.advance(Advance {
                invoices: 1,
                deletions: 1,
                ..Advance::default()
            })
        })
        .expect("org");
    let created = client
        .get(Resource::Invoices, &done.created[0], &[])
        .await
        .expect("answer");
    assert!(created.is_some());
    let deleted = client
        .get(Resource::Invoices, &done.deleted[0], &[])
        .await
        .expect("answer");
    assert_eq!(deleted, None);
}

#[tokio::test]
async fn rate_limits_are_retried_after_the_time_billy_asks_for() {
    let sim = simulator().await;
    let client = sim.client();
    sim.faults(Faults {
        rate_limit: 2,
        retry_after_seconds: 1,
        ..Faults::default()
    });
    let started = Instant::now();
    client.organization().await.expect("third attempt succeeds");
    assert!(
        started.elapsed() >= Duration::from_secs(2),
        "waited Retry-After twice, took {:?}",
        started.elapsed()
    );
    let stats = client.stats();
    assert_eq!(
        (stats.requests, stats.retries, stats.rate_limited),
        (3, 2, 2)
    );

    // A fourth 429 in a row is one too many: three attempts, then the error.
    sim.faults(Faults {
        rate_limit: 5,
        ..Faults::default()
    });
    let before = client.stats();
    let err = client.organization().await.expect_err("gives up");
    assert!(matches!(err, BillyError::RateLimited { .. }), "{err:?}");
    assert_eq!(client.stats().since(before).requests, 3);
}

#[tokio::test]
async fn server_errors_and_dropped_connections_are_retried() {
    let sim = simulator().await;
    let client = sim.client();
    sim.faults(Faults {
        server_errors: 1,
        error_status: 500,
        drop_connections: 1,
        ..Faults::default()
    });
    let page = client
        .list(Resource::Contacts, &[], 1, 1000)
        .await
        .expect("third attempt gets the page");
    assert!(!page.records.is_empty());
    assert_eq!(client.stats().retries, 2);

    sim.faults(Faults {
        server_errors: 3,
        ..Faults::default()
    });
    let err = client
        .list(Resource::Contacts, &[], 1, 1000)
        .await
        .expect_err("503 three times");
    assert_eq!(err.kind(), "upstream_down");
}

#[tokio::test]
async fn a_bad_token_and_a_locked_organization_are_reported_at_once() {
    let sim = simulator().await;
    let wrong = BillyClient::new(&sim.base_url, "not-a-token", fast_options()).expect("client");
    let err = wrong.organization().await.expect_err("refused");
    assert!(matches!(err, BillyError::InvalidToken { .. }), "{err:?}");
    assert_eq!(wrong.stats().requests, 1, "never retried");
    assert!(err.plain_words().contains("access token"));

    let client = sim.client();
    sim.faults(Faults {
        locked: true,
        ..Faults::default()
    });
    let err = client
        .list(Resource::Invoices, &[], 1, 10)
        .await
        .expect_err("locked");
    assert_eq!(err.kind(), "organization_locked");
    assert_eq!(client.stats().requests, 1, "never retried");
}

#[tokio::test]
async fn a_slow_billy_times_out_after_three_attempts() {
    let sim = simulator().await;
    let client = sim.client();
    sim.faults(Faults {
        delay_ms: 1_500,
        ..Faults::default()
    });
    let err = client.organization().await.expect_err("too slow");
    assert_eq!(err, BillyError::Timeout);
    assert_eq!(client.stats().requests, 3);
}
