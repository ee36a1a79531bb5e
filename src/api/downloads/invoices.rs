//! `GET /export/invoices.csv` and `GET /export/bills.csv`: every document the table's
//! filters match (all pages, in the table's order), streamed as it is read (see
//! [`super::streamed`]).

use axum::extract::{Query, State};
use axum::response::Response;
use serde::Deserialize;
use tower_sessions::Session;

use super::revenue::{
    csv_bytes, csv_continuation, download_caller, download_failed, text_cell, BOM,
};
use super::streamed::{bad_filters, download_lang, StreamedCsv};
use crate::domain::format::{self, Lang};
use crate::domain::invoices::{InvoiceParams, InvoiceQuery, InvoiceRow, TableKind};
use crate::i18n::{locale_of, td_string, Locale};
use crate::server::caller::org_today;
use crate::server::ServerCtx;
use crate::store::OrgId;
use crate::words::text::{doc_kind_label, doc_state_label, pay_status_label, problem_text};

#[derive(Debug, Default, Deserialize)]
pub struct InvoiceExportQuery {
    #[serde(flatten)]
    pub params: InvoiceParams,
    pub lang: Option<String>,
}

/// `GET /export/invoices.csv`.
pub async fn invoices_csv(
    State(ctx): State<ServerCtx>,
    session: Session,
    Query(request): Query<InvoiceExportQuery>,
) -> Response {
    documents_csv(TableKind::Invoices, ctx, session, request).await
}

/// `GET /export/bills.csv`.
pub async fn bills_csv(
    State(ctx): State<ServerCtx>,
    session: Session,
    Query(request): Query<InvoiceExportQuery>,
) -> Response {
    documents_csv(TableKind::Bills, ctx, session, request).await
}

async fn documents_csv(
    kind: TableKind,
    ctx: ServerCtx,
    session: Session,
    request: InvoiceExportQuery,
) -> Response {
    let lang = download_lang(request.lang.as_deref());
    let locale = locale_of(lang);
    let caller = match download_caller(&ctx, &session, lang).await {
        Ok(caller) => caller,
        Err(refused) => return refused,
    };
    // A download must be exactly what was asked for: unusable values are refused, not
    // left out as the page does. The page and page size do not apply: all rows come.
    let (mut query, mut problems) = InvoiceQuery::resolve_for(
        kind,
        &InvoiceParams {
            page: None,
            per: None,
            ..request.params
        },
    );
    let org = OrgId(caller.org.id);
    match ctx.store.document_filter_choices(org, kind).await {
        Ok((customers, currencies)) => {
            query.keep_known_choices(&customers, &currencies, &mut problems)
        }
        Err(err) => return download_failed("reading the filter choices", err, lang),
    }
    if !problems.is_empty() {
        return bad_filters(problems.iter().map(|p| problem_text(p, locale)));
    }
    let header = match header_bytes(kind, lang, &caller.org.base_currency) {
        Ok(bytes) => bytes,
        Err(err) => return download_failed("writing the CSV header", err, lang),
    };
    let today = org_today(&caller.org);
    let store = ctx.store.clone();
    StreamedCsv {
        what: kind.name(),
        file_name: format!("{}-{}.csv", kind.name(), today.format("%Y-%m-%d")),
        header,
        job: move |sink| async move {
            store
                .export_documents(org, kind, &query, today, sink)
                .await
        },
        write_rows: move |rows: &[InvoiceRow]| rows_bytes(kind, rows, lang, today),
    }
    .respond(locale)
}

/// The byte order mark and the heading row. Bills have no kind (a supplier's credit
/// note is not told apart) and no settlement day, so they leave those columns out.
pub fn header_bytes(
    kind: TableKind,
    lang: Lang,
    base_currency: &str,
) -> Result<Vec<u8>, csv::Error> {
    let locale = locale_of(lang);
    let mut out = csv_continuation(lang, BOM.as_bytes().to_vec());
    let party = match kind {
        TableKind::Invoices => td_string!(locale, invoices.csv_customer),
        TableKind::Bills => td_string!(locale, invoices.col_supplier),
    };
    let mut heading = vec![td_string!(locale, invoices.csv_number).to_string()];
    if kind == TableKind::Invoices {
        heading.push(td_string!(locale, invoices.csv_kind).to_string());
    }
    heading.extend([
        td_string!(locale, invoices.csv_state).to_string(),
        td_string!(locale, invoices.csv_status).to_string(),
        party.to_string(),
        td_string!(locale, invoices.csv_date).to_string(),
        td_string!(locale, invoices.csv_due).to_string(),
        td_string!(locale, invoices.csv_currency).to_string(),
        td_string!(locale, invoices.csv_gross).to_string(),
        td_string!(locale, invoices.csv_gross_base, currency = base_currency),
        td_string!(locale, invoices.csv_balance).to_string(),
    ]);
    if kind == TableKind::Invoices {
        heading.push(td_string!(locale, invoices.csv_settled).to_string());
    }
    out.write_record(&heading)?;
    csv_bytes(out)
}

/// One batch of rows as CSV lines (no heading), the columns of [`header_bytes`].
pub fn rows_bytes(
    kind: TableKind,
    rows: &[InvoiceRow],
    lang: Lang,
    today: chrono::NaiveDate,
) -> Result<Vec<u8>, csv::Error> {
    let locale: Locale = locale_of(lang);
    let mut out = csv_continuation(lang, Vec::with_capacity(rows.len() * 128));
    let mut record = Vec::with_capacity(12);
    for row in rows {
        record.clear();
        record.push(text_cell(&row.invoice_no));
        if kind == TableKind::Invoices {
            record.push(doc_kind_label(row.kind, locale).to_string());
        }
        record.extend([
            doc_state_label(row.state, locale).to_string(),
            pay_status_label(row.status(today), locale),
            text_cell(&row.customer_name),
            row.entry_date.format("%Y-%m-%d").to_string(),
            row.due_date.format("%Y-%m-%d").to_string(),
            row.currency.clone(),
            format::plain_amount(row.gross_minor, lang),
            format::plain_amount(row.gross_base_minor, lang),
            format::plain_amount(row.balance_minor, lang),
        ]);
        if kind == TableKind::Invoices {
            record.push(
                row.settled_on
                    .map(|d| d.format("%Y-%m-%d").to_string())
                    .unwrap_or_default(),
            );
        }
        out.write_record(&record)?;
    }
    csv_bytes(out)
}
