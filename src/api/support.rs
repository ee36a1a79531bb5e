//! What every server function needs: the server context, the signed-in caller with the
//! organization and role resolved from the session (never from the client), the
//! authorization check, audit entries and error mapping.

use leptos::prelude::use_context;
use tower_sessions::Session;

use crate::domain::accounts::Action;
pub use crate::error::internal;
use crate::error::{AppError, Reason};
use crate::server::caller::{authorize_session, signed_in_user, Caller};
use crate::server::ServerCtx;
use crate::store::{StoreError, User};

/// Store errors a person can act on keep their message (a refused rule, a plan limit,
/// a taken email); everything else becomes an opaque, logged 500.
pub fn from_store(context: &str, err: StoreError) -> AppError {
    match err {
        StoreError::Refused(reason)
        | StoreError::Conflict(reason)
        | StoreError::LimitReached(reason) => AppError::Refused(reason),
        other => internal(context, other),
    }
}

/// The server context every render and server function is given.
pub fn server_ctx() -> Result<ServerCtx, AppError> {
    use_context::<ServerCtx>().ok_or_else(|| internal("server context missing", "not provided"))
}

/// Runs a server function's body and shapes its answer. A panic inside becomes a logged
/// 500 rather than a dropped connection or, when a page is being rendered, data that
/// never arrives (the page would wait for it until the request's deadline). A failure
/// gets the HTTP status its error means (server_fn answers every error with 500
/// otherwise), so clients and logs can tell a bad request from a server fault; a 429
/// says when to try again.
///
/// A plain HTML form post (no JavaScript) keeps its redirect back to the form instead:
/// the error travels in that address and the page shows it.
pub async fn answer<T>(
    body: impl std::future::Future<Output = Result<T, AppError>>,
) -> Result<T, AppError> {
    use futures::FutureExt;
    use tracing::Instrument;
    // A page render loads its data in tasks of its own, outside the request's span:
    // those enter a span of the same request, so their log lines say whose they were.
    let span = if tracing::Span::current().is_none() {
        use_context::<axum::http::request::Parts>()
            .map(|parts| crate::server::telemetry::parts_span(&parts))
            .unwrap_or_else(tracing::Span::none)
    } else {
        tracing::Span::current()
    };
    let body = std::panic::AssertUnwindSafe(body)
        .catch_unwind()
        .instrument(span);
    let result = match body.await {
        Ok(result) => result,
        Err(panic) => Err(internal(
            "a server function panicked",
            crate::error::panic_message(panic.as_ref()),
        )),
    };
    if let Err(err) = &result {
        if !is_plain_form_post() {
            if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
                response.set_status(err.status());
                if let AppError::TooManyRequests(seconds) = err {
                    response.insert_header(
                        axum::http::header::RETRY_AFTER,
                        axum::http::HeaderValue::from(*seconds),
                    );
                }
            }
        }
    }
    result
}

/// What a server function's body can fail with: a store error (logged, and opaque
/// unless a person can act on it; see [`from_store`]) or an error for the user as is.
pub enum Failure {
    Store(StoreError),
    User(AppError),
}

impl From<StoreError> for Failure {
    fn from(err: StoreError) -> Self {
        Failure::Store(err)
    }
}

impl From<AppError> for Failure {
    fn from(err: AppError) -> Self {
        Failure::User(err)
    }
}

/// The frame every server function of a signed-in page shares, so its body is only
/// what differs: [`answer`] (panics caught, status set), [`authorize`] for `action`,
/// then `body` for the caller; a store failure is logged as `doing` failed.
pub async fn for_caller<T, Fut>(
    action: Action,
    doing: &'static str,
    body: impl FnOnce(Caller) -> Fut,
) -> Result<T, AppError>
where
    Fut: std::future::Future<Output = Result<T, Failure>>,
{
    answer(async move {
        let caller = authorize(action).await?;
        body(caller).await.map_err(|failure| match failure {
            Failure::Store(err) => from_store(doing, err),
            Failure::User(err) => err,
        })
    })
    .await
}

/// Gives the page being rendered `status` (a page whose subject does not exist answers
/// 404), whatever kind of request renders it.
pub fn set_page_status(status: axum::http::StatusCode) {
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(status);
    }
}

/// Whether this request is a browser's form submission without JavaScript (it asks
/// for HTML back, where script calls ask for data).
fn is_plain_form_post() -> bool {
    use_context::<axum::http::request::Parts>().is_some_and(|parts| {
        parts
            .headers
            .get(axum::http::header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"))
    })
}

/// The request's session (the session layer wraps every route).
pub async fn session() -> Result<Session, AppError> {
    leptos_axum::extract::<Session>()
        .await
        .map_err(|e| internal("session layer missing", e))
}

/// Resolves who is asking and for which organization, from the session alone, checks
/// that their role allows `action`, and returns them. The membership is read from the
/// database on every call, so a removed member or a changed role takes effect at once.
pub async fn authorize(action: Action) -> Result<Caller, AppError> {
    let ctx = server_ctx()?;
    let session = session().await?;
    authorize_session(ctx, session, action).await
}

/// A signed-in platform admin (super admins included), or 401/403.
pub async fn platform_admin() -> Result<(ServerCtx, User), AppError> {
    let ctx = server_ctx()?;
    let session = session().await?;
    let user = signed_in_user(&ctx, &session).await?;
    if !user.platform_role.is_platform_admin() {
        return Err(AppError::Forbidden(Reason::PlatformAdminsOnly));
    }
    Ok((ctx, user))
}

/// Sends a plain HTML form POST (a browser without JavaScript) on to `path` once the
/// server function succeeded. Script calls get their data instead and move on by
/// themselves (see `ui::components::forms`).
pub fn redirect_plain_forms(path: &str) {
    if is_plain_form_post() {
        leptos_axum::redirect(path);
    }
}

/// The header of an analytics page's data for `org` on `today`, computed now.
pub fn page_header(
    org: &crate::store::Organization,
    today: chrono::NaiveDate,
    data_as_of: Option<chrono::DateTime<chrono::Utc>>,
) -> crate::domain::PageHeader {
    crate::domain::PageHeader {
        org_name: org.name.clone(),
        base_currency: org.base_currency.clone(),
        today,
        data_as_of,
        computed_at: chrono::Utc::now(),
    }
}
