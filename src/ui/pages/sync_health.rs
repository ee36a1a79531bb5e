//! Sync health: per resource the last run and its outcome, the drift check against
//! Billy's own totals, the run history with filters (in the URL, so it works without
//! JavaScript and can be shared), and records rejected by validation.

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::sync::get_sync_health;
use crate::domain::format;
use crate::domain::sync::{RejectedView, ResourceHealth, RunView, SyncHealth, RESOURCES};
use crate::i18n::{lang_of, td_string, Locale};
use crate::ui::components::forms::{INPUT_CLASS, SECONDARY_BUTTON};
use crate::ui::components::Loaded;
use crate::ui::live::live_version;
use crate::words::errors::sync_problem_text;
use crate::words::text::{
    drift_text, resource as resource_name, sync_status_label, trigger_label, use_locale,
};

const TABLE: &str = "w-full text-left text-sm";
const HEAD: &str = "bg-slate-50 text-slate-700";
const CELL: &str = "px-3 py-2 whitespace-nowrap";

fn when(at: Option<DateTime<Utc>>, locale: Locale) -> String {
    at.map_or(td_string!(locale, sync.never).to_string(), |at| {
        at.format("%Y-%m-%d %H:%M").to_string()
    })
}

#[component]
pub fn SyncHealthPage() -> impl IntoView {
    let locale = use_locale();
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
            <h1 class="text-2xl font-semibold">{td_string!(locale, sync.title)}</h1>
            <p class="text-sm text-slate-600">
                {td_string!(locale, sync.intro)}
            </p>
            <Loaded data=health loading=td_string!(locale, sync.loading) body=move |health| view! { <HealthBody health filter=filter.get() /> } />
        </main>
    }
}

#[component]
fn HealthBody(health: SyncHealth, filter: (Option<String>, Option<String>)) -> impl IntoView {
    let locale = use_locale();
    let SyncHealth {
        status,
        resources,
        runs,
        rejected,
    } = health;
    view! {
        <p data-testid="health-status" class="mt-3 text-sm text-slate-800">
            {crate::words::text::freshness_line(&status.freshness(), locale)}
        </p>
        <section class="mt-6">
            <h2 class="text-lg font-semibold">{td_string!(locale, sync.resources)}</h2>
            <div tabindex="0" class="mt-2 overflow-x-auto rounded-md border border-slate-200 bg-white">
                <table data-testid="resources-table" class=TABLE>
                    <thead class=HEAD>
                        <tr>
                            <th scope="col" class=CELL>{td_string!(locale, sync.col_resource)}</th>
                            <th scope="col" class=CELL>{td_string!(locale, sync.col_status)}</th>
                            <th scope="col" class=CELL>{td_string!(locale, sync.col_last_success)}</th>
                            <th scope="col" class=CELL>{td_string!(locale, sync.col_full_check)}</th>
                            <th scope="col" class=CELL>{td_string!(locale, sync.col_against_billy)}</th>
                            <th scope="col" class=CELL>{td_string!(locale, sync.col_last_error)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {resources.into_iter().map(|r| view! { <ResourceRow r /> }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
        <section class="mt-8">
            <h2 class="text-lg font-semibold">{td_string!(locale, sync.runs)}</h2>
            <RunFilterForm filter />
            <div tabindex="0" class="mt-2 overflow-x-auto rounded-md border border-slate-200 bg-white">
                <table data-testid="runs-table" class=TABLE>
                    <thead class=HEAD>
                        <tr>
                            <th scope="col" class=CELL>{td_string!(locale, sync.col_started)}</th>
                            <th scope="col" class=CELL>{td_string!(locale, sync.col_resource)}</th>
                            <th scope="col" class=CELL>{td_string!(locale, sync.col_outcome)}</th>
                            <th scope="col" class=CELL>{td_string!(locale, sync.col_why)}</th>
                            <th scope="col" class=CELL>{td_string!(locale, sync.col_took)}</th>
                            <th scope="col" class=CELL>{td_string!(locale, sync.col_pages)}</th>
                            <th scope="col" class=CELL>{td_string!(locale, sync.col_added)}</th>
                            <th scope="col" class=CELL>{td_string!(locale, sync.col_changed)}</th>
                            <th scope="col" class=CELL>{td_string!(locale, sync.col_removed)}</th>
                            <th scope="col" class=CELL>{td_string!(locale, sync.col_retries)}</th>
                            <th scope="col" class=CELL>{td_string!(locale, sync.col_rate_limited)}</th>
                            <th scope="col" class=CELL>{td_string!(locale, sync.col_error)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {if runs.is_empty() {
                            view! {
                                <tr>
                                    <td colspan="12" class="px-3 py-4 text-slate-600">
                                        {td_string!(locale, sync.no_runs)}
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
            <h2 class="text-lg font-semibold">{td_string!(locale, sync.rejected)}</h2>
            {if rejected.is_empty() {
                view! {
                    <p data-testid="no-rejections" class="mt-2 text-sm text-slate-600">
                        {td_string!(locale, sync.no_rejections)}
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
    let locale = use_locale();
    let drift = r
        .drift
        .as_ref()
        .map_or(td_string!(locale, sync.not_checked).to_string(), |d| {
            drift_text(d, locale)
        });
    let drift_ok = r.drift.as_ref().is_some_and(|d| {
        d.local_count == d.upstream_count && d.local_total_minor == d.upstream_total_minor
    });
    let failed = r.status == "failed";
    view! {
        <tr class="border-t border-slate-200" data-testid="resource-row" data-resource=r.resource.clone()>
            <th scope="row" class=format!("{CELL} font-medium")>{resource_name(&r.resource, locale)}</th>
            <td class=CELL>
                <span class=if failed { "font-semibold text-rose-800" } else { "text-slate-800" }>
                    {sync_status_label(&r.status, locale)}
                </span>
            </td>
            <td class=CELL>{when(r.last_success, locale)}</td>
            <td class=CELL>{when(r.last_full_reconcile, locale)}</td>
            <td class=CELL data-testid="drift">
                <span class=if drift_ok { "text-emerald-800" } else { "text-slate-800" }>{drift}</span>
            </td>
            <td class="min-w-64 px-3 py-2 text-rose-800">{r.last_error.map(|p| sync_problem_text(&p, locale)).unwrap_or_default()}</td>
        </tr>
    }
}

#[component]
fn RunFilterForm(filter: (Option<String>, Option<String>)) -> impl IntoView {
    let locale = use_locale();
    let (resource, status) = filter;
    view! {
        <form method="get" action="/sync" class="mt-2 flex flex-wrap items-end gap-2 text-sm">
            <label class="flex flex-col">
                {td_string!(locale, sync.col_resource)}
                <select name="resource" class=format!("{INPUT_CLASS} !w-auto !py-1")>
                    <option value="" selected=resource.is_none()>{td_string!(locale, sync.all)}</option>
                    {RESOURCES
                        .iter()
                        .map(|r| {
                            view! {
                                <option value=*r selected=resource.as_deref() == Some(*r)>
                                    {resource_name(r, locale)}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <label class="flex flex-col">
                {td_string!(locale, sync.col_outcome)}
                <select name="status" class=format!("{INPUT_CLASS} !w-auto !py-1")>
                    <option value="" selected=status.is_none()>{td_string!(locale, sync.all)}</option>
                    {["succeeded", "failed", "running"]
                        .into_iter()
                        .map(|s| {
                            view! {
                                <option value=s selected=status.as_deref() == Some(s)>{sync_status_label(s, locale)}</option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <button type="submit" class=SECONDARY_BUTTON data-testid="filter-runs">{td_string!(locale, sync.show)}</button>
        </form>
    }
}

#[component]
fn RunRow(run: RunView) -> impl IntoView {
    let locale = use_locale();
    let lang = lang_of(locale);
    let took = run.duration_ms.map_or("…".to_string(), |ms| {
        let s = format::one_decimal(ms as f64 / 1000.0, lang);
        td_string!(locale, sync.seconds, s = s)
    });
    let failed = run.status == "failed";
    view! {
        <tr class="border-t border-slate-200" data-testid="run-row" data-status=run.status.clone()>
            <td class=CELL>{run.started_at.format("%Y-%m-%d %H:%M:%S").to_string()}</td>
            <td class=CELL>{resource_name(&run.resource, locale)}</td>
            <td class=CELL>
                <span class=if failed { "font-semibold text-rose-800" } else { "text-slate-800" }>
                    {sync_status_label(&run.status, locale)}
                </span>
            </td>
            <td class=CELL>{trigger_label(&run.trigger, locale)}</td>
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
    let locale = use_locale();
    view! {
        <div tabindex="0" class="mt-2 overflow-x-auto rounded-md border border-slate-200 bg-white">
            <table data-testid="rejected-table" class=TABLE>
                <thead class=HEAD>
                    <tr>
                        <th scope="col" class=CELL>{td_string!(locale, sync.col_when)}</th>
                        <th scope="col" class=CELL>{td_string!(locale, sync.col_resource)}</th>
                        <th scope="col" class=CELL>{td_string!(locale, sync.col_billy_id)}</th>
                        <th scope="col" class=CELL>{td_string!(locale, sync.col_reason)}</th>
                    </tr>
                </thead>
                <tbody>
                    {rejected
                        .into_iter()
                        .map(|r| {
                            view! {
                                <tr class="border-t border-slate-200">
                                    <td class=CELL>{r.at.format("%Y-%m-%d %H:%M").to_string()}</td>
                                    <td class=CELL>{resource_name(&r.resource, locale)}</td>
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
