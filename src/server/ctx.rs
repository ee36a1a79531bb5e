//! The context shared by page rendering and server functions.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use tokio::sync::watch;

use crate::store::Store;
use crate::sync::scheduler::SyncHandle;

/// Provided to every render and server function call through Leptos' context. The
/// organization a request acts for is never here: it comes from the request's session
/// (see `api::support::authorize`).
#[derive(Clone)]
pub struct ServerCtx {
    pub store: Arc<dyn Store>,
    pub config: Arc<super::Config>,
    /// (organization, user, month) already metered as active, so the database is asked
    /// once per member and month per process rather than on every request.
    pub active_members_seen: Arc<Mutex<HashSet<(i64, i64, chrono::NaiveDate)>>>,
    /// The sync scheduler, when one runs ("Sync now" asks it).
    pub sync: Option<SyncHandle>,
    /// Turns true when the server shuts down: background work and live streams end.
    pub shutdown: watch::Sender<bool>,
    /// Wakes the live-update streams when an organization's event log grows.
    pub live: crate::live::LiveHub,
}

impl ServerCtx {
    pub fn new(store: Arc<dyn Store>, config: super::Config) -> Self {
        Self {
            store,
            config: Arc::new(config),
            active_members_seen: Arc::default(),
            sync: None,
            shutdown: watch::Sender::new(false),
            live: crate::live::LiveHub::default(),
        }
    }

    pub fn with_sync(mut self, sync: SyncHandle) -> Self {
        self.sync = Some(sync);
        self
    }
}
