//! The revenue chart's data-table twin: the same numbers, readable without wasm and by
//! screen readers.

use leptos::prelude::*;

use crate::domain::format;
use crate::domain::money::percent_change;
use crate::domain::MonthPoint;
use crate::i18n::{lang_of, td_string};
use crate::words::text::use_locale;

#[component]
pub fn RevenueTable(points: Vec<MonthPoint>, currency: String) -> impl IntoView {
    let locale = use_locale();
    let lang = lang_of(locale);
    let rows = points
        .into_iter()
        .map(|point| {
            let change = format::change(
                percent_change(point.revenue_minor, point.previous_year_minor),
                lang,
            );
            // A month not over yet says so: both years' figures stop at the same date.
            let label = match point.through {
                Some(day) => td_string!(
                    locale,
                    overview.month_to_date,
                    month = point.label(lang),
                    date = format::date(day, lang)
                ),
                None => point.label(lang),
            };
            view! {
                <tr class="border-t border-slate-100">
                    <th scope="row" class="py-1.5 pr-3 text-left font-normal">{label}</th>
                    <td class="py-1.5 pr-3 text-right tabular-nums">
                        {format::money(point.revenue_minor, &currency, lang)}
                    </td>
                    <td class="hidden py-1.5 pr-3 text-right tabular-nums sm:table-cell">
                        {format::count(point.invoice_count, lang)}
                    </td>
                    <td class="hidden py-1.5 pr-3 text-right tabular-nums sm:table-cell">
                        {format::money(point.previous_year_minor, &currency, lang)}
                    </td>
                    <td class="py-1.5 text-right tabular-nums">{change}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div tabindex="0" class="mt-4 overflow-x-auto scroll-cue">
            <table data-testid="revenue-table" class="w-full text-sm">
                <caption class="sr-only">{td_string!(locale, overview.table_caption)}</caption>
                <thead>
                    <tr class="text-left text-xs uppercase tracking-wide text-slate-600">
                        <th scope="col" class="py-1.5 pr-3">{td_string!(locale, overview.col_month)}</th>
                        <th scope="col" class="py-1.5 pr-3 text-right">{td_string!(locale, overview.col_revenue)}</th>
                        <th scope="col" class="hidden py-1.5 pr-3 text-right sm:table-cell">{td_string!(locale, overview.col_invoices)}</th>
                        <th scope="col" class="hidden py-1.5 pr-3 text-right sm:table-cell">{td_string!(locale, overview.col_year_earlier)}</th>
                        <th scope="col" class="py-1.5 text-right">{td_string!(locale, overview.col_change)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
