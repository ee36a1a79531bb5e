//! Ledgerlight: a self-hosted analytics dashboard over small-business invoicing data.
//!
//! One package, two builds: the `ssr` feature builds the axum server (store, sync, api
//! handlers), the `hydrate` feature builds the wasm bundle that hydrates the same `ui`.

// The layers, lowest first; a module imports only from its own layer and those listed
// before it (checked by the layering test):
//   domain -> error -> i18n, words -> store -> crypto -> live -> sync -> server -> api
//   -> ui -> app
pub mod api;
#[cfg(feature = "ssr")]
pub mod app;
#[cfg(feature = "ssr")]
pub mod crypto;
pub mod domain;
pub mod error;
pub mod i18n;
#[cfg(feature = "ssr")]
pub mod live;
#[cfg(feature = "ssr")]
pub mod server;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod sync;
pub mod ui;
pub mod words;

#[cfg(all(test, feature = "ssr"))]
mod decoder_props;

/// Browser entry point: hydrates the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(ui::App);
}
