//! The Receivables page's server function: aging as of any past day and the overdue
//! invoices to chase, from the invoices open at the end of that day.

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::domain::accounts::Action;
use crate::domain::receivables::ReceivablesData;
use crate::error::AppError;

/// Receivables of the request's organization as of `as_of` (`YYYY-MM-DD`, today or
/// earlier; today when absent; an unusable value comes back as a problem).
#[server(endpoint = "receivables")]
pub async fn get_receivables(as_of: Option<String>) -> Result<ReceivablesData, AppError> {
    super::support::for_caller(
        Action::ViewDashboards,
        "loading receivables",
        |caller| async move {
            Ok(
                ssr::receivables_for_day(
                    &caller.ctx,
                    &caller.org,
                    as_of.as_deref(),
                    caller.today(),
                )
                .await?,
            )
        },
    )
    .await
}

#[cfg(feature = "ssr")]
pub mod ssr {
    //! Aging from the store's open invoices at the day.

    use chrono::NaiveDate;

    use crate::api::support::page_header;
    use crate::domain::receivables::{resolve_as_of, Aging, ReceivablesData};
    use crate::server::ServerCtx;
    use crate::store::{OrgId, Organization, StoreError};

    /// The page as it looks on `today` (separate so tests can pin the day).
    pub async fn receivables_for_day(
        ctx: &ServerCtx,
        org: &Organization,
        as_of: Option<&str>,
        today: NaiveDate,
    ) -> Result<ReceivablesData, StoreError> {
        let mut problems = Vec::new();
        let as_of = resolve_as_of(&as_of.map(String::from), today, &mut problems);
        let id = OrgId(org.id);
        let (open, data_as_of) = tokio::try_join!(
            ctx.store.open_invoices_at(id, as_of),
            ctx.store.data_as_of(id)
        )?;
        Ok(ReceivablesData {
            as_of,
            problems,
            aging: Aging::compute(&open, as_of),
            header: page_header(org, today, data_as_of),
        })
    }
}
