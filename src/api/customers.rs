//! Customer insights and the customer page: server functions over the monthly customer
//! rollup, the invoice settlement facts and the receivables at a day.

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::domain::accounts::Action;
use crate::domain::customers::{CustomerInsights, CustomerView};
use crate::error::AppError;

/// Customer insights of the request's organization for a named period (whole months;
/// the last twelve by default; an unknown name comes back as a problem).
#[server(endpoint = "customers")]
pub async fn get_customers(period: Option<String>) -> Result<CustomerInsights, AppError> {
    super::support::for_caller(
        Action::ViewDashboards,
        "loading customer insights",
        |caller| async move {
            Ok(
                ssr::customer_insights(&caller.ctx, &caller.org, period.as_deref(), caller.today())
                    .await?,
            )
        },
    )
    .await
}

/// One customer of the request's organization.
#[server(endpoint = "customer")]
pub async fn get_customer(id: i64) -> Result<CustomerView, AppError> {
    super::support::for_caller(
        Action::ViewDashboards,
        "loading a customer",
        |caller| async move {
            let view = ssr::customer_view(&caller.ctx, &caller.org, id, caller.today()).await?;
            Ok(view.ok_or_else(|| {
                // Also when the customer page itself is being rendered.
                super::support::set_page_status(axum::http::StatusCode::NOT_FOUND);
                AppError::NotFound(crate::error::Reason::CustomerNotFound(id))
            })?)
        },
    )
    .await
}

#[cfg(feature = "ssr")]
pub mod ssr {
    //! Assembling the pages from the store's reads and the domain's pure functions.

    use std::collections::HashMap;

    use chrono::{Duration, NaiveDate};

    use crate::api::support::page_header;
    use crate::domain::customers::{
        dso, insight_range, median, new_vs_returning, shares, CustomerInsights, CustomerView,
        SettlementSums, TOP_CUSTOMERS,
    };
    use crate::domain::period::first_of_month;
    use crate::domain::DateRange;
    use crate::server::ServerCtx;
    use crate::store::{OrgId, Organization, StoreError};

    /// All settlements together.
    fn sum_settlements(rows: &[SettlementSums]) -> SettlementSums {
        SettlementSums {
            customer_id: 0,
            name: String::new(),
            settled: rows.iter().map(|r| r.settled).sum(),
            days_to_pay: rows.iter().map(|r| r.days_to_pay).sum(),
            days_late: rows.iter().map(|r| r.days_late).sum(),
        }
    }

    /// The insights page as it looks on `today`.
    pub async fn customer_insights(
        ctx: &ServerCtx,
        org: &Organization,
        period: Option<&str>,
        today: NaiveDate,
    ) -> Result<CustomerInsights, StoreError> {
        let mut problems = Vec::new();
        let (period, range) = insight_range(
            &period.map(String::from),
            today,
            org.fiscal_year_end_month,
            &mut problems,
        );
        let id = OrgId(org.id);
        let store = &ctx.store;
        // DSO looks at the days of the period that have passed.
        let dso_range = DateRange::new(range.start, range.end.min(today).max(range.start));
        let (revenue, months, firsts, settlements, open, days, data_as_of) = tokio::try_join!(
            store.customer_revenue(id, range),
            store.customer_months(id, range, None),
            store.customer_first_months(id),
            store.settlement_sums(id, range, None),
            store.open_invoices_at(id, dso_range.end),
            store.revenue_days(id, dso_range),
            store.data_as_of(id),
        )?;
        let (top, concentration) = shares(&revenue);
        let first: HashMap<i64, NaiveDate> = firsts.into_iter().collect();
        let all_settled = sum_settlements(&settlements);
        let mut slowest = settlements;
        // Average days past due, highest first, compared without division; equal
        // averages by name (as the page says), then by id for a stable order.
        slowest.sort_by(|a, b| {
            (i128::from(b.days_late) * i128::from(a.settled))
                .cmp(&(i128::from(a.days_late) * i128::from(b.settled)))
                .then_with(|| a.name.cmp(&b.name))
                .then(a.customer_id.cmp(&b.customer_id))
        });
        slowest.truncate(TOP_CUSTOMERS);
        let outstanding: i64 = open.iter().map(|o| o.open_base_minor).sum();
        let gross_sales: i64 = days.iter().map(|d| d.gross_base_minor).sum();
        Ok(CustomerInsights {
            period,
            range,
            problems,
            top,
            concentration,
            total_net_base_minor: revenue.iter().map(|c| c.net_base_minor).sum(),
            new_vs_returning: new_vs_returning(range, &months, &first),
            slowest_payers: slowest,
            all_settled,
            dso_days: dso(outstanding, gross_sales, dso_range.days()),
            outstanding_base_minor: outstanding,
            gross_sales_base_minor: gross_sales,
            header: page_header(org, today, data_as_of),
        })
    }

    /// One customer's page on `today`, or `None` when it is not the organization's.
    pub async fn customer_view(
        ctx: &ServerCtx,
        org: &Organization,
        customer: i64,
        today: NaiveDate,
    ) -> Result<Option<CustomerView>, StoreError> {
        let id = OrgId(org.id);
        let store = &ctx.store;
        let Some(name) = store.customer_name(id, customer).await? else {
            return Ok(None);
        };
        let year = DateRange::new(first_of_month(today - Duration::days(334)), today);
        let (months, settlements, days_late, open) = tokio::try_join!(
            store.customer_months(id, year, Some(customer)),
            store.settlement_sums(id, year, Some(customer)),
            store.settlement_days_late(id, year, customer),
            store.open_invoices_at(id, today),
        )?;
        let by_month: HashMap<NaiveDate, i64> = months
            .iter()
            .map(|(month, _, _, net)| (*month, *net))
            .collect();
        let months: Vec<(NaiveDate, i64)> = year
            .months()
            .into_iter()
            .map(|m| (m, by_month.get(&m).copied().unwrap_or(0)))
            .collect();
        let open: Vec<_> = open
            .into_iter()
            .filter(|o| o.customer_id == customer)
            .collect();
        Ok(Some(CustomerView {
            customer_id: customer,
            name,
            total_net_base_minor: months.iter().map(|(_, net)| net).sum(),
            months,
            outstanding_base_minor: open.iter().map(|o| o.open_base_minor).sum(),
            overdue_base_minor: open
                .iter()
                .filter(|o| o.days_past_due(today) > 0)
                .map(|o| o.open_base_minor)
                .sum(),
            open_invoices: open.len() as i64,
            settlements: sum_settlements(&settlements),
            median_days_late: median(&days_late),
            base_currency: org.base_currency.clone(),
            today,
        }))
    }
}
