//! The axum server: configuration, telemetry, the shared server context and the
//! router that serves pages, server functions, assets and health checks.

pub mod app;
pub mod config;
pub mod ctx;
pub mod export;
pub mod fn_status;
pub mod invoice_export;
pub mod live;
pub mod passwords;
pub mod payment_export;
pub mod rate_limit;
pub mod secrets;
pub mod security;
pub mod sessions;
pub mod streamed_export;
pub mod telemetry;

pub use app::{build_router, serve};
pub use config::Config;
pub use ctx::ServerCtx;

use chrono::Utc;
use tracing::info;

use crate::store::{self, StoreError};
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
    if config.demo && config.billy_sim {
        if let Some(key) = &config.secret_key {
            crate::sync::demo_billy::start(&*store, key, config.billy_sim_addr).await?;
        }
    }
    let key = config.secret_key.clone();
    let interval_minutes = u64::try_from(config.sync_interval_minutes).unwrap_or(0);
    let ctx = ServerCtx::new(store.clone(), config);
    let scheduler = SchedulerConfig {
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
        tokio::spawn(live::forward_postgres_notifications(
            ctx.config.database_url.clone(),
            ctx.live.clone(),
            ctx.shutdown.subscribe(),
        ));
    }
    Ok(ctx.with_sync(sync))
}
