//! The audit log as a table: when, who, what, on what, from where.

use leptos::prelude::*;

use crate::domain::audit::{describe_action, AuditRow};
use crate::i18n::td_string;
use crate::words::text::use_locale;

#[component]
pub fn AuditTable(rows: Vec<AuditRow>, #[prop(optional)] show_org: bool) -> impl IntoView {
    let locale = use_locale();
    if rows.is_empty() {
        return view! { <p class="mt-2 text-sm text-slate-600">{td_string!(locale, accounts.audit_empty)}</p> }.into_any();
    }
    let body = rows
        .into_iter()
        .map(|row| {
            let action = row.action.clone();
            view! {
                <tr class="border-t border-slate-200 align-top" data-testid="audit-row" data-action=action>
                    <td class="px-3 py-2 whitespace-nowrap tabular-nums">{row.at.format("%Y-%m-%d %H:%M:%S").to_string()}</td>
                    <td class="px-3 py-2 [overflow-wrap:anywhere]">{row.actor.unwrap_or_else(|| "—".to_string())}</td>
                    <td class="px-3 py-2">
                        {describe_action(&row.action)}
                        <span class="block text-xs text-slate-600">{row.action}</span>
                    </td>
                    <td class="hidden px-3 py-2 md:table-cell [overflow-wrap:anywhere]">
                        {row.target.unwrap_or_default()}
                        <span class="block font-mono text-xs text-slate-600">{row.detail}</span>
                    </td>
                    {show_org.then(|| view! { <td class="hidden px-3 py-2 md:table-cell">{row.org_name.unwrap_or_else(|| td_string!(locale, accounts.audit_platform).to_string())}</td> })}
                    <td class="hidden px-3 py-2 sm:table-cell">{row.ip.unwrap_or_default()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div tabindex="0" class="mt-2 overflow-x-auto scroll-cue rounded-lg border border-slate-200 bg-white">
            <table data-testid="audit-table" class="w-full text-left text-sm">
                <thead class="bg-slate-50 text-slate-700">
                    <tr>
                        <th scope="col" class="px-3 py-2 font-medium">{td_string!(locale, accounts.audit_when)}</th>
                        <th scope="col" class="px-3 py-2 font-medium">{td_string!(locale, accounts.audit_who)}</th>
                        <th scope="col" class="px-3 py-2 font-medium">{td_string!(locale, accounts.audit_what)}</th>
                        <th scope="col" class="hidden px-3 py-2 font-medium md:table-cell">{td_string!(locale, accounts.audit_on)}</th>
                        {show_org.then(|| view! { <th scope="col" class="hidden px-3 py-2 font-medium md:table-cell">{td_string!(locale, accounts.audit_org)}</th> })}
                        <th scope="col" class="hidden px-3 py-2 font-medium sm:table-cell">{td_string!(locale, accounts.audit_from)}</th>
                    </tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
    .into_any()
}
