//! The calendar window every day from outside must fall in, the one strict parser of
//! `YYYY-MM-DD`, and checked day arithmetic: no date a user or Billy sends can make
//! the server loop, panic or overflow.

use chrono::{Days, Months, NaiveDate};

/// The earliest day the product accepts from outside (a URL, a form, Billy).
pub const EARLIEST_DAY: NaiveDate = match NaiveDate::from_ymd_opt(1900, 1, 1) {
    Some(day) => day,
    None => NaiveDate::MIN,
};

/// The latest day the product accepts from outside.
pub const LATEST_DAY: NaiveDate = match NaiveDate::from_ymd_opt(2199, 12, 31) {
    Some(day) => day,
    None => NaiveDate::MAX,
};

/// Why a text is not a usable day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DayError {
    /// Not `YYYY-MM-DD`, or no such day (30 February).
    Malformed,
    /// A real day, but outside [`EARLIEST_DAY`]..=[`LATEST_DAY`].
    OutOfWindow,
}

/// Whether `day` lies in the accepted window.
pub fn in_window(day: NaiveDate) -> bool {
    (EARLIEST_DAY..=LATEST_DAY).contains(&day)
}

/// Parses exactly `YYYY-MM-DD` (four-digit year, no sign, surrounding blanks ignored)
/// into a day inside the window.
pub fn parse_day(text: &str) -> Result<NaiveDate, DayError> {
    let text = text.trim();
    let bytes = text.as_bytes();
    let shaped = bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shaped {
        return Err(DayError::Malformed);
    }
    let day = NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| DayError::Malformed)?;
    if in_window(day) {
        Ok(day)
    } else {
        Err(DayError::OutOfWindow)
    }
}

/// `day` moved by `n` days (negative: earlier); `None` past chrono's calendar.
pub fn add_days(day: NaiveDate, n: i64) -> Option<NaiveDate> {
    let magnitude = Days::new(n.unsigned_abs());
    if n >= 0 {
        day.checked_add_days(magnitude)
    } else {
        day.checked_sub_days(magnitude)
    }
}

/// `day` moved by `n` months (negative: earlier), clamped to the end of the target
/// month; `None` past chrono's calendar.
pub fn add_months(day: NaiveDate, n: i64) -> Option<NaiveDate> {
    let magnitude = Months::new(u32::try_from(n.unsigned_abs()).ok()?);
    if n >= 0 {
        day.checked_add_months(magnitude)
    } else {
        day.checked_sub_months(magnitude)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_days_inside_the_window_parse() {
        assert_eq!(
            parse_day(" 2026-02-28 "),
            Ok(NaiveDate::from_ymd_opt(2026, 2, 28).expect("day"))
        );
        assert_eq!(parse_day("1900-01-01"), Ok(EARLIEST_DAY));
        assert_eq!(parse_day("2199-12-31"), Ok(LATEST_DAY));
        assert_eq!(parse_day("1899-12-31"), Err(DayError::OutOfWindow));
        assert_eq!(parse_day("2200-01-01"), Err(DayError::OutOfWindow));
        for bad in [
            "+262142-10-01",
            "-262143-01-01",
            "2026-2-28",
            "2026-02-30",
            "20260228",
            "2026-02-28T00:00",
            "",
            "２０２６-02-28",
        ] {
            assert_eq!(parse_day(bad), Err(DayError::Malformed), "{bad}");
        }
    }

    #[test]
    fn arithmetic_at_the_calendar_edges_is_none_not_a_panic() {
        assert_eq!(add_days(NaiveDate::MAX, 1), None);
        assert_eq!(add_days(NaiveDate::MIN, -1), None);
        assert_eq!(add_months(NaiveDate::MAX, 1), None);
        assert_eq!(add_months(NaiveDate::MIN, -1), None);
        assert_eq!(add_days(EARLIEST_DAY, i64::MIN), None);
        assert_eq!(add_months(EARLIEST_DAY, i64::MAX), None);
        assert_eq!(
            add_months(NaiveDate::from_ymd_opt(2026, 1, 31).expect("day"), 1),
            NaiveDate::from_ymd_opt(2026, 2, 28)
        );
    }
}
