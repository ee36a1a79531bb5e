//! What Billy sends (records, `Retry-After`), where an admin says Billy is, and the
//! server's own settings: decoded without panics into bounded, checked values.

use proptest::prelude::*;
use serde_json::{json, Map, Value};

use super::{check, hostile_text};
use crate::domain::calendar::in_window;
use crate::domain::reason::Reason;
use crate::server::config::Config;
use crate::sync::billy::address::{is_public, AddressPolicy};
use crate::sync::billy::client::decode;
use crate::sync::billy::convert;
use crate::sync::billy::retry::parse_retry_after;
use crate::sync::billy::wire::{WireBankPayment, WireBill, WireContact, WireInvoice};

/// A JSON value of any kind, hostile where it is a string or a number.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|f| json!(f)),
        prop_oneof![Just(1e300), Just(-1e300), Just(0.005), Just(1e12 + 1.0)]
            .prop_map(|f| json!(f)),
        hostile_text().prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::btree_map("[a-zA-Z]{1,12}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A record with Billy's field names (those of every resource), each given a hostile
/// value or a plausible one.
fn billy_record() -> impl Strategy<Value = Value> {
    const FIELDS: [&str; 24] = [
        "id",
        "type",
        "contactId",
        "entryDate",
        "dueDate",
        "state",
        "amount",
        "tax",
        "grossAmount",
        "currencyId",
        "exchangeRate",
        "balance",
        "isPaid",
        "invoiceNo",
        "name",
        "createdTime",
        "approvedTime",
        "lines",
        "cashAmount",
        "cashSide",
        "associations",
        "isVoided",
        "creditedInvoiceId",
        "lineDescription",
    ];
    let plausible = prop_oneof![
        Just(json!("inv1")),
        Just(json!("2026-06-01")),
        Just(json!("approved")),
        Just(json!("invoice")),
        Just(json!("DKK")),
        Just(json!(125.5)),
        Just(
            json!([{"description": "Work", "quantity": 1, "unitPrice": 100, "amount": 100, "tax": 25}])
        ),
        Just(json!([{"subjectReference": "invoice:inv1", "amount": 10}])),
    ];
    let value = prop_oneof![json_value(), plausible];
    proptest::collection::vec(value, FIELDS.len()).prop_map(|values| {
        let mut record = Map::new();
        for (field, value) in FIELDS.iter().zip(values) {
            if !value.is_null() {
                record.insert((*field).to_string(), value);
            }
        }
        Value::Object(record)
    })
}

fn usable_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 64
}

#[test]
fn billys_records_are_checked_or_rejected_never_trusted() {
    check(
        "billy::convert (contacts, invoices, payments, bills)",
        billy_record(),
        |record| {
            if let Ok(wire) = decode::<WireContact>(&record) {
                if let Ok(contact) = convert::contact(&wire) {
                    prop_assert!(usable_id(&contact.billy_id));
                    prop_assert!(contact.name.chars().count() <= 1_000);
                }
            }
            if let Ok(wire) = decode::<WireInvoice>(&record) {
                if let Ok(invoice) = convert::invoice(&wire) {
                    prop_assert!(usable_id(&invoice.billy_id));
                    prop_assert!(in_window(invoice.entry_date) && in_window(invoice.due_date));
                    prop_assert!(invoice.invoice_no.chars().count() <= 1_000);
                    prop_assert!(invoice.gross_minor.unsigned_abs() <= 10_u64.pow(14) * 2);
                }
            }
            if let Ok(wire) = decode::<WireBankPayment>(&record) {
                if let Ok(payment) = convert::bank_payment(&wire) {
                    prop_assert!(usable_id(&payment.billy_id));
                    prop_assert!(in_window(payment.entry_date));
                }
            }
            if let Ok(wire) = decode::<WireBill>(&record) {
                if let Ok(bill) = convert::bill(&wire) {
                    prop_assert!(usable_id(&bill.billy_id));
                    prop_assert!(in_window(bill.entry_date));
                }
            }
            Ok(())
        },
    );
}

/// Addresses as an admin might type them, or an attacker would: IP literals in every
/// notation, credentials, odd schemes, and plain hostile text.
fn typed_address() -> impl Strategy<Value = String> {
    let host = prop_oneof![
        Just("api.billysbilling.com".to_string()),
        Just("localhost".to_string()),
        any::<[u8; 4]>().prop_map(|b| format!("{}.{}.{}.{}", b[0], b[1], b[2], b[3])),
        any::<u32>().prop_map(|n| n.to_string()),
        any::<u32>().prop_map(|n| format!("0x{n:x}")),
        any::<[u16; 8]>().prop_map(|s| {
            format!(
                "[{:x}:{:x}:{:x}:{:x}:{:x}:{:x}:{:x}:{:x}]",
                s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7]
            )
        }),
        any::<[u8; 4]>().prop_map(|b| format!("[::ffff:{}.{}.{}.{}]", b[0], b[1], b[2], b[3])),
        hostile_text(),
    ];
    let scheme = prop_oneof![
        Just("https://"),
        Just("http://"),
        Just("ftp://"),
        Just("HTTPS://"),
        Just(""),
    ];
    let userinfo = prop_oneof![
        3 => Just(String::new()),
        1 => Just("127.0.0.1@".to_string()),
        1 => Just("user:pass@".to_string()),
        1 => "[a-z:]{0,8}@",
    ];
    let tail = prop_oneof![Just("/v2"), Just(":8443/v2"), Just(""), Just("/v2?x=1")];
    prop_oneof![
        4 => (scheme, userinfo, host, tail).prop_map(|(s, u, h, t)| format!("{s}{u}{h}{t}")),
        1 => hostile_text(),
    ]
}

#[test]
fn billy_addresses_allow_only_public_https_without_credentials() {
    let strict = AddressPolicy::public_only();
    check(
        "billy::address::AddressPolicy::check_url",
        typed_address(),
        |text| {
            match strict.check_url(&text) {
                Ok(url) => {
                    prop_assert_eq!(url.scheme(), "https");
                    prop_assert!(url.username().is_empty() && url.password().is_none());
                    match url.host() {
                        Some(url::Host::Ipv4(ip)) => prop_assert!(is_public(ip.into())),
                        Some(url::Host::Ipv6(ip)) => prop_assert!(is_public(ip.into())),
                        Some(url::Host::Domain(_)) => {}
                        None => prop_assert!(false, "no host in {}", url),
                    }
                }
                Err(reason) => prop_assert!(matches!(
                    reason,
                    Reason::BaseUrlMalformed
                        | Reason::BaseUrlNotHttps
                        | Reason::BaseUrlCredentials
                        | Reason::BaseUrlPrivate(_)
                )),
            }
            Ok(())
        },
    );
}

#[test]
fn retry_after_and_settings_never_panic() {
    let setting = prop_oneof![
        hostile_text(),
        Just("127.0.0.1:0".to_string()),
        Just("sqlite://data/x.db".to_string()),
        Just("true".to_string()),
    ];
    let input = (hostile_text(), setting);
    check(
        "billy::retry::parse_retry_after and server::Config",
        input,
        |(retry_after, setting)| {
            let _ = parse_retry_after(&retry_after, chrono::Utc::now());
            // Not the settings that name files: the test must not read whatever
            // path the text happens to be.
            let config = Config::from_lookup(|key| {
                (key != "DATABASE_URL" && !key.ends_with("_FILE")).then(|| setting.clone())
            });
            if let Err(err) = config {
                prop_assert!(!err.to_string().is_empty());
            }
            Ok(())
        },
    );
}
