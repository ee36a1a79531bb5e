//! Fixed-window rate limits on database counters, so every app server sharing the
//! database counts the same attempts (the rate-limit counters of SEEDS.md).

use chrono::{DateTime, Utc};

use crate::store::{Store, StoreError};

/// At most `max` attempts per `window_secs` for one key within `scope`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateLimit {
    pub scope: &'static str,
    pub max: i64,
    pub window_secs: i64,
}

/// Sign-in attempts per account (lower-cased email): guessing one password.
pub const SIGN_IN_PER_ACCOUNT: RateLimit = RateLimit {
    scope: "sign_in_account",
    max: 10,
    window_secs: 15 * 60,
};

/// Sign-ups per client address: mass account creation.
pub const SIGN_UP_PER_IP: RateLimit = RateLimit {
    scope: "sign_up_ip",
    max: 10,
    window_secs: 60 * 60,
};

/// Sign-in attempts per client address (its maximum is configurable).
pub fn sign_in_per_ip(max: i64) -> RateLimit {
    RateLimit {
        scope: "sign_in_ip",
        max,
        window_secs: 15 * 60,
    }
}

impl RateLimit {
    /// The start of the window `now` falls in.
    pub fn window_start(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        let t = now.timestamp();
        DateTime::from_timestamp(t - t.rem_euclid(self.window_secs), 0).unwrap_or(now)
    }

    /// Counts one attempt; `Ok(Err(seconds))` when it is over the limit, with the
    /// seconds until the window ends.
    pub async fn hit(
        &self,
        store: &dyn Store,
        key: &str,
        now: DateTime<Utc>,
    ) -> Result<Result<(), u64>, StoreError> {
        let start = self.window_start(now);
        let count = store.count_attempt(self.scope, key, start).await?;
        if count <= self.max {
            return Ok(Ok(()));
        }
        let left = (start.timestamp() + self.window_secs - now.timestamp()).max(1);
        Ok(Err(u64::try_from(left).unwrap_or(1)))
    }

    /// Takes back the attempt [`RateLimit::hit`] counted at `now` (the same instant, so
    /// the same window).
    pub async fn forgive(
        &self,
        store: &dyn Store,
        key: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        store
            .forgive_attempt(self.scope, key, self.window_start(now))
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_start_on_their_boundary() {
        let at = DateTime::from_timestamp(1_800_000_123, 0).expect("time");
        let start = SIGN_IN_PER_ACCOUNT.window_start(at);
        assert_eq!(start.timestamp() % 900, 0);
        assert!(start <= at && at.timestamp() - start.timestamp() < 900);
    }
}
