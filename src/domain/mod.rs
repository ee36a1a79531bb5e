//! Shared, pure domain types: money, periods, KPI definitions and the DTOs that
//! server functions return. Compiled into both the server and the wasm bundle.

pub mod accounts;
pub mod audit;
pub mod billing;
pub mod calendar;
pub mod connection;
pub mod customers;
pub mod echo;
pub mod format;
pub mod invoices;
pub mod members;
pub mod money;
pub mod overview;
pub mod page;
pub mod payments;
pub mod period;
pub mod preferences;
pub mod query;
pub mod reason;
pub mod receivables;
pub mod revenue;
pub mod sync;
pub mod sync_history;
pub mod url;

/// The largest request body the server reads (forms and server-function arguments are
/// a few hundred bytes; this leaves room and stops a flood early).
pub const MAX_REQUEST_BODY_BYTES: usize = 64 * 1024;

pub use format::Lang;
pub use money::Money;
pub use overview::{Kpi, KpiKey, KpiValue, MonthPoint, OverviewData};
pub use page::PageHeader;
pub use period::{DateRange, PeriodKey};
pub use query::Problem;
