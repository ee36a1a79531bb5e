//! The parsers every page's parameters share. Each reads one raw URL value (absent and
//! blank mean "not given"), returns the checked value, and notes a [`Problem`] when the
//! value cannot be used.

use chrono::NaiveDate;

use super::{Problem, PER_PAGE_CHOICES};
use crate::domain::echo::shown;

/// Longer searches are refused (they cannot match anything useful and cost a scan).
pub const MAX_SEARCH_CHARS: usize = 100;

/// A non-empty, trimmed value, or `None`.
pub fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// A keyed choice; an unknown key is a problem.
pub fn choice<T>(
    field: &str,
    value: &Option<String>,
    parse: impl Fn(&str) -> Option<T>,
    problems: &mut Vec<Problem>,
) -> Option<T> {
    let value = given(value)?;
    let parsed = parse(value);
    if parsed.is_none() {
        problems.push(Problem::not_a_choice(field, value));
    }
    parsed
}

/// A day written `YYYY-MM-DD` inside the calendar's window (`domain::calendar`).
pub fn date(field: &str, value: &Option<String>, problems: &mut Vec<Problem>) -> Option<NaiveDate> {
    let value = given(value)?;
    let parsed = crate::domain::calendar::parse_day(value).ok();
    if parsed.is_none() {
        problems.push(Problem::NotADate {
            field: field.to_string(),
            value: shown(value),
        });
    }
    parsed
}

/// The `from`/`to` pair of a filter: both left out (and a problem) when reversed.
pub fn date_pair(
    from: &Option<String>,
    to: &Option<String>,
    problems: &mut Vec<Problem>,
) -> (Option<NaiveDate>, Option<NaiveDate>) {
    let from = date("from", from, problems);
    let to = date("to", to, problems);
    match (from, to) {
        (Some(f), Some(t)) if f > t => {
            problems.push(Problem::DatesReversed);
            (None, None)
        }
        pair => pair,
    }
}

/// An amount in major units, into minor units (see [`parse_major_amount`]).
pub fn amount(field: &str, value: &Option<String>, problems: &mut Vec<Problem>) -> Option<i64> {
    let value = given(value)?;
    let parsed = parse_major_amount(value);
    if parsed.is_none() {
        problems.push(Problem::NotAnAmount {
            field: field.to_string(),
            value: shown(value),
        });
    }
    parsed
}

/// A search as typed, trimmed; longer than [`MAX_SEARCH_CHARS`] is a problem.
pub fn search(value: &Option<String>, problems: &mut Vec<Problem>) -> Option<String> {
    let value = given(value)?;
    if value.chars().count() > MAX_SEARCH_CHARS {
        problems.push(Problem::SearchTooLong);
        None
    } else {
        Some(value.to_string())
    }
}

/// The 1-based page number (`page`); 1 when absent or unusable.
pub fn page_number(value: &Option<String>, problems: &mut Vec<Problem>) -> u32 {
    choice(
        "page",
        value,
        |v| v.parse::<u32>().ok().filter(|p| *p >= 1),
        problems,
    )
    .unwrap_or(1)
}

/// Rows per page (`per`), one of [`PER_PAGE_CHOICES`]; the first when absent.
pub fn per_page(value: &Option<String>, problems: &mut Vec<Problem>) -> u32 {
    choice(
        "per",
        value,
        |v| {
            v.parse::<u32>()
                .ok()
                .filter(|n| PER_PAGE_CHOICES.contains(n))
        },
        problems,
    )
    .unwrap_or(PER_PAGE_CHOICES[0])
}

/// An amount in major units as people type it, into minor units: `1500`, `-20`,
/// `1500.5`, `1500,50`. No thousands separators: in `1.500` the point would be
/// ambiguous between the two languages, so it is read as a decimal point only when one
/// or two digits follow.
pub fn parse_major_amount(text: &str) -> Option<i64> {
    let text = text.trim();
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = match digits.find(['.', ',']) {
        Some(at) => (&digits[..at], &digits[at + 1..]),
        None => (digits, ""),
    };
    let is_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty()
        || whole.len() > 13
        || !is_digits(whole)
        || !is_digits(fraction)
        || fraction.len() > 2
        || (digits.len() > whole.len() && fraction.is_empty())
    {
        return None;
    }
    let whole: i64 = whole.parse().ok()?;
    let cents: i64 = match fraction.len() {
        0 => 0,
        1 => fraction.parse::<i64>().ok()? * 10,
        _ => fraction.parse().ok()?,
    };
    let minor = whole.checked_mul(100)?.checked_add(cents)?;
    Some(if negative { -minor } else { minor })
}

/// An amount in minor units as the filter box shows it again (`1500` or `1500.50`).
pub fn major_amount_text(minor: i64) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    let abs = minor.unsigned_abs();
    if abs.is_multiple_of(100) {
        format!("{sign}{}", abs / 100)
    } else {
        format!("{sign}{}.{:02}", abs / 100, abs % 100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_parse_in_both_languages_and_refuse_grouping() {
        assert_eq!(parse_major_amount("1500"), Some(150_000));
        assert_eq!(parse_major_amount("1500,5"), Some(150_050));
        assert_eq!(parse_major_amount("1500.55"), Some(150_055));
        assert_eq!(parse_major_amount("-20"), Some(-2_000));
        assert_eq!(parse_major_amount("1.500"), None);
        assert_eq!(parse_major_amount("1,234.56"), None);
        assert_eq!(parse_major_amount("12."), None);
        assert_eq!(parse_major_amount("abc"), None);
        assert_eq!(parse_major_amount("99999999999999"), None);
        for minor in [0, 5, 150_000, 150_050, -2_000, -7] {
            assert_eq!(parse_major_amount(&major_amount_text(minor)), Some(minor));
        }
    }

    #[test]
    fn reversed_dates_are_left_out_with_a_problem() {
        let mut problems = Vec::new();
        let pair = date_pair(
            &Some("2026-05-01".into()),
            &Some("2026-04-01".into()),
            &mut problems,
        );
        assert_eq!(pair, (None, None));
        assert_eq!(problems, [Problem::DatesReversed]);
    }
}
