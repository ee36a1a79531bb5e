//! Live updates over HTTP: a server-sent events stream per signed-in organization.
//!
//! The per-organization event log in the database is the truth (events are appended in
//! the same transaction as the data they announce); the [`LiveHub`] only wakes streams so
//! they read it without delay. A stream resumes after `Last-Event-ID` (or `?since=`,
//! because a browser's first connection cannot send that header), replays what was
//! missed, says `resync` when the gap reaches past what the log still holds, sends
//! keep-alive comments, never reads another organization's log, and ends when the
//! server shuts down.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::time::Duration;

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use tokio::sync::{broadcast, watch};
use tower_sessions::Session;

use super::ServerCtx;
use crate::store::{EventRecord, OrgId};

/// How long an idle stream waits before looking at the log anyway (another app server
/// may have written to it without waking this one).
const POLL_EVERY: Duration = Duration::from_secs(5);
/// Events read per query.
const BATCH: i64 = 200;

#[derive(Debug, Default, Deserialize)]
pub struct StreamQuery {
    /// The cursor delivered with the page's data: events after this id.
    pub since: Option<i64>,
}

/// `GET /api/events`: the signed-in organization's live updates.
pub async fn events(
    State(ctx): State<ServerCtx>,
    session: Session,
    headers: HeaderMap,
    Query(query): Query<StreamQuery>,
) -> Response {
    let org = match super::caller::session_org(&ctx, &session).await {
        Ok(org) => org,
        Err(_) => return (StatusCode::UNAUTHORIZED, "Sign in first.").into_response(),
    };
    let last_event_id = headers
        .get("Last-Event-ID")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<i64>().ok());
    let since = last_event_id.or(query.since);
    let (oldest, newest) = match ctx.store.event_bounds(org).await {
        Ok(bounds) => bounds,
        Err(err) => {
            tracing::error!(error = %err, "reading the event log");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    let newest = newest.unwrap_or(0);
    let mut pending = VecDeque::new();
    let start = match since {
        // No cursor: only what happens from now on.
        None => newest,
        // The log no longer holds everything after the cursor (or the cursor is from
        // another database): the page must reload its data.
        Some(since)
            if since > newest || oldest.is_some_and(|oldest| since.saturating_add(1) < oldest) =>
        {
            pending.push_back(resync_event(newest));
            newest
        }
        Some(since) => since,
    };
    let stream = EventStream {
        ctx: ctx.clone(),
        org,
        last: start,
        pending,
        wake: ctx.live.subscribe(),
        shutdown: ctx.shutdown.subscribe(),
    };
    Sse::new(futures::stream::unfold(stream, EventStream::next))
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response()
}

fn resync_event(newest: i64) -> Event {
    Event::default()
        .event("resync")
        .id(newest.to_string())
        .data("{}")
}

fn to_event(record: &EventRecord) -> Event {
    let data = serde_json::json!({
        "resource": record.resource,
        "payload": record.payload,
        "at": record.created_at,
    });
    Event::default()
        .event(record.kind.as_str())
        .id(record.id.to_string())
        .data(data.to_string())
}

struct EventStream {
    ctx: ServerCtx,
    org: OrgId,
    last: i64,
    pending: VecDeque<Event>,
    wake: broadcast::Receiver<OrgId>,
    shutdown: watch::Receiver<bool>,
}

impl EventStream {
    async fn next(mut self) -> Option<(Result<Event, Infallible>, Self)> {
        loop {
            if *self.shutdown.borrow() {
                return None;
            }
            if let Some(event) = self.pending.pop_front() {
                return Some((Ok(event), self));
            }
            match self
                .ctx
                .store
                .events_after(self.org, self.last, BATCH)
                .await
            {
                Ok(records) if !records.is_empty() => {
                    if let Some(last) = records.last() {
                        self.last = last.id;
                    }
                    self.pending.extend(records.iter().map(to_event));
                    continue;
                }
                Ok(_) => {}
                Err(err) => tracing::warn!(error = %err, "reading the event log for a stream"),
            }
            tokio::select! {
                woken = self.wake.recv() => {
                    if let Err(broadcast::error::RecvError::Closed) = woken {
                        return None;
                    }
                }
                _ = self.shutdown.changed() => return None,
                () = tokio::time::sleep(POLL_EVERY) => {}
            }
        }
    }
}
