//! A [`CredentialSource`] for APIs with a login operation: one login shared by every call of a
//! client, renewed shortly before the credentials expire and when the server refuses them.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Mutex;
use tokio::time::Instant;

use crate::{BoxFuture, CredentialSet, CredentialSource, Error};

/// What one login gave: the credentials, and how long they stay valid.
#[derive(Clone)]
pub struct Grant {
    /// Header values by security scheme (mark each [sensitive]).
    ///
    /// [sensitive]: reqwest::header::HeaderValue::set_sensitive
    pub credentials: CredentialSet,
    /// How long the server accepts them from now.
    pub lifetime: Duration,
}

impl fmt::Debug for Grant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Grant")
            .field("credentials", &self.credentials.keys().collect::<Vec<_>>())
            .field("lifetime", &self.lifetime)
            .finish()
    }
}

impl Grant {
    /// No credentials yet, valid for `lifetime` from now.
    pub fn new(lifetime: Duration) -> Self {
        Grant {
            credentials: CredentialSet::new(),
            lifetime,
        }
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
/// answered 401 to them (once, whichever call noticed first). A failed login fails the call
/// that made it; a call waiting behind it then tries a login of its own (failures are not shared
/// and not backed off yet).
#[derive(Clone)]
pub struct SharedLogin(Arc<Shared>);

struct Shared {
    what: String,
    login: Box<LoginFn>,
    session: Mutex<Option<Session>>,
}

struct Session {
    credentials: Arc<CredentialSet>,
    renew_at: Instant,
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
            session: Mutex::new(None),
        }))
    }
}

impl Shared {
    async fn current(
        &self,
        stale: Option<Arc<CredentialSet>>,
    ) -> Result<Arc<CredentialSet>, Error> {
        // One login at a time: concurrent calls wait here and then share its credentials.
        let mut session = self.session.lock().await;
        if let Some(s) = session.as_ref() {
            let refused = stale
                .as_ref()
                .is_some_and(|stale| Arc::ptr_eq(stale, &s.credentials));
            if Instant::now() < s.renew_at && !refused {
                return Ok(s.credentials.clone());
            }
        }
        let grant = (self.login)().await?;
        let credentials = Arc::new(grant.credentials);
        *session = Some(Session {
            credentials: credentials.clone(),
            renew_at: Instant::now() + renew_after(grant.lifetime),
        });
        Ok(credentials)
    }
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
        Box::pin(async move { shared.current(stale).await })
    }

    fn describe(&self) -> String {
        self.0.what.clone()
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
}
