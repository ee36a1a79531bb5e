//! The Revenue page's server function: revenue by bucket with comparisons, to date,
//! and per currency, read from the `revenue_daily` rollup.

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::domain::accounts::Action;
use crate::domain::revenue::{RevenueData, RevenueParams};
use crate::error::AppError;

/// The revenue page for the request's organization and the URL's parameters (checked
/// here; unusable ones come back as `problems`, with defaults in their place).
#[server(endpoint = "revenue")]
pub async fn get_revenue(
    #[server(default)] params: RevenueParams,
) -> Result<RevenueData, AppError> {
    super::support::for_caller(
        Action::ViewDashboards,
        "loading revenue",
        |caller| async move {
            Ok(ssr::revenue_for_day(&caller.ctx, &caller.org, &params, caller.today()).await?)
        },
    )
    .await
}

#[cfg(feature = "ssr")]
pub mod ssr {
    //! Assembling the page from one rollup read covering every range it compares.

    use chrono::NaiveDate;

    use crate::api::support::page_header;
    use crate::domain::revenue::{
        bucketize, buckets_with_comparison, currency_totals, span, sum_days, to_date_ranges,
        RevenueData, RevenueParams, RevenueQuery, RevenueTotals,
    };
    use crate::server::ServerCtx;
    use crate::store::{OrgId, Organization, StoreError};

    /// The page as it looks on `today` (separate so tests can pin the day).
    pub async fn revenue_for_day(
        ctx: &ServerCtx,
        org: &Organization,
        params: &RevenueParams,
        today: NaiveDate,
    ) -> Result<RevenueData, StoreError> {
        let (query, problems) = RevenueQuery::resolve(params, today, org.fiscal_year_end_month);
        let previous_range = query.previous_range();
        let last_year_range = query.last_year_range();
        let comparison_range = query.comparison_range();
        let to_date = to_date_ranges(query.range, previous_range, today);
        let to_date_last_year = to_date_ranges(query.range, last_year_range, today);
        let mut ranges = vec![
            query.range,
            previous_range,
            last_year_range,
            comparison_range,
        ];
        ranges.extend(to_date.iter().map(|(_, r)| *r));
        ranges.extend(to_date_last_year.iter().map(|(_, r)| *r));
        ranges.extend(
            buckets_with_comparison(&query)
                .into_iter()
                .filter_map(|(_, c)| c),
        );
        let whole = span(&ranges).unwrap_or(query.range);

        let id = OrgId(org.id);
        let (days, as_of) =
            tokio::try_join!(ctx.store.revenue_days(id, whole), ctx.store.data_as_of(id))?;
        let vat = query.vat;
        let totals = RevenueTotals {
            current_minor: sum_days(&days, query.range, vat),
            previous_period_minor: sum_days(&days, previous_range, vat),
            last_year_minor: sum_days(&days, last_year_range, vat),
        };
        let to_date = match (to_date, to_date_last_year) {
            (Some((current, previous)), Some((_, last_year))) => Some((
                current,
                RevenueTotals {
                    current_minor: sum_days(&days, current, vat),
                    previous_period_minor: sum_days(&days, previous, vat),
                    last_year_minor: sum_days(&days, last_year, vat),
                },
            )),
            _ => None,
        };
        Ok(RevenueData {
            buckets: bucketize(&query, &days),
            by_currency: currency_totals(&days, query.range, vat),
            comparison_range,
            previous_range,
            last_year_range,
            totals,
            to_date,
            query,
            problems,
            header: page_header(org, today, as_of),
        })
    }
}
