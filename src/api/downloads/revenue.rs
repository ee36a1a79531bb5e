//! CSV downloads of what the pages show: `GET /export/revenue.csv` takes the Revenue
//! page's own query (plus `lang`, which the page's link carries) and answers the same
//! rows as its table, as a spreadsheet opens them: a UTF-8 byte order mark (Excel then
//! reads æøå), `;` and decimal commas in Danish, `,` and points in English.

use axum::extract::{Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use tower_sessions::Session;

use crate::api::revenue::ssr::revenue_for_day;
use crate::domain::accounts::Action;
use crate::domain::format::{self, Lang};
use crate::domain::revenue::{RevenueData, RevenueParams, VatMode};
use crate::error::AppError;
use crate::i18n::{locale_of, td_string};
use crate::server::caller::org_today;
use crate::server::caller::{session_caller, Caller};
use crate::server::ServerCtx;
use crate::words::errors::error_text;
use crate::words::text::{bucket_label, problem_text};

#[derive(Debug, Default, Deserialize)]
pub struct RevenueExportQuery {
    #[serde(flatten)]
    pub params: RevenueParams,
    pub lang: Option<String>,
}

/// `GET /export/revenue.csv`: the Revenue page's table for the same query.
pub async fn revenue_csv(
    State(ctx): State<ServerCtx>,
    session: Session,
    Query(query): Query<RevenueExportQuery>,
) -> Response {
    let lang = super::streamed::download_lang(query.lang.as_deref());
    let caller = match download_caller(&ctx, &session, lang).await {
        Ok(caller) => caller,
        Err(refused) => return refused,
    };
    let today = org_today(&caller.org);
    let data = match revenue_for_day(&ctx, &caller.org, &query.params, today).await {
        Ok(data) => data,
        Err(err) => return download_failed("reading the revenue export", err, lang),
    };
    // A download must be exactly what was asked for: unusable values are refused, not
    // replaced by defaults as the page does.
    if !data.problems.is_empty() {
        let locale = locale_of(lang);
        return super::streamed::bad_filters(data.problems.iter().map(|p| problem_text(p, locale)));
    }
    match revenue_rows(&data, lang) {
        Ok(body) => {
            let name = format!(
                "attachment; filename=\"revenue-{}-{}.csv\"",
                data.query.range.start.format("%Y-%m-%d"),
                data.query.range.end.format("%Y-%m-%d")
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
        Err(err) => download_failed("writing the revenue CSV", err, lang),
    }
}

/// The person a download acts for (anyone who may see the dashboards), or the refusal
/// to send instead, in the language the link asked for.
pub async fn download_caller(
    ctx: &ServerCtx,
    session: &Session,
    lang: Lang,
) -> Result<Caller, Response> {
    session_caller(ctx, session, Action::ViewDashboards)
        .await
        .map_err(|err| refusal(&err, lang))
}

/// A download that failed on our side: logged with its cause, answered with a 500 in
/// the link's language.
pub fn download_failed(context: &str, err: impl std::fmt::Display, lang: Lang) -> Response {
    tracing::error!(error = %err, "{context}");
    refusal(&AppError::Internal, lang)
}

/// A refused download: the error's status, and its words in the language the
/// download's link asked for.
pub fn refusal(err: &AppError, lang: Lang) -> Response {
    (err.status(), error_text(err, locale_of(lang))).into_response()
}

/// A spreadsheet writer for `lang` that starts with the byte order mark.
pub fn csv_writer(lang: Lang) -> csv::Writer<Vec<u8>> {
    let mut bom = Vec::with_capacity(64 * 1024);
    bom.extend_from_slice(BOM.as_bytes());
    csv_continuation(lang, bom)
}

/// The UTF-8 byte order mark: Excel reads æøå right only with it.
pub const BOM: &str = "\u{feff}";

/// A spreadsheet writer for `lang` appending to `out` (a later part of a file):
/// `;` where the decimal mark is a comma.
pub fn csv_continuation(lang: Lang, out: Vec<u8>) -> csv::Writer<Vec<u8>> {
    let delimiter = match lang {
        Lang::Da => b';',
        Lang::En => b',',
    };
    csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_writer(out)
}

/// A text cell a spreadsheet will not run as a formula (`=`, `+`, `-`, `@`, tab and
/// carriage return start formulas in Excel and LibreOffice).
pub fn text_cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// The Revenue page's table as CSV bytes.
pub fn revenue_rows(data: &RevenueData, lang: Lang) -> Result<Vec<u8>, csv::Error> {
    let locale = locale_of(lang);
    let vat = match data.query.vat {
        VatMode::Excluded => td_string!(locale, revenue.vat_excl),
        VatMode::Included => td_string!(locale, revenue.vat_incl),
    };
    let currency = data.header.base_currency.as_str();
    let mut out = csv_writer(lang);
    out.write_record([
        td_string!(locale, revenue.col_period).to_string(),
        td_string!(locale, revenue.csv_start).to_string(),
        td_string!(locale, revenue.csv_end).to_string(),
        td_string!(locale, revenue.csv_revenue, currency = currency, vat = vat),
        td_string!(locale, revenue.col_invoices).to_string(),
        td_string!(locale, revenue.col_credit_notes).to_string(),
        td_string!(
            locale,
            revenue.csv_comparison,
            currency = currency,
            vat = vat
        ),
    ])?;
    for bucket in &data.buckets {
        out.write_record([
            text_cell(&bucket_label(bucket.range, data.query.by, locale)),
            bucket.range.start.format("%Y-%m-%d").to_string(),
            bucket.range.end.format("%Y-%m-%d").to_string(),
            format::plain_amount(bucket.amount_minor, lang),
            bucket.invoice_count.to_string(),
            bucket.credit_note_count.to_string(),
            format::plain_amount(bucket.comparison_minor, lang),
        ])?;
    }
    csv_bytes(out)
}

/// The bytes a CSV writer holds, flushed.
pub fn csv_bytes(mut out: csv::Writer<Vec<u8>>) -> Result<Vec<u8>, csv::Error> {
    out.flush()?;
    out.into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_cells_never_start_a_formula() {
        assert_eq!(text_cell("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(text_cell("-1"), "'-1");
        assert_eq!(text_cell("@x"), "'@x");
        assert_eq!(text_cell("Week 48, 2026"), "Week 48, 2026");
    }

    #[test]
    fn danish_files_use_semicolons_and_a_byte_order_mark() {
        let mut out = csv_writer(Lang::Da);
        out.write_record(["a", "1,5"]).expect("write");
        let bytes = out.into_inner().expect("bytes");
        assert_eq!(String::from_utf8(bytes).expect("utf8"), "\u{feff}a;1,5\n");
        let mut out = csv_writer(Lang::En);
        out.write_record(["a", "1,5"]).expect("write");
        let bytes = out.into_inner().expect("bytes");
        assert_eq!(
            String::from_utf8(bytes).expect("utf8"),
            "\u{feff}a,\"1,5\"\n"
        );
    }
}
