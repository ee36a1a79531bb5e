//! When to try a Billy request again, and how long to wait first.
//!
//! At most three attempts; exponential backoff from 5 s with full jitter (a random wait
//! between zero and the exponential step, so many organizations failing at once do not
//! retry in lock-step); a `Retry-After` from the server wins over our own guess.

use std::time::Duration;

use rand::Rng;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included.
    pub max_attempts: u32,
    /// The first backoff step; each further step doubles it.
    pub base_delay: Duration,
    /// No wait is longer than this, `Retry-After` included (a server asking for an hour
    /// is better answered by failing the run and trying at the next cycle).
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            base_delay: Duration::from_secs(5),
            max_delay: Duration::from_secs(120),
        }
    }
}

impl RetryPolicy {
    /// The wait before attempt `next_attempt` (2 for the first retry), or `None` when the
    /// attempts are used up. `retry_after` is the server's own request, if any.
    pub fn delay_before(
        &self,
        next_attempt: u32,
        retry_after: Option<Duration>,
        rng: &mut impl Rng,
    ) -> Option<Duration> {
        if next_attempt > self.max_attempts || next_attempt < 2 {
            return None;
        }
        let delay = match retry_after {
            Some(asked) => asked,
            None => {
                let step = self
                    .base_delay
                    .saturating_mul(1_u32 << (next_attempt - 2).min(16));
                let step_ms = u64::try_from(step.as_millis()).unwrap_or(u64::MAX);
                Duration::from_millis(rng.gen_range(0..=step_ms))
            }
        };
        Some(delay.min(self.max_delay))
    }
}

/// Reads a `Retry-After` header: seconds, or an HTTP date.
pub fn parse_retry_after(value: &str, now: chrono::DateTime<chrono::Utc>) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let wait = when.with_timezone(&chrono::Utc) - now;
    Some(wait.to_std().unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn three_attempts_with_jittered_doubling_steps() {
        let policy = RetryPolicy::default();
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        for _ in 0..200 {
            let first = policy
                .delay_before(2, None, &mut rng)
                .expect("second attempt");
            assert!(first <= Duration::from_secs(5));
            let second = policy
                .delay_before(3, None, &mut rng)
                .expect("third attempt");
            assert!(second <= Duration::from_secs(10));
        }
        assert_eq!(policy.delay_before(4, None, &mut rng), None);
    }

    #[test]
    fn retry_after_wins_but_is_capped() {
        let policy = RetryPolicy::default();
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        assert_eq!(
            policy.delay_before(2, Some(Duration::from_secs(30)), &mut rng),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            policy.delay_before(2, Some(Duration::from_secs(3600)), &mut rng),
            Some(Duration::from_secs(120))
        );
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let now = chrono::DateTime::parse_from_rfc3339("2026-11-28T10:00:00Z")
            .expect("date")
            .with_timezone(&chrono::Utc);
        assert_eq!(parse_retry_after("7", now), Some(Duration::from_secs(7)));
        assert_eq!(
            parse_retry_after("Sat, 28 Nov 2026 10:00:30 GMT", now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(parse_retry_after("soon", now), None);
    }
}
