//! Display preferences kept in the browser: the language (`ll_lang` cookie) and the
//! colour theme (`ll_theme`). Open to visitors too, so the sign-in page can be read in
//! Danish, in the dark.

use leptos::prelude::*;

use crate::error::AppError;

/// Remembers the chosen language and/or theme for a year and, for a plain form post,
/// returns to `next` (a path on this site). With JavaScript the page reloads itself.
#[server(endpoint = "set_preferences")]
pub async fn set_preferences(
    lang: Option<String>,
    theme: Option<String>,
    next: Option<String>,
) -> Result<(), AppError> {
    super::support::answer(async move { ssr::set_preferences(lang, theme, next) }).await
}

#[cfg(feature = "ssr")]
mod ssr {
    use axum::http::header::SET_COOKIE;
    use axum::http::HeaderValue;
    use leptos::prelude::use_context;

    use super::super::accounts::safe_next;
    use crate::api::support::{internal, redirect_plain_forms, server_ctx};
    use crate::domain::format::Lang;
    use crate::domain::preferences::Theme;
    use crate::domain::preferences::THEME_COOKIE;
    use crate::error::{AppError, Reason};
    use crate::i18n::LANG_COOKIE;

    const ONE_YEAR_SECONDS: u32 = 365 * 24 * 60 * 60;

    pub fn set_preferences(
        lang: Option<String>,
        theme: Option<String>,
        next: Option<String>,
    ) -> Result<(), AppError> {
        let lang = lang.map(|lang| {
            Lang::from_code(lang.trim()).ok_or_else(|| {
                AppError::BadRequest(Reason::UnknownLanguage(crate::domain::echo::shown(
                    lang.trim(),
                )))
            })
        });
        let theme = theme.map(|theme| {
            Theme::from_key(theme.trim()).ok_or_else(|| {
                AppError::BadRequest(Reason::UnknownTheme(crate::domain::echo::shown(
                    theme.trim(),
                )))
            })
        });
        // Check everything before setting anything.
        let (lang, theme) = (lang.transpose()?, theme.transpose()?);
        if lang.is_none() && theme.is_none() {
            return Err(AppError::BadRequest(Reason::NoPreferenceGiven));
        }
        let ctx = server_ctx()?;
        let secure = if ctx.config.is_https() {
            "; Secure"
        } else {
            ""
        };
        let mut cookies = Vec::new();
        if let Some(lang) = lang {
            cookies.push((LANG_COOKIE, lang.code()));
        }
        if let Some(theme) = theme {
            cookies.push((THEME_COOKIE, theme.key()));
        }
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            for (name, value) in cookies {
                let cookie = format!(
                    "{name}={value}; Path=/; Max-Age={ONE_YEAR_SECONDS}; SameSite=Lax{secure}"
                );
                let value =
                    HeaderValue::from_str(&cookie).map_err(|e| internal("preference cookie", e))?;
                response.append_header(SET_COOKIE, value);
            }
        }
        redirect_plain_forms(&safe_next(next.as_deref()));
        Ok(())
    }
}
