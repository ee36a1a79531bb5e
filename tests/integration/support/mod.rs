//! Test fixtures: a fresh database per test on SQLite (always) and PostgreSQL (when
//! reachable; loudly skipped otherwise, and required when `CI` is set).

pub mod app;
pub mod csv_file;
pub mod documents;
pub mod history;

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

use ledgerlight::store::{self, Store};

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// A plain Danish organization for tests.
pub fn new_org(slug: &str) -> ledgerlight::store::NewOrganization {
    ledgerlight::store::NewOrganization {
        slug: slug.to_string(),
        name: format!("{slug} ApS"),
        base_currency: "DKK".to_string(),
        timezone: "Europe/Copenhagen".to_string(),
        fiscal_year_end_month: 12,
        billy_organization_id: None,
        is_demo: false,
    }
}

/// Moves an organization to another plan (new organizations start on Free).
pub async fn put_on_plan(store: &dyn Store, org: ledgerlight::store::OrgId, plan_id: &str) {
    store
        .change_plan(
            org,
            &ledgerlight::store::PlanChange {
                plan_id: plan_id.to_string(),
                actor_user_id: None,
                ip: None,
                user_agent: None,
            },
            chrono::Utc::now(),
        )
        .await
        .expect("plan change");
}

/// A store on a fresh database, and how to clean it up.
pub struct TestDb {
    pub store: Arc<dyn Store>,
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    /// The SQLite file's directory, removed when this is dropped.
    Dir {
        _removed_on_drop: tempfile::TempDir,
    },
    Postgres {
        admin_url: String,
        name: String,
    },
}

impl TestDb {
    /// Drops the database (PostgreSQL) or removes the file (SQLite, on drop).
    pub async fn finish(self) {
        let TestDb { store, cleanup, .. } = self;
        drop(store);
        if let Cleanup::Postgres { admin_url, name } = cleanup {
            if let Ok(mut conn) =
                <sqlx::PgConnection as sqlx::Connection>::connect(&admin_url).await
            {
                let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                    .execute(&mut conn)
                    .await;
            }
        }
    }
}

fn unique_name(prefix: &str) -> String {
    format!(
        "{prefix}_{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst),
        chrono::Utc::now().timestamp_micros() % 1_000_000
    )
}

/// A fresh SQLite database in a temporary directory.
pub async fn sqlite() -> TestDb {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}/test.db", dir.path().display());
    let store = store::open(&url).await.expect("open sqlite store");
    TestDb {
        store,
        url,
        cleanup: Cleanup::Dir {
            _removed_on_drop: dir,
        },
    }
}

/// The server tests use: `TEST_POSTGRES_URL`, or the local trust-auth server.
pub fn postgres_admin_url() -> String {
    std::env::var("TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_string())
}

fn postgres_required() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false")
        || std::env::var("LEDGERLIGHT_REQUIRE_POSTGRES").is_ok_and(|v| v == "1")
}

/// A fresh PostgreSQL database, or `None` (with a loud message) when no server answers.
/// Panics instead when PostgreSQL is required (`CI` or `LEDGERLIGHT_REQUIRE_POSTGRES=1`).
pub async fn postgres() -> Option<TestDb> {
    let admin_url = postgres_admin_url();
    let mut admin = match <sqlx::PgConnection as sqlx::Connection>::connect(&admin_url).await {
        Ok(conn) => conn,
        Err(err) => {
            assert!(
                !postgres_required(),
                "PostgreSQL is required here but {admin_url} does not answer: {err}"
            );
            eprintln!(
                "\n!!!!!!!! SKIPPED: PostgreSQL store test: {admin_url} does not answer ({err}).\n\
                 !!!!!!!! Set TEST_POSTGRES_URL or start PostgreSQL to run it.\n"
            );
            return None;
        }
    };
    let name = unique_name("ll_test");
    sqlx::query(&format!("CREATE DATABASE \"{name}\""))
        .execute(&mut admin)
        .await
        .expect("create test database");
    let url = match admin_url.rfind('/') {
        Some(slash) => format!("{}/{name}", &admin_url[..slash]),
        None => panic!("TEST_POSTGRES_URL must end with /database"),
    };
    let store = store::open(&url).await.expect("open postgres store");
    Some(TestDb {
        store,
        url,
        cleanup: Cleanup::Postgres { admin_url, name },
    })
}

/// Runs `body` against a fresh SQLite store and a fresh PostgreSQL store.
#[macro_export]
macro_rules! on_both_engines {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let db = $crate::support::sqlite().await;
                    super::$name(db.store.clone(), &db.url).await;
                    db.finish().await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let Some(db) = $crate::support::postgres().await else { return };
                    super::$name(db.store.clone(), &db.url).await;
                    db.finish().await;
                }
            )*
        }
    };
}

/// A page's text without its markup, cut to a few hundred characters: what a failed
/// assertion shows of a page so the failure says what the reader saw.
pub fn visible_text(html: &str) -> String {
    let body = html.split_once("<body").map_or(html, |(_, rest)| rest);
    let mut text = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    words.join(" ").chars().take(600).collect()
}
