//! The freshness line under the navigation on every signed-in page: when the data was
//! last synced, when the next sync comes, what runs now, a visible stale state when the
//! last sync failed or is overdue, and "Sync now" for members and above. It also opens
//! the page's live-update stream, after hydration.

use leptos::prelude::*;

use super::forms::{action_error, FormError, SECONDARY_BUTTON};
use crate::api::sync::{get_sync_status, SyncNow};
use crate::domain::sync::{SyncStarted, SyncStatus};
use crate::i18n::td_string;
use crate::ui::live::{connect_live_updates, live_version};
use crate::words::errors::sync_problem_text;
use crate::words::text::{freshness_line, use_locale};

#[component]
pub fn SyncBar() -> impl IntoView {
    let status = Resource::new(live_version, |_| get_sync_status());
    let sync = ServerAction::<SyncNow>::new();
    // Signed out, the status call is refused and the line is simply absent.
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                status
                    .await
                    .ok()
                    .map(|status| {
                        view! {
                            <div class="border-b border-slate-200 bg-white">
                                <div class="mx-auto max-w-6xl px-4 pb-2">
                                    <SyncLine status sync />
                                </div>
                            </div>
                        }
                    })
            })}
        </Transition>
    }
}

#[component]
fn SyncLine(status: SyncStatus, sync: ServerAction<SyncNow>) -> impl IntoView {
    let locale = use_locale();
    let cursor = status.cursor;
    // Effects run only in the browser, after hydration.
    Effect::new(move |_| connect_live_updates(cursor));
    // "Synced 3 min ago" ages while the page stays open: a minute tick moves the
    // server's `now` on (the browser needs no clock of its own for it).
    let minutes_open = RwSignal::new(0_i64);
    Effect::new(move |_| {
        if let Ok(handle) = set_interval_with_handle(
            move || minutes_open.update(|m| *m += 1),
            std::time::Duration::from_secs(60),
        ) {
            on_cleanup(move || handle.clear());
        }
    });
    let aged = {
        let status = status.clone();
        move || {
            let mut status = status.clone();
            status.now += chrono::Duration::minutes(minutes_open.get());
            status
        }
    };
    let stale = status.is_stale();
    let problem = status
        .last_error
        .as_ref()
        .map(|problem| sync_problem_text(problem, locale))
        .or_else(|| stale.then(|| td_string!(locale, common.sync_overdue).to_string()));
    let class = if stale {
        "flex w-full flex-wrap items-center gap-x-3 gap-y-1 rounded-md border border-amber-300 bg-amber-50 px-3 py-1.5 text-xs text-amber-950"
    } else {
        // One line on a phone: the age shortens with an ellipsis before anything wraps.
        "flex w-full items-center gap-x-3 gap-y-1 whitespace-nowrap text-xs text-slate-600 sm:flex-wrap"
    };
    let message = Signal::derive(move || {
        sync.value()
            .get()
            .and_then(|result| result.ok())
            .filter(|_| !sync.pending().get())
            .map(|started| match started {
                SyncStarted::Started => td_string!(locale, common.sync_started),
                SyncStarted::AlreadyRunning => td_string!(locale, common.sync_already_running),
            })
    });
    view! {
        <div data-testid="sync-bar" data-stale=stale.to_string() class=class>
            <span data-testid="freshness-line" class="min-w-0 truncate">
                {move || freshness_line(&aged().freshness(), locale)}
            </span>
            {problem
                .map(|problem| {
                    view! {
                        <span data-testid="sync-problem" role="status" class="font-medium">
                            {td_string!(locale, common.sync_stale, problem = problem)}
                        </span>
                    }
                })}
            {status
                .can_sync
                .then(|| {
                    view! {
                        <ActionForm action=sync attr:class="inline">
                            <button
                                type="submit"
                                data-testid="sync-now"
                                class=format!("{SECONDARY_BUTTON} !px-2 !py-0.5 !text-xs")
                                disabled=move || sync.pending().get()
                            >
                                {td_string!(locale, common.sync_now)}
                            </button>
                        </ActionForm>
                    }
                })}
            <span data-testid="sync-message">{move || message.get()}</span>
            <FormError message=action_error(sync) />
            // On a phone the menu links to the sync page.
            <a href="/sync" class="hidden font-medium text-emerald-800 underline sm:inline">
                {td_string!(locale, common.sync_health)}
            </a>
        </div>
    }
}
