//! Demo mode's Billy: the simulator started inside the app, serving each demo
//! organization exactly the history its seeding wrote, with the demo organizations
//! connected to it, so the README's run command shows real syncs.

use std::net::SocketAddr;
use std::time::Duration;

use tracing::{info, warn};

use super::demo_data::DemoSpec;
use super::simulator::{demo_org, Simulator};
use crate::crypto::secrets::SecretKey;
use crate::store::{BillyConnection, NewOrganization, OrgId, Store, StoreError};

/// How often the simulated Billy gets new invoices and payments.
const CLOCK: Duration = Duration::from_secs(60);

/// Starts the simulator on `addr` (port 0: any free port) and connects the demo
/// organizations to it. `None` when the database holds no demo organization.
pub async fn start(
    store: &dyn Store,
    key: &SecretKey,
    addr: SocketAddr,
) -> Result<Option<SocketAddr>, StoreError> {
    let sim = Simulator::new();
    let mut demo_orgs = Vec::new();
    for org in store.list_organizations().await? {
        if !org.is_demo {
            continue;
        }
        let Some(spec_json) = store.demo_spec(OrgId(org.id)).await? else {
            continue;
        };
        let spec: DemoSpec = match serde_json::from_str(&spec_json) {
            Ok(spec) => spec,
            Err(err) => {
                warn!(org = %org.slug, error = %err, "unreadable demo spec; not simulating it");
                continue;
            }
        };
        let new_org = NewOrganization {
            slug: org.slug.clone(),
            name: org.name.clone(),
            base_currency: org.base_currency.clone(),
            timezone: org.timezone.clone(),
            fiscal_year_end_month: org.fiscal_year_end_month,
            billy_organization_id: Some(format!("demo-{}", org.slug)),
            is_demo: true,
        };
        // A token drawn now and known only to this organization's sealed connection:
        // the simulator's fixed demo tokens are printed in the README, and anyone
        // signed up on a demo server could otherwise mirror a demo company.
        let token = private_token(&org.slug);
        sim.add(demo_org(&new_org, &spec).with_token(&token));
        demo_orgs.push((org, token));
    }
    if demo_orgs.is_empty() {
        return Ok(None);
    }
    let (bound, _task) = sim
        .clone()
        .spawn(addr)
        .await
        .map_err(|e| StoreError::Config(format!("cannot start the Billy simulator: {e}")))?;
    sim.spawn_clock(CLOCK, 2026);
    let base_url = format!("http://{bound}/v2");
    for (org, token) in &demo_orgs {
        let token = key
            .seal(org.id, token)
            .map_err(|e| StoreError::Check(e.to_string()))?;
        store
            .set_billy_connection(
                OrgId(org.id),
                Some(&BillyConnection {
                    base_url: Some(base_url.clone()),
                    token,
                }),
            )
            .await?;
    }
    info!(%base_url, "Billy simulator running; demo organizations connected to it");
    Ok(Some(bound))
}

/// A fresh, unguessable simulator token for the demo organization `slug`.
fn private_token(slug: &str) -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 24];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("demo-{slug}-{hex}")
}
