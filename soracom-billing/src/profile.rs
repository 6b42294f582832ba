//! Configuration as soracom-cli users have it: environment variables and profile files
//! (`~/.soracom/<name>.json`).

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::Value;

use crate::{ClientBuilder, Coverage, Credentials, Error};

/// A soracom-cli profile file. Fields soracom-cli may add later are ignored. (Read from a
/// `serde_json::Value` field by field, rather than derived: that keeps a serde decoder of its
/// own out of this crate's build.)
#[derive(Default)]
struct Profile {
    coverage_type: Option<String>,
    sandbox: Option<bool>,
    endpoint: Option<String>,
    auth_key_id: Option<String>,
    auth_key: Option<String>,
    email: Option<String>,
    password: Option<String>,
    operator_id: Option<String>,
    username: Option<String>,
    token_timeout_seconds: Option<u64>,
    mfa_otp_code: Option<String>,
    headers: Option<Value>,
    profile_command: Option<Value>,
    source_profile: Option<Value>,
    /// The names of the fields present (never their values), for error messages.
    fields: Vec<String>,
}

impl Profile {
    /// The profile in `document`; an error names the field at fault and what it should be.
    fn from_document(document: Value, shown: &str) -> Result<Profile, Error> {
        let Value::Object(map) = document else {
            return Err(invalid(
                format!("profile {shown}"),
                "is not valid: expected a JSON object",
            ));
        };
        let wrong = |field: &str, expected: &str| {
            invalid(
                format!("profile {shown}: {field}"),
                format!("is not valid: expected {expected}"),
            )
        };
        // Read with `get` (not `remove`): fewer map instantiations to compile.
        let text = |field: &str| -> Result<Option<String>, Error> {
            match map.get(field) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(value)) => Ok(Some(value.clone())),
                Some(_) => Err(wrong(field, "a string")),
            }
        };
        let mut profile = Profile {
            coverage_type: text("coverageType")?,
            endpoint: text("endpoint")?,
            auth_key_id: text("authKeyId")?,
            auth_key: text("authKey")?,
            email: text("email")?,
            password: text("password")?,
            operator_id: text("operatorId")?,
            username: text("username")?,
            mfa_otp_code: text("mfaOTPCode")?,
            ..Profile::default()
        };
        profile.sandbox = match map.get("sandbox") {
            None | Some(Value::Null) => None,
            Some(Value::Bool(value)) => Some(*value),
            Some(_) => return Err(wrong("sandbox", "a boolean")),
        };
        profile.token_timeout_seconds = match map.get("tokenTimeoutSeconds") {
            None | Some(Value::Null) => None,
            Some(Value::Number(n)) => Some(
                n.as_u64()
                    .ok_or_else(|| wrong("tokenTimeoutSeconds", "a whole number of seconds"))?,
            ),
            Some(_) => return Err(wrong("tokenTimeoutSeconds", "a whole number of seconds")),
        };
        let any = |field: &str| map.get(field).filter(|v| !v.is_null()).cloned();
        profile.headers = any("headers");
        profile.profile_command = any("profileCommand");
        profile.source_profile = any("sourceProfile");
        profile.fields = map.keys().cloned().collect();
        Ok(profile)
    }
}

fn invalid(parameter: impl Into<String>, reason: impl Into<String>) -> Error {
    Error::invalid_input(None, &parameter.into(), reason)
}

/// Reads and checks a profile file; `Ok(None)` when it does not exist.
fn load(path: &Path) -> Result<Option<Profile>, Error> {
    let shown = path.display().to_string();
    let text = match std::fs::read(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(invalid(
                format!("profile {shown}"),
                format!("cannot be read: {e}"),
            ))
        }
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path)
            .map_err(|e| invalid(format!("profile {shown}"), format!("cannot be read: {e}")))?
            .permissions()
            .mode();
        if mode & 0o077 != 0 {
            return Err(invalid(
                format!("profile {shown}"),
                format!(
                    "is readable by group or others (mode {:o}) and holds secrets; refused, as soracom-cli does. Fix it with `chmod 600 {shown}`",
                    mode & 0o777
                ),
            ));
        }
    }
    let document: Value = serde_json::from_slice(&text).map_err(|e| {
        let field = openapi_client_runtime::json_error_path(&text, &e);
        let parameter = if field == "." {
            format!("profile {shown}")
        } else {
            format!("profile {shown}: {field}")
        };
        invalid(parameter, format!("is not valid: {e}"))
    })?;
    let profile = Profile::from_document(document, &shown)?;
    for (field, value) in [
        ("profileCommand", &profile.profile_command),
        ("sourceProfile", &profile.source_profile),
    ] {
        if value.is_some() {
            return Err(invalid(
                format!("profile {shown}: {field}"),
                "is not supported by this SDK; write the credentials in the profile, or use environment variables",
            ));
        }
    }
    Ok(Some(profile))
}

fn coverage_of(text: &str, parameter: &str) -> Result<Coverage, Error> {
    match text {
        "jp" => Ok(Coverage::Japan),
        "g" => Ok(Coverage::Global),
        other => Err(invalid(
            parameter,
            format!("is `{other}`; expected `jp` or `g`"),
        )),
    }
}

fn credentials_of(profile: &Profile, shown: &str) -> Result<Option<Credentials>, Error> {
    let p = profile;
    let credentials = match (
        &p.auth_key_id,
        &p.auth_key,
        &p.email,
        &p.operator_id,
        &p.username,
        &p.password,
    ) {
        (Some(id), Some(key), ..) => Credentials::auth_key(id, key),
        (_, _, Some(email), _, _, Some(password)) => Credentials::root_account(email, password),
        (_, _, _, Some(operator), Some(user), Some(password)) => {
            Credentials::sam_user(operator, user, password)
        }
        (Some(_), None, ..) => {
            return Err(invalid(
                format!("profile {shown}: authKey"),
                "is missing (authKeyId is set)",
            ))
        }
        (None, Some(_), ..) => {
            return Err(invalid(
                format!("profile {shown}: authKeyId"),
                "is missing (authKey is set)",
            ))
        }
        _ => return Ok(None),
    };
    Ok(Some(match &p.mfa_otp_code {
        Some(code) => credentials.with_mfa_code(code),
        None => credentials,
    }))
}

/// Why no credentials were found: which of the two variables is missing, and whether the
/// profile is missing or holds none (with the fields it has, never their values).
fn no_credentials(has_id: bool, has_key: bool, profile: Option<&Profile>, shown: &str) -> String {
    let variables = match (has_id, has_key) {
        (true, false) => "SORACOM_AUTH_KEY_ID is set but SORACOM_AUTH_KEY is not (set both)",
        (false, true) => "SORACOM_AUTH_KEY is set but SORACOM_AUTH_KEY_ID is not (set both)",
        _ => "set SORACOM_AUTH_KEY_ID and SORACOM_AUTH_KEY",
    };
    let file = match profile {
        None => format!("or write a profile at {shown} (`soracom configure`)"),
        Some(p) if p.fields.is_empty() => format!("and the profile {shown} is empty"),
        Some(p) => format!(
            "and the profile {shown} holds no credentials (it has {}; it needs authKeyId + authKey, email + password, or operatorId + username + password)",
            p.fields.join(", ")
        ),
    };
    format!("none found: {variables}, {file}")
}

fn headers_of(value: &Value, shown: &str) -> Result<Vec<(String, String)>, Error> {
    let bad = || {
        invalid(
            format!("profile {shown}: headers"),
            "must be an object of names to values, or a list of \"Name: value\" strings",
        )
    };
    match value {
        Value::Object(map) => map
            .iter()
            .map(|(k, v)| {
                v.as_str()
                    .map(|v| (k.clone(), v.to_owned()))
                    .ok_or_else(bad)
            })
            .collect(),
        Value::Array(items) => items
            .iter()
            .map(|item| {
                let (name, value) = item
                    .as_str()
                    .and_then(|s| s.split_once(':'))
                    .ok_or_else(bad)?;
                Ok((name.trim().to_owned(), value.trim().to_owned()))
            })
            .collect(),
        _ => Err(bad()),
    }
}

impl ClientBuilder {
    /// Configures the client as soracom-cli would, from the process environment and profile
    /// files; see [`from_environment`](Self::from_environment).
    #[inline]
    pub fn from_env(self) -> Result<Self, Error> {
        self.from_environment(|name| std::env::var(name).ok())
    }

    /// Configures the client from `vars` (an environment lookup) and soracom-cli profiles:
    ///
    /// - credentials: `SORACOM_AUTH_KEY_ID` + `SORACOM_AUTH_KEY`, else the profile's;
    /// - the profile: `SORACOM_PROFILE` (default `default`) in `SORACOM_PROFILE_DIR` (default
    ///   `~/.soracom`); a file readable by group or others is refused;
    /// - the endpoint: `SORACOM_ENDPOINT`, else `SORACOM_COVERAGE_TYPE` (`jp`/`g`), else the
    ///   profile's `endpoint`, else its `coverageType` (default `jp`), on the sandbox when the
    ///   profile says `sandbox: true`;
    /// - the profile's `headers` and `tokenTimeoutSeconds`.
    pub fn from_environment(self, vars: impl Fn(&str) -> Option<String>) -> Result<Self, Error> {
        let var = |name: &str| vars(name).filter(|v| !v.is_empty());
        let named = var("SORACOM_PROFILE");
        let name = named.clone().unwrap_or_else(|| "default".to_owned());
        let dir = match var("SORACOM_PROFILE_DIR") {
            Some(dir) => PathBuf::from(dir),
            None => var("HOME")
                .map(|home| Path::new(&home).join(".soracom"))
                .unwrap_or_default(),
        };
        let path = dir.join(format!("{name}.json"));
        let shown = path.display().to_string();
        let profile = load(&path)?;
        if profile.is_none() && named.is_some() {
            return Err(invalid(
                format!("profile {shown}"),
                "does not exist (named by SORACOM_PROFILE)",
            ));
        }
        let env_id = var("SORACOM_AUTH_KEY_ID");
        let env_key = var("SORACOM_AUTH_KEY");
        // Both variables beat the profile (which is then not read for credentials at all).
        let credentials = match (&env_id, &env_key) {
            (Some(id), Some(key)) => Credentials::auth_key(id, key),
            _ => {
                let from_profile = match &profile {
                    Some(profile) => credentials_of(profile, &shown)?,
                    None => None,
                };
                from_profile.ok_or_else(|| {
                    let why = no_credentials(
                        env_id.is_some(),
                        env_key.is_some(),
                        profile.as_ref(),
                        &shown,
                    );
                    invalid("credentials", why)
                })?
            }
        };
        let profile = profile.unwrap_or_default();
        let timeout = Duration::from_secs(profile.token_timeout_seconds.unwrap_or(86_400).max(1));
        let mut builder = self.credentials_with_timeout(credentials, timeout);

        let sandbox = profile.sandbox.unwrap_or(false);
        builder = if let Some(endpoint) = var("SORACOM_ENDPOINT") {
            builder.endpoint(endpoint)
        } else if let Some(coverage) = var("SORACOM_COVERAGE_TYPE") {
            builder.on(coverage_of(&coverage, "SORACOM_COVERAGE_TYPE")?, sandbox)
        } else if let Some(endpoint) = &profile.endpoint {
            builder.endpoint(endpoint)
        } else {
            let coverage = match &profile.coverage_type {
                Some(c) => coverage_of(c, &format!("profile {shown}: coverageType"))?,
                None => Coverage::Japan,
            };
            builder.on(coverage, sandbox)
        };
        if let Some(headers) = &profile.headers {
            for (name, value) in headers_of(headers, &shown)? {
                builder = builder.header(name, value);
            }
        }
        Ok(builder)
    }

    fn on(self, coverage: Coverage, sandbox: bool) -> Self {
        if sandbox {
            self.sandbox(coverage)
        } else {
            self.coverage(coverage)
        }
    }
}
