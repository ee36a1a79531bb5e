//! Records as they arrive from upstream (Billy ids, not local ids): what the sync and
//! the demo seeder hand to [`Store::write_batch`](super::Store::write_batch).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// An organization to create locally.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewOrganization {
    pub slug: String,
    pub name: String,
    pub base_currency: String,
    pub timezone: String,
    pub fiscal_year_end_month: u32,
    pub billy_organization_id: Option<String>,
    pub is_demo: bool,
}

/// A locally known organization.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organization {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub base_currency: String,
    pub timezone: String,
    pub fiscal_year_end_month: u32,
    pub is_demo: bool,
}

/// A Billy contact.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerRecord {
    pub billy_id: String,
    pub name: String,
    pub contact_type: String,
    pub country_code: Option<String>,
    pub city: Option<String>,
    pub contact_no: Option<String>,
    pub currency: Option<String>,
    pub registration_no: Option<String>,
    pub is_customer: bool,
    pub is_supplier: bool,
    pub payment_terms_days: Option<i32>,
    pub is_archived: bool,
    pub created_at: Option<DateTime<Utc>>,
}

/// A Billy product.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductRecord {
    pub billy_id: String,
    pub name: String,
    pub description: Option<String>,
    pub product_no: Option<String>,
    pub is_archived: bool,
    pub unit_price_minor: Option<i64>,
    pub currency: Option<String>,
}

/// Whether a document is an invoice or a credit note (which reduces revenue).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum InvoiceKind {
    Invoice,
    CreditNote,
}

impl InvoiceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            InvoiceKind::Invoice => "invoice",
            InvoiceKind::CreditNote => "credit_note",
        }
    }

    /// +1 for invoices, -1 for credit notes: the sign a document's amounts take in sums.
    pub fn sign(self) -> i64 {
        match self {
            InvoiceKind::Invoice => 1,
            InvoiceKind::CreditNote => -1,
        }
    }
}

/// A document's life-cycle state upstream.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DocumentState {
    Draft,
    Approved,
    Voided,
}

impl DocumentState {
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentState::Draft => "draft",
            DocumentState::Approved => "approved",
            DocumentState::Voided => "voided",
        }
    }
}

/// One invoice line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceLineRecord {
    pub billy_id: Option<String>,
    pub product_billy_id: Option<String>,
    pub description: String,
    pub quantity_milli: i64,
    pub unit_price_minor: i64,
    pub net_minor: i64,
    pub tax_minor: i64,
}

/// A Billy invoice or credit note with its lines. Amounts are positive, as upstream
/// sends them; `kind` gives the sign.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceRecord {
    pub billy_id: String,
    pub customer_billy_id: String,
    pub invoice_no: String,
    pub kind: InvoiceKind,
    pub state: DocumentState,
    pub sent_state: String,
    pub entry_date: NaiveDate,
    pub due_date: NaiveDate,
    pub currency: String,
    pub exchange_rate_micros: i64,
    pub tax_mode: String,
    pub net_minor: i64,
    pub tax_minor: i64,
    pub gross_minor: i64,
    pub balance_minor: i64,
    pub is_paid: bool,
    pub credited_invoice_billy_id: Option<String>,
    pub line_description: Option<String>,
    pub created_at: Option<DateTime<Utc>>,
    pub approved_at: Option<DateTime<Utc>>,
    pub lines: Vec<InvoiceLineRecord>,
}

/// What a payment settles: an invoice or a bill (by Billy id), and how much of it, in
/// the settled document's currency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PaymentSubject {
    Invoice(String),
    Bill(String),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentAssociation {
    pub subject: PaymentSubject,
    pub amount_minor: i64,
}

/// A Billy bank payment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentRecord {
    pub billy_id: String,
    pub customer_billy_id: Option<String>,
    pub entry_date: NaiveDate,
    pub cash_amount_minor: i64,
    pub currency: String,
    /// `debit` is money in (invoices), `credit` money out (bills).
    pub cash_side: String,
    pub exchange_rate_micros: i64,
    pub fee_minor: i64,
    pub is_voided: bool,
    pub created_at: Option<DateTime<Utc>>,
    pub associations: Vec<PaymentAssociation>,
}

/// A Billy bill (a supplier's invoice).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BillRecord {
    pub billy_id: String,
    pub supplier_billy_id: Option<String>,
    pub supplier_name: Option<String>,
    pub entry_date: NaiveDate,
    pub due_date: NaiveDate,
    pub state: DocumentState,
    pub suppliers_invoice_no: Option<String>,
    pub voucher_no: Option<String>,
    pub net_minor: i64,
    pub tax_minor: i64,
    pub gross_minor: i64,
    pub currency: String,
    pub exchange_rate_micros: i64,
    pub balance_minor: i64,
    pub is_paid: bool,
    pub created_at: Option<DateTime<Utc>>,
}

/// One unit of upstream change, written atomically: all of it or none of it.
/// Referenced records must either be in the same batch or already stored.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Batch {
    pub customers: Vec<CustomerRecord>,
    pub products: Vec<ProductRecord>,
    pub invoices: Vec<InvoiceRecord>,
    pub bills: Vec<BillRecord>,
    pub payments: Vec<PaymentRecord>,
}

impl Batch {
    pub fn is_empty(&self) -> bool {
        self.customers.is_empty()
            && self.products.is_empty()
            && self.invoices.is_empty()
            && self.bills.is_empty()
            && self.payments.is_empty()
    }
}

/// What a batch wrote. Per kind: records added or changed; a record identical to its
/// stored version is not written and only counted as `unchanged`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchOutcome {
    pub customers: u64,
    pub products: u64,
    pub invoices: u64,
    pub bills: u64,
    pub payments: u64,
    pub added: u64,
    pub changed: u64,
    pub unchanged: u64,
}

impl BatchOutcome {
    /// Records written (added or changed).
    pub fn written(&self) -> u64 {
        self.added + self.changed
    }

    pub fn add(&mut self, other: &BatchOutcome) {
        self.customers += other.customers;
        self.products += other.products;
        self.invoices += other.invoices;
        self.bills += other.bills;
        self.payments += other.payments;
        self.added += other.added;
        self.changed += other.changed;
        self.unchanged += other.unchanged;
    }
}

/// A fingerprint of a record's content (SHA-256 of its JSON form), stored with it so
/// that a sync can tell an unchanged record from a changed one without comparing
/// column by column.
pub fn content_hash<T: Serialize>(record: &T) -> String {
    use sha2::{Digest, Sha256};
    // Serializing plain structs of strings, numbers and dates cannot fail; should it
    // ever, an empty input still gives a hash that never matches a real one.
    let bytes = serde_json::to_vec(record).unwrap_or_default();
    Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Period figures read from the revenue and customer rollups.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PeriodTotals {
    /// Net revenue (invoices minus credit notes) in base-currency minor units.
    pub revenue_base_minor: i64,
    pub invoice_count: i64,
    pub credit_note_count: i64,
    pub active_customers: i64,
}

/// Receivables as of the end of one day, in base-currency minor units.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Receivables {
    pub outstanding_base_minor: i64,
    pub overdue_base_minor: i64,
}

/// Revenue of one month, from the daily rollup.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MonthRevenue {
    pub month: NaiveDate,
    pub revenue_base_minor: i64,
    pub invoice_count: i64,
}

/// A person signing up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewUser {
    pub email: crate::domain::accounts::Email,
    pub display_name: Option<String>,
}

/// A person with an account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub display_name: Option<String>,
    pub platform_role: crate::domain::accounts::PlatformRole,
}

/// An organization a user belongs to, with their role in it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Membership {
    pub organization: Organization,
    pub role: crate::domain::accounts::OrgRole,
}

/// One audit log entry to append: who did what, to what, from where.
#[derive(Clone, Debug, PartialEq)]
pub struct NewAuditEntry {
    /// `None` for platform-level events (a sign-in before an organization is chosen).
    pub org_id: Option<i64>,
    pub actor_user_id: Option<i64>,
    /// What happened: `sign_in`, `sign_in_failed`, `role_changed`, `plan_changed`...
    pub action: String,
    pub target: Option<String>,
    pub detail: serde_json::Value,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

/// A signed-in session as stored (the token itself is only in the browser's cookie).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredSession {
    pub user_id: i64,
    pub active_org_id: Option<i64>,
    pub expires_at: DateTime<Utc>,
}
