//! Organizations: creating and finding them, the health ping, demo specs and the
//! platform admin's list of every organization.

use async_trait::async_trait;

use super::{Engine, NewOrganization, OrgId, Organization, StoreError};
use crate::domain::audit::AdminOrgRow;

/// Organizations as a whole (not their members or data).
#[async_trait]
pub trait OrganizationStore: Send + Sync + 'static {
    fn engine(&self) -> Engine;

    /// Answers when the database does (health checks).
    async fn ping(&self) -> Result<(), StoreError>;

    async fn create_organization(&self, org: &NewOrganization) -> Result<Organization, StoreError>;

    async fn organization(&self, org: OrgId) -> Result<Option<Organization>, StoreError>;

    async fn organization_by_slug(&self, slug: &str) -> Result<Option<Organization>, StoreError>;

    async fn list_organizations(&self) -> Result<Vec<Organization>, StoreError>;

    /// Remembers how a demo organization's history was generated (JSON).
    async fn set_demo_spec(&self, org: OrgId, spec: &str) -> Result<(), StoreError>;

    /// How a demo organization's history was generated, if it is one.
    async fn demo_spec(&self, org: OrgId) -> Result<Option<String>, StoreError>;

    /// Every organization with its plan, members and invoice count (platform admins).
    async fn admin_organizations(&self) -> Result<Vec<AdminOrgRow>, StoreError>;
}
