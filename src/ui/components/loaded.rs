//! "Loading, failed or here": the frame around every page's data. While the data loads
//! (a client-side navigation; the server renders pages whole), a line says so; a
//! failure shows the readable error; the data goes to the page's body.

use leptos::prelude::*;
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::ErrorNotice;
use crate::error::AppError;

/// Renders `body(data)` once `data` has loaded, `loading` until then, and the error in
/// words if loading failed. Keeps the last body on screen while it reloads.
#[component]
pub fn Loaded<T, V, F>(
    data: Resource<Result<T, AppError>>,
    #[prop(into)] loading: String,
    body: F,
) -> impl IntoView
where
    T: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
    V: IntoView + 'static,
    F: Fn(T) -> V + Clone + Send + Sync + 'static,
{
    let loading = StoredValue::new(loading);
    view! {
        <Transition fallback=move || {
            view! { <p class="mt-6 text-slate-600">{loading.get_value()}</p> }
        }>
            {move || {
                let body = body.clone();
                Suspend::new(async move {
                    match data.await {
                        Ok(value) => body(value).into_any(),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })
            }}
        </Transition>
    }
}
