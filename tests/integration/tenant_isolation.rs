//! Tenant isolation on both engines: several organizations get random data (the same
//! Billy ids in each, so a query missing its organization filter would mix them), then
//! every read path is asked as each organization and must answer from that
//! organization's rows alone.

use crate::support;

use std::collections::BTreeSet;
use std::sync::Arc;

use chrono::{Duration, NaiveDate, Utc};
use ledgerlight::domain::accounts::{Email, OrgRole};
use ledgerlight::domain::period::{add_months, last_of_month};
use ledgerlight::domain::DateRange;
use ledgerlight::store::*;
use rand::prelude::*;
use rand_chacha::ChaCha8Rng;
use support::history::{brute_receivables, brute_totals, start, write_random_history, Model};

/// What one organization was given, to compare its answers with.
struct Tenant {
    org: OrgId,
    name: String,
    model: Model,
    member_emails: BTreeSet<String>,
    invited: BTreeSet<String>,
    plan: &'static str,
    api_calls: i64,
}

async fn every_read_path_answers_from_its_own_organization(store: Arc<dyn Store>, _url: &str) {
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    // Four organizations (plans with room for the members and invitations below).
    let plans = ["business", "enterprise", "business", "enterprise"];
    let mut tenants = Vec::new();
    for (i, plan) in plans.into_iter().enumerate() {
        let org = store
            .create_organization(&support::new_org(&format!("tenant-{i}")))
            .await
            .expect("org");
        tenants.push(Tenant {
            org: OrgId(org.id),
            name: org.name,
            model: Model::default(),
            member_emails: BTreeSet::new(),
            invited: BTreeSet::new(),
            plan,
            api_calls: 0,
        });
    }
    // Everything is written before anything is read.
    for tenant in &mut tenants {
        tenant.model = write_random_history(&*store, tenant.org, &mut rng).await;
    }
    let now = Utc::now();
    for (i, tenant) in tenants.iter_mut().enumerate() {
        store
            .change_plan(
                tenant.org,
                &PlanChange {
                    plan_id: tenant.plan.to_string(),
                    actor_user_id: None,
                    ip: None,
                    user_agent: None,
                },
                now,
            )
            .await
            .expect("plan");
        for m in 0..rng.gen_range(1..4) {
            let email = format!("person{m}-of-{i}@example.com");
            let (user, _) = store
                .sign_up(
                    &NewUser {
                        email: Email::parse(&email).expect("email"),
                        display_name: None,
                    },
                    "hash",
                )
                .await
                .expect("user");
            store
                .set_membership(tenant.org, user.id, OrgRole::ALL[m % 4])
                .await
                .expect("member");
            tenant.member_emails.insert(email);
            store
                .append_audit(&NewAuditEntry {
                    org_id: Some(tenant.org.0),
                    actor_user_id: Some(user.id),
                    action: "sign_in".to_string(),
                    target: None,
                    detail: serde_json::json!({}),
                    ip: None,
                    user_agent: None,
                })
                .await
                .expect("audit");
            let invited = format!("invited{m}-to-{i}@example.com");
            store
                .create_invitation(
                    tenant.org,
                    &NewInvitation {
                        email: Email::parse(&invited).expect("email"),
                        role: OrgRole::Viewer,
                        token_hash: format!("token-{i}-{m}"),
                        invited_by: user.id,
                        expires_at: now + Duration::days(1),
                    },
                    now,
                )
                .await
                .expect("invite");
            tenant.invited.insert(invited);
        }
        tenant.api_calls = rng.gen_range(1..1000);
        store
            .record_usage(tenant.org, UsageKind::ApiCall, tenant.api_calls, None, now)
            .await
            .expect("usage");
    }

    let month = ledgerlight::domain::period::first_of_month(now.date_naive());
    for tenant in &tenants {
        let org = tenant.org;
        let label = &tenant.name;
        // Mirror reads: equal to brute-force sums over this organization's own rows.
        for offset in 0..4 {
            let first = add_months(start(), offset);
            let range = DateRange::new(first, last_of_month(add_months(first, 1)));
            assert_eq!(
                store.period_totals(org, range).await.expect("totals"),
                brute_totals(&tenant.model, range),
                "{label} {range:?}"
            );
        }
        let half_year =
            DateRange::new(start(), NaiveDate::from_ymd_opt(2026, 6, 30).expect("date"));
        for month in store
            .revenue_by_month(org, half_year)
            .await
            .expect("months")
        {
            let brute = brute_totals(
                &tenant.model,
                DateRange::new(month.month, last_of_month(month.month)),
            );
            assert_eq!(
                month.revenue_base_minor, brute.revenue_base_minor,
                "{label}"
            );
        }
        for offset in (0..160).step_by(9) {
            let day = start() + Duration::days(offset);
            assert_eq!(
                store.receivables_at(org, day).await.expect("receivables"),
                brute_receivables(&tenant.model, day),
                "{label} {day}"
            );
        }
        let counts = store.row_counts(org).await.expect("counts");
        assert_eq!(
            counts.invoices as usize,
            tenant.model.invoices.len(),
            "{label}"
        );
        assert_eq!(
            counts.payments as usize,
            tenant.model.payments.len(),
            "{label}"
        );

        // Tenancy reads: only this organization's people, invitations, plan, usage, log.
        let members: BTreeSet<String> = store
            .members(org)
            .await
            .expect("members")
            .into_iter()
            .map(|m| m.email)
            .collect();
        assert_eq!(members, tenant.member_emails, "{label}");
        let invited: BTreeSet<String> = store
            .pending_invitations(org, now)
            .await
            .expect("invitations")
            .into_iter()
            .map(|i| {
                assert_eq!(i.org_id, org.0);
                i.email
            })
            .collect();
        assert_eq!(invited, tenant.invited, "{label}");
        assert_eq!(
            store.subscription(org).await.expect("sub").plan_id,
            tenant.plan
        );
        let events = store.billing_events(org, 100).await.expect("events");
        assert_eq!(events.len(), 1, "{label}: its own plan change only");
        assert_eq!(events[0].payload["to"], tenant.plan);
        let usage = store.usage_for_month(org, month).await.expect("usage");
        assert!(
            usage.contains(&(UsageKind::ApiCall, tenant.api_calls)),
            "{label}: {usage:?}"
        );
        let audit = store.audit_rows(Some(org), 1000).await.expect("audit");
        assert!(!audit.is_empty());
        assert!(
            audit
                .iter()
                .all(|row| row.org_name.as_deref() == Some(label.as_str())),
            "{label}: audit rows of another organization"
        );
        for person in &tenant.member_emails {
            let (user, _) = store
                .user_credentials(person)
                .await
                .expect("q")
                .expect("user");
            for other in tenants.iter().filter(|t| t.org != org) {
                assert_eq!(
                    store.member_role(other.org, user.id).await.expect("role"),
                    None,
                    "{person} must not be a member of {}",
                    other.name
                );
            }
        }
    }
}

on_both_engines!(every_read_path_answers_from_its_own_organization);
