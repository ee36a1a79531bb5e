//! Store records written back as Billy JSON records: the simulator serves the demo
//! generator's data in Billy's own shape, so the sync reads it through the real path.

use chrono::{DateTime, Utc};

use crate::store::{
    BillRecord, CustomerRecord, InvoiceKind, InvoiceRecord, PaymentRecord, PaymentSubject,
    ProductRecord,
};
use crate::sync::billy::wire::{
    WireAssociation, WireBankPayment, WireBill, WireContact, WireInvoice, WireInvoiceLine,
    WirePrice, WireProduct,
};

/// Minor units as Billy's decimal number.
pub fn major(minor: i64) -> f64 {
    // Exact for every amount below 2^53 øre, far beyond any invoice.
    minor as f64 / 100.0
}

fn micros(value: i64) -> f64 {
    value as f64 / 1_000_000.0
}

fn milli(value: i64) -> f64 {
    value as f64 / 1_000.0
}

/// Billy's zone-less timestamp form.
pub fn billy_time(at: Option<DateTime<Utc>>) -> Option<String> {
    at.map(|at| at.format("%Y-%m-%dT%H:%M:%S").to_string())
}

pub fn contact(record: &CustomerRecord) -> WireContact {
    WireContact {
        id: record.billy_id.clone(),
        contact_type: record.contact_type.clone(),
        name: record.name.clone(),
        country_id: record.country_code.clone(),
        city_text: record.city.clone(),
        contact_no: record.contact_no.clone(),
        currency_id: record.currency.clone(),
        registration_no: record.registration_no.clone(),
        is_customer: record.is_customer,
        is_supplier: record.is_supplier,
        payment_terms_mode: Some("net".to_string()),
        payment_terms_days: record.payment_terms_days,
        created_time: billy_time(record.created_at),
        is_archived: record.is_archived,
        ..WireContact::default()
    }
}

pub fn product(record: &ProductRecord) -> WireProduct {
    WireProduct {
        id: record.billy_id.clone(),
        name: record.name.clone(),
        description: record.description.clone(),
        product_no: record.product_no.clone(),
        is_archived: record.is_archived,
        prices: match (record.unit_price_minor, &record.currency) {
            (Some(price), Some(currency)) => vec![WirePrice {
                unit_price: major(price),
                currency_id: currency.clone(),
            }],
            _ => Vec::new(),
        },
    }
}

pub fn invoice(record: &InvoiceRecord, organization_id: &str) -> WireInvoice {
    WireInvoice {
        id: record.billy_id.clone(),
        organization_id: Some(organization_id.to_string()),
        invoice_type: match record.kind {
            InvoiceKind::Invoice => "invoice",
            InvoiceKind::CreditNote => "creditNote",
        }
        .to_string(),
        created_time: billy_time(record.created_at),
        approved_time: billy_time(record.approved_at),
        contact_id: record.customer_billy_id.clone(),
        entry_date: Some(record.entry_date.to_string()),
        due_date: Some(record.due_date.to_string()),
        state: record.state.as_str().to_string(),
        sent_state: Some(record.sent_state.clone()),
        invoice_no: Some(record.invoice_no.clone()),
        tax_mode: Some(record.tax_mode.clone()),
        amount: major(record.net_minor),
        tax: major(record.tax_minor),
        gross_amount: major(record.gross_minor),
        currency_id: record.currency.clone(),
        exchange_rate: Some(micros(record.exchange_rate_micros)),
        balance: major(record.balance_minor),
        is_paid: record.is_paid,
        credited_invoice_id: record.credited_invoice_billy_id.clone(),
        line_description: record.line_description.clone(),
        lines: Some(
            record
                .lines
                .iter()
                .map(|line| WireInvoiceLine {
                    id: line.billy_id.clone(),
                    product_id: line.product_billy_id.clone(),
                    description: line.description.clone(),
                    quantity: milli(line.quantity_milli),
                    unit_price: major(line.unit_price_minor),
                    amount: major(line.net_minor),
                    tax: major(line.tax_minor),
                })
                .collect(),
        ),
    }
}

pub fn bank_payment(record: &PaymentRecord) -> WireBankPayment {
    WireBankPayment {
        id: record.billy_id.clone(),
        contact_id: record.customer_billy_id.clone(),
        created_time: billy_time(record.created_at),
        entry_date: Some(record.entry_date.to_string()),
        cash_amount: major(record.cash_amount_minor),
        cash_side: record.cash_side.clone(),
        cash_exchange_rate: Some(micros(record.exchange_rate_micros)),
        subject_currency_id: Some(record.currency.clone()),
        fee_amount: Some(major(record.fee_minor)),
        is_voided: record.is_voided,
        associations: record
            .associations
            .iter()
            .map(|association| WireAssociation {
                id: None,
                subject_reference: match &association.subject {
                    PaymentSubject::Invoice(id) => format!("invoice:{id}"),
                    PaymentSubject::Bill(id) => format!("bill:{id}"),
                },
                amount: Some(major(association.amount_minor)),
            })
            .collect(),
    }
}

pub fn bill(record: &BillRecord) -> WireBill {
    WireBill {
        id: record.billy_id.clone(),
        contact_id: record.supplier_billy_id.clone(),
        contact_name: record.supplier_name.clone(),
        created_time: billy_time(record.created_at),
        entry_date: Some(record.entry_date.to_string()),
        due_date: Some(record.due_date.to_string()),
        state: record.state.as_str().to_string(),
        suppliers_invoice_no: record.suppliers_invoice_no.clone(),
        amount: major(record.net_minor),
        tax: major(record.tax_minor),
        gross_amount: Some(major(record.gross_minor)),
        currency_id: record.currency.clone(),
        exchange_rate: Some(micros(record.exchange_rate_micros)),
        balance: major(record.balance_minor),
        is_paid: record.is_paid,
        voucher_no: record.voucher_no.clone(),
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::sync::billy::convert;
    use crate::sync::demo_data::{generate, DemoSpec};

    /// Whatever the simulator serves, the client's conversion reads back unchanged:
    /// the two directions are one dialect.
    #[test]
    fn every_generated_record_survives_the_round_trip() {
        let data = generate(&DemoSpec {
            seed: 11,
            invoices: 300,
            customers: 20,
            months: 6,
            today: NaiveDate::from_ymd_opt(2026, 11, 1).expect("date"),
        });
        for batch in &data.batches {
            for record in &batch.customers {
                assert_eq!(
                    &convert::contact(&contact(record)).expect("contact"),
                    record
                );
            }
            for record in &batch.products {
                assert_eq!(
                    &convert::product(&product(record)).expect("product"),
                    record
                );
            }
            for record in &batch.invoices {
                let back = convert::invoice(&invoice(record, "org")).expect("invoice");
                // Billy's timestamps have whole seconds only.
                assert_eq!(back.billy_id, record.billy_id);
                assert_eq!(
                    InvoiceRecord {
                        created_at: record.created_at,
                        approved_at: record.approved_at,
                        ..back
                    },
                    *record
                );
            }
            for record in &batch.payments {
                let back = convert::bank_payment(&bank_payment(record)).expect("payment");
                assert_eq!(&back, record);
            }
            for record in &batch.bills {
                assert_eq!(&convert::bill(&bill(record)).expect("bill"), record);
            }
        }
    }
}
