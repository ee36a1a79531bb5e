//! Reusable view components.

mod audit_table;
mod chart;
mod echart;
mod error_notice;
mod fold;
pub mod forms;
mod freshness;
mod kpi_card;
mod loaded;
mod period_picker;
mod problem_notes;
mod require_account;
mod revenue_table;
mod site_header;
mod sync_bar;
mod usage_bar;

pub use audit_table::AuditTable;
pub use chart::RevenueChart;
pub use echart::EChart;
pub use error_notice::ErrorNotice;
pub use fold::FoldOnPhone;
pub use freshness::Freshness;
pub use kpi_card::KpiCard;
pub use loaded::Loaded;
pub use period_picker::PeriodPicker;
pub use problem_notes::{Fallback, ProblemNotes};
pub use require_account::{use_account, AccountResource, RequireAccount};
pub use revenue_table::RevenueTable;
pub use site_header::SiteHeader;
pub use sync_bar::SyncBar;
pub use usage_bar::UsageBar;
