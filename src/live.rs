//! The live hub: wakes an organization's open live-update streams when its event log
//! grows. Below both the sync (which appends events and wakes) and the server (whose
//! streams listen); the event log in the database stays the truth, a wake-up only
//! saves a stream its next poll. With PostgreSQL, app servers sharing the database
//! wake each other through `NOTIFY`.

use std::convert::Infallible;
use std::time::Duration;

use tokio::sync::{broadcast, watch};

use crate::store::OrgId;

/// Wakes the live streams of an organization. Cheap to clone.
#[derive(Clone, Debug)]
pub struct LiveHub {
    wake: broadcast::Sender<OrgId>,
}

impl Default for LiveHub {
    fn default() -> Self {
        // Lagging receivers only miss wake-ups, never events: they reread the log.
        let (wake, _) = broadcast::channel(256);
        Self { wake }
    }
}

impl LiveHub {
    /// Something was appended to `org`'s event log.
    pub fn wake(&self, org: OrgId) {
        // No receiver (no open page) is fine.
        let _ = self.wake.send(org);
    }

    pub fn subscribe(&self) -> broadcast::Receiver<OrgId> {
        self.wake.subscribe()
    }
}

/// Forwards PostgreSQL notifications of new events (sent by any app server sharing the
/// database) to this server's streams, until shutdown. Reconnects after a lost
/// connection; streams meanwhile fall back to polling the log.
pub async fn forward_postgres_notifications(
    database_url: String,
    hub: LiveHub,
    mut shutdown: watch::Receiver<bool>,
) {
    loop {
        let listening = listen(&database_url, &hub);
        tokio::select! {
            Err(err) = listening => {
                tracing::warn!(error = %err, "lost the PostgreSQL event listener; retrying in 5 s");
            }
            _ = shutdown.changed() => return,
        }
        tokio::select! {
            () = tokio::time::sleep(Duration::from_secs(5)) => {}
            _ = shutdown.changed() => return,
        }
    }
}

/// Listens until the connection fails (it never ends otherwise).
async fn listen(database_url: &str, hub: &LiveHub) -> Result<Infallible, sqlx::Error> {
    let mut listener = sqlx::postgres::PgListener::connect(database_url).await?;
    listener.listen(crate::store::EVENTS_CHANNEL).await?;
    loop {
        let notification = listener.recv().await?;
        if let Ok(org) = notification.payload().parse::<i64>() {
            hub.wake(OrgId(org));
        }
    }
}
