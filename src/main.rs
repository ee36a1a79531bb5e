//! The `ledgerlight` command: serve the dashboard, migrate, or seed demo data.

use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
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
        #[command(flatten)]
        size: DemoSize,
    },
    /// Serve a Billy-compatible API (the simulator) with the demo organizations, for
    /// tests and experiments. Tokens: demo-fjordline, demo-nordlys.
    BillySim {
        /// Port on 127.0.0.1 (0: any free port; the one chosen is printed).
        #[arg(long, default_value_t = 3100)]
        port: u16,
        #[command(flatten)]
        size: DemoSize,
        /// Let time pass every this many seconds (new invoices, payments); 0: never.
        #[arg(long, default_value_t = 60)]
        tick_seconds: u64,
    },
}

/// How much demo data to generate (the seeding and the simulator take the same).
#[derive(Args, Clone, Copy)]
struct DemoSize {
    /// Invoices over all demo organizations together.
    #[arg(long, default_value_t = 8_000)]
    invoices: usize,
    /// Months of history, ending this month.
    #[arg(long, default_value_t = 24)]
    months: u32,
    /// Random seed: the same seed and day give the same data.
    #[arg(long, default_value_t = 2026)]
    seed: u64,
}

impl DemoSize {
    fn options(self) -> SeedOptions {
        SeedOptions {
            seed: self.seed,
            invoices: self.invoices,
            months: self.months,
            today: server::demo_today(),
        }
    }
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
    if let Command::BillySim {
        port,
        size,
        tick_seconds,
    } = command
    {
        return billy_sim(port, size, tick_seconds).await;
    }
    let config = Config::from_env().map_err(|e| e.to_string())?;
    match command {
        Command::Serve => {
            let addr = config.site_addr;
            let ctx = server::prepare(config).await.map_err(|e| e.to_string())?;
            let listener = tokio::net::TcpListener::bind(addr)
                .await
                .map_err(|e| format!("LEPTOS_SITE_ADDR: cannot listen on {addr}: {e}"))?;
            ledgerlight::app::serve(ctx, listener)
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
        Command::BillySim { .. } => Ok(()),
        Command::SeedDemo { size } => {
            let store = store::open(&config.database_url)
                .await
                .map_err(|e| e.to_string())?;
            let report = seed_demo(&*store, size.options())
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

/// `ledgerlight billy-sim`: the simulator alone, until Ctrl-C.
async fn billy_sim(port: u16, size: DemoSize, tick_seconds: u64) -> Result<(), String> {
    use ledgerlight::sync::simulator::Simulator;
    let sim = Simulator::demo(size.options());
    if tick_seconds > 0 {
        sim.spawn_clock(std::time::Duration::from_secs(tick_seconds), size.seed);
    }
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .map_err(|e| format!("--port: cannot listen on 127.0.0.1:{port}: {e}"))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let tokens: Vec<String> = sim.map_orgs(|org| org.token.clone());
    println!(
        "Billy simulator on http://{addr}/v2 (tokens: {}; control API under /_sim/)",
        tokens.join(", ")
    );
    sim.serve(listener, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await
    .map_err(|e| e.to_string())
}
