//! The Overview page's server function: KPIs for a period and the revenue trend.

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::domain::accounts::Action;
use crate::domain::OverviewData;
use crate::error::AppError;

/// Everything the Overview page shows, for the request's organization and the URL's
/// `period` (unchecked; an unknown name comes back as a problem, with this month).
#[server(endpoint = "overview")]
pub async fn get_overview(period: Option<String>) -> Result<OverviewData, AppError> {
    super::support::for_caller(
        Action::ViewDashboards,
        "loading the overview",
        |caller| async move { Ok(ssr::load_overview(&caller.ctx, &caller.org, &period).await?) },
    )
    .await
}

#[cfg(feature = "ssr")]
pub mod ssr {
    //! Assembling the overview from rollup queries.

    use chrono::NaiveDate;

    use crate::api::support::page_header;
    use crate::domain::period::PeriodKey;
    use crate::domain::{Kpi, KpiKey, KpiValue, MonthPoint, OverviewData};
    use crate::server::caller::org_today;
    use crate::server::ServerCtx;
    use crate::store::{OrgId, Organization, StoreError};

    pub async fn load_overview(
        ctx: &ServerCtx,
        org: &Organization,
        period: &Option<String>,
    ) -> Result<OverviewData, StoreError> {
        let mut problems = Vec::new();
        let period = PeriodKey::parse(period, PeriodKey::ThisMonth, &mut problems);
        let mut data = overview_for_day(ctx, org, period, org_today(org)).await?;
        data.problems = problems;
        Ok(data)
    }

    /// The overview as it looks on `today` (separate so tests can pin the day).
    pub async fn overview_for_day(
        ctx: &ServerCtx,
        org: &Organization,
        period: PeriodKey,
        today: NaiveDate,
    ) -> Result<OverviewData, StoreError> {
        let store = &ctx.store;
        let id = OrgId(org.id);
        let fiscal_end = org.fiscal_year_end_month;
        let range = period.range(today, fiscal_end);
        let previous_range = period.previous_range(today, fiscal_end);
        let trend_range = period.trend_range(today, fiscal_end);
        let (current, previous, receivables_now, receivables_before, trend, trend_last_year, as_of) =
            tokio::try_join!(
                store.period_totals(id, range),
                store.period_totals(id, previous_range),
                store.receivables_at(id, range.end.min(today)),
                store.receivables_at(id, previous_range.end.min(today)),
                store.revenue_by_month(id, trend_range),
                store.revenue_by_month(id, trend_range.year_earlier()),
                store.data_as_of(id),
            )?;

        let average = |revenue: i64, count: i64| if count == 0 { 0 } else { revenue / count };
        let kpis = vec![
            Kpi {
                key: KpiKey::Revenue,
                current: KpiValue::Money(current.revenue_base_minor),
                previous: KpiValue::Money(previous.revenue_base_minor),
            },
            Kpi {
                key: KpiKey::InvoiceCount,
                current: KpiValue::Count(current.invoice_count),
                previous: KpiValue::Count(previous.invoice_count),
            },
            Kpi {
                key: KpiKey::ActiveCustomers,
                current: KpiValue::Count(current.active_customers),
                previous: KpiValue::Count(previous.active_customers),
            },
            Kpi {
                key: KpiKey::AverageInvoice,
                current: KpiValue::Money(average(
                    current.revenue_base_minor,
                    current.invoice_count,
                )),
                previous: KpiValue::Money(average(
                    previous.revenue_base_minor,
                    previous.invoice_count,
                )),
            },
            Kpi {
                key: KpiKey::Outstanding,
                current: KpiValue::Money(receivables_now.outstanding_base_minor),
                previous: KpiValue::Money(receivables_before.outstanding_base_minor),
            },
            Kpi {
                key: KpiKey::Overdue,
                current: KpiValue::Money(receivables_now.overdue_base_minor),
                previous: KpiValue::Money(receivables_before.overdue_base_minor),
            },
        ];
        let trend = trend
            .into_iter()
            .zip(trend_last_year)
            .map(|(month, last_year)| MonthPoint {
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
            range,
            previous_range,
            kpis,
            trend,
        })
    }
}
