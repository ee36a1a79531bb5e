//! The Overview's period switcher: plain links, so it works before and without wasm; after
//! hydration the router turns them into in-place updates. One line on a phone.

use leptos::prelude::*;

use super::FoldOnPhone;
use crate::domain::PeriodKey;
use crate::i18n::td_string;
use crate::words::text::{period_label, use_locale};

#[component]
pub fn PeriodPicker(#[prop(into)] active: Signal<PeriodKey>) -> impl IntoView {
    let locale = use_locale();
    let links = PeriodKey::OVERVIEW
        .into_iter()
        .map(|preset| {
            let is_active = move || active.get() == preset;
            view! {
                <a
                    href=format!("/?period={}", preset.key())
                    data-testid=format!("period-{}", preset.key())
                    aria-current=move || is_active().then_some("page")
                    class=move || {
                        if is_active() {
                            "whitespace-nowrap rounded-full bg-emerald-700 px-3 py-1.5 text-sm font-medium text-white"
                        } else {
                            "whitespace-nowrap rounded-full border border-slate-300 bg-white px-3 py-1.5 text-sm text-slate-800 hover:border-emerald-600"
                        }
                    }
                >
                    {period_label(preset, locale)}
                </a>
            }
        })
        .collect_view();
    let current = Signal::derive(move || period_label(active.get(), locale).to_string());
    view! {
        <FoldOnPhone label=td_string!(locale, query.period_nav) current testid="period-fold">
            <nav aria-label=td_string!(locale, query.period_nav) class="mt-2 flex flex-wrap gap-2 sm:mt-0">
                {links}
            </nav>
        </FoldOnPhone>
    }
}
