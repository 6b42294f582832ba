//! Exports: start, poll until ready, stream the file from another host without credentials.

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use serde_json::json;
use soracom_billing::models::{ExportMode, GetExportedFileResponse, GetExportedFileResponseStatus};
use soracom_billing::operations::{ExportPaymentStatement, GetExportedFile};
use soracom_billing::{test_support, ExportOptions};
use soracom_billing_tests::{client_for, received, start_server};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn quick() -> ExportOptions {
    ExportOptions::new()
        .poll_interval(Duration::from_millis(10), Duration::from_millis(40))
        .timeout(Duration::from_secs(5))
}

/// Counts what is written, and in how many writes, without keeping it.
#[derive(Default)]
struct Counting {
    bytes: u64,
    writes: u64,
}

impl tokio::io::AsyncWrite for Counting {
    fn poll_write(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        self.bytes += buf.len() as u64;
        self.writes += 1;
        Poll::Ready(Ok(buf.len()))
    }
    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }
    fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}

async fn mount_export(api: &MockServer, route: &str) {
    Mock::given(method("POST"))
        .and(path(route))
        .and(query_param("export_mode", "async"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"exportedFileId": "fe-1", "exportedFilePath": "//files/exported/fe-1"}),
        ))
        .expect(1)
        .mount(api)
        .await;
}

async fn mount_status(api: &MockServer, processing: u64, last: serde_json::Value) {
    if processing > 0 {
        Mock::given(method("GET"))
            .and(path("/v1/files/exported/fe-1"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"status": "processing"})))
            .up_to_n_times(processing)
            .with_priority(1)
            .mount(api)
            .await;
    }
    Mock::given(method("GET"))
        .and(path("/v1/files/exported/fe-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(last))
        .with_priority(2)
        .mount(api)
        .await;
}

#[tokio::test]
async fn an_async_export_is_polled_then_streamed_without_credentials() {
    let api = start_server().await;
    let files = MockServer::start().await;
    let csv = "yearMonth,amount\n".to_owned() + &"202208,1\n".repeat(1_000_000);
    Mock::given(method("GET"))
        .and(path("/exports/billing.csv"))
        .respond_with(ResponseTemplate::new(200).set_body_string(csv.clone()))
        .expect(1)
        .mount(&files)
        .await;
    mount_export(&api, "/v1/bills/202208/export").await;
    mount_status(&api, 2, json!({"status": "exported", "url": format!("{}/exports/billing.csv?X-Amz-Signature=abc", files.uri())})).await;

    let file = client_for(&api)
        .export_billing_csv("202208", &quick())
        .await
        .unwrap();
    assert!(!format!("{file:?}").contains("X-Amz-Signature"), "{file:?}");
    let mut sink = Counting::default();
    let bytes = file.download_to(&mut sink).await.unwrap();
    assert_eq!(bytes, csv.len() as u64);
    assert_eq!(sink.bytes, csv.len() as u64);
    assert!(
        sink.writes > 1,
        "the body arrived in one piece: {} writes",
        sink.writes
    );
    assert_eq!(
        received(&api)
            .await
            .iter()
            .filter(|r| r.url.path() == "/v1/files/exported/fe-1")
            .count(),
        3
    );

    let download = &received(&files).await[0];
    for name in download.headers.keys() {
        assert!(
            !name.as_str().starts_with("x-soracom"),
            "{name} sent to the download host"
        );
    }
}

#[tokio::test]
async fn the_latest_month_and_payment_statements_download_to_a_path() {
    let (fake, client) = test_support::start().await;
    test_support::export_file(&fake, "f.csv", "a,b\n1,2\n");
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("latest.csv");
    client
        .export_latest_billing_csv(&quick())
        .await
        .unwrap()
        .download_to_path(&target)
        .await
        .unwrap();
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "a,b\n1,2\n");
    let statement = client
        .export_payment_statement_file("ps-1", &quick())
        .await
        .unwrap();
    assert!(statement.url().ends_with("/f.csv"));
    let sent = fake.requests::<ExportPaymentStatement>();
    assert_eq!(sent[0].payment_statement_id, "ps-1");
    assert_eq!(sent[0].export_mode, Some(ExportMode::Async));
}

#[tokio::test]
async fn a_sync_export_needs_no_polling() {
    let api = start_server().await;
    Mock::given(method("POST"))
        .and(path("/v1/bills/202208/export"))
        .and(query_param("export_mode", "sync"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"url": "https://files.example/x.csv"})),
        )
        .expect(1)
        .mount(&api)
        .await;
    // A checked `YearMonth` is taken as well as text.
    let august = soracom_billing::YearMonth::new(2022, 8).unwrap();
    let file = client_for(&api)
        .export_billing_csv(august, &quick().mode(ExportMode::Sync))
        .await
        .unwrap();
    assert_eq!(file.url(), "https://files.example/x.csv");
    // Text that is no month is refused before anything is sent.
    let err = client_for(&api)
        .export_billing_csv("2022-08", &quick().mode(ExportMode::Sync))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, soracom_billing::Error::InvalidInput { parameter, .. } if parameter == "yyyyMM"),
        "{err:?}"
    );
}

fn export_status(status: GetExportedFileResponseStatus) -> GetExportedFileResponse {
    GetExportedFileResponse::builder().status(status).build()
}

#[tokio::test]
async fn a_failed_export_and_one_that_never_finishes_are_errors() {
    let (fake, client) = test_support::start().await;
    fake.on::<GetExportedFile>()
        .answer(export_status(GetExportedFileResponseStatus::Processing))
        .answer(export_status(GetExportedFileResponseStatus::Failed))
        .once();
    let err = client
        .export_billing_csv("202208", &quick())
        .await
        .unwrap_err();
    let failed = err
        .downcast_ref::<soracom_billing::ExportFailed>()
        .unwrap_or_else(|| panic!("not an ExportFailed: {err:?}"));
    assert_eq!(failed.file_id, "exported-file-1");
    assert_eq!(err.operation(), Some("getExportedFile"));
    assert_eq!(
        err.to_string(),
        "getExportedFile: the export exported-file-1 failed on the Soracom platform"
    );
    assert_eq!(fake.requests::<GetExportedFile>().len(), 2);

    fake.on::<GetExportedFile>()
        .answer(export_status(GetExportedFileResponseStatus::Processing));
    let options = quick().timeout(Duration::from_millis(200));
    let err = client
        .export_billing_csv("202208", &options)
        .await
        .unwrap_err();
    assert!(err.is_timeout() && err.attempts() >= 2, "{err:?}");
}

#[tokio::test]
async fn only_an_exported_file_path_is_enough() {
    let api = start_server().await;
    Mock::given(method("POST"))
        .and(path("/v1/bills/202208/export"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"exportedFilePath": "//files/exported/fe-1"})),
        )
        .mount(&api)
        .await;
    mount_status(
        &api,
        0,
        json!({"status": "exported", "url": "https://files.example/y.csv"}),
    )
    .await;
    let file = client_for(&api)
        .export_billing_csv("202208", &quick())
        .await
        .unwrap();
    assert_eq!(file.url(), "https://files.example/y.csv");
}

/// A failed download never shows the pre-signed URL (a bearer credential for the file).
#[tokio::test]
async fn a_failed_download_does_not_show_the_signed_url() {
    let api = start_server().await;
    let closed = soracom_billing_tests::closed_port_base_url();
    mount_export(&api, "/v1/bills/202208/export").await;
    mount_status(
        &api,
        0,
        json!({"status": "exported", "url": format!("{closed}/f.csv?X-Amz-Signature=SECRETSIG")}),
    )
    .await;
    let file = client_for(&api)
        .export_billing_csv("202208", &quick())
        .await
        .unwrap();
    let err = file
        .download_to(&mut Counting::default())
        .await
        .unwrap_err();
    let text = format!("{err} {err:?}");
    assert!(!text.contains("SECRETSIG"), "{text}");
}
