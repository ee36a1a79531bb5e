//! Sign-up, sign-in, sign-out, "who am I" and switching organization: the account
//! server functions.
//!
//! Each one answers a plain form POST (no JavaScript) with a redirect to `next` on
//! success, and a script call with data; the page then reloads itself, because a new
//! session or organization changes every figure on it.

use leptos::prelude::*;

use crate::domain::accounts::SessionInfo;
use crate::error::AppError;

/// Creates an account with a personal organization and signs it in.
#[server(endpoint = "sign_up")]
pub async fn sign_up(
    email: String,
    password: String,
    next: Option<String>,
) -> Result<SessionInfo, AppError> {
    super::support::answer(ssr::sign_up(email, password, next)).await
}

/// Signs in with email and password.
#[server(endpoint = "sign_in")]
pub async fn sign_in(
    email: String,
    password: String,
    next: Option<String>,
) -> Result<SessionInfo, AppError> {
    super::support::answer(ssr::sign_in(email, password, next)).await
}

/// Ends the session on the server and in the browser.
#[server(endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    super::support::answer(ssr::sign_out()).await
}

/// The signed-in account with its open organization, or `None` for a visitor.
#[server(endpoint = "current_account")]
pub async fn current_account() -> Result<Option<SessionInfo>, AppError> {
    super::support::answer(ssr::current_account()).await
}

/// Opens another organization the signed-in person belongs to (remembered in the
/// session and reopened at the next sign-in).
#[server(endpoint = "switch_organization")]
pub async fn switch_organization(org_id: i64) -> Result<SessionInfo, AppError> {
    super::support::answer(ssr::switch_organization(org_id)).await
}

/// Where to go after signing in: only paths on this site (`/billing`), never another
/// host (`//evil.example`, `https://...`), so the parameter cannot be an open redirect.
pub fn safe_next(next: Option<&str>) -> String {
    match next.map(str::trim) {
        // Visible ASCII only: browsers drop tabs and line breaks from addresses, so
        // "/\t/evil.example" would become "//evil.example"; anything else a real link
        // holds arrives percent-encoded.
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && !path.starts_with("/\\")
                && path.len() <= MAX_NEXT_BYTES
                && path.bytes().all(|b| b.is_ascii_graphic()) =>
        {
            path.to_string()
        }
        _ => "/".to_string(),
    }
}

/// The longest way back kept; a longer one goes to the overview instead.
const MAX_NEXT_BYTES: usize = 2_000;

#[cfg(feature = "ssr")]
mod ssr {
    use chrono::Utc;
    use tower_sessions::Session;

    use super::safe_next;
    use crate::api::support::{internal, redirect_plain_forms, server_ctx, session};
    use crate::crypto::passwords::{
        check_new_password, hash_password, verify_password, DUMMY_HASH, MAX_PASSWORD_CHARS,
    };
    use crate::domain::accounts::{Email, OrgChoice, SessionInfo, MAX_EMAIL_BYTES};
    use crate::error::{AppError, Reason};
    use crate::server::caller::{audit, client_info, signed_in_user};
    use crate::server::rate_limit::{sign_in_per_ip, SIGN_IN_PER_ACCOUNT, SIGN_UP_PER_IP};
    use crate::server::sessions::{IP_KEY, ORG_KEY, USER_AGENT_KEY, USER_KEY};
    use crate::server::ServerCtx;
    use crate::store::{NewUser, StoreError, User};

    /// Builds what the header shows: the person, the open organization and the others.
    async fn session_info(
        ctx: &ServerCtx,
        user: &User,
        open_org: i64,
    ) -> Result<Option<SessionInfo>, AppError> {
        let memberships = ctx
            .store
            .memberships(user.id)
            .await
            .map_err(|e| internal("listing memberships", e))?;
        let orgs: Vec<OrgChoice> = memberships
            .iter()
            .map(|m| OrgChoice {
                id: m.organization.id,
                name: m.organization.name.clone(),
                role: m.role,
            })
            .collect();
        let Some(open) = orgs.iter().find(|o| o.id == open_org).cloned() else {
            return Ok(None);
        };
        Ok(Some(SessionInfo {
            email: user.email.clone(),
            display_name: user.display_name.clone(),
            platform_role: user.platform_role,
            org: open,
            orgs,
        }))
    }

    /// Starts a fresh session for `user` (a new id: no session fixation), reopening the
    /// organization they had open last, or their first.
    async fn start_session(
        ctx: &ServerCtx,
        user: &User,
        next: Option<String>,
    ) -> Result<SessionInfo, AppError> {
        let memberships = ctx
            .store
            .memberships(user.id)
            .await
            .map_err(|e| internal("listing memberships", e))?;
        let last = ctx
            .store
            .last_active_org(user.id)
            .await
            .map_err(|e| internal("finding the last organization", e))?;
        let open = last
            .filter(|id| memberships.iter().any(|m| m.organization.id == *id))
            .or_else(|| memberships.first().map(|m| m.organization.id))
            .ok_or(AppError::Forbidden(Reason::NoOrganization))?;
        ctx.store
            .remember_org(user.id, crate::store::OrgId(open))
            .await
            .map_err(|e| internal("remembering the organization", e))?;
        let session = session().await?;
        session
            .cycle_id()
            .await
            .map_err(|e| internal("rotating the session id", e))?;
        let client = client_info(ctx).await;
        let write = |e| internal("writing the session", e);
        session.insert(USER_KEY, user.id).await.map_err(write)?;
        session.insert(ORG_KEY, open).await.map_err(write)?;
        session.insert(IP_KEY, client.ip).await.map_err(write)?;
        session
            .insert(USER_AGENT_KEY, client.user_agent)
            .await
            .map_err(write)?;
        redirect_plain_forms(&safe_next(next.as_deref()));
        session_info(ctx, user, open)
            .await?
            .ok_or_else(|| internal("opening the organization", "membership vanished"))
    }

    /// Counts an attempt against a limit; over it, a 429 with the wait in seconds.
    async fn within_limit(
        ctx: &ServerCtx,
        limit: crate::server::rate_limit::RateLimit,
        key: &str,
        now: chrono::DateTime<Utc>,
    ) -> Result<(), AppError> {
        match limit
            .hit(&*ctx.store, key, now)
            .await
            .map_err(|e| internal("counting an attempt", e))?
        {
            Ok(()) => Ok(()),
            Err(seconds) => {
                tracing::warn!(scope = limit.scope, "rate limit reached");
                Err(AppError::TooManyRequests(seconds))
            }
        }
    }

    pub async fn sign_up(
        email: String,
        password: String,
        next: Option<String>,
    ) -> Result<SessionInfo, AppError> {
        let ctx = server_ctx()?;
        let email = Email::parse(&email).map_err(|e| AppError::BadRequest(e.0))?;
        check_new_password(&password).map_err(|e| AppError::BadRequest(e.0))?;
        let client = client_info(&ctx).await;
        within_limit(
            &ctx,
            SIGN_UP_PER_IP,
            client.ip.as_deref().unwrap_or("unknown"),
            Utc::now(),
        )
        .await?;
        let hash = tokio::task::spawn_blocking(move || hash_password(&password))
            .await
            .map_err(|e| internal("hashing a password", e))?
            .map_err(|e| internal("hashing a password", e))?;
        let (user, org) = ctx
            .store
            .sign_up(
                &NewUser {
                    email,
                    display_name: None,
                },
                &hash,
            )
            .await
            .map_err(|e| match e {
                StoreError::Conflict(reason) => AppError::BadRequest(reason),
                other => internal("signing up", other),
            })?;
        audit(
            &ctx,
            Some(org.id),
            Some(user.id),
            "sign_up",
            Some(format!("user:{}", user.id)),
            serde_json::json!({}),
        )
        .await;
        start_session(&ctx, &user, next).await
    }

    pub async fn sign_in(
        email: String,
        password: String,
        next: Option<String>,
    ) -> Result<SessionInfo, AppError> {
        let ctx = server_ctx()?;
        // No address or password is this long; refused before anything is counted or
        // stored under it.
        if email.trim().len() > MAX_EMAIL_BYTES {
            return Err(AppError::BadRequest(Reason::EmailMalformed));
        }
        if password.chars().count() > MAX_PASSWORD_CHARS {
            return Err(AppError::BadRequest(Reason::PasswordTooLong(
                MAX_PASSWORD_CHARS,
            )));
        }
        let account_key = email.trim().to_lowercase();
        let client = client_info(&ctx).await;
        // Counted before the password is checked, so concurrent guesses cannot slip
        // past the limit; a right password takes its attempt back below, so only
        // failures lock an account.
        let now = Utc::now();
        let ip_key = client.ip.as_deref().unwrap_or("unknown");
        let per_ip = sign_in_per_ip(ctx.config.sign_in_limit_per_ip);
        within_limit(&ctx, per_ip, ip_key, now).await?;
        within_limit(&ctx, SIGN_IN_PER_ACCOUNT, &account_key, now).await?;
        let found = ctx
            .store
            .user_credentials(&email)
            .await
            .map_err(|e| internal("looking up an account", e))?;
        let stored_hash = found
            .as_ref()
            .map_or(DUMMY_HASH.to_string(), |(_, hash)| hash.clone());
        let matches = tokio::task::spawn_blocking(move || verify_password(&password, &stored_hash))
            .await
            .map_err(|e| internal("verifying a password", e))?;
        match found {
            Some((user, _)) if matches => {
                for (limit, key) in [
                    (per_ip, ip_key),
                    (SIGN_IN_PER_ACCOUNT, account_key.as_str()),
                ] {
                    if let Err(err) = limit.forgive(&*ctx.store, key, now).await {
                        tracing::error!(error = %err, "could not take back a sign-in attempt");
                    }
                }
                let info = start_session(&ctx, &user, next).await?;
                // Filed under the organization the session opens in, so its owners
                // and admins see who signed in.
                audit(
                    &ctx,
                    Some(info.org.id),
                    Some(user.id),
                    "sign_in",
                    Some(format!("user:{}", user.id)),
                    serde_json::json!({}),
                )
                .await;
                Ok(info)
            }
            other => {
                let user_id = other.map(|(user, _)| user.id);
                // A failed attempt on a known account goes to the organization it
                // would have opened; on an unknown address, to the platform log.
                let org_id = match user_id {
                    Some(id) => ctx.store.last_active_org(id).await.ok().flatten(),
                    None => None,
                };
                audit(
                    &ctx,
                    org_id,
                    user_id,
                    "sign_in_failed",
                    Some(account_key.chars().take(254).collect()),
                    serde_json::json!({}),
                )
                .await;
                Err(AppError::BadRequest(Reason::WrongCredentials))
            }
        }
    }

    pub async fn sign_out() -> Result<(), AppError> {
        let ctx = server_ctx()?;
        let session = session().await?;
        if let Ok(user) = signed_in_user(&ctx, &session).await {
            let org_id = open_org(&session).await.ok().flatten();
            audit(
                &ctx,
                org_id,
                Some(user.id),
                "sign_out",
                Some(format!("user:{}", user.id)),
                serde_json::json!({}),
            )
            .await;
        }
        session
            .flush()
            .await
            .map_err(|e| internal("ending a session", e))?;
        redirect_plain_forms("/sign-in");
        Ok(())
    }

    async fn open_org(session: &Session) -> Result<Option<i64>, AppError> {
        session
            .get(ORG_KEY)
            .await
            .map_err(|e| internal("reading the session", e))
    }

    pub async fn current_account() -> Result<Option<SessionInfo>, AppError> {
        let ctx = server_ctx()?;
        let session = session().await?;
        let user = match signed_in_user(&ctx, &session).await {
            Ok(user) => user,
            Err(AppError::Unauthorized) => return Ok(None),
            Err(other) => return Err(other),
        };
        let Some(org) = open_org(&session).await? else {
            return Ok(None);
        };
        // The membership is checked again on every request: a removed member's
        // session shows no organization they left.
        match session_info(&ctx, &user, org).await? {
            Some(info) => Ok(Some(info)),
            None => {
                // Removed from the open organization: open another one if any.
                match crate::api::support::authorize(
                    crate::domain::accounts::Action::ViewDashboards,
                )
                .await
                {
                    Ok(caller) => session_info(&ctx, &user, caller.org.id).await,
                    Err(_) => Ok(None),
                }
            }
        }
    }

    pub async fn switch_organization(org_id: i64) -> Result<SessionInfo, AppError> {
        let ctx = server_ctx()?;
        let session = session().await?;
        let user = signed_in_user(&ctx, &session).await?;
        let info = session_info(&ctx, &user, org_id)
            .await?
            .ok_or(AppError::Forbidden(Reason::NotMemberOfOrganization))?;
        session
            .insert(ORG_KEY, org_id)
            .await
            .map_err(|e| internal("writing the session", e))?;
        ctx.store
            .remember_org(user.id, crate::store::OrgId(org_id))
            .await
            .map_err(|e| internal("remembering the organization", e))?;
        audit(
            &ctx,
            Some(org_id),
            Some(user.id),
            "org_switched",
            Some(format!("org:{org_id}")),
            serde_json::json!({}),
        )
        .await;
        Ok(info)
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_stays_on_this_site() {
        assert_eq!(safe_next(Some("/billing?x=1")), "/billing?x=1");
        assert_eq!(safe_next(None), "/");
        assert_eq!(safe_next(Some("")), "/");
        assert_eq!(safe_next(Some("//evil.example/")), "/");
        assert_eq!(safe_next(Some("/\\evil.example")), "/");
        assert_eq!(safe_next(Some("https://evil.example/")), "/");
        assert_eq!(safe_next(Some("/a\r\nSet-Cookie: x")), "/");
    }
}
