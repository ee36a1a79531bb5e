//! Closes the connection after refusing a request that carried a body. A refusal (413
//! for an announced oversized body, 403 from the cross-site guard, 429, …) is answered
//! before the body is read, and the server then drops the connection rather than read
//! what is left of the body; without `Connection: close` a client would put the
//! connection back in its pool and lose its next request on it ("connection closed
//! before message completed").

use axum::extract::Request;
use axum::http::header::{self, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

pub async fn close_after_refused_body(request: Request, next: Next) -> Response {
    let headers = request.headers();
    let announced = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
        .is_some_and(|bytes| bytes > 0);
    let has_body = announced || headers.contains_key(header::TRANSFER_ENCODING);
    let mut response = next.run(request).await;
    let refused = response.status().is_client_error() || response.status().is_server_error();
    if has_body && refused {
        response
            .headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    response
}
