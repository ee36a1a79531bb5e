//! The Revenue page's model: which period, in which buckets, with or without VAT,
//! compared with what; read from the URL, stepped with previous/next, and the DTO the
//! server function returns. Pure, so every rule is unit-tested.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::calendar::{self, add_days};
pub use super::period::PeriodKey;
use super::period::{
    first_of_block, first_of_month, first_of_week, last_of_month, same_days_of,
    same_week_a_year_earlier, DateRange,
};
use super::query::{choice, date, given, Problem};

/// The longest range the page accepts (ten years), and the most buckets it draws.
pub const MAX_RANGE_DAYS: i64 = 3_660;
pub const MAX_BUCKETS: usize = 400;
/// The most buckets [`Granularity::buckets`] ever makes: above the day count of the
/// longest accepted range, so every accepted range is covered whole, and a hard stop
/// for any other.
pub const BUCKET_LOOP_CAP: usize = 4_000;

/// How the page groups days.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Granularity {
    Day,
    Week,
    Month,
    Quarter,
}

impl Granularity {
    pub const ALL: [Granularity; 4] = [
        Granularity::Day,
        Granularity::Week,
        Granularity::Month,
        Granularity::Quarter,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Granularity::Day => "day",
            Granularity::Week => "week",
            Granularity::Month => "month",
            Granularity::Quarter => "quarter",
        }
    }

    pub fn from_key(key: &str) -> Option<Granularity> {
        Granularity::ALL.into_iter().find(|g| g.key() == key)
    }

    /// The grouping that gives a readable chart for a range of this length.
    pub fn natural_for(range: DateRange) -> Granularity {
        match range.days() {
            0..=45 => Granularity::Day,
            46..=120 => Granularity::Week,
            121..=1_100 => Granularity::Month,
            _ => Granularity::Quarter,
        }
    }

    /// The first day of the bucket holding `day` (weeks start on Monday, ISO 8601).
    pub fn bucket_start(self, day: NaiveDate) -> NaiveDate {
        match self {
            Granularity::Day => day,
            Granularity::Week => first_of_week(day),
            Granularity::Month => first_of_month(day),
            Granularity::Quarter => first_of_block(day, 3),
        }
    }

    /// The start of the bucket after the one starting on `start`; `None` past the end
    /// of chrono's calendar.
    fn next_bucket(self, start: NaiveDate) -> Option<NaiveDate> {
        match self {
            Granularity::Day => add_days(start, 1),
            Granularity::Week => add_days(start, 7),
            Granularity::Month => calendar::add_months(start, 1),
            Granularity::Quarter => calendar::add_months(start, 3),
        }
    }

    /// The buckets covering `range`, each clipped to it, in order. Every step moves
    /// strictly forward and the count is capped, so no range (however it was made)
    /// can keep this loop going.
    pub fn buckets(self, range: DateRange) -> Vec<DateRange> {
        let mut buckets = Vec::new();
        let mut start = self.bucket_start(range.start);
        while start <= range.end && buckets.len() < BUCKET_LOOP_CAP {
            let next = self.next_bucket(start).filter(|next| *next > start);
            let end = next
                .and_then(|next| next.pred_opt())
                .map_or(range.end, |last| last.min(range.end));
            buckets.push(DateRange::new(start.max(range.start), end));
            match next {
                Some(next) => start = next,
                None => break,
            }
        }
        buckets
    }
}

/// Whether amounts include VAT.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum VatMode {
    #[default]
    Excluded,
    Included,
}

impl VatMode {
    pub fn key(self) -> &'static str {
        match self {
            VatMode::Excluded => "excl",
            VatMode::Included => "incl",
        }
    }

    pub fn from_key(key: &str) -> Option<VatMode> {
        [VatMode::Excluded, VatMode::Included]
            .into_iter()
            .find(|v| v.key() == key)
    }
}

/// What the chart compares each bucket with.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Compare {
    PreviousPeriod,
    #[default]
    LastYear,
}

impl Compare {
    pub fn key(self) -> &'static str {
        match self {
            Compare::PreviousPeriod => "previous",
            Compare::LastYear => "last_year",
        }
    }

    pub fn from_key(key: &str) -> Option<Compare> {
        [Compare::PreviousPeriod, Compare::LastYear]
            .into_iter()
            .find(|c| c.key() == key)
    }
}

impl DateRange {
    /// Number of days in the range, both ends included.
    pub fn days(&self) -> i64 {
        (self.end - self.start).num_days() + 1
    }

    /// Whether the range is whole calendar months (1 Mar – 31 May).
    pub fn is_whole_months(&self) -> bool {
        self.start == first_of_month(self.start) && self.end == last_of_month(self.end)
    }

    fn month_count(&self) -> u32 {
        let months = (self.end.year() - self.start.year()) * 12 + self.end.month0() as i32
            - self.start.month0() as i32
            + 1;
        u32::try_from(months.max(1)).unwrap_or(1)
    }

    /// The range moved `steps` lengths later (negative: earlier). Whole-month ranges
    /// move by months, so "February" steps to "March", not to 28 days later.
    pub fn shifted(&self, steps: i32) -> DateRange {
        if self.is_whole_months() {
            // Moved past chrono's calendar, the range stays where it is.
            let moved = i64::from(self.month_count())
                .checked_mul(i64::from(steps))
                .and_then(|months| {
                    let start = calendar::add_months(self.start, months)?;
                    let last_month = calendar::add_months(first_of_month(self.end), months)?;
                    Some(DateRange::new(start, last_of_month(last_month)))
                });
            moved.unwrap_or(*self)
        } else {
            let moved = self
                .days()
                .checked_mul(i64::from(steps))
                .and_then(|offset| {
                    Some((add_days(self.start, offset)?, add_days(self.end, offset)?))
                });
            match moved {
                Some((start, end)) => DateRange::new(start, end),
                None => *self,
            }
        }
    }
}

/// The page's parameters as they arrive in the URL, unchecked.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RevenueParams {
    pub period: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub by: Option<String>,
    pub vat: Option<String>,
    pub compare: Option<String>,
}

impl RevenueParams {
    /// The parameters as `get` finds them by name (a URL's query, a list of pairs).
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Self {
        RevenueParams {
            period: get("period"),
            from: get("from"),
            to: get("to"),
            by: get("by"),
            vat: get("vat"),
            compare: get("compare"),
        }
    }

    /// The parameters of a query string this page wrote (`from=…&to=…`: no escapes).
    pub fn from_query_string(query: &str) -> Self {
        let pairs: Vec<(&str, &str)> = query.split('&').filter_map(|p| p.split_once('=')).collect();
        Self::from_lookup(|key| {
            pairs
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| v.to_string())
        })
    }
}

/// The checked query: what the page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevenueQuery {
    pub range: DateRange,
    /// The named period the range came from, while it still is that period.
    pub period: Option<PeriodKey>,
    pub by: Granularity,
    pub vat: VatMode,
    pub compare: Compare,
}

impl RevenueQuery {
    /// Checks the URL's parameters. A custom range (`from`/`to`) wins over a named
    /// period; anything unusable is reported and replaced by its default, so a bad link
    /// still shows a page.
    pub fn resolve(
        params: &RevenueParams,
        today: NaiveDate,
        fiscal_year_end_month: u32,
    ) -> (RevenueQuery, Vec<Problem>) {
        let mut problems = Vec::new();
        let named = PeriodKey::parse(&params.period, PeriodKey::ThisMonth, &mut problems);
        let mut period = Some(named);
        let mut range = named.range(today, fiscal_year_end_month);
        if given(&params.from).is_some() || given(&params.to).is_some() {
            let from = date("from", &params.from, &mut problems);
            let to = date("to", &params.to, &mut problems);
            let custom = match (from, to) {
                (Some(from), Some(to)) => Some(DateRange::new(from, to)),
                (Some(from), None) => Some(DateRange::new(from, today.max(from))),
                (None, Some(to)) => Some(DateRange::new(first_of_month(to), to)),
                (None, None) => None,
            };
            match custom {
                Some(custom) if custom.start > custom.end => problems.push(Problem::DatesReversed),
                Some(custom) if custom.days() > MAX_RANGE_DAYS => {
                    problems.push(Problem::RangeTooLong)
                }
                Some(custom) => {
                    range = custom;
                    // A custom range equal to a named period is that period.
                    period = PeriodKey::ALL
                        .into_iter()
                        .find(|p| p.range(today, fiscal_year_end_month) == custom);
                }
                None => {}
            }
        }
        let mut by = choice("by", &params.by, Granularity::from_key, &mut problems)
            .unwrap_or_else(|| Granularity::natural_for(range));
        if by.buckets(range).len() > MAX_BUCKETS {
            problems.push(Problem::TooManyPoints);
            by = Granularity::natural_for(range);
        }
        let vat = choice("vat", &params.vat, VatMode::from_key, &mut problems).unwrap_or_default();
        let compare = choice("compare", &params.compare, Compare::from_key, &mut problems)
            .unwrap_or_default();
        let query = RevenueQuery {
            range,
            period,
            by,
            vat,
            compare,
        };
        (query, problems)
    }

    /// The period just before, of the same shape.
    pub fn previous_range(&self) -> DateRange {
        self.range.shifted(-1)
    }

    /// The same days a year earlier.
    pub fn last_year_range(&self) -> DateRange {
        self.range.year_earlier()
    }

    /// The range the chart compares with.
    pub fn comparison_range(&self) -> DateRange {
        match self.compare {
            Compare::PreviousPeriod => self.previous_range(),
            Compare::LastYear => self.last_year_range(),
        }
    }

    /// The query `steps` periods later (negative: earlier), as a custom range.
    pub fn stepped(&self, steps: i32) -> RevenueQuery {
        RevenueQuery {
            range: self.range.shifted(steps),
            period: None,
            ..self.clone()
        }
    }

    /// The URL query string that shows exactly this (`from=…&to=…&by=…`).
    pub fn to_query_string(&self) -> String {
        format!(
            "from={}&to={}&by={}&vat={}&compare={}",
            self.range.start.format("%Y-%m-%d"),
            self.range.end.format("%Y-%m-%d"),
            self.by.key(),
            self.vat.key(),
            self.compare.key()
        )
    }

    /// The query string for a named period, keeping the other choices except the
    /// grouping, which follows the new period's length.
    pub fn with_period_query_string(&self, period: PeriodKey) -> String {
        format!(
            "period={}&vat={}&compare={}",
            period.key(),
            self.vat.key(),
            self.compare.key()
        )
    }
}

/// Like-for-like "to date": when the period holds today, the same number of days from
/// the start of the period and of the comparison period.
pub fn to_date_ranges(
    range: DateRange,
    comparison: DateRange,
    today: NaiveDate,
) -> Option<(DateRange, DateRange)> {
    if !range.contains(today) || today == range.end {
        return None;
    }
    let current = DateRange::new(range.start, today);
    Some((current, same_days_of(current, comparison)))
}

/// One bucket of the chart and table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevenueBucket {
    pub range: DateRange,
    pub amount_minor: i64,
    pub invoice_count: i64,
    pub credit_note_count: i64,
    /// The matching bucket of the comparison period (by position).
    pub comparison_minor: i64,
}

/// A period's total with its comparisons.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevenueTotals {
    pub current_minor: i64,
    pub previous_period_minor: i64,
    pub last_year_minor: i64,
}

/// The period's revenue in one invoice currency, before and after conversion.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrencyTotal {
    pub currency: String,
    pub native_minor: i64,
    pub base_minor: i64,
    pub invoice_count: i64,
}

/// Everything the Revenue page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevenueData {
    pub query: RevenueQuery,
    pub problems: Vec<Problem>,
    /// Whose figures, in which currency, for which day, how fresh.
    pub header: crate::domain::PageHeader,
    pub buckets: Vec<RevenueBucket>,
    pub comparison_range: DateRange,
    pub previous_range: DateRange,
    pub last_year_range: DateRange,
    pub totals: RevenueTotals,
    /// Like-for-like to today, when the period holds today.
    pub to_date: Option<(DateRange, RevenueTotals)>,
    pub by_currency: Vec<CurrencyTotal>,
}

/// One day of one currency from the `revenue_daily` rollup.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevenueDay {
    pub day: NaiveDate,
    pub currency: String,
    pub invoice_count: i64,
    pub credit_note_count: i64,
    pub net_minor: i64,
    pub gross_minor: i64,
    pub net_base_minor: i64,
    pub gross_base_minor: i64,
}

impl RevenueDay {
    pub fn base_amount(&self, vat: VatMode) -> i64 {
        match vat {
            VatMode::Excluded => self.net_base_minor,
            VatMode::Included => self.gross_base_minor,
        }
    }

    pub fn native_amount(&self, vat: VatMode) -> i64 {
        match vat {
            VatMode::Excluded => self.net_minor,
            VatMode::Included => self.gross_minor,
        }
    }
}

/// Sums rollup days over a range in base currency.
pub fn sum_days(days: &[RevenueDay], range: DateRange, vat: VatMode) -> i64 {
    days.iter()
        .filter(|d| range.contains(d.day))
        .map(|d| d.base_amount(vat))
        .sum()
}

/// The days a bucket is compared with. Against last year: the same ISO weekdays of
/// the same ISO weeks for weeks (so a week cut short by the range's edge meets the same
/// days, not a whole or empty week), the same dates for days, months and quarters.
/// Against the previous period: the bucket at the same position of that period.
fn comparison_bucket(
    query: &RevenueQuery,
    bucket: DateRange,
    position: usize,
    previous: &[DateRange],
) -> Option<DateRange> {
    match (query.compare, query.by) {
        (Compare::LastYear, Granularity::Week) => Some(DateRange::new(
            same_week_a_year_earlier(bucket.start),
            same_week_a_year_earlier(bucket.end),
        )),
        (Compare::LastYear, _) => Some(bucket.year_earlier()),
        (Compare::PreviousPeriod, _) => previous.get(position).copied(),
    }
}

/// Each bucket of `query` with the days it is compared with.
pub fn buckets_with_comparison(query: &RevenueQuery) -> Vec<(DateRange, Option<DateRange>)> {
    let previous = query.by.buckets(query.previous_range());
    query
        .by
        .buckets(query.range)
        .into_iter()
        .enumerate()
        .map(|(i, bucket)| (bucket, comparison_bucket(query, bucket, i, &previous)))
        .collect()
}

/// Builds the buckets of `query` from rollup days covering its range and every
/// bucket's comparison (see [`buckets_with_comparison`]).
pub fn bucketize(query: &RevenueQuery, days: &[RevenueDay]) -> Vec<RevenueBucket> {
    buckets_with_comparison(query)
        .into_iter()
        .map(|(range, compared)| {
            let in_bucket = days.iter().filter(|d| range.contains(d.day));
            let (mut amount, mut invoices, mut credits) = (0, 0, 0);
            for day in in_bucket {
                amount += day.base_amount(query.vat);
                invoices += day.invoice_count;
                credits += day.credit_note_count;
            }
            RevenueBucket {
                range,
                amount_minor: amount,
                invoice_count: invoices,
                credit_note_count: credits,
                comparison_minor: compared.map(|c| sum_days(days, c, query.vat)).unwrap_or(0),
            }
        })
        .collect()
}

/// Totals per invoice currency over `range`, largest base amount first.
pub fn currency_totals(days: &[RevenueDay], range: DateRange, vat: VatMode) -> Vec<CurrencyTotal> {
    let mut totals: Vec<CurrencyTotal> = Vec::new();
    for day in days.iter().filter(|d| range.contains(d.day)) {
        match totals.iter_mut().find(|t| t.currency == day.currency) {
            Some(total) => {
                total.native_minor += day.native_amount(vat);
                total.base_minor += day.base_amount(vat);
                total.invoice_count += day.invoice_count;
            }
            None => totals.push(CurrencyTotal {
                currency: day.currency.clone(),
                native_minor: day.native_amount(vat),
                base_minor: day.base_amount(vat),
                invoice_count: day.invoice_count,
            }),
        }
    }
    totals.sort_by(|a, b| {
        b.base_minor
            .cmp(&a.base_minor)
            .then_with(|| a.currency.cmp(&b.currency))
    });
    totals
}

/// The smallest range holding all of `ranges`.
pub fn span(ranges: &[DateRange]) -> Option<DateRange> {
    let start = ranges.iter().map(|r| r.start).min()?;
    let end = ranges.iter().map(|r| r.end).max()?;
    Some(DateRange::new(start, end))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::period::first_of_fiscal_year;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    fn range(a: NaiveDate, b: NaiveDate) -> DateRange {
        DateRange::new(a, b)
    }

    #[test]
    fn named_periods_on_a_given_day() {
        let today = day(2026, 11, 28);
        let cases = [
            (
                PeriodKey::ThisMonth,
                range(day(2026, 11, 1), day(2026, 11, 30)),
            ),
            (
                PeriodKey::LastMonth,
                range(day(2026, 10, 1), day(2026, 10, 31)),
            ),
            (
                PeriodKey::ThisQuarter,
                range(day(2026, 10, 1), day(2026, 12, 31)),
            ),
            (
                PeriodKey::LastQuarter,
                range(day(2026, 7, 1), day(2026, 9, 30)),
            ),
            (
                PeriodKey::ThisHalf,
                range(day(2026, 7, 1), day(2026, 12, 31)),
            ),
            (
                PeriodKey::LastHalf,
                range(day(2026, 1, 1), day(2026, 6, 30)),
            ),
            (
                PeriodKey::ThisYear,
                range(day(2026, 1, 1), day(2026, 12, 31)),
            ),
            (
                PeriodKey::LastYear,
                range(day(2025, 1, 1), day(2025, 12, 31)),
            ),
            (
                PeriodKey::Last12Months,
                range(day(2025, 11, 1), day(2026, 10, 31)),
            ),
        ];
        for (period, expected) in cases {
            assert_eq!(period.range(today, 12), expected, "{period:?}");
        }
    }

    #[test]
    fn fiscal_years_follow_the_end_month() {
        // July–June fiscal year.
        assert_eq!(
            PeriodKey::FiscalYear.range(day(2026, 11, 28), 6),
            range(day(2026, 7, 1), day(2027, 6, 30))
        );
        assert_eq!(
            PeriodKey::FiscalYear.range(day(2026, 3, 1), 6),
            range(day(2025, 7, 1), day(2026, 6, 30))
        );
        assert_eq!(
            PeriodKey::LastFiscalYear.range(day(2026, 3, 1), 6),
            range(day(2024, 7, 1), day(2025, 6, 30))
        );
        // Calendar fiscal year, and an out-of-range month treated as December.
        assert_eq!(
            PeriodKey::FiscalYear.range(day(2026, 1, 1), 12),
            range(day(2026, 1, 1), day(2026, 12, 31))
        );
        assert_eq!(first_of_fiscal_year(day(2026, 5, 5), 99), day(2026, 1, 1));
    }

    #[test]
    fn stepping_keeps_the_shape() {
        let feb = range(day(2026, 2, 1), day(2026, 2, 28));
        assert_eq!(feb.shifted(1), range(day(2026, 3, 1), day(2026, 3, 31)));
        assert_eq!(feb.shifted(-1), range(day(2026, 1, 1), day(2026, 1, 31)));
        let q = range(day(2026, 10, 1), day(2026, 12, 31));
        assert_eq!(q.shifted(1), range(day(2027, 1, 1), day(2027, 3, 31)));
        // Leap years: February 2024 has 29 days.
        assert_eq!(
            range(day(2024, 1, 1), day(2024, 1, 31)).shifted(1),
            range(day(2024, 2, 1), day(2024, 2, 29))
        );
        // Custom ranges move by their length in days.
        let custom = range(day(2026, 11, 3), day(2026, 11, 12));
        assert_eq!(
            custom.shifted(-1),
            range(day(2026, 10, 24), day(2026, 11, 2))
        );
        assert_eq!(
            custom.shifted(2),
            range(day(2026, 11, 23), day(2026, 12, 2))
        );
    }

    #[test]
    fn buckets_cover_the_range_exactly() {
        let r = range(day(2026, 11, 4), day(2026, 12, 9));
        for by in Granularity::ALL {
            let buckets = by.buckets(r);
            assert_eq!(buckets.first().map(|b| b.start), Some(r.start), "{by:?}");
            assert_eq!(buckets.last().map(|b| b.end), Some(r.end), "{by:?}");
            for pair in buckets.windows(2) {
                assert_eq!(
                    pair[0].end.succ_opt().expect("next day"),
                    pair[1].start,
                    "{by:?}"
                );
            }
            let days: i64 = buckets.iter().map(DateRange::days).sum();
            assert_eq!(days, r.days(), "{by:?}");
        }
        // ISO weeks start on Monday: 4 Nov 2026 is a Wednesday.
        let weeks = Granularity::Week.buckets(r);
        assert_eq!(weeks[0], range(day(2026, 11, 4), day(2026, 11, 8)));
        assert_eq!(weeks[1].start.weekday(), chrono::Weekday::Mon);
        // A year with ISO week 53 (2026 ends on a Thursday).
        let dec = Granularity::Week.buckets(range(day(2026, 12, 28), day(2027, 1, 10)));
        assert_eq!(dec[0].start.iso_week().week(), 53);
        assert_eq!(Granularity::Quarter.buckets(r).len(), 1);
        assert_eq!(Granularity::Month.buckets(r).len(), 2);
    }

    #[test]
    fn like_for_like_to_date() {
        let nov = range(day(2026, 11, 1), day(2026, 11, 30));
        let oct = range(day(2026, 10, 1), day(2026, 10, 31));
        assert_eq!(
            to_date_ranges(nov, oct, day(2026, 11, 28)),
            Some((
                range(day(2026, 11, 1), day(2026, 11, 28)),
                range(day(2026, 10, 1), day(2026, 10, 28))
            ))
        );
        // 30 March against February: clamped to February's last day.
        let mar = range(day(2026, 3, 1), day(2026, 3, 31));
        let feb = range(day(2026, 2, 1), day(2026, 2, 28));
        assert_eq!(
            to_date_ranges(mar, feb, day(2026, 3, 30)).map(|(_, c)| c),
            Some(range(day(2026, 2, 1), day(2026, 2, 28)))
        );
        // A finished period, or one not started, has no "to date".
        assert_eq!(to_date_ranges(oct, feb, day(2026, 11, 28)), None);
        assert_eq!(to_date_ranges(nov, oct, day(2026, 11, 30)), None);
    }

    #[test]
    fn the_url_is_checked_and_bad_values_are_named() {
        let today = day(2026, 11, 28);
        let (q, problems) = RevenueQuery::resolve(&RevenueParams::default(), today, 12);
        assert!(problems.is_empty());
        assert_eq!(q.period, Some(PeriodKey::ThisMonth));
        assert_eq!(q.by, Granularity::Day);
        assert_eq!(q.vat, VatMode::Excluded);

        let params = RevenueParams {
            period: Some("someday".into()),
            by: Some("hour".into()),
            vat: Some("maybe".into()),
            compare: Some("x".into()),
            ..Default::default()
        };
        let (q, problems) = RevenueQuery::resolve(&params, today, 12);
        assert_eq!(q.period, Some(PeriodKey::ThisMonth));
        assert_eq!(
            problems,
            vec![
                Problem::not_a_choice("period", "someday"),
                Problem::not_a_choice("by", "hour"),
                Problem::not_a_choice("vat", "maybe"),
                Problem::not_a_choice("compare", "x"),
            ]
        );

        let custom = RevenueParams {
            from: Some("2026-01-01".into()),
            to: Some("2026-12-31".into()),
            by: Some("day".into()),
            ..Default::default()
        };
        let (q, problems) = RevenueQuery::resolve(&custom, today, 12);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            q.period,
            Some(PeriodKey::ThisYear),
            "a custom range naming a period"
        );
        assert_eq!(q.by.buckets(q.range).len(), 365);

        let reversed = RevenueParams {
            from: Some("2026-05-01".into()),
            to: Some("2026-04-01".into()),
            ..Default::default()
        };
        let (q, problems) = RevenueQuery::resolve(&reversed, today, 12);
        assert_eq!(problems, vec![Problem::DatesReversed]);
        assert_eq!(q.range, PeriodKey::ThisMonth.range(today, 12));

        let garbage = RevenueParams {
            from: Some("2026-13-45".into()),
            to: Some("2026-02-01".into()),
            ..Default::default()
        };
        let (q, problems) = RevenueQuery::resolve(&garbage, today, 12);
        assert!(matches!(&problems[0], Problem::NotADate { field, .. } if field == "from"));
        assert_eq!(q.range, range(day(2026, 2, 1), day(2026, 2, 1)));

        let too_long = RevenueParams {
            from: Some("2000-01-01".into()),
            to: Some("2026-01-01".into()),
            ..Default::default()
        };
        assert_eq!(
            RevenueQuery::resolve(&too_long, today, 12).1,
            vec![Problem::RangeTooLong]
        );
        let too_many = RevenueParams {
            period: Some("last_12_months".into()),
            by: Some("day".into()),
            ..Default::default()
        };
        let (q, problems) = RevenueQuery::resolve(&too_many, today, 12);
        assert!(problems.is_empty(), "365 days fit");
        assert_eq!(q.by, Granularity::Day);
        let ten_years = RevenueParams {
            from: Some("2017-01-01".into()),
            to: Some("2026-06-30".into()),
            by: Some("day".into()),
            ..Default::default()
        };
        let (q, problems) = RevenueQuery::resolve(&ten_years, today, 12);
        assert_eq!(problems, vec![Problem::TooManyPoints]);
        assert_eq!(q.by, Granularity::Quarter);
    }

    #[test]
    fn query_strings_round_trip() {
        let today = day(2026, 11, 28);
        let (q, _) = RevenueQuery::resolve(
            &RevenueParams {
                period: Some("last_quarter".into()),
                vat: Some("incl".into()),
                compare: Some("previous".into()),
                ..Default::default()
            },
            today,
            12,
        );
        let params = RevenueParams::from_query_string(&q.to_query_string());
        let (again, problems) = RevenueQuery::resolve(&params, today, 12);
        assert!(problems.is_empty());
        assert_eq!(again, q);
        assert_eq!(
            q.stepped(-1).range,
            range(day(2026, 4, 1), day(2026, 6, 30))
        );
    }

    #[test]
    fn buckets_and_currency_totals_sum_the_days() {
        let days = vec![
            RevenueDay {
                day: day(2026, 11, 2),
                currency: "DKK".into(),
                invoice_count: 2,
                credit_note_count: 0,
                net_minor: 10_000,
                gross_minor: 12_500,
                net_base_minor: 10_000,
                gross_base_minor: 12_500,
            },
            RevenueDay {
                day: day(2026, 11, 20),
                currency: "EUR".into(),
                invoice_count: 1,
                credit_note_count: 1,
                net_minor: 1_000,
                gross_minor: 1_250,
                net_base_minor: 7_460,
                gross_base_minor: 9_325,
            },
            RevenueDay {
                day: day(2025, 11, 20),
                currency: "DKK".into(),
                invoice_count: 1,
                credit_note_count: 0,
                net_minor: 5_000,
                gross_minor: 6_250,
                net_base_minor: 5_000,
                gross_base_minor: 6_250,
            },
        ];
        let query = RevenueQuery {
            range: range(day(2026, 11, 1), day(2026, 11, 30)),
            period: None,
            by: Granularity::Month,
            vat: VatMode::Included,
            compare: Compare::LastYear,
        };
        let buckets = bucketize(&query, &days);
        assert_eq!(buckets.len(), 1);
        assert_eq!(buckets[0].amount_minor, 12_500 + 9_325);
        assert_eq!(buckets[0].comparison_minor, 6_250);
        assert_eq!(buckets[0].invoice_count, 3);
        assert_eq!(buckets[0].credit_note_count, 1);
        let totals = currency_totals(&days, query.range, VatMode::Excluded);
        assert_eq!(totals[0].currency, "DKK");
        assert_eq!(totals[1].native_minor, 1_000);
        assert_eq!(totals[1].base_minor, 7_460);
    }

    #[test]
    fn weeks_compare_with_the_same_iso_weeks_of_last_year() {
        // November 2026 starts on a Sunday: its first week is one day long.
        let query = RevenueQuery {
            range: range(day(2026, 11, 1), day(2026, 11, 30)),
            period: None,
            by: Granularity::Week,
            vat: VatMode::Excluded,
            compare: Compare::LastYear,
        };
        let buckets = buckets_with_comparison(&query);
        let (first, compared) = buckets[0];
        assert_eq!(first, range(day(2026, 11, 1), day(2026, 11, 1)));
        // Sunday of ISO week 44 of 2025.
        assert_eq!(compared, Some(range(day(2025, 11, 2), day(2025, 11, 2))));
        let (second, compared) = buckets[1];
        assert_eq!(second, range(day(2026, 11, 2), day(2026, 11, 8)));
        assert_eq!(compared, Some(range(day(2025, 11, 3), day(2025, 11, 9))));
        for (bucket, compared) in buckets {
            assert_eq!(
                compared.map(|c| c.days()),
                Some(bucket.days()),
                "{bucket:?}"
            );
        }
    }
}
