//! The live-update stream over real HTTP: events arrive with their ids, a client that
//! reconnects with Last-Event-ID misses nothing, a gap older than the log gets
//! `resync`, one organization never sees another's events, signed-out callers get
//! nothing, and shutdown ends open streams.

use crate::support;

use std::time::Duration;

use chrono::Utc;
use ledgerlight::store::OrgId;
use support::app::{spawn_app, TestApp, OWNER};

/// One parsed server-sent event.
#[derive(Debug, Clone, PartialEq)]
struct Sse {
    id: Option<i64>,
    event: String,
}

/// An open stream and the text read from it so far.
struct Stream {
    response: reqwest::Response,
    buffer: String,
}

impl Stream {
    async fn open(
        app: &TestApp,
        cookie: &str,
        last_event_id: Option<i64>,
        since: Option<i64>,
    ) -> Self {
        let mut url = app.url("/api/events");
        if let Some(since) = since {
            url = format!("{url}?since={since}");
        }
        let mut request = reqwest::Client::new().get(url).header("Cookie", cookie);
        if let Some(id) = last_event_id {
            request = request.header("Last-Event-ID", id.to_string());
        }
        let response = request.send().await.expect("stream");
        assert_eq!(response.status(), 200);
        assert_eq!(
            response
                .headers()
                .get("content-type")
                .and_then(|v| v.to_str().ok()),
            Some("text/event-stream")
        );
        Stream {
            response,
            buffer: String::new(),
        }
    }

    /// Whether the server closes the stream within `wait`.
    async fn ends_within(&mut self, wait: Duration) -> bool {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            match tokio::time::timeout_at(deadline, self.response.chunk()).await {
                Ok(Ok(Some(_))) => continue,
                Ok(Ok(None) | Err(_)) => return true,
                Err(_) => return false,
            }
        }
    }

    /// The next event (comments skipped), or `None` when the stream ended or stayed
    /// quiet for `wait`.
    async fn next(&mut self, wait: Duration) -> Option<Sse> {
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                let mut event = Sse {
                    id: None,
                    event: "message".to_string(),
                };
                let mut is_comment = true;
                for line in block.lines() {
                    if let Some(id) = line.strip_prefix("id:") {
                        event.id = id.trim().parse().ok();
                        is_comment = false;
                    } else if let Some(name) = line.strip_prefix("event:") {
                        event.event = name.trim().to_string();
                        is_comment = false;
                    } else if line.starts_with("data:") {
                        is_comment = false;
                    }
                }
                if is_comment {
                    continue;
                }
                return Some(event);
            }
            match tokio::time::timeout(wait, self.response.chunk()).await {
                Ok(Ok(Some(bytes))) => self.buffer.push_str(&String::from_utf8_lossy(&bytes)),
                _ => return None,
            }
        }
    }
}

async fn org(app: &TestApp, slug: &str) -> OrgId {
    OrgId(
        app.ctx
            .store
            .organization_by_slug(slug)
            .await
            .expect("q")
            .expect("org")
            .id,
    )
}

async fn announce(app: &TestApp, org: OrgId, n: usize) -> Vec<i64> {
    let mut ids = Vec::new();
    for i in 0..n {
        let id = app
            .ctx
            .store
            .append_event(
                org,
                "data_changed",
                Some("invoices"),
                &serde_json::json!({ "n": i }),
            )
            .await
            .expect("append");
        ids.push(id);
    }
    app.ctx.live.wake(org);
    ids
}

const WAIT: Duration = Duration::from_secs(3);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reconnecting_client_misses_nothing_and_sees_only_its_organization() {
    let app = spawn_app().await;
    let owner = app.sign_in(OWNER).await;
    let fjordline = org(&app, "fjordline").await;
    let nordlys = org(&app, "nordlys").await;

    // Without a cursor the stream starts now.
    let mut stream = Stream::open(&app, &owner, None, None).await;
    let first = announce(&app, fjordline, 3).await;
    announce(&app, nordlys, 2).await;
    let mut seen = Vec::new();
    for _ in 0..3 {
        let event = stream.next(WAIT).await.expect("an event");
        assert_eq!(event.event, "data_changed");
        seen.push(event.id.expect("an id"));
    }
    assert_eq!(seen, first);

    // Disconnect at random points; whatever happened meanwhile arrives on reconnect.
    let mut last = *seen.last().expect("seen");
    let mut expected = Vec::new();
    for round in 0..4 {
        drop(stream);
        let missed = announce(&app, fjordline, round + 1).await;
        announce(&app, nordlys, 1).await;
        expected.extend(missed.iter().copied());
        stream = Stream::open(&app, &owner, Some(last), None).await;
        // Read only part of what is there before dropping the connection again.
        for _ in 0..=(round % 2) {
            if let Some(event) = stream.next(WAIT).await {
                let id = event.id.expect("id");
                assert_eq!(id, expected.remove(0), "in order, none skipped");
                last = id;
            }
        }
    }
    drop(stream);
    // The rest, resumed with the page's cursor instead of the header.
    let mut stream = Stream::open(&app, &owner, None, Some(last)).await;
    while !expected.is_empty() {
        let event = stream.next(WAIT).await.expect("the rest");
        assert_eq!(event.id, Some(expected.remove(0)));
    }
    assert_eq!(
        stream.next(Duration::from_millis(700)).await,
        None,
        "nothing of Nordlys's"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_gap_older_than_the_log_gets_resync() {
    let app = spawn_app().await;
    let owner = app.sign_in(OWNER).await;
    let fjordline = org(&app, "fjordline").await;
    let old = announce(&app, fjordline, 2).await;
    app.ctx
        .store
        .prune_events(Utc::now() + chrono::Duration::seconds(1))
        .await
        .expect("prune");
    let newer = announce(&app, fjordline, 1).await;
    let mut stream = Stream::open(&app, &owner, Some(old[0] - 1), None).await;
    let event = stream.next(WAIT).await.expect("resync");
    assert_eq!(event.event, "resync");
    assert_eq!(event.id, newer.last().copied());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signed_out_callers_get_nothing_and_shutdown_ends_streams() {
    let app = spawn_app().await;
    let response = reqwest::get(app.url("/api/events")).await.expect("answer");
    assert_eq!(response.status(), 401);

    let owner = app.sign_in(OWNER).await;
    let mut stream = Stream::open(&app, &owner, None, None).await;
    app.ctx.shutdown.send_replace(true);
    assert!(
        stream.ends_within(WAIT).await,
        "shutdown closes open streams"
    );
}
