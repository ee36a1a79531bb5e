//! The context shared by page rendering and server functions.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use crate::store::Store;

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
}

impl ServerCtx {
    pub fn new(store: Arc<dyn Store>, config: super::Config) -> Self {
        Self {
            store,
            config: Arc::new(config),
            active_members_seen: Arc::default(),
        }
    }
}
