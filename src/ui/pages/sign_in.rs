//! Signing in and signing up: plain forms that work without JavaScript, and come back
//! to the page that sent the visitor here (`?next=`).

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::accounts::{safe_next, SignIn, SignUp};
use crate::i18n::td_string;
use crate::ui::components::forms::{
    action_error, encode_query_value, load_page_on_success, FormError, INPUT_CLASS, PRIMARY_BUTTON,
};
use crate::words::text::use_locale;

/// Where to go afterwards, from `?next=` (only paths on this site).
fn next_param() -> Memo<String> {
    let query = use_query_map();
    Memo::new(move |_| safe_next(query.read().get("next").as_deref()))
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let locale = use_locale();
    let next = next_param();
    let action = ServerAction::<SignIn>::new();
    load_page_on_success(action, Some(next.get_untracked()));
    view! {
        <AuthCard title=td_string!(locale, accounts.sign_in_title)>
            <ActionForm action attr:data-testid="sign-in-form" attr:class="space-y-4">
                <input type="hidden" name="next" value=move || next.get() />
                <EmailAndPassword new_password=false />
                <button type="submit" class=format!("{PRIMARY_BUTTON} w-full")>
                    {td_string!(locale, accounts.sign_in)}
                </button>
            </ActionForm>
            <FormError message=action_error(action) />
            <p class="mt-6 text-sm text-slate-700">
                {td_string!(locale, accounts.no_account)}
                " "
                <a
                    class="font-medium text-emerald-800 underline"
                    href=move || format!("/sign-up?next={}", encode_query_value(&next.get()))
                >
                    {td_string!(locale, accounts.create_one)}
                </a>
            </p>
        </AuthCard>
    }
}

#[component]
pub fn SignUpPage() -> impl IntoView {
    let locale = use_locale();
    let next = next_param();
    let action = ServerAction::<SignUp>::new();
    load_page_on_success(action, Some(next.get_untracked()));
    view! {
        <AuthCard title=td_string!(locale, accounts.sign_up_title)>
            <p class="mb-4 text-sm text-slate-700">
                {td_string!(locale, accounts.sign_up_intro)}
            </p>
            <ActionForm action attr:data-testid="sign-up-form" attr:class="space-y-4">
                <input type="hidden" name="next" value=move || next.get() />
                <EmailAndPassword new_password=true />
                <button type="submit" class=format!("{PRIMARY_BUTTON} w-full")>
                    {td_string!(locale, accounts.create_account)}
                </button>
            </ActionForm>
            <FormError message=action_error(action) />
            <p class="mt-6 text-sm text-slate-700">
                {td_string!(locale, accounts.have_account)}
                " "
                <a
                    class="font-medium text-emerald-800 underline"
                    href=move || format!("/sign-in?next={}", encode_query_value(&next.get()))
                >
                    {td_string!(locale, accounts.sign_in)}
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
    let locale = use_locale();
    let (autocomplete, hint) = if new_password {
        (
            "new-password",
            Some(td_string!(locale, accounts.password_hint)),
        )
    } else {
        ("current-password", None)
    };
    view! {
        <label class="block text-sm font-medium text-slate-800">
            {td_string!(locale, accounts.email)}
            <input
                type="email"
                name="email"
                required
                autocomplete="username"
                class=INPUT_CLASS
            />
        </label>
        <label class="block text-sm font-medium text-slate-800">
            {td_string!(locale, accounts.password)}
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
