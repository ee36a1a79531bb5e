//! The Overview page's data: KPI definitions and the DTO its server function returns.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::format::{self, Lang};
use super::invoices::{approved_link, unpaid_link, DocKind, PayFilter};
use super::money::percent_change;
use super::period::{Comparison, DateRange, PeriodKey};

/// The six headline figures of the Overview page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum KpiKey {
    Revenue,
    InvoiceCount,
    ActiveCustomers,
    AverageInvoice,
    Outstanding,
    Overdue,
}

impl KpiKey {
    /// In the order the page shows them.
    pub const ALL: [KpiKey; 6] = [
        KpiKey::Revenue,
        KpiKey::InvoiceCount,
        KpiKey::ActiveCustomers,
        KpiKey::AverageInvoice,
        KpiKey::Outstanding,
        KpiKey::Overdue,
    ];

    /// Stable identifier used in test ids and URLs.
    pub fn key(self) -> &'static str {
        match self {
            KpiKey::Revenue => "revenue",
            KpiKey::InvoiceCount => "invoice_count",
            KpiKey::ActiveCustomers => "active_customers",
            KpiKey::AverageInvoice => "average_invoice",
            KpiKey::Outstanding => "outstanding",
            KpiKey::Overdue => "overdue",
        }
    }

    /// The invoice table holding exactly the documents this figure sums over `range`,
    /// where there is one: revenue and the invoice count sum approved documents dated
    /// in the range; outstanding and overdue are a state the table shows for today
    /// only; active customers and the average are not sums of invoices.
    pub fn invoices_link(self, range: DateRange, today: NaiveDate) -> Option<String> {
        match self {
            KpiKey::Revenue => approved_link(range, None, today),
            KpiKey::InvoiceCount => approved_link(range, Some(DocKind::Invoice), today),
            KpiKey::Outstanding if range.end == today => Some(unpaid_link(PayFilter::Unpaid)),
            KpiKey::Overdue if range.end == today => Some(unpaid_link(PayFilter::Overdue)),
            _ => None,
        }
    }

    /// Whether an increase is good news (drives the colour of the change).
    pub fn higher_is_better(self) -> bool {
        !matches!(self, KpiKey::Outstanding | KpiKey::Overdue)
    }
}

/// A KPI's value: an amount in the organization's base currency, or a count.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum KpiValue {
    Money(i64),
    Count(i64),
}

impl KpiValue {
    pub fn raw(self) -> i64 {
        match self {
            KpiValue::Money(v) | KpiValue::Count(v) => v,
        }
    }

    pub fn format(self, currency: &str, lang: Lang) -> String {
        match self {
            KpiValue::Money(minor) => format::money(minor, currency, lang),
            KpiValue::Count(count) => format::count(count, lang),
        }
    }
}

/// One KPI for the selected period's days, the days it is compared with, and the
/// same days a year earlier (see [`Comparison`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Kpi {
    pub key: KpiKey,
    pub current: KpiValue,
    pub previous: KpiValue,
    pub last_year: KpiValue,
}

impl Kpi {
    /// The change against the compared days.
    pub fn change(&self) -> Option<f64> {
        percent_change(self.current.raw(), self.previous.raw())
    }

    pub fn change_label(&self, lang: Lang) -> String {
        format::change(self.change(), lang)
    }

    /// The change against the same days a year earlier.
    pub fn change_on_last_year(&self) -> Option<f64> {
        percent_change(self.current.raw(), self.last_year.raw())
    }

    pub fn change_on_last_year_label(&self, lang: Lang) -> String {
        format::change(self.change_on_last_year(), lang)
    }
}

/// Revenue of one month and of the same days a year earlier.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthPoint {
    pub month: NaiveDate,
    pub revenue_minor: i64,
    pub invoice_count: i64,
    pub previous_year_minor: i64,
    /// For the current month: the last day counted (today), on both years' side.
    pub through: Option<NaiveDate>,
}

impl MonthPoint {
    /// Short month label for axes and table rows: `Nov 2026`, `nov. 2026`.
    pub fn label(&self, lang: Lang) -> String {
        format::month(self.month, lang)
    }
}

/// Everything the Overview page shows for one organization and period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OverviewData {
    /// Whose figures, in which currency, for which day, how fresh.
    pub header: crate::domain::PageHeader,
    pub period: PeriodKey,
    /// URL values the page could not use.
    pub problems: Vec<crate::domain::query::Problem>,
    /// The days the figures cover and the days they are compared with.
    pub comparison: Comparison,
    pub kpis: Vec<Kpi>,
    pub trend: Vec<MonthPoint>,
}

impl OverviewData {
    pub fn kpi(&self, key: KpiKey) -> Option<&Kpi> {
        self.kpis.iter().find(|kpi| kpi.key == key)
    }
}

/// How old data is, coarsely, for "Data updated 3 min ago" (worded by the UI).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Age {
    JustNow,
    Minutes(i64),
    Hours(i64),
    Days(i64),
}

impl Age {
    pub fn between(then: DateTime<Utc>, now: DateTime<Utc>) -> Age {
        let seconds = (now - then).num_seconds().max(0);
        match seconds {
            0..=59 => Age::JustNow,
            60..=3_599 => Age::Minutes(seconds / 60),
            3_600..=86_399 => Age::Hours(seconds / 3_600),
            _ => Age::Days(seconds / 86_400),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_are_coarse() {
        let now = Utc::now();
        assert_eq!(Age::between(now, now), Age::JustNow);
        assert_eq!(
            Age::between(now + chrono::Duration::minutes(1), now),
            Age::JustNow
        );
        assert_eq!(
            Age::between(now - chrono::Duration::minutes(3), now),
            Age::Minutes(3)
        );
        assert_eq!(
            Age::between(now - chrono::Duration::hours(5), now),
            Age::Hours(5)
        );
        assert_eq!(
            Age::between(now - chrono::Duration::days(2), now),
            Age::Days(2)
        );
    }

    #[test]
    fn kpi_change_is_relative_to_previous() {
        let kpi = Kpi {
            key: KpiKey::Revenue,
            current: KpiValue::Money(150),
            previous: KpiValue::Money(100),
            last_year: KpiValue::Money(200),
        };
        assert_eq!(kpi.change_on_last_year_label(Lang::En), "-25.0%");
        assert_eq!(kpi.change_label(Lang::Da), "+50,0\u{a0}%");
        assert_eq!(kpi.change_label(Lang::En), "+50.0%");
    }
}
