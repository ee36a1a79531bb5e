//! Billy API v2 JSON shapes, shared by the client (which reads them) and the simulator
//! (which writes them), so both speak exactly one dialect.
//!
//! Field names follow BILLY_API.md. Fields the documentation marks as uncertain, or that
//! a real organization may leave out, are `Option` or defaulted: a missing field must
//! not fail a whole page, the conversion to records decides what is acceptable.

use serde::{Deserialize, Serialize};

/// `meta.paging` of a list answer.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Paging {
    pub page: u32,
    pub page_count: u32,
    pub page_size: u32,
    pub total: u64,
    pub first_url: Option<String>,
    pub previous_url: Option<String>,
    pub next_url: Option<String>,
    pub last_url: Option<String>,
}

/// `meta` of every answer.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Meta {
    pub status_code: u16,
    pub success: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paging: Option<Paging>,
}

/// The error envelope: `{ meta, errorCode, errorMessage, helpUrl }`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ErrorEnvelope {
    pub meta: Meta,
    pub error_code: Option<String>,
    pub error_message: Option<String>,
    pub help_url: Option<String>,
}

/// Error codes the client reacts to.
pub const INVALID_TOKEN: &str = "OAUTH_INVALID_ACCESS_TOKEN";
pub const AUTHENTICATION_REQUIRED: &str = "AUTHENTICATION_REQUIRED";
/// UNCONFIRMED spelling; the client also treats any 403 on a locked organization as
/// locked, whatever the code.
pub const ORGANIZATION_LOCKED: &str = "ORGANIZATION_LOCKED";

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct WireOrganization {
    pub id: String,
    pub name: String,
    pub base_currency_id: String,
    pub fiscal_year_end_month: u32,
    pub first_fiscal_year_start: Option<String>,
    pub has_vat: bool,
    pub vat_period: Option<String>,
    pub is_locked: bool,
    pub locked_reason: Option<String>,
    pub is_trial: bool,
    pub is_terminated: bool,
    pub locale_id: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct WireContact {
    pub id: String,
    #[serde(rename = "type")]
    pub contact_type: String,
    pub name: String,
    pub country_id: Option<String>,
    pub street: Option<String>,
    pub zipcode_text: Option<String>,
    pub city_text: Option<String>,
    pub contact_no: Option<String>,
    pub phone: Option<String>,
    pub currency_id: Option<String>,
    pub registration_no: Option<String>,
    pub ean: Option<String>,
    pub locale_id: Option<String>,
    pub is_customer: bool,
    pub is_supplier: bool,
    pub payment_terms_mode: Option<String>,
    pub payment_terms_days: Option<i32>,
    pub created_time: Option<String>,
    pub is_archived: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct WirePrice {
    pub unit_price: f64,
    pub currency_id: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct WireProduct {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub product_no: Option<String>,
    pub is_archived: bool,
    pub prices: Vec<WirePrice>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct WireInvoiceLine {
    pub id: Option<String>,
    pub product_id: Option<String>,
    pub description: String,
    pub quantity: f64,
    pub unit_price: f64,
    pub amount: f64,
    pub tax: f64,
}

/// An invoice or credit note. `lines` is present when asked for with
/// `include=invoice.lines:embed`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct WireInvoice {
    pub id: String,
    pub organization_id: Option<String>,
    /// `invoice` or `creditNote` (spelling UNCONFIRMED; see the conversion).
    #[serde(rename = "type")]
    pub invoice_type: String,
    pub created_time: Option<String>,
    pub approved_time: Option<String>,
    pub contact_id: String,
    pub entry_date: Option<String>,
    pub due_date: Option<String>,
    pub state: String,
    pub sent_state: Option<String>,
    pub invoice_no: Option<String>,
    pub tax_mode: Option<String>,
    /// Net amount.
    pub amount: f64,
    pub tax: f64,
    pub gross_amount: f64,
    pub currency_id: String,
    /// Invoice currency per base currency.
    pub exchange_rate: Option<f64>,
    pub balance: f64,
    pub is_paid: bool,
    pub credited_invoice_id: Option<String>,
    pub line_description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lines: Option<Vec<WireInvoiceLine>>,
}

/// What a bank payment settles: `subjectReference` is `invoice:<id>` or `bill:<id>`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct WireAssociation {
    pub id: Option<String>,
    pub subject_reference: String,
    /// The part settled, in the subject's currency (UNCONFIRMED; when absent the whole
    /// cash amount is taken to settle a single subject).
    pub amount: Option<f64>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct WireBankPayment {
    pub id: String,
    pub contact_id: Option<String>,
    pub created_time: Option<String>,
    pub entry_date: Option<String>,
    pub cash_amount: f64,
    /// `debit`: money in (invoices); `credit`: money out (bills).
    pub cash_side: String,
    pub cash_exchange_rate: Option<f64>,
    pub subject_currency_id: Option<String>,
    pub fee_amount: Option<f64>,
    pub is_voided: bool,
    pub associations: Vec<WireAssociation>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct WireBill {
    pub id: String,
    pub contact_id: Option<String>,
    pub contact_name: Option<String>,
    pub created_time: Option<String>,
    pub entry_date: Option<String>,
    pub due_date: Option<String>,
    pub state: String,
    pub suppliers_invoice_no: Option<String>,
    pub amount: f64,
    pub tax: f64,
    /// Not in every documented field list; net + tax when absent.
    pub gross_amount: Option<f64>,
    pub currency_id: String,
    pub exchange_rate: Option<f64>,
    pub balance: f64,
    pub is_paid: bool,
    pub voucher_no: Option<String>,
}

/// The resources a sync mirrors, with their list path and JSON root keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Resource {
    Organization,
    Contacts,
    Products,
    Invoices,
    BankPayments,
    Bills,
}

impl Resource {
    /// Sync order: referenced records come before the records that reference them.
    pub const ALL: [Resource; 6] = [
        Resource::Organization,
        Resource::Contacts,
        Resource::Products,
        Resource::Invoices,
        Resource::BankPayments,
        Resource::Bills,
    ];

    /// The name in our tables (`sync_state.resource`) and in events.
    pub fn as_str(self) -> &'static str {
        match self {
            Resource::Organization => "organization",
            Resource::Contacts => "contacts",
            Resource::Products => "products",
            Resource::Invoices => "invoices",
            Resource::BankPayments => "bank_payments",
            Resource::Bills => "bills",
        }
    }

    pub fn parse(text: &str) -> Option<Resource> {
        Resource::ALL.into_iter().find(|r| r.as_str() == text)
    }

    /// The path after `/v2/`, which is also the root key of a list answer.
    pub fn path(self) -> &'static str {
        match self {
            Resource::Organization => "organization",
            Resource::Contacts => "contacts",
            Resource::Products => "products",
            Resource::Invoices => "invoices",
            Resource::BankPayments => "bankPayments",
            Resource::Bills => "bills",
        }
    }

    /// The root key of a single-record answer.
    pub fn singular(self) -> &'static str {
        match self {
            Resource::Organization => "organization",
            Resource::Contacts => "contact",
            Resource::Products => "product",
            Resource::Invoices => "invoice",
            Resource::BankPayments => "bankPayment",
            Resource::Bills => "bill",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_invoice_reads_from_billys_json_with_unknown_and_missing_fields() {
        let json = r#"{
            "id": "inv1", "type": "invoice", "contactId": "c1", "entryDate": "2026-06-01",
            "dueDate": "2026-06-15", "state": "approved", "amount": 100.5, "tax": 25.13,
            "grossAmount": 125.63, "currencyId": "DKK", "balance": 0, "isPaid": true,
            "someFieldWeDoNotKnow": {"x": 1},
            "lines": [{"description": "Work", "quantity": 1.5, "unitPrice": 67, "amount": 100.5, "tax": 25.13}]
        }"#;
        let invoice: WireInvoice = serde_json::from_str(json).expect("parses");
        assert_eq!(invoice.gross_amount, 125.63);
        assert_eq!(invoice.exchange_rate, None);
        assert_eq!(invoice.lines.as_ref().map(Vec::len), Some(1));
    }

    #[test]
    fn resources_name_their_paths_and_parse_back() {
        for resource in Resource::ALL {
            assert_eq!(Resource::parse(resource.as_str()), Some(resource));
        }
        assert_eq!(Resource::BankPayments.path(), "bankPayments");
        assert_eq!(Resource::parse("payments"), None);
    }
}
