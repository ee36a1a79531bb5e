//! The Billy address an admin types can never make the server send an access token to
//! this machine, a private network or a host hidden in the address's user part: not as
//! typed, not through a name that resolves there, not through a redirect. And the
//! in-app simulator of demo mode serves the demo companies to their own organizations
//! only.

use crate::support;

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use ledgerlight::error::{AppError, Reason};
use ledgerlight::sync::billy::{AddressPolicy, BillyClient, BillyError, ClientOptions};
use support::app::{error_of, spawn_app, spawn_app_syncing, OWNER};

/// A TCP listener that counts connections and answers each with `answer`.
async fn counting_server(answer: &'static str) -> (SocketAddr, Arc<AtomicUsize>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            counter.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(async move {
                let mut buffer = [0_u8; 4096];
                let _ = socket.read(&mut buffer).await;
                let _ = socket.write_all(answer.as_bytes()).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    (addr, hits)
}

/// Billy's organization answer; the body ends where the connection closes.
const OK_ORGANIZATION: &str = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\
    connection: close\r\n\r\n\
    {\"organization\":{\"id\":\"x\",\"name\":\"Somewhere\"}}";

fn form_value(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                char::from(b).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}

/// What a refused address's reason must be.
type ExpectedReason = fn(&Reason) -> bool;

#[tokio::test]
async fn connecting_refuses_credentials_private_literals_and_names_that_resolve_here() {
    let app = spawn_app().await;
    let owner = app.sign_in(OWNER).await;
    let (target, hits) = counting_server(OK_ORGANIZATION).await;
    let port = target.port();
    let cases: Vec<(String, ExpectedReason)> = vec![
        (format!("http://127.0.0.1@evil.example:{port}/v2"), |r| {
            *r == Reason::BaseUrlCredentials
        }),
        (format!("https://billy:secret@127.0.0.1:{port}/v2"), |r| {
            *r == Reason::BaseUrlCredentials
        }),
        (format!("https://127.0.0.1:{port}/v2"), |r| {
            matches!(r, Reason::BaseUrlPrivate(_))
        }),
        (format!("https://2130706433:{port}/v2"), |r| {
            matches!(r, Reason::BaseUrlPrivate(_))
        }),
        (format!("https://0x7f.0.0.1:{port}/v2"), |r| {
            matches!(r, Reason::BaseUrlPrivate(_))
        }),
        (format!("https://0177.0.0.1:{port}/v2"), |r| {
            matches!(r, Reason::BaseUrlPrivate(_))
        }),
        (format!("https://[::1]:{port}/v2"), |r| {
            matches!(r, Reason::BaseUrlPrivate(_))
        }),
        (format!("https://[::ffff:127.0.0.1]:{port}/v2"), |r| {
            matches!(r, Reason::BaseUrlPrivate(_))
        }),
        ("https://169.254.169.254/latest".to_string(), |r| {
            matches!(r, Reason::BaseUrlPrivate(_))
        }),
        (format!("https://localhost:{port}/v2"), |r| {
            matches!(r, Reason::BaseUrlPrivate(_))
        }),
        (format!("http://127.0.0.1:{port}/v2"), |r| {
            *r == Reason::BaseUrlNotHttps
        }),
        ("http://93.184.216.34/v2".to_string(), |r| {
            *r == Reason::BaseUrlNotHttps
        }),
        ("javascript:alert(1)".to_string(), |r| {
            *r == Reason::BaseUrlNotHttps || *r == Reason::BaseUrlMalformed
        }),
    ];
    for (address, expected) in cases {
        let form = format!("token=abc123&base_url={}", form_value(&address));
        let (status, _, body) = app.call("connect_billy", &form, Some(&owner)).await;
        assert_eq!(status, 400, "{address}: {body}");
        match error_of(&body) {
            AppError::BadRequest(reason) => assert!(expected(&reason), "{address}: {reason:?}"),
            other => panic!("{address}: {other:?}"),
        }
    }
    assert_eq!(
        hits.load(Ordering::SeqCst),
        0,
        "no refused address was ever contacted"
    );
}

fn client_options(addresses: AddressPolicy) -> ClientOptions {
    ClientOptions {
        retry: ledgerlight::sync::billy::retry::RetryPolicy {
            max_attempts: 1,
            ..Default::default()
        },
        request_timeout: Duration::from_secs(5),
        connect_timeout: Duration::from_secs(2),
        addresses,
    }
}

#[tokio::test]
async fn a_name_resolving_here_is_refused_when_the_client_connects() {
    let (target, hits) = counting_server(OK_ORGANIZATION).await;
    // Names pass the typed check (they are judged when resolved), so the client's own
    // resolver must stop it: a name can point elsewhere by the time a sync runs.
    let client = BillyClient::new(
        &format!("https://localhost:{}/v2", target.port()),
        "token",
        client_options(AddressPolicy::public_only()),
    )
    .expect("a name is accepted until it resolves");
    let err = client.organization().await.expect_err("refused");
    assert!(matches!(err, BillyError::Connection(_)), "{err:?}");
    assert_eq!(hits.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn redirects_are_never_followed() {
    let (elsewhere, elsewhere_hits) = counting_server(OK_ORGANIZATION).await;
    let redirect: &'static str = Box::leak(
        format!(
            "HTTP/1.1 302 Found\r\nlocation: http://{elsewhere}/v2/organization\r\n\
             content-length: 0\r\nconnection: close\r\n\r\n"
        )
        .into_boxed_str(),
    );
    let (first, first_hits) = counting_server(redirect).await;
    let client = BillyClient::new(
        &format!("http://{first}/v2"),
        "token",
        client_options(AddressPolicy::allowing_private()),
    )
    .expect("client");
    let err = client
        .organization()
        .await
        .expect_err("a redirect is an error");
    assert!(
        matches!(err, BillyError::Rejected { status: 302, .. }),
        "{err:?}"
    );
    assert_eq!(first_hits.load(Ordering::SeqCst), 1);
    assert_eq!(
        elsewhere_hits.load(Ordering::SeqCst),
        0,
        "the token never travels on"
    );
}

#[tokio::test]
async fn the_demo_simulator_serves_its_companies_only_to_the_demo_organizations() {
    let app = spawn_app_syncing().await;
    let simulator = app.simulator.expect("a simulator");
    // The token the README prints for the stand-alone simulator opens nothing here.
    let http = reqwest::Client::new();
    for token in ["demo-fjordline", "demo-nordlys"] {
        let response = http
            .get(format!("http://{simulator}/v2/organization"))
            .header("X-Access-Token", token)
            .send()
            .await
            .expect("answer");
        assert_eq!(response.status().as_u16(), 401, "{token}");
    }
    // Nor can an organization point its connection at the simulator.
    let owner = app.sign_in(OWNER).await;
    for address in [
        format!("http://{simulator}/v2"),
        format!("https://{simulator}/v2"),
    ] {
        let form = format!("token=demo-fjordline&base_url={}", form_value(&address));
        let (status, _, body) = app.call("connect_billy", &form, Some(&owner)).await;
        assert_eq!(status, 400, "{address}: {body}");
    }
    // The demo organizations themselves sync from it.
    let (status, _, body) = app.call("sync_now", "", Some(&owner)).await;
    assert_eq!(status, 200, "{body}");
}
