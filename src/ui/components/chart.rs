//! The revenue trend chart. The server renders a hidden, labelled container (without
//! wasm there is nothing to draw, and the summary and table carry the numbers); after
//! hydration an `Effect` reveals it and draws it with ECharts.

use leptos::prelude::*;

use crate::domain::MonthPoint;
use crate::ui::charts::trend_summary;
use crate::ui::text::use_locale;

const CHART_ID: &str = "revenue-chart";

#[component]
pub fn RevenueChart(points: Vec<MonthPoint>, currency: String) -> impl IntoView {
    let locale = use_locale();
    let summary = trend_summary(&points, &currency, locale);
    #[cfg(feature = "hydrate")]
    draw_when_mounted(points, locale);
    #[cfg(not(feature = "hydrate"))]
    let _ = points;
    view! {
        <p data-testid="revenue-summary" class="mt-2 text-sm text-slate-700">{summary.clone()}</p>
        <div
            hidden=true
            id=CHART_ID
            data-testid="revenue-chart"
            role="img"
            aria-label=summary
            class="mt-4 h-64 w-full sm:h-80"
        ></div>
    }
}

#[cfg(feature = "hydrate")]
fn draw_when_mounted(points: Vec<MonthPoint>, locale: crate::i18n::Locale) {
    use crate::ui::charts::revenue_trend_chart;
    use charming::{Echarts, WasmRenderer};

    let instance = StoredValue::new_local(None::<Echarts>);
    Effect::new(move |_| {
        if let Some(container) = document().get_element_by_id(CHART_ID) {
            let _ = container.remove_attribute("hidden");
        }
        let chart = revenue_trend_chart(&points, locale);
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
