//! Customer figures: for random histories (credit notes, foreign currency, partial,
//! moved and voided payments, rewritten documents), revenue per customer, first
//! invoiced months, new against returning customers, and days to pay and past due of
//! the invoices settled in a range equal brute-force passes over the raw records, on
//! both engines.

use crate::support;

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use chrono::{Months, NaiveDate};
use ledgerlight::domain::customers::{new_vs_returning, CustomerRevenue, SettlementSums};
use ledgerlight::domain::invoices::{InvoiceQuery, TableKind};
use ledgerlight::domain::money::to_base_minor;
use ledgerlight::domain::period::{first_of_month, last_of_month};
use ledgerlight::domain::DateRange;
use ledgerlight::store::*;
use rand::prelude::*;
use rand_chacha::ChaCha8Rng;
use support::documents::{approved, brute_settled_on, customer_name, write_history, History};
use support::history::start;

const CASES: u64 = 3;

fn is_invoice(invoice: &InvoiceRecord) -> bool {
    invoice.kind == InvoiceKind::Invoice
}

/// Net revenue and invoice count per customer name over `range`.
fn brute_revenue(history: &History, range: DateRange) -> BTreeMap<String, (i64, i64)> {
    let mut out: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    for invoice in history.invoices.values() {
        if !approved(invoice) || !range.contains(invoice.entry_date) {
            continue;
        }
        let entry = out
            .entry(customer_name(history, invoice).to_string())
            .or_default();
        entry.0 += i64::from(is_invoice(invoice));
        entry.1 +=
            invoice.kind.sign() * to_base_minor(invoice.net_minor, invoice.exchange_rate_micros);
    }
    out
}

/// Each customer's first month with an approved invoice.
fn brute_first_months(history: &History) -> BTreeMap<String, NaiveDate> {
    let mut out: BTreeMap<String, NaiveDate> = BTreeMap::new();
    for invoice in history.invoices.values() {
        if !approved(invoice) || !is_invoice(invoice) {
            continue;
        }
        let month = first_of_month(invoice.entry_date);
        let name = customer_name(history, invoice).to_string();
        let first = out.entry(name).or_insert(month);
        *first = (*first).min(month);
    }
    out
}

/// (settled, Σ days to pay, Σ days past due) per customer for invoices settled in range.
fn brute_settlements(history: &History, range: DateRange) -> BTreeMap<String, (i64, i64, i64)> {
    let mut out: BTreeMap<String, (i64, i64, i64)> = BTreeMap::new();
    for invoice in history.invoices.values() {
        let Some(settled) = brute_settled_on(history, invoice) else {
            continue;
        };
        if !range.contains(settled) {
            continue;
        }
        let entry = out
            .entry(customer_name(history, invoice).to_string())
            .or_default();
        entry.0 += 1;
        entry.1 += (settled - invoice.entry_date).num_days();
        entry.2 += (settled - invoice.due_date).num_days();
    }
    out
}

async fn customer_figures_equal_brute_force(store: Arc<dyn Store>, _url: &str) {
    for case in 0..CASES {
        let mut rng = ChaCha8Rng::seed_from_u64(900 + case);
        let org = store
            .create_organization(&support::new_org(&format!("customers-{case}")))
            .await
            .expect("org");
        let org = OrgId(org.id);
        let history = write_history(&*store, org, &mut rng).await;
        let rows = store
            .document_rows(
                org,
                TableKind::Invoices,
                &InvoiceQuery::default(),
                start(),
                0,
                10_000,
            )
            .await
            .expect("rows");
        let name_of: HashMap<i64, String> = rows
            .iter()
            .map(|r| (r.customer_id, r.customer_name.clone()))
            .collect();

        let firsts = store.customer_first_months(org).await.expect("firsts");
        let got: BTreeMap<String, NaiveDate> = firsts
            .iter()
            .map(|(id, month)| (name_of[id].clone(), *month))
            .collect();
        let brute_firsts = brute_first_months(&history);
        assert_eq!(got, brute_firsts, "case {case}: first months");

        for _ in 0..10 {
            let from = first_of_month(start()) + Months::new(rng.gen_range(0..6));
            let to = last_of_month(from + Months::new(rng.gen_range(0..6)));
            let range = DateRange::new(from, to);
            let context = format!("case {case}: {from}..{to}");

            let revenue: Vec<CustomerRevenue> =
                store.customer_revenue(org, range).await.expect("revenue");
            let got: BTreeMap<String, (i64, i64)> = revenue
                .iter()
                .map(|c| (c.name.clone(), (c.invoice_count, c.net_base_minor)))
                .collect();
            assert_eq!(got, brute_revenue(&history, range), "{context}: revenue");

            let settlements: Vec<SettlementSums> = store
                .settlement_sums(org, range, None)
                .await
                .expect("settlements");
            let got: BTreeMap<String, (i64, i64, i64)> = settlements
                .iter()
                .map(|s| (s.name.clone(), (s.settled, s.days_to_pay, s.days_late)))
                .collect();
            assert_eq!(
                got,
                brute_settlements(&history, range),
                "{context}: settlements"
            );
            // Each customer's days past due, one per settled invoice, sum to the same.
            for sums in &settlements {
                let mut days = store
                    .settlement_days_late(org, range, sums.customer_id)
                    .await
                    .expect("days late");
                days.sort_unstable();
                assert_eq!(days.len() as i64, sums.settled, "{context}: {}", sums.name);
                assert_eq!(
                    days.iter().sum::<i64>(),
                    sums.days_late,
                    "{context}: {}",
                    sums.name
                );
            }

            // New against returning, month by month.
            let months = store
                .customer_months(org, range, None)
                .await
                .expect("months");
            let first: HashMap<i64, NaiveDate> = firsts.iter().copied().collect();
            for month in new_vs_returning(range, &months, &first) {
                let mut buyers: BTreeMap<String, bool> = BTreeMap::new();
                for invoice in history.invoices.values() {
                    if approved(invoice)
                        && is_invoice(invoice)
                        && first_of_month(invoice.entry_date) == month.month
                    {
                        let name = customer_name(&history, invoice).to_string();
                        let is_new = brute_firsts[&name] == month.month;
                        buyers.insert(name, is_new);
                    }
                }
                let new = buyers.values().filter(|n| **n).count() as i64;
                assert_eq!(
                    (month.new_customers, month.returning_customers),
                    (new, buyers.len() as i64 - new),
                    "{context}: {}",
                    month.month
                );
                // New, returning and credit notes to others add up to the month.
                let whole_month = DateRange::new(month.month, last_of_month(month.month));
                let month_revenue: i64 = brute_revenue(&history, whole_month)
                    .values()
                    .map(|(_, net)| net)
                    .sum();
                assert_eq!(
                    month.total_net_base_minor(),
                    month_revenue,
                    "{context}: {} adds up",
                    month.month
                );
            }
        }
    }
}

on_both_engines!(customer_figures_equal_brute_force);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_customer_pages_show_the_figures() {
    use ledgerlight::domain::format::{self, Lang};
    use support::app::{fjordline, spawn_app, OWNER};
    let app = spawn_app().await;
    let cookie = app.sign_in(OWNER).await;
    let org = fjordline(&app).await;
    let today = ledgerlight::server::caller::org_today(&org);
    let insights = ledgerlight::api::customers::ssr::customer_insights(&app.ctx, &org, None, today)
        .await
        .expect("insights");
    assert!(!insights.top.is_empty(), "the demo has customers");
    assert!(insights.dso_days.is_some(), "the demo has sales");
    let (status, _, body) = app.page("/customers", Some(&cookie)).await;
    assert_eq!(status, 200);
    assert_eq!(
        body.matches("data-testid=\"top-customer\"").count(),
        insights.top.len()
    );
    let top = &insights.top[0];
    assert!(body.contains(&format::money_exact(top.net_base_minor, "DKK", Lang::En)));
    assert!(body.contains(&format!("href=\"/customers/{}\"", top.customer_id)));
    let shares: f64 = insights.top.iter().map(|c| c.share).sum();
    assert!(shares <= 1.0 + 1e-9);

    // An unknown period is named; the default is shown.
    let (status, _, body) = app.page("/customers?period=forever", Some(&cookie)).await;
    assert_eq!(status, 200);
    assert!(body.contains("data-testid=\"customers-problem\""));

    // One customer, and one that does not exist (or is another organization's).
    let (status, _, body) = app
        .page(&format!("/customers/{}", top.customer_id), Some(&cookie))
        .await;
    assert_eq!(status, 200);
    assert!(body.contains(&top.name));
    assert!(body.contains("Usually pays") || body.contains("No invoices paid in full"));
    let (status, _, _) = app.page("/customers/999999999", Some(&cookie)).await;
    assert_eq!(status, 404);

    // In Danish.
    let (_, _, body) = app
        .page("/customers", Some(&format!("{cookie}; ll_lang=da")))
        .await;
    assert!(body.contains(">Kunder<!></h1>"));
}
