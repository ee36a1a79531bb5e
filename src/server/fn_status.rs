//! Gives a server function's refusal its own HTTP status when leptos answered before
//! our code ran: server_fn sends every error it meets itself (arguments it could not
//! read, say) as a 500, though the body says `BadRequest`. A client, a proxy's error
//! page or a log reader should see 400 there, not a server fault.

use axum::body::Body;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;
use leptos::server_fn::error::SERVER_FN_ERROR_HEADER;

use crate::error::AppError;

/// Error bodies are a few hundred bytes; anything larger is left as it is.
const MAX_ERROR_BODY: usize = 64 * 1024;

/// Middleware: a server function's 500 whose body is an [`AppError`] gets that error's
/// status. Everything else passes untouched (and unread).
pub async fn refusal_status(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !response.headers().contains_key(SERVER_FN_ERROR_HEADER)
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_ERROR_BODY).await {
        Ok(bytes) => bytes,
        Err(err) => {
            tracing::error!(error = %err, "reading a server function's error");
            return Response::from_parts(parts, Body::empty());
        }
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status = error.status();
    }
    Response::from_parts(parts, Body::from(bytes))
}
