//! PostgreSQL row-level security, the backstop behind the application's own filters:
//! as the application's role, a transaction sees only the organization it set, sees
//! nothing without one, and cannot write rows for another organization. (Every other
//! PostgreSQL test also runs as that role: the store switches to it on connect.)

use crate::support;

use ledgerlight::store::OrgId;
use sqlx::{Connection, Executor, PgConnection, Row};

async fn count(conn: &mut PgConnection, sql: &str) -> i64 {
    sqlx::query(sql)
        .fetch_one(&mut *conn)
        .await
        .expect("count")
        .get::<i64, _>(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_database_itself_keeps_organizations_apart() {
    let Some(db) = support::postgres().await else {
        return;
    };
    let a = db
        .store
        .create_organization(&support::new_org("rls-a"))
        .await
        .expect("org");
    let b = db
        .store
        .create_organization(&support::new_org("rls-b"))
        .await
        .expect("org");
    for (org, api_calls) in [(a.id, 3), (b.id, 5)] {
        db.store
            .record_usage(
                OrgId(org),
                ledgerlight::store::UsageKind::ApiCall,
                api_calls,
                None,
                chrono::Utc::now(),
            )
            .await
            .expect("usage through the store, as the application role");
    }

    let mut conn = PgConnection::connect(&db.url).await.expect("connect");
    conn.execute("SET ROLE ledgerlight_app")
        .await
        .expect("role");
    let mut tx = conn.begin().await.expect("begin");
    assert_eq!(
        count(&mut tx, "SELECT COUNT(*) FROM usage_events").await,
        0,
        "no organization set: nothing"
    );
    sqlx::query("SELECT set_config('app.org_id', $1, true)")
        .bind(a.id.to_string())
        .execute(&mut *tx)
        .await
        .expect("set org");
    assert_eq!(count(&mut tx, "SELECT COUNT(*) FROM usage_events").await, 1);
    assert_eq!(
        count(
            &mut tx,
            &format!("SELECT COUNT(*) FROM usage_events WHERE org_id = {}", b.id)
        )
        .await,
        0,
        "asking for another organization by id finds nothing"
    );
    assert_eq!(
        count(
            &mut tx,
            "SELECT COALESCE(SUM(quantity), 0)::bigint FROM usage_monthly"
        )
        .await,
        3
    );
    let foreign =
        sqlx::query("INSERT INTO usage_events (org_id, kind, quantity) VALUES ($1, 'api_call', 1)")
            .bind(b.id)
            .execute(&mut *tx)
            .await
            .expect_err("writing another organization's row");
    assert!(
        foreign.to_string().contains("row-level security"),
        "{foreign}"
    );
    tx.rollback().await.expect("rollback");

    // The setting is transaction-local: the next transaction on this connection (as a
    // pooled connection would be reused) starts with no organization.
    let mut tx = conn.begin().await.expect("begin");
    assert_eq!(count(&mut tx, "SELECT COUNT(*) FROM usage_events").await, 0);
    tx.rollback().await.expect("rollback");

    // The audit log cannot be changed by the application's role even without its trigger.
    let denied = conn
        .execute("UPDATE audit_log SET action = 'x'")
        .await
        .expect_err("no UPDATE right");
    assert!(denied.to_string().contains("permission denied"), "{denied}");
    drop(conn);
    db.finish().await;
}
