//! The sync as people see it: the freshness line, the sync health page, and "Sync now"
//! for members and above (viewers change nothing).

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::domain::accounts::Action;
use crate::domain::sync::{SyncHealth, SyncStatus};
use crate::domain::sync_history::SyncHistoryParams;
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

/// Per-resource health, the history by sync (filtered and paged as `params` say, with a
/// chart of the last days) and rejected records, in the organization's time zone.
#[server(endpoint = "sync_health")]
pub async fn get_sync_health(
    #[server(default)] params: SyncHistoryParams,
) -> Result<SyncHealth, AppError> {
    super::support::for_caller(
        Action::ViewDashboards,
        "reading the sync health",
        |caller| ssr::sync_health(caller, params),
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
    use chrono::{DateTime, Utc};

    use crate::api::support::{internal, Failure};
    use crate::domain::accounts::{allowed, Action};
    use crate::domain::query::keep_page_in_range;
    use crate::domain::sync::{
        DriftView, RejectedView, ResourceHealth, RunCounts, RunView, SyncHealth, SyncProgress,
        SyncStatus, RESOURCES,
    };
    use crate::domain::sync_history::{
        chart_since, group_runs, sync_days, CycleBrief, GroupedRun, Outcome, SyncHistory,
        SyncHistoryParams, SyncHistoryQuery, CYCLES_PER_PAGE,
    };
    use crate::error::{AppError, Reason};
    use crate::server::caller::{org_local_time, org_today, org_zone, Caller};
    use crate::store::{oldest_success, CycleFilter, SyncStateRecord};
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
        params: SyncHistoryParams,
    ) -> Result<SyncHealth, Failure> {
        let store = &caller.ctx.store;
        let org = caller.org_id();
        let local = |at: DateTime<Utc>| org_local_time(&caller.org, at);
        let states = states(&caller).await?;
        let history = history(&caller, &params).await?;
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
                    last_success: state.and_then(|s| s.last_success_at).map(local),
                    last_error: state.filter(|s| s.status == "failed").and_then(problem_of),
                    last_full_reconcile: state.and_then(|s| s.last_full_reconcile_at).map(local),
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
            time_zone: org_zone(&caller.org).name().to_string(),
            resources,
            history,
            rejected: rejected
                .into_iter()
                .map(|v| RejectedView {
                    resource: v.resource,
                    upstream_id: v.upstream_id,
                    reason: v.reason,
                    at: local(v.created_at),
                })
                .collect(),
        })
    }

    /// The page of syncs the URL asks for (the last page if it asks past it) and the
    /// chart's days.
    async fn history(caller: &Caller, params: &SyncHistoryParams) -> Result<SyncHistory, AppError> {
        let store = &caller.ctx.store;
        let org = caller.org_id();
        let local = |at: DateTime<Utc>| org_local_time(&caller.org, at);
        let (mut query, mut problems) = SyncHistoryQuery::resolve(params);
        let read = |query: &SyncHistoryQuery| {
            let filter = CycleFilter {
                resource: query.resource.clone(),
                outcome: query.outcome.map(|o| o.key().to_string()),
                limit: i64::from(CYCLES_PER_PAGE),
                offset: i64::try_from(query.offset()).unwrap_or(i64::MAX),
            };
            async move {
                store
                    .sync_cycles(org, &filter)
                    .await
                    .map_err(|e| internal("reading the sync history", e))
            }
        };
        let mut page = read(&query).await?;
        let last_page = query.last_page(page.cycle_count);
        if query.page > last_page {
            keep_page_in_range(&mut query.page, last_page, &mut problems);
            page = read(&query).await?;
        }
        let cycles = group_runs(
            page.runs
                .into_iter()
                .map(|r| GroupedRun {
                    cycle_id: r.cycle_id,
                    started_at: r.started_at,
                    finished_at: r.finished_at,
                    view: RunView {
                        id: r.id,
                        resource: r.resource,
                        trigger: r.trigger,
                        started: local(r.started_at),
                        duration_ms: r.duration_ms,
                        status: r.status,
                        counts: RunCounts {
                            pages: r.pages_fetched,
                            added: r.records_added,
                            changed: r.records_changed,
                            removed: r.records_removed,
                            retries: r.retries,
                            rate_limited: r.rate_limited,
                        },
                        error: r.error_message,
                    },
                })
                .collect(),
        );
        let today = org_today(&caller.org);
        let totals = store
            .sync_cycle_totals(org, chart_since(today))
            .await
            .map_err(|e| internal("reading the sync totals", e))?;
        let briefs: Vec<CycleBrief> = totals
            .into_iter()
            .map(|t| CycleBrief {
                day: local(t.started_at).date(),
                duration_ms: t
                    .finished_at
                    .map(|end| (end - t.started_at).num_milliseconds().max(0)),
                failed: t.outcome == Outcome::Failed.key(),
                records: t.records,
            })
            .collect();
        Ok(SyncHistory {
            query,
            problems,
            cycles,
            cycle_count: page.cycle_count,
            last_page,
            days: sync_days(&briefs, today),
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
