//! The batch writer: upserts a page of upstream records by Billy id and brings the
//! rollups they touch up to date, inside the caller's transaction.

use super::documents::refresh_invoice_facts;
use super::tenancy::tenancy_add_usage;
use super::{Db, Tx};

/// Local ids of records written or looked up during one batch, by Billy id.
#[derive(Default)]
pub(super) struct IdCache {
    customers: std::collections::HashMap<String, i64>,
    products: std::collections::HashMap<String, i64>,
    /// Invoice id and due date (settlements are filed by due date).
    invoices: std::collections::HashMap<String, (i64, chrono::NaiveDate)>,
    bills: std::collections::HashMap<String, i64>,
}

/// The local id of a record of `table` with the given Billy id, if stored.
pub(super) async fn lookup_id(
    tx: &mut Tx<'_>,
    table: &'static str,
    org: crate::store::OrgId,
    billy_id: &str,
) -> Result<Option<i64>, crate::store::StoreError> {
    let row: Option<(i64,)> = sqlx::query_as(&format!(
        "SELECT id FROM {table} WHERE org_id = $1 AND billy_id = $2"
    ))
    .bind(org.0)
    .bind(billy_id)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map(|(id,)| id))
}

/// The local id for a Billy id of `table`, from this batch's cache or the database.
pub(super) async fn cached_id(
    tx: &mut Tx<'_>,
    table: &'static str,
    org: crate::store::OrgId,
    billy_id: &str,
    cache: &mut std::collections::HashMap<String, i64>,
) -> Result<Option<i64>, crate::store::StoreError> {
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
pub(super) async fn write_batch_in(
    tx: &mut Tx<'_>,
    org: crate::store::OrgId,
    batch: &crate::store::Batch,
    touched: &mut crate::store::rollups::Touched,
) -> Result<crate::store::BatchOutcome, crate::store::StoreError> {
    let mut ids = IdCache::default();
    let now = chrono::Utc::now();
    let mut outcome = crate::store::BatchOutcome::default();

    // A record identical to its stored version (same content hash) is not
    // written at all: a repeated sync writes nothing and touches no rollup.
    for customer in &batch.customers {
        let hash = crate::store::content_hash(customer);
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
        let hash = crate::store::content_hash(product);
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
        let hash = crate::store::content_hash(invoice);
        let stored = stored_version(tx, "invoices", org, &invoice.billy_id).await?;
        let id = match stored {
            Some((id, Some(old))) if old == hash => {
                outcome.unchanged += 1;
                id
            }
            stored => {
                tally(&mut outcome, stored.is_some());
                outcome.invoices += 1;
                upsert_invoice(tx, org, invoice, &hash, now, &mut ids, touched).await?
            }
        };
        ids.invoices
            .insert(invoice.billy_id.clone(), (id, invoice.due_date));
    }
    for bill in &batch.bills {
        let hash = crate::store::content_hash(bill);
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
        let hash = crate::store::content_hash(payment);
        let stored = stored_version(tx, "bank_payments", org, &payment.billy_id).await?;
        match stored {
            Some((_, Some(old))) if old == hash => outcome.unchanged += 1,
            stored => {
                tally(&mut outcome, stored.is_some());
                outcome.payments += 1;
                upsert_payment(tx, org, payment, &hash, now, &mut ids, touched).await?;
            }
        }
    }

    if outcome.invoices > 0 {
        // Metered for the plan's record limit (see tenancy_sql.rs).
        tenancy_add_usage(
            tx,
            org,
            crate::store::UsageKind::InvoiceSynced,
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
pub(super) async fn rebuild_rollups(
    tx: &mut Tx<'_>,
    org: crate::store::OrgId,
    touched: &crate::store::rollups::Touched,
) -> Result<(), crate::store::StoreError> {
    use crate::store::rollups;
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
pub(super) async fn stored_version(
    tx: &mut Tx<'_>,
    table: &'static str,
    org: crate::store::OrgId,
    billy_id: &str,
) -> Result<Option<(i64, Option<String>)>, crate::store::StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT id, content_hash FROM {table} WHERE org_id = $1 AND billy_id = $2"
    ))
    .bind(org.0)
    .bind(billy_id)
    .fetch_optional(&mut **tx)
    .await?)
}

/// Counts a written record as added (new) or changed (stored before).
pub(super) fn tally(outcome: &mut crate::store::BatchOutcome, existed: bool) {
    if existed {
        outcome.changed += 1;
    } else {
        outcome.added += 1;
    }
}

pub(super) async fn invoice_ref(
    tx: &mut Tx<'_>,
    org: crate::store::OrgId,
    billy_id: &str,
    ids: &mut IdCache,
) -> Result<Option<(i64, chrono::NaiveDate)>, crate::store::StoreError> {
    if let Some(found) = ids.invoices.get(billy_id) {
        return Ok(Some(*found));
    }
    let row: Option<(i64, chrono::NaiveDate)> =
        sqlx::query_as("SELECT id, due_date FROM invoices WHERE org_id = $1 AND billy_id = $2")
            .bind(org.0)
            .bind(billy_id)
            .fetch_optional(&mut **tx)
            .await?;
    if let Some(found) = row {
        ids.invoices.insert(billy_id.to_string(), found);
    }
    Ok(row)
}

pub(super) async fn upsert_customer(
    tx: &mut Tx<'_>,
    org: crate::store::OrgId,
    c: &crate::store::CustomerRecord,
    hash: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<i64, crate::store::StoreError> {
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
    .bind(crate::store::folding::fold(&c.name))
    .fetch_one(&mut **tx)
    .await?;
    Ok(id)
}

pub(super) async fn upsert_product(
    tx: &mut Tx<'_>,
    org: crate::store::OrgId,
    p: &crate::store::ProductRecord,
    hash: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<i64, crate::store::StoreError> {
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

pub(super) async fn upsert_invoice(
    tx: &mut Tx<'_>,
    org: crate::store::OrgId,
    inv: &crate::store::InvoiceRecord,
    hash: &str,
    now: chrono::DateTime<chrono::Utc>,
    ids: &mut IdCache,
    touched: &mut crate::store::rollups::Touched,
) -> Result<i64, crate::store::StoreError> {
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

    let customer = cached_id(
        tx,
        "customers",
        org,
        &inv.customer_billy_id,
        &mut ids.customers,
    )
    .await?
    .ok_or_else(|| crate::store::StoreError::MissingReference {
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
                Some(billy_id) => {
                    cached_id(tx, "products", org, billy_id, &mut ids.products).await?
                }
                None => None,
            });
        }
        let mut insert = sqlx::QueryBuilder::<Db>::new(
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

pub(super) async fn upsert_bill(
    tx: &mut Tx<'_>,
    org: crate::store::OrgId,
    b: &crate::store::BillRecord,
    hash: &str,
    now: chrono::DateTime<chrono::Utc>,
    ids: &mut IdCache,
) -> Result<i64, crate::store::StoreError> {
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

pub(super) async fn upsert_payment(
    tx: &mut Tx<'_>,
    org: crate::store::OrgId,
    p: &crate::store::PaymentRecord,
    hash: &str,
    now: chrono::DateTime<chrono::Utc>,
    ids: &mut IdCache,
    touched: &mut crate::store::rollups::Touched,
) -> Result<(), crate::store::StoreError> {
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
            crate::store::PaymentSubject::Invoice(billy_id) => {
                let (invoice_id, due) =
                    invoice_ref(tx, org, billy_id, ids).await?.ok_or_else(|| {
                        crate::store::StoreError::MissingReference {
                            kind: "invoice",
                            billy_id: billy_id.clone(),
                        }
                    })?;
                touched.settlement(invoice_id, p.entry_date, due);
                (Some(invoice_id), None)
            }
            crate::store::PaymentSubject::Bill(billy_id) => {
                let bill_id = cached_id(tx, "bills", org, billy_id, &mut ids.bills)
                    .await?
                    .ok_or_else(|| crate::store::StoreError::MissingReference {
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
