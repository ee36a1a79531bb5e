//! Sessions kept in the database: tower-sessions handles cookies, id rotation and
//! expiry; this store maps its records onto our `sessions` table. Only a SHA-256 hash
//! of the session token is stored, so a leaked table signs nobody in.

use std::collections::HashMap;
use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{Error, Result};
use tower_sessions::SessionStore;

use crate::store::{Store, StoredSession};

/// Session data key for the signed-in user's id.
pub const USER_KEY: &str = "uid";
/// Session data key for the organization the user has open.
pub const ORG_KEY: &str = "org";
/// Session data keys recorded once, when the session starts.
pub const IP_KEY: &str = "ip";
pub const USER_AGENT_KEY: &str = "ua";

/// A [`SessionStore`] on top of the application's [`Store`].
#[derive(Clone)]
pub struct DbSessionStore(pub Arc<dyn Store>);

impl std::fmt::Debug for DbSessionStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DbSessionStore")
    }
}

/// The hash a session token is stored under.
pub fn token_hash(id: &Id) -> String {
    format!("{:x}", Sha256::digest(id.to_string().as_bytes()))
}

fn backend(err: impl std::fmt::Display) -> Error {
    Error::Backend(err.to_string())
}

fn to_chrono(at: OffsetDateTime) -> DateTime<Utc> {
    DateTime::<Utc>::from_timestamp(at.unix_timestamp(), at.nanosecond()).unwrap_or_else(Utc::now)
}

fn to_time(at: DateTime<Utc>) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(at.timestamp())
        .unwrap_or_else(|_| OffsetDateTime::now_utc())
}

/// The columns a record maps to. Only signed-in sessions are stored: a record
/// without a user id is refused, so anonymous visitors never create rows.
fn stored(record: &Record) -> Result<StoredSession> {
    let user_id = record
        .data
        .get(USER_KEY)
        .and_then(serde_json::Value::as_i64)
        .ok_or_else(|| Error::Encode("a stored session needs a signed-in user".to_string()))?;
    Ok(StoredSession {
        user_id,
        active_org_id: record.data.get(ORG_KEY).and_then(serde_json::Value::as_i64),
        expires_at: to_chrono(record.expiry_date),
    })
}

fn text(record: &Record, key: &str) -> Option<String> {
    record
        .data
        .get(key)
        .and_then(|v| v.as_str())
        .map(str::to_string)
}

#[async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> Result<()> {
        let session = stored(record)?;
        let (ip, user_agent) = (text(record, IP_KEY), text(record, USER_AGENT_KEY));
        // A 128-bit random id colliding is next to impossible; still, draw again
        // rather than overwrite someone else's session.
        for _ in 0..3 {
            let inserted = self
                .0
                .insert_session(
                    &token_hash(&record.id),
                    &session,
                    ip.as_deref(),
                    user_agent.as_deref(),
                )
                .await
                .map_err(backend)?;
            if inserted {
                return Ok(());
            }
            record.id = Id::default();
        }
        Err(Error::Backend(
            "could not draw a unique session id".to_string(),
        ))
    }

    async fn save(&self, record: &Record) -> Result<()> {
        let session = stored(record)?;
        let updated = self
            .0
            .update_session(&token_hash(&record.id), &session)
            .await
            .map_err(backend)?;
        if updated {
            Ok(())
        } else {
            // Revoked or expired meanwhile (signed out elsewhere): do not resurrect it.
            Err(Error::Backend("session no longer exists".to_string()))
        }
    }

    async fn load(&self, id: &Id) -> Result<Option<Record>> {
        let found = self
            .0
            .load_session(&token_hash(id), Utc::now())
            .await
            .map_err(backend)?;
        Ok(found.map(|session| {
            let mut data = HashMap::new();
            data.insert(
                USER_KEY.to_string(),
                serde_json::Value::from(session.user_id),
            );
            if let Some(org) = session.active_org_id {
                data.insert(ORG_KEY.to_string(), serde_json::Value::from(org));
            }
            Record {
                id: *id,
                data,
                expiry_date: to_time(session.expires_at),
            }
        }))
    }

    async fn delete(&self, id: &Id) -> Result<()> {
        self.0
            .revoke_session(&token_hash(id), Utc::now())
            .await
            .map_err(backend)
    }
}
