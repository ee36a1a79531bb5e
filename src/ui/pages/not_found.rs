//! The page for unknown paths: says so and offers the way back.

use leptos::prelude::*;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! {
        <main class="mx-auto max-w-6xl px-4 py-10">
            <h1 class="text-2xl font-semibold">"Page not found"</h1>
            <p class="mt-2 text-slate-700">
                "There is nothing at this address. "
                <a class="text-emerald-800 underline" href="/">"Go to the overview"</a>
            </p>
        </main>
    }
}
