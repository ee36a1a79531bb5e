//! Reporting periods: the named periods a user picks (one vocabulary for every page),
//! the date ranges they cover and the period each one is compared with.

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// An inclusive range of calendar days.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateRange {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl DateRange {
    pub fn new(start: NaiveDate, end: NaiveDate) -> Self {
        Self { start, end }
    }

    /// The first day of every month the range touches, in order. Stops at the end
    /// of chrono's calendar rather than looping on a month that cannot advance.
    pub fn months(&self) -> Vec<NaiveDate> {
        let mut months = Vec::new();
        let mut month = first_of_month(self.start);
        while month <= self.end {
            months.push(month);
            match crate::domain::calendar::add_months(month, 1) {
                Some(next) if next > month => month = next,
                _ => break,
            }
        }
        months
    }

    /// The same range one year earlier (29 February maps to 28 February).
    pub fn year_earlier(&self) -> Self {
        Self::new(sub_months(self.start, 12), sub_months(self.end, 12))
    }

    pub fn contains(&self, day: NaiveDate) -> bool {
        self.start <= day && day <= self.end
    }
}

/// The first day of `day`'s month.
pub fn first_of_month(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}

/// The last day of `day`'s month.
pub fn last_of_month(day: NaiveDate) -> NaiveDate {
    add_months(first_of_month(day), 1).pred_opt().unwrap_or(day)
}

/// `day` plus `n` months, clamped to the end of the target month; the last day of
/// chrono's calendar past it (days from outside are kept far from there, see
/// `domain::calendar`, and loops never rely on this to advance).
pub fn add_months(day: NaiveDate, n: u32) -> NaiveDate {
    day.checked_add_months(Months::new(n))
        .unwrap_or(NaiveDate::MAX)
}

/// `day` minus `n` months, clamped to the end of the target month; the first day of
/// chrono's calendar past it.
pub fn sub_months(day: NaiveDate, n: u32) -> NaiveDate {
    day.checked_sub_months(Months::new(n))
        .unwrap_or(NaiveDate::MIN)
}

/// Named periods; all but the last-12-months and fiscal ones are calendar periods.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PeriodKey {
    ThisMonth,
    LastMonth,
    ThisQuarter,
    LastQuarter,
    ThisHalf,
    LastHalf,
    ThisYear,
    LastYear,
    FiscalYear,
    LastFiscalYear,
    Last12Months,
}

impl PeriodKey {
    /// The periods the Overview page offers (the others are reached by URL and on the
    /// Revenue page).
    pub const OVERVIEW: [PeriodKey; 5] = [
        PeriodKey::ThisMonth,
        PeriodKey::LastMonth,
        PeriodKey::ThisQuarter,
        PeriodKey::ThisYear,
        PeriodKey::Last12Months,
    ];

    pub const ALL: [PeriodKey; 11] = [
        PeriodKey::ThisMonth,
        PeriodKey::LastMonth,
        PeriodKey::ThisQuarter,
        PeriodKey::LastQuarter,
        PeriodKey::ThisHalf,
        PeriodKey::LastHalf,
        PeriodKey::ThisYear,
        PeriodKey::LastYear,
        PeriodKey::FiscalYear,
        PeriodKey::LastFiscalYear,
        PeriodKey::Last12Months,
    ];

    pub fn key(self) -> &'static str {
        match self {
            PeriodKey::ThisMonth => "this_month",
            PeriodKey::LastMonth => "last_month",
            PeriodKey::ThisQuarter => "this_quarter",
            PeriodKey::LastQuarter => "last_quarter",
            PeriodKey::ThisHalf => "this_half",
            PeriodKey::LastHalf => "last_half",
            PeriodKey::ThisYear => "this_year",
            PeriodKey::LastYear => "last_year",
            PeriodKey::FiscalYear => "fiscal_year",
            PeriodKey::LastFiscalYear => "last_fiscal_year",
            PeriodKey::Last12Months => "last_12_months",
        }
    }

    pub fn from_key(key: &str) -> Option<PeriodKey> {
        PeriodKey::ALL.into_iter().find(|p| p.key() == key)
    }

    /// The days the period covers on `today`; fiscal years end with the last day of
    /// `fiscal_year_end_month` (1–12).
    pub fn range(self, today: NaiveDate, fiscal_year_end_month: u32) -> DateRange {
        let months = |start: NaiveDate, n: u32| {
            DateRange::new(start, last_of_month(add_months(start, n - 1)))
        };
        let month = first_of_month(today);
        let quarter = first_of_block(today, 3);
        let half = first_of_block(today, 6);
        let year = first_of_block(today, 12);
        let fiscal = first_of_fiscal_year(today, fiscal_year_end_month);
        match self {
            PeriodKey::ThisMonth => months(month, 1),
            PeriodKey::LastMonth => months(sub_months(month, 1), 1),
            PeriodKey::ThisQuarter => months(quarter, 3),
            PeriodKey::LastQuarter => months(sub_months(quarter, 3), 3),
            PeriodKey::ThisHalf => months(half, 6),
            PeriodKey::LastHalf => months(sub_months(half, 6), 6),
            PeriodKey::ThisYear => months(year, 12),
            PeriodKey::LastYear => months(sub_months(year, 12), 12),
            PeriodKey::FiscalYear => months(fiscal, 12),
            PeriodKey::LastFiscalYear => months(sub_months(fiscal, 12), 12),
            PeriodKey::Last12Months => months(sub_months(month, 11), 12),
        }
    }

    /// The `period` value of a URL: a named period, or `default` (and a problem) when
    /// absent or unknown.
    pub fn parse(
        value: &Option<String>,
        default: PeriodKey,
        problems: &mut Vec<crate::domain::query::Problem>,
    ) -> PeriodKey {
        crate::domain::query::choice("period", value, PeriodKey::from_key, problems)
            .unwrap_or(default)
    }

    /// The period the period is compared with: the one just before it, of equal length
    /// in whole months.
    pub fn previous_range(self, today: NaiveDate, fiscal_year_end_month: u32) -> DateRange {
        let current = self.range(today, fiscal_year_end_month);
        let months = u32::try_from(current.months().len()).unwrap_or(1);
        let start = sub_months(current.start, months);
        DateRange::new(start, last_of_month(sub_months(current.end, months)))
    }

    /// The months the revenue trend chart shows: the period's own months, widened to
    /// the twelve months ending with the period when the period is shorter than six
    /// months (a one-bar chart says nothing about a trend).
    pub fn trend_range(self, today: NaiveDate, fiscal_year_end_month: u32) -> DateRange {
        let current = self.range(today, fiscal_year_end_month);
        if current.months().len() >= 6 {
            current
        } else {
            let end_month = first_of_month(current.end);
            DateRange::new(sub_months(end_month, 11), current.end)
        }
    }
}

/// The first day of the `block_months`-long calendar block (quarter, half, year)
/// holding `day`.
pub(crate) fn first_of_block(day: NaiveDate, block_months: u32) -> NaiveDate {
    let month0 = (day.month0() / block_months) * block_months;
    NaiveDate::from_ymd_opt(day.year(), month0 + 1, 1).unwrap_or(day)
}

/// The first day of the fiscal year holding `day`, for a year ending with
/// `end_month` (12 = calendar year; 6 = July to June).
pub fn first_of_fiscal_year(day: NaiveDate, end_month: u32) -> NaiveDate {
    let end_month = end_month.clamp(1, 12);
    let start_month = end_month % 12 + 1;
    let year = if day.month() >= start_month {
        day.year()
    } else {
        day.year() - 1
    };
    NaiveDate::from_ymd_opt(year, start_month, 1).unwrap_or(day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    #[test]
    fn presets_cover_whole_calendar_periods() {
        let today = day(2026, 11, 21);
        assert_eq!(
            PeriodKey::ThisMonth.range(today, 12),
            DateRange::new(day(2026, 11, 1), day(2026, 11, 30))
        );
        assert_eq!(
            PeriodKey::LastMonth.range(today, 12),
            DateRange::new(day(2026, 10, 1), day(2026, 10, 31))
        );
        assert_eq!(
            PeriodKey::ThisQuarter.range(today, 12),
            DateRange::new(day(2026, 10, 1), day(2026, 12, 31))
        );
        assert_eq!(
            PeriodKey::Last12Months.range(today, 12),
            DateRange::new(day(2025, 12, 1), day(2026, 11, 30))
        );
    }

    #[test]
    fn previous_period_has_the_same_shape() {
        let today = day(2026, 3, 31);
        assert_eq!(
            PeriodKey::ThisMonth.previous_range(today, 12),
            DateRange::new(day(2026, 2, 1), day(2026, 2, 28))
        );
        assert_eq!(
            PeriodKey::ThisQuarter.previous_range(today, 12),
            DateRange::new(day(2025, 10, 1), day(2025, 12, 31))
        );
        assert_eq!(
            PeriodKey::ThisYear.previous_range(today, 12),
            DateRange::new(day(2025, 1, 1), day(2025, 12, 31))
        );
    }

    #[test]
    fn trend_shows_at_least_twelve_months_for_short_periods() {
        let today = day(2026, 11, 21);
        assert_eq!(
            PeriodKey::ThisMonth.trend_range(today, 12).months().len(),
            12
        );
        assert_eq!(
            PeriodKey::ThisYear.trend_range(today, 12).months().len(),
            12
        );
        assert_eq!(
            PeriodKey::Last12Months
                .trend_range(today, 12)
                .months()
                .len(),
            12
        );
    }

    #[test]
    fn keys_round_trip_and_bad_keys_are_named() {
        for period in PeriodKey::ALL {
            assert_eq!(PeriodKey::from_key(period.key()), Some(period));
        }
        let mut problems = Vec::new();
        let period = PeriodKey::parse(
            &Some("nonsense".into()),
            PeriodKey::ThisMonth,
            &mut problems,
        );
        assert_eq!(period, PeriodKey::ThisMonth);
        assert_eq!(
            problems,
            [crate::domain::query::Problem::not_a_choice(
                "period", "nonsense"
            )]
        );
    }
}
