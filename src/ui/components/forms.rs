//! Form helpers every page uses: a server action's error in words, the styles of
//! inputs and buttons, and a full page load after actions that change who is signed in
//! or which organization is open (every figure on the page changes with them).

use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use crate::error::AppError;
use crate::words::errors::error_text;
use crate::words::text::use_locale;

/// Input fields and selects.
pub const INPUT_CLASS: &str = "mt-1 block w-full rounded-md border border-slate-400 bg-white px-3 py-2 text-base text-slate-900 shadow-sm focus:border-emerald-700";
/// The main button of a form.
pub const PRIMARY_BUTTON: &str = "inline-flex items-center justify-center rounded-md bg-emerald-700 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-emerald-800 disabled:opacity-60";
/// A secondary button.
pub const SECONDARY_BUTTON: &str = "inline-flex items-center justify-center rounded-md border border-slate-400 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:border-emerald-700";
/// A button that removes something.
pub const DANGER_BUTTON: &str = "inline-flex items-center justify-center rounded-md border border-rose-300 bg-white px-3 py-1.5 text-sm font-medium text-rose-800 hover:bg-rose-50";

/// The message of the action's last failure, if its last run failed. Without
/// JavaScript the server sends the error back in the URL, and the action starts with it.
pub fn action_error<S>(action: ServerAction<S>) -> Signal<Option<String>>
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    let locale = use_locale();
    Signal::derive(move || {
        action.value().with(|value| match value {
            Some(Err(err)) => Some(error_text(err, locale)),
            _ => None,
        })
    })
}

/// Whether the action's last run succeeded.
pub fn action_succeeded<S>(action: ServerAction<S>) -> Signal<bool>
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    Signal::derive(move || action.value().with(|value| matches!(value, Some(Ok(_)))))
}

/// After the action succeeds, loads `target` (or reloads this page) in full.
pub fn load_page_on_success<S>(action: ServerAction<S>, target: Option<String>)
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    let succeeded = action_succeeded(action);
    Effect::new(move |_| {
        if succeeded.get() {
            let location = window().location();
            let _ = match &target {
                Some(url) => location.assign(url),
                None => location.reload(),
            };
        }
    });
}

/// A form's error box, shown only when there is an error.
#[component]
pub fn FormError(#[prop(into)] message: Signal<Option<String>>) -> impl IntoView {
    move || {
        message.get().map(|text| {
            view! {
                <p
                    role="alert"
                    data-testid="form-error"
                    class="mt-3 rounded-md border border-rose-300 bg-rose-50 px-3 py-2 text-sm text-rose-900"
                >
                    {text}
                </p>
            }
        })
    }
}

/// The page's path with its query (`/revenue?period=last_month`): where to come back
/// to. The router's `search` comes without its `?`.
pub fn path_and_query(location: &leptos_router::location::Location) -> String {
    let path = location.pathname.get_untracked();
    let search = location.search.get_untracked();
    if search.is_empty() {
        path
    } else {
        format!("{path}?{search}")
    }
}

pub use crate::domain::url::encode_query_value;
