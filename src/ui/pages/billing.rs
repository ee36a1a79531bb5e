//! The billing page: the plan and its status, usage against every limit this month,
//! the plans side by side (owners switch here), and the billing history.

use leptos::prelude::*;

use crate::ui::live::live_version;

use crate::api::billing::{get_billing, ChangePlan};
use crate::domain::billing::{BillingOverview, LimitKey, PlanInfo, UNLIMITED};
use crate::ui::components::forms::{action_error, FormError, PRIMARY_BUTTON};
use crate::ui::components::{ErrorNotice, UsageBar};

#[component]
pub fn BillingPage() -> impl IntoView {
    let change = ServerAction::<ChangePlan>::new();
    // Usage moves with syncs (synced invoices, API calls): refetched on live updates too.
    let billing = Resource::new(
        move || (change.version().get(), live_version()),
        |_| get_billing(),
    );
    view! {
        <main data-testid="billing-page" class="mx-auto max-w-6xl px-4 py-6">
            <h1 class="text-2xl font-semibold">"Billing and usage"</h1>
            <FormError message=action_error(change) />
            <Transition fallback=|| view! { <p class="mt-6 text-slate-600">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match billing.await {
                        Ok(data) => view! { <BillingBody data change /> }.into_any(),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })}
            </Transition>
        </main>
    }
}

#[component]
fn BillingBody(data: BillingOverview, change: ServerAction<ChangePlan>) -> impl IntoView {
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
    let month = data.month.format("%B %Y").to_string();
    view! {
        <section aria-labelledby="plan-heading" class="mt-4 rounded-lg border border-slate-200 bg-white p-4">
            <h2 id="plan-heading" class="sr-only">"Current plan"</h2>
            <p class="text-sm text-slate-600">{data.org_name.clone()}</p>
            <p class="mt-1 flex flex-wrap items-center gap-2 text-lg">
                <span data-testid="current-plan" class="font-semibold">{data.plan.name.clone()}</span>
                <span class="text-slate-700">{data.plan.price_label()}</span>
                <span data-testid="plan-status" class="rounded-full bg-emerald-100 px-2 py-0.5 text-xs font-medium text-emerald-900">
                    {data.status.clone()}
                </span>
            </p>
            {(!data.can_change_plan)
                .then(|| {
                    view! {
                        <p data-testid="plan-read-only" class="mt-2 text-sm text-slate-600">
                            "Only owners can change the plan."
                        </p>
                    }
                })}
        </section>
        <section aria-labelledby="usage-heading" class="mt-6">
            <h2 id="usage-heading" class="text-lg font-semibold">{format!("Usage in {month}")}</h2>
            <p class="text-sm text-slate-600">
                "Storage is estimated from the number of stored rows. Limits are enforced: "
                "at 100 % more is refused until the plan changes."
            </p>
            <div class="mt-3 grid gap-3 sm:grid-cols-2 lg:grid-cols-4">{meters}</div>
        </section>
        <section aria-labelledby="plans-heading" class="mt-8">
            <h2 id="plans-heading" class="text-lg font-semibold">"Plans"</h2>
            <div class="mt-3 grid gap-3 sm:grid-cols-2 lg:grid-cols-4">{cards}</div>
        </section>
        <section aria-labelledby="history-heading" class="mt-8">
            <h2 id="history-heading" class="text-lg font-semibold">"Billing history"</h2>
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
    let limits = [
        LimitKey::Seats,
        LimitKey::Records,
        LimitKey::ApiCallsPerMonth,
        LimitKey::StorageGb,
    ]
    .into_iter()
    .map(|key| {
        let value = plan.limit(key);
        let text = if value == UNLIMITED {
            key.describe_limit(UNLIMITED)
        } else {
            key.describe_limit(value)
        };
        view! { <li>{text}</li> }
    })
    .collect_view();
    let features = plan
        .features
        .iter()
        .map(|(flag, on)| {
            let (mark, label, class) = if *on {
                ("✓", "included", "text-slate-900")
            } else {
                ("–", "not included", "text-slate-500")
            };
            view! {
                <li class=class>
                    <span aria-hidden="true" class="inline-block w-4">{mark}</span>
                    {flag.label()}
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
            <p class="text-sm text-slate-700">{plan.price_label()}</p>
            <ul class="mt-3 space-y-1 text-sm text-slate-800">{limits}</ul>
            <ul class="mt-3 space-y-1 text-sm">{features}</ul>
            <div class="mt-auto pt-4">
                {if current {
                    view! {
                        <p class="text-sm font-medium text-emerald-800" data-testid="plan-current">
                            "Your plan"
                        </p>
                    }
                        .into_any()
                } else if can_change {
                    view! {
                        <ActionForm action=change>
                            <input type="hidden" name="plan_id" value=plan_id />
                            <button type="submit" data-testid="choose-plan" class=format!("{PRIMARY_BUTTON} w-full")>
                                {format!("Switch to {}", plan.name)}
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
    if data.events.is_empty() {
        return view! { <p class="mt-2 text-sm text-slate-600">"Nothing yet."</p> }.into_any();
    }
    let rows = data
        .events
        .into_iter()
        .map(|event| {
            view! {
                <tr class="border-t border-slate-200" data-testid="billing-event">
                    <td class="px-3 py-2 whitespace-nowrap">{event.at.format("%-d %b %Y %H:%M").to_string()}</td>
                    <td class="px-3 py-2">{event.summary}</td>
                    <td class="hidden px-3 py-2 sm:table-cell">{event.actor.unwrap_or_else(|| "system".to_string())}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div tabindex="0" class="mt-2 overflow-x-auto rounded-lg border border-slate-200 bg-white">
            <table class="w-full text-left text-sm">
                <thead class="bg-slate-50 text-slate-700">
                    <tr>
                        <th scope="col" class="px-3 py-2 font-medium">"When (UTC)"</th>
                        <th scope="col" class="px-3 py-2 font-medium">"What"</th>
                        <th scope="col" class="hidden px-3 py-2 font-medium sm:table-cell">"Who"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}
