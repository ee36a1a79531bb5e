//! Generates the `i18n` module (see `src/i18n.rs`) from `locales/<lang>/<area>.json`.
//!
//! Any diagnostic fails the build: a text missing in one language, or an extra key, is a
//! compile error here rather than a warning nobody reads.

use std::path::PathBuf;

use leptos_i18n_parser::parse_locales::options::{Config, ParseOptions};

/// The default language comes first; every other language must have every key.
const LOCALES: [&str; 2] = ["en", "da"];
const AREAS: [&str; 16] = [
    "common",
    "errors",
    "payments",
    "customers",
    "invoices",
    "receivables",
    "billing",
    "sync",
    "admin",
    "overview",
    "revenue",
    "accounts",
    "members",
    "connection",
    "invitation",
    "query",
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=locales");
    for locale in LOCALES {
        for area in AREAS {
            println!("cargo::rerun-if-changed=locales/{locale}/{area}.json");
        }
    }
    let manifest_dir =
        PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").ok_or("no CARGO_MANIFEST_DIR")?);
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("no OUT_DIR")?);

    let mut config = Config::new(LOCALES[0]).map_err(|e| e.to_string())?;
    for locale in &LOCALES[1..] {
        config = config.add_locale(locale).map_err(|e| e.to_string())?;
    }
    let config = config
        .add_namespaces(AREAS)
        .map_err(|e| e.to_string())?
        // `t_string!`/`td_string!` with arguments (aria labels, chart summaries, CSV).
        .parse_options(ParseOptions::default().interpolate_display(true));
    let parsed = leptos_i18n_parser::parse_locales::parse_locales(Some(manifest_dir), config)
        .map_err(|e| e.to_string())?;

    let mut problems: Vec<String> = parsed.diag.errors().iter().map(|e| e.to_string()).collect();
    problems.extend(parsed.diag.warnings().iter().map(|w| w.to_string()));
    if !problems.is_empty() {
        for problem in &problems {
            println!("cargo::warning={problem}");
        }
        return Err(format!(
            "translations have {} problem(s): {}",
            problems.len(),
            problems.join("; ")
        )
        .into());
    }

    let code = leptos_i18n_codegen::gen_code(&parsed, None, false, None, false)
        .map_err(|e| e.to_string())?;
    std::fs::write(out_dir.join("i18n.rs"), code.to_string())?;
    Ok(())
}
