//! A running server under a few thousand generated hostile requests: extreme dates and
//! numbers, wrong types, long and non-UTF-8 strings, undecodable, huge and nested
//! bodies, sent to every page, download and server function (signed in as the demo
//! owner, who may see everything an organization has). No answer may be a server
//! fault (5xx) or take longer than 2 s, and the server's memory must stay flat.
//!
//! Left out on purpose: calls that end the session or membership they run under
//! (`sign_out`, `leave_organization`, `remove_member`, `change_member_role`), and
//! `connect_billy`, which waits on the address it is given (its checks have tests of
//! their own in `sync::billy::address` and `tests/billy_address.rs`).

#[expect(
    dead_code,
    reason = "this binary uses only the part that starts a server"
)]
#[path = "integration/support/mod.rs"]
mod support;

use std::time::{Duration, Instant};

use futures::StreamExt;
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use support::app::{spawn_app, OWNER, PLATFORM_ADMIN};

/// Requests sent (the hostile mix below, cycled over every target).
const REQUESTS: usize = 2_400;
/// Requests in flight at once.
const CONCURRENCY: usize = 2;
/// The slowest answer allowed.
const DEADLINE: Duration = Duration::from_secs(2);
/// How far the server's resident memory may still grow over the second half of the run,
/// once pools, caches and the allocator's arenas have settled in the first half (1,200
/// requests): flat, give or take the allocator's slack.
const MAX_LATE_GROWTH_BYTES: u64 = 24 * 1024 * 1024;

/// Every page and download, with the query keys any of them reads.
const PAGES: &[&str] = &[
    "/",
    "/revenue",
    "/invoices",
    "/bills",
    "/payments",
    "/receivables",
    "/customers",
    "/members",
    "/billing",
    "/audit",
    "/connection",
    "/sync",
    "/admin",
    "/sign-in",
    "/sign-up",
    "/export/revenue.csv",
    "/export/invoices.csv",
    "/export/bills.csv",
    "/export/payments.csv",
];
/// Pages whose last path segment is an id or token from the address.
const PAGES_WITH_ID: &[&str] = &["/invoices/", "/customers/", "/invite/"];
const QUERY_KEYS: &[&str] = &[
    "period", "from", "to", "by", "vat", "compare", "q", "status", "state", "kind", "customer",
    "currency", "min", "max", "sort", "dir", "page", "per", "side", "as_of", "resource", "lang",
    "next",
];

/// Server functions and the argument names each reads (`params[...]` for the table
/// and revenue queries).
const FUNCTIONS: &[(&str, &[&str])] = &[
    ("overview", &["period"]),
    (
        "revenue",
        &[
            "params[period]",
            "params[from]",
            "params[to]",
            "params[by]",
            "params[vat]",
            "params[compare]",
        ],
    ),
    (
        "invoices",
        &[
            "params[q]",
            "params[status]",
            "params[currency]",
            "params[from]",
            "params[min]",
            "params[max]",
            "params[page]",
            "params[per]",
            "params[sort]",
        ],
    ),
    (
        "bills",
        &[
            "params[q]",
            "params[customer]",
            "params[to]",
            "params[max]",
            "params[dir]",
            "params[kind]",
        ],
    ),
    ("invoice", &["id"]),
    ("customers", &["period"]),
    ("customer", &["id"]),
    ("receivables", &["as_of"]),
    (
        "payments",
        &[
            "params[q]",
            "params[side]",
            "params[from]",
            "params[to]",
            "params[page]",
            "params[per]",
        ],
    ),
    (
        "sync_health",
        &["params[resource]", "params[status]", "params[page]"],
    ),
    ("sync_status", &[]),
    ("set_preferences", &["lang", "theme", "next"]),
    ("sign_in", &["email", "password", "next"]),
    ("sign_up", &["email", "password", "next"]),
    ("current_account", &[]),
    ("switch_organization", &["org_id"]),
    ("members", &[]),
    ("invite_member", &["email", "role"]),
    ("revoke_invitation", &["invitation_id"]),
    ("invitation", &["token"]),
    ("accept_invitation", &["token"]),
    ("audit_log", &[]),
    ("billing", &[]),
    ("change_plan", &["plan_id"]),
    ("billy_connection", &[]),
    ("admin_organizations", &[]),
    ("admin_audit_log", &[]),
];

/// Values as an attacker would send them.
fn hostile_values() -> impl Strategy<Value = String> {
    proptest::prop_oneof![
        proptest::prelude::any::<String>(),
        "[+-][0-9]{6}-[0-9]{2}-[0-9]{2}",
        "[0-9]{4}-[0-9]{2}-[0-9]{2}",
        "-?[0-9]{1,30}([.,][0-9]{1,6})?",
        "[a-zA-Z_]{1,12}",
        "x{1000,6000}",
        proptest::strategy::Just("+262142-10-01".to_string()),
        proptest::strategy::Just("-262143-01-03".to_string()),
        proptest::strategy::Just("9223372036854775807".to_string()),
        proptest::strategy::Just("-9223372036854775808".to_string()),
        proptest::strategy::Just("1e308".to_string()),
        proptest::strategy::Just("ThisMonth".to_string()),
        proptest::strategy::Just("quarter".to_string()),
    ]
}

/// Percent-encodes every byte but the unreserved ones.
fn encode(value: &[u8]) -> String {
    value
        .iter()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                char::from(*b).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}

/// Raw bytes that are not UTF-8, percent-encoded, and broken percent escapes.
const BROKEN: &[&str] = &["%FF%FE%FD", "%C3%28", "%ZZ", "%", "%E2%82", "%00"];

#[derive(Debug)]
enum Body {
    Form(String),
    Raw(Vec<u8>, &'static str),
}

#[derive(Debug)]
struct Probe {
    method: &'static str,
    path: String,
    body: Option<Body>,
    cookie: bool,
}

/// The `n`th request of the run: the target and the kind of hostility cycle, the
/// values come from the generator.
fn probe(n: usize, value: &mut impl FnMut() -> String) -> Probe {
    let targets = PAGES.len() + PAGES_WITH_ID.len() + FUNCTIONS.len();
    let target = n % targets;
    let variant = (n / targets) % 6;
    let cookie = !n.is_multiple_of(17);
    if target < PAGES.len() + PAGES_WITH_ID.len() {
        let path = if target < PAGES.len() {
            PAGES[target].to_string()
        } else {
            format!(
                "{}{}",
                PAGES_WITH_ID[target - PAGES.len()],
                encode(value().as_bytes())
            )
        };
        let mut pairs = Vec::new();
        for (i, key) in QUERY_KEYS.iter().enumerate() {
            if (n + i).is_multiple_of(3) {
                let v = match variant {
                    0 => BROKEN[(n + i) % BROKEN.len()].to_string(),
                    _ => encode(value().as_bytes()),
                };
                pairs.push(format!("{key}={v}"));
            }
        }
        if variant == 5 {
            pairs.push("from=%2B262142-10-01&to=%2B262142-10-02&by=quarter".to_string());
        }
        return Probe {
            method: "GET",
            path: format!("{path}?{}", pairs.join("&")),
            body: None,
            cookie,
        };
    }
    let (name, args) = FUNCTIONS[target - PAGES.len() - PAGES_WITH_ID.len()];
    let path = format!("/api/{name}");
    let body = match variant {
        // Undecodable: bytes that are not UTF-8, raw and percent-encoded.
        0 => Body::Raw(
            vec![0xff, 0xfe, b'=', 0xc3, 0x28, b'&', b'x'],
            "application/x-www-form-urlencoded",
        ),
        1 => Body::Form(
            args.iter()
                .map(|arg| format!("{}={}", encode(arg.as_bytes()), BROKEN[n % BROKEN.len()]))
                .collect::<Vec<_>>()
                .join("&"),
        ),
        // Too large: over the 64 KiB the server reads.
        2 => Body::Form(format!(
            "{}={}",
            args.first().unwrap_or(&"x"),
            "a".repeat(100_000)
        )),
        // Nested past any sense, and the same key many times.
        3 => Body::Form(format!(
            "{}{}=1&{}",
            "params",
            "[a]".repeat(500),
            std::iter::repeat_n("params[q]=x", 300)
                .collect::<Vec<_>>()
                .join("&")
        )),
        // The wrong type: JSON where a form is expected.
        4 => Body::Raw(
            br#"{"params":{"from":[1,{"a":null}]},"id":{"x":1e999}}"#.to_vec(),
            "application/json",
        ),
        _ => Body::Form(
            args.iter()
                .map(|arg| format!("{}={}", encode(arg.as_bytes()), encode(value().as_bytes())))
                .collect::<Vec<_>>()
                .join("&"),
        ),
    };
    Probe {
        method: "POST",
        path,
        body: Some(body),
        cookie,
    }
}

/// The process's resident memory (the server runs in this process), in bytes.
fn resident_bytes() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| {
            rest.trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<u64>()
                .ok()
        })
        .map_or(0, |kb| kb * 1024)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_hostile_request_gets_a_server_fault_or_hangs_or_leaks() {
    let app = spawn_app().await;
    // The platform admin is also an owner-less viewer; the owner sees the rest.
    let owner = app.sign_in(OWNER).await;
    let admin = app.sign_in(PLATFORM_ADMIN).await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
        .expect("client");

    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::deterministic_rng(RngAlgorithm::ChaCha),
    );
    let strategy = hostile_values();
    let mut value = move || {
        strategy
            .new_tree(&mut runner)
            .map(|tree| tree.current())
            .unwrap_or_default()
    };
    let probes: Vec<Probe> = (0..REQUESTS).map(|n| probe(n, &mut value)).collect();

    let send = |probe: &Probe| {
        let cookie = if probe.path.starts_with("/admin") || probe.path.contains("admin_") {
            admin.clone()
        } else {
            owner.clone()
        };
        let url = app.url(&probe.path);
        let mut request = match probe.method {
            "GET" => client.get(url).header("accept", "text/html"),
            _ => client.post(url).header("sec-fetch-site", "same-origin"),
        };
        if probe.cookie {
            request = request.header("cookie", cookie);
        }
        request = match &probe.body {
            Some(Body::Form(form)) => request
                .header("content-type", "application/x-www-form-urlencoded")
                .body(form.clone()),
            Some(Body::Raw(bytes, kind)) => {
                request.header("content-type", *kind).body(bytes.clone())
            }
            None => request,
        };
        let oversized = matches!(&probe.body, Some(Body::Form(form)) if form.len() > 65_536);
        async move {
            let started = Instant::now();
            let outcome = request.send().await;
            let status = match outcome {
                Ok(response) => {
                    let status = response.status().as_u16();
                    // Read the whole answer: a stream that breaks off is a failure too.
                    match response.bytes().await {
                        Ok(_) => Ok(status),
                        Err(err) => Err(format!("body broke off: {err}")),
                    }
                }
                // The server answers an announced oversized body with 413 at once and
                // closes; a client still sending may see the close before the answer.
                // (tests/http.rs reads that 413 where it can be read.)
                Err(err) if oversized && err.is_request() => Ok(413),
                // The whole chain of causes: "error sending request" alone does not say
                // whether the connection was refused, reset or closed early.
                Err(err) => Err(format!("no answer: {}", causes(&err))),
            };
            (status, started.elapsed())
        }
    };

    // Warm-up: one round over every target, so pools, caches and lazily built state
    // are in place before memory is measured.
    let targets = PAGES.len() + PAGES_WITH_ID.len() + FUNCTIONS.len();
    for probe in &probes[..targets] {
        let _ = send(probe).await;
    }
    // Memory after each quarter of the run: allocators and SQLite's page caches settle
    // in the first quarters; a leak keeps climbing through the last ones.
    let mut resident = vec![resident_bytes()];
    let mut outcomes: Vec<(usize, Result<u16, String>, Duration)> = Vec::new();
    for quarter in probes.chunks(REQUESTS / 4).enumerate().collect::<Vec<_>>() {
        let (q, chunk) = quarter;
        let offset = q * (REQUESTS / 4);
        let answers: Vec<_> = futures::stream::iter(chunk.iter().enumerate())
            .map(|(i, probe)| {
                let answer = send(probe);
                async move {
                    let (status, took) = answer.await;
                    (offset + i, status, took)
                }
            })
            .buffer_unordered(CONCURRENCY)
            .collect()
            .await;
        outcomes.extend(answers);
        resident.push(resident_bytes());
    }

    let mut failures = Vec::new();
    let mut slowest = Duration::ZERO;
    let mut by_status = std::collections::BTreeMap::<u16, usize>::new();
    for (n, status, took) in &outcomes {
        slowest = slowest.max(*took);
        match status {
            Ok(code) => {
                *by_status.entry(*code).or_default() += 1;
                if *code >= 500 {
                    failures.push(format!("{code} for {:?}", probes[*n]));
                }
            }
            Err(err) => failures.push(format!("{err} for {:?}", probes[*n])),
        }
        if *took > DEADLINE {
            failures.push(format!("{took:?} for {:?}", probes[*n]));
        }
    }
    let megabytes: Vec<u64> = resident.iter().map(|b| b / (1024 * 1024)).collect();
    println!(
        "{} hostile requests: statuses {by_status:?}; slowest {slowest:?}; resident memory \
         by quarter {megabytes:?} MB",
        outcomes.len(),
    );
    let shown: Vec<String> = failures
        .iter()
        .take(10)
        .map(|f| f.chars().take(400).collect())
        .collect();
    assert!(
        failures.is_empty(),
        "{} failures, first ones:\n{}",
        failures.len(),
        shown.join("\n")
    );
    let late_growth = resident[4].saturating_sub(resident[2]);
    assert!(
        late_growth <= MAX_LATE_GROWTH_BYTES,
        "resident memory still grew by {} MB over the second half: {megabytes:?} MB",
        late_growth / (1024 * 1024)
    );
    // Every kind of refusal was reached, so the mix did what it says.
    for code in [400, 404, 413] {
        assert!(
            by_status.contains_key(&code),
            "no {code} among {by_status:?}"
        );
    }
}

/// An error and every error under it, outermost first.
fn causes(err: &(dyn std::error::Error + 'static)) -> String {
    let mut words = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        words.push_str(": ");
        words.push_str(&cause.to_string());
        source = cause.source();
    }
    words
}
