//! The Bank payments table: for random payments (both directions, known and unknown
//! parties, foreign currency, voided ones, settling several invoices), every page,
//! order and total for random filters and sorts equals a brute-force pass over the
//! records, on both engines; plus the page over HTTP.

use crate::support;

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::Duration;
use ledgerlight::domain::money::to_base_minor;
use ledgerlight::domain::payments::*;
use ledgerlight::domain::query::Direction;
use ledgerlight::store::folding::fold;
use ledgerlight::store::*;
use rand::prelude::*;
use rand_chacha::ChaCha8Rng;
use support::documents::NAMES;
use support::history::{contact, random_invoice, start};

fn party(p: &PaymentRecord) -> String {
    p.customer_billy_id
        .as_ref()
        .map(|id| NAMES[id[1..].parse::<usize>().expect("c<n>")].to_string())
        .unwrap_or_default()
}

fn base(p: &PaymentRecord) -> i64 {
    to_base_minor(p.cash_amount_minor, p.exchange_rate_micros)
}

async fn the_payments_table_equals_brute_force(store: Arc<dyn Store>, _url: &str) {
    let mut rng = ChaCha8Rng::seed_from_u64(77);
    let org = store
        .create_organization(&support::new_org("payments"))
        .await
        .expect("org");
    let org = OrgId(org.id);
    let invoices: Vec<InvoiceRecord> = (0..20)
        .map(|n| random_invoice(&mut rng, n, NAMES.len()))
        .collect();
    let payments: Vec<PaymentRecord> = (0..120)
        .map(|n| {
            let eur = rng.gen_bool(0.2);
            let settles = rng.gen_range(0..3);
            PaymentRecord {
                billy_id: format!("p{n}"),
                customer_billy_id: rng
                    .gen_bool(0.8)
                    .then(|| format!("c{}", rng.gen_range(0..NAMES.len()))),
                entry_date: start() + Duration::days(rng.gen_range(0..150)),
                cash_amount_minor: rng.gen_range(100..2_000_000),
                currency: if eur { "EUR" } else { "DKK" }.to_string(),
                cash_side: if rng.gen_bool(0.6) { "debit" } else { "credit" }.to_string(),
                exchange_rate_micros: if eur { 7_455_000 } else { 1_000_000 },
                fee_minor: 0,
                is_voided: rng.gen_bool(0.1),
                created_at: None,
                associations: (0..settles)
                    .map(|_| PaymentAssociation {
                        subject: PaymentSubject::Invoice(
                            invoices[rng.gen_range(0..invoices.len())].billy_id.clone(),
                        ),
                        amount_minor: 100,
                    })
                    .collect(),
            }
        })
        .collect();
    let batch = Batch {
        customers: (0..NAMES.len())
            .map(|i| contact(&format!("c{i}"), NAMES[i]))
            .collect(),
        invoices,
        payments: payments.clone(),
        ..Batch::default()
    };
    store.write_batch(org, &batch).await.expect("write");
    // Local ids by (date, amount, currency), unique enough here; checked below.
    let all = store
        .payment_rows(org, &PaymentQuery::default(), 0, 10_000)
        .await
        .expect("rows");
    assert_eq!(all.len(), payments.len());
    let key = |date: chrono::NaiveDate, amount: i64| format!("{date}/{amount}");
    let id_of: BTreeMap<String, i64> = all
        .iter()
        .map(|r| (key(r.entry_date, r.amount_minor), r.id))
        .collect();
    assert_eq!(id_of.len(), payments.len(), "keys are unique");
    let local: Vec<(i64, &PaymentRecord)> = payments
        .iter()
        .map(|p| (id_of[&key(p.entry_date, p.cash_amount_minor)], p))
        .collect();
    for (id, p) in &local {
        let row = all.iter().find(|r| r.id == *id).expect("row");
        assert_eq!(row.party_name, party(p));
        assert_eq!(row.documents, p.associations.len() as i64);
        assert_eq!(row.amount_base_minor, base(p));
    }

    for round in 0..30 {
        let mut query = PaymentQuery {
            sort: PaymentSort::ALL[rng.gen_range(0..3)],
            dir: if rng.gen_bool(0.5) {
                Direction::Asc
            } else {
                Direction::Desc
            },
            page: rng.gen_range(1..4),
            ..PaymentQuery::default()
        };
        if rng.gen_bool(0.4) {
            query.side = Some(Side::ALL[rng.gen_range(0..2)]);
        }
        if rng.gen_bool(0.3) {
            query.search = Some(["ø", "AND", "café", "zzz"][rng.gen_range(0..4)].to_string());
        }
        if rng.gen_bool(0.3) {
            let from = start() + Duration::days(rng.gen_range(0..100));
            query.from = Some(from);
            query.to = Some(from + Duration::days(rng.gen_range(0..60)));
        }
        let context = format!("round {round}: {query:?}");
        let mut expected: Vec<(i64, &PaymentRecord)> = local
            .iter()
            .copied()
            .filter(|(_, p)| {
                query.side.is_none_or(|s| s.cash_side() == p.cash_side)
                    && query
                        .search
                        .as_ref()
                        .is_none_or(|q| fold(&party(p)).contains(&fold(q)))
                    && query.from.is_none_or(|d| p.entry_date >= d)
                    && query.to.is_none_or(|d| p.entry_date <= d)
            })
            .collect();
        expected.sort_by(|(ia, a), (ib, b)| {
            let order = match query.sort {
                PaymentSort::Date => a.entry_date.cmp(&b.entry_date),
                PaymentSort::Party => fold(&party(a)).as_bytes().cmp(fold(&party(b)).as_bytes()),
                PaymentSort::Amount => base(a).cmp(&base(b)),
            }
            .then(ia.cmp(ib));
            match query.dir {
                Direction::Asc => order,
                Direction::Desc => order.reverse(),
            }
        });
        let totals = store.payment_totals(org, &query).await.expect("totals");
        let sum = |side: &str| -> i64 {
            expected
                .iter()
                .filter(|(_, p)| !p.is_voided && p.cash_side == side)
                .map(|(_, p)| base(p))
                .sum()
        };
        assert_eq!(
            (
                totals.count,
                totals.in_base_minor,
                totals.out_base_minor,
                totals.voided
            ),
            (
                expected.len() as i64,
                sum("debit"),
                sum("credit"),
                expected.iter().filter(|(_, p)| p.is_voided).count() as i64
            ),
            "{context}: totals"
        );
        let rows = store
            .payment_rows(org, &query, query.offset(), query.per_page)
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
        let (sent, exported) =
            support::documents::drain_export(|sink| store.export_payments(org, &query, sink)).await;
        let exported: Vec<i64> = exported.iter().map(|r| r.id).collect();
        let all_ids: Vec<i64> = expected.iter().map(|(id, _)| *id).collect();
        assert_eq!(exported, all_ids, "{context}: export");
        assert_eq!(sent as usize, all_ids.len());
    }
}

on_both_engines!(the_payments_table_equals_brute_force);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_payments_page_lists_and_sums_payments() {
    use ledgerlight::domain::format::{self, Lang};
    use support::app::{fjordline, spawn_app, OWNER};
    let app = spawn_app().await;
    let cookie = app.sign_in(OWNER).await;
    let org = fjordline(&app).await;
    let table =
        ledgerlight::api::payments::ssr::payment_table(&app.ctx, &org, &PaymentParams::default())
            .await
            .expect("payments");
    assert!(table.totals.count > 0, "the demo has payments");
    let (status, _, body) = app.page("/payments", Some(&cookie)).await;
    assert_eq!(status, 200);
    assert_eq!(
        body.matches("data-testid=\"payment-row\"").count(),
        table.rows.len()
    );
    assert!(body.contains(&format::money_exact(
        table.totals.in_base_minor,
        "DKK",
        Lang::En
    )));
    let (status, _, body) = app
        .page("/payments?side=sideways&page=999", Some(&cookie))
        .await;
    assert_eq!(status, 200);
    assert!(body.contains("“sideways” is not a choice for side."));
    assert!(body.contains("There is no page 999"));
    let (_, _, body) = app
        .page("/payments", Some(&format!("{cookie}; ll_lang=da")))
        .await;
    assert!(body.contains(">Bankbetalinger<!></h1>"));
}

/// The payments CSV holds exactly the filtered table: the same count and order, and
/// signed base amounts that add up to the page's money in and out.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_payments_csv_is_the_filtered_table() {
    use support::app::{fjordline, spawn_app, OWNER};
    use support::csv_file::{amount, download};
    let app = spawn_app().await;
    let cookie = app.sign_in(OWNER).await;
    let org = fjordline(&app).await;
    let (_, _, page) = app.page("/payments", Some(&cookie)).await;
    assert!(
        page.contains("href=\"/export/payments.csv?sort=date&amp;dir=desc&amp;lang=en\""),
        "the page links its download"
    );
    for (filter, params) in [
        ("", PaymentParams::default()),
        (
            "side=in&sort=amount&dir=asc",
            PaymentParams {
                side: Some("in".into()),
                sort: Some("amount".into()),
                dir: Some("asc".into()),
                ..Default::default()
            },
        ),
    ] {
        let table = ledgerlight::api::payments::ssr::payment_table(&app.ctx, &org, &params)
            .await
            .expect("payments");
        assert!(
            table.totals.count > 0,
            "{filter}: the demo has such payments"
        );
        for (lang, voided) in [("da", "Annulleret"), ("en", "Voided")] {
            let file = download(
                &app,
                &format!("/export/payments.csv?{filter}&lang={lang}"),
                Some(&cookie),
            )
            .await;
            assert_eq!(file.status, 200, "{}", file.body);
            let (header, rows) = file.table(lang);
            assert_eq!(header.len(), 9, "{header:?}");
            assert_eq!(rows.len() as i64, table.totals.count, "{filter} {lang}");
            let counted: Vec<i64> = rows
                .iter()
                .filter(|r| &r[8] != voided)
                .map(|r| amount(&r[5], lang))
                .collect();
            let money_in: i64 = counted.iter().filter(|a| **a > 0).sum();
            let money_out: i64 = counted.iter().filter(|a| **a < 0).sum();
            assert_eq!(money_in, table.totals.in_base_minor, "{filter} {lang}: in");
            assert_eq!(
                -money_out, table.totals.out_base_minor,
                "{filter} {lang}: out"
            );
            for (row, shown) in rows.iter().zip(&table.rows) {
                assert_eq!(&row[0], shown.entry_date.to_string().as_str());
                assert_eq!(amount(&row[5], lang), shown.signed_base_minor());
            }
        }
    }
    let refused = download(&app, "/export/payments.csv?side=sideways", Some(&cookie)).await;
    assert_eq!(refused.status, 400);
    assert!(
        refused
            .body
            .contains("“sideways” is not a choice for side."),
        "{}",
        refused.body
    );
    let signed_out = download(&app, "/export/payments.csv", None).await;
    assert_eq!(signed_out.status, 401);
}
