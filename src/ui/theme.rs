//! The page's colour theme: from the `ll_theme` cookie on the server, read back from
//! `<html data-theme>` in the browser, so hydration agrees with the first paint and no
//! inline script is needed (the Content-Security-Policy allows none).

use leptos::prelude::*;

use crate::domain::preferences::Theme;

#[derive(Clone, Copy, Debug)]
struct PageTheme(Theme);

/// Works out this page's theme and makes it available to components.
pub fn provide_page_theme() -> Theme {
    let theme = requested_theme();
    provide_context(PageTheme(theme));
    theme
}

/// This page's theme choice (System unless the person picked one).
pub fn use_page_theme() -> Theme {
    use_context::<PageTheme>().map(|t| t.0).unwrap_or_default()
}

#[cfg(feature = "ssr")]
fn requested_theme() -> Theme {
    use_context::<axum::http::request::Parts>()
        .and_then(|parts| {
            parts
                .headers
                .get_all(axum::http::header::COOKIE)
                .iter()
                .filter_map(|value| value.to_str().ok())
                .flat_map(|header| header.split(';'))
                .filter_map(|pair| pair.trim().split_once('='))
                .find(|(name, _)| *name == crate::domain::preferences::THEME_COOKIE)
                .and_then(|(_, value)| Theme::from_key(value.trim()))
        })
        .unwrap_or_default()
}

#[cfg(not(feature = "ssr"))]
fn requested_theme() -> Theme {
    document()
        .document_element()
        .and_then(|root| root.get_attribute("data-theme"))
        .and_then(|key| Theme::from_key(&key))
        .unwrap_or_default()
}

/// Whether charts are drawn dark now: the choice, or the device's setting for System.
#[cfg(feature = "hydrate")]
pub fn draws_dark(theme: Theme) -> bool {
    match theme {
        Theme::Dark => true,
        Theme::Light => false,
        Theme::System => window()
            .match_media("(prefers-color-scheme: dark)")
            .ok()
            .flatten()
            .is_some_and(|query| query.matches()),
    }
}
