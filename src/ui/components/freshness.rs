//! How fresh the numbers are: every figure is shown with its age.

use chrono::{DateTime, Utc};
use leptos::prelude::*;

use crate::domain::overview::describe_age;

#[component]
pub fn Freshness(as_of: Option<DateTime<Utc>>, now: DateTime<Utc>) -> impl IntoView {
    let (text, title) = match as_of {
        Some(at) => (
            format!("Data updated {}", describe_age(at, now)),
            at.format("%Y-%m-%d %H:%M UTC").to_string(),
        ),
        None => (
            "Not synced yet: figures may be incomplete".to_string(),
            String::new(),
        ),
    };
    view! {
        <p data-testid="freshness" class="text-xs text-slate-600" title=title>
            {text}
        </p>
    }
}
