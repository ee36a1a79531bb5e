//! Leptos components: the document shell, the app with its router, pages and
//! reusable components. Nothing here touches the database; data comes from `api`.

pub mod charts;
pub mod components;
pub mod live;
pub mod pages;
pub mod style;
pub mod theme;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Html, MetaTags, Stylesheet, Title};
use leptos_router::components::{Outlet, ParentRoute, Route, Router, Routes};
use leptos_router::{path, SsrMode};

use crate::api::accounts::current_account;
use crate::domain::accounts::Action;
use crate::i18n::{I18nContextProvider, Locale, LANG_COOKIE};
use components::{AccountResource, RequireAccount, SiteHeader, SyncBar};
use pages::{
    AdminPage, AuditLogPage, BillingPage, BillsPage, ConnectionPage, CustomerPage, CustomersPage,
    InvitationPage, InvoicePage, InvoicesPage, MembersPage, NotFoundPage, OverviewPage,
    PaymentsPage, ReceivablesPage, RevenuePage, SignInPage, SignUpPage, SyncHealthPage,
};

/// The HTML document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        // `lang` comes from the i18n provider (leptos_meta puts it on this tag).
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light dark" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                // ECharts is served by the app itself (never a CDN) and must exist as the
                // global `echarts` before hydration draws a chart.
                <script src="/vendor/echarts.min.js" defer></script>
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body class="min-h-screen bg-slate-50 text-slate-900 antialiased">
                <App />
            </body>
        </html>
    }
}

/// The application: header, navigation and the routed page. Every page but signing
/// in, signing up and invitation links requires a signed-in person.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // Who is signed in, loaded once per page load (blocking, so the server-rendered
    // header and redirects are right without JavaScript).
    let account: AccountResource = Resource::new_blocking(|| (), |_| current_account());
    provide_context(account);
    live::provide_live_version();
    let theme = theme::provide_page_theme();
    // Tells tests (and curious people) that the wasm bundle has taken over the page.
    Effect::new(move |_| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-hydrated", "true");
        }
    });
    // The cookie is only read here; `set_preferences` writes it, so a language
    // detected from the browser is not pinned for later visits.
    let cookie_options = leptos_i18n::context::CookieOptions::<Locale>::default().readonly(true);
    view! {
        <Stylesheet id="leptos" href="/pkg/ledgerlight.css" />
        <Title text="Ledgerlight" />
        <Html {..} data-theme=theme.key() />
        <I18nContextProvider cookie_name=LANG_COOKIE cookie_options>
        <Router>
            <SiteHeader />
            <SyncBar />
            <Routes fallback=|| view! { <NotFoundPage /> }>
                // Every page of a signed-in person sits under one gate: a visitor is sent
                // to sign in and comes back. Async: the server waits for the figures and
                // sends complete HTML, so pages are whole without JavaScript (out-of-order
                // streaming needs a script to place resolved fragments); the children
                // inherit it.
                <ParentRoute
                    path=path!("")
                    view=|| view! { <RequireAccount><Outlet /></RequireAccount> }
                    ssr=SsrMode::Async
                >
                    <Route path=path!("/") view=OverviewPage />
                    <Route path=path!("/revenue") view=RevenuePage />
                    <Route path=path!("/payments") view=PaymentsPage />
                    <Route path=path!("/bills") view=BillsPage />
                    <Route path=path!("/customers") view=CustomersPage />
                    <Route path=path!("/customers/:id") view=CustomerPage />
                    <Route path=path!("/receivables") view=ReceivablesPage />
                    <Route path=path!("/invoices") view=InvoicesPage />
                    <Route path=path!("/invoices/:id") view=InvoicePage />
                    <Route path=path!("/members") view=MembersPage />
                    <Route path=path!("/billing") view=BillingPage />
                    <Route path=path!("/sync") view=SyncHealthPage />
                    <Route path=path!("/connection") view=ConnectionPage />
                    <Route path=path!("/admin") view=AdminPage />
                </ParentRoute>
                // The audit log also asks for a role that may read it.
                <Route
                    path=path!("/audit")
                    view=|| {
                        view! {
                            <RequireAccount action=Action::ViewAuditLog>
                                <AuditLogPage />
                            </RequireAccount>
                        }
                    }
                    ssr=SsrMode::Async
                />
                <Route path=path!("/sign-in") view=SignInPage ssr=SsrMode::Async />
                <Route path=path!("/sign-up") view=SignUpPage ssr=SsrMode::Async />
                <Route path=path!("/invite/:token") view=InvitationPage ssr=SsrMode::Async />
            </Routes>
        </Router>
        </I18nContextProvider>
    }
}
