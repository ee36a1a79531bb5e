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

    /// The range cut into the whole calendar months it holds and the loose days
    /// before and after them, so a count can read months from a monthly rollup and
    /// only the loose days from the raw rows.
    pub fn split_at_months(&self) -> MonthSplit {
        let first_whole = if self.start == first_of_month(self.start) {
            self.start
        } else {
            add_months(first_of_month(self.start), 1)
        };
        let last_whole = if self.end == last_of_month(self.end) {
            self.end
        } else {
            first_of_month(self.end).pred_opt().unwrap_or(self.start)
        };
        if self.start > self.end || first_whole > last_whole {
            return MonthSplit {
                before: Some(*self).filter(|r| r.start <= r.end),
                whole_months: None,
                after: None,
            };
        }
        let before = first_whole
            .pred_opt()
            .map(|end| DateRange::new(self.start, end));
        let after = last_whole
            .succ_opt()
            .map(|start| DateRange::new(start, self.end));
        MonthSplit {
            before: before.filter(|r| r.start <= r.end),
            whole_months: Some(DateRange::new(first_whole, last_whole)),
            after: after.filter(|r| r.start <= r.end),
        }
    }
}

/// A range as whole months and loose days (see [`DateRange::split_at_months`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MonthSplit {
    pub before: Option<DateRange>,
    pub whole_months: Option<DateRange>,
    pub after: Option<DateRange>,
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

/// Named periods; all but the last-12-months and fiscal ones are calendar periods
/// (weeks are ISO weeks, Monday to Sunday).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PeriodKey {
    Today,
    ThisWeek,
    LastWeek,
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
    pub const OVERVIEW: [PeriodKey; 7] = [
        PeriodKey::Today,
        PeriodKey::ThisWeek,
        PeriodKey::ThisMonth,
        PeriodKey::LastMonth,
        PeriodKey::ThisQuarter,
        PeriodKey::ThisYear,
        PeriodKey::Last12Months,
    ];

    /// The periods made of whole months (what month-by-month pages such as Customers
    /// offer).
    pub const MONTHLY: [PeriodKey; 11] = [
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

    pub const ALL: [PeriodKey; 14] = [
        PeriodKey::Today,
        PeriodKey::ThisWeek,
        PeriodKey::LastWeek,
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
            PeriodKey::Today => "today",
            PeriodKey::ThisWeek => "this_week",
            PeriodKey::LastWeek => "last_week",
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

    /// How far "the period before" lies: a day, a week, or the period's months.
    pub fn step(self) -> Step {
        match self {
            PeriodKey::Today => Step::Days(1),
            PeriodKey::ThisWeek | PeriodKey::LastWeek => Step::Days(7),
            PeriodKey::ThisMonth | PeriodKey::LastMonth => Step::Months(1),
            PeriodKey::ThisQuarter | PeriodKey::LastQuarter => Step::Months(3),
            PeriodKey::ThisHalf | PeriodKey::LastHalf => Step::Months(6),
            PeriodKey::ThisYear
            | PeriodKey::LastYear
            | PeriodKey::FiscalYear
            | PeriodKey::LastFiscalYear
            | PeriodKey::Last12Months => Step::Months(12),
        }
    }

    /// The days the whole period covers on `today`; fiscal years end with the last day
    /// of `fiscal_year_end_month` (1–12). "Last 12 months" is the twelve whole months
    /// before the current one, so it never holds a future day.
    pub fn range(self, today: NaiveDate, fiscal_year_end_month: u32) -> DateRange {
        let months = |start: NaiveDate, n: u32| {
            DateRange::new(start, last_of_month(add_months(start, n - 1)))
        };
        let week = first_of_week(today);
        let month = first_of_month(today);
        let quarter = first_of_block(today, 3);
        let half = first_of_block(today, 6);
        let year = first_of_block(today, 12);
        let fiscal = first_of_fiscal_year(today, fiscal_year_end_month);
        match self {
            PeriodKey::Today => DateRange::new(today, today),
            PeriodKey::ThisWeek => DateRange::new(week, add_days(week, 6)),
            PeriodKey::LastWeek => DateRange::new(add_days(week, -7), add_days(week, -1)),
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
            PeriodKey::Last12Months => months(sub_months(month, 12), 12),
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

    /// The whole period just before this one, of the same shape (yesterday, last
    /// week, the previous months).
    pub fn previous_range(self, today: NaiveDate, fiscal_year_end_month: u32) -> DateRange {
        let current = self.range(today, fiscal_year_end_month);
        match self.step() {
            Step::Days(n) => DateRange::new(
                add_days(current.start, -i64::from(n)),
                add_days(current.end, -i64::from(n)),
            ),
            Step::Months(n) => DateRange::new(
                sub_months(current.start, n),
                last_of_month(sub_months(current.end, n)),
            ),
        }
    }

    /// The same days a year earlier: the same ISO weekdays of the same ISO week for
    /// weeks, the same dates otherwise (29 February maps to 28 February).
    pub fn year_earlier(self, range: DateRange) -> DateRange {
        match self.step() {
            Step::Days(7) => DateRange::new(
                same_week_a_year_earlier(range.start),
                same_week_a_year_earlier(range.end),
            ),
            _ => range.year_earlier(),
        }
    }

    /// What the period's figures cover on `today` and what they are compared with.
    ///
    /// While a period runs (it holds today and has days left), its figures cover its
    /// first day to today, and both comparisons cover the same number of days from
    /// the start of their own period: like for like. `Baseline::WholePrevious` compares
    /// with the whole previous period instead, which the page labels as such.
    pub fn comparison(
        self,
        today: NaiveDate,
        fiscal_year_end_month: u32,
        baseline: Baseline,
    ) -> Comparison {
        let period = self.range(today, fiscal_year_end_month);
        let whole_previous = self.previous_range(today, fiscal_year_end_month);
        let running = period.contains(today) && today < period.end;
        let current = if running {
            DateRange::new(period.start, today)
        } else {
            period
        };
        // A finished period is compared whole with whole.
        let previous = match (running, baseline) {
            (true, Baseline::SameDays) => same_days_of(current, whole_previous),
            _ => whole_previous,
        };
        let last_year = if running {
            same_days_of(current, self.year_earlier(period))
        } else {
            self.year_earlier(period)
        };
        Comparison {
            period,
            current,
            previous,
            whole_previous,
            last_year,
            running,
            baseline,
        }
    }

    /// The months the revenue trend chart shows: the period's own months up to today
    /// (never a day still to come, so the current month is a month to date), widened
    /// to the twelve months ending there when that is shorter than six months (a
    /// one-bar chart says nothing about a trend).
    pub fn trend_range(self, today: NaiveDate, fiscal_year_end_month: u32) -> DateRange {
        let period = self.range(today, fiscal_year_end_month);
        let end = period.end.min(today);
        let start = first_of_month(period.start).min(first_of_month(end));
        let months = DateRange::new(start, end);
        if months.months().len() >= 6 {
            months
        } else {
            DateRange::new(sub_months(first_of_month(end), 11), end)
        }
    }
}

/// How far "the period before" lies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Days(u32),
    Months(u32),
}

/// What a running period is compared with.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Baseline {
    /// The same number of days from the start of the previous period (like for like).
    #[default]
    SameDays,
    /// The whole previous period.
    WholePrevious,
}

impl Baseline {
    pub fn key(self) -> &'static str {
        match self {
            Baseline::SameDays => "same_days",
            Baseline::WholePrevious => "whole_period",
        }
    }

    pub fn from_key(key: &str) -> Option<Baseline> {
        [Baseline::SameDays, Baseline::WholePrevious]
            .into_iter()
            .find(|b| b.key() == key)
    }
}

/// A period's days on one day and the days it is compared with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comparison {
    /// The whole named period.
    pub period: DateRange,
    /// The days the figures cover: the whole period once it is over, its first day to
    /// today while it runs.
    pub current: DateRange,
    /// What the figures are compared with (see [`Baseline`]).
    pub previous: DateRange,
    /// The whole previous period, one click away while a period runs.
    pub whole_previous: DateRange,
    /// The same days a year earlier.
    pub last_year: DateRange,
    /// Whether the period holds today and has days left.
    pub running: bool,
    pub baseline: Baseline,
}

/// The first `current.days()` days of `earlier` (all of it when it is shorter): the
/// days of an earlier period that match a running one.
pub fn same_days_of(current: DateRange, earlier: DateRange) -> DateRange {
    let end = crate::domain::calendar::add_days(earlier.start, current.days() - 1)
        .unwrap_or(earlier.end)
        .min(earlier.end);
    DateRange::new(earlier.start, end)
}

/// The Monday of `day`'s ISO week.
pub fn first_of_week(day: NaiveDate) -> NaiveDate {
    add_days(day, -i64::from(day.weekday().num_days_from_monday()))
}

/// The same ISO weekday of the same ISO week a year earlier (week 53 maps to week 52
/// in years that have none).
pub fn same_week_a_year_earlier(day: NaiveDate) -> NaiveDate {
    let week = day.iso_week();
    let year = week.year() - 1;
    NaiveDate::from_isoywd_opt(year, week.week(), day.weekday())
        .or_else(|| NaiveDate::from_isoywd_opt(year, 52, day.weekday()))
        .unwrap_or_else(|| sub_months(day, 12))
}

/// `day` plus `n` days (negative: earlier); the end of chrono's calendar past it
/// (days from outside are kept far from there, see `domain::calendar`).
fn add_days(day: NaiveDate, n: i64) -> NaiveDate {
    crate::domain::calendar::add_days(day, n).unwrap_or(if n < 0 {
        NaiveDate::MIN
    } else {
        NaiveDate::MAX
    })
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
            DateRange::new(day(2025, 11, 1), day(2026, 10, 31)),
            "the twelve whole months before the current one"
        );
        // Thursday 3 December 2026 is in ISO week 49, which starts on Monday 30 November.
        let thursday = day(2026, 12, 3);
        assert_eq!(
            PeriodKey::Today.range(thursday, 12),
            DateRange::new(thursday, thursday)
        );
        assert_eq!(
            PeriodKey::ThisWeek.range(thursday, 12),
            DateRange::new(day(2026, 11, 30), day(2026, 12, 6))
        );
        assert_eq!(
            PeriodKey::LastWeek.range(thursday, 12),
            DateRange::new(day(2026, 11, 23), day(2026, 11, 29))
        );
    }

    #[test]
    fn no_preset_covers_a_future_day_except_a_running_one_and_its_figures_stop_today() {
        let today = day(2026, 12, 3);
        for key in PeriodKey::ALL {
            let compared = key.comparison(today, 12, Baseline::SameDays);
            assert!(compared.current.end <= today, "{key:?}");
            assert_eq!(compared.running, compared.period.end > today, "{key:?}");
            assert!(key.trend_range(today, 12).end <= today, "{key:?}");
        }
    }

    #[test]
    fn a_running_period_is_compared_like_for_like() {
        let today = day(2026, 12, 3);
        let month = PeriodKey::ThisMonth.comparison(today, 12, Baseline::SameDays);
        assert!(month.running);
        assert_eq!(month.current, DateRange::new(day(2026, 12, 1), today));
        assert_eq!(
            month.previous,
            DateRange::new(day(2026, 11, 1), day(2026, 11, 3))
        );
        assert_eq!(
            month.last_year,
            DateRange::new(day(2025, 12, 1), day(2025, 12, 3))
        );
        assert_eq!(
            month.whole_previous,
            DateRange::new(day(2026, 11, 1), day(2026, 11, 30))
        );
        let whole = PeriodKey::ThisMonth.comparison(today, 12, Baseline::WholePrevious);
        assert_eq!(whole.previous, month.whole_previous);
        assert_eq!(whole.current, month.current);

        // 64 days of the quarter against the first 64 days of the one before.
        let quarter = PeriodKey::ThisQuarter.comparison(today, 12, Baseline::SameDays);
        assert_eq!(quarter.current, DateRange::new(day(2026, 10, 1), today));
        assert_eq!(
            quarter.previous,
            DateRange::new(day(2026, 7, 1), day(2026, 9, 2))
        );
        assert_eq!(
            quarter.last_year,
            DateRange::new(day(2025, 10, 1), day(2025, 12, 3))
        );

        // Monday to Thursday of ISO week 49, against the same days of week 48 and of
        // week 49 of 2025.
        let week = PeriodKey::ThisWeek.comparison(today, 12, Baseline::SameDays);
        assert_eq!(week.current, DateRange::new(day(2026, 11, 30), today));
        assert_eq!(
            week.previous,
            DateRange::new(day(2026, 11, 23), day(2026, 11, 26))
        );
        assert_eq!(
            week.last_year,
            DateRange::new(day(2025, 12, 1), day(2025, 12, 4))
        );

        let day_ = PeriodKey::Today.comparison(today, 12, Baseline::SameDays);
        assert!(!day_.running, "today is a whole day, not a running period");
        assert_eq!(
            day_.previous,
            DateRange::new(day(2026, 12, 2), day(2026, 12, 2))
        );
        assert_eq!(
            day_.last_year,
            DateRange::new(day(2025, 12, 3), day(2025, 12, 3))
        );

        // A finished period is compared whole with whole.
        let last = PeriodKey::LastMonth.comparison(today, 12, Baseline::SameDays);
        assert!(!last.running);
        assert_eq!(last.current, last.period);
        assert_eq!(
            last.previous,
            DateRange::new(day(2026, 10, 1), day(2026, 10, 31))
        );

        // A running month longer than the month before it compares with all of it.
        let march = PeriodKey::ThisMonth.comparison(day(2026, 3, 30), 12, Baseline::SameDays);
        assert_eq!(
            march.previous,
            DateRange::new(day(2026, 2, 1), day(2026, 2, 28))
        );
    }

    #[test]
    fn a_range_splits_into_whole_months_and_loose_days() {
        let split = DateRange::new(day(2026, 1, 15), day(2026, 4, 3)).split_at_months();
        assert_eq!(
            split.before,
            Some(DateRange::new(day(2026, 1, 15), day(2026, 1, 31)))
        );
        assert_eq!(
            split.whole_months,
            Some(DateRange::new(day(2026, 2, 1), day(2026, 3, 31)))
        );
        assert_eq!(
            split.after,
            Some(DateRange::new(day(2026, 4, 1), day(2026, 4, 3)))
        );
        let inside = DateRange::new(day(2026, 12, 1), day(2026, 12, 3));
        assert_eq!(
            inside.split_at_months(),
            MonthSplit {
                before: Some(inside),
                whole_months: None,
                after: None
            }
        );
        let whole = DateRange::new(day(2026, 1, 1), day(2026, 2, 28));
        assert_eq!(
            whole.split_at_months(),
            MonthSplit {
                before: None,
                whole_months: Some(whole),
                after: None
            }
        );
    }

    #[test]
    fn week_53_maps_to_week_52_in_a_year_without_one() {
        // 31 December 2026 is a Thursday in ISO week 53 of 2026; 2025 has 52 weeks.
        assert_eq!(
            same_week_a_year_earlier(day(2026, 12, 31)),
            day(2025, 12, 25)
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
        // This year so far is eleven months on 21 November: long enough on its own.
        assert_eq!(
            PeriodKey::ThisYear.trend_range(today, 12),
            DateRange::new(day(2026, 1, 1), today)
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
