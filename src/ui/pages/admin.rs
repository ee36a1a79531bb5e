//! The platform admin area: every organization and the platform-wide audit log.

use leptos::prelude::*;

use crate::api::admin::{get_admin_audit_log, get_admin_organizations};
use crate::domain::audit::AdminOrgRow;
use crate::domain::format;
use crate::i18n::{lang_of, td_string};
use crate::ui::components::{AuditTable, Loaded};
use crate::words::text::{plan_status_label, use_locale};

#[component]
pub fn AdminPage() -> impl IntoView {
    let locale = use_locale();
    let orgs = Resource::new(|| (), |_| get_admin_organizations());
    let audit = Resource::new(|| (), |_| get_admin_audit_log());
    view! {
        <main data-testid="admin-page" class="mx-auto max-w-6xl px-4 py-6">
            <h1 class="text-2xl font-semibold">{td_string!(locale, admin.title)}</h1>
            <section aria-labelledby="orgs-heading" class="mt-4">
                <h2 id="orgs-heading" class="text-lg font-semibold">{td_string!(locale, admin.organizations)}</h2>
                <Loaded data=orgs loading=td_string!(locale, admin.loading) body=move |rows| view! { <OrgTable rows /> } />
            </section>
            <section aria-labelledby="platform-audit-heading" class="mt-8">
                <h2 id="platform-audit-heading" class="text-lg font-semibold">{td_string!(locale, admin.audit_all)}</h2>
                <Loaded data=audit loading=td_string!(locale, admin.loading) body=move |rows| view! { <AuditTable rows show_org=true /> } />
            </section>
        </main>
    }
}

#[component]
fn OrgTable(rows: Vec<AdminOrgRow>) -> impl IntoView {
    let locale = use_locale();
    let body = rows
        .into_iter()
        .map(|org| {
            view! {
                <tr class="border-t border-slate-200" data-testid="admin-org-row">
                    <td class="px-3 py-2">
                        <span class="font-medium">{org.name}</span>
                        {org.is_demo.then(|| view! { <span class="ml-1 rounded bg-slate-100 px-1 text-xs">"demo"</span> })}
                        <span class="block text-xs text-slate-600">{org.slug}</span>
                    </td>
                    <td class="px-3 py-2">{org.plan_name}<span class="block text-xs text-slate-600">{plan_status_label(&org.status, locale)}</span></td>
                    <td class="px-3 py-2 tabular-nums">{org.members}</td>
                    <td class="hidden px-3 py-2 tabular-nums sm:table-cell">{org.invoices}</td>
                    <td class="hidden px-3 py-2 md:table-cell">{format::date(org.created_at.date_naive(), lang_of(locale))}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div tabindex="0" class="mt-2 overflow-x-auto scroll-cue rounded-lg border border-slate-200 bg-white">
            <table data-testid="admin-orgs-table" class="w-full text-left text-sm">
                <thead class="bg-slate-50 text-slate-700">
                    <tr>
                        <th scope="col" class="px-3 py-2 font-medium">{td_string!(locale, admin.col_org)}</th>
                        <th scope="col" class="px-3 py-2 font-medium">{td_string!(locale, admin.col_plan)}</th>
                        <th scope="col" class="px-3 py-2 font-medium">{td_string!(locale, admin.col_members)}</th>
                        <th scope="col" class="hidden px-3 py-2 font-medium sm:table-cell">{td_string!(locale, admin.col_invoices)}</th>
                        <th scope="col" class="hidden px-3 py-2 font-medium md:table-cell">{td_string!(locale, admin.col_created)}</th>
                    </tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}
