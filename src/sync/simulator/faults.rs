//! Faults the simulator injects on request, so tests (and curious admins) can watch the
//! sync cope with what the real Billy may do.

use serde::{Deserialize, Serialize};

/// The faults of one simulated organization. Counters are used up one request at a time;
/// flags stay until changed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Faults {
    /// Let this many requests pass untouched before any counted fault applies (to
    /// break a sync in the middle).
    pub after_requests: u32,
    /// Answer the next N requests with 429.
    pub rate_limit: u32,
    /// The `Retry-After` (seconds) sent with those 429s; none when 0.
    pub retry_after_seconds: u32,
    /// Answer the next N requests with `error_status`.
    pub server_errors: u32,
    /// 500, 502, 503 or 504 (503 when unset).
    pub error_status: u16,
    /// Cut the next N list answers off in the middle of the page.
    pub drop_connections: u32,
    /// Every answer waits this long first (slow Billy; timeouts).
    pub delay_ms: u64,
    /// Refuse the token, as if it had been revoked.
    pub invalid_token: bool,
    /// The organization is locked (unpaid, closed).
    pub locked: bool,
}

/// What one request meets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Injected {
    None,
    RateLimited { retry_after_seconds: u32 },
    ServerError { status: u16 },
    DropConnection,
    InvalidToken,
    Locked,
}

impl Faults {
    /// The fault the next request meets, using up one count of it.
    pub fn take(&mut self, is_list: bool) -> Injected {
        if self.invalid_token {
            return Injected::InvalidToken;
        }
        if self.locked {
            return Injected::Locked;
        }
        if self.after_requests > 0 {
            self.after_requests -= 1;
            return Injected::None;
        }
        if self.rate_limit > 0 {
            self.rate_limit -= 1;
            return Injected::RateLimited {
                retry_after_seconds: self.retry_after_seconds,
            };
        }
        if self.server_errors > 0 {
            self.server_errors -= 1;
            let status = match self.error_status {
                500 | 502 | 503 | 504 => self.error_status,
                _ => 503,
            };
            return Injected::ServerError { status };
        }
        if is_list && self.drop_connections > 0 {
            self.drop_connections -= 1;
            return Injected::DropConnection;
        }
        Injected::None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counted_faults_are_used_up_in_order() {
        let mut faults = Faults {
            rate_limit: 1,
            retry_after_seconds: 2,
            server_errors: 1,
            drop_connections: 1,
            ..Faults::default()
        };
        assert_eq!(
            faults.take(true),
            Injected::RateLimited {
                retry_after_seconds: 2
            }
        );
        assert_eq!(faults.take(true), Injected::ServerError { status: 503 });
        // A single-record answer is not a page to cut off.
        assert_eq!(faults.take(false), Injected::None);
        assert_eq!(faults.take(true), Injected::DropConnection);
        assert_eq!(faults.take(true), Injected::None);
    }

    #[test]
    fn faults_can_wait_for_a_number_of_requests() {
        let mut faults = Faults {
            after_requests: 2,
            server_errors: 1,
            ..Faults::default()
        };
        assert_eq!(faults.take(true), Injected::None);
        assert_eq!(faults.take(true), Injected::None);
        assert_eq!(faults.take(true), Injected::ServerError { status: 503 });
    }
}
