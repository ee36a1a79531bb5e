//! The Invoices table and the invoice page: server functions over the store's
//! filtered, sorted, paged reads.

use leptos::prelude::*;

use crate::domain::invoices::{InvoiceParams, InvoiceTable, InvoiceView};
use crate::error::AppError;

/// The invoice table for the request's organization and the URL's parameters
/// (unusable ones come back as `problems` and are left out).
#[server(endpoint = "invoices")]
pub async fn get_invoices(
    #[server(default)] params: InvoiceParams,
) -> Result<InvoiceTable, AppError> {
    super::support::with_status(
        async {
            let caller =
                super::support::authorize(crate::domain::accounts::Action::ViewDashboards).await?;
            let today = super::overview::ssr::org_today(&caller.org);
            ssr::invoice_table(&caller.ctx, &caller.org, &params, today)
                .await
                .map_err(|e| super::support::internal("loading invoices", e))
        }
        .await,
    )
}

/// The bills table for the request's organization and the URL's parameters (the same
/// parameters as the invoice table; suppliers take the customer filter).
#[server(endpoint = "bills")]
pub async fn get_bills(#[server(default)] params: InvoiceParams) -> Result<InvoiceTable, AppError> {
    super::support::with_status(
        async {
            let caller =
                super::support::authorize(crate::domain::accounts::Action::ViewDashboards).await?;
            let today = super::overview::ssr::org_today(&caller.org);
            ssr::bill_table(&caller.ctx, &caller.org, &params, today)
                .await
                .map_err(|e| super::support::internal("loading bills", e))
        }
        .await,
    )
}

/// One invoice of the request's organization, with its lines and payments.
#[server(endpoint = "invoice")]
pub async fn get_invoice(id: i64) -> Result<InvoiceView, AppError> {
    super::support::with_status(
        async {
            let caller =
                super::support::authorize(crate::domain::accounts::Action::ViewDashboards).await?;
            let today = super::overview::ssr::org_today(&caller.org);
            let detail = caller
                .ctx
                .store
                .invoice_detail(crate::store::OrgId(caller.org.id), id)
                .await
                .map_err(|e| super::support::internal("loading an invoice", e))?
                .ok_or_else(|| {
                    // Also when the invoice page itself is being rendered.
                    super::support::set_page_status(axum::http::StatusCode::NOT_FOUND);
                    AppError::NotFound(crate::error::Reason::InvoiceNotFound(id))
                })?;
            Ok(InvoiceView {
                detail,
                base_currency: caller.org.base_currency.clone(),
                today,
            })
        }
        .await,
    )
}

#[cfg(feature = "ssr")]
pub mod ssr {
    //! Assembling a table (invoices or bills): totals first, so a page past the end can
    //! fall back to the last page, then that page's rows and the filter choices.

    use chrono::{NaiveDate, Utc};

    use crate::domain::invoices::{
        InvoiceParams, InvoiceProblem, InvoiceQuery, InvoiceTable, TableKind,
    };
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
        let (totals, (customers, currencies), as_of) = match documents {
            TableKind::Invoices => tokio::try_join!(
                store.invoice_totals(id, &query, today),
                store.invoice_filter_choices(id),
                store.data_as_of(id)
            )?,
            TableKind::Bills => tokio::try_join!(
                store.bill_totals(id, &query, today),
                store.bill_filter_choices(id),
                store.data_as_of(id)
            )?,
        };
        let last_page = query.last_page(u64::try_from(totals.count).unwrap_or(0));
        if query.page > last_page {
            problems.push(InvoiceProblem::PageOutOfRange {
                requested: query.page,
                last: last_page,
            });
            query.page = last_page;
        }
        let rows = match documents {
            TableKind::Invoices => {
                store
                    .invoice_rows(id, &query, today, query.offset(), query.per_page)
                    .await?
            }
            TableKind::Bills => {
                store
                    .bill_rows(id, &query, today, query.offset(), query.per_page)
                    .await?
            }
        };
        Ok(InvoiceTable {
            query,
            problems,
            rows,
            totals,
            last_page,
            customers,
            currencies,
            org_name: org.name.clone(),
            base_currency: org.base_currency.clone(),
            today,
            data_as_of: as_of,
            computed_at: Utc::now(),
        })
    }
}
