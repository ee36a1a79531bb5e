//! The Billy connection as its settings page shows it: never the token itself.

use serde::{Deserialize, Serialize};

use crate::domain::reason::Reason;

/// Whether the organization is connected to Billy, and where.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BillyConnectionView {
    pub org_name: String,
    pub connected: bool,
    /// A custom API address (the simulator, a proxy); `None` means Billy's own.
    pub base_url: Option<String>,
    /// Whether the person looking may connect or disconnect (admins and owners).
    pub can_manage: bool,
}

/// Billy's own API address.
pub const BILLY_DEFAULT_BASE_URL: &str = "https://api.billysbilling.com/v2";

/// Checks a token as typed: present, one line, of a sane length.
pub fn check_token(token: &str) -> Result<&str, Reason> {
    let token = token.trim();
    if token.is_empty() {
        Err(Reason::TokenMissing)
    } else if token.len() > 200 || token.chars().any(char::is_whitespace) {
        Err(Reason::TokenMalformed)
    } else {
        Ok(token)
    }
}

/// Checks an optional API address: empty means Billy's own; otherwise an `https://`
/// address, or `http://` on this machine (the simulator).
pub fn check_base_url(url: &str) -> Result<Option<String>, Reason> {
    let url = url.trim().trim_end_matches('/');
    if url.is_empty() {
        return Ok(None);
    }
    let local = ["http://127.0.0.1", "http://localhost", "http://[::1]"]
        .iter()
        .any(|prefix| url.starts_with(prefix));
    if !(url.starts_with("https://") || local) || url.contains(char::is_whitespace) {
        return Err(Reason::BaseUrlNotHttps);
    }
    Ok(Some(url.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_and_addresses_are_checked() {
        assert_eq!(check_token("  abc123 "), Ok("abc123"));
        assert!(check_token("").is_err());
        assert!(check_token("two words").is_err());
        assert_eq!(check_base_url(""), Ok(None));
        assert_eq!(
            check_base_url("https://api.example.com/v2/"),
            Ok(Some("https://api.example.com/v2".to_string()))
        );
        assert!(check_base_url("http://127.0.0.1:4000/v2").is_ok());
        assert!(check_base_url("http://evil.example/v2").is_err());
        assert!(check_base_url("ftp://x").is_err());
    }
}
