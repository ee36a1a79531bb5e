//! Reporting periods: the presets a user picks, the date ranges they cover and the
//! period each one is compared with.

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

    /// The first day of every month the range touches, in order.
    pub fn months(&self) -> Vec<NaiveDate> {
        let mut months = Vec::new();
        let mut month = first_of_month(self.start);
        while month <= self.end {
            months.push(month);
            month = add_months(month, 1);
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

/// `day` plus `n` months, clamped to the end of the target month.
pub fn add_months(day: NaiveDate, n: u32) -> NaiveDate {
    day.checked_add_months(Months::new(n)).unwrap_or(day)
}

/// `day` minus `n` months, clamped to the end of the target month.
pub fn sub_months(day: NaiveDate, n: u32) -> NaiveDate {
    day.checked_sub_months(Months::new(n)).unwrap_or(day)
}

fn first_of_quarter(day: NaiveDate) -> NaiveDate {
    let month0 = (day.month0() / 3) * 3;
    NaiveDate::from_ymd_opt(day.year(), month0 + 1, 1).unwrap_or(day)
}

/// The period presets of the Overview page.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PeriodPreset {
    #[default]
    ThisMonth,
    LastMonth,
    ThisQuarter,
    ThisYear,
    Last12Months,
}

/// A period value in a URL that is not one of the presets.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown period \"{0}\": choose this_month, last_month, this_quarter, this_year or last_12_months")]
pub struct UnknownPeriod(pub String);

impl PeriodPreset {
    pub const ALL: [PeriodPreset; 5] = [
        PeriodPreset::ThisMonth,
        PeriodPreset::LastMonth,
        PeriodPreset::ThisQuarter,
        PeriodPreset::ThisYear,
        PeriodPreset::Last12Months,
    ];

    /// The value used in URLs (`?period=last_month`).
    pub fn key(self) -> &'static str {
        match self {
            PeriodPreset::ThisMonth => "this_month",
            PeriodPreset::LastMonth => "last_month",
            PeriodPreset::ThisQuarter => "this_quarter",
            PeriodPreset::ThisYear => "this_year",
            PeriodPreset::Last12Months => "last_12_months",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            PeriodPreset::ThisMonth => "This month",
            PeriodPreset::LastMonth => "Last month",
            PeriodPreset::ThisQuarter => "This quarter",
            PeriodPreset::ThisYear => "This year",
            PeriodPreset::Last12Months => "Last 12 months",
        }
    }

    pub fn from_key(key: &str) -> Result<Self, UnknownPeriod> {
        Self::ALL
            .into_iter()
            .find(|preset| preset.key() == key)
            .ok_or_else(|| UnknownPeriod(key.to_string()))
    }

    /// The calendar days the preset covers when today is `today`. Periods are whole
    /// calendar periods (this month runs to its last day), so a period and its
    /// predecessor always have the same shape.
    pub fn range(self, today: NaiveDate) -> DateRange {
        let month = first_of_month(today);
        match self {
            PeriodPreset::ThisMonth => DateRange::new(month, last_of_month(month)),
            PeriodPreset::LastMonth => {
                let start = sub_months(month, 1);
                DateRange::new(start, last_of_month(start))
            }
            PeriodPreset::ThisQuarter => {
                let start = first_of_quarter(today);
                DateRange::new(start, last_of_month(add_months(start, 2)))
            }
            PeriodPreset::ThisYear => {
                let start = NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(month);
                DateRange::new(start, last_of_month(add_months(start, 11)))
            }
            PeriodPreset::Last12Months => {
                DateRange::new(sub_months(month, 11), last_of_month(month))
            }
        }
    }

    /// The period the preset is compared with: the one just before it, of equal length.
    pub fn previous_range(self, today: NaiveDate) -> DateRange {
        let current = self.range(today);
        let months = u32::try_from(current.months().len()).unwrap_or(1);
        let start = sub_months(current.start, months);
        DateRange::new(start, last_of_month(sub_months(current.end, months)))
    }

    /// The months the revenue trend chart shows: the period's own months, widened to
    /// the twelve months ending with the period when the period is shorter than six
    /// months (a one-bar chart says nothing about a trend).
    pub fn trend_range(self, today: NaiveDate) -> DateRange {
        let current = self.range(today);
        if current.months().len() >= 6 {
            current
        } else {
            let end_month = first_of_month(current.end);
            DateRange::new(sub_months(end_month, 11), current.end)
        }
    }
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
            PeriodPreset::ThisMonth.range(today),
            DateRange::new(day(2026, 11, 1), day(2026, 11, 30))
        );
        assert_eq!(
            PeriodPreset::LastMonth.range(today),
            DateRange::new(day(2026, 10, 1), day(2026, 10, 31))
        );
        assert_eq!(
            PeriodPreset::ThisQuarter.range(today),
            DateRange::new(day(2026, 10, 1), day(2026, 12, 31))
        );
        assert_eq!(
            PeriodPreset::Last12Months.range(today),
            DateRange::new(day(2025, 12, 1), day(2026, 11, 30))
        );
    }

    #[test]
    fn previous_period_has_the_same_shape() {
        let today = day(2026, 3, 31);
        assert_eq!(
            PeriodPreset::ThisMonth.previous_range(today),
            DateRange::new(day(2026, 2, 1), day(2026, 2, 28))
        );
        assert_eq!(
            PeriodPreset::ThisQuarter.previous_range(today),
            DateRange::new(day(2025, 10, 1), day(2025, 12, 31))
        );
        assert_eq!(
            PeriodPreset::ThisYear.previous_range(today),
            DateRange::new(day(2025, 1, 1), day(2025, 12, 31))
        );
    }

    #[test]
    fn trend_shows_at_least_twelve_months_for_short_periods() {
        let today = day(2026, 11, 21);
        assert_eq!(
            PeriodPreset::ThisMonth.trend_range(today).months().len(),
            12
        );
        assert_eq!(PeriodPreset::ThisYear.trend_range(today).months().len(), 12);
        assert_eq!(
            PeriodPreset::Last12Months.trend_range(today).months().len(),
            12
        );
    }

    #[test]
    fn keys_round_trip_and_bad_keys_are_named() {
        for preset in PeriodPreset::ALL {
            assert_eq!(PeriodPreset::from_key(preset.key()), Ok(preset));
        }
        let err = PeriodPreset::from_key("nonsense").expect_err("must fail");
        assert!(err.to_string().contains("nonsense"));
    }
}
