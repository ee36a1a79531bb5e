//! Accounts and sessions: sign-up, credentials, the user's organizations and last
//! choice, rate-limit counters and the session table (stored by token hash only).

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::{Membership, NewUser, OrgId, Organization, StoreError, StoredSession, User};

/// People, their sign-in and their sessions.
#[async_trait]
pub trait AccountStore: Send + Sync + 'static {
    /// Creates an account, its personal organization on the Free plan and the owner
    /// membership, all or nothing. A registered email (in any letter case) is a
    /// [`StoreError::Conflict`].
    async fn sign_up(
        &self,
        user: &NewUser,
        password_hash: &str,
    ) -> Result<(User, Organization), StoreError>;

    /// The account and its password hash for an email address (any letter case).
    async fn user_credentials(&self, email: &str) -> Result<Option<(User, String)>, StoreError>;

    /// A user by id.
    async fn user(&self, user_id: i64) -> Result<Option<User>, StoreError>;

    /// A user's email address.
    async fn user_email(&self, user_id: i64) -> Result<Option<String>, StoreError>;

    /// Changes a user's platform role (platform admins reach the admin area).
    async fn set_platform_role(
        &self,
        user_id: i64,
        role: crate::domain::accounts::PlatformRole,
    ) -> Result<(), StoreError>;

    /// The organizations a user belongs to, oldest membership first.
    async fn memberships(&self, user_id: i64) -> Result<Vec<Membership>, StoreError>;

    /// The organization the user had open last, if they still belong to it (reopened
    /// at sign-in).
    async fn last_active_org(&self, user_id: i64) -> Result<Option<i64>, StoreError>;

    /// Remembers the organization the user opened.
    async fn remember_org(&self, user_id: i64, org: OrgId) -> Result<(), StoreError>;

    /// Counts one more attempt in the rate-limit window `(scope, key, window_start)` and
    /// returns the count including it; atomic under concurrency on both engines.
    async fn count_attempt(
        &self,
        scope: &str,
        key: &str,
        window_start: DateTime<Utc>,
    ) -> Result<i64, StoreError>;

    /// Takes back one attempt counted by [`Store::count_attempt`] (a sign-in that
    /// succeeded is not a guess); never below zero.
    async fn forgive_attempt(
        &self,
        scope: &str,
        key: &str,
        window_start: DateTime<Utc>,
    ) -> Result<(), StoreError>;

    /// Stores a new session under the hash of its token. `Ok(false)` when the hash is
    /// already taken (the caller draws a new token).
    async fn insert_session(
        &self,
        token_hash: &str,
        session: &StoredSession,
        ip: Option<&str>,
        user_agent: Option<&str>,
    ) -> Result<bool, StoreError>;

    /// Updates a live session's organization and expiry; `Ok(false)` if it is gone.
    async fn update_session(
        &self,
        token_hash: &str,
        session: &StoredSession,
    ) -> Result<bool, StoreError>;

    /// A session that is neither revoked nor expired at `now`.
    async fn load_session(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<StoredSession>, StoreError>;

    /// Ends one session (sign-out); it can never be loaded again.
    async fn revoke_session(&self, token_hash: &str, now: DateTime<Utc>) -> Result<(), StoreError>;

    /// Ends every session of a user (sign out everywhere, password change).
    async fn revoke_user_sessions(
        &self,
        user_id: i64,
        now: DateTime<Utc>,
    ) -> Result<u64, StoreError>;
}
