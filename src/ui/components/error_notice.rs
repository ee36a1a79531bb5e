//! A readable error box: what went wrong in words, never a raw cause.

use leptos::prelude::*;

use crate::error::AppError;
use crate::i18n::td_string;
use crate::words::errors::error_text;
use crate::words::text::use_locale;

#[component]
pub fn ErrorNotice(error: AppError) -> impl IntoView {
    let locale = use_locale();
    let heading = match &error {
        AppError::Forbidden(_) => td_string!(locale, common.error_forbidden),
        AppError::Unauthorized => td_string!(locale, common.error_signed_out),
        AppError::NotFound(_) => td_string!(locale, common.error_not_found),
        _ => td_string!(locale, common.error_failed),
    };
    view! {
        <div
            data-testid="error"
            role="alert"
            class="mt-6 rounded-lg border border-rose-300 bg-rose-50 p-4 text-rose-900"
        >
            <p class="font-medium">{heading}</p>
            <p class="text-sm">{error_text(&error, locale)}</p>
        </div>
    }
}
