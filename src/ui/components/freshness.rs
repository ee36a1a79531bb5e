//! How fresh the numbers are: every figure is shown with its age.

use chrono::{DateTime, Utc};
use leptos::prelude::*;

use crate::domain::overview::Age;
use crate::i18n::td_string;
use crate::words::text::{age, use_locale};

#[component]
pub fn Freshness(as_of: Option<DateTime<Utc>>, now: DateTime<Utc>) -> impl IntoView {
    let locale = use_locale();
    let (text, title) = match as_of {
        Some(at) => (
            td_string!(
                locale,
                common.data_updated,
                age = age(Age::between(at, now), locale)
            ),
            at.format("%Y-%m-%d %H:%M UTC").to_string(),
        ),
        None => (
            td_string!(locale, common.not_synced_incomplete).to_string(),
            String::new(),
        ),
    };
    view! {
        <p data-testid="freshness" class="text-xs text-slate-600" title=title>
            {text}
        </p>
    }
}
