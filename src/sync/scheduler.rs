//! The polling scheduler: syncs every connected organization when it is due, and at
//! once when someone presses "Sync now".
//!
//! Each organization syncs in a task of its own (a few at a time), so a slow or
//! failing organization never delays the others; an organization is never synced twice
//! at once. On shutdown the tasks are dropped mid-run: every page already written is
//! committed, and runs left `running` are marked interrupted at the next start.

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use chrono::Utc;
use tokio::sync::{mpsc, watch, Semaphore};
use tokio::task::{JoinHandle, JoinSet};
use tracing::{error, info, warn};

use super::billy::{BillyClient, ClientOptions, DEFAULT_BASE_URL};
use super::engine::{sync_org, SyncOptions, Trigger};
use crate::crypto::secrets::SecretKey;
use crate::error::panic_message;
use crate::store::{OrgId, Store};

/// How the scheduler runs.
#[derive(Clone, Debug)]
pub struct SchedulerConfig {
    pub sync: SyncOptions,
    pub client: ClientOptions,
    /// How often to look for organizations that are due.
    pub tick: Duration,
    /// Organizations syncing at the same time.
    pub max_concurrent: usize,
    /// Whether to sync on a schedule at all (off: only "Sync now").
    pub scheduled: bool,
    /// Live-update events older than this are pruned (hourly); a page resuming from
    /// before then gets `resync` and reloads its data.
    pub event_retention: Duration,
}

impl Default for SchedulerConfig {
    fn default() -> Self {
        Self {
            sync: SyncOptions::default(),
            client: ClientOptions::default(),
            tick: Duration::from_secs(20),
            max_concurrent: 4,
            scheduled: true,
            event_retention: Duration::from_secs(7 * 24 * 60 * 60),
        }
    }
}

/// What became of a "Sync now".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SyncRequest {
    Started,
    AlreadyRunning,
    /// The scheduler has stopped (the server is shutting down).
    Unavailable,
}

/// Asks the scheduler for syncs; cheap to clone.
#[derive(Clone, Debug)]
pub struct SyncHandle {
    requests: mpsc::UnboundedSender<OrgId>,
    running: Arc<Mutex<HashSet<OrgId>>>,
    /// False once the scheduler's task has ended, for whatever reason.
    alive: Arc<AtomicBool>,
}

impl SyncHandle {
    /// Starts a sync of `org` now, unless one is running.
    pub fn request(&self, org: OrgId) -> SyncRequest {
        if self.is_running(org) {
            return SyncRequest::AlreadyRunning;
        }
        match self.requests.send(org) {
            Ok(()) => SyncRequest::Started,
            Err(_) => SyncRequest::Unavailable,
        }
    }

    pub fn is_running(&self, org: OrgId) -> bool {
        lock(&self.running).contains(&org)
    }

    /// Whether the scheduler still runs (the health check reports a dead one).
    pub fn is_alive(&self) -> bool {
        self.alive.load(Ordering::Relaxed)
    }
}

fn lock(set: &Mutex<HashSet<OrgId>>) -> std::sync::MutexGuard<'_, HashSet<OrgId>> {
    // Only inserts and removes happen under this lock; a panic cannot leave it torn.
    set.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Removes the organization from the running set when its task ends, however it ends.
struct RunningGuard {
    org: OrgId,
    running: Arc<Mutex<HashSet<OrgId>>>,
}

impl Drop for RunningGuard {
    fn drop(&mut self) {
        lock(&self.running).remove(&self.org);
    }
}

/// Starts the scheduler; it stops when `shutdown` turns true.
pub fn spawn(
    store: Arc<dyn Store>,
    key: Option<SecretKey>,
    config: SchedulerConfig,
    mut shutdown: watch::Receiver<bool>,
) -> (SyncHandle, JoinHandle<()>) {
    let (requests, mut incoming) = mpsc::unbounded_channel();
    let running: Arc<Mutex<HashSet<OrgId>>> = Arc::default();
    let alive = Arc::new(AtomicBool::new(true));
    let handle = SyncHandle {
        requests,
        running: running.clone(),
        alive: alive.clone(),
    };
    let stopping = shutdown.clone();
    let task = tokio::spawn(async move {
        match store.recover_interrupted_runs(Utc::now()).await {
            Ok(0) => {}
            Ok(count) => info!(count, "marked sync runs of a stopped server as interrupted"),
            Err(err) => warn!(error = %err, "could not check for interrupted sync runs"),
        }
        let permits = Arc::new(Semaphore::new(config.max_concurrent.max(1)));
        let worker = Worker {
            store,
            key: key.map(Arc::new),
            config: Arc::new(config),
            running,
            permits,
        };
        let mut tasks = JoinSet::new();
        let mut ticker = tokio::time::interval(worker.config.tick);
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut pruning = tokio::time::interval(Duration::from_secs(60 * 60));
        pruning.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = ticker.tick(), if worker.config.scheduled => {
                    for org in worker.due_orgs().await {
                        worker.start(&mut tasks, org, Trigger::Schedule);
                    }
                }
                Some(org) = incoming.recv() => worker.start(&mut tasks, org, Trigger::Manual),
                _ = pruning.tick() => worker.prune_events().await,
                Some(done) = tasks.join_next(), if !tasks.is_empty() => {
                    if let Err(err) = done {
                        if err.is_panic() {
                            error!(
                                panic = panic_message(err.into_panic().as_ref()),
                                "an organization's sync panicked; the next tick tries again"
                            );
                        }
                    }
                }
                changed = shutdown.changed() => {
                    if changed.is_err() || *shutdown.borrow() {
                        break;
                    }
                }
            }
        }
        tasks.abort_all();
    });
    (handle, watch_scheduler(task, alive, stopping))
}

/// Waits for the scheduler's task to end and says how it ended: quietly at shutdown,
/// as an ERROR otherwise (a panic, or an end nobody asked for), since no organization
/// syncs again until a restart. `alive` turns false either way, for the health check.
pub fn watch_scheduler(
    task: JoinHandle<()>,
    alive: Arc<AtomicBool>,
    shutdown: watch::Receiver<bool>,
) -> JoinHandle<()> {
    tokio::spawn(async move {
        let ended = task.await;
        alive.store(false, Ordering::Relaxed);
        let shutting_down = *shutdown.borrow();
        match ended {
            Ok(()) if shutting_down => info!("sync scheduler stopped"),
            Ok(()) => error!("the sync scheduler stopped on its own: syncs resume after a restart"),
            Err(err) if err.is_panic() => error!(
                panic = panic_message(err.into_panic().as_ref()),
                "the sync scheduler panicked: syncs resume after a restart"
            ),
            Err(_) if shutting_down => info!("sync scheduler stopped"),
            Err(_) => error!("the sync scheduler was cancelled: syncs resume after a restart"),
        }
    })
}

struct Worker {
    store: Arc<dyn Store>,
    key: Option<Arc<SecretKey>>,
    config: Arc<SchedulerConfig>,
    running: Arc<Mutex<HashSet<OrgId>>>,
    permits: Arc<Semaphore>,
}

impl Worker {
    async fn prune_events(&self) {
        let Ok(retention) = chrono::Duration::from_std(self.config.event_retention) else {
            return;
        };
        match self.store.prune_events(Utc::now() - retention).await {
            Ok(0) => {}
            Ok(count) => info!(count, "pruned old live-update events"),
            Err(err) => warn!(error = %err, "could not prune live-update events"),
        }
    }

    /// Connected organizations whose next run time has come (or that never synced).
    async fn due_orgs(&self) -> Vec<OrgId> {
        let orgs = match self.store.connected_orgs().await {
            Ok(orgs) => orgs,
            Err(err) => {
                warn!(error = %err, "could not list connected organizations");
                return Vec::new();
            }
        };
        let now = Utc::now();
        let mut due = Vec::new();
        for org in orgs {
            match self.store.sync_states(org).await {
                Ok(states) => {
                    let next = states.iter().filter_map(|s| s.next_run_at).min();
                    if states.len() < 6 || next.is_none_or(|next| next <= now) {
                        due.push(org);
                    }
                }
                Err(err) => warn!(org = org.0, error = %err, "could not read sync state"),
            }
        }
        due
    }

    fn start(&self, tasks: &mut JoinSet<()>, org: OrgId, trigger: Trigger) {
        if !lock(&self.running).insert(org) {
            return;
        }
        let guard = RunningGuard {
            org,
            running: self.running.clone(),
        };
        let store = self.store.clone();
        let key = self.key.clone();
        let config = self.config.clone();
        let permits = self.permits.clone();
        // Every line the sync logs says which organization it was for.
        let span = tracing::info_span!("sync", org = org.0, trigger = ?trigger);
        tasks.spawn(tracing::Instrument::instrument(
            async move {
                let _guard = guard;
                let Ok(_permit) = permits.acquire_owned().await else {
                    return;
                };
                let client = match open_client(&*store, key.as_deref(), org, &config.client).await {
                    Ok(client) => client,
                    Err(message) => {
                        warn!(org = org.0, "{message}");
                        return;
                    }
                };
                // Failures are recorded on the runs by the engine; nothing more to do here.
                let _ = sync_org(&*store, &client, org, trigger, &config.sync).await;
            },
            span,
        ));
    }
}

/// The Billy client for an organization's saved connection.
pub async fn open_client(
    store: &dyn Store,
    key: Option<&SecretKey>,
    org: OrgId,
    options: &ClientOptions,
) -> Result<BillyClient, String> {
    let connection = store
        .billy_connection(org)
        .await
        .map_err(|e| format!("cannot read the Billy connection: {e}"))?
        .ok_or_else(|| "not connected to Billy".to_string())?;
    let key = key.ok_or_else(|| "no secret key to open the Billy token".to_string())?;
    let token = key
        .open(org.0, &connection.token)
        .map_err(|e| format!("cannot open the Billy token: {e}"))?;
    let base_url = connection
        .base_url
        .unwrap_or_else(|| DEFAULT_BASE_URL.to_string());
    BillyClient::new(&base_url, &token, options.clone()).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_panicked_scheduler_is_reported_dead() {
        let alive = Arc::new(AtomicBool::new(true));
        let (_stop, shutdown) = watch::channel(false);
        let task = tokio::spawn(async { panic!("scheduler bug") });
        watch_scheduler(task, alive.clone(), shutdown)
            .await
            .expect("watcher");
        assert!(!alive.load(Ordering::Relaxed));
    }

    #[tokio::test]
    async fn a_scheduler_that_runs_stays_alive() {
        let alive = Arc::new(AtomicBool::new(true));
        let (_stop, shutdown) = watch::channel(false);
        let task = tokio::spawn(std::future::pending::<()>());
        let watcher = watch_scheduler(task, alive.clone(), shutdown);
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(alive.load(Ordering::Relaxed));
        watcher.abort();
    }
}
