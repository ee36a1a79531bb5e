//! A chart drawn by ECharts after hydration, with its text summary. The server renders
//! the summary and a hidden, labelled container (without wasm there is nothing to draw,
//! and the summary and the table twin carry the numbers); after hydration an `Effect`
//! reveals the container and draws the chart (dark when the page is), and redraws it to
//! fit on resize.

use charming::Chart;
use leptos::prelude::*;

/// `name` names the test ids (`{name}-summary`, `{name}-chart`) and the element id.
#[component]
pub fn EChart(name: &'static str, summary: String, chart: Chart) -> impl IntoView {
    let id = format!("{name}-chart");
    #[cfg(feature = "hydrate")]
    draw_when_mounted(
        id.clone(),
        chart,
        crate::ui::theme::draws_dark(crate::ui::theme::use_page_theme()),
    );
    #[cfg(not(feature = "hydrate"))]
    let _ = chart;
    view! {
        <p data-testid=format!("{name}-summary") class="mt-2 text-sm text-slate-700">
            {summary.clone()}
        </p>
        <div
            hidden=true
            id=id.clone()
            data-testid=id
            role="img"
            aria-label=summary
            class="mt-4 h-64 w-full sm:h-80"
        ></div>
    }
}

#[cfg(feature = "hydrate")]
fn draw_when_mounted(id: String, chart: Chart, dark: bool) {
    use charming::theme::Theme;
    use charming::{Echarts, WasmRenderer};

    // ECharts' own dark theme for axes, labels and tooltips; the page's surface shows
    // through, and the series colours keep 3:1 contrast on both backgrounds.
    let (chart, theme) = if dark {
        (chart.background_color("transparent"), Theme::Dark)
    } else {
        (chart, Theme::Default)
    };
    let instance = StoredValue::new_local(None::<Echarts>);
    Effect::new(move |_| {
        if let Some(container) = document().get_element_by_id(&id) {
            let _ = container.remove_attribute("hidden");
        }
        match WasmRenderer::new_opt(None, None)
            .theme(theme.clone())
            .render(&id, &chart)
        {
            Ok(drawn) => instance.set_value(Some(drawn)),
            Err(err) => leptos::logging::warn!("chart {id} not drawn: {err:?}"),
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
