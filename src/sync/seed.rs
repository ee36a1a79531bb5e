//! Filling a store with the demo organizations and their generated history, through the
//! same batch write path the sync uses.

use chrono::{NaiveDate, Utc};
use tracing::info;

use super::demo_data::{demo_organizations, generate, DemoSpec};
use crate::crypto::passwords::hash_password;
use crate::domain::accounts::{Email, OrgRole, PlatformRole};
use crate::store::{NewOrganization, NewUser, OrgId, PlanChange, Store, StoreError};

/// The demo accounts (email, password, role in the demo organizations, platform role).
/// Named in the README; they exist only in demo mode.
pub const DEMO_ACCOUNTS: [(&str, &str, OrgRole, PlatformRole); 4] = [
    (
        "owner@demo.ledgerlight.test",
        "demo-owner-pass",
        OrgRole::Owner,
        PlatformRole::User,
    ),
    (
        "member@demo.ledgerlight.test",
        "demo-member-pass",
        OrgRole::Member,
        PlatformRole::User,
    ),
    (
        "viewer@demo.ledgerlight.test",
        "demo-viewer-pass",
        OrgRole::Viewer,
        PlatformRole::User,
    ),
    (
        "admin@demo.ledgerlight.test",
        "demo-admin-pass",
        OrgRole::Viewer,
        PlatformRole::Admin,
    ),
];

/// How much demo data to make.
#[derive(Clone, Copy, Debug)]
pub struct SeedOptions {
    pub seed: u64,
    /// Invoices over all demo organizations together.
    pub invoices: usize,
    pub months: u32,
    pub today: NaiveDate,
}

impl SeedOptions {
    /// The size the README's run command shows: ~8,000 invoices, ~300 customers.
    pub fn standard(today: NaiveDate) -> Self {
        Self {
            seed: 2026,
            invoices: 8_000,
            months: 24,
            today,
        }
    }
}

/// What seeding wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SeedReport {
    pub organizations: Vec<String>,
    pub invoices: u64,
    pub payments: u64,
    pub bills: u64,
    pub customers: u64,
}

/// One demo organization: what to create, which plan it is on and what history it has.
/// The seeding and the Billy simulator both start from these, so the simulator serves
/// exactly the data the seeding wrote.
#[derive(Clone, Debug)]
pub struct DemoOrg {
    pub org: NewOrganization,
    pub plan: &'static str,
    pub spec: DemoSpec,
}

/// The demo organizations for `options`.
pub fn demo_orgs(options: SeedOptions) -> Vec<DemoOrg> {
    demo_organizations()
        .into_iter()
        .enumerate()
        .map(|(index, (org, share))| {
            let invoices = (options.invoices as f64 * share).round() as usize;
            DemoOrg {
                org,
                // Demo organizations are paying customers (so their four demo members
                // fit), on different plans so switching between them shows a difference.
                plan: if index == 0 { "pro" } else { "business" },
                spec: DemoSpec {
                    seed: options.seed.wrapping_add(index as u64 * 7919),
                    invoices,
                    // One customer per ~27 invoices gives ~300 customers for 8,000 invoices.
                    customers: (invoices / 27).max(8),
                    months: options.months,
                    today: options.today,
                },
            }
        })
        .collect()
}

/// Creates the demo organizations that do not exist yet and writes their history.
/// Organizations already present are left alone, so seeding twice changes nothing.
pub async fn seed_demo(store: &dyn Store, options: SeedOptions) -> Result<SeedReport, StoreError> {
    let mut report = SeedReport::default();
    for DemoOrg {
        org: new_org,
        plan,
        spec,
    } in demo_orgs(options)
    {
        if store.organization_by_slug(&new_org.slug).await?.is_some() {
            info!(org = %new_org.slug, "demo organization exists, not seeding it again");
            continue;
        }
        let org = store.create_organization(&new_org).await?;
        store
            .change_plan(
                OrgId(org.id),
                &PlanChange {
                    plan_id: plan.to_string(),
                    actor_user_id: None,
                    ip: None,
                    user_agent: None,
                },
                Utc::now(),
            )
            .await?;
        let data = generate(&spec);
        let org_id = OrgId(org.id);
        let spec_json =
            serde_json::to_string(&spec).map_err(|e| StoreError::Check(e.to_string()))?;
        store.set_demo_spec(org_id, &spec_json).await?;
        for batch in &data.batches {
            let outcome = store.write_batch(org_id, batch).await?;
            report.invoices += outcome.invoices;
            report.payments += outcome.payments;
            report.bills += outcome.bills;
            report.customers += outcome.customers;
        }
        let now = Utc::now();
        let mut cycle: Option<i64> = None;
        for resource in [
            "organization",
            "contacts",
            "products",
            "invoices",
            "bank_payments",
            "bills",
        ] {
            let run = store
                .mark_synced(org_id, resource, "seed", cycle, now, 0)
                .await?;
            cycle.get_or_insert(run);
        }
        info!(org = %org.slug, invoices = spec.invoices, "seeded demo organization");
        report.organizations.push(org.slug);
    }
    if !report.organizations.is_empty() {
        seed_demo_accounts(store).await?;
    }
    Ok(report)
}

/// Creates the demo accounts (skipping any that exist) with their roles in every demo
/// organization.
async fn seed_demo_accounts(store: &dyn Store) -> Result<(), StoreError> {
    let demo_orgs: Vec<OrgId> = store
        .list_organizations()
        .await?
        .into_iter()
        .filter(|org| org.is_demo)
        .map(|org| OrgId(org.id))
        .collect();
    for (email, password, role, platform_role) in DEMO_ACCOUNTS {
        if store.user_credentials(email).await?.is_some() {
            continue;
        }
        let email = Email::parse(email).map_err(|e| StoreError::Check(e.to_string()))?;
        let hash = hash_password(password).map_err(|e| StoreError::Check(e.to_string()))?;
        let (user, _) = store
            .sign_up(
                &NewUser {
                    email,
                    display_name: None,
                },
                &hash,
            )
            .await?;
        for org in &demo_orgs {
            store.set_membership(*org, user.id, role).await?;
        }
        // Demo accounts open the first demo organization, not their empty personal one.
        if let Some(first) = demo_orgs.first() {
            store.remember_org(user.id, *first).await?;
        }
        if platform_role != PlatformRole::User {
            store.set_platform_role(user.id, platform_role).await?;
        }
    }
    Ok(())
}
