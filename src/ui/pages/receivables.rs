//! The Receivables page: what customers owed at the end of a chosen day (today unless
//! the URL names an earlier one), aged into buckets by days past due, as a chart with
//! its table twin; the customers owing most; and the overdue invoices to chase.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::receivables::get_receivables;
use crate::domain::format::{self, Lang};
use crate::domain::receivables::{AgingBucket, ReceivablesData};
use crate::i18n::{lang_of, td_string, Locale};
use crate::ui::charts::bar_chart;
use crate::ui::components::{EChart, Fallback, Freshness, Loaded, ProblemNotes};
use crate::ui::live::live_version;
use crate::ui::style::{BOX, CELL, LINK, NUM};
use crate::words::text::{aging_bucket_label, use_locale};

#[component]
pub fn ReceivablesPage() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let as_of = Memo::new(move |_| query.with(|q| q.get("as_of")));
    let data = Resource::new(
        move || (as_of.get(), live_version()),
        |(as_of, _)| get_receivables(as_of),
    );
    view! {
        <main id="main" data-testid="receivables" class="mx-auto max-w-6xl px-4 py-6">
            <h1 class="text-2xl font-semibold">{td_string!(locale, receivables.title)}</h1>
            <Loaded data=data loading=td_string!(locale, receivables.loading) body=move |data| view! { <ReceivablesBody data /> } />
        </main>
    }
}

#[component]
fn ReceivablesBody(data: ReceivablesData) -> impl IntoView {
    let locale = use_locale();
    let lang = lang_of(locale);
    let currency = data.header.base_currency.clone();
    let money = move |minor: i64| format::money_exact(minor, &currency, lang);
    let aging = &data.aging;
    let as_of_text = format::date(data.as_of, lang);
    view! {
        <p class="text-sm text-slate-700">
            <span class="font-medium">{data.header.org_name.clone()}</span>
            " · "
            <span data-testid="receivables-as-of">
                {td_string!(locale, receivables.as_of_line, date = as_of_text.clone())}
            </span>
        </p>
        <Freshness as_of=data.header.data_as_of now=data.header.computed_at />
        <ProblemNotes problems=data.problems.clone() fallback=Fallback::Defaults testid="receivables-problem" />
        <form method="get" action="/receivables" data-testid="as-of-form" class="mt-3 flex flex-wrap items-end gap-2 text-sm">
            <label class="flex flex-col gap-1">
                <span class="font-medium text-slate-700">{td_string!(locale, receivables.as_of_label)}</span>
                <input
                    type="date"
                    name="as_of"
                    value=data.as_of.format("%Y-%m-%d").to_string()
                    max=data.header.today.format("%Y-%m-%d").to_string()
                    class="min-h-9 rounded border border-slate-300 bg-white px-2 py-1 text-slate-900"
                />
            </label>
            <button type="submit" class="min-h-9 rounded bg-emerald-700 px-4 py-1 font-medium text-white hover:bg-emerald-800">
                {td_string!(locale, receivables.show)}
            </button>
            {(data.as_of != data.header.today).then(|| view! {
                <a href="/receivables" class=format!("{LINK} inline-flex min-h-9 items-center")>
                    {td_string!(locale, receivables.today)}
                </a>
            })}
        </form>
        <section aria-label=td_string!(locale, receivables.totals_label) class="mt-4 grid grid-cols-1 gap-2 sm:grid-cols-2 sm:gap-3">
            <article data-testid="receivables-total" class="rounded-lg border border-slate-200 bg-white p-3 shadow-sm sm:p-4">
                <h2 class="text-sm font-medium text-slate-600">{td_string!(locale, receivables.outstanding)}</h2>
                <p data-testid="value" class="mt-1 text-2xl font-semibold tabular-nums">{money(aging.total.base_minor)}</p>
                <p class="text-sm text-slate-700">
                    {td_string!(locale, receivables.invoices_count, count = aging.total.count, n = format::count(aging.total.count, lang))}
                </p>
            </article>
            <article data-testid="receivables-overdue" class="rounded-lg border border-slate-200 bg-white p-3 shadow-sm sm:p-4">
                <h2 class="text-sm font-medium text-slate-600">{td_string!(locale, receivables.overdue)}</h2>
                <p data-testid="value" class="mt-1 text-2xl font-semibold tabular-nums">{money(aging.overdue.base_minor)}</p>
                <p class="text-sm text-slate-700">
                    {td_string!(locale, receivables.invoices_count, count = aging.overdue.count, n = format::count(aging.overdue.count, lang))}
                </p>
            </article>
        </section>
        <AgingSection data=data.clone() />
        <Debtors data=data.clone() />
        <ChaseList data=data.clone() />
        <details class="mt-6 text-sm text-slate-700">
            <summary class="cursor-pointer select-none font-medium">
                {td_string!(locale, receivables.how_computed)}
            </summary>
            <p class="mt-1 max-w-3xl">{td_string!(locale, receivables.explanation, currency = data.header.base_currency.clone())}</p>
        </details>
    }
}

fn share_text(part: i64, whole: i64, lang: Lang) -> String {
    if whole <= 0 {
        return "–".to_string();
    }
    format::percent(part as f64 * 100.0 / whole as f64, lang)
}

/// The buckets as a chart, its summary and its table twin.
#[component]
fn AgingSection(data: ReceivablesData) -> impl IntoView {
    let locale = use_locale();
    let lang = lang_of(locale);
    let currency = data.header.base_currency.clone();
    let aging = data.aging.clone();
    let labels: Vec<String> = AgingBucket::ALL
        .iter()
        .map(|b| aging_bucket_label(*b, locale).to_string())
        .collect();
    let amounts: Vec<i64> = aging.buckets.iter().map(|b| b.base_minor).collect();
    let summary = aging_summary(&data, locale);
    let chart = bar_chart(
        labels.clone(),
        amounts,
        td_string!(locale, receivables.outstanding),
    );
    let rows = AgingBucket::ALL
        .iter()
        .zip(aging.buckets.iter())
        .zip(labels)
        .map(|((bucket, total), label)| {
            view! {
                <tr class="border-t border-slate-100" data-bucket=bucket.key()>
                    <th scope="row" class=format!("{CELL} text-left font-normal")>{label}</th>
                    <td class=NUM>{format::count(total.count, lang)}</td>
                    <td class=NUM>{format::money_exact(total.base_minor, &currency, lang)}</td>
                    <td class=format!("{NUM} hidden sm:table-cell")>{share_text(total.base_minor, aging.total.base_minor, lang)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="aging-heading" class=BOX>
            <h2 id="aging-heading" class="text-lg font-semibold">{td_string!(locale, receivables.aging_heading)}</h2>
            <p class="text-sm text-slate-600">{td_string!(locale, receivables.chart_note, currency = data.header.base_currency.clone())}</p>
            <EChart name="aging" summary chart />
            <div tabindex="0" class="mt-3 overflow-x-auto scroll-cue">
                <table data-testid="aging-table" class="w-full text-sm">
                    <caption class="sr-only">{td_string!(locale, receivables.aging_heading)}</caption>
                    <thead class="text-left text-xs uppercase tracking-wide text-slate-600">
                        <tr>
                            <th scope="col" class=CELL>{td_string!(locale, receivables.col_bucket)}</th>
                            <th scope="col" class=NUM>{td_string!(locale, receivables.col_invoices)}</th>
                            <th scope="col" class=NUM>{td_string!(locale, receivables.col_amount)}</th>
                            <th scope="col" class=format!("{NUM} hidden sm:table-cell")>{td_string!(locale, receivables.col_share)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                    <tfoot>
                        <tr class="border-t border-slate-300 font-medium">
                            <th scope="row" class=format!("{CELL} text-left")>{td_string!(locale, receivables.total)}</th>
                            <td class=NUM>{format::count(aging.total.count, lang)}</td>
                            <td class=NUM data-testid="aging-total">{format::money_exact(aging.total.base_minor, &data.header.base_currency, lang)}</td>
                            <td class=format!("{NUM} hidden sm:table-cell")></td>
                        </tr>
                    </tfoot>
                </table>
            </div>
        </section>
    }
}

/// "On 28 Nov 2026 customers owed DKK 1,234.56, of which DKK 234.00 (19.0%) was overdue."
fn aging_summary(data: &ReceivablesData, locale: Locale) -> String {
    let lang = lang_of(locale);
    let aging = &data.aging;
    if aging.total.count == 0 {
        return td_string!(
            locale,
            receivables.summary_none,
            date = format::date(data.as_of, lang)
        );
    }
    td_string!(
        locale,
        receivables.summary,
        date = format::date(data.as_of, lang),
        total = format::money(aging.total.base_minor, &data.header.base_currency, lang),
        overdue = format::money(aging.overdue.base_minor, &data.header.base_currency, lang),
        share = share_text(aging.overdue.base_minor, aging.total.base_minor, lang)
    )
}

/// The customers owing most, by bucket.
#[component]
fn Debtors(data: ReceivablesData) -> impl IntoView {
    let locale = use_locale();
    let lang = lang_of(locale);
    let currency = data.header.base_currency.clone();
    if data.aging.debtors.is_empty() {
        return ().into_any();
    }
    let rows = data
        .aging
        .debtors
        .iter()
        .map(|d| {
            let overdue: i64 = d.buckets[1..].iter().sum();
            view! {
                <tr class="border-t border-slate-100" data-testid="debtor-row">
                    <th scope="row" class=format!("{CELL} text-left font-normal")>
                        <a href=format!("/invoices?customer={}&status=unpaid", d.customer_id) class=LINK>
                            {d.customer_name.clone()}
                        </a>
                    </th>
                    <td class=NUM>{format::money_exact(d.total_base_minor, &currency, lang)}</td>
                    <td class=NUM>{format::money_exact(overdue, &currency, lang)}</td>
                    <td class=format!("{NUM} hidden md:table-cell")>{format::money_exact(d.buckets[4], &currency, lang)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="debtors-heading" class=BOX>
            <h2 id="debtors-heading" class="text-lg font-semibold">{td_string!(locale, receivables.debtors_heading)}</h2>
            <div tabindex="0" class="mt-2 overflow-x-auto scroll-cue">
                <table data-testid="debtors-table" class="w-full text-sm">
                    <thead class="text-left text-xs uppercase tracking-wide text-slate-600">
                        <tr>
                            <th scope="col" class=CELL>{td_string!(locale, receivables.col_customer)}</th>
                            <th scope="col" class=NUM>{td_string!(locale, receivables.outstanding)}</th>
                            <th scope="col" class=NUM>{td_string!(locale, receivables.overdue)}</th>
                            <th scope="col" class=format!("{NUM} hidden md:table-cell")>{aging_bucket_label(AgingBucket::Over90, locale)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
    .into_any()
}

/// Overdue invoices, largest and oldest first.
#[component]
fn ChaseList(data: ReceivablesData) -> impl IntoView {
    let locale = use_locale();
    let lang = lang_of(locale);
    let base = data.header.base_currency.clone();
    let as_of = data.as_of;
    let body = if data.aging.to_chase.is_empty() {
        view! {
            <p data-testid="nothing-to-chase" class="mt-2 text-sm text-slate-700">
                {td_string!(locale, receivables.nothing_overdue)}
            </p>
        }
        .into_any()
    } else {
        let rows = data
            .aging
            .to_chase
            .iter()
            .map(|invoice| {
                let days = invoice.days_past_due(as_of);
                view! {
                    <tr class="border-t border-slate-100 align-top" data-testid="chase-row">
                        <th scope="row" class=format!("{CELL} text-left font-normal")>
                            <a href=format!("/invoices/{}", invoice.id) class=LINK>{invoice.invoice_no.clone()}</a>
                        </th>
                        <td class=format!("{CELL} max-w-[9rem] break-words sm:max-w-none")>{invoice.customer_name.clone()}</td>
                        <td class=format!("{NUM} hidden sm:table-cell")>{format::date_compact(invoice.due_date, lang)}</td>
                        <td class=NUM>{td_string!(locale, receivables.days, count = days, n = format::count(days, lang))}</td>
                        <td class=NUM>
                            {format::money_exact(invoice.open_base_minor, &base, lang)}
                            {(invoice.currency != base).then(|| view! {
                                <span class="block text-xs text-slate-600">{format::money_exact(invoice.open_minor, &invoice.currency, lang)}</span>
                            })}
                        </td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div tabindex="0" class="mt-2 overflow-x-auto scroll-cue">
                <table data-testid="chase-table" class="w-full text-sm">
                    <thead class="text-left text-xs uppercase tracking-wide text-slate-600">
                        <tr>
                            <th scope="col" class=CELL>{td_string!(locale, receivables.col_number)}</th>
                            <th scope="col" class=CELL>{td_string!(locale, receivables.col_customer)}</th>
                            <th scope="col" class=format!("{NUM} hidden sm:table-cell")>{td_string!(locale, receivables.col_due)}</th>
                            <th scope="col" class=NUM>{td_string!(locale, receivables.col_past_due)}</th>
                            <th scope="col" class=NUM>{td_string!(locale, receivables.col_open)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <section aria-labelledby="chase-heading" class=BOX>
            <h2 id="chase-heading" class="text-lg font-semibold">{td_string!(locale, receivables.chase_heading)}</h2>
            <p class="text-sm text-slate-700">
                {td_string!(locale, receivables.chase_note, shown = data.aging.to_chase.len(), all = data.aging.overdue.count)}
                " "
                <a href="/invoices?status=overdue&sort=amount" class=LINK>{td_string!(locale, receivables.all_overdue)}</a>
            </p>
            {body}
        </section>
    }
}
