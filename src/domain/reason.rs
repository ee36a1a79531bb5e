//! Why the server refused a request, as a code with its details rather than a sentence:
//! the browser words it in the reader's language (`words::errors::reason_text`), and tests
//! and logs can match on the code.

use serde::{Deserialize, Serialize};

use crate::domain::accounts::OrgRole;
use crate::domain::billing::LimitKey;

/// One reason a request was refused. Details are values (an email address, a plan's
/// name), never sentences.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Reason {
    // The request itself.
    /// The request's fields could not be read (a form or a link made by hand).
    InvalidRequest(String),
    UnknownLanguage(String),
    UnknownTheme(String),
    NoPreferenceGiven,
    EmailMissing,
    EmailMalformed,
    PasswordTooShort(usize),
    PasswordTooLong(usize),
    WrongCredentials,
    EmailTaken,
    TokenMissing,
    TokenMalformed,
    BaseUrlNotHttps,
    BaseUrlMalformed,
    BaseUrlCredentials,
    BaseUrlPrivate(String),
    BaseUrlUnresolvable(String),
    BodyTooLarge(usize),
    TokenRejected,
    /// Billy could not be asked; the detail is Billy's trouble in plain words.
    TokenUncheckable(String),

    // Who is asking.
    RoleNotAllowed(OrgRole),
    NoOrganization,
    NotMemberOfOrganization,
    PlatformAdminsOnly,
    OnlyOwnerAssignsOwner,

    // What was asked for.
    InvoiceNotFound(i64),
    CustomerNotFound(i64),
    InvitationNotFound,
    MemberNotFound,
    OrganizationNotFound,

    // Rules and limits.
    NotConnected,
    SyncUnavailable,
    NoSecretKey,
    AlreadyMember(String),
    InvitationInvalid,
    InvitationUsed,
    InvitationWithdrawn,
    InvitationExpired,
    InvitationForSomeoneElse {
        invited: String,
        signed_in: String,
    },
    AlreadyMemberOf(String),
    NoSuchPlan,
    AlreadyOnPlan(String),
    NotAMember,
    LastOwner,
    PlanLimit(PlanLimit),
    /// A downgrade the organization's members would not fit.
    TooManyMembersForPlan {
        plan: String,
        limit: i64,
        members: i64,
    },
    /// A page the signed-in role may not open, in the organization open now.
    PageNotForRole {
        org: String,
        role: OrgRole,
    },
}

/// A plan limit a change would pass: which limit, the plan's value, how much is used,
/// and the cheapest plan that lifts it (its name and value), if any.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanLimit {
    pub key: LimitKey,
    pub plan: String,
    pub limit: i64,
    pub used: i64,
    pub upgrade: Option<(String, i64)>,
}
