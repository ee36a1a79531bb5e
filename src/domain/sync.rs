//! What people see of the sync: how fresh the data is, whether it is stale, what runs
//! now, and the health of each resource (shared by the server and the wasm bundle).

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

use super::overview::Age;

/// Why a sync failed: the kind the engine recorded (`timeout`, `invalid_token`, …) and
/// its words in English; pages word the kinds they know in the reader's language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncProblem {
    pub kind: String,
    pub words: String,
}

/// What "Sync now" did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SyncStarted {
    Started,
    /// A sync of the organization was already under way; it carries on.
    AlreadyRunning,
}

/// A running sync's position: which resource, how far.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncProgress {
    pub resource: String,
    pub done: i64,
    pub total: Option<i64>,
}

/// The organization's sync at a glance (the freshness line on every page).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncStatus {
    pub connected: bool,
    /// The oldest last success over the resources: the data is as fresh as its
    /// stalest part.
    pub last_success: Option<DateTime<Utc>>,
    pub next_run: Option<DateTime<Utc>>,
    pub running: Option<SyncProgress>,
    /// The last failure, while it is the latest word on a resource.
    pub last_error: Option<SyncProblem>,
    /// May the person press "Sync now".
    pub can_sync: bool,
    /// The newest live-update event id: the stream resumes after it.
    pub cursor: i64,
    /// When the server answered.
    pub now: DateTime<Utc>,
}

/// A sync this much past its schedule counts as overdue.
const OVERDUE_GRACE_MINUTES: i64 = 10;

impl SyncStatus {
    /// Stale: the last run failed, or the next one is well overdue.
    pub fn is_stale(&self) -> bool {
        self.last_error.is_some()
            || self.next_run.is_some_and(|next| {
                self.running.is_none()
                    && self.now - next > chrono::Duration::minutes(OVERDUE_GRACE_MINUTES)
            })
    }

    /// What the freshness line says ("Synced 3 min ago · next sync in 12 min"), as
    /// data; `words::text` words it in the reader's language.
    pub fn freshness(&self) -> FreshnessLine {
        if !self.connected && self.last_success.is_none() {
            return FreshnessLine {
                synced: Synced::NotConnected,
                activity: Activity::Idle,
            };
        }
        let synced = match self.last_success {
            Some(at) => Synced::Ago(Age::between(at, self.now)),
            None => Synced::Never,
        };
        let activity = if let Some(progress) = &self.running {
            Activity::Running {
                resource: progress.resource.clone(),
                done: progress
                    .total
                    .filter(|t| *t > 0)
                    .map(|total| (progress.done.min(total), total)),
            }
        } else {
            match self.next_run {
                Some(next) if next > self.now => {
                    Activity::NextIn((next - self.now).num_minutes().max(1))
                }
                Some(_) => Activity::DueNow,
                None => Activity::Idle,
            }
        };
        FreshnessLine { synced, activity }
    }
}

/// The freshness line: when the data was last synced and what the sync does next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FreshnessLine {
    pub synced: Synced,
    pub activity: Activity,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Synced {
    NotConnected,
    Never,
    Ago(Age),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Activity {
    /// A sync runs now; `done` is (records done, records expected) when known.
    Running {
        resource: String,
        done: Option<(i64, i64)>,
    },
    NextIn(i64),
    DueNow,
    Idle,
}

/// One resource on the sync health page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResourceHealth {
    pub resource: String,
    pub status: String,
    /// Local times in the organization's zone.
    pub last_success: Option<NaiveDateTime>,
    pub last_error: Option<SyncProblem>,
    pub last_full_reconcile: Option<NaiveDateTime>,
    /// Billy's count and total against ours at the last full reconcile.
    pub drift: Option<DriftView>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DriftView {
    pub checked_at: DateTime<Utc>,
    pub upstream_count: i64,
    pub local_count: i64,
    pub upstream_total_minor: i64,
    pub local_total_minor: i64,
}

/// One run in the history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunView {
    pub id: i64,
    pub resource: String,
    pub trigger: String,
    /// Local time in the organization's zone.
    pub started: NaiveDateTime,
    pub duration_ms: Option<i64>,
    pub status: String,
    pub counts: RunCounts,
    pub error: Option<String>,
}

/// What a run did, or a whole sync (its runs added up): pages fetched, records added,
/// changed and removed, retries, and answers of 429 ("too many requests").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunCounts {
    pub pages: i64,
    pub added: i64,
    pub changed: i64,
    pub removed: i64,
    pub retries: i64,
    pub rate_limited: i64,
}

impl RunCounts {
    /// Both counts added up (saturating: counts from the store are not trusted to be small).
    pub fn plus(self, other: RunCounts) -> RunCounts {
        RunCounts {
            pages: self.pages.saturating_add(other.pages),
            added: self.added.saturating_add(other.added),
            changed: self.changed.saturating_add(other.changed),
            removed: self.removed.saturating_add(other.removed),
            retries: self.retries.saturating_add(other.retries),
            rate_limited: self.rate_limited.saturating_add(other.rate_limited),
        }
    }
}

/// A record Billy sent that did not pass the checks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RejectedView {
    pub resource: String,
    pub upstream_id: Option<String>,
    pub reason: String,
    /// Local time in the organization's zone.
    pub at: NaiveDateTime,
}

/// The sync health page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncHealth {
    pub status: SyncStatus,
    /// The organization's time zone, which every time on the page is in.
    pub time_zone: String,
    pub resources: Vec<ResourceHealth>,
    pub history: crate::domain::sync_history::SyncHistory,
    pub rejected: Vec<RejectedView>,
}

/// The resources a sync mirrors, in sync order (for filters and tables).
pub const RESOURCES: [&str; 6] = [
    "organization",
    "contacts",
    "products",
    "invoices",
    "bills",
    "bank_payments",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn status(now: DateTime<Utc>) -> SyncStatus {
        SyncStatus {
            connected: true,
            last_success: Some(now - chrono::Duration::minutes(3)),
            next_run: Some(now + chrono::Duration::minutes(12)),
            running: None,
            last_error: None,
            can_sync: true,
            cursor: 0,
            now,
        }
    }

    #[test]
    fn the_freshness_line_says_when_and_what_next() {
        let now = Utc::now();
        let mut s = status(now);
        assert_eq!(
            s.freshness(),
            FreshnessLine {
                synced: Synced::Ago(Age::Minutes(3)),
                activity: Activity::NextIn(12)
            }
        );
        assert!(!s.is_stale());
        s.running = Some(SyncProgress {
            resource: "bank_payments".into(),
            done: 200,
            total: Some(1000),
        });
        assert_eq!(
            s.freshness().activity,
            Activity::Running {
                resource: "bank_payments".into(),
                done: Some((200, 1000))
            }
        );
        s.connected = false;
        s.last_success = None;
        assert_eq!(s.freshness().synced, Synced::NotConnected);
    }

    #[test]
    fn failures_and_overdue_syncs_are_stale() {
        let now = Utc::now();
        let mut s = status(now);
        s.last_error = Some(SyncProblem {
            kind: "timeout".into(),
            words: "Billy did not answer in time.".into(),
        });
        assert!(s.is_stale());
        let mut s = status(now);
        s.next_run = Some(now - chrono::Duration::minutes(30));
        assert!(s.is_stale());
    }
}
