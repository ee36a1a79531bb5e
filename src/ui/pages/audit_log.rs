//! The organization's audit log (owners and admins); nobody can edit it.

use leptos::prelude::*;

use crate::ui::live::live_version;

use crate::api::audit::get_audit_log;
use crate::i18n::td_string;
use crate::ui::components::{AuditTable, Loaded};
use crate::words::text::use_locale;

#[component]
pub fn AuditLogPage() -> impl IntoView {
    let locale = use_locale();
    // Manual syncs and connection changes appear while the page is open.
    let entries = Resource::new(live_version, |_| get_audit_log());
    view! {
        <main data-testid="audit-page" class="mx-auto max-w-6xl px-4 py-6">
            <h1 class="text-2xl font-semibold">{td_string!(locale, accounts.audit_title)}</h1>
            <p class="text-sm text-slate-600">
                {td_string!(locale, accounts.audit_intro)}
            </p>
            <Loaded data=entries loading=td_string!(locale, common.loading) body=move |rows| view! { <AuditTable rows /> } />
        </main>
    }
}
