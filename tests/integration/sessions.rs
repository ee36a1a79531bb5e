//! Database-backed sessions, on both engines: what is saved loads back, sign-out and
//! "sign out everywhere" end sessions for good, expired sessions do not load, and the
//! token itself is never stored.

use std::collections::HashMap;
use std::sync::Arc;

use ledgerlight::domain::accounts::Email;
use ledgerlight::server::sessions::{token_hash, DbSessionStore, ORG_KEY, USER_KEY};
use ledgerlight::store::{NewUser, Store};
use time::{Duration, OffsetDateTime};
use tower_sessions::session::{Id, Record};
use tower_sessions::SessionStore;

fn record(user_id: i64, org_id: i64, expires_in: Duration) -> Record {
    let mut data = HashMap::new();
    data.insert(USER_KEY.to_string(), serde_json::json!(user_id));
    data.insert(ORG_KEY.to_string(), serde_json::json!(org_id));
    Record {
        id: Id::default(),
        data,
        expiry_date: OffsetDateTime::now_utc() + expires_in,
    }
}

async fn sessions_round_trip_and_end_for_good(store: Arc<dyn Store>, url: &str) {
    let email = Email::parse("jane@example.com").expect("email");
    let (user, org) = store
        .sign_up(
            &NewUser {
                email,
                display_name: None,
            },
            "hash",
        )
        .await
        .expect("sign up");
    let sessions = DbSessionStore(store.clone());

    let mut first = record(user.id, org.id, Duration::days(14));
    sessions.create(&mut first).await.expect("create");
    let loaded = sessions
        .load(&first.id)
        .await
        .expect("load")
        .expect("found");
    assert_eq!(loaded.data[USER_KEY], serde_json::json!(user.id));
    assert_eq!(loaded.data[ORG_KEY], serde_json::json!(org.id));

    // Switching organization is saved.
    let mut switched = loaded.clone();
    switched
        .data
        .insert(ORG_KEY.to_string(), serde_json::json!(org.id + 1000));
    // (an organization id that does not exist is refused by the foreign key)
    assert!(sessions.save(&switched).await.is_err());
    assert_eq!(
        sessions
            .load(&first.id)
            .await
            .expect("load")
            .expect("found")
            .data[ORG_KEY],
        serde_json::json!(org.id)
    );

    // Sign-out: the session never loads again, and saving it does not bring it back.
    sessions.delete(&first.id).await.expect("delete");
    assert!(sessions.load(&first.id).await.expect("load").is_none());
    assert!(sessions.save(&loaded).await.is_err());

    // Expired sessions do not load.
    let mut expired = record(user.id, org.id, Duration::seconds(-1));
    sessions.create(&mut expired).await.expect("create");
    assert!(sessions.load(&expired.id).await.expect("load").is_none());

    // Sign out everywhere.
    let mut a = record(user.id, org.id, Duration::days(1));
    let mut b = record(user.id, org.id, Duration::days(1));
    sessions.create(&mut a).await.expect("create");
    sessions.create(&mut b).await.expect("create");
    assert_eq!(
        store
            .revoke_user_sessions(user.id, chrono::Utc::now())
            .await
            .expect("revoke"),
        3
    );
    assert!(sessions.load(&a.id).await.expect("load").is_none());
    assert!(sessions.load(&b.id).await.expect("load").is_none());

    // Anonymous records are never stored.
    let mut anonymous = Record {
        id: Id::default(),
        data: HashMap::new(),
        expiry_date: OffsetDateTime::now_utc(),
    };
    assert!(sessions.create(&mut anonymous).await.is_err());

    // Only the hash of the token is in the database.
    assert_ne!(token_hash(&a.id), a.id.to_string());
    assert_eq!(token_hash(&a.id).len(), 64);
    let _ = url;
}

on_both_engines!(sessions_round_trip_and_end_for_good);
