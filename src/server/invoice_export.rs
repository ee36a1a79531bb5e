//! `GET /export/invoices.csv`: every invoice the Invoices table's filters match (all
//! pages, in the table's order), streamed as it is read. The store sends batches of
//! rows into a channel of one; the response body turns each into CSV bytes when the
//! client is ready for them, so memory stays flat however many rows there are, and a
//! slow download slows the query rather than filling memory. A failure mid-way ends
//! the body with an error, so the browser reports a failed download instead of
//! keeping a file that silently stops.

use std::sync::{Arc, LazyLock};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use futures::{SinkExt, StreamExt};
use serde::Deserialize;
use tokio::sync::Semaphore;
use tower_sessions::Session;

use super::export::{csv_continuation, refusal, text_cell, BOM};
use super::ServerCtx;
use crate::api::overview::ssr::org_today;
use crate::api::support::session_caller;
use crate::domain::accounts::Action;
use crate::domain::format::{self, Lang};
use crate::domain::invoices::{InvoiceParams, InvoiceQuery, InvoiceRow};
use crate::error::AppError;
use crate::i18n::{locale_of, td_string, Locale};
use crate::store::{ExportItem, OrgId};
use crate::ui::text::{doc_kind_label, doc_state_label, invoice_problem_text, pay_status_label};

/// Exports running at once, per server: each holds a database connection for as long
/// as its download lasts.
const MAX_CONCURRENT_EXPORTS: usize = 2;
/// The longest an export may run before it is cut off (with an error, not silently).
const EXPORT_TIMEOUT: Duration = Duration::from_secs(600);

static EXPORT_PERMITS: LazyLock<Arc<Semaphore>> =
    LazyLock::new(|| Arc::new(Semaphore::new(MAX_CONCURRENT_EXPORTS)));

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
    let lang = request
        .lang
        .as_deref()
        .and_then(Lang::from_code)
        .unwrap_or_default();
    let locale = locale_of(lang);
    let caller = match session_caller(&ctx, &session, Action::ViewDashboards).await {
        Ok(caller) => caller,
        Err(err) => return refusal(&err),
    };
    // A download must be exactly what was asked for: unusable values are refused, not
    // left out as the page does. The page and page size do not apply: all rows come.
    let (query, problems) = InvoiceQuery::resolve(&InvoiceParams {
        page: None,
        per: None,
        ..request.params
    });
    if !problems.is_empty() {
        let reasons: Vec<String> = problems
            .iter()
            .map(|p| invoice_problem_text(p, locale))
            .collect();
        return (StatusCode::BAD_REQUEST, reasons.join("; ")).into_response();
    }
    let Ok(permit) = EXPORT_PERMITS.clone().try_acquire_owned() else {
        return (
            StatusCode::TOO_MANY_REQUESTS,
            td_string!(locale, invoices.export_busy),
        )
            .into_response();
    };
    let today = org_today(&caller.org);
    let org = OrgId(caller.org.id);
    let store = ctx.store.clone();
    let (sender, receiver) = futures::channel::mpsc::channel::<ExportItem>(1);
    let mut alarm = sender.clone();
    let export_query = query.clone();
    tokio::spawn(async move {
        let _permit = permit;
        let export = store.export_invoices(org, &export_query, today, sender);
        match tokio::time::timeout(EXPORT_TIMEOUT, export).await {
            Ok(Ok(rows)) => tracing::info!(org = org.0, rows, "invoice export"),
            // The store has already sent the error down the channel.
            Ok(Err(err)) => tracing::error!(org = org.0, error = %err, "invoice export failed"),
            Err(_) => {
                tracing::warn!(org = org.0, "invoice export timed out");
                let _ = alarm
                    .send(Err("the export took too long".to_string()))
                    .await;
            }
        }
    });

    let header = match header_bytes(lang, &caller.org.base_currency) {
        Ok(bytes) => bytes,
        Err(err) => {
            tracing::error!(error = %err, "writing the invoice CSV header");
            return refusal(&AppError::Internal);
        }
    };
    let rows = receiver.map(move |item| match item {
        Ok(rows) => rows_bytes(&rows, lang, today)
            .map(Bytes::from)
            .map_err(std::io::Error::other),
        Err(reason) => Err(std::io::Error::other(reason)),
    });
    let body = Body::from_stream(
        futures::stream::once(async move { Ok::<_, std::io::Error>(Bytes::from(header)) })
            .chain(rows),
    );
    let name = format!(
        "attachment; filename=\"invoices-{}.csv\"",
        today.format("%Y-%m-%d")
    );
    (
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (CONTENT_DISPOSITION, name),
        ],
        body,
    )
        .into_response()
}

/// The byte order mark and the heading row.
pub fn header_bytes(lang: Lang, base_currency: &str) -> Result<Vec<u8>, csv::Error> {
    let locale = locale_of(lang);
    let mut out = csv_continuation(lang, BOM.as_bytes().to_vec());
    out.write_record([
        td_string!(locale, invoices.csv_number).to_string(),
        td_string!(locale, invoices.csv_kind).to_string(),
        td_string!(locale, invoices.csv_state).to_string(),
        td_string!(locale, invoices.csv_status).to_string(),
        td_string!(locale, invoices.csv_customer).to_string(),
        td_string!(locale, invoices.csv_date).to_string(),
        td_string!(locale, invoices.csv_due).to_string(),
        td_string!(locale, invoices.csv_currency).to_string(),
        td_string!(locale, invoices.csv_gross).to_string(),
        td_string!(locale, invoices.csv_gross_base, currency = base_currency),
        td_string!(locale, invoices.csv_balance).to_string(),
        td_string!(locale, invoices.csv_settled).to_string(),
    ])?;
    finish(out)
}

/// One batch of rows as CSV lines (no heading).
pub fn rows_bytes(
    rows: &[InvoiceRow],
    lang: Lang,
    today: chrono::NaiveDate,
) -> Result<Vec<u8>, csv::Error> {
    let locale: Locale = locale_of(lang);
    let mut out = csv_continuation(lang, Vec::with_capacity(rows.len() * 128));
    for row in rows {
        out.write_record([
            text_cell(&row.invoice_no),
            doc_kind_label(row.kind, locale).to_string(),
            doc_state_label(row.state, locale).to_string(),
            pay_status_label(row.status(today), locale),
            text_cell(&row.customer_name),
            row.entry_date.format("%Y-%m-%d").to_string(),
            row.due_date.format("%Y-%m-%d").to_string(),
            row.currency.clone(),
            format::plain_amount(row.gross_minor, lang),
            format::plain_amount(row.gross_base_minor, lang),
            format::plain_amount(row.balance_minor, lang),
            row.settled_on
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
        ])?;
    }
    finish(out)
}

fn finish(mut out: csv::Writer<Vec<u8>>) -> Result<Vec<u8>, csv::Error> {
    out.flush()?;
    out.into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))
}
