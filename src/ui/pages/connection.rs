//! The Billy connection page: connected or not, and (for admins and owners) saving an
//! access token or removing it. The token is never shown again once saved.

use leptos::prelude::*;

use crate::i18n::td_string;
use crate::words::text::use_locale;

use crate::api::connection::{get_billy_connection, ConnectBilly, DisconnectBilly};
use crate::domain::connection::{BillyConnectionView, BILLY_DEFAULT_BASE_URL};
use crate::ui::components::forms::{
    action_error, FormError, DANGER_BUTTON, INPUT_CLASS, PRIMARY_BUTTON,
};
use crate::ui::components::Loaded;

#[component]
pub fn ConnectionPage() -> impl IntoView {
    let locale = use_locale();
    let connect = ServerAction::<ConnectBilly>::new();
    let disconnect = ServerAction::<DisconnectBilly>::new();
    let view_data = Resource::new(
        move || (connect.version().get(), disconnect.version().get()),
        |_| get_billy_connection(),
    );
    view! {
        <main data-testid="connection-page" class="mx-auto max-w-3xl px-4 py-6">
            <h1 class="text-2xl font-semibold">{td_string!(locale, connection.title)}</h1>
            <FormError message=action_error(connect) />
            <FormError message=action_error(disconnect) />
            <Loaded data=view_data loading=td_string!(locale, common.loading) body=move |data| view! { <ConnectionBody data connect disconnect /> } />
        </main>
    }
}

#[component]
fn ConnectionBody(
    data: BillyConnectionView,
    connect: ServerAction<ConnectBilly>,
    disconnect: ServerAction<DisconnectBilly>,
) -> impl IntoView {
    let locale = use_locale();
    let status = if data.connected {
        td_string!(
            locale,
            connection.connected,
            org = data.org_name.clone(),
            url = data.base_url.as_deref().unwrap_or(BILLY_DEFAULT_BASE_URL)
        )
    } else {
        td_string!(
            locale,
            connection.not_connected,
            org = data.org_name.clone()
        )
    };
    view! {
        <p data-testid="connection-status" class="mt-2 text-slate-800">{status}</p>
        <p class="mt-1 text-sm text-slate-600">
            {td_string!(locale, connection.token_note)}
        </p>
        {if data.can_manage {
            view! {
                <section class="mt-4 rounded-lg border border-slate-200 bg-white p-4">
                    <h2 class="text-lg font-semibold">
                        {if data.connected {
                            td_string!(locale, connection.replace)
                        } else {
                            td_string!(locale, connection.connect)
                        }}
                    </h2>
                    <ActionForm action=connect attr:class="mt-3 space-y-3">
                        <label class="block text-sm font-medium text-slate-800">
                            {td_string!(locale, connection.token)}
                            <input type="password" name="token" required autocomplete="off" data-testid="billy-token" class=INPUT_CLASS />
                        </label>
                        <label class="block text-sm font-medium text-slate-800">
                            {td_string!(locale, connection.api_address)}
                            <input type="url" name="base_url" placeholder=BILLY_DEFAULT_BASE_URL class=INPUT_CLASS />
                        </label>
                        <button type="submit" data-testid="billy-connect" class=PRIMARY_BUTTON>
                            {td_string!(locale, connection.save)}
                        </button>
                    </ActionForm>
                    {data
                        .connected
                        .then(|| {
                            view! {
                                <ActionForm action=disconnect attr:class="mt-4">
                                    <button type="submit" data-testid="billy-disconnect" class=DANGER_BUTTON>
                                        {td_string!(locale, connection.disconnect)}
                                    </button>
                                </ActionForm>
                            }
                        })}
                </section>
            }
                .into_any()
        } else {
            view! {
                <p class="mt-4 text-sm text-slate-600">{td_string!(locale, connection.read_only)}</p>
            }
                .into_any()
        }}
    }
}
