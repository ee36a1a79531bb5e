//! The Overview page: KPI cards for a period and the revenue trend with its table twin.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::overview::get_overview;
use crate::domain::format;
use crate::domain::period::{Baseline, Comparison};
use crate::domain::{DateRange, OverviewData, PeriodKey};
use crate::i18n::{lang_of, td_string};
use crate::ui::components::{
    Fallback, Freshness, KpiCard, Loaded, PeriodPicker, ProblemNotes, RevenueChart, RevenueTable,
};
use crate::ui::live::live_version;
use crate::words::text::use_locale;

#[component]
pub fn OverviewPage() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    // The period lives in the URL, so links work without JavaScript, pages can be
    // shared, and the back button restores the previous period.
    // The raw value goes to the server, which checks it and names it if unusable;
    // here it only decides which link is highlighted.
    let period = Memo::new(move |_| query.read().get("period"));
    let against = Memo::new(move |_| query.read().get("against"));
    let active = Signal::derive(move || {
        period
            .get()
            .as_deref()
            .and_then(PeriodKey::from_key)
            .unwrap_or(PeriodKey::ThisMonth)
    });
    // Refetched in place when a sync changes the data (see `ui::live`).
    let overview = Resource::new(
        move || (period.get(), against.get(), live_version()),
        |(period, against, _)| get_overview(period, against),
    );

    view! {
        <main data-testid="overview" class="mx-auto max-w-6xl px-4 py-6">
            <div class="flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
                <div>
                    <h1 class="text-2xl font-semibold">{td_string!(locale, overview.title)}</h1>
                    <Transition fallback=|| ()>
                        {move || Suspend::new(async move {
                            overview
                                .await
                                .ok()
                                .map(|data| view! { <Subtitle data /> })
                        })}
                    </Transition>
                </div>
                <PeriodPicker active />
            </div>
            <Loaded data=overview loading=td_string!(locale, overview.loading) body=move |data| view! { <OverviewBody data /> } />
        </main>
    }
}

/// Organization, period dates and data freshness under the page title.
#[component]
fn Subtitle(data: OverviewData) -> impl IntoView {
    let lang = lang_of(use_locale());
    let shown = data.comparison.current;
    let range = format::date_range(shown.start, shown.end, lang);
    view! {
        <p class="text-sm text-slate-700">
            <span class="font-medium">{data.header.org_name.clone()}</span>
            " · "
            {range}
        </p>
        <Freshness as_of=data.header.data_as_of now=data.header.computed_at />
    }
}

#[component]
fn OverviewBody(data: OverviewData) -> impl IntoView {
    let locale = use_locale();
    let currency = data.header.base_currency.clone();
    let (shown, today) = (data.comparison.current, data.header.today);
    let cards = data
        .kpis
        .iter()
        .cloned()
        .map(|kpi| {
            let link = kpi.key.invoices_link(shown, today);
            view! { <KpiCard kpi currency=currency.clone() link /> }
        })
        .collect_view();
    view! {
        <ProblemNotes problems=data.problems.clone() fallback=Fallback::Defaults testid="period-error" />
        <ComparedWith period=data.period comparison=data.comparison />
        <section
            aria-label=td_string!(locale, overview.key_figures)
            class="mt-2 grid grid-cols-2 gap-2 sm:gap-3 lg:grid-cols-3"
        >
            {cards}
        </section>
        <section aria-labelledby="trend-heading" class="mt-6 rounded-lg border border-slate-200 bg-white p-4">
            <h2 id="trend-heading" class="text-lg font-semibold">
                {td_string!(locale, overview.trend_heading)}
            </h2>
            <p class="text-sm text-slate-600">
                {td_string!(locale, overview.trend_note, currency = data.header.base_currency.clone())}
            </p>
            <RevenueChart points=data.trend.clone() currency=data.header.base_currency.clone() />
            <RevenueTable points=data.trend.clone() currency=data.header.base_currency.clone() />
        </section>
    }
}

/// Which days the figures cover and which days they are compared with, and while a
/// period runs, the link that switches between the same days and the whole period
/// before.
#[component]
fn ComparedWith(period: PeriodKey, comparison: Comparison) -> impl IntoView {
    let locale = use_locale();
    let lang = lang_of(locale);
    let dates = |range: DateRange| format::date_range(range.start, range.end, lang);
    let current = dates(comparison.current);
    let previous = dates(comparison.previous);
    let last_year = dates(comparison.last_year);
    let sentence = match (comparison.running, comparison.baseline) {
        (false, _) => td_string!(
            locale,
            overview.compared_finished,
            current = current,
            previous = previous,
            last_year = last_year
        ),
        (true, Baseline::SameDays) => td_string!(
            locale,
            overview.compared_same_days,
            current = current,
            previous = previous,
            last_year = last_year
        ),
        (true, Baseline::WholePrevious) => td_string!(
            locale,
            overview.compared_whole,
            current = current,
            previous = previous,
            last_year = last_year
        ),
    };
    let switch = comparison.running.then(|| {
        let (href, words) = match comparison.baseline {
            Baseline::SameDays => (
                format!(
                    "/?period={}&against={}",
                    period.key(),
                    Baseline::WholePrevious.key()
                ),
                td_string!(
                    locale,
                    overview.show_whole,
                    previous = dates(comparison.whole_previous)
                ),
            ),
            Baseline::WholePrevious => (
                format!("/?period={}", period.key()),
                td_string!(locale, overview.show_same_days).to_string(),
            ),
        };
        view! {
            " "
            <a data-testid="compare-switch" href=href class="font-medium text-emerald-800 underline">
                {words}
            </a>
        }
    });
    view! {
        <p data-testid="compared-with" class="mt-4 text-xs text-slate-600">
            {sentence}
            {switch}
        </p>
    }
}
