//! The page for unknown paths: says so and offers the way back.

use leptos::prelude::*;

use crate::i18n::td_string;
use crate::words::text::use_locale;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    let locale = use_locale();
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! {
        <main class="mx-auto max-w-6xl px-4 py-10">
            <h1 class="text-2xl font-semibold">{td_string!(locale, accounts.not_found_title)}</h1>
            <p class="mt-2 text-slate-700">
                {td_string!(locale, accounts.not_found_text)}
                " "
                <a class="text-emerald-800 underline" href="/">
                    {td_string!(locale, accounts.not_found_link)}
                </a>
            </p>
        </main>
    }
}
