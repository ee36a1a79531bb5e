//! Routed pages.

mod admin;
mod audit_log;
mod billing;
mod connection;
mod customer;
pub(crate) mod customers;
mod invitation;
mod invoice;
pub(crate) mod invoices;
mod members;
mod not_found;
mod overview;
mod payments;
mod receivables;
mod revenue;
mod sign_in;
mod sync_health;

pub use admin::AdminPage;
pub use audit_log::AuditLogPage;
pub use billing::BillingPage;
pub use connection::ConnectionPage;
pub use customer::CustomerPage;
pub use customers::CustomersPage;
pub use invitation::InvitationPage;
pub use invoice::InvoicePage;
pub use invoices::{BillsPage, InvoicesPage};
pub use members::MembersPage;
pub use not_found::NotFoundPage;
pub use overview::OverviewPage;
pub use payments::PaymentsPage;
pub use receivables::ReceivablesPage;
pub use revenue::RevenuePage;
pub use sign_in::{SignInPage, SignUpPage};
pub use sync_health::SyncHealthPage;
