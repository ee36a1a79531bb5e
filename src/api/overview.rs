//! The Overview page's server function: KPIs for a period and the revenue trend.

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::domain::accounts::Action;
use crate::domain::OverviewData;
use crate::error::AppError;

/// Everything the Overview page shows, for the request's organization, the URL's
/// `period` and `against` (unchecked; an unknown value comes back as a problem, with
/// its default: this month, compared like for like).
#[server(endpoint = "overview")]
pub async fn get_overview(
    period: Option<String>,
    against: Option<String>,
) -> Result<OverviewData, AppError> {
    super::support::for_caller(
        Action::ViewDashboards,
        "loading the overview",
        |caller| async move {
            Ok(ssr::load_overview(&caller.ctx, &caller.org, &period, &against).await?)
        },
    )
    .await
}

#[cfg(feature = "ssr")]
pub mod ssr {
    //! Assembling the overview from rollup queries.

    use chrono::NaiveDate;

    use crate::api::support::page_header;
    use crate::domain::period::{last_of_month, Baseline, PeriodKey};
    use crate::domain::query::choice;
    use crate::domain::{Kpi, KpiKey, KpiValue, MonthPoint, OverviewData};
    use crate::server::caller::org_today;
    use crate::server::ServerCtx;
    use crate::store::{OrgId, Organization, PeriodTotals, Receivables, StoreError};

    pub async fn load_overview(
        ctx: &ServerCtx,
        org: &Organization,
        period: &Option<String>,
        against: &Option<String>,
    ) -> Result<OverviewData, StoreError> {
        let mut problems = Vec::new();
        let period = PeriodKey::parse(period, PeriodKey::ThisMonth, &mut problems);
        let baseline =
            choice("against", against, Baseline::from_key, &mut problems).unwrap_or_default();
        let mut data = overview_for_day(ctx, org, period, baseline, org_today(org)).await?;
        data.problems = problems;
        Ok(data)
    }

    /// The overview as it looks on `today` (separate so tests can pin the day).
    pub async fn overview_for_day(
        ctx: &ServerCtx,
        org: &Organization,
        period: PeriodKey,
        baseline: Baseline,
        today: NaiveDate,
    ) -> Result<OverviewData, StoreError> {
        let store = &ctx.store;
        let id = OrgId(org.id);
        let fiscal_end = org.fiscal_year_end_month;
        let comparison = period.comparison(today, fiscal_end, baseline);
        let trend_range = period.trend_range(today, fiscal_end);
        // Receivables are a state, read at the last day of each side.
        let (
            current,
            previous,
            last_year,
            owed_now,
            owed_before,
            owed_last_year,
            trend,
            trend_last_year,
            as_of,
        ) = tokio::try_join!(
            store.period_totals(id, comparison.current),
            store.period_totals(id, comparison.previous),
            store.period_totals(id, comparison.last_year),
            store.receivables_at(id, comparison.current.end),
            store.receivables_at(id, comparison.previous.end),
            store.receivables_at(id, comparison.last_year.end),
            store.revenue_by_month(id, trend_range),
            store.revenue_by_month(id, trend_range.year_earlier()),
            store.data_as_of(id),
        )?;
        let sides = [
            (&current, &owed_now),
            (&previous, &owed_before),
            (&last_year, &owed_last_year),
        ];
        let kpis = KpiKey::ALL
            .into_iter()
            .map(|key| {
                let [current, previous, last_year] =
                    sides.map(|(totals, owed)| value(key, totals, owed));
                Kpi {
                    key,
                    current,
                    previous,
                    last_year,
                }
            })
            .collect();
        // The trend's last month stops at today when the month is not over; its year
        // earlier stops at the same date (the ranges are the same days a year apart).
        let through = (trend_range.end < last_of_month(trend_range.end)).then_some(trend_range.end);
        let last_month = trend.last().map(|point| point.month);
        let trend = trend
            .into_iter()
            .zip(trend_last_year)
            .map(|(month, last_year)| MonthPoint {
                through: through.filter(|_| Some(month.month) == last_month),
                month: month.month,
                revenue_minor: month.revenue_base_minor,
                invoice_count: month.invoice_count,
                previous_year_minor: last_year.revenue_base_minor,
            })
            .collect();
        Ok(OverviewData {
            header: page_header(org, today, as_of),
            period,
            problems: Vec::new(),
            comparison,
            kpis,
            trend,
        })
    }

    /// One KPI's value from one side's totals and receivables.
    fn value(key: KpiKey, totals: &PeriodTotals, owed: &Receivables) -> KpiValue {
        match key {
            KpiKey::Revenue => KpiValue::Money(totals.revenue_base_minor),
            KpiKey::InvoiceCount => KpiValue::Count(totals.invoice_count),
            KpiKey::ActiveCustomers => KpiValue::Count(totals.active_customers),
            KpiKey::AverageInvoice => KpiValue::Money(
                totals
                    .revenue_base_minor
                    .checked_div(totals.invoice_count)
                    .unwrap_or(0),
            ),
            KpiKey::Outstanding => KpiValue::Money(owed.outstanding_base_minor),
            KpiKey::Overdue => KpiValue::Money(owed.overdue_base_minor),
        }
    }
}
