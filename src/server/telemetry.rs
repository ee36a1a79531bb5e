//! Logging: `tracing` with an EnvFilter from `RUST_LOG`, human-readable by default and
//! JSON lines when `LOG_FORMAT=json` (for log shippers in production).

use tracing_subscriber::{fmt, EnvFilter};

/// Installs the global subscriber. Safe to call more than once (tests): later calls
/// are ignored.
pub fn init() {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info"));
    let json = std::env::var("LOG_FORMAT").is_ok_and(|v| v.eq_ignore_ascii_case("json"));
    let result = if json {
        fmt().json().with_env_filter(filter).try_init()
    } else {
        fmt().with_env_filter(filter).with_target(false).try_init()
    };
    // An already installed subscriber (a second call in tests) is fine.
    let _ = result;
}
