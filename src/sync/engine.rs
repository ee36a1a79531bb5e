//! Syncing one organization from Billy into the store.
//!
//! Billy has no "changed since" filter, so each cycle (BILLY_API.md):
//! - contacts and products: read whole (they are few);
//! - invoices and bills: the open ones (`state=approved&isPaid=false`), the recent
//!   ones (entry date in the last weeks), and every document open locally that came
//!   back in neither (a payment may have settled it, or it was voided or deleted);
//! - bank payments: newest first, until a page holds payments already stored;
//! - once a day (and on the first run), a full reconcile of every document type: all
//!   pages, deletions upstream detected, and Billy's totals compared with ours (drift).
//!
//! Each page is written with its cursor in one transaction (`SyncStore::apply_page`),
//! so a crash loses nothing committed and the next run carries on; unchanged records
//! are not written, so running the same sync twice writes nothing the second time.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde_json::Value;
use tracing::{info, warn};

use super::billy::client::decode;
use super::billy::convert::{self, Rejection};
use super::billy::wire::{WireBankPayment, WireBill, WireContact, WireInvoice, WireProduct};
use super::billy::{BillyClient, BillyError, Resource, StatsSnapshot};
use crate::store::{
    Batch, BatchOutcome, Drift, OrgId, PaymentSubject, RejectedRecord, RunEnd, Store, StoreError,
    SyncPage, SyncStateRecord, UsageKind,
};

/// How syncing behaves (one set per deployment).
#[derive(Clone, Debug)]
pub struct SyncOptions {
    /// Records per request (Billy allows up to 1000).
    pub page_size: u32,
    /// Time between scheduled syncs of an organization.
    pub interval: Duration,
    /// Time between full reconciles of each document type.
    pub full_reconcile_every: Duration,
    /// Documents dated this many days back are re-read every cycle.
    pub recent_days: i64,
    /// Woken whenever a run writes to the organization's event log.
    pub live: Option<crate::live::LiveHub>,
}

impl Default for SyncOptions {
    fn default() -> Self {
        Self {
            page_size: 1000,
            interval: Duration::from_secs(15 * 60),
            full_reconcile_every: Duration::from_secs(24 * 60 * 60),
            recent_days: 45,
            live: None,
        }
    }
}

/// Why a sync started.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trigger {
    Schedule,
    Manual,
    Startup,
}

impl Trigger {
    pub fn as_str(self) -> &'static str {
        match self {
            Trigger::Schedule => "schedule",
            Trigger::Manual => "manual",
            Trigger::Startup => "startup",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(transparent)]
    Billy(#[from] BillyError),
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The plan's monthly API calls or synced invoices are used up; the message names
    /// the plan that lifts the limit.
    #[error("{}", crate::domain::reason::Reason::PlanLimit(.0.clone()))]
    PlanLimit(crate::domain::billing::PlanLimit),
}

/// The most pages one pass reads: 10 million records at Billy's largest page, far past
/// any small business, and a stop for an answer that claims pages without end.
const MAX_PAGES_PER_PASS: u32 = 10_000;

/// The page after `page_no`, when the answer that said there is one can be believed:
/// an empty page that claims more, or a pass past [`MAX_PAGES_PER_PASS`], ends the pass
/// with an error instead of a loop that runs on Billy's word.
fn next_page_no(page_no: u32, page: &super::billy::Page) -> Result<u32, SyncError> {
    if page.records.is_empty() {
        return Err(SyncError::Billy(BillyError::BadResponse(format!(
            "page {page_no} is empty but the paging says more follow"
        ))));
    }
    match page_no.checked_add(1) {
        Some(next) if next <= MAX_PAGES_PER_PASS => Ok(next),
        _ => Err(SyncError::Billy(BillyError::BadResponse(format!(
            "more than {MAX_PAGES_PER_PASS} pages"
        )))),
    }
}

impl SyncError {
    fn kind_and_words(&self) -> (String, String) {
        match self {
            SyncError::Billy(err) => (err.kind().to_string(), err.plain_words()),
            SyncError::Store(_) => (
                "storage".to_string(),
                "Saving the data failed on our side. The next sync tries again.".to_string(),
            ),
            SyncError::PlanLimit(_) => ("plan_limit".to_string(), self.to_string()),
        }
    }
}

/// What one resource's run did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ResourceReport {
    pub resource: &'static str,
    pub written: BatchOutcome,
    pub removed: u64,
    pub rejected: u64,
    pub pages: u64,
    pub full_reconcile: bool,
    pub drift: Option<Drift>,
}

/// What a whole sync did, resource by resource, in order.
#[derive(Clone, Debug, Default)]
pub struct SyncReport {
    pub resources: Vec<ResourceReport>,
}

impl SyncReport {
    /// Records added, changed or removed over all resources.
    pub fn records_written(&self) -> u64 {
        self.resources
            .iter()
            .map(|r| r.written.written() + r.removed)
            .sum()
    }
}

/// The order of a sync: referenced records before the records that reference them
/// (payments settle invoices and bills).
const ORDER: [Resource; 6] = [
    Resource::Organization,
    Resource::Contacts,
    Resource::Products,
    Resource::Invoices,
    Resource::Bills,
    Resource::BankPayments,
];

/// Syncs every resource of `org`. The first failing resource ends the sync (its run
/// records the error); the data of the resources before it stays.
pub async fn sync_org(
    store: &dyn Store,
    client: &BillyClient,
    org: OrgId,
    trigger: Trigger,
    options: &SyncOptions,
) -> Result<SyncReport, SyncError> {
    sync_resources(store, client, org, trigger, options, &ORDER, false).await
}

/// Syncs `resources` (in the given order); `force_full` reconciles documents even if
/// the last reconcile is recent.
pub async fn sync_resources(
    store: &dyn Store,
    client: &BillyClient,
    org: OrgId,
    trigger: Trigger,
    options: &SyncOptions,
    resources: &[Resource],
    force_full: bool,
) -> Result<SyncReport, SyncError> {
    let states: HashMap<String, SyncStateRecord> = store
        .sync_states(org)
        .await?
        .into_iter()
        .map(|s| (s.resource.clone(), s))
        .collect();
    if let Err(limit) = plan_allows_sync(store, org).await {
        // Recorded as a failed run so the freshness line and the health page say why.
        if let Some(&first) = resources.first() {
            let now = Utc::now();
            let run_id = store
                .begin_run(org, first.as_str(), trigger.as_str(), None, now)
                .await?;
            let end = RunEnd {
                error: Some(limit.kind_and_words()),
                next_run_at: chrono::Duration::from_std(options.interval)
                    .ok()
                    .map(|every| now + every),
                ..RunEnd::default()
            };
            store.end_run(org, run_id, &end, now).await?;
            wake(options, org);
        }
        return Err(limit);
    }
    let mut report = SyncReport::default();
    // The first run names the sync; the others join it (one row on the health page).
    let mut cycle: Option<i64> = None;
    for &resource in resources {
        let started = Utc::now();
        let state = states.get(resource.as_str());
        let full = force_full || full_due(state, started, options.full_reconcile_every);
        let run_id = store
            .begin_run(org, resource.as_str(), trigger.as_str(), cycle, started)
            .await?;
        cycle.get_or_insert(run_id);
        wake(options, org);
        let before = client.stats();
        let mut run = ResourceRun {
            store,
            client,
            org,
            run_id,
            resource,
            options,
            report: ResourceReport {
                resource: resource.as_str(),
                ..ResourceReport::default()
            },
            done: 0,
            total: 0,
            known_documents: None,
        };
        let outcome = run.sync(full, state).await;
        let stats = client.stats().since(before);
        let finished = Utc::now();
        let next_run_at = chrono::Duration::from_std(options.interval)
            .ok()
            .map(|every| finished + every);
        record_api_calls(store, org, stats, finished).await;
        let mut end = RunEnd {
            pages_fetched: stats.requests,
            retries: stats.retries,
            rate_limited: stats.rate_limited,
            error: None,
            full_reconcile: run.report.full_reconcile,
            cursor: None,
            next_run_at,
        };
        match outcome {
            Ok(()) => {
                store.end_run(org, run_id, &end, finished).await?;
                wake(options, org);
                info!(
                    org = org.0,
                    resource = resource.as_str(),
                    written = run.report.written.written(),
                    removed = run.report.removed,
                    rejected = run.report.rejected,
                    "synced"
                );
                report.resources.push(run.report);
            }
            Err(err) => {
                warn!(org = org.0, resource = resource.as_str(), error = %err, "sync failed");
                end.error = Some(err.kind_and_words());
                // The run's failure is recorded even when the error was the store's;
                // if that write fails too, the original error is the one to report.
                if let Err(store_err) = store.end_run(org, run_id, &end, finished).await {
                    warn!(org = org.0, error = %store_err, "could not record a failed run");
                }
                wake(options, org);
                return Err(err);
            }
        }
    }
    Ok(report)
}

/// Whether the organization's plan still allows syncing this month: API calls to Billy
/// and synced invoices are limited per month (-1: unlimited).
pub async fn plan_allows_sync(store: &dyn Store, org: OrgId) -> Result<(), SyncError> {
    use crate::domain::billing::{check_limit, LimitKey};
    let plans = store.plans().await?;
    let subscription = store.subscription(org).await?;
    let Some(plan) = plans.iter().find(|p| p.id == subscription.plan_id) else {
        return Ok(());
    };
    let month = crate::domain::period::first_of_month(Utc::now().date_naive());
    let usage = store.usage_for_month(org, month).await?;
    let used = |kind: UsageKind| -> i64 {
        usage
            .iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, q)| *q)
            .sum()
    };
    for (key, kind) in [
        (LimitKey::ApiCallsPerMonth, UsageKind::ApiCall),
        (LimitKey::Records, UsageKind::InvoiceSynced),
    ] {
        check_limit(key, used(kind), 1, plan, &plans).map_err(SyncError::PlanLimit)?;
    }
    Ok(())
}

/// Tells open pages to look at the event log (the write is committed).
fn wake(options: &SyncOptions, org: OrgId) {
    if let Some(live) = &options.live {
        live.wake(org);
    }
}

fn full_due(state: Option<&SyncStateRecord>, now: DateTime<Utc>, every: Duration) -> bool {
    let every = chrono::Duration::from_std(every).unwrap_or(chrono::Duration::MAX);
    match state.and_then(|s| s.last_full_reconcile_at) {
        None => true,
        Some(last) => now - last >= every,
    }
}

/// API calls count against the plan's monthly limit; metering must not fail a sync.
async fn record_api_calls(store: &dyn Store, org: OrgId, stats: StatsSnapshot, at: DateTime<Utc>) {
    if stats.requests == 0 {
        return;
    }
    let calls = i64::try_from(stats.requests).unwrap_or(i64::MAX);
    if let Err(err) = store
        .record_usage(org, UsageKind::ApiCall, calls, None, at)
        .await
    {
        warn!(org = org.0, error = %err, "could not meter API calls");
    }
}

/// The query that embeds invoice lines.
fn with_lines(resource: Resource) -> Vec<(&'static str, String)> {
    if resource == Resource::Invoices {
        vec![("include", "invoice.lines:embed".to_string())]
    } else {
        Vec::new()
    }
}

/// One resource's run in progress.
struct ResourceRun<'a> {
    store: &'a dyn Store,
    client: &'a BillyClient,
    org: OrgId,
    run_id: i64,
    resource: Resource,
    options: &'a SyncOptions,
    report: ResourceReport,
    done: i64,
    total: i64,
    /// Stored invoice and bill ids, loaded by the first payments page that needs them.
    known_documents: Option<(HashSet<String>, HashSet<String>)>,
}

/// Upstream ids seen in a pass (accepted or rejected: both exist upstream).
type Seen = HashSet<String>;

impl ResourceRun<'_> {
    async fn sync(&mut self, full: bool, state: Option<&SyncStateRecord>) -> Result<(), SyncError> {
        match self.resource {
            Resource::Organization => {
                self.client.organization().await?;
                Ok(())
            }
            Resource::Contacts | Resource::Products => {
                self.pull_all(&[], 1).await?;
                self.report.full_reconcile = true;
                Ok(())
            }
            Resource::Invoices | Resource::Bills | Resource::BankPayments => {
                if full {
                    return self.full_reconcile(state).await;
                }
                if self.resource == Resource::BankPayments {
                    self.newest_payments().await?;
                } else {
                    self.incremental_documents().await?;
                }
                // Billy's own count against ours: a record deleted (or added) behind the
                // incremental passes shows here, and is reconciled at once.
                if self.count_drifted().await? {
                    info!(
                        org = self.org.0,
                        resource = self.resource.as_str(),
                        "count differs from Billy's; reconciling"
                    );
                    return self.full_reconcile(None).await;
                }
                Ok(())
            }
        }
    }

    /// Whether Billy counts a different number of records than are stored here.
    async fn count_drifted(&self) -> Result<bool, SyncError> {
        let page = self.client.list(self.resource, &[], 1, 1).await?;
        let upstream = i64::try_from(page.paging.total).unwrap_or(i64::MAX);
        let (local, _) = self
            .store
            .local_totals(self.org, self.resource.as_str())
            .await?;
        Ok(upstream != local)
    }

    /// One page of the resource; its total becomes the run's progress total.
    async fn fetch_page(
        &mut self,
        query: &[(&'static str, String)],
        page_no: u32,
    ) -> Result<super::billy::Page, SyncError> {
        let page = self
            .client
            .list(self.resource, query, page_no, self.options.page_size)
            .await?;
        self.total = i64::try_from(page.paging.total).unwrap_or(i64::MAX);
        Ok(page)
    }

    /// Reads every page from `first_page` on, writing each; the ids seen. Only an
    /// unfiltered pass saves its page as the cursor (a filtered pass is cheap to redo,
    /// and its page numbers mean nothing to the next full pass).
    async fn pull_all(
        &mut self,
        filters: &[(&'static str, String)],
        first_page: u32,
    ) -> Result<Seen, SyncError> {
        let track = filters.is_empty();
        let mut query = with_lines(self.resource);
        query.extend(filters.iter().cloned());
        let mut seen = Seen::new();
        let mut page_no = first_page.max(1);
        loop {
            let page = self.fetch_page(&query, page_no).await?;
            let has_next = page.has_next();
            let cursor = (track && has_next).then(|| format!("page:{}", page_no.saturating_add(1)));
            seen.extend(self.write(&page.records, Vec::new(), cursor).await?);
            if !has_next {
                return Ok(seen);
            }
            page_no = next_page_no(page_no, &page)?;
        }
    }

    /// Every page, deletions upstream removed, totals compared.
    async fn full_reconcile(&mut self, state: Option<&SyncStateRecord>) -> Result<(), SyncError> {
        // A reconcile cut short resumes at its page; deletions are then not judged (the
        // ids of the earlier pages are unknown) and the reconcile stays due.
        let resume_at = state
            .and_then(|s| s.cursor.as_deref())
            .and_then(|c| c.strip_prefix("page:"))
            .and_then(|p| p.parse::<u32>().ok())
            .filter(|p| *p > 1);
        let seen = self.pull_all(&[], resume_at.unwrap_or(1)).await?;
        if resume_at.is_some() {
            return Ok(());
        }
        let stored = self
            .store
            .stored_ids(self.org, self.resource.as_str())
            .await?;
        let mut gone: Vec<String> = stored.difference(&seen).cloned().collect();
        gone.sort();
        if !gone.is_empty() {
            self.write(&[], gone, None).await?;
        }
        self.report.full_reconcile = true;
        self.check_drift().await
    }

    /// Compares Billy's count and total with ours after a full pass.
    async fn check_drift(&mut self) -> Result<(), SyncError> {
        let (upstream_count, upstream_total_minor) = self.upstream_totals().await?;
        let (local_count, local_total_minor) = self
            .store
            .local_totals(self.org, self.resource.as_str())
            .await?;
        let drift = Drift {
            checked_at: Utc::now(),
            upstream_count,
            local_count,
            upstream_total_minor,
            local_total_minor,
        };
        self.store
            .record_drift(self.org, self.resource.as_str(), &drift)
            .await?;
        self.report.drift = Some(drift);
        Ok(())
    }

    /// Billy's own count (`meta.paging.total`) and total of the resource, read afresh:
    /// data may have changed while the pages were read.
    async fn upstream_totals(&self) -> Result<(i64, i64), SyncError> {
        let mut total = 0_i64;
        let mut page_no = 1;
        loop {
            let page = self
                .client
                .list(self.resource, &[], page_no, self.options.page_size)
                .await?;
            for record in &page.records {
                total += record_amount(self.resource, record);
            }
            if !page.has_next() {
                let count = i64::try_from(page.paging.total).unwrap_or(i64::MAX);
                return Ok((count, total));
            }
            page_no = next_page_no(page_no, &page)?;
        }
    }

    /// Open and recent documents, then the locally open ones that came back in neither.
    async fn incremental_documents(&mut self) -> Result<(), SyncError> {
        let mut seen = self
            .pull_all(
                &[
                    ("state", "approved".to_string()),
                    ("isPaid", "false".to_string()),
                ],
                1,
            )
            .await?;
        let since = (Utc::now() - chrono::Duration::days(self.options.recent_days))
            .date_naive()
            .to_string();
        seen.extend(self.pull_all(&[("minEntryDate", since)], 1).await?);
        let open_here = self
            .store
            .open_document_ids(self.org, self.resource.as_str())
            .await?;
        let stale: Vec<String> = open_here
            .into_iter()
            .filter(|id| !seen.contains(id))
            .collect();
        self.refetch(&stale).await
    }

    /// Reads documents one by one; those Billy no longer has are removed.
    async fn refetch(&mut self, ids: &[String]) -> Result<(), SyncError> {
        let query = with_lines(self.resource);
        for chunk in ids.chunks(200) {
            let mut records = Vec::with_capacity(chunk.len());
            let mut gone = Vec::new();
            for id in chunk {
                match self.client.get(self.resource, id, &query).await? {
                    Some(record) => records.push(record),
                    None => gone.push(id.clone()),
                }
            }
            self.write(&records, gone, None).await?;
        }
        Ok(())
    }

    /// Payments newest first until a page holds payments already stored.
    async fn newest_payments(&mut self) -> Result<(), SyncError> {
        let stored = self
            .store
            .stored_ids(self.org, self.resource.as_str())
            .await?;
        let query = vec![
            ("sortProperty", "createdTime".to_string()),
            ("sortDirection", "DESC".to_string()),
        ];
        let mut page_no = 1;
        loop {
            let page = self.fetch_page(&query, page_no).await?;
            let reached_known = page
                .records
                .iter()
                .any(|r| record_id(r).is_some_and(|id| stored.contains(&id)));
            self.write(&page.records, Vec::new(), None).await?;
            if reached_known || !page.has_next() {
                return Ok(());
            }
            page_no = next_page_no(page_no, &page)?;
        }
    }

    /// Converts and writes one page of raw records plus removals; the ids seen.
    async fn write(
        &mut self,
        records: &[Value],
        removed: Vec<String>,
        cursor: Option<String>,
    ) -> Result<Seen, SyncError> {
        let mut batch = Batch::default();
        let mut rejections = Vec::new();
        let mut seen = Seen::new();
        for record in records {
            if let Some(id) = record_id(record) {
                seen.insert(id);
            }
            if let Err(rejection) = self.convert_into(record, &mut batch) {
                rejections.push(RejectedRecord {
                    upstream_id: rejection.upstream_id,
                    reason: rejection.reason,
                    payload: Some(record.clone()),
                });
            }
        }
        if !batch.payments.is_empty() {
            self.settle_references(&mut batch, &mut rejections).await?;
        }
        self.done += i64::try_from(records.len()).unwrap_or(i64::MAX);
        let removed_count = removed.len() as u64;
        let page = SyncPage {
            run_id: self.run_id,
            resource: self.resource.as_str().to_string(),
            batch,
            rejections,
            removed,
            cursor,
            progress_done: self.done,
            progress_total: self.total.max(self.done),
        };
        let outcome = self.store.apply_page(self.org, &page).await?;
        wake(self.options, self.org);
        self.report.written.add(&outcome);
        self.report.removed += removed_count;
        self.report.rejected += page.rejections.len() as u64;
        self.report.pages += 1;
        Ok(seen)
    }

    fn convert_into(&self, record: &Value, batch: &mut Batch) -> Result<(), Rejection> {
        match self.resource {
            Resource::Contacts => batch
                .customers
                .push(convert::contact(&parse::<WireContact>(record)?)?),
            Resource::Products => batch
                .products
                .push(convert::product(&parse::<WireProduct>(record)?)?),
            Resource::Invoices => batch
                .invoices
                .push(convert::invoice(&parse::<WireInvoice>(record)?)?),
            Resource::Bills => batch
                .bills
                .push(convert::bill(&parse::<WireBill>(record)?)?),
            Resource::BankPayments => {
                batch
                    .payments
                    .push(convert::bank_payment(&parse::<WireBankPayment>(record)?)?)
            }
            Resource::Organization => {}
        }
        Ok(())
    }

    /// A payment may settle a document this mirror has not seen (created and paid
    /// between two syncs, older than the recent window): fetch such documents first.
    /// A payment whose document still cannot be had is rejected, not the whole page.
    async fn settle_references(
        &mut self,
        batch: &mut Batch,
        rejections: &mut Vec<RejectedRecord>,
    ) -> Result<(), SyncError> {
        // Read once per run, not per page: the stored ids only grow during a run, and
        // documents fetched here are added below.
        if self.known_documents.is_none() {
            self.known_documents = Some((
                self.store.stored_ids(self.org, "invoices").await?,
                self.store.stored_ids(self.org, "bills").await?,
            ));
        }
        let (known_invoices, known_bills) = self.known_documents.take().unwrap_or_default();
        let mut documents = Batch::default();
        let mut unavailable: HashSet<String> = HashSet::new();
        for payment in &batch.payments {
            for association in &payment.associations {
                let (resource, id, known) = match &association.subject {
                    PaymentSubject::Invoice(id) => (Resource::Invoices, id, &known_invoices),
                    PaymentSubject::Bill(id) => (Resource::Bills, id, &known_bills),
                };
                if known.contains(id) || unavailable.contains(id) {
                    continue;
                }
                let fetched = self.client.get(resource, id, &with_lines(resource)).await?;
                let converted = fetched.as_ref().map(|raw| match resource {
                    Resource::Invoices => parse::<WireInvoice>(raw)
                        .and_then(|w| convert::invoice(&w))
                        .map(|i| documents.invoices.push(i)),
                    _ => parse::<WireBill>(raw)
                        .and_then(|w| convert::bill(&w))
                        .map(|b| documents.bills.push(b)),
                });
                if !matches!(converted, Some(Ok(()))) {
                    unavailable.insert(id.clone());
                }
            }
        }
        let mut known_invoices = known_invoices;
        let mut known_bills = known_bills;
        known_invoices.extend(documents.invoices.iter().map(|i| i.billy_id.clone()));
        known_bills.extend(documents.bills.iter().map(|b| b.billy_id.clone()));
        self.known_documents = Some((known_invoices, known_bills));
        if !documents.is_empty() {
            // Documents first, in a page of their own: the payments page refers to them.
            let page = SyncPage {
                run_id: self.run_id,
                resource: self.resource.as_str().to_string(),
                batch: documents,
                progress_done: self.done,
                progress_total: self.total.max(self.done),
                ..SyncPage::default()
            };
            let outcome = self.store.apply_page(self.org, &page).await?;
            self.report.written.add(&outcome);
        }
        if !unavailable.is_empty() {
            let (keep, drop): (Vec<_>, Vec<_>) = std::mem::take(&mut batch.payments)
                .into_iter()
                .partition(|p| {
                    p.associations.iter().all(|a| match &a.subject {
                        PaymentSubject::Invoice(id) | PaymentSubject::Bill(id) => {
                            !unavailable.contains(id)
                        }
                    })
                });
            batch.payments = keep;
            for payment in drop {
                rejections.push(RejectedRecord {
                    upstream_id: payment.billy_id.clone(),
                    reason: "settles a document that Billy does not return or that was \
                             rejected"
                        .to_string(),
                    payload: None,
                });
            }
        }
        Ok(())
    }
}

fn parse<T: DeserializeOwned>(record: &Value) -> Result<T, Rejection> {
    decode(record).map_err(|reason| Rejection {
        upstream_id: record_id(record).unwrap_or_default(),
        reason,
    })
}

fn record_id(record: &Value) -> Option<String> {
    record.get("id").and_then(Value::as_str).map(str::to_string)
}

/// The amount a record adds to its resource's drift total, in minor units.
fn record_amount(resource: Resource, record: &Value) -> i64 {
    let field = match resource {
        Resource::Invoices => "grossAmount",
        Resource::Bills => {
            if record.get("grossAmount").is_some_and(|v| !v.is_null()) {
                "grossAmount"
            } else {
                let part = |f: &str| record.get(f).and_then(Value::as_f64).unwrap_or(0.0);
                return convert::scaled(part("amount") + part("tax"), 2).unwrap_or(0);
            }
        }
        Resource::BankPayments => "cashAmount",
        _ => return 0,
    };
    record
        .get(field)
        .and_then(Value::as_f64)
        .and_then(|v| convert::scaled(v, 2))
        .unwrap_or(0)
}
