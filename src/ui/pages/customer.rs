//! One customer: revenue over the last twelve months (chart and table), what they owe
//! today, and how they pay ("usually pays 12 days after the due date"), with links to
//! their invoices.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::customers::get_customer;
use crate::domain::customers::CustomerView;
use crate::domain::format;
use crate::i18n::{lang_of, td_string, Locale};
use crate::ui::charts::bar_chart;
use crate::ui::components::{EChart, Loaded};
use crate::ui::live::live_version;
use crate::ui::pages::customers::days_text;
use crate::ui::style::{CARD, LINK};
use crate::words::text::use_locale;

#[component]
pub fn CustomerPage() -> impl IntoView {
    let locale = use_locale();
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params.with(|p| {
            p.get("id")
                .and_then(|id| id.parse::<i64>().ok())
                .unwrap_or(0)
        })
    });
    let customer = Resource::new(
        move || (id.get(), live_version()),
        |(id, _)| get_customer(id),
    );
    view! {
        <main id="main" data-testid="customer" class="mx-auto max-w-4xl px-4 py-6">
            <a href="/customers" class="inline-flex min-h-6 items-center text-sm font-medium text-emerald-800 underline">
                {td_string!(locale, customers.back)}
            </a>
            <Loaded data=customer loading=td_string!(locale, customers.loading) body=move |view| view! { <CustomerBody view /> } />
        </main>
    }
}

/// "Usually pays 12 days after the due date", "… 3 days before …", "… on the due date":
/// the median, so one very late payment does not make a prompt payer look slow; the
/// mean follows when it tells a different story.
fn behaviour(view: &CustomerView, locale: Locale) -> String {
    let lang = lang_of(locale);
    let Some(median) = view.median_days_late else {
        return td_string!(locale, customers.behaviour_none).to_string();
    };
    let days = median.round() as i64;
    let count = days.abs();
    let n = format::count(count, lang);
    let usually = match days {
        0 => td_string!(locale, customers.behaviour_on_time).to_string(),
        d if d > 0 => td_string!(locale, customers.behaviour_late, count = count, n = n),
        _ => td_string!(locale, customers.behaviour_early, count = count, n = n),
    };
    match view.settlements.average_days_late() {
        Some(mean) if (mean.round() as i64) != days => format!(
            "{usually} {}",
            td_string!(
                locale,
                customers.behaviour_mean,
                days = format::one_decimal(mean, lang)
            )
        ),
        _ => usually,
    }
}

#[component]
fn CustomerBody(view: CustomerView) -> impl IntoView {
    let locale = use_locale();
    let lang = lang_of(locale);
    let currency = view.base_currency.clone();
    let money = move |minor: i64| format::money_exact(minor, &currency, lang);
    let labels: Vec<String> = view
        .months
        .iter()
        .map(|(m, _)| format::month(*m, lang))
        .collect();
    let chart = bar_chart(
        labels.clone(),
        view.months.iter().map(|(_, net)| *net).collect(),
        td_string!(locale, customers.col_revenue),
    );
    let summary = td_string!(
        locale,
        customers.customer_summary,
        name = view.name.clone(),
        total = format::money(view.total_net_base_minor, &view.base_currency, lang)
    );
    let rows = view
        .months
        .iter()
        .zip(labels)
        .map(|((_, net), label)| {
            view! {
                <tr class="border-t border-slate-100">
                    <th scope="row" class="px-3 py-1.5 text-left font-normal">{label}</th>
                    <td class="px-3 py-1.5 text-right tabular-nums">{money(*net)}</td>
                </tr>
            }
        })
        .collect_view();
    let id = view.customer_id;
    view! {
        <h1 data-testid="customer-name" class="mt-3 text-2xl font-semibold">{view.name.clone()}</h1>
        <p data-testid="customer-behaviour" class="mt-1 text-slate-800">{behaviour(&view, locale)}</p>
        <section aria-label=td_string!(locale, customers.headline_label) class="mt-4 grid grid-cols-1 gap-2 sm:grid-cols-3 sm:gap-3">
            <article data-testid="customer-revenue" class=CARD>
                <h2 class="text-sm font-medium text-slate-600">{td_string!(locale, customers.revenue_12m)}</h2>
                <p data-testid="value" class="mt-1 text-xl font-semibold tabular-nums">{money(view.total_net_base_minor)}</p>
            </article>
            <article data-testid="customer-outstanding" class=CARD>
                <h2 class="text-sm font-medium text-slate-600">{td_string!(locale, customers.outstanding)}</h2>
                <p data-testid="value" class="mt-1 text-xl font-semibold tabular-nums">{money(view.outstanding_base_minor)}</p>
                <p class="text-xs text-slate-600">
                    {td_string!(locale, customers.of_which_overdue, amount = money(view.overdue_base_minor))}
                </p>
            </article>
            <article data-testid="customer-days-to-pay" class=CARD>
                <h2 class="text-sm font-medium text-slate-600">{td_string!(locale, customers.days_to_pay)}</h2>
                <p data-testid="value" class="mt-1 text-xl font-semibold tabular-nums">
                    {td_string!(locale, customers.days_value, days = days_text(view.settlements.average_days_to_pay(), lang))}
                </p>
                <p class="text-xs text-slate-600">
                    {td_string!(locale, customers.settled_count, count = view.settlements.settled, n = format::count(view.settlements.settled, lang))}
                </p>
            </article>
        </section>
        <p class="mt-4 flex flex-wrap gap-x-4 gap-y-1 text-sm">
            <a href=format!("/invoices?customer={id}") class=LINK>{td_string!(locale, customers.all_invoices)}</a>
            <a href=format!("/invoices?customer={id}&status=unpaid") data-testid="customer-unpaid" class=LINK>
                {td_string!(locale, customers.unpaid_invoices, count = view.open_invoices, n = format::count(view.open_invoices, lang))}
            </a>
        </p>
        <section aria-labelledby="customer-months" class="mt-6 rounded-lg border border-slate-200 bg-white p-3 sm:p-4">
            <h2 id="customer-months" class="text-lg font-semibold">{td_string!(locale, customers.months_heading)}</h2>
            <p class="text-sm text-slate-600">{td_string!(locale, customers.chart_note, currency = view.base_currency.clone())}</p>
            <EChart name="customer-months" summary chart />
            <div tabindex="0" class="mt-3 max-h-[28rem] overflow-auto">
                <table data-testid="customer-months-table" class="w-full text-sm">
                    <thead class="sticky top-0 bg-white text-left text-xs uppercase tracking-wide text-slate-600">
                        <tr>
                            <th scope="col" class="px-3 py-1.5">{td_string!(locale, customers.col_month)}</th>
                            <th scope="col" class="px-3 py-1.5 text-right">{td_string!(locale, customers.col_revenue)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}
