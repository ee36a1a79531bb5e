//! The real router on a random port over a fresh SQLite database seeded with a small
//! demo history (demo accounts included), and a client that talks to it as a browser
//! does: same-origin form POSTs to server functions, with a session cookie.

use std::net::SocketAddr;

use ledgerlight::server::{self, Config, ServerCtx};
use ledgerlight::sync::seed::{seed_demo, SeedOptions};

pub struct TestApp {
    pub addr: SocketAddr,
    pub ctx: ServerCtx,
    /// The in-app Billy simulator, when the app was spawned syncing.
    pub simulator: Option<SocketAddr>,
    _db: super::TestDb,
}

/// The demo accounts' credentials (see `sync::seed::DEMO_ACCOUNTS`).
/// A request that has not answered by then fails the test (with the path) rather than
/// holding up the whole run.
pub const REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

pub const OWNER: (&str, &str) = ("owner@demo.ledgerlight.test", "demo-owner-pass");
pub const MEMBER: (&str, &str) = ("member@demo.ledgerlight.test", "demo-member-pass");
pub const VIEWER: (&str, &str) = ("viewer@demo.ledgerlight.test", "demo-viewer-pass");
pub const PLATFORM_ADMIN: (&str, &str) = ("admin@demo.ledgerlight.test", "demo-admin-pass");

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Calls a server function as the browser does (same-origin form POST), with an
    /// optional session cookie; returns status, the `Set-Cookie` header and the body.
    pub async fn call(
        &self,
        name: &str,
        form: &str,
        cookie: Option<&str>,
    ) -> (u16, Option<String>, String) {
        let mut request = reqwest::Client::new()
            .post(self.url(&format!("/api/{name}")))
            .timeout(REQUEST_TIMEOUT)
            .header("content-type", "application/x-www-form-urlencoded")
            .header("sec-fetch-site", "same-origin")
            .body(form.to_string());
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        let response = request
            .send()
            .await
            .unwrap_or_else(|e| panic!("POST /api/{name}: {e}"));
        let status = response.status().as_u16();
        let set_cookie = response
            .headers()
            .get("set-cookie")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        (status, set_cookie, response.text().await.expect("body"))
    }

    /// Signs in and returns the session cookie (`ll_session=...`).
    pub async fn sign_in(&self, (email, password): (&str, &str)) -> String {
        let form = format!("email={}&password={}", email.replace('@', "%40"), password);
        let (status, set_cookie, body) = self.call("sign_in", &form, None).await;
        assert_eq!(status, 200, "sign in as {email}: {body}");
        cookie_pair(&set_cookie.expect("a session cookie"))
    }

    /// GET a page with an optional cookie, without following redirects.
    pub async fn page(&self, path: &str, cookie: Option<&str>) -> (u16, Option<String>, String) {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");
        // As a browser asks for a page (the server redirects only requests for HTML).
        let mut request = client
            .get(self.url(path))
            .timeout(REQUEST_TIMEOUT)
            .header("accept", "text/html,application/xhtml+xml");
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        let response = request
            .send()
            .await
            .unwrap_or_else(|e| panic!("GET {path}: {e}"));
        let status = response.status().as_u16();
        let location = response
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        (status, location, response.text().await.expect("body"))
    }
}

/// The demo organization the demo accounts open at sign-in.
pub async fn fjordline(app: &TestApp) -> ledgerlight::store::Organization {
    app.ctx
        .store
        .organization_by_slug("fjordline")
        .await
        .expect("query")
        .expect("demo org")
}

/// The `name=value` part of a `Set-Cookie` header.
pub fn cookie_pair(set_cookie: &str) -> String {
    set_cookie.split(';').next().unwrap_or_default().to_string()
}

/// Starts the app on port 0 with its own database, seeded with a small demo history.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| None).await
}

/// [`spawn_app`] with extra settings.
pub async fn spawn_app_with(extra: impl Fn(&str) -> Option<String>) -> TestApp {
    spawn(extra, false).await
}

/// [`spawn_app`] with the Billy simulator serving the demo organizations (connected to
/// it) and a sync scheduler that syncs only when asked ("Sync now").
pub async fn spawn_app_syncing() -> TestApp {
    spawn(|_| None, true).await
}

async fn spawn(extra: impl Fn(&str) -> Option<String>, syncing: bool) -> TestApp {
    let db = super::sqlite().await;
    let options = SeedOptions {
        seed: 5,
        invoices: 500,
        months: 24,
        today: server::demo_today(),
    };
    seed_demo(&*db.store, options).await.expect("seed");
    // Bind first: the configured address decides which origins may send writes.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let config = Config::from_lookup(|key| match key {
        "DATABASE_URL" => Some(db.url.clone()),
        "LEPTOS_SITE_ADDR" => Some(addr.to_string()),
        other => extra(other),
    })
    .expect("config");
    let key = config.secret_key.clone();
    let mut ctx = ServerCtx::new(db.store.clone(), config);
    let mut simulator_addr = None;
    if syncing {
        let key = key.expect("demo mode has a key");
        let simulator = ledgerlight::sync::demo_billy::start(
            &*db.store,
            &key,
            "127.0.0.1:0".parse().expect("addr"),
        )
        .await
        .expect("simulator")
        .expect("demo organizations to simulate");
        let (sync, _task) = ledgerlight::sync::scheduler::spawn(
            db.store.clone(),
            Some(key),
            ledgerlight::sync::scheduler::SchedulerConfig {
                scheduled: false,
                // As the server does: the sync may reach exactly the simulator.
                client: ledgerlight::sync::billy::ClientOptions {
                    addresses: ledgerlight::sync::billy::AddressPolicy::public_only()
                        .exempting(simulator),
                    ..Default::default()
                },
                ..Default::default()
            },
            ctx.shutdown.subscribe(),
        );
        ctx = ctx.with_sync(sync);
        simulator_addr = Some(simulator);
    }
    tokio::spawn(ledgerlight::app::serve(ctx.clone(), listener));
    TestApp {
        addr,
        ctx,
        simulator: simulator_addr,
        _db: db,
    }
}

/// A server function's error answer as the browser decodes it: the code its page words.
pub fn error_of(body: &str) -> ledgerlight::error::AppError {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("not an error answer ({e}): {body}"))
}
