//! The Overview page's data: KPI definitions and the DTO its server function returns.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::money::{format_change, format_count, format_money, percent_change};
use super::period::{DateRange, PeriodPreset};

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

    pub fn label(self) -> &'static str {
        match self {
            KpiKey::Revenue => "Revenue",
            KpiKey::InvoiceCount => "Invoices",
            KpiKey::ActiveCustomers => "Active customers",
            KpiKey::AverageInvoice => "Average invoice",
            KpiKey::Outstanding => "Outstanding receivables",
            KpiKey::Overdue => "Overdue",
        }
    }

    /// How the figure is computed, in one sentence a business owner can check.
    pub fn explanation(self) -> &'static str {
        match self {
            KpiKey::Revenue => "Approved invoices minus approved credit notes dated in the period, excluding VAT, converted to the base currency at each invoice's own exchange rate.",
            KpiKey::InvoiceCount => "Approved invoices dated in the period (drafts, voided invoices and credit notes are not counted).",
            KpiKey::ActiveCustomers => "Customers with at least one approved invoice dated in the period.",
            KpiKey::AverageInvoice => "Revenue divided by the number of invoices in the period.",
            KpiKey::Outstanding => "Unpaid amounts of approved invoices including VAT, as of the period's last day (or today, if sooner), in the base currency.",
            KpiKey::Overdue => "The part of outstanding receivables whose due date had passed on the period's last day (or today, if sooner).",
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

    pub fn format(self, currency: &str) -> String {
        match self {
            KpiValue::Money(minor) => format_money(minor, currency),
            KpiValue::Count(count) => format_count(count),
        }
    }
}

/// One KPI for the selected period and the period before it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Kpi {
    pub key: KpiKey,
    pub current: KpiValue,
    pub previous: KpiValue,
}

impl Kpi {
    pub fn change(&self) -> Option<f64> {
        percent_change(self.current.raw(), self.previous.raw())
    }

    pub fn change_label(&self) -> String {
        format_change(self.change())
    }
}

/// Revenue of one month and of the same month a year earlier.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthPoint {
    pub month: NaiveDate,
    pub revenue_minor: i64,
    pub invoice_count: i64,
    pub previous_year_minor: i64,
}

impl MonthPoint {
    /// Short month label for axes and table rows: `Nov 2026`.
    pub fn label(&self) -> String {
        self.month.format("%b %Y").to_string()
    }
}

/// Everything the Overview page shows for one organization and period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OverviewData {
    pub org_name: String,
    pub base_currency: String,
    pub period: PeriodPreset,
    pub range: DateRange,
    pub previous_range: DateRange,
    pub today: NaiveDate,
    pub kpis: Vec<Kpi>,
    pub trend: Vec<MonthPoint>,
    /// When the data behind the figures was last refreshed from upstream (or seeded).
    pub data_as_of: Option<DateTime<Utc>>,
    /// When the server computed this answer; freshness is shown relative to it.
    pub computed_at: DateTime<Utc>,
}

impl OverviewData {
    pub fn kpi(&self, key: KpiKey) -> Option<&Kpi> {
        self.kpis.iter().find(|kpi| kpi.key == key)
    }
}

/// Describes how old data is, in words: `just now`, `3 min ago`, `2 h ago`, `4 days ago`.
pub fn describe_age(then: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let seconds = (now - then).num_seconds().max(0);
    match seconds {
        0..=59 => "just now".to_string(),
        60..=3_599 => format!("{} min ago", seconds / 60),
        3_600..=86_399 => format!("{} h ago", seconds / 3_600),
        _ => format!("{} days ago", seconds / 86_400),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_read_naturally() {
        let now = Utc::now();
        assert_eq!(describe_age(now, now), "just now");
        assert_eq!(
            describe_age(now - chrono::Duration::minutes(3), now),
            "3 min ago"
        );
        assert_eq!(
            describe_age(now - chrono::Duration::hours(5), now),
            "5 h ago"
        );
    }

    #[test]
    fn kpi_change_is_relative_to_previous() {
        let kpi = Kpi {
            key: KpiKey::Revenue,
            current: KpiValue::Money(150),
            previous: KpiValue::Money(100),
        };
        assert_eq!(kpi.change_label(), "+50,0 %");
    }
}
