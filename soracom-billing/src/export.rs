//! Exports: one call starts an export (the detailed billing CSV of a month, of the current month,
//! or a payment statement), waits until the file is ready, and streams it wherever you want,
//! never holding it in memory and never sending Soracom credentials to the download host.

use std::path::Path;
use std::time::Duration;

use tokio::io::{AsyncWrite, AsyncWriteExt};
use tokio::time::Instant;

use crate::models::{ExportMode, FileExportResponse, GetExportedFileResponseStatus};
use crate::{Client, Error};

/// How an export is run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportOptions {
    mode: ExportMode,
    first_poll: Duration,
    max_poll: Duration,
    timeout: Duration,
}

impl Default for ExportOptions {
    /// Asynchronous export, polling from 1 s up to every 10 s, for at most 10 minutes.
    fn default() -> Self {
        ExportOptions {
            mode: ExportMode::Async,
            first_poll: Duration::from_secs(1),
            max_poll: Duration::from_secs(10),
            timeout: Duration::from_secs(600),
        }
    }
}

impl ExportOptions {
    /// The default options.
    pub fn new() -> Self {
        Self::default()
    }

    /// `Sync` waits for the URL in the export call itself (fine for small files);
    /// `Async` (the default) polls `getExportedFile` until the file is ready.
    pub fn mode(mut self, mode: ExportMode) -> Self {
        self.mode = mode;
        self
    }

    /// The first wait between polls; later waits double up to `max`.
    /// (At least 10 ms, so that polling never spins.)
    pub fn poll_interval(mut self, first: Duration, max: Duration) -> Self {
        self.first_poll = first.max(Duration::from_millis(10));
        self.max_poll = max.max(self.first_poll);
        self
    }

    /// How long to wait for the file in all.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }
}

/// An export that the platform reported as `failed` (`getExportedFile` answered
/// `status: failed`). It reaches callers inside [`Error::Other`]:
///
/// ```
/// # fn handle(error: soracom_billing::Error) {
/// if let Some(failed) = error.downcast_ref::<soracom_billing::ExportFailed>() {
///     eprintln!("export {} failed; start a new one", failed.file_id);
/// }
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ExportFailed {
    /// The exported file's id (`exportedFileId`).
    pub file_id: String,
}

impl std::fmt::Display for ExportFailed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the export {} failed on the Soracom platform",
            self.file_id
        )
    }
}

impl std::error::Error for ExportFailed {}

/// A file ready for download.
#[derive(Clone)]
pub struct ExportedFile {
    url: String,
}

impl std::fmt::Debug for ExportedFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // A pre-signed URL is a bearer credential for the file: show only where it points.
        let shown = self.url.split('?').next().unwrap_or("");
        f.debug_struct("ExportedFile")
            .field("url", &format_args!("{shown}?…"))
            .finish()
    }
}

impl ExportedFile {
    /// The pre-signed download URL (valid for a limited time; treat it as a secret).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Streams the file into `writer`, chunk by chunk; returns the number of bytes written.
    /// The download request carries no Soracom credentials and no custom headers.
    pub async fn download_to<W: AsyncWrite + Unpin>(&self, writer: &mut W) -> Result<u64, Error> {
        const OPERATION: &str = "downloadExportedFile";
        let http = openapi_client_runtime::reqwest::Client::builder()
            .user_agent(concat!(
                env!("CARGO_PKG_NAME"),
                "/",
                env!("CARGO_PKG_VERSION")
            ))
            .connect_timeout(Duration::from_secs(10))
            // A stalled download host fails the download instead of hanging it.
            .read_timeout(Duration::from_secs(60))
            .build()
            .map_err(|e| Error::InvalidInput {
                operation: Some(OPERATION),
                parameter: "http_client".into(),
                reason: e.to_string(),
            })?;
        let mut response = http
            .get(&self.url)
            .send()
            .await
            .map_err(|e| Error::transport(OPERATION, e.without_url()))?;
        let status = response.status();
        if !status.is_success() {
            let content_type = response
                .headers()
                .get(openapi_client_runtime::reqwest::header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            let body = response.bytes().await.unwrap_or_default();
            let mut error = crate::ApiError::new(OPERATION, status.as_u16(), content_type, body);
            error.message.get_or_insert_with(|| {
                format!("the download host answered HTTP {}", status.as_u16())
            });
            return Err(Error::Api(Box::new(error)));
        }
        let mut written = 0u64;
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| Error::transport(OPERATION, e.without_url()))?
        {
            writer
                .write_all(&chunk)
                .await
                .map_err(|e| io(OPERATION, e))?;
            written += chunk.len() as u64;
        }
        writer.flush().await.map_err(|e| io(OPERATION, e))?;
        Ok(written)
    }

    /// Streams the file into a new file at `path` (replacing it); returns the number of bytes.
    #[inline]
    pub async fn download_to_path(&self, path: impl AsRef<Path>) -> Result<u64, Error> {
        let path = path.as_ref();
        let mut file = tokio::fs::File::create(path).await.map_err(|e| {
            io(
                "downloadExportedFile",
                std::io::Error::new(e.kind(), format!("cannot create {}: {e}", path.display())),
            )
        })?;
        self.download_to(&mut file).await
    }
}

fn io(operation: &'static str, source: std::io::Error) -> Error {
    Error::Io { operation, source }
}

impl Client {
    /// Exports the detailed billing CSV of `year_month` (a [`YearMonth`](crate::YearMonth), or
    /// `yyyyMM` text, checked before anything is sent), waits until it is ready, and returns it
    /// for download.
    #[inline]
    pub async fn export_billing_csv(
        &self,
        year_month: impl crate::IntoYearMonth,
        options: &ExportOptions,
    ) -> Result<ExportedFile, Error> {
        let started = self
            .export_billing(year_month)
            .export_mode(options.mode.clone())
            .await?;
        self.wait_for_export("exportBilling", started, options)
            .await
    }

    /// Exports the current month's (preliminary) detailed billing CSV, waits until it is ready,
    /// and returns it for download.
    #[inline]
    pub async fn export_latest_billing_csv(
        &self,
        options: &ExportOptions,
    ) -> Result<ExportedFile, Error> {
        let started = self
            .export_latest_billing()
            .export_mode(options.mode.clone())
            .await?;
        self.wait_for_export("exportLatestBilling", started, options)
            .await
    }

    /// Exports a payment statement, waits until it is ready, and returns it for download.
    #[inline]
    pub async fn export_payment_statement_file(
        &self,
        payment_statement_id: &str,
        options: &ExportOptions,
    ) -> Result<ExportedFile, Error> {
        let started = self
            .export_payment_statement(payment_statement_id)
            .export_mode(options.mode.clone())
            .await?;
        self.wait_for_export("exportPaymentStatement", started, options)
            .await
    }

    /// Polls `getExportedFile` with growing waits until the file is `exported` (its URL) or
    /// `failed` (an error), or the options' timeout passes.
    #[inline]
    async fn wait_for_export(
        &self,
        operation: &'static str,
        started: FileExportResponse,
        options: &ExportOptions,
    ) -> Result<ExportedFile, Error> {
        if let Some(url) = started.url.filter(|u| !u.is_empty()) {
            return Ok(ExportedFile { url });
        }
        // The id, or failing that the last segment of `exportedFilePath` (`//files/exported/<id>`,
        // which is never joined onto the base URL as text).
        let id = started
            .exported_file_id
            .filter(|id| !id.is_empty())
            .or_else(|| {
                started
                    .exported_file_path
                    .as_deref()
                    .and_then(|p| p.trim_end_matches('/').rsplit('/').next())
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
            })
            .ok_or_else(|| Error::InvalidInput {
                operation: Some(operation),
                parameter: "exportedFileId".into(),
                reason: "the export answer has neither a URL nor an exported file id".into(),
            })?;
        let deadline = Instant::now() + options.timeout;
        let mut wait = options.first_poll;
        let mut polls = 0;
        loop {
            polls += 1;
            let state = self.get_exported_file(id.clone()).await?;
            match state.status {
                Some(GetExportedFileResponseStatus::Exported) => {
                    let url =
                        state
                            .url
                            .filter(|u| !u.is_empty())
                            .ok_or_else(|| Error::InvalidInput {
                                operation: Some("getExportedFile"),
                                parameter: "url".into(),
                                reason: "the export is `exported` but has no URL".into(),
                            })?;
                    return Ok(ExportedFile { url });
                }
                Some(GetExportedFileResponseStatus::Failed) => {
                    return Err(Error::other(
                        "getExportedFile",
                        ExportFailed { file_id: id },
                    ))
                }
                _ => {}
            }
            if Instant::now() + wait > deadline {
                return Err(Error::Timeout {
                    operation: "getExportedFile",
                    source: None,
                    attempts: polls,
                });
            }
            tokio::time::sleep(wait).await;
            wait = (wait * 2).min(options.max_poll);
        }
    }
}
