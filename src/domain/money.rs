//! Money as integer minor units plus a currency code (formatting: `domain::format`).
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

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(percent_change(110, 100), Some(10.0));
        assert_eq!(percent_change(96, 100), Some(-4.0));
        assert_eq!(percent_change(50, -100), Some(150.0));
    }
}
