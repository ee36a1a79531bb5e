//! Display preferences kept in the browser: the language (`ll_lang` cookie). Open to
//! visitors too, so the sign-in page can be read in Danish.

use leptos::prelude::*;

use crate::error::AppError;

/// Remembers the chosen language for a year and, for a plain form post, returns to
/// `next` (a path on this site). With JavaScript the page reloads itself in the new
/// language.
#[server(endpoint = "set_preferences")]
pub async fn set_preferences(lang: String, next: Option<String>) -> Result<(), AppError> {
    super::support::with_status(ssr::set_preferences(lang, next))
}

#[cfg(feature = "ssr")]
mod ssr {
    use axum::http::header::SET_COOKIE;
    use axum::http::HeaderValue;
    use leptos::prelude::use_context;

    use super::super::accounts::safe_next;
    use crate::api::support::{internal, redirect_plain_forms, server_ctx};
    use crate::domain::format::Lang;
    use crate::error::AppError;
    use crate::i18n::LANG_COOKIE;

    const ONE_YEAR_SECONDS: u32 = 365 * 24 * 60 * 60;

    pub fn set_preferences(lang: String, next: Option<String>) -> Result<(), AppError> {
        let lang = Lang::from_code(lang.trim()).ok_or_else(|| {
            AppError::BadRequest(format!(
                "unknown language \"{}\": choose en or da",
                lang.trim()
            ))
        })?;
        let ctx = server_ctx()?;
        let secure = if ctx.config.is_https() {
            "; Secure"
        } else {
            ""
        };
        let cookie = format!(
            "{LANG_COOKIE}={}; Path=/; Max-Age={ONE_YEAR_SECONDS}; SameSite=Lax{secure}",
            lang.code()
        );
        let value = HeaderValue::from_str(&cookie).map_err(|e| internal("language cookie", e))?;
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.append_header(SET_COOKIE, value);
        }
        redirect_plain_forms(&safe_next(next.as_deref()));
        Ok(())
    }
}
