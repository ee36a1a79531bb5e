//! The Revenue page: a period (named, stepped or custom), grouped by day, week, month
//! or quarter, with or without VAT, compared with the previous period and the same
//! period last year, to date when the period is still running, and per invoice
//! currency. Every control is a link or a GET form, so the whole state lives in the URL.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::revenue::get_revenue;
use crate::domain::format::{self, Lang};
use crate::domain::invoices::approved_link;
use crate::domain::money::percent_change;
use crate::domain::revenue::{
    Compare, Granularity, PeriodKey, RevenueData, RevenueParams, RevenueQuery, VatMode, MAX_BUCKETS,
};
use crate::i18n::{lang_of, td_string};
use crate::ui::charts::comparison_chart;
use crate::ui::components::{EChart, Fallback, FoldOnPhone, Freshness, Loaded, ProblemNotes};
use crate::ui::live::live_version;
use crate::ui::style::{CARD, PILL, PILL_ACTIVE};
use crate::words::text::{
    bucket_label, comparison_label, granularity_label, granularity_unit, period_label, use_locale,
};

const CELL: &str = "px-2 py-1.5 text-right tabular-nums sm:px-3";

fn href(query: &RevenueQuery) -> String {
    format!("/revenue?{}", query.to_query_string())
}

#[component]
pub fn RevenuePage() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let params = Memo::new(move |_| query.with(|q| RevenueParams::from_lookup(|key| q.get(key))));
    // Refetched in place when a sync changes the data (see `ui::live`).
    let revenue = Resource::new(
        move || (params.get(), live_version()),
        |(params, _)| get_revenue(params),
    );
    view! {
        <main id="main" data-testid="revenue" class="mx-auto max-w-6xl px-4 py-6">
            <h1 class="text-2xl font-semibold">{td_string!(locale, revenue.title)}</h1>
            <Loaded data=revenue loading=td_string!(locale, revenue.loading) body=move |data| view! { <RevenueBody data /> } />
        </main>
    }
}

#[component]
fn RevenueBody(data: RevenueData) -> impl IntoView {
    let locale = use_locale();
    let lang = lang_of(locale);
    let range_text = format::date_range(data.query.range.start, data.query.range.end, lang);
    let title = match data.query.period {
        Some(period) => format!("{} · {range_text}", period_label(period, locale)),
        None => range_text,
    };
    view! {
        <p class="text-sm text-slate-700">
            <span class="font-medium">{data.header.org_name.clone()}</span>
            " · "
            <span data-testid="revenue-period">{title}</span>
        </p>
        <Freshness as_of=data.header.data_as_of now=data.header.computed_at />
        <ProblemNotes problems=data.problems.clone() fallback=Fallback::Defaults testid="revenue-problems" />
        <Controls query=data.query.clone() />
        <Totals data=data.clone() />
        <Trend data=data.clone() />
        <Currencies data=data.clone() />
        <details class="mt-6 text-sm text-slate-700">
            <summary class="cursor-pointer select-none font-medium">
                {td_string!(locale, revenue.how_computed)}
            </summary>
            <p class="mt-1 max-w-3xl">{td_string!(locale, revenue.explanation)}</p>
        </details>
    }
}

/// Named periods, previous/next, grouping, VAT, comparison and a custom range.
#[component]
fn Controls(query: RevenueQuery) -> impl IntoView {
    let locale = use_locale();
    let presets = PeriodKey::ALL
        .into_iter()
        .map(|period| {
            let active = query.period == Some(period);
            view! {
                <a
                    href=format!("/revenue?{}", query.with_period_query_string(period))
                    data-testid=format!("period-{}", period.key())
                    aria-current=active.then_some("page")
                    class=if active { PILL_ACTIVE } else { PILL }
                >
                    {period_label(period, locale)}
                </a>
            }
        })
        .collect_view();
    let options = |label: &'static str,
                   testid: &'static str,
                   links: Vec<(String, String, bool)>| {
        let links = links
            .into_iter()
            .map(|(text, url, active)| {
                view! {
                    <a
                        href=url
                        aria-current=active.then_some("true")
                        class=if active { PILL_ACTIVE } else { PILL }
                    >
                        {text}
                    </a>
                }
            })
            .collect_view();
        view! {
            <div role="group" aria-label=label data-testid=testid class="flex flex-wrap items-center gap-1.5">
                <span class="text-xs font-medium text-slate-700">{label}</span>
                {links}
            </div>
        }
    };
    let by_links = Granularity::ALL
        .into_iter()
        .filter(|by| by.buckets(query.range).len() <= MAX_BUCKETS)
        .map(|by| {
            let url = href(&RevenueQuery {
                by,
                ..query.clone()
            });
            (
                granularity_label(by, locale).to_string(),
                url,
                by == query.by,
            )
        })
        .collect();
    let vat_links = [VatMode::Excluded, VatMode::Included]
        .into_iter()
        .map(|vat| {
            let text = match vat {
                VatMode::Excluded => td_string!(locale, revenue.vat_excl),
                VatMode::Included => td_string!(locale, revenue.vat_incl),
            };
            let url = href(&RevenueQuery {
                vat,
                ..query.clone()
            });
            (text.to_string(), url, vat == query.vat)
        })
        .collect();
    let compare_links = [Compare::PreviousPeriod, Compare::LastYear]
        .into_iter()
        .map(|compare| {
            let url = href(&RevenueQuery {
                compare,
                ..query.clone()
            });
            (
                comparison_label(compare, locale).to_string(),
                url,
                compare == query.compare,
            )
        })
        .collect();
    // On a phone all of it folds behind one line naming the choices in force.
    let current = [
        query
            .period
            .map(|period| period_label(period, locale))
            .unwrap_or(td_string!(locale, revenue.custom_range)),
        granularity_label(query.by, locale),
        match query.vat {
            VatMode::Excluded => td_string!(locale, revenue.vat_excl),
            VatMode::Included => td_string!(locale, revenue.vat_incl),
        },
    ]
    .join(" · ");
    view! {
        <FoldOnPhone label=td_string!(locale, query.period_nav) current testid="revenue-controls">
            <nav aria-label=td_string!(locale, query.period_nav) class="mt-4 flex flex-wrap gap-1.5">
                {presets}
            </nav>
            <Stepper query=query.clone() />
            <div class="mt-3 flex flex-col gap-2 lg:flex-row lg:flex-wrap lg:gap-x-6">
                {options(td_string!(locale, revenue.by_label), "revenue-by", by_links)}
                {options(td_string!(locale, revenue.vat_label), "revenue-vat", vat_links)}
                {options(td_string!(locale, revenue.compare_label), "revenue-compare", compare_links)}
            </div>
            <CustomRange query />
        </FoldOnPhone>
    }
}

/// Previous and next period as links; with focus inside, the arrow keys step too.
#[component]
fn Stepper(query: RevenueQuery) -> impl IntoView {
    let locale = use_locale();
    let previous = href(&query.stepped(-1));
    let next = href(&query.stepped(1));
    let navigate = use_navigate();
    let on_keydown = {
        let (previous, next) = (previous.clone(), next.clone());
        move |ev: leptos::ev::KeyboardEvent| {
            let target = match ev.key().as_str() {
                "ArrowLeft" => &previous,
                "ArrowRight" => &next,
                _ => return,
            };
            ev.prevent_default();
            navigate(target, Default::default());
        }
    };
    view! {
        <nav
            aria-label=td_string!(locale, revenue.step_nav)
            class="mt-3 flex flex-wrap items-center gap-2"
            on:keydown=on_keydown
        >
            <a href=previous data-testid="step-previous" class=PILL>
                <span aria-hidden="true">"‹"</span>
                {td_string!(locale, revenue.step_previous)}
            </a>
            <a href=next data-testid="step-next" class=PILL>
                {td_string!(locale, revenue.step_next)}
                <span aria-hidden="true">"›"</span>
            </a>
            <span class="text-xs text-slate-600">{td_string!(locale, revenue.step_hint)}</span>
        </nav>
    }
}

/// A GET form for any range; keeps the other choices in hidden fields.
#[component]
fn CustomRange(query: RevenueQuery) -> impl IntoView {
    let locale = use_locale();
    let input =
        "mt-1 block rounded-md border border-slate-400 bg-white px-2 py-1 text-sm text-slate-900";
    view! {
        <form method="get" action="/revenue" data-testid="custom-range" class="mt-3 flex flex-wrap items-end gap-2">
            <fieldset class="flex flex-wrap items-end gap-2">
                <legend class="sr-only">{td_string!(locale, revenue.custom_range)}</legend>
                <label class="text-xs font-medium text-slate-700">
                    {td_string!(locale, revenue.from)}
                    <input
                        type="date"
                        name="from"
                        required=true
                        value=query.range.start.format("%Y-%m-%d").to_string()
                        class=input
                    />
                </label>
                <label class="text-xs font-medium text-slate-700">
                    {td_string!(locale, revenue.to)}
                    <input
                        type="date"
                        name="to"
                        required=true
                        value=query.range.end.format("%Y-%m-%d").to_string()
                        class=input
                    />
                </label>
                <input type="hidden" name="vat" value=query.vat.key() />
                <input type="hidden" name="compare" value=query.compare.key() />
                <button
                    type="submit"
                    class="inline-flex min-h-6 items-center rounded-md border border-slate-400 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:border-emerald-700"
                >
                    {td_string!(locale, revenue.show)}
                </button>
            </fieldset>
        </form>
    }
}

fn change_text(current: i64, previous: i64, lang: Lang) -> String {
    format::change(percent_change(current, previous), lang)
}

/// The period's total against the previous period and the same period last year.
#[component]
fn Totals(data: RevenueData) -> impl IntoView {
    let locale = use_locale();
    let lang = lang_of(locale);
    let currency = data.header.base_currency.clone();
    let money = move |minor: i64| format::money(minor, &currency, lang);
    let totals = &data.totals;
    let previous_range =
        format::date_range(data.previous_range.start, data.previous_range.end, lang);
    let last_year_range =
        format::date_range(data.last_year_range.start, data.last_year_range.end, lang);
    let to_date = data.to_date.as_ref().map(|(range, t)| {
        td_string!(
            locale,
            revenue.to_date,
            range = format::date_range(range.start, range.end, lang),
            current = money(t.current_minor),
            previous_change = change_text(t.current_minor, t.previous_period_minor, lang),
            previous = money(t.previous_period_minor),
            last_year_change = change_text(t.current_minor, t.last_year_minor, lang),
            last_year = money(t.last_year_minor)
        )
    });
    view! {
        <section aria-label=td_string!(locale, revenue.total) class="mt-4 grid grid-cols-1 gap-2 sm:grid-cols-3 sm:gap-3">
            <article data-testid="revenue-total" class=CARD>
                <h2 class="text-sm font-medium text-slate-600">{td_string!(locale, revenue.total)}</h2>
                <p data-testid="value" class="mt-1 text-2xl font-semibold tabular-nums">
                    {money(totals.current_minor)}
                </p>
            </article>
            <ComparisonCard
                testid="revenue-vs-previous"
                title=td_string!(locale, revenue.vs_previous)
                amount=money(totals.previous_period_minor)
                change=change_text(totals.current_minor, totals.previous_period_minor, lang)
                range=previous_range
            />
            <ComparisonCard
                testid="revenue-vs-last-year"
                title=td_string!(locale, revenue.vs_last_year)
                amount=money(totals.last_year_minor)
                change=change_text(totals.current_minor, totals.last_year_minor, lang)
                range=last_year_range
            />
        </section>
        {to_date.map(|text| view! { <p data-testid="revenue-to-date" class="mt-2 text-sm text-slate-700">{text}</p> })}
    }
}

/// A comparison period's total and the change from it to this period.
#[component]
fn ComparisonCard(
    testid: &'static str,
    title: &'static str,
    amount: String,
    change: String,
    range: String,
) -> impl IntoView {
    let locale = use_locale();
    view! {
        <article data-testid=testid class=CARD>
            <h2 class="text-sm font-medium text-slate-600">{title}</h2>
            <p data-testid="value" class="mt-1 text-2xl font-semibold tabular-nums">{amount}</p>
            <p class="mt-1 text-sm text-slate-700">
                {td_string!(locale, revenue.change_vs, change = change, range = range)}
            </p>
        </article>
    }
}

/// The chart of buckets against the comparison, its summary and its table twin.
#[component]
fn Trend(data: RevenueData) -> impl IntoView {
    let locale = use_locale();
    let lang = lang_of(locale);
    let by = data.query.by;
    let unit = granularity_unit(by, locale);
    let currency = data.header.base_currency.clone();
    let comparison_name = comparison_label(data.query.compare, locale);
    let comparison_range =
        format::date_range(data.comparison_range.start, data.comparison_range.end, lang);
    let comparison_total: i64 = data.buckets.iter().map(|b| b.comparison_minor).sum();
    let range_text = format::date_range(data.query.range.start, data.query.range.end, lang);
    let summary = if data
        .buckets
        .iter()
        .all(|b| b.amount_minor == 0 && b.invoice_count == 0 && b.credit_note_count == 0)
    {
        td_string!(locale, revenue.summary_empty, range = range_text)
    } else {
        td_string!(
            locale,
            revenue.summary,
            range = range_text,
            total = format::money(data.totals.current_minor, &currency, lang),
            change = change_text(data.totals.current_minor, comparison_total, lang),
            comparison = comparison_name.to_lowercase(),
            comparison_total = format::money(comparison_total, &currency, lang)
        )
    };
    let labels: Vec<String> = data
        .buckets
        .iter()
        .map(|b| bucket_label(b.range, by, locale))
        .collect();
    let chart = comparison_chart(
        labels.clone(),
        data.buckets.iter().map(|b| b.amount_minor).collect(),
        data.buckets.iter().map(|b| b.comparison_minor).collect(),
        td_string!(locale, revenue.total),
        comparison_name,
    );
    let rows = data
        .buckets
        .iter()
        .zip(labels)
        .map(|(bucket, label)| {
            view! {
                <tr class="border-t border-slate-100">
                    <th scope="row" class="px-3 py-1.5 text-left font-normal whitespace-nowrap">{label}</th>
                    <td class=CELL>
                        {match approved_link(bucket.range, None, data.header.today) {
                            Some(href) => view! {
                                <a data-testid="bucket-link" href=href class="underline decoration-slate-300 underline-offset-4 hover:decoration-emerald-600">
                                    {format::money_exact(bucket.amount_minor, &currency, lang)}
                                </a>
                            }.into_any(),
                            None => format::money_exact(bucket.amount_minor, &currency, lang).into_any(),
                        }}
                    </td>
                    <td class=format!("{CELL} hidden sm:table-cell")>{format::count(bucket.invoice_count, lang)}</td>
                    <td class=format!("{CELL} hidden md:table-cell")>{format::count(bucket.credit_note_count, lang)}</td>
                    <td class=format!("{CELL} hidden sm:table-cell")>{format::money_exact(bucket.comparison_minor, &currency, lang)}</td>
                    <td class=CELL>
                        // Days still to come have no change yet, not "-100 %".
                        {if bucket.range.start > data.header.today {
                            "–".to_string()
                        } else {
                            change_text(bucket.amount_minor, bucket.comparison_minor, lang)
                        }}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="revenue-trend-heading" class="mt-6 rounded-lg border border-slate-200 bg-white p-4">
            <h2 id="revenue-trend-heading" class="text-lg font-semibold">
                {td_string!(locale, revenue.chart_heading, by = unit)}
            </h2>
            <p class="text-sm text-slate-600">
                {td_string!(
                    locale,
                    revenue.chart_note,
                    comparison = comparison_name.to_lowercase(),
                    range = comparison_range,
                    currency = data.header.base_currency.clone()
                )}
            </p>
            <EChart name="revenue" summary chart />
            <a
                href=format!("/export/revenue.csv?{}&lang={}", data.query.to_query_string(), lang.code())
                download=""
                data-testid="revenue-csv"
                rel="external"
                class="mt-3 inline-flex min-h-6 items-center text-sm font-medium text-emerald-800 underline"
            >
                {td_string!(locale, revenue.download_csv)}
            </a>
            <div tabindex="0" class="mt-4 max-h-[32rem] overflow-auto">
                <table data-testid="revenue-table" class="w-full text-sm">
                    <caption class="sr-only">{td_string!(locale, revenue.table_caption, by = unit)}</caption>
                    <thead class="sticky top-0 bg-white">
                        <tr class="text-left text-xs uppercase tracking-wide text-slate-600">
                            <th scope="col" class="px-3 py-1.5">{td_string!(locale, revenue.col_period)}</th>
                            <th scope="col" class="px-3 py-1.5 text-right">{td_string!(locale, revenue.col_revenue)}</th>
                            <th scope="col" class="hidden px-3 py-1.5 text-right sm:table-cell">{td_string!(locale, revenue.col_invoices)}</th>
                            <th scope="col" class="hidden px-3 py-1.5 text-right md:table-cell">{td_string!(locale, revenue.col_credit_notes)}</th>
                            <th scope="col" class="hidden px-3 py-1.5 text-right sm:table-cell">{td_string!(locale, revenue.col_comparison)}</th>
                            <th scope="col" class="px-3 py-1.5 text-right">{td_string!(locale, revenue.col_change)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

/// Totals per invoice currency, native and converted.
#[component]
fn Currencies(data: RevenueData) -> impl IntoView {
    let locale = use_locale();
    let lang = lang_of(locale);
    let base = data.header.base_currency.clone();
    if data.by_currency.is_empty() {
        return view! {
            <p data-testid="revenue-empty" class="mt-6 rounded-lg border border-dashed border-slate-300 bg-white p-4 text-sm text-slate-700">
                {td_string!(locale, revenue.no_revenue)}
            </p>
        }
        .into_any();
    }
    let rows = data
        .by_currency
        .iter()
        .map(|total| {
            view! {
                <tr class="border-t border-slate-100">
                    <th scope="row" class="px-3 py-1.5 text-left font-medium">{total.currency.clone()}</th>
                    <td class=CELL>{format::money_exact(total.native_minor, &total.currency, lang)}</td>
                    <td class=CELL>{format::money_exact(total.base_minor, &base, lang)}</td>
                    <td class=format!("{CELL} hidden sm:table-cell")>{format::count(total.invoice_count, lang)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="revenue-currencies-heading" class="mt-6 rounded-lg border border-slate-200 bg-white p-4">
            <h2 id="revenue-currencies-heading" class="text-lg font-semibold">
                {td_string!(locale, revenue.currencies_heading)}
            </h2>
            <p class="text-sm text-slate-600">
                {td_string!(locale, revenue.currencies_note, currency = base.clone())}
            </p>
            <div tabindex="0" class="mt-2 overflow-x-auto scroll-cue">
            <table data-testid="revenue-currencies" class="w-full text-sm">
                <thead>
                    <tr class="text-left text-xs uppercase tracking-wide text-slate-600">
                        <th scope="col" class="px-3 py-1.5">{td_string!(locale, revenue.col_currency)}</th>
                        <th scope="col" class="px-3 py-1.5 text-right">{td_string!(locale, revenue.col_native)}</th>
                        <th scope="col" class="px-3 py-1.5 text-right">{td_string!(locale, revenue.col_base, currency = base.clone())}</th>
                        <th scope="col" class="hidden px-3 py-1.5 text-right sm:table-cell">{td_string!(locale, revenue.col_invoices)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            </div>
        </section>
    }
    .into_any()
}
