//! The Bills table: for random bills (with and without a known supplier, foreign
//! currency, drafts and voided ones, paid and partly paid), every page, order and total
//! the store returns for random filters and sorts equals a brute-force pass over the
//! records, on both engines; plus the page over HTTP.

use crate::support;

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::Duration;
use ledgerlight::domain::invoices::*;
use ledgerlight::domain::money::to_base_minor;
use ledgerlight::domain::query::Direction;
use ledgerlight::store::folding::fold;
use ledgerlight::store::*;
use rand::prelude::*;
use rand_chacha::ChaCha8Rng;
use support::documents::NAMES;
use support::history::{contact, start};

fn random_bill(rng: &mut ChaCha8Rng, n: usize) -> BillRecord {
    let entry = start() + Duration::days(rng.gen_range(0..120));
    let eur = rng.gen_bool(0.2);
    let net = rng.gen_range(100..1_000_000_i64);
    let gross = net + net / 4;
    let is_paid = rng.gen_bool(0.4);
    let known = rng.gen_bool(0.8);
    BillRecord {
        billy_id: format!("bill{n}"),
        supplier_billy_id: known.then(|| format!("s{}", rng.gen_range(0..NAMES.len()))),
        supplier_name: (!known).then(|| "Ukendt leverandør".to_string()),
        entry_date: entry,
        due_date: entry + Duration::days(rng.gen_range(0..45)),
        state: match rng.gen_range(0..10) {
            0 => DocumentState::Draft,
            1 => DocumentState::Voided,
            _ => DocumentState::Approved,
        },
        suppliers_invoice_no: rng.gen_bool(0.7).then(|| format!("F{n}")),
        voucher_no: Some(format!("{}", 1000 + n)),
        net_minor: net,
        tax_minor: gross - net,
        gross_minor: gross,
        currency: if eur { "EUR" } else { "DKK" }.to_string(),
        exchange_rate_micros: if eur { 7_460_000 } else { 1_000_000 },
        balance_minor: if is_paid {
            0
        } else {
            gross * rng.gen_range(1..=100) / 100
        },
        is_paid,
        created_at: None,
    }
}

fn number(bill: &BillRecord) -> String {
    bill.suppliers_invoice_no
        .clone()
        .or_else(|| bill.voucher_no.clone())
        .unwrap_or_default()
}

fn party(bill: &BillRecord) -> String {
    bill.supplier_billy_id
        .as_ref()
        .map(|id| NAMES[id[1..].parse::<usize>().expect("s<n>")].to_string())
        .unwrap_or_default()
}

fn base(bill: &BillRecord, amount: i64) -> i64 {
    to_base_minor(amount, bill.exchange_rate_micros)
}

fn open(bill: &BillRecord) -> bool {
    bill.state == DocumentState::Approved && !bill.is_paid
}

async fn the_bills_table_equals_brute_force(store: Arc<dyn Store>, _url: &str) {
    let mut rng = ChaCha8Rng::seed_from_u64(31);
    let org = store
        .create_organization(&support::new_org("bills"))
        .await
        .expect("org");
    let org = OrgId(org.id);
    let bills: Vec<BillRecord> = (0..150).map(|n| random_bill(&mut rng, n)).collect();
    let batch = Batch {
        customers: (0..NAMES.len())
            .map(|i| contact(&format!("s{i}"), NAMES[i]))
            .collect(),
        bills: bills.clone(),
        ..Batch::default()
    };
    store.write_batch(org, &batch).await.expect("write");
    let all = store
        .document_rows(
            org,
            TableKind::Bills,
            &InvoiceQuery::default(),
            start(),
            0,
            10_000,
        )
        .await
        .expect("rows");
    assert_eq!(all.len(), bills.len());
    // Local ids by voucher number (unique), and supplier ids by name.
    let id_of: BTreeMap<String, i64> = all.iter().map(|r| (r.invoice_no.clone(), r.id)).collect();
    let supplier_ids: BTreeMap<String, i64> = all
        .iter()
        .filter(|r| r.customer_id != 0)
        .map(|r| (r.customer_name.clone(), r.customer_id))
        .collect();
    let local: Vec<(i64, &BillRecord)> = bills.iter().map(|b| (id_of[&number(b)], b)).collect();

    for round in 0..40 {
        let today = start() + Duration::days(rng.gen_range(0..150));
        let mut query = InvoiceQuery {
            sort: SortKey::ALL[rng.gen_range(0..6)],
            dir: if rng.gen_bool(0.5) {
                Direction::Asc
            } else {
                Direction::Desc
            },
            per_page: 25,
            page: rng.gen_range(1..4),
            ..InvoiceQuery::default()
        };
        if rng.gen_bool(0.4) {
            query.pay = Some(PayFilter::ALL[rng.gen_range(0..3)]);
        }
        if rng.gen_bool(0.3) {
            query.state = Some(DocState::ALL[rng.gen_range(0..3)]);
        }
        if rng.gen_bool(0.3) {
            let names: Vec<&i64> = supplier_ids.values().collect();
            query.customer = Some(*names[rng.gen_range(0..names.len())]);
        }
        if rng.gen_bool(0.3) {
            query.search =
                Some(["ø", "ANDERS", "F1", "1003", "zzz"][rng.gen_range(0..5)].to_string());
        }
        if rng.gen_bool(0.3) {
            query.min_minor = Some(rng.gen_range(0..500_000));
        }
        let context = format!("round {round}: {query:?} on {today}");
        let matches = |b: &BillRecord| -> bool {
            let pay = match query.pay {
                None => true,
                Some(PayFilter::Paid) => b.state == DocumentState::Approved && b.is_paid,
                Some(PayFilter::Unpaid) => open(b),
                Some(PayFilter::Overdue) => open(b) && b.due_date < today,
            };
            let search = query
                .search
                .as_ref()
                .is_none_or(|q| fold(&party(b)).contains(&fold(q)) || number(b) == q.trim());
            pay && search
                && query.state.is_none_or(|s| s.key() == b.state.as_str())
                && query
                    .customer
                    .is_none_or(|c| supplier_ids.get(&party(b)) == Some(&c))
                && query.min_minor.is_none_or(|m| base(b, b.gross_minor) >= m)
        };
        let rank = |b: &BillRecord| match b.state {
            DocumentState::Draft => 4,
            DocumentState::Voided => 5,
            DocumentState::Approved if b.is_paid => 3,
            DocumentState::Approved if b.due_date < today => 1,
            DocumentState::Approved => 2,
        };
        let mut expected: Vec<(i64, &BillRecord)> =
            local.iter().copied().filter(|(_, b)| matches(b)).collect();
        expected.sort_by(|(ia, a), (ib, b)| {
            let key = match query.sort {
                SortKey::Number => (number(a).len(), number(a)).cmp(&(number(b).len(), number(b))),
                SortKey::Customer => fold(&party(a)).as_bytes().cmp(fold(&party(b)).as_bytes()),
                SortKey::Date => a.entry_date.cmp(&b.entry_date),
                SortKey::Due => a.due_date.cmp(&b.due_date),
                SortKey::Amount => base(a, a.gross_minor).cmp(&base(b, b.gross_minor)),
                SortKey::Status => (rank(a), a.due_date).cmp(&(rank(b), b.due_date)),
            }
            .then(ia.cmp(ib));
            match query.dir {
                Direction::Asc => key,
                Direction::Desc => key.reverse(),
            }
        });
        let totals = store
            .document_totals(org, TableKind::Bills, &query, today)
            .await
            .expect("totals");
        let sum = |f: &dyn Fn(&BillRecord) -> bool, amount: &dyn Fn(&BillRecord) -> i64| -> i64 {
            expected
                .iter()
                .filter(|(_, b)| f(b))
                .map(|(_, b)| amount(b))
                .sum()
        };
        let soon = |b: &BillRecord| {
            open(b) && b.due_date >= today && b.due_date <= today + Duration::days(30)
        };
        assert_eq!(
            (
                totals.count,
                totals.approved_base_minor,
                totals.outstanding_base_minor,
                totals.overdue_base_minor,
                totals.due_soon_base_minor
            ),
            (
                expected.len() as i64,
                sum(&|b| b.state == DocumentState::Approved, &|b| base(
                    b,
                    b.gross_minor
                )),
                sum(&open, &|b| base(b, b.balance_minor)),
                sum(&|b| open(b) && b.due_date < today, &|b| base(
                    b,
                    b.balance_minor
                )),
                sum(&soon, &|b| base(b, b.balance_minor)),
            ),
            "{context}: totals"
        );
        let rows = store
            .document_rows(
                org,
                TableKind::Bills,
                &query,
                today,
                query.offset(),
                query.per_page,
            )
            .await
            .expect("rows");
        let got: Vec<i64> = rows.iter().map(|r| r.id).collect();
        let want: Vec<i64> = expected
            .iter()
            .skip(query.offset() as usize)
            .take(query.per_page as usize)
            .map(|(id, _)| *id)
            .collect();
        assert_eq!(got, want, "{context}: page");

        // The export is every matching row, in the same order.
        let (sent, exported) = support::documents::drain_export(|sink| {
            store.export_documents(org, TableKind::Bills, &query, today, sink)
        })
        .await;
        let exported: Vec<i64> = exported.iter().map(|r| r.id).collect();
        let all_ids: Vec<i64> = expected.iter().map(|(id, _)| *id).collect();
        assert_eq!(exported, all_ids, "{context}: export");
        assert_eq!(sent as usize, all_ids.len());
    }
}

on_both_engines!(the_bills_table_equals_brute_force);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_bills_page_lists_and_sums_bills() {
    use ledgerlight::domain::format::{self, Lang};
    use support::app::{fjordline, spawn_app, OWNER};
    let app = spawn_app().await;
    let cookie = app.sign_in(OWNER).await;
    let org = fjordline(&app).await;
    let today = ledgerlight::server::caller::org_today(&org);
    let table = ledgerlight::api::invoices::ssr::bill_table(
        &app.ctx,
        &org,
        &InvoiceParams::default(),
        today,
    )
    .await
    .expect("bills");
    assert!(table.totals.count > 0, "the demo has bills");
    let (status, _, body) = app.page("/bills", Some(&cookie)).await;
    assert_eq!(status, 200);
    assert!(body.contains(&format::money_exact(
        table.totals.outstanding_base_minor,
        "DKK",
        Lang::En
    )));
    assert!(body.contains(&format::money_exact(
        table.totals.due_soon_base_minor,
        "DKK",
        Lang::En
    )));
    assert!(
        body.contains("href=\"/bills?sort=amount&amp;dir=desc\""),
        "headings sort bills"
    );
    assert!(body.contains("data-testid=\"bills-csv\""));
    assert!(
        body.contains("placeholder=\"Number or supplier\""),
        "the search says what it matches on bills"
    );
    // The type filter belongs to invoices: named as a problem here.
    let (status, _, body) = app.page("/bills?kind=credit_note", Some(&cookie)).await;
    assert_eq!(status, 200);
    assert!(body.contains("“credit_note” is not a choice for kind."));
    let (_, _, body) = app
        .page("/bills", Some(&format!("{cookie}; ll_lang=da")))
        .await;
    assert!(body.contains(">Regninger<!></h1>"));
}

/// The Bills CSV holds exactly the filtered table: the same count, the same order, and
/// approved amounts that add up to the page's total; bad filters are refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_bills_csv_is_the_filtered_table() {
    use support::app::{fjordline, spawn_app, OWNER};
    use support::csv_file::{amount, download};
    let app = spawn_app().await;
    let cookie = app.sign_in(OWNER).await;
    let org = fjordline(&app).await;
    let today = ledgerlight::server::caller::org_today(&org);
    let (_, _, page) = app.page("/bills", Some(&cookie)).await;
    assert!(
        page.contains("href=\"/export/bills.csv?sort=date&amp;dir=desc&amp;lang=en\""),
        "the page links its download"
    );
    for (filter, params) in [
        ("", InvoiceParams::default()),
        (
            "status=unpaid&sort=customer&dir=asc",
            InvoiceParams {
                status: Some("unpaid".into()),
                sort: Some("customer".into()),
                dir: Some("asc".into()),
                ..Default::default()
            },
        ),
    ] {
        let table = ledgerlight::api::invoices::ssr::bill_table(&app.ctx, &org, &params, today)
            .await
            .expect("bills");
        assert!(table.totals.count > 0, "{filter}: the demo has such bills");
        for (lang, approved) in [("da", "Godkendt"), ("en", "Approved")] {
            let file = download(
                &app,
                &format!("/export/bills.csv?{filter}&lang={lang}"),
                Some(&cookie),
            )
            .await;
            assert_eq!(file.status, 200, "{}", file.body);
            assert!(file.headers["content-disposition"]
                .to_str()
                .expect("ascii")
                .contains("bills-"));
            let (header, rows) = file.table(lang);
            assert_eq!(header.len(), 10, "{header:?}");
            assert_eq!(rows.len() as i64, table.totals.count, "{filter} {lang}");
            let total: i64 = rows
                .iter()
                .filter(|r| &r[1] == approved)
                .map(|r| amount(&r[8], lang))
                .sum();
            assert_eq!(total, table.totals.approved_base_minor, "{filter} {lang}");
            for (row, shown) in rows.iter().zip(&table.rows) {
                assert_eq!(row[0].trim_start_matches('\''), shown.invoice_no);
                assert_eq!(row[3].trim_start_matches('\''), shown.customer_name);
            }
        }
    }
    // The type filter belongs to invoices: refused here with its reason.
    let refused = download(
        &app,
        "/export/bills.csv?kind=credit_note&lang=en",
        Some(&cookie),
    )
    .await;
    assert_eq!(refused.status, 400);
    assert!(
        refused
            .body
            .contains("“credit_note” is not a choice for kind."),
        "{}",
        refused.body
    );
    let signed_out = download(&app, "/export/bills.csv", None).await;
    assert_eq!(signed_out.status, 401);
    // Refusals speak the language the page's link asked for.
    let signed_out = download(&app, "/export/bills.csv?lang=da", None).await;
    assert_eq!(
        (signed_out.status, signed_out.body.as_str()),
        (401, "Log ind for at fortsætte.")
    );
}
