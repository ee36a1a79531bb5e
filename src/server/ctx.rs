//! The context shared by page rendering and server functions.

use std::sync::Arc;

use crate::store::{Organization, Store, StoreError};

/// Provided to every render and server function call through Leptos' context.
#[derive(Clone)]
pub struct ServerCtx {
    pub store: Arc<dyn Store>,
    pub config: Arc<super::Config>,
}

impl ServerCtx {
    pub fn new(store: Arc<dyn Store>, config: super::Config) -> Self {
        Self {
            store,
            config: Arc::new(config),
        }
    }

    /// The organization a request acts for. Until accounts exist this is the configured
    /// demo organization (or the first one); the accounts issue replaces this one
    /// function with the session's organization. The client never names it.
    pub async fn current_organization(&self) -> Result<Option<Organization>, StoreError> {
        match &self.config.default_org_slug {
            Some(slug) => self.store.organization_by_slug(slug).await,
            None => Ok(self.store.list_organizations().await?.into_iter().next()),
        }
    }
}
