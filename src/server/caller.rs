//! Who is asking: a request's session resolved to the signed-in user, the organization
//! it acts for and their role there (read from the database on every call, so a removed
//! member or a changed role takes effect at once), where the request came from, the
//! audit entries written in the caller's name, and "today" in the organization's zone.
//! Server functions (`api::support::authorize`) and plain axum routes (downloads, the
//! live stream) both resolve callers here.

use std::net::SocketAddr;

use axum::extract::ConnectInfo;
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use leptos::prelude::use_context;
use tower_sessions::Session;
use tracing::error;

use super::sessions::{ORG_KEY, USER_KEY};
use super::ServerCtx;
use crate::domain::accounts::{allowed, Action, OrgRole};
use crate::error::{internal, AppError, Reason};
use crate::store::{NewAuditEntry, OrgId, Organization, User};

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
        .and_then(|list| {
            list.split(',')
                .next()
                .and_then(|ip| ip.trim().parse::<std::net::IpAddr>().ok())
        })
        .map(|ip| ip.to_string());
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

    /// Today in the caller's organization's time zone.
    pub fn today(&self) -> NaiveDate {
        org_today(&self.org)
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

/// The organization a session acts for, with the same checks as `api::support::authorize`
/// for reading dashboards (for plain axum handlers such as the live-update stream).
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

/// The caller behind a session for `action`: the user, the organization the session
/// acts for (another of theirs when that one is gone) and their role in it, checked.
pub async fn authorize_session(
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
    super::telemetry::record_caller(org.id, user.id);
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

/// Today in the organization's own time zone (UTC if its zone is unknown).
pub fn org_today(org: &Organization) -> NaiveDate {
    org_local_time(org, Utc::now()).date()
}

/// The organization's time zone (UTC if its zone is unknown).
pub fn org_zone(org: &Organization) -> chrono_tz::Tz {
    org.timezone
        .parse::<chrono_tz::Tz>()
        .unwrap_or(chrono_tz::UTC)
}

/// `at` on the organization's wall clock.
pub fn org_local_time(org: &Organization, at: DateTime<Utc>) -> NaiveDateTime {
    at.with_timezone(&org_zone(org)).naive_local()
}
