//! The one error type that crosses from the server to the browser.
//!
//! Internal causes (database, I/O) are logged once where they happen and replaced by a
//! generic message here: a user never sees a raw database error.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// An error a user may see, with a message written for them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// The request itself is wrong (a bad filter value, an unknown period).
    #[error("{0}")]
    BadRequest(String),
    /// The thing asked for does not exist (or is not visible to this organization).
    #[error("{0} was not found")]
    NotFound(String),
    /// Nobody is signed in (or the session ended).
    #[error("Please sign in to continue.")]
    Unauthorized,
    /// Signed in, but the role does not allow this.
    #[error("{0}")]
    Forbidden(String),
    /// A rule or a plan limit refuses the change; the message says which and why.
    #[error("{0}")]
    Refused(String),
    /// Too many attempts; try again after the given number of seconds.
    #[error("Too many attempts. Try again in {0} s.")]
    TooManyRequests(u64),
    /// Something failed on the server; the details are in the server log.
    #[error("Something went wrong on our side. Please try again in a moment.")]
    Internal,
    /// The browser could not reach the server or could not read its answer.
    #[error("Could not reach the server: {0}")]
    Transport(String),
}

#[cfg(feature = "ssr")]
impl AppError {
    /// The HTTP status a response carrying this error should have.
    pub fn status(&self) -> axum::http::StatusCode {
        use axum::http::StatusCode;
        match self {
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::Refused(_) => StatusCode::CONFLICT,
            AppError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            AppError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            AppError::Transport(_) => StatusCode::BAD_GATEWAY,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(msg) | ServerFnErrorErr::MissingArg(msg) => {
                AppError::BadRequest(format!("Invalid request: {msg}"))
            }
            ServerFnErrorErr::Request(msg) | ServerFnErrorErr::Deserialization(msg) => {
                AppError::Transport(msg)
            }
            _ => AppError::Internal,
        }
    }
}
