//! [`AuditStore`](crate::store::AuditStore) in SQL.

use super::{EngineStore, DIALECT};

#[async_trait::async_trait]
impl crate::store::AuditStore for EngineStore {
    async fn append_audit(
        &self,
        entry: &crate::store::NewAuditEntry,
    ) -> Result<i64, crate::store::StoreError> {
        let (id,): (i64,) = sqlx::query_as(&format!(
            "INSERT INTO audit_log (org_id, actor_user_id, action, target, detail, ip, \
               user_agent, created_at) \
             VALUES ($1, $2, $3, $4, $5{json}, $6, $7, $8) RETURNING id",
            json = DIALECT.json_param_cast
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

    async fn audit_rows(
        &self,
        org: Option<crate::store::OrgId>,
        limit: i64,
    ) -> Result<Vec<crate::domain::audit::AuditRow>, crate::store::StoreError> {
        type Row = (
            i64,
            chrono::DateTime<chrono::Utc>,
            Option<String>,
            String,
            Option<String>,
            String,
            Option<String>,
            Option<String>,
        );
        let columns = "SELECT a.id, a.created_at, u.email, a.action, a.target, \
            CAST(a.detail AS TEXT), a.ip, o.name FROM audit_log a \
            LEFT JOIN users u ON u.id = a.actor_user_id \
            LEFT JOIN organizations o ON o.id = a.org_id";
        let rows: Vec<Row> = match org {
            Some(org) => {
                sqlx::query_as(&format!(
                    "{columns} WHERE a.org_id = $1 ORDER BY a.created_at DESC, a.id DESC LIMIT $2"
                ))
                .bind(org.0)
                .bind(limit)
                .fetch_all(&self.pool)
                .await?
            }
            None => {
                sqlx::query_as(&format!(
                    "{columns} ORDER BY a.created_at DESC, a.id DESC LIMIT $1"
                ))
                .bind(limit)
                .fetch_all(&self.pool)
                .await?
            }
        };
        Ok(rows
            .into_iter()
            .map(|(id, at, actor, action, target, detail, ip, org_name)| {
                crate::domain::audit::AuditRow {
                    id,
                    at,
                    actor,
                    action,
                    target,
                    detail,
                    ip,
                    org_name,
                }
            })
            .collect())
    }
}
