//! A panic while handling a request becomes a logged 500 with a readable answer (an
//! error page for browsers, the `Internal` error for server-function calls), never a
//! dropped connection. Server functions also catch their own panics
//! (`api::support::answer`), because a page renders their data in tasks of its own.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use futures::FutureExt;

use crate::error::{panic_message, AppError};
use crate::server::stale_owner::without_stale_owner;

/// Middleware: runs the rest of the stack and answers 500 if it panics. Written as
/// middleware rather than tower-http's `CatchPanicLayer` because the answer depends on
/// the request (a page or a server function's JSON), which that layer's handler is not
/// shown.
pub async fn catch_panics(request: Request, next: Next) -> Response {
    let wants_json = request.uri().path().starts_with("/api/");
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    match std::panic::AssertUnwindSafe(without_stale_owner(next.run(request)))
        .catch_unwind()
        .await
    {
        Ok(response) => response,
        Err(panic) => {
            tracing::error!(
                %method,
                path,
                panic = panic_message(panic.as_ref()),
                "a request panicked; answered 500"
            );
            internal_error_response(wants_json)
        }
    }
}

/// The 500 a panicked request gets.
fn internal_error_response(json: bool) -> Response {
    let (content_type, body) = if json {
        (
            "application/json",
            serde_json::to_string(&AppError::Internal).unwrap_or_default(),
        )
    } else {
        ("text/html; charset=utf-8", ERROR_PAGE.to_string())
    };
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// A page that reads well in both languages without the app (which just failed).
const ERROR_PAGE: &str = "<!DOCTYPE html>\
<html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>Something went wrong · Ledgerlight</title></head>\
<body style=\"font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem\">\
<h1>Something went wrong on our side</h1>\
<p>The error has been logged. Please try again in a moment.</p>\
<p lang=\"da\">Noget gik galt hos os. Fejlen er logget; prøv igen om lidt.</p>\
<p><a href=\"/\">Back to the overview</a></p>\
</body></html>";

#[cfg(test)]
mod tests {
    use std::any::Any;

    use super::*;

    #[test]
    fn panic_messages_are_read_from_both_payload_kinds() {
        let from_str: Box<dyn Any + Send> = Box::new("static words");
        let from_string: Box<dyn Any + Send> = Box::new(String::from("owned words"));
        let other: Box<dyn Any + Send> = Box::new(42_u8);
        assert_eq!(panic_message(from_str.as_ref()), "static words");
        assert_eq!(panic_message(from_string.as_ref()), "owned words");
        assert_eq!(panic_message(other.as_ref()), "a panic without a message");
    }
}
