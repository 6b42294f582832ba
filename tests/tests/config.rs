//! Configuration as soracom-cli users have it: environment variables, profile files (with
//! `profileCommand` and `sourceProfile`), endpoints.

use std::collections::HashMap;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use serde_json::json;
use soracom_billing::{Client, ClientBuilder, Coverage, Error, RetryPolicy};
use soracom_billing_tests::{received, start_server};
use wiremock::matchers::{body_json, body_partial_json, header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

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

/// Writes a shell script into `dir` and returns a `profileCommand` that runs it with `sh` (run
/// through `sh`, it is read rather than executed: no "text file busy" when a parallel test forks
/// while the file is being written).
fn script(dir: &Path, name: &str, body: &str) -> String {
    let file = dir.join(name);
    std::fs::write(&file, format!("#!/bin/sh\n{body}\n")).unwrap();
    format!("sh '{}'", file.display())
}

fn no_credential_headers(request: &Request) -> bool {
    !request.headers.contains_key("x-soracom-api-key")
        && !request.headers.contains_key("x-soracom-token")
}

fn from_dir(dir: &Path, profile: &str) -> Result<ClientBuilder, Error> {
    from(&[
        ("SORACOM_PROFILE_DIR", dir.to_str().unwrap()),
        ("SORACOM_PROFILE", profile),
    ])
}

async fn count(server: &MockServer, route: &str) -> usize {
    received(server)
        .await
        .iter()
        .filter(|r| r.url.path() == route)
        .count()
}

#[tokio::test]
async fn a_profile_command_prints_the_credentials_at_each_login() {
    let server = start_server().await;
    // The printed credentials (the file's own are not read), spelled in another letter case
    // (Go's decoder matches names so), unknown fields ignored; the file's headers are sent.
    Mock::given(method("POST"))
        .and(path("/v1/auth"))
        .and(body_json(json!({"authKeyId": "keyId-cmd", "authKey": "secret-cmd-1", "tokenTimeoutSeconds": 900})))
        .and(header("x-from-file", "yes"))
        .and(no_credential_headers)
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"apiKey": "api-cmd", "token": "tok-cmd"})))
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/bills"))
        .and(header("x-soracom-api-key", "api-cmd"))
        .and(header("x-soracom-token", "tok-cmd"))
        .and(header("x-from-file", "yes"))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(json!({"code": "AUM0002", "message": "expired"})),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/bills"))
        .and(header("x-soracom-api-key", "api-cmd"))
        .and(header("x-soracom-token", "tok-cmd"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"billList": []})))
        .expect(1)
        .with_priority(2)
        .mount(&server)
        .await;

    let dir = tempfile::tempdir().unwrap();
    let runs = dir.path().join("runs");
    let command = script(
        dir.path(),
        "print-profile.sh",
        &format!(
            r#"echo run >> '{}'
echo "diagnostics on stderr" >&2
cat <<'EOF'
{{"AuthKeyId": "keyId-cmd", "authkey": "secret-cmd-1", "tokenTimeoutSeconds": 900,
  "endpoint": "https://printed-endpoint.invalid", "somethingNew": [1, 2]}}
EOF"#,
            runs.display()
        ),
    );
    write_profile(
        dir.path(),
        "work",
        &json!({
            "profileCommand": command,
            "endpoint": server.uri(),
            "headers": {"X-From-File": "yes"},
            "authKeyId": "keyId-file",
            "authKey": "secret-file"
        }),
        0o600,
    );
    let builder = from_dir(dir.path(), "work").unwrap();
    let shown = format!("{builder:?}");
    assert!(
        shown.contains("profileCommand") && shown.contains("`sh`"),
        "{shown}"
    );
    assert!(
        !shown.contains("print-profile.sh") && !shown.contains("secret"),
        "{shown}"
    );
    let client = builder.retry(RetryPolicy::disabled()).build().unwrap();
    // Not run when the client is configured: at the login.
    assert!(!runs.exists());
    // The first token is refused: the command runs again for the second login.
    client.get_billing_history().await.unwrap();
    assert_eq!(std::fs::read_to_string(&runs).unwrap(), "run\nrun\n");
    assert_eq!(count(&server, "/v1/auth").await, 2);
    assert_eq!(count(&server, "/v1/bills").await, 2);
}

#[tokio::test]
async fn a_failing_profile_command_names_the_profile_and_its_exit_status_never_its_output() {
    let server = start_server().await;
    let dir = tempfile::tempdir().unwrap();
    let profile_for = |command: String| {
        write_profile(
            dir.path(),
            "default",
            &json!({"profileCommand": command, "endpoint": server.uri()}),
            0o600,
        );
        from(&[("SORACOM_PROFILE_DIR", dir.path().to_str().unwrap())])
            .unwrap()
            .retry(RetryPolicy::disabled())
            .build()
            .unwrap()
    };
    let place = format!(
        "profile {}/default.json: profileCommand",
        dir.path().display()
    );

    let exits_3 = script(
        dir.path(),
        "exits-3.sh",
        r#"echo '{"authKeyId": "keyId-x", "authKey": "PRINTED-SECRET-7"}'
echo "STDERR-SECRET-8" >&2
exit 3"#,
    );
    let err = profile_for(exits_3)
        .get_billing_history()
        .await
        .unwrap_err();
    let text = format!("{err} {err:?}");
    assert!(matches!(err, Error::Login { .. }), "{err:?}");
    assert!(
        text.contains(&place) && text.contains("`sh` failed with exit status 3"),
        "{text}"
    );
    assert!(
        !text.contains("PRINTED-SECRET-7") && !text.contains("STDERR-SECRET-8"),
        "{text}"
    );

    // Output that is not a profile: cut short, or of the wrong shape.
    for (name, printed, why) in [
        (
            "cut.sh",
            r#"printf '{"authKeyId": "keyId-x", "authKey": "PRINTED-SECRET-7'"#,
            "printed no valid profile: EOF while parsing",
        ),
        (
            "typed.sh",
            r#"echo '{"authKeyId": "keyId-x", "authKey": ["PRINTED-SECRET-7"]}'"#,
            "authKey`: is not valid: expected a string",
        ),
        (
            "bare.sh",
            r#"echo '{"coverageType": "g", "mfaOTPCode": "PRINTED-SECRET-7"}'"#,
            "printed a profile without credentials (it has coverageType, mfaOTPCode)",
        ),
    ] {
        let command = script(dir.path(), name, printed);
        let err = profile_for(command)
            .get_billing_history()
            .await
            .unwrap_err();
        let text = format!("{err} {err:?}");
        assert!(
            text.contains(why) && text.contains("default.json"),
            "{name}: {text}"
        );
        assert!(!text.contains("PRINTED-SECRET-7"), "{name}: {text}");
    }

    // A program that cannot start.
    let missing = dir.path().join("no-such-program");
    let err = profile_for(format!("'{}' --flag", missing.display()))
        .get_billing_history()
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.contains(&place) && err.contains("cannot be started"),
        "{err}"
    );

    // A line that cannot be split is refused when the client is configured.
    write_profile(
        dir.path(),
        "default",
        &json!({"profileCommand": "get-profile 'unclosed", "endpoint": server.uri()}),
        0o600,
    );
    let err = from(&[("SORACOM_PROFILE_DIR", dir.path().to_str().unwrap())])
        .unwrap_err()
        .to_string();
    assert!(
        err.contains(&place) && err.contains("unclosed quote"),
        "{err}"
    );
    // Nothing reached the server.
    assert!(received(&server).await.is_empty());
}

/// Mounts what a switch from the source user (auth key `keyId-src`) to `OP0011223344/reader`
/// needs: `/auth` with the source's credentials and no others, `/auth/switch_user` with the
/// source's key and token, `n` times each; the n-th switch answers `api-sw-n`/`tok-sw-n`.
async fn mount_switch(server: &MockServer, n: u64, timeout: Option<u64>) {
    Mock::given(method("POST"))
        .and(path("/v1/auth"))
        .and(body_json(
            json!({"authKeyId": "keyId-src", "authKey": "secret-src", "mfaOTPCode": "246810"}),
        ))
        .and(header("x-target-header", "yes"))
        .and(no_credential_headers)
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"apiKey": "api-src", "token": "tok-src", "operatorId": "OP0000000SRC"}),
        ))
        .expect(n)
        .mount(server)
        .await;
    let mut body = json!({"operatorId": "OP0011223344", "userName": "reader"});
    if let Some(timeout) = timeout {
        body["tokenTimeoutSeconds"] = json!(timeout);
    }
    for i in 1..=n {
        Mock::given(method("POST"))
            .and(path("/v1/auth/switch_user"))
            .and(header("x-soracom-api-key", "api-src"))
            .and(header("x-soracom-token", "tok-src"))
            .and(header("x-target-header", "yes"))
            .and(body_json(body.clone()))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "apiKey": format!("api-sw-{i}"),
                "token": format!("tok-sw-{i}"),
                "operatorId": "OP0011223344",
                "userName": "reader"
            })))
            .up_to_n_times(1)
            .expect(1)
            .with_priority(i as u8)
            .mount(server)
            .await;
    }
}

#[tokio::test]
async fn a_source_profile_logs_in_then_switches_user_and_both_are_redone_on_a_401() {
    let server = start_server().await;
    mount_switch(&server, 2, Some(600)).await;
    // The first switched token is refused; the second serves.
    Mock::given(method("GET"))
        .and(path("/v1/bills"))
        .and(header("x-soracom-api-key", "api-sw-1"))
        .and(header("x-soracom-token", "tok-sw-1"))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(json!({"code": "AUM0002", "message": "expired"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/bills"))
        .and(header("x-soracom-api-key", "api-sw-2"))
        .and(header("x-soracom-token", "tok-sw-2"))
        .and(header("x-target-header", "yes"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"billList": []})))
        .expect(2)
        .mount(&server)
        .await;

    let dir = tempfile::tempdir().unwrap();
    // The source's credentials (and MFA code) only: its endpoint, headers and lifetime are not
    // used.
    write_profile(
        dir.path(),
        "source",
        &json!({
            "authKeyId": "keyId-src",
            "authKey": "secret-src",
            "mfaOTPCode": "246810",
            "endpoint": "https://source-endpoint.invalid",
            "headers": {"X-Source-Header": "no"},
            "tokenTimeoutSeconds": 7200
        }),
        0o600,
    );
    // The target's own credentials lose to the switch, as in soracom-cli.
    write_profile(
        dir.path(),
        "default",
        &json!({
            "sourceProfile": "source",
            "operatorId": "OP0011223344",
            "username": "reader",
            "tokenTimeoutSeconds": 600,
            "endpoint": server.uri(),
            "headers": {"X-Target-Header": "yes"},
            "email": "target@example.com",
            "password": "TARGET-PASSWORD"
        }),
        0o600,
    );
    let builder = from(&[("SORACOM_PROFILE_DIR", dir.path().to_str().unwrap())]).unwrap();
    let shown = format!("{builder:?}");
    assert!(
        shown.contains("SAM user OP0011223344/reader through switchUser from auth key keyId-src")
            && shown.contains("token lifetime 600 s"),
        "{shown}"
    );
    let client = builder.retry(RetryPolicy::disabled()).build().unwrap();
    let shown = format!("{shown} {client:?}");
    for secret in ["secret-src", "246810", "TARGET-PASSWORD"] {
        assert!(!shown.contains(secret), "{secret}: {shown}");
    }
    client.get_billing_history().await.unwrap();
    client.get_billing_history().await.unwrap();
    assert_eq!(count(&server, "/v1/auth").await, 2);
    assert_eq!(count(&server, "/v1/auth/switch_user").await, 2);
    assert_eq!(count(&server, "/v1/bills").await, 3);
}

#[tokio::test]
async fn after_a_switch_user_the_operator_id_is_the_switched_to_operators() {
    let server = start_server().await;
    // The source logs in as OP0000000SRC; the switch answers OP0011223344.
    mount_switch(&server, 1, None).await;
    Mock::given(method("GET"))
        .and(path("/v1/operators/OP0011223344/shipping_addresses"))
        .and(header("x-soracom-api-key", "api-sw-1"))
        .and(header("x-soracom-token", "tok-sw-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"shippingAddresses": []})))
        .expect(1)
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    write_profile(
        dir.path(),
        "source",
        &json!({"authKeyId": "keyId-src", "authKey": "secret-src", "mfaOTPCode": "246810"}),
        0o600,
    );
    write_profile(
        dir.path(),
        "default",
        &json!({
            "sourceProfile": "source",
            "operatorId": "OP0011223344",
            "username": "reader",
            "endpoint": server.uri(),
            "headers": {"X-Target-Header": "yes"}
        }),
        0o600,
    );
    let client = from(&[("SORACOM_PROFILE_DIR", dir.path().to_str().unwrap())])
        .unwrap()
        .retry(RetryPolicy::disabled())
        .build()
        .unwrap();
    assert_eq!(client.operator_id().await.unwrap(), "OP0011223344");
    client.list_shipping_addresses().await.unwrap();
    assert_eq!(count(&server, "/v1/auth").await, 1);
    assert_eq!(count(&server, "/v1/auth/switch_user").await, 1);
}

#[tokio::test]
async fn a_profile_command_may_print_a_source_profile() {
    let server = start_server().await;
    // A lifetime `switchUser` does not accept is not asked for (the default hour), as in
    // soracom-cli.
    mount_switch(&server, 1, None).await;
    Mock::given(method("GET"))
        .and(path("/v1/bills"))
        .and(header("x-soracom-api-key", "api-sw-1"))
        .and(header("x-soracom-token", "tok-sw-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"billList": []})))
        .expect(1)
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    write_profile(
        dir.path(),
        "source",
        &json!({"authKeyId": "keyId-src", "authKey": "secret-src", "mfaOTPCode": "246810"}),
        0o600,
    );
    let command = script(
        dir.path(),
        "print.sh",
        r#"echo '{"sourceProfile": "source", "operatorId": "OP0011223344", "username": "reader", "tokenTimeoutSeconds": 86400}'"#,
    );
    // The file's own sourceProfile loses to what the command prints.
    write_profile(
        dir.path(),
        "default",
        &json!({
            "profileCommand": command,
            "sourceProfile": "no-such-profile",
            "endpoint": server.uri(),
            "headers": {"X-Target-Header": "yes"}
        }),
        0o600,
    );
    let client = from(&[("SORACOM_PROFILE_DIR", dir.path().to_str().unwrap())])
        .unwrap()
        .retry(RetryPolicy::disabled())
        .build()
        .unwrap();
    client.get_billing_history().await.unwrap();
}

#[tokio::test]
async fn source_profile_cycles_and_chains_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let switch_to = |source: &str| json!({"sourceProfile": source, "operatorId": "OP0011223344", "username": "reader", "authKey": "SECRET-IN-CYCLE"});
    // Itself.
    write_profile(d, "selfish", &switch_to("selfish"), 0o600);
    let err = from_dir(d, "selfish").unwrap_err().to_string();
    assert!(
        err.contains("selfish.json: sourceProfile") && err.contains("the profile itself: a cycle"),
        "{err}"
    );
    // Through others.
    write_profile(d, "a", &switch_to("b"), 0o600);
    write_profile(d, "b", &switch_to("c"), 0o600);
    write_profile(d, "c", &switch_to("a"), 0o600);
    let err = from_dir(d, "a").unwrap_err().to_string();
    assert!(
        err.contains("a.json: sourceProfile")
            && err.contains("leads to a cycle of source profiles (a → b → c → a)"),
        "{err}"
    );
    assert!(!err.contains("SECRET-IN-CYCLE"), "{err}");
    // A chain without a cycle: soracom-cli switches once only.
    write_profile(d, "x", &switch_to("y"), 0o600);
    write_profile(d, "y", &switch_to("z"), 0o600);
    write_profile(d, "z", &json!({"authKeyId": "k", "authKey": "s"}), 0o600);
    let err = from_dir(d, "x").unwrap_err().to_string();
    assert!(
        err.contains("names a profile that names a sourceProfile itself (x → y → z)"),
        "{err}"
    );
    // The target must name the user; the source must exist, be private and hold credentials
    // (its own profileCommand is not run).
    write_profile(
        d,
        "t1",
        &json!({"sourceProfile": "z", "operatorId": "OP1"}),
        0o600,
    );
    let err = from_dir(d, "t1").unwrap_err().to_string();
    assert!(err.contains("needs both operatorId and username"), "{err}");
    write_profile(d, "t2", &switch_to("gone"), 0o600);
    let err = from_dir(d, "t2").unwrap_err().to_string();
    assert!(err.contains("gone.json, which does not exist"), "{err}");
    write_profile(d, "open", &json!({"authKeyId": "k", "authKey": "s"}), 0o644);
    write_profile(d, "t3", &switch_to("open"), 0o600);
    let err = from_dir(d, "t3").unwrap_err().to_string();
    assert!(
        err.contains("open.json") && err.contains("readable by group or others"),
        "{err}"
    );
    write_profile(d, "cmd", &json!({"profileCommand": "get-profile"}), 0o600);
    write_profile(d, "t4", &switch_to("cmd"), 0o600);
    let err = from_dir(d, "t4").unwrap_err().to_string();
    assert!(
        err.contains("cmd.json, which holds no credentials (it has profileCommand;")
            && err.contains("its profileCommand is not run"),
        "{err}"
    );

    // A cycle met at login, through what a profileCommand printed.
    let server = start_server().await;
    let command = script(
        d,
        "print.sh",
        r#"echo '{"sourceProfile": "a", "operatorId": "OP1", "username": "u", "authKey": "PRINTED-SECRET"}'"#,
    );
    write_profile(
        d,
        "printed",
        &json!({"profileCommand": command, "endpoint": server.uri()}),
        0o600,
    );
    let err = from_dir(d, "printed")
        .unwrap()
        .build()
        .unwrap()
        .get_billing_history()
        .await
        .unwrap_err();
    let text = format!("{err} {err:?}");
    assert!(
        text.contains("leads to a cycle of source profiles (a → b → c → a)"),
        "{text}"
    );
    assert!(!text.contains("PRINTED-SECRET"), "{text}");
    assert!(received(&server).await.is_empty());
}
