//! Checking and converting Billy's JSON records into store records.
//!
//! Billy sends decimal amounts as JSON numbers; we keep integer minor units (øre,
//! cents), so every amount is rounded to its scale here, once. A record that cannot be
//! trusted (a missing date, an unknown state, amounts that do not add up) is rejected
//! with a reason people can read, and kept as a validation error instead of being
//! written: one bad invoice must not stop a sync.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

use super::wire::{WireBankPayment, WireBill, WireContact, WireInvoice, WireProduct};
use crate::store::{
    BillRecord, CustomerRecord, DocumentState, InvoiceKind, InvoiceLineRecord, InvoiceRecord,
    PaymentAssociation, PaymentRecord, PaymentSubject, ProductRecord,
};

/// Why an upstream record was not accepted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejection {
    pub upstream_id: String,
    pub reason: String,
}

fn reject(id: &str, reason: impl Into<String>) -> Rejection {
    Rejection {
        upstream_id: id.to_string(),
        reason: reason.into(),
    }
}

/// Amounts may differ from the sum of their parts by this many minor units (Billy
/// rounds lines and totals separately).
const ROUNDING_TOLERANCE_MINOR: i64 = 2;

/// The largest amount accepted, in major units: far above any real invoice, far below
/// where `f64` stops holding cents exactly.
const MAX_AMOUNT: f64 = 1e12;

/// A decimal amount as integer units of `1 / 10^scale` (scale 2: minor units).
pub fn scaled(value: f64, scale: i32) -> Option<i64> {
    if !value.is_finite() || value.abs() > MAX_AMOUNT {
        return None;
    }
    // The cast is exact: the bound above keeps the value far inside i64.
    Some((value * 10f64.powi(scale)).round() as i64)
}

fn minor(id: &str, field: &str, value: f64) -> Result<i64, Rejection> {
    scaled(value, 2).ok_or_else(|| reject(id, format!("{field} is not a usable amount ({value})")))
}

/// A day Billy sent: `YYYY-MM-DD` inside the product's calendar window (1900-2199).
fn date(id: &str, field: &str, value: Option<&str>) -> Result<NaiveDate, Rejection> {
    let text = value.ok_or_else(|| reject(id, format!("{field} is missing")))?;
    crate::domain::calendar::parse_day(text).map_err(|_| {
        reject(
            id,
            format!(
                "{field} is not a date between 1900-01-01 and 2199-12-31: {:?}",
                crate::domain::echo::shown(text)
            ),
        )
    })
}

/// Billy's datetimes carry no zone (`2023-07-05T10:26:10`) and are read as UTC; a zone,
/// if one ever appears, is honoured. An unreadable time is dropped, not fatal: it is
/// informational only.
pub fn datetime(value: Option<&str>) -> Option<DateTime<Utc>> {
    let text = value?;
    let parsed = match DateTime::parse_from_rfc3339(text) {
        Ok(with_zone) => Some(with_zone.with_timezone(&Utc)),
        Err(_) => NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f")
            .ok()
            .map(|naive| naive.and_utc()),
    };
    parsed.filter(|time| crate::domain::calendar::in_window(time.date_naive()))
}

fn state(id: &str, value: &str) -> Result<DocumentState, Rejection> {
    match value {
        "draft" => Ok(DocumentState::Draft),
        "approved" => Ok(DocumentState::Approved),
        "voided" => Ok(DocumentState::Voided),
        other => Err(reject(id, format!("unknown state {other:?}"))),
    }
}

/// Base currency per unit of the document's currency, in millionths; 1 when absent
/// (documents in the base currency).
fn rate_micros(id: &str, value: Option<f64>) -> Result<i64, Rejection> {
    match value {
        None => Ok(1_000_000),
        Some(rate) => match scaled(rate, 6) {
            Some(micros) if micros > 0 => Ok(micros),
            _ => Err(reject(id, format!("exchange rate {rate} is not positive"))),
        },
    }
}

fn currency(id: &str, value: &str) -> Result<String, Rejection> {
    if value.len() == 3 && value.chars().all(|c| c.is_ascii_uppercase()) {
        Ok(value.to_string())
    } else {
        Err(reject(
            id,
            format!("currency {value:?} is not a currency code"),
        ))
    }
}

/// The longest id we accept from Billy (its ids are 22 characters).
const MAX_ID_CHARS: usize = 64;
/// Texts (names, descriptions, numbers) are cut here: enough for any real one, and a
/// bounded row whatever an answer holds.
const MAX_TEXT_CHARS: usize = 1_000;

/// An id as Billy makes them: present, short, letters, digits, `-` and `_` only, so it
/// is safe as a key, in a URL path and in a log line.
fn usable_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_ID_CHARS
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// A record's own id, or its rejection naming what it is.
fn record_id<'a>(id: &'a str, what: &str) -> Result<&'a str, Rejection> {
    if id.is_empty() {
        Err(reject("", format!("{what} without an id")))
    } else if !usable_id(id) {
        let shown: String = id.chars().take(MAX_ID_CHARS).collect();
        Err(reject(&shown, format!("{what} with an id we cannot use")))
    } else {
        Ok(id)
    }
}

/// `text` cut to [`MAX_TEXT_CHARS`] characters.
fn bounded(text: &str) -> String {
    text.chars().take(MAX_TEXT_CHARS).collect()
}

fn blank_to_none(value: Option<&String>) -> Option<String> {
    value.filter(|v| !v.trim().is_empty()).map(|v| bounded(v))
}

pub fn contact(wire: &WireContact) -> Result<CustomerRecord, Rejection> {
    record_id(&wire.id, "a contact")?;
    Ok(CustomerRecord {
        billy_id: wire.id.clone(),
        name: if wire.name.trim().is_empty() {
            format!("Contact {}", wire.id)
        } else {
            bounded(&wire.name)
        },
        contact_type: if wire.contact_type == "person" {
            "person"
        } else {
            "company"
        }
        .to_string(),
        country_code: blank_to_none(wire.country_id.as_ref()),
        city: blank_to_none(wire.city_text.as_ref()),
        contact_no: blank_to_none(wire.contact_no.as_ref()),
        currency: blank_to_none(wire.currency_id.as_ref()),
        registration_no: blank_to_none(wire.registration_no.as_ref()),
        is_customer: wire.is_customer,
        is_supplier: wire.is_supplier,
        payment_terms_days: wire.payment_terms_days,
        is_archived: wire.is_archived,
        created_at: datetime(wire.created_time.as_deref()),
    })
}

pub fn product(wire: &WireProduct) -> Result<ProductRecord, Rejection> {
    record_id(&wire.id, "a product")?;
    let price = wire.prices.first();
    Ok(ProductRecord {
        billy_id: wire.id.clone(),
        name: bounded(&wire.name),
        description: blank_to_none(wire.description.as_ref()),
        product_no: blank_to_none(wire.product_no.as_ref()),
        is_archived: wire.is_archived,
        unit_price_minor: match price {
            Some(p) => Some(minor(&wire.id, "prices[0].unitPrice", p.unit_price)?),
            None => None,
        },
        currency: price.map(|p| p.currency_id.clone()),
    })
}

/// Billy's spelling of credit notes is UNCONFIRMED: any type naming a credit counts.
fn invoice_kind(value: &str) -> InvoiceKind {
    if value
        .to_ascii_lowercase()
        .replace(['_', ' '], "")
        .contains("creditnote")
    {
        InvoiceKind::CreditNote
    } else {
        InvoiceKind::Invoice
    }
}

pub fn invoice(wire: &WireInvoice) -> Result<InvoiceRecord, Rejection> {
    let id = wire.id.as_str();
    record_id(id, "an invoice")?;
    if wire.contact_id.is_empty() {
        return Err(reject(id, "contactId is missing"));
    }
    if !usable_id(&wire.contact_id) {
        return Err(reject(id, "contactId is not an id we can use"));
    }
    let entry_date = date(id, "entryDate", wire.entry_date.as_deref())?;
    let due_date = match wire.due_date.as_deref() {
        Some(_) => date(id, "dueDate", wire.due_date.as_deref())?,
        None => entry_date,
    };
    if due_date < entry_date {
        return Err(reject(
            id,
            format!("dueDate {due_date} is before entryDate {entry_date}"),
        ));
    }
    let net = minor(id, "amount", wire.amount)?;
    let tax = minor(id, "tax", wire.tax)?;
    let gross = minor(id, "grossAmount", wire.gross_amount)?;
    if (net + tax - gross).abs() > ROUNDING_TOLERANCE_MINOR {
        return Err(reject(
            id,
            format!(
                "grossAmount {} is not amount {} plus tax {}",
                wire.gross_amount, wire.amount, wire.tax
            ),
        ));
    }
    let balance = minor(id, "balance", wire.balance)?;
    if net < 0 || gross < 0 || balance < 0 {
        return Err(reject(
            id,
            "negative amounts (credit notes are sent positive)",
        ));
    }
    if balance > gross + ROUNDING_TOLERANCE_MINOR * 100 {
        // Late fees can raise the balance a little above the gross amount (UNCONFIRMED);
        // far above it is a broken record.
        return Err(reject(
            id,
            format!(
                "balance {} is above grossAmount {}",
                wire.balance, wire.gross_amount
            ),
        ));
    }
    let lines = wire
        .lines
        .iter()
        .flatten()
        .map(|line| {
            Ok(InvoiceLineRecord {
                billy_id: line.id.clone(),
                product_billy_id: line.product_id.clone(),
                description: bounded(&line.description),
                quantity_milli: scaled(line.quantity, 3)
                    .ok_or_else(|| reject(id, "a line quantity is not a number"))?,
                unit_price_minor: minor(id, "lines[].unitPrice", line.unit_price)?,
                net_minor: minor(id, "lines[].amount", line.amount)?,
                tax_minor: minor(id, "lines[].tax", line.tax)?,
            })
        })
        .collect::<Result<Vec<_>, Rejection>>()?;
    Ok(InvoiceRecord {
        billy_id: id.to_string(),
        customer_billy_id: wire.contact_id.clone(),
        invoice_no: wire.invoice_no.as_deref().map(bounded).unwrap_or_default(),
        kind: invoice_kind(&wire.invoice_type),
        state: state(id, &wire.state)?,
        sent_state: wire
            .sent_state
            .clone()
            .unwrap_or_else(|| "unsent".to_string()),
        entry_date,
        due_date,
        currency: currency(id, &wire.currency_id)?,
        exchange_rate_micros: rate_micros(id, wire.exchange_rate)?,
        tax_mode: wire.tax_mode.clone().unwrap_or_else(|| "excl".to_string()),
        net_minor: net,
        tax_minor: tax,
        gross_minor: gross,
        balance_minor: balance,
        is_paid: wire.is_paid,
        credited_invoice_billy_id: blank_to_none(wire.credited_invoice_id.as_ref()),
        line_description: blank_to_none(wire.line_description.as_ref()),
        created_at: datetime(wire.created_time.as_deref()),
        approved_at: datetime(wire.approved_time.as_deref()),
        lines,
    })
}

fn subject(id: &str, reference: &str) -> Result<PaymentSubject, Rejection> {
    match reference.split_once(':') {
        Some(("invoice", subject)) if usable_id(subject) => {
            Ok(PaymentSubject::Invoice(subject.to_string()))
        }
        Some(("bill", subject)) if usable_id(subject) => {
            Ok(PaymentSubject::Bill(subject.to_string()))
        }
        _ => Err(reject(
            id,
            format!("subjectReference {reference:?} names neither an invoice nor a bill"),
        )),
    }
}

pub fn bank_payment(wire: &WireBankPayment) -> Result<PaymentRecord, Rejection> {
    let id = wire.id.as_str();
    record_id(id, "a bank payment")?;
    let cash = minor(id, "cashAmount", wire.cash_amount)?;
    if cash < 0 {
        return Err(reject(id, "cashAmount is negative"));
    }
    if wire.cash_side != "debit" && wire.cash_side != "credit" {
        return Err(reject(
            id,
            format!("cashSide {:?} is neither debit nor credit", wire.cash_side),
        ));
    }
    let single = wire.associations.len() == 1;
    let associations = wire
        .associations
        .iter()
        .map(|association| {
            let amount_minor = match association.amount {
                Some(amount) => minor(id, "associations[].amount", amount)?,
                None if single => cash,
                None => {
                    return Err(reject(
                        id,
                        "several associations without amounts: the split is unknown",
                    ))
                }
            };
            Ok(PaymentAssociation {
                subject: subject(id, &association.subject_reference)?,
                amount_minor,
            })
        })
        .collect::<Result<Vec<_>, Rejection>>()?;
    let currency_code = wire.subject_currency_id.as_deref().unwrap_or("DKK");
    Ok(PaymentRecord {
        billy_id: id.to_string(),
        customer_billy_id: blank_to_none(wire.contact_id.as_ref()),
        entry_date: date(id, "entryDate", wire.entry_date.as_deref())?,
        cash_amount_minor: cash,
        currency: currency(id, currency_code)?,
        cash_side: wire.cash_side.clone(),
        exchange_rate_micros: rate_micros(id, wire.cash_exchange_rate)?,
        fee_minor: match wire.fee_amount {
            Some(fee) => minor(id, "feeAmount", fee)?,
            None => 0,
        },
        is_voided: wire.is_voided,
        created_at: datetime(wire.created_time.as_deref()),
        associations,
    })
}

pub fn bill(wire: &WireBill) -> Result<BillRecord, Rejection> {
    let id = wire.id.as_str();
    record_id(id, "a bill")?;
    let entry_date = date(id, "entryDate", wire.entry_date.as_deref())?;
    let due_date = match wire.due_date.as_deref() {
        Some(_) => date(id, "dueDate", wire.due_date.as_deref())?,
        None => entry_date,
    };
    let net = minor(id, "amount", wire.amount)?;
    let tax = minor(id, "tax", wire.tax)?;
    let gross = match wire.gross_amount {
        Some(gross) => minor(id, "grossAmount", gross)?,
        None => net + tax,
    };
    if (net + tax - gross).abs() > ROUNDING_TOLERANCE_MINOR {
        return Err(reject(id, "grossAmount is not amount plus tax"));
    }
    Ok(BillRecord {
        billy_id: id.to_string(),
        supplier_billy_id: blank_to_none(wire.contact_id.as_ref()),
        supplier_name: blank_to_none(wire.contact_name.as_ref()),
        entry_date,
        due_date,
        state: state(id, &wire.state)?,
        suppliers_invoice_no: blank_to_none(wire.suppliers_invoice_no.as_ref()),
        voucher_no: blank_to_none(wire.voucher_no.as_ref()),
        net_minor: net,
        tax_minor: tax,
        gross_minor: gross,
        currency: currency(id, &wire.currency_id)?,
        exchange_rate_micros: rate_micros(id, wire.exchange_rate)?,
        balance_minor: minor(id, "balance", wire.balance)?,
        is_paid: wire.is_paid,
        created_at: datetime(wire.created_time.as_deref()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::billy::wire::{WireAssociation, WireInvoiceLine};

    fn good_invoice() -> WireInvoice {
        WireInvoice {
            id: "inv1".into(),
            invoice_type: "invoice".into(),
            contact_id: "c1".into(),
            entry_date: Some("2026-06-01".into()),
            due_date: Some("2026-06-15".into()),
            state: "approved".into(),
            amount: 1000.10,
            tax: 250.03,
            gross_amount: 1250.13,
            currency_id: "EUR".into(),
            exchange_rate: Some(7.4612),
            balance: 1250.13,
            created_time: Some("2026-06-01T09:12:00".into()),
            lines: Some(vec![WireInvoiceLine {
                description: "Work".into(),
                quantity: 2.5,
                unit_price: 400.04,
                amount: 1000.10,
                tax: 250.03,
                ..WireInvoiceLine::default()
            }]),
            ..WireInvoice::default()
        }
    }

    #[test]
    fn amounts_become_exact_minor_units() {
        let record = invoice(&good_invoice()).expect("valid");
        assert_eq!(record.net_minor, 100_010);
        assert_eq!(record.tax_minor, 25_003);
        assert_eq!(record.gross_minor, 125_013);
        assert_eq!(record.exchange_rate_micros, 7_461_200);
        assert_eq!(record.lines[0].quantity_milli, 2_500);
        assert_eq!(
            record.created_at.map(|t| t.to_rfc3339()),
            Some("2026-06-01T09:12:00+00:00".to_string())
        );
        // 0.1 + 0.2 style float noise rounds away.
        assert_eq!(scaled(0.1 + 0.2, 2), Some(30));
    }

    #[test]
    fn broken_invoices_are_rejected_with_a_reason() {
        type Breaks = fn(&mut WireInvoice);
        let cases: Vec<(Breaks, &str)> = vec![
            (|i| i.entry_date = None, "entryDate is missing"),
            (
                |i| i.entry_date = Some("01-06-2026".into()),
                "entryDate is not a date",
            ),
            (|i| i.state = "archived".into(), "unknown state"),
            (|i| i.gross_amount = 99.0, "grossAmount 99 is not amount"),
            (|i| i.currency_id = "euro".into(), "not a currency code"),
            (
                |i| i.exchange_rate = Some(0.0),
                "exchange rate 0 is not positive",
            ),
            (|i| i.amount = f64::NAN, "amount is not a usable amount"),
            (
                |i| i.due_date = Some("2026-05-01".into()),
                "is before entryDate",
            ),
        ];
        for (breaks, expected) in cases {
            let mut wire = good_invoice();
            breaks(&mut wire);
            let rejection = invoice(&wire).expect_err(expected);
            assert!(
                rejection.reason.contains(expected),
                "{:?} should mention {expected:?}",
                rejection.reason
            );
            assert_eq!(rejection.upstream_id, "inv1");
        }
    }

    #[test]
    fn credit_notes_are_recognised_in_any_spelling() {
        for spelling in ["creditNote", "credit_note", "CreditNote"] {
            assert_eq!(invoice_kind(spelling), InvoiceKind::CreditNote);
        }
        assert_eq!(invoice_kind("invoice"), InvoiceKind::Invoice);
    }

    #[test]
    fn payments_name_their_subjects() {
        let mut wire = WireBankPayment {
            id: "p1".into(),
            entry_date: Some("2026-06-20".into()),
            cash_amount: 500.0,
            cash_side: "debit".into(),
            associations: vec![WireAssociation {
                subject_reference: "invoice:inv1".into(),
                ..WireAssociation::default()
            }],
            ..WireBankPayment::default()
        };
        let record = bank_payment(&wire).expect("valid");
        assert_eq!(
            record.associations,
            vec![PaymentAssociation {
                subject: PaymentSubject::Invoice("inv1".into()),
                amount_minor: 50_000,
            }]
        );
        wire.associations[0].subject_reference = "order:9".into();
        assert!(bank_payment(&wire)
            .expect_err("unknown subject")
            .reason
            .contains("neither an invoice nor a bill"));
    }
}
