//! The one error type that crosses from the server to the browser.
//!
//! Internal causes (database, I/O) are logged once where they happen and replaced by a
//! generic error here: a user never sees a raw database error. What a person can act on
//! travels as a [`Reason`] code, worded by the page in the reader's language
//! (`ui::error_text`); `Display` gives the English words, for logs and plain clients.

use std::fmt;

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

pub use crate::domain::reason::Reason;
use crate::i18n::Locale;
use crate::ui::error_text::{error_text, reason_text};

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

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&error_text(self, Locale::en))
    }
}

impl std::error::Error for AppError {}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&reason_text(self, Locale::en))
    }
}

impl std::error::Error for Reason {}

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
                AppError::BadRequest(Reason::InvalidRequest(msg))
            }
            ServerFnErrorErr::Request(msg) | ServerFnErrorErr::Deserialization(msg) => {
                AppError::Transport(msg)
            }
            _ => AppError::Internal,
        }
    }
}
