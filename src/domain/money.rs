//! Money as integer minor units plus a currency code, and its display formatting.
//!
//! Amounts are never floats in storage or sums; floats appear only when a ratio is
//! shown to a person (percentages).

use serde::{Deserialize, Serialize};

/// An amount in minor units (øre, cents) of `currency` (ISO 4217 code).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Money {
    pub minor: i64,
    pub currency: String,
}

impl Money {
    pub fn new(minor: i64, currency: impl Into<String>) -> Self {
        Self {
            minor,
            currency: currency.into(),
        }
    }
}

/// Converts `minor` units of a document currency into base-currency minor units.
///
/// `rate_micros` is base-currency units per one document-currency unit, times 10^6
/// (a DKK document in a DKK organization has 1_000_000). Rounds half away from zero,
/// per document, exactly like the SQL that maintains the rollups.
pub fn to_base_minor(minor: i64, rate_micros: i64) -> i64 {
    let product = i128::from(minor) * i128::from(rate_micros);
    let half = 500_000_i128;
    let rounded = if product >= 0 {
        (product + half) / 1_000_000
    } else {
        (product - half) / 1_000_000
    };
    i64::try_from(rounded).unwrap_or(if rounded > 0 { i64::MAX } else { i64::MIN })
}

/// Groups the digits of a non-negative integer with `sep` every three digits.
fn group_thousands(mut value: u64, sep: char) -> String {
    if value == 0 {
        return "0".to_string();
    }
    let mut groups = Vec::new();
    while value > 0 {
        groups.push(value % 1000);
        value /= 1000;
    }
    let mut out = String::new();
    for (i, group) in groups.iter().rev().enumerate() {
        if i == 0 {
            out.push_str(&group.to_string());
        } else {
            out.push(sep);
            out.push_str(&format!("{group:03}"));
        }
    }
    out
}

/// Formats a whole number the Danish way: `1.234.567`.
pub fn format_count(value: i64) -> String {
    let sign = if value < 0 { "-" } else { "" };
    format!("{sign}{}", group_thousands(value.unsigned_abs(), '.'))
}

/// Formats money for a KPI card: whole major units, Danish grouping, currency after the
/// number (`1.234.567 kr.`, `12.500 EUR`). Rounds half away from zero.
pub fn format_money(minor: i64, currency: &str) -> String {
    let major = (minor.unsigned_abs() + 50) / 100;
    let sign = if minor < 0 && major > 0 { "-" } else { "" };
    let unit = currency_unit(currency);
    format!("{sign}{} {unit}", group_thousands(major, '.'))
}

/// Formats money with øre/cents: `1.234,56 kr.`.
pub fn format_money_exact(minor: i64, currency: &str) -> String {
    let abs = minor.unsigned_abs();
    let sign = if minor < 0 { "-" } else { "" };
    let unit = currency_unit(currency);
    format!(
        "{sign}{},{:02} {unit}",
        group_thousands(abs / 100, '.'),
        abs % 100
    )
}

fn currency_unit(currency: &str) -> &str {
    match currency {
        "DKK" => "kr.",
        other => other,
    }
}

/// The relative change from `previous` to `current` in percent, or `None` when the
/// previous value is zero (a change from nothing has no meaningful percentage).
pub fn percent_change(current: i64, previous: i64) -> Option<f64> {
    if previous == 0 {
        return None;
    }
    // Precision loss is irrelevant at display resolution (one decimal).
    let change = (current - previous) as f64 / previous.unsigned_abs() as f64 * 100.0;
    Some(change)
}

/// Formats a percent change: `+12,3 %`, `-4,0 %`, or `n/a`.
pub fn format_change(change: Option<f64>) -> String {
    match change {
        None => "n/a".to_string(),
        Some(value) => {
            let sign = if value > 0.0 { "+" } else { "" };
            format!("{sign}{value:.1} %").replace('.', ",")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_danish_kroner() {
        assert_eq!(format_money(123_456_789, "DKK"), "1.234.568 kr.");
        assert_eq!(format_money(0, "DKK"), "0 kr.");
        assert_eq!(format_money(-250_000, "EUR"), "-2.500 EUR");
        assert_eq!(format_money_exact(123_456, "DKK"), "1.234,56 kr.");
        assert_eq!(format_count(1_234), "1.234");
    }

    #[test]
    fn converts_to_base_with_half_away_rounding() {
        assert_eq!(to_base_minor(100, 7_460_000), 746);
        assert_eq!(to_base_minor(1, 7_465_000), 7);
        assert_eq!(to_base_minor(-1, 7_500_000), -8);
        assert_eq!(to_base_minor(12_345, 1_000_000), 12_345);
    }

    #[test]
    fn percent_change_handles_zero_previous() {
        assert_eq!(percent_change(10, 0), None);
        assert_eq!(format_change(percent_change(110, 100)), "+10,0 %");
        assert_eq!(format_change(percent_change(96, 100)), "-4,0 %");
    }
}
