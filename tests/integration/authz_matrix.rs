//! The authorization matrix: every server function the router serves, called by every
//! kind of caller (signed out, viewer, member, admin, owner, platform admin), must
//! answer the expected status; a server function missing from the table fails the
//! test. Every one is refused cross-site (403) and is not reachable by GET (405).

use crate::support;

use std::collections::BTreeSet;

use support::app::{spawn_app, MEMBER, OWNER, PLATFORM_ADMIN, VIEWER};

/// Who calls: signed out, then the demo accounts (roles in the demo organization).
const ACTORS: [&str; 6] = [
    "anon",
    "viewer",
    "member",
    "admin",
    "owner",
    "platform_admin",
];

/// (path, form body, expected status per actor in [`ACTORS`] order). Bodies are chosen
/// so an allowed call passes the role check and then stops at something harmless (an
/// unknown id: 404, an unknown plan: 409), so "allowed" and "refused" differ by
/// status. Calls that end the caller's membership or session come last.
const MATRIX: &[(&str, &str, [u16; 6])] = &[
    (
        "/api/overview",
        "period=ThisMonth",
        [401, 200, 200, 200, 200, 200],
    ),
    ("/api/members", "", [401, 200, 200, 200, 200, 200]),
    ("/api/billing", "", [401, 200, 200, 200, 200, 200]),
    ("/api/audit_log", "", [401, 403, 403, 200, 200, 403]),
    (
        "/api/admin_organizations",
        "",
        [401, 403, 403, 403, 403, 200],
    ),
    ("/api/admin_audit_log", "", [401, 403, 403, 403, 403, 200]),
    (
        "/api/invite_member",
        "email=new%40example.com&role=Viewer",
        [401, 403, 403, 200, 200, 403],
    ),
    (
        "/api/invite_member",
        "email=boss%40example.com&role=Owner",
        // Admins manage members but cannot make owners.
        [401, 403, 403, 403, 200, 403],
    ),
    (
        "/api/revoke_invitation",
        "invitation_id=999999",
        [401, 403, 403, 404, 404, 403],
    ),
    (
        "/api/change_member_role",
        "user_id=999999&role=Viewer",
        [401, 403, 403, 404, 404, 403],
    ),
    (
        "/api/remove_member",
        "user_id=999999",
        [401, 403, 403, 404, 404, 403],
    ),
    (
        "/api/change_plan",
        "plan_id=no-such-plan",
        [401, 403, 403, 403, 409, 403],
    ),
    ("/api/billy_connection", "", [401, 200, 200, 200, 200, 200]),
    // An empty token passes the role check and is then refused as bad input.
    (
        "/api/connect_billy",
        "token=&base_url=",
        [401, 403, 403, 400, 400, 403],
    ),
    // Members may start a sync; the test organization is not connected, so it stops
    // there (409) for everyone allowed.
    ("/api/sync_now", "", [401, 403, 409, 409, 409, 403]),
    ("/api/revenue", "", [401, 200, 200, 200, 200, 200]),
    ("/api/invoices", "", [401, 200, 200, 200, 200, 200]),
    (
        "/api/invoice",
        "id=999999999",
        [401, 404, 404, 404, 404, 404],
    ),
    ("/api/receivables", "", [401, 200, 200, 200, 200, 200]),
    ("/api/payments", "", [401, 200, 200, 200, 200, 200]),
    ("/api/bills", "", [401, 200, 200, 200, 200, 200]),
    ("/api/customers", "", [401, 200, 200, 200, 200, 200]),
    (
        "/api/customer",
        "id=999999999",
        [401, 404, 404, 404, 404, 404],
    ),
    ("/api/sync_status", "", [401, 200, 200, 200, 200, 200]),
    ("/api/sync_health", "", [401, 200, 200, 200, 200, 200]),
    ("/api/disconnect_billy", "", [401, 403, 403, 200, 200, 403]),
    (
        "/api/invitation",
        "token=no-such-token",
        [404, 404, 404, 404, 404, 404],
    ),
    (
        "/api/accept_invitation",
        "token=no-such-token",
        [401, 409, 409, 409, 409, 409],
    ),
    (
        "/api/switch_organization",
        "org_id=999999",
        [401, 403, 403, 403, 403, 403],
    ),
    ("/api/current_account", "", [200, 200, 200, 200, 200, 200]),
    // A display preference: open to visitors too (the sign-in page can be Danish).
    (
        "/api/set_preferences",
        "lang=da",
        [200, 200, 200, 200, 200, 200],
    ),
    (
        "/api/sign_in",
        "email=nobody%40example.com&password=wrong",
        [400, 400, 400, 400, 400, 400],
    ),
    (
        "/api/sign_up",
        "email=not-an-email&password=x",
        [400, 400, 400, 400, 400, 400],
    ),
    // The last owner cannot leave; everyone else may.
    (
        "/api/leave_organization",
        "",
        [401, 200, 200, 200, 409, 200],
    ),
    ("/api/sign_out", "", [200, 200, 200, 200, 200, 200]),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_server_function_allows_exactly_the_expected_roles() {
    let app = spawn_app().await;

    // The table covers exactly what the router serves (building the router above
    // links every server function in).
    let served: BTreeSet<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, method)| {
            assert_eq!(method, axum::http::Method::POST, "{path} must be POST only");
            path.to_string()
        })
        .collect();
    let listed: BTreeSet<String> = MATRIX.iter().map(|(p, _, _)| p.to_string()).collect();
    assert!(!served.is_empty());
    assert_eq!(
        served, listed,
        "every server function needs a row in MATRIX"
    );

    // An admin in the demo organization: promote the member account's twin.
    let admin_email = "second-admin@demo.ledgerlight.test";
    let admin_cookie = {
        let (status, set_cookie, body) = app
            .call(
                "sign_up",
                &format!(
                    "email={}&password=admin-pass-123",
                    admin_email.replace('@', "%40")
                ),
                None,
            )
            .await;
        assert_eq!(status, 200, "{body}");
        let store = &app.ctx.store;
        let org = store
            .organization_by_slug("fjordline")
            .await
            .expect("query")
            .expect("demo org");
        // Room for the extra admin and the invitations below (Pro has 5 seats).
        store
            .change_plan(
                ledgerlight::store::OrgId(org.id),
                &ledgerlight::store::PlanChange {
                    plan_id: "business".to_string(),
                    actor_user_id: None,
                    ip: None,
                    user_agent: None,
                },
                chrono::Utc::now(),
            )
            .await
            .expect("business plan");
        let (user, _) = store
            .user_credentials(admin_email)
            .await
            .expect("query")
            .expect("user");
        store
            .set_membership(
                ledgerlight::store::OrgId(org.id),
                user.id,
                ledgerlight::domain::accounts::OrgRole::Admin,
            )
            .await
            .expect("make admin");
        drop(set_cookie);
        // Switch to the demo organization through the server function itself.
        let cookie = app.sign_in((admin_email, "admin-pass-123")).await;
        let (status, _, body) = app
            .call(
                "switch_organization",
                &format!("org_id={}", org.id),
                Some(&cookie),
            )
            .await;
        assert_eq!(status, 200, "{body}");
        cookie
    };
    let cookies = [
        None,
        Some(app.sign_in(VIEWER).await),
        Some(app.sign_in(MEMBER).await),
        Some(admin_cookie),
        Some(app.sign_in(OWNER).await),
        Some(app.sign_in(PLATFORM_ADMIN).await),
    ];

    let mut mismatches = Vec::new();
    for (path, body, expected) in MATRIX {
        let name = path.trim_start_matches("/api/");
        for (actor, (cookie, want)) in ACTORS.iter().zip(cookies.iter().zip(expected)) {
            let (status, _, answer) = app.call(name, body, cookie.as_deref()).await;
            if status != *want {
                mismatches.push(format!(
                    "{path} as {actor}: {status}, expected {want}: {answer}"
                ));
            }
            assert!(
                !answer.contains("sqlx") && !answer.contains("database error"),
                "{path} as {actor} leaks an internal error: {answer}"
            );
        }
    }
    assert!(
        mismatches.is_empty(),
        "mismatches:\n{}",
        mismatches.join("\n")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_server_function_refuses_cross_site_posts_and_gets() {
    let app = spawn_app().await;
    let cookie = app.sign_in(OWNER).await;
    let client = reqwest::Client::new();
    let paths: BTreeSet<&str> = MATRIX.iter().map(|(p, _, _)| *p).collect();
    for path in paths {
        for (header, value) in [
            ("sec-fetch-site", "cross-site"),
            ("sec-fetch-site", "same-site"),
            ("origin", "https://evil.example"),
        ] {
            let response = client
                .post(app.url(path))
                .header("content-type", "application/x-www-form-urlencoded")
                .header("cookie", &cookie)
                .header(header, value)
                .body("")
                .send()
                .await
                .expect("request");
            assert_eq!(
                response.status().as_u16(),
                403,
                "{path} with {header}: {value}"
            );
            assert!(response.headers().contains_key("content-security-policy"));
        }
        let response = client
            .get(app.url(path))
            .header("cookie", &cookie)
            .send()
            .await
            .expect("request");
        assert_eq!(response.status().as_u16(), 405, "GET {path}");
    }
    // Nothing happened: the owner is still signed in to the same organization.
    let (status, _, body) = app.call("current_account", "", Some(&cookie)).await;
    assert_eq!(status, 200);
    assert!(body.contains("owner@demo.ledgerlight.test"), "{body}");
}
