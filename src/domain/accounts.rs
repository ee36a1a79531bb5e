//! People and their rights: organization roles, platform roles and the rules for email
//! addresses. Shared by the server (which enforces) and the UI (which hides what a role
//! cannot do).

use serde::{Deserialize, Serialize};

/// A member's role inside one organization, from most to least powerful.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum OrgRole {
    Owner,
    Admin,
    Member,
    Viewer,
}

impl OrgRole {
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
pub struct InvalidEmail(pub &'static str);

impl Email {
    pub fn parse(raw: &str) -> Result<Self, InvalidEmail> {
        let email = raw.trim().to_lowercase();
        if email.is_empty() {
            return Err(InvalidEmail("Enter your email address."));
        }
        if email.len() > 254 || email.chars().any(char::is_whitespace) {
            return Err(InvalidEmail("That does not look like an email address."));
        }
        match email.split_once('@') {
            Some((local, domain))
                if !local.is_empty() && domain.contains('.') && !domain.contains('@') =>
            {
                Ok(Self(email))
            }
            _ => Err(InvalidEmail("That does not look like an email address.")),
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
