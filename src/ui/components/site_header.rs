//! The header on every page: navigation for what the role may open, the organization
//! switcher, and the signed-in person with a sign-out button. Forms all, so it works
//! without JavaScript. On a phone all of it folds into one menu.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

use super::forms::{load_page_on_success, path_and_query, INPUT_CLASS, SECONDARY_BUTTON};
use super::use_account;
use crate::api::accounts::{SignOut, SwitchOrganization};
use crate::api::preferences::SetPreferences;
use crate::domain::accounts::{Action, SessionInfo};
use crate::domain::format::Lang;
use crate::domain::preferences::Theme;
use crate::i18n::{lang_of, td_string};
use crate::ui::theme::use_page_theme;
use crate::words::text::{role_label, use_locale};

const CHOICE: &str = "min-h-6 rounded px-1.5 py-0.5 text-slate-700 hover:bg-emerald-50";
const ACTIVE_CHOICE: &str =
    "min-h-6 rounded px-1.5 py-0.5 font-semibold text-emerald-900 underline";
const NAV_LINK: &str = "flex min-h-10 items-center rounded px-2 py-1 font-medium sm:min-h-0 text-slate-700 hover:bg-emerald-50 aria-[current=page]:bg-emerald-50 aria-[current=page]:text-emerald-900";

#[component]
pub fn SiteHeader() -> impl IntoView {
    let account = use_account();
    let locale = use_locale();
    let menu = NodeRef::<leptos::html::Details>::new();
    close_on_navigation(menu);
    view! {
        <header class="relative border-b border-slate-200 bg-white">
            <div class="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-x-4 gap-y-2 px-4 py-2 sm:py-3">
                <a
                    href="/"
                    aria-label=td_string!(locale, common.home)
                    class="flex shrink-0 items-center gap-2 font-semibold text-slate-900"
                >
                    <span aria-hidden="true" class="inline-block h-6 w-6 rounded bg-emerald-600"></span>
                    "Ledgerlight"
                </a>
                // On a phone the header is one line: the organization's name and a menu
                // that holds the rest (see `details.fold-on-phone` in the stylesheet).
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        account
                            .await
                            .ok()
                            .flatten()
                            .map(|info| {
                                view! {
                                    <span
                                        data-testid="menu-org"
                                        class="min-w-0 flex-1 truncate text-sm font-medium text-slate-700 sm:hidden"
                                    >
                                        {info.org.name}
                                    </span>
                                }
                            })
                    })}
                </Suspense>
                <details node_ref=menu data-testid="menu" class="fold-on-phone group">
                    <summary
                        data-testid="menu-button"
                        class="inline-flex min-h-10 items-center gap-2 rounded-md border border-slate-300 px-3 text-sm font-medium text-slate-800 sm:hidden"
                    >
                        <span aria-hidden="true" class="text-base leading-none group-open:hidden">"☰"</span>
                        <span aria-hidden="true" class="hidden text-base leading-none group-open:inline">"✕"</span>
                        {td_string!(locale, common.menu)}
                    </summary>
                    <div class="absolute inset-x-0 top-full z-30 flex max-h-[80vh] flex-col gap-4 overflow-y-auto border-b border-slate-200 bg-white px-4 py-4 shadow-lg sm:contents">
                        <PreferenceSwitcher />
                        <Suspense fallback=|| ()>
                            {move || Suspend::new(async move {
                                match account.await {
                                    Ok(Some(info)) => view! { <SignedInBar info /> }.into_any(),
                                    _ => {
                                        view! {
                                            <a href="/sign-in" class="text-sm font-medium text-emerald-800 underline">
                                                {td_string!(locale, common.sign_in)}
                                            </a>
                                        }
                                            .into_any()
                                    }
                                }
                            })}
                        </Suspense>
                    </div>
                </details>
            </div>
        </header>
    }
}

/// A menu left open would cover the next page after a client-side navigation (the
/// header stays mounted); close it whenever the location changes.
fn close_on_navigation(menu: NodeRef<leptos::html::Details>) {
    let location = use_location();
    // Effects run only in the browser. The first run is hydration itself: a menu the
    // person opened while the page loaded stays open.
    Effect::new(move |previous: Option<()>| {
        location.pathname.track();
        location.search.track();
        #[cfg(feature = "hydrate")]
        if let (Some(_), Some(details)) = (previous, menu.get_untracked()) {
            details.set_open(false);
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (previous, menu);
    });
}

#[component]
fn SignedInBar(info: SessionInfo) -> impl IntoView {
    let locale = use_locale();
    let sign_out = ServerAction::<SignOut>::new();
    load_page_on_success(sign_out, Some("/sign-in".to_string()));
    let can_audit = info.can(Action::ViewAuditLog);
    let is_platform_admin = info.platform_role.is_platform_admin();
    view! {
        <div class="flex min-w-0 flex-wrap items-center gap-x-3 gap-y-2 text-sm sm:ml-auto">
            <OrgSwitcher info=info.clone() />
            <span class="text-slate-600" data-testid="signed-in-as">
                {info.email.clone()}
            </span>
            <span
                data-testid="current-role"
                class="whitespace-nowrap rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700"
            >
                {role_label(info.org.role, locale)}
            </span>
            <ActionForm action=sign_out attr:class="inline">
                <button type="submit" data-testid="sign-out" class=SECONDARY_BUTTON>
                    {td_string!(locale, common.sign_out)}
                </button>
            </ActionForm>
        </div>
        <nav
            aria-label=td_string!(locale, common.nav_label)
            class="order-first grid w-full grid-cols-2 gap-1 text-sm sm:order-none sm:flex sm:flex-wrap"
        >
            <A href="/" exact=true attr:class=NAV_LINK>
                {td_string!(locale, common.nav_overview)}
            </A>
            <A href="/revenue" attr:class=NAV_LINK>
                {td_string!(locale, common.nav_revenue)}
            </A>
            <A href="/invoices" attr:class=NAV_LINK>
                {td_string!(locale, common.nav_invoices)}
            </A>
            <A href="/receivables" attr:class=NAV_LINK>
                {td_string!(locale, common.nav_receivables)}
            </A>
            <A href="/payments" attr:class=NAV_LINK>
                {td_string!(locale, common.nav_payments)}
            </A>
            <A href="/bills" attr:class=NAV_LINK>
                {td_string!(locale, common.nav_bills)}
            </A>
            <A href="/customers" attr:class=NAV_LINK>
                {td_string!(locale, common.nav_customers)}
            </A>
            <A href="/members" attr:class=NAV_LINK>
                {td_string!(locale, common.nav_members)}
            </A>
            <A href="/billing" attr:class=NAV_LINK>
                {td_string!(locale, common.nav_billing)}
            </A>
            <A href="/connection" attr:class=NAV_LINK>
                {td_string!(locale, common.nav_billy)}
            </A>
            <A href="/sync" attr:class=NAV_LINK>
                {td_string!(locale, common.nav_sync)}
            </A>
            {can_audit
                .then(|| {
                    view! {
                        <A href="/audit" attr:class=NAV_LINK>
                            {td_string!(locale, common.nav_audit)}
                        </A>
                    }
                })}
            {is_platform_admin
                .then(|| {
                    view! {
                        <A href="/admin" attr:class=NAV_LINK>
                            {td_string!(locale, common.nav_admin)}
                        </A>
                    }
                })}
        </nav>
    }
}

/// A select of the person's organizations with a button; one organization is just
/// its name.
#[component]
fn OrgSwitcher(info: SessionInfo) -> impl IntoView {
    let locale = use_locale();
    let switch = ServerAction::<SwitchOrganization>::new();
    load_page_on_success(switch, None);
    if info.orgs.len() < 2 {
        return view! {
            <span data-testid="current-org" class="font-medium text-slate-900">
                {info.org.name}
            </span>
        }
        .into_any();
    }
    let current = info.org.id;
    let options = info
        .orgs
        .into_iter()
        .map(|org| {
            view! {
                <option value=org.id.to_string() selected=org.id == current>
                    {org.name}
                </option>
            }
        })
        .collect_view();
    view! {
        <ActionForm action=switch attr:class="flex min-w-0 items-center gap-2">
            <label for="org-switcher" class="sr-only">
                {td_string!(locale, common.organization)}
            </label>
            <select
                id="org-switcher"
                name="org_id"
                data-testid="org-switcher"
                class=format!("{INPUT_CLASS} !mt-0 max-w-[14rem] truncate !py-1 text-sm")
            >
                {options}
            </select>
            <button type="submit" data-testid="switch-org" class=SECONDARY_BUTTON>
                {td_string!(locale, common.switch)}
            </button>
        </ActionForm>
    }
    .into_any()
}

/// One button per language, each naming itself in its own language, and one per theme.
/// A plain form, so it works without JavaScript; the server remembers the choice in a
/// cookie and sends the person back to the same page, now in that language or theme.
#[component]
fn PreferenceSwitcher() -> impl IntoView {
    let locale = use_locale();
    let current = lang_of(locale);
    let action = ServerAction::<SetPreferences>::new();
    load_page_on_success(action, None);
    let location = use_location();
    let here = move || {
        // Tracked, so the field follows client-side navigation.
        location.pathname.track();
        location.search.track();
        path_and_query(&location)
    };
    let buttons = Lang::ALL
        .into_iter()
        .map(|lang| {
            let active = lang == current;
            view! {
                <button
                    type="submit"
                    name="lang"
                    value=lang.code()
                    lang=lang.code()
                    data-testid=format!("language-{}", lang.code())
                    aria-pressed=active.to_string()
                    class=if active { ACTIVE_CHOICE } else { CHOICE }
                >
                    {lang.native_name()}
                </button>
            }
        })
        .collect_view();
    let theme = use_page_theme();
    let theme_buttons = Theme::ALL
        .into_iter()
        .map(|choice| {
            let active = choice == theme;
            let label = match choice {
                Theme::System => td_string!(locale, common.theme_system),
                Theme::Light => td_string!(locale, common.theme_light),
                Theme::Dark => td_string!(locale, common.theme_dark),
            };
            view! {
                <button
                    type="submit"
                    name="theme"
                    value=choice.key()
                    data-testid=format!("theme-{}", choice.key())
                    aria-pressed=active.to_string()
                    class=if active { ACTIVE_CHOICE } else { CHOICE }
                >
                    {label}
                </button>
            }
        })
        .collect_view();
    view! {
        <ActionForm action attr:class="flex flex-wrap items-center gap-x-2 text-xs">
            <input type="hidden" name="next" value=here />
            <fieldset class="flex items-center gap-0.5">
                <legend class="sr-only">{td_string!(locale, common.language)}</legend>
                {buttons}
            </fieldset>
            <fieldset class="flex items-center gap-0.5">
                <legend class="sr-only">{td_string!(locale, common.theme)}</legend>
                {theme_buttons}
            </fieldset>
        </ActionForm>
    }
}
