//! Reusable view components.

mod chart;
mod error_notice;
mod freshness;
mod kpi_card;
mod period_picker;
mod revenue_table;

pub use chart::RevenueChart;
pub use error_notice::ErrorNotice;
pub use freshness::Freshness;
pub use kpi_card::KpiCard;
pub use period_picker::PeriodPicker;
pub use revenue_table::RevenueTable;
