//! Numbers, money, percentages and dates as a Danish or English reader expects them.
//!
//! Hand-written rather than ICU: ICU formatters would put every locale's data in the
//! wasm bundle, and the two languages need only a handful of rules. Expected strings
//! were taken from CLDR 48 (Node 20's `Intl`), with U+00A0 (no-break space) where CLDR
//! puts one, so "1.234 kr." never breaks across lines on a phone.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// No-break space: between a number and its unit.
pub const NBSP: char = '\u{a0}';

/// The languages Ledgerlight speaks. `code()` is the BCP 47 tag used in `<html lang>`,
/// the `ll_lang` cookie and the locale file names.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    En,
    Da,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Da];

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Da => "da",
        }
    }

    /// The language's name in itself, for the language switcher.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Da => "Dansk",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|lang| lang.code() == code)
    }

    fn group_separator(self) -> char {
        match self {
            Lang::En => ',',
            Lang::Da => '.',
        }
    }

    fn decimal_separator(self) -> char {
        match self {
            Lang::En => '.',
            Lang::Da => ',',
        }
    }
}

/// Groups the digits of a non-negative integer with `sep` every three digits.
fn group_thousands(value: u64, sep: char) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(digit);
    }
    out
}

/// A whole number: `1.234.567` (da), `1,234,567` (en).
pub fn count(value: i64, lang: Lang) -> String {
    let sign = if value < 0 { "-" } else { "" };
    format!(
        "{sign}{}",
        group_thousands(value.unsigned_abs(), lang.group_separator())
    )
}

/// Money in whole major units (KPI cards, charts): `1.234.568 kr.` (da),
/// `DKK 1,234,568` (en). Rounds half away from zero.
pub fn money(minor: i64, currency: &str, lang: Lang) -> String {
    let major = (minor.unsigned_abs() + 50) / 100;
    let negative = minor < 0 && major > 0;
    with_currency(
        group_thousands(major, lang.group_separator()),
        negative,
        currency,
        lang,
    )
}

/// Money with øre/cents (tables, invoices): `1.234,56 kr.` (da), `DKK 1,234.56` (en).
pub fn money_exact(minor: i64, currency: &str, lang: Lang) -> String {
    let abs = minor.unsigned_abs();
    let number = format!(
        "{}{}{:02}",
        group_thousands(abs / 100, lang.group_separator()),
        lang.decimal_separator(),
        abs % 100
    );
    with_currency(number, minor < 0, currency, lang)
}

fn with_currency(number: String, negative: bool, currency: &str, lang: Lang) -> String {
    let sign = if negative { "-" } else { "" };
    match (lang, currency) {
        (Lang::Da, "DKK") => format!("{sign}{number}{NBSP}kr."),
        (Lang::Da, other) => format!("{sign}{number}{NBSP}{other}"),
        (Lang::En, other) => format!("{sign}{other}{NBSP}{number}"),
    }
}

/// A major-unit amount for CSV cells: no grouping, two decimals, the language's decimal
/// mark (`-1234,50` in da, `-1234.50` in en), so spreadsheets read it as a number.
pub fn plain_amount(minor: i64, lang: Lang) -> String {
    let abs = minor.unsigned_abs();
    let sign = if minor < 0 { "-" } else { "" };
    format!(
        "{sign}{}{}{:02}",
        abs / 100,
        lang.decimal_separator(),
        abs % 100
    )
}

/// A fixed-point value with up to `places` decimals, trailing zeros dropped:
/// `1.234,5` (da), `1,234.5` (en).
fn fixed_point(value: i64, scale: u64, places: usize, lang: Lang) -> String {
    let abs = value.unsigned_abs();
    let whole = group_thousands(abs / scale, lang.group_separator());
    let fraction = format!("{:0places$}", abs % scale);
    let fraction = fraction.trim_end_matches('0');
    let sign = if value < 0 { "-" } else { "" };
    if fraction.is_empty() {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}{}{fraction}", lang.decimal_separator())
    }
}

/// A quantity kept in thousandths: `2,5` (da), `2.5` (en), `1.000` (da).
pub fn quantity_milli(milli: i64, lang: Lang) -> String {
    fixed_point(milli, 1_000, 3, lang)
}

/// An exchange rate kept in millionths: `7,4605` (da), `7.4605` (en).
pub fn rate_micros(micros: i64, lang: Lang) -> String {
    fixed_point(micros, 1_000_000, 6, lang)
}

/// A number with one decimal in the language's notation: `12,5` (da), `12.5` (en),
/// rounded half away from zero (days, seconds).
pub fn one_decimal(value: f64, lang: Lang) -> String {
    let tenths = (value * 10.0).round() as i64;
    let sign = if tenths < 0 { "-" } else { "" };
    let abs = tenths.unsigned_abs();
    format!("{sign}{}{}{}", abs / 10, lang.decimal_separator(), abs % 10)
}

/// A percentage with one decimal: `12,3 %` (da), `12.3%` (en).
pub fn percent(value: f64, lang: Lang) -> String {
    let number = format!("{:.1}", value.abs());
    let number = match lang {
        Lang::Da => number.replace('.', ","),
        Lang::En => number,
    };
    let sign = if value < 0.0 && number.chars().any(|c| c.is_ascii_digit() && c != '0') {
        "-"
    } else {
        ""
    };
    match lang {
        Lang::Da => format!("{sign}{number}{NBSP}%"),
        Lang::En => format!("{sign}{number}%"),
    }
}

/// A change in percent with its sign: `+12,3 %`, `-4,0 %`; `–` when there is nothing to
/// compare with (a change from zero has no percentage).
pub fn change(change: Option<f64>, lang: Lang) -> String {
    match change {
        None => "–".to_string(),
        Some(value) => {
            let shown = percent(value, lang);
            if value > 0.0 && !shown.starts_with('-') {
                format!("+{shown}")
            } else {
                shown
            }
        }
    }
}

const DA_MONTHS: [&str; 12] = [
    "jan.", "feb.", "mar.", "apr.", "maj", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.", "dec.",
];
const EN_MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn month_abbreviation(day: NaiveDate, lang: Lang) -> &'static str {
    let index = day.month0() as usize;
    match lang {
        Lang::Da => DA_MONTHS[index],
        Lang::En => EN_MONTHS[index],
    }
}

/// A date in words: `21. nov. 2026` (da), `21 Nov 2026` (en).
pub fn date(day: NaiveDate, lang: Lang) -> String {
    let month = month_abbreviation(day, lang);
    match lang {
        Lang::Da => format!("{}. {month} {}", day.day(), day.year()),
        Lang::En => format!("{} {month} {}", day.day(), day.year()),
    }
}

/// A compact date for table cells: `21.11.2026` (da), `21 Nov 2026` (en).
pub fn date_compact(day: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Da => format!("{:02}.{:02}.{}", day.day(), day.month(), day.year()),
        Lang::En => date(day, lang),
    }
}

/// A day of a month, without the year (a chart of recent days): `21. nov.` (da),
/// `21 Nov` (en).
pub fn day_month(day: NaiveDate, lang: Lang) -> String {
    let month = month_abbreviation(day, lang);
    match lang {
        Lang::Da => format!("{}. {month}", day.day()),
        Lang::En => format!("{} {month}", day.day()),
    }
}

/// A month: `nov. 2026` (da), `Nov 2026` (en).
pub fn month(day: NaiveDate, lang: Lang) -> String {
    format!("{} {}", month_abbreviation(day, lang), day.year())
}

/// A date range: `1. nov. 2026 – 30. nov. 2026`.
pub fn date_range(start: NaiveDate, end: NaiveDate, lang: Lang) -> String {
    format!("{} – {}", date(start, lang), date(end, lang))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    /// Golden strings: what `Intl` (CLDR 48) prints, with our choice of ISO codes for
    /// foreign currencies.
    #[test]
    fn money_matches_cldr() {
        let cases = [
            (123_456_789, "DKK", Lang::Da, "1.234.568\u{a0}kr."),
            (123_456_789, "DKK", Lang::En, "DKK\u{a0}1,234,568"),
            (0, "DKK", Lang::Da, "0\u{a0}kr."),
            (-250_000, "EUR", Lang::Da, "-2.500\u{a0}EUR"),
            (-250_000, "EUR", Lang::En, "-EUR\u{a0}2,500"),
            (-49, "DKK", Lang::Da, "0\u{a0}kr."),
        ];
        for (minor, currency, lang, expected) in cases {
            assert_eq!(money(minor, currency, lang), expected, "{minor} {lang:?}");
        }
        assert_eq!(money_exact(123_456, "DKK", Lang::Da), "1.234,56\u{a0}kr.");
        assert_eq!(money_exact(123_456, "DKK", Lang::En), "DKK\u{a0}1,234.56");
        assert_eq!(money_exact(-5, "USD", Lang::En), "-USD\u{a0}0.05");
    }

    #[test]
    fn counts_and_plain_amounts() {
        assert_eq!(count(1_234, Lang::Da), "1.234");
        assert_eq!(count(1_234_567, Lang::En), "1,234,567");
        assert_eq!(count(-999, Lang::En), "-999");
        assert_eq!(count(0, Lang::Da), "0");
        assert_eq!(plain_amount(-123_450, Lang::Da), "-1234,50");
        assert_eq!(plain_amount(7, Lang::En), "0.07");
    }

    #[test]
    fn percentages_and_changes() {
        assert_eq!(percent(12.34, Lang::Da), "12,3\u{a0}%");
        assert_eq!(percent(12.34, Lang::En), "12.3%");
        assert_eq!(change(Some(10.0), Lang::Da), "+10,0\u{a0}%");
        assert_eq!(change(Some(-4.0), Lang::En), "-4.0%");
        assert_eq!(change(Some(-0.01), Lang::En), "0.0%");
        assert_eq!(change(None, Lang::Da), "–");
    }

    #[test]
    fn dates_in_both_languages() {
        assert_eq!(date(day(2026, 11, 21), Lang::Da), "21. nov. 2026");
        assert_eq!(date(day(2026, 5, 1), Lang::Da), "1. maj 2026");
        assert_eq!(date(day(2026, 11, 21), Lang::En), "21 Nov 2026");
        assert_eq!(date_compact(day(2026, 3, 4), Lang::Da), "04.03.2026");
        assert_eq!(month(day(2026, 11, 1), Lang::Da), "nov. 2026");
        assert_eq!(month(day(2026, 11, 1), Lang::En), "Nov 2026");
    }

    #[test]
    fn language_codes_round_trip() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
        }
        assert_eq!(Lang::from_code("fr"), None);
    }

    #[test]
    fn quantities_and_rates_drop_trailing_zeros() {
        assert_eq!(quantity_milli(2_500, Lang::Da), "2,5");
        assert_eq!(quantity_milli(1_000_000, Lang::Da), "1.000");
        assert_eq!(quantity_milli(-1_250, Lang::En), "-1.25");
        assert_eq!(rate_micros(7_460_500, Lang::Da), "7,4605");
        assert_eq!(rate_micros(1_000_000, Lang::En), "1");
    }

    #[test]
    fn one_decimal_rounds_and_uses_the_decimal_mark() {
        assert_eq!(one_decimal(12.46, Lang::Da), "12,5");
        assert_eq!(one_decimal(0.04, Lang::En), "0.0");
        assert_eq!(one_decimal(-3.25, Lang::En), "-3.3");
    }
}
