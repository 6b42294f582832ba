//! Logging in: the credentials Soracom accepts, and a login that is shared by every call of a
//! client, renewed before the token expires, and once more when the API answers 401.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use openapi_client_runtime::{CredentialSource, Grant, SharedLogin};

use crate::models::AuthRequest;
use crate::{Client, ClientBuilder, Error};

/// Default lifetime asked for a token (Soracom's default).
const DEFAULT_TOKEN_TIMEOUT: Duration = Duration::from_secs(86_400);

/// How to authenticate. Secrets never appear in `Debug` output.
///
/// ```
/// use soracom_billing::Credentials;
/// let credentials = Credentials::auth_key("keyId-…", "secret-…");
/// assert!(!format!("{credentials:?}").contains("secret-…"));
/// ```
#[derive(Clone)]
pub struct Credentials {
    kind: Kind,
    mfa_code: Option<String>,
}

#[derive(Clone)]
enum Kind {
    AuthKey {
        id: String,
        secret: String,
    },
    Root {
        email: String,
        password: String,
    },
    SamUser {
        operator_id: String,
        user_name: String,
        password: String,
    },
    Token {
        api_key: String,
        token: String,
    },
}

impl Credentials {
    /// An auth key (`authKeyId` + `authKey`): the usual choice for programs.
    pub fn auth_key(id: impl Into<String>, secret: impl Into<String>) -> Self {
        Self::of(Kind::AuthKey {
            id: id.into(),
            secret: secret.into(),
        })
    }

    /// The root account's email and password.
    pub fn root_account(email: impl Into<String>, password: impl Into<String>) -> Self {
        Self::of(Kind::Root {
            email: email.into(),
            password: password.into(),
        })
    }

    /// A SAM user: operator id, user name and password.
    pub fn sam_user(
        operator_id: impl Into<String>,
        user_name: impl Into<String>,
        password: impl Into<String>,
    ) -> Self {
        Self::of(Kind::SamUser {
            operator_id: operator_id.into(),
            user_name: user_name.into(),
            password: password.into(),
        })
    }

    /// A ready API key and token (from an earlier `auth` call). They are used as they are: no
    /// login, no renewal.
    pub fn api_key_and_token(api_key: impl Into<String>, token: impl Into<String>) -> Self {
        Self::of(Kind::Token {
            api_key: api_key.into(),
            token: token.into(),
        })
    }

    /// Adds a one-time MFA code to the login.
    pub fn with_mfa_code(mut self, code: impl Into<String>) -> Self {
        self.mfa_code = Some(code.into());
        self
    }

    /// An auth key from `SORACOM_AUTH_KEY_ID` and `SORACOM_AUTH_KEY`, if both are set.
    pub fn from_env() -> Option<Self> {
        let id = std::env::var("SORACOM_AUTH_KEY_ID")
            .ok()
            .filter(|v| !v.is_empty())?;
        let secret = std::env::var("SORACOM_AUTH_KEY")
            .ok()
            .filter(|v| !v.is_empty())?;
        Some(Self::auth_key(id, secret))
    }

    fn of(kind: Kind) -> Self {
        Credentials {
            kind,
            mfa_code: None,
        }
    }

    fn auth_request(&self, token_timeout: Duration) -> AuthRequest {
        let mut request = AuthRequest {
            mfa_otp_code: self.mfa_code.clone(),
            token_timeout_seconds: Some(token_timeout.as_secs().max(1) as i64),
            ..AuthRequest::default()
        };
        match &self.kind {
            Kind::AuthKey { id, secret } => {
                request.auth_key_id = Some(id.clone());
                request.auth_key = Some(secret.clone());
            }
            Kind::Root { email, password } => {
                request.email = Some(email.clone());
                request.password = Some(password.clone());
            }
            Kind::SamUser {
                operator_id,
                user_name,
                password,
            } => {
                request.operator_id = Some(operator_id.clone());
                request.user_name = Some(user_name.clone());
                request.password = Some(password.clone());
            }
            Kind::Token { .. } => {}
        }
        request
    }

    fn describe(&self) -> String {
        match &self.kind {
            Kind::AuthKey { id, .. } => format!("auth key {id}"),
            Kind::Root { email, .. } => format!("root account {email}"),
            Kind::SamUser {
                operator_id,
                user_name,
                ..
            } => format!("SAM user {operator_id}/{user_name}"),
            Kind::Token { .. } => "API key and token".to_owned(),
        }
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("kind", &self.describe())
            .field("mfa_code", &self.mfa_code.as_ref().map(|_| "***"))
            .finish()
    }
}

/// Logs in once through `auth`: the API key and token as the `api_key` and `api_token`
/// schemes' credentials, valid for `lifetime`.
async fn login(client: Client, request: AuthRequest, lifetime: Duration) -> Result<Grant, Error> {
    let answer = client.auth(request).await?;
    let missing =
        |what: &str| Error::invalid_input(Some("auth"), what, "the login answer has no such value");
    let api_key = answer.api_key.ok_or_else(|| missing("apiKey"))?;
    let token = answer.token.ok_or_else(|| missing("token"))?;
    Grant::new(lifetime)
        .with_secret("auth", "api_key", &api_key)?
        .with_secret("auth", "api_token", &token)
}

impl ClientBuilder {
    /// How to authenticate: an auth key, a root account or a SAM user log in through `auth` (once
    /// for all calls, renewed before the token expires and after a 401); a ready API key and
    /// token are sent as they are.
    pub fn credentials(self, credentials: Credentials) -> Self {
        self.credentials_with_timeout(credentials, DEFAULT_TOKEN_TIMEOUT)
    }

    /// Like [`credentials`](Self::credentials), asking for tokens that live `token_timeout`
    /// (Soracom accepts up to 48 hours; the default is 24).
    pub fn credentials_with_timeout(
        self,
        credentials: Credentials,
        token_timeout: Duration,
    ) -> Self {
        if let Kind::Token { api_key, token } = &credentials.kind {
            return self.api_key_and_token(api_key.clone(), token.clone());
        }
        // Soracom accepts 1 s to 48 h.
        let token_timeout =
            token_timeout.clamp(Duration::from_secs(1), Duration::from_secs(172_800));
        let request = credentials.auth_request(token_timeout);
        let what = format!(
            "{} (token lifetime {} s)",
            credentials.describe(),
            token_timeout.as_secs()
        );
        let lifetime = Duration::from_secs(token_timeout.as_secs().max(1));
        self.credential_source(what.clone(), move |client: Client| {
            let request = request.clone();
            Arc::new(SharedLogin::new(what.clone(), move || {
                Box::pin(login(client.clone(), request.clone(), lifetime))
            })) as Arc<dyn CredentialSource>
        })
    }
}
