//! The document tables' reads (invoices and bills, chosen by [`TableKind`], and bank
//! payments): a filtered, sorted page and its totals, the filter choices, one invoice
//! with its lines and payments, and the streamed exports.

use std::sync::LazyLock;

use async_trait::async_trait;
use chrono::NaiveDate;
use futures::channel::mpsc;

use super::{OrgId, StoreError};
use crate::domain::invoices::{
    DocKind, DocState, InvoiceDetail, InvoiceQuery, InvoiceRow, InvoiceTotals, TableKind,
};
use crate::domain::payments::{PaymentQuery, PaymentRow, PaymentTotals};
use crate::domain::receivables::OpenInvoice;

/// Rows per batch handed to an export's channel.
pub const EXPORT_BATCH_ROWS: usize = 1_000;

/// What an export hands over: a batch of rows, or why it stopped early.
pub type ExportItem<T = InvoiceRow> = Result<Vec<T>, String>;

#[async_trait]
pub trait DocumentStore: Send + Sync + 'static {
    /// Count and sums over every document of the table `query`'s filters match (sort
    /// and page aside).
    async fn document_totals(
        &self,
        org: OrgId,
        table: TableKind,
        query: &InvoiceQuery,
        today: NaiveDate,
    ) -> Result<InvoiceTotals, StoreError>;

    /// Up to `limit` matching rows after `offset`, in the query's order (ties by id).
    /// Bills read as the same rows, with the supplier in the customer columns.
    async fn document_rows(
        &self,
        org: OrgId,
        table: TableKind,
        query: &InvoiceQuery,
        today: NaiveDate,
        offset: u64,
        limit: u32,
    ) -> Result<Vec<InvoiceRow>, StoreError>;

    /// The party filter's choices (customers with invoices, or suppliers with bills: id
    /// and name, by name) and the currencies the table's documents are in.
    async fn document_filter_choices(
        &self,
        org: OrgId,
        table: TableKind,
    ) -> Result<(Vec<(i64, String)>, Vec<String>), StoreError>;

    /// Count and sums of the bank payments `query` matches.
    async fn payment_totals(
        &self,
        org: OrgId,
        query: &PaymentQuery,
    ) -> Result<PaymentTotals, StoreError>;

    /// One page of bank payments in the query's order (ties by id).
    async fn payment_rows(
        &self,
        org: OrgId,
        query: &PaymentQuery,
        offset: u64,
        limit: u32,
    ) -> Result<Vec<PaymentRow>, StoreError>;

    /// One invoice of `org` by local id, or `None` (also for another org's id).
    async fn invoice_detail(
        &self,
        org: OrgId,
        id: i64,
    ) -> Result<Option<InvoiceDetail>, StoreError>;

    /// Every matching row in the query's order, in batches of [`EXPORT_BATCH_ROWS`]
    /// sent into `sink` as they are read: memory stays bounded by the channel, and a
    /// slow reader slows the query. A failure is sent as the last item, so the reader
    /// can tell a cut-off export from a finished one. Returns the rows handed over;
    /// stops quietly when the reader hangs up. (A futures channel holds its buffer plus
    /// one item per sender, so at most two batches wait unread.)
    async fn export_documents(
        &self,
        org: OrgId,
        table: TableKind,
        query: &InvoiceQuery,
        today: NaiveDate,
        sink: mpsc::Sender<ExportItem>,
    ) -> Result<u64, StoreError>;

    /// [`DocumentStore::export_documents`] for bank payments.
    async fn export_payments(
        &self,
        org: OrgId,
        query: &PaymentQuery,
        sink: mpsc::Sender<ExportItem<PaymentRow>>,
    ) -> Result<u64, StoreError>;

    /// Approved invoices (not credit notes) still partly unpaid at the end of `as_of`:
    /// entered by then and not settled by then (payments dated after `as_of` do not
    /// count), with what was still open, natively and at the invoice's own rate.
    async fn open_invoices_at(
        &self,
        org: OrgId,
        as_of: NaiveDate,
    ) -> Result<Vec<OpenInvoice>, StoreError>;

    /// Computes the per-invoice facts and customer sort names of rows stored before
    /// they existed (run after migrating; does nothing once done). Returns rows filled.
    async fn backfill_invoice_facts(&self) -> Result<u64, StoreError>;
}

/// A table row as the database returns it.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct InvoiceRowRecord {
    pub id: i64,
    pub invoice_no: String,
    pub kind: String,
    pub state: String,
    pub sent_state: String,
    pub entry_date: NaiveDate,
    pub due_date: NaiveDate,
    pub customer_id: i64,
    pub customer_name: String,
    pub currency: String,
    pub gross_minor: i64,
    pub gross_base_minor: i64,
    pub balance_minor: i64,
    pub is_paid: bool,
    pub settled_on: Option<NaiveDate>,
}

/// An invoice page's row: the table row plus the columns only that page shows.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct InvoiceDetailRecord {
    #[sqlx(flatten)]
    pub row: InvoiceRowRecord,
    pub net_minor: i64,
    pub tax_minor: i64,
    pub exchange_rate_micros: i64,
    pub credited_invoice_id: Option<i64>,
}

/// A bank payment row as the database returns it.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct PaymentRowRecord {
    pub id: i64,
    pub entry_date: NaiveDate,
    pub party_name: String,
    pub cash_side: String,
    pub cash_amount_minor: i64,
    pub currency: String,
    pub amount_base_minor: i64,
    pub fee_minor: i64,
    pub is_voided: bool,
    pub documents: i64,
}

impl PaymentRowRecord {
    pub(crate) fn into_row(self) -> Result<PaymentRow, StoreError> {
        use crate::domain::payments::Side;
        // Money leaving the bank account is a credit of it (the schema allows no other).
        let side = match self.cash_side.as_str() {
            "credit" => Side::Out,
            "debit" => Side::In,
            other => return Err(StoreError::Check(format!("unknown cash side {other}"))),
        };
        Ok(PaymentRow {
            id: self.id,
            entry_date: self.entry_date,
            party_name: self.party_name,
            side,
            amount_minor: self.cash_amount_minor,
            currency: self.currency,
            amount_base_minor: self.amount_base_minor,
            fee_minor: self.fee_minor,
            is_voided: self.is_voided,
            documents: self.documents,
        })
    }
}

/// Hands `rows` to an export's reader in batches of [`EXPORT_BATCH_ROWS`], converting
/// each as it comes; a failure is sent as the last item, so the reader can tell a
/// cut-off export from a finished one. Returns the rows handed over, and stops quietly
/// when the reader hangs up.
pub(crate) async fn send_in_batches<R, T>(
    rows: impl futures::Stream<Item = Result<R, sqlx::Error>>,
    convert: impl Fn(R) -> Result<T, StoreError>,
    sink: &mut mpsc::Sender<ExportItem<T>>,
) -> Result<u64, StoreError> {
    use futures::{SinkExt, TryStreamExt};
    let result: Result<u64, StoreError> = async {
        let mut rows = std::pin::pin!(rows);
        let mut sent = 0u64;
        let mut batch = Vec::with_capacity(EXPORT_BATCH_ROWS);
        while let Some(record) = rows.try_next().await? {
            batch.push(convert(record)?);
            if batch.len() == EXPORT_BATCH_ROWS {
                let full = std::mem::replace(&mut batch, Vec::with_capacity(EXPORT_BATCH_ROWS));
                if sink.send(Ok(full)).await.is_err() {
                    // The reader hung up: nothing more to do.
                    return Ok(sent);
                }
                sent += EXPORT_BATCH_ROWS as u64;
            }
        }
        let last = batch.len() as u64;
        if last > 0 && sink.send(Ok(batch)).await.is_ok() {
            sent += last;
        }
        Ok(sent)
    }
    .await;
    match result {
        Ok(sent) => Ok(sent),
        Err(err) => export_failed(sink, err).await,
    }
}

/// Tells an export's reader why it stopped, and returns the error.
pub(crate) async fn export_failed<T, V>(
    sink: &mut mpsc::Sender<ExportItem<T>>,
    err: StoreError,
) -> Result<V, StoreError> {
    use futures::SinkExt;
    // A reader that already hung up needs no reason.
    let _ = sink.send(Err(err.to_string())).await;
    Err(err)
}

/// The kind and state columns as domain values (the schema's CHECKs allow no others).
pub(crate) fn kind_and_state(kind: &str, state: &str) -> Result<(DocKind, DocState), StoreError> {
    let kind = DocKind::from_key(kind)
        .ok_or_else(|| StoreError::Check(format!("unknown invoice kind {kind}")))?;
    let state = DocState::from_key(state)
        .ok_or_else(|| StoreError::Check(format!("unknown invoice state {state}")))?;
    Ok((kind, state))
}

impl InvoiceRowRecord {
    pub(crate) fn into_row(self) -> Result<InvoiceRow, StoreError> {
        let (kind, state) = kind_and_state(&self.kind, &self.state)?;
        Ok(InvoiceRow {
            id: self.id,
            invoice_no: self.invoice_no,
            kind,
            state,
            sent_state: self.sent_state,
            entry_date: self.entry_date,
            due_date: self.due_date,
            customer_id: self.customer_id,
            customer_name: self.customer_name,
            currency: self.currency,
            gross_minor: self.gross_minor,
            gross_base_minor: self.gross_base_minor,
            balance_minor: self.balance_minor,
            is_paid: self.is_paid,
            settled_on: self.settled_on,
        })
    }
}

/// One kind of document table (invoices or bills) as the shared filter, order, totals
/// and page builders need it: the same query and row shape over different SQL.
pub(crate) struct DocSql {
    /// `SELECT` of the [`InvoiceRowRecord`] columns.
    pub columns: String,
    /// `FROM … WHERE <alias>.org_id = ` (the org is bound next).
    pub from: &'static str,
    pub alias: &'static str,
    /// The document's number.
    pub number: &'static str,
    /// The folded name of the customer (or supplier), for search and sort.
    pub party_key: &'static str,
    pub party_id: &'static str,
    /// Gross in base currency, signed.
    pub gross_base: String,
    /// Net (VAT excluded) in base currency, signed, rounded per document as the
    /// revenue rollups round it.
    pub net_base: String,
    /// What is left to pay in base currency, signed.
    pub balance_base: String,
    /// Folded search text kept with the document, if any.
    pub search_text: Option<&'static str>,
    /// The invoice/credit note column, if the table has both.
    pub kind: Option<&'static str>,
    /// The party filter's choices: id and name of the parties with documents ($1: org).
    pub party_choices: &'static str,
    /// The currencies of the table's documents ($1: org).
    pub currency_choices: &'static str,
}

/// The SQL of a document table.
pub(crate) fn doc_sql(table: TableKind) -> &'static DocSql {
    match table {
        TableKind::Invoices => &INVOICES,
        TableKind::Bills => &BILLS,
    }
}

static INVOICES: LazyLock<DocSql> = LazyLock::new(|| {
    DocSql {
    columns: "SELECT i.id, i.invoice_no, i.kind, i.state, i.sent_state, i.entry_date, \
         i.due_date, i.customer_id, c.name AS customer_name, i.currency, \
         CASE WHEN i.kind = 'credit_note' THEN -i.gross_minor ELSE i.gross_minor END AS gross_minor, \
         COALESCE(i.gross_base_minor, 0) AS gross_base_minor, i.balance_minor, i.is_paid, \
         i.settled_on"
        .to_string(),
    from: " FROM invoices i \
         JOIN customers c ON c.org_id = i.org_id AND c.id = i.customer_id WHERE i.org_id = ",
    alias: "i",
    number: "i.invoice_no",
    party_key: "c.sort_name",
    party_id: "i.customer_id",
    gross_base: "i.gross_base_minor".to_string(),
    net_base: format!(
        "(CASE WHEN i.kind = 'credit_note' THEN -1 ELSE 1 END) * {}",
        super::rollups::to_base("i.net_minor", "i.exchange_rate_micros")
    ),
    balance_base: format!(
        "(CASE WHEN i.kind = 'credit_note' THEN -1 ELSE 1 END) * {}",
        super::rollups::to_base("i.balance_minor", "i.exchange_rate_micros")
    ),
    search_text: Some("i.search_text"),
    kind: Some("i.kind"),
    party_choices: "SELECT c.id, c.name FROM customers c WHERE c.org_id = $1 AND EXISTS \
           (SELECT 1 FROM invoices i WHERE i.org_id = $1 AND i.customer_id = c.id) \
         ORDER BY c.sort_name, c.id",
    currency_choices:
        "SELECT DISTINCT currency FROM revenue_daily WHERE org_id = $1 ORDER BY currency",
}
});

/// Bills read as the same rows: the supplier in the customer columns, the supplier's
/// invoice number (or else the voucher number) as the number.
static BILLS: LazyLock<DocSql> = LazyLock::new(|| {
    let gross = super::rollups::to_base("b.gross_minor", "b.exchange_rate_micros");
    DocSql {
        columns: format!(
            "SELECT b.id, COALESCE(b.suppliers_invoice_no, b.voucher_no, '') AS invoice_no, \
               'invoice' AS kind, b.state, 'unsent' AS sent_state, b.entry_date, b.due_date, \
               COALESCE(b.supplier_id, 0) AS customer_id, \
               COALESCE(c.name, b.supplier_name, '') AS customer_name, b.currency, \
               b.gross_minor, {gross} AS gross_base_minor, b.balance_minor, b.is_paid, \
               CAST(NULL AS DATE) AS settled_on"
        ),
        from: " FROM bills b \
             LEFT JOIN customers c ON c.org_id = b.org_id AND c.id = b.supplier_id \
             WHERE b.org_id = ",
        alias: "b",
        number: "COALESCE(b.suppliers_invoice_no, b.voucher_no, '')",
        party_key: "COALESCE(c.sort_name, '')",
        party_id: "b.supplier_id",
        balance_base: super::rollups::to_base("b.balance_minor", "b.exchange_rate_micros"),
        net_base: super::rollups::to_base("b.net_minor", "b.exchange_rate_micros"),
        gross_base: gross,
        search_text: None,
        kind: None,
        party_choices: "SELECT c.id, c.name FROM customers c WHERE c.org_id = $1 AND EXISTS \
               (SELECT 1 FROM bills b WHERE b.org_id = $1 AND b.supplier_id = c.id) \
             ORDER BY c.sort_name, c.id",
        currency_choices: "SELECT DISTINCT currency FROM bills WHERE org_id = $1 ORDER BY currency",
    }
});
