//! The gate in front of every signed-in page: visitors are sent to the sign-in page
//! (a real 302 when rendered on the server), and come back afterwards.

use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_location;

use super::forms::{encode_query_value, path_and_query};
use super::ErrorNotice;
use crate::domain::accounts::{Action, SessionInfo};
use crate::error::{AppError, Reason};
use crate::i18n::td_string;
use crate::words::text::use_locale;

/// The signed-in account, loaded once per page load by the app shell.
pub type AccountResource = Resource<Result<Option<SessionInfo>, AppError>>;

/// The account resource the app shell provides.
pub fn use_account() -> AccountResource {
    expect_context::<AccountResource>()
}

/// Renders `children` for a signed-in person allowed `action`; a visitor is
/// redirected to sign in, and a role without the right gets a clear refusal.
#[component]
pub fn RequireAccount(
    #[prop(optional)] action: Option<Action>,
    children: ChildrenFn,
) -> impl IntoView {
    let account = use_account();
    let location = use_location();
    let locale = use_locale();
    let children = StoredValue::new(children);
    view! {
        <Suspense fallback=move || {
            view! { <p class="mx-auto max-w-6xl px-4 py-6 text-slate-600">{td_string!(locale, common.loading)}</p> }
        }>
            {move || {
                let location = location.clone();
                Suspend::new(async move {
                match account.await {
                    Ok(Some(info)) => {
                        match action {
                            Some(action) if !info.can(action) => {
                                // The same readable page, with the status that says it:
                                // a refusal, not a page that worked.
                                #[cfg(feature = "ssr")]
                                if let Some(response) =
                                    use_context::<leptos_axum::ResponseOptions>()
                                {
                                    response.set_status(axum::http::StatusCode::FORBIDDEN);
                                }
                                view! {
                                    <main class="mx-auto max-w-6xl px-4 py-6">
                                        <ErrorNotice error=AppError::Forbidden(
                                            Reason::PageNotForRole {
                                                org: info.org.name.clone(),
                                                role: info.org.role,
                                            },
                                        ) />
                                    </main>
                                }
                                    .into_any()
                            }
                            _ => children.with_value(|children| children()).into_any(),
                        }
                    }
                    Ok(None) => {
                        let here = path_and_query(&location);
                        let path = format!("/sign-in?next={}", encode_query_value(&here));
                        view! { <Redirect path /> }.into_any()
                    }
                    Err(error) => view! { <main class="mx-auto max-w-6xl px-4"><ErrorNotice error /></main> }.into_any(),
                }
                })
            }}
        </Suspense>
    }
}
