//! A readable error box: what went wrong in words, never a raw cause.

use leptos::prelude::*;

use crate::error::AppError;

#[component]
pub fn ErrorNotice(error: AppError) -> impl IntoView {
    let heading = match &error {
        AppError::Forbidden(_) => "Not available to your role",
        AppError::Unauthorized => "You are signed out",
        AppError::NotFound(_) => "Not found",
        _ => "This could not be loaded.",
    };
    view! {
        <div
            data-testid="error"
            role="alert"
            class="mt-6 rounded-lg border border-rose-300 bg-rose-50 p-4 text-rose-900"
        >
            <p class="font-medium">{heading}</p>
            <p class="text-sm">{error.to_string()}</p>
        </div>
    }
}
