//! The audit log is append-only, enforced by the database itself on both engines:
//! whatever the application does, an UPDATE or DELETE of an entry fails.

use crate::support;

use sqlx::Connection;

const INSERT: &str = "INSERT INTO audit_log (action, target) VALUES ('sign_in', 'user:1')";
const UPDATE: &str = "UPDATE audit_log SET action = 'forged'";
const DELETE: &str = "DELETE FROM audit_log";
const COUNT: &str = "SELECT COUNT(*), MIN(action) FROM audit_log";

#[tokio::test]
async fn sqlite_rejects_changes_to_the_audit_log() {
    let db = support::sqlite().await;
    let mut conn = sqlx::SqliteConnection::connect(&db.url)
        .await
        .expect("connect");
    sqlx::query(INSERT)
        .execute(&mut conn)
        .await
        .expect("insert is allowed");
    let err = sqlx::query(UPDATE)
        .execute(&mut conn)
        .await
        .expect_err("update rejected");
    assert!(err.to_string().contains("append-only"), "{err}");
    let err = sqlx::query(DELETE)
        .execute(&mut conn)
        .await
        .expect_err("delete rejected");
    assert!(err.to_string().contains("append-only"), "{err}");
    let (count, action): (i64, String) = sqlx::query_as(COUNT)
        .fetch_one(&mut conn)
        .await
        .expect("count");
    assert_eq!((count, action.as_str()), (1, "sign_in"));
    drop(conn);
    db.finish().await;
}

#[tokio::test]
async fn postgres_rejects_changes_to_the_audit_log() {
    let Some(db) = support::postgres().await else {
        return;
    };
    let mut conn = sqlx::PgConnection::connect(&db.url).await.expect("connect");
    sqlx::query(INSERT)
        .execute(&mut conn)
        .await
        .expect("insert is allowed");
    for statement in [UPDATE, DELETE, "TRUNCATE audit_log"] {
        let err = sqlx::query(statement)
            .execute(&mut conn)
            .await
            .expect_err("rejected");
        assert!(
            err.to_string().contains("append-only"),
            "{statement}: {err}"
        );
    }
    let (count, action): (i64, String) = sqlx::query_as(COUNT)
        .fetch_one(&mut conn)
        .await
        .expect("count");
    assert_eq!((count, action.as_str()), (1, "sign_in"));
    conn.close().await.expect("close");
    db.finish().await;
}
