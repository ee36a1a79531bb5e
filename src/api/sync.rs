//! The sync as people see it: the freshness line, the sync health page, and "Sync now"
//! for members and above (viewers change nothing).

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::domain::accounts::Action;
use crate::domain::sync::{SyncHealth, SyncStatus};
use crate::error::AppError;

/// How fresh the open organization's data is, and what the sync does now.
#[server(endpoint = "sync_status")]
pub async fn get_sync_status() -> Result<SyncStatus, AppError> {
    super::support::for_caller(
        Action::ViewDashboards,
        "reading the sync status",
        ssr::sync_status,
    )
    .await
}

/// Per-resource health, the run history (optionally filtered) and rejected records.
#[server(endpoint = "sync_health")]
pub async fn get_sync_health(
    resource: Option<String>,
    status: Option<String>,
) -> Result<SyncHealth, AppError> {
    super::support::for_caller(
        Action::ViewDashboards,
        "reading the sync health",
        |caller| ssr::sync_health(caller, resource, status),
    )
    .await
}

/// Starts a sync of the open organization now; the answer says what happened.
#[server(endpoint = "sync_now")]
pub async fn sync_now() -> Result<crate::domain::sync::SyncStarted, AppError> {
    super::support::for_caller(Action::RunActions, "starting a sync", ssr::sync_now).await
}

#[cfg(feature = "ssr")]
mod ssr {
    use chrono::Utc;

    use crate::api::support::{internal, Failure};
    use crate::domain::accounts::{allowed, Action};
    use crate::domain::sync::{
        DriftView, RejectedView, ResourceHealth, RunView, SyncHealth, SyncProgress, SyncStatus,
        RESOURCES,
    };
    use crate::error::{AppError, Reason};
    use crate::server::caller::Caller;
    use crate::store::{oldest_success, RunFilter, SyncStateRecord};
    use crate::sync::scheduler::SyncRequest;

    pub async fn sync_status(caller: Caller) -> Result<SyncStatus, Failure> {
        let states = states(&caller).await?;
        Ok(status_of(&caller, &states).await?)
    }

    async fn states(caller: &Caller) -> Result<Vec<SyncStateRecord>, AppError> {
        caller
            .ctx
            .store
            .sync_states(caller.org_id())
            .await
            .map_err(|e| internal("reading the sync state", e))
    }

    async fn status_of(
        caller: &Caller,
        states: &[SyncStateRecord],
    ) -> Result<SyncStatus, AppError> {
        let store = &caller.ctx.store;
        let org = caller.org_id();
        let connected = store
            .billy_connection(org)
            .await
            .map_err(|e| internal("reading the Billy connection", e))?
            .is_some();
        // Derived from the states already read rather than asked of the store again:
        // this runs for every signed-in page.
        let last_success = oldest_success(states.iter().map(|s| s.last_success_at));
        let (_, newest_event) = store
            .event_bounds(org)
            .await
            .map_err(|e| internal("reading the event log", e))?;
        let running = states
            .iter()
            .find(|s| s.status == "running")
            .map(|s| SyncProgress {
                resource: s.resource.clone(),
                done: s.progress_done.unwrap_or(0),
                total: s.progress_total,
            });
        Ok(SyncStatus {
            connected,
            last_success,
            next_run: states.iter().filter_map(|s| s.next_run_at).min(),
            running,
            last_error: states
                .iter()
                .filter(|s| s.status == "failed")
                .find_map(problem_of),
            can_sync: connected && allowed(caller.role, Action::RunActions),
            cursor: newest_event.unwrap_or(0),
            now: Utc::now(),
        })
    }

    /// A resource's recorded failure, if it has one.
    fn problem_of(
        state: &crate::store::SyncStateRecord,
    ) -> Option<crate::domain::sync::SyncProblem> {
        state
            .last_error_message
            .clone()
            .map(|words| crate::domain::sync::SyncProblem {
                kind: state.last_error_kind.clone().unwrap_or_default(),
                words,
            })
    }

    pub async fn sync_health(
        caller: Caller,
        resource: Option<String>,
        status: Option<String>,
    ) -> Result<SyncHealth, Failure> {
        let resource = resource.filter(|r| !r.is_empty());
        let status = status.filter(|s| !s.is_empty());
        if let Some(r) = &resource {
            if !RESOURCES.contains(&r.as_str()) {
                return Err(Failure::User(AppError::BadRequest(
                    Reason::UnknownSyncResource(crate::domain::echo::shown(r)),
                )));
            }
        }
        if let Some(s) = &status {
            if !["running", "succeeded", "failed"].contains(&s.as_str()) {
                return Err(Failure::User(AppError::BadRequest(
                    Reason::UnknownRunStatus(crate::domain::echo::shown(s)),
                )));
            }
        }
        let store = &caller.ctx.store;
        let org = caller.org_id();
        let states = states(&caller).await?;
        let runs = store
            .sync_runs(
                org,
                &RunFilter {
                    resource,
                    status,
                    limit: 100,
                },
            )
            .await
            .map_err(|e| internal("reading the run history", e))?;
        let rejected = store
            .validation_errors(org, 100)
            .await
            .map_err(|e| internal("reading rejected records", e))?;
        let resources = RESOURCES
            .iter()
            .map(|name| {
                let state = states.iter().find(|s| s.resource == *name);
                ResourceHealth {
                    resource: (*name).to_string(),
                    status: state.map_or("never".to_string(), |s| s.status.clone()),
                    last_success: state.and_then(|s| s.last_success_at),
                    last_error: state.filter(|s| s.status == "failed").and_then(problem_of),
                    last_full_reconcile: state.and_then(|s| s.last_full_reconcile_at),
                    drift: state.and_then(|s| s.drift).map(|d| DriftView {
                        checked_at: d.checked_at,
                        upstream_count: d.upstream_count,
                        local_count: d.local_count,
                        upstream_total_minor: d.upstream_total_minor,
                        local_total_minor: d.local_total_minor,
                    }),
                }
            })
            .collect();
        Ok(SyncHealth {
            status: status_of(&caller, &states).await?,
            resources,
            runs: runs
                .into_iter()
                .map(|r| RunView {
                    id: r.id,
                    resource: r.resource,
                    trigger: r.trigger,
                    started_at: r.started_at,
                    duration_ms: r.duration_ms,
                    status: r.status,
                    pages: r.pages_fetched,
                    added: r.records_added,
                    changed: r.records_changed,
                    removed: r.records_removed,
                    retries: r.retries,
                    rate_limited: r.rate_limited,
                    error: r.error_message,
                })
                .collect(),
            rejected: rejected
                .into_iter()
                .map(|v| RejectedView {
                    resource: v.resource,
                    upstream_id: v.upstream_id,
                    reason: v.reason,
                    at: v.created_at,
                })
                .collect(),
        })
    }

    pub async fn sync_now(caller: Caller) -> Result<crate::domain::sync::SyncStarted, Failure> {
        let connected = caller
            .ctx
            .store
            .billy_connection(caller.org_id())
            .await
            .map_err(|e| internal("reading the Billy connection", e))?
            .is_some();
        if !connected {
            return Err(Failure::User(AppError::Refused(Reason::NotConnected)));
        }
        if let Err(limit) =
            crate::sync::engine::plan_allows_sync(&*caller.ctx.store, caller.org_id()).await
        {
            return Err(Failure::User(match limit {
                crate::sync::engine::SyncError::PlanLimit(limit) => {
                    AppError::Refused(Reason::PlanLimit(limit))
                }
                other => internal("checking the plan's limits", other),
            }));
        }
        let request = caller
            .ctx
            .sync
            .as_ref()
            .map_or(SyncRequest::Unavailable, |sync| {
                sync.request(caller.org_id())
            });
        match request {
            SyncRequest::Started => {
                caller
                    .audit(
                        "sync_requested",
                        Some(format!("org:{}", caller.org.id)),
                        serde_json::json!({}),
                    )
                    .await;
                crate::api::support::redirect_plain_forms("/sync");
                Ok(crate::domain::sync::SyncStarted::Started)
            }
            SyncRequest::AlreadyRunning => {
                crate::api::support::redirect_plain_forms("/sync");
                Ok(crate::domain::sync::SyncStarted::AlreadyRunning)
            }
            SyncRequest::Unavailable => Err(AppError::Refused(Reason::SyncUnavailable).into()),
        }
    }
}
