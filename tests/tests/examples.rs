//! The examples users run, against a server on 127.0.0.1, configured only through the
//! environment as a user would.

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::json;
use soracom_billing_tests::start_server;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The example's binary, built by `cargo test` (or built here when only this crate is tested).
fn example(name: &str) -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let profile_dir = exe
        .parent()
        .and_then(|deps| deps.parent())
        .unwrap()
        .to_path_buf();
    let binary = profile_dir.join("examples").join(name);
    if !binary.exists() {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
        let status = Command::new(cargo)
            .args([
                "build",
                "--quiet",
                "-p",
                "soracom-billing",
                "--example",
                name,
            ])
            .status()
            .unwrap();
        assert!(status.success());
    }
    binary
}

async fn run(name: &str, args: &[&str], env: Vec<(&'static str, String)>) -> Output {
    let binary = example(name);
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    tokio::task::spawn_blocking(move || {
        let home = tempfile::tempdir().unwrap();
        let mut command = Command::new(binary);
        command
            .args(args)
            .env_clear()
            .env("HOME", home.path())
            .env("SORACOM_PROFILE_DIR", home.path());
        for (k, v) in env {
            command.env(k, v);
        }
        command.output().unwrap()
    })
    .await
    .unwrap()
}

async fn logged_in(server: &MockServer) -> Vec<(&'static str, String)> {
    Mock::given(method("POST"))
        .and(path("/v1/auth"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"apiKey": "a", "token": "t"})),
        )
        .mount(server)
        .await;
    vec![
        ("SORACOM_AUTH_KEY_ID", "keyId-x".to_owned()),
        ("SORACOM_AUTH_KEY", "secret-x".to_owned()),
        ("SORACOM_ENDPOINT", server.uri()),
    ]
}

#[tokio::test(flavor = "multi_thread")]
async fn billing_report_prints_six_months_and_this_months_items() {
    let server = start_server().await;
    let env = logged_in(&server).await;
    let bills: Vec<_> = (1..=8).rev().map(|m| json!({"yearMonth": format!("20220{m}"), "amount": m * 1000, "currency": "JPY", "paymentStatus": "paid"})).collect();
    Mock::given(method("GET"))
        .and(path("/v1/bills"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"billList": bills})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/bills/summaries/bill_items"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([
            {"yearMonth": "202209", "currency": "JPY", "costBreakdownList": [{"billItemCategory": "Air", "billItemName": "Data usage", "amount": 123.5}]}
        ])))
        .mount(&server)
        .await;
    let output = run("billing_report", &[], env).await;
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("202208") && stdout.contains("202203") && !stdout.contains("202202"),
        "{stdout}"
    );
    assert!(
        stdout.contains("This month (202209)")
            && stdout.contains("Data usage")
            && stdout.contains("123.50"),
        "{stdout}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn billing_report_without_credentials_says_how_to_give_them() {
    let output = run("billing_report", &[], vec![]).await;
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("SORACOM_AUTH_KEY_ID") && stderr.contains("soracom configure"),
        "{stderr}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn export_csv_downloads_a_month() {
    let server = start_server().await;
    let files = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/f.csv"))
        .respond_with(ResponseTemplate::new(200).set_body_string("a,b\n1,2\n"))
        .mount(&files)
        .await;
    let env = logged_in(&server).await;
    Mock::given(method("POST"))
        .and(path("/v1/bills/202208/export"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"exportedFileId": "fe-1"})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/files/exported/fe-1"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(
                json!({"status": "exported", "url": format!("{}/f.csv", files.uri())}),
            ),
        )
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bill.csv");
    let output = run(
        "export_csv",
        &["--month", "202208", "--out", out.to_str().unwrap()],
        env,
    )
    .await;
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "a,b\n1,2\n");
    let usage = run("export_csv", &["--month"], vec![]).await;
    assert_eq!(usage.status.code(), Some(2));
}
