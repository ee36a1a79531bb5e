//! Leptos components: the document shell, the app with its router, pages and
//! reusable components. Nothing here touches the database; data comes from `api`.

pub mod charts;
pub mod components;
pub mod error_text;
pub mod live;
pub mod pages;
pub mod text;
pub mod theme;

pub use theme::THEME_COOKIE;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Html, MetaTags, Stylesheet, Title};
use leptos_router::components::{Route, Router, Routes};
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
            // Async: the server waits for the figures and sends complete HTML, so pages are
            // whole without JavaScript (out-of-order streaming needs a script to place
            // resolved fragments).
            <Routes fallback=|| view! { <NotFoundPage /> }>
                <Route
                    path=path!("/")
                    view=|| view! { <RequireAccount><OverviewPage /></RequireAccount> }
                    ssr=SsrMode::Async
                />
                <Route
                    path=path!("/revenue")
                    view=|| view! { <RequireAccount><RevenuePage /></RequireAccount> }
                    ssr=SsrMode::Async
                />
                <Route
                    path=path!("/payments")
                    view=|| view! { <RequireAccount><PaymentsPage /></RequireAccount> }
                    ssr=SsrMode::Async
                />
                <Route
                    path=path!("/bills")
                    view=|| view! { <RequireAccount><BillsPage /></RequireAccount> }
                    ssr=SsrMode::Async
                />
                <Route
                    path=path!("/customers")
                    view=|| view! { <RequireAccount><CustomersPage /></RequireAccount> }
                    ssr=SsrMode::Async
                />
                <Route
                    path=path!("/customers/:id")
                    view=|| view! { <RequireAccount><CustomerPage /></RequireAccount> }
                    ssr=SsrMode::Async
                />
                <Route
                    path=path!("/receivables")
                    view=|| view! { <RequireAccount><ReceivablesPage /></RequireAccount> }
                    ssr=SsrMode::Async
                />
                <Route
                    path=path!("/invoices")
                    view=|| view! { <RequireAccount><InvoicesPage /></RequireAccount> }
                    ssr=SsrMode::Async
                />
                <Route
                    path=path!("/invoices/:id")
                    view=|| view! { <RequireAccount><InvoicePage /></RequireAccount> }
                    ssr=SsrMode::Async
                />
                <Route path=path!("/sign-in") view=SignInPage ssr=SsrMode::Async />
                <Route path=path!("/sign-up") view=SignUpPage ssr=SsrMode::Async />
                <Route path=path!("/invite/:token") view=InvitationPage ssr=SsrMode::Async />
                <Route
                    path=path!("/members")
                    view=|| view! { <RequireAccount><MembersPage /></RequireAccount> }
                    ssr=SsrMode::Async
                />
                <Route
                    path=path!("/billing")
                    view=|| view! { <RequireAccount><BillingPage /></RequireAccount> }
                    ssr=SsrMode::Async
                />
                <Route
                    path=path!("/sync")
                    view=|| view! { <RequireAccount><SyncHealthPage /></RequireAccount> }
                    ssr=SsrMode::Async
                />
                <Route
                    path=path!("/connection")
                    view=|| view! { <RequireAccount><ConnectionPage /></RequireAccount> }
                    ssr=SsrMode::Async
                />
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
                <Route
                    path=path!("/admin")
                    view=|| view! { <RequireAccount><AdminPage /></RequireAccount> }
                    ssr=SsrMode::Async
                />
            </Routes>
        </Router>
        </I18nContextProvider>
    }
}
