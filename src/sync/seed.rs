//! Filling a store with the demo organizations and their generated history, through the
//! same batch write path the sync uses.

use chrono::{NaiveDate, Utc};
use tracing::info;

use super::demo_data::{demo_organizations, generate, DemoSpec};
use crate::store::{OrgId, Store, StoreError};

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

/// Creates the demo organizations that do not exist yet and writes their history.
/// Organizations already present are left alone, so seeding twice changes nothing.
pub async fn seed_demo(store: &dyn Store, options: SeedOptions) -> Result<SeedReport, StoreError> {
    let mut report = SeedReport::default();
    for (index, (new_org, share)) in demo_organizations().into_iter().enumerate() {
        if store.organization_by_slug(&new_org.slug).await?.is_some() {
            info!(org = %new_org.slug, "demo organization exists, not seeding it again");
            continue;
        }
        let org = store.create_organization(&new_org).await?;
        let invoices = (options.invoices as f64 * share).round() as usize;
        let spec = DemoSpec {
            seed: options.seed.wrapping_add(index as u64 * 7919),
            invoices,
            // One customer per ~27 invoices gives ~300 customers for 8,000 invoices.
            customers: (invoices / 27).max(8),
            months: options.months,
            today: options.today,
        };
        let data = generate(&spec);
        let org_id = OrgId(org.id);
        for batch in &data.batches {
            let outcome = store.write_batch(org_id, batch).await?;
            report.invoices += outcome.invoices;
            report.payments += outcome.payments;
            report.bills += outcome.bills;
            report.customers += outcome.customers;
        }
        let now = Utc::now();
        for resource in [
            "organization",
            "contacts",
            "products",
            "invoices",
            "bank_payments",
            "bills",
        ] {
            store.mark_synced(org_id, resource, "seed", now, 0).await?;
        }
        info!(org = %org.slug, invoices, "seeded demo organization");
        report.organizations.push(org.slug);
    }
    Ok(report)
}
