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
    /// `LEDGERLIGHT_SECRET_KEY` (64 hex digits or base64 of 32 bytes), or the file that
    /// `LEDGERLIGHT_SECRET_KEY_FILE` names: seals Billy tokens at rest. Without one,
    /// tokens cannot be stored, except in demo mode, which draws a key per process.
    pub secret_key: Option<crate::crypto::secrets::SecretKey>,
    /// Whether `secret_key` was drawn at start-up (demo mode without a configured key).
    pub secret_key_is_ephemeral: bool,
    /// `LEDGERLIGHT_TRUST_PROXY`: take the client address from `X-Forwarded-For`
    /// (only behind a proxy that sets it; otherwise anyone could pick their address).
    pub trust_proxy: bool,
    /// `LEDGERLIGHT_SIGN_IN_LIMIT_PER_IP`: sign-in attempts one client address may make
    /// in 15 minutes (default 50; per account it is always 10).
    pub sign_in_limit_per_ip: i64,
    /// `LEDGERLIGHT_PUBLIC_URL`: the address people use (`https://books.example.com`);
    /// default `http://` plus the listen address. HTTPS turns on HSTS.
    pub public_url: String,
    /// `LEDGERLIGHT_SYNC_INTERVAL_MINUTES`: time between syncs of each connected
    /// organization (default 15); 0 turns the scheduler off ("Sync now" still works).
    pub sync_interval_minutes: i64,
    /// `LEDGERLIGHT_BILLY_SIM`: run the Billy simulator inside the app and connect the
    /// demo organizations to it (default: on in demo mode).
    pub billy_sim: bool,
    /// `LEDGERLIGHT_BILLY_SIM_ADDR`: where that simulator listens (default
    /// `127.0.0.1:0`, any free port; the log says which).
    pub billy_sim_addr: SocketAddr,
    /// `LEDGERLIGHT_BILLY_ALLOW_PRIVATE`: let organizations connect to a Billy address on
    /// this machine or a private network, over plain http too (default off: only public
    /// https addresses; demo mode's own simulator is allowed by its exact address).
    pub billy_allow_private: bool,
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
        let demo = flag(&lookup, "LEDGERLIGHT_DEMO", true)?;
        let trust_proxy = flag(&lookup, "LEDGERLIGHT_TRUST_PROXY", false)?;
        let configured_key = match (
            lookup("LEDGERLIGHT_SECRET_KEY").filter(|v| !v.trim().is_empty()),
            lookup("LEDGERLIGHT_SECRET_KEY_FILE").filter(|v| !v.trim().is_empty()),
        ) {
            (Some(text), _) => Some(crate::crypto::secrets::SecretKey::parse(&text).map_err(
                |e| ConfigError {
                    setting: "LEDGERLIGHT_SECRET_KEY",
                    problem: e.to_string(),
                },
            )?),
            (None, Some(path)) => Some(
                crate::crypto::secrets::SecretKey::from_file(std::path::Path::new(path.trim()))
                    .map_err(|e| ConfigError {
                        setting: "LEDGERLIGHT_SECRET_KEY_FILE",
                        problem: e.to_string(),
                    })?,
            ),
            (None, None) => None,
        };
        let secret_key_is_ephemeral = configured_key.is_none() && demo;
        let secret_key = match configured_key {
            Some(key) => Some(key),
            None if demo => Some(crate::crypto::secrets::SecretKey::generate()),
            None => None,
        };
        let sign_in_limit_per_ip =
            whole_number(&lookup, "LEDGERLIGHT_SIGN_IN_LIMIT_PER_IP", 50, 1)?;
        let sync_interval_minutes =
            whole_number(&lookup, "LEDGERLIGHT_SYNC_INTERVAL_MINUTES", 15, 0)?;
        let billy_sim = flag(&lookup, "LEDGERLIGHT_BILLY_SIM", demo)?;
        let billy_allow_private = flag(&lookup, "LEDGERLIGHT_BILLY_ALLOW_PRIVATE", false)?;
        let sim_text = lookup("LEDGERLIGHT_BILLY_SIM_ADDR")
            .filter(|v| !v.trim().is_empty())
            .unwrap_or_else(|| "127.0.0.1:0".to_string());
        let billy_sim_addr = sim_text.trim().parse().map_err(|_| ConfigError {
            setting: "LEDGERLIGHT_BILLY_SIM_ADDR",
            problem: format!("\"{sim_text}\" is not an address like 127.0.0.1:3100"),
        })?;
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
            secret_key,
            secret_key_is_ephemeral,
            trust_proxy,
            sign_in_limit_per_ip,
            public_url,
            sync_interval_minutes,
            billy_sim,
            billy_sim_addr,
            billy_allow_private,
        })
    }
}

/// A yes/no setting: true/false, 1/0, on/off, yes/no; `default` when unset or empty.
fn flag(
    lookup: &impl Fn(&str) -> Option<String>,
    setting: &'static str,
    default: bool,
) -> Result<bool, ConfigError> {
    match lookup(setting).as_deref().map(str::trim) {
        None | Some("") => Ok(default),
        Some("1" | "true" | "on" | "yes") => Ok(true),
        Some("0" | "false" | "off" | "no") => Ok(false),
        Some(other) => Err(ConfigError {
            setting,
            problem: format!("\"{other}\" is not one of true/false"),
        }),
    }
}

/// A whole-number setting of at least `min`; `default` when unset or empty.
fn whole_number(
    lookup: &impl Fn(&str) -> Option<String>,
    setting: &'static str,
    default: i64,
    min: i64,
) -> Result<i64, ConfigError> {
    match lookup(setting).as_deref().map(str::trim) {
        None | Some("") => Ok(default),
        Some(text) => text
            .parse::<i64>()
            .ok()
            .filter(|n| *n >= min)
            .ok_or_else(|| ConfigError {
                setting,
                problem: format!("\"{text}\" is not a whole number of at least {min}"),
            }),
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
        assert!(
            c.secret_key.is_some() && c.secret_key_is_ephemeral,
            "demo mode draws a key"
        );
        let production = config(&[("LEDGERLIGHT_DEMO", "false")]).expect("valid");
        assert!(
            production.secret_key.is_none(),
            "no key outside demo mode unless configured"
        );
    }

    #[test]
    fn bad_values_name_their_setting() {
        let err = config(&[("LEPTOS_SITE_ADDR", "nowhere")]).expect_err("invalid");
        assert!(err.to_string().starts_with("LEPTOS_SITE_ADDR:"));
        let err = config(&[("DATABASE_URL", "mysql://x")]).expect_err("invalid");
        assert!(err.to_string().starts_with("DATABASE_URL:"));
        let err = config(&[("LEDGERLIGHT_DEMO", "maybe")]).expect_err("invalid");
        assert!(err.to_string().starts_with("LEDGERLIGHT_DEMO:"));
        let err = config(&[("LEDGERLIGHT_SECRET_KEY", "too-short")]).expect_err("invalid");
        assert!(err.to_string().starts_with("LEDGERLIGHT_SECRET_KEY:"));
        let err = config(&[("LEDGERLIGHT_SECRET_KEY_FILE", "/no/such/file")]).expect_err("invalid");
        assert!(err.to_string().starts_with("LEDGERLIGHT_SECRET_KEY_FILE:"));
        let err = config(&[("LEDGERLIGHT_SIGN_IN_LIMIT_PER_IP", "0")]).expect_err("invalid");
        assert!(err
            .to_string()
            .starts_with("LEDGERLIGHT_SIGN_IN_LIMIT_PER_IP:"));
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
