//! `GET /export/payments.csv`: every bank payment the Payments table's filters match
//! (all pages, in the table's order), streamed as it is read (see
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
use crate::domain::payments::{PaymentParams, PaymentQuery, PaymentRow};
use crate::i18n::{locale_of, td_string};
use crate::server::caller::org_today;
use crate::server::ServerCtx;
use crate::store::OrgId;
use crate::words::text::{payment_side_label, problem_text};

#[derive(Debug, Default, Deserialize)]
pub struct PaymentExportQuery {
    #[serde(flatten)]
    pub params: PaymentParams,
    pub lang: Option<String>,
}

/// `GET /export/payments.csv`.
pub async fn payments_csv(
    State(ctx): State<ServerCtx>,
    session: Session,
    Query(request): Query<PaymentExportQuery>,
) -> Response {
    let lang = download_lang(request.lang.as_deref());
    let locale = locale_of(lang);
    let caller = match download_caller(&ctx, &session, lang).await {
        Ok(caller) => caller,
        Err(refused) => return refused,
    };
    let (query, problems) = PaymentQuery::resolve(&PaymentParams {
        page: None,
        per: None,
        ..request.params
    });
    if !problems.is_empty() {
        return bad_filters(problems.iter().map(|p| problem_text(p, locale)));
    }
    let header = match header_bytes(lang, &caller.org.base_currency) {
        Ok(bytes) => bytes,
        Err(err) => return download_failed("writing the payments CSV header", err, lang),
    };
    let today = org_today(&caller.org);
    let org = OrgId(caller.org.id);
    let store = ctx.store.clone();
    StreamedCsv {
        what: "payments",
        file_name: format!("payments-{}.csv", today.format("%Y-%m-%d")),
        header,
        job: move |sink| async move { store.export_payments(org, &query, sink).await },
        write_rows: move |rows: &[PaymentRow]| rows_bytes(rows, lang),
    }
    .respond(locale)
}

/// The byte order mark and the heading row.
pub fn header_bytes(lang: Lang, base_currency: &str) -> Result<Vec<u8>, csv::Error> {
    let locale = locale_of(lang);
    let mut out = csv_continuation(lang, BOM.as_bytes().to_vec());
    out.write_record([
        td_string!(locale, payments.csv_date).to_string(),
        td_string!(locale, payments.csv_party).to_string(),
        td_string!(locale, payments.csv_side).to_string(),
        td_string!(locale, payments.csv_currency).to_string(),
        td_string!(locale, payments.csv_amount).to_string(),
        td_string!(locale, payments.csv_amount_base, currency = base_currency),
        td_string!(locale, payments.csv_fee).to_string(),
        td_string!(locale, payments.csv_documents).to_string(),
        td_string!(locale, payments.csv_voided).to_string(),
    ])?;
    csv_bytes(out)
}

/// One batch of payments as CSV lines (no heading). The base amount is signed as the
/// table shows it (money out negative), so a column sum is the net movement.
pub fn rows_bytes(rows: &[PaymentRow], lang: Lang) -> Result<Vec<u8>, csv::Error> {
    let locale = locale_of(lang);
    let mut out = csv_continuation(lang, Vec::with_capacity(rows.len() * 96));
    for row in rows {
        out.write_record([
            row.entry_date.format("%Y-%m-%d").to_string(),
            text_cell(&row.party_name),
            payment_side_label(row.side, locale).to_string(),
            row.currency.clone(),
            format::plain_amount(row.amount_minor, lang),
            format::plain_amount(row.signed_base_minor(), lang),
            format::plain_amount(row.fee_minor, lang),
            row.documents.to_string(),
            if row.is_voided {
                td_string!(locale, payments.voided).to_string()
            } else {
                String::new()
            },
        ])?;
    }
    csv_bytes(out)
}
