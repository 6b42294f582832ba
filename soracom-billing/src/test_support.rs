//! Test support (feature `test-support`, for dev-dependencies): a fake Soracom API on
//! 127.0.0.1 and a [`Client`] logged in to it through the real login path, so that the tests of
//! code that uses this crate run without the real Soracom.
//!
//! [`start`] returns both. Every operation answers with the spec's example by default (or a
//! value built from the response's schema where the spec has none); a test sets what it needs
//! with [`Fake::on`] (typed answers, Soracom errors, raw bodies, sequences, faults), then reads
//! what the code sent with [`Fake::requests`] (typed records, one per request, with headers).
//! A request the spec does not allow (an unknown operation or query parameter, a body that does
//! not decode) is answered 400/404 and fails the test when the fake is dropped.
//!
//! The fake is Soracom as `../shared/guide/SORACOM.md` describes it where the spec is silent:
//! `auth` answers an API key and a token, which every other call must send
//! (`X-Soracom-API-Key`, `X-Soracom-Token`); [`expire_tokens`] makes the next call answer 401
//! so that the client logs in again; exports answer a file on a second address (the download
//! host, as S3 is), which [`export_file`] sets.
//!
//! An answer is a value of the operation's own response type:
//!
//! ```
//! # async fn demo() {
//! # let (fake, _client) = soracom_billing::test_support::start().await;
//! use soracom_billing::operations::GetBilling;
//! fake.on::<GetBilling>().answer(soracom_billing::models::MonthlyBill::default());
//! # }
//! ```
//!
//! and an answer of another type does not compile (`getBilling` answers a `MonthlyBill`; the
//! two examples differ in that type only):
//!
//! ```compile_fail,E0308
//! # async fn demo() {
//! # let (fake, _client) = soracom_billing::test_support::start().await;
//! use soracom_billing::operations::GetBilling;
//! fake.on::<GetBilling>().answer(soracom_billing::models::CouponResponse::default());
//! # }
//! ```

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use crate::models::{
    AuthResponse, FileExportResponse, GetExportedFileResponse, GetExportedFileResponseStatus,
};
use crate::operations::{
    Auth, ExportBilling, ExportLatestBilling, ExportPaymentStatement, GetExportedFile,
};
use crate::{Client, Credentials};

pub use crate::generated::test_support::{operations, Fake, FakeOperation, RawRequest, Rule, Sent};

use crate::ClientBuilder;

/// The operator the fake's login names (`operatorId`): [`Client::operator_id`] gives it, and
/// the operations under `/operators/{operator_id}/…` send it.
pub const OPERATOR_ID: &str = "OP0012345678";

/// The auth key the client of [`start`] logs in with.
pub const AUTH_KEY_ID: &str = "keyId-test";

/// Starts a fake Soracom and a client logged in to it with an auth key (the first call logs in
/// through `auth`, as with the real API), retrying after 1–20 ms. The fake's logins issue a new
/// API key and token each time (`api-key-1`/`token-1`, …), and a call is accepted only when
/// its key and its token are each one the fake issued (or a test accepted) and not expired
/// since (else 401); a key and a token of different logins are accepted together. Exports answer an empty file until [`export_file`] sets
/// one. An answer a test sets for [`Auth`] replaces this login, and its key and token are not
/// accepted unless the test accepts them ([`Fake::accept_credential`]).
///
/// The fake runs on a thread of its own: a test may block its own runtime, and a fake outlives
/// the runtime of the test that started it (its client does not: start one per test).
///
/// # Panics
/// When no port of 127.0.0.1 can be bound.
pub async fn start() -> (Fake, Client) {
    start_with(|builder| builder).await
}

/// Like [`start`], the client's builder passed through `configure` before it is built (a retry
/// policy, timeouts, other credentials).
///
/// # Panics
/// As [`start`], and when the configured client does not build.
pub async fn start_with(configure: impl FnOnce(ClientBuilder) -> ClientBuilder) -> (Fake, Client) {
    let (fake, client) = crate::generated::test_support::start_with(|builder| {
        configure(
            builder
                .credentials(Credentials::auth_key(AUTH_KEY_ID, "secret-test"))
                .retry(
                    crate::RetryPolicy::new()
                        .base_delay(std::time::Duration::from_millis(1))
                        .max_delay(std::time::Duration::from_millis(20)),
                ),
        )
    })
    .await;
    let credentials = fake.credentials();
    let issued = Arc::new(AtomicUsize::new(0));
    fake.on::<Auth>().answer_with(move |_| {
        let n = issued.fetch_add(1, Ordering::Relaxed) + 1;
        let (api_key, token) = (format!("api-key-{n}"), format!("token-{n}"));
        credentials.accept("X-Soracom-API-Key", api_key.clone());
        credentials.accept("X-Soracom-Token", token.clone());
        AuthResponse {
            api_key: Some(api_key),
            operator_id: Some(OPERATOR_ID.to_owned()),
            token: Some(token),
            user_name: None,
        }
    });
    fake.require_credentials("X-Soracom-API-Key");
    fake.require_credentials("X-Soracom-Token");
    export_file(&fake, "export.csv", Vec::new());
    (fake, client)
}

/// Every API key and token the fake issued (or a test accepted) expires: the next call is
/// answered 401, and the client logs in again (a new `auth` request) and repeats it, as after a
/// real token's expiry. A key and token a test accepted by hand must be accepted again.
pub fn expire_tokens(fake: &Fake) {
    fake.expire_credentials();
}

/// Serves `bytes` as the file every export (`exportBilling`, `exportLatestBilling`,
/// `exportPaymentStatement`) produces: the export answers an exported file id, `getExportedFile`
/// answers `exported` with the file's URL on the download host, which serves it. Returns that
/// URL.
pub fn export_file(fake: &Fake, name: &str, bytes: impl Into<Vec<u8>>) -> String {
    let url = fake.serve_file(name, bytes.into());
    let started = FileExportResponse {
        exported_file_id: Some("exported-file-1".to_owned()),
        exported_file_path: None,
        url: None,
    };
    fake.on::<ExportBilling>().answer(started.clone());
    fake.on::<ExportLatestBilling>().answer(started.clone());
    fake.on::<ExportPaymentStatement>().answer(started);
    fake.on::<GetExportedFile>()
        .answer(GetExportedFileResponse {
            status: Some(GetExportedFileResponseStatus::Exported),
            url: Some(url.clone()),
            ..Default::default()
        });
    url
}
