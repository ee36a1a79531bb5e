//! [`ReportStore`](crate::store::ReportStore) in SQL: reads of the rollups.

use super::{begin_for_org, EngineStore};

#[async_trait::async_trait]
impl crate::store::ReportStore for EngineStore {
    async fn data_as_of(
        &self,
        org: crate::store::OrgId,
    ) -> Result<Option<chrono::DateTime<chrono::Utc>>, crate::store::StoreError> {
        let mut tx = begin_for_org(&self.pool, org).await?;
        let rows: Vec<(Option<chrono::DateTime<chrono::Utc>>,)> =
            sqlx::query_as("SELECT last_success_at FROM sync_state WHERE org_id = $1")
                .bind(org.0)
                .fetch_all(&mut *tx)
                .await?;
        Ok(crate::store::oldest_success(
            rows.into_iter().map(|(at,)| at),
        ))
    }

    async fn period_totals(
        &self,
        org: crate::store::OrgId,
        range: crate::domain::DateRange,
    ) -> Result<crate::store::PeriodTotals, crate::store::StoreError> {
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
        // Active customers are counted by day: whole months from the monthly rollup,
        // the loose days at either end from the invoices themselves (a running month
        // must not count customers of days still to come, nor a month's other days).
        let split = range.split_at_months();
        // A range that holds no day (its start after its end, both in the window).
        let empty = crate::domain::DateRange::new(
            crate::domain::calendar::LATEST_DAY,
            crate::domain::calendar::EARLIEST_DAY,
        );
        let months = split.whole_months.unwrap_or(empty);
        let before = split.before.unwrap_or(empty);
        let after = split.after.unwrap_or(empty);
        let (active,): (i64,) = sqlx::query_as(
            "SELECT COUNT(customer_id) FROM ( \
               SELECT customer_id FROM customer_revenue_monthly \
               WHERE org_id = $1 AND month >= $2 AND month <= $3 AND invoice_count > 0 \
               UNION \
               SELECT customer_id FROM invoices \
               WHERE org_id = $1 AND state = 'approved' AND kind = 'invoice' \
                 AND ((entry_date >= $4 AND entry_date <= $5) \
                   OR (entry_date >= $6 AND entry_date <= $7)) \
             ) AS active",
        )
        .bind(org.0)
        .bind(months.start)
        .bind(months.end)
        .bind(before.start)
        .bind(before.end)
        .bind(after.start)
        .bind(after.end)
        .fetch_one(&mut *tx)
        .await?;
        Ok(crate::store::PeriodTotals {
            revenue_base_minor: revenue,
            invoice_count: invoices,
            credit_note_count: credit_notes,
            active_customers: active,
        })
    }

    async fn revenue_days(
        &self,
        org: crate::store::OrgId,
        range: crate::domain::DateRange,
    ) -> Result<Vec<crate::domain::revenue::RevenueDay>, crate::store::StoreError> {
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
            .map(
                |(
                    day,
                    currency,
                    invoice_count,
                    credit_note_count,
                    net_minor,
                    gross_minor,
                    net_base_minor,
                    gross_base_minor,
                )| {
                    crate::domain::revenue::RevenueDay {
                        day,
                        currency,
                        invoice_count,
                        credit_note_count,
                        net_minor,
                        gross_minor,
                        net_base_minor,
                        gross_base_minor,
                    }
                },
            )
            .collect())
    }

    async fn revenue_by_month(
        &self,
        org: crate::store::OrgId,
        range: crate::domain::DateRange,
    ) -> Result<Vec<crate::store::MonthRevenue>, crate::store::StoreError> {
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
        Ok(crate::store::reports::bucket_by_month(range, &days))
    }

    async fn receivables_at(
        &self,
        org: crate::store::OrgId,
        day: chrono::NaiveDate,
    ) -> Result<crate::store::Receivables, crate::store::StoreError> {
        let mut tx = begin_for_org(&self.pool, org).await?;
        let (outstanding, overdue): (i64, i64) =
            sqlx::query_as(crate::store::rollups::SELECT_RECEIVABLES_AT)
                .bind(org.0)
                .bind(day)
                .fetch_one(&mut *tx)
                .await?;
        Ok(crate::store::Receivables {
            outstanding_base_minor: outstanding,
            overdue_base_minor: overdue,
        })
    }

    async fn row_counts(
        &self,
        org: crate::store::OrgId,
    ) -> Result<crate::store::RowCounts, crate::store::StoreError> {
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
        Ok(crate::store::RowCounts {
            customers,
            products,
            invoices,
            invoice_lines,
            payments,
            bills,
        })
    }
}
