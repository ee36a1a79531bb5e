//! One invoice or credit note: who, when, where it stands, its amounts, its lines and
//! the payments applied to it.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::invoices::get_invoice;
use crate::domain::format;
use crate::domain::invoices::{DocKind, InvoiceView};
use crate::i18n::{lang_of, td_string};
use crate::ui::components::Loaded;
use crate::ui::live::live_version;
use crate::ui::pages::invoices::StatusBadge;
use crate::ui::style::{CELL, NUM};
use crate::words::text::{doc_state_label, sent_state_label, use_locale};

const BOX: &str = "mt-4 rounded-lg border border-slate-200 bg-white p-3 sm:p-4";

#[component]
pub fn InvoicePage() -> impl IntoView {
    let locale = use_locale();
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params.with(|p| {
            p.get("id")
                .and_then(|id| id.parse::<i64>().ok())
                .unwrap_or(0)
        })
    });
    let invoice = Resource::new(
        move || (id.get(), live_version()),
        |(id, _)| get_invoice(id),
    );
    view! {
        <main id="main" data-testid="invoice" class="mx-auto max-w-4xl px-4 py-6">
            <a href="/invoices" class="inline-flex min-h-6 items-center text-sm font-medium text-emerald-800 underline">
                {td_string!(locale, invoices.back)}
            </a>
            <Loaded data=invoice loading=td_string!(locale, invoices.loading) body=move |view| view! { <InvoiceBody view /> } />
        </main>
    }
}

#[component]
fn InvoiceBody(view: InvoiceView) -> impl IntoView {
    let locale = use_locale();
    let lang = lang_of(locale);
    let detail = view.detail;
    let row = detail.row.clone();
    let currency = row.currency.clone();
    let base = view.base_currency.clone();
    let foreign = currency != base;
    let title = match row.kind {
        DocKind::Invoice => td_string!(
            locale,
            invoices.invoice_title,
            number = row.invoice_no.clone()
        ),
        DocKind::CreditNote => {
            td_string!(
                locale,
                invoices.credit_note_title,
                number = row.invoice_no.clone()
            )
        }
    };
    let sign = match row.kind {
        DocKind::Invoice => 1,
        DocKind::CreditNote => -1,
    };
    let money = move |minor: i64| format::money_exact(minor, &currency, lang);
    let paid_total: i64 = detail
        .payments
        .iter()
        .filter(|p| !p.is_voided)
        .map(|p| p.amount_minor)
        .sum();
    let lines = detail
        .lines
        .iter()
        .map(|line| {
            view! {
                <tr class="border-t border-slate-100 align-top">
                    <td class=CELL>{line.description.clone()}</td>
                    <td class=format!("{NUM} hidden sm:table-cell")>{format::quantity_milli(line.quantity_milli, lang)}</td>
                    // Lines take the document's sign, as its totals do.
                    <td class=format!("{NUM} hidden sm:table-cell")>{money(sign * line.unit_price_minor)}</td>
                    <td class=NUM>{money(sign * line.net_minor)}</td>
                    <td class=format!("{NUM} hidden sm:table-cell")>{money(sign * line.tax_minor)}</td>
                </tr>
            }
        })
        .collect_view();
    let payments = detail
        .payments
        .iter()
        .map(|payment| {
            view! {
                <tr class="border-t border-slate-100">
                    <td class=CELL>{format::date(payment.entry_date, lang)}</td>
                    <td class=NUM>{money(payment.amount_minor)}</td>
                    <td class=CELL>
                        {payment.is_voided.then(|| td_string!(locale, invoices.payment_voided))}
                    </td>
                </tr>
            }
        })
        .collect_view();
    let has_payments = !detail.payments.is_empty();
    let has_lines = !detail.lines.is_empty();
    view! {
        <div class="mt-3 flex flex-wrap items-center gap-3">
            <h1 data-testid="invoice-title" class="text-2xl font-semibold">{title}</h1>
            <StatusBadge status=row.status(view.today) />
        </div>
        <dl data-testid="invoice-facts" class=format!("{BOX} grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-2")>
            <div>
                <dt class="text-slate-600">{td_string!(locale, invoices.col_customer)}</dt>
                <dd>
                    <a href=format!("/customers/{}", row.customer_id) class="font-medium text-emerald-800 underline">
                        {row.customer_name.clone()}
                    </a>
                </dd>
            </div>
            <div>
                <dt class="text-slate-600">{td_string!(locale, invoices.state_label)}</dt>
                <dd>{doc_state_label(row.state, locale)}</dd>
            </div>
            <div>
                <dt class="text-slate-600">{td_string!(locale, invoices.col_date)}</dt>
                <dd>{format::date(row.entry_date, lang)}</dd>
            </div>
            <div>
                <dt class="text-slate-600">{td_string!(locale, invoices.col_due)}</dt>
                <dd>{format::date(row.due_date, lang)}</dd>
            </div>
            <div>
                <dt class="text-slate-600">{td_string!(locale, invoices.sent_label)}</dt>
                <dd data-testid="invoice-sent">{sent_state_label(&row.sent_state, locale)}</dd>
            </div>
            <div>
                <dt class="text-slate-600">{td_string!(locale, invoices.settled_label)}</dt>
                <dd data-testid="invoice-settled">
                    {match row.settled_on {
                        Some(day) => td_string!(
                            locale,
                            invoices.settled_on,
                            date = format::date(day, lang),
                            count = (day - row.entry_date).num_days()
                        ),
                        None => "–".to_string(),
                    }}
                </dd>
            </div>
            {detail.credits.clone().map(|(id, number)| view! {
                <div>
                    <dt class="text-slate-600">{td_string!(locale, invoices.credits_label)}</dt>
                    <dd><a href=format!("/invoices/{id}") class="font-medium text-emerald-800 underline">{number}</a></dd>
                </div>
            })}
        </dl>
        <section aria-labelledby="invoice-amounts" class=BOX>
            <h2 id="invoice-amounts" class="text-lg font-semibold">{td_string!(locale, invoices.amounts)}</h2>
            <dl data-testid="invoice-amounts" class="mt-2 grid grid-cols-2 gap-x-6 gap-y-1 text-sm sm:grid-cols-4">
                <dt class="text-slate-600">{td_string!(locale, invoices.net)}</dt>
                <dd class="text-right tabular-nums sm:text-left">{money(sign * detail.net_minor)}</dd>
                <dt class="text-slate-600">{td_string!(locale, invoices.vat)}</dt>
                <dd class="text-right tabular-nums sm:text-left">{money(sign * detail.tax_minor)}</dd>
                <dt class="font-medium">{td_string!(locale, invoices.gross)}</dt>
                <dd data-testid="invoice-gross" class="text-right font-medium tabular-nums sm:text-left">{money(row.gross_minor)}</dd>
                <dt class="text-slate-600">{td_string!(locale, invoices.balance)}</dt>
                <dd data-testid="invoice-balance" class="text-right tabular-nums sm:text-left">{money(row.balance_minor)}</dd>
                {foreign.then(|| view! {
                    <dt class="text-slate-600">{td_string!(locale, invoices.in_base, currency = base.clone())}</dt>
                    <dd class="text-right tabular-nums sm:text-left">
                        {format::money_exact(row.gross_base_minor, &base, lang)}
                        <span class="block text-xs text-slate-600">
                            {td_string!(locale, invoices.rate, rate = format::rate_micros(detail.exchange_rate_micros, lang))}
                        </span>
                    </dd>
                })}
            </dl>
        </section>
        <section aria-labelledby="invoice-lines" class=BOX>
            <h2 id="invoice-lines" class="text-lg font-semibold">{td_string!(locale, invoices.lines)}</h2>
            {if has_lines {
                view! {
                    <div tabindex="0" class="mt-2 overflow-x-auto scroll-cue">
                        <table data-testid="invoice-lines" class="w-full text-sm">
                            <thead class="text-left text-xs uppercase tracking-wide text-slate-600">
                                <tr>
                                    <th scope="col" class=CELL>{td_string!(locale, invoices.line_description)}</th>
                                    <th scope="col" class=format!("{NUM} hidden sm:table-cell")>{td_string!(locale, invoices.line_quantity)}</th>
                                    <th scope="col" class=format!("{NUM} hidden sm:table-cell")>{td_string!(locale, invoices.line_price)}</th>
                                    <th scope="col" class=NUM>{td_string!(locale, invoices.net)}</th>
                                    <th scope="col" class=format!("{NUM} hidden sm:table-cell")>{td_string!(locale, invoices.vat)}</th>
                                </tr>
                            </thead>
                            <tbody>{lines}</tbody>
                        </table>
                    </div>
                }
                .into_any()
            } else {
                view! { <p class="mt-2 text-sm text-slate-700">{td_string!(locale, invoices.no_lines)}</p> }.into_any()
            }}
        </section>
        <section aria-labelledby="invoice-payments" class=BOX>
            <h2 id="invoice-payments" class="text-lg font-semibold">{td_string!(locale, invoices.payments)}</h2>
            {if has_payments {
                view! {
                    <table data-testid="invoice-payments" class="mt-2 w-full text-sm">
                        <thead class="text-left text-xs uppercase tracking-wide text-slate-600">
                            <tr>
                                <th scope="col" class=CELL>{td_string!(locale, invoices.col_date)}</th>
                                <th scope="col" class=NUM>{td_string!(locale, invoices.col_amount)}</th>
                                <th scope="col" class=CELL><span class="sr-only">{td_string!(locale, invoices.state_label)}</span></th>
                            </tr>
                        </thead>
                        <tbody>{payments}</tbody>
                        <tfoot>
                            <tr class="border-t border-slate-300 font-medium">
                                <th scope="row" class=format!("{CELL} text-left")>{td_string!(locale, invoices.paid_total)}</th>
                                <td class=NUM>{format::money_exact(paid_total, &row.currency, lang)}</td>
                                <td></td>
                            </tr>
                        </tfoot>
                    </table>
                }
                .into_any()
            } else {
                view! { <p class="mt-2 text-sm text-slate-700">{td_string!(locale, invoices.no_payments)}</p> }.into_any()
            }}
        </section>
    }
}
