//! Members and invitations as the members page shows them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::accounts::OrgRole;
use super::billing::UsageMeter;

/// How long an invitation link stays valid.
pub const INVITATION_VALID_DAYS: i64 = 7;

/// One member of the organization.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberRow {
    pub user_id: i64,
    pub email: String,
    pub display_name: Option<String>,
    pub role: OrgRole,
    pub joined_at: DateTime<Utc>,
    /// The person looking at the page.
    pub is_you: bool,
}

/// An invitation not yet accepted, revoked or expired.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationRow {
    pub id: i64,
    pub email: String,
    pub role: OrgRole,
    pub expires_at: DateTime<Utc>,
    pub invited_by: Option<String>,
}

/// Everything the members page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MembersOverview {
    pub org_name: String,
    pub members: Vec<MemberRow>,
    pub invitations: Vec<InvitationRow>,
    /// Members plus pending invitations against the plan's seats.
    pub seats: UsageMeter,
    pub plan_name: String,
    /// Whether the person looking may invite, change roles and remove.
    pub can_manage: bool,
}

/// A freshly created invitation: the link is shown once, to the inviter (there is no
/// mail server), and written to the server log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationCreated {
    pub email: String,
    pub role: OrgRole,
    pub link: String,
    pub expires_at: DateTime<Utc>,
}

/// What an invitation link offers, shown before it is accepted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationPreview {
    pub org_name: String,
    pub email: String,
    pub role: OrgRole,
    pub expires_at: DateTime<Utc>,
    /// Why it can no longer be used, if so ("This invitation has expired.").
    pub unusable: Option<crate::domain::reason::Reason>,
}
