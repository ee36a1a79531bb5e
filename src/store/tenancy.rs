//! The tenancy part of persistence: members and roles, invitations, plans and
//! subscriptions, usage metering and the Billy connection. Implemented for both
//! engines by `sql/tenancy.rs`.
//!
//! Rules that must hold under concurrency (the last owner stays, seats are not
//! oversold, an invitation is used once) are enforced inside one transaction that
//! first locks the organization's subscription row.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};

use super::{OrgId, StoreError, User};
use crate::domain::accounts::{Email, OrgRole};
use crate::domain::billing::PlanInfo;
use crate::domain::reason::Reason;

/// A member as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberRecord {
    pub user_id: i64,
    pub email: String,
    pub display_name: Option<String>,
    pub role: OrgRole,
    pub joined_at: DateTime<Utc>,
}

/// An invitation to create. Only the hash of the link's token is stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewInvitation {
    pub email: Email,
    pub role: OrgRole,
    pub token_hash: String,
    pub invited_by: i64,
    pub expires_at: DateTime<Utc>,
}

/// An invitation as stored, with its organization's name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvitationRecord {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub email: String,
    pub role: OrgRole,
    pub invited_by: Option<String>,
    pub expires_at: DateTime<Utc>,
    pub accepted_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl InvitationRecord {
    /// Why the invitation cannot be accepted at `now`, in words, if it cannot.
    pub fn unusable_reason(&self, now: DateTime<Utc>) -> Option<Reason> {
        if self.accepted_at.is_some() {
            Some(Reason::InvitationUsed)
        } else if self.revoked_at.is_some() {
            Some(Reason::InvitationWithdrawn)
        } else if self.expires_at <= now {
            Some(Reason::InvitationExpired)
        } else {
            None
        }
    }
}

/// An organization's subscription.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubscriptionRecord {
    pub plan_id: String,
    pub seats: i64,
    pub status: String,
    pub current_period_start: DateTime<Utc>,
}

/// One recorded billing event.
#[derive(Clone, Debug, PartialEq)]
pub struct BillingEventRecord {
    pub id: i64,
    pub kind: String,
    pub payload: serde_json::Value,
    pub actor_email: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// A plan change requested by a person, recorded with who and from where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanChange {
    pub plan_id: String,
    /// `None` for changes made by the system (demo seeding, a provider webhook).
    pub actor_user_id: Option<i64>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

/// A sealed token: the ciphertext (with its tag) and the nonce it was sealed with.
#[derive(Clone, PartialEq, Eq)]
pub struct SealedToken {
    pub ciphertext: Vec<u8>,
    pub nonce: Vec<u8>,
}

impl std::fmt::Debug for SealedToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SealedToken({} bytes)", self.ciphertext.len())
    }
}

/// An organization's Billy connection as stored: the token only sealed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BillyConnection {
    pub base_url: Option<String>,
    pub token: SealedToken,
}

/// What usage is metered (the `kind` of `usage_events`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UsageKind {
    InvoiceSynced,
    ApiCall,
    UserActive,
    RecordCreated,
    StorageUsed,
    AutomationRun,
}

impl UsageKind {
    pub fn as_str(self) -> &'static str {
        match self {
            UsageKind::InvoiceSynced => "invoice_synced",
            UsageKind::ApiCall => "api_call",
            UsageKind::UserActive => "user_active",
            UsageKind::RecordCreated => "record_created",
            UsageKind::StorageUsed => "storage_used",
            UsageKind::AutomationRun => "automation_run",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [
            UsageKind::InvoiceSynced,
            UsageKind::ApiCall,
            UsageKind::UserActive,
            UsageKind::RecordCreated,
            UsageKind::StorageUsed,
            UsageKind::AutomationRun,
        ]
        .into_iter()
        .find(|k| k.as_str() == value)
    }
}

/// Members, invitations, plans, usage and the Billy connection.
#[async_trait]
pub trait TenancyStore: Send + Sync + 'static {
    /// The user's role in the organization, if they are a member.
    async fn member_role(&self, org: OrgId, user_id: i64) -> Result<Option<OrgRole>, StoreError>;

    /// Every member, owners first, then by when they joined.
    async fn members(&self, org: OrgId) -> Result<Vec<MemberRecord>, StoreError>;

    /// Adds (or changes) a user's role in an organization.
    async fn set_membership(
        &self,
        org: OrgId,
        user_id: i64,
        role: crate::domain::accounts::OrgRole,
    ) -> Result<(), StoreError>;

    /// Changes a member's role. Refuses to leave the organization without an owner.
    async fn change_role(&self, org: OrgId, user_id: i64, role: OrgRole) -> Result<(), StoreError>;

    /// Removes a member (or lets one leave). Refuses to remove the last owner.
    async fn remove_member(&self, org: OrgId, user_id: i64) -> Result<(), StoreError>;

    /// Creates an invitation if a seat is free for it (members plus pending
    /// invitations within the plan's seats), else [`StoreError::LimitReached`].
    async fn create_invitation(
        &self,
        org: OrgId,
        invitation: &NewInvitation,
        now: DateTime<Utc>,
    ) -> Result<i64, StoreError>;

    /// Invitations neither accepted, revoked nor expired at `now`, newest first.
    async fn pending_invitations(
        &self,
        org: OrgId,
        now: DateTime<Utc>,
    ) -> Result<Vec<InvitationRecord>, StoreError>;

    /// The invitation a link's token hash names, in any state.
    async fn invitation_by_token(
        &self,
        token_hash: &str,
    ) -> Result<Option<InvitationRecord>, StoreError>;

    /// Uses an invitation once: checks it is live and addressed to `user`, that a seat
    /// is free, adds the membership and marks the invitation used, all or nothing.
    async fn accept_invitation(
        &self,
        token_hash: &str,
        user: &User,
        now: DateTime<Utc>,
    ) -> Result<(OrgId, OrgRole), StoreError>;

    /// Withdraws a pending invitation; `Ok(false)` if there was none to withdraw.
    async fn revoke_invitation(
        &self,
        org: OrgId,
        invitation_id: i64,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError>;

    /// Every public plan with its limits and features, cheapest first.
    async fn plans(&self) -> Result<Vec<PlanInfo>, StoreError>;

    /// The organization's subscription.
    async fn subscription(&self, org: OrgId) -> Result<SubscriptionRecord, StoreError>;

    /// Moves the organization to another plan if its members fit the new plan's seats,
    /// recording a billing event and an audit entry in the same transaction.
    async fn change_plan(
        &self,
        org: OrgId,
        change: &PlanChange,
        now: DateTime<Utc>,
    ) -> Result<SubscriptionRecord, StoreError>;

    /// The newest billing events, newest first.
    async fn billing_events(
        &self,
        org: OrgId,
        limit: i64,
    ) -> Result<Vec<BillingEventRecord>, StoreError>;

    /// Records usage: the raw event and its daily and monthly rollups, atomically.
    async fn record_usage(
        &self,
        org: OrgId,
        kind: UsageKind,
        quantity: i64,
        user_id: Option<i64>,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError>;

    /// Records that a member used the organization this month (once per month each,
    /// so the monthly rollup counts distinct active members).
    async fn record_active_member(
        &self,
        org: OrgId,
        user_id: i64,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError>;

    /// Usage per kind for the month starting `month` (from the monthly rollup).
    async fn usage_for_month(
        &self,
        org: OrgId,
        month: NaiveDate,
    ) -> Result<Vec<(UsageKind, i64)>, StoreError>;

    /// Usage per kind for one day (from the daily rollup).
    async fn usage_for_day(
        &self,
        org: OrgId,
        day: NaiveDate,
    ) -> Result<Vec<(UsageKind, i64)>, StoreError>;

    /// Saves the Billy connection (base URL and the sealed token), or removes it
    /// (`None`). The plaintext token never reaches the store.
    async fn set_billy_connection(
        &self,
        org: OrgId,
        connection: Option<&BillyConnection>,
    ) -> Result<(), StoreError>;

    /// The saved Billy connection, if any.
    async fn billy_connection(&self, org: OrgId) -> Result<Option<BillyConnection>, StoreError>;
}
