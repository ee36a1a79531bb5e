//! Property tests of every decoder of outside input (page parameters, form fields,
//! settings, Billy's answers and addresses) and of the calendar arithmetic behind them:
//! generated hostile inputs must never panic, must come out bounded and checked, and
//! must round-trip where a value is written back into a link.
//!
//! Each property runs 10,000 cases in the normal test run. The long run sets
//! `LEDGERLIGHT_PROPTEST_CASES` (see the README's testing section, `make fuzz`) and
//! reads the printed count of cases and failures per decoder.

mod billy;
mod calendar;
mod page_params;

use std::fmt::Debug;

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};

/// Cases per property: 10,000, or `LEDGERLIGHT_PROPTEST_CASES`.
fn cases() -> u32 {
    std::env::var("LEDGERLIGHT_PROPTEST_CASES")
        .ok()
        .and_then(|value| value.trim().parse().ok())
        .unwrap_or(10_000)
}

/// Runs `property` over `cases()` inputs drawn from `strategy` (the same inputs on every
/// run, so a failure reproduces), prints `<decoder>: N cases, F failures`, and fails
/// with the smallest failing input proptest can find.
fn check<S>(decoder: &str, strategy: S, property: impl Fn(S::Value) -> Result<(), TestCaseError>)
where
    S: Strategy,
    S::Value: Debug,
{
    let cases = cases();
    let config = Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    };
    let rng = TestRng::deterministic_rng(RngAlgorithm::ChaCha);
    let mut runner = TestRunner::new_with_rng(config, rng);
    let outcome = runner.run(&strategy, property);
    let failures = u32::from(outcome.is_err());
    println!("{decoder}: {cases} cases, {failures} failures");
    if let Err(err) = outcome {
        panic!("{decoder}: {err}");
    }
}

/// Text as an attacker or a confused link sends it: anything printable or not, the
/// shapes our parsers look for pushed past their limits, and long runs.
fn hostile_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "\\PC{0,40}",
        "[+-]?[0-9]{1,7}-[0-9]{1,3}-[0-9]{1,3}",
        "[0-9]{4}-[0-9]{2}-[0-9]{2}",
        "-?[0-9]{0,25}([.,][0-9]{0,5})?",
        "[a-zA-Z_]{0,20}",
        "[ \t\r\n%&=?/\\\\#]{0,10}",
        "x{200,3000}",
        Just(String::new()),
        Just("+262142-12-31".to_string()),
        Just("-262143-01-01".to_string()),
        Just("9223372036854775807".to_string()),
        Just("-9223372036854775808".to_string()),
        Just("NaN".to_string()),
    ]
}

/// An optional hostile value, sometimes one of `known` (so the parsers' happy paths
/// and their combinations are reached too).
fn param(known: &'static [&'static str]) -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        2 => Just(None),
        3 => proptest::sample::select(known).prop_map(|k| Some(k.to_string())),
        3 => hostile_text().prop_map(Some),
    ]
}
