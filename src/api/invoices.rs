//! The Invoices table and the invoice page: server functions over the store's
//! filtered, sorted, paged reads.

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::domain::accounts::Action;
use crate::domain::invoices::{InvoiceParams, InvoiceTable, InvoiceView};
use crate::error::AppError;

/// The invoice table for the request's organization and the URL's parameters
/// (unusable ones come back as `problems` and are left out).
#[server(endpoint = "invoices")]
pub async fn get_invoices(
    #[server(default)] params: InvoiceParams,
) -> Result<InvoiceTable, AppError> {
    super::support::for_caller(
        Action::ViewDashboards,
        "loading invoices",
        |caller| async move {
            Ok(ssr::invoice_table(&caller.ctx, &caller.org, &params, caller.today()).await?)
        },
    )
    .await
}

/// The bills table for the request's organization and the URL's parameters (the same
/// parameters as the invoice table; suppliers take the customer filter).
#[server(endpoint = "bills")]
pub async fn get_bills(#[server(default)] params: InvoiceParams) -> Result<InvoiceTable, AppError> {
    super::support::for_caller(
        Action::ViewDashboards,
        "loading bills",
        |caller| async move {
            Ok(ssr::bill_table(&caller.ctx, &caller.org, &params, caller.today()).await?)
        },
    )
    .await
}

/// One invoice of the request's organization, with its lines and payments.
#[server(endpoint = "invoice")]
pub async fn get_invoice(id: i64) -> Result<InvoiceView, AppError> {
    super::support::for_caller(
        Action::ViewDashboards,
        "loading an invoice",
        |caller| async move {
            let detail = caller.ctx.store.invoice_detail(caller.org_id(), id).await?;
            let detail = detail.ok_or_else(|| {
                // Also when the invoice page itself is being rendered.
                super::support::set_page_status(axum::http::StatusCode::NOT_FOUND);
                AppError::NotFound(crate::error::Reason::InvoiceNotFound(id))
            })?;
            Ok(InvoiceView {
                detail,
                base_currency: caller.org.base_currency.clone(),
                today: caller.today(),
            })
        },
    )
    .await
}

#[cfg(feature = "ssr")]
pub mod ssr {
    //! Assembling a table (invoices or bills): totals first, so a page past the end can
    //! fall back to the last page, then that page's rows and the filter choices.

    use chrono::NaiveDate;

    use crate::api::support::page_header;
    use crate::domain::invoices::{InvoiceParams, InvoiceQuery, InvoiceTable, TableKind};
    use crate::domain::query::keep_page_in_range;
    use crate::server::ServerCtx;
    use crate::store::{OrgId, Organization, StoreError};

    /// The invoice table as it looks on `today` (separate so tests can pin the day).
    pub async fn invoice_table(
        ctx: &ServerCtx,
        org: &Organization,
        params: &InvoiceParams,
        today: NaiveDate,
    ) -> Result<InvoiceTable, StoreError> {
        document_table(ctx, org, params, today, TableKind::Invoices).await
    }

    /// The bills table as it looks on `today`.
    pub async fn bill_table(
        ctx: &ServerCtx,
        org: &Organization,
        params: &InvoiceParams,
        today: NaiveDate,
    ) -> Result<InvoiceTable, StoreError> {
        document_table(ctx, org, params, today, TableKind::Bills).await
    }

    async fn document_table(
        ctx: &ServerCtx,
        org: &Organization,
        params: &InvoiceParams,
        today: NaiveDate,
        documents: TableKind,
    ) -> Result<InvoiceTable, StoreError> {
        let (mut query, mut problems) = InvoiceQuery::resolve_for(documents, params);
        let id = OrgId(org.id);
        let store = &ctx.store;
        // The choices first: a customer or currency the organization has no document
        // in is named as a problem rather than silently showing an empty table.
        let ((customers, currencies), as_of) = tokio::try_join!(
            store.document_filter_choices(id, documents),
            store.data_as_of(id)
        )?;
        query.keep_known_choices(&customers, &currencies, &mut problems);
        let totals = store.document_totals(id, documents, &query, today).await?;
        let last_page = query.last_page(u64::try_from(totals.count).unwrap_or(0));
        keep_page_in_range(&mut query.page, last_page, &mut problems);
        let rows = store
            .document_rows(id, documents, &query, today, query.offset(), query.per_page)
            .await?;
        Ok(InvoiceTable {
            query,
            problems,
            rows,
            totals,
            last_page,
            customers,
            currencies,
            header: page_header(org, today, as_of),
        })
    }
}
