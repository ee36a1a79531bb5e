//! The assembled application, the top of the layers: the router of pages (the `ui`),
//! server functions and downloads (the `api`), the live stream, assets and health checks
//! under the server's middleware, and the serve loop with graceful shutdown.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderName, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use leptos::config::LeptosOptions;
use leptos::nonce::Nonce;
use leptos::prelude::{provide_context, use_context};
use leptos_axum::{generate_route_list, LeptosRoutes};
use tokio::net::TcpListener;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};
use tracing::{info, warn};

use crate::domain::MAX_REQUEST_BODY_BYTES;
use crate::server::security::{csrf_guard, security_headers, SecurityPolicy};
use crate::server::sessions::DbSessionStore;
use crate::server::telemetry::{request_span, REQUEST_ID_HEADER};
use crate::server::{Config, ServerCtx};
use crate::ui::{shell, App};

/// Leptos options from our own configuration rather than from cargo-leptos'
/// environment, so the binary runs the same under `cargo leptos serve`, in tests and in
/// production.
pub fn leptos_options(config: &Config) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("ledgerlight")
        .site_root(config.site_root.to_string_lossy().to_string())
        .site_pkg_dir("pkg")
        .site_addr(config.site_addr)
        .build()
}

/// How long any request but the live-update stream may take.
const REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// The whole HTTP application: pages, server functions, assets and `/healthz`.
pub fn build_router(ctx: ServerCtx) -> Router {
    let options = leptos_options(&ctx.config);
    let routes = generate_route_list(App);
    let health_ctx = Arc::new(ctx.clone());
    let live_ctx = ctx.clone();
    let export_ctx = ctx.clone();
    let policy = Arc::new(SecurityPolicy {
        https: ctx.config.is_https(),
        allowed_origins: ctx.config.allowed_origins(),
        live_reload_port: std::env::var("LEPTOS_WATCH")
            .is_ok()
            .then_some(options.reload_port),
    });
    // Rendering and server functions get the server context, and the page gets the CSP
    // nonce the security middleware put in the response header.
    let sessions = SessionManagerLayer::new(DbSessionStore(ctx.store.clone()))
        .with_name("ll_session")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(ctx.config.is_https())
        .with_path("/")
        .with_expiry(Expiry::OnInactivity(time::Duration::days(14)));
    let context = move || {
        provide_context(ctx.clone());
        if let Some(nonce) = use_context::<axum::http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<Nonce>().cloned())
        {
            provide_context(nonce);
        }
    };
    let app = Router::new()
        .route("/healthz", get(healthz).with_state(health_ctx))
        .route(
            "/export/revenue.csv",
            get(crate::api::downloads::revenue::revenue_csv).with_state(export_ctx.clone()),
        )
        .route(
            "/export/invoices.csv",
            get(crate::api::downloads::invoices::invoices_csv).with_state(export_ctx.clone()),
        )
        .route(
            "/export/bills.csv",
            get(crate::api::downloads::invoices::bills_csv).with_state(export_ctx.clone()),
        )
        .route(
            "/export/payments.csv",
            get(crate::api::downloads::payments::payments_csv).with_state(export_ctx),
        )
        .leptos_routes_with_context(&options, routes, context.clone(), {
            let options = options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context(
            context, shell,
        ))
        .with_state(options)
        // No page, server function or asset may hang a browser: past this, 503. The
        // live-update stream, added after, is long-lived by design.
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            REQUEST_TIMEOUT,
        ))
        .route(
            "/api/events",
            get(crate::server::event_stream::events).with_state(live_ctx),
        );
    // The last layer is the outermost: every response, refusals included, gets the
    // security headers; cross-site writes are refused before any handler runs.
    app.layer(axum::middleware::from_fn(
        crate::server::fn_status::refusal_status,
    ))
    // Inside the session layer, so a panicked request's session is still saved.
    .layer(axum::middleware::from_fn(
        crate::server::panics::catch_panics,
    ))
    // Announced bodies over the limit are refused at once (413); others are cut off
    // where they pass it, and server functions then answer 413 too.
    .layer(RequestBodyLimitLayer::new(MAX_REQUEST_BODY_BYTES))
    .layer(CompressionLayer::new())
    .layer(sessions)
    .layer(axum::middleware::from_fn_with_state(
        policy.clone(),
        csrf_guard,
    ))
    .layer(axum::middleware::from_fn_with_state(
        policy,
        security_headers,
    ))
    .layer(axum::middleware::from_fn(
        crate::server::connection::close_after_refused_body,
    ))
    .layer(TraceLayer::new_for_http().make_span_with(request_span))
    // Outermost: the id exists before the span is made, and goes back with the answer.
    .layer(PropagateRequestIdLayer::new(HeaderName::from_static(
        REQUEST_ID_HEADER,
    )))
    .layer(SetRequestIdLayer::new(
        HeaderName::from_static(REQUEST_ID_HEADER),
        MakeRequestUuid,
    ))
}

/// 200 when the database answers and the sync scheduler (if one was started) runs,
/// 503 otherwise.
async fn healthz(State(ctx): State<Arc<ServerCtx>>) -> impl IntoResponse {
    if ctx.sync.as_ref().is_some_and(|sync| !sync.is_alive()) {
        warn!("health check: the sync scheduler has stopped");
        return (StatusCode::SERVICE_UNAVAILABLE, "sync scheduler stopped");
    }
    match ctx.store.ping().await {
        Ok(()) => (StatusCode::OK, "ok"),
        Err(err) => {
            warn!(error = %err, "health check: database does not answer");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}

/// Serves until Ctrl-C or SIGTERM, then finishes in-flight requests.
pub async fn serve(ctx: ServerCtx, listener: TcpListener) -> std::io::Result<()> {
    let addr = listener.local_addr()?;
    info!(%addr, "Ledgerlight listening on http://{addr}");
    // Connection info gives server functions the client's address (audit log, rate
    // limits).
    let shutdown = ctx.shutdown.clone();
    let app = build_router(ctx).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(async move {
            shutdown_signal().await;
            // Ends the scheduler and open live streams, so the server can finish.
            shutdown.send_replace(true);
        })
        .await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(err) = tokio::signal::ctrl_c().await {
            warn!(error = %err, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(err) => {
                warn!(error = %err, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    info!("shutting down");
}
