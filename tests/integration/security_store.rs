//! Rate-limit counters and the audit log in the store, on both engines.

use crate::support;

use std::sync::Arc;

use chrono::{Duration, Utc};
use ledgerlight::store::*;

async fn attempts_are_counted_atomically_per_window(store: Arc<dyn Store>, _url: &str) {
    let window = Utc::now();
    // Concurrent attempts never lose a count.
    let mut tasks = Vec::new();
    for _ in 0..20 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            store
                .count_attempt("sign_in_ip", "203.0.113.7", window)
                .await
                .expect("count")
        }));
    }
    let mut counts = Vec::new();
    for task in tasks {
        counts.push(task.await.expect("task"));
    }
    counts.sort_unstable();
    assert_eq!(counts, (1..=20).collect::<Vec<i64>>());
    // Other keys and later windows start from one.
    assert_eq!(
        store
            .count_attempt("sign_in_ip", "198.51.100.1", window)
            .await
            .expect("count"),
        1
    );
    let next = window + Duration::minutes(15);
    assert_eq!(
        store
            .count_attempt("sign_in_ip", "203.0.113.7", next)
            .await
            .expect("count"),
        1
    );
}

async fn audit_entries_are_kept_per_organization(store: Arc<dyn Store>, _url: &str) {
    let a = store
        .create_organization(&support::new_org("audit-a"))
        .await
        .expect("org");
    let entry = |org_id: Option<i64>, action: &str| NewAuditEntry {
        org_id,
        actor_user_id: None,
        action: action.to_string(),
        target: Some("user:1".to_string()),
        detail: serde_json::json!({ "role": "viewer" }),
        ip: Some("203.0.113.7".to_string()),
        user_agent: None,
    };
    store
        .append_audit(&entry(Some(a.id), "role_changed"))
        .await
        .expect("append");
    store
        .append_audit(&entry(None, "sign_in"))
        .await
        .expect("append");
    let org_entries = store
        .audit_rows(Some(OrgId(a.id)), 50)
        .await
        .expect("entries");
    assert_eq!(org_entries.len(), 1);
    assert_eq!(org_entries[0].action, "role_changed");
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&org_entries[0].detail).expect("json"),
        serde_json::json!({ "role": "viewer" })
    );
    assert_eq!(org_entries[0].ip.as_deref(), Some("203.0.113.7"));
    let all = store.audit_rows(None, 50).await.expect("entries");
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].action, "sign_in", "newest first");
}

on_both_engines!(
    attempts_are_counted_atomically_per_window,
    audit_entries_are_kept_per_organization,
);
