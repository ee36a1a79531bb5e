//! How every table download streams: the store sends batches of rows into a channel
//! of one; the response body turns each into CSV bytes when the client is ready for
//! them, so memory stays flat however many rows there are, and a slow download slows
//! the query rather than filling memory. A failure mid-way ends the body with an
//! error, so the browser reports a failed download instead of keeping a file that
//! silently stops.

use std::future::Future;
use std::sync::{Arc, LazyLock};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use futures::channel::mpsc;
use futures::{SinkExt, StreamExt};
use tokio::sync::Semaphore;

use crate::domain::format::Lang;
use crate::i18n::{td_string, Locale};
use crate::store::{ExportItem, StoreError};

/// Exports running at once, per server: each holds a database connection for as long
/// as its download lasts.
const MAX_CONCURRENT_EXPORTS: usize = 2;
/// The longest an export may run before it is cut off (with an error, not silently).
const EXPORT_TIMEOUT: Duration = Duration::from_secs(600);

static EXPORT_PERMITS: LazyLock<Arc<Semaphore>> =
    LazyLock::new(|| Arc::new(Semaphore::new(MAX_CONCURRENT_EXPORTS)));

/// One download: what it is called, its heading bytes, the store's job that fills the
/// channel, and how a batch of rows becomes CSV lines.
pub struct StreamedCsv<Job, Write> {
    /// Names the export in the log ("invoices").
    pub what: &'static str,
    /// The file name the browser saves.
    pub file_name: String,
    /// The byte order mark and the heading row.
    pub header: Vec<u8>,
    /// Starts the store's read, given the channel's sending end.
    pub job: Job,
    /// One batch of rows as CSV lines.
    pub write_rows: Write,
}

impl<Job, Write> StreamedCsv<Job, Write> {
    /// The response: 429 while too many exports run, else the streamed file.
    pub fn respond<T, Fut>(self, locale: Locale) -> Response
    where
        T: Send + 'static,
        Job: FnOnce(mpsc::Sender<ExportItem<T>>) -> Fut,
        Fut: Future<Output = Result<u64, StoreError>> + Send + 'static,
        Write: Fn(&[T]) -> Result<Vec<u8>, csv::Error> + Send + Sync + 'static,
    {
        let Ok(permit) = EXPORT_PERMITS.clone().try_acquire_owned() else {
            return (
                StatusCode::TOO_MANY_REQUESTS,
                td_string!(locale, invoices.export_busy),
            )
                .into_response();
        };
        let (sender, receiver) = mpsc::channel::<ExportItem<T>>(1);
        let mut alarm = sender.clone();
        let export = (self.job)(sender);
        let what = self.what;
        tokio::spawn(async move {
            let _permit = permit;
            match tokio::time::timeout(EXPORT_TIMEOUT, export).await {
                Ok(Ok(rows)) => tracing::info!(what, rows, "export"),
                // The store has already sent the error down the channel.
                Ok(Err(err)) => tracing::error!(what, error = %err, "export failed"),
                Err(_) => {
                    tracing::warn!(what, "export timed out");
                    let _ = alarm
                        .send(Err("the export took too long".to_string()))
                        .await;
                }
            }
        });
        let write_rows = self.write_rows;
        let rows = receiver.map(move |item| match item {
            Ok(rows) => write_rows(&rows)
                .map(Bytes::from)
                .map_err(std::io::Error::other),
            Err(reason) => Err(std::io::Error::other(reason)),
        });
        let header = Bytes::from(self.header);
        let body = Body::from_stream(
            futures::stream::once(async move { Ok::<_, std::io::Error>(header) }).chain(rows),
        );
        (
            [
                (CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
                (
                    CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{}\"", self.file_name),
                ),
            ],
            body,
        )
            .into_response()
    }
}

/// The language a download's link asks for (`lang`); English when none or unknown.
pub fn download_lang(code: Option<&str>) -> Lang {
    code.and_then(Lang::from_code).unwrap_or_default()
}

/// Refuses a download whose filters cannot be used, naming each reason: a download
/// must be exactly what was asked for, so nothing is quietly left out.
pub fn bad_filters(reasons: impl Iterator<Item = String>) -> Response {
    let reasons: Vec<String> = reasons.collect();
    (StatusCode::BAD_REQUEST, reasons.join("; ")).into_response()
}
