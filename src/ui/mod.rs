//! Leptos components: the document shell, the app with its router, pages and
//! reusable components. Nothing here touches the database; data comes from `api`.

pub mod charts;
pub mod components;
pub mod pages;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};

use pages::{NotFoundPage, OverviewPage};

/// The HTML document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                // ECharts is served by the app itself (never a CDN) and must exist as the
                // global `echarts` before hydration draws a chart.
                <script src="/vendor/echarts.min.js" defer></script>
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body class="min-h-screen bg-slate-50 text-slate-900 antialiased">
                <App />
            </body>
        </html>
    }
}

/// The application: header, navigation and the routed page.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // Tells tests (and curious people) that the wasm bundle has taken over the page.
    Effect::new(move |_| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-hydrated", "true");
        }
    });
    view! {
        <Stylesheet id="leptos" href="/pkg/ledgerlight.css" />
        <Title text="Ledgerlight" />
        <Router>
            <header class="border-b border-slate-200 bg-white">
                <div class="mx-auto flex max-w-6xl items-center justify-between gap-4 px-4 py-3">
                    <a href="/" class="flex items-center gap-2 font-semibold text-slate-900">
                        <span aria-hidden="true" class="inline-block h-6 w-6 rounded bg-emerald-600"></span>
                        "Ledgerlight"
                    </a>
                    <nav aria-label="Main" class="text-sm">
                        <a href="/" class="rounded px-2 py-1 font-medium text-emerald-800 hover:bg-emerald-50">
                            "Overview"
                        </a>
                    </nav>
                </div>
            </header>
            <Routes fallback=|| view! { <NotFoundPage /> }>
                // Async: the server waits for the figures and sends complete HTML, so the page is
                // whole without JavaScript (out-of-order streaming needs a script to place
                // resolved fragments).
                <Route path=path!("/") view=OverviewPage ssr=SsrMode::Async />
            </Routes>
        </Router>
    }
}
