//! The Invoices and Bills pages: every invoice and credit note (or every supplier's
//! bill), searched, filtered, sorted and paged on the server. The filters are a GET form and the headings and pager are
//! links, so the whole state lives in the URL (shareable; Back works) and the page
//! works without JavaScript.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::invoices::{get_bills, get_invoices};
use crate::domain::format::{self, Lang};
use crate::domain::invoices::{
    DocKind, DocState, InvoiceParams, InvoiceQuery, InvoiceRow, InvoiceTable, PayFilter, PayStatus,
    SortKey, TableKind,
};
use crate::domain::query::{self, major_amount_text, Direction, PER_PAGE_CHOICES};
use crate::i18n::{lang_of, td_string};
use crate::ui::components::{Fallback, Freshness, Loaded, ProblemNotes};
use crate::ui::live::live_version;
use crate::ui::style::{FIELD, INPUT, LINK};
use crate::words::text::{
    doc_kind_label, doc_state_label, pay_filter_label, pay_status_label, sort_label, use_locale,
};

const CELL: &str = "px-2 py-2 sm:px-3";

/// The table's URL parameters, read from the query string.
fn params_from(query: &leptos_router::params::ParamsMap) -> InvoiceParams {
    InvoiceParams::from_lookup(|key| query.get(key))
}

fn use_table_kind() -> TableKind {
    use_context::<TableKind>().unwrap_or(TableKind::Invoices)
}

#[component]
pub fn InvoicesPage() -> impl IntoView {
    view! { <DocumentsPage kind=TableKind::Invoices /> }
}

#[component]
pub fn BillsPage() -> impl IntoView {
    view! { <DocumentsPage kind=TableKind::Bills /> }
}

#[component]
fn DocumentsPage(kind: TableKind) -> impl IntoView {
    let locale = use_locale();
    provide_context(kind);
    let query = use_query_map();
    let params = Memo::new(move |_| query.with(params_from));
    // Refetched in place when a sync changes the data (see `ui::live`).
    let table = Resource::new(
        move || (params.get(), live_version()),
        move |(params, _)| async move {
            match kind {
                TableKind::Invoices => get_invoices(params).await,
                TableKind::Bills => get_bills(params).await,
            }
        },
    );
    let (testid, title, loading) = match kind {
        TableKind::Invoices => (
            "invoices",
            td_string!(locale, invoices.title),
            td_string!(locale, invoices.loading),
        ),
        TableKind::Bills => (
            "bills",
            td_string!(locale, invoices.bills_title),
            td_string!(locale, invoices.bills_loading),
        ),
    };
    view! {
        <main id="main" data-testid=testid class="mx-auto max-w-6xl px-4 py-6">
            <h1 class="text-2xl font-semibold">{title}</h1>
            <Loaded data=table loading=loading body=move |data| view! { <InvoicesBody data /> } />
        </main>
    }
}

#[component]
fn InvoicesBody(data: InvoiceTable) -> impl IntoView {
    let locale = use_locale();
    view! {
        <p class="text-sm text-slate-700">
            <span class="font-medium">{data.header.org_name.clone()}</span>
        </p>
        <Freshness as_of=data.header.data_as_of now=data.header.computed_at />
        <ProblemNotes problems=data.problems.clone() fallback=Fallback::LeftOut testid="invoices-problems" />
        <Filters data=data.clone() />
        <Summary data=data.clone() />
        <Rows data=data.clone() />
        <Pager query=data.query.clone() last_page=data.last_page />
        <details class="mt-6 text-sm text-slate-700">
            <summary class="cursor-pointer select-none font-medium">
                {td_string!(locale, invoices.how_computed)}
            </summary>
            <p class="mt-1 max-w-3xl">
                {match use_table_kind() {
                    TableKind::Invoices => td_string!(locale, invoices.explanation, currency = data.header.base_currency.clone()),
                    TableKind::Bills => td_string!(locale, invoices.bills_explanation, currency = data.header.base_currency.clone()),
                }}
            </p>
        </details>
    }
}

/// A `<select>` whose first choice ("All") sends an empty value.
#[component]
fn Choice(
    name: &'static str,
    label: &'static str,
    all: &'static str,
    options: Vec<(String, String)>,
    selected: Option<String>,
) -> impl IntoView {
    let id = format!("invoice-filter-{name}");
    let options = options
        .into_iter()
        .map(|(value, text)| {
            let is_selected = selected.as_deref() == Some(value.as_str());
            view! { <option value=value selected=is_selected>{text}</option> }
        })
        .collect_view();
    view! {
        <div class=FIELD>
            <label for=id.clone() class="font-medium text-slate-700">{label}</label>
            <select id=id name=name class=INPUT>
                <option value="">{all}</option>
                {options}
            </select>
        </div>
    }
}

/// The filter form: search and payment status always; the rest behind "More filters",
/// open when one of them is set.
#[component]
fn Filters(data: InvoiceTable) -> impl IntoView {
    let locale = use_locale();
    let kind = use_table_kind();
    let query = data.query.clone();
    let all = td_string!(locale, invoices.all);
    let advanced_set = query.state.is_some()
        || query.kind.is_some()
        || query.customer.is_some()
        || query.currency.is_some()
        || query.from.is_some()
        || query.to.is_some()
        || query.min_minor.is_some()
        || query.max_minor.is_some()
        || query.sort != SortKey::Date
        || query.dir != Direction::Desc
        || query.per_page != PER_PAGE_CHOICES[0];
    let date_value = |day: Option<chrono::NaiveDate>| {
        day.map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default()
    };
    let pay_options = PayFilter::ALL
        .into_iter()
        .map(|f| (f.key().to_string(), pay_filter_label(f, locale).to_string()))
        .collect();
    let state_options = DocState::ALL
        .into_iter()
        .map(|s| (s.key().to_string(), doc_state_label(s, locale).to_string()))
        .collect();
    let kind_options = DocKind::ALL
        .into_iter()
        .map(|k| (k.key().to_string(), doc_kind_label(k, locale).to_string()))
        .collect();
    let customer_options = data
        .customers
        .iter()
        .map(|(id, name)| (id.to_string(), name.clone()))
        .collect();
    let currency_options = data
        .currencies
        .iter()
        .map(|c| (c.clone(), c.clone()))
        .collect();
    let sort_options = SortKey::ALL
        .into_iter()
        .map(|k| (k.key().to_string(), sort_label(k, locale).to_string()))
        .collect::<Vec<_>>();
    let dir_options = [Direction::Asc, Direction::Desc]
        .into_iter()
        .map(|d| {
            let text = match d {
                Direction::Asc => td_string!(locale, invoices.dir_asc),
                Direction::Desc => td_string!(locale, invoices.dir_desc),
            };
            (d.key().to_string(), text.to_string())
        })
        .collect::<Vec<_>>();
    let per_options = PER_PAGE_CHOICES
        .into_iter()
        .map(|n| {
            let selected = n == query.per_page;
            view! { <option value=n.to_string() selected=selected>{n.to_string()}</option> }
        })
        .collect_view();
    let sort_choices = sort_options
        .into_iter()
        .map(|(value, text)| {
            let selected = value == query.sort.key();
            view! { <option value=value selected=selected>{text}</option> }
        })
        .collect_view();
    let dir_choices = dir_options
        .into_iter()
        .map(|(value, text)| {
            let selected = value == query.dir.key();
            view! { <option value=value selected=selected>{text}</option> }
        })
        .collect_view();
    view! {
        <form
            method="get"
            action=kind.path()
            role="search"
            data-testid="invoice-filters"
            class="mt-4 rounded-lg border border-slate-200 bg-white p-3 sm:p-4"
        >
            <div class="grid grid-cols-1 gap-3 sm:grid-cols-[2fr_1fr_auto] sm:items-end">
                <div class=FIELD>
                    <label for="invoice-search" class="font-medium text-slate-700">
                        {td_string!(locale, invoices.search_label)}
                    </label>
                    <input
                        id="invoice-search"
                        type="search"
                        name="q"
                        value=query.search.clone().unwrap_or_default()
                        maxlength="100"
                        placeholder=match use_table_kind() {
                            TableKind::Invoices => td_string!(locale, invoices.search_placeholder),
                            TableKind::Bills => td_string!(locale, invoices.bills_search_placeholder),
                        }
                        class=INPUT
                    />
                </div>
                <Choice
                    name="status"
                    label=td_string!(locale, invoices.pay_label)
                    all
                    options=pay_options
                    selected=query.pay.map(|f| f.key().to_string())
                />
                <div class="flex items-center gap-3">
                    <button
                        type="submit"
                        data-testid="apply-filters"
                        class="min-h-9 rounded bg-emerald-700 px-4 py-1 text-sm font-medium text-white hover:bg-emerald-800"
                    >
                        {td_string!(locale, invoices.apply)}
                    </button>
                    <a href=kind.path() data-testid="clear-filters" class=format!("{LINK} text-sm")>
                        {td_string!(locale, invoices.clear)}
                    </a>
                </div>
            </div>
            <details class="mt-3" open=advanced_set>
                <summary class="inline-flex min-h-6 cursor-pointer select-none items-center text-sm font-medium text-slate-800">
                    {td_string!(locale, invoices.more_filters)}
                </summary>
                <div class="mt-3 grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
                    <Choice
                        name="state"
                        label=td_string!(locale, invoices.state_label)
                        all
                        options=state_options
                        selected=query.state.map(|s| s.key().to_string())
                    />
                    {(kind == TableKind::Invoices).then(|| view! {
                        <Choice
                            name="kind"
                            label=td_string!(locale, invoices.kind_label)
                            all
                            options=kind_options
                            selected=query.kind.map(|k| k.key().to_string())
                        />
                    })}
                    <Choice
                        name="customer"
                        label=party_label(kind, locale)
                        all
                        options=customer_options
                        selected=query.customer.map(|c| c.to_string())
                    />
                    <Choice
                        name="currency"
                        label=td_string!(locale, invoices.currency_label)
                        all
                        options=currency_options
                        selected=query.currency.clone()
                    />
                    <div class=FIELD>
                        <label for="invoice-from" class="font-medium text-slate-700">{td_string!(locale, invoices.from_label)}</label>
                        <input id="invoice-from" type="date" name="from" value=date_value(query.from) class=INPUT />
                    </div>
                    <div class=FIELD>
                        <label for="invoice-to" class="font-medium text-slate-700">{td_string!(locale, invoices.to_label)}</label>
                        <input id="invoice-to" type="date" name="to" value=date_value(query.to) class=INPUT />
                    </div>
                    <div class=FIELD>
                        <label for="invoice-min" class="font-medium text-slate-700">
                            {td_string!(locale, invoices.min_label, currency = data.header.base_currency.clone())}
                        </label>
                        <input
                            id="invoice-min"
                            type="text"
                            inputmode="decimal"
                            name="min"
                            value=query.min_minor.map(major_amount_text).unwrap_or_default()
                            class=INPUT
                        />
                    </div>
                    <div class=FIELD>
                        <label for="invoice-max" class="font-medium text-slate-700">
                            {td_string!(locale, invoices.max_label, currency = data.header.base_currency.clone())}
                        </label>
                        <input
                            id="invoice-max"
                            type="text"
                            inputmode="decimal"
                            name="max"
                            value=query.max_minor.map(major_amount_text).unwrap_or_default()
                            class=INPUT
                        />
                    </div>
                    <div class=FIELD>
                        <label for="invoice-sort" class="font-medium text-slate-700">{td_string!(locale, invoices.sort_label)}</label>
                        <select id="invoice-sort" name="sort" class=INPUT>{sort_choices}</select>
                    </div>
                    <div class=FIELD>
                        <label for="invoice-dir" class="font-medium text-slate-700">{td_string!(locale, invoices.dir_label)}</label>
                        <select id="invoice-dir" name="dir" class=INPUT>{dir_choices}</select>
                    </div>
                    <div class=FIELD>
                        <label for="invoice-per" class="font-medium text-slate-700">{td_string!(locale, invoices.per_label)}</label>
                        <select id="invoice-per" name="per" class=INPUT>{per_options}</select>
                    </div>
                </div>
            </details>
        </form>
    }
}

/// Count and sums of everything the filters match, and the CSV of it.
#[component]
fn Summary(data: InvoiceTable) -> impl IntoView {
    let locale = use_locale();
    let lang = lang_of(locale);
    let currency = data.header.base_currency.clone();
    let totals = data.totals;
    let kind = use_table_kind();
    let export = query::export_query(data.query.view_pairs(), lang.code());
    view! {
        <section
            aria-label=td_string!(locale, invoices.summary_label)
            data-testid="invoice-summary"
            class="mt-4 flex flex-wrap items-baseline gap-x-4 gap-y-1 text-sm text-slate-700"
        >
            <p data-testid="invoice-count" class="font-medium text-slate-900">
                {td_string!(locale, invoices.count, count = totals.count, n = format::count(totals.count, lang))}
            </p>
            <p>
                {td_string!(locale, invoices.approved_total)} " "
                <span data-testid="invoice-approved-total" class="font-medium tabular-nums text-slate-900">
                    {format::money_exact(totals.approved_base_minor, &currency, lang)}
                </span>
            </p>
            <p>
                {td_string!(locale, invoices.approved_net_total)} " "
                <span data-testid="invoice-approved-net-total" class="font-medium tabular-nums text-slate-900">
                    {format::money_exact(totals.approved_net_base_minor, &currency, lang)}
                </span>
            </p>
            <p>
                {td_string!(locale, invoices.outstanding)} " "
                <span data-testid="invoice-outstanding" class="font-medium tabular-nums text-slate-900">
                    {format::money_exact(totals.outstanding_base_minor, &currency, lang)}
                </span>
            </p>
            <p>
                {td_string!(locale, invoices.overdue)} " "
                <span data-testid="invoice-overdue" class="font-medium tabular-nums text-slate-900">
                    {format::money_exact(totals.overdue_base_minor, &currency, lang)}
                </span>
            </p>
            <p>
                {td_string!(locale, invoices.due_soon)} " "
                <span data-testid="invoice-due-soon" class="font-medium tabular-nums text-slate-900">
                    {format::money_exact(totals.due_soon_base_minor, &currency, lang)}
                </span>
            </p>
            <a
                href=format!("{}?{export}", kind.export_path())
                download=""
                rel="external"
                data-testid=format!("{}-csv", kind.name())
                class=format!("{LINK} inline-flex min-h-6 items-center")
            >
                {td_string!(locale, invoices.download_csv)}
            </a>
        </section>
    }
}

/// A badge for where a document stands, coloured by urgency.
#[component]
pub fn StatusBadge(status: PayStatus) -> impl IntoView {
    let locale = use_locale();
    let class = match status {
        PayStatus::Overdue(_) => "border-rose-300 bg-rose-50 text-rose-900",
        PayStatus::Due(_) => "border-amber-300 bg-amber-50 text-amber-950",
        PayStatus::Paid => "border-emerald-300 bg-emerald-50 text-emerald-900",
        PayStatus::Draft | PayStatus::Voided => "border-slate-300 bg-slate-100 text-slate-800",
    };
    view! {
        // Long Danish statuses wrap inside the badge on phones rather than widen the table.
        <span data-testid="status" class=format!("inline-block rounded-full border px-2 py-0.5 text-xs font-medium whitespace-nowrap {class}")>
            {pay_status_label(status, locale)}
        </span>
    }
}

/// A sortable column heading: a link that sorts by it (or flips the direction).
#[component]
fn Heading(
    key: SortKey,
    query: InvoiceQuery,
    #[prop(optional)] class: &'static str,
    #[prop(optional)] right: bool,
) -> impl IntoView {
    let locale = use_locale();
    let kind = use_table_kind();
    let active = query.sort == key;
    let aria_sort = match (active, query.dir) {
        (false, _) => "none",
        (true, Direction::Asc) => "ascending",
        (true, Direction::Desc) => "descending",
    };
    let arrow = match (active, query.dir) {
        (false, _) => "",
        (true, Direction::Asc) => " ↑",
        (true, Direction::Desc) => " ↓",
    };
    let align = if right { "text-right" } else { "text-left" };
    view! {
        <th scope="col" aria-sort=aria_sort class=format!("{CELL} {align} {class}")>
            <a
                href=format!("{}?{}", kind.path(), query.sorted_query_string(key))
                data-testid=format!("sort-{}", key.key())
                class="inline-flex min-h-6 items-center font-semibold text-slate-700 hover:text-emerald-800"
            >
                {if key == SortKey::Customer { party_label(kind, locale) } else { sort_label(key, locale) }}
                <span aria-hidden="true">{arrow}</span>
            </a>
        </th>
    }
}

/// The page of rows, or why there are none.
#[component]
fn Rows(data: InvoiceTable) -> impl IntoView {
    let locale = use_locale();
    let lang = lang_of(locale);
    let kind = use_table_kind();
    if data.rows.is_empty() {
        let text = match (data.query.is_filtered(), kind) {
            (true, _) => td_string!(locale, invoices.no_matches),
            (false, TableKind::Invoices) => td_string!(locale, invoices.no_invoices),
            (false, TableKind::Bills) => td_string!(locale, invoices.no_bills),
        };
        return view! {
            <p data-testid="invoices-empty" class="mt-4 rounded-lg border border-dashed border-slate-300 bg-white p-4 text-sm text-slate-700">
                {text}
            </p>
        }
        .into_any();
    }
    let query = data.query.clone();
    let rows = data
        .rows
        .iter()
        .map(|row| view! { <Row row=row.clone() base=data.header.base_currency.clone() today=data.header.today lang /> })
        .collect_view();
    view! {
        <div tabindex="0" class="mt-3 overflow-x-auto scroll-cue rounded-lg border border-slate-200 bg-white">
            <table data-testid="invoice-table" class="w-full text-sm">
                <caption class="sr-only">
                    {match kind {
                        TableKind::Invoices => td_string!(locale, invoices.table_caption),
                        TableKind::Bills => td_string!(locale, invoices.bills_table_caption),
                    }}
                </caption>
                <thead class="bg-slate-50 text-xs uppercase tracking-wide">
                    <tr>
                        <Heading key=SortKey::Number query=query.clone() />
                        <Heading key=SortKey::Customer query=query.clone() />
                        <Heading key=SortKey::Date query=query.clone() class="hidden sm:table-cell" />
                        <Heading key=SortKey::Due query=query.clone() class="hidden md:table-cell" />
                        <Heading key=SortKey::Amount query=query.clone() right=true />
                        <Heading key=SortKey::Status query=query.clone() />
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn Row(row: InvoiceRow, base: String, today: chrono::NaiveDate, lang: Lang) -> impl IntoView {
    let locale = use_locale();
    let foreign = row.currency != base;
    let kind = (row.kind == DocKind::CreditNote).then(|| {
        view! { <span class="block text-xs text-slate-600">{doc_kind_label(row.kind, locale)}</span> }
    });
    view! {
        <tr data-testid="invoice-row" class="border-t border-slate-100 align-top">
            <th scope="row" class=format!("{CELL} text-left font-normal")>
                {match use_table_kind() {
                    TableKind::Invoices => view! {
                        <a href=format!("/invoices/{}", row.id) class=format!("{LINK} inline-flex min-h-6 items-center")>
                            {row.invoice_no.clone()}
                        </a>
                    }
                    .into_any(),
                    TableKind::Bills => view! { <span class="inline-flex min-h-6 items-center">{row.invoice_no.clone()}</span> }.into_any(),
                }}
                {kind}
                // On phones the date column is hidden; the date goes under the number.
                <span class="block text-xs text-slate-600 sm:hidden">{format::date_compact(row.entry_date, lang)}</span>
            </th>
            <td class=format!("{CELL} max-w-[10rem] break-words sm:max-w-none")>{row.customer_name.clone()}</td>
            <td class=format!("{CELL} hidden whitespace-nowrap sm:table-cell")>{format::date_compact(row.entry_date, lang)}</td>
            <td class=format!("{CELL} hidden whitespace-nowrap md:table-cell")>{format::date_compact(row.due_date, lang)}</td>
            <td class=format!("{CELL} whitespace-nowrap text-right tabular-nums")>
                {format::money_exact(row.gross_base_minor, &base, lang)}
                {foreign.then(|| view! {
                    <span class="block text-xs text-slate-600">{format::money_exact(row.gross_minor, &row.currency, lang)}</span>
                })}
            </td>
            <td class=CELL><StatusBadge status=row.status(today) /></td>
        </tr>
    }
}

/// First, previous, "page 3 of 12", next, last.
#[component]
fn Pager(query: InvoiceQuery, last_page: u32) -> impl IntoView {
    let locale = use_locale();
    let path = use_table_kind().path();
    let page = query.page;
    let link = move |target: u32,
                     text: &'static str,
                     testid: &'static str,
                     rel: Option<&'static str>| {
        if target == page || target < 1 || target > last_page {
            view! { <span aria-disabled="true" class="inline-flex min-h-6 items-center px-2 text-slate-500">{text}</span> }.into_any()
        } else {
            view! {
                <a
                    href=format!("{path}?{}", query.page_query_string(target))
                    data-testid=testid
                    rel=rel
                    class=format!("{LINK} inline-flex min-h-6 items-center px-2")
                >
                    {text}
                </a>
            }
            .into_any()
        }
    };
    (last_page > 1).then(|| {
        view! {
            <nav aria-label=td_string!(locale, invoices.pages_label) data-testid="invoice-pager" class="mt-3 flex flex-wrap items-center justify-center gap-1 text-sm">
                {link(1, td_string!(locale, invoices.page_first), "page-first", None)}
                {link(page.saturating_sub(1), td_string!(locale, invoices.page_previous), "page-previous", Some("prev"))}
                <span data-testid="page-of" class="px-2 text-slate-700">
                    {td_string!(locale, invoices.page_of, page = page, last = last_page)}
                </span>
                {link(page + 1, td_string!(locale, invoices.page_next), "page-next", Some("next"))}
                {link(last_page, td_string!(locale, invoices.page_last), "page-last", None)}
            </nav>
        }
    })
}

/// "Customer" on invoices, "Supplier" on bills.
fn party_label(kind: TableKind, locale: crate::i18n::Locale) -> &'static str {
    match kind {
        TableKind::Invoices => td_string!(locale, invoices.col_customer),
        TableKind::Bills => td_string!(locale, invoices.col_supplier),
    }
}
