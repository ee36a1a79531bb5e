//! What every server function needs: the server context, the signed-in caller with the
//! organization and role resolved from the session (never from the client), the
//! authorization check, audit entries and error mapping.

use std::net::SocketAddr;

use axum::extract::ConnectInfo;
use chrono::Utc;
use leptos::prelude::use_context;
use tower_sessions::Session;
use tracing::error;

use crate::domain::accounts::{allowed, Action, OrgRole};
use crate::error::{AppError, Reason};
use crate::server::sessions::{ORG_KEY, USER_KEY};
use crate::server::ServerCtx;
use crate::store::{NewAuditEntry, OrgId, Organization, StoreError, User};

/// Logs an internal failure once, with its cause, and returns the opaque error a user
/// sees.
pub fn internal(context: &str, err: impl std::fmt::Display) -> AppError {
    error!(error = %err, "{context}");
    AppError::Internal
}

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

/// Gives a failed server function the HTTP status its error means (server_fn answers
/// every error with 500 otherwise), so clients and logs can tell a bad request from a
/// server fault.
///
/// A plain HTML form post (no JavaScript) keeps its redirect back to the form instead:
/// the error travels in that address and the page shows it.
pub fn with_status<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(err) = &result {
        if !is_plain_form_post() {
            if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
                response.set_status(err.status());
            }
        }
    }
    result
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

/// Where a request came from, for the audit log and rate limits.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClientInfo {
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

/// The client's address (from `X-Forwarded-For` only when the deployment trusts its
/// proxy) and user agent.
pub async fn client_info(ctx: &ServerCtx) -> ClientInfo {
    let Some(parts) = use_context::<axum::http::request::Parts>() else {
        return ClientInfo::default();
    };
    let header = |name: &str| {
        parts
            .headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let forwarded = ctx
        .config
        .trust_proxy
        .then(|| header("x-forwarded-for"))
        .flatten()
        .and_then(|list| list.split(',').next().map(|ip| ip.trim().to_string()))
        .filter(|ip| !ip.is_empty());
    let ip = match forwarded {
        Some(ip) => Some(ip),
        None => leptos_axum::extract::<ConnectInfo<SocketAddr>>()
            .await
            .ok()
            .map(|ConnectInfo(addr)| addr.ip().to_string()),
    };
    let user_agent = header("user-agent").map(|ua| ua.chars().take(300).collect());
    ClientInfo { ip, user_agent }
}

/// A signed-in person acting inside one organization.
pub struct Caller {
    pub ctx: ServerCtx,
    pub session: Session,
    pub user: User,
    pub org: Organization,
    pub role: OrgRole,
}

impl Caller {
    pub fn org_id(&self) -> OrgId {
        OrgId(self.org.id)
    }

    /// Appends to the audit log as this caller; a failure is logged, not shown (the
    /// change itself already happened).
    pub async fn audit(&self, action: &str, target: Option<String>, detail: serde_json::Value) {
        audit(
            &self.ctx,
            Some(self.org.id),
            Some(self.user.id),
            action,
            target,
            detail,
        )
        .await;
    }
}

/// Appends an audit entry with the request's client address and user agent.
pub async fn audit(
    ctx: &ServerCtx,
    org_id: Option<i64>,
    user_id: Option<i64>,
    action: &str,
    target: Option<String>,
    detail: serde_json::Value,
) {
    let client = client_info(ctx).await;
    let entry = NewAuditEntry {
        org_id,
        actor_user_id: user_id,
        action: action.to_string(),
        target,
        detail,
        ip: client.ip,
        user_agent: client.user_agent,
    };
    if let Err(err) = ctx.store.append_audit(&entry).await {
        error!(error = %err, action, "could not write the audit log");
    }
}

/// The signed-in user of this request, or [`AppError::Unauthorized`].
pub async fn signed_in_user(ctx: &ServerCtx, session: &Session) -> Result<User, AppError> {
    let user_id: Option<i64> = session
        .get(USER_KEY)
        .await
        .map_err(|e| internal("reading the session", e))?;
    let Some(user_id) = user_id else {
        return Err(AppError::Unauthorized);
    };
    ctx.store
        .user(user_id)
        .await
        .map_err(|e| internal("reading an account", e))?
        .ok_or(AppError::Unauthorized)
}

/// Resolves who is asking and for which organization, from the session alone, checks
/// that their role allows `action`, and returns them. The membership is read from the
/// database on every call, so a removed member or a changed role takes effect at once.
pub async fn authorize(action: Action) -> Result<Caller, AppError> {
    let ctx = server_ctx()?;
    let session = session().await?;
    authorize_session(ctx, session, action).await
}

/// The organization a session acts for, with the same checks as [`authorize`] for
/// reading dashboards (for plain axum handlers such as the live-update stream).
pub async fn session_org(ctx: &ServerCtx, session: &Session) -> Result<OrgId, AppError> {
    let caller = authorize_session(ctx.clone(), session.clone(), Action::ViewDashboards).await?;
    Ok(caller.org_id())
}

/// The caller behind a session for `action`, for plain axum routes (downloads).
pub async fn session_caller(
    ctx: &ServerCtx,
    session: &Session,
    action: Action,
) -> Result<Caller, AppError> {
    authorize_session(ctx.clone(), session.clone(), action).await
}

async fn authorize_session(
    ctx: ServerCtx,
    session: Session,
    action: Action,
) -> Result<Caller, AppError> {
    let user = signed_in_user(&ctx, &session).await?;
    let org_id: Option<i64> = session
        .get(ORG_KEY)
        .await
        .map_err(|e| internal("reading the session", e))?;
    let (org_id, role) = match org_id {
        Some(id) => match ctx
            .store
            .member_role(OrgId(id), user.id)
            .await
            .map_err(|e| internal("checking a membership", e))?
        {
            Some(role) => (id, role),
            None => reopen_some_organization(&ctx, &session, &user).await?,
        },
        None => reopen_some_organization(&ctx, &session, &user).await?,
    };
    if !allowed(role, action) {
        return Err(AppError::Forbidden(Reason::RoleNotAllowed(role)));
    }
    let org = ctx
        .store
        .organization(OrgId(org_id))
        .await
        .map_err(|e| internal("reading an organization", e))?
        .ok_or(AppError::NotFound(Reason::OrganizationNotFound))?;
    note_active_member(&ctx, org.id, user.id).await;
    Ok(Caller {
        ctx,
        session,
        user,
        org,
        role,
    })
}

/// When the session's organization is gone (the person was removed from it), opens
/// another one they belong to instead of failing every page.
async fn reopen_some_organization(
    ctx: &ServerCtx,
    session: &Session,
    user: &User,
) -> Result<(i64, OrgRole), AppError> {
    let memberships = ctx
        .store
        .memberships(user.id)
        .await
        .map_err(|e| internal("listing memberships", e))?;
    let first = memberships
        .first()
        .ok_or(AppError::Forbidden(Reason::NoOrganization))?;
    session
        .insert(ORG_KEY, first.organization.id)
        .await
        .map_err(|e| internal("writing the session", e))?;
    Ok((first.organization.id, first.role))
}

/// Meters the member as active this month (for the plan's active-member limit), once
/// per process, member and month.
async fn note_active_member(ctx: &ServerCtx, org_id: i64, user_id: i64) {
    let now = Utc::now();
    let month = crate::domain::period::first_of_month(now.date_naive());
    let first_time = match ctx.active_members_seen.lock() {
        Ok(mut seen) => seen.insert((org_id, user_id, month)),
        Err(_) => false,
    };
    if first_time {
        if let Err(err) = ctx
            .store
            .record_active_member(OrgId(org_id), user_id, now)
            .await
        {
            error!(error = %err, "could not meter an active member");
        }
    }
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
