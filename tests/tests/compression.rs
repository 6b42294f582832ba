//! The SDK decodes compressed answers (its default `compression` feature): a gzip or brotli bill
//! history decodes as the plain one does.

use std::io::Write;

use serde_json::json;
use soracom_billing_tests::{base_url, client_at, start_server};
use wiremock::matchers::{header_regex, method, path};
use wiremock::{Mock, ResponseTemplate};

fn gzip(body: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(body).unwrap();
    encoder.finish().unwrap()
}

fn brotli(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut encoder = brotli::CompressorWriter::new(&mut out, 4096, 5, 22);
        encoder.write_all(body).unwrap();
    }
    out
}

#[tokio::test]
async fn gzip_and_brotli_bill_histories_decode() {
    let history =
        json!({"billList": [{"yearMonth": "202208", "amount": 1234.5, "currency": "JPY"}]});
    let plain = serde_json::to_vec(&history).unwrap();
    for (coding, body) in [("gzip", gzip(&plain)), ("br", brotli(&plain))] {
        let server = start_server().await;
        // Answered compressed only to a client that says it accepts the coding.
        Mock::given(method("GET"))
            .and(path("/v1/bills"))
            .and(header_regex("accept-encoding", coding))
            .respond_with(
                ResponseTemplate::new(200)
                    .insert_header("content-encoding", coding)
                    .set_body_raw(body, "application/json"),
            )
            .mount(&server)
            .await;
        let bills = client_at(&base_url(&server))
            .get_billing_history()
            .await
            .unwrap_or_else(|e| panic!("{coding}: {e}"))
            .bill_list
            .unwrap_or_default();
        assert_eq!(bills.len(), 1, "{coding}");
        assert_eq!(bills[0].year_month.as_deref(), Some("202208"), "{coding}");
        assert_eq!(bills[0].amount, Some(1234.5), "{coding}");
    }
}
