//! Accounts over HTTP as people use them: pages send visitors to sign in (and back),
//! forms work without JavaScript, sign-in is rate limited, invitations are single-use,
//! plan limits are enforced with a message naming the plan that lifts them, switching
//! organization changes the figures, and all of it lands in the audit log.

use crate::support;

use ledgerlight::sync::billy::wire::WireOrganization;
use ledgerlight::sync::simulator::{SimOrg, Simulator};

use ledgerlight::error::{AppError, Reason};
use ledgerlight::store::OrgId;
use support::app::{cookie_pair, error_of, spawn_app, spawn_app_with, OWNER, VIEWER};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn visitors_are_sent_to_sign_in_and_back() {
    let app = spawn_app().await;
    for path in ["/", "/members", "/billing?x=1", "/audit", "/admin"] {
        let (status, location, _) = app.page(path, None).await;
        assert_eq!(status, 302, "{path}");
        let location = location.expect("a location");
        assert!(location.starts_with("/sign-in?next="), "{path}: {location}");
    }
    let (status, _, body) = app.page("/sign-in?next=%2Fbilling", None).await;
    assert_eq!(status, 200);
    assert!(
        body.contains("name=\"password\"") && body.contains("value=\"/billing\""),
        "{body}"
    );

    // A plain form post (no JavaScript) signs in and goes on to `next`.
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let referer = app.url("/sign-in?next=%2Fbilling");
    let post = |form: &'static str| {
        client
            .post(app.url("/api/sign_in"))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", "text/html")
            .header("referer", &referer)
            .header("sec-fetch-site", "same-origin")
            .body(form)
            .send()
    };
    let response =
        post("email=owner%40demo.ledgerlight.test&password=demo-owner-pass&next=%2Fbilling")
            .await
            .expect("post");
    assert_eq!(response.status().as_u16(), 302);
    assert_eq!(response.headers()["location"], "/billing");
    let cookie = cookie_pair(response.headers()["set-cookie"].to_str().expect("ascii"));
    let (status, _, body) = app.page("/billing", Some(&cookie)).await;
    assert_eq!(status, 200);
    assert!(body.contains("data-testid=\"current-plan\""), "{body}");
    // A wrong password goes back to the form with the error in the address, which the
    // page shows.
    let response = post("email=owner%40demo.ledgerlight.test&password=nope&next=%2F")
        .await
        .expect("post");
    assert_eq!(response.status().as_u16(), 302);
    let back = response.headers()["location"]
        .to_str()
        .expect("ascii")
        .to_string();
    assert!(back.contains("__err="), "{back}");
    let path = back
        .trim_start_matches(&format!("http://{}", app.addr))
        .to_string();
    let (_, _, body) = app.page(&path, None).await;
    assert!(
        body.contains("The email or the password is wrong."),
        "{body}"
    );
    // The address carries the code, not the words: a Danish reader reads it in Danish.
    let (_, _, body) = app.page(&path, Some("ll_lang=da")).await;
    assert!(
        body.contains("E-mailadressen eller adgangskoden er forkert."),
        "{body}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_is_rate_limited_per_account_and_per_address() {
    let app =
        spawn_app_with(|key| (key == "LEDGERLIGHT_SIGN_IN_LIMIT_PER_IP").then(|| "15".to_string()))
            .await;
    for attempt in 1..=10 {
        let (status, _, _) = app
            .call(
                "sign_in",
                "email=viewer%40demo.ledgerlight.test&password=guess",
                None,
            )
            .await;
        assert_eq!(status, 400, "attempt {attempt} is only wrong");
    }
    let (status, _, body) = app
        .call(
            "sign_in",
            "email=VIEWER%40demo.ledgerlight.test&password=demo-viewer-pass",
            None,
        )
        .await;
    assert_eq!(status, 429, "even the right password waits: {body}");
    let error: ledgerlight::error::AppError = serde_json::from_str(&body).expect("an error");
    assert!(
        error
            .to_string()
            .starts_with("Too many attempts. Try again in"),
        "{error}"
    );
    // The refusal says when to try again.
    let response = reqwest::Client::new()
        .post(app.url("/api/sign_in"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "same-origin")
        .body("email=viewer%40demo.ledgerlight.test&password=guess")
        .send()
        .await
        .expect("answer");
    assert_eq!(response.status().as_u16(), 429);
    let retry_after: u64 = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("a Retry-After in seconds");
    assert!((1..=15 * 60).contains(&retry_after), "{retry_after}");
    // Another account from the same address still gets in, and a right password does
    // not count toward any limit, however often.
    for _ in 0..12 {
        let cookie = app.sign_in(OWNER).await;
        assert!(cookie.starts_with("ll_session="));
    }
    // Wrong passwords for other accounts do count toward the address's limit (15):
    // 12 attempts so far (10 wrong, the refused right one, the one just above).
    let mut statuses = Vec::new();
    for _ in 0..4 {
        let (status, _, _) = app
            .call(
                "sign_in",
                "email=member%40demo.ledgerlight.test&password=guess",
                None,
            )
            .await;
        statuses.push(status);
    }
    assert_eq!(
        statuses,
        [400, 400, 400, 429],
        "the address's limit of 15 applies across accounts"
    );
    let failed = app
        .ctx
        .store
        .audit_rows(None, 100)
        .await
        .expect("audit")
        .into_iter()
        .filter(|row| row.action == "sign_in_failed")
        .count();
    assert_eq!(failed, 13, "each wrong password is in the audit log");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invitation_link_adds_one_person_once() {
    let app = spawn_app().await;
    let owner = app.sign_in(OWNER).await;
    let (status, _, body) = app
        .call(
            "invite_member",
            "email=Newcomer%40example.com&role=Member",
            Some(&owner),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let created: serde_json::Value = serde_json::from_str(&body).expect("json");
    let link = created["link"].as_str().expect("link");
    let token = link.rsplit('/').next().expect("token").to_string();
    assert!(link.starts_with(&app.url("/invite/")), "{link}");

    // The link's page says what it offers, to anyone holding it.
    let (status, _, page) = app.page(&format!("/invite/{token}"), None).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Fjordline Consulting ApS") && page.contains("newcomer@example.com"),
        "{page}"
    );

    // Another signed-in person cannot use it.
    let viewer = app.sign_in(VIEWER).await;
    let (status, _, body) = app
        .call(
            "accept_invitation",
            &format!("token={token}"),
            Some(&viewer),
        )
        .await;
    assert_eq!(status, 409);
    assert!(
        error_of(&body)
            .to_string()
            .contains("is for newcomer@example.com"),
        "{body}"
    );

    let (status, set_cookie, _) = app
        .call(
            "sign_up",
            "email=newcomer%40example.com&password=newcomer-pass-1",
            None,
        )
        .await;
    assert_eq!(status, 200);
    let newcomer = cookie_pair(&set_cookie.expect("cookie"));
    let (status, _, body) = app
        .call(
            "accept_invitation",
            &format!("token={token}"),
            Some(&newcomer),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (_, _, account) = app.call("current_account", "", Some(&newcomer)).await;
    let account: serde_json::Value = serde_json::from_str(&account).expect("json");
    assert_eq!(account["org"]["name"], "Fjordline Consulting ApS");
    assert_eq!(account["org"]["role"], "Member");
    let (status, _, body) = app
        .call(
            "accept_invitation",
            &format!("token={token}"),
            Some(&newcomer),
        )
        .await;
    assert_eq!(status, 409);
    assert_eq!(error_of(&body), AppError::Refused(Reason::InvitationUsed));

    let (_, _, members) = app.call("members", "", Some(&owner)).await;
    assert_eq!(
        members.matches("newcomer@example.com").count(),
        1,
        "{members}"
    );

    // The owner may change the newcomer's role; the audit log has it all.
    let store = &app.ctx.store;
    let (user, _) = store
        .user_credentials("newcomer@example.com")
        .await
        .expect("q")
        .expect("user");
    let (status, _, body) = app
        .call(
            "change_member_role",
            &format!("user_id={}&role=Viewer", user.id),
            Some(&owner),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let org = store
        .organization_by_slug("fjordline")
        .await
        .expect("q")
        .expect("org");
    let actions: Vec<String> = store
        .audit_rows(Some(OrgId(org.id)), 50)
        .await
        .expect("audit")
        .into_iter()
        .map(|row| row.action)
        .collect();
    // Sign-ins are filed under the organization they open, for its owners to see.
    for expected in [
        "sign_in",
        "invitation_created",
        "invitation_accepted",
        "role_changed",
    ] {
        assert!(
            actions.iter().any(|a| a == expected),
            "{expected} in {actions:?}"
        );
    }
    let rows = store.audit_rows(None, 200).await.expect("audit");
    let sign_in = rows
        .iter()
        .find(|r| r.action == "sign_in")
        .expect("a sign-in");
    assert_eq!(
        sign_in.ip.as_deref(),
        Some("127.0.0.1"),
        "recorded from where"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plan_limits_are_enforced_and_plan_changes_show() {
    let app = spawn_app().await;
    // A new account's personal organization is on Free: one seat, already taken.
    let (status, set_cookie, _) = app
        .call(
            "sign_up",
            "email=solo%40example.com&password=solo-pass-123",
            None,
        )
        .await;
    assert_eq!(status, 200);
    let solo = cookie_pair(&set_cookie.expect("cookie"));
    let (status, _, body) = app
        .call(
            "invite_member",
            "email=friend%40example.com&role=Viewer",
            Some(&solo),
        )
        .await;
    assert_eq!(status, 409, "{body}");
    let words = error_of(&body).to_string();
    assert!(
        words.contains("Free plan allows 1 seat") && words.contains("Pro plan allows 5 seats"),
        "{words}"
    );
    let (status, _, body) = app.call("change_plan", "plan_id=pro", Some(&solo)).await;
    assert_eq!(status, 200, "{body}");
    let (status, _, body) = app
        .call(
            "invite_member",
            "email=friend%40example.com&role=Viewer",
            Some(&solo),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (_, _, billing) = app.call("billing", "", Some(&solo)).await;
    let billing: serde_json::Value = serde_json::from_str(&billing).expect("json");
    assert_eq!(billing["plan"]["id"], "pro");
    assert_eq!(billing["events"][0]["kind"], "plan_changed");
    assert_eq!(
        (
            &billing["events"][0]["from_plan"],
            &billing["events"][0]["to_plan"]
        ),
        (&serde_json::json!("Free"), &serde_json::json!("Pro"))
    );
    assert_eq!(billing["events"][0]["actor"], "solo@example.com");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn switching_organization_changes_the_figures_and_is_remembered() {
    let app = spawn_app().await;
    let owner = app.sign_in(OWNER).await;
    let (_, _, first) = app
        .call("overview", "period=Last12Months", Some(&owner))
        .await;
    let nordlys = app
        .ctx
        .store
        .organization_by_slug("nordlys")
        .await
        .expect("q")
        .expect("org");
    let (status, _, _) = app
        .call(
            "switch_organization",
            &format!("org_id={}", nordlys.id),
            Some(&owner),
        )
        .await;
    assert_eq!(status, 200);
    let (_, _, second) = app
        .call("overview", "period=Last12Months", Some(&owner))
        .await;
    let revenue = |body: &str| {
        let value: serde_json::Value = serde_json::from_str(body).expect("json");
        (
            value["header"]["org_name"].clone(),
            value["kpis"][0]["current"].clone(),
        )
    };
    assert_eq!(revenue(&first).0, "Fjordline Consulting ApS");
    assert_eq!(revenue(&second).0, "Nordlys Studio IVS");
    assert_ne!(revenue(&first).1, revenue(&second).1, "different numbers");
    // A new sign-in reopens the organization chosen last.
    let again = app.sign_in(OWNER).await;
    let (_, _, account) = app.call("current_account", "", Some(&again)).await;
    let account: serde_json::Value = serde_json::from_str(&account).expect("json");
    assert_eq!(account["org"]["name"], "Nordlys Studio IVS");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_billy_token_is_sealed_at_rest_and_never_shown() {
    const TOKEN: &str = "billy-secret-token-0123456789";
    let key = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    let app = spawn_app_with(|k| match k {
        "LEDGERLIGHT_SECRET_KEY" => Some(key.to_string()),
        // The simulated Billy listens on this machine, over plain http.
        "LEDGERLIGHT_BILLY_ALLOW_PRIVATE" => Some("true".to_string()),
        _ => None,
    })
    .await;
    let owner = app.sign_in(OWNER).await;
    // A Billy (the simulator) that knows exactly this token.
    let sim = Simulator::new();
    sim.add(SimOrg::from_batches(
        TOKEN,
        WireOrganization {
            id: "billy-org-1".into(),
            name: "Fjordline in Billy".into(),
            ..WireOrganization::default()
        },
        &[],
        1,
    ));
    let (sim_addr, _task) = sim
        .spawn("127.0.0.1:0".parse().expect("addr"))
        .await
        .expect("simulator");
    let base_url = format!("http%3A%2F%2F{sim_addr}%2Fv2");

    // A token Billy refuses is not saved, and the owner is told why.
    let (status, _, body) = app
        .call(
            "connect_billy",
            &format!("token=not-the-token&base_url={base_url}"),
            Some(&owner),
        )
        .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(error_of(&body), AppError::BadRequest(Reason::TokenRejected));

    let (status, _, body) = app
        .call(
            "connect_billy",
            &format!("token={TOKEN}&base_url={base_url}"),
            Some(&owner),
        )
        .await;
    assert_eq!(status, 200, "{body}");

    let org = app
        .ctx
        .store
        .organization_by_slug("fjordline")
        .await
        .expect("q")
        .expect("org");
    let saved = app
        .ctx
        .store
        .billy_connection(OrgId(org.id))
        .await
        .expect("read")
        .expect("saved");
    assert!(!String::from_utf8_lossy(&saved.token.ciphertext).contains(TOKEN));
    let opened = ledgerlight::crypto::secrets::SecretKey::parse(key)
        .expect("key")
        .open(org.id, &saved.token)
        .expect("opens with the configured key");
    assert_eq!(opened, TOKEN);

    let (_, _, view) = app.call("billy_connection", "", Some(&owner)).await;
    assert!(
        view.contains("\"connected\":true") && !view.contains(TOKEN),
        "{view}"
    );
    let (_, _, page) = app.page("/connection", Some(&owner)).await;
    assert!(page.contains("is connected to Billy") && !page.contains(TOKEN));
    let audit = app.ctx.store.audit_rows(None, 100).await.expect("audit");
    let connected = audit
        .iter()
        .find(|row| row.action == "billy_connected")
        .expect("audited");
    assert!(
        connected.detail.contains("Fjordline in Billy"),
        "{}",
        connected.detail
    );
    assert!(audit.iter().all(|row| !row.detail.contains(TOKEN)));

    let (status, _, _) = app.call("disconnect_billy", "", Some(&owner)).await;
    assert_eq!(status, 200);
    assert!(app
        .ctx
        .store
        .billy_connection(OrgId(org.id))
        .await
        .expect("read")
        .is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_secret_key_tokens_are_refused_outside_demo_mode() {
    let app = spawn_app_with(|k| (k == "LEDGERLIGHT_DEMO").then(|| "false".to_string())).await;
    let owner = app.sign_in(OWNER).await;
    let (status, _, body) = app
        .call("connect_billy", "token=abc123&base_url=", Some(&owner))
        .await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(error_of(&body), AppError::Refused(Reason::NoSecretKey));
    let org = app
        .ctx
        .store
        .organization_by_slug("fjordline")
        .await
        .expect("q")
        .expect("org");
    assert!(app
        .ctx
        .store
        .billy_connection(OrgId(org.id))
        .await
        .expect("read")
        .is_none());
}
