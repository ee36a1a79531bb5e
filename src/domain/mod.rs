//! Shared, pure domain types: money, periods, KPI definitions and the DTOs that
//! server functions return. Compiled into both the server and the wasm bundle.

pub mod accounts;
pub mod audit;
pub mod billing;
pub mod connection;
pub mod customers;
pub mod format;
pub mod invoices;
pub mod members;
pub mod money;
pub mod overview;
pub mod paging;
pub mod payments;
pub mod period;
pub mod preferences;
pub mod reason;
pub mod receivables;
pub mod revenue;
pub mod sync;
pub mod url;

pub use format::Lang;
pub use money::Money;
pub use overview::{Kpi, KpiKey, KpiValue, MonthPoint, OverviewData};
pub use period::{DateRange, PeriodPreset};
