//! The invoice table and receivables aging: for random histories (Danish names, credit notes, foreign
//! currency, partial, moved and voided payments, rewritten documents), every page,
//! order and total the store returns for random filters, searches and sorts equals a
//! brute-force pass over the raw records, on both engines; each invoice's settlement
//! day equals its recomputation; and what was open on any past day, and its aging,
//! equals a replay of invoice and payment dates up to that day.

use crate::support;

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{Duration, NaiveDate};
use ledgerlight::domain::invoices::*;
use ledgerlight::domain::money::to_base_minor;
use ledgerlight::domain::query::{Direction, PER_PAGE_CHOICES};
use ledgerlight::domain::receivables::{Aging, AgingBucket};
use ledgerlight::store::folding::fold;
use ledgerlight::store::*;
use rand::prelude::*;
use rand_chacha::ChaCha8Rng;
use support::documents::{
    approved, balance_base, brute_settled_on, customer_name, drain_export, gross_base,
    write_history, History,
};
use support::history::{contact, random_invoice, start};

const CASES: u64 = 3;

fn matches(
    history: &History,
    invoice: &InvoiceRecord,
    q: &InvoiceQuery,
    today: NaiveDate,
    customer_ids: &BTreeMap<String, i64>,
) -> bool {
    if let Some(search) = &q.search {
        let needle = fold(search);
        let mut text = vec![fold(&invoice.invoice_no)];
        text.extend(invoice.lines.iter().map(|l| fold(&l.description)));
        let found = text.iter().any(|t| t.contains(&needle))
            || fold(customer_name(history, invoice)).contains(&needle);
        if !found {
            return false;
        }
    }
    let ok = match q.pay {
        None => true,
        Some(PayFilter::Paid) => approved(invoice) && invoice.is_paid,
        Some(PayFilter::Unpaid) => approved(invoice) && !invoice.is_paid,
        Some(PayFilter::Overdue) => {
            approved(invoice) && !invoice.is_paid && invoice.due_date < today
        }
    };
    ok && q.state.is_none_or(|s| s.key() == invoice.state.as_str())
        && q.kind.is_none_or(|k| k.key() == invoice.kind.as_str())
        && q.customer
            .is_none_or(|c| customer_ids[&invoice.customer_billy_id] == c)
        && q.currency.as_ref().is_none_or(|c| *c == invoice.currency)
        && q.from.is_none_or(|d| invoice.entry_date >= d)
        && q.to.is_none_or(|d| invoice.entry_date <= d)
        && q.min_minor.is_none_or(|m| gross_base(invoice) >= m)
        && q.max_minor.is_none_or(|m| gross_base(invoice) <= m)
}

fn status_rank(invoice: &InvoiceRecord, today: NaiveDate) -> u8 {
    match invoice.state {
        DocumentState::Draft => 4,
        DocumentState::Voided => 5,
        DocumentState::Approved if invoice.is_paid => 3,
        DocumentState::Approved if invoice.due_date < today => 1,
        DocumentState::Approved => 2,
    }
}

fn compare(
    history: &History,
    a: &(i64, &InvoiceRecord),
    b: &(i64, &InvoiceRecord),
    q: &InvoiceQuery,
    today: NaiveDate,
) -> Ordering {
    let (ia, a) = *a;
    let (ib, b) = *b;
    let key = match q.sort {
        SortKey::Number => (a.invoice_no.len(), a.invoice_no.as_bytes())
            .cmp(&(b.invoice_no.len(), b.invoice_no.as_bytes())),
        SortKey::Customer => fold(customer_name(history, a))
            .as_bytes()
            .cmp(fold(customer_name(history, b)).as_bytes()),
        SortKey::Date => a.entry_date.cmp(&b.entry_date),
        SortKey::Due => a.due_date.cmp(&b.due_date),
        SortKey::Amount => gross_base(a).cmp(&gross_base(b)),
        SortKey::Status => {
            (status_rank(a, today), a.due_date).cmp(&(status_rank(b, today), b.due_date))
        }
    }
    .then(ia.cmp(&ib));
    match q.dir {
        Direction::Asc => key,
        Direction::Desc => key.reverse(),
    }
}

fn random_query(rng: &mut ChaCha8Rng, customer_ids: &BTreeMap<String, i64>) -> InvoiceParams {
    let mut p = InvoiceParams::default();
    let pick = |rng: &mut ChaCha8Rng| rng.gen_bool(0.3);
    if pick(rng) {
        p.q = Some(
            [
                "ø", "ØL", "cafe", "50%", "_", "and", "k-1", "1", "smør", "ærø", "zzz",
            ][rng.gen_range(0..11)]
            .to_string(),
        );
    }
    if pick(rng) {
        p.status = Some(PayFilter::ALL[rng.gen_range(0..3)].key().to_string());
    }
    if pick(rng) {
        p.state = Some(DocState::ALL[rng.gen_range(0..3)].key().to_string());
    }
    if pick(rng) {
        p.kind = Some(DocKind::ALL[rng.gen_range(0..2)].key().to_string());
    }
    if pick(rng) {
        let ids: Vec<&i64> = customer_ids.values().collect();
        p.customer = Some(ids[rng.gen_range(0..ids.len())].to_string());
    }
    if pick(rng) {
        p.currency = Some(if rng.gen_bool(0.5) { "EUR" } else { "dkk" }.to_string());
    }
    if pick(rng) {
        let from = start() + Duration::days(rng.gen_range(0..100));
        p.from = Some(from.to_string());
        if rng.gen_bool(0.5) {
            p.to = Some((from + Duration::days(rng.gen_range(0..60))).to_string());
        }
    }
    if pick(rng) {
        let lo = rng.gen_range(-5_000..10_000);
        p.min = Some(lo.to_string());
        if rng.gen_bool(0.5) {
            p.max = Some(format!("{},5", lo + rng.gen_range(0..20_000)));
        }
    }
    p.sort = Some(SortKey::ALL[rng.gen_range(0..6)].key().to_string());
    p.dir = Some(if rng.gen_bool(0.5) { "asc" } else { "desc" }.to_string());
    p.per = Some(PER_PAGE_CHOICES[rng.gen_range(0..3)].to_string());
    p.page = Some(rng.gen_range(1..4).to_string());
    p
}

async fn the_table_equals_brute_force(store: Arc<dyn Store>, _url: &str) {
    for case in 0..CASES {
        let mut rng = ChaCha8Rng::seed_from_u64(500 + case);
        let org = store
            .create_organization(&support::new_org(&format!("invoices-{case}")))
            .await
            .expect("org");
        let org = OrgId(org.id);
        let history = write_history(&*store, org, &mut rng).await;

        // Local ids by invoice number (numbers are unique here) and customer.
        let everything = InvoiceQuery {
            per_page: 100,
            ..InvoiceQuery::default()
        };
        let all = store
            .document_rows(org, TableKind::Invoices, &everything, start(), 0, 10_000)
            .await
            .expect("all rows");
        assert_eq!(all.len(), history.invoices.len());
        let by_number: BTreeMap<&str, &InvoiceRow> =
            all.iter().map(|r| (r.invoice_no.as_str(), r)).collect();
        let mut customer_ids = BTreeMap::new();
        let mut local: Vec<(i64, &InvoiceRecord)> = Vec::new();
        for invoice in history.invoices.values() {
            let row = by_number[invoice.invoice_no.as_str()];
            customer_ids.insert(invoice.customer_billy_id.clone(), row.customer_id);
            local.push((row.id, invoice));
            // Every stored fact equals its recomputation.
            assert_eq!(row.customer_name, customer_name(&history, invoice));
            assert_eq!(
                row.gross_base_minor,
                gross_base(invoice),
                "{}",
                invoice.billy_id
            );
            assert_eq!(row.gross_minor, invoice.kind.sign() * invoice.gross_minor);
            assert_eq!(
                row.settled_on,
                brute_settled_on(&history, invoice),
                "case {case}: settlement of {}",
                invoice.billy_id
            );
        }

        for round in 0..25 {
            let params = random_query(&mut rng, &customer_ids);
            let (query, problems) = InvoiceQuery::resolve(&params);
            assert!(problems.is_empty(), "{problems:?}");
            let today = start() + Duration::days(rng.gen_range(0..150));
            let context = format!("case {case} round {round}: {params:?} on {today}");

            let mut expected: Vec<(i64, &InvoiceRecord)> = local
                .iter()
                .copied()
                .filter(|(_, inv)| matches(&history, inv, &query, today, &customer_ids))
                .collect();
            expected.sort_by(|a, b| compare(&history, a, b, &query, today));

            let totals = store
                .document_totals(org, TableKind::Invoices, &query, today)
                .await
                .expect("totals");
            assert_eq!(totals.count, expected.len() as i64, "{context}: count");
            let approved_sum: i64 = expected
                .iter()
                .filter(|(_, i)| approved(i))
                .map(|(_, i)| gross_base(i))
                .sum();
            let outstanding: i64 = expected
                .iter()
                .filter(|(_, i)| approved(i) && !i.is_paid)
                .map(|(_, i)| balance_base(i))
                .sum();
            let overdue: i64 = expected
                .iter()
                .filter(|(_, i)| approved(i) && !i.is_paid && i.due_date < today)
                .map(|(_, i)| balance_base(i))
                .sum();
            let due_soon: i64 = expected
                .iter()
                .filter(|(_, i)| {
                    approved(i)
                        && !i.is_paid
                        && i.due_date >= today
                        && i.due_date <= today + Duration::days(30)
                })
                .map(|(_, i)| balance_base(i))
                .sum();
            assert_eq!(
                (
                    totals.approved_base_minor,
                    totals.outstanding_base_minor,
                    totals.overdue_base_minor,
                    totals.due_soon_base_minor
                ),
                (approved_sum, outstanding, overdue, due_soon),
                "{context}: sums"
            );

            let rows = store
                .document_rows(
                    org,
                    TableKind::Invoices,
                    &query,
                    today,
                    query.offset(),
                    query.per_page,
                )
                .await
                .expect("rows");
            let want: Vec<i64> = expected
                .iter()
                .skip(query.offset() as usize)
                .take(query.per_page as usize)
                .map(|(id, _)| *id)
                .collect();
            let got: Vec<i64> = rows.iter().map(|r| r.id).collect();
            assert_eq!(got, want, "{context}: page");

            // The export is every matching row, in the same order, in batches.
            let (sent, exported) = drain_export(|sink| {
                store.export_documents(org, TableKind::Invoices, &query, today, sink)
            })
            .await;
            let exported: Vec<i64> = exported.iter().map(|r| r.id).collect();
            let all_ids: Vec<i64> = expected.iter().map(|(id, _)| *id).collect();
            assert_eq!(exported, all_ids, "{context}: export");
            assert_eq!(sent as usize, all_ids.len());
        }

        // One invoice in full: lines, payments and the credited invoice.
        let (id, invoice) = local[0];
        let detail = store
            .invoice_detail(org, id)
            .await
            .expect("detail")
            .expect("found");
        assert_eq!(detail.lines.len(), invoice.lines.len());
        assert_eq!(detail.net_minor, invoice.net_minor);
        // Another organization's id is not found.
        let other = store
            .create_organization(&support::new_org(&format!("invoices-other-{case}")))
            .await
            .expect("org");
        assert!(store
            .invoice_detail(OrgId(other.id), id)
            .await
            .expect("detail")
            .is_none());
        let nothing = store
            .document_totals(
                OrgId(other.id),
                TableKind::Invoices,
                &InvoiceQuery::default(),
                start(),
            )
            .await
            .expect("totals");
        assert_eq!(
            nothing.count, 0,
            "one organization never sees another's invoices"
        );
    }
}

/// A slow reader holds the export back: the producer waits on the channel instead of
/// reading every row into memory.
async fn a_stalled_download_stops_the_query(store: Arc<dyn Store>, _url: &str) {
    let org = store
        .create_organization(&support::new_org("export-backpressure"))
        .await
        .expect("org");
    let org = OrgId(org.id);
    let mut rng = ChaCha8Rng::seed_from_u64(9);
    let mut written = 0;
    while written < 5 * EXPORT_BATCH_ROWS {
        let mut batch = Batch::default();
        if written == 0 {
            batch.customers.push(contact("c0", "Kunde"));
        }
        for _ in 0..1_000 {
            let mut invoice = random_invoice(&mut rng, written, 1);
            invoice.invoice_no = written.to_string();
            batch.invoices.push(invoice);
            written += 1;
        }
        store.write_batch(org, &batch).await.expect("batch");
    }
    let (sender, mut receiver) = futures::channel::mpsc::channel(1);
    let export = {
        let store = store.clone();
        tokio::spawn(async move {
            store
                .export_documents(
                    org,
                    TableKind::Invoices,
                    &InvoiceQuery::default(),
                    start(),
                    sender,
                )
                .await
        })
    };
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert!(
        !export.is_finished(),
        "with nobody reading, the export waits on the channel"
    );
    let first = futures::StreamExt::next(&mut receiver)
        .await
        .expect("a batch")
        .expect("rows");
    assert_eq!(first.len(), EXPORT_BATCH_ROWS);
    drop(receiver);
    let sent = export.await.expect("task").expect("export");
    assert!(
        sent <= 3 * EXPORT_BATCH_ROWS as u64,
        "the export stopped when the reader left ({sent} rows handed over)"
    );
}

/// What was open at the end of `day`, by brute force: approved invoices entered by
/// then, less their non-voided payments dated by then; (open, open in base) by Billy id.
fn brute_open_at(history: &History, day: NaiveDate) -> BTreeMap<String, (i64, i64)> {
    let mut open = BTreeMap::new();
    for invoice in history.invoices.values() {
        if !approved(invoice) || invoice.kind != InvoiceKind::Invoice || invoice.entry_date > day {
            continue;
        }
        let paid: i64 = history
            .payments
            .values()
            .filter(|p| !p.is_voided && p.entry_date <= day)
            .flat_map(|p| p.associations.iter())
            .filter(|a| a.subject == PaymentSubject::Invoice(invoice.billy_id.clone()))
            .map(|a| a.amount_minor)
            .sum();
        let left = invoice.gross_minor - paid;
        if left > 0 {
            open.insert(
                invoice.billy_id.clone(),
                (left, to_base_minor(left, invoice.exchange_rate_micros)),
            );
        }
    }
    open
}

async fn aging_equals_brute_force(store: Arc<dyn Store>, _url: &str) {
    for case in 0..CASES {
        let mut rng = ChaCha8Rng::seed_from_u64(700 + case);
        let org = store
            .create_organization(&support::new_org(&format!("aging-{case}")))
            .await
            .expect("org");
        let org = OrgId(org.id);
        let history = write_history(&*store, org, &mut rng).await;
        let everything = store
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
        let billy_of: BTreeMap<i64, String> = everything
            .iter()
            .map(|r| {
                let invoice = history
                    .invoices
                    .values()
                    .find(|i| i.invoice_no == r.invoice_no)
                    .expect("known number");
                (r.id, invoice.billy_id.clone())
            })
            .collect();
        for _ in 0..15 {
            let day = start() + Duration::days(rng.gen_range(-10..220));
            let expected = brute_open_at(&history, day);
            let stored = store.open_invoices_at(org, day).await.expect("open");
            let got: BTreeMap<String, (i64, i64)> = stored
                .iter()
                .map(|o| (billy_of[&o.id].clone(), (o.open_minor, o.open_base_minor)))
                .collect();
            assert_eq!(got, expected, "case {case}: open at {day}");

            // Buckets by days past due, summed straight from the replay.
            let mut buckets = [0i64; 5];
            for (billy_id, (_, base)) in &expected {
                let due = history.invoices[billy_id].due_date;
                let bucket = AgingBucket::for_days((day - due).num_days());
                let index = AgingBucket::ALL
                    .iter()
                    .position(|b| *b == bucket)
                    .expect("bucket");
                buckets[index] += base;
            }
            let aging = Aging::compute(&stored, day);
            let computed: Vec<i64> = aging.buckets.iter().map(|b| b.base_minor).collect();
            assert_eq!(computed, buckets.to_vec(), "case {case}: buckets at {day}");
            assert!(aging
                .to_chase
                .windows(2)
                .all(|w| w[0].open_base_minor >= w[1].open_base_minor));
        }
    }
}

on_both_engines!(
    the_table_equals_brute_force,
    a_stalled_download_stops_the_query,
    aging_equals_brute_force
);
