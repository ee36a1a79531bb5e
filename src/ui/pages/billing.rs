//! The billing page: the plan and its status, usage against every limit this month,
//! the plans side by side (owners switch here), and the billing history.

use leptos::prelude::*;

use crate::ui::live::live_version;

use crate::api::billing::{get_billing, ChangePlan};
use crate::domain::billing::{BillingEventRow, BillingOverview, LimitKey, PlanInfo};
use crate::domain::format;
use crate::i18n::{lang_of, td_string};
use crate::ui::components::forms::{action_error, FormError, PRIMARY_BUTTON};
use crate::ui::components::{Loaded, UsageBar};
use crate::words::text::{feature_label, limit_text, plan_status_label, price_text, use_locale};

#[component]
pub fn BillingPage() -> impl IntoView {
    let locale = use_locale();
    let change = ServerAction::<ChangePlan>::new();
    // Usage moves with syncs (synced invoices, API calls): refetched on live updates too.
    let billing = Resource::new(
        move || (change.version().get(), live_version()),
        |_| get_billing(),
    );
    view! {
        <main data-testid="billing-page" class="mx-auto max-w-6xl px-4 py-6">
            <h1 class="text-2xl font-semibold">{td_string!(locale, billing.title)}</h1>
            <FormError message=action_error(change) />
            <Loaded data=billing loading=td_string!(locale, billing.loading) body=move |data| view! { <BillingBody data change /> } />
        </main>
    }
}

#[component]
fn BillingBody(data: BillingOverview, change: ServerAction<ChangePlan>) -> impl IntoView {
    let locale = use_locale();
    let meters = data
        .meters
        .iter()
        .cloned()
        .map(|meter| view! { <UsageBar meter /> })
        .collect_view();
    let cards = data
        .plans
        .iter()
        .cloned()
        .map(|plan| {
            let current = plan.id == data.plan.id;
            view! { <PlanCard plan current can_change=data.can_change_plan change /> }
        })
        .collect_view();
    let month = format::month(data.month, lang_of(locale));
    view! {
        <section aria-labelledby="plan-heading" class="mt-4 rounded-lg border border-slate-200 bg-white p-4">
            <h2 id="plan-heading" class="sr-only">{td_string!(locale, billing.current_plan)}</h2>
            <p class="text-sm text-slate-600">{data.org_name.clone()}</p>
            <p class="mt-1 flex flex-wrap items-center gap-2 text-lg">
                <span data-testid="current-plan" class="font-semibold">{data.plan.name.clone()}</span>
                <span class="text-slate-700">{price_text(&data.plan, locale)}</span>
                <span data-testid="plan-status" class="whitespace-nowrap rounded-full bg-emerald-100 px-2 py-0.5 text-xs font-medium text-emerald-900">
                    {plan_status_label(&data.status, locale)}
                </span>
            </p>
            {(!data.can_change_plan)
                .then(|| {
                    view! {
                        <p data-testid="plan-read-only" class="mt-2 text-sm text-slate-600">
                            {td_string!(locale, billing.read_only)}
                        </p>
                    }
                })}
        </section>
        <section aria-labelledby="usage-heading" class="mt-6">
            <h2 id="usage-heading" class="text-lg font-semibold">{td_string!(locale, billing.usage_in, month = month)}</h2>
            <p class="text-sm text-slate-600">
                {td_string!(locale, billing.usage_note)}
            </p>
            <div class="mt-3 grid gap-3 sm:grid-cols-2 lg:grid-cols-4">{meters}</div>
        </section>
        <section aria-labelledby="plans-heading" class="mt-8">
            <h2 id="plans-heading" class="text-lg font-semibold">{td_string!(locale, billing.plans)}</h2>
            <div class="mt-3 grid gap-3 sm:grid-cols-2 lg:grid-cols-4">{cards}</div>
        </section>
        <section aria-labelledby="history-heading" class="mt-8">
            <h2 id="history-heading" class="text-lg font-semibold">{td_string!(locale, billing.history)}</h2>
            <BillingHistory data=data.clone() />
        </section>
    }
}

#[component]
fn PlanCard(
    plan: PlanInfo,
    current: bool,
    can_change: bool,
    change: ServerAction<ChangePlan>,
) -> impl IntoView {
    let locale = use_locale();
    let limits = [
        LimitKey::Seats,
        LimitKey::Records,
        LimitKey::ApiCallsPerMonth,
        LimitKey::StorageGb,
    ]
    .into_iter()
    .map(|key| view! { <li>{limit_text(key, plan.limit(key), locale)}</li> })
    .collect_view();
    let features = plan
        .features
        .iter()
        .map(|(flag, on)| {
            let (mark, label, class) = if *on {
                ("✓", td_string!(locale, billing.included), "text-slate-900")
            } else {
                (
                    "–",
                    td_string!(locale, billing.not_included),
                    "text-slate-500",
                )
            };
            view! {
                <li class=class>
                    <span aria-hidden="true" class="inline-block w-4">{mark}</span>
                    {feature_label(*flag, locale)}
                    <span class="sr-only">{format!(" ({label})")}</span>
                </li>
            }
        })
        .collect_view();
    let border = if current {
        "border-emerald-600 ring-1 ring-emerald-600"
    } else {
        "border-slate-200"
    };
    let plan_id = plan.id.clone();
    view! {
        <article
            data-testid=format!("plan-{}", plan.id)
            class=format!("flex flex-col rounded-lg border bg-white p-4 {border}")
        >
            <h3 class="text-base font-semibold">{plan.name.clone()}</h3>
            <p class="text-sm text-slate-700">{price_text(&plan, locale)}</p>
            <ul class="mt-3 space-y-1 text-sm text-slate-800">{limits}</ul>
            <ul class="mt-3 space-y-1 text-sm">{features}</ul>
            <div class="mt-auto pt-4">
                {if current {
                    view! {
                        <p class="text-sm font-medium text-emerald-800" data-testid="plan-current">
                            {td_string!(locale, billing.your_plan)}
                        </p>
                    }
                        .into_any()
                } else if can_change {
                    view! {
                        <ActionForm action=change>
                            <input type="hidden" name="plan_id" value=plan_id />
                            <button type="submit" data-testid="choose-plan" class=format!("{PRIMARY_BUTTON} w-full")>
                                {td_string!(locale, billing.switch_to, plan = plan.name.clone())}
                            </button>
                        </ActionForm>
                    }
                        .into_any()
                } else {
                    ().into_any()
                }}
            </div>
        </article>
    }
}

#[component]
fn BillingHistory(data: BillingOverview) -> impl IntoView {
    let locale = use_locale();
    let lang = lang_of(locale);
    if data.events.is_empty() {
        return view! { <p class="mt-2 text-sm text-slate-600">{td_string!(locale, billing.nothing_yet)}</p> }.into_any();
    }
    let rows = data
        .events
        .into_iter()
        .map(|event| {
            view! {
                <tr class="border-t border-slate-200" data-testid="billing-event">
                    <td class="px-3 py-2 whitespace-nowrap">
                        {format!("{} {}", format::date(event.at.date_naive(), lang), event.at.format("%H:%M"))}
                    </td>
                    <td class="px-3 py-2">{event_text(&event, locale)}</td>
                    <td class="hidden px-3 py-2 sm:table-cell">
                        {event.actor.clone().unwrap_or_else(|| td_string!(locale, billing.system).to_string())}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div tabindex="0" class="mt-2 overflow-x-auto scroll-cue rounded-lg border border-slate-200 bg-white">
            <table class="w-full text-left text-sm">
                <thead class="bg-slate-50 text-slate-700">
                    <tr>
                        <th scope="col" class="px-3 py-2 font-medium">{td_string!(locale, billing.col_when)}</th>
                        <th scope="col" class="px-3 py-2 font-medium">{td_string!(locale, billing.col_what)}</th>
                        <th scope="col" class="hidden px-3 py-2 font-medium sm:table-cell">{td_string!(locale, billing.col_who)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// One line of the billing history in words.
fn event_text(event: &BillingEventRow, locale: crate::i18n::Locale) -> String {
    match (event.kind.as_str(), &event.from_plan, &event.to_plan) {
        ("plan_changed", Some(from), Some(to)) => td_string!(
            locale,
            billing.event_plan_changed,
            from = from.clone(),
            to = to.clone()
        ),
        (other, _, _) => other.replace('_', " "),
    }
}
