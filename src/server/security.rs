//! Security headers on every response (a nonce-based Content-Security-Policy that works
//! with the wasm bundle, frame-ancestors 'none', nosniff, referrer policy, HSTS over
//! HTTPS) and the guard that refuses cross-site requests with side effects.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::header::{self, HeaderName, HeaderValue};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use leptos::nonce::Nonce;

/// What the security middleware needs to know about the deployment.
#[derive(Clone, Debug)]
pub struct SecurityPolicy {
    /// Served over HTTPS (directly or behind a TLS-terminating proxy): send HSTS.
    pub https: bool,
    /// Origins (`scheme://host[:port]`) a browser may send side-effecting requests from
    /// when it does not send `Sec-Fetch-Site`.
    pub allowed_origins: Vec<String>,
    /// cargo-leptos' live reload is on: allow its websocket.
    pub live_reload_port: Option<u32>,
}

/// The Content-Security-Policy for one response.
///
/// Scripts: only our own files and the nonced inline hydration script; wasm compilation
/// needs 'wasm-unsafe-eval' (never 'unsafe-eval'). Styles allow inline attributes
/// because ECharts' tooltip writes `style=` into its HTML; that is no script vector.
pub fn content_security_policy(nonce: &str, live_reload_port: Option<u32>) -> String {
    let reload = live_reload_port
        .map(|port| format!(" ws://127.0.0.1:{port} ws://localhost:{port}"))
        .unwrap_or_default();
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self'; \
         connect-src 'self'{reload}; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

/// Adds the security headers to every response, and hands the page renderer the nonce
/// the policy names (through a request extension).
pub async fn security_headers(
    State(policy): State<Arc<SecurityPolicy>>,
    mut request: Request,
    next: Next,
) -> Response {
    let nonce = Nonce::new();
    request.extensions_mut().insert(nonce.clone());
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let csp = content_security_policy(&nonce.to_string(), policy.live_reload_port);
    if let Ok(value) = HeaderValue::from_str(&csp) {
        headers.insert(header::CONTENT_SECURITY_POLICY, value);
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    headers.insert(
        HeaderName::from_static("cross-origin-opener-policy"),
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(
        HeaderName::from_static("permissions-policy"),
        HeaderValue::from_static("camera=(), microphone=(), geolocation=()"),
    );
    if !headers.contains_key(header::CACHE_CONTROL) && carries_data(headers) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if policy.https {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=63072000; includeSubDomains"),
        );
    }
    response
}

/// Whether a response holds an organization's data or a person's state (pages,
/// server-function answers, downloads, the live stream, error texts) rather than a
/// static asset. Those are never stored: on a shared computer the back button, or a
/// proxy's cache, must not show one person's figures to the next.
fn carries_data(headers: &axum::http::HeaderMap) -> bool {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    [
        "text/html",
        "application/json",
        "text/csv",
        "text/event-stream",
        "text/plain",
        "application/x-www-form-urlencoded",
    ]
    .iter()
    .any(|kind| content_type.starts_with(kind))
        || content_type.is_empty()
}

/// Whether a request with side effects comes from our own pages.
///
/// Browsers send `Sec-Fetch-Site` on every request; `same-origin` (our page) and `none`
/// (typed by the user) pass. Older browsers send only `Origin`, which must be ours.
/// With neither header the request is refused: every browser sends one of them.
pub fn is_same_origin(
    policy: &SecurityPolicy,
    sec_fetch_site: Option<&str>,
    origin: Option<&str>,
) -> bool {
    match sec_fetch_site {
        Some(site) => matches!(site, "same-origin" | "none"),
        None => origin.is_some_and(|origin| policy.allowed_origins.iter().any(|o| o == origin)),
    }
}

/// Refuses cross-site requests that could change something (anything but GET, HEAD
/// and OPTIONS) with 403, before they reach a handler.
pub async fn csrf_guard(
    State(policy): State<Arc<SecurityPolicy>>,
    request: Request,
    next: Next,
) -> Response {
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return next.run(request).await;
    }
    let headers = request.headers();
    let site = header_str(headers, "sec-fetch-site");
    let origin = header_str(headers, "origin");
    if is_same_origin(&policy, site.as_deref(), origin.as_deref()) {
        return next.run(request).await;
    }
    tracing::warn!(?site, ?origin, path = %request.uri().path(), "refused a cross-site request");
    (
        StatusCode::FORBIDDEN,
        "Cross-site requests are not allowed.",
    )
        .into_response()
}

fn header_str(headers: &axum::http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|value| value.to_str().ok())
        .map(str::to_string)
}
