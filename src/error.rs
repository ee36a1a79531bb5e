//! The one error type that crosses from the server to the browser.
//!
//! Internal causes (database, I/O) are logged once where they happen and replaced by a
//! generic error here: a user never sees a raw database error. What a person can act on
//! travels as a [`Reason`] code, worded by the page in the reader's language
//! (`words::errors`, which also gives `Display` its English words, for logs and plain
//! clients).

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

pub use crate::domain::reason::Reason;

/// An error a user may see.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AppError {
    /// The request itself is wrong (a bad field, an unknown choice).
    BadRequest(Reason),
    /// The thing asked for does not exist (or is not visible to this organization).
    NotFound(Reason),
    /// Nobody is signed in (or the session ended).
    Unauthorized,
    /// Signed in, but the role does not allow this.
    Forbidden(Reason),
    /// A rule or a plan limit refuses the change; the reason says which and why.
    Refused(Reason),
    /// Too many attempts; try again after the given number of seconds.
    TooManyRequests(u64),
    /// Something failed on the server; the details are in the server log.
    Internal,
    /// The browser could not reach the server or could not read its answer.
    Transport(String),
}

#[cfg(feature = "ssr")]
impl AppError {
    /// The HTTP status a response carrying this error should have.
    pub fn status(&self) -> axum::http::StatusCode {
        use axum::http::StatusCode;
        match self {
            AppError::BadRequest(Reason::BodyTooLarge(_)) => StatusCode::PAYLOAD_TOO_LARGE,
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
                AppError::BadRequest(Reason::InvalidRequest(msg))
            }
            // On the server these mean the request's body could not be read: the
            // client's fault (400), or too large (413), never a bad gateway.
            #[cfg(feature = "ssr")]
            ServerFnErrorErr::Request(msg) | ServerFnErrorErr::Deserialization(msg) => {
                if msg.contains("length limit exceeded") {
                    AppError::BadRequest(Reason::BodyTooLarge(
                        crate::domain::MAX_REQUEST_BODY_BYTES,
                    ))
                } else {
                    AppError::BadRequest(Reason::InvalidRequest(crate::domain::echo::shown(&msg)))
                }
            }
            #[cfg(not(feature = "ssr"))]
            ServerFnErrorErr::Request(msg) | ServerFnErrorErr::Deserialization(msg) => {
                AppError::Transport(msg)
            }
            _ => AppError::Internal,
        }
    }
}

#[cfg(feature = "ssr")]
/// Logs an internal failure once, with its cause, and returns the opaque error a user
/// sees.
pub fn internal(context: &str, err: impl std::fmt::Display) -> AppError {
    tracing::error!(error = %err, "{context}");
    AppError::Internal
}

/// The words a panic carried (`panic!("…")` or `expect("…")`), for the log.
pub fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    if let Some(text) = panic.downcast_ref::<&str>() {
        (*text).to_string()
    } else if let Some(text) = panic.downcast_ref::<String>() {
        text.clone()
    } else {
        "a panic without a message".to_string()
    }
}
