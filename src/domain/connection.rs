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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_checked() {
        assert_eq!(check_token("  abc123 "), Ok("abc123"));
        assert!(check_token("").is_err());
        assert!(check_token("two words").is_err());
    }
}
