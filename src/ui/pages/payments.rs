//! The Bank payments page: money in from customers and out to suppliers, searched by
//! party, filtered by direction and dates, sorted and paged on the server; the filters
//! are a GET form and the headings and pager links, so the state lives in the URL.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::payments::get_payments;
use crate::domain::format;
use crate::domain::payments::{PaymentParams, PaymentQuery, PaymentSort, PaymentTable, Side};
use crate::domain::query::{self, Direction, PER_PAGE_CHOICES};
use crate::i18n::{lang_of, td_string, Locale};
use crate::ui::components::{Fallback, Freshness, Loaded, ProblemNotes};
use crate::ui::live::live_version;
use crate::ui::style::{FIELD, INPUT, LINK};
use crate::words::text::{payment_side_label, use_locale};

const CELL: &str = "px-2 py-2 sm:px-3";

fn sort_label(sort: PaymentSort, locale: Locale) -> &'static str {
    match sort {
        PaymentSort::Date => td_string!(locale, payments.col_date),
        PaymentSort::Party => td_string!(locale, payments.col_party),
        PaymentSort::Amount => td_string!(locale, payments.col_amount),
    }
}

#[component]
pub fn PaymentsPage() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let params = Memo::new(move |_| query.with(|q| PaymentParams::from_lookup(|key| q.get(key))));
    let table = Resource::new(
        move || (params.get(), live_version()),
        |(params, _)| get_payments(params),
    );
    view! {
        <main id="main" data-testid="payments" class="mx-auto max-w-6xl px-4 py-6">
            <h1 class="text-2xl font-semibold">{td_string!(locale, payments.title)}</h1>
            <Loaded data=table loading=td_string!(locale, payments.loading) body=move |data| view! { <PaymentsBody data /> } />
        </main>
    }
}

#[component]
fn PaymentsBody(data: PaymentTable) -> impl IntoView {
    let locale = use_locale();
    let lang = lang_of(locale);
    let currency = data.header.base_currency.clone();
    let query = data.query.clone();
    let side_options = Side::ALL
        .into_iter()
        .map(|s| {
            let selected = query.side == Some(s);
            view! { <option value=s.key() selected=selected>{payment_side_label(s, locale)}</option> }
        })
        .collect_view();
    let sort_options = PaymentSort::ALL
        .into_iter()
        .map(|s| {
            let selected = query.sort == s;
            view! { <option value=s.key() selected=selected>{sort_label(s, locale)}</option> }
        })
        .collect_view();
    let dir_options = [Direction::Asc, Direction::Desc]
        .into_iter()
        .map(|d| {
            let selected = query.dir == d;
            let text = match d {
                Direction::Asc => td_string!(locale, invoices.dir_asc),
                Direction::Desc => td_string!(locale, invoices.dir_desc),
            };
            view! { <option value=d.key() selected=selected>{text}</option> }
        })
        .collect_view();
    let per_options = PER_PAGE_CHOICES
        .into_iter()
        .map(|n| view! { <option value=n.to_string() selected=n == query.per_page>{n.to_string()}</option> })
        .collect_view();
    let day = |d: Option<chrono::NaiveDate>| {
        d.map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default()
    };
    let totals = data.totals;
    view! {
        <p class="text-sm text-slate-700"><span class="font-medium">{data.header.org_name.clone()}</span></p>
        <Freshness as_of=data.header.data_as_of now=data.header.computed_at />
        <ProblemNotes problems=data.problems.clone() fallback=Fallback::LeftOut testid="payments-problems" />
        <form method="get" action="/payments" role="search" data-testid="payment-filters" class="mt-4 grid grid-cols-1 gap-3 rounded-lg border border-slate-200 bg-white p-3 sm:grid-cols-2 sm:p-4 lg:grid-cols-4">
            <div class=FIELD>
                <label for="payment-search" class="font-medium text-slate-700">{td_string!(locale, payments.search_label)}</label>
                <input id="payment-search" type="search" name="q" maxlength="100" value=query.search.clone().unwrap_or_default() class=INPUT />
            </div>
            <div class=FIELD>
                <label for="payment-side" class="font-medium text-slate-700">{td_string!(locale, payments.side_label)}</label>
                <select id="payment-side" name="side" class=INPUT>
                    <option value="">{td_string!(locale, invoices.all)}</option>
                    {side_options}
                </select>
            </div>
            <div class=FIELD>
                <label for="payment-from" class="font-medium text-slate-700">{td_string!(locale, payments.from_label)}</label>
                <input id="payment-from" type="date" name="from" value=day(query.from) class=INPUT />
            </div>
            <div class=FIELD>
                <label for="payment-to" class="font-medium text-slate-700">{td_string!(locale, payments.to_label)}</label>
                <input id="payment-to" type="date" name="to" value=day(query.to) class=INPUT />
            </div>
            <div class=FIELD>
                <label for="payment-sort" class="font-medium text-slate-700">{td_string!(locale, invoices.sort_label)}</label>
                <select id="payment-sort" name="sort" class=INPUT>{sort_options}</select>
            </div>
            <div class=FIELD>
                <label for="payment-dir" class="font-medium text-slate-700">{td_string!(locale, invoices.dir_label)}</label>
                <select id="payment-dir" name="dir" class=INPUT>{dir_options}</select>
            </div>
            <div class=FIELD>
                <label for="payment-per" class="font-medium text-slate-700">{td_string!(locale, invoices.per_label)}</label>
                <select id="payment-per" name="per" class=INPUT>{per_options}</select>
            </div>
            <div class="flex items-end gap-3">
                <button type="submit" data-testid="apply-payment-filters" class="min-h-9 rounded bg-emerald-700 px-4 py-1 text-sm font-medium text-white hover:bg-emerald-800">
                    {td_string!(locale, invoices.apply)}
                </button>
                <a href="/payments" class=format!("{LINK} text-sm")>{td_string!(locale, invoices.clear)}</a>
            </div>
        </form>
        <section aria-label=td_string!(locale, invoices.summary_label) data-testid="payment-summary" class="mt-4 flex flex-wrap items-baseline gap-x-4 gap-y-1 text-sm text-slate-700">
            <p data-testid="payment-count" class="font-medium text-slate-900">
                {td_string!(locale, payments.count, count = totals.count, n = format::count(totals.count, lang))}
            </p>
            <p>
                {td_string!(locale, payments.total_in)} " "
                <span data-testid="payments-in" class="font-medium tabular-nums text-slate-900">{format::money_exact(totals.in_base_minor, &currency, lang)}</span>
            </p>
            <p>
                {td_string!(locale, payments.total_out)} " "
                <span data-testid="payments-out" class="font-medium tabular-nums text-slate-900">{format::money_exact(totals.out_base_minor, &currency, lang)}</span>
            </p>
            <p>{td_string!(locale, payments.voided_count, count = totals.voided, n = format::count(totals.voided, lang))}</p>
            <a
                href=format!("/export/payments.csv?{}", query::export_query(data.query.view_pairs(), lang.code()))
                download=""
                rel="external"
                data-testid="payments-csv"
                class=format!("{LINK} inline-flex min-h-6 items-center")
            >
                {td_string!(locale, invoices.download_csv)}
            </a>
        </section>
        <PaymentRows data=data.clone() />
        <PaymentPager query=data.query.clone() last_page=data.last_page />
        <details class="mt-6 text-sm text-slate-700">
            <summary class="cursor-pointer select-none font-medium">{td_string!(locale, invoices.how_computed)}</summary>
            <p class="mt-1 max-w-3xl">{td_string!(locale, payments.explanation, currency = data.header.base_currency.clone())}</p>
        </details>
    }
}

#[component]
fn PaymentHeading(
    sort: PaymentSort,
    query: PaymentQuery,
    #[prop(optional)] right: bool,
) -> impl IntoView {
    let locale = use_locale();
    let active = query.sort == sort;
    let (aria, arrow) = match (active, query.dir) {
        (false, _) => ("none", ""),
        (true, Direction::Asc) => ("ascending", " ↑"),
        (true, Direction::Desc) => ("descending", " ↓"),
    };
    view! {
        <th scope="col" aria-sort=aria class=format!("{CELL} {}", if right { "text-right" } else { "text-left" })>
            <a
                href=format!("/payments?{}", query.sorted_query_string(sort))
                data-testid=format!("sort-{}", sort.key())
                class="inline-flex min-h-6 items-center font-semibold text-slate-700 hover:text-emerald-800"
            >
                {sort_label(sort, locale)}
                <span aria-hidden="true">{arrow}</span>
            </a>
        </th>
    }
}

#[component]
fn PaymentRows(data: PaymentTable) -> impl IntoView {
    let locale = use_locale();
    let lang = lang_of(locale);
    if data.rows.is_empty() {
        let text = if data.query.is_filtered() {
            td_string!(locale, payments.no_matches)
        } else {
            td_string!(locale, payments.no_payments)
        };
        return view! {
            <p data-testid="payments-empty" class="mt-4 rounded-lg border border-dashed border-slate-300 bg-white p-4 text-sm text-slate-700">{text}</p>
        }
        .into_any();
    }
    let base = data.header.base_currency.clone();
    let rows = data
        .rows
        .iter()
        .map(|p| {
            let signed = p.signed_base_minor();
            view! {
                <tr data-testid="payment-row" class="border-t border-slate-100 align-top">
                    <td class=format!("{CELL} whitespace-nowrap")>{format::date_compact(p.entry_date, lang)}</td>
                    <td class=format!("{CELL} max-w-[10rem] break-words sm:max-w-none")>
                        {if p.party_name.is_empty() { "–".to_string() } else { p.party_name.clone() }}
                    </td>
                    <td class=format!("{CELL} hidden sm:table-cell")>{payment_side_label(p.side, locale)}</td>
                    <td class=format!("{CELL} whitespace-nowrap text-right tabular-nums")>
                        {format::money_exact(signed, &base, lang)}
                        {(p.currency != base).then(|| view! {
                            <span class="block text-xs text-slate-600">{format::money_exact(p.amount_minor, &p.currency, lang)}</span>
                        })}
                    </td>
                    <td class=format!("{CELL} hidden text-right tabular-nums md:table-cell")>{format::count(p.documents, lang)}</td>
                    <td class=CELL>
                        {p.is_voided.then(|| view! {
                            <span data-testid="voided" class="inline-block whitespace-nowrap rounded-full border border-slate-300 bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-800">
                                {td_string!(locale, payments.voided)}
                            </span>
                        })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    let query = data.query.clone();
    view! {
        <div tabindex="0" class="mt-3 overflow-x-auto scroll-cue rounded-lg border border-slate-200 bg-white">
            <table data-testid="payment-table" class="w-full text-sm">
                <caption class="sr-only">{td_string!(locale, payments.table_caption)}</caption>
                <thead class="bg-slate-50 text-xs uppercase tracking-wide">
                    <tr>
                        <PaymentHeading sort=PaymentSort::Date query=query.clone() />
                        <PaymentHeading sort=PaymentSort::Party query=query.clone() />
                        <th scope="col" class=format!("{CELL} hidden text-left font-semibold text-slate-700 sm:table-cell")>{td_string!(locale, payments.side_label)}</th>
                        <PaymentHeading sort=PaymentSort::Amount query=query.clone() right=true />
                        <th scope="col" class=format!("{CELL} hidden text-right font-semibold text-slate-700 md:table-cell")>{td_string!(locale, payments.col_documents)}</th>
                        <th scope="col" class=CELL><span class="sr-only">{td_string!(locale, payments.col_state)}</span></th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn PaymentPager(query: PaymentQuery, last_page: u32) -> impl IntoView {
    let locale = use_locale();
    let page = query.page;
    let link = move |target: u32, text: &'static str, testid: &'static str| {
        if target == page || target < 1 || target > last_page {
            view! { <span aria-disabled="true" class="inline-flex min-h-6 items-center px-2 text-slate-500">{text}</span> }.into_any()
        } else {
            view! {
                <a href=format!("/payments?{}", query.page_query_string(target)) data-testid=testid class=format!("{LINK} inline-flex min-h-6 items-center px-2")>
                    {text}
                </a>
            }
            .into_any()
        }
    };
    (last_page > 1).then(|| {
        view! {
            <nav aria-label=td_string!(locale, invoices.pages_label) class="mt-3 flex flex-wrap items-center justify-center gap-1 text-sm">
                {link(1, td_string!(locale, invoices.page_first), "page-first")}
                {link(page.saturating_sub(1), td_string!(locale, invoices.page_previous), "page-previous")}
                <span data-testid="page-of" class="px-2 text-slate-700">
                    {td_string!(locale, invoices.page_of, page = page, last = last_page)}
                </span>
                {link(page + 1, td_string!(locale, invoices.page_next), "page-next")}
                {link(last_page, td_string!(locale, invoices.page_last), "page-last")}
            </nav>
        }
    })
}
