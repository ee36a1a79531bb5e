//! Tenancy rules in the store, on both engines: the last owner stays, seats are not
//! oversold (also under concurrency), invitations are single-use and expire, plan
//! changes are checked and recorded, usage rolls up daily and monthly.

use std::sync::Arc;

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use ledgerlight::domain::accounts::{Email, OrgRole};
use ledgerlight::domain::billing::LimitKey;
use ledgerlight::domain::reason::Reason;
use ledgerlight::store::*;

async fn user(store: &Arc<dyn Store>, email: &str) -> (User, OrgId) {
    let (user, org) = store
        .sign_up(
            &NewUser {
                email: Email::parse(email).expect("email"),
                display_name: None,
            },
            "$argon2id$fake",
        )
        .await
        .expect("sign up");
    (user, OrgId(org.id))
}

fn invitation(email: &str, role: OrgRole, token: &str, by: i64) -> NewInvitation {
    NewInvitation {
        email: Email::parse(email).expect("email"),
        role,
        token_hash: token.to_string(),
        invited_by: by,
        expires_at: Utc::now() + Duration::days(7),
    }
}

async fn plan(store: &Arc<dyn Store>, org: OrgId, plan_id: &str, actor: Option<i64>) {
    store
        .change_plan(
            org,
            &PlanChange {
                plan_id: plan_id.to_string(),
                actor_user_id: actor,
                ip: Some("192.0.2.1".to_string()),
                user_agent: None,
            },
            Utc::now(),
        )
        .await
        .expect("change plan");
}

async fn the_last_owner_cannot_leave_or_be_demoted(store: Arc<dyn Store>, _url: &str) {
    let (owner, org) = user(&store, "owner@example.com").await;
    plan(&store, org, "pro", Some(owner.id)).await;
    let err = store
        .change_role(org, owner.id, OrgRole::Admin)
        .await
        .expect_err("last owner demoted");
    assert!(
        matches!(err, StoreError::Refused(Reason::LastOwner)),
        "{err}"
    );
    let err = store
        .remove_member(org, owner.id)
        .await
        .expect_err("last owner removed");
    assert!(matches!(err, StoreError::Refused(_)), "{err}");
    assert_eq!(
        store.member_role(org, owner.id).await.expect("role"),
        Some(OrgRole::Owner)
    );

    // With a second owner either may step down, but not both.
    let (second, _) = user(&store, "second@example.com").await;
    store
        .set_membership(org, second.id, OrgRole::Owner)
        .await
        .expect("add");
    store
        .change_role(org, owner.id, OrgRole::Viewer)
        .await
        .expect("demote first");
    let err = store
        .remove_member(org, second.id)
        .await
        .expect_err("now the last owner");
    assert!(matches!(err, StoreError::Refused(_)));
    let members = store.members(org).await.expect("members");
    assert_eq!(
        members
            .iter()
            .map(|m| (m.email.as_str(), m.role))
            .collect::<Vec<_>>(),
        vec![
            ("second@example.com", OrgRole::Owner),
            ("owner@example.com", OrgRole::Viewer)
        ],
        "owners first"
    );
}

async fn concurrent_demotions_keep_one_owner(store: Arc<dyn Store>, _url: &str) {
    let (a, org) = user(&store, "a@example.com").await;
    plan(&store, org, "pro", None).await;
    let (b, _) = user(&store, "b@example.com").await;
    store
        .set_membership(org, b.id, OrgRole::Owner)
        .await
        .expect("add");
    let (first, second) = tokio::join!(
        store.change_role(org, a.id, OrgRole::Member),
        store.change_role(org, b.id, OrgRole::Member),
    );
    assert!(first.is_ok() != second.is_ok(), "exactly one demotion wins");
    let owners = store
        .members(org)
        .await
        .expect("members")
        .into_iter()
        .filter(|m| m.role == OrgRole::Owner)
        .count();
    assert_eq!(owners, 1);
}

async fn seats_limit_invitations_and_name_the_plan_that_lifts_them(
    store: Arc<dyn Store>,
    _url: &str,
) {
    let (owner, org) = user(&store, "owner@example.com").await;
    // Free: one seat, taken by the owner.
    let err = store
        .create_invitation(
            org,
            &invitation("x@example.com", OrgRole::Member, "t0", owner.id),
            Utc::now(),
        )
        .await
        .expect_err("free plan is full");
    match err {
        StoreError::LimitReached(Reason::PlanLimit(limit)) => {
            assert_eq!(limit.key, LimitKey::Seats);
            assert_eq!(
                (limit.plan.as_str(), limit.limit, limit.used),
                ("Free", 1, 1)
            );
            assert_eq!(limit.upgrade, Some(("Pro".to_string(), 5)));
        }
        other => panic!("expected a limit, got {other}"),
    }
    assert!(store
        .pending_invitations(org, Utc::now())
        .await
        .expect("pending")
        .is_empty());

    // Pro: five seats; pending invitations count, so the fifth invitation is refused.
    plan(&store, org, "pro", Some(owner.id)).await;
    for n in 1..=4 {
        store
            .create_invitation(
                org,
                &invitation(
                    &format!("p{n}@example.com"),
                    OrgRole::Viewer,
                    &format!("t{n}"),
                    owner.id,
                ),
                Utc::now(),
            )
            .await
            .expect("a seat is free");
    }
    let err = store
        .create_invitation(
            org,
            &invitation("p5@example.com", OrgRole::Viewer, "t5", owner.id),
            Utc::now(),
        )
        .await
        .expect_err("full");
    assert!(matches!(err, StoreError::LimitReached(_)));
    // Inviting the same address again replaces its invitation instead of taking a seat.
    store
        .create_invitation(
            org,
            &invitation("P1@example.com", OrgRole::Admin, "t1b", owner.id),
            Utc::now(),
        )
        .await
        .expect("replaces");
    let pending = store
        .pending_invitations(org, Utc::now())
        .await
        .expect("pending");
    assert_eq!(pending.len(), 4);
    assert_eq!(pending[0].role, OrgRole::Admin);
    assert_eq!(pending[0].invited_by.as_deref(), Some("owner@example.com"));
    // Members cannot be invited again.
    let err = store
        .create_invitation(
            org,
            &invitation("owner@example.com", OrgRole::Viewer, "t6", owner.id),
            Utc::now(),
        )
        .await
        .expect_err("already a member");
    assert!(matches!(err, StoreError::Refused(_)));
}

async fn invitations_are_single_use_addressed_and_expire(store: Arc<dyn Store>, _url: &str) {
    let (owner, org) = user(&store, "owner@example.com").await;
    plan(&store, org, "pro", None).await;
    let (invitee, _) = user(&store, "invitee@example.com").await;
    let (stranger, _) = user(&store, "stranger@example.com").await;
    let now = Utc::now();
    store
        .create_invitation(
            org,
            &invitation("Invitee@example.com", OrgRole::Member, "live", owner.id),
            now,
        )
        .await
        .expect("invite");

    // Someone else holding the link cannot use it, and that changes nothing.
    let err = store
        .accept_invitation("live", &stranger, now)
        .await
        .expect_err("wrong person");
    assert!(
        matches!(err, StoreError::Refused(Reason::InvitationForSomeoneElse { ref invited, .. }) if invited == "invitee@example.com"),
        "{err}"
    );
    assert_eq!(
        store.member_role(org, stranger.id).await.expect("role"),
        None
    );
    assert!(store
        .invitation_by_token("live")
        .await
        .expect("read")
        .expect("exists")
        .accepted_at
        .is_none());

    let (joined, role) = store
        .accept_invitation("live", &invitee, now)
        .await
        .expect("accept");
    assert_eq!((joined, role), (org, OrgRole::Member));
    assert_eq!(
        store.member_role(org, invitee.id).await.expect("role"),
        Some(OrgRole::Member)
    );
    let err = store
        .accept_invitation("live", &invitee, now)
        .await
        .expect_err("used");
    assert!(
        matches!(err, StoreError::Refused(Reason::InvitationUsed)),
        "{err}"
    );
    assert!(store
        .pending_invitations(org, now)
        .await
        .expect("pending")
        .is_empty());

    // An expired link is refused with that reason and adds nobody.
    let (late, _) = user(&store, "late@example.com").await;
    let mut expiring = invitation("late@example.com", OrgRole::Viewer, "old", owner.id);
    expiring.expires_at = now + Duration::hours(1);
    store
        .create_invitation(org, &expiring, now)
        .await
        .expect("invite");
    let later = now + Duration::hours(2);
    let err = store
        .accept_invitation("old", &late, later)
        .await
        .expect_err("expired");
    assert!(
        matches!(err, StoreError::Refused(Reason::InvitationExpired)),
        "{err}"
    );
    assert_eq!(store.member_role(org, late.id).await.expect("role"), None);
    assert!(store
        .pending_invitations(org, later)
        .await
        .expect("pending")
        .is_empty());

    // A withdrawn link is refused too; unknown tokens name nothing.
    store
        .create_invitation(
            org,
            &invitation("late@example.com", OrgRole::Viewer, "gone", owner.id),
            now,
        )
        .await
        .expect("invite");
    let id = store
        .invitation_by_token("gone")
        .await
        .expect("read")
        .expect("exists")
        .id;
    assert!(store.revoke_invitation(org, id, now).await.expect("revoke"));
    assert!(!store.revoke_invitation(org, id, now).await.expect("again"));
    let err = store
        .accept_invitation("gone", &late, now)
        .await
        .expect_err("withdrawn");
    assert!(
        matches!(err, StoreError::Refused(Reason::InvitationWithdrawn)),
        "{err}"
    );
    assert!(store
        .accept_invitation("nothing", &late, now)
        .await
        .is_err());
    // Another organization cannot withdraw this one's invitations.
    let (_, other_org) = user(&store, "other@example.com").await;
    store
        .create_invitation(
            org,
            &invitation("late@example.com", OrgRole::Viewer, "mine", owner.id),
            now,
        )
        .await
        .expect("invite");
    let id = store
        .invitation_by_token("mine")
        .await
        .expect("read")
        .expect("exists")
        .id;
    assert!(!store
        .revoke_invitation(other_org, id, now)
        .await
        .expect("foreign"));
}

async fn two_acceptances_of_one_invitation_add_one_member(store: Arc<dyn Store>, _url: &str) {
    let (owner, org) = user(&store, "owner@example.com").await;
    plan(&store, org, "pro", None).await;
    let (invitee, _) = user(&store, "invitee@example.com").await;
    store
        .create_invitation(
            org,
            &invitation("invitee@example.com", OrgRole::Viewer, "once", owner.id),
            Utc::now(),
        )
        .await
        .expect("invite");
    let (a, b) = tokio::join!(
        store.accept_invitation("once", &invitee, Utc::now()),
        store.accept_invitation("once", &invitee, Utc::now()),
    );
    assert!(
        a.is_ok() != b.is_ok(),
        "exactly one acceptance: {a:?} {b:?}"
    );
    assert_eq!(store.members(org).await.expect("members").len(), 2);
}

async fn plan_changes_are_checked_and_recorded(store: Arc<dyn Store>, _url: &str) {
    let (owner, org) = user(&store, "owner@example.com").await;
    assert_eq!(store.subscription(org).await.expect("sub").plan_id, "free");
    plan(&store, org, "pro", Some(owner.id)).await;
    let (second, _) = user(&store, "second@example.com").await;
    store
        .set_membership(org, second.id, OrgRole::Viewer)
        .await
        .expect("add");

    // Two members do not fit the Free plan's single seat: refused, nothing recorded.
    let err = store
        .change_plan(
            org,
            &PlanChange {
                plan_id: "free".to_string(),
                actor_user_id: Some(owner.id),
                ip: None,
                user_agent: None,
            },
            Utc::now(),
        )
        .await
        .expect_err("too many members");
    assert!(
        matches!(
            err,
            StoreError::LimitReached(Reason::TooManyMembersForPlan { members: 2, .. })
        ),
        "{err}"
    );
    let err = store
        .change_plan(
            org,
            &PlanChange {
                plan_id: "platinum".to_string(),
                actor_user_id: Some(owner.id),
                ip: None,
                user_agent: None,
            },
            Utc::now(),
        )
        .await
        .expect_err("unknown plan");
    assert!(matches!(err, StoreError::Refused(_)));
    assert_eq!(store.subscription(org).await.expect("sub").plan_id, "pro");

    plan(&store, org, "business", Some(owner.id)).await;
    let subscription = store.subscription(org).await.expect("sub");
    assert_eq!(
        (subscription.plan_id.as_str(), subscription.seats),
        ("business", 50)
    );
    let events = store.billing_events(org, 10).await.expect("events");
    assert_eq!(events.len(), 2, "one event per change");
    assert_eq!(events[0].kind, "plan_changed");
    assert_eq!(events[0].payload["from"], "pro");
    assert_eq!(events[0].payload["to"], "business");
    assert_eq!(events[0].actor_email.as_deref(), Some("owner@example.com"));
    let audit = store.audit_rows(Some(org), 10).await.expect("audit");
    assert_eq!(
        audit.iter().filter(|a| a.action == "plan_changed").count(),
        2,
        "every change is in the audit log too"
    );
    assert_eq!(audit[0].ip.as_deref(), Some("192.0.2.1"));

    let plans = store.plans().await.expect("plans");
    assert_eq!(
        plans.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(),
        vec!["free", "pro", "business", "enterprise"]
    );
    assert_eq!(
        plans[3].limit(LimitKey::Seats),
        -1,
        "enterprise is unlimited"
    );
}

async fn usage_rolls_up_daily_and_monthly(store: Arc<dyn Store>, _url: &str) {
    let (owner, org) = user(&store, "owner@example.com").await;
    let (_, other) = user(&store, "other@example.com").await;
    let day = |d: u32, h: u32| {
        Utc.with_ymd_and_hms(2026, 3, d, h, 0, 0)
            .single()
            .expect("time")
    };
    for (at, n) in [(day(1, 9), 3), (day(1, 17), 4), (day(20, 12), 5)] {
        store
            .record_usage(org, UsageKind::ApiCall, n, None, at)
            .await
            .expect("usage");
    }
    store
        .record_usage(other, UsageKind::ApiCall, 100, None, day(1, 9))
        .await
        .expect("usage");
    store
        .record_usage(
            org,
            UsageKind::ApiCall,
            1,
            None,
            Utc.with_ymd_and_hms(2026, 4, 1, 0, 0, 0)
                .single()
                .expect("t"),
        )
        .await
        .expect("usage");
    let march = NaiveDate::from_ymd_opt(2026, 3, 1).expect("date");
    assert_eq!(
        store.usage_for_month(org, march).await.expect("month"),
        vec![(UsageKind::ApiCall, 12)]
    );
    assert_eq!(
        store.usage_for_day(org, march).await.expect("day"),
        vec![(UsageKind::ApiCall, 7)]
    );
    // Active members are counted once a month each.
    for _ in 0..3 {
        store
            .record_active_member(org, owner.id, day(5, 10))
            .await
            .expect("active");
    }
    let usage = store.usage_for_month(org, march).await.expect("month");
    assert!(usage.contains(&(UsageKind::UserActive, 1)), "{usage:?}");
}

async fn the_admin_list_counts_each_organization(store: Arc<dyn Store>, _url: &str) {
    let (_, a) = user(&store, "a@example.com").await;
    plan(&store, a, "pro", None).await;
    let (b_user, _) = user(&store, "b@example.com").await;
    store
        .set_membership(a, b_user.id, OrgRole::Viewer)
        .await
        .expect("add");
    let rows = store.admin_organizations().await.expect("rows");
    assert_eq!(rows.len(), 2);
    let row = rows.iter().find(|r| r.id == a.0).expect("a");
    assert_eq!(
        (row.plan_name.as_str(), row.members, row.invoices),
        ("Pro", 2, 0)
    );
    // The remembered organization is reopened only while the person belongs to it.
    store.remember_org(b_user.id, a).await.expect("remember");
    assert_eq!(
        store.last_active_org(b_user.id).await.expect("last"),
        Some(a.0)
    );
    store.remove_member(a, b_user.id).await.expect("remove");
    assert_eq!(store.last_active_org(b_user.id).await.expect("last"), None);
}

on_both_engines!(
    the_last_owner_cannot_leave_or_be_demoted,
    concurrent_demotions_keep_one_owner,
    seats_limit_invitations_and_name_the_plan_that_lifts_them,
    invitations_are_single_use_addressed_and_expire,
    two_acceptances_of_one_invitation_add_one_member,
    plan_changes_are_checked_and_recorded,
    usage_rolls_up_daily_and_monthly,
    the_admin_list_counts_each_organization,
);
