//! The [`Store`](super::Store) implementation shared by both engines.
//!
//! SQLite and PostgreSQL accept the same SQL text here (`$N` parameters, `ON CONFLICT`,
//! `RETURNING`, no date functions), so one macro stamps the implementation out for each
//! concrete pool type; engine-specific work (connecting, pragmas, migrations) lives in
//! `sqlite.rs` and `postgres.rs`. A macro rather than generics because sqlx's generic
//! bounds for "a database that can encode all of these types" are longer than the code.

macro_rules! impl_sql_store {
    ($store:ty, $db:ty, $engine:expr) => {
        #[async_trait::async_trait]
        impl $crate::store::Store for $store {
            fn engine(&self) -> $crate::store::Engine {
                $engine
            }

            async fn ping(&self) -> Result<(), $crate::store::StoreError> {
                sqlx::query("SELECT 1").execute(&self.pool).await?;
                Ok(())
            }

            async fn create_organization(
                &self,
                org: &$crate::store::NewOrganization,
            ) -> Result<$crate::store::Organization, $crate::store::StoreError> {
                let mut tx = self.pool.begin().await?;
                let created = insert_organization(&mut tx, org).await?;
                tx.commit().await?;
                Ok(created)
            }

            async fn organization(
                &self,
                org: $crate::store::OrgId,
            ) -> Result<Option<$crate::store::Organization>, $crate::store::StoreError> {
                let row: Option<OrgRow> = sqlx::query_as(&format!("{ORG_COLUMNS} WHERE id = $1"))
                    .bind(org.0)
                    .fetch_optional(&self.pool)
                    .await?;
                Ok(row.map(org_from_row))
            }

            async fn organization_by_slug(
                &self,
                slug: &str,
            ) -> Result<Option<$crate::store::Organization>, $crate::store::StoreError> {
                let row: Option<OrgRow> =
                    sqlx::query_as(&format!("{ORG_COLUMNS} WHERE slug = $1"))
                        .bind(slug)
                        .fetch_optional(&self.pool)
                        .await?;
                Ok(row.map(org_from_row))
            }

            async fn list_organizations(
                &self,
            ) -> Result<Vec<$crate::store::Organization>, $crate::store::StoreError> {
                let rows: Vec<OrgRow> = sqlx::query_as(&format!("{ORG_COLUMNS} ORDER BY id"))
                    .fetch_all(&self.pool)
                    .await?;
                Ok(rows.into_iter().map(org_from_row).collect())
            }

            async fn write_batch(
                &self,
                org: $crate::store::OrgId,
                batch: &$crate::store::Batch,
            ) -> Result<$crate::store::BatchOutcome, $crate::store::StoreError> {
                let mut tx = begin_write_for_org(&self.pool, org).await?;
                let mut touched = $crate::store::rollups::Touched::default();
                let outcome = write_batch_in(&mut tx, org, batch, &mut touched).await?;
                rebuild_rollups(&mut tx, org, &touched).await?;
                tx.commit().await?;
                Ok(outcome)
            }

            async fn mark_synced(
                &self,
                org: $crate::store::OrgId,
                resource: &str,
                trigger: &str,
                at: chrono::DateTime<chrono::Utc>,
                records: u64,
            ) -> Result<(), $crate::store::StoreError> {
                let mut tx = begin_for_org(&self.pool, org).await?;
                sqlx::query(
                    "INSERT INTO sync_state (org_id, resource, status, last_started_at, \
                       last_finished_at, last_success_at) VALUES ($1, $2, 'idle', $3, $3, $3) \
                     ON CONFLICT (org_id, resource) DO UPDATE SET status = 'idle', \
                       last_finished_at = excluded.last_finished_at, \
                       last_success_at = excluded.last_success_at, \
                       last_error_kind = NULL, last_error_message = NULL",
                )
                .bind(org.0)
                .bind(resource)
                .bind(at)
                .execute(&mut *tx)
                .await?;
                sqlx::query(
                    "INSERT INTO sync_runs (org_id, resource, trigger_kind, started_at, \
                       finished_at, status, records_added) VALUES ($1, $2, $3, $4, $4, 'succeeded', $5)",
                )
                .bind(org.0)
                .bind(resource)
                .bind(trigger)
                .bind(at)
                .bind(i64::try_from(records).unwrap_or(i64::MAX))
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(())
            }

            async fn set_demo_spec(
                &self,
                org: $crate::store::OrgId,
                spec: &str,
            ) -> Result<(), $crate::store::StoreError> {
                sqlx::query("UPDATE organizations SET demo_spec = $2 WHERE id = $1")
                    .bind(org.0)
                    .bind(spec)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn demo_spec(
                &self,
                org: $crate::store::OrgId,
            ) -> Result<Option<String>, $crate::store::StoreError> {
                let row: Option<(Option<String>,)> =
                    sqlx::query_as("SELECT demo_spec FROM organizations WHERE id = $1")
                        .bind(org.0)
                        .fetch_optional(&self.pool)
                        .await?;
                Ok(row.and_then(|(spec,)| spec))
            }

            async fn data_as_of(
                &self,
                org: $crate::store::OrgId,
            ) -> Result<Option<chrono::DateTime<chrono::Utc>>, $crate::store::StoreError> {
                let mut tx = begin_for_org(&self.pool, org).await?;
                let rows: Vec<(Option<chrono::DateTime<chrono::Utc>>,)> = sqlx::query_as(
                    "SELECT last_success_at FROM sync_state WHERE org_id = $1",
                )
                .bind(org.0)
                .fetch_all(&mut *tx)
                .await?;
                Ok($crate::store::oldest_success(rows.into_iter().map(|(at,)| at)))
            }

            async fn period_totals(
                &self,
                org: $crate::store::OrgId,
                range: $crate::domain::DateRange,
            ) -> Result<$crate::store::PeriodTotals, $crate::store::StoreError> {
                let mut tx = begin_for_org(&self.pool, org).await?;
                let (revenue, invoices, credit_notes): (i64, i64, i64) = sqlx::query_as(
                    "SELECT COALESCE(CAST(SUM(net_base_minor) AS BIGINT), 0), \
                       COALESCE(CAST(SUM(invoice_count) AS BIGINT), 0), \
                       COALESCE(CAST(SUM(credit_note_count) AS BIGINT), 0) \
                     FROM revenue_daily WHERE org_id = $1 AND day >= $2 AND day <= $3",
                )
                .bind(org.0)
                .bind(range.start)
                .bind(range.end)
                .fetch_one(&mut *tx)
                .await?;
                let (active,): (i64,) = sqlx::query_as(
                    "SELECT COUNT(DISTINCT customer_id) FROM customer_revenue_monthly \
                     WHERE org_id = $1 AND month >= $2 AND month <= $3 AND invoice_count > 0",
                )
                .bind(org.0)
                .bind($crate::domain::period::first_of_month(range.start))
                .bind(range.end)
                .fetch_one(&mut *tx)
                .await?;
                Ok($crate::store::PeriodTotals {
                    revenue_base_minor: revenue,
                    invoice_count: invoices,
                    credit_note_count: credit_notes,
                    active_customers: active,
                })
            }

            async fn revenue_days(
                &self,
                org: $crate::store::OrgId,
                range: $crate::domain::DateRange,
            ) -> Result<Vec<$crate::domain::revenue::RevenueDay>, $crate::store::StoreError> {
                let mut tx = begin_for_org(&self.pool, org).await?;
                type Row = (chrono::NaiveDate, String, i64, i64, i64, i64, i64, i64);
                let rows: Vec<Row> = sqlx::query_as(
                    "SELECT day, currency, CAST(invoice_count AS BIGINT), \
                       CAST(credit_note_count AS BIGINT), CAST(net_minor AS BIGINT), \
                       CAST(gross_minor AS BIGINT), CAST(net_base_minor AS BIGINT), \
                       CAST(gross_base_minor AS BIGINT) \
                     FROM revenue_daily WHERE org_id = $1 AND day >= $2 AND day <= $3 \
                     ORDER BY day, currency",
                )
                .bind(org.0)
                .bind(range.start)
                .bind(range.end)
                .fetch_all(&mut *tx)
                .await?;
                Ok(rows
                    .into_iter()
                    .map(|(day, currency, invoice_count, credit_note_count, net_minor, gross_minor, net_base_minor, gross_base_minor)| {
                        $crate::domain::revenue::RevenueDay {
                            day,
                            currency,
                            invoice_count,
                            credit_note_count,
                            net_minor,
                            gross_minor,
                            net_base_minor,
                            gross_base_minor,
                        }
                    })
                    .collect())
            }

            async fn revenue_by_month(
                &self,
                org: $crate::store::OrgId,
                range: $crate::domain::DateRange,
            ) -> Result<Vec<$crate::store::MonthRevenue>, $crate::store::StoreError> {
                let mut tx = begin_for_org(&self.pool, org).await?;
                let days: Vec<(chrono::NaiveDate, i64, i64)> = sqlx::query_as(
                    "SELECT day, CAST(SUM(net_base_minor) AS BIGINT), CAST(SUM(invoice_count) AS BIGINT) \
                     FROM revenue_daily WHERE org_id = $1 AND day >= $2 AND day <= $3 \
                     GROUP BY day ORDER BY day",
                )
                .bind(org.0)
                .bind(range.start)
                .bind(range.end)
                .fetch_all(&mut *tx)
                .await?;
                Ok($crate::store::sql_store::bucket_by_month(range, &days))
            }

            async fn receivables_at(
                &self,
                org: $crate::store::OrgId,
                day: chrono::NaiveDate,
            ) -> Result<$crate::store::Receivables, $crate::store::StoreError> {
                let mut tx = begin_for_org(&self.pool, org).await?;
                let (outstanding, overdue): (i64, i64) =
                    sqlx::query_as($crate::store::rollups::SELECT_RECEIVABLES_AT)
                        .bind(org.0)
                        .bind(day)
                        .fetch_one(&mut *tx)
                        .await?;
                Ok($crate::store::Receivables {
                    outstanding_base_minor: outstanding,
                    overdue_base_minor: overdue,
                })
            }

            async fn row_counts(
                &self,
                org: $crate::store::OrgId,
            ) -> Result<$crate::store::RowCounts, $crate::store::StoreError> {
                let mut tx = begin_for_org(&self.pool, org).await?;
                let mut counts = [0_i64; 6];
                let tables = [
                    "customers",
                    "products",
                    "invoices",
                    "invoice_lines",
                    "bank_payments",
                    "bills",
                ];
                for (slot, table) in counts.iter_mut().zip(tables) {
                    let (n,): (i64,) =
                        sqlx::query_as(&format!("SELECT COUNT(*) FROM {table} WHERE org_id = $1"))
                            .bind(org.0)
                            .fetch_one(&mut *tx)
                            .await?;
                    *slot = n;
                }
                let [customers, products, invoices, invoice_lines, payments, bills] = counts;
                Ok($crate::store::RowCounts {
                    customers,
                    products,
                    invoices,
                    invoice_lines,
                    payments,
                    bills,
                })
            }

            async fn sign_up(
                &self,
                user: &$crate::store::NewUser,
                password_hash: &str,
            ) -> Result<($crate::store::User, $crate::store::Organization), $crate::store::StoreError> {
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
                    if err.as_database_error().is_some_and(|e| e.is_unique_violation()) {
                        $crate::store::StoreError::Conflict($crate::domain::reason::Reason::EmailTaken)
                    } else {
                        err.into()
                    }
                })?;
                let owner_name = user.display_name.clone().unwrap_or_else(|| email.to_string());
                let org = insert_organization(
                    &mut tx,
                    &$crate::store::NewOrganization {
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
                let created = $crate::store::User {
                    id: user_id,
                    email: email.to_string(),
                    display_name: user.display_name.clone(),
                    platform_role: $crate::domain::accounts::PlatformRole::User,
                };
                Ok((created, org))
            }

            async fn user_credentials(
                &self,
                email: &str,
            ) -> Result<Option<($crate::store::User, String)>, $crate::store::StoreError> {
                let row: Option<(i64, String, Option<String>, String, String)> = sqlx::query_as(
                    "SELECT id, email, display_name, platform_role, password_hash FROM users \
                     WHERE lower(email) = lower($1)",
                )
                .bind(email.trim())
                .fetch_optional(&self.pool)
                .await?;
                Ok(row.map(|(id, email, display_name, role, hash)| {
                    let platform_role = $crate::domain::accounts::PlatformRole::parse(&role)
                        .unwrap_or($crate::domain::accounts::PlatformRole::User);
                    ($crate::store::User { id, email, display_name, platform_role }, hash)
                }))
            }

            async fn set_platform_role(
                &self,
                user_id: i64,
                role: $crate::domain::accounts::PlatformRole,
            ) -> Result<(), $crate::store::StoreError> {
                sqlx::query("UPDATE users SET platform_role = $2 WHERE id = $1")
                    .bind(user_id)
                    .bind(role.as_str())
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn user_email(
                &self,
                user_id: i64,
            ) -> Result<Option<String>, $crate::store::StoreError> {
                let row: Option<(String,)> = sqlx::query_as("SELECT email FROM users WHERE id = $1")
                    .bind(user_id)
                    .fetch_optional(&self.pool)
                    .await?;
                Ok(row.map(|(email,)| email))
            }

            async fn memberships(
                &self,
                user_id: i64,
            ) -> Result<Vec<$crate::store::Membership>, $crate::store::StoreError> {
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
                        let role = $crate::domain::accounts::OrgRole::parse(&role)?;
                        Some($crate::store::Membership {
                            organization: org_from_row((id, slug, name, currency, tz, fy, demo)),
                            role,
                        })
                    })
                    .collect())
            }

            async fn count_attempt(
                &self,
                scope: &str,
                key: &str,
                window_start: chrono::DateTime<chrono::Utc>,
            ) -> Result<i64, $crate::store::StoreError> {
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

            async fn append_audit(
                &self,
                entry: &$crate::store::NewAuditEntry,
            ) -> Result<i64, $crate::store::StoreError> {
                let (id,): (i64,) = sqlx::query_as(&format!(
                    "INSERT INTO audit_log (org_id, actor_user_id, action, target, detail, ip, \
                       user_agent, created_at) \
                     VALUES ($1, $2, $3, $4, $5{JSON_PARAM_CAST}, $6, $7, $8) RETURNING id"
                ))
                .bind(entry.org_id)
                .bind(entry.actor_user_id)
                .bind(&entry.action)
                .bind(&entry.target)
                .bind(entry.detail.to_string())
                .bind(&entry.ip)
                .bind(&entry.user_agent)
                .bind(chrono::Utc::now())
                .fetch_one(&self.pool)
                .await?;
                Ok(id)
            }

            async fn audit_entries(
                &self,
                org: Option<$crate::store::OrgId>,
                limit: i64,
            ) -> Result<Vec<$crate::store::AuditEntry>, $crate::store::StoreError> {
                type Row = (
                    i64,
                    Option<i64>,
                    Option<i64>,
                    String,
                    Option<String>,
                    String,
                    Option<String>,
                    chrono::DateTime<chrono::Utc>,
                );
                let columns = "SELECT id, org_id, actor_user_id, action, target, \
                    CAST(detail AS TEXT), ip, created_at FROM audit_log";
                let rows: Vec<Row> = match org {
                    Some(org) => {
                        sqlx::query_as(&format!(
                            "{columns} WHERE org_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2"
                        ))
                        .bind(org.0)
                        .bind(limit)
                        .fetch_all(&self.pool)
                        .await?
                    }
                    None => {
                        sqlx::query_as(&format!(
                            "{columns} ORDER BY created_at DESC, id DESC LIMIT $1"
                        ))
                        .bind(limit)
                        .fetch_all(&self.pool)
                        .await?
                    }
                };
                Ok(rows
                    .into_iter()
                    .map(|(id, org_id, actor_user_id, action, target, detail, ip, created_at)| {
                        $crate::store::AuditEntry {
                            id,
                            org_id,
                            actor_user_id,
                            action,
                            target,
                            detail: serde_json::from_str(&detail).unwrap_or(serde_json::Value::Null),
                            ip,
                            created_at,
                        }
                    })
                    .collect())
            }

            async fn insert_session(
                &self,
                token_hash: &str,
                session: &$crate::store::StoredSession,
                ip: Option<&str>,
                user_agent: Option<&str>,
            ) -> Result<bool, $crate::store::StoreError> {
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
                    Err(err) if err.as_database_error().is_some_and(|e| e.is_unique_violation()) => {
                        Ok(false)
                    }
                    Err(err) => Err(err.into()),
                }
            }

            async fn update_session(
                &self,
                token_hash: &str,
                session: &$crate::store::StoredSession,
            ) -> Result<bool, $crate::store::StoreError> {
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
            ) -> Result<Option<$crate::store::StoredSession>, $crate::store::StoreError> {
                let row: Option<(i64, Option<i64>, chrono::DateTime<chrono::Utc>)> = sqlx::query_as(
                    "SELECT user_id, active_org_id, expires_at FROM sessions \
                     WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > $2",
                )
                .bind(token_hash)
                .bind(now)
                .fetch_optional(&self.pool)
                .await?;
                Ok(row.map(|(user_id, active_org_id, expires_at)| $crate::store::StoredSession {
                    user_id,
                    active_org_id,
                    expires_at,
                }))
            }

            async fn revoke_session(
                &self,
                token_hash: &str,
                now: chrono::DateTime<chrono::Utc>,
            ) -> Result<(), $crate::store::StoreError> {
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
            ) -> Result<u64, $crate::store::StoreError> {
                let done = sqlx::query(
                    "UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL",
                )
                .bind(user_id)
                .bind(now)
                .execute(&self.pool)
                .await?;
                Ok(done.rows_affected())
            }

            async fn set_membership(
                &self,
                org: $crate::store::OrgId,
                user_id: i64,
                role: $crate::domain::accounts::OrgRole,
            ) -> Result<(), $crate::store::StoreError> {
                sqlx::query(
                    "INSERT INTO memberships (org_id, user_id, role) VALUES ($1, $2, $3) \
                     ON CONFLICT (org_id, user_id) DO UPDATE SET role = excluded.role",
                )
                .bind(org.0)
                .bind(user_id)
                .bind(role.as_str())
                .execute(&self.pool)
                .await?;
                Ok(())
            }
        }

        const ORG_COLUMNS: &str = "SELECT id, slug, name, base_currency, timezone, \
            fiscal_year_end_month, is_demo FROM organizations";

        type OrgRow = (i64, String, String, String, String, i32, bool);

        fn org_from_row(row: OrgRow) -> $crate::store::Organization {
            let (id, slug, name, base_currency, timezone, fiscal_year_end_month, is_demo) = row;
            $crate::store::Organization {
                id,
                slug,
                name,
                base_currency,
                timezone,
                fiscal_year_end_month: u32::try_from(fiscal_year_end_month).unwrap_or(12),
                is_demo,
            }
        }

        /// Creates an organization and its Free-plan subscription inside `tx`.
        async fn insert_organization(
            tx: &mut Tx<'_>,
            org: &$crate::store::NewOrganization,
        ) -> Result<$crate::store::Organization, $crate::store::StoreError> {
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO organizations (slug, name, base_currency, timezone, \
                   fiscal_year_end_month, billy_organization_id, is_demo) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            )
            .bind(&org.slug)
            .bind(&org.name)
            .bind(&org.base_currency)
            .bind(&org.timezone)
            .bind(i32::try_from(org.fiscal_year_end_month).unwrap_or(12))
            .bind(&org.billy_organization_id)
            .bind(org.is_demo)
            .fetch_one(&mut **tx)
            .await?;
            // Every organization starts on the Free plan with one seat.
            sqlx::query(
                "INSERT INTO org_subscriptions (org_id, plan_id, seats, status, \
                   current_period_start) VALUES ($1, 'free', 1, 'active', $2)",
            )
            .bind(id)
            .bind(chrono::Utc::now())
            .execute(&mut **tx)
            .await?;
            Ok($crate::store::Organization {
                id,
                slug: org.slug.clone(),
                name: org.name.clone(),
                base_currency: org.base_currency.clone(),
                timezone: org.timezone.clone(),
                fiscal_year_end_month: org.fiscal_year_end_month,
                is_demo: org.is_demo,
            })
        }

        /// Local ids of records written or looked up during one batch, by Billy id.
        #[derive(Default)]
        struct IdCache {
            customers: std::collections::HashMap<String, i64>,
            products: std::collections::HashMap<String, i64>,
            /// Invoice id and due date (settlements are filed by due date).
            invoices: std::collections::HashMap<String, (i64, chrono::NaiveDate)>,
            bills: std::collections::HashMap<String, i64>,
        }

        type Tx<'a> = sqlx::Transaction<'a, $db>;

        /// Begins a transaction for one organization's tenant rows. On PostgreSQL it sets
        /// the organization for row-level security first, transaction-locally (never per
        /// session: pooled connections serve other organizations next). Reads end by
        /// dropping the transaction: they have nothing to keep.
        async fn begin_for_org(
            pool: &sqlx::Pool<$db>,
            org: $crate::store::OrgId,
        ) -> Result<Tx<'static>, $crate::store::StoreError> {
            let mut tx = pool.begin().await?;
            if let Some(sql) = SET_ORG_SQL {
                sqlx::query(sql).bind(org.0.to_string()).execute(&mut *tx).await?;
            }
            Ok(tx)
        }

        /// [`begin_for_org`] for a transaction that reads before it writes. On SQLite it
        /// takes the write lock at once (`BEGIN IMMEDIATE`): a deferred transaction that
        /// read first cannot upgrade to a writer once another writer has committed
        /// (SQLITE_BUSY_SNAPSHOT, which no busy timeout waits out).
        async fn begin_write_for_org(
            pool: &sqlx::Pool<$db>,
            org: $crate::store::OrgId,
        ) -> Result<Tx<'static>, $crate::store::StoreError> {
            let mut tx = match BEGIN_WRITE_SQL {
                Some(sql) => pool.begin_with(sql).await?,
                None => pool.begin().await?,
            };
            if let Some(sql) = SET_ORG_SQL {
                sqlx::query(sql).bind(org.0.to_string()).execute(&mut *tx).await?;
            }
            Ok(tx)
        }

        /// Begins a transaction that reads every organization's tenant rows, for the
        /// platform admin's views only (row-level security allows it by a flag set here).
        async fn begin_for_all_orgs(
            pool: &sqlx::Pool<$db>,
        ) -> Result<Tx<'static>, $crate::store::StoreError> {
            let mut tx = pool.begin().await?;
            if let Some(sql) = SET_ALL_ORGS_SQL {
                sqlx::query(sql).execute(&mut *tx).await?;
            }
            Ok(tx)
        }

        /// The local id of a record of `table` with the given Billy id, if stored.
        async fn lookup_id(
            tx: &mut Tx<'_>,
            table: &'static str,
            org: $crate::store::OrgId,
            billy_id: &str,
        ) -> Result<Option<i64>, $crate::store::StoreError> {
            let row: Option<(i64,)> =
                sqlx::query_as(&format!("SELECT id FROM {table} WHERE org_id = $1 AND billy_id = $2"))
                    .bind(org.0)
                    .bind(billy_id)
                    .fetch_optional(&mut **tx)
                    .await?;
            Ok(row.map(|(id,)| id))
        }

        /// The local id for a Billy id of `table`, from this batch's cache or the database.
        async fn cached_id(
            tx: &mut Tx<'_>,
            table: &'static str,
            org: $crate::store::OrgId,
            billy_id: &str,
            cache: &mut std::collections::HashMap<String, i64>,
        ) -> Result<Option<i64>, $crate::store::StoreError> {
            if let Some(id) = cache.get(billy_id) {
                return Ok(Some(*id));
            }
            let found = lookup_id(tx, table, org, billy_id).await?;
            if let Some(id) = found {
                cache.insert(billy_id.to_string(), id);
            }
            Ok(found)
        }

        /// Writes a batch inside the caller's transaction (see `Store::write_batch`),
        /// noting in `touched` the rollup days it changed; the caller rebuilds them.
        async fn write_batch_in(
            tx: &mut Tx<'_>,
            org: $crate::store::OrgId,
            batch: &$crate::store::Batch,
            touched: &mut $crate::store::rollups::Touched,
        ) -> Result<$crate::store::BatchOutcome, $crate::store::StoreError> {
            let mut ids = IdCache::default();
            let now = chrono::Utc::now();
            let mut outcome = $crate::store::BatchOutcome::default();

            // A record identical to its stored version (same content hash) is not
            // written at all: a repeated sync writes nothing and touches no rollup.
            for customer in &batch.customers {
                let hash = $crate::store::content_hash(customer);
                let stored = stored_version(tx, "customers", org, &customer.billy_id).await?;
                let id = match stored {
                    Some((id, Some(old))) if old == hash => {
                        outcome.unchanged += 1;
                        id
                    }
                    stored => {
                        tally(&mut outcome, stored.is_some());
                        outcome.customers += 1;
                        upsert_customer(tx, org, customer, &hash, now).await?
                    }
                };
                ids.customers.insert(customer.billy_id.clone(), id);
            }
            for product in &batch.products {
                let hash = $crate::store::content_hash(product);
                let stored = stored_version(tx, "products", org, &product.billy_id).await?;
                let id = match stored {
                    Some((id, Some(old))) if old == hash => {
                        outcome.unchanged += 1;
                        id
                    }
                    stored => {
                        tally(&mut outcome, stored.is_some());
                        outcome.products += 1;
                        upsert_product(tx, org, product, &hash, now).await?
                    }
                };
                ids.products.insert(product.billy_id.clone(), id);
            }
            for invoice in &batch.invoices {
                let hash = $crate::store::content_hash(invoice);
                let stored = stored_version(tx, "invoices", org, &invoice.billy_id).await?;
                let id = match stored {
                    Some((id, Some(old))) if old == hash => {
                        outcome.unchanged += 1;
                        id
                    }
                    stored => {
                        tally(&mut outcome, stored.is_some());
                        outcome.invoices += 1;
                        upsert_invoice(tx, org, invoice, &hash, now, &mut ids, touched)
                            .await?
                    }
                };
                ids.invoices.insert(invoice.billy_id.clone(), (id, invoice.due_date));
            }
            for bill in &batch.bills {
                let hash = $crate::store::content_hash(bill);
                let stored = stored_version(tx, "bills", org, &bill.billy_id).await?;
                let id = match stored {
                    Some((id, Some(old))) if old == hash => {
                        outcome.unchanged += 1;
                        id
                    }
                    stored => {
                        tally(&mut outcome, stored.is_some());
                        outcome.bills += 1;
                        upsert_bill(tx, org, bill, &hash, now, &mut ids).await?
                    }
                };
                ids.bills.insert(bill.billy_id.clone(), id);
            }
            for payment in &batch.payments {
                let hash = $crate::store::content_hash(payment);
                let stored = stored_version(tx, "bank_payments", org, &payment.billy_id).await?;
                match stored {
                    Some((_, Some(old))) if old == hash => outcome.unchanged += 1,
                    stored => {
                        tally(&mut outcome, stored.is_some());
                        outcome.payments += 1;
                        upsert_payment(tx, org, payment, &hash, now, &mut ids, touched)
                            .await?;
                    }
                }
            }

            if outcome.invoices > 0 {
                // Metered for the plan's record limit (see tenancy_sql.rs).
                tenancy_add_usage(
                    tx,
                    org,
                    $crate::store::UsageKind::InvoiceSynced,
                    i64::try_from(outcome.invoices).unwrap_or(i64::MAX),
                    None,
                    now,
                )
                .await?;
            }
            Ok(outcome)
        }

        /// Rebuilds the per-invoice facts and the rollup rows of every day and month in
        /// `touched` from raw rows.
        async fn rebuild_rollups(
            tx: &mut Tx<'_>,
            org: $crate::store::OrgId,
            touched: &$crate::store::rollups::Touched,
        ) -> Result<(), $crate::store::StoreError> {
            use $crate::store::rollups;
            refresh_invoice_facts(tx, org, &touched.invoices).await?;
            for day in &touched.revenue_days {
                sqlx::query(rollups::DELETE_REVENUE_DAY)
                    .bind(org.0)
                    .bind(*day)
                    .execute(&mut **tx)
                    .await?;
                sqlx::query(&rollups::INSERT_REVENUE_DAY)
                    .bind(org.0)
                    .bind(*day)
                    .execute(&mut **tx)
                    .await?;
            }
            for (first, last) in touched.revenue_months() {
                sqlx::query(rollups::DELETE_CUSTOMER_MONTH)
                    .bind(org.0)
                    .bind(first)
                    .execute(&mut **tx)
                    .await?;
                sqlx::query(&rollups::INSERT_CUSTOMER_MONTH)
                    .bind(org.0)
                    .bind(first)
                    .bind(last)
                    .execute(&mut **tx)
                    .await?;
            }
            for day in &touched.receivable_days {
                sqlx::query(rollups::DELETE_RECEIVABLES_DAY)
                    .bind(org.0)
                    .bind(*day)
                    .execute(&mut **tx)
                    .await?;
                sqlx::query(&rollups::INSERT_RECEIVABLES_DAY)
                    .bind(org.0)
                    .bind(*day)
                    .execute(&mut **tx)
                    .await?;
            }
            Ok(())
        }

        /// The local id and content hash of a stored record, by Billy id.
        async fn stored_version(
            tx: &mut Tx<'_>,
            table: &'static str,
            org: $crate::store::OrgId,
            billy_id: &str,
        ) -> Result<Option<(i64, Option<String>)>, $crate::store::StoreError> {
            Ok(sqlx::query_as(&format!(
                "SELECT id, content_hash FROM {table} WHERE org_id = $1 AND billy_id = $2"
            ))
            .bind(org.0)
            .bind(billy_id)
            .fetch_optional(&mut **tx)
            .await?)
        }

        /// Counts a written record as added (new) or changed (stored before).
        fn tally(outcome: &mut $crate::store::BatchOutcome, existed: bool) {
            if existed {
                outcome.changed += 1;
            } else {
                outcome.added += 1;
            }
        }

        async fn invoice_ref(
            tx: &mut Tx<'_>,
            org: $crate::store::OrgId,
            billy_id: &str,
            ids: &mut IdCache,
        ) -> Result<Option<(i64, chrono::NaiveDate)>, $crate::store::StoreError> {
            if let Some(found) = ids.invoices.get(billy_id) {
                return Ok(Some(*found));
            }
            let row: Option<(i64, chrono::NaiveDate)> = sqlx::query_as(
                "SELECT id, due_date FROM invoices WHERE org_id = $1 AND billy_id = $2",
            )
            .bind(org.0)
            .bind(billy_id)
            .fetch_optional(&mut **tx)
            .await?;
            if let Some(found) = row {
                ids.invoices.insert(billy_id.to_string(), found);
            }
            Ok(row)
        }

        async fn upsert_customer(
            tx: &mut Tx<'_>,
            org: $crate::store::OrgId,
            c: &$crate::store::CustomerRecord,
            hash: &str,
            now: chrono::DateTime<chrono::Utc>,
        ) -> Result<i64, $crate::store::StoreError> {
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO customers (org_id, billy_id, name, contact_type, country_code, city, \
                   contact_no, currency, registration_no, is_customer, is_supplier, \
                   payment_terms_days, is_archived, upstream_created_at, synced_at, \
                   content_hash, sort_name) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, \
                   $17) \
                 ON CONFLICT (org_id, billy_id) DO UPDATE SET name = excluded.name, \
                   contact_type = excluded.contact_type, country_code = excluded.country_code, \
                   city = excluded.city, contact_no = excluded.contact_no, \
                   currency = excluded.currency, registration_no = excluded.registration_no, \
                   is_customer = excluded.is_customer, is_supplier = excluded.is_supplier, \
                   payment_terms_days = excluded.payment_terms_days, \
                   is_archived = excluded.is_archived, \
                   upstream_created_at = excluded.upstream_created_at, \
                   synced_at = excluded.synced_at, content_hash = excluded.content_hash, \
                   sort_name = excluded.sort_name \
                 RETURNING id",
            )
            .bind(org.0)
            .bind(&c.billy_id)
            .bind(&c.name)
            .bind(&c.contact_type)
            .bind(&c.country_code)
            .bind(&c.city)
            .bind(&c.contact_no)
            .bind(&c.currency)
            .bind(&c.registration_no)
            .bind(c.is_customer)
            .bind(c.is_supplier)
            .bind(c.payment_terms_days)
            .bind(c.is_archived)
            .bind(c.created_at)
            .bind(now)
            .bind(hash)
            .bind($crate::store::folding::fold(&c.name))
            .fetch_one(&mut **tx)
            .await?;
            Ok(id)
        }

        async fn upsert_product(
            tx: &mut Tx<'_>,
            org: $crate::store::OrgId,
            p: &$crate::store::ProductRecord,
            hash: &str,
            now: chrono::DateTime<chrono::Utc>,
        ) -> Result<i64, $crate::store::StoreError> {
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO products (org_id, billy_id, name, description, product_no, \
                   is_archived, unit_price_minor, currency, synced_at, content_hash) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
                 ON CONFLICT (org_id, billy_id) DO UPDATE SET name = excluded.name, \
                   description = excluded.description, product_no = excluded.product_no, \
                   is_archived = excluded.is_archived, \
                   unit_price_minor = excluded.unit_price_minor, \
                   currency = excluded.currency, synced_at = excluded.synced_at, \
                   content_hash = excluded.content_hash \
                 RETURNING id",
            )
            .bind(org.0)
            .bind(&p.billy_id)
            .bind(&p.name)
            .bind(&p.description)
            .bind(&p.product_no)
            .bind(p.is_archived)
            .bind(p.unit_price_minor)
            .bind(&p.currency)
            .bind(now)
            .bind(hash)
            .fetch_one(&mut **tx)
            .await?;
            Ok(id)
        }

        async fn upsert_invoice(
            tx: &mut Tx<'_>,
            org: $crate::store::OrgId,
            inv: &$crate::store::InvoiceRecord,
            hash: &str,
            now: chrono::DateTime<chrono::Utc>,
            ids: &mut IdCache,
            touched: &mut $crate::store::rollups::Touched,
        ) -> Result<i64, $crate::store::StoreError> {
            // The stored version's dates and settlements: their rollup days change too.
            let old: Option<(i64, chrono::NaiveDate, chrono::NaiveDate)> = sqlx::query_as(
                "SELECT id, entry_date, due_date FROM invoices WHERE org_id = $1 AND billy_id = $2",
            )
            .bind(org.0)
            .bind(&inv.billy_id)
            .fetch_optional(&mut **tx)
            .await?;
            if let Some((old_id, old_entry, old_due)) = old {
                touched.invoice(old_entry, old_due);
                let paid_days: Vec<(chrono::NaiveDate,)> = sqlx::query_as(
                    "SELECT p.entry_date FROM payment_associations pa \
                     JOIN bank_payments p ON p.id = pa.payment_id \
                     WHERE pa.org_id = $1 AND pa.invoice_id = $2",
                )
                .bind(org.0)
                .bind(old_id)
                .fetch_all(&mut **tx)
                .await?;
                for (paid,) in paid_days {
                    touched.settlement(old_id, paid, old_due);
                    touched.settlement(old_id, paid, inv.due_date);
                }
            }
            touched.invoice(inv.entry_date, inv.due_date);

            let customer = cached_id(tx, "customers", org, &inv.customer_billy_id, &mut ids.customers)
                .await?
                .ok_or_else(|| $crate::store::StoreError::MissingReference {
                    kind: "customer",
                    billy_id: inv.customer_billy_id.clone(),
                })?;
            let credited = match &inv.credited_invoice_billy_id {
                Some(billy_id) => invoice_ref(tx, org, billy_id, ids).await?.map(|(id, _)| id),
                None => None,
            };
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO invoices (org_id, billy_id, customer_id, invoice_no, kind, state, \
                   sent_state, entry_date, due_date, currency, exchange_rate_micros, tax_mode, \
                   net_minor, tax_minor, gross_minor, balance_minor, is_paid, \
                   credited_invoice_id, line_description, upstream_created_at, approved_at, \
                   synced_at, content_hash) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, \
                   $17, $18, $19, $20, $21, $22, $23) \
                 ON CONFLICT (org_id, billy_id) DO UPDATE SET customer_id = excluded.customer_id, \
                   invoice_no = excluded.invoice_no, kind = excluded.kind, state = excluded.state, \
                   sent_state = excluded.sent_state, entry_date = excluded.entry_date, \
                   due_date = excluded.due_date, currency = excluded.currency, \
                   exchange_rate_micros = excluded.exchange_rate_micros, \
                   tax_mode = excluded.tax_mode, net_minor = excluded.net_minor, \
                   tax_minor = excluded.tax_minor, gross_minor = excluded.gross_minor, \
                   balance_minor = excluded.balance_minor, is_paid = excluded.is_paid, \
                   credited_invoice_id = excluded.credited_invoice_id, \
                   line_description = excluded.line_description, \
                   upstream_created_at = excluded.upstream_created_at, \
                   approved_at = excluded.approved_at, synced_at = excluded.synced_at, \
                   content_hash = excluded.content_hash \
                 RETURNING id",
            )
            .bind(org.0)
            .bind(&inv.billy_id)
            .bind(customer)
            .bind(&inv.invoice_no)
            .bind(inv.kind.as_str())
            .bind(inv.state.as_str())
            .bind(&inv.sent_state)
            .bind(inv.entry_date)
            .bind(inv.due_date)
            .bind(&inv.currency)
            .bind(inv.exchange_rate_micros)
            .bind(&inv.tax_mode)
            .bind(inv.net_minor)
            .bind(inv.tax_minor)
            .bind(inv.gross_minor)
            .bind(inv.balance_minor)
            .bind(inv.is_paid)
            .bind(credited)
            .bind(&inv.line_description)
            .bind(inv.created_at)
            .bind(inv.approved_at)
            .bind(now)
            .bind(hash)
            .fetch_one(&mut **tx)
            .await?;
            touched.invoices.insert(id);

            sqlx::query("DELETE FROM invoice_lines WHERE org_id = $1 AND invoice_id = $2")
                .bind(org.0)
                .bind(id)
                .execute(&mut **tx)
                .await?;
            if !inv.lines.is_empty() {
                let mut product_ids = Vec::with_capacity(inv.lines.len());
                for line in &inv.lines {
                    product_ids.push(match &line.product_billy_id {
                        Some(billy_id) => cached_id(tx, "products", org, billy_id, &mut ids.products).await?,
                        None => None,
                    });
                }
                let mut insert = sqlx::QueryBuilder::<$db>::new(
                    "INSERT INTO invoice_lines (org_id, invoice_id, billy_id, position, product_id, \
                       description, quantity_milli, unit_price_minor, net_minor, tax_minor) ",
                );
                insert.push_values(
                    inv.lines.iter().zip(product_ids).enumerate(),
                    |mut row, (position, (line, product))| {
                        row.push_bind(org.0)
                            .push_bind(id)
                            .push_bind(line.billy_id.clone())
                            .push_bind(i32::try_from(position).unwrap_or(i32::MAX))
                            .push_bind(product)
                            .push_bind(line.description.clone())
                            .push_bind(line.quantity_milli)
                            .push_bind(line.unit_price_minor)
                            .push_bind(line.net_minor)
                            .push_bind(line.tax_minor);
                    },
                );
                insert.build().execute(&mut **tx).await?;
            }
            Ok(id)
        }

        async fn upsert_bill(
            tx: &mut Tx<'_>,
            org: $crate::store::OrgId,
            b: &$crate::store::BillRecord,
            hash: &str,
            now: chrono::DateTime<chrono::Utc>,
            ids: &mut IdCache,
        ) -> Result<i64, $crate::store::StoreError> {
            let supplier = match &b.supplier_billy_id {
                Some(billy_id) => cached_id(tx, "customers", org, billy_id, &mut ids.customers).await?,
                None => None,
            };
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO bills (org_id, billy_id, supplier_id, supplier_name, entry_date, \
                   due_date, state, suppliers_invoice_no, voucher_no, net_minor, tax_minor, \
                   gross_minor, currency, exchange_rate_micros, balance_minor, is_paid, \
                   upstream_created_at, synced_at, content_hash) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, \
                   $17, $18, $19) \
                 ON CONFLICT (org_id, billy_id) DO UPDATE SET supplier_id = excluded.supplier_id, \
                   supplier_name = excluded.supplier_name, entry_date = excluded.entry_date, \
                   due_date = excluded.due_date, state = excluded.state, \
                   suppliers_invoice_no = excluded.suppliers_invoice_no, \
                   voucher_no = excluded.voucher_no, net_minor = excluded.net_minor, \
                   tax_minor = excluded.tax_minor, gross_minor = excluded.gross_minor, \
                   currency = excluded.currency, \
                   exchange_rate_micros = excluded.exchange_rate_micros, \
                   balance_minor = excluded.balance_minor, is_paid = excluded.is_paid, \
                   upstream_created_at = excluded.upstream_created_at, \
                   synced_at = excluded.synced_at, content_hash = excluded.content_hash \
                 RETURNING id",
            )
            .bind(org.0)
            .bind(&b.billy_id)
            .bind(supplier)
            .bind(&b.supplier_name)
            .bind(b.entry_date)
            .bind(b.due_date)
            .bind(b.state.as_str())
            .bind(&b.suppliers_invoice_no)
            .bind(&b.voucher_no)
            .bind(b.net_minor)
            .bind(b.tax_minor)
            .bind(b.gross_minor)
            .bind(&b.currency)
            .bind(b.exchange_rate_micros)
            .bind(b.balance_minor)
            .bind(b.is_paid)
            .bind(b.created_at)
            .bind(now)
            .bind(hash)
            .fetch_one(&mut **tx)
            .await?;
            Ok(id)
        }

        async fn upsert_payment(
            tx: &mut Tx<'_>,
            org: $crate::store::OrgId,
            p: &$crate::store::PaymentRecord,
            hash: &str,
            now: chrono::DateTime<chrono::Utc>,
            ids: &mut IdCache,
            touched: &mut $crate::store::rollups::Touched,
        ) -> Result<(), $crate::store::StoreError> {
            let old: Option<(i64, chrono::NaiveDate)> = sqlx::query_as(
                "SELECT id, entry_date FROM bank_payments WHERE org_id = $1 AND billy_id = $2",
            )
            .bind(org.0)
            .bind(&p.billy_id)
            .fetch_optional(&mut **tx)
            .await?;
            if let Some((old_id, old_entry)) = old {
                let dues: Vec<(i64, chrono::NaiveDate)> = sqlx::query_as(
                    "SELECT i.id, i.due_date FROM payment_associations pa \
                     JOIN invoices i ON i.id = pa.invoice_id \
                     WHERE pa.org_id = $1 AND pa.payment_id = $2",
                )
                .bind(org.0)
                .bind(old_id)
                .fetch_all(&mut **tx)
                .await?;
                for (invoice_id, due) in dues {
                    touched.settlement(invoice_id, old_entry, due);
                }
            }
            let customer = match &p.customer_billy_id {
                Some(billy_id) => cached_id(tx, "customers", org, billy_id, &mut ids.customers).await?,
                None => None,
            };
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO bank_payments (org_id, billy_id, customer_id, entry_date, \
                   cash_amount_minor, currency, cash_side, exchange_rate_micros, fee_minor, \
                   is_voided, upstream_created_at, synced_at, content_hash) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) \
                 ON CONFLICT (org_id, billy_id) DO UPDATE SET customer_id = excluded.customer_id, \
                   entry_date = excluded.entry_date, cash_amount_minor = excluded.cash_amount_minor, \
                   currency = excluded.currency, cash_side = excluded.cash_side, \
                   exchange_rate_micros = excluded.exchange_rate_micros, \
                   fee_minor = excluded.fee_minor, is_voided = excluded.is_voided, \
                   upstream_created_at = excluded.upstream_created_at, \
                   synced_at = excluded.synced_at, content_hash = excluded.content_hash \
                 RETURNING id",
            )
            .bind(org.0)
            .bind(&p.billy_id)
            .bind(customer)
            .bind(p.entry_date)
            .bind(p.cash_amount_minor)
            .bind(&p.currency)
            .bind(&p.cash_side)
            .bind(p.exchange_rate_micros)
            .bind(p.fee_minor)
            .bind(p.is_voided)
            .bind(p.created_at)
            .bind(now)
            .bind(hash)
            .fetch_one(&mut **tx)
            .await?;
            sqlx::query("DELETE FROM payment_associations WHERE org_id = $1 AND payment_id = $2")
                .bind(org.0)
                .bind(id)
                .execute(&mut **tx)
                .await?;
            for assoc in &p.associations {
                let (invoice_id, bill_id) = match &assoc.subject {
                    $crate::store::PaymentSubject::Invoice(billy_id) => {
                        let (invoice_id, due) = invoice_ref(tx, org, billy_id, ids)
                            .await?
                            .ok_or_else(|| $crate::store::StoreError::MissingReference {
                                kind: "invoice",
                                billy_id: billy_id.clone(),
                            })?;
                        touched.settlement(invoice_id, p.entry_date, due);
                        (Some(invoice_id), None)
                    }
                    $crate::store::PaymentSubject::Bill(billy_id) => {
                        let bill_id = cached_id(tx, "bills", org, billy_id, &mut ids.bills)
                            .await?
                            .ok_or_else(|| $crate::store::StoreError::MissingReference {
                            kind: "bill",
                            billy_id: billy_id.clone(),
                        })?;
                        (None, Some(bill_id))
                    }
                };
                sqlx::query(
                    "INSERT INTO payment_associations (org_id, payment_id, invoice_id, bill_id, \
                       amount_minor) VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(org.0)
                .bind(id)
                .bind(invoice_id)
                .bind(bill_id)
                .bind(assoc.amount_minor)
                .execute(&mut **tx)
                .await?;
            }
            Ok(())
        }
    };
}

pub(crate) use impl_sql_store;

/// Sums daily (day, revenue, invoice count) rows into one entry per month of `range`,
/// months without rows included as zeros.
pub(crate) fn bucket_by_month(
    range: crate::domain::DateRange,
    days: &[(chrono::NaiveDate, i64, i64)],
) -> Vec<super::MonthRevenue> {
    range
        .months()
        .into_iter()
        .map(|month| {
            let (revenue, count) = days
                .iter()
                .filter(|(day, _, _)| crate::domain::period::first_of_month(*day) == month)
                .fold((0, 0), |(r, c), (_, dr, dc)| (r + dr, c + dc));
            super::MonthRevenue {
                month,
                revenue_base_minor: revenue,
                invoice_count: count,
            }
        })
        .collect()
}
