//! Random invoice histories (credit notes, foreign currency, partial payments, voided
//! documents, rewrites) and brute-force sums over them: the reference the rollup and
//! tenant isolation tests compare the store with.

use std::collections::{BTreeMap, HashSet};

use chrono::{Duration, NaiveDate};
use ledgerlight::domain::money::to_base_minor;
use ledgerlight::domain::DateRange;
use ledgerlight::store::*;
use rand::prelude::*;
use rand_chacha::ChaCha8Rng;

/// A contact (customer and supplier both) with nothing but an id and a name.
pub fn contact(billy_id: &str, name: &str) -> CustomerRecord {
    CustomerRecord {
        billy_id: billy_id.to_string(),
        name: name.to_string(),
        contact_type: "company".to_string(),
        country_code: None,
        city: None,
        contact_no: None,
        currency: None,
        registration_no: None,
        is_customer: true,
        is_supplier: true,
        payment_terms_days: None,
        is_archived: false,
        created_at: None,
    }
}

pub fn start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).expect("date")
}

/// The final state of everything written, by Billy id.
#[derive(Default)]
pub struct Model {
    pub invoices: BTreeMap<String, InvoiceRecord>,
    pub payments: BTreeMap<String, PaymentRecord>,
}

pub fn random_invoice(rng: &mut ChaCha8Rng, id: usize, customers: usize) -> InvoiceRecord {
    let entry = start() + Duration::days(rng.gen_range(0..120));
    let eur = rng.gen_bool(0.25);
    let net = rng.gen_range(1..2_000_000_i64);
    let tax = if eur { 0 } else { net / 4 };
    let kind = if rng.gen_bool(0.15) {
        InvoiceKind::CreditNote
    } else {
        InvoiceKind::Invoice
    };
    let state = match rng.gen_range(0..10) {
        0 => DocumentState::Draft,
        1 => DocumentState::Voided,
        _ => DocumentState::Approved,
    };
    InvoiceRecord {
        billy_id: format!("inv{id}"),
        customer_billy_id: format!("c{}", rng.gen_range(0..customers)),
        invoice_no: id.to_string(),
        kind,
        state,
        sent_state: "sent".to_string(),
        entry_date: entry,
        due_date: entry + Duration::days(rng.gen_range(0..40)),
        currency: if eur { "EUR" } else { "DKK" }.to_string(),
        exchange_rate_micros: if eur {
            rng.gen_range(7_440_000..7_470_000)
        } else {
            1_000_000
        },
        tax_mode: "excl".to_string(),
        net_minor: net,
        tax_minor: tax,
        gross_minor: net + tax,
        balance_minor: net + tax,
        is_paid: false,
        credited_invoice_billy_id: None,
        line_description: None,
        created_at: None,
        approved_at: None,
        lines: Vec::new(),
    }
}

pub fn random_payment(rng: &mut ChaCha8Rng, id: usize, invoice: &InvoiceRecord) -> PaymentRecord {
    let amount = (invoice.gross_minor * rng.gen_range(10..=100) / 100).max(1);
    PaymentRecord {
        billy_id: format!("pay{id}"),
        customer_billy_id: None,
        entry_date: invoice.entry_date + Duration::days(rng.gen_range(-5..70)),
        cash_amount_minor: amount,
        currency: invoice.currency.clone(),
        cash_side: "debit".to_string(),
        exchange_rate_micros: invoice.exchange_rate_micros,
        fee_minor: 0,
        is_voided: rng.gen_bool(0.1),
        created_at: None,
        associations: vec![PaymentAssociation {
            subject: PaymentSubject::Invoice(invoice.billy_id.clone()),
            amount_minor: amount,
        }],
    }
}

/// Writes a random history in several batches, rewriting some records along the way.
pub async fn write_random_history(store: &dyn Store, org: OrgId, rng: &mut ChaCha8Rng) -> Model {
    let mut model = Model::default();
    let customers = rng.gen_range(3..12);
    let setup = Batch {
        customers: (0..customers)
            .map(|i| contact(&format!("c{i}"), &format!("Customer {i}")))
            .collect(),
        ..Batch::default()
    };
    store.write_batch(org, &setup).await.expect("customers");
    let mut next_invoice = 0;
    let mut next_payment = 0;
    for _ in 0..rng.gen_range(2..5) {
        let mut batch = Batch::default();
        for _ in 0..rng.gen_range(5..40) {
            let invoice = random_invoice(rng, next_invoice, customers);
            next_invoice += 1;
            batch.invoices.push(invoice);
        }
        // Rewrite some earlier invoices: new dates, amounts, states.
        let known: Vec<String> = model.invoices.keys().cloned().collect();
        for billy_id in &known {
            if !rng.gen_bool(0.2) {
                continue;
            }
            let mut changed = random_invoice(rng, 0, customers);
            changed.billy_id = billy_id.clone();
            batch.invoices.push(changed);
        }
        for invoice in &batch.invoices {
            model
                .invoices
                .insert(invoice.billy_id.clone(), invoice.clone());
        }
        let payable: Vec<InvoiceRecord> = model.invoices.values().cloned().collect();
        for invoice in &payable {
            if !rng.gen_bool(0.4) {
                continue;
            }
            let payment = random_payment(rng, next_payment, invoice);
            next_payment += 1;
            batch.payments.push(payment);
        }
        // Rewrite some earlier payments (moved, voided, changed amounts).
        let known: Vec<PaymentRecord> = model.payments.values().cloned().collect();
        for old in &known {
            if !rng.gen_bool(0.2) {
                continue;
            }
            let target = &payable[rng.gen_range(0..payable.len())];
            let mut changed = random_payment(rng, 0, target);
            changed.billy_id = old.billy_id.clone();
            batch.payments.push(changed);
        }
        for payment in &batch.payments {
            model
                .payments
                .insert(payment.billy_id.clone(), payment.clone());
        }
        store.write_batch(org, &batch).await.expect("batch");
    }
    model
}

pub fn approved(invoice: &InvoiceRecord) -> bool {
    invoice.state == DocumentState::Approved
}

pub fn brute_totals(model: &Model, range: DateRange) -> PeriodTotals {
    let docs: Vec<&InvoiceRecord> = model
        .invoices
        .values()
        .filter(|i| approved(i) && range.contains(i.entry_date))
        .collect();
    let invoices: Vec<&&InvoiceRecord> = docs
        .iter()
        .filter(|i| i.kind == InvoiceKind::Invoice)
        .collect();
    PeriodTotals {
        revenue_base_minor: docs
            .iter()
            .map(|i| i.kind.sign() * to_base_minor(i.net_minor, i.exchange_rate_micros))
            .sum(),
        invoice_count: invoices.len() as i64,
        credit_note_count: (docs.len() - invoices.len()) as i64,
        active_customers: invoices
            .iter()
            .map(|i| i.customer_billy_id.clone())
            .collect::<HashSet<_>>()
            .len() as i64,
    }
}

pub fn brute_receivables(model: &Model, day: NaiveDate) -> Receivables {
    let receivable = |i: &&InvoiceRecord| approved(i) && i.kind == InvoiceKind::Invoice;
    let gross = |i: &InvoiceRecord| to_base_minor(i.gross_minor, i.exchange_rate_micros);
    let paid_by = |invoice: &InvoiceRecord| -> i64 {
        model
            .payments
            .values()
            .filter(|p| !p.is_voided && p.entry_date <= day)
            .flat_map(|p| p.associations.iter())
            .filter(|a| a.subject == PaymentSubject::Invoice(invoice.billy_id.clone()))
            .map(|a| to_base_minor(a.amount_minor, invoice.exchange_rate_micros))
            .sum()
    };
    let invoiced: i64 = model
        .invoices
        .values()
        .filter(receivable)
        .filter(|i| i.entry_date <= day)
        .map(gross)
        .sum();
    let paid: i64 = model
        .invoices
        .values()
        .filter(receivable)
        .map(paid_by)
        .sum();
    let overdue: i64 = model
        .invoices
        .values()
        .filter(receivable)
        .filter(|i| i.due_date < day)
        .map(|i| gross(i) - paid_by(i))
        .sum();
    Receivables {
        outstanding_base_minor: invoiced - paid,
        overdue_base_minor: overdue,
    }
}
