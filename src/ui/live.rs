//! Live updates in the browser: one EventSource per page load, opened after hydration,
//! that bumps a version signal whenever the organization's data or sync state changes.
//! Resources that read the version refetch in place; filters in the URL and the scroll
//! position stay as they are. Reconnection is the browser's own (EventSource retries and
//! sends Last-Event-ID).

use leptos::prelude::*;

/// Bumped on every live event; read it in a resource's source to refetch on updates.
#[derive(Clone, Copy, Debug)]
pub struct LiveVersion(pub RwSignal<u64>);

/// Provides the version signal (call once, in the app).
pub fn provide_live_version() {
    provide_context(LiveVersion(RwSignal::new(0)));
}

/// The current version (0 when no provider, e.g. in isolated component tests).
pub fn live_version() -> u64 {
    use_context::<LiveVersion>().map_or(0, |v| v.0.get())
}

/// How long after hydration starts the live-update stream may open (then it waits for
/// the browser to be idle).
#[cfg(feature = "hydrate")]
const LIVE_STREAM_DELAY_MS: u64 = 750;

/// Events that mean "what the page shows may have changed".
#[cfg(feature = "hydrate")]
const EVENTS: [&str; 5] = [
    "data_changed",
    "sync_started",
    "sync_finished",
    "sync_failed",
    "resync",
];

/// Opens the stream after `cursor` (the event id the page's data is as new as). Only in
/// the browser; the first call per page load wins.
pub fn connect_live_updates(cursor: i64) {
    #[cfg(feature = "hydrate")]
    {
        use std::sync::atomic::{AtomicBool, Ordering};
        use wasm_bindgen::closure::Closure;
        use wasm_bindgen::JsCast;

        static CONNECTED: AtomicBool = AtomicBool::new(false);
        let Some(version) = use_context::<LiveVersion>() else {
            return;
        };
        if CONNECTED.swap(true, Ordering::SeqCst) {
            return;
        }
        // Opened once the page is idle after hydration, not at once: an event that
        // arrived while the page's own sections were still hydrating would refetch their
        // data in mid-hydration, which leptos cannot reconcile (seen right after signing
        // up, whose org logs events as the first page loads). A fixed delay alone lost
        // that race on a loaded machine; the browser's idle callback comes only when no
        // hydration work is left. Nothing is lost: the stream resumes after `cursor`,
        // the event the page's data is as new as.
        leptos::prelude::set_timeout(
            move || {
                let open = Closure::once_into_js(move || {
                    let Ok(source) =
                        web_sys::EventSource::new(&format!("/api/events?since={cursor}"))
                    else {
                        CONNECTED.store(false, Ordering::SeqCst);
                        return;
                    };
                    let on_event =
                        Closure::<dyn FnMut(web_sys::Event)>::new(move |_event: web_sys::Event| {
                            version.0.update(|v| *v += 1);
                        });
                    for name in EVENTS {
                        let _ = source.add_event_listener_with_callback(
                            name,
                            on_event.as_ref().unchecked_ref(),
                        );
                    }
                    // The stream lives as long as the page: the listener must too.
                    on_event.forget();
                    std::mem::forget(source);
                });
                let scheduled = web_sys::window()
                    .map(|window| window.request_idle_callback(open.unchecked_ref()).is_ok());
                if scheduled != Some(true) {
                    CONNECTED.store(false, Ordering::SeqCst);
                }
            },
            std::time::Duration::from_millis(LIVE_STREAM_DELAY_MS),
        );
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = cursor;
}
