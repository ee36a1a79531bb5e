//! A Billy-compatible simulator: an HTTP server speaking Billy API v2's shape (paths,
//! envelopes, paging, the filters the client uses, `X-Access-Token`), backed by the
//! deterministic demo generator, that lets time pass and injects faults on request.
//!
//! It runs inside the app in demo mode (so the demo organizations really sync) and on
//! its own for tests: `ledgerlight billy-sim --port N`.

mod faults;
mod routes;
pub mod to_wire;
mod world;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use rand::prelude::*;
use rand_chacha::ChaCha8Rng;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

pub use faults::Faults;
pub use world::{Advance, Advanced, SimOrg, Totals};

use super::demo_data::DemoSpec;
use super::seed::{demo_orgs, SeedOptions};
use crate::store::NewOrganization;
use crate::sync::billy::wire::WireOrganization;

/// The shared, lockable set of simulated organizations. Cheap to clone.
#[derive(Clone, Default)]
pub struct Simulator {
    orgs: Arc<Mutex<Vec<SimOrg>>>,
}

/// A simulated Billy organization serving `spec`'s generated history for `org`.
pub fn demo_org(org: &NewOrganization, spec: &DemoSpec) -> SimOrg {
    let data = super::demo_data::generate(spec);
    let organization = WireOrganization {
        id: org
            .billy_organization_id
            .clone()
            .unwrap_or_else(|| org.slug.clone()),
        name: org.name.clone(),
        base_currency_id: org.base_currency.clone(),
        fiscal_year_end_month: org.fiscal_year_end_month,
        has_vat: true,
        vat_period: Some("quarter".to_string()),
        locale_id: Some("da_DK".to_string()),
        ..WireOrganization::default()
    };
    SimOrg::from_batches(
        &demo_token(&org.slug),
        organization,
        &data.batches,
        spec.seed,
    )
}

/// The token the simulator gives a demo organization: `demo-<slug>`.
pub fn demo_token(slug: &str) -> String {
    format!("demo-{slug}")
}

impl Simulator {
    pub fn new() -> Self {
        Self::default()
    }

    /// The demo organizations with exactly the history the seeding writes for
    /// `options`, each under the token [`demo_token`] names.
    pub fn demo(options: SeedOptions) -> Self {
        let sim = Self::new();
        for demo in demo_orgs(options) {
            sim.add(demo_org(&demo.org, &demo.spec));
        }
        sim
    }

    pub fn add(&self, org: SimOrg) {
        let mut orgs = self.lock();
        orgs.retain(|existing| existing.token != org.token);
        orgs.push(org);
    }

    /// Runs `f` on the organization with `token`; `None` if there is none.
    pub fn with_org<T>(&self, token: &str, f: impl FnOnce(&mut SimOrg) -> T) -> Option<T> {
        self.lock().iter_mut().find(|org| org.token == token).map(f)
    }

    pub fn map_orgs<T>(&self, f: impl FnMut(&SimOrg) -> T) -> Vec<T> {
        self.lock().iter().map(f).collect()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<SimOrg>> {
        // No code panics while holding the lock; should one ever, the data is still
        // consistent record by record, so carry on rather than poison every request.
        self.orgs.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn router(&self) -> axum::Router {
        routes::router(self.clone())
    }

    /// Serves on `listener` until `shutdown` resolves.
    pub async fn serve(
        self,
        listener: TcpListener,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        axum::serve(listener, self.router())
            .with_graceful_shutdown(shutdown)
            .await
    }

    /// Binds `addr` (port 0: any free port) and serves in the background; the address
    /// actually bound and the task.
    pub async fn spawn(self, addr: SocketAddr) -> std::io::Result<(SocketAddr, JoinHandle<()>)> {
        let listener = TcpListener::bind(addr).await?;
        let bound = listener.local_addr()?;
        let task = tokio::spawn(async move {
            if let Err(err) = self.serve(listener, std::future::pending()).await {
                tracing::error!(error = %err, "Billy simulator stopped");
            }
        });
        Ok((bound, task))
    }

    /// Lets time pass in the background: every `every`, each organization gets a few
    /// new invoices and payments, and now and then a voided invoice.
    pub fn spawn_clock(&self, every: Duration, seed: u64) -> JoinHandle<()> {
        let sim = self.clone();
        tokio::spawn(async move {
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            let mut ticker = tokio::time::interval(every);
            ticker.tick().await;
            loop {
                ticker.tick().await;
                let steps: Vec<Advance> = sim.map_orgs(|_| Advance {
                    invoices: rng.gen_range(0..=3),
                    payments: rng.gen_range(0..=2),
                    voids: u32::from(rng.gen_bool(0.05)),
                    ..Advance::default()
                });
                let mut orgs = sim.lock();
                for (org, step) in orgs.iter_mut().zip(steps) {
                    org.advance(step);
                }
            }
        })
    }
}
