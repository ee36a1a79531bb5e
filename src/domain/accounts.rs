//! People and their rights: organization roles, platform roles and the rules for email
//! addresses. Shared by the server (which enforces) and the UI (which hides what a role
//! cannot do).

use serde::{Deserialize, Serialize};

use crate::domain::reason::Reason;

/// A member's role inside one organization, from most to least powerful.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum OrgRole {
    Owner,
    Admin,
    Member,
    Viewer,
}

impl OrgRole {
    /// From most to least powerful.
    pub const ALL: [OrgRole; 4] = [
        OrgRole::Owner,
        OrgRole::Admin,
        OrgRole::Member,
        OrgRole::Viewer,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OrgRole::Owner => "owner",
            OrgRole::Admin => "admin",
            OrgRole::Member => "member",
            OrgRole::Viewer => "viewer",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|role| role.as_str() == value)
    }

    /// Members and above may start actions such as a manual sync.
    pub fn can_act(self) -> bool {
        self <= OrgRole::Member
    }

    /// Admins and owners manage members and the Billy connection.
    pub fn can_manage_members(self) -> bool {
        self <= OrgRole::Admin
    }

    /// Only owners change the plan.
    pub fn can_manage_plan(self) -> bool {
        self == OrgRole::Owner
    }
}

/// Something a person may ask to do inside an organization. Every server function
/// names one, and [`allowed`] is the single table of who may do what.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Action {
    /// Read dashboards, tables and the organization's own settings pages.
    ViewDashboards,
    /// Start work such as a manual sync.
    RunActions,
    /// Read the member list and pending invitations.
    ViewMembers,
    /// Invite people, change roles, remove members.
    ManageMembers,
    /// Connect or disconnect the Billy account.
    ManageBillyConnection,
    /// Read the plan, usage against limits and billing history.
    ViewBilling,
    /// Change the plan.
    ManagePlan,
    /// Read the organization's audit log.
    ViewAuditLog,
}

impl Action {
    pub const ALL: [Action; 8] = [
        Action::ViewDashboards,
        Action::RunActions,
        Action::ViewMembers,
        Action::ManageMembers,
        Action::ManageBillyConnection,
        Action::ViewBilling,
        Action::ManagePlan,
        Action::ViewAuditLog,
    ];
}

/// Whether `role` may do `action`: owner ⊇ admin ⊇ member ⊇ viewer; viewers only read;
/// members act; admins manage people and the Billy connection; only owners change the
/// plan. The billing page is readable by everyone in the organization (the issue asks
/// for it read-only for non-managers), the audit log only by admins and owners.
pub fn allowed(role: OrgRole, action: Action) -> bool {
    match action {
        Action::ViewDashboards | Action::ViewMembers | Action::ViewBilling => true,
        Action::RunActions => role.can_act(),
        Action::ManageMembers | Action::ManageBillyConnection | Action::ViewAuditLog => {
            role.can_manage_members()
        }
        Action::ManagePlan => role.can_manage_plan(),
    }
}

/// Whether `actor` (already allowed to manage members) may move someone from `from`
/// (`None`: not a member yet) to `to` (`None`: removed). Only owners grant, change or
/// remove the owner role, so an admin cannot take over or lock out an owner.
pub fn may_assign(
    actor: OrgRole,
    from: Option<OrgRole>,
    to: Option<OrgRole>,
) -> Result<(), Reason> {
    let touches_owner = from == Some(OrgRole::Owner) || to == Some(OrgRole::Owner);
    if touches_owner && actor != OrgRole::Owner {
        Err(Reason::OnlyOwnerAssignsOwner)
    } else {
        Ok(())
    }
}

/// What the header and every page know about the person signed in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub email: String,
    pub display_name: Option<String>,
    pub platform_role: PlatformRole,
    /// The organization open now, with the person's role in it.
    pub org: OrgChoice,
    /// Every organization the person may switch to (including the open one).
    pub orgs: Vec<OrgChoice>,
}

impl SessionInfo {
    pub fn can(&self, action: Action) -> bool {
        allowed(self.org.role, action)
    }
}

/// One organization in the switcher.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgChoice {
    pub id: i64,
    pub name: String,
    pub role: OrgRole,
}

/// A role across the whole installation, separate from organization roles.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PlatformRole {
    SuperAdmin,
    Admin,
    User,
}

impl PlatformRole {
    pub fn as_str(self) -> &'static str {
        match self {
            PlatformRole::SuperAdmin => "super_admin",
            PlatformRole::Admin => "admin",
            PlatformRole::User => "user",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [
            PlatformRole::SuperAdmin,
            PlatformRole::Admin,
            PlatformRole::User,
        ]
        .into_iter()
        .find(|role| role.as_str() == value)
    }

    /// Platform admins reach the admin area that lists organizations.
    pub fn is_platform_admin(self) -> bool {
        matches!(self, PlatformRole::SuperAdmin | PlatformRole::Admin)
    }
}

/// An email address as typed, checked and normalised (trimmed, lower-cased).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Email(String);

/// Why an email address was refused, in words for the person typing it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct InvalidEmail(pub Reason);

/// The longest email address there is (RFC 5321's path limit less its brackets).
pub const MAX_EMAIL_BYTES: usize = 254;

impl Email {
    pub fn parse(raw: &str) -> Result<Self, InvalidEmail> {
        let email = raw.trim().to_lowercase();
        if email.is_empty() {
            return Err(InvalidEmail(Reason::EmailMissing));
        }
        if email.len() > MAX_EMAIL_BYTES || email.chars().any(char::is_whitespace) {
            return Err(InvalidEmail(Reason::EmailMalformed));
        }
        match email.split_once('@') {
            Some((local, domain))
                if !local.is_empty() && domain.contains('.') && !domain.contains('@') =>
            {
                Ok(Self(email))
            }
            _ => Err(InvalidEmail(Reason::EmailMalformed)),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_order_their_rights() {
        assert!(OrgRole::Owner.can_manage_plan() && !OrgRole::Admin.can_manage_plan());
        assert!(OrgRole::Admin.can_manage_members() && !OrgRole::Member.can_manage_members());
        assert!(OrgRole::Member.can_act() && !OrgRole::Viewer.can_act());
        for role in OrgRole::ALL {
            assert_eq!(OrgRole::parse(role.as_str()), Some(role));
        }
        assert!(PlatformRole::Admin.is_platform_admin() && !PlatformRole::User.is_platform_admin());
    }

    #[test]
    fn each_role_may_do_what_the_role_below_may() {
        for action in Action::ALL {
            for pair in OrgRole::ALL.windows(2) {
                let (higher, lower) = (pair[0], pair[1]);
                assert!(
                    !allowed(lower, action) || allowed(higher, action),
                    "{higher:?} must be allowed {action:?} when {lower:?} is"
                );
            }
        }
        let viewer_may: Vec<Action> = Action::ALL
            .into_iter()
            .filter(|a| allowed(OrgRole::Viewer, *a))
            .collect();
        assert_eq!(
            viewer_may,
            vec![
                Action::ViewDashboards,
                Action::ViewMembers,
                Action::ViewBilling
            ],
            "viewers only read"
        );
        assert!(allowed(OrgRole::Member, Action::RunActions));
        assert!(!allowed(OrgRole::Member, Action::ManageMembers));
        assert!(allowed(OrgRole::Admin, Action::ManageBillyConnection));
        assert!(!allowed(OrgRole::Admin, Action::ManagePlan));
        assert!(allowed(OrgRole::Owner, Action::ManagePlan));
    }

    #[test]
    fn only_owners_touch_the_owner_role() {
        use OrgRole::*;
        assert!(may_assign(Admin, Some(Member), Some(Viewer)).is_ok());
        assert!(may_assign(Admin, None, Some(Admin)).is_ok());
        assert!(may_assign(Admin, None, Some(Owner)).is_err());
        assert!(may_assign(Admin, Some(Owner), Some(Admin)).is_err());
        assert!(may_assign(Admin, Some(Owner), None).is_err());
        assert!(may_assign(Owner, Some(Owner), Some(Admin)).is_ok());
        assert!(may_assign(Owner, None, Some(Owner)).is_ok());
    }

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(
            Email::parse("  Jane@Example.COM ").map(|e| e.0),
            Ok("jane@example.com".to_string())
        );
        assert!(Email::parse("").is_err());
        assert!(Email::parse("jane").is_err());
        assert!(Email::parse("jane@localhost").is_err());
        assert!(Email::parse("ja ne@example.com").is_err());
        assert!(Email::parse("@example.com").is_err());
    }
}
