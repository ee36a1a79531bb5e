//! The sync's side of the store: runs and their figures, per-resource state (cursor,
//! freshness, progress, drift), rejected records, removals, and the per-organization
//! event log that live updates read.
//!
//! The rule every method keeps: a page of upstream data, its rejections, removals, the
//! cursor that says how far the sync got, and the event announcing the change commit
//! in one transaction. A crash between pages loses nothing committed and leaves a
//! cursor the next run can trust.

use std::collections::HashSet;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Batch, BatchOutcome, OrgId, StoreError};

/// An upstream record that failed its checks, kept for people to review.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RejectedRecord {
    pub upstream_id: String,
    pub reason: String,
    /// The record as Billy sent it.
    pub payload: Option<serde_json::Value>,
}

/// One page of a sync run, written atomically.
#[derive(Clone, Debug, Default)]
pub struct SyncPage {
    pub run_id: i64,
    /// `sync_state.resource`: `invoices`, `bank_payments`, ...
    pub resource: String,
    pub batch: Batch,
    pub rejections: Vec<RejectedRecord>,
    /// Billy ids of `resource` records that no longer exist upstream.
    pub removed: Vec<String>,
    /// Where the run has got to, saved with the data (`None` keeps the stored one).
    pub cursor: Option<String>,
    /// Records handled so far in this run, and how many Billy announced.
    pub progress_done: i64,
    pub progress_total: i64,
}

/// How a run ended.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RunEnd {
    pub pages_fetched: u64,
    pub retries: u64,
    pub rate_limited: u64,
    /// `(kind, message in plain words)` when the run failed.
    pub error: Option<(String, String)>,
    /// The run read everything upstream has (deletions were detected).
    pub full_reconcile: bool,
    /// The cursor to keep after the run (`None` clears it: the next run starts fresh).
    pub cursor: Option<String>,
    /// When the scheduler should run this resource next.
    pub next_run_at: Option<DateTime<Utc>>,
}

/// Billy's totals against ours for one resource.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Drift {
    pub checked_at: DateTime<Utc>,
    pub upstream_count: i64,
    pub local_count: i64,
    pub upstream_total_minor: i64,
    pub local_total_minor: i64,
}

impl Drift {
    pub fn matches(&self) -> bool {
        self.upstream_count == self.local_count
            && self.upstream_total_minor == self.local_total_minor
    }
}

/// One resource's sync bookkeeping.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncStateRecord {
    pub resource: String,
    /// `idle`, `running` or `failed`.
    pub status: String,
    pub cursor: Option<String>,
    pub last_started_at: Option<DateTime<Utc>>,
    pub last_finished_at: Option<DateTime<Utc>>,
    pub last_success_at: Option<DateTime<Utc>>,
    pub last_error_kind: Option<String>,
    pub last_error_message: Option<String>,
    pub next_run_at: Option<DateTime<Utc>>,
    pub last_full_reconcile_at: Option<DateTime<Utc>>,
    pub progress_done: Option<i64>,
    pub progress_total: Option<i64>,
    pub drift: Option<Drift>,
}

/// How fresh an organization's data is: the newest success of each resource, then the
/// oldest of those (the data is only as fresh as its stalest part); `None` while any
/// resource has never succeeded.
pub fn oldest_success(
    successes: impl IntoIterator<Item = Option<DateTime<Utc>>>,
) -> Option<DateTime<Utc>> {
    let mut oldest: Option<DateTime<Utc>> = None;
    for success in successes {
        let at = success?;
        oldest = Some(oldest.map_or(at, |o| o.min(at)));
    }
    oldest
}

/// One row of the run history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncRunRecord {
    pub id: i64,
    /// The sync this run belongs to: the id of its first run.
    pub cycle_id: i64,
    pub resource: String,
    pub trigger: String,
    pub started_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    pub duration_ms: Option<i64>,
    /// `running`, `succeeded` or `failed`.
    pub status: String,
    pub pages_fetched: i64,
    pub records_added: i64,
    pub records_changed: i64,
    pub records_removed: i64,
    pub retries: i64,
    pub rate_limited: i64,
    pub error_kind: Option<String>,
    pub error_message: Option<String>,
}

/// A stored validation error.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ValidationErrorRecord {
    pub id: i64,
    pub resource: String,
    pub upstream_id: Option<String>,
    pub reason: String,
    pub created_at: DateTime<Utc>,
}

/// One entry of the live-update log. Events carry notifications, not data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventRecord {
    pub id: i64,
    pub kind: String,
    pub resource: Option<String>,
    pub payload: serde_json::Value,
    pub created_at: DateTime<Utc>,
}

/// Filters of the run history.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RunFilter {
    pub resource: Option<String>,
    pub status: Option<String>,
    pub limit: i64,
}

/// Which syncs a page of the history holds: those with a run of `resource` (only those
/// runs are listed), with outcome `outcome` (`running`, `succeeded`, `failed`), newest
/// first, `limit` of them (at most 100) after skipping `offset`.
#[derive(Clone, Debug, Default)]
pub struct CycleFilter {
    pub resource: Option<String>,
    pub outcome: Option<String>,
    pub limit: i64,
    pub offset: i64,
}

/// A page of the sync history: the runs of its syncs, newest sync first and each
/// sync's runs in the order they ran, and how many syncs the filter matches in all.
#[derive(Clone, Debug, Default)]
pub struct CyclePage {
    pub runs: Vec<SyncRunRecord>,
    pub cycle_count: u64,
}

/// One sync in brief, for the history chart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CycleTotals {
    pub started_at: DateTime<Utc>,
    /// When its last run finished; `None` while one still runs.
    pub finished_at: Option<DateTime<Utc>>,
    /// `running`, `succeeded` or `failed`.
    pub outcome: String,
    /// Records added, changed and removed by all its runs.
    pub records: i64,
}

/// The most syncs [`SyncStore::sync_cycle_totals`] returns: a fortnight of syncs every
/// five minutes.
pub const MAX_CYCLE_TOTALS: i64 = 4_032;

#[async_trait]
pub trait SyncStore: Send + Sync + 'static {
    /// Upserts a batch of upstream records (keyed by Billy id within the organization)
    /// and brings every rollup they touch up to date, in one transaction.
    async fn write_batch(&self, org: OrgId, batch: &Batch) -> Result<BatchOutcome, StoreError>;

    /// Records that `resource` was refreshed successfully at `at` (freshness), as a
    /// finished run of sync `cycle` (a new sync when `None`). Returns the run's id.
    async fn mark_synced(
        &self,
        org: OrgId,
        resource: &str,
        trigger: &str,
        cycle: Option<i64>,
        at: DateTime<Utc>,
        records: u64,
    ) -> Result<i64, StoreError>;

    /// Starts a run of sync `cycle` (a new sync, named by this run's id, when `None`):
    /// a `running` row in the history, the resource marked running, and a
    /// `sync_started` event. Returns the run's id.
    async fn begin_run(
        &self,
        org: OrgId,
        resource: &str,
        trigger: &str,
        cycle: Option<i64>,
        at: DateTime<Utc>,
    ) -> Result<i64, StoreError>;

    /// Writes one page (see [`SyncPage`]) and, when it changed anything, a
    /// `data_changed` event, all in one transaction.
    async fn apply_page(&self, org: OrgId, page: &SyncPage) -> Result<BatchOutcome, StoreError>;

    /// Ends a run: its figures and outcome, the resource's state (freshness, error,
    /// next run), and a `sync_finished` or `sync_failed` event.
    async fn end_run(
        &self,
        org: OrgId,
        run_id: i64,
        end: &RunEnd,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError>;

    /// Marks runs left `running` by a crashed process as failed (`interrupted`), in
    /// every organization; returns how many.
    async fn recover_interrupted_runs(&self, at: DateTime<Utc>) -> Result<u64, StoreError>;

    async fn sync_states(&self, org: OrgId) -> Result<Vec<SyncStateRecord>, StoreError>;

    /// The run history, newest first.
    async fn sync_runs(
        &self,
        org: OrgId,
        filter: &RunFilter,
    ) -> Result<Vec<SyncRunRecord>, StoreError>;

    /// A page of the history grouped by sync (see [`CycleFilter`]).
    async fn sync_cycles(&self, org: OrgId, filter: &CycleFilter) -> Result<CyclePage, StoreError>;

    /// Every sync started at or after `since`, oldest first, at most
    /// [`MAX_CYCLE_TOTALS`] of them.
    async fn sync_cycle_totals(
        &self,
        org: OrgId,
        since: DateTime<Utc>,
    ) -> Result<Vec<CycleTotals>, StoreError>;

    /// Records rejected by validation, newest first.
    async fn validation_errors(
        &self,
        org: OrgId,
        limit: i64,
    ) -> Result<Vec<ValidationErrorRecord>, StoreError>;

    /// Billy ids of the approved, unpaid documents of `resource` (`invoices` or
    /// `bills`): the ones a payment may have settled since the last run.
    async fn open_document_ids(
        &self,
        org: OrgId,
        resource: &str,
    ) -> Result<Vec<String>, StoreError>;

    /// Every stored Billy id of `resource` (for finding deletions upstream).
    async fn stored_ids(&self, org: OrgId, resource: &str) -> Result<HashSet<String>, StoreError>;

    /// The stored count and total (gross, in minor units of the documents' currencies as
    /// Billy sums them) of `resource`, for the drift check.
    async fn local_totals(&self, org: OrgId, resource: &str) -> Result<(i64, i64), StoreError>;

    async fn record_drift(
        &self,
        org: OrgId,
        resource: &str,
        drift: &Drift,
    ) -> Result<(), StoreError>;

    /// Appends an event; returns its id (the SSE cursor).
    async fn append_event(
        &self,
        org: OrgId,
        kind: &str,
        resource: Option<&str>,
        payload: &serde_json::Value,
    ) -> Result<i64, StoreError>;

    /// Events after `after_id`, oldest first, at most `limit`.
    async fn events_after(
        &self,
        org: OrgId,
        after_id: i64,
        limit: i64,
    ) -> Result<Vec<EventRecord>, StoreError>;

    /// The oldest and newest event ids the log still holds for the organization.
    async fn event_bounds(&self, org: OrgId) -> Result<(Option<i64>, Option<i64>), StoreError>;

    /// Drops events older than `before`, in every organization; returns how many.
    async fn prune_events(&self, before: DateTime<Utc>) -> Result<u64, StoreError>;

    /// Organizations with a Billy connection (the scheduler's work list).
    async fn connected_orgs(&self) -> Result<Vec<OrgId>, StoreError>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_is_as_fresh_as_its_stalest_resource() {
        let now = Utc::now();
        let earlier = now - chrono::Duration::minutes(5);
        assert_eq!(oldest_success([Some(now), Some(earlier)]), Some(earlier));
        assert_eq!(
            oldest_success([Some(now), None]),
            None,
            "a resource never synced"
        );
        assert_eq!(
            oldest_success(std::iter::empty()),
            None,
            "nothing synced yet"
        );
    }
}
