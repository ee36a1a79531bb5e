//! The `ledgerlight` command: serve the dashboard, migrate, or seed demo data.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use ledgerlight::server::{self, Config};
use ledgerlight::store;
use ledgerlight::sync::seed::{seed_demo, SeedOptions};

#[derive(Parser)]
#[command(
    name = "ledgerlight",
    version,
    about = "Self-hosted analytics for invoicing data"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the dashboard (the default). Honours DATABASE_URL and LEPTOS_SITE_ADDR.
    Serve,
    /// Create or upgrade the database schema, then exit.
    Migrate,
    /// Generate deterministic demo organizations and their history.
    SeedDemo {
        /// Invoices over all demo organizations together.
        #[arg(long, default_value_t = 8_000)]
        invoices: usize,
        /// Months of history, ending this month.
        #[arg(long, default_value_t = 24)]
        months: u32,
        /// Random seed: the same seed and day give the same data.
        #[arg(long, default_value_t = 2026)]
        seed: u64,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    server::telemetry::init();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("ledgerlight: cannot start the async runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli.command.unwrap_or(Command::Serve))) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("ledgerlight: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(command: Command) -> Result<(), String> {
    let config = Config::from_env().map_err(|e| e.to_string())?;
    match command {
        Command::Serve => {
            let addr = config.site_addr;
            let ctx = server::prepare(config).await.map_err(|e| e.to_string())?;
            let listener = tokio::net::TcpListener::bind(addr)
                .await
                .map_err(|e| format!("LEPTOS_SITE_ADDR: cannot listen on {addr}: {e}"))?;
            server::serve(ctx, listener)
                .await
                .map_err(|e| e.to_string())
        }
        Command::Migrate => {
            store::open(&config.database_url)
                .await
                .map_err(|e| e.to_string())?;
            println!("database is up to date");
            Ok(())
        }
        Command::SeedDemo {
            invoices,
            months,
            seed,
        } => {
            let store = store::open(&config.database_url)
                .await
                .map_err(|e| e.to_string())?;
            let options = SeedOptions {
                seed,
                invoices,
                months,
                today: server::demo_today(),
            };
            let report = seed_demo(&*store, options)
                .await
                .map_err(|e| e.to_string())?;
            if report.organizations.is_empty() {
                println!("demo organizations already exist; nothing to do");
            } else {
                println!(
                    "seeded {}: {} invoices, {} payments, {} bills, {} contacts",
                    report.organizations.join(", "),
                    report.invoices,
                    report.payments,
                    report.bills,
                    report.customers
                );
            }
            Ok(())
        }
    }
}
