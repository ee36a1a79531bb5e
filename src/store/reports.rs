//! Reports: the figures the analytics pages read from the rollups (period totals,
//! revenue by day and month, receivables on a day, data freshness, row counts).

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};

use super::{MonthRevenue, OrgId, PeriodTotals, Receivables, RowCounts, StoreError};
use crate::domain::DateRange;

/// Read-only figures over an organization's mirrored data.
#[async_trait]
pub trait ReportStore: Send + Sync + 'static {
    /// When the organization's data was last refreshed from upstream, if ever.
    async fn data_as_of(&self, org: OrgId) -> Result<Option<DateTime<Utc>>, StoreError>;

    /// Revenue, invoice count and active customers over a date range (from rollups).
    async fn period_totals(&self, org: OrgId, range: DateRange)
        -> Result<PeriodTotals, StoreError>;

    /// The daily revenue rollup over a range, one row per day and invoice currency
    /// (days without documents are absent).
    async fn revenue_days(
        &self,
        org: OrgId,
        range: DateRange,
    ) -> Result<Vec<crate::domain::revenue::RevenueDay>, StoreError>;

    /// Revenue per calendar month over a date range (from the daily rollup).
    async fn revenue_by_month(
        &self,
        org: OrgId,
        range: DateRange,
    ) -> Result<Vec<MonthRevenue>, StoreError>;

    /// Outstanding and overdue receivables at the end of `day` (from the daily rollup).
    async fn receivables_at(&self, org: OrgId, day: NaiveDate) -> Result<Receivables, StoreError>;

    async fn row_counts(&self, org: OrgId) -> Result<RowCounts, StoreError>;
}

/// Sums daily (day, revenue, invoice count) rows into one entry per month of `range`,
/// months without rows included as zeros.
pub(crate) fn bucket_by_month(
    range: crate::domain::DateRange,
    days: &[(chrono::NaiveDate, i64, i64)],
) -> Vec<super::MonthRevenue> {
    range
        .months()
        .into_iter()
        .map(|month| {
            let (revenue, count) = days
                .iter()
                .filter(|(day, _, _)| crate::domain::period::first_of_month(*day) == month)
                .fold((0, 0), |(r, c), (_, dr, dc)| (r + dr, c + dc));
            super::MonthRevenue {
                month,
                revenue_base_minor: revenue,
                invoice_count: count,
            }
        })
        .collect()
}
