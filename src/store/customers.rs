//! Customer insights' reads: revenue per customer and month from the
//! `customer_revenue_monthly` rollup, each customer's first invoiced month, and
//! settlement sums from the invoice facts (`settled_on`, `days_to_settle`, `days_late`).

use async_trait::async_trait;
use chrono::NaiveDate;

use super::{OrgId, StoreError};
use crate::domain::customers::{CustomerRevenue, MonthRow, SettlementSums};
use crate::domain::DateRange;

#[async_trait]
pub trait CustomerStore {
    /// Every customer's invoices and net revenue (base currency) over the months of
    /// `range` (whole months).
    async fn customer_revenue(
        &self,
        org: OrgId,
        range: DateRange,
    ) -> Result<Vec<CustomerRevenue>, StoreError>;

    /// The rollup rows of the months of `range`, for one customer or all.
    async fn customer_months(
        &self,
        org: OrgId,
        range: DateRange,
        customer: Option<i64>,
    ) -> Result<Vec<MonthRow>, StoreError>;

    /// Each customer's first month with an invoice, ever.
    async fn customer_first_months(&self, org: OrgId) -> Result<Vec<(i64, NaiveDate)>, StoreError>;

    /// Per customer, the invoices paid in full within `range` (by the day they were):
    /// how many, and the sums of their days to pay and days past due.
    async fn settlement_sums(
        &self,
        org: OrgId,
        range: DateRange,
        customer: Option<i64>,
    ) -> Result<Vec<SettlementSums>, StoreError>;

    /// One customer's invoices paid in full within `range`: each one's days past the
    /// due date (negative: early), in no particular order.
    async fn settlement_days_late(
        &self,
        org: OrgId,
        range: DateRange,
        customer: i64,
    ) -> Result<Vec<i64>, StoreError>;

    /// A customer's name, if the customer is the organization's.
    async fn customer_name(&self, org: OrgId, customer: i64) -> Result<Option<String>, StoreError>;
}
