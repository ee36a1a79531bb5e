//! HTTP-level tests: the real router on a random port over a fresh SQLite database
//! with a small demo seed.

mod support;

use ledgerlight::api::overview::ssr::overview_for_day;
use ledgerlight::domain::{KpiKey, Lang, PeriodPreset};
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
    let today = ledgerlight::api::overview::ssr::org_today(&org);
    for period in [PeriodPreset::ThisMonth, PeriodPreset::Last12Months] {
        let expected = overview_for_day(&app.ctx, &org, period, today)
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
            let shown = kpi.current.format(&expected.base_currency, Lang::En);
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
    }
    // The figures are real: the last 12 months of the demo have revenue.
    let totals = app
        .ctx
        .store
        .period_totals(OrgId(org.id), PeriodPreset::Last12Months.range(today))
        .await
        .expect("totals");
    assert!(totals.revenue_base_minor > 0 && totals.invoice_count > 0);
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
        body.contains("The period &quot;nonsense&quot; is not one we know")
            || body.contains("The period \"nonsense\" is not one we know"),
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
async fn overview_server_function_answers_json_and_rejects_bad_arguments() {
    let app = spawn_app().await;
    let cookie = app.sign_in(VIEWER).await;
    let client = reqwest::Client::new();
    let response = client
        .post(app.url("/api/overview"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "same-origin")
        .header("cookie", &cookie)
        .body("period=LastMonth")
        .send()
        .await
        .expect("request");
    assert_eq!(response.status().as_u16(), 200);
    let body = response.text().await.expect("body");
    assert!(body.contains("\"kpis\""), "{body}");

    let response = client
        .post(app.url("/api/overview"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "same-origin")
        .header("cookie", &cookie)
        .body("period=Forever")
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 400, "a bad request, not a server fault");
    let body = response.text().await.expect("body");
    assert!(
        matches!(
            support::app::error_of(&body),
            AppError::BadRequest(Reason::InvalidRequest(_))
        ),
        "the error says what was wrong: {body}"
    );
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
        .body("period=ThisMonth");
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
