//! The Bank payments table's server function.

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::domain::accounts::Action;
use crate::domain::payments::{PaymentParams, PaymentTable};
use crate::error::AppError;

/// The bank payments of the request's organization for the URL's parameters
/// (unusable ones come back as `problems` and are left out).
#[server(endpoint = "payments")]
pub async fn get_payments(
    #[server(default)] params: PaymentParams,
) -> Result<PaymentTable, AppError> {
    super::support::for_caller(
        Action::ViewDashboards,
        "loading payments",
        |caller| async move { Ok(ssr::payment_table(&caller.ctx, &caller.org, &params).await?) },
    )
    .await
}

#[cfg(feature = "ssr")]
pub mod ssr {
    //! Totals first, so a page past the end can fall back to the last page.

    use crate::api::support::page_header;
    use crate::domain::payments::{PaymentParams, PaymentQuery, PaymentTable};
    use crate::domain::query::keep_page_in_range;
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
        keep_page_in_range(&mut query.page, last_page, &mut problems);
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
            header: page_header(org, crate::server::caller::org_today(org), data_as_of),
        })
    }
}
