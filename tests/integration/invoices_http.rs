//! The Invoices page and its CSV over HTTP, as a browser without JavaScript uses them:
//! filters, sorting and pages from the URL, bad values named, the invoice page, the
//! streamed download (every matching row, totals equal to the table's), and refusals.

use crate::support;

use ledgerlight::domain::format::{self, Lang};
use ledgerlight::domain::invoices::*;
use ledgerlight::store::OrgId;
use support::app::{fjordline, spawn_app, TestApp, OWNER};
use support::csv_file::{amount, download};

async fn page(app: &TestApp, path: &str, cookie: &str) -> (u16, String) {
    let (status, _, body) = app.page(path, Some(cookie)).await;
    (status, body)
}

async fn table(app: &TestApp, params: InvoiceParams) -> InvoiceTable {
    let org = fjordline(app).await;
    let today = ledgerlight::server::caller::org_today(&org);
    ledgerlight::api::invoices::ssr::invoice_table(&app.ctx, &org, &params, today)
        .await
        .expect("table")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_invoices_page_filters_sorts_and_pages_from_the_url() {
    let app = spawn_app().await;
    let cookie = app.sign_in(OWNER).await;

    let all = table(&app, InvoiceParams::default()).await;
    assert!(all.totals.count > 25, "the demo has more than a page");
    let (status, body) = page(&app, "/invoices", &cookie).await;
    assert_eq!(status, 200);
    assert_eq!(body.matches("data-testid=\"invoice-row\"").count(), 25);
    assert!(body.contains(&format!("Page 1 of {}", all.last_page)));
    assert!(body.contains(&format::count(all.totals.count, Lang::En)));
    assert!(
        body.contains("aria-sort=\"descending\""),
        "sorted by date, newest first"
    );
    assert!(body.contains(&format::money_exact(
        all.totals.approved_base_minor,
        "DKK",
        Lang::En
    )));

    // Overdue only: every badge says so, and the sum is the overdue total.
    let (_, body) = page(&app, "/invoices?status=overdue&per=100", &cookie).await;
    let overdue = table(
        &app,
        InvoiceParams {
            status: Some("overdue".into()),
            per: Some("100".into()),
            ..Default::default()
        },
    )
    .await;
    assert!(overdue.totals.count > 0, "the demo has overdue invoices");
    let badges = body.matches("data-testid=\"status\"").count();
    assert_eq!(badges as i64, overdue.totals.count.min(100));
    assert_eq!(
        body.matches(">Overdue ").count(),
        badges,
        "only overdue rows"
    );

    // Sorting by amount, ascending: the rows come smallest first.
    let sorted = table(
        &app,
        InvoiceParams {
            sort: Some("amount".into()),
            dir: Some("asc".into()),
            ..Default::default()
        },
    )
    .await;
    let amounts: Vec<i64> = sorted.rows.iter().map(|r| r.gross_base_minor).collect();
    assert!(amounts.windows(2).all(|w| w[0] <= w[1]), "{amounts:?}");
    let (_, body) = page(&app, "/invoices?sort=amount&dir=asc", &cookie).await;
    let first = &sorted.rows[0];
    assert!(body.contains(&format!("href=\"/invoices/{}\"", first.id)));
    // The heading links flip the direction and go back to page 1.
    assert!(body.contains("href=\"/invoices?sort=amount&amp;dir=desc\""));

    // The last page holds the rest; past it, the last page with a note.
    let last = all.last_page;
    let (_, body) = page(&app, &format!("/invoices?page={last}"), &cookie).await;
    let rest = all.totals.count - 25 * i64::from(last - 1);
    assert_eq!(
        body.matches("data-testid=\"invoice-row\"").count() as i64,
        rest
    );
    let (status, body) = page(&app, "/invoices?page=9999", &cookie).await;
    assert_eq!(status, 200);
    assert!(body.contains(&format!(
        "There is no page 9999; showing the last page, {last}."
    )));
    assert_eq!(
        body.matches("data-testid=\"invoice-row\"").count() as i64,
        rest
    );

    // Search by customer, with any case and without the accent.
    let customer = all.rows[0].customer_name.clone();
    let query = customer.to_uppercase().replace(' ', "%20");
    let (status, body) = page(&app, &format!("/invoices?q={query}&per=100"), &cookie).await;
    assert!(
        body.matches("data-testid=\"invoice-row\"").count() > 0,
        "search for {customer} found no rows: status {status}, page text: {}",
        support::visible_text(&body)
    );
    // ...and only what matches: fewer rows than the whole table, each naming them.
    let found = table(
        &app,
        InvoiceParams {
            q: Some(customer.to_uppercase()),
            per: Some("100".into()),
            ..Default::default()
        },
    )
    .await;
    assert!(found.totals.count > 0 && found.totals.count < all.totals.count);
    assert!(
        found.rows.iter().all(|r| r
            .customer_name
            .to_lowercase()
            .contains(&customer.to_lowercase())),
        "every match is {customer}"
    );

    // Bad values are named; the table still shows, unfiltered.
    let (status, body) = page(
        &app,
        "/invoices?status=late&from=2026-02-31&min=1.000&sort=colour",
        &cookie,
    )
    .await;
    assert_eq!(status, 200);
    assert!(body.contains("data-testid=\"invoices-problems\""));
    assert!(body.contains("“late” is not a choice for status."));
    assert!(body.contains("“2026-02-31” is not a date for from"));
    assert!(body.contains("“1.000” is not an amount for min"));
    assert_eq!(body.matches("data-testid=\"invoice-row\"").count(), 25);

    // In Danish.
    let (_, body) = page(&app, "/invoices", &format!("{cookie}; ll_lang=da")).await;
    assert!(body.contains(">Fakturaer<!></h1>"), "a Danish heading");
    assert!(body.contains(&format::money_exact(
        all.totals.approved_base_minor,
        "DKK",
        Lang::Da
    )));

    // Signed out: to sign in, and back to the same filters afterwards.
    let (status, location, _) = app.page("/invoices?status=unpaid", None).await;
    assert!(status == 302 || status == 303, "{status}");
    assert_eq!(
        location.as_deref(),
        Some("/sign-in?next=/invoices%3Fstatus%3Dunpaid")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_invoice_page_shows_lines_payments_and_status() {
    let app = spawn_app().await;
    let cookie = app.sign_in(OWNER).await;
    let paid = table(
        &app,
        InvoiceParams {
            status: Some("paid".into()),
            kind: Some("invoice".into()),
            ..Default::default()
        },
    )
    .await;
    let row = &paid.rows[0];
    let org = fjordline(&app).await;
    let detail = app
        .ctx
        .store
        .invoice_detail(OrgId(org.id), row.id)
        .await
        .expect("detail")
        .expect("found");
    let (status, body) = page(&app, &format!("/invoices/{}", row.id), &cookie).await;
    assert_eq!(status, 200);
    assert!(
        body.contains(&format!("Invoice {}", row.invoice_no)),
        "{}",
        support::visible_text(&body)
    );
    assert!(body.contains(&row.customer_name));
    for line in &detail.lines {
        assert!(
            body.contains(&line.description),
            "line {}",
            line.description
        );
    }
    assert!(body.contains(&format::money_exact(
        row.gross_minor,
        &row.currency,
        Lang::En
    )));

    // Unknown ids, and ids of another organization, are not found.
    let (status, body) = page(&app, "/invoices/999999999", &cookie).await;
    assert_eq!(status, 404, "{body}");
    assert!(body.contains("Invoice 999999999 was not found."), "{body}");
    // The server sends the reason as a code; the page words it in the reader's language.
    let (status, body) = page(
        &app,
        "/invoices/999999999",
        &format!("{cookie}; ll_lang=da"),
    )
    .await;
    assert_eq!(status, 404);
    assert!(
        body.contains("Faktura 999999999 blev ikke fundet."),
        "{body}"
    );
    let (status, _) = page(&app, "/invoices/not-a-number", &cookie).await;
    assert_eq!(status, 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_csv_streams_every_matching_row() {
    let app = spawn_app().await;
    let cookie = app.sign_in(OWNER).await;
    for filter in [
        "",
        "status=unpaid&sort=customer&dir=asc",
        "kind=credit_note",
    ] {
        let mut params = InvoiceParams::default();
        for pair in filter.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').expect("pair");
            let value = Some(value.to_string());
            match key {
                "status" => params.status = value,
                "sort" => params.sort = value,
                "dir" => params.dir = value,
                "kind" => params.kind = value,
                _ => unreachable!(),
            }
        }
        let expected = table(&app, params).await;
        for lang in ["da", "en"] {
            let file = download(
                &app,
                &format!("/export/invoices.csv?{filter}&lang={lang}"),
                Some(&cookie),
            )
            .await;
            assert_eq!(file.status, 200, "{}", file.body);
            assert_eq!(file.content_type(), "text/csv; charset=utf-8");
            assert!(
                file.headers.get("content-length").is_none(),
                "streamed, not buffered"
            );
            let (header, rows) = file.table(lang);
            assert_eq!(header.len(), 12);
            assert_eq!(rows.len() as i64, expected.totals.count, "{filter} {lang}");
            // The approved rows add up to the table's approved total.
            let approved = match lang {
                "da" => "Godkendt",
                _ => "Approved",
            };
            let total: i64 = rows
                .iter()
                .filter(|r| &r[2] == approved)
                .map(|r| amount(&r[9], lang))
                .sum();
            assert_eq!(
                total, expected.totals.approved_base_minor,
                "{filter} {lang}"
            );
            // The first page is the file's first rows, in the same order.
            for (row, shown) in rows.iter().zip(&expected.rows) {
                assert_eq!(row[0].trim_start_matches('\''), shown.invoice_no);
            }
        }
    }

    // Bad filters are refused with the reason; nobody signed in gets a 401.
    let refused = download(
        &app,
        "/export/invoices.csv?status=late&lang=en",
        Some(&cookie),
    )
    .await;
    assert_eq!(refused.status, 400);
    assert!(
        refused.body.contains("“late” is not a choice for status."),
        "{}",
        refused.body
    );
    let signed_out = download(&app, "/export/invoices.csv?lang=en", None).await;
    assert_eq!(signed_out.status, 401);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_receivables_page_ages_what_was_owed_on_any_day() {
    let app = spawn_app().await;
    let cookie = app.sign_in(OWNER).await;
    let org = fjordline(&app).await;
    let today = ledgerlight::server::caller::org_today(&org);
    let now = ledgerlight::api::receivables::ssr::receivables_for_day(&app.ctx, &org, None, today)
        .await
        .expect("receivables");
    assert!(now.aging.total.count > 0, "the demo has open invoices");
    let (status, body) = page(&app, "/receivables", &cookie).await;
    assert_eq!(status, 200);
    let total = format::money_exact(now.aging.total.base_minor, "DKK", Lang::En);
    assert!(body.contains(&total), "total {total}");
    assert_eq!(body.matches("data-bucket=").count(), 5);
    assert_eq!(
        body.matches("data-testid=\"chase-row\"").count(),
        now.aging.to_chase.len()
    );

    // A day in the past shows what was owed then.
    let past = today - chrono::Duration::days(60);
    let then = ledgerlight::api::receivables::ssr::receivables_for_day(
        &app.ctx,
        &org,
        Some(&past.to_string()),
        today,
    )
    .await
    .expect("receivables");
    assert_eq!(then.as_of, past);
    let (_, body) = page(&app, &format!("/receivables?as_of={past}"), &cookie).await;
    assert!(body.contains(&format::money_exact(
        then.aging.total.base_minor,
        "DKK",
        Lang::En
    )));
    assert!(body.contains(&format!("value=\"{past}\"")));

    // A bad or future day is named, and today is shown.
    let (status, body) = page(&app, "/receivables?as_of=2999-01-01", &cookie).await;
    assert_eq!(status, 200);
    assert!(body.contains("data-testid=\"receivables-problem\""));
    assert!(body.contains(&total));

    // In Danish.
    let (_, body) = page(&app, "/receivables", &format!("{cookie}; ll_lang=da")).await;
    assert!(body.contains(">Tilgodehavender<!></h1>"));
    assert!(body.contains(&format::money_exact(
        now.aging.total.base_minor,
        "DKK",
        Lang::Da
    )));
}
