//! One KPI: the value, the compared days' value and a year earlier's, the changes, and
//! how it is computed.

use leptos::prelude::*;

use crate::domain::Kpi;
use crate::i18n::{lang_of, td_string};
use crate::words::text::{kpi_explanation, kpi_label, use_locale};

#[component]
pub fn KpiCard(
    kpi: Kpi,
    currency: String,
    /// The invoice table behind the figure, when it is a sum of invoices.
    link: Option<String>,
) -> impl IntoView {
    let locale = use_locale();
    let lang = lang_of(locale);
    let tone = |change: Option<f64>| match change {
        Some(c) if c == 0.0 || (c > 0.0) == kpi.key.higher_is_better() => {
            "font-medium text-emerald-800"
        }
        Some(_) => "font-medium text-rose-700",
        None => "font-medium text-slate-600",
    };
    let change_class = tone(kpi.change());
    let last_year_class = tone(kpi.change_on_last_year());
    view! {
        <article
            data-testid=format!("kpi-{}", kpi.key.key())
            class="min-w-0 rounded-lg border border-slate-200 bg-white p-3 shadow-sm sm:p-4"
        >
            <h2 class="text-sm font-medium text-slate-600">{kpi_label(kpi.key, locale)}</h2>
            <p data-testid="kpi-value" class="mt-1 text-lg font-semibold tabular-nums [overflow-wrap:anywhere] sm:text-2xl">
                {match link {
                    Some(href) => view! {
                        <a data-testid="kpi-link" href=href class="underline decoration-slate-300 underline-offset-4 hover:decoration-emerald-600">
                            {kpi.current.format(&currency, lang)}
                        </a>
                    }.into_any(),
                    None => kpi.current.format(&currency, lang).into_any(),
                }}
            </p>
            <ChangeLine
                change=kpi.change_label(lang)
                tone=change_class
                versus=td_string!(locale, overview.versus)
                figure=kpi.previous.format(&currency, lang)
                testids=("kpi-change", "kpi-previous")
                class="mt-1 text-sm text-slate-600"
            />
            <ChangeLine
                change=kpi.change_on_last_year_label(lang)
                tone=last_year_class
                versus=td_string!(locale, overview.versus_last_year)
                figure=kpi.last_year.format(&currency, lang)
                testids=("kpi-change-last-year", "kpi-last-year")
                class="text-sm text-slate-600"
            />
            <details class="mt-2 text-xs text-slate-600">
                <summary class="cursor-pointer select-none">
                    {td_string!(locale, overview.how_computed)}
                </summary>
                <p class="mt-1">{kpi_explanation(kpi.key, locale)}</p>
            </details>
        </article>
    }
}

/// "+12.0% vs DKK 1,234": a change in its tone, what it is against, and that figure.
/// `testids` name the change and the figure.
#[component]
fn ChangeLine(
    change: String,
    tone: &'static str,
    versus: &'static str,
    figure: String,
    testids: (&'static str, &'static str),
    class: &'static str,
) -> impl IntoView {
    view! {
        <p class=class>
            <span data-testid=testids.0 class=tone>{change}</span>
            " "
            {versus}
            " "
            <span data-testid=testids.1 class="tabular-nums">{figure}</span>
        </p>
    }
}
