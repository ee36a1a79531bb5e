//! Random document histories with the details the invoice table, aging and customer
//! figures care about (Danish names, line texts, numbers of different lengths, paid
//! flags and balances, moved and voided payments), and brute-force reference values
//! over them.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use ledgerlight::domain::money::to_base_minor;
use ledgerlight::store::*;
use rand::prelude::*;
use rand_chacha::ChaCha8Rng;

use super::history::{contact, random_invoice, random_payment};

pub const NAMES: [&str; 8] = [
    "Åge Møller ApS",
    "Ærø Bryghus",
    "Zealand Café",
    "Øster Farvehandel",
    "émile & co",
    "Anders And",
    "ANDERSEN 50% rabat",
    "Bager_Hansen",
];
pub const WORDS: [&str; 6] = [
    "Kaffe",
    "Rådgivning",
    "Smørrebrød",
    "Café latte",
    "Fragt",
    "Øl",
];

/// Everything written, as it finally stands.
pub struct History {
    pub customers: Vec<String>,
    pub invoices: BTreeMap<String, InvoiceRecord>,
    pub payments: BTreeMap<String, PaymentRecord>,
}

fn decorate(rng: &mut ChaCha8Rng, invoice: &mut InvoiceRecord, number: usize) {
    // Unique numbers of different lengths, some with a prefix: the sort must count
    // digits, not compare text.
    assert!(number < 1_000);
    invoice.invoice_no = match rng.gen_range(0..3) {
        0 => format!("K-{number}"),
        1 => format!("9{number:03}"),
        _ => number.to_string(),
    };
    invoice.is_paid = rng.gen_bool(0.4);
    invoice.balance_minor = if invoice.is_paid {
        0
    } else {
        invoice.gross_minor * rng.gen_range(0..=100) / 100
    };
    invoice.lines = (0..rng.gen_range(0..3))
        .map(|_| InvoiceLineRecord {
            billy_id: None,
            product_billy_id: None,
            description: WORDS[rng.gen_range(0..WORDS.len())].to_string(),
            quantity_milli: 1_000,
            unit_price_minor: 100,
            net_minor: 100,
            tax_minor: 25,
        })
        .collect();
}

pub async fn write_history(store: &dyn Store, org: OrgId, rng: &mut ChaCha8Rng) -> History {
    let customers: Vec<String> = NAMES.iter().map(|n| n.to_string()).collect();
    let setup = Batch {
        customers: customers
            .iter()
            .enumerate()
            .map(|(i, name)| contact(&format!("c{i}"), name))
            .collect(),
        ..Batch::default()
    };
    store.write_batch(org, &setup).await.expect("customers");
    let mut history = History {
        customers,
        invoices: BTreeMap::new(),
        payments: BTreeMap::new(),
    };
    let mut next = 0;
    let mut next_payment = 0;
    for _ in 0..3 {
        let mut batch = Batch::default();
        for _ in 0..rng.gen_range(20..50) {
            let mut invoice = random_invoice(rng, next, NAMES.len());
            decorate(rng, &mut invoice, next);
            next += 1;
            batch.invoices.push(invoice);
        }
        // Rewrite some earlier invoices (new amounts, dates, states, lines).
        for (billy_id, old) in &history.invoices {
            if rng.gen_bool(0.2) {
                let mut changed = random_invoice(rng, 0, NAMES.len());
                decorate(rng, &mut changed, next);
                next += 1;
                changed.billy_id = billy_id.clone();
                changed.invoice_no = old.invoice_no.clone();
                batch.invoices.push(changed);
            }
        }
        for invoice in &batch.invoices {
            history
                .invoices
                .insert(invoice.billy_id.clone(), invoice.clone());
        }
        let payable: Vec<InvoiceRecord> = history.invoices.values().cloned().collect();
        for invoice in &payable {
            if rng.gen_bool(0.5) {
                batch
                    .payments
                    .push(random_payment(rng, next_payment, invoice));
                next_payment += 1;
            }
        }
        // Move, void or change some earlier payments: the invoices they left settle anew.
        for old in history.payments.values() {
            if rng.gen_bool(0.25) {
                let target = &payable[rng.gen_range(0..payable.len())];
                let mut changed = random_payment(rng, 0, target);
                changed.billy_id = old.billy_id.clone();
                batch.payments.push(changed);
            }
        }
        for payment in &batch.payments {
            history
                .payments
                .insert(payment.billy_id.clone(), payment.clone());
        }
        store.write_batch(org, &batch).await.expect("batch");
    }
    history
}

pub fn customer_name<'a>(history: &'a History, invoice: &InvoiceRecord) -> &'a str {
    let index: usize = invoice.customer_billy_id[1..].parse().expect("c<n>");
    &history.customers[index]
}

pub fn gross_base(invoice: &InvoiceRecord) -> i64 {
    invoice.kind.sign() * to_base_minor(invoice.gross_minor, invoice.exchange_rate_micros)
}

pub fn balance_base(invoice: &InvoiceRecord) -> i64 {
    invoice.kind.sign() * to_base_minor(invoice.balance_minor, invoice.exchange_rate_micros)
}

pub fn approved(invoice: &InvoiceRecord) -> bool {
    invoice.state == DocumentState::Approved
}

/// The day non-voided payments, in date order, first cover the gross amount.
pub fn brute_settled_on(history: &History, invoice: &InvoiceRecord) -> Option<NaiveDate> {
    if !approved(invoice) || invoice.kind != InvoiceKind::Invoice || invoice.gross_minor <= 0 {
        return None;
    }
    let mut paid: Vec<(NaiveDate, i64)> = history
        .payments
        .values()
        .filter(|p| !p.is_voided)
        .flat_map(|p| {
            p.associations
                .iter()
                .filter(|a| a.subject == PaymentSubject::Invoice(invoice.billy_id.clone()))
                .map(move |a| (p.entry_date, a.amount_minor))
        })
        .collect();
    paid.sort();
    let mut total = 0;
    for (day, amount) in paid {
        total += amount;
        if total >= invoice.gross_minor {
            return Some(day);
        }
    }
    None
}

/// Runs a store export to its end, reading as it goes; returns the rows it says it
/// handed over and every row received, in order.
pub async fn drain_export<T, F>(
    start: impl FnOnce(futures::channel::mpsc::Sender<ledgerlight::store::ExportItem<T>>) -> F,
) -> (u64, Vec<T>)
where
    F: std::future::Future<Output = Result<u64, ledgerlight::store::StoreError>>,
{
    let (sender, receiver) = futures::channel::mpsc::channel(1);
    let (sent, batches) = tokio::join!(
        start(sender),
        futures::StreamExt::collect::<Vec<ledgerlight::store::ExportItem<T>>>(receiver)
    );
    let rows = batches
        .into_iter()
        .flat_map(|batch| batch.expect("a batch, not an error"))
        .collect();
    (sent.expect("export"), rows)
}
