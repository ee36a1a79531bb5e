//! Signing in and signing up: plain forms that work without JavaScript, and come back
//! to the page that sent the visitor here (`?next=`).

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::accounts::{safe_next, SignIn, SignUp};
use crate::ui::components::forms::{
    action_error, encode_query_value, load_page_on_success, FormError, INPUT_CLASS, PRIMARY_BUTTON,
};

/// Where to go afterwards, from `?next=` (only paths on this site).
fn next_param() -> Memo<String> {
    let query = use_query_map();
    Memo::new(move |_| safe_next(query.read().get("next").as_deref()))
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let next = next_param();
    let action = ServerAction::<SignIn>::new();
    load_page_on_success(action, Some(next.get_untracked()));
    view! {
        <AuthCard title="Sign in to Ledgerlight">
            <ActionForm action attr:data-testid="sign-in-form" attr:class="space-y-4">
                <input type="hidden" name="next" value=move || next.get() />
                <EmailAndPassword new_password=false />
                <button type="submit" class=format!("{PRIMARY_BUTTON} w-full")>
                    "Sign in"
                </button>
            </ActionForm>
            <FormError message=action_error(action) />
            <p class="mt-6 text-sm text-slate-700">
                "No account yet? "
                <a
                    class="font-medium text-emerald-800 underline"
                    href=move || format!("/sign-up?next={}", encode_query_value(&next.get()))
                >
                    "Create one"
                </a>
            </p>
        </AuthCard>
    }
}

#[component]
pub fn SignUpPage() -> impl IntoView {
    let next = next_param();
    let action = ServerAction::<SignUp>::new();
    load_page_on_success(action, Some(next.get_untracked()));
    view! {
        <AuthCard title="Create your Ledgerlight account">
            <p class="mb-4 text-sm text-slate-700">
                "You get a personal organization on the Free plan, with you as its owner. "
                "Invitations from others add you to theirs."
            </p>
            <ActionForm action attr:data-testid="sign-up-form" attr:class="space-y-4">
                <input type="hidden" name="next" value=move || next.get() />
                <EmailAndPassword new_password=true />
                <button type="submit" class=format!("{PRIMARY_BUTTON} w-full")>
                    "Create account"
                </button>
            </ActionForm>
            <FormError message=action_error(action) />
            <p class="mt-6 text-sm text-slate-700">
                "Already have an account? "
                <a
                    class="font-medium text-emerald-800 underline"
                    href=move || format!("/sign-in?next={}", encode_query_value(&next.get()))
                >
                    "Sign in"
                </a>
            </p>
        </AuthCard>
    }
}

#[component]
fn AuthCard(title: &'static str, children: Children) -> impl IntoView {
    view! {
        <main class="mx-auto max-w-md px-4 py-10">
            <div class="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
                <h1 class="mb-4 text-xl font-semibold">{title}</h1>
                {children()}
            </div>
        </main>
    }
}

#[component]
fn EmailAndPassword(new_password: bool) -> impl IntoView {
    let (autocomplete, hint) = if new_password {
        ("new-password", Some("At least 10 characters."))
    } else {
        ("current-password", None)
    };
    view! {
        <label class="block text-sm font-medium text-slate-800">
            "Email"
            <input
                type="email"
                name="email"
                required
                autocomplete="username"
                class=INPUT_CLASS
            />
        </label>
        <label class="block text-sm font-medium text-slate-800">
            "Password"
            <input
                type="password"
                name="password"
                required
                minlength=if new_password { "10" } else { "1" }
                autocomplete=autocomplete
                class=INPUT_CLASS
            />
            {hint.map(|text| view! { <span class="mt-1 block text-xs font-normal text-slate-600">{text}</span> })}
        </label>
    }
}
