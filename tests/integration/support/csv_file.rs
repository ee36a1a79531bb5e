//! Downloads a CSV export as a browser does and reads it back as a spreadsheet would:
//! the byte order mark, `;` and decimal commas in Danish, `,` and points in English.

use super::app::{TestApp, REQUEST_TIMEOUT};

/// One downloaded file (or refusal).
pub struct Download {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: String,
}

impl Download {
    /// The heading and the rows, read with the delimiter `lang` uses.
    pub fn table(&self, lang: &str) -> (csv::StringRecord, Vec<csv::StringRecord>) {
        let body = self
            .body
            .strip_prefix('\u{feff}')
            .expect("a byte order mark for Excel");
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter(lang))
            .from_reader(body.as_bytes());
        let header = reader.headers().expect("header").clone();
        let rows = reader.records().map(|r| r.expect("row")).collect();
        (header, rows)
    }

    pub fn content_type(&self) -> &str {
        self.headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    }
}

/// GET `path` (with its query) with an optional session cookie.
pub async fn download(app: &TestApp, path: &str, cookie: Option<&str>) -> Download {
    let mut request = reqwest::Client::new()
        .get(app.url(path))
        .timeout(REQUEST_TIMEOUT);
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    let response = request
        .send()
        .await
        .unwrap_or_else(|e| panic!("GET {path}: {e}"));
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    Download {
        status,
        headers,
        body: response.text().await.expect("body"),
    }
}

fn delimiter(lang: &str) -> u8 {
    match lang {
        "da" => b';',
        _ => b',',
    }
}

/// An amount cell ("-1234,50" in Danish, "-1234.50" in English) in minor units.
pub fn amount(cell: &str, lang: &str) -> i64 {
    let decimal = if lang == "da" { ',' } else { '.' };
    let (major, minor) = cell.split_once(decimal).expect("two decimals");
    let sign = if major.starts_with('-') { -1 } else { 1 };
    let major: i64 = major.trim_start_matches('-').parse().expect("major");
    let minor: i64 = minor.parse().expect("minor");
    sign * (major * 100 + minor)
}
