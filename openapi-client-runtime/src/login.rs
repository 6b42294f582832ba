//! A [`CredentialSource`] for APIs with a login operation: one login shared by every call of a
//! client, renewed shortly before the credentials expire and when the server refuses them.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Mutex;
use tokio::time::Instant;

use crate::credentials::LoginValues;
use crate::{BoxFuture, CredentialSet, CredentialSource, Error};

/// What one login gave: the credentials, how long they stay valid, and the values it
/// told besides them (who logged in).
#[derive(Clone)]
pub struct Grant {
    /// Header values by security scheme (mark each [sensitive]).
    ///
    /// [sensitive]: reqwest::header::HeaderValue::set_sensitive
    pub credentials: CredentialSet,
    /// How long the server accepts them from now.
    pub lifetime: Duration,
    /// What the login answered besides the credentials, by name (an account or operator id):
    /// see [`LoginValues`]. Not secret.
    pub values: LoginValues,
}

impl fmt::Debug for Grant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Grant")
            .field("credentials", &self.credentials.keys().collect::<Vec<_>>())
            .field("lifetime", &self.lifetime)
            .field("values", &self.values)
            .finish()
    }
}

impl Grant {
    /// No credentials yet, valid for `lifetime` from now.
    pub fn new(lifetime: Duration) -> Self {
        Grant {
            credentials: CredentialSet::new(),
            lifetime,
            values: LoginValues::new(),
        }
    }

    /// Adds the login value `name` (see [`LoginValues`]); a later value for the same name
    /// replaces an earlier one.
    pub fn with_value(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.values.insert(name.into(), value.into());
        self
    }

    /// Adds `value` as the credential of the security scheme `scheme`, marked sensitive (never
    /// shown by `Debug`). Fails with [`Error::InvalidInput`] naming `scheme` when `value` cannot
    /// be sent in a header; `operation` is the login's `operationId`, for the error.
    pub fn with_secret(
        mut self,
        operation: &'static str,
        scheme: &str,
        value: &str,
    ) -> Result<Self, Error> {
        let mut header = reqwest::header::HeaderValue::from_str(value).map_err(|_| {
            Error::invalid_input(
                Some(operation),
                scheme,
                "the login answer holds characters that cannot be sent in a header",
            )
        })?;
        header.set_sensitive(true);
        self.credentials.insert(scheme.to_owned(), header);
        Ok(self)
    }
}

/// The login function of a [`SharedLogin`].
type LoginFn = dyn Fn() -> BoxFuture<Result<Grant, Error>> + Send + Sync;

/// Logs in with a function of the API's (typically calling its login operation) and shares the
/// result: concurrent calls wait for one login and use its credentials; they are renewed a tenth
/// of their lifetime before they expire (at most five minutes before), and when the server
/// answered 401 to them (once, whichever call noticed first).
///
/// A failed login is shared too: every call that waited for it, and every call made until the
/// next login may be tried, fails with the same [`Error::Login`] without logging in again. The
/// pause after a failure doubles with each failure in a row, from one second to a minute
///, since APIs limit logins per source address. A renewal that fails while the
/// current credentials are still valid keeps using them until they expire (a 401 ends that).
///
/// Each login is announced by a DEBUG event (`"logging in"`, with `reason`: `first`, `expiring`
/// or `refused`), a failed one by a WARN event with the error; no event holds a secret.
#[derive(Clone)]
pub struct SharedLogin(Arc<Shared>);

/// The pause before the next login after the first failed one; it doubles with each further
/// failure in a row, up to [`MOST_BACKOFF`].
const FIRST_BACKOFF: Duration = Duration::from_secs(1);
/// The longest pause between failed logins: per-address login limits are counted per minute.
const MOST_BACKOFF: Duration = Duration::from_secs(60);

struct Shared {
    what: String,
    login: Box<LoginFn>,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    session: Option<Session>,
    failure: Option<Failure>,
}

struct Session {
    credentials: Arc<CredentialSet>,
    values: Arc<LoginValues>,
    renew_at: Instant,
    expires_at: Instant,
}

/// The last login failed: its error, how many failed in a row, and when the next may be tried.
struct Failure {
    error: Arc<Error>,
    in_a_row: u32,
    retry_at: Instant,
}

impl SharedLogin {
    /// A source that calls `login` when it needs credentials; `what` names it in `Debug` output
    /// (never a secret).
    pub fn new(
        what: impl Into<String>,
        login: impl Fn() -> BoxFuture<Result<Grant, Error>> + Send + Sync + 'static,
    ) -> Self {
        SharedLogin(Arc::new(Shared {
            what: what.into(),
            login: Box::new(login),
            state: Mutex::new(State::default()),
        }))
    }
}

impl Shared {
    /// The credentials of the current login and its values, logging in when needed.
    async fn current(
        &self,
        stale: Option<Arc<CredentialSet>>,
    ) -> Result<(Arc<CredentialSet>, Arc<LoginValues>), Error> {
        // One login at a time: concurrent calls wait here and then share its outcome.
        let mut state = self.state.lock().await;
        let now = Instant::now();
        let mut reason = "first";
        if let Some(s) = state.session.as_ref() {
            let refused = stale
                .as_ref()
                .is_some_and(|stale| Arc::ptr_eq(stale, &s.credentials));
            if now < s.renew_at && !refused {
                return Ok((s.credentials.clone(), s.values.clone()));
            }
            reason = if refused { "refused" } else { "expiring" };
        }
        // A still-valid token outlives a failed renewal: it is used until it expires.
        let still_valid = state
            .session
            .as_ref()
            .filter(|s| reason == "expiring" && now < s.expires_at)
            .map(|s| (s.credentials.clone(), s.values.clone()));
        if let Some(failure) = state.failure.as_ref().filter(|f| now < f.retry_at) {
            return still_valid.ok_or_else(|| failure.shared());
        }
        tracing::debug!(source = %self.what, reason, "logging in");
        match (self.login)().await {
            Ok(grant) => {
                let credentials = Arc::new(grant.credentials);
                let values = Arc::new(grant.values);
                let now = Instant::now();
                state.session = Some(Session {
                    credentials: credentials.clone(),
                    values: values.clone(),
                    renew_at: now + renew_after(grant.lifetime),
                    expires_at: now + grant.lifetime,
                });
                state.failure = None;
                Ok((credentials, values))
            }
            Err(error) => {
                let in_a_row = state.failure.as_ref().map_or(0, |f| f.in_a_row) + 1;
                let failure = Failure {
                    error: Arc::new(error),
                    in_a_row,
                    retry_at: Instant::now() + login_backoff(in_a_row),
                };
                tracing::warn!(source = %self.what, failures = in_a_row, error = %failure.error, "login failed");
                let shared = failure.shared();
                state.failure = Some(failure);
                // A renewal ahead of expiry that failed: the current credentials still work.
                still_valid.ok_or(shared)
            }
        }
    }
}

impl Failure {
    fn shared(&self) -> Error {
        Error::Login {
            operation: self.error.operation().unwrap_or("login"),
            source: self.error.clone(),
            failures: self.in_a_row,
            attempts: 0,
        }
    }
}

/// The pause after `in_a_row` failed logins: 1 s, 2 s, 4 s, … at most a minute.
fn login_backoff(in_a_row: u32) -> Duration {
    FIRST_BACKOFF
        .saturating_mul(1 << in_a_row.saturating_sub(1).min(16))
        .min(MOST_BACKOFF)
}

/// How long after a login to renew: its lifetime less a tenth of it, the margin at most five
/// minutes.
fn renew_after(lifetime: Duration) -> Duration {
    let margin = (lifetime / 10).min(Duration::from_secs(300));
    lifetime - margin
}

impl fmt::Debug for SharedLogin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SharedLogin")
            .field("what", &self.0.what)
            .finish_non_exhaustive()
    }
}

impl CredentialSource for SharedLogin {
    fn credentials(
        &self,
        stale: Option<Arc<CredentialSet>>,
    ) -> BoxFuture<Result<Arc<CredentialSet>, Error>> {
        let shared = self.0.clone();
        Box::pin(async move { shared.current(stale).await.map(|(c, _)| c) })
    }

    fn describe(&self) -> String {
        self.0.what.clone()
    }

    fn login_values(&self) -> BoxFuture<Result<Arc<LoginValues>, Error>> {
        let shared = self.0.clone();
        Box::pin(async move { shared.current(None).await.map(|(_, v)| v) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};

    fn counting(lifetime: Duration) -> (SharedLogin, Arc<AtomicU32>) {
        let logins = Arc::new(AtomicU32::new(0));
        let count = logins.clone();
        let source = SharedLogin::new("test login", move || {
            let n = count.fetch_add(1, Ordering::SeqCst) + 1;
            Box::pin(async move {
                Grant::new(lifetime).with_secret("login", "token", &format!("token-{n}"))
            })
        });
        (source, logins)
    }

    #[test]
    fn a_grant_marks_its_secrets_sensitive_and_refuses_what_a_header_cannot_carry() {
        let grant = Grant::new(Duration::from_secs(60))
            .with_secret("login", "api_key", "key-1")
            .unwrap();
        assert!(grant.credentials["api_key"].is_sensitive());
        assert!(!format!("{grant:?}").contains("key-1"));
        let error = Grant::new(Duration::from_secs(60))
            .with_secret("login", "api_token", "line\nbreak")
            .unwrap_err();
        assert_eq!(error.operation(), Some("login"));
        assert!(error.to_string().contains("invalid `api_token`"), "{error}");
    }

    #[test]
    fn renewal_margin() {
        assert_eq!(
            renew_after(Duration::from_secs(100)),
            Duration::from_secs(90)
        );
        assert_eq!(
            renew_after(Duration::from_secs(86_400)),
            Duration::from_secs(86_100)
        );
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_calls_share_one_login_and_a_refusal_renews_once() {
        let (source, logins) = counting(Duration::from_secs(3600));
        let calls: Vec<_> = (0..50).map(|_| source.credentials(None)).collect();
        let mut sets = Vec::new();
        for call in calls {
            sets.push(call.await.expect("credentials"));
        }
        assert_eq!(logins.load(Ordering::SeqCst), 1);
        assert!(sets.iter().all(|s| Arc::ptr_eq(s, &sets[0])));
        // Two calls that both saw the refused set: one renewal between them.
        let first = source.credentials(Some(sets[0].clone())).await.unwrap();
        let second = source.credentials(Some(sets[0].clone())).await.unwrap();
        assert_eq!(logins.load(Ordering::SeqCst), 2);
        assert!(Arc::ptr_eq(&first, &second));
        assert_eq!(first["token"], "token-2");
        assert_eq!(source.describe(), "test login");
        assert!(!format!("{:?}", source).contains("token-"));
    }

    #[tokio::test]
    async fn login_values_come_from_the_shared_login() {
        let logins = Arc::new(AtomicU32::new(0));
        let count = logins.clone();
        let source = SharedLogin::new("valued login", move || {
            let n = count.fetch_add(1, Ordering::SeqCst) + 1;
            Box::pin(async move {
                Ok(Grant::new(Duration::from_secs(3600))
                    .with_secret("login", "token", "t")?
                    .with_value("account", format!("acct-{n}")))
            })
        });
        // The values log in when no call has, and share that login with the credentials.
        let values = source.login_values().await.unwrap();
        assert_eq!(values.get("account").map(String::as_str), Some("acct-1"));
        source.credentials(None).await.unwrap();
        assert_eq!(logins.load(Ordering::SeqCst), 1);
        // A renewal brings the new login's values.
        let first = source.credentials(None).await.unwrap();
        source.credentials(Some(first)).await.unwrap();
        let values = source.login_values().await.unwrap();
        assert_eq!(values.get("account").map(String::as_str), Some("acct-2"));
        assert!(format!("{:?}", Grant::new(Duration::ZERO).with_value("a", "b")).contains("\"b\""));
    }

    #[tokio::test(start_paused = true)]
    async fn credentials_are_renewed_before_they_expire() {
        let (source, logins) = counting(Duration::from_secs(100));
        source.credentials(None).await.unwrap();
        tokio::time::advance(Duration::from_secs(89)).await;
        source.credentials(None).await.unwrap();
        assert_eq!(logins.load(Ordering::SeqCst), 1);
        tokio::time::advance(Duration::from_secs(2)).await;
        let renewed = source.credentials(None).await.unwrap();
        assert_eq!(logins.load(Ordering::SeqCst), 2);
        assert_eq!(renewed["token"], "token-2");
    }

    /// A login that fails while `failing` is set (as a wrong key would: a 401 from `auth`).
    fn flaky(
        lifetime: Duration,
    ) -> (
        SharedLogin,
        Arc<AtomicU32>,
        Arc<std::sync::atomic::AtomicBool>,
    ) {
        let logins = Arc::new(AtomicU32::new(0));
        let failing = Arc::new(std::sync::atomic::AtomicBool::new(true));
        let (count, fail) = (logins.clone(), failing.clone());
        let source = SharedLogin::new("flaky login", move || {
            let n = count.fetch_add(1, Ordering::SeqCst) + 1;
            let fail = fail.load(Ordering::SeqCst);
            Box::pin(async move {
                if fail {
                    let body =
                        bytes::Bytes::from_static(br#"{"code":"AUM0001","message":"bad key"}"#);
                    Err(Error::Api(Box::new(crate::ApiError::new(
                        "auth", 401, None, body,
                    ))))
                } else {
                    Grant::new(lifetime).with_secret("auth", "token", &format!("token-{n}"))
                }
            })
        });
        (source, logins, failing)
    }

    #[tokio::test(start_paused = true)]
    async fn a_failed_login_is_shared_and_the_next_waits_longer_each_time() {
        let (source, logins, failing) = flaky(Duration::from_secs(3600));
        // Three concurrent calls and nine more right after: one login.
        let concurrent: Vec<_> = (0..3).map(|_| source.credentials(None)).collect();
        for call in concurrent {
            let error = call.await.unwrap_err();
            assert!(
                matches!(&error, Error::Login { failures: 1, .. }),
                "{error:?}"
            );
            assert_eq!((error.status(), error.code()), (Some(401), Some("AUM0001")));
            assert_eq!(error.message(), Some("bad key"));
            assert_eq!(
                error.to_string(),
                "auth: the login failed: auth: the server answered HTTP 401: AUM0001: bad key"
            );
        }
        for _ in 0..9 {
            source.credentials(None).await.unwrap_err();
        }
        assert_eq!(logins.load(Ordering::SeqCst), 1);
        // 1 s after the first failure, a second login; then 2 s, then 4 s.
        for (wait, expected) in [(1, 2), (1, 2), (1, 3), (3, 3), (1, 4)] {
            tokio::time::advance(Duration::from_millis(wait * 1000)).await;
            let error = source.credentials(None).await.unwrap_err();
            assert_eq!(
                logins.load(Ordering::SeqCst),
                expected,
                "after {wait} s more"
            );
            if let Error::Login { failures, .. } = &error {
                assert_eq!(*failures, expected);
            }
        }
        assert!(source
            .credentials(None)
            .await
            .unwrap_err()
            .to_string()
            .contains("(4 failed logins in a row; the next waits longer)"));
        // The key is fixed: the first login after the pause succeeds and ends the backoff.
        failing.store(false, Ordering::SeqCst);
        tokio::time::advance(Duration::from_secs(8)).await;
        assert_eq!(source.credentials(None).await.unwrap()["token"], "token-5");
        assert_eq!(logins.load(Ordering::SeqCst), 5);
        assert_eq!(login_backoff(1), Duration::from_secs(1));
        assert_eq!(login_backoff(7), Duration::from_secs(60));
        assert_eq!(login_backoff(u32::MAX), Duration::from_secs(60));
    }

    #[tokio::test(start_paused = true)]
    async fn a_failed_renewal_keeps_the_credentials_until_they_expire() {
        let (source, logins, failing) = flaky(Duration::from_secs(100));
        failing.store(false, Ordering::SeqCst);
        let first = source.credentials(None).await.unwrap();
        failing.store(true, Ordering::SeqCst);
        // Renewal time (90 s): the login fails, the token still works for 10 s.
        tokio::time::advance(Duration::from_secs(91)).await;
        let kept = source.credentials(None).await.unwrap();
        assert!(Arc::ptr_eq(&first, &kept));
        assert_eq!(logins.load(Ordering::SeqCst), 2);
        // Within the pause after that failure, calls still get the valid token, with no login.
        let again = source.credentials(None).await.unwrap();
        assert!(Arc::ptr_eq(&first, &again));
        assert_eq!(logins.load(Ordering::SeqCst), 2);
        // Refused by the server: no keeping it then.
        let error = source.credentials(Some(kept)).await.unwrap_err();
        assert!(matches!(error, Error::Login { .. }), "{error:?}");
        // Expired: the failure is the answer.
        tokio::time::advance(Duration::from_secs(10)).await;
        assert!(source.credentials(None).await.is_err());
    }
}
