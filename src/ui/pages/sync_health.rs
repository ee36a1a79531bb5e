//! Sync health: per resource the last run and its outcome, the drift check against
//! Billy's own totals, the run history with filters (in the URL, so it works without
//! JavaScript and can be shared), and records rejected by validation.

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::sync::get_sync_health;
use crate::domain::sync::{RejectedView, ResourceHealth, RunView, SyncHealth, RESOURCES};
use crate::ui::components::forms::{INPUT_CLASS, SECONDARY_BUTTON};
use crate::ui::components::ErrorNotice;
use crate::ui::live::live_version;

const TABLE: &str = "w-full text-left text-sm";
const HEAD: &str = "bg-slate-50 text-slate-700";
const CELL: &str = "px-3 py-2 whitespace-nowrap";

fn when(at: Option<DateTime<Utc>>) -> String {
    at.map_or("never".to_string(), |at| {
        at.format("%Y-%m-%d %H:%M").to_string()
    })
}

fn label(resource: &str) -> String {
    resource.replace('_', " ")
}

#[component]
pub fn SyncHealthPage() -> impl IntoView {
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        let q = query.read();
        (q.get("resource"), q.get("status"))
    });
    let health = Resource::new(
        move || (filter.get(), live_version()),
        |((resource, status), _)| get_sync_health(resource, status),
    );
    view! {
        <main data-testid="sync-health" class="mx-auto max-w-6xl px-4 py-6">
            <h1 class="text-2xl font-semibold">"Sync health"</h1>
            <p class="text-sm text-slate-600">
                "How the mirror of Billy is doing: each resource's last run, Billy's totals "
                "against ours, every run, and the records Billy sent that did not pass our checks."
            </p>
            <Transition fallback=|| view! { <p class="mt-6 text-slate-600">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match health.await {
                        Ok(health) => view! { <HealthBody health filter=filter.get() /> }.into_any(),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })}
            </Transition>
        </main>
    }
}

#[component]
fn HealthBody(health: SyncHealth, filter: (Option<String>, Option<String>)) -> impl IntoView {
    let SyncHealth {
        status,
        resources,
        runs,
        rejected,
    } = health;
    view! {
        <p data-testid="health-status" class="mt-3 text-sm text-slate-800">
            {crate::ui::text::freshness_line(&status.freshness(), crate::ui::text::use_locale())}
        </p>
        <section class="mt-6">
            <h2 class="text-lg font-semibold">"Resources"</h2>
            <div tabindex="0" class="mt-2 overflow-x-auto rounded-md border border-slate-200 bg-white">
                <table data-testid="resources-table" class=TABLE>
                    <thead class=HEAD>
                        <tr>
                            <th scope="col" class=CELL>"Resource"</th>
                            <th scope="col" class=CELL>"Status"</th>
                            <th scope="col" class=CELL>"Last success (UTC)"</th>
                            <th scope="col" class=CELL>"Full check (UTC)"</th>
                            <th scope="col" class=CELL>"Against Billy"</th>
                            <th scope="col" class=CELL>"Last error"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {resources.into_iter().map(|r| view! { <ResourceRow r /> }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
        <section class="mt-8">
            <h2 class="text-lg font-semibold">"Runs"</h2>
            <RunFilterForm filter />
            <div tabindex="0" class="mt-2 overflow-x-auto rounded-md border border-slate-200 bg-white">
                <table data-testid="runs-table" class=TABLE>
                    <thead class=HEAD>
                        <tr>
                            <th scope="col" class=CELL>"Started (UTC)"</th>
                            <th scope="col" class=CELL>"Resource"</th>
                            <th scope="col" class=CELL>"Outcome"</th>
                            <th scope="col" class=CELL>"Why"</th>
                            <th scope="col" class=CELL>"Took"</th>
                            <th scope="col" class=CELL>"Pages"</th>
                            <th scope="col" class=CELL>"Added"</th>
                            <th scope="col" class=CELL>"Changed"</th>
                            <th scope="col" class=CELL>"Removed"</th>
                            <th scope="col" class=CELL>"Retries"</th>
                            <th scope="col" class=CELL>"429s"</th>
                            <th scope="col" class=CELL>"Error"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {if runs.is_empty() {
                            view! {
                                <tr>
                                    <td colspan="12" class="px-3 py-4 text-slate-600">
                                        "No runs match."
                                    </td>
                                </tr>
                            }
                                .into_any()
                        } else {
                            runs.into_iter().map(|run| view! { <RunRow run /> }).collect_view().into_any()
                        }}
                    </tbody>
                </table>
            </div>
        </section>
        <section class="mt-8">
            <h2 class="text-lg font-semibold">"Rejected records"</h2>
            {if rejected.is_empty() {
                view! {
                    <p data-testid="no-rejections" class="mt-2 text-sm text-slate-600">
                        "Every record Billy sent passed the checks."
                    </p>
                }
                    .into_any()
            } else {
                view! { <RejectedTable rejected /> }.into_any()
            }}
        </section>
    }
}

#[component]
fn ResourceRow(r: ResourceHealth) -> impl IntoView {
    let drift = r
        .drift
        .as_ref()
        .map_or("not checked yet".to_string(), |d| d.describe());
    let drift_ok = r.drift.as_ref().is_some_and(|d| d.describe() == "matches");
    let failed = r.status == "failed";
    view! {
        <tr class="border-t border-slate-200" data-testid="resource-row" data-resource=r.resource.clone()>
            <th scope="row" class=format!("{CELL} font-medium")>{label(&r.resource)}</th>
            <td class=CELL>
                <span class=if failed { "font-semibold text-rose-800" } else { "text-slate-800" }>
                    {r.status.clone()}
                </span>
            </td>
            <td class=CELL>{when(r.last_success)}</td>
            <td class=CELL>{when(r.last_full_reconcile)}</td>
            <td class=CELL data-testid="drift">
                <span class=if drift_ok { "text-emerald-800" } else { "text-slate-800" }>{drift}</span>
            </td>
            <td class="min-w-64 px-3 py-2 text-rose-800">{r.last_error.unwrap_or_default()}</td>
        </tr>
    }
}

#[component]
fn RunFilterForm(filter: (Option<String>, Option<String>)) -> impl IntoView {
    let (resource, status) = filter;
    view! {
        <form method="get" action="/sync" class="mt-2 flex flex-wrap items-end gap-2 text-sm">
            <label class="flex flex-col">
                "Resource"
                <select name="resource" class=format!("{INPUT_CLASS} !w-auto !py-1")>
                    <option value="" selected=resource.is_none()>"All"</option>
                    {RESOURCES
                        .iter()
                        .map(|r| {
                            view! {
                                <option value=*r selected=resource.as_deref() == Some(*r)>
                                    {label(r)}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <label class="flex flex-col">
                "Outcome"
                <select name="status" class=format!("{INPUT_CLASS} !w-auto !py-1")>
                    <option value="" selected=status.is_none()>"All"</option>
                    {["succeeded", "failed", "running"]
                        .into_iter()
                        .map(|s| {
                            view! {
                                <option value=s selected=status.as_deref() == Some(s)>{s}</option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <button type="submit" class=SECONDARY_BUTTON data-testid="filter-runs">"Show"</button>
        </form>
    }
}

#[component]
fn RunRow(run: RunView) -> impl IntoView {
    let took = run.duration_ms.map_or("…".to_string(), |ms| {
        format!("{:.1} s", ms as f64 / 1000.0)
    });
    let failed = run.status == "failed";
    view! {
        <tr class="border-t border-slate-200" data-testid="run-row" data-status=run.status.clone()>
            <td class=CELL>{run.started_at.format("%Y-%m-%d %H:%M:%S").to_string()}</td>
            <td class=CELL>{label(&run.resource)}</td>
            <td class=CELL>
                <span class=if failed { "font-semibold text-rose-800" } else { "text-slate-800" }>
                    {run.status.clone()}
                </span>
            </td>
            <td class=CELL>{run.trigger}</td>
            <td class=CELL>{took}</td>
            <td class=CELL>{run.pages}</td>
            <td class=CELL>{run.added}</td>
            <td class=CELL>{run.changed}</td>
            <td class=CELL>{run.removed}</td>
            <td class=CELL>{run.retries}</td>
            <td class=CELL>{run.rate_limited}</td>
            // Wide enough that an explanation reads as a paragraph, not a column of words.
            <td class="min-w-64 px-3 py-2 text-rose-800">{run.error.unwrap_or_default()}</td>
        </tr>
    }
}

#[component]
fn RejectedTable(rejected: Vec<RejectedView>) -> impl IntoView {
    view! {
        <div tabindex="0" class="mt-2 overflow-x-auto rounded-md border border-slate-200 bg-white">
            <table data-testid="rejected-table" class=TABLE>
                <thead class=HEAD>
                    <tr>
                        <th scope="col" class=CELL>"When (UTC)"</th>
                        <th scope="col" class=CELL>"Resource"</th>
                        <th scope="col" class=CELL>"Billy id"</th>
                        <th scope="col" class=CELL>"Why it was rejected"</th>
                    </tr>
                </thead>
                <tbody>
                    {rejected
                        .into_iter()
                        .map(|r| {
                            view! {
                                <tr class="border-t border-slate-200">
                                    <td class=CELL>{r.at.format("%Y-%m-%d %H:%M").to_string()}</td>
                                    <td class=CELL>{label(&r.resource)}</td>
                                    <td class=CELL>{r.upstream_id.unwrap_or_default()}</td>
                                    <td class="px-3 py-2">{r.reason}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}
