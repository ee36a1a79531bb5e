//! [`SyncStore`](crate::store::SyncStore) in SQL: runs, per-resource state, rejected
//! records, removals and the event log, each page in one transaction.

use super::batch::{rebuild_rollups, write_batch_in};
use super::{begin_for_all_orgs, begin_for_org, begin_write_for_org, EngineStore, Tx, DIALECT};

#[async_trait::async_trait]
impl crate::store::SyncStore for EngineStore {
    async fn write_batch(
        &self,
        org: crate::store::OrgId,
        batch: &crate::store::Batch,
    ) -> Result<crate::store::BatchOutcome, crate::store::StoreError> {
        let mut tx = begin_write_for_org(&self.pool, org).await?;
        let mut touched = crate::store::rollups::Touched::default();
        let outcome = write_batch_in(&mut tx, org, batch, &mut touched).await?;
        rebuild_rollups(&mut tx, org, &touched).await?;
        tx.commit().await?;
        Ok(outcome)
    }

    async fn mark_synced(
        &self,
        org: crate::store::OrgId,
        resource: &str,
        trigger: &str,
        cycle: Option<i64>,
        at: chrono::DateTime<chrono::Utc>,
        records: u64,
    ) -> Result<i64, crate::store::StoreError> {
        let mut tx = begin_for_org(&self.pool, org).await?;
        sqlx::query(
            "INSERT INTO sync_state (org_id, resource, status, last_started_at, \
               last_finished_at, last_success_at) VALUES ($1, $2, 'idle', $3, $3, $3) \
             ON CONFLICT (org_id, resource) DO UPDATE SET status = 'idle', \
               last_finished_at = excluded.last_finished_at, \
               last_success_at = excluded.last_success_at, \
               last_error_kind = NULL, last_error_message = NULL",
        )
        .bind(org.0)
        .bind(resource)
        .bind(at)
        .execute(&mut *tx)
        .await?;
        let (run_id,): (i64,) = sqlx::query_as(
            "INSERT INTO sync_runs (org_id, resource, trigger_kind, started_at, \
               finished_at, status, records_added, cycle_id) \
             VALUES ($1, $2, $3, $4, $4, 'succeeded', $5, $6) RETURNING id",
        )
        .bind(org.0)
        .bind(resource)
        .bind(trigger)
        .bind(at)
        .bind(i64::try_from(records).unwrap_or(i64::MAX))
        .bind(cycle)
        .fetch_one(&mut *tx)
        .await?;
        start_cycle_if_first(&mut tx, run_id).await?;
        tx.commit().await?;
        Ok(run_id)
    }

    async fn begin_run(
        &self,
        org: crate::store::OrgId,
        resource: &str,
        trigger: &str,
        cycle: Option<i64>,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<i64, crate::store::StoreError> {
        let mut tx = begin_write_for_org(&self.pool, org).await?;
        let (run_id,): (i64,) = sqlx::query_as(
            "INSERT INTO sync_runs (org_id, resource, trigger_kind, started_at, status, \
               cycle_id) VALUES ($1, $2, $3, $4, 'running', $5) RETURNING id",
        )
        .bind(org.0)
        .bind(resource)
        .bind(trigger)
        .bind(at)
        .bind(cycle)
        .fetch_one(&mut *tx)
        .await?;
        start_cycle_if_first(&mut tx, run_id).await?;
        sqlx::query(
            "INSERT INTO sync_state (org_id, resource, status, last_started_at, \
               progress_done, progress_total) VALUES ($1, $2, 'running', $3, 0, NULL) \
             ON CONFLICT (org_id, resource) DO UPDATE SET status = 'running', \
               last_started_at = excluded.last_started_at, progress_done = 0, \
               progress_total = NULL",
        )
        .bind(org.0)
        .bind(resource)
        .bind(at)
        .execute(&mut *tx)
        .await?;
        append_event_in(
            &mut tx,
            org,
            "sync_started",
            Some(resource),
            &serde_json::json!({ "run": run_id, "trigger": trigger }),
        )
        .await?;
        tx.commit().await?;
        Ok(run_id)
    }

    async fn apply_page(
        &self,
        org: crate::store::OrgId,
        page: &crate::store::SyncPage,
    ) -> Result<crate::store::BatchOutcome, crate::store::StoreError> {
        let mut tx = begin_write_for_org(&self.pool, org).await?;
        let mut touched = crate::store::rollups::Touched::default();
        let outcome = write_batch_in(&mut tx, org, &page.batch, &mut touched).await?;
        let removed = remove_in(&mut tx, org, &page.resource, &page.removed, &mut touched).await?;
        rebuild_rollups(&mut tx, org, &touched).await?;
        for rejected in &page.rejections {
            sqlx::query(&format!(
                "INSERT INTO validation_errors (org_id, resource, upstream_id, \
                       reason, payload) VALUES ($1, $2, $3, $4, $5{json})",
                json = DIALECT.json_param_cast
            ))
            .bind(org.0)
            .bind(&page.resource)
            .bind(&rejected.upstream_id)
            .bind(&rejected.reason)
            .bind(rejected.payload.as_ref().map(|p| p.to_string()))
            .execute(&mut *tx)
            .await?;
        }
        let added = i64::try_from(outcome.added).unwrap_or(i64::MAX);
        let changed = i64::try_from(outcome.changed).unwrap_or(i64::MAX);
        let removed_count = i64::try_from(removed).unwrap_or(i64::MAX);
        sqlx::query(
            "UPDATE sync_runs SET pages_fetched = pages_fetched + 1, \
               records_added = records_added + $3, \
               records_changed = records_changed + $4, \
               records_removed = records_removed + $5 \
             WHERE org_id = $1 AND id = $2",
        )
        .bind(org.0)
        .bind(page.run_id)
        .bind(added)
        .bind(changed)
        .bind(removed_count)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE sync_state SET cursor = COALESCE($3, cursor), progress_done = $4, \
               progress_total = $5 WHERE org_id = $1 AND resource = $2",
        )
        .bind(org.0)
        .bind(&page.resource)
        .bind(&page.cursor)
        .bind(page.progress_done)
        .bind(page.progress_total)
        .execute(&mut *tx)
        .await?;
        // One event per page that changed something, however many records: a
        // sync that changes 10,000 invoices is a handful of events.
        if outcome.written() > 0 || removed > 0 {
            append_event_in(
                &mut tx,
                org,
                "data_changed",
                Some(&page.resource),
                &serde_json::json!({
                    "added": added, "changed": changed, "removed": removed_count,
                }),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(outcome)
    }

    async fn end_run(
        &self,
        org: crate::store::OrgId,
        run_id: i64,
        end: &crate::store::RunEnd,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), crate::store::StoreError> {
        let mut tx = begin_write_for_org(&self.pool, org).await?;
        let (kind, message) = match &end.error {
            Some((kind, message)) => (Some(kind.as_str()), Some(message.as_str())),
            None => (None, None),
        };
        let status = if end.error.is_some() {
            "failed"
        } else {
            "succeeded"
        };
        let resource: Option<(String,)> = sqlx::query_as(
            // Pages that wrote nothing (a single record fetched by id) count too.
            "UPDATE sync_runs SET status = $3, finished_at = $4, retries = $5, \
               rate_limited = $6, error_kind = $7, error_message = $8, \
               pages_fetched = CASE WHEN pages_fetched > $9 THEN pages_fetched ELSE $9 END \
             WHERE org_id = $1 AND id = $2 RETURNING resource",
        )
        .bind(org.0)
        .bind(run_id)
        .bind(status)
        .bind(at)
        .bind(i64::try_from(end.retries).unwrap_or(i64::MAX))
        .bind(i64::try_from(end.rate_limited).unwrap_or(i64::MAX))
        .bind(kind)
        .bind(message)
        .bind(i64::try_from(end.pages_fetched).unwrap_or(i64::MAX))
        .fetch_optional(&mut *tx)
        .await?;
        let Some((resource,)) = resource else {
            return Err(crate::store::StoreError::Check(format!(
                "sync run {run_id} does not exist"
            )));
        };
        if end.error.is_none() {
            sqlx::query(
                "UPDATE sync_state SET status = 'idle', last_finished_at = $3, \
                   last_success_at = $3, last_error_kind = NULL, \
                   last_error_message = NULL, cursor = $4, next_run_at = $5, \
                   last_full_reconcile_at = CASE WHEN $6 THEN $3 \
                     ELSE last_full_reconcile_at END \
                 WHERE org_id = $1 AND resource = $2",
            )
            .bind(org.0)
            .bind(&resource)
            .bind(at)
            .bind(&end.cursor)
            .bind(end.next_run_at)
            .bind(end.full_reconcile)
            .execute(&mut *tx)
            .await?;
        } else {
            // A failed run keeps its cursor: the next run resumes from it.
            sqlx::query(
                "UPDATE sync_state SET status = 'failed', last_finished_at = $3, \
                   last_error_kind = $4, last_error_message = $5, next_run_at = $6 \
                 WHERE org_id = $1 AND resource = $2",
            )
            .bind(org.0)
            .bind(&resource)
            .bind(at)
            .bind(kind)
            .bind(message)
            .bind(end.next_run_at)
            .execute(&mut *tx)
            .await?;
        }
        append_event_in(
            &mut tx,
            org,
            if end.error.is_some() {
                "sync_failed"
            } else {
                "sync_finished"
            },
            Some(&resource),
            &serde_json::json!({ "run": run_id, "error": kind }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn recover_interrupted_runs(
        &self,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<u64, crate::store::StoreError> {
        let mut tx = begin_for_all_orgs(&self.pool).await?;
        // Platform-wide upkeep at start-up: writes need each organization's
        // setting under row-level security, so go organization by organization.
        let orgs: Vec<(i64,)> =
            sqlx::query_as("SELECT DISTINCT org_id FROM sync_runs WHERE status = 'running'")
                .fetch_all(&mut *tx)
                .await?;
        drop(tx);
        let mut recovered = 0;
        for (org_id,) in orgs {
            let org = crate::store::OrgId(org_id);
            let mut tx = begin_for_org(&self.pool, org).await?;
            let done = sqlx::query(
                "UPDATE sync_runs SET status = 'failed', finished_at = $2, \
                   error_kind = 'interrupted', \
                   error_message = 'The server stopped during this run; the next run resumes it.' \
                 WHERE org_id = $1 AND status = 'running'",
            )
            .bind(org_id)
            .bind(at)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "UPDATE sync_state SET status = 'failed', last_error_kind = 'interrupted', \
                   last_error_message = 'The server stopped during a sync.' \
                 WHERE org_id = $1 AND status = 'running'",
            )
            .bind(org_id)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            recovered += done.rows_affected();
        }
        Ok(recovered)
    }

    async fn sync_states(
        &self,
        org: crate::store::OrgId,
    ) -> Result<Vec<crate::store::SyncStateRecord>, crate::store::StoreError> {
        let mut tx = begin_for_org(&self.pool, org).await?;
        let rows: Vec<SyncStateRow> = sqlx::query_as(
            "SELECT resource, status, cursor, last_started_at, last_finished_at, \
               last_success_at, last_error_kind, last_error_message, next_run_at, \
               last_full_reconcile_at, progress_done, progress_total, drift_checked_at, \
               upstream_count, local_count, upstream_total_minor, local_total_minor \
             FROM sync_state WHERE org_id = $1 ORDER BY resource",
        )
        .bind(org.0)
        .fetch_all(&mut *tx)
        .await?;
        Ok(rows.into_iter().map(sync_state_from_row).collect())
    }

    async fn sync_runs(
        &self,
        org: crate::store::OrgId,
        filter: &crate::store::RunFilter,
    ) -> Result<Vec<crate::store::SyncRunRecord>, crate::store::StoreError> {
        let mut tx = begin_for_org(&self.pool, org).await?;
        let rows: Vec<SyncRunRow> = sqlx::query_as(&format!(
            "{RUN_COLUMNS} FROM sync_runs runs WHERE runs.org_id = $1 \
                   AND ($2 IS NULL OR runs.resource = $2) AND ($3 IS NULL OR runs.status = $3) \
                 ORDER BY runs.started_at DESC, runs.id DESC LIMIT $4"
        ))
        .bind(org.0)
        .bind(&filter.resource)
        .bind(&filter.status)
        .bind(filter.limit.clamp(1, 1000))
        .fetch_all(&mut *tx)
        .await?;
        Ok(rows.into_iter().map(sync_run_from_row).collect())
    }

    async fn sync_cycles(
        &self,
        org: crate::store::OrgId,
        filter: &crate::store::CycleFilter,
    ) -> Result<crate::store::CyclePage, crate::store::StoreError> {
        let mut tx = begin_for_org(&self.pool, org).await?;
        // The page's syncs (newest first), then every run of them that the resource
        // filter keeps, in one statement.
        let cycles = format!(
            "SELECT runs.cycle_id, MIN(runs.started_at) AS first_start FROM sync_runs runs \
             WHERE runs.org_id = $1 AND ($2 IS NULL OR runs.resource = $2) \
             GROUP BY runs.cycle_id HAVING ($3 IS NULL OR {CYCLE_OUTCOME} = $3)"
        );
        let (count,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM ({cycles}) AS c"))
            .bind(org.0)
            .bind(&filter.resource)
            .bind(&filter.outcome)
            .fetch_one(&mut *tx)
            .await?;
        let rows: Vec<SyncRunRow> = sqlx::query_as(&format!(
            "WITH page AS ({cycles} ORDER BY first_start DESC, runs.cycle_id DESC \
               LIMIT $4 OFFSET $5) \
             {RUN_COLUMNS} FROM sync_runs runs JOIN page ON page.cycle_id = runs.cycle_id \
             WHERE runs.org_id = $1 AND ($2 IS NULL OR runs.resource = $2) \
             ORDER BY page.first_start DESC, runs.cycle_id DESC, runs.started_at, runs.id"
        ))
        .bind(org.0)
        .bind(&filter.resource)
        .bind(&filter.outcome)
        .bind(filter.limit.clamp(1, 100))
        .bind(filter.offset.max(0))
        .fetch_all(&mut *tx)
        .await?;
        Ok(crate::store::CyclePage {
            runs: rows.into_iter().map(sync_run_from_row).collect(),
            cycle_count: u64::try_from(count).unwrap_or(0),
        })
    }

    async fn sync_cycle_totals(
        &self,
        org: crate::store::OrgId,
        since: chrono::DateTime<chrono::Utc>,
    ) -> Result<Vec<crate::store::CycleTotals>, crate::store::StoreError> {
        let mut tx = begin_for_org(&self.pool, org).await?;
        let rows: Vec<(
            chrono::DateTime<chrono::Utc>,
            Option<chrono::DateTime<chrono::Utc>>,
            String,
            i64,
        )> = sqlx::query_as(&format!(
            // A sync with a run still running has no end yet.
            "SELECT MIN(runs.started_at), \
               CASE WHEN SUM(CASE WHEN runs.finished_at IS NULL THEN 1 ELSE 0 END) > 0 \
                 THEN NULL ELSE MAX(runs.finished_at) END, {CYCLE_OUTCOME}, \
               CAST(SUM(runs.records_added + runs.records_changed + runs.records_removed) \
                 AS BIGINT) \
             FROM sync_runs runs WHERE runs.org_id = $1 AND runs.started_at >= $2 \
             GROUP BY runs.cycle_id ORDER BY MIN(runs.started_at) LIMIT $3"
        ))
        .bind(org.0)
        .bind(since)
        .bind(crate::store::MAX_CYCLE_TOTALS)
        .fetch_all(&mut *tx)
        .await?;
        Ok(rows
            .into_iter()
            .map(
                |(started_at, finished_at, outcome, records)| crate::store::CycleTotals {
                    started_at,
                    finished_at,
                    outcome,
                    records,
                },
            )
            .collect())
    }

    async fn validation_errors(
        &self,
        org: crate::store::OrgId,
        limit: i64,
    ) -> Result<Vec<crate::store::ValidationErrorRecord>, crate::store::StoreError> {
        let mut tx = begin_for_org(&self.pool, org).await?;
        let rows: Vec<(
            i64,
            String,
            Option<String>,
            String,
            chrono::DateTime<chrono::Utc>,
        )> = sqlx::query_as(
            "SELECT id, resource, upstream_id, reason, created_at \
                 FROM validation_errors WHERE org_id = $1 \
                 ORDER BY created_at DESC, id DESC LIMIT $2",
        )
        .bind(org.0)
        .bind(limit.clamp(1, 1000))
        .fetch_all(&mut *tx)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, resource, upstream_id, reason, created_at)| {
                crate::store::ValidationErrorRecord {
                    id,
                    resource,
                    upstream_id,
                    reason,
                    created_at,
                }
            })
            .collect())
    }

    async fn open_document_ids(
        &self,
        org: crate::store::OrgId,
        resource: &str,
    ) -> Result<Vec<String>, crate::store::StoreError> {
        let table = document_table(resource)?;
        let mut tx = begin_for_org(&self.pool, org).await?;
        let rows: Vec<(String,)> = sqlx::query_as(&format!(
            "SELECT billy_id FROM {table} WHERE org_id = $1 AND state = 'approved' \
             AND NOT is_paid ORDER BY billy_id"
        ))
        .bind(org.0)
        .fetch_all(&mut *tx)
        .await?;
        Ok(rows.into_iter().map(|(id,)| id).collect())
    }

    async fn stored_ids(
        &self,
        org: crate::store::OrgId,
        resource: &str,
    ) -> Result<std::collections::HashSet<String>, crate::store::StoreError> {
        let table = record_table(resource)?;
        let mut tx = begin_for_org(&self.pool, org).await?;
        let rows: Vec<(String,)> =
            sqlx::query_as(&format!("SELECT billy_id FROM {table} WHERE org_id = $1"))
                .bind(org.0)
                .fetch_all(&mut *tx)
                .await?;
        Ok(rows.into_iter().map(|(id,)| id).collect())
    }

    async fn local_totals(
        &self,
        org: crate::store::OrgId,
        resource: &str,
    ) -> Result<(i64, i64), crate::store::StoreError> {
        let total = match resource {
            "invoices" | "bills" => "gross_minor",
            "bank_payments" => "cash_amount_minor",
            _ => "0",
        };
        let table = record_table(resource)?;
        let mut tx = begin_for_org(&self.pool, org).await?;
        let (count, sum): (i64, Option<i64>) = sqlx::query_as(&format!(
            "SELECT COUNT(*), CAST(SUM({total}) AS BIGINT) FROM {table} WHERE org_id = $1"
        ))
        .bind(org.0)
        .fetch_one(&mut *tx)
        .await?;
        Ok((count, sum.unwrap_or(0)))
    }

    async fn record_drift(
        &self,
        org: crate::store::OrgId,
        resource: &str,
        drift: &crate::store::Drift,
    ) -> Result<(), crate::store::StoreError> {
        let mut tx = begin_for_org(&self.pool, org).await?;
        sqlx::query(
            "INSERT INTO sync_state (org_id, resource, drift_checked_at, upstream_count, \
               local_count, upstream_total_minor, local_total_minor) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) \
             ON CONFLICT (org_id, resource) DO UPDATE SET \
               drift_checked_at = excluded.drift_checked_at, \
               upstream_count = excluded.upstream_count, \
               local_count = excluded.local_count, \
               upstream_total_minor = excluded.upstream_total_minor, \
               local_total_minor = excluded.local_total_minor",
        )
        .bind(org.0)
        .bind(resource)
        .bind(drift.checked_at)
        .bind(drift.upstream_count)
        .bind(drift.local_count)
        .bind(drift.upstream_total_minor)
        .bind(drift.local_total_minor)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn append_event(
        &self,
        org: crate::store::OrgId,
        kind: &str,
        resource: Option<&str>,
        payload: &serde_json::Value,
    ) -> Result<i64, crate::store::StoreError> {
        let mut tx = begin_for_org(&self.pool, org).await?;
        let id = append_event_in(&mut tx, org, kind, resource, payload).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn events_after(
        &self,
        org: crate::store::OrgId,
        after_id: i64,
        limit: i64,
    ) -> Result<Vec<crate::store::EventRecord>, crate::store::StoreError> {
        let mut tx = begin_for_org(&self.pool, org).await?;
        let rows: Vec<(
            i64,
            String,
            Option<String>,
            String,
            chrono::DateTime<chrono::Utc>,
        )> = sqlx::query_as(
            "SELECT id, kind, resource, CAST(payload AS TEXT), created_at \
                 FROM event_log WHERE org_id = $1 AND id > $2 ORDER BY id LIMIT $3",
        )
        .bind(org.0)
        .bind(after_id)
        .bind(limit.clamp(1, 10_000))
        .fetch_all(&mut *tx)
        .await?;
        Ok(rows
            .into_iter()
            .map(
                |(id, kind, resource, payload, created_at)| crate::store::EventRecord {
                    id,
                    kind,
                    resource,
                    payload: serde_json::from_str(&payload).unwrap_or_default(),
                    created_at,
                },
            )
            .collect())
    }

    async fn event_bounds(
        &self,
        org: crate::store::OrgId,
    ) -> Result<(Option<i64>, Option<i64>), crate::store::StoreError> {
        let mut tx = begin_for_org(&self.pool, org).await?;
        let bounds: (Option<i64>, Option<i64>) =
            sqlx::query_as("SELECT MIN(id), MAX(id) FROM event_log WHERE org_id = $1")
                .bind(org.0)
                .fetch_one(&mut *tx)
                .await?;
        Ok(bounds)
    }

    async fn prune_events(
        &self,
        before: chrono::DateTime<chrono::Utc>,
    ) -> Result<u64, crate::store::StoreError> {
        let mut pruned = 0;
        for org in self.organizations_with_events().await? {
            let mut tx = begin_for_org(&self.pool, org).await?;
            let done = sqlx::query("DELETE FROM event_log WHERE org_id = $1 AND created_at < $2")
                .bind(org.0)
                .bind(before)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            pruned += done.rows_affected();
        }
        Ok(pruned)
    }

    async fn connected_orgs(&self) -> Result<Vec<crate::store::OrgId>, crate::store::StoreError> {
        // The connection lives on the organization row, which is read before an
        // organization is known (like memberships): no row-level policy on it.
        let rows: Vec<(i64,)> = sqlx::query_as(
            "SELECT id FROM organizations WHERE billy_token_ciphertext IS NOT NULL \
             ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id,)| crate::store::OrgId(id))
            .collect())
    }
}

impl EngineStore {
    async fn organizations_with_events(
        &self,
    ) -> Result<Vec<crate::store::OrgId>, crate::store::StoreError> {
        let mut tx = begin_for_all_orgs(&self.pool).await?;
        let rows: Vec<(i64,)> = sqlx::query_as("SELECT DISTINCT org_id FROM event_log")
            .fetch_all(&mut *tx)
            .await?;
        Ok(rows
            .into_iter()
            .map(|(id,)| crate::store::OrgId(id))
            .collect())
    }
}

#[derive(sqlx::FromRow)]
pub(super) struct SyncStateRow {
    resource: String,
    status: String,
    cursor: Option<String>,
    last_started_at: Option<chrono::DateTime<chrono::Utc>>,
    last_finished_at: Option<chrono::DateTime<chrono::Utc>>,
    last_success_at: Option<chrono::DateTime<chrono::Utc>>,
    last_error_kind: Option<String>,
    last_error_message: Option<String>,
    next_run_at: Option<chrono::DateTime<chrono::Utc>>,
    last_full_reconcile_at: Option<chrono::DateTime<chrono::Utc>>,
    progress_done: Option<i64>,
    progress_total: Option<i64>,
    drift_checked_at: Option<chrono::DateTime<chrono::Utc>>,
    upstream_count: Option<i64>,
    local_count: Option<i64>,
    upstream_total_minor: Option<i64>,
    local_total_minor: Option<i64>,
}

pub(super) fn sync_state_from_row(row: SyncStateRow) -> crate::store::SyncStateRecord {
    let drift = match (
        row.drift_checked_at,
        row.upstream_count,
        row.local_count,
        row.upstream_total_minor,
        row.local_total_minor,
    ) {
        (
            Some(checked_at),
            Some(upstream_count),
            Some(local_count),
            Some(upstream_total_minor),
            Some(local_total_minor),
        ) => Some(crate::store::Drift {
            checked_at,
            upstream_count,
            local_count,
            upstream_total_minor,
            local_total_minor,
        }),
        _ => None,
    };
    crate::store::SyncStateRecord {
        resource: row.resource,
        status: row.status,
        cursor: row.cursor,
        last_started_at: row.last_started_at,
        last_finished_at: row.last_finished_at,
        last_success_at: row.last_success_at,
        last_error_kind: row.last_error_kind,
        last_error_message: row.last_error_message,
        next_run_at: row.next_run_at,
        last_full_reconcile_at: row.last_full_reconcile_at,
        progress_done: row.progress_done,
        progress_total: row.progress_total,
        drift,
    }
}

/// Starts a sync with this run when the run was given none: the sync is named by the id
/// of its first run.
async fn start_cycle_if_first(tx: &mut Tx<'_>, run_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sync_runs SET cycle_id = id WHERE id = $1 AND cycle_id IS NULL")
        .bind(run_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The columns of a [`SyncRunRow`], in its order, of `sync_runs` named `runs`. The
/// counters are INTEGER on PostgreSQL; they are all read as BIGINT.
const RUN_COLUMNS: &str = "SELECT runs.id, runs.resource, runs.trigger_kind, \
       runs.started_at, runs.finished_at, CAST(runs.duration_ms AS BIGINT), runs.status, \
       CAST(runs.pages_fetched AS BIGINT), CAST(runs.records_added AS BIGINT), \
       CAST(runs.records_changed AS BIGINT), CAST(runs.records_removed AS BIGINT), \
       CAST(runs.retries AS BIGINT), CAST(runs.rate_limited AS BIGINT), runs.error_kind, \
       runs.error_message, CAST(runs.cycle_id AS BIGINT)";

/// A sync's outcome from its runs' statuses: failed if one failed (a failure ends the
/// sync), running while one runs, else succeeded. `runs.` prefixes the columns.
const CYCLE_OUTCOME: &str = "CASE \
       WHEN SUM(CASE WHEN runs.status = 'failed' THEN 1 ELSE 0 END) > 0 THEN 'failed' \
       WHEN SUM(CASE WHEN runs.status = 'running' THEN 1 ELSE 0 END) > 0 THEN 'running' \
       ELSE 'succeeded' END";

pub(super) type SyncRunRow = (
    i64,
    String,
    String,
    chrono::DateTime<chrono::Utc>,
    Option<chrono::DateTime<chrono::Utc>>,
    Option<i64>,
    String,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    Option<String>,
    Option<String>,
    i64,
);

pub(super) fn sync_run_from_row(row: SyncRunRow) -> crate::store::SyncRunRecord {
    crate::store::SyncRunRecord {
        cycle_id: row.15,
        id: row.0,
        resource: row.1,
        trigger: row.2,
        started_at: row.3,
        finished_at: row.4,
        duration_ms: row.5,
        status: row.6,
        pages_fetched: row.7,
        records_added: row.8,
        records_changed: row.9,
        records_removed: row.10,
        retries: row.11,
        rate_limited: row.12,
        error_kind: row.13,
        error_message: row.14,
    }
}

/// The table of a document resource whose open items are re-checked.
pub(super) fn document_table(resource: &str) -> Result<&'static str, crate::store::StoreError> {
    match resource {
        "invoices" => Ok("invoices"),
        "bills" => Ok("bills"),
        other => Err(crate::store::StoreError::Check(format!(
            "{other} has no open documents"
        ))),
    }
}

/// The table holding a mirrored resource's records.
pub(super) fn record_table(resource: &str) -> Result<&'static str, crate::store::StoreError> {
    match resource {
        "contacts" => Ok("customers"),
        "products" => Ok("products"),
        "invoices" => Ok("invoices"),
        "bank_payments" => Ok("bank_payments"),
        "bills" => Ok("bills"),
        other => Err(crate::store::StoreError::Check(format!(
            "{other} is not a mirrored resource"
        ))),
    }
}

pub(super) async fn append_event_in(
    tx: &mut Tx<'_>,
    org: crate::store::OrgId,
    kind: &str,
    resource: Option<&str>,
    payload: &serde_json::Value,
) -> Result<i64, crate::store::StoreError> {
    let (id,): (i64,) = sqlx::query_as(&format!(
        "INSERT INTO event_log (org_id, kind, resource, payload) \
         VALUES ($1, $2, $3, $4{json}) RETURNING id",
        json = DIALECT.json_param_cast
    ))
    .bind(org.0)
    .bind(kind)
    .bind(resource)
    .bind(payload.to_string())
    .fetch_one(&mut **tx)
    .await?;
    if let Some(sql) = DIALECT.notify {
        sqlx::query(sql)
            .bind(org.0.to_string())
            .execute(&mut **tx)
            .await?;
    }
    Ok(id)
}

/// Deletes records that no longer exist upstream (by Billy id), noting the rollup
/// days they leave. Contacts and products are kept: documents refer to them.
pub(super) async fn remove_in(
    tx: &mut Tx<'_>,
    org: crate::store::OrgId,
    resource: &str,
    billy_ids: &[String],
    touched: &mut crate::store::rollups::Touched,
) -> Result<u64, crate::store::StoreError> {
    let mut removed = 0;
    for billy_id in billy_ids {
        match resource {
            "invoices" => {
                let row: Option<(i64, chrono::NaiveDate, chrono::NaiveDate)> = sqlx::query_as(
                    "SELECT id, entry_date, due_date FROM invoices \
                     WHERE org_id = $1 AND billy_id = $2",
                )
                .bind(org.0)
                .bind(billy_id)
                .fetch_optional(&mut **tx)
                .await?;
                let Some((id, entry, due)) = row else {
                    continue;
                };
                touched.invoice(entry, due);
                let paid: Vec<(chrono::NaiveDate,)> = sqlx::query_as(
                    "SELECT p.entry_date FROM payment_associations pa \
                     JOIN bank_payments p ON p.id = pa.payment_id \
                     WHERE pa.org_id = $1 AND pa.invoice_id = $2",
                )
                .bind(org.0)
                .bind(id)
                .fetch_all(&mut **tx)
                .await?;
                for (day,) in paid {
                    touched.settlement(id, day, due);
                }
                // Credit notes of a deleted invoice stay, no longer linked.
                sqlx::query(
                    "UPDATE invoices SET credited_invoice_id = NULL \
                     WHERE org_id = $1 AND credited_invoice_id = $2",
                )
                .bind(org.0)
                .bind(id)
                .execute(&mut **tx)
                .await?;
                let done = sqlx::query("DELETE FROM invoices WHERE org_id = $1 AND id = $2")
                    .bind(org.0)
                    .bind(id)
                    .execute(&mut **tx)
                    .await?;
                removed += done.rows_affected();
            }
            "bank_payments" => {
                let settled: Vec<(i64, chrono::NaiveDate, chrono::NaiveDate)> = sqlx::query_as(
                    "SELECT i.id, p.entry_date, i.due_date FROM bank_payments p \
                     JOIN payment_associations pa ON pa.payment_id = p.id \
                     JOIN invoices i ON i.id = pa.invoice_id \
                     WHERE p.org_id = $1 AND p.billy_id = $2",
                )
                .bind(org.0)
                .bind(billy_id)
                .fetch_all(&mut **tx)
                .await?;
                for (invoice_id, paid, due) in settled {
                    touched.settlement(invoice_id, paid, due);
                }
                let done =
                    sqlx::query("DELETE FROM bank_payments WHERE org_id = $1 AND billy_id = $2")
                        .bind(org.0)
                        .bind(billy_id)
                        .execute(&mut **tx)
                        .await?;
                removed += done.rows_affected();
            }
            "bills" => {
                let done = sqlx::query("DELETE FROM bills WHERE org_id = $1 AND billy_id = $2")
                    .bind(org.0)
                    .bind(billy_id)
                    .execute(&mut **tx)
                    .await?;
                removed += done.rows_affected();
            }
            _ => {}
        }
    }
    Ok(removed)
}
