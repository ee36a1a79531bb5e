//! The simulator's HTTP face: Billy's paths, envelopes, paging, filters and
//! `X-Access-Token` auth, plus a small `/_sim/` control API for tests and demos.

use std::collections::HashMap;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde::Serialize;
use serde_json::{json, Value};

use super::faults::{Faults, Injected};
use super::world::{Advance, SimOrg};
use super::Simulator;
use crate::sync::billy::wire::{
    Meta, Paging, Resource, AUTHENTICATION_REQUIRED, INVALID_TOKEN, ORGANIZATION_LOCKED,
};

pub fn router(sim: Simulator) -> Router {
    Router::new()
        .route("/v2/organization", get(organization))
        .route("/v2/{resource}", get(list))
        .route("/v2/{resource}/{id}", get(one))
        .route("/_sim/orgs", get(orgs))
        .route("/_sim/orgs/{token}/faults", put(set_faults).get(get_faults))
        .route("/_sim/orgs/{token}/advance", post(advance))
        .route("/_sim/orgs/{token}/totals", get(totals))
        .with_state(sim)
}

fn error(status: StatusCode, code: &str, message: &str) -> Response {
    let body = json!({
        "meta": { "statusCode": status.as_u16(), "success": false },
        "errorCode": code,
        "errorMessage": message,
        "helpUrl": "https://www.billy.dk/api",
    });
    (status, Json(body)).into_response()
}

/// The outcome of authenticating a request and drawing its fault.
enum Gate {
    Pass,
    Answer(Response),
    Drop,
}

/// Checks the token, takes the organization's next fault and waits its delay.
async fn gate(sim: &Simulator, headers: &HeaderMap, is_list: bool) -> (Gate, Option<String>) {
    let Some(token) = headers
        .get("X-Access-Token")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
    else {
        return (
            Gate::Answer(error(
                StatusCode::UNAUTHORIZED,
                AUTHENTICATION_REQUIRED,
                "You must be authenticated to access this resource.",
            )),
            None,
        );
    };
    let (injected, delay_ms) = match sim.with_org(&token, |org| {
        (org.faults.take(is_list), org.faults.delay_ms)
    }) {
        Some(found) => found,
        None => {
            return (
                Gate::Answer(error(
                    StatusCode::UNAUTHORIZED,
                    INVALID_TOKEN,
                    "The access token is invalid.",
                )),
                None,
            )
        }
    };
    if delay_ms > 0 {
        tokio::time::sleep(Duration::from_millis(delay_ms)).await;
    }
    let gate = match injected {
        Injected::None => Gate::Pass,
        Injected::InvalidToken => Gate::Answer(error(
            StatusCode::UNAUTHORIZED,
            INVALID_TOKEN,
            "The access token is invalid.",
        )),
        Injected::Locked => Gate::Answer(error(
            StatusCode::FORBIDDEN,
            ORGANIZATION_LOCKED,
            "The organization is locked: the subscription has expired.",
        )),
        Injected::RateLimited {
            retry_after_seconds,
        } => {
            let mut response = error(
                StatusCode::TOO_MANY_REQUESTS,
                "RATE_LIMIT_EXCEEDED",
                "Too many requests.",
            );
            if retry_after_seconds > 0 {
                response
                    .headers_mut()
                    .insert("Retry-After", HeaderValue::from(retry_after_seconds));
            }
            Gate::Answer(response)
        }
        Injected::ServerError { status } => Gate::Answer(error(
            StatusCode::from_u16(status).unwrap_or(StatusCode::SERVICE_UNAVAILABLE),
            "INTERNAL_ERROR",
            "Something went wrong on our side.",
        )),
        Injected::DropConnection => Gate::Drop,
    };
    (gate, Some(token))
}

async fn organization(State(sim): State<Simulator>, headers: HeaderMap) -> Response {
    let (gate, token) = gate(&sim, &headers, false).await;
    if let Gate::Answer(response) = gate {
        return response;
    }
    let token = token.unwrap_or_default();
    match sim.with_org(&token, |org| org.organization.clone()) {
        Some(mut organization) => {
            organization.is_locked = false;
            let meta = Meta {
                status_code: 200,
                success: true,
                paging: None,
            };
            Json(json!({ "meta": meta, "organization": organization })).into_response()
        }
        None => error(
            StatusCode::UNAUTHORIZED,
            INVALID_TOKEN,
            "The access token is invalid.",
        ),
    }
}

fn resource_of(path: &str) -> Option<Resource> {
    Resource::ALL
        .into_iter()
        .find(|r| *r != Resource::Organization && r.path() == path)
}

async fn list(
    State(sim): State<Simulator>,
    Path(resource): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let Some(resource) = resource_of(&resource) else {
        return error(StatusCode::NOT_FOUND, "NOT_FOUND", "No such resource.");
    };
    let (gate, token) = gate(&sim, &headers, true).await;
    let drop_connection = match gate {
        Gate::Answer(response) => return response,
        Gate::Drop => true,
        Gate::Pass => false,
    };
    let token = token.unwrap_or_default();
    let page = sim.with_org(&token, |org| list_page(org, resource, &query));
    let body = match page {
        Some(Ok(body)) => body,
        Some(Err(message)) => {
            return error(
                StatusCode::UNPROCESSABLE_ENTITY,
                "VALIDATION_ERROR",
                &message,
            )
        }
        None => {
            return error(
                StatusCode::UNAUTHORIZED,
                INVALID_TOKEN,
                "The access token is invalid.",
            )
        }
    };
    let Ok(bytes) = serde_json::to_vec(&body) else {
        return error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "INTERNAL_ERROR",
            "Serialization failed.",
        );
    };
    if drop_connection {
        return cut_off(bytes);
    }
    ([("content-type", "application/json")], bytes).into_response()
}

/// An answer that starts well and then breaks off, as a dropped connection does.
fn cut_off(bytes: Vec<u8>) -> Response {
    let half = Bytes::from(bytes[..bytes.len() / 2].to_vec());
    let chunks: Vec<Result<Bytes, std::io::Error>> = vec![
        Ok(half),
        Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "simulated dropped connection",
        )),
    ];
    Response::builder()
        .status(StatusCode::OK)
        .header("content-type", "application/json")
        .body(Body::from_stream(futures::stream::iter(chunks)))
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

async fn one(
    State(sim): State<Simulator>,
    Path((resource, id)): Path<(String, String)>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let Some(resource) = resource_of(&resource) else {
        return error(StatusCode::NOT_FOUND, "NOT_FOUND", "No such resource.");
    };
    let (gate, token) = gate(&sim, &headers, false).await;
    if let Gate::Answer(response) = gate {
        return response;
    }
    let token = token.unwrap_or_default();
    let include_lines = wants_lines(&query);
    let found = sim.with_org(&token, |org| find_one(org, resource, &id, include_lines));
    match found.flatten() {
        Some(record) => {
            let meta = Meta {
                status_code: 200,
                success: true,
                paging: None,
            };
            let mut body = serde_json::Map::new();
            body.insert("meta".into(), json!(meta));
            body.insert(resource.singular().into(), record);
            Json(Value::Object(body)).into_response()
        }
        None => error(
            StatusCode::NOT_FOUND,
            "RECORD_NOT_FOUND",
            "The record was not found.",
        ),
    }
}

fn wants_lines(query: &HashMap<String, String>) -> bool {
    query.get("include").is_some_and(|include| {
        include
            .split(',')
            .any(|part| part.starts_with("invoice.lines"))
    })
}

fn find_one(org: &SimOrg, resource: Resource, id: &str, include_lines: bool) -> Option<Value> {
    match resource {
        Resource::Contacts => org.contacts.iter().find(|r| r.id == id).map(|r| json!(r)),
        Resource::Products => org.products.iter().find(|r| r.id == id).map(|r| json!(r)),
        Resource::Invoices => org.invoices.iter().find(|r| r.id == id).map(|r| {
            let mut invoice = r.clone();
            if !include_lines {
                invoice.lines = None;
            }
            json!(invoice)
        }),
        Resource::BankPayments => org
            .bank_payments
            .iter()
            .find(|r| r.id == id)
            .map(|r| json!(r)),
        Resource::Bills => org.bills.iter().find(|r| r.id == id).map(|r| json!(r)),
        Resource::Organization => Some(json!(org.organization)),
    }
}

/// A record's fields as the filters and sorting see them.
struct Fields<'a> {
    entry_date: Option<&'a str>,
    created_time: Option<&'a str>,
    state: Option<&'a str>,
    is_paid: Option<bool>,
    contact_id: Option<&'a str>,
    number: Option<&'a str>,
}

fn invoice_fields(r: &crate::sync::billy::wire::WireInvoice) -> Fields<'_> {
    Fields {
        entry_date: r.entry_date.as_deref(),
        created_time: r.created_time.as_deref(),
        state: Some(&r.state),
        is_paid: Some(r.is_paid),
        contact_id: Some(&r.contact_id),
        number: r.invoice_no.as_deref(),
    }
}

fn bill_fields(r: &crate::sync::billy::wire::WireBill) -> Fields<'_> {
    Fields {
        entry_date: r.entry_date.as_deref(),
        created_time: r.created_time.as_deref(),
        state: Some(&r.state),
        is_paid: Some(r.is_paid),
        contact_id: r.contact_id.as_deref(),
        number: r.voucher_no.as_deref(),
    }
}

fn payment_fields(r: &crate::sync::billy::wire::WireBankPayment) -> Fields<'_> {
    Fields {
        entry_date: r.entry_date.as_deref(),
        created_time: r.created_time.as_deref(),
        state: None,
        is_paid: None,
        contact_id: r.contact_id.as_deref(),
        number: None,
    }
}

fn plain_fields<'a>(created_time: Option<&'a str>) -> Fields<'a> {
    Fields {
        entry_date: None,
        created_time,
        state: None,
        is_paid: None,
        contact_id: None,
        number: None,
    }
}

/// The documented `entryDatePeriod` forms this simulator understands, as a date range.
fn period_range(period: &str) -> Result<Option<(String, String)>, String> {
    if period == "all" {
        return Ok(None);
    }
    let bad = || format!("entryDatePeriod {period:?} is not supported");
    let (kind, value) = period.split_once(':').ok_or_else(bad)?;
    match kind {
        "dates" => {
            let (from, to) = value.split_once("...").ok_or_else(bad)?;
            Ok(Some((from.to_string(), to.to_string())))
        }
        "day" => Ok(Some((value.to_string(), value.to_string()))),
        "month" => Ok(Some((format!("{value}-01"), format!("{value}-31")))),
        "year" => Ok(Some((format!("{value}-01-01"), format!("{value}-12-31")))),
        _ => Err(bad()),
    }
}

/// Filters as Billy documents them for invoices and bills.
struct Filter {
    state: Option<String>,
    is_paid: Option<bool>,
    contact_id: Option<String>,
    min_entry: Option<String>,
    max_entry: Option<String>,
}

impl Filter {
    fn parse(query: &HashMap<String, String>) -> Result<Self, String> {
        let is_paid = match query.get("isPaid").map(String::as_str) {
            None => None,
            Some("true" | "1") => Some(true),
            Some("false" | "0") => Some(false),
            Some(other) => return Err(format!("isPaid {other:?} is not a boolean")),
        };
        let mut min_entry = query.get("minEntryDate").cloned();
        let mut max_entry = query.get("maxEntryDate").cloned();
        if let Some(period) = query.get("entryDatePeriod") {
            if let Some((from, to)) = period_range(period)? {
                min_entry = Some(from);
                max_entry = Some(to);
            }
        }
        Ok(Filter {
            state: query.get("state").cloned(),
            is_paid,
            contact_id: query.get("contactId").cloned(),
            min_entry,
            max_entry,
        })
    }

    fn keeps(&self, fields: &Fields<'_>) -> bool {
        let text_matches = |wanted: &Option<String>, have: Option<&str>| {
            wanted.as_deref().is_none_or(|w| have == Some(w))
        };
        text_matches(&self.state, fields.state)
            && self.is_paid.is_none_or(|w| fields.is_paid == Some(w))
            && text_matches(&self.contact_id, fields.contact_id)
            && self
                .min_entry
                .as_deref()
                .is_none_or(|min| fields.entry_date.is_some_and(|d| d >= min))
            && self
                .max_entry
                .as_deref()
                .is_none_or(|max| fields.entry_date.is_some_and(|d| d <= max))
    }
}

fn sort_key<'a>(fields: &Fields<'a>, property: &str) -> Option<&'a str> {
    match property {
        "entryDate" => fields.entry_date,
        "createdTime" => fields.created_time,
        "invoiceNo" | "voucherNo" => fields.number,
        _ => None,
    }
}

/// Filters, sorts and pages one resource into Billy's list envelope; a bad query
/// parameter is the message of a 422.
fn list_page(
    org: &SimOrg,
    resource: Resource,
    query: &HashMap<String, String>,
) -> Result<Value, String> {
    let filter = Filter::parse(query)?;
    let include_lines = wants_lines(query);
    let mut rows: Vec<(Fields<'_>, Value)> = match resource {
        Resource::Contacts => org
            .contacts
            .iter()
            .map(|r| (plain_fields(r.created_time.as_deref()), json!(r)))
            .collect(),
        Resource::Products => org
            .products
            .iter()
            .map(|r| (plain_fields(None), json!(r)))
            .collect(),
        Resource::Invoices => org
            .invoices
            .iter()
            .map(|r| {
                let mut value = json!(r);
                if !include_lines {
                    if let Some(object) = value.as_object_mut() {
                        object.remove("lines");
                    }
                }
                (invoice_fields(r), value)
            })
            .collect(),
        Resource::BankPayments => org
            .bank_payments
            .iter()
            .map(|r| (payment_fields(r), json!(r)))
            .collect(),
        Resource::Bills => org
            .bills
            .iter()
            .map(|r| (bill_fields(r), json!(r)))
            .collect(),
        Resource::Organization => Vec::new(),
    };
    rows.retain(|(fields, _)| filter.keeps(fields));
    if let Some(property) = query.get("sortProperty") {
        let descending = query
            .get("sortDirection")
            .is_some_and(|d| d.eq_ignore_ascii_case("DESC"));
        // Stable: equal keys keep their stored order, so pages do not shuffle.
        rows.sort_by(|(a, _), (b, _)| {
            let order = sort_key(a, property).cmp(&sort_key(b, property));
            if descending {
                order.reverse()
            } else {
                order
            }
        });
    }
    let page_size: usize = match query.get("pageSize") {
        None => 1000,
        Some(size) => match size.parse::<usize>() {
            Ok(size @ 1..=1000) => size,
            _ => return Err(format!("pageSize {size:?} must be 1 to 1000")),
        },
    };
    let page: usize = match query.get("page") {
        None => 1,
        Some(page) => match page.parse::<usize>() {
            Ok(page) if page >= 1 => page,
            _ => return Err(format!("page {page:?} must be 1 or more")),
        },
    };
    let total = rows.len();
    let page_count = total.div_ceil(page_size).max(1);
    let records: Vec<Value> = rows
        .into_iter()
        .skip((page - 1).saturating_mul(page_size))
        .take(page_size)
        .map(|(_, value)| value)
        .collect();
    let url = |p: usize| format!("/v2/{}?page={p}&pageSize={page_size}", resource.path());
    let paging = Paging {
        page: u32::try_from(page).unwrap_or(u32::MAX),
        page_count: u32::try_from(page_count).unwrap_or(u32::MAX),
        page_size: u32::try_from(page_size).unwrap_or(1000),
        total: total as u64,
        first_url: Some(url(1)),
        previous_url: (page > 1).then(|| url(page - 1)),
        next_url: (page < page_count).then(|| url(page + 1)),
        last_url: Some(url(page_count)),
    };
    let meta = Meta {
        status_code: 200,
        success: true,
        paging: Some(paging),
    };
    let mut body = serde_json::Map::new();
    body.insert("meta".into(), json!(meta));
    body.insert(resource.path().into(), Value::Array(records));
    Ok(Value::Object(body))
}

// --- control API -----------------------------------------------------------------------

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct OrgListing {
    token: String,
    id: String,
    name: String,
}

async fn orgs(State(sim): State<Simulator>) -> Json<Vec<OrgListing>> {
    Json(sim.map_orgs(|org| OrgListing {
        token: org.token.clone(),
        id: org.organization.id.clone(),
        name: org.organization.name.clone(),
    }))
}

fn unknown_org() -> Response {
    (
        StatusCode::NOT_FOUND,
        "no simulated organization has this token",
    )
        .into_response()
}

async fn set_faults(
    State(sim): State<Simulator>,
    Path(token): Path<String>,
    Json(faults): Json<Faults>,
) -> Response {
    match sim.with_org(&token, |org| org.faults = faults) {
        Some(()) => StatusCode::NO_CONTENT.into_response(),
        None => unknown_org(),
    }
}

async fn get_faults(State(sim): State<Simulator>, Path(token): Path<String>) -> Response {
    match sim.with_org(&token, |org| org.faults.clone()) {
        Some(faults) => Json(faults).into_response(),
        None => unknown_org(),
    }
}

async fn advance(
    State(sim): State<Simulator>,
    Path(token): Path<String>,
    Json(step): Json<Advance>,
) -> Response {
    match sim.with_org(&token, |org| org.advance(step)) {
        Some(done) => Json(done).into_response(),
        None => unknown_org(),
    }
}

async fn totals(State(sim): State<Simulator>, Path(token): Path<String>) -> Response {
    match sim.with_org(&token, |org| org.totals()) {
        Some(totals) => Json(totals).into_response(),
        None => unknown_org(),
    }
}
