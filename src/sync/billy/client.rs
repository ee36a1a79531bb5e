//! The HTTP client for Billy API v2: authentication, paging, the error envelope, timeouts
//! and retries. It knows nothing about our database.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, ACCEPT_LANGUAGE, RETRY_AFTER};
use reqwest::StatusCode;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::address::AddressPolicy;
use super::error::BillyError;
use super::retry::{parse_retry_after, RetryPolicy};
use super::wire::{ErrorEnvelope, Paging, Resource, WireOrganization, ORGANIZATION_LOCKED};

/// Billy's own address.
pub const DEFAULT_BASE_URL: &str = "https://api.billysbilling.com/v2";
/// Billy's largest page.
pub const MAX_PAGE_SIZE: u32 = 1000;

/// The largest answer the client reads: a page of 1,000 invoices with their lines is a
/// few megabytes; an endless answer from a wrong address must not fill the memory.
pub const MAX_ANSWER_BYTES: usize = 64 * 1024 * 1024;

/// Timeouts, retries and the addresses a client may reach.
#[derive(Clone, Debug)]
pub struct ClientOptions {
    pub retry: RetryPolicy,
    /// For one request, answer body included.
    pub request_timeout: Duration,
    pub connect_timeout: Duration,
    /// Public https addresses only, unless configured otherwise.
    pub addresses: AddressPolicy,
}

impl Default for ClientOptions {
    fn default() -> Self {
        Self {
            retry: RetryPolicy::default(),
            request_timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            addresses: AddressPolicy::public_only(),
        }
    }
}

/// What the client did, for a sync run's record: requests, retries and 429 answers.
#[derive(Debug, Default)]
pub struct RequestStats {
    requests: AtomicU64,
    retries: AtomicU64,
    rate_limited: AtomicU64,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StatsSnapshot {
    pub requests: u64,
    pub retries: u64,
    pub rate_limited: u64,
}

impl StatsSnapshot {
    /// What happened between `earlier` and this snapshot.
    pub fn since(self, earlier: StatsSnapshot) -> StatsSnapshot {
        StatsSnapshot {
            requests: self.requests.saturating_sub(earlier.requests),
            retries: self.retries.saturating_sub(earlier.retries),
            rate_limited: self.rate_limited.saturating_sub(earlier.rate_limited),
        }
    }
}

impl RequestStats {
    pub fn snapshot(&self) -> StatsSnapshot {
        StatsSnapshot {
            requests: self.requests.load(Ordering::Relaxed),
            retries: self.retries.load(Ordering::Relaxed),
            rate_limited: self.rate_limited.load(Ordering::Relaxed),
        }
    }
}

/// One page of a list: the raw records (decoded one by one by the caller, so one
/// unreadable record does not sink the page) and Billy's paging figures.
#[derive(Clone, Debug, Default)]
pub struct Page {
    pub records: Vec<Value>,
    pub paging: Paging,
}

impl Page {
    /// Whether a page after this one exists.
    pub fn has_next(&self) -> bool {
        self.paging.page < self.paging.page_count
    }
}

/// A client for one Billy organization (one access token).
#[derive(Clone)]
pub struct BillyClient {
    http: reqwest::Client,
    base_url: String,
    options: ClientOptions,
    stats: Arc<RequestStats>,
}

impl std::fmt::Debug for BillyClient {
    // The token lives in the default headers; never print them.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BillyClient")
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

impl BillyClient {
    pub fn new(base_url: &str, token: &str, options: ClientOptions) -> Result<Self, BillyError> {
        let base_url = options
            .addresses
            .check_url(base_url)
            .map_err(|reason| BillyError::Config(reason.to_string()))?
            .as_str()
            .trim_end_matches('/')
            .to_string();
        let mut token = HeaderValue::from_str(token.trim()).map_err(|_| {
            BillyError::Config("The access token contains characters a token cannot have.".into())
        })?;
        // Keeps the token out of reqwest's and hyper's debug output.
        token.set_sensitive(true);
        let mut headers = HeaderMap::new();
        headers.insert("X-Access-Token", token);
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        headers.insert(ACCEPT_LANGUAGE, HeaderValue::from_static("en_US"));
        let http = reqwest::Client::builder()
            .default_headers(headers)
            .timeout(options.request_timeout)
            .connect_timeout(options.connect_timeout)
            .user_agent(concat!("ledgerlight/", env!("CARGO_PKG_VERSION")))
            // A redirect could lead the token anywhere; Billy sends none.
            .redirect(reqwest::redirect::Policy::none())
            .dns_resolver(options.addresses.resolver())
            .build()
            .map_err(|err| BillyError::Config(format!("cannot build an HTTP client: {err}")))?;
        Ok(Self {
            http,
            base_url,
            options,
            stats: Arc::new(RequestStats::default()),
        })
    }

    pub fn stats(&self) -> StatsSnapshot {
        self.stats.snapshot()
    }

    /// `GET /v2/organization`: the token's organization. Also the token check.
    pub async fn organization(&self) -> Result<WireOrganization, BillyError> {
        let mut body = self.get_json("organization", &[]).await?;
        let organization = take_root(&mut body, "organization")?;
        let organization: WireOrganization = serde_json::from_value(organization)
            .map_err(|err| BillyError::BadResponse(format!("organization: {err}")))?;
        if organization.is_locked {
            return Err(BillyError::OrganizationLocked {
                reason: organization
                    .locked_reason
                    .clone()
                    .unwrap_or_else(|| "no reason given".to_string()),
            });
        }
        Ok(organization)
    }

    /// One page of a list, `page` counted from 1, with extra query parameters (filters,
    /// sorting, includes).
    pub async fn list(
        &self,
        resource: Resource,
        query: &[(&str, String)],
        page: u32,
        page_size: u32,
    ) -> Result<Page, BillyError> {
        let mut params: Vec<(&str, String)> = query.to_vec();
        params.push(("page", page.to_string()));
        params.push(("pageSize", page_size.clamp(1, MAX_PAGE_SIZE).to_string()));
        let mut body = self.get_json(resource.path(), &params).await?;
        let records = match take_root(&mut body, resource.path())? {
            Value::Array(records) => records,
            other => {
                return Err(BillyError::BadResponse(format!(
                    "{} is not a list but {}",
                    resource.path(),
                    kind_of(&other)
                )))
            }
        };
        let paging = body
            .get_mut("meta")
            .and_then(|meta| meta.get_mut("paging"))
            .map(Value::take)
            .map(serde_json::from_value::<Paging>)
            .transpose()
            .map_err(|err| BillyError::BadResponse(format!("meta.paging: {err}")))?
            .unwrap_or(Paging {
                // No paging block: everything came in one page.
                page: 1,
                page_count: 1,
                page_size,
                total: records.len() as u64,
                ..Paging::default()
            });
        Ok(Page { records, paging })
    }

    /// One record by id; `None` when Billy no longer has it (deleted upstream).
    pub async fn get(
        &self,
        resource: Resource,
        id: &str,
        query: &[(&str, String)],
    ) -> Result<Option<Value>, BillyError> {
        let path = format!("{}/{}", resource.path(), urlencode_segment(id));
        match self.get_json(&path, query).await {
            Ok(mut body) => Ok(Some(take_root(&mut body, resource.singular())?)),
            Err(BillyError::Rejected { status: 404, .. }) => Ok(None),
            Err(err) => Err(err),
        }
    }

    /// A GET with retries; the answer's JSON body.
    async fn get_json(&self, path: &str, query: &[(&str, String)]) -> Result<Value, BillyError> {
        let url = format!("{}/{}", self.base_url, path);
        let mut attempt = 1;
        loop {
            let (result, retry_after) = self.attempt(&url, query).await;
            let err = match result {
                Ok(body) => return Ok(body),
                Err(err) => err,
            };
            if !err.is_transient() {
                return Err(err);
            }
            let delay =
                self.options
                    .retry
                    .delay_before(attempt + 1, retry_after, &mut rand::thread_rng());
            let Some(delay) = delay else {
                return Err(err);
            };
            tracing::warn!(
                path,
                attempt,
                error = %err,
                wait_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
                "Billy request failed; retrying"
            );
            self.stats.retries.fetch_add(1, Ordering::Relaxed);
            tokio::time::sleep(delay).await;
            attempt += 1;
        }
    }

    /// One request: its outcome and the server's `Retry-After`, if it sent one.
    async fn attempt(
        &self,
        url: &str,
        query: &[(&str, String)],
    ) -> (Result<Value, BillyError>, Option<Duration>) {
        self.stats.requests.fetch_add(1, Ordering::Relaxed);
        let response = match self.http.get(url).query(query).send().await {
            Ok(response) => response,
            Err(err) => return (Err(transport_error(&err)), None),
        };
        let status = response.status();
        let retry_after = response
            .headers()
            .get(RETRY_AFTER)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| parse_retry_after(value, chrono::Utc::now()));
        // Reading the body can fail too: a connection dropped mid-page.
        let bytes = match read_bounded(response).await {
            Ok(bytes) => bytes,
            Err(err) => return (Err(err), None),
        };
        if status.is_success() {
            let parsed = serde_json::from_slice::<Value>(&bytes)
                .map_err(|err| BillyError::BadResponse(format!("not JSON: {err}")));
            return (parsed, None);
        }
        if status == StatusCode::TOO_MANY_REQUESTS {
            self.stats.rate_limited.fetch_add(1, Ordering::Relaxed);
        }
        (Err(status_error(status, &bytes, retry_after)), retry_after)
    }
}

/// The answer's body, refused past [`MAX_ANSWER_BYTES`] (announced or as it arrives).
async fn read_bounded(mut response: reqwest::Response) -> Result<Vec<u8>, BillyError> {
    let too_large = || {
        BillyError::BadResponse(format!(
            "the answer is larger than {} MB",
            MAX_ANSWER_BYTES / (1024 * 1024)
        ))
    };
    let announced = response.content_length().unwrap_or(0);
    if usize::try_from(announced).map_or(true, |n| n > MAX_ANSWER_BYTES) {
        return Err(too_large());
    }
    let mut body = Vec::with_capacity(usize::try_from(announced).unwrap_or(0));
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|err| transport_error(&err))?
    {
        if body.len() + chunk.len() > MAX_ANSWER_BYTES {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Maps a non-success status and its error envelope to a typed error.
fn status_error(status: StatusCode, body: &[u8], retry_after: Option<Duration>) -> BillyError {
    let envelope: ErrorEnvelope = serde_json::from_slice(body).unwrap_or_default();
    let code = envelope.error_code.unwrap_or_default();
    let message = envelope
        .error_message
        .filter(|m| !m.trim().is_empty())
        .unwrap_or_else(|| {
            status
                .canonical_reason()
                .unwrap_or("no message")
                .to_string()
        });
    match status.as_u16() {
        401 => BillyError::InvalidToken { message },
        403 if code == ORGANIZATION_LOCKED || code.contains("LOCKED") => {
            BillyError::OrganizationLocked { reason: message }
        }
        429 => BillyError::RateLimited { retry_after },
        300..=399 => BillyError::Rejected {
            status: status.as_u16(),
            message: "a redirect, which is not followed".to_string(),
        },
        500..=599 => BillyError::Upstream {
            status: status.as_u16(),
            message,
        },
        other => BillyError::Rejected {
            status: other,
            message,
        },
    }
}

fn transport_error(err: &reqwest::Error) -> BillyError {
    if err.is_timeout() {
        BillyError::Timeout
    } else {
        // Connect failures, resets and bodies cut short. Without the URL: it may carry
        // query parameters, and the address is known to the caller anyway.
        BillyError::Connection(err.without_url_string())
    }
}

trait WithoutUrl {
    fn without_url_string(&self) -> String;
}

impl WithoutUrl for reqwest::Error {
    fn without_url_string(&self) -> String {
        let mut text = self.to_string();
        if let Some(url) = self.url() {
            text = text.replace(url.as_str(), "");
        }
        let mut source = std::error::Error::source(self);
        while let Some(cause) = source {
            text.push_str(": ");
            text.push_str(&cause.to_string());
            source = cause.source();
        }
        text
    }
}

fn take_root(body: &mut Value, key: &str) -> Result<Value, BillyError> {
    body.get_mut(key)
        .map(Value::take)
        .ok_or_else(|| BillyError::BadResponse(format!("the answer has no {key:?}")))
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// Ids are opaque; keep them to one path segment.
fn urlencode_segment(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c.to_string()
            } else {
                let mut buf = [0_u8; 4];
                c.encode_utf8(&mut buf)
                    .bytes()
                    .map(|b| format!("%{b:02X}"))
                    .collect()
            }
        })
        .collect()
}

/// Decodes one raw record; the error is the reason a person reads.
pub fn decode<T: DeserializeOwned>(record: &Value) -> Result<T, String> {
    T::deserialize(record).map_err(|err| format!("unreadable record: {err}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_envelopes_become_typed_errors() {
        let body = br#"{"meta":{"statusCode":401,"success":false},"errorCode":"OAUTH_INVALID_ACCESS_TOKEN","errorMessage":"Invalid token"}"#;
        assert_eq!(
            status_error(StatusCode::UNAUTHORIZED, body, None),
            BillyError::InvalidToken {
                message: "Invalid token".into()
            }
        );
        let locked =
            br#"{"errorCode":"ORGANIZATION_LOCKED","errorMessage":"Subscription expired"}"#;
        assert!(matches!(
            status_error(StatusCode::FORBIDDEN, locked, None),
            BillyError::OrganizationLocked { .. }
        ));
        let down = status_error(StatusCode::SERVICE_UNAVAILABLE, b"<html>oops</html>", None);
        assert_eq!(
            down,
            BillyError::Upstream {
                status: 503,
                message: "Service Unavailable".into()
            }
        );
        assert!(down.is_transient());
        assert!(!status_error(StatusCode::NOT_FOUND, b"", None).is_transient());
    }

    #[test]
    fn ids_stay_one_path_segment() {
        assert_eq!(urlencode_segment("abc-DEF_1"), "abc-DEF_1");
        assert_eq!(urlencode_segment("../x?y"), "%2E%2E%2Fx%3Fy");
    }

    #[test]
    fn the_token_never_shows_in_debug_output() {
        let client = BillyClient::new(
            "https://example.test/v2/",
            "secret-token",
            ClientOptions::default(),
        )
        .expect("client");
        let printed = format!("{client:?}");
        assert!(!printed.contains("secret-token"), "{printed}");
        assert!(printed.contains("https://example.test/v2"));
        assert!(matches!(
            BillyClient::new("ftp://x", "t", ClientOptions::default()),
            Err(BillyError::Config(_))
        ));
    }
}
