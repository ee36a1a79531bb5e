//! Customer insights for a period of whole months: top customers and their share,
//! concentration (top 1/5/10 and the Herfindahl index, flagged when one customer
//! passes a set share), new against returning customers per month, how fast customers
//! pay, and DSO.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::customers::get_customers;
use crate::domain::customers::{CustomerInsights, FLAG_SHARE};
use crate::domain::format::{self, Lang};
use crate::domain::PeriodKey;
use crate::i18n::{lang_of, td_string, Locale};
use crate::ui::charts::ranking_chart;
use crate::ui::components::{EChart, Fallback, FoldOnPhone, Freshness, Loaded, ProblemNotes};
use crate::ui::live::live_version;
use crate::ui::style::{BOX, CARD, CELL, LINK, NUM, PILL, PILL_ACTIVE};
use crate::words::text::{period_label, use_locale};

/// Days with one decimal in the reader's language ("12.5", "12,5"), or "–".
pub fn days_text(days: Option<f64>, lang: Lang) -> String {
    match days {
        Some(days) if days.is_finite() => format::one_decimal(days, lang),
        _ => "–".to_string(),
    }
}

fn share_text(share: f64, lang: Lang) -> String {
    format::percent(share * 100.0, lang)
}

#[component]
pub fn CustomersPage() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let period = Memo::new(move |_| query.with(|q| q.get("period")));
    let data = Resource::new(
        move || (period.get(), live_version()),
        |(period, _)| get_customers(period),
    );
    view! {
        <main id="main" data-testid="customers" class="mx-auto max-w-6xl px-4 py-6">
            <h1 class="text-2xl font-semibold">{td_string!(locale, customers.title)}</h1>
            <Loaded data=data loading=td_string!(locale, customers.loading) body=move |data| view! { <CustomersBody data /> } />
        </main>
    }
}

#[component]
fn CustomersBody(data: CustomerInsights) -> impl IntoView {
    let locale = use_locale();
    let lang = lang_of(locale);
    let range = format::date_range(data.range.start, data.range.end, lang);
    let presets = PeriodKey::MONTHLY
        .into_iter()
        .map(|period| {
            let active = data.period == period;
            view! {
                <a
                    href=format!("/customers?period={}", period.key())
                    data-testid=format!("period-{}", period.key())
                    aria-current=active.then_some("page")
                    class=if active { PILL_ACTIVE } else { PILL }
                >
                    {period_label(period, locale)}
                </a>
            }
        })
        .collect_view();
    view! {
        <p class="text-sm text-slate-700">
            <span class="font-medium">{data.header.org_name.clone()}</span>
            " · "
            <span data-testid="customers-period">
                {format!("{} · {range}", period_label(data.period, locale))}
            </span>
        </p>
        <Freshness as_of=data.header.data_as_of now=data.header.computed_at />
        <ProblemNotes problems=data.problems.clone() fallback=Fallback::Defaults testid="customers-problem" />
        <FoldOnPhone
            label=td_string!(locale, query.period_nav)
            current=period_label(data.period, locale).to_string()
            testid="period-fold"
        >
            <nav aria-label=td_string!(locale, query.period_nav) class="mt-3 flex flex-wrap gap-2">{presets}</nav>
        </FoldOnPhone>
        <Headline data=data.clone() />
        <TopCustomers data=data.clone() />
        <NewReturningTable data=data.clone() />
        <Payers data=data.clone() />
        <details class="mt-6 text-sm text-slate-700">
            <summary class="cursor-pointer select-none font-medium">
                {td_string!(locale, customers.how_computed)}
            </summary>
            <p class="mt-1 max-w-3xl">
                {td_string!(
                    locale,
                    customers.explanation,
                    currency = data.header.base_currency.clone(),
                    flag = share_text(FLAG_SHARE, lang)
                )}
            </p>
        </details>
    }
}

/// Customers with revenue, DSO, days to pay, concentration.
#[component]
fn Headline(data: CustomerInsights) -> impl IntoView {
    let locale = use_locale();
    let lang = lang_of(locale);
    let c = data.concentration.clone();
    let flag = c.flagged.then(|| {
        view! {
            <p role="status" data-testid="concentration-flag" class="mt-3 rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950">
                {td_string!(locale, customers.flagged, share = share_text(c.top1, lang))}
            </p>
        }
    });
    view! {
        <section aria-label=td_string!(locale, customers.headline_label) class="mt-4 grid grid-cols-1 gap-2 sm:grid-cols-2 lg:grid-cols-4 sm:gap-3">
            <article data-testid="customer-count" class=CARD>
                <h2 class="text-sm font-medium text-slate-600">{td_string!(locale, customers.with_revenue)}</h2>
                <p data-testid="value" class="mt-1 text-2xl font-semibold tabular-nums">{format::count(c.customers, lang)}</p>
            </article>
            <article data-testid="dso" class=CARD>
                <h2 class="text-sm font-medium text-slate-600">{td_string!(locale, customers.dso)}</h2>
                <p data-testid="value" class="mt-1 text-2xl font-semibold tabular-nums">
                    {td_string!(locale, customers.days_value, days = days_text(data.dso_days, lang))}
                </p>
                <p class="text-xs text-slate-600">{td_string!(locale, customers.dso_note)}</p>
            </article>
            <article data-testid="days-to-pay" class=CARD>
                <h2 class="text-sm font-medium text-slate-600">{td_string!(locale, customers.days_to_pay)}</h2>
                <p data-testid="value" class="mt-1 text-2xl font-semibold tabular-nums">
                    {td_string!(locale, customers.days_value, days = days_text(data.all_settled.average_days_to_pay(), lang))}
                </p>
                <p class="text-xs text-slate-600">
                    {td_string!(locale, customers.days_late_note, days = days_text(data.all_settled.average_days_late(), lang))}
                </p>
            </article>
            <article data-testid="concentration" class=CARD>
                <h2 class="text-sm font-medium text-slate-600">{td_string!(locale, customers.concentration)}</h2>
                <p data-testid="value" class="mt-1 text-2xl font-semibold tabular-nums">{format!("HHI {}", format::count(i64::from(c.hhi), lang))}</p>
                <p class="text-xs text-slate-600">
                    {td_string!(
                        locale,
                        customers.top_shares,
                        top1 = share_text(c.top1, lang),
                        top5 = share_text(c.top5, lang),
                        top10 = share_text(c.top10, lang)
                    )}
                </p>
            </article>
        </section>
        {flag}
    }
}

/// The top customers as a chart with its table twin.
#[component]
fn TopCustomers(data: CustomerInsights) -> impl IntoView {
    let locale = use_locale();
    let lang = lang_of(locale);
    let currency = data.header.base_currency.clone();
    if data.top.is_empty() {
        return view! {
            <p data-testid="customers-empty" class="mt-6 rounded-lg border border-dashed border-slate-300 bg-white p-4 text-sm text-slate-700">
                {td_string!(locale, customers.no_revenue)}
            </p>
        }
        .into_any();
    }
    let summary = top_summary(&data, locale);
    let chart = ranking_chart(
        data.top.iter().map(|c| c.name.clone()).collect(),
        data.top.iter().map(|c| c.net_base_minor).collect(),
        td_string!(locale, customers.col_revenue),
    );
    let rows = data
        .top
        .iter()
        .enumerate()
        .map(|(rank, c)| {
            view! {
                <tr class="border-t border-slate-100" data-testid="top-customer">
                    <td class=format!("{NUM} hidden sm:table-cell")>{rank + 1}</td>
                    <th scope="row" class=format!("{CELL} text-left font-normal")>
                        <a href=format!("/customers/{}", c.customer_id) class=LINK>{c.name.clone()}</a>
                    </th>
                    <td class=format!("{NUM} hidden sm:table-cell")>{format::count(c.invoice_count, lang)}</td>
                    <td class=NUM>{format::money_exact(c.net_base_minor, &currency, lang)}</td>
                    <td class=NUM>{share_text(c.share, lang)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="top-heading" class=BOX>
            <h2 id="top-heading" class="text-lg font-semibold">{td_string!(locale, customers.top_heading)}</h2>
            <p class="text-sm text-slate-600">{td_string!(locale, customers.chart_note, currency = data.header.base_currency.clone())}</p>
            <EChart name="top-customers" summary chart />
            <div tabindex="0" class="mt-3 overflow-x-auto scroll-cue">
                <table data-testid="top-table" class="w-full text-sm">
                    <caption class="sr-only">{td_string!(locale, customers.top_heading)}</caption>
                    <thead class="text-left text-xs uppercase tracking-wide text-slate-600">
                        <tr>
                            <th scope="col" class=format!("{NUM} hidden sm:table-cell")>"#"</th>
                            <th scope="col" class=CELL>{td_string!(locale, customers.col_customer)}</th>
                            <th scope="col" class=format!("{NUM} hidden sm:table-cell")>{td_string!(locale, customers.col_invoices)}</th>
                            <th scope="col" class=NUM>{td_string!(locale, customers.col_revenue)}</th>
                            <th scope="col" class=NUM>{td_string!(locale, customers.col_share)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
    .into_any()
}

/// "Anders ApS brought 23.1% of the revenue; the top 5, 61.0%."
fn top_summary(data: &CustomerInsights, locale: Locale) -> String {
    let lang = lang_of(locale);
    match data.top.first() {
        Some(first) => td_string!(
            locale,
            customers.top_summary,
            name = first.name.clone(),
            share = share_text(first.share, lang),
            top5 = share_text(data.concentration.top5, lang)
        ),
        None => td_string!(locale, customers.no_revenue).to_string(),
    }
}

#[component]
fn NewReturningTable(data: CustomerInsights) -> impl IntoView {
    let locale = use_locale();
    let lang = lang_of(locale);
    let currency = data.header.base_currency.clone();
    let rows = data
        .new_vs_returning
        .iter()
        .map(|m| {
            view! {
                <tr class="border-t border-slate-100" data-testid="new-returning-row">
                    <th scope="row" class=format!("{CELL} text-left font-normal whitespace-nowrap")>{format::month(m.month, lang)}</th>
                    <td class=NUM>{format::count(m.new_customers, lang)}</td>
                    <td class=NUM>{format::count(m.returning_customers, lang)}</td>
                    <td class=format!("{NUM} hidden sm:table-cell")>{format::money_exact(m.new_net_base_minor, &currency, lang)}</td>
                    <td class=format!("{NUM} hidden sm:table-cell")>{format::money_exact(m.returning_net_base_minor, &currency, lang)}</td>
                    <td class=format!("{NUM} hidden md:table-cell")>{format::money_exact(m.credited_only_net_base_minor, &currency, lang)}</td>
                    <td class=format!("{NUM} hidden sm:table-cell")>{format::money_exact(m.total_net_base_minor(), &currency, lang)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="new-returning-heading" class=BOX>
            <h2 id="new-returning-heading" class="text-lg font-semibold">{td_string!(locale, customers.new_returning_heading)}</h2>
            <p class="text-sm text-slate-600">{td_string!(locale, customers.new_returning_note)}</p>
            <div tabindex="0" class="mt-2 max-h-[28rem] overflow-auto">
                <table data-testid="new-returning-table" class="w-full text-sm">
                    <thead class="sticky top-0 bg-white text-left text-xs uppercase tracking-wide text-slate-600">
                        <tr>
                            <th scope="col" class=CELL>{td_string!(locale, customers.col_month)}</th>
                            <th scope="col" class=NUM>{td_string!(locale, customers.col_new)}</th>
                            <th scope="col" class=NUM>{td_string!(locale, customers.col_returning)}</th>
                            <th scope="col" class=format!("{NUM} hidden sm:table-cell")>{td_string!(locale, customers.col_new_revenue)}</th>
                            <th scope="col" class=format!("{NUM} hidden sm:table-cell")>{td_string!(locale, customers.col_returning_revenue)}</th>
                            <th scope="col" class=format!("{NUM} hidden md:table-cell")>{td_string!(locale, customers.col_credited_only)}</th>
                            <th scope="col" class=format!("{NUM} hidden sm:table-cell")>{td_string!(locale, customers.col_month_total)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

/// Customers paying furthest past their due dates.
#[component]
fn Payers(data: CustomerInsights) -> impl IntoView {
    let locale = use_locale();
    let lang = lang_of(locale);
    let body = if data.slowest_payers.is_empty() {
        view! { <p class="mt-2 text-sm text-slate-700">{td_string!(locale, customers.no_settlements)}</p> }.into_any()
    } else {
        let rows = data
            .slowest_payers
            .iter()
            .map(|p| {
                view! {
                    <tr class="border-t border-slate-100" data-testid="payer-row">
                        <th scope="row" class=format!("{CELL} text-left font-normal")>
                            <a href=format!("/customers/{}", p.customer_id) class=LINK>{p.name.clone()}</a>
                        </th>
                        <td class=format!("{NUM} hidden sm:table-cell")>{format::count(p.settled, lang)}</td>
                        <td class=NUM>{days_text(p.average_days_to_pay(), lang)}</td>
                        <td class=NUM>{days_text(p.average_days_late(), lang)}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div tabindex="0" class="mt-2 overflow-x-auto scroll-cue">
                <table data-testid="payers-table" class="w-full text-sm">
                    <thead class="text-left text-xs uppercase tracking-wide text-slate-600">
                        <tr>
                            <th scope="col" class=CELL>{td_string!(locale, customers.col_customer)}</th>
                            <th scope="col" class=format!("{NUM} hidden sm:table-cell")>{td_string!(locale, customers.col_settled)}</th>
                            <th scope="col" class=NUM>{td_string!(locale, customers.col_days_to_pay)}</th>
                            <th scope="col" class=NUM>{td_string!(locale, customers.col_days_late)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <section aria-labelledby="payers-heading" class=BOX>
            <h2 id="payers-heading" class="text-lg font-semibold">{td_string!(locale, customers.payers_heading)}</h2>
            {body}
        </section>
    }
}
