//! The server's foundation, below the api: configuration, telemetry, the shared
//! context, resolving callers from sessions, the session store, security and panic
//! middleware, the live-update stream, and `prepare` (store, demo data, simulator and
//! sync scheduler). The router itself is assembled in `app`, at the top.

pub mod caller;
pub mod config;
pub mod connection;
pub mod ctx;
pub mod event_stream;
pub mod fn_status;
pub mod panics;
pub mod rate_limit;
pub mod security;
pub mod sessions;
pub mod stale_owner;
pub mod telemetry;

pub use config::Config;
pub use ctx::ServerCtx;

use chrono::Utc;
use tracing::info;

use crate::store::{self, StoreError};
use crate::sync::billy::{AddressPolicy, ClientOptions};
use crate::sync::engine::SyncOptions;
use crate::sync::scheduler::{self, SchedulerConfig};
use crate::sync::seed::{seed_demo, SeedOptions};

/// Today's date in the demo organizations' time zone.
pub fn demo_today() -> chrono::NaiveDate {
    Utc::now()
        .with_timezone(&chrono_tz::Europe::Copenhagen)
        .date_naive()
}

/// Opens (and migrates) the store; in demo mode, seeds an empty database and starts the
/// Billy simulator; starts the sync scheduler.
pub async fn prepare(config: Config) -> Result<ServerCtx, StoreError> {
    if config.secret_key_is_ephemeral {
        tracing::warn!(
            "no LEDGERLIGHT_SECRET_KEY: demo mode seals Billy tokens with a key drawn now, \
             so tokens saved in this run cannot be read after a restart"
        );
    }
    let store = store::open(&config.database_url).await?;
    if config.demo && store.list_organizations().await?.is_empty() {
        info!("empty database in demo mode: generating demo data (takes a little while)");
        let report = seed_demo(&*store, SeedOptions::standard(demo_today())).await?;
        info!(?report, "demo data ready");
    }
    let mut billy_addresses = AddressPolicy::new(config.billy_allow_private);
    if config.demo && config.billy_sim {
        if let Some(key) = &config.secret_key {
            if let Some(simulator) =
                crate::sync::demo_billy::start(&*store, key, config.billy_sim_addr).await?
            {
                billy_addresses = billy_addresses.exempting(simulator);
            }
        }
    }
    let key = config.secret_key.clone();
    let interval_minutes = u64::try_from(config.sync_interval_minutes).unwrap_or(0);
    let ctx = ServerCtx::new(store.clone(), config);
    let scheduler = SchedulerConfig {
        client: ClientOptions {
            addresses: billy_addresses,
            ..ClientOptions::default()
        },
        sync: SyncOptions {
            interval: std::time::Duration::from_secs(interval_minutes.max(1) * 60),
            live: Some(ctx.live.clone()),
            ..SyncOptions::default()
        },
        scheduled: interval_minutes > 0,
        ..SchedulerConfig::default()
    };
    let (sync, _task) = scheduler::spawn(store, key, scheduler, ctx.shutdown.subscribe());
    if ctx.config.database_url.starts_with("postgres") {
        tokio::spawn(crate::live::forward_postgres_notifications(
            ctx.config.database_url.clone(),
            ctx.live.clone(),
            ctx.shutdown.subscribe(),
        ));
    }
    Ok(ctx.with_sync(sync))
}
