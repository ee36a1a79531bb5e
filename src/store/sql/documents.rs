//! [`DocumentStore`](crate::store::DocumentStore) in SQL: the invoice, bill and payment
//! tables, their totals, filter choices, detail and exports, and the invoice facts.

use chrono::NaiveDate;

use super::{begin_for_org, begin_write_for_org, Db, EngineStore, Tx};
use crate::domain::invoices::{InvoiceQuery, InvoiceRow, InvoiceTotals, TableKind};
use crate::store::documents::{doc_sql, ExportItem};
use crate::store::{OrgId, StoreError};

#[async_trait::async_trait]
impl crate::store::DocumentStore for EngineStore {
    async fn document_totals(
        &self,
        org: OrgId,
        table: TableKind,
        query: &InvoiceQuery,
        today: NaiveDate,
    ) -> Result<InvoiceTotals, StoreError> {
        doc_totals(&self.pool, doc_sql(table), org, query, today).await
    }

    async fn document_rows(
        &self,
        org: OrgId,
        table: TableKind,
        query: &InvoiceQuery,
        today: NaiveDate,
        offset: u64,
        limit: u32,
    ) -> Result<Vec<InvoiceRow>, StoreError> {
        doc_rows(&self.pool, doc_sql(table), org, query, today, offset, limit).await
    }

    async fn document_filter_choices(
        &self,
        org: OrgId,
        table: TableKind,
    ) -> Result<(Vec<(i64, String)>, Vec<String>), StoreError> {
        let sql = doc_sql(table);
        let mut tx = begin_for_org(&self.pool, org).await?;
        let parties: Vec<(i64, String)> = sqlx::query_as(sql.party_choices)
            .bind(org.0)
            .fetch_all(&mut *tx)
            .await?;
        let currencies: Vec<(String,)> = sqlx::query_as(sql.currency_choices)
            .bind(org.0)
            .fetch_all(&mut *tx)
            .await?;
        Ok((parties, currencies.into_iter().map(|(c,)| c).collect()))
    }

    async fn payment_totals(
        &self,
        org: crate::store::OrgId,
        query: &crate::domain::payments::PaymentQuery,
    ) -> Result<crate::domain::payments::PaymentTotals, crate::store::StoreError> {
        let base = crate::store::rollups::to_base("p.cash_amount_minor", "p.exchange_rate_micros");
        let mut sql = sqlx::QueryBuilder::<Db>::new(format!(
            "SELECT COUNT(*), \
               COALESCE(CAST(SUM(CASE WHEN NOT p.is_voided AND p.cash_side = 'debit' \
                 THEN {base} ELSE 0 END) AS BIGINT), 0), \
               COALESCE(CAST(SUM(CASE WHEN NOT p.is_voided AND p.cash_side = 'credit' \
                 THEN {base} ELSE 0 END) AS BIGINT), 0), \
               COALESCE(CAST(SUM(CASE WHEN p.is_voided THEN 1 ELSE 0 END) AS BIGINT), 0)"
        ));
        push_payment_filter(&mut sql, org, query);
        let mut tx = begin_for_org(&self.pool, org).await?;
        let (count, in_base_minor, out_base_minor, voided): (i64, i64, i64, i64) =
            sql.build_query_as().fetch_one(&mut *tx).await?;
        Ok(crate::domain::payments::PaymentTotals {
            count,
            in_base_minor,
            out_base_minor,
            voided,
        })
    }

    async fn payment_rows(
        &self,
        org: crate::store::OrgId,
        query: &crate::domain::payments::PaymentQuery,
        offset: u64,
        limit: u32,
    ) -> Result<Vec<crate::domain::payments::PaymentRow>, crate::store::StoreError> {
        let mut sql = payment_select(org, query);
        sql.push(" LIMIT ");
        sql.push_bind(i64::from(limit));
        sql.push(" OFFSET ");
        sql.push_bind(i64::try_from(offset).unwrap_or(i64::MAX));
        let mut tx = begin_for_org(&self.pool, org).await?;
        let records: Vec<crate::store::documents::PaymentRowRecord> =
            sql.build_query_as().fetch_all(&mut *tx).await?;
        records.into_iter().map(|r| r.into_row()).collect()
    }

    async fn invoice_detail(
        &self,
        org: crate::store::OrgId,
        id: i64,
    ) -> Result<Option<crate::domain::invoices::InvoiceDetail>, crate::store::StoreError> {
        use crate::domain::invoices::{InvoiceDetail, InvoiceLine, InvoicePayment};
        let mut tx = begin_for_org(&self.pool, org).await?;
        // The table row and the invoice page's extra columns in one read.
        let record: Option<crate::store::documents::InvoiceDetailRecord> =
            sqlx::query_as(&format!(
                "{}, i.net_minor, i.tax_minor, i.exchange_rate_micros, \
                   i.credited_invoice_id{}$1 AND i.id = $2",
                doc_sql(TableKind::Invoices).columns,
                doc_sql(TableKind::Invoices).from
            ))
            .bind(org.0)
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
        let Some(crate::store::documents::InvoiceDetailRecord {
            row: record,
            net_minor,
            tax_minor,
            exchange_rate_micros,
            credited_invoice_id: credited,
        }) = record
        else {
            return Ok(None);
        };
        let lines: Vec<(String, i64, i64, i64, i64)> = sqlx::query_as(
            "SELECT description, quantity_milli, unit_price_minor, net_minor, tax_minor \
             FROM invoice_lines WHERE org_id = $1 AND invoice_id = $2 ORDER BY position",
        )
        .bind(org.0)
        .bind(id)
        .fetch_all(&mut *tx)
        .await?;
        let payments: Vec<(chrono::NaiveDate, i64, bool)> = sqlx::query_as(
            "SELECT p.entry_date, pa.amount_minor, p.is_voided FROM payment_associations pa \
             JOIN bank_payments p ON p.id = pa.payment_id \
             WHERE pa.org_id = $1 AND pa.invoice_id = $2 ORDER BY p.entry_date, p.id",
        )
        .bind(org.0)
        .bind(id)
        .fetch_all(&mut *tx)
        .await?;
        let credits: Option<(i64, String)> = match credited {
            Some(credited) => {
                sqlx::query_as("SELECT id, invoice_no FROM invoices WHERE org_id = $1 AND id = $2")
                    .bind(org.0)
                    .bind(credited)
                    .fetch_optional(&mut *tx)
                    .await?
            }
            None => None,
        };
        Ok(Some(InvoiceDetail {
            row: record.into_row()?,
            net_minor,
            tax_minor,
            exchange_rate_micros,
            lines: lines
                .into_iter()
                .map(
                    |(description, quantity_milli, unit_price_minor, net_minor, tax_minor)| {
                        InvoiceLine {
                            description,
                            quantity_milli,
                            unit_price_minor,
                            net_minor,
                            tax_minor,
                        }
                    },
                )
                .collect(),
            payments: payments
                .into_iter()
                .map(|(entry_date, amount_minor, is_voided)| InvoicePayment {
                    entry_date,
                    amount_minor,
                    is_voided,
                })
                .collect(),
            credits,
        }))
    }

    async fn export_documents(
        &self,
        org: OrgId,
        table: TableKind,
        query: &InvoiceQuery,
        today: NaiveDate,
        sink: futures::channel::mpsc::Sender<ExportItem>,
    ) -> Result<u64, StoreError> {
        doc_export(&self.pool, doc_sql(table), org, query, today, sink).await
    }

    async fn export_payments(
        &self,
        org: crate::store::OrgId,
        query: &crate::domain::payments::PaymentQuery,
        mut sink: futures::channel::mpsc::Sender<
            crate::store::documents::ExportItem<crate::domain::payments::PaymentRow>,
        >,
    ) -> Result<u64, crate::store::StoreError> {
        use crate::store::documents::{send_in_batches, PaymentRowRecord};
        let mut tx = match begin_for_org(&self.pool, org).await {
            Ok(tx) => tx,
            Err(err) => return crate::store::documents::export_failed(&mut sink, err).await,
        };
        let mut sql = payment_select(org, query);
        let rows = sql.build_query_as::<PaymentRowRecord>().fetch(&mut *tx);
        send_in_batches(rows, PaymentRowRecord::into_row, &mut sink).await
    }

    async fn open_invoices_at(
        &self,
        org: crate::store::OrgId,
        as_of: chrono::NaiveDate,
    ) -> Result<Vec<crate::domain::receivables::OpenInvoice>, crate::store::StoreError> {
        // Served by invoices (org_id, settled_on, entry_date): invoices settled
        // after the day or not at all, entered by then.
        let mut tx = begin_for_org(&self.pool, org).await?;
        type OpenRow = (
            i64,
            String,
            i64,
            String,
            chrono::NaiveDate,
            chrono::NaiveDate,
            String,
            i64,
            i64,
            i64,
        );
        let rows: Vec<OpenRow> = sqlx::query_as(
            "SELECT i.id, i.invoice_no, i.customer_id, c.name, i.entry_date, i.due_date, \
               i.currency, i.gross_minor, i.exchange_rate_micros, \
               COALESCE(CAST((SELECT SUM(pa.amount_minor) FROM payment_associations pa \
                 JOIN bank_payments p ON p.id = pa.payment_id \
                 WHERE pa.org_id = i.org_id AND pa.invoice_id = i.id \
                   AND NOT p.is_voided AND p.entry_date <= $2) AS BIGINT), 0) \
             FROM invoices i \
             JOIN customers c ON c.org_id = i.org_id AND c.id = i.customer_id \
             WHERE i.org_id = $1 AND (i.settled_on IS NULL OR i.settled_on > $2) \
               AND i.entry_date <= $2 AND i.state = 'approved' AND i.kind = 'invoice'",
        )
        .bind(org.0)
        .bind(as_of)
        .fetch_all(&mut *tx)
        .await?;
        Ok(rows
            .into_iter()
            .filter_map(
                |(
                    id,
                    invoice_no,
                    customer_id,
                    customer_name,
                    entry_date,
                    due_date,
                    currency,
                    gross,
                    rate,
                    paid,
                )| {
                    let open_minor = gross - paid;
                    (open_minor > 0).then(|| crate::domain::receivables::OpenInvoice {
                        id,
                        invoice_no,
                        customer_id,
                        customer_name,
                        entry_date,
                        due_date,
                        currency,
                        open_minor,
                        open_base_minor: crate::domain::money::to_base_minor(open_minor, rate),
                    })
                },
            )
            .collect())
    }

    async fn backfill_invoice_facts(&self) -> Result<u64, crate::store::StoreError> {
        let orgs = crate::store::OrganizationStore::list_organizations(self).await?;
        let mut filled = 0u64;
        for org in orgs {
            let org = crate::store::OrgId(org.id);
            loop {
                let mut tx = begin_write_for_org(&self.pool, org).await?;
                let ids: Vec<(i64,)> = sqlx::query_as(
                    // NULL facts: stored before migration 0005 (search_text) or
                    // settled before 0006 (days_late).
                    "SELECT id FROM invoices WHERE org_id = $1 AND (search_text IS NULL \
                       OR (settled_on IS NOT NULL AND days_late IS NULL)) \
                     ORDER BY id LIMIT 500",
                )
                .bind(org.0)
                .fetch_all(&mut *tx)
                .await?;
                if ids.is_empty() {
                    break;
                }
                let ids: std::collections::BTreeSet<i64> =
                    ids.into_iter().map(|(id,)| id).collect();
                filled += ids.len() as u64;
                refresh_invoice_facts(&mut tx, org, &ids).await?;
                tx.commit().await?;
            }
            let mut tx = begin_write_for_org(&self.pool, org).await?;
            let names: Vec<(i64, String)> = sqlx::query_as(
                "SELECT id, name FROM customers WHERE org_id = $1 AND sort_name IS NULL",
            )
            .bind(org.0)
            .fetch_all(&mut *tx)
            .await?;
            for (id, name) in names {
                sqlx::query("UPDATE customers SET sort_name = $3 WHERE org_id = $1 AND id = $2")
                    .bind(org.0)
                    .bind(id)
                    .bind(crate::store::folding::fold(&name))
                    .execute(&mut *tx)
                    .await?;
                filled += 1;
            }
            tx.commit().await?;
        }
        Ok(filled)
    }
}

/// Recomputes the stored facts of each invoice in `ids` (see migration 0005)
/// from its own row, its lines and its non-voided payments. Ids no longer stored
/// (deleted in the same write) are skipped.
pub(super) async fn refresh_invoice_facts(
    tx: &mut Tx<'_>,
    org: crate::store::OrgId,
    ids: &std::collections::BTreeSet<i64>,
) -> Result<(), crate::store::StoreError> {
    for id in ids {
        type FactsRow = (
            String,
            String,
            i64,
            i64,
            chrono::NaiveDate,
            chrono::NaiveDate,
            String,
            Option<String>,
        );
        let row: Option<FactsRow> = sqlx::query_as(
            "SELECT kind, state, gross_minor, exchange_rate_micros, entry_date, \
                   due_date, invoice_no, line_description FROM invoices \
                 WHERE org_id = $1 AND id = $2",
        )
        .bind(org.0)
        .bind(*id)
        .fetch_optional(&mut **tx)
        .await?;
        let Some((
            kind,
            state,
            gross_minor,
            rate,
            entry_date,
            due_date,
            invoice_no,
            line_description,
        )) = row
        else {
            continue;
        };
        let (kind, state) = crate::store::documents::kind_and_state(&kind, &state)?;
        let lines: Vec<(String,)> = sqlx::query_as(
            "SELECT description FROM invoice_lines WHERE org_id = $1 AND invoice_id = $2 \
             ORDER BY position",
        )
        .bind(org.0)
        .bind(*id)
        .fetch_all(&mut **tx)
        .await?;
        let payments: Vec<(chrono::NaiveDate, i64)> = sqlx::query_as(
            "SELECT p.entry_date, pa.amount_minor FROM payment_associations pa \
             JOIN bank_payments p ON p.id = pa.payment_id \
             WHERE pa.org_id = $1 AND pa.invoice_id = $2 AND NOT p.is_voided",
        )
        .bind(org.0)
        .bind(*id)
        .fetch_all(&mut **tx)
        .await?;
        let facts = crate::domain::invoices::InvoiceFacts::compute(
            kind,
            state,
            gross_minor,
            rate,
            entry_date,
            due_date,
            &payments,
        );
        let search_text = crate::store::folding::invoice_search_text(
            std::iter::once(invoice_no.as_str())
                .chain(line_description.as_deref())
                .chain(lines.iter().map(|(text,)| text.as_str())),
        );
        sqlx::query(
            "UPDATE invoices SET gross_base_minor = $3, search_text = $4, settled_on = $5, \
               days_to_settle = $6, days_late = $7 WHERE org_id = $1 AND id = $2",
        )
        .bind(org.0)
        .bind(*id)
        .bind(facts.gross_base_minor)
        .bind(search_text)
        .bind(facts.settled_on)
        .bind(facts.days_to_settle)
        .bind(facts.days_late)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Appends `FROM … WHERE` with the query's filters (the org first, always), for
/// the document table `doc` describes.
pub(super) fn push_doc_filter(
    sql: &mut sqlx::QueryBuilder<'_, Db>,
    doc: &crate::store::documents::DocSql,
    org: crate::store::OrgId,
    query: &crate::domain::invoices::InvoiceQuery,
    today: chrono::NaiveDate,
) {
    use crate::domain::invoices::PayFilter;
    let t = doc.alias;
    sql.push(doc.from);
    sql.push_bind(org.0);
    if let Some(search) = &query.search {
        let pattern = crate::store::folding::contains_pattern(search);
        sql.push(format!(" AND ({} LIKE ", doc.party_key));
        sql.push_bind(pattern.clone());
        sql.push(" ESCAPE '\\'");
        match doc.search_text {
            Some(column) => {
                sql.push(format!(" OR {column} LIKE "));
                sql.push_bind(pattern);
                sql.push(" ESCAPE '\\'");
            }
            // No folded text kept: the number as typed.
            None => {
                sql.push(format!(" OR {} = ", doc.number));
                sql.push_bind(search.trim().to_string());
            }
        }
        sql.push(")");
    }
    match query.pay {
        Some(PayFilter::Paid) => {
            sql.push(format!(" AND {t}.state = 'approved' AND {t}.is_paid"));
        }
        Some(PayFilter::Unpaid) => {
            sql.push(format!(" AND {t}.state = 'approved' AND NOT {t}.is_paid"));
        }
        Some(PayFilter::Overdue) => {
            sql.push(format!(
                " AND {t}.state = 'approved' AND NOT {t}.is_paid AND {t}.due_date < "
            ));
            sql.push_bind(today);
        }
        None => {}
    }
    if let Some(state) = query.state {
        sql.push(format!(" AND {t}.state = "));
        sql.push_bind(state.key());
    }
    if let (Some(kind), Some(column)) = (query.kind, doc.kind) {
        sql.push(format!(" AND {column} = "));
        sql.push_bind(kind.key());
    }
    if let Some(customer) = query.customer {
        sql.push(format!(" AND {} = ", doc.party_id));
        sql.push_bind(customer);
    }
    if let Some(currency) = &query.currency {
        sql.push(format!(" AND {t}.currency = "));
        sql.push_bind(currency.clone());
    }
    if let Some(from) = query.from {
        sql.push(format!(" AND {t}.entry_date >= "));
        sql.push_bind(from);
    }
    if let Some(to) = query.to {
        sql.push(format!(" AND {t}.entry_date <= "));
        sql.push_bind(to);
    }
    if let Some(min) = query.min_minor {
        sql.push(format!(" AND {} >= ", doc.gross_base));
        sql.push_bind(min);
    }
    if let Some(max) = query.max_minor {
        sql.push(format!(" AND {} <= ", doc.gross_base));
        sql.push_bind(max);
    }
}

/// Appends the query's `ORDER BY`, from a fixed list; ties go by id, so pages
/// never overlap or skip a row.
pub(super) fn push_doc_order(
    sql: &mut sqlx::QueryBuilder<'_, Db>,
    doc: &crate::store::documents::DocSql,
    query: &crate::domain::invoices::InvoiceQuery,
    today: chrono::NaiveDate,
) {
    use crate::domain::invoices::SortKey;
    use crate::domain::query::Direction;
    let t = doc.alias;
    let dir = match query.dir {
        Direction::Asc => "ASC",
        Direction::Desc => "DESC",
    };
    match query.sort {
        // Shorter numbers first: "999" before "1042", as people count.
        SortKey::Number => {
            sql.push(format!(
                " ORDER BY length({n}) {dir}, {n} {dir}",
                n = doc.number
            ));
        }
        SortKey::Customer => {
            sql.push(format!(" ORDER BY {} {dir}", doc.party_key));
        }
        SortKey::Date => {
            sql.push(format!(" ORDER BY {t}.entry_date {dir}"));
        }
        SortKey::Due => {
            sql.push(format!(" ORDER BY {t}.due_date {dir}"));
        }
        SortKey::Amount => {
            sql.push(format!(" ORDER BY {} {dir}", doc.gross_base));
        }
        // The same ranks as `InvoiceRow::status_rank`, then by due date.
        SortKey::Status => {
            sql.push(format!(
                " ORDER BY CASE WHEN {t}.state = 'draft' THEN 4 WHEN {t}.state = 'voided' \
                   THEN 5 WHEN {t}.is_paid THEN 3 WHEN {t}.due_date < "
            ));
            sql.push_bind(today);
            sql.push(format!(" THEN 1 ELSE 2 END {dir}, {t}.due_date {dir}"));
        }
    }
    sql.push(format!(", {t}.id {dir}"));
}

/// Count and sums over every document the query's filters match.
pub(super) async fn doc_totals(
    pool: &sqlx::Pool<Db>,
    doc: &crate::store::documents::DocSql,
    org: crate::store::OrgId,
    query: &crate::domain::invoices::InvoiceQuery,
    today: chrono::NaiveDate,
) -> Result<crate::domain::invoices::InvoiceTotals, crate::store::StoreError> {
    let t = doc.alias;
    let open = format!("{t}.state = 'approved' AND NOT {t}.is_paid");
    let balance = &doc.balance_base;
    let sum = |condition: &str, amount: &str| {
        format!("COALESCE(CAST(SUM(CASE WHEN {condition} THEN {amount} ELSE 0 END) AS BIGINT), 0)")
    };
    let approved = format!("{t}.state = 'approved'");
    let mut sql = sqlx::QueryBuilder::<Db>::new(format!(
        "SELECT COUNT(*), {}, {}, {}, ",
        sum(&approved, &doc.gross_base),
        sum(&approved, &doc.net_base),
        sum(&open, balance),
    ));
    // Overdue: past the due date; due soon: due within the next 30 days.
    sql.push(format!(
        "COALESCE(CAST(SUM(CASE WHEN {open} AND {t}.due_date < "
    ));
    sql.push_bind(today);
    sql.push(format!(" THEN {balance} ELSE 0 END) AS BIGINT), 0), "));
    sql.push(format!(
        "COALESCE(CAST(SUM(CASE WHEN {open} AND {t}.due_date >= "
    ));
    sql.push_bind(today);
    sql.push(format!(" AND {t}.due_date <= "));
    sql.push_bind(today + chrono::Duration::days(30));
    sql.push(format!(" THEN {balance} ELSE 0 END) AS BIGINT), 0)"));
    push_doc_filter(&mut sql, doc, org, query, today);
    let mut tx = begin_for_org(pool, org).await?;
    let (count, approved, approved_net, outstanding, overdue, due_soon): (
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
    ) = sql.build_query_as().fetch_one(&mut *tx).await?;
    Ok(crate::domain::invoices::InvoiceTotals {
        count,
        approved_base_minor: approved,
        approved_net_base_minor: approved_net,
        outstanding_base_minor: outstanding,
        overdue_base_minor: overdue,
        due_soon_base_minor: due_soon,
    })
}

/// Appends `FROM … WHERE` for bank payments with the query's filters.
pub(super) fn push_payment_filter(
    sql: &mut sqlx::QueryBuilder<'_, Db>,
    org: crate::store::OrgId,
    query: &crate::domain::payments::PaymentQuery,
) {
    sql.push(
        " FROM bank_payments p \
         LEFT JOIN customers c ON c.org_id = p.org_id AND c.id = p.customer_id \
         WHERE p.org_id = ",
    );
    sql.push_bind(org.0);
    if let Some(search) = &query.search {
        sql.push(" AND COALESCE(c.sort_name, '') LIKE ");
        sql.push_bind(crate::store::folding::contains_pattern(search));
        sql.push(" ESCAPE '\\'");
    }
    if let Some(side) = query.side {
        sql.push(" AND p.cash_side = ");
        sql.push_bind(side.cash_side());
    }
    if let Some(from) = query.from {
        sql.push(" AND p.entry_date >= ");
        sql.push_bind(from);
    }
    if let Some(to) = query.to {
        sql.push(" AND p.entry_date <= ");
        sql.push_bind(to);
    }
}

/// Bank payments the query matches, in its order (ties by id), as
/// [`PaymentRowRecord`](crate::store::documents::PaymentRowRecord)s; the caller
/// adds a `LIMIT` for a page.
pub(super) fn payment_select(
    org: crate::store::OrgId,
    query: &crate::domain::payments::PaymentQuery,
) -> sqlx::QueryBuilder<'static, Db> {
    use crate::domain::payments::PaymentSort;
    use crate::domain::query::Direction;
    let base = crate::store::rollups::to_base("p.cash_amount_minor", "p.exchange_rate_micros");
    let mut sql = sqlx::QueryBuilder::<Db>::new(format!(
        "SELECT p.id, p.entry_date, COALESCE(c.name, '') AS party_name, p.cash_side, \
           p.cash_amount_minor, p.currency, {base} AS amount_base_minor, p.fee_minor, \
           p.is_voided, (SELECT COUNT(*) FROM payment_associations pa \
             WHERE pa.org_id = p.org_id AND pa.payment_id = p.id) AS documents"
    ));
    push_payment_filter(&mut sql, org, query);
    let dir = match query.dir {
        Direction::Asc => "ASC",
        Direction::Desc => "DESC",
    };
    let key = match query.sort {
        PaymentSort::Date => "p.entry_date".to_string(),
        PaymentSort::Party => "COALESCE(c.sort_name, '')".to_string(),
        PaymentSort::Amount => base,
    };
    sql.push(format!(" ORDER BY {key} {dir}, p.id {dir}"));
    sql
}

/// Every document the query matches, in its order, handed to `sink` in batches.
pub(super) async fn doc_export(
    pool: &sqlx::Pool<Db>,
    doc: &crate::store::documents::DocSql,
    org: crate::store::OrgId,
    query: &crate::domain::invoices::InvoiceQuery,
    today: chrono::NaiveDate,
    mut sink: futures::channel::mpsc::Sender<crate::store::documents::ExportItem>,
) -> Result<u64, crate::store::StoreError> {
    use crate::store::documents::{send_in_batches, InvoiceRowRecord};
    let mut tx = match begin_for_org(pool, org).await {
        Ok(tx) => tx,
        Err(err) => return crate::store::documents::export_failed(&mut sink, err).await,
    };
    let mut sql = sqlx::QueryBuilder::<Db>::new(&doc.columns);
    push_doc_filter(&mut sql, doc, org, query, today);
    push_doc_order(&mut sql, doc, query, today);
    let rows = sql.build_query_as::<InvoiceRowRecord>().fetch(&mut *tx);
    send_in_batches(rows, InvoiceRowRecord::into_row, &mut sink).await
}

/// One page of documents in the query's order.
pub(super) async fn doc_rows(
    pool: &sqlx::Pool<Db>,
    doc: &crate::store::documents::DocSql,
    org: crate::store::OrgId,
    query: &crate::domain::invoices::InvoiceQuery,
    today: chrono::NaiveDate,
    offset: u64,
    limit: u32,
) -> Result<Vec<crate::domain::invoices::InvoiceRow>, crate::store::StoreError> {
    let mut sql = sqlx::QueryBuilder::<Db>::new(&doc.columns);
    push_doc_filter(&mut sql, doc, org, query, today);
    push_doc_order(&mut sql, doc, query, today);
    sql.push(" LIMIT ");
    sql.push_bind(i64::from(limit));
    sql.push(" OFFSET ");
    sql.push_bind(i64::try_from(offset).unwrap_or(i64::MAX));
    let mut tx = begin_for_org(pool, org).await?;
    let records: Vec<crate::store::documents::InvoiceRowRecord> =
        sql.build_query_as().fetch_all(&mut *tx).await?;
    records.into_iter().map(|r| r.into_row()).collect()
}
