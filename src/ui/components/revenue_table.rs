//! The revenue chart's data-table twin: the same numbers, readable without wasm and by
//! screen readers.

use leptos::prelude::*;

use crate::domain::money::{format_change, format_count, format_money, percent_change};
use crate::domain::MonthPoint;

#[component]
pub fn RevenueTable(points: Vec<MonthPoint>, currency: String) -> impl IntoView {
    let rows = points
        .into_iter()
        .map(|point| {
            let change = format_change(percent_change(
                point.revenue_minor,
                point.previous_year_minor,
            ));
            view! {
                <tr class="border-t border-slate-100">
                    <th scope="row" class="py-1.5 pr-3 text-left font-normal">{point.label()}</th>
                    <td class="py-1.5 pr-3 text-right tabular-nums">
                        {format_money(point.revenue_minor, &currency)}
                    </td>
                    <td class="hidden py-1.5 pr-3 text-right tabular-nums sm:table-cell">
                        {format_count(point.invoice_count)}
                    </td>
                    <td class="hidden py-1.5 pr-3 text-right tabular-nums sm:table-cell">
                        {format_money(point.previous_year_minor, &currency)}
                    </td>
                    <td class="py-1.5 text-right tabular-nums">{change}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="mt-4 overflow-x-auto">
            <table data-testid="revenue-table" class="w-full text-sm">
                <caption class="sr-only">"Revenue by month and the same month a year earlier"</caption>
                <thead>
                    <tr class="text-left text-xs uppercase tracking-wide text-slate-600">
                        <th scope="col" class="py-1.5 pr-3">"Month"</th>
                        <th scope="col" class="py-1.5 pr-3 text-right">"Revenue"</th>
                        <th scope="col" class="hidden py-1.5 pr-3 text-right sm:table-cell">"Invoices"</th>
                        <th scope="col" class="hidden py-1.5 pr-3 text-right sm:table-cell">"A year earlier"</th>
                        <th scope="col" class="py-1.5 text-right">"Change"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
