//! [`CustomerStore`](crate::store::CustomerStore) in SQL: reads of the customer rollup
//! and the invoice facts.

use super::{begin_for_org, Db, EngineStore};

#[async_trait::async_trait]
impl crate::store::CustomerStore for EngineStore {
    async fn customer_revenue(
        &self,
        org: crate::store::OrgId,
        range: crate::domain::DateRange,
    ) -> Result<Vec<crate::domain::customers::CustomerRevenue>, crate::store::StoreError> {
        let mut tx = begin_for_org(&self.pool, org).await?;
        let rows: Vec<(i64, String, i64, i64)> = sqlx::query_as(
            "SELECT m.customer_id, c.name, CAST(SUM(m.invoice_count) AS BIGINT), \
               CAST(SUM(m.net_base_minor) AS BIGINT) \
             FROM customer_revenue_monthly m \
             JOIN customers c ON c.org_id = m.org_id AND c.id = m.customer_id \
             WHERE m.org_id = $1 AND m.month >= $2 AND m.month <= $3 \
             GROUP BY m.customer_id, c.name",
        )
        .bind(org.0)
        .bind(crate::domain::period::first_of_month(range.start))
        .bind(range.end)
        .fetch_all(&mut *tx)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(customer_id, name, invoice_count, net_base_minor)| {
                crate::domain::customers::CustomerRevenue {
                    customer_id,
                    name,
                    invoice_count,
                    net_base_minor,
                }
            })
            .collect())
    }

    async fn customer_months(
        &self,
        org: crate::store::OrgId,
        range: crate::domain::DateRange,
        customer: Option<i64>,
    ) -> Result<Vec<crate::domain::customers::MonthRow>, crate::store::StoreError> {
        let mut tx = begin_for_org(&self.pool, org).await?;
        let mut sql = sqlx::QueryBuilder::<Db>::new(
            "SELECT month, customer_id, CAST(invoice_count AS BIGINT), net_base_minor \
             FROM customer_revenue_monthly WHERE org_id = ",
        );
        sql.push_bind(org.0);
        sql.push(" AND month >= ");
        sql.push_bind(crate::domain::period::first_of_month(range.start));
        sql.push(" AND month <= ");
        sql.push_bind(range.end);
        if let Some(customer) = customer {
            sql.push(" AND customer_id = ");
            sql.push_bind(customer);
        }
        sql.push(" ORDER BY month, customer_id");
        Ok(sql.build_query_as().fetch_all(&mut *tx).await?)
    }

    async fn customer_first_months(
        &self,
        org: crate::store::OrgId,
    ) -> Result<Vec<(i64, chrono::NaiveDate)>, crate::store::StoreError> {
        let mut tx = begin_for_org(&self.pool, org).await?;
        Ok(sqlx::query_as(
            "SELECT customer_id, MIN(month) FROM customer_revenue_monthly \
             WHERE org_id = $1 AND invoice_count > 0 GROUP BY customer_id",
        )
        .bind(org.0)
        .fetch_all(&mut *tx)
        .await?)
    }

    async fn settlement_sums(
        &self,
        org: crate::store::OrgId,
        range: crate::domain::DateRange,
        customer: Option<i64>,
    ) -> Result<Vec<crate::domain::customers::SettlementSums>, crate::store::StoreError> {
        // Served by invoices (org_id, settled_on, entry_date).
        let mut tx = begin_for_org(&self.pool, org).await?;
        let mut sql = sqlx::QueryBuilder::<Db>::new(
            "SELECT i.customer_id, c.name, COUNT(*), \
               CAST(COALESCE(SUM(i.days_to_settle), 0) AS BIGINT), \
               CAST(COALESCE(SUM(i.days_late), 0) AS BIGINT) \
             FROM invoices i \
             JOIN customers c ON c.org_id = i.org_id AND c.id = i.customer_id \
             WHERE i.org_id = ",
        );
        sql.push_bind(org.0);
        sql.push(" AND i.settled_on >= ");
        sql.push_bind(range.start);
        sql.push(" AND i.settled_on <= ");
        sql.push_bind(range.end);
        if let Some(customer) = customer {
            sql.push(" AND i.customer_id = ");
            sql.push_bind(customer);
        }
        sql.push(" GROUP BY i.customer_id, c.name");
        let rows: Vec<(i64, String, i64, i64, i64)> =
            sql.build_query_as().fetch_all(&mut *tx).await?;
        Ok(rows
            .into_iter()
            .map(|(customer_id, name, settled, days_to_pay, days_late)| {
                crate::domain::customers::SettlementSums {
                    customer_id,
                    name,
                    settled,
                    days_to_pay,
                    days_late,
                }
            })
            .collect())
    }

    async fn settlement_days_late(
        &self,
        org: crate::store::OrgId,
        range: crate::domain::DateRange,
        customer: i64,
    ) -> Result<Vec<i64>, crate::store::StoreError> {
        let mut tx = begin_for_org(&self.pool, org).await?;
        let rows: Vec<(i64,)> = sqlx::query_as(
            "SELECT CAST(days_late AS BIGINT) FROM invoices \
             WHERE org_id = $1 AND customer_id = $2 AND settled_on >= $3 AND settled_on <= $4 \
               AND days_late IS NOT NULL",
        )
        .bind(org.0)
        .bind(customer)
        .bind(range.start)
        .bind(range.end)
        .fetch_all(&mut *tx)
        .await?;
        Ok(rows.into_iter().map(|(days,)| days).collect())
    }

    async fn customer_name(
        &self,
        org: crate::store::OrgId,
        customer: i64,
    ) -> Result<Option<String>, crate::store::StoreError> {
        let mut tx = begin_for_org(&self.pool, org).await?;
        let row: Option<(String,)> =
            sqlx::query_as("SELECT name FROM customers WHERE org_id = $1 AND id = $2")
                .bind(org.0)
                .bind(customer)
                .fetch_optional(&mut *tx)
                .await?;
        Ok(row.map(|(name,)| name))
    }
}
