//! Members and invitations: list, invite (a single-use link that expires), withdraw,
//! change roles, remove, leave, and accept an invitation.

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::domain::accounts::Action;
use crate::domain::accounts::OrgRole;
use crate::domain::members::{InvitationCreated, InvitationPreview, MembersOverview};
use crate::error::AppError;

/// The organization's members, pending invitations and seats.
#[server(endpoint = "members")]
pub async fn get_members() -> Result<MembersOverview, AppError> {
    super::support::for_caller(Action::ViewMembers, "listing members", ssr::get_members).await
}

/// Invites `email` into `role`; the answer carries the link to pass on.
#[server(endpoint = "invite_member")]
pub async fn invite_member(email: String, role: OrgRole) -> Result<InvitationCreated, AppError> {
    super::support::for_caller(Action::ManageMembers, "creating an invitation", |caller| {
        ssr::invite_member(caller, email, role)
    })
    .await
}

/// Withdraws a pending invitation.
#[server(endpoint = "revoke_invitation")]
pub async fn revoke_invitation(invitation_id: i64) -> Result<(), AppError> {
    super::support::for_caller(Action::ManageMembers, "revoking an invitation", |caller| {
        ssr::revoke_invitation(caller, invitation_id)
    })
    .await
}

/// Gives a member another role.
#[server(endpoint = "change_member_role")]
pub async fn change_member_role(user_id: i64, role: OrgRole) -> Result<(), AppError> {
    super::support::for_caller(Action::ManageMembers, "changing a role", |caller| {
        ssr::change_member_role(caller, user_id, role)
    })
    .await
}

/// Removes a member from the organization.
#[server(endpoint = "remove_member")]
pub async fn remove_member(user_id: i64) -> Result<(), AppError> {
    super::support::for_caller(Action::ManageMembers, "removing a member", |caller| {
        ssr::remove_member(caller, user_id)
    })
    .await
}

/// Leaves the open organization (not allowed for its last owner).
#[server(endpoint = "leave_organization")]
pub async fn leave_organization() -> Result<(), AppError> {
    super::support::for_caller(
        Action::ViewDashboards,
        "leaving an organization",
        ssr::leave_organization,
    )
    .await
}

/// What an invitation link offers (readable without signing in).
#[server(endpoint = "invitation")]
pub async fn get_invitation(token: String) -> Result<InvitationPreview, AppError> {
    super::support::answer(ssr::get_invitation(token)).await
}

/// Accepts an invitation as the signed-in person and opens its organization.
#[server(endpoint = "accept_invitation")]
pub async fn accept_invitation(token: String) -> Result<(), AppError> {
    super::support::answer(ssr::accept_invitation(token)).await
}

#[cfg(feature = "ssr")]
mod ssr {
    use chrono::{Duration, Utc};
    use rand::RngCore;
    use sha2::{Digest, Sha256};

    use crate::api::support::{
        from_store, internal, redirect_plain_forms, server_ctx, session, Failure,
    };
    use crate::domain::accounts::{may_assign, Email, OrgRole};
    use crate::domain::billing::{LimitKey, UsageMeter};
    use crate::domain::members::{
        InvitationCreated, InvitationPreview, InvitationRow, MemberRow, MembersOverview,
        INVITATION_VALID_DAYS,
    };
    use crate::error::{AppError, Reason};
    use crate::server::caller::{signed_in_user, Caller};
    use crate::server::sessions::ORG_KEY;
    use crate::store::NewInvitation;

    /// Only the hash of an invitation token is stored.
    fn token_hash(token: &str) -> String {
        format!("{:x}", Sha256::digest(token.trim().as_bytes()))
    }

    /// 256 random bits, hex-encoded: unguessable and safe in a URL.
    fn new_token() -> String {
        let mut bytes = [0u8; 32];
        rand::thread_rng().fill_bytes(&mut bytes);
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    pub async fn get_members(caller: Caller) -> Result<MembersOverview, Failure> {
        let store = &caller.ctx.store;
        let now = Utc::now();
        let members = store.members(caller.org_id()).await?;
        let invitations = store.pending_invitations(caller.org_id(), now).await?;
        let subscription = store.subscription(caller.org_id()).await?;
        let plans = store.plans().await?;
        let plan = plans.iter().find(|p| p.id == subscription.plan_id);
        let seats = UsageMeter {
            key: LimitKey::Seats,
            used: i64::try_from(members.len() + invitations.len()).unwrap_or(i64::MAX),
            limit: plan.map_or(0, |p| p.limit(LimitKey::Seats)),
        };
        Ok(MembersOverview {
            org_name: caller.org.name.clone(),
            members: members
                .into_iter()
                .map(|m| MemberRow {
                    is_you: m.user_id == caller.user.id,
                    user_id: m.user_id,
                    email: m.email,
                    display_name: m.display_name,
                    role: m.role,
                    joined_at: m.joined_at,
                })
                .collect(),
            invitations: invitations
                .into_iter()
                .map(|i| InvitationRow {
                    id: i.id,
                    email: i.email,
                    role: i.role,
                    expires_at: i.expires_at,
                    invited_by: i.invited_by,
                })
                .collect(),
            seats,
            plan_name: plan.map_or_else(|| subscription.plan_id.clone(), |p| p.name.clone()),
            can_manage: caller.role.can_manage_members(),
        })
    }

    pub async fn invite_member(
        caller: Caller,
        email: String,
        role: OrgRole,
    ) -> Result<InvitationCreated, Failure> {
        let email = Email::parse(&email).map_err(|e| AppError::BadRequest(e.0))?;
        may_assign(caller.role, None, Some(role)).map_err(AppError::Forbidden)?;
        let token = new_token();
        let now = Utc::now();
        let expires_at = now + Duration::days(INVITATION_VALID_DAYS);
        let id = caller
            .ctx
            .store
            .create_invitation(
                caller.org_id(),
                &NewInvitation {
                    email: email.clone(),
                    role,
                    token_hash: token_hash(&token),
                    invited_by: caller.user.id,
                    expires_at,
                },
                now,
            )
            .await?;
        let link = format!("{}/invite/{token}", caller.ctx.config.public_url);
        // There is no mail server: the inviter passes the link on, and it is logged so
        // an operator can find it too.
        tracing::info!(org = caller.org.id, email = email.as_str(), %link, "invitation created");
        caller
            .audit(
                "invitation_created",
                Some(format!("invitation:{id}")),
                serde_json::json!({ "email": email.as_str(), "role": role.as_str() }),
            )
            .await;
        // A browser without JavaScript sees the link on the page it is sent back to.
        redirect_plain_forms(&format!("/members?invitation_link={link}"));
        Ok(InvitationCreated {
            email: email.as_str().to_string(),
            role,
            link,
            expires_at,
        })
    }

    pub async fn revoke_invitation(caller: Caller, invitation_id: i64) -> Result<(), Failure> {
        let revoked = caller
            .ctx
            .store
            .revoke_invitation(caller.org_id(), invitation_id, Utc::now())
            .await?;
        if !revoked {
            return Err(Failure::User(AppError::NotFound(
                Reason::InvitationNotFound,
            )));
        }
        caller
            .audit(
                "invitation_revoked",
                Some(format!("invitation:{invitation_id}")),
                serde_json::json!({}),
            )
            .await;
        Ok(())
    }

    /// The target's current role, or 404 when they are not a member here.
    async fn role_of(caller: &Caller, user_id: i64) -> Result<OrgRole, Failure> {
        caller
            .ctx
            .store
            .member_role(caller.org_id(), user_id)
            .await?
            .ok_or(Failure::User(AppError::NotFound(Reason::MemberNotFound)))
    }

    pub async fn change_member_role(
        caller: Caller,
        user_id: i64,
        role: OrgRole,
    ) -> Result<(), Failure> {
        let from = role_of(&caller, user_id).await?;
        may_assign(caller.role, Some(from), Some(role)).map_err(AppError::Forbidden)?;
        caller
            .ctx
            .store
            .change_role(caller.org_id(), user_id, role)
            .await?;
        caller
            .audit(
                "role_changed",
                Some(format!("user:{user_id}")),
                serde_json::json!({ "from": from.as_str(), "to": role.as_str() }),
            )
            .await;
        Ok(())
    }

    pub async fn remove_member(caller: Caller, user_id: i64) -> Result<(), Failure> {
        let from = role_of(&caller, user_id).await?;
        may_assign(caller.role, Some(from), None).map_err(AppError::Forbidden)?;
        caller
            .ctx
            .store
            .remove_member(caller.org_id(), user_id)
            .await?;
        caller
            .audit(
                "member_removed",
                Some(format!("user:{user_id}")),
                serde_json::json!({ "role": from.as_str() }),
            )
            .await;
        Ok(())
    }

    pub async fn leave_organization(caller: Caller) -> Result<(), Failure> {
        caller
            .ctx
            .store
            .remove_member(caller.org_id(), caller.user.id)
            .await?;
        caller
            .audit(
                "member_removed",
                Some(format!("user:{}", caller.user.id)),
                serde_json::json!({ "left": true }),
            )
            .await;
        // The next request opens another organization of theirs.
        caller
            .session
            .remove::<i64>(ORG_KEY)
            .await
            .map_err(|e| internal("writing the session", e))?;
        redirect_plain_forms("/");
        Ok(())
    }

    pub async fn get_invitation(token: String) -> Result<InvitationPreview, AppError> {
        let ctx = server_ctx()?;
        let invitation = ctx
            .store
            .invitation_by_token(&token_hash(&token))
            .await
            .map_err(|e| internal("reading an invitation", e))?
            .ok_or(AppError::NotFound(Reason::InvitationNotFound))?;
        Ok(InvitationPreview {
            unusable: invitation.unusable_reason(Utc::now()),
            org_name: invitation.org_name,
            email: invitation.email,
            role: invitation.role,
            expires_at: invitation.expires_at,
        })
    }

    pub async fn accept_invitation(token: String) -> Result<(), AppError> {
        let ctx = server_ctx()?;
        let session = session().await?;
        let user = signed_in_user(&ctx, &session).await?;
        let (org, role) = ctx
            .store
            .accept_invitation(&token_hash(&token), &user, Utc::now())
            .await
            .map_err(|e| from_store("accepting an invitation", e))?;
        session
            .insert(ORG_KEY, org.0)
            .await
            .map_err(|e| internal("writing the session", e))?;
        ctx.store
            .remember_org(user.id, org)
            .await
            .map_err(|e| internal("remembering the organization", e))?;
        crate::server::caller::audit(
            &ctx,
            Some(org.0),
            Some(user.id),
            "invitation_accepted",
            Some(format!("user:{}", user.id)),
            serde_json::json!({ "role": role.as_str() }),
        )
        .await;
        redirect_plain_forms("/");
        Ok(())
    }
}
