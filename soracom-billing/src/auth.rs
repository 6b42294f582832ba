//! Logging in: the credentials Soracom accepts, and a login that is shared by every call of a
//! client, renewed before the token expires, and once more when the API answers 401.

use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use openapi_client_runtime::__private::{Method, Operation, Request};
use openapi_client_runtime::{CredentialSource, Grant, SharedLogin};

use crate::models::{AuthRequest, AuthResponse, SwitchUserRequest};
use crate::{Client, ClientBuilder, Error};

/// Default lifetime asked for a token (Soracom's default).
const DEFAULT_TOKEN_TIMEOUT: Duration = Duration::from_secs(86_400);

/// The lifetime of a token from `switchUser` when the request names none (the spec's default).
pub(crate) const SWITCH_USER_DEFAULT_TIMEOUT: Duration = Duration::from_secs(3_600);

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

    /// The `auth` request for these credentials, asking for tokens that live `token_timeout`
    /// (`None`: the server's default, as soracom-cli asks).
    pub(crate) fn auth_request(&self, token_timeout: Option<Duration>) -> AuthRequest {
        let mut request = AuthRequest {
            mfa_otp_code: self.mfa_code.clone(),
            token_timeout_seconds: token_timeout.map(|t| t.as_secs().max(1) as i64),
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

    /// Who these credentials are, without any secret.
    pub(crate) fn describe(&self) -> String {
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

/// How one login is done; [`Login::run`] does it again at each renewal.
#[derive(Clone)]
pub(crate) enum Login {
    /// `auth` with `request`; the token lives `lifetime`.
    Auth {
        request: AuthRequest,
        lifetime: Duration,
    },
    /// `auth` with the source user's `source` request, then `switchUser` with its API key and
    /// token to become the user `target` names; the switched token lives `lifetime`.
    /// (soracom-cli: `authenticateWithSwitchUser` in `generators/cmd/predefined/apiclient.go`.)
    Switch {
        source: AuthRequest,
        target: SwitchUserRequest,
        lifetime: Duration,
    },
}

impl Login {
    /// Logging in with `credentials` through `auth`, asking for tokens that live `token_timeout`
    /// (clamped to the 1 s – 48 h Soracom accepts).
    pub(crate) fn auth(credentials: &Credentials, token_timeout: Duration) -> Login {
        // Whole seconds, as the request says them.
        let token_timeout = Duration::from_secs(token_timeout.as_secs().clamp(1, 172_800));
        Login::Auth {
            request: credentials.auth_request(Some(token_timeout)),
            lifetime: token_timeout,
        }
    }

    /// How long the token of this login lives.
    pub(crate) fn lifetime(&self) -> Duration {
        match self {
            Login::Auth { lifetime, .. } | Login::Switch { lifetime, .. } => *lifetime,
        }
    }

    /// Logs in once: the API key and token as the `api_key` and `api_token` schemes'
    /// credentials. The source user's key and token of a switch are dropped once used.
    pub(crate) async fn run(self, client: Client) -> Result<Grant, Error> {
        let (answer, operation, lifetime) = match self {
            Login::Auth { request, lifetime } => (client.auth(request).await?, "auth", lifetime),
            Login::Switch {
                source,
                target,
                lifetime,
            } => {
                let (api_key, token) = keys(client.auth(source).await?, "auth")?;
                let answer = switch_user(&client, &api_key, &token, &target).await?;
                (answer, "switchUser", lifetime)
            }
        };
        let operator_id = answer.operator_id.clone();
        let (api_key, token) = keys(answer, operation)?;
        let grant = Grant::new(lifetime)
            .with_secret(operation, "api_key", &api_key)?
            .with_secret(operation, "api_token", &token)?;
        // The operator the token acts as: after `switchUser`, the one switched to.
        Ok(match operator_id.filter(|id| !id.is_empty()) {
            Some(id) => grant.with_value(OPERATOR_ID, id),
            None => grant,
        })
    }
}

/// The login value holding the logged-in operator's id, to which the `operator_id` path
/// parameter defaults (`login_defaults` in `spec/sdk.toml` names it).
pub(crate) const OPERATOR_ID: &str = "operator_id";

/// The operator id inside a Soracom API token, as soracom-cli reads it when it fills an
/// `operator_id` parameter (`extractOperatorIDFromAPIToken` in
/// `generators/cmd/predefined/api_credentials.go`): the token is a JWT whose payload (its
/// second part, base64url) holds `{"operator": {"operatorId": …}}`. The signature is not
/// checked (the server checks the token; this only names the operator it acts as). `None`
/// when the token is not such a JWT.
pub(crate) fn operator_id_of_token(token: &str) -> Option<String> {
    let payload = token.split('.').nth(1)?;
    let json = base64url_decode(payload)?;
    let value: serde_json::Value = serde_json::from_slice(&json).ok()?;
    let id = value.get("operator")?.get("operatorId")?.as_str()?;
    (!id.is_empty()).then(|| id.to_owned())
}

/// Base64url (RFC 4648, section 5), as JWTs write their parts: without padding, though a
/// trailing `=` is accepted. `None` on any other character or an impossible length.
fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(text.trim_end_matches('='))
        .ok()
}

impl Client {
    /// The id of the operator this client acts as (`OP…`), to which the `operator_id` of the
    /// operations under `/operators/{operator_id}/…` defaults (the shipping addresses:
    /// `client.list_shipping_addresses().await`; `.operator_id("OP…")` names another).
    ///
    /// Where it comes from, as soracom-cli has it (it fills `operator_id` from its credentials,
    /// `generators/cmd/templates/leaf.gotmpl`):
    /// - with an auth key, a root account, a SAM user or a profile, the `operatorId` of the
    ///   login's answer (after a `sourceProfile`'s `switchUser`, the operator switched to). It
    ///   needs a login: this logs in when no call has yet, sharing that login with every call;
    /// - with a ready API key and token, the operator named inside the token (a JWT), read
    ///   without a request;
    /// - [`ClientBuilder::operator_id`], when given, wins over the login's (and replaces the
    ///   token's when given after it).
    ///
    /// Fails with the login's error ([`Error::Login`]) when the login fails, and with
    /// [`Error::InvalidInput`] naming `operator_id` when the id is not known: a ready token that
    /// is not a JWT naming its operator (give it with [`ClientBuilder::operator_id`]), or a
    /// login answer without `operatorId`.
    pub async fn operator_id(&self) -> Result<String, Error> {
        self.login_value(OPERATOR_ID).await?.ok_or_else(|| {
            Error::invalid_input(
                None,
                OPERATOR_ID,
                "the client does not know its operator id (no login told it, and the API token is not a JWT naming it): give it with `ClientBuilder::operator_id(…)`",
            )
        })
    }
}

impl ClientBuilder {
    /// The operator this client acts as, for credentials that do not tell it (a ready token
    /// that is not a JWT): it wins over what a login tells, and a later setting replaces an
    /// earlier one (a ready token names its operator: see
    /// [`api_key_and_token`](Self::api_key_and_token)). See [`Client::operator_id`].
    pub fn operator_id(self, operator_id: impl Into<String>) -> Self {
        self.login_value(OPERATOR_ID, operator_id)
    }
}

/// The API key and token of a login's answer.
fn keys(answer: AuthResponse, operation: &'static str) -> Result<(String, String), Error> {
    let missing = |what: &str| {
        Error::invalid_input(Some(operation), what, "the login answer has no such value")
    };
    let api_key = answer.api_key.ok_or_else(|| missing("apiKey"))?;
    let token = answer.token.ok_or_else(|| missing("token"))?;
    Ok((api_key, token))
}

/// `switchUser` (`POST /auth/switch_user`), written out here rather than called through the
/// generated [`Client::switch_user`]: that one sends the credentials of the client it is called
/// on, and a login is given the client without credentials (it is what obtains them), so the
/// source user's key and token go as plain headers of this one request. The runtime never logs
/// a request's headers.
static SWITCH_USER: Operation = Operation {
    id: "switchUser",
    method: Method::Post,
    path: "/auth/switch_user",
    security: &[],
};

async fn switch_user(
    client: &Client,
    api_key: &str,
    token: &str,
    target: &SwitchUserRequest,
) -> Result<AuthResponse, Error> {
    let mut request = Request::new(&SWITCH_USER);
    request.header("X-Soracom-API-Key", api_key);
    request.header("X-Soracom-Token", token);
    request.json(target)?;
    client.runtime.execute(request).await?.json()
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
        let login = Login::auth(&credentials, token_timeout);
        let what = format!(
            "{} (token lifetime {} s)",
            credentials.describe(),
            login.lifetime().as_secs()
        );
        self.shared_login(what, move |client| login.clone().run(client))
    }

    /// Credentials from `login`, called with the client without credentials whenever a login is
    /// due (the first call, renewal before expiry, after a 401), and shared by every call; `what`
    /// names it in `Debug` output.
    pub(crate) fn shared_login<F, Fut>(self, what: String, login: F) -> Self
    where
        F: Fn(Client) -> Fut + Clone + Send + Sync + 'static,
        Fut: Future<Output = Result<Grant, Error>> + Send + 'static,
    {
        self.credential_source(what.clone(), move |client: Client| {
            let login = login.clone();
            Arc::new(SharedLogin::new(what.clone(), move || {
                Box::pin(login(client.clone()))
            })) as Arc<dyn CredentialSource>
        })
    }
}

#[cfg(test)]
mod token_tests {
    use super::operator_id_of_token;

    #[test]
    fn the_operator_is_read_from_a_jwt_payload_padded_or_not() {
        // {"operator":{"operatorId":"OP0012345678X"}}: 43 bytes, so base64 would end in `=`.
        let payload = "eyJvcGVyYXRvciI6eyJvcGVyYXRvcklkIjoiT1AwMDEyMzQ1Njc4WCJ9fQ";
        for token in [format!("h.{payload}.s"), format!("h.{payload}=.s")] {
            assert_eq!(
                operator_id_of_token(&token).as_deref(),
                Some("OP0012345678X")
            );
        }
        for bad in [
            "",
            "no-dots",
            "h.!!!.s",
            "h.e30.s",
            "h.eyJvcGVyYXRvciI6e319.s",
        ] {
            assert_eq!(operator_id_of_token(bad), None, "{bad}");
        }
    }
}
