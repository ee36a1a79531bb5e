//! Logging: `tracing` with an EnvFilter from `RUST_LOG`, human-readable by default and
//! JSON lines when `LOG_FORMAT=json` (for log shippers in production).

use tracing_subscriber::{fmt, EnvFilter};

/// Installs the global subscriber. Safe to call more than once (tests): later calls
/// are ignored.
pub fn init() {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info"));
    let json = std::env::var("LOG_FORMAT").is_ok_and(|v| v.eq_ignore_ascii_case("json"));
    let result = if json {
        fmt().json().with_env_filter(filter).try_init()
    } else {
        fmt().with_env_filter(filter).with_target(false).try_init()
    };
    // An already installed subscriber (a second call in tests) is fine.
    let _ = result;
}

/// The header that carries a request's id, in both directions.
pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// The span every request runs in, so each line logged while handling it says which
/// request it was: method, path and request id at once, the organization and user as
/// soon as the caller is resolved ([`record_caller`]).
pub fn request_span<B>(request: &axum::http::Request<B>) -> tracing::Span {
    span_for(request.method(), request.uri(), request.headers())
}

/// [`request_span`] from a request's parts: page renders run their data loads in tasks
/// of their own, outside the request's span, and enter this one instead.
pub fn parts_span(parts: &axum::http::request::Parts) -> tracing::Span {
    span_for(&parts.method, &parts.uri, &parts.headers)
}

fn span_for(
    method: &axum::http::Method,
    uri: &axum::http::Uri,
    headers: &axum::http::HeaderMap,
) -> tracing::Span {
    // The id is ours (drawn by the request-id layer) unless a proxy sent one; a
    // client's id is logged only when it looks like one.
    let request_id = headers
        .get(REQUEST_ID_HEADER)
        .and_then(|value| value.to_str().ok())
        .filter(|id| {
            !id.is_empty()
                && id.len() <= 64
                && id
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
        .unwrap_or("invalid");
    tracing::info_span!(
        "request",
        method = %method,
        path = %uri.path(),
        request_id,
        org = tracing::field::Empty,
        user = tracing::field::Empty,
    )
}

/// Adds the resolved caller to the current request's span.
pub fn record_caller(org: i64, user: i64) {
    let span = tracing::Span::current();
    span.record("org", org);
    span.record("user", user);
}
