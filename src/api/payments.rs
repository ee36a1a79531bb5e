//! The Bank payments table's server function.

use leptos::prelude::*;

use crate::domain::payments::{PaymentParams, PaymentTable};
use crate::error::AppError;

/// The bank payments of the request's organization for the URL's parameters
/// (unusable ones come back as `problems` and are left out).
#[server(endpoint = "payments")]
pub async fn get_payments(
    #[server(default)] params: PaymentParams,
) -> Result<PaymentTable, AppError> {
    super::support::with_status(
        async {
            let caller =
                super::support::authorize(crate::domain::accounts::Action::ViewDashboards).await?;
            ssr::payment_table(&caller.ctx, &caller.org, &params)
                .await
                .map_err(|e| super::support::internal("loading payments", e))
        }
        .await,
    )
}

#[cfg(feature = "ssr")]
pub mod ssr {
    //! Totals first, so a page past the end can fall back to the last page.

    use chrono::Utc;

    use crate::domain::invoices::InvoiceProblem;
    use crate::domain::payments::{PaymentParams, PaymentQuery, PaymentTable};
    use crate::server::ServerCtx;
    use crate::store::{OrgId, Organization, StoreError};

    pub async fn payment_table(
        ctx: &ServerCtx,
        org: &Organization,
        params: &PaymentParams,
    ) -> Result<PaymentTable, StoreError> {
        let (mut query, mut problems) = PaymentQuery::resolve(params);
        let id = OrgId(org.id);
        let (totals, data_as_of) = tokio::try_join!(
            ctx.store.payment_totals(id, &query),
            ctx.store.data_as_of(id)
        )?;
        let last_page = query.last_page(u64::try_from(totals.count).unwrap_or(0));
        if query.page > last_page {
            problems.push(InvoiceProblem::PageOutOfRange {
                requested: query.page,
                last: last_page,
            });
            query.page = last_page;
        }
        let rows = ctx
            .store
            .payment_rows(id, &query, query.offset(), query.per_page)
            .await?;
        Ok(PaymentTable {
            query,
            problems,
            rows,
            totals,
            last_page,
            org_name: org.name.clone(),
            base_currency: org.base_currency.clone(),
            data_as_of,
            computed_at: Utc::now(),
        })
    }
}
