//! An invitation link: what it offers, and accepting it (after signing in or signing up
//! with the invited address, which brings the person back here).

use leptos::prelude::*;

use crate::i18n::td_string;
use crate::words::errors::reason_text;
use crate::words::text::{role_label, use_locale};
use leptos_router::hooks::use_params_map;

use crate::api::members::{get_invitation, AcceptInvitation};
use crate::domain::members::InvitationPreview;
use crate::ui::components::forms::{
    action_error, encode_query_value, load_page_on_success, FormError, PRIMARY_BUTTON,
};
use crate::ui::components::{use_account, Loaded};

#[component]
pub fn InvitationPage() -> impl IntoView {
    let locale = use_locale();
    let params = use_params_map();
    let token = Memo::new(move |_| params.read().get("token").unwrap_or_default());
    let preview = Resource::new(move || token.get(), get_invitation);
    view! {
        <main data-testid="invitation-page" class="mx-auto max-w-md px-4 py-10">
            <Loaded data=preview loading=td_string!(locale, common.loading) body=move |preview| view! { <InvitationCard preview token=token.get_untracked() /> } />
        </main>
    }
}

#[component]
fn InvitationCard(preview: InvitationPreview, token: String) -> impl IntoView {
    let locale = use_locale();
    let account = use_account();
    let accept = ServerAction::<AcceptInvitation>::new();
    load_page_on_success(accept, Some("/".to_string()));
    let here = encode_query_value(&format!("/invite/{token}"));
    let unusable = preview.unusable.clone();
    view! {
        <div class="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
            <h1 class="text-xl font-semibold">{td_string!(locale, invitation.join, org = preview.org_name.clone())}</h1>
            <p class="mt-2 text-sm text-slate-700">
                {td_string!(
                    locale,
                    invitation.makes,
                    email = preview.email.clone(),
                    role = role_label(preview.role, locale).to_lowercase(),
                    org = preview.org_name.clone()
                )}
            </p>
            {match unusable {
                Some(reason) => {
                    let words = reason_text(&reason, locale);
                    view! { <FormError message=Signal::derive(move || Some(words.clone())) /> }.into_any()
                }
                None => {
                    view! {
                        <Suspense fallback=|| ()>
                            {move || {
                                let token = token.clone();
                                let here = here.clone();
                                Suspend::new(async move {
                                    match account.await {
                                        Ok(Some(info)) => {
                                            view! {
                                                <p class="mt-4 text-sm text-slate-700">
                                                    {td_string!(locale, invitation.signed_in_as, email = info.email.clone())}
                                                </p>
                                                <ActionForm action=accept attr:class="mt-3">
                                                    <input type="hidden" name="token" value=token />
                                                    <button type="submit" data-testid="accept-invitation" class=format!("{PRIMARY_BUTTON} w-full")>
                                                        {td_string!(locale, invitation.accept)}
                                                    </button>
                                                </ActionForm>
                                                <FormError message=action_error(accept) />
                                            }
                                                .into_any()
                                        }
                                        _ => {
                                            view! {
                                                <p class="mt-4 text-sm text-slate-700">
                                                    {td_string!(locale, invitation.sign_in_first)}
                                                </p>
                                                <div class="mt-3 flex gap-3">
                                                    <a class=PRIMARY_BUTTON href=format!("/sign-in?next={here}")>{td_string!(locale, invitation.sign_in)}</a>
                                                    <a class="inline-flex items-center text-sm font-medium text-emerald-800 underline" href=format!("/sign-up?next={here}")>{td_string!(locale, invitation.create_account)}</a>
                                                </div>
                                            }
                                                .into_any()
                                        }
                                    }
                                })
                            }}
                        </Suspense>
                    }
                        .into_any()
                }
            }}
        </div>
    }
}
