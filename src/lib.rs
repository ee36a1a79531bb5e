//! Ledgerlight: a self-hosted analytics dashboard over small-business invoicing data.
//!
//! One package, two builds: the `ssr` feature builds the axum server (store, sync, api
//! handlers), the `hydrate` feature builds the wasm bundle that hydrates the same `ui`.

pub mod api;
pub mod domain;
pub mod error;
pub mod i18n;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod server;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod sync;

/// Browser entry point: hydrates the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(ui::App);
}
