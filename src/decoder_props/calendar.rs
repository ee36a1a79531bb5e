//! Days, periods, buckets and stepping: the arithmetic that once looped forever at the
//! calendar's end. Any day chrono can hold goes in; nothing may panic or run away.

use chrono::{Datelike, NaiveDate};
use proptest::prelude::*;

use super::{check, hostile_text};
use crate::domain::calendar::{self, in_window, parse_day, EARLIEST_DAY, LATEST_DAY};
use crate::domain::period::{Baseline, DateRange};
use crate::domain::revenue::{
    to_date_ranges, Granularity, PeriodKey, BUCKET_LOOP_CAP, MAX_RANGE_DAYS,
};

/// Any day chrono can represent, the two ends most of all.
pub fn any_day() -> impl Strategy<Value = NaiveDate> {
    let (min, max) = (
        NaiveDate::MIN.num_days_from_ce(),
        NaiveDate::MAX.num_days_from_ce(),
    );
    prop_oneof![
        1 => Just(NaiveDate::MIN),
        1 => Just(NaiveDate::MAX),
        2 => (min..=min + 800).prop_map(day_from_ce),
        2 => (max - 800..=max).prop_map(day_from_ce),
        4 => (min..=max).prop_map(day_from_ce),
        4 => window_day(),
    ]
}

/// A day inside the accepted window.
pub fn window_day() -> impl Strategy<Value = NaiveDate> {
    (EARLIEST_DAY.num_days_from_ce()..=LATEST_DAY.num_days_from_ce()).prop_map(day_from_ce)
}

fn day_from_ce(n: i32) -> NaiveDate {
    NaiveDate::from_num_days_from_ce_opt(n).unwrap_or(NaiveDate::MIN)
}

fn granularity() -> impl Strategy<Value = Granularity> {
    proptest::sample::select(Granularity::ALL.to_vec())
}

#[test]
fn parse_day_accepts_only_window_days_and_writes_them_back() {
    let texts = prop_oneof![
        hostile_text(),
        any_day().prop_map(|d| d.format("%Y-%m-%d").to_string()),
    ];
    check("calendar::parse_day", texts, |text| {
        if let Ok(day) = parse_day(&text) {
            prop_assert!(in_window(day));
            prop_assert_eq!(day.format("%Y-%m-%d").to_string(), text.trim());
        }
        Ok(())
    });
}

#[test]
fn buckets_end_whatever_the_range_and_cover_accepted_ones_exactly() {
    let input = (any_day(), 0_i64..5_000, granularity());
    check(
        "revenue::Granularity::buckets",
        input,
        |(start, length, by)| {
            let end = calendar::add_days(start, length).unwrap_or(NaiveDate::MAX);
            let range = DateRange::new(start, end);
            let buckets = by.buckets(range);
            prop_assert!(buckets.len() <= BUCKET_LOOP_CAP);
            prop_assert!(!buckets.is_empty());
            for bucket in &buckets {
                prop_assert!(bucket.start <= bucket.end && range.contains(bucket.start));
            }
            for pair in buckets.windows(2) {
                prop_assert_eq!(pair[0].end.succ_opt(), Some(pair[1].start));
            }
            if range.days() <= MAX_RANGE_DAYS && in_window(start) && in_window(end) {
                prop_assert_eq!(buckets.first().map(|b| b.start), Some(range.start));
                prop_assert_eq!(buckets.last().map(|b| b.end), Some(range.end));
            }
            Ok(())
        },
    );
}

#[test]
fn stepping_never_panics_and_steps_back_to_where_it_started() {
    let steps = prop_oneof![-3_i32..=3, any::<i32>()];
    let input = (any_day(), 0_i64..4_000, steps, any::<bool>());
    check(
        "period::DateRange::shifted",
        input,
        |(start, length, steps, whole_months)| {
            let range = if whole_months {
                let first = crate::domain::period::first_of_month(start);
                let months = u32::try_from(length % 40).unwrap_or(0);
                let last = crate::domain::period::last_of_month(crate::domain::period::add_months(
                    first, months,
                ));
                DateRange::new(first, last.max(first))
            } else {
                DateRange::new(
                    start,
                    calendar::add_days(start, length).unwrap_or(NaiveDate::MAX),
                )
            };
            let moved = range.shifted(steps);
            prop_assert!(moved.start <= moved.end);
            let in_reach = |r: &DateRange| in_window(r.start) && in_window(r.end);
            // A custom range that lands on whole months steps by months from there
            // (stepping 2-31 March lands on April, whose previous is all of March).
            let same_kind = moved.is_whole_months() == range.is_whole_months();
            if in_reach(&range) && in_reach(&moved) && same_kind && steps.unsigned_abs() <= 3 {
                prop_assert_eq!(moved.shifted(-steps), range);
            }
            Ok(())
        },
    );
}

#[test]
fn named_periods_hold_on_any_day_with_any_fiscal_year() {
    let fiscal = prop_oneof![1_u32..=12, any::<u32>()];
    check(
        "period::PeriodKey::range, previous_range, trend_range and comparison",
        (any_day(), fiscal),
        |(today, fiscal_end)| {
            for key in PeriodKey::ALL {
                let range = key.range(today, fiscal_end);
                prop_assert!(range.start <= range.end, "{:?} {:?}", key, range);
                prop_assert!(range.months().len() <= 12);
                let previous = key.previous_range(today, fiscal_end);
                let trend = key.trend_range(today, fiscal_end);
                if in_window(today) && today.year() > 1900 && today.year() < 2199 {
                    prop_assert!(range.days() <= 366, "{:?} {:?}", key, range);
                    prop_assert!(previous.start <= previous.end && previous.end < range.start);
                    prop_assert!(trend.start <= trend.end && trend.months().len() <= 12);
                    prop_assert!(trend.end <= today);
                    for baseline in [Baseline::SameDays, Baseline::WholePrevious] {
                        let compared = key.comparison(today, fiscal_end, baseline);
                        let current = compared.current;
                        prop_assert!(range.start == current.start && current.end <= range.end);
                        if range.contains(today) {
                            prop_assert!(current.end <= today);
                        } else {
                            prop_assert_eq!(current, range);
                        }
                        if compared.running {
                            prop_assert!(compared.last_year.days() <= current.days());
                        } else {
                            prop_assert_eq!(compared.last_year, key.year_earlier(range));
                        }
                        prop_assert!(compared.last_year.start <= compared.last_year.end);
                        prop_assert!(compared.previous.end < current.start);
                        if compared.running && baseline == Baseline::SameDays {
                            prop_assert!(compared.previous.days() <= current.days());
                        } else {
                            prop_assert_eq!(compared.previous, compared.whole_previous);
                        }
                    }
                }
            }
            Ok(())
        },
    );
}

#[test]
fn like_for_like_to_date_stays_inside_both_periods() {
    let input = (any_day(), 0_i64..800, any_day(), 0_i64..800, any_day());
    check(
        "revenue::to_date_ranges",
        input,
        |(start, length, other, other_length, today)| {
            let range = DateRange::new(
                start,
                calendar::add_days(start, length).unwrap_or(NaiveDate::MAX),
            );
            let comparison = DateRange::new(
                other,
                calendar::add_days(other, other_length).unwrap_or(NaiveDate::MAX),
            );
            if let Some((current, earlier)) = to_date_ranges(range, comparison, today) {
                prop_assert!(current.start == range.start && current.end == today);
                prop_assert!(earlier.start == comparison.start && earlier.end <= comparison.end);
            }
            Ok(())
        },
    );
}
