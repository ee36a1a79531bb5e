//! Runtime configuration from environment variables (and CLI flags that override them),
//! validated once at start-up so a bad setting fails fast with its name in the message.

use std::net::SocketAddr;
use std::path::PathBuf;

/// The default embedded database: a SQLite file under ./data, created if missing.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/ledgerlight.db";

/// A configuration value that cannot be used, with the setting it came from.
#[derive(Debug, thiserror::Error)]
#[error("{setting}: {problem}")]
pub struct ConfigError {
    pub setting: &'static str,
    pub problem: String,
}

/// Everything the server needs to start.
#[derive(Clone, Debug)]
pub struct Config {
    /// `DATABASE_URL`: `sqlite://...` or `postgres://...`.
    pub database_url: String,
    /// `LEPTOS_SITE_ADDR`: where to listen.
    pub site_addr: SocketAddr,
    /// `LEPTOS_SITE_ROOT`: the directory cargo-leptos built the site into.
    pub site_root: PathBuf,
    /// `LEDGERLIGHT_DEMO`: seed demo organizations into an empty database (default on).
    pub demo: bool,
    /// `LEDGERLIGHT_ORG`: the organization pages show until accounts exist (slug);
    /// default: the first organization.
    pub default_org_slug: Option<String>,
    /// `LEDGERLIGHT_PUBLIC_URL`: the address people use (`https://books.example.com`);
    /// default `http://` plus the listen address. HTTPS turns on HSTS.
    pub public_url: String,
}

impl Config {
    /// Origins a browser may send side-effecting requests from: the public URL's, and
    /// for a loopback listener the same port on `localhost` and `127.0.0.1`.
    pub fn allowed_origins(&self) -> Vec<String> {
        let mut origins = vec![self.public_url.trim_end_matches('/').to_string()];
        if self.site_addr.ip().is_loopback() {
            let port = self.site_addr.port();
            origins.push(format!("http://127.0.0.1:{port}"));
            origins.push(format!("http://localhost:{port}"));
        }
        origins.dedup();
        origins
    }

    pub fn is_https(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}

impl Config {
    /// Reads the configuration from the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|key| std::env::var(key).ok())
    }

    /// Reads the configuration through `lookup` (testable without touching the process
    /// environment).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let database_url = lookup("DATABASE_URL")
            .filter(|v| !v.trim().is_empty())
            .unwrap_or_else(|| DEFAULT_DATABASE_URL.to_string());
        if !(database_url.starts_with("sqlite:")
            || database_url.starts_with("postgres:")
            || database_url.starts_with("postgresql:"))
        {
            return Err(ConfigError {
                setting: "DATABASE_URL",
                problem: "must start with sqlite: or postgres:".to_string(),
            });
        }
        let addr_text = lookup("LEPTOS_SITE_ADDR").unwrap_or_else(|| "127.0.0.1:3000".to_string());
        let site_addr = addr_text.parse().map_err(|_| ConfigError {
            setting: "LEPTOS_SITE_ADDR",
            problem: format!("\"{addr_text}\" is not an address like 127.0.0.1:3000"),
        })?;
        let site_root =
            PathBuf::from(lookup("LEPTOS_SITE_ROOT").unwrap_or_else(|| "target/site".to_string()));
        let demo = match lookup("LEDGERLIGHT_DEMO").as_deref().map(str::trim) {
            None | Some("") | Some("1") | Some("true") | Some("on") | Some("yes") => true,
            Some("0") | Some("false") | Some("off") | Some("no") => false,
            Some(other) => {
                return Err(ConfigError {
                    setting: "LEDGERLIGHT_DEMO",
                    problem: format!("\"{other}\" is not one of true/false"),
                })
            }
        };
        let default_org_slug = lookup("LEDGERLIGHT_ORG").filter(|v| !v.trim().is_empty());
        let public_url = match lookup("LEDGERLIGHT_PUBLIC_URL").filter(|v| !v.trim().is_empty()) {
            None => format!("http://{site_addr}"),
            Some(url) if url.starts_with("http://") || url.starts_with("https://") => {
                url.trim_end_matches('/').to_string()
            }
            Some(url) => {
                return Err(ConfigError {
                    setting: "LEDGERLIGHT_PUBLIC_URL",
                    problem: format!("\"{url}\" must start with http:// or https://"),
                })
            }
        };
        Ok(Self {
            database_url,
            site_addr,
            site_root,
            demo,
            default_org_slug,
            public_url,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(move |key| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()))
    }

    #[test]
    fn defaults_to_embedded_sqlite() {
        let c = config(&[]).expect("defaults are valid");
        assert_eq!(c.database_url, DEFAULT_DATABASE_URL);
        assert_eq!(c.site_addr.port(), 3000);
        assert!(c.demo);
    }

    #[test]
    fn bad_values_name_their_setting() {
        let err = config(&[("LEPTOS_SITE_ADDR", "nowhere")]).expect_err("invalid");
        assert!(err.to_string().starts_with("LEPTOS_SITE_ADDR:"));
        let err = config(&[("DATABASE_URL", "mysql://x")]).expect_err("invalid");
        assert!(err.to_string().starts_with("DATABASE_URL:"));
        let err = config(&[("LEDGERLIGHT_DEMO", "maybe")]).expect_err("invalid");
        assert!(err.to_string().starts_with("LEDGERLIGHT_DEMO:"));
        let err = config(&[("LEDGERLIGHT_PUBLIC_URL", "books.example.com")]).expect_err("invalid");
        assert!(err.to_string().starts_with("LEDGERLIGHT_PUBLIC_URL:"));
    }

    #[test]
    fn public_url_decides_https_and_allowed_origins() {
        let local = config(&[]).expect("valid");
        assert!(!local.is_https());
        assert!(local
            .allowed_origins()
            .contains(&"http://localhost:3000".to_string()));
        let public = config(&[
            ("LEDGERLIGHT_PUBLIC_URL", "https://books.example.com/"),
            ("LEPTOS_SITE_ADDR", "0.0.0.0:8080"),
        ])
        .expect("valid");
        assert!(public.is_https());
        assert_eq!(
            public.allowed_origins(),
            vec!["https://books.example.com".to_string()]
        );
    }
}
