//! Configuration as soracom-cli users have it: environment variables, profile files, endpoints.

use std::collections::HashMap;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use serde_json::json;
use soracom_billing::{Client, ClientBuilder, Coverage};
use soracom_billing_tests::{received, start_server};
use wiremock::matchers::{body_partial_json, header, method, path};
use wiremock::{Mock, ResponseTemplate};

fn write_profile(dir: &Path, name: &str, body: &serde_json::Value, mode: u32) {
    let file = dir.join(format!("{name}.json"));
    std::fs::write(&file, serde_json::to_vec_pretty(body).unwrap()).unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(mode)).unwrap();
}

fn from(vars: &[(&str, &str)]) -> Result<ClientBuilder, soracom_billing::Error> {
    let vars: HashMap<String, String> = vars
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    Client::builder().from_environment(move |name| vars.get(name).cloned())
}

fn base_url_of(vars: &[(&str, &str)]) -> String {
    from(vars).unwrap().build().unwrap().base_url().to_owned()
}

#[test]
fn endpoint_precedence_follows_soracom_cli() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    write_profile(
        dir.path(),
        "default",
        &json!({"coverageType": "g", "authKeyId": "keyId-p", "authKey": "secret-p"}),
        0o600,
    );
    write_profile(
        dir.path(),
        "sandbox",
        &json!({"coverageType": "jp", "sandbox": true, "authKeyId": "k", "authKey": "s"}),
        0o600,
    );
    write_profile(
        dir.path(),
        "custom",
        &json!({"endpoint": "https://example.test", "coverageType": "g", "authKeyId": "k", "authKey": "s"}),
        0o600,
    );
    // The profile's coverage type.
    assert_eq!(
        base_url_of(&[("SORACOM_PROFILE_DIR", d)]),
        "https://g.api.soracom.io/v1"
    );
    // An explicit coverage type beats the profile.
    assert_eq!(
        base_url_of(&[("SORACOM_PROFILE_DIR", d), ("SORACOM_COVERAGE_TYPE", "jp")]),
        "https://api.soracom.io/v1"
    );
    // SORACOM_ENDPOINT beats everything, and is stored without /v1.
    assert_eq!(
        base_url_of(&[
            ("SORACOM_PROFILE_DIR", d),
            ("SORACOM_COVERAGE_TYPE", "jp"),
            ("SORACOM_ENDPOINT", "https://api.example.test")
        ]),
        "https://api.example.test/v1"
    );
    // The sandbox host, and a profile's endpoint over its coverage type.
    assert_eq!(
        base_url_of(&[("SORACOM_PROFILE_DIR", d), ("SORACOM_PROFILE", "sandbox")]),
        "https://api-sandbox.soracom.io/v1"
    );
    assert_eq!(
        base_url_of(&[("SORACOM_PROFILE_DIR", d), ("SORACOM_PROFILE", "custom")]),
        "https://example.test/v1"
    );
    // Environment credentials alone, with the default coverage.
    let empty = tempfile::tempdir().unwrap();
    assert_eq!(
        base_url_of(&[
            ("SORACOM_PROFILE_DIR", empty.path().to_str().unwrap()),
            ("SORACOM_AUTH_KEY_ID", "k"),
            ("SORACOM_AUTH_KEY", "s")
        ]),
        "https://api.soracom.io/v1"
    );
}

#[tokio::test]
async fn environment_credentials_beat_the_profile_and_profile_headers_are_sent() {
    let server = start_server().await;
    Mock::given(method("POST"))
        .and(path("/v1/auth"))
        .and(body_partial_json(
            json!({"authKeyId": "keyId-env", "authKey": "secret-env", "tokenTimeoutSeconds": 3600}),
        ))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"apiKey": "a", "token": "t"})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/bills"))
        .and(header("x-custom", "from-profile"))
        .and(header("x-soracom-lang", "ja"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"billList": []})))
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    write_profile(
        dir.path(),
        "default",
        &json!({"authKeyId": "keyId-profile", "authKey": "secret-profile", "tokenTimeoutSeconds": 3600, "headers": {"X-Custom": "from-profile"}}),
        0o600,
    );
    let client = from(&[
        ("SORACOM_PROFILE_DIR", dir.path().to_str().unwrap()),
        ("SORACOM_AUTH_KEY_ID", "keyId-env"),
        ("SORACOM_AUTH_KEY", "secret-env"),
        ("SORACOM_ENDPOINT", &server.uri()),
    ])
    .unwrap()
    .language("ja")
    .build()
    .unwrap();
    client.get_billing_history().await.unwrap();
    assert_eq!(received(&server).await.len(), 2);
}

#[test]
fn a_profile_readable_by_others_is_refused_with_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    write_profile(
        dir.path(),
        "default",
        &json!({"authKeyId": "k", "authKey": "s"}),
        0o644,
    );
    let err = from(&[("SORACOM_PROFILE_DIR", dir.path().to_str().unwrap())])
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("default.json")
            && err.contains("readable by group or others")
            && err.contains("chmod 600"),
        "{err}"
    );
}

#[test]
fn missing_and_malformed_profiles_name_the_file_and_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    let err = from(&[("SORACOM_PROFILE_DIR", d), ("SORACOM_PROFILE", "work")])
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("work.json") && err.contains("does not exist"),
        "{err}"
    );
    let err = from(&[("SORACOM_PROFILE_DIR", d)]).unwrap_err().to_string();
    let place = format!("{d}/default.json");
    assert_eq!(
        err,
        format!("invalid client setting `credentials`: none found: set SORACOM_AUTH_KEY_ID and SORACOM_AUTH_KEY, or write a profile at {place} (`soracom configure`)")
    );
    // One variable of the pair: the other is named.
    for (set, missing) in [
        ("SORACOM_AUTH_KEY_ID", "SORACOM_AUTH_KEY"),
        ("SORACOM_AUTH_KEY", "SORACOM_AUTH_KEY_ID"),
    ] {
        let err = from(&[("SORACOM_PROFILE_DIR", d), (set, "value-77")])
            .unwrap_err()
            .to_string();
        assert!(
            err.contains(&format!(
                "none found: {set} is set but {missing} is not (set both)"
            )),
            "{err}"
        );
        assert!(!err.contains("value-77"), "{err}");
    }
    // A profile without credentials: its fields are listed, never their values.
    write_profile(
        dir.path(),
        "bare",
        &json!({"coverageType": "g", "mfaOTPCode": "secret-otp-55"}),
        0o600,
    );
    let err = from(&[
        ("SORACOM_PROFILE_DIR", d),
        ("SORACOM_PROFILE", "bare"),
        ("SORACOM_AUTH_KEY_ID", "keyId-9"),
    ])
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("SORACOM_AUTH_KEY_ID is set but SORACOM_AUTH_KEY is not")
            && err.contains(&format!(
                "the profile {d}/bare.json holds no credentials (it has coverageType, mfaOTPCode;"
            )),
        "{err}"
    );
    assert!(!err.contains("secret-otp-55"), "{err}");
    write_profile(dir.path(), "empty", &json!({}), 0o600);
    let err = from(&[("SORACOM_PROFILE_DIR", d), ("SORACOM_PROFILE", "empty")])
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("the profile") && err.contains("empty.json is empty"),
        "{err}"
    );
    // Both variables beat a profile whose own credentials are incomplete.
    write_profile(dir.path(), "partial", &json!({"authKeyId": "k"}), 0o600);
    assert!(from(&[
        ("SORACOM_PROFILE_DIR", d),
        ("SORACOM_PROFILE", "partial"),
        ("SORACOM_AUTH_KEY_ID", "k"),
        ("SORACOM_AUTH_KEY", "s"),
    ])
    .is_ok());

    std::fs::write(dir.path().join("broken.json"), b"{\"authKeyId\": ").unwrap();
    std::fs::set_permissions(
        dir.path().join("broken.json"),
        std::fs::Permissions::from_mode(0o600),
    )
    .unwrap();
    let err = from(&[("SORACOM_PROFILE_DIR", d), ("SORACOM_PROFILE", "broken")])
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("broken.json") && err.contains("is not valid"),
        "{err}"
    );

    write_profile(
        dir.path(),
        "typed",
        &json!({"sandbox": "yes", "authKeyId": "k", "authKey": "s"}),
        0o600,
    );
    let err = from(&[("SORACOM_PROFILE_DIR", d), ("SORACOM_PROFILE", "typed")])
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("typed.json: sandbox") && err.contains("expected a boolean"),
        "{err}"
    );
    for (profile, field, expected) in [
        (
            json!({"authKeyId": "k", "authKey": 5}),
            "authKey",
            "expected a string",
        ),
        (
            json!({"authKeyId": "k", "authKey": "s", "tokenTimeoutSeconds": -1}),
            "tokenTimeoutSeconds",
            "expected a whole number of seconds",
        ),
        (json!(["not", "an", "object"]), "", "expected a JSON object"),
    ] {
        write_profile(dir.path(), "typed", &profile, 0o600);
        let err = from(&[("SORACOM_PROFILE_DIR", d), ("SORACOM_PROFILE", "typed")])
            .unwrap_err()
            .to_string();
        let place = if field.is_empty() {
            "typed.json`".to_owned()
        } else {
            format!("typed.json: {field}`")
        };
        assert!(
            err.contains(&place) && err.contains(expected),
            "{profile}: {err}"
        );
    }

    write_profile(dir.path(), "half", &json!({"authKeyId": "k"}), 0o600);
    let err = from(&[("SORACOM_PROFILE_DIR", d), ("SORACOM_PROFILE", "half")])
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("half.json: authKey") && err.contains("missing"),
        "{err}"
    );

    write_profile(
        dir.path(),
        "cov",
        &json!({"coverageType": "eu", "authKeyId": "k", "authKey": "s"}),
        0o600,
    );
    let err = from(&[("SORACOM_PROFILE_DIR", d), ("SORACOM_PROFILE", "cov")])
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("cov.json: coverageType") && err.contains("`jp` or `g`"),
        "{err}"
    );
}

#[test]
fn secrets_from_a_profile_stay_out_of_debug() {
    let dir = tempfile::tempdir().unwrap();
    write_profile(
        dir.path(),
        "default",
        &json!({"email": "ops@example.com", "password": "PW-SECRET", "mfaOTPCode": "135790"}),
        0o600,
    );
    let builder = from(&[("SORACOM_PROFILE_DIR", dir.path().to_str().unwrap())]).unwrap();
    let text = format!("{builder:?} {:?}", builder.clone().build().unwrap());
    assert!(
        !text.contains("PW-SECRET") && !text.contains("135790"),
        "{text}"
    );
    assert!(text.contains("root account ops@example.com"), "{text}");
}

#[test]
fn endpoints_and_plain_http() {
    let url = |b: ClientBuilder| b.build().map(|c| c.base_url().to_owned());
    assert_eq!(
        url(Client::builder().endpoint("https://api.soracom.io")).unwrap(),
        "https://api.soracom.io/v1"
    );
    assert_eq!(
        url(Client::builder().endpoint("https://api.soracom.io/")).unwrap(),
        "https://api.soracom.io/v1"
    );
    assert_eq!(
        url(Client::builder().endpoint("https://api.soracom.io/v1")).unwrap(),
        "https://api.soracom.io/v1"
    );
    assert_eq!(
        url(Client::builder().sandbox(Coverage::Global)).unwrap(),
        "https://g.api-sandbox.soracom.io/v1"
    );
    assert_eq!(
        url(Client::builder().endpoint("http://127.0.0.1:8080")).unwrap(),
        "http://127.0.0.1:8080/v1"
    );
    assert_eq!(
        url(Client::builder().endpoint("http://localhost:8080")).unwrap(),
        "http://localhost:8080/v1"
    );
    assert_eq!(
        url(Client::builder().endpoint("http://[::1]:8080")).unwrap(),
        "http://[::1]:8080/v1"
    );
    let err = url(Client::builder().endpoint("http://api.soracom.io"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("plain HTTP to another machine"), "{err}");
}
