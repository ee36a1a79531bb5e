//! Words for why the server refused a request ([`Reason`] and [`AppError`]), in the
//! reader's language: the server sends codes, the page words them. English is also what
//! logs and non-browser clients read (`Display`).

use std::fmt;

use crate::domain::billing::LimitKey;
use crate::domain::format;
use crate::domain::format::Lang;
use crate::domain::reason::Reason;
use crate::domain::sync::SyncProblem;
use crate::error::AppError;
use crate::i18n::{lang_of, td_string, Locale};
use crate::words::text::{limit_text, role_label};

// The English words are also what logs and plain clients read.
impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&error_text(self, Locale::en))
    }
}

impl std::error::Error for AppError {}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&reason_text(self, Locale::en))
    }
}

impl std::error::Error for Reason {}

/// Why a request was refused, in the reader's language.
pub fn reason_text(reason: &Reason, locale: Locale) -> String {
    let lang = lang_of(locale);
    match reason {
        Reason::InvalidRequest(detail) => {
            td_string!(locale, errors.invalid_request, detail = detail)
        }
        Reason::UnknownLanguage(given) => {
            td_string!(locale, errors.unknown_language, given = given)
        }
        Reason::UnknownTheme(given) => td_string!(locale, errors.unknown_theme, given = given),
        Reason::NoPreferenceGiven => td_string!(locale, errors.no_preference_given).to_string(),
        Reason::EmailMissing => td_string!(locale, errors.email_missing).to_string(),
        Reason::EmailMalformed => td_string!(locale, errors.email_malformed).to_string(),
        Reason::PasswordTooShort(n) => td_string!(locale, errors.password_too_short, n = n),
        Reason::PasswordTooLong(n) => td_string!(locale, errors.password_too_long, n = n),
        Reason::WrongCredentials => td_string!(locale, errors.wrong_credentials).to_string(),
        Reason::EmailTaken => td_string!(locale, errors.email_taken).to_string(),
        Reason::TokenMissing => td_string!(locale, errors.token_missing).to_string(),
        Reason::TokenMalformed => td_string!(locale, errors.token_malformed).to_string(),
        Reason::BaseUrlNotHttps => td_string!(locale, errors.base_url_not_https).to_string(),
        Reason::BaseUrlMalformed => td_string!(locale, errors.base_url_malformed).to_string(),
        Reason::BaseUrlCredentials => td_string!(locale, errors.base_url_credentials).to_string(),
        Reason::BaseUrlPrivate(host) => td_string!(locale, errors.base_url_private, host = host),
        Reason::BaseUrlUnresolvable(host) => {
            td_string!(locale, errors.base_url_unresolvable, host = host)
        }
        Reason::BodyTooLarge(limit) => td_string!(locale, errors.body_too_large, limit = limit),
        Reason::TokenRejected => td_string!(locale, errors.token_rejected).to_string(),
        Reason::TokenUncheckable(detail) => {
            td_string!(locale, errors.token_uncheckable, detail = detail)
        }
        Reason::RoleNotAllowed(role) => {
            td_string!(
                locale,
                errors.role_not_allowed,
                role = role_label(*role, locale)
            )
        }
        Reason::NoOrganization => td_string!(locale, errors.no_organization).to_string(),
        Reason::NotMemberOfOrganization => {
            td_string!(locale, errors.not_member_of_organization).to_string()
        }
        Reason::PlatformAdminsOnly => td_string!(locale, errors.platform_admins_only).to_string(),
        Reason::OnlyOwnerAssignsOwner => {
            td_string!(locale, errors.only_owner_assigns_owner).to_string()
        }
        Reason::InvoiceNotFound(id) => td_string!(locale, errors.invoice_not_found, id = id),
        Reason::CustomerNotFound(id) => td_string!(locale, errors.customer_not_found, id = id),
        Reason::InvitationNotFound => td_string!(locale, errors.invitation_not_found).to_string(),
        Reason::MemberNotFound => td_string!(locale, errors.member_not_found).to_string(),
        Reason::OrganizationNotFound => {
            td_string!(locale, errors.organization_not_found).to_string()
        }
        Reason::NotConnected => td_string!(locale, errors.not_connected).to_string(),
        Reason::SyncUnavailable => td_string!(locale, errors.sync_unavailable).to_string(),
        Reason::NoSecretKey => td_string!(locale, errors.no_secret_key).to_string(),
        Reason::AlreadyMember(email) => td_string!(locale, errors.already_member, email = email),
        Reason::InvitationInvalid => td_string!(locale, errors.invitation_invalid).to_string(),
        Reason::InvitationUsed => td_string!(locale, errors.invitation_used).to_string(),
        Reason::InvitationWithdrawn => td_string!(locale, errors.invitation_withdrawn).to_string(),
        Reason::InvitationExpired => td_string!(locale, errors.invitation_expired).to_string(),
        Reason::InvitationForSomeoneElse { invited, signed_in } => td_string!(
            locale,
            errors.invitation_for_someone_else,
            invited = invited,
            signed_in = signed_in
        ),
        Reason::AlreadyMemberOf(org) => td_string!(locale, errors.already_member_of, org = org),
        Reason::NoSuchPlan => td_string!(locale, errors.no_such_plan).to_string(),
        Reason::AlreadyOnPlan(plan) => td_string!(locale, errors.already_on_plan, plan = plan),
        Reason::NotAMember => td_string!(locale, errors.not_a_member).to_string(),
        Reason::LastOwner => td_string!(locale, errors.last_owner).to_string(),
        Reason::TooManyMembersForPlan {
            plan,
            limit,
            members,
        } => td_string!(
            locale,
            errors.too_many_members_for_plan,
            plan = plan.clone(),
            limit = limit_text(LimitKey::Seats, *limit, locale),
            members = format::count(*members, lang)
        ),
        Reason::PageNotForRole { org, role } => td_string!(
            locale,
            accounts.role_refused,
            org = org.clone(),
            role = role_label(*role, locale)
        ),
        Reason::PlanLimit(hit) => {
            let mut text = td_string!(
                locale,
                errors.plan_limit,
                plan = hit.plan.clone(),
                limit = limit_text(hit.key, hit.limit, locale),
                used = format::count(hit.used, lang)
            );
            if let Some((plan, limit)) = &hit.upgrade {
                text.push(' ');
                text.push_str(&td_string!(
                    locale,
                    errors.plan_limit_upgrade,
                    plan = plan.clone(),
                    limit = limit_text(hit.key, *limit, locale)
                ));
            }
            text
        }
    }
}

/// What went wrong, in the reader's language.
pub fn error_text(error: &AppError, locale: Locale) -> String {
    match error {
        AppError::BadRequest(reason)
        | AppError::NotFound(reason)
        | AppError::Forbidden(reason)
        | AppError::Refused(reason) => reason_text(reason, locale),
        AppError::Unauthorized => td_string!(locale, errors.signed_out).to_string(),
        AppError::TooManyRequests(seconds) => {
            td_string!(locale, errors.too_many_requests, seconds = seconds)
        }
        AppError::Internal => td_string!(locale, errors.internal).to_string(),
        AppError::Transport(detail) => td_string!(locale, errors.transport, detail = detail),
    }
}

/// Why a sync failed, in the reader's language. The engine's English words are exact
/// (they name Billy's status code or lock reason); in Danish the kinds without such
/// details get their own words, the rest keep the engine's.
pub fn sync_problem_text(problem: &SyncProblem, locale: Locale) -> String {
    if lang_of(locale) == Lang::En {
        return problem.words.clone();
    }
    let words = match problem.kind.as_str() {
        "invalid_token" => td_string!(locale, errors.sync_invalid_token),
        "rate_limited" => td_string!(locale, errors.sync_rate_limited),
        "upstream_down" => td_string!(locale, errors.sync_upstream_down),
        "timeout" => td_string!(locale, errors.sync_timeout),
        "unreachable" => td_string!(locale, errors.sync_unreachable),
        "bad_response" => td_string!(locale, errors.sync_bad_response),
        "storage" => td_string!(locale, errors.sync_storage),
        "interrupted" => td_string!(locale, errors.sync_interrupted),
        "plan_limit" => td_string!(locale, errors.sync_plan_limit),
        _ => return problem.words.clone(),
    };
    words.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_read_in_both_languages() {
        let reason = Reason::InvoiceNotFound(42);
        assert_eq!(
            reason_text(&reason, Locale::en),
            "Invoice 42 was not found."
        );
        assert_eq!(
            reason_text(&reason, Locale::da),
            "Faktura 42 blev ikke fundet."
        );
        let limit = Reason::PlanLimit(crate::domain::reason::PlanLimit {
            key: LimitKey::Seats,
            plan: "Free".into(),
            limit: 1,
            used: 1000,
            upgrade: None,
        });
        assert_eq!(
            reason_text(&limit, Locale::da),
            "Planen Free tillader 1 plads, og organisationen bruger allerede 1.000."
        );
    }

    #[test]
    fn sync_problems_keep_english_details_and_word_known_kinds_in_danish() {
        let problem = SyncProblem {
            kind: "timeout".into(),
            words: "Billy did not answer in time. The next sync tries again.".into(),
        };
        assert_eq!(sync_problem_text(&problem, Locale::en), problem.words);
        assert!(sync_problem_text(&problem, Locale::da).starts_with("Billy svarede ikke"));
        let locked = SyncProblem {
            kind: "organization_locked".into(),
            words: "The organization is locked in Billy (unpaid).".into(),
        };
        assert_eq!(sync_problem_text(&locked, Locale::da), locked.words);
    }
}
