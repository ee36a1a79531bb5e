//! Sign-up, sign-in, sign-out and "who am I": the account server functions.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::accounts::OrgRole;
use crate::error::AppError;

/// The signed-in person and the organization they have open.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub email: String,
    pub organization: String,
    pub role: OrgRole,
}

/// Creates an account with a personal organization and signs it in.
#[server(endpoint = "sign_up")]
pub async fn sign_up(email: String, password: String) -> Result<Account, AppError> {
    super::support::with_status(ssr::sign_up(email, password).await)
}

/// Signs in with email and password.
#[server(endpoint = "sign_in")]
pub async fn sign_in(email: String, password: String) -> Result<Account, AppError> {
    super::support::with_status(ssr::sign_in(email, password).await)
}

/// Ends the session on the server and in the browser.
#[server(endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    super::support::with_status(ssr::sign_out().await)
}

/// The signed-in account, or `None` for a visitor.
#[server(endpoint = "current_account")]
pub async fn current_account() -> Result<Option<Account>, AppError> {
    super::support::with_status(ssr::current_account().await)
}

#[cfg(feature = "ssr")]
mod ssr {
    use tower_sessions::Session;

    use super::Account;
    use crate::api::support::{internal, server_ctx};
    use crate::domain::accounts::Email;
    use crate::error::AppError;
    use crate::server::passwords::{
        check_new_password, hash_password, verify_password, DUMMY_HASH,
    };
    use crate::server::sessions::{ORG_KEY, USER_KEY};
    use crate::server::ServerCtx;
    use crate::store::{NewAuditEntry, NewUser, User};

    async fn session() -> Result<Session, AppError> {
        leptos_axum::extract::<Session>()
            .await
            .map_err(|e| internal("session layer missing", e))
    }

    async fn audit(
        ctx: &ServerCtx,
        org_id: Option<i64>,
        user_id: Option<i64>,
        action: &str,
        target: &str,
    ) {
        let entry = NewAuditEntry {
            org_id,
            actor_user_id: user_id,
            action: action.to_string(),
            target: Some(target.to_string()),
            detail: serde_json::json!({}),
            ip: None,
            user_agent: None,
        };
        if let Err(err) = ctx.store.append_audit(&entry).await {
            tracing::error!(error = %err, action, "could not write the audit log");
        }
    }

    /// Starts a fresh session for `user` (a new id: no session fixation) with their
    /// first organization open, and describes it.
    async fn start_session(ctx: &ServerCtx, user: &User) -> Result<Account, AppError> {
        let memberships = ctx
            .store
            .memberships(user.id)
            .await
            .map_err(|e| internal("listing memberships", e))?;
        let first = memberships.first().ok_or_else(|| {
            AppError::BadRequest("This account belongs to no organization.".to_string())
        })?;
        let session = session().await?;
        session
            .cycle_id()
            .await
            .map_err(|e| internal("rotating the session id", e))?;
        session
            .insert(USER_KEY, user.id)
            .await
            .map_err(|e| internal("writing the session", e))?;
        session
            .insert(ORG_KEY, first.organization.id)
            .await
            .map_err(|e| internal("writing the session", e))?;
        Ok(Account {
            email: user.email.clone(),
            organization: first.organization.name.clone(),
            role: first.role,
        })
    }

    pub async fn sign_up(email: String, password: String) -> Result<Account, AppError> {
        let ctx = server_ctx()?;
        let email = Email::parse(&email).map_err(|e| AppError::BadRequest(e.to_string()))?;
        check_new_password(&password).map_err(|e| AppError::BadRequest(e.to_string()))?;
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
                crate::store::StoreError::Conflict(message) => AppError::BadRequest(message),
                other => internal("signing up", other),
            })?;
        audit(
            &ctx,
            Some(org.id),
            Some(user.id),
            "sign_up",
            &format!("user:{}", user.id),
        )
        .await;
        start_session(&ctx, &user).await
    }

    pub async fn sign_in(email: String, password: String) -> Result<Account, AppError> {
        let ctx = server_ctx()?;
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
                audit(
                    &ctx,
                    None,
                    Some(user.id),
                    "sign_in",
                    &format!("user:{}", user.id),
                )
                .await;
                start_session(&ctx, &user).await
            }
            other => {
                let user_id = other.map(|(user, _)| user.id);
                audit(&ctx, None, user_id, "sign_in_failed", email.trim()).await;
                Err(AppError::BadRequest(
                    "The email or the password is wrong.".to_string(),
                ))
            }
        }
    }

    pub async fn sign_out() -> Result<(), AppError> {
        let session = session().await?;
        session
            .flush()
            .await
            .map_err(|e| internal("ending a session", e))
    }

    pub async fn current_account() -> Result<Option<Account>, AppError> {
        let ctx = server_ctx()?;
        let session = session().await?;
        let user_id: Option<i64> = session
            .get(USER_KEY)
            .await
            .map_err(|e| internal("reading the session", e))?;
        let org_id: Option<i64> = session
            .get(ORG_KEY)
            .await
            .map_err(|e| internal("reading the session", e))?;
        let (Some(user_id), Some(org_id)) = (user_id, org_id) else {
            return Ok(None);
        };
        let memberships = ctx
            .store
            .memberships(user_id)
            .await
            .map_err(|e| internal("listing memberships", e))?;
        // The membership is checked again on every request: a removed member's
        // session opens nothing.
        let Some(open) = memberships
            .into_iter()
            .find(|m| m.organization.id == org_id)
        else {
            return Ok(None);
        };
        let email = ctx
            .store
            .user_email(user_id)
            .await
            .map_err(|e| internal("reading an account", e))?
            .unwrap_or_default();
        Ok(Some(Account {
            email,
            organization: open.organization.name,
            role: open.role,
        }))
    }
}
