//! Display preferences. Danish and English: every text exists in both languages with
//! the same placeholders, the server picks the language from the cookie, then
//! Accept-Language, and the language buttons work as plain forms. Themes: the server
//! writes the chosen theme on `<html>`, so the first paint is right.

use crate::support;

use std::collections::{BTreeMap, BTreeSet};

use ledgerlight::error::{AppError, Reason};
use support::app::{cookie_pair, spawn_app, TestApp, OWNER};

/// Flattens a locale file into `key -> text` (nested objects join with dots).
fn flatten(prefix: &str, value: &serde_json::Value, out: &mut BTreeMap<String, String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, inner) in map {
                let key = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                flatten(&key, inner, out);
            }
        }
        serde_json::Value::String(text) => {
            out.insert(prefix.to_string(), text.clone());
        }
        other => panic!("{prefix}: texts must be strings, found {other}"),
    }
}

fn load(lang: &str) -> BTreeMap<String, String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("locales")
        .join(lang);
    let mut texts = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).expect("locale dir") {
        let path = entry.expect("entry").path();
        let area = path
            .file_stem()
            .expect("name")
            .to_string_lossy()
            .to_string();
        let json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("read")).expect("json");
        flatten(&area, &json, &mut texts);
    }
    texts
}

/// The `{{ name }}` placeholders of a text.
fn placeholders(text: &str) -> BTreeSet<String> {
    text.split("{{")
        .skip(1)
        .filter_map(|rest| rest.split_once("}}"))
        .map(|(name, _)| name.trim().to_string())
        .collect()
}

#[test]
fn every_text_exists_in_both_languages_with_the_same_placeholders() {
    let en = load("en");
    let da = load("da");
    assert!(
        en.len() > 50,
        "expected the English texts, found {}",
        en.len()
    );
    let en_keys: BTreeSet<_> = en.keys().collect();
    let da_keys: BTreeSet<_> = da.keys().collect();
    assert_eq!(
        en_keys.symmetric_difference(&da_keys).collect::<Vec<_>>(),
        Vec::<&&String>::new(),
        "keys present in only one language"
    );
    for (key, english) in &en {
        let danish = &da[key];
        assert!(!danish.trim().is_empty(), "{key} is empty in Danish");
        assert_eq!(
            placeholders(english),
            placeholders(danish),
            "{key}: placeholders differ"
        );
    }
}

/// GET with extra headers; returns the status and body.
async fn get_with(app: &TestApp, path: &str, headers: &[(&str, &str)]) -> (u16, String) {
    let mut request = reqwest::Client::new()
        .get(app.url(path))
        .timeout(support::app::REQUEST_TIMEOUT)
        .header("accept", "text/html");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.expect("request");
    let status = response.status().as_u16();
    (status, response.text().await.expect("body"))
}

/// Posts the preferences form as a browser without JavaScript does (no redirect
/// following, so the answer's `Location` can be checked).
async fn post_plain_form(app: &TestApp, form: &str, cookie: Option<&str>) -> reqwest::Response {
    let mut request = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
        .post(app.url("/api/set_preferences"))
        .timeout(support::app::REQUEST_TIMEOUT)
        .header("accept", "text/html")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "same-origin")
        .body(form.to_string());
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    request.send().await.expect("post")
}

/// The value of `attribute` on the page's `<html>` tag.
fn html_attribute(body: &str, attribute: &str) -> Option<String> {
    let start = body.find("<html")?;
    let tag = &body[start..start + body[start..].find('>')?];
    let value = tag.split(&format!("{attribute}=\"")).nth(1)?;
    Some(value.split('"').next()?.to_string())
}

fn html_lang(body: &str) -> Option<String> {
    html_attribute(body, "lang")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_language_follows_the_cookie_then_the_browser() {
    let app = spawn_app().await;
    let session = app.sign_in(OWNER).await;

    let (status, body) = get_with(
        &app,
        "/",
        &[
            ("cookie", &session),
            ("accept-language", "da-DK,da;q=0.9,en;q=0.5"),
        ],
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        html_lang(&body).as_deref(),
        Some("da"),
        "one lang attribute, Danish"
    );
    let html_tag = &body[body.find("<html").expect("html")..];
    let html_tag = &html_tag[..html_tag.find('>').expect("tag end")];
    assert_eq!(html_tag.matches("lang=").count(), 1, "{html_tag}");
    assert!(
        body.contains("<h1 class=\"text-2xl font-semibold\">Overblik<"),
        "Danish heading"
    );
    assert!(body.contains("Omsætning"), "Danish KPI label");
    assert!(body.contains("\u{a0}kr."), "Danish money format");

    let (_, body) = get_with(
        &app,
        "/",
        &[("cookie", &session), ("accept-language", "en-GB,en;q=0.9")],
    )
    .await;
    assert_eq!(html_lang(&body).as_deref(), Some("en"));
    assert!(body.contains(">Overview<"));

    // Other pages follow: members with Danish role names, the sign-in form.
    let danish = format!("{session}; ll_lang=da");
    let (_, body) = get_with(&app, "/members", &[("cookie", &danish)]).await;
    assert!(
        body.contains(">Medlemmer<") && body.contains(">Ejer<"),
        "Danish members page"
    );
    let (_, body) = get_with(&app, "/sign-in", &[("cookie", "ll_lang=da")]).await;
    assert!(body.contains("Adgangskode"), "Danish sign-in form");

    // A language nobody offers falls back to English.
    let (_, body) = get_with(&app, "/sign-in", &[("accept-language", "fr-FR")]).await;
    assert_eq!(html_lang(&body).as_deref(), Some("en"));

    // The cookie beats the browser's wish.
    let both = format!("{session}; ll_lang=en");
    let (_, body) = get_with(
        &app,
        "/",
        &[("cookie", &both), ("accept-language", "da-DK")],
    )
    .await;
    assert_eq!(html_lang(&body).as_deref(), Some("en"));
    assert!(body.contains(">Overview<"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_language_buttons_work_as_plain_forms() {
    let app = spawn_app().await;
    let session = app.sign_in(OWNER).await;

    // As a browser without JavaScript posts the form: back to the same page, remembered.
    let response = post_plain_form(
        &app,
        "next=%2F%3Fperiod%3Dlast_month&lang=da",
        Some(&session),
    )
    .await;
    assert!(response.status().is_redirection(), "{}", response.status());
    assert_eq!(
        response
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok()),
        Some("/?period=last_month")
    );
    let set_cookie = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("ll_lang="))
        .expect("language cookie")
        .to_string();
    assert!(set_cookie.contains("Max-Age=31536000") && set_cookie.contains("SameSite=Lax"));
    let both = format!("{session}; {}", cookie_pair(&set_cookie));
    let (_, body) = get_with(
        &app,
        "/?period=last_month",
        &[("cookie", &both), ("accept-language", "en")],
    )
    .await;
    assert!(body.contains(">Overblik<"));

    // An unknown language is refused with a reason and sets nothing; a foreign `next`
    // never leaves the site.
    let (status, set_cookie, body) = app.call("set_preferences", "lang=fr", Some(&session)).await;
    assert_eq!(status, 400);
    assert_eq!(
        support::app::error_of(&body),
        AppError::BadRequest(Reason::UnknownLanguage("fr".to_string()))
    );
    assert!(set_cookie.is_none_or(|c| !c.starts_with("ll_lang")));
    let response = post_plain_form(&app, "next=%2F%2Fevil.example&lang=en", None).await;
    assert_eq!(
        response
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok()),
        Some("/")
    );
}

fn html_theme(body: &str) -> Option<String> {
    html_attribute(body, "data-theme")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_theme_is_on_the_first_paint_and_switchable_without_javascript() {
    let app = spawn_app().await;
    let session = app.sign_in(OWNER).await;

    // No choice: follow the device (CSS media queries decide before the first paint).
    let (_, body) = get_with(&app, "/", &[("cookie", &session)]).await;
    assert_eq!(html_theme(&body).as_deref(), Some("system"));
    assert!(body.contains("name=\"color-scheme\" content=\"light dark\""));

    let (_, body) = get_with(&app, "/sign-in", &[("cookie", "ll_theme=dark")]).await;
    assert_eq!(html_theme(&body).as_deref(), Some("dark"));
    // An unknown value falls back to following the device.
    let (_, body) = get_with(&app, "/sign-in", &[("cookie", "ll_theme=sepia")]).await;
    assert_eq!(html_theme(&body).as_deref(), Some("system"));

    let response = post_plain_form(&app, "next=%2Frevenue&theme=light", None).await;
    assert!(response.status().is_redirection());
    let cookies: Vec<String> = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok().map(str::to_string))
        .collect();
    assert!(
        cookies.iter().any(|c| c.starts_with("ll_theme=light;")),
        "{cookies:?}"
    );
    assert!(
        !cookies.iter().any(|c| c.starts_with("ll_lang=")),
        "only the theme changes"
    );

    // Bad input changes nothing: a bad theme with a good language sets neither.
    let (status, set_cookie, body) = app
        .call("set_preferences", "lang=da&theme=sepia", Some(&session))
        .await;
    assert_eq!(status, 400);
    assert_eq!(
        support::app::error_of(&body),
        AppError::BadRequest(Reason::UnknownTheme("sepia".to_string()))
    );
    assert!(set_cookie.is_none(), "{set_cookie:?}");
    let (status, _, body) = app
        .call("set_preferences", "next=%2F", Some(&session))
        .await;
    assert_eq!(status, 400);
    assert_eq!(
        support::app::error_of(&body),
        AppError::BadRequest(Reason::NoPreferenceGiven)
    );
}
