//! HTTP-level tests: the real router on a random port over a fresh SQLite database
//! with a small demo seed.

use crate::support;

use ledgerlight::api::overview::ssr::overview_for_day;
use ledgerlight::domain::period::Baseline;
use ledgerlight::domain::{format, DateRange, Kpi, KpiKey, KpiValue, Lang, PeriodKey};
use ledgerlight::error::{AppError, Reason};
use ledgerlight::store::OrgId;
use support::app::{cookie_pair, fjordline, spawn_app, TestApp, OWNER, VIEWER};

async fn get(url: &str) -> (u16, String) {
    let response = reqwest::get(url).await.expect("request");
    let status = response.status().as_u16();
    (status, response.text().await.expect("body"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn overview_shows_the_demo_orgs_kpis() {
    let app = spawn_app().await;
    let cookie = app.sign_in(OWNER).await;
    let org = fjordline(&app).await;
    let today = ledgerlight::server::caller::org_today(&org);
    for period in [PeriodKey::ThisMonth, PeriodKey::Last12Months] {
        let expected = overview_for_day(&app.ctx, &org, period, Baseline::SameDays, today)
            .await
            .expect("overview");
        let path = format!("/?period={}", period.key());
        let (status, _, body) = app.page(&path, Some(&cookie)).await;
        assert_eq!(status, 200);
        assert!(body.contains(&org.name), "org name missing");
        for key in [
            KpiKey::Revenue,
            KpiKey::InvoiceCount,
            KpiKey::Outstanding,
            KpiKey::Overdue,
        ] {
            let kpi = expected.kpi(key).expect("kpi");
            let shown = kpi.current.format(&expected.header.base_currency, Lang::En);
            assert!(
                body.contains(&shown),
                "{period:?}: {key:?} should show {shown}"
            );
        }
        // The data-table twin has one row per month of the trend.
        assert_eq!(
            body.matches("<th scope=\"row\"").count(),
            expected.trend.len()
        );
        // A month not over yet says up to which day both years are counted.
        if let Some(day) = expected.trend.last().and_then(|point| point.through) {
            let label = format!("(to {})", format::date(day, Lang::En));
            assert!(body.contains(&label), "{period:?}: {label}");
        }
    }
    // The figures are real: the last 12 months of the demo have revenue.
    let totals = app
        .ctx
        .store
        .period_totals(OrgId(org.id), PeriodKey::Last12Months.range(today, 12))
        .await
        .expect("totals");
    assert!(totals.revenue_base_minor > 0 && totals.invoice_count > 0);
}

/// Which of a KPI's values a side of the comparison reads.
type KpiSide = fn(&Kpi) -> KpiValue;

/// A running period is compared with the same days of the period before and of a year
/// earlier, the page says which days, and the whole period before is one link away.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_running_period_is_compared_like_for_like() {
    let app = spawn_app().await;
    let cookie = app.sign_in(OWNER).await;
    let org = fjordline(&app).await;
    let today = ledgerlight::server::caller::org_today(&org);
    let id = OrgId(org.id);
    let dates = |range: DateRange| format::date_range(range.start, range.end, Lang::En);
    for period in [
        PeriodKey::ThisWeek,
        PeriodKey::ThisMonth,
        PeriodKey::ThisQuarter,
    ] {
        let data = overview_for_day(&app.ctx, &org, period, Baseline::SameDays, today)
            .await
            .expect("overview");
        let compared = data.comparison;
        assert!(compared.current.end <= today, "{period:?} stops at today");
        // Each side's revenue is the sum over exactly its days.
        let sides: [(DateRange, KpiSide); 3] = [
            (compared.current, |k| k.current),
            (compared.previous, |k| k.previous),
            (compared.last_year, |k| k.last_year),
        ];
        for (range, side) in sides {
            let totals = app
                .ctx
                .store
                .period_totals(id, range)
                .await
                .expect("totals");
            let revenue = data.kpi(KpiKey::Revenue).map(side).expect("kpi");
            assert_eq!(
                revenue.raw(),
                totals.revenue_base_minor,
                "{period:?} {range:?}"
            );
            let customers = data.kpi(KpiKey::ActiveCustomers).map(side).expect("kpi");
            assert_eq!(
                customers.raw(),
                totals.active_customers,
                "{period:?} {range:?}"
            );
        }
        if compared.running {
            assert_eq!(
                compared.previous.days(),
                compared.current.days().min(compared.whole_previous.days())
            );
        }
        let (status, _, body) = app
            .page(&format!("/?period={}", period.key()), Some(&cookie))
            .await;
        assert_eq!(status, 200);
        let text = support::visible_text(&body);
        assert!(
            body.contains(&dates(compared.previous)) && body.contains(&dates(compared.last_year)),
            "{period:?}: the page names the compared days: {text}"
        );
        if compared.running {
            let whole = format!("/?period={}&amp;against=whole_period", period.key());
            assert!(
                body.contains(&whole),
                "{period:?}: the whole period is one link away"
            );
            let (status, _, body) = app
                .page(
                    &format!("/?period={}&against=whole_period", period.key()),
                    Some(&cookie),
                )
                .await;
            assert_eq!(status, 200);
            assert!(body.contains("compared with the whole period before"));
            assert!(body.contains(&dates(compared.whole_previous)));
        }
    }
    let (_, _, body) = app.page("/?against=sideways", Some(&cookie)).await;
    assert!(body.contains("“sideways”"), "a bad comparison is named");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_bad_input_and_unknown_paths() {
    let app = spawn_app().await;
    let (status, body) = get(&app.url("/healthz")).await;
    assert_eq!((status, body.as_str()), (200, "ok"));

    let cookie = app.sign_in(VIEWER).await;
    let (status, _, body) = app.page("/?period=nonsense", Some(&cookie)).await;
    assert_eq!(status, 200);
    assert!(
        body.contains("The period “nonsense” is not one we know"),
        "bad period is explained"
    );
    assert!(
        body.contains("data-testid=\"kpi-revenue\""),
        "page still shows figures"
    );

    let (status, body) = get(&app.url("/no/such/page")).await;
    assert_eq!(status, 404);
    assert!(body.contains("Page not found"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn overview_server_function_answers_json_and_names_bad_arguments() {
    let app = spawn_app().await;
    let cookie = app.sign_in(VIEWER).await;
    let client = reqwest::Client::new();
    let post = |body: Vec<u8>| {
        client
            .post(app.url("/api/overview"))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("sec-fetch-site", "same-origin")
            .header("cookie", &cookie)
            .body(body)
            .send()
    };
    let response = post(b"period=last_month".to_vec()).await.expect("request");
    assert_eq!(response.status().as_u16(), 200);
    let body = response.text().await.expect("body");
    assert!(
        body.contains("\"kpis\"") && body.contains("\"LastMonth\""),
        "{body}"
    );

    // A value the page cannot use comes back named, with this month shown instead, as
    // the page itself does: a link with a typo still shows figures.
    let response = post(b"period=Forever".to_vec()).await.expect("request");
    assert_eq!(
        response.status().as_u16(),
        200,
        "a bad value is not a server fault"
    );
    let body = response.text().await.expect("body");
    assert!(
        body.contains("\"kpis\"") && body.contains("\"ThisMonth\""),
        "{body}"
    );
    assert!(
        body.contains("NotAChoice") && body.contains("Forever"),
        "{body}"
    );

    // A body that cannot be read at all is a bad request, said so.
    let response = post(b"period=\xff\xfe".to_vec()).await.expect("request");
    assert_eq!(
        response.status().as_u16(),
        400,
        "a bad request, not a server fault"
    );
    let body = response.text().await.expect("body");
    assert!(
        !body.contains("sqlx") && !body.contains("database error"),
        "{body}"
    );
}

/// A POST to the overview server function, signed in as the demo viewer, with the
/// given extra headers.
async fn post_overview(app: &TestApp, headers: &[(&str, &str)]) -> reqwest::Response {
    let cookie = app.sign_in(VIEWER).await;
    let mut request = reqwest::Client::new()
        .post(app.url("/api/overview"))
        .header("cookie", cookie)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("period=this_month");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.send().await.expect("request")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cross_site_writes_are_refused_and_server_functions_are_not_gettable() {
    let app = spawn_app().await;
    let origin = format!("http://{}", app.addr);
    let refused: [&[(&str, &str)]; 4] = [
        &[("sec-fetch-site", "cross-site")],
        &[("sec-fetch-site", "same-site")],
        &[("origin", "https://evil.example")],
        &[],
    ];
    for headers in refused {
        let response = post_overview(&app, headers).await;
        assert_eq!(response.status().as_u16(), 403, "{headers:?}");
    }
    let allowed: [&[(&str, &str)]; 2] = [
        &[("sec-fetch-site", "same-origin")],
        &[("origin", origin.as_str())],
    ];
    for headers in allowed {
        let response = post_overview(&app, headers).await;
        let status = response.status().as_u16();
        let body = response.text().await.expect("body");
        assert_eq!(status, 200, "{headers:?}: {body}");
    }
    let (status, _) = get(&app.url("/api/overview?period=ThisMonth")).await;
    assert_eq!(status, 405, "server functions answer POST only");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_response_carries_the_security_headers() {
    let app = spawn_app().await;
    let page = reqwest::get(app.url("/sign-in")).await.expect("page");
    let csp = page.headers()["content-security-policy"]
        .to_str()
        .expect("ascii")
        .to_string();
    let body = page.text().await.expect("body");
    // The page's inline hydration script carries the nonce the policy names.
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("a nonce in the policy");
    assert!(
        body.contains(&format!("nonce=\"{nonce}\"")),
        "script nonce matches the header"
    );
    assert!(csp.contains("'wasm-unsafe-eval'") && csp.contains("frame-ancestors 'none'"));
    assert!(!csp.contains("'unsafe-eval'") && !csp.contains("script-src 'self' 'unsafe-inline'"));

    let responses = [
        reqwest::get(app.url("/no/such/page")).await.expect("404"),
        reqwest::get(app.url("/favicon.svg")).await.expect("asset"),
        reqwest::get(app.url("/healthz")).await.expect("health"),
        post_overview(&app, &[("sec-fetch-site", "same-origin")]).await,
        post_overview(&app, &[("sec-fetch-site", "cross-site")]).await,
    ];
    for response in responses {
        let headers = response.headers();
        let what = response.url().path().to_string();
        assert!(headers.contains_key("content-security-policy"), "{what}");
        assert_eq!(headers["x-content-type-options"], "nosniff", "{what}");
        assert_eq!(
            headers["referrer-policy"], "strict-origin-when-cross-origin",
            "{what}"
        );
        // Served over plain HTTP here: no HSTS.
        assert!(!headers.contains_key("strict-transport-security"), "{what}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_up_sign_out_and_sign_in_with_a_database_session() {
    let app = spawn_app().await;
    let credentials = "email=Jane%40Example.com&password=correct+horse+battery";

    let (status, set_cookie, body) = app.call("sign_up", credentials, None).await;
    assert_eq!(status, 200, "{body}");
    assert!(
        body.contains("jane@example.com") && body.contains("(personal)"),
        "{body}"
    );
    let set_cookie = set_cookie.expect("a session cookie");
    assert!(set_cookie.starts_with("ll_session="), "{set_cookie}");
    assert!(
        set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Lax"),
        "{set_cookie}"
    );
    let cookie = cookie_pair(&set_cookie);

    let (_, _, body) = app.call("current_account", "", Some(&cookie)).await;
    assert!(
        body.contains("jane@example.com") && body.contains("Owner"),
        "{body}"
    );
    let (_, _, body) = app.call("current_account", "", None).await;
    assert_eq!(body, "null", "a visitor has no account");

    // The same email cannot register twice.
    let (status, _, body) = app.call("sign_up", credentials, None).await;
    assert_eq!(status, 400);
    assert_eq!(
        support::app::error_of(&body),
        AppError::BadRequest(Reason::EmailTaken)
    );
    let (status, _, body) = app
        .call("sign_up", "email=bo%40example.com&password=short", None)
        .await;
    assert_eq!(status, 400);
    let error = support::app::error_of(&body);
    assert_eq!(error, AppError::BadRequest(Reason::PasswordTooShort(10)));
    assert_eq!(error.to_string(), "Use at least 10 characters.");
    let (status, _, body) = app
        .call(
            "sign_up",
            "email=not-an-email&password=long+enough+pass",
            None,
        )
        .await;
    assert_eq!(status, 400);
    assert_eq!(
        support::app::error_of(&body),
        AppError::BadRequest(Reason::EmailMalformed)
    );

    // Signing out ends the session on the server: the old cookie opens nothing.
    let (status, _, _) = app.call("sign_out", "", Some(&cookie)).await;
    assert_eq!(status, 200);
    let (_, _, body) = app.call("current_account", "", Some(&cookie)).await;
    assert_eq!(body, "null", "a signed-out cookie is dead");

    // A wrong password is refused without saying which part was wrong.
    let (status, set_cookie, body) = app
        .call(
            "sign_in",
            "email=jane%40example.com&password=wrong+password",
            None,
        )
        .await;
    assert_eq!(status, 400);
    assert!(set_cookie.is_none());
    assert_eq!(
        support::app::error_of(&body),
        AppError::BadRequest(Reason::WrongCredentials)
    );
    // An unknown address gets exactly the same answer.
    let (status, _, unknown) = app
        .call(
            "sign_in",
            "email=nobody%40example.com&password=wrong+password",
            None,
        )
        .await;
    assert_eq!((status, unknown), (400, body));

    // The right one signs in with a new session id.
    let (status, set_cookie, body) = app.call("sign_in", credentials, None).await;
    assert_eq!(status, 200, "{body}");
    let fresh = cookie_pair(&set_cookie.expect("a session cookie"));
    assert_ne!(fresh, cookie);
    let (_, _, body) = app.call("current_account", "", Some(&fresh)).await;
    assert!(body.contains("jane@example.com"), "{body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn data_is_never_stored_by_browsers_or_proxies_but_assets_are() {
    // Assets straight from `public/` (the built site may not exist when this runs).
    let public = concat!(env!("CARGO_MANIFEST_DIR"), "/public");
    let app =
        support::app::spawn_app_with(|key| (key == "LEPTOS_SITE_ROOT").then(|| public.to_string()))
            .await;
    let owner = app.sign_in(OWNER).await;
    let client = reqwest::Client::new();
    let signed_in = |path: &str| {
        client
            .get(app.url(path))
            .header("cookie", owner.clone())
            .send()
    };
    let responses = [
        signed_in("/").await.expect("page"),
        signed_in("/invoices?per=50").await.expect("page"),
        signed_in("/export/invoices.csv").await.expect("download"),
        signed_in("/export/revenue.csv").await.expect("download"),
        client
            .post(app.url("/api/overview"))
            .header("cookie", owner.clone())
            .header("sec-fetch-site", "same-origin")
            .header("content-type", "application/x-www-form-urlencoded")
            .body("period=ThisMonth")
            .send()
            .await
            .expect("server function"),
        client
            .get(app.url("/sign-in"))
            .header("accept", "text/html")
            .send()
            .await
            .expect("page"),
    ];
    for response in responses {
        let what = response.url().path().to_string();
        assert_eq!(response.status().as_u16(), 200, "{what}");
        assert_eq!(response.headers()["cache-control"], "no-store", "{what}");
    }
    let asset = reqwest::get(app.url("/favicon.svg")).await.expect("asset");
    assert_eq!(asset.status().as_u16(), 200);
    assert!(asset.headers()["content-type"]
        .to_str()
        .is_ok_and(|t| t.starts_with("image/svg")));
    assert_ne!(
        asset.headers().get("cache-control").map(|v| v.as_bytes()),
        Some(&b"no-store"[..]),
        "static assets stay cacheable"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_refused_for_a_role_answers_403_with_the_readable_refusal() {
    let app = spawn_app().await;
    let viewer = app.sign_in(VIEWER).await;
    for path in ["/audit", "/connection"] {
        let (status, _, body) = app.page(path, Some(&viewer)).await;
        if path == "/audit" {
            assert_eq!(status, 403, "{path}");
            assert!(
                body.contains("(Viewer) does not open this page"),
                "{path} says why: {body}"
            );
        } else {
            // Everyone may see whether the organization is connected.
            assert_eq!(status, 200, "{path}");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn undecodable_and_oversized_bodies_are_the_clients_fault() {
    let app = spawn_app().await;
    let owner = app.sign_in(OWNER).await;
    let post = |body: Vec<u8>| {
        reqwest::Client::new()
            .post(app.url("/api/revenue"))
            .header("cookie", owner.clone())
            .header("sec-fetch-site", "same-origin")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
    };
    let not_utf8 = post(b"params[from]=\xff\xfe&params[to]=2026-01-01".to_vec())
        .await
        .expect("answer");
    assert_eq!(not_utf8.status().as_u16(), 400);
    let huge = format!("params[q]={}", "a".repeat(200_000)).into_bytes();
    let response = post(huge.clone()).await.expect("answer");
    assert_eq!(response.status().as_u16(), 413);
    // Refused before its body was read: the connection is not for reuse, and says so,
    // so a client does not lose its next request on it.
    assert_eq!(
        response
            .headers()
            .get("connection")
            .and_then(|v| v.to_str().ok()),
        Some("close")
    );
    let body = response.text().await.expect("body");
    assert!(!body.is_empty(), "the 413 says why");
    // No length announced: the limit must cut the stream itself.
    let (status, body) = chunked_post(&app, "/api/revenue", &owner, &huge).await;
    assert_eq!(status, 413, "{body}");
    assert!(body.contains("BodyTooLarge"), "{body}");
}

/// A POST whose body comes in chunks with no length announced (raw HTTP/1.1); the
/// status and body of the answer.
async fn chunked_post(app: &TestApp, path: &str, cookie: &str, body: &[u8]) -> (u16, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut socket = tokio::net::TcpStream::connect(app.addr)
        .await
        .expect("connect");
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {}\r\nCookie: {cookie}\r\nSec-Fetch-Site: same-origin\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\
         Connection: close\r\n\r\n",
        app.addr
    );
    let mut request = head.into_bytes();
    for chunk in body.chunks(8 * 1024) {
        request.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        request.extend_from_slice(chunk);
        request.extend_from_slice(b"\r\n");
    }
    request.extend_from_slice(b"0\r\n\r\n");
    // The server may answer and close before it has read everything sent.
    let _ = socket.write_all(&request).await;
    let mut answer = Vec::new();
    let _ = socket.read_to_end(&mut answer).await;
    let text = String::from_utf8_lossy(&answer).to_string();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or(0);
    (status, text)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dates_at_the_calendars_end_are_refused_not_looped_on() {
    let app = spawn_app().await;
    let owner = app.sign_in(OWNER).await;
    for query in [
        "from=%2B262142-10-01&to=%2B262142-10-02",
        "from=-262143-01-01&to=-262143-01-03",
        "from=2199-12-01&to=2199-12-31&by=week",
        "from=1900-01-01&to=1900-01-31&compare=last_year",
    ] {
        let started = std::time::Instant::now();
        let (status, _, body) = app.page(&format!("/revenue?{query}"), Some(&owner)).await;
        assert_eq!(status, 200, "{query}");
        assert!(
            started.elapsed() < std::time::Duration::from_secs(5),
            "{query}"
        );
        if query.contains("262") {
            assert!(
                body.contains("is not a date"),
                "{query}: the page names the bad value"
            );
        }
    }
    let (status, _, body) = app
        .page(
            "/export/revenue.csv?from=%2B262142-01-01&to=%2B262142-12-31&by=month",
            Some(&owner),
        )
        .await;
    assert_eq!(status, 400, "{body}");
    let (status, _, body) = app
        .call(
            "revenue",
            "params[from]=%2B262142-10-01&params[to]=%2B262142-12-30&params[by]=quarter",
            Some(&owner),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert!(
        body.contains("NotADate") && body.contains("+262142-10-01"),
        "the dates are named, and this month is shown instead: {body}"
    );
    for (path, query) in [
        ("/invoices", "currency=ABC&customer=999999"),
        ("/bills", "currency=ABC"),
    ] {
        let (status, _, body) = app.page(&format!("{path}?{query}"), Some(&owner)).await;
        assert_eq!(status, 200);
        assert!(
            body.contains("ABC"),
            "{path}: the unknown currency is named"
        );
    }
    let (status, _, _) = app
        .page("/export/invoices.csv?currency=ABC", Some(&owner))
        .await;
    assert_eq!(
        status, 400,
        "a download is exactly what was asked, or refused"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_answer_carries_a_request_id_for_the_logs() {
    let app = spawn_app().await;
    let client = reqwest::Client::new();
    let drawn = client
        .get(app.url("/healthz"))
        .send()
        .await
        .expect("health");
    let id = drawn
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .expect("a request id drawn by the server");
    assert_eq!(id.len(), 36, "a UUID: {id}");
    // A proxy's id is kept, so its logs and ours can be matched.
    let kept = client
        .get(app.url("/healthz"))
        .header("x-request-id", "proxy-42")
        .send()
        .await
        .expect("health");
    assert_eq!(
        kept.headers()
            .get("x-request-id")
            .and_then(|v| v.to_str().ok()),
        Some("proxy-42")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_health_check_fails_once_the_sync_scheduler_has_stopped() {
    use ledgerlight::server::{Config, ServerCtx};
    use ledgerlight::sync::scheduler::{self, SchedulerConfig};

    let db = support::sqlite().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let config = Config::from_lookup(|key| match key {
        "DATABASE_URL" => Some(db.url.clone()),
        "LEPTOS_SITE_ADDR" => Some(addr.to_string()),
        _ => None,
    })
    .expect("config");
    // A scheduler with a stop switch of its own, so the server keeps serving after it.
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let (sync, task) = scheduler::spawn(
        db.store.clone(),
        None,
        SchedulerConfig {
            scheduled: false,
            ..SchedulerConfig::default()
        },
        stopped,
    );
    let ctx = ServerCtx::new(db.store.clone(), config).with_sync(sync);
    tokio::spawn(ledgerlight::app::serve(ctx, listener));
    let health = format!("http://{addr}/healthz");
    assert_eq!(get(&health).await, (200, "ok".to_string()));
    stop.send(true).expect("stop");
    task.await.expect("watcher");
    assert_eq!(
        get(&health).await,
        (503, "sync scheduler stopped".to_string())
    );
    db.finish().await;
}
