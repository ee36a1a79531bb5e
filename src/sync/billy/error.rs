//! What can go wrong talking to Billy, typed so the sync knows what to retry and the
//! sync health page can say it in plain words.

use std::time::Duration;

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BillyError {
    /// 401: the token is wrong or was revoked. Never retried.
    #[error("Billy refused the access token: {message}")]
    InvalidToken { message: String },
    /// The organization is locked in Billy (unpaid subscription, closed). Never retried.
    #[error("the organization is locked in Billy: {reason}")]
    OrganizationLocked { reason: String },
    /// 429, still after every retry.
    #[error("Billy is limiting requests (HTTP 429)")]
    RateLimited { retry_after: Option<Duration> },
    /// 5xx, still after every retry.
    #[error("Billy answered HTTP {status}: {message}")]
    Upstream { status: u16, message: String },
    /// Another 4xx: a request Billy will not serve (never retried).
    #[error("Billy rejected the request (HTTP {status}): {message}")]
    Rejected { status: u16, message: String },
    #[error("Billy did not answer in time")]
    Timeout,
    /// The connection failed or broke off mid-answer.
    #[error("could not talk to Billy: {0}")]
    Connection(String),
    /// An answer that is not the JSON we expect.
    #[error("Billy sent an answer we could not read: {0}")]
    BadResponse(String),
    /// A base URL or token that cannot be used at all.
    #[error("{0}")]
    Config(String),
}

impl BillyError {
    /// Worth another attempt: the cause may pass by itself.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            BillyError::RateLimited { .. }
                | BillyError::Upstream { .. }
                | BillyError::Timeout
                | BillyError::Connection(_)
        )
    }

    /// A short stable name, stored with failed runs (`sync_runs.error_kind`).
    pub fn kind(&self) -> &'static str {
        match self {
            BillyError::InvalidToken { .. } => "invalid_token",
            BillyError::OrganizationLocked { .. } => "organization_locked",
            BillyError::RateLimited { .. } => "rate_limited",
            BillyError::Upstream { .. } => "upstream_down",
            BillyError::Rejected { .. } => "rejected",
            BillyError::Timeout => "timeout",
            BillyError::Connection(_) => "unreachable",
            BillyError::BadResponse(_) => "bad_response",
            BillyError::Config(_) => "config",
        }
    }

    /// What a person should read on the sync health page, and what to do about it.
    pub fn plain_words(&self) -> String {
        match self {
            BillyError::InvalidToken { .. } => {
                "Billy does not accept the access token. Create a new token in Billy \
                 (Settings → Access tokens) and connect again."
                    .to_string()
            }
            BillyError::OrganizationLocked { reason } => format!(
                "The organization is locked in Billy ({reason}). Syncing resumes once it is \
                 unlocked there."
            ),
            BillyError::RateLimited { .. } => {
                "Billy asked us to slow down and kept doing so. The next sync tries again."
                    .to_string()
            }
            BillyError::Upstream { status, .. } => format!(
                "Billy is having trouble (it answered with error {status}). The next sync \
                 tries again."
            ),
            BillyError::Rejected { status, message } => {
                format!("Billy rejected a request (error {status}: {message}).")
            }
            BillyError::Timeout => {
                "Billy did not answer in time. The next sync tries again.".to_string()
            }
            BillyError::Connection(_) => {
                "Could not reach Billy (network or address problem). The next sync tries \
                 again."
                    .to_string()
            }
            BillyError::BadResponse(_) => {
                "Billy sent an answer we could not read. The next sync tries again; if it \
                 persists, tell us."
                    .to_string()
            }
            BillyError::Config(message) => message.clone(),
        }
    }
}
