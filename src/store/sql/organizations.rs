//! [`OrganizationStore`](crate::store::OrganizationStore) in SQL.

use super::{begin_for_all_orgs, EngineStore, Tx, DIALECT};

#[async_trait::async_trait]
impl crate::store::OrganizationStore for EngineStore {
    fn engine(&self) -> crate::store::Engine {
        DIALECT.engine
    }

    async fn ping(&self) -> Result<(), crate::store::StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    async fn create_organization(
        &self,
        org: &crate::store::NewOrganization,
    ) -> Result<crate::store::Organization, crate::store::StoreError> {
        let mut tx = self.pool.begin().await?;
        let created = insert_organization(&mut tx, org).await?;
        tx.commit().await?;
        Ok(created)
    }

    async fn organization(
        &self,
        org: crate::store::OrgId,
    ) -> Result<Option<crate::store::Organization>, crate::store::StoreError> {
        let row: Option<OrgRow> = sqlx::query_as(&format!("{ORG_COLUMNS} WHERE id = $1"))
            .bind(org.0)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(org_from_row))
    }

    async fn organization_by_slug(
        &self,
        slug: &str,
    ) -> Result<Option<crate::store::Organization>, crate::store::StoreError> {
        let row: Option<OrgRow> = sqlx::query_as(&format!("{ORG_COLUMNS} WHERE slug = $1"))
            .bind(slug)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(org_from_row))
    }

    async fn list_organizations(
        &self,
    ) -> Result<Vec<crate::store::Organization>, crate::store::StoreError> {
        let rows: Vec<OrgRow> = sqlx::query_as(&format!("{ORG_COLUMNS} ORDER BY id"))
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.into_iter().map(org_from_row).collect())
    }

    async fn set_demo_spec(
        &self,
        org: crate::store::OrgId,
        spec: &str,
    ) -> Result<(), crate::store::StoreError> {
        sqlx::query("UPDATE organizations SET demo_spec = $2 WHERE id = $1")
            .bind(org.0)
            .bind(spec)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn demo_spec(
        &self,
        org: crate::store::OrgId,
    ) -> Result<Option<String>, crate::store::StoreError> {
        let row: Option<(Option<String>,)> =
            sqlx::query_as("SELECT demo_spec FROM organizations WHERE id = $1")
                .bind(org.0)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.and_then(|(spec,)| spec))
    }

    async fn admin_organizations(
        &self,
    ) -> Result<Vec<crate::domain::audit::AdminOrgRow>, crate::store::StoreError> {
        type Row = (
            i64,
            String,
            String,
            Option<String>,
            Option<String>,
            i64,
            i64,
            bool,
            chrono::DateTime<chrono::Utc>,
        );
        let mut tx = begin_for_all_orgs(&self.pool).await?;
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT o.id, o.name, o.slug, p.name, s.status, \
               (SELECT COUNT(*) FROM memberships m WHERE m.org_id = o.id), \
               (SELECT COUNT(*) FROM invoices i WHERE i.org_id = o.id), \
               o.is_demo, o.created_at \
             FROM organizations o \
             LEFT JOIN org_subscriptions s ON s.org_id = o.id \
             LEFT JOIN plans p ON p.id = s.plan_id \
             ORDER BY o.id",
        )
        .fetch_all(&mut *tx)
        .await?;
        Ok(rows
            .into_iter()
            .map(
                |(id, name, slug, plan, status, members, invoices, is_demo, created_at)| {
                    crate::domain::audit::AdminOrgRow {
                        id,
                        name,
                        slug,
                        plan_name: plan.unwrap_or_else(|| "none".to_string()),
                        status: status.unwrap_or_else(|| "none".to_string()),
                        members,
                        invoices,
                        is_demo,
                        created_at,
                    }
                },
            )
            .collect())
    }
}

pub(super) const ORG_COLUMNS: &str = "SELECT id, slug, name, base_currency, timezone, \
    fiscal_year_end_month, is_demo FROM organizations";

pub(super) type OrgRow = (i64, String, String, String, String, i32, bool);

pub(super) fn org_from_row(row: OrgRow) -> crate::store::Organization {
    let (id, slug, name, base_currency, timezone, fiscal_year_end_month, is_demo) = row;
    crate::store::Organization {
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
pub(super) async fn insert_organization(
    tx: &mut Tx<'_>,
    org: &crate::store::NewOrganization,
) -> Result<crate::store::Organization, crate::store::StoreError> {
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
    Ok(crate::store::Organization {
        id,
        slug: org.slug.clone(),
        name: org.name.clone(),
        base_currency: org.base_currency.clone(),
        timezone: org.timezone.clone(),
        fiscal_year_end_month: org.fiscal_year_end_month,
        is_demo: org.is_demo,
    })
}
