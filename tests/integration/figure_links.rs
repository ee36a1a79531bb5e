//! Every figure that sums invoices links to the invoice table filtered to exactly
//! those invoices: for each such link on the Overview and the Revenue page, the linked
//! table's totals equal the figure.

use crate::support;

use ledgerlight::api::invoices::ssr::invoice_table;
use ledgerlight::api::overview::ssr::overview_for_day;
use ledgerlight::api::revenue::ssr::revenue_for_day;
use ledgerlight::domain::invoices::{InvoiceParams, InvoiceTotals};
use ledgerlight::domain::period::Baseline;
use ledgerlight::domain::revenue::RevenueParams;
use ledgerlight::domain::{KpiKey, PeriodKey};
use ledgerlight::store::Organization;
use support::app::{fjordline, spawn_app, TestApp, OWNER};

/// The totals of the invoice table a link of ours opens.
async fn linked_totals(app: &TestApp, org: &Organization, href: &str) -> InvoiceTotals {
    let query = href.split_once('?').map_or("", |(_, q)| q);
    let pairs: Vec<(&str, &str)> = query.split('&').filter_map(|p| p.split_once('=')).collect();
    let params = InvoiceParams::from_lookup(|key| {
        pairs
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.to_string())
    });
    let today = ledgerlight::server::caller::org_today(org);
    let table = invoice_table(&app.ctx, org, &params, today)
        .await
        .expect("table");
    assert!(table.problems.is_empty(), "{href}: {:?}", table.problems);
    table.totals
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn overview_figures_link_to_the_invoices_they_sum() {
    let app = spawn_app().await;
    let cookie = app.sign_in(OWNER).await;
    let org = fjordline(&app).await;
    let today = ledgerlight::server::caller::org_today(&org);
    for period in [
        PeriodKey::Today,
        PeriodKey::ThisWeek,
        PeriodKey::ThisMonth,
        PeriodKey::LastMonth,
        PeriodKey::Last12Months,
    ] {
        let data = overview_for_day(&app.ctx, &org, period, Baseline::SameDays, today)
            .await
            .expect("overview");
        let (_, _, body) = app
            .page(&format!("/?period={}", period.key()), Some(&cookie))
            .await;
        let mut linked = 0;
        for kpi in &data.kpis {
            let Some(href) = kpi.key.invoices_link(data.comparison.current, today) else {
                continue;
            };
            assert!(
                body.contains(&format!("href=\"{}\"", href.replace('&', "&amp;"))),
                "{period:?}: the {:?} card links to {href}",
                kpi.key
            );
            let totals = linked_totals(&app, &org, &href).await;
            let expected = match kpi.key {
                KpiKey::Revenue => totals.approved_net_base_minor,
                KpiKey::InvoiceCount => totals.count,
                KpiKey::Outstanding => totals.outstanding_base_minor,
                KpiKey::Overdue => totals.overdue_base_minor,
                other => panic!("{other:?} has no invoice link"),
            };
            assert_eq!(
                kpi.current.raw(),
                expected,
                "{period:?}: {:?} via {href}",
                kpi.key
            );
            linked += 1;
        }
        assert!(linked >= 2, "{period:?}: revenue and the count always link");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn revenue_rows_link_to_the_invoices_they_sum() {
    let app = spawn_app().await;
    let cookie = app.sign_in(OWNER).await;
    let org = fjordline(&app).await;
    let today = ledgerlight::server::caller::org_today(&org);
    for query in [
        "period=last_12_months&by=month&vat=excl",
        "period=this_month&by=day&vat=incl",
        "period=last_quarter&by=week&vat=excl",
    ] {
        let data = revenue_for_day(
            &app.ctx,
            &org,
            &RevenueParams::from_query_string(query),
            today,
        )
        .await
        .expect("revenue");
        let (_, _, body) = app.page(&format!("/revenue?{query}"), Some(&cookie)).await;
        let links = body.matches("data-testid=\"bucket-link\"").count();
        let started = data
            .buckets
            .iter()
            .filter(|b| b.range.start <= today)
            .count();
        assert_eq!(links, started, "{query}: every row up to today links");
        for bucket in data.buckets.iter().filter(|b| b.range.start <= today) {
            let href = ledgerlight::domain::invoices::approved_link(bucket.range, None, today)
                .expect("a started row has a link");
            assert!(
                body.contains(&href.replace('&', "&amp;")),
                "{query}: {href}"
            );
            let totals = linked_totals(&app, &org, &href).await;
            let shown = if query.contains("vat=incl") {
                totals.approved_base_minor
            } else {
                totals.approved_net_base_minor
            };
            assert_eq!(bucket.amount_minor, shown, "{query}: {href}");
        }
    }
}
