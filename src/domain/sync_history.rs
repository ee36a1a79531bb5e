//! The sync history as the health page shows it: one row per sync with the runs of its
//! resources, filtered by resource and outcome and paged (all in the URL), and a daily
//! summary of the last days for the chart. Times are the organization's local times,
//! converted on the server.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

use super::query::{self, choice, page_number, Problem};
use super::sync::{RunCounts, RunView, RESOURCES};

/// Syncs per page of the history.
pub const CYCLES_PER_PAGE: u32 = 20;
/// Days the chart covers, today included.
pub const CHART_DAYS: u32 = 14;

/// How a sync (or one of its runs) ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Outcome {
    Running,
    Succeeded,
    Failed,
}

impl Outcome {
    pub const ALL: [Outcome; 3] = [Outcome::Succeeded, Outcome::Failed, Outcome::Running];

    /// The word the store and the URL use.
    pub fn key(self) -> &'static str {
        match self {
            Outcome::Running => "running",
            Outcome::Succeeded => "succeeded",
            Outcome::Failed => "failed",
        }
    }

    pub fn from_key(key: &str) -> Option<Outcome> {
        Self::ALL.into_iter().find(|o| o.key() == key)
    }
}

/// A resource's name as the store and the URL write it.
fn resource_from_key(key: &str) -> Option<&'static str> {
    RESOURCES.into_iter().find(|r| *r == key)
}

/// The history's URL parameters, unchecked.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SyncHistoryParams {
    pub resource: Option<String>,
    pub status: Option<String>,
    pub page: Option<String>,
}

impl SyncHistoryParams {
    /// The parameters as `get` finds them by name (a URL's query, a list of pairs).
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Self {
        SyncHistoryParams {
            resource: get("resource"),
            status: get("status"),
            page: get("page"),
        }
    }
}

/// The checked history query.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SyncHistoryQuery {
    /// One of [`RESOURCES`].
    pub resource: Option<String>,
    pub outcome: Option<Outcome>,
    pub page: u32,
}

impl Default for SyncHistoryQuery {
    fn default() -> Self {
        SyncHistoryQuery {
            resource: None,
            outcome: None,
            page: 1,
        }
    }
}

impl SyncHistoryQuery {
    /// Checks the URL's parameters; anything unusable is reported and left out.
    pub fn resolve(params: &SyncHistoryParams) -> (SyncHistoryQuery, Vec<Problem>) {
        let mut problems = Vec::new();
        let resource = choice(
            "resource",
            &params.resource,
            resource_from_key,
            &mut problems,
        )
        .map(str::to_string);
        let outcome = choice("status", &params.status, Outcome::from_key, &mut problems);
        let page = page_number(&params.page, &mut problems);
        (
            SyncHistoryQuery {
                resource,
                outcome,
                page,
            },
            problems,
        )
    }

    pub fn offset(&self) -> u64 {
        query::offset(self.page, CYCLES_PER_PAGE)
    }

    pub fn last_page(&self, count: u64) -> u32 {
        query::last_page(count, CYCLES_PER_PAGE)
    }

    /// The query string of page `page` with the same filters.
    pub fn page_query_string(&self, page: u32) -> String {
        let mut pairs = Vec::new();
        if let Some(resource) = &self.resource {
            pairs.push(("resource", resource.clone()));
        }
        if let Some(outcome) = self.outcome {
            pairs.push(("status", outcome.key().to_string()));
        }
        query::page_query(pairs, page)
    }
}

/// One sync: when and why it started, how it ended, its totals, and its runs in the
/// order they ran.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CycleView {
    pub id: i64,
    pub trigger: String,
    /// Local time in the organization's zone.
    pub started: NaiveDateTime,
    /// From the first run's start to the last run's end; `None` while one runs.
    pub duration_ms: Option<i64>,
    pub outcome: Outcome,
    /// Its runs' counts added up.
    pub counts: RunCounts,
    /// The first failed run's explanation.
    pub error: Option<String>,
    pub runs: Vec<RunView>,
}

/// A run as the store gives it, with what grouping needs beyond its view: its sync, and
/// its start and end in UTC for the sync's duration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupedRun {
    pub cycle_id: i64,
    pub started_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    pub view: RunView,
}

/// The runs of a page (each sync's runs together, syncs in the page's order) as one
/// [`CycleView`] per sync. A sync's outcome is failed if a run failed, running while
/// one runs, else succeeded.
pub fn group_runs(runs: Vec<GroupedRun>) -> Vec<CycleView> {
    let mut groups: Vec<(Vec<GroupedRun>, i64)> = Vec::new();
    for run in runs {
        match groups.last_mut() {
            Some((members, id)) if *id == run.cycle_id => members.push(run),
            _ => {
                let id = run.cycle_id;
                groups.push((vec![run], id));
            }
        }
    }
    groups
        .into_iter()
        .filter_map(|(members, id)| cycle_of(id, members))
        .collect()
}

fn cycle_of(id: i64, members: Vec<GroupedRun>) -> Option<CycleView> {
    let first = members.first()?;
    let started_at = members.iter().map(|r| r.started_at).min()?;
    let finished_at = members
        .iter()
        .map(|r| r.finished_at)
        .collect::<Option<Vec<_>>>()
        .and_then(|ends| ends.into_iter().max());
    let outcome = outcome_of(members.iter().map(|r| r.view.status.as_str()));
    Some(CycleView {
        id,
        trigger: first.view.trigger.clone(),
        started: first.view.started,
        duration_ms: finished_at.map(|end| (end - started_at).num_milliseconds().max(0)),
        outcome,
        counts: members
            .iter()
            .fold(RunCounts::default(), |total, r| total.plus(r.view.counts)),
        error: members.iter().find_map(|r| r.view.error.clone()),
        runs: members.into_iter().map(|r| r.view).collect(),
    })
}

/// A sync's outcome from its runs' statuses (the same rule the store's filter uses).
pub fn outcome_of<'a>(statuses: impl IntoIterator<Item = &'a str>) -> Outcome {
    let mut running = false;
    for status in statuses {
        match status {
            "failed" => return Outcome::Failed,
            "running" => running = true,
            _ => {}
        }
    }
    if running {
        Outcome::Running
    } else {
        Outcome::Succeeded
    }
}

/// One day of the chart: how many syncs started that local day, how many failed, how
/// many finished and their durations' sum, and the records they added, changed and
/// removed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncDay {
    pub day: NaiveDate,
    pub syncs: u32,
    pub failed: u32,
    pub finished: u32,
    pub duration_total_ms: i64,
    pub records: i64,
}

impl SyncDay {
    /// The mean duration of the day's finished syncs.
    pub fn mean_duration_ms(&self) -> Option<i64> {
        mean(self.duration_total_ms, self.finished)
    }
}

/// `total / count`, none for no count.
fn mean(total: i64, count: u32) -> Option<i64> {
    (count > 0).then(|| total / i64::from(count))
}

/// The days' figures together: syncs, failed, mean duration of the finished ones, records.
pub fn days_total(days: &[SyncDay]) -> (u32, u32, Option<i64>, i64) {
    let syncs = days.iter().fold(0_u32, |a, d| a.saturating_add(d.syncs));
    let failed = days.iter().fold(0_u32, |a, d| a.saturating_add(d.failed));
    let finished = days.iter().fold(0_u32, |a, d| a.saturating_add(d.finished));
    let total = days
        .iter()
        .fold(0_i64, |a, d| a.saturating_add(d.duration_total_ms));
    let records = days.iter().fold(0_i64, |a, d| a.saturating_add(d.records));
    (syncs, failed, mean(total, finished), records)
}

/// A sync in brief for the chart: its local start day, duration and records.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CycleBrief {
    pub day: NaiveDate,
    pub duration_ms: Option<i64>,
    pub failed: bool,
    pub records: i64,
}

/// The [`CHART_DAYS`] days ending `today` (local days), oldest first.
fn chart_days(today: NaiveDate) -> Vec<NaiveDate> {
    (0..CHART_DAYS)
        .rev()
        .filter_map(|back| today.checked_sub_days(chrono::Days::new(u64::from(back))))
        .collect()
}

/// The earliest moment a sync of the chart ending `today` can have started: midnight UTC
/// a day before its first local day (no time zone is a whole day ahead of UTC).
pub fn chart_since(today: NaiveDate) -> DateTime<Utc> {
    let first = chart_days(today).first().copied().unwrap_or(today);
    first
        .checked_sub_days(chrono::Days::new(1))
        .unwrap_or(first)
        .and_time(chrono::NaiveTime::MIN)
        .and_utc()
}

/// The [`CHART_DAYS`] days ending `today`, oldest first, each with its syncs' figures
/// (days without a sync are there with zeros). Syncs outside those days are ignored.
pub fn sync_days(cycles: &[CycleBrief], today: NaiveDate) -> Vec<SyncDay> {
    let days = chart_days(today);
    days.into_iter()
        .map(|day| {
            let of_day: Vec<&CycleBrief> = cycles.iter().filter(|c| c.day == day).collect();
            let durations: Vec<i64> = of_day.iter().filter_map(|c| c.duration_ms).collect();
            SyncDay {
                day,
                syncs: u32::try_from(of_day.len()).unwrap_or(u32::MAX),
                failed: u32::try_from(of_day.iter().filter(|c| c.failed).count())
                    .unwrap_or(u32::MAX),
                finished: u32::try_from(durations.len()).unwrap_or(u32::MAX),
                duration_total_ms: durations.iter().fold(0_i64, |a, d| a.saturating_add(*d)),
                records: of_day
                    .iter()
                    .fold(0_i64, |a, c| a.saturating_add(c.records)),
            }
        })
        .collect()
}

/// The history part of the sync health page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncHistory {
    pub query: SyncHistoryQuery,
    pub problems: Vec<Problem>,
    pub cycles: Vec<CycleView>,
    /// Syncs the filter matches in all.
    pub cycle_count: u64,
    pub last_page: u32,
    pub days: Vec<SyncDay>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(minute: u32, second: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 7, 10, minute, second)
            .single()
            .expect("time")
    }

    fn run(cycle: i64, resource: &str, status: &str, start: u32, end: Option<u32>) -> GroupedRun {
        GroupedRun {
            cycle_id: cycle,
            started_at: at(start, 0),
            finished_at: end.map(|e| at(e, 30)),
            view: RunView {
                id: 0,
                resource: resource.to_string(),
                trigger: "schedule".to_string(),
                started: at(start, 0).naive_utc(),
                duration_ms: None,
                status: status.to_string(),
                counts: RunCounts {
                    pages: 1,
                    added: 2,
                    changed: 3,
                    removed: 1,
                    retries: 0,
                    rate_limited: 0,
                },
                error: (status == "failed").then(|| "Billy said no".to_string()),
            },
        }
    }

    #[test]
    fn runs_group_into_syncs_with_their_totals_and_outcome() {
        let cycles = group_runs(vec![
            run(7, "organization", "succeeded", 1, Some(1)),
            run(7, "contacts", "failed", 2, Some(3)),
            run(1, "organization", "succeeded", 0, Some(0)),
            run(1, "contacts", "running", 0, None),
        ]);
        assert_eq!(cycles.len(), 2);
        assert_eq!(cycles[0].id, 7);
        assert_eq!(cycles[0].outcome, Outcome::Failed);
        assert_eq!(cycles[0].runs.len(), 2);
        assert_eq!(
            (
                cycles[0].counts.added,
                cycles[0].counts.changed,
                cycles[0].counts.removed
            ),
            (4, 6, 2)
        );
        // From 10:01:00 to 10:03:30.
        assert_eq!(cycles[0].duration_ms, Some(150_000));
        assert_eq!(cycles[0].error.as_deref(), Some("Billy said no"));
        assert_eq!(cycles[1].outcome, Outcome::Running);
        assert_eq!(cycles[1].duration_ms, None);
    }

    #[test]
    fn days_cover_the_last_fortnight_with_empty_days_shown() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 7).expect("day");
        let brief = |day: u32, ms: Option<i64>, failed: bool| CycleBrief {
            day: NaiveDate::from_ymd_opt(2026, 12, day).expect("day"),
            duration_ms: ms,
            failed,
            records: 5,
        };
        let days = sync_days(
            &[
                brief(7, Some(1_000), false),
                brief(7, Some(3_000), true),
                brief(7, None, false),
                brief(1, Some(500), false),
                // Outside the fortnight.
                brief(23, Some(9), false),
            ],
            today,
        );
        assert_eq!(days.len(), 14);
        assert_eq!(
            days[0].day,
            NaiveDate::from_ymd_opt(2026, 11, 24).expect("day")
        );
        let last = days.last().expect("today");
        assert_eq!((last.syncs, last.failed, last.records), (3, 1, 15));
        assert_eq!(last.mean_duration_ms(), Some(2_000));
        let quiet = &days[12];
        assert_eq!((quiet.syncs, quiet.mean_duration_ms()), (0, None));
        assert_eq!(
            chart_since(today).to_rfc3339(),
            "2026-11-23T00:00:00+00:00",
            "a day before the chart's first day, 24 Nov"
        );
        // 1,000 + 3,000 + 500 over three finished syncs.
        assert_eq!(days_total(&days), (4, 1, Some(1_500), 20));
    }

    #[test]
    fn the_query_names_what_it_cannot_use_and_keeps_the_rest() {
        let (query, problems) = SyncHistoryQuery::resolve(&SyncHistoryParams {
            resource: Some("invoices".into()),
            status: Some("exploded".into()),
            page: Some("0".into()),
        });
        assert_eq!(query.resource.as_deref(), Some("invoices"));
        assert_eq!(query.outcome, None);
        assert_eq!(query.page, 1);
        assert_eq!(problems.len(), 2);
        let (query, problems) = SyncHistoryQuery::resolve(&SyncHistoryParams {
            resource: None,
            status: Some("failed".into()),
            page: Some("3".into()),
        });
        assert!(problems.is_empty());
        assert_eq!(query.page_query_string(2), "status=failed&page=2");
        assert_eq!(query.offset(), 40);
    }
}
