//! [`AccountStore`](crate::store::AccountStore) in SQL: users, sign-up, rate-limit
//! counters and sessions.

use super::organizations::{insert_organization, org_from_row};
use super::EngineStore;

#[async_trait::async_trait]
impl crate::store::AccountStore for EngineStore {
    async fn sign_up(
        &self,
        user: &crate::store::NewUser,
        password_hash: &str,
    ) -> Result<(crate::store::User, crate::store::Organization), crate::store::StoreError> {
        let mut tx = self.pool.begin().await?;
        let email = user.email.as_str();
        let inserted: Result<(i64,), sqlx::Error> = sqlx::query_as(
            "INSERT INTO users (email, password_hash, display_name) VALUES ($1, $2, $3) \
             RETURNING id",
        )
        .bind(email)
        .bind(password_hash)
        .bind(&user.display_name)
        .fetch_one(&mut *tx)
        .await;
        let (user_id,) = inserted.map_err(|err| {
            if err
                .as_database_error()
                .is_some_and(|e| e.is_unique_violation())
            {
                crate::store::StoreError::Conflict(crate::domain::reason::Reason::EmailTaken)
            } else {
                err.into()
            }
        })?;
        let owner_name = user
            .display_name
            .clone()
            .unwrap_or_else(|| email.to_string());
        let org = insert_organization(
            &mut tx,
            &crate::store::NewOrganization {
                slug: format!("personal-{user_id}"),
                name: format!("{owner_name} (personal)"),
                base_currency: "DKK".to_string(),
                timezone: "Europe/Copenhagen".to_string(),
                fiscal_year_end_month: 12,
                billy_organization_id: None,
                is_demo: false,
            },
        )
        .await?;
        sqlx::query("INSERT INTO memberships (org_id, user_id, role) VALUES ($1, $2, 'owner')")
            .bind(org.id)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        let created = crate::store::User {
            id: user_id,
            email: email.to_string(),
            display_name: user.display_name.clone(),
            platform_role: crate::domain::accounts::PlatformRole::User,
        };
        Ok((created, org))
    }

    async fn user_credentials(
        &self,
        email: &str,
    ) -> Result<Option<(crate::store::User, String)>, crate::store::StoreError> {
        let row: Option<(i64, String, Option<String>, String, String)> = sqlx::query_as(
            "SELECT id, email, display_name, platform_role, password_hash FROM users \
             WHERE lower(email) = lower($1)",
        )
        .bind(email.trim())
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|(id, email, display_name, role, hash)| {
            let platform_role = crate::domain::accounts::PlatformRole::parse(&role)
                .unwrap_or(crate::domain::accounts::PlatformRole::User);
            (
                crate::store::User {
                    id,
                    email,
                    display_name,
                    platform_role,
                },
                hash,
            )
        }))
    }

    async fn user(
        &self,
        user_id: i64,
    ) -> Result<Option<crate::store::User>, crate::store::StoreError> {
        let row: Option<(i64, String, Option<String>, String)> = sqlx::query_as(
            "SELECT id, email, display_name, platform_role FROM users WHERE id = $1",
        )
        .bind(user_id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(
            row.map(|(id, email, display_name, role)| crate::store::User {
                id,
                email,
                display_name,
                platform_role: crate::domain::accounts::PlatformRole::parse(&role)
                    .unwrap_or(crate::domain::accounts::PlatformRole::User),
            }),
        )
    }

    async fn user_email(&self, user_id: i64) -> Result<Option<String>, crate::store::StoreError> {
        let row: Option<(String,)> = sqlx::query_as("SELECT email FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|(email,)| email))
    }

    async fn set_platform_role(
        &self,
        user_id: i64,
        role: crate::domain::accounts::PlatformRole,
    ) -> Result<(), crate::store::StoreError> {
        sqlx::query("UPDATE users SET platform_role = $2 WHERE id = $1")
            .bind(user_id)
            .bind(role.as_str())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn memberships(
        &self,
        user_id: i64,
    ) -> Result<Vec<crate::store::Membership>, crate::store::StoreError> {
        let rows: Vec<(i64, String, String, String, String, i32, bool, String)> = sqlx::query_as(
            "SELECT o.id, o.slug, o.name, o.base_currency, o.timezone, \
               o.fiscal_year_end_month, o.is_demo, m.role \
             FROM memberships m JOIN organizations o ON o.id = m.org_id \
             WHERE m.user_id = $1 ORDER BY m.created_at, o.id",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(id, slug, name, currency, tz, fy, demo, role)| {
                let role = crate::domain::accounts::OrgRole::parse(&role)?;
                Some(crate::store::Membership {
                    organization: org_from_row((id, slug, name, currency, tz, fy, demo)),
                    role,
                })
            })
            .collect())
    }

    async fn last_active_org(&self, user_id: i64) -> Result<Option<i64>, crate::store::StoreError> {
        let row: Option<(Option<i64>,)> = sqlx::query_as(
            "SELECT u.last_org_id FROM users u \
             JOIN memberships m ON m.org_id = u.last_org_id AND m.user_id = u.id \
             WHERE u.id = $1",
        )
        .bind(user_id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.and_then(|(org,)| org))
    }

    async fn remember_org(
        &self,
        user_id: i64,
        org: crate::store::OrgId,
    ) -> Result<(), crate::store::StoreError> {
        sqlx::query("UPDATE users SET last_org_id = $2 WHERE id = $1")
            .bind(user_id)
            .bind(org.0)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn count_attempt(
        &self,
        scope: &str,
        key: &str,
        window_start: chrono::DateTime<chrono::Utc>,
    ) -> Result<i64, crate::store::StoreError> {
        let (count,): (i64,) = sqlx::query_as(
            "INSERT INTO rate_limit_counters (scope, key, window_start, count) \
             VALUES ($1, $2, $3, 1) \
             ON CONFLICT (scope, key, window_start) \
               DO UPDATE SET count = rate_limit_counters.count + 1 \
             RETURNING CAST(count AS BIGINT)",
        )
        .bind(scope)
        .bind(key)
        .bind(window_start)
        .fetch_one(&self.pool)
        .await?;
        Ok(count)
    }

    async fn forgive_attempt(
        &self,
        scope: &str,
        key: &str,
        window_start: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), crate::store::StoreError> {
        sqlx::query(
            "UPDATE rate_limit_counters SET count = count - 1 \
             WHERE scope = $1 AND key = $2 AND window_start = $3 AND count > 0",
        )
        .bind(scope)
        .bind(key)
        .bind(window_start)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn insert_session(
        &self,
        token_hash: &str,
        session: &crate::store::StoredSession,
        ip: Option<&str>,
        user_agent: Option<&str>,
    ) -> Result<bool, crate::store::StoreError> {
        let inserted = sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, active_org_id, ip, user_agent, \
               created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $6, $7)",
        )
        .bind(token_hash)
        .bind(session.user_id)
        .bind(session.active_org_id)
        .bind(ip)
        .bind(user_agent)
        .bind(chrono::Utc::now())
        .bind(session.expires_at)
        .execute(&self.pool)
        .await;
        match inserted {
            Ok(_) => Ok(true),
            Err(err)
                if err
                    .as_database_error()
                    .is_some_and(|e| e.is_unique_violation()) =>
            {
                Ok(false)
            }
            Err(err) => Err(err.into()),
        }
    }

    async fn update_session(
        &self,
        token_hash: &str,
        session: &crate::store::StoredSession,
    ) -> Result<bool, crate::store::StoreError> {
        let done = sqlx::query(
            "UPDATE sessions SET active_org_id = $2, expires_at = $3, last_seen_at = $4 \
             WHERE token_hash = $1 AND user_id = $5 AND revoked_at IS NULL",
        )
        .bind(token_hash)
        .bind(session.active_org_id)
        .bind(session.expires_at)
        .bind(chrono::Utc::now())
        .bind(session.user_id)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn load_session(
        &self,
        token_hash: &str,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<Option<crate::store::StoredSession>, crate::store::StoreError> {
        let row: Option<(i64, Option<i64>, chrono::DateTime<chrono::Utc>)> = sqlx::query_as(
            "SELECT user_id, active_org_id, expires_at FROM sessions \
             WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > $2",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(
            |(user_id, active_org_id, expires_at)| crate::store::StoredSession {
                user_id,
                active_org_id,
                expires_at,
            },
        ))
    }

    async fn revoke_session(
        &self,
        token_hash: &str,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), crate::store::StoreError> {
        sqlx::query(
            "UPDATE sessions SET revoked_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL",
        )
        .bind(token_hash)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn revoke_user_sessions(
        &self,
        user_id: i64,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<u64, crate::store::StoreError> {
        let done = sqlx::query(
            "UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL",
        )
        .bind(user_id)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected())
    }
}
