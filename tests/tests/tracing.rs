//! One span per call, with the operation, method, path template, status, attempts and duration,
//! and no secret anywhere in the output.

use std::io::Write;
use std::sync::{Arc, Mutex};

use serde_json::json;
use soracom_billing::{Client, Credentials, RetryPolicy};
use soracom_billing_tests::{base_url, start_server};
use tracing_subscriber::fmt::format::FmtSpan;
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test(flavor = "current_thread")]
async fn every_call_has_a_span_without_secrets() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_span_events(FmtSpan::CLOSE)
        .with_max_level(tracing::Level::DEBUG)
        .with_ansi(false)
        .finish();
    let _default = tracing::subscriber::set_default(subscriber);

    let server = start_server().await;
    Mock::given(method("POST"))
        .and(path("/v1/auth"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"apiKey": "APIKEY-SECRET", "token": "TOKEN-SECRET"})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/bills/202208"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/bills/202208"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"amount": 1})))
        .with_priority(2)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(base_url(&server))
        .credentials(Credentials::auth_key("keyId-1", "AUTHKEY-SECRET"))
        .retry(RetryPolicy::new().base_delay(std::time::Duration::from_millis(5)))
        .build()
        .unwrap();
    client.get_billing("202208").await.unwrap();

    let output = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    let call = output
        .lines()
        .find(|l| {
            l.contains("operation=\"getBilling\"")
                && !l.contains("operation=\"auth\"")
                && l.contains("close")
        })
        .unwrap_or_else(|| panic!("no closed span for getBilling in:\n{output}"));
    for field in [
        "method=\"GET\"",
        "path=\"/bills/{yyyyMM}\"",
        "status=200",
        "attempts=2",
        "duration_ms=",
    ] {
        assert!(call.contains(field), "{field} missing in {call}");
    }
    assert!(output.contains("operation=\"auth\""), "{output}");
    assert!(output.contains("retrying"), "{output}");
    for secret in ["APIKEY-SECRET", "TOKEN-SECRET", "AUTHKEY-SECRET"] {
        assert!(!output.contains(secret), "{secret} in:\n{output}");
    }
}
