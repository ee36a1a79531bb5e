//! The revenue trend chart. The server renders an empty, labelled container; after
//! hydration an `Effect` draws it with ECharts (browser-only code lives in the Effect).

use leptos::prelude::*;

use crate::domain::MonthPoint;
use crate::ui::charts::trend_summary;

const CHART_ID: &str = "revenue-chart";

#[component]
pub fn RevenueChart(points: Vec<MonthPoint>, currency: String) -> impl IntoView {
    let summary = trend_summary(&points, &currency);
    #[cfg(feature = "hydrate")]
    draw_when_mounted(points, currency);
    view! {
        <div
            id=CHART_ID
            data-testid="revenue-chart"
            role="img"
            aria-label=summary
            class="mt-4 h-64 w-full sm:h-80"
        ></div>
    }
}

#[cfg(feature = "hydrate")]
fn draw_when_mounted(points: Vec<MonthPoint>, currency: String) {
    use crate::ui::charts::revenue_trend_chart;
    use charming::{Echarts, WasmRenderer};

    let instance = StoredValue::new_local(None::<Echarts>);
    Effect::new(move |_| {
        let chart = revenue_trend_chart(&points, &currency);
        match WasmRenderer::new_opt(None, None).render(CHART_ID, &chart) {
            Ok(drawn) => instance.set_value(Some(drawn)),
            Err(err) => leptos::logging::warn!("revenue chart not drawn: {err:?}"),
        }
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| {
        instance.with_value(|drawn| {
            if let Some(drawn) = drawn {
                drawn.resize(wasm_bindgen::JsValue::UNDEFINED);
            }
        });
    });
    on_cleanup(move || resize.remove());
}
