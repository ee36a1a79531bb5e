//! Overview benchmark: seeds demo data of a chosen size into a fresh SQLite database
//! (and PostgreSQL when reachable), then times the Overview's server-side work per
//! period preset. Prints figures; asserts nothing.
//!
//!   cargo bench --features ssr --bench overview -- [--invoices N] [--rounds R]

use std::time::{Duration, Instant};

use ledgerlight::api::invoices::ssr::invoice_table;
use ledgerlight::api::overview::ssr::overview_for_day;
use ledgerlight::api::revenue::ssr::revenue_for_day;
use ledgerlight::domain::invoices::{InvoiceParams, InvoiceQuery, TableKind};
use ledgerlight::domain::period::Baseline;
use ledgerlight::domain::revenue::RevenueParams;
use ledgerlight::domain::PeriodKey;
use ledgerlight::server::{demo_today, Config, ServerCtx};
use ledgerlight::store::{self, OrgId};
use ledgerlight::sync::seed::{seed_demo, SeedOptions};

fn arg(name: &str, default: usize) -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

/// Prints one line of p50/p95/max for a set of timings.
fn print_timings(what: &str, name: &str, mut times: Vec<Duration>) {
    times.sort();
    println!(
        "{what} {name:<15} p50 {:>7.2} ms  p95 {:>7.2} ms  max {:>7.2} ms  ({} rounds)",
        percentile(&times, 0.5).as_secs_f64() * 1000.0,
        percentile(&times, 0.95).as_secs_f64() * 1000.0,
        percentile(&times, 1.0).as_secs_f64() * 1000.0,
        times.len(),
    );
}

async fn bench_engine(label: &str, url: &str, invoices: usize, rounds: usize) {
    let store = store::open(url).await.expect("open store");
    let today = demo_today();
    let started = Instant::now();
    let report = seed_demo(
        &*store,
        SeedOptions {
            invoices,
            ..SeedOptions::standard(today)
        },
    )
    .await
    .expect("seed");
    let seeding = started.elapsed();
    println!(
        "{label}: seeded {} invoices + {} payments + {} bills in {:.1} s ({:.0} invoices/s)",
        report.invoices,
        report.payments,
        report.bills,
        seeding.as_secs_f64(),
        report.invoices as f64 / seeding.as_secs_f64()
    );
    let config = Config::from_lookup(|_| None).expect("config");
    let ctx = ServerCtx::new(store, config);
    let org = ctx
        .store
        .list_organizations()
        .await
        .expect("orgs")
        .into_iter()
        .next()
        .expect("an org");
    for preset in PeriodKey::OVERVIEW {
        let mut times = Vec::with_capacity(rounds);
        for _ in 0..rounds {
            let t = Instant::now();
            overview_for_day(&ctx, &org, preset, Baseline::SameDays, today)
                .await
                .expect("overview");
            times.push(t.elapsed());
        }
        print_timings(&format!("{label}: overview"), preset.key(), times);
    }
    // The Revenue page's server-side work: its longest usual views.
    for (name, period, by) in [
        ("this_month/day", "this_month", "day"),
        ("last_12m/week", "last_12_months", "week"),
        ("last_year/month", "last_year", "month"),
    ] {
        let params = RevenueParams {
            period: Some(period.to_string()),
            by: Some(by.to_string()),
            ..RevenueParams::default()
        };
        let mut times = Vec::with_capacity(rounds);
        for _ in 0..rounds {
            let t = Instant::now();
            revenue_for_day(&ctx, &org, &params, today)
                .await
                .expect("revenue");
            times.push(t.elapsed());
        }
        print_timings(&format!("{label}: revenue "), name, times);
    }
    // The Invoices table: the first page, a deep page, a sort on a joined column, a
    // search (a scan by nature), and the heaviest filter combination.
    for (name, query) in [
        ("first page", ""),
        ("page 200", "page=200"),
        ("by customer", "sort=customer&dir=asc"),
        ("search", "q=kaffe"),
        ("overdue+amount", "status=overdue&min=1000&sort=amount"),
    ] {
        let mut params = InvoiceParams::default();
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').expect("pair");
            let value = Some(value.to_string());
            match key {
                "page" => params.page = value,
                "sort" => params.sort = value,
                "dir" => params.dir = value,
                "q" => params.q = value,
                "status" => params.status = value,
                "min" => params.min = value,
                _ => unreachable!(),
            }
        }
        let mut times = Vec::with_capacity(rounds);
        for _ in 0..rounds {
            let t = Instant::now();
            invoice_table(&ctx, &org, &params, today)
                .await
                .expect("invoices");
            times.push(t.elapsed());
        }
        print_timings(&format!("{label}: invoices"), name, times);
    }
    export_memory(label, &ctx, &org, today).await;
}

/// Resident memory right now and at its peak, in KiB (Linux `/proc`; 0 elsewhere).
fn memory_kib() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// Streams every invoice through the CSV export's path (store batches into a channel
/// of one, each turned into CSV bytes and dropped, as the response body does) and
/// prints how far resident memory grew while doing so.
async fn export_memory(
    label: &str,
    ctx: &ServerCtx,
    org: &ledgerlight::store::Organization,
    today: chrono::NaiveDate,
) {
    use futures::StreamExt;
    let (before, _) = memory_kib();
    let started = Instant::now();
    let (sender, receiver) = futures::channel::mpsc::channel(1);
    let query = InvoiceQuery::default();
    let store = ctx.store.clone();
    let org_id = OrgId(org.id);
    let producer = tokio::spawn(async move {
        store
            .export_documents(org_id, TableKind::Invoices, &query, today, sender)
            .await
    });
    let mut bytes = 0usize;
    let mut peak = before;
    let mut receiver = receiver;
    while let Some(batch) = receiver.next().await {
        let rows = batch.expect("batch");
        let csv = ledgerlight::api::downloads::invoices::rows_bytes(
            ledgerlight::domain::invoices::TableKind::Invoices,
            &rows,
            ledgerlight::domain::Lang::Da,
            today,
        )
        .expect("csv");
        bytes += csv.len();
        peak = peak.max(memory_kib().0);
    }
    let rows = producer.await.expect("task").expect("export");
    println!(
        "{label}: export   {rows} rows, {:.1} MB of CSV in {:.2} s; resident memory {:.1} MB before, \
         peak {:.1} MB during (+{:.1} MB)",
        bytes as f64 / 1e6,
        started.elapsed().as_secs_f64(),
        before as f64 / 1024.0,
        peak as f64 / 1024.0,
        peak.saturating_sub(before) as f64 / 1024.0,
    );
}

fn main() {
    let invoices = arg("--invoices", 8_000);
    let rounds = arg("--rounds", 30);
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}/bench.db", dir.path().display());
        bench_engine("sqlite", &url, invoices, rounds).await;

        let admin = std::env::var("TEST_POSTGRES_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_string());
        use sqlx::Connection;
        match sqlx::PgConnection::connect(&admin).await {
            Ok(mut conn) => {
                let name = format!("ll_bench_{}", std::process::id());
                sqlx::query(&format!("CREATE DATABASE \"{name}\""))
                    .execute(&mut conn)
                    .await
                    .expect("create bench database");
                let url = format!(
                    "{}/{name}",
                    &admin[..admin.rfind('/').unwrap_or(admin.len())]
                );
                bench_engine("postgres", &url, invoices, rounds).await;
                let _ = sqlx::query(&format!("DROP DATABASE \"{name}\" WITH (FORCE)"))
                    .execute(&mut conn)
                    .await;
            }
            Err(err) => println!("postgres: SKIPPED ({admin} does not answer: {err})"),
        }
    });
}
