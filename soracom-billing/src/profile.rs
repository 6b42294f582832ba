//! Configuration as soracom-cli users have it: environment variables and profile files
//! (`~/.soracom/<name>.json`), including profiles that obtain their credentials from a command
//! (`profileCommand`) or by switching user from another profile (`sourceProfile`).
//!
//! The rules follow soracom-cli's source (github.com/soracom/soracom-cli), files under
//! `generators/cmd/predefined/`: `profiles.go` (the profile's fields, reading a file, running a
//! `profileCommand`), `api_credentials_source.go` (which credentials win, and how a
//! `profileCommand` and a `sourceProfile` combine), `apiclient.go` (`authenticateWithSwitchUser`)
//! and `endpoint.go` (the endpoint).

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use serde_json::{Map, Value};

use crate::auth::{Login, SWITCH_USER_DEFAULT_TIMEOUT};
use crate::models::SwitchUserRequest;
use crate::{ClientBuilder, Coverage, Credentials, Error};

/// The fields of soracom-cli's `profile` struct (`profiles.go`), by their JSON names.
const FIELDS: &[&str] = &[
    "sandbox",
    "coverageType",
    "email",
    "password",
    "authKeyId",
    "authKey",
    "username",
    "operatorId",
    "endpoint",
    "registerPaymentMethod",
    "profileCommand",
    "sourceProfile",
    "tokenTimeoutSeconds",
    "mfaOTPCode",
    "headers",
];

/// The most a `profileCommand` may print: a profile is a few hundred bytes.
const MOST_COMMAND_OUTPUT: u64 = 1 << 20;

/// A soracom-cli profile, from a file or printed by a `profileCommand`, decoded as soracom-cli's
/// Go JSON decoder does (`profiles.go`): fields it does not know are ignored; a known field
/// matches its name exactly or, failing that, in any letter case (Go's rule, so `userName` is
/// `username`); `null` is an absent field; a value of the wrong type is an error. (Read from a
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
    /// Empty is absent, as soracom-cli tests it (`api_credentials_source.go`).
    profile_command: Option<String>,
    /// Empty is absent, as soracom-cli tests it (`api_credentials_source.go`).
    source_profile: Option<String>,
    /// The names of the fields present (never their values), for error messages.
    fields: Vec<String>,
    /// The known fields present, by soracom-cli's names.
    known: Vec<&'static str>,
}

/// The value of the known field `name`: the key spelled exactly so, else the first spelled so
/// in another letter case; `None` when absent or `null`. (Go takes the last of several spellings
/// in the document's order; a document that spells one field twice is the only one read
/// differently.)
fn field<'a>(map: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    map.get(name)
        .or_else(|| {
            map.iter()
                .find(|(key, _)| key.eq_ignore_ascii_case(name))
                .map(|(_, value)| value)
        })
        .filter(|value| !value.is_null())
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
        let text = |name: &str| -> Result<Option<String>, Error> {
            match field(&map, name) {
                None => Ok(None),
                Some(Value::String(value)) => Ok(Some(value.clone())),
                Some(_) => Err(wrong(name, "a string")),
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
        profile.profile_command = text("profileCommand")?.filter(|c| !c.is_empty());
        profile.source_profile = text("sourceProfile")?.filter(|s| !s.is_empty());
        profile.sandbox = match field(&map, "sandbox") {
            None => None,
            Some(Value::Bool(value)) => Some(*value),
            Some(_) => return Err(wrong("sandbox", "a boolean")),
        };
        // Unused here (it is for `soracom configure-sandbox`), but soracom-cli refuses a wrong type.
        if field(&map, "registerPaymentMethod").is_some_and(|v| !v.is_boolean()) {
            return Err(wrong("registerPaymentMethod", "a boolean"));
        }
        profile.token_timeout_seconds = match field(&map, "tokenTimeoutSeconds") {
            None => None,
            Some(Value::Number(n)) => Some(
                n.as_u64()
                    .ok_or_else(|| wrong("tokenTimeoutSeconds", "a whole number of seconds"))?,
            ),
            Some(_) => return Err(wrong("tokenTimeoutSeconds", "a whole number of seconds")),
        };
        profile.headers = field(&map, "headers").cloned();
        if let Some(headers) = &profile.headers {
            headers_of(headers, shown)?;
        }
        profile.fields = map.keys().cloned().collect();
        profile.known = FIELDS
            .iter()
            .copied()
            .filter(|name| field(&map, name).is_some())
            .collect();
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
    Profile::from_document(document, &shown).map(Some)
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

/// The token lifetime a profile asks for (`tokenTimeoutSeconds`, 24 hours by default).
fn token_timeout_of(profile: &Profile) -> Duration {
    Duration::from_secs(profile.token_timeout_seconds.unwrap_or(86_400).max(1))
}

/// Splits a `profileCommand` into the program and its arguments as soracom-cli does
/// (`getProfileFromExternalCommand` in `profiles.go` calls `Parse` of go-shellwords v1.0.14, as
/// soracom-cli's `go.mod` pins it, with its defaults: no `$VAR` and no backtick expansion); no
/// shell runs it:
///
/// - words are separated by spaces, tabs and line breaks;
/// - `'…'` keeps everything as written; `"…"` keeps spaces, and `\` escapes the next character
///   there as outside quotes (`\t` and `\n` are a tab and a line break); `''` is an empty word;
/// - `` `…` `` and `$(…)` are kept as written, spaces included (not run);
/// - an unquoted `;`, `&`, `|`, `<` or `>` ends the command: what follows is ignored, as
///   soracom-cli ignores it (and a word that starts with a digit just before `>`, such as `2`,
///   is dropped);
/// - an unclosed quote, a trailing `\`, or a `(` or `)` outside quotes (other than `$(…)`) is an
///   error.
fn split_command(line: &str) -> Result<Vec<String>, &'static str> {
    const MALFORMED: &str = "cannot be split into a command and its arguments (as soracom-cli splits them): it has an unclosed quote, backtick or `$(`, a trailing `\\`, or a `(` or `)` outside quotes";
    let mut words = Vec::new();
    let mut word = String::new();
    // Whether a word has begun (an empty quoted word counts).
    let mut begun = false;
    let (mut escaped, mut single, mut double, mut backtick, mut dollar) =
        (false, false, false, false, false);
    for c in line.chars() {
        if escaped {
            word.push(match c {
                't' => '\t',
                'n' => '\n',
                c => c,
            });
            escaped = false;
            begun = true;
            continue;
        }
        if c == '\\' {
            if single {
                word.push(c);
            } else {
                escaped = true;
            }
            continue;
        }
        if matches!(c, ' ' | '\t' | '\r' | '\n') {
            if single || double || backtick || dollar {
                word.push(c);
            } else if begun {
                words.push(std::mem::take(&mut word));
                begun = false;
            }
            continue;
        }
        let quoted = single || double;
        match c {
            '`' if !quoted && !dollar => backtick = !backtick,
            ')' if !quoted && !backtick => {
                if !dollar {
                    return Err(MALFORMED);
                }
                dollar = false;
            }
            '(' if !quoted && !backtick => {
                if dollar || !word.ends_with('$') {
                    return Err(MALFORMED);
                }
                dollar = true;
                word.push(c);
                continue;
            }
            '"' if !single && !dollar => {
                begun |= double;
                double = !double;
                continue;
            }
            '\'' if !double && !dollar => {
                begun |= single;
                single = !single;
                continue;
            }
            ';' | '&' | '|' | '<' | '>' if !(quoted || backtick || dollar) => {
                if c == '>' && word.starts_with(|d: char| d.is_ascii_digit()) {
                    begun = false;
                }
                break;
            }
            _ => {}
        }
        begun = true;
        word.push(c);
    }
    if escaped || single || double || backtick || dollar {
        return Err(MALFORMED);
    }
    if begun {
        words.push(word);
    }
    Ok(words)
}

/// A profile whose credentials are what its `profileCommand` prints, at each login.
///
/// soracom-cli (`credentialsSourceWithProfile` in `api_credentials_source.go`) runs the command
/// whenever it needs credentials, and the profile it prints takes the place of the file's for
/// the login: its credentials, or its `sourceProfile` with its `operatorId`, `username` and
/// `tokenTimeoutSeconds`; the file's own credentials are not read, and a `profileCommand` in the
/// output is not run. The endpoint and headers stay the file's (`endpoint.go` and the API
/// client read the file's profile).
#[derive(Clone)]
struct CommandProfile {
    program: String,
    args: Vec<String>,
    /// The file that names the command, as messages show it.
    shown: String,
    /// Where a `sourceProfile` the command prints is looked for.
    dir: PathBuf,
}

impl CommandProfile {
    fn new(command: &str, shown: &str, dir: &Path) -> Result<CommandProfile, Error> {
        let parameter = format!("profile {shown}: profileCommand");
        let mut words = split_command(command)
            .map_err(|why| invalid(&parameter, why))?
            .into_iter();
        let program = words
            .next()
            .ok_or_else(|| invalid(&parameter, "names no command"))?;
        Ok(CommandProfile {
            program,
            args: words.collect(),
            shown: shown.to_owned(),
            dir: dir.to_owned(),
        })
    }

    fn parameter(&self) -> String {
        format!("profile {}: profileCommand", self.shown)
    }

    /// Runs the command as soracom-cli does (Go's `exec.Command(…).Output()`): directly, not
    /// through a shell, with this process's environment and working directory, no input, its
    /// standard output read as the profile and its standard error not shown. An error gives the
    /// exit status, never the output (it holds secrets). The command is killed if the login
    /// waiting for it is dropped (a call's overall timeout).
    async fn run(&self) -> Result<Vec<u8>, Error> {
        use tokio::io::AsyncReadExt;

        let program = &self.program;
        let failed = |why: String| invalid(self.parameter(), why);
        let mut child = tokio::process::Command::new(program)
            .args(&self.args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| failed(format!("`{program}` cannot be started: {e}")))?;
        let mut output = Vec::new();
        if let Some(stdout) = child.stdout.take() {
            stdout
                .take(MOST_COMMAND_OUTPUT + 1)
                .read_to_end(&mut output)
                .await
                .map_err(|e| failed(format!("`{program}`: its output cannot be read: {e}")))?;
        }
        if output.len() as u64 > MOST_COMMAND_OUTPUT {
            // Killed on drop.
            return Err(failed(format!(
                "`{program}` printed more than {MOST_COMMAND_OUTPUT} bytes; a profile is far smaller"
            )));
        }
        let status = child
            .wait()
            .await
            .map_err(|e| failed(format!("`{program}` cannot be waited for: {e}")))?;
        if !status.success() {
            return Err(failed(format!(
                "`{program}` failed with {}; its output is not shown (it may hold secrets)",
                status_text(status)
            )));
        }
        Ok(output)
    }

    /// Runs the command and makes the login its profile asks for.
    async fn login(&self) -> Result<Login, Error> {
        let output = self.run().await?;
        // serde_json's syntax errors give a place, never the text: the output is not repeated.
        let document: Value = serde_json::from_slice(&output).map_err(|e| {
            invalid(
                self.parameter(),
                format!(
                    "`{}` printed no valid profile: {e}; its output is not shown (it may hold secrets)",
                    self.program
                ),
            )
        })?;
        let printed = format!("printed by the profileCommand of {}", self.shown);
        let profile = Profile::from_document(document, &printed)?;
        if let Some(source) = &profile.source_profile {
            return switch_login(&profile, None, &printed, source, &self.dir)
                .map(|(login, _)| login);
        }
        let credentials = credentials_of(&profile, &printed)?.ok_or_else(|| {
            invalid(
                self.parameter(),
                format!(
                    "`{}` printed a profile without credentials (it has {}); it needs authKeyId + authKey, email + password, operatorId + username + password, or sourceProfile + operatorId + username",
                    self.program,
                    if profile.known.is_empty() {
                        "no known field".to_owned()
                    } else {
                        profile.known.join(", ")
                    }
                ),
            )
        })?;
        Ok(Login::auth(&credentials, token_timeout_of(&profile)))
    }
}

/// How a process ended, in words.
fn status_text(status: std::process::ExitStatus) -> String {
    if let Some(code) = status.code() {
        return format!("exit status {code}");
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            return format!("signal {signal}");
        }
    }
    status.to_string()
}

/// The login of `target`, a profile naming the `sourceProfile` `source_name` (in `dir`): log in
/// with the source profile's credentials, then switch to the user `target`'s `operatorId` and
/// `username` name (soracom-cli: `api_credentials_source.go` and `authenticateWithSwitchUser`
/// in `apiclient.go`). `target_name` is the target's file name, `None` for a profile a command
/// printed. Also returns what the login is, for `Debug` output (no secret).
///
/// As soracom-cli does: the source is read from its file alone (its own `profileCommand` is
/// not run); only its credentials (and `mfaOTPCode`) are used, the calls going to the target's
/// endpoint with the target's headers; a source that names a `sourceProfile` itself is refused
/// (one switch only), which also refuses every cycle, named as such; the switch asks for the
/// target's `tokenTimeoutSeconds` when it is within the 180 – 3600 s `switchUser` accepts, and
/// for the default hour otherwise; the source's login asks for no particular lifetime.
fn switch_login(
    target: &Profile,
    target_name: Option<&str>,
    target_shown: &str,
    source_name: &str,
    dir: &Path,
) -> Result<(Login, String), Error> {
    let parameter = format!("profile {target_shown}: sourceProfile");
    let present = |value: &Option<String>| value.clone().filter(|v| !v.is_empty());
    let (Some(operator_id), Some(user_name)) =
        (present(&target.operator_id), present(&target.username))
    else {
        return Err(invalid(
            format!("profile {target_shown}"),
            "names a sourceProfile (switch user), so it needs both operatorId and username: the user to switch to",
        ));
    };
    if target_name == Some(source_name) {
        return Err(invalid(
            parameter,
            format!("is `{source_name}`, the profile itself: a cycle; the source profile must hold credentials of its own"),
        ));
    }
    let source_path = dir.join(format!("{source_name}.json"));
    let source_shown = source_path.display().to_string();
    let source = load(&source_path)?.ok_or_else(|| {
        invalid(
            &parameter,
            format!("names the profile {source_shown}, which does not exist"),
        )
    })?;
    if let Some(next) = &source.source_profile {
        return Err(nested(target_name, source_name, next, dir, &parameter));
    }
    let credentials = credentials_of(&source, &source_shown)?.ok_or_else(|| {
        let command = if source.profile_command.is_some() {
            "; a source profile's own fields are read, its profileCommand is not run (as in soracom-cli)"
        } else {
            ""
        };
        invalid(
            &parameter,
            format!(
                "names the profile {source_shown}, which holds no credentials (it has {}; it needs authKeyId + authKey, email + password, or operatorId + username + password){command}",
                if source.known.is_empty() {
                    "no known field".to_owned()
                } else {
                    source.known.join(", ")
                }
            ),
        )
    })?;
    let timeout = target
        .token_timeout_seconds
        .filter(|seconds| (180..=3_600).contains(seconds));
    let lifetime = timeout.map_or(SWITCH_USER_DEFAULT_TIMEOUT, Duration::from_secs);
    let what = format!(
        "SAM user {operator_id}/{user_name} through switchUser from {} of profile {source_shown} (token lifetime {} s)",
        credentials.describe(),
        lifetime.as_secs()
    );
    let login = Login::Switch {
        source: credentials.auth_request(None),
        target: SwitchUserRequest {
            operator_id: Some(operator_id),
            user_name: Some(user_name),
            token_timeout_seconds: timeout.map(|seconds| seconds as i64),
        },
        lifetime,
    };
    Ok((login, what))
}

/// The error for a source profile that names a `sourceProfile` itself: follows the names as far
/// as the files go, to say whether they loop back (a cycle) or just go on.
fn nested(
    target_name: Option<&str>,
    source_name: &str,
    next: &str,
    dir: &Path,
    parameter: &str,
) -> Error {
    let mut chain: Vec<String> = target_name
        .into_iter()
        .chain([source_name])
        .map(str::to_owned)
        .collect();
    let mut next = next.to_owned();
    let cycle = loop {
        let seen = chain.contains(&next);
        chain.push(next.clone());
        if seen {
            break true;
        }
        match load(&dir.join(format!("{next}.json"))) {
            Ok(Some(Profile {
                source_profile: Some(after),
                ..
            })) if chain.len() < 64 => next = after,
            _ => break false,
        }
    };
    let chain = chain.join(" → ");
    if cycle {
        invalid(
            parameter,
            format!("leads to a cycle of source profiles ({chain}); the source profile must hold credentials of its own"),
        )
    } else {
        invalid(
            parameter,
            format!("names a profile that names a sourceProfile itself ({chain}); as in soracom-cli, a user is switched once, from a profile that holds credentials"),
        )
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
    /// - credentials: `SORACOM_AUTH_KEY_ID` + `SORACOM_AUTH_KEY`, else the profile's:
    ///   - with `profileCommand`, what the command prints, read as a profile (its credentials,
    ///     or its `sourceProfile`); the file's own credentials are not read;
    ///   - with `sourceProfile`, a login with that profile's credentials, then `switchUser` to
    ///     the user the profile's `operatorId` and `username` name;
    ///   - else its `authKeyId` + `authKey`, `email` + `password`, or
    ///     `operatorId` + `username` + `password` (with `mfaOTPCode` if set);
    /// - the profile: `SORACOM_PROFILE` (default `default`) in `SORACOM_PROFILE_DIR` (default
    ///   `~/.soracom`); a file readable by group or others is refused (a source profile too);
    /// - the endpoint: `SORACOM_ENDPOINT`, else `SORACOM_COVERAGE_TYPE` (`jp`/`g`), else the
    ///   profile's `endpoint`, else its `coverageType` (default `jp`), on the sandbox when the
    ///   profile says `sandbox: true`;
    /// - the profile's `headers` and `tokenTimeoutSeconds`.
    ///
    /// A `profileCommand` is run at each login (the first call, each renewal of the token, after
    /// a 401), not here: soracom-cli runs it whenever it needs credentials, and what it prints
    /// may be short-lived (a one-time MFA code, keys rotated by a secret manager), so it is never
    /// kept. It runs directly, without a shell (see soracom-cli's `profiles.go`): the line is
    /// split into words with soracom-cli's quoting rules (an unquoted `;`, `&`, `|`, `<` or `>`
    /// ends it, so write `sh -c '…'` for a pipeline); it inherits the process's environment
    /// (not `vars`); what it writes to standard error is not shown. A command that cannot start,
    /// exits non-zero, or prints no valid profile fails the login with an error naming the
    /// profile and the exit status, never the output. The line is split here, so a malformed
    /// one is an error now; so is a `sourceProfile` that is missing, holds no credentials, names
    /// a `sourceProfile` itself (soracom-cli switches once; this also refuses cycles), or whose
    /// profile lacks `operatorId` or `username`.
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
        let timeout = profile
            .as_ref()
            .map_or(Duration::from_secs(86_400), token_timeout_of);
        let command = profile.as_ref().and_then(|p| p.profile_command.as_deref());
        let switch = profile
            .as_ref()
            .and_then(|p| Some((p, p.source_profile.as_deref()?)));
        // Both variables beat the profile (which is then not read for credentials at all); then
        // a profileCommand beats the file's own fields, sourceProfile included
        // (`api_credentials_source.go`).
        let mut builder = if let (Some(id), Some(key)) = (&env_id, &env_key) {
            self.credentials_with_timeout(Credentials::auth_key(id, key), timeout)
        } else if let Some(command) = command {
            let command = CommandProfile::new(command, &shown, &dir)?;
            let what = format!(
                "the profile printed by `{}`, the profileCommand of {shown} (run at each login)",
                command.program
            );
            self.shared_login(what, move |client| {
                let command = command.clone();
                async move { command.login().await?.run(client).await }
            })
        } else if let Some((target, source)) = switch {
            let (login, what) = switch_login(target, Some(&name), &shown, source, &dir)?;
            self.shared_login(what, move |client| login.clone().run(client))
        } else {
            let from_profile = match &profile {
                Some(profile) => credentials_of(profile, &shown)?,
                None => None,
            };
            let credentials = from_profile.ok_or_else(|| {
                let why = no_credentials(
                    env_id.is_some(),
                    env_key.is_some(),
                    profile.as_ref(),
                    &shown,
                );
                invalid("credentials", why)
            })?;
            self.credentials_with_timeout(credentials, timeout)
        };
        let profile = profile.unwrap_or_default();

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

#[cfg(test)]
mod tests {
    use super::split_command;

    fn words(line: &str) -> Vec<String> {
        split_command(line).unwrap_or_else(|e| panic!("{line:?}: {e}"))
    }

    #[test]
    fn a_command_line_splits_as_soracom_cli_splits_it() {
        let cases: &[(&str, &[&str])] = &[
            ("", &[]),
            (" \t\n ", &[]),
            (
                "get-profile  --name work\n",
                &["get-profile", "--name", "work"],
            ),
            (
                "sh -c 'printf \"%s\" \"$KEY\"; exit 0'",
                &["sh", "-c", "printf \"%s\" \"$KEY\"; exit 0"],
            ),
            (
                r#"op read "op://vault/soracom key""#,
                &["op", "read", "op://vault/soracom key"],
            ),
            (r"tool --path=my\ dir", &["tool", "--path=my dir"]),
            (r#"tool "" x ''"#, &["tool", "", "x", ""]),
            (r#"tool --"a b"c"#, &["tool", "--a bc"]),
            (r"tool 'C:\dir\n'", &["tool", r"C:\dir\n"]),
            (r#"tool "tab\there" \n"#, &["tool", "tab\there", "\n"]),
            (r#"tool "say \"hi\"""#, &["tool", "say \"hi\""]),
            (r"tool \&", &["tool", "&"]),
            // Expansions are not made: kept as written, spaces included.
            (
                "tool `date +%s` $(id -u) $HOME",
                &["tool", "`date +%s`", "$(id -u)", "$HOME"],
            ),
            // An unquoted control character ends the command.
            ("tool a; rm -rf /", &["tool", "a"]),
            ("tool | jq .", &["tool"]),
            ("tool && other", &["tool"]),
            ("tool < input", &["tool"]),
            ("tool 'a;b' \"c|d\"", &["tool", "a;b", "c|d"]),
            ("tool -v 2>/dev/null", &["tool", "-v"]),
            ("tool x2>/dev/null", &["tool", "x2"]),
            ("tool こんにちは", &["tool", "こんにちは"]),
        ];
        for (line, expected) in cases {
            assert_eq!(words(line), *expected, "{line:?}");
        }
    }

    #[test]
    fn a_malformed_command_line_is_an_error() {
        for line in [
            "tool 'open",
            "tool \"open",
            "tool `open",
            "tool $(open",
            "tool trailing\\",
            "tool (x)",
            "tool x)",
            "tool $(a $(b))",
        ] {
            assert!(split_command(line).is_err(), "{line:?}");
        }
    }
}
