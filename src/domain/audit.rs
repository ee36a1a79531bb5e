//! Audit log entries as people read them, and the platform admin's organization list.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One audit log entry, with names resolved.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRow {
    pub id: i64,
    pub at: DateTime<Utc>,
    /// The acting person's email, if known.
    pub actor: Option<String>,
    /// The machine name (`sign_in`, `role_changed`...).
    pub action: String,
    pub target: Option<String>,
    /// The detail object as compact JSON.
    pub detail: String,
    pub ip: Option<String>,
    /// The organization's name, for platform-wide lists.
    pub org_name: Option<String>,
}

/// An action's name in words.
pub fn describe_action(action: &str) -> &'static str {
    match action {
        "sign_up" => "Signed up",
        "sign_in" => "Signed in",
        "sign_in_failed" => "Failed sign-in",
        "sign_out" => "Signed out",
        "org_switched" => "Switched organization",
        "invitation_created" => "Invited someone",
        "invitation_revoked" => "Revoked an invitation",
        "invitation_accepted" => "Accepted an invitation",
        "role_changed" => "Changed a role",
        "member_removed" => "Removed a member",
        "plan_changed" => "Changed the plan",
        "billy_connected" => "Connected Billy",
        "billy_disconnected" => "Disconnected Billy",
        "sync_requested" => "Started a manual sync",
        _ => "Other",
    }
}

/// One organization in the platform admin's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminOrgRow {
    pub id: i64,
    pub name: String,
    pub slug: String,
    pub plan_name: String,
    pub status: String,
    pub members: i64,
    pub invoices: i64,
    pub is_demo: bool,
    pub created_at: DateTime<Utc>,
}
