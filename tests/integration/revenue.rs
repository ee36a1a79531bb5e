//! Revenue page figures: for random histories (credit notes, foreign currency,
//! rewritten and voided documents), every bucket, total, comparison, to-date figure and
//! currency total read through the rollup equals a brute-force sum over the raw
//! invoices, on both engines. Plus the page over HTTP: buckets, VAT, bad input.

use crate::support;

use std::sync::Arc;

use chrono::Duration;
use ledgerlight::domain::money::to_base_minor;
use ledgerlight::domain::revenue::*;
use ledgerlight::domain::DateRange;
use ledgerlight::store::*;
use rand::prelude::*;
use rand_chacha::ChaCha8Rng;
use support::app::{fjordline, spawn_app, OWNER};
use support::csv_file::{amount, download};
use support::history::{approved, start, write_random_history, Model};

const CASES: u64 = 4;

/// Revenue over `range` straight from the invoices: approved documents by entry date,
/// credit notes negative, each converted at its own rate.
fn brute_revenue(
    model: &Model,
    range: DateRange,
    vat: VatMode,
    currency: Option<&str>,
) -> (i64, i64) {
    let mut base = 0;
    let mut native = 0;
    for invoice in model.invoices.values() {
        if !approved(invoice) || !range.contains(invoice.entry_date) {
            continue;
        }
        if currency.is_some_and(|c| c != invoice.currency) {
            continue;
        }
        let amount = match vat {
            VatMode::Excluded => invoice.net_minor,
            VatMode::Included => invoice.gross_minor,
        };
        let sign = invoice.kind.sign();
        base += sign * to_base_minor(amount, invoice.exchange_rate_micros);
        native += sign * amount;
    }
    (base, native)
}

async fn revenue_equals_brute_force(store: Arc<dyn Store>, _url: &str) {
    for case in 0..CASES {
        let mut rng = ChaCha8Rng::seed_from_u64(100 + case);
        let org = store
            .create_organization(&support::new_org(&format!("revenue-{case}")))
            .await
            .expect("org");
        let org = OrgId(org.id);
        let model = write_random_history(&*store, org, &mut rng).await;

        for _ in 0..12 {
            let today = start() + Duration::days(rng.gen_range(0..150));
            let params = RevenueParams {
                period: Some(
                    PeriodKey::ALL[rng.gen_range(0..PeriodKey::ALL.len())]
                        .key()
                        .into(),
                ),
                by: Some(Granularity::ALL[rng.gen_range(0..4)].key().into()),
                vat: Some(if rng.gen_bool(0.5) { "incl" } else { "excl" }.into()),
                compare: Some(
                    if rng.gen_bool(0.5) {
                        "previous"
                    } else {
                        "last_year"
                    }
                    .into(),
                ),
                ..Default::default()
            };
            let (query, _) = RevenueQuery::resolve(&params, today, 6);
            let whole = span(&[query.range, query.previous_range(), query.last_year_range()])
                .expect("span");
            let days = store.revenue_days(org, whole).await.expect("days");
            let vat = query.vat;
            let context = format!("case {case}, {params:?} on {today}");

            // Every bucket and its comparison bucket.
            let comparison_buckets = query.by.buckets(query.comparison_range());
            for (i, bucket) in bucketize(&query, &days).iter().enumerate() {
                assert_eq!(
                    bucket.amount_minor,
                    brute_revenue(&model, bucket.range, vat, None).0,
                    "{context}: bucket {i}"
                );
                let expected = comparison_buckets
                    .get(i)
                    .map(|r| brute_revenue(&model, *r, vat, None).0)
                    .unwrap_or(0);
                assert_eq!(
                    bucket.comparison_minor, expected,
                    "{context}: comparison bucket {i}"
                );
            }
            // Totals and comparisons.
            for range in [query.range, query.previous_range(), query.last_year_range()] {
                assert_eq!(
                    sum_days(&days, range, vat),
                    brute_revenue(&model, range, vat, None).0,
                    "{context}: {range:?}"
                );
            }
            // Like-for-like to date.
            if let Some((current, previous)) =
                to_date_ranges(query.range, query.previous_range(), today)
            {
                assert_eq!(current.end, today);
                assert_eq!(
                    previous.days(),
                    current.days().min(query.previous_range().days())
                );
                assert_eq!(
                    sum_days(&days, current, vat),
                    brute_revenue(&model, current, vat, None).0,
                    "{context}: to date"
                );
                assert_eq!(
                    sum_days(&days, previous, vat),
                    brute_revenue(&model, previous, vat, None).0,
                    "{context}: previous to date"
                );
            }
            // Per currency, native and converted.
            let totals = currency_totals(&days, query.range, vat);
            for total in &totals {
                let (base, native) = brute_revenue(&model, query.range, vat, Some(&total.currency));
                assert_eq!(
                    (total.base_minor, total.native_minor),
                    (base, native),
                    "{context}: {}",
                    total.currency
                );
            }
            let converted: i64 = totals.iter().map(|t| t.base_minor).sum();
            assert_eq!(
                converted,
                brute_revenue(&model, query.range, vat, None).0,
                "{context}: currencies add up"
            );
        }
    }
}

on_both_engines!(revenue_equals_brute_force);

/// GET with an optional cookie; returns status and body.
async fn page(app: &support::app::TestApp, path: &str, cookie: &str) -> (u16, String) {
    let (status, _, body) = app.page(path, Some(cookie)).await;
    (status, body)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_revenue_page_shows_the_figures_for_the_url() {
    let app = spawn_app().await;
    let cookie = app.sign_in(OWNER).await;
    let org = fjordline(&app).await;
    let today = ledgerlight::server::caller::org_today(&org);

    let params = RevenueParams {
        period: Some("last_12_months".into()),
        by: Some("month".into()),
        vat: Some("incl".into()),
        ..Default::default()
    };
    let expected = ledgerlight::api::revenue::ssr::revenue_for_day(&app.ctx, &org, &params, today)
        .await
        .expect("revenue");
    assert!(expected.totals.current_minor > 0, "the demo has revenue");
    assert_eq!(expected.buckets.len(), 12);
    let (status, body) = page(
        &app,
        "/revenue?period=last_12_months&by=month&vat=incl",
        &cookie,
    )
    .await;
    assert_eq!(status, 200);
    let total = ledgerlight::domain::format::money(
        expected.totals.current_minor,
        "DKK",
        ledgerlight::domain::Lang::En,
    );
    assert!(body.contains(&total), "total {total} shown");
    assert_eq!(
        body.matches("<th scope=\"row\"").count(),
        12 + expected.by_currency.len()
    );
    assert!(
        body.contains("aria-current=\"page\"")
            && body.contains("data-testid=\"period-last_12_months\"")
    );

    // The download link asks for exactly what is shown, in the page's language.
    let link = format!(
        "href=\"/export/revenue.csv?{}&amp;lang=en\"",
        expected.query.to_query_string().replace('&', "&amp;")
    );
    assert!(body.contains(&link), "CSV link {link}");

    // Excluding VAT is less than including it for a Danish business.
    let excl = RevenueParams {
        vat: Some("excl".into()),
        ..params.clone()
    };
    let excluded = ledgerlight::api::revenue::ssr::revenue_for_day(&app.ctx, &org, &excl, today)
        .await
        .expect("revenue");
    assert!(excluded.totals.current_minor < expected.totals.current_minor);

    // Stepping back one period is a link to the previous twelve months.
    let previous = expected.query.stepped(-1);
    assert!(body.contains(&format!(
        "href=\"/revenue?{}\"",
        previous.to_query_string().replace('&', "&amp;")
    )));

    // Bad values are named and the page still shows figures (this month by day).
    let (status, body) = page(
        &app,
        "/revenue?period=nonsense&by=hour&from=2026-99-01&to=2026-01-01",
        &cookie,
    )
    .await;
    assert_eq!(status, 200);
    assert!(body.contains("data-testid=\"revenue-problems\""));
    assert!(
        body.contains("is not one we know") || body.contains("is not a date"),
        "problems in words"
    );
    assert!(body.contains("data-testid=\"revenue-total\""));

    // A reversed range is refused with a reason.
    let (_, body) = page(&app, "/revenue?from=2026-05-01&to=2026-04-01", &cookie).await;
    assert!(body.contains("the range ends before it starts"));

    // Signed out: sent to sign in, and back to the same period afterwards.
    let (status, location, _) = app.page("/revenue?period=last_month", None).await;
    assert!(status == 302 || status == 303, "{status}");
    assert_eq!(
        location.as_deref(),
        Some("/sign-in?next=/revenue%3Fperiod%3Dlast_month")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_organization_sees_an_empty_state_not_an_error() {
    let app = spawn_app().await;
    let form = "email=new%40example.com&password=a-long-password-123";
    let (status, set_cookie, body) = app.call("sign_up", form, None).await;
    assert_eq!(status, 200, "{body}");
    let cookie = support::app::cookie_pair(&set_cookie.expect("cookie"));
    let (status, body) = page(&app, "/revenue", &cookie).await;
    assert_eq!(status, 200);
    assert!(
        body.contains("data-testid=\"revenue-empty\""),
        "empty state"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_csv_download_is_exactly_the_table() {
    let app = spawn_app().await;
    let cookie = app.sign_in(OWNER).await;
    let org = fjordline(&app).await;
    let today = ledgerlight::server::caller::org_today(&org);
    let params = RevenueParams {
        period: Some("last_12_months".into()),
        by: Some("week".into()),
        vat: Some("incl".into()),
        compare: Some("previous".into()),
        ..Default::default()
    };
    let expected = ledgerlight::api::revenue::ssr::revenue_for_day(&app.ctx, &org, &params, today)
        .await
        .expect("revenue");
    let query = expected.query.to_query_string();

    for lang in ["da", "en"] {
        let file = download(
            &app,
            &format!("/export/revenue.csv?{query}&lang={lang}"),
            Some(&cookie),
        )
        .await;
        assert_eq!(file.status, 200, "{}", file.body);
        assert_eq!(file.content_type(), "text/csv; charset=utf-8");
        let (header, rows) = file.table(lang);
        assert_eq!(header.len(), 7, "{header:?}");
        assert_eq!(
            rows.len(),
            expected.buckets.len(),
            "{lang}: one row per bucket"
        );
        let parse = |cell: &str| amount(cell, lang);
        let mut total = 0;
        for (row, bucket) in rows.iter().zip(&expected.buckets) {
            assert_eq!(
                &row[1],
                bucket.range.start.format("%Y-%m-%d").to_string().as_str()
            );
            assert_eq!(
                &row[2],
                bucket.range.end.format("%Y-%m-%d").to_string().as_str()
            );
            assert_eq!(parse(&row[3]), bucket.amount_minor, "{lang}: amount");
            assert_eq!(row[4].parse::<i64>().expect("count"), bucket.invoice_count);
            assert_eq!(
                parse(&row[6]),
                bucket.comparison_minor,
                "{lang}: comparison"
            );
            total += parse(&row[3]);
        }
        assert_eq!(
            total, expected.totals.current_minor,
            "{lang}: rows add up to the page's total"
        );
    }

    // A bad value is refused with its reason rather than replaced; signed out gets 401.
    let refused = download(
        &app,
        "/export/revenue.csv?period=someday&lang=en",
        Some(&cookie),
    )
    .await;
    assert_eq!(refused.status, 400);
    assert!(
        refused.body.contains("“someday” is not one we know"),
        "{}",
        refused.body
    );
    let signed_out = download(&app, &format!("/export/revenue.csv?{query}"), None).await;
    assert_eq!(signed_out.status, 401);
}
