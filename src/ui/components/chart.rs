//! The Overview's revenue trend chart: monthly revenue against the same months a year
//! earlier, with its one-sentence summary.

use leptos::prelude::*;

use super::EChart;
use crate::domain::MonthPoint;
use crate::ui::charts::{revenue_trend_chart, trend_summary};
use crate::words::text::use_locale;

#[component]
pub fn RevenueChart(points: Vec<MonthPoint>, currency: String) -> impl IntoView {
    let locale = use_locale();
    let summary = trend_summary(&points, &currency, locale);
    let chart = revenue_trend_chart(&points, locale);
    view! { <EChart name="revenue" summary chart /> }
}
