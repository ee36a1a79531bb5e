//! Sync health: per resource the last run and its outcome, the drift check against
//! Billy's own totals, the history with one row per sync (its resources' runs inside),
//! filtered and paged in the URL (so it works without JavaScript and can be shared), a
//! chart of the last days, and records rejected by validation. Times are in the
//! organization's zone.

use chrono::NaiveDateTime;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::sync::get_sync_health;
use crate::domain::format;
use crate::domain::sync::{RejectedView, ResourceHealth, RunView, SyncHealth, RESOURCES};
use crate::domain::sync_history::{
    days_total, CycleView, Outcome, SyncDay, SyncHistory, SyncHistoryParams, SyncHistoryQuery,
    CHART_DAYS,
};
use crate::i18n::{lang_of, td_string, Locale};
use crate::ui::charts::sync_days_chart;
use crate::ui::components::forms::{INPUT_CLASS, SECONDARY_BUTTON};
use crate::ui::components::{EChart, Fallback, Loaded, ProblemNotes};
use crate::ui::live::live_version;
use crate::ui::style::{LINK, PILL};
use crate::words::errors::sync_problem_text;
use crate::words::text::{
    drift_text, resource as resource_name, sync_status_label, trigger_label, use_locale,
};

const TABLE: &str = "w-full text-left text-sm";
const HEAD: &str = "bg-slate-50 text-slate-700";
const CELL: &str = "px-3 py-2 whitespace-nowrap";

fn when(at: Option<NaiveDateTime>, locale: Locale) -> String {
    at.map_or(td_string!(locale, sync.never).to_string(), |at| {
        at.format("%Y-%m-%d %H:%M").to_string()
    })
}

/// A duration in seconds with one decimal ("4.2 s"), or "…" while it runs.
fn took(ms: Option<i64>, locale: Locale) -> String {
    ms.map_or("…".to_string(), |ms| {
        let s = format::one_decimal(ms as f64 / 1000.0, lang_of(locale));
        td_string!(locale, sync.seconds, s = s)
    })
}

#[component]
pub fn SyncHealthPage() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let params =
        Memo::new(move |_| query.with(|q| SyncHistoryParams::from_lookup(|key| q.get(key))));
    let health = Resource::new(
        move || (params.get(), live_version()),
        |(params, _)| get_sync_health(params),
    );
    view! {
        <main data-testid="sync-health" class="mx-auto max-w-6xl px-4 py-6">
            <h1 class="text-2xl font-semibold">{td_string!(locale, sync.title)}</h1>
            <p class="text-sm text-slate-600">
                {td_string!(locale, sync.intro)}
            </p>
            <Loaded data=health loading=td_string!(locale, sync.loading) body=move |health| view! { <HealthBody health /> } />
        </main>
    }
}

#[component]
fn HealthBody(health: SyncHealth) -> impl IntoView {
    let locale = use_locale();
    let SyncHealth {
        status,
        time_zone,
        resources,
        history,
        rejected,
    } = health;
    view! {
        <p data-testid="health-status" class="mt-3 text-sm text-slate-800">
            {crate::words::text::freshness_line(&status.freshness(), locale)}
        </p>
        <p data-testid="time-zone" class="text-xs text-slate-600">
            {td_string!(locale, sync.times_in, zone = time_zone)}
        </p>
        <section class="mt-6">
            <h2 class="text-lg font-semibold">{td_string!(locale, sync.resources)}</h2>
            <div tabindex="0" class="mt-2 overflow-x-auto scroll-cue rounded-md border border-slate-200 bg-white">
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
        <History history />
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

/// The chart of the last days, the filters, one row per sync, and the pager.
#[component]
fn History(history: SyncHistory) -> impl IntoView {
    let locale = use_locale();
    let SyncHistory {
        query,
        problems,
        cycles,
        cycle_count,
        last_page,
        days,
    } = history;
    let list = if cycles.is_empty() {
        view! {
            <p data-testid="no-cycles" class="mt-2 rounded-md border border-dashed border-slate-300 bg-white px-3 py-4 text-sm text-slate-600">
                {td_string!(locale, sync.no_runs)}
            </p>
        }
        .into_any()
    } else {
        view! {
            <ol data-testid="sync-cycles" class="mt-2 flex flex-col gap-2">
                {cycles.into_iter().map(|cycle| view! { <CycleItem cycle /> }).collect_view()}
            </ol>
        }
        .into_any()
    };
    view! {
        <section class="mt-8">
            <h2 class="text-lg font-semibold">{td_string!(locale, sync.runs)}</h2>
            <DaysChart days />
            <p class="mt-4 text-sm text-slate-600">{td_string!(locale, sync.history_note)}</p>
            <ProblemNotes problems fallback=Fallback::LeftOut testid="sync-problems" />
            <CycleFilterForm query=query.clone() />
            {list}
            <Pager query cycle_count last_page />
        </section>
    }
}

/// Records changed per day and the mean sync duration, with its summary and, for
/// reading without the chart, the figures by day.
#[component]
fn DaysChart(days: Vec<SyncDay>) -> impl IntoView {
    let locale = use_locale();
    let lang = lang_of(locale);
    let (syncs, failed, mean, records) = days_total(&days);
    let summary = if syncs == 0 {
        td_string!(locale, sync.chart_summary_empty, days = CHART_DAYS)
    } else {
        td_string!(
            locale,
            sync.chart_summary,
            days = CHART_DAYS,
            count = i64::from(syncs),
            n = format::count(i64::from(syncs), lang),
            failed = format::count(i64::from(failed), lang),
            records = format::count(records, lang),
            mean = took(mean, locale)
        )
    };
    let chart = sync_days_chart(
        days.iter()
            .map(|d| format::date_compact(d.day, lang))
            .collect(),
        days.iter().map(|d| d.records).collect(),
        days.iter()
            .map(|d| {
                d.mean_duration_ms()
                    .map(|ms| (ms as f64 / 100.0).round() / 10.0)
            })
            .collect(),
        td_string!(locale, sync.series_records),
        td_string!(locale, sync.series_seconds),
    );
    let rows = days
        .iter()
        .rev()
        .map(|d| {
            view! {
                <tr class="border-t border-slate-200">
                    <th scope="row" class=format!("{CELL} font-normal")>{format::date(d.day, lang)}</th>
                    <td class=format!("{CELL} text-right tabular-nums")>{format::count(i64::from(d.syncs), lang)}</td>
                    <td class=format!("{CELL} text-right tabular-nums")>{format::count(i64::from(d.failed), lang)}</td>
                    <td class=format!("{CELL} text-right tabular-nums")>{took(d.mean_duration_ms(), locale)}</td>
                    <td class=format!("{CELL} text-right tabular-nums")>{format::count(d.records, lang)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <h3 class="mt-2 text-sm font-medium text-slate-700">
            {td_string!(locale, sync.chart_heading, days = CHART_DAYS)}
        </h3>
        <EChart name="sync-days" summary chart />
        <details class="mt-2 text-sm">
            <summary class="cursor-pointer select-none font-medium text-slate-800">
                {td_string!(locale, sync.by_day)}
            </summary>
            <div tabindex="0" class="mt-2 overflow-x-auto scroll-cue rounded-md border border-slate-200 bg-white">
                <table data-testid="sync-days-table" class=TABLE>
                    <thead class=HEAD>
                        <tr>
                            <th scope="col" class=CELL>{td_string!(locale, sync.col_day)}</th>
                            <th scope="col" class=format!("{CELL} text-right")>{td_string!(locale, sync.col_syncs)}</th>
                            <th scope="col" class=format!("{CELL} text-right")>{td_string!(locale, sync.col_failed)}</th>
                            <th scope="col" class=format!("{CELL} text-right")>{td_string!(locale, sync.col_mean)}</th>
                            <th scope="col" class=format!("{CELL} text-right")>{td_string!(locale, sync.col_records)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </details>
    }
}

/// One sync as a card: when, why, outcome, duration and records on its summary line
/// (the error under it when it failed); open, each resource's run.
#[component]
fn CycleItem(cycle: CycleView) -> impl IntoView {
    let locale = use_locale();
    let lang = lang_of(locale);
    let failed = cycle.outcome == Outcome::Failed;
    let records = td_string!(
        locale,
        sync.cycle_records,
        added = format::count(cycle.counts.added, lang),
        changed = format::count(cycle.counts.changed, lang),
        removed = format::count(cycle.counts.removed, lang)
    );
    let outcome_class = match cycle.outcome {
        Outcome::Failed => "whitespace-nowrap rounded-full border border-rose-300 bg-rose-50 px-2 py-0.5 text-xs font-semibold text-rose-800",
        Outcome::Running => "whitespace-nowrap rounded-full border border-amber-300 bg-amber-50 px-2 py-0.5 text-xs font-medium text-amber-950",
        Outcome::Succeeded => "whitespace-nowrap rounded-full border border-emerald-300 bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-900",
    };
    let runs = cycle.runs.len();
    view! {
        <li data-testid="cycle-row" data-status=cycle.outcome.key() class="rounded-md border border-slate-200 bg-white">
            <details>
                <summary class="flex cursor-pointer flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2 text-sm">
                    <span class="font-medium tabular-nums">{cycle.started.format("%Y-%m-%d %H:%M:%S").to_string()}</span>
                    <span class=outcome_class>{sync_status_label(cycle.outcome.key(), locale)}</span>
                    <span class="text-slate-700">{trigger_label(&cycle.trigger, locale)}</span>
                    <span class="tabular-nums text-slate-700">{took(cycle.duration_ms, locale)}</span>
                    <span class="text-slate-700">{td_string!(locale, sync.cycle_resources, count = runs, n = runs)}</span>
                    <span data-testid="cycle-records" class="text-slate-700">{records}</span>
                    {cycle
                        .error
                        .clone()
                        .filter(|_| failed)
                        .map(|error| {
                            view! { <span class="basis-full text-rose-800">{error}</span> }
                        })}
                </summary>
                <div tabindex="0" class="overflow-x-auto scroll-cue border-t border-slate-200">
                    <table data-testid="runs-table" class=TABLE>
                        <thead class=HEAD>
                            <tr>
                                <th scope="col" class=CELL>{td_string!(locale, sync.col_resource)}</th>
                                <th scope="col" class=CELL>{td_string!(locale, sync.col_started)}</th>
                                <th scope="col" class=CELL>{td_string!(locale, sync.col_outcome)}</th>
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
                            {cycle.runs.into_iter().map(|run| view! { <RunRow run /> }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </details>
        </li>
    }
}

/// Newer and older pages of syncs, with where this one is.
#[component]
fn Pager(query: SyncHistoryQuery, cycle_count: u64, last_page: u32) -> impl IntoView {
    let locale = use_locale();
    let lang = lang_of(locale);
    let count = i64::try_from(cycle_count).unwrap_or(i64::MAX);
    let link = |page: u32| match query.page_query_string(page) {
        q if q.is_empty() => "/sync".to_string(),
        q => format!("/sync?{q}"),
    };
    let newer = (query.page > 1).then(|| {
        view! {
            <a href=link(query.page - 1) rel="prev" data-testid="cycles-newer" class=PILL>
                <span aria-hidden="true">"‹"</span>
                {td_string!(locale, sync.newer)}
            </a>
        }
    });
    let older = (query.page < last_page).then(|| {
        view! {
            <a href=link(query.page + 1) rel="next" data-testid="cycles-older" class=PILL>
                {td_string!(locale, sync.older)}
                <span aria-hidden="true">"›"</span>
            </a>
        }
    });
    view! {
        <nav aria-label=td_string!(locale, sync.pages_label) class="mt-3 flex flex-wrap items-center justify-center gap-2 text-sm">
            {newer}
            <span data-testid="cycles-page" class="text-slate-700">
                {td_string!(
                    locale,
                    sync.page_of,
                    page = query.page,
                    last = last_page,
                    count = count,
                    n = format::count(count, lang)
                )}
            </span>
            {older}
        </nav>
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

/// Resource and outcome, as a GET form (page 1 of the filtered history).
#[component]
fn CycleFilterForm(query: SyncHistoryQuery) -> impl IntoView {
    let locale = use_locale();
    let SyncHistoryQuery {
        resource, outcome, ..
    } = query;
    view! {
        <form method="get" action="/sync" data-testid="cycle-filters" class="mt-2 flex flex-wrap items-end gap-2 text-sm">
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
                    <option value="" selected=outcome.is_none()>{td_string!(locale, sync.all)}</option>
                    {Outcome::ALL
                        .into_iter()
                        .map(|o| {
                            view! {
                                <option value=o.key() selected=outcome == Some(o)>{sync_status_label(o.key(), locale)}</option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <button type="submit" class=SECONDARY_BUTTON data-testid="filter-runs">{td_string!(locale, sync.show)}</button>
            <a href="/sync" class=format!("{LINK} self-center text-sm")>{td_string!(locale, sync.all)}</a>
        </form>
    }
}

/// One resource's run inside a sync.
#[component]
fn RunRow(run: RunView) -> impl IntoView {
    let locale = use_locale();
    let failed = run.status == "failed";
    view! {
        <tr class="border-t border-slate-200" data-testid="run-row" data-status=run.status.clone()>
            <th scope="row" class=format!("{CELL} font-medium")>{resource_name(&run.resource, locale)}</th>
            <td class=CELL>{run.started.format("%H:%M:%S").to_string()}</td>
            <td class=CELL>
                <span class=if failed { "font-semibold text-rose-800" } else { "text-slate-800" }>
                    {sync_status_label(&run.status, locale)}
                </span>
            </td>
            <td class=CELL>{took(run.duration_ms, locale)}</td>
            <td class=CELL>{run.counts.pages}</td>
            <td class=CELL>{run.counts.added}</td>
            <td class=CELL>{run.counts.changed}</td>
            <td class=CELL>{run.counts.removed}</td>
            <td class=CELL>{run.counts.retries}</td>
            <td class=CELL>{run.counts.rate_limited}</td>
            // Wide enough that an explanation reads as a paragraph, not a column of words.
            <td class="min-w-64 px-3 py-2 text-rose-800">{run.error.unwrap_or_default()}</td>
        </tr>
    }
}

#[component]
fn RejectedTable(rejected: Vec<RejectedView>) -> impl IntoView {
    let locale = use_locale();
    view! {
        <div tabindex="0" class="mt-2 overflow-x-auto scroll-cue rounded-md border border-slate-200 bg-white">
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
                                    <td class=CELL>{when(Some(r.at), locale)}</td>
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
