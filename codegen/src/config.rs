//! `sdk.toml`: which spec files and which of their operations make an SDK, where its code goes,
//! and the settings of its client that the spec does not give. Parsing only: text in, [`Config`]
//! out (reading the file is the caller's, e.g. `cargo xtask generate`).

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;

use crate::input::OperationFilter;
use crate::model::ClientSettings;

/// The parsed configuration file.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The spec whose version is the SDK's.
    pub primary: String,
    /// Output folder, relative to the repository root.
    pub out: String,
    /// What the generated client tells the runtime beyond the spec.
    #[serde(default)]
    pub client: ClientTable,
    /// The spec files.
    pub spec: Vec<SpecEntry>,
}

impl Config {
    /// The spec files in the order the generator takes them: the primary first, the others as
    /// listed.
    pub fn ordered_specs(&self) -> Vec<&SpecEntry> {
        let mut ordered: Vec<&SpecEntry> = self.spec.iter().collect();
        ordered.sort_by_key(|s| s.file != self.primary);
        ordered
    }
}

/// `[client]`: the settings of the generated client that the spec does not give (see
/// [`ClientSettings`], whose defaults apply to what is left out).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientTable {
    /// The name of the tracing span of every call.
    pub span: Option<String>,
    /// Headers that say how many seconds to wait before a retry, in order of preference.
    pub wait_headers: Option<Vec<String>>,
    /// The documentation site that site-relative links in the spec point into.
    pub docs_base: Option<String>,
    /// Path parameters that default to a value the client's login tells: parameter name (as
    /// in the spec) → login value name (see [`ClientSettings::login_defaults`]).
    pub login_defaults: Option<BTreeMap<String, String>>,
}

impl ClientTable {
    /// The settings, with the generator's defaults for what is not given.
    pub fn settings(&self) -> ClientSettings {
        let defaults = ClientSettings::default();
        ClientSettings {
            span_name: self.span.clone().unwrap_or(defaults.span_name),
            wait_headers: self.wait_headers.clone().unwrap_or(defaults.wait_headers),
            docs_base: self.docs_base.clone(),
            login_defaults: self.login_defaults.clone().unwrap_or_default(),
        }
    }
}

/// One spec file of the configuration (`[[spec]]`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpecEntry {
    /// File name inside the spec folder.
    pub file: String,
    /// `"all"` or a list of `operationId`s.
    pub operations: Operations,
}

/// `"all"` or a list of operation ids.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum Operations {
    /// The string `all` ([`parse`] rejects any other string).
    All(String),
    /// Listed ids.
    Only(Vec<String>),
}

impl Operations {
    /// The generator's filter for these operations.
    pub fn filter(&self) -> OperationFilter {
        match self {
            Operations::All(_) => OperationFilter::All,
            Operations::Only(ids) => OperationFilter::Only(ids.clone()),
        }
    }
}

/// Why a configuration file was rejected: the file as the caller named it, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// The file, as given to [`parse`].
    pub file: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file, self.message)
    }
}

impl std::error::Error for ConfigError {}

/// Parses the text of a configuration file; `file` names it in errors. The primary spec must be
/// one of the `[[spec]]` files, and `operations` is `"all"` or a list.
pub fn parse(file: &str, text: &str) -> Result<Config, ConfigError> {
    let error = |message: String| ConfigError {
        file: file.to_owned(),
        message,
    };
    let config: Config = toml::from_str(text).map_err(|e| error(e.to_string()))?;
    if !config.spec.iter().any(|s| s.file == config.primary) {
        return Err(error(format!(
            "`primary = \"{}\"` is not one of the [[spec]] files",
            config.primary
        )));
    }
    for s in &config.spec {
        if let Operations::All(word) = &s.operations {
            if word != "all" {
                return Err(error(format!(
                    "`operations` of {} must be \"all\" or a list of operationIds, not \"{word}\"",
                    s.file
                )));
            }
        }
    }
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = r#"
primary = "b.yml"
out = "sdk/src/generated"

[[spec]]
file = "a.yml"
operations = ["x", "y"]

[[spec]]
file = "b.yml"
operations = "all"
"#;

    #[test]
    fn the_primary_comes_first_and_filters_are_read() {
        let config = parse("sdk.toml", TEXT).unwrap();
        assert_eq!(config.out, "sdk/src/generated");
        let ordered: Vec<(&str, OperationFilter)> = config
            .ordered_specs()
            .into_iter()
            .map(|s| (s.file.as_str(), s.operations.filter()))
            .collect();
        assert_eq!(
            ordered,
            [
                ("b.yml", OperationFilter::All),
                (
                    "a.yml",
                    OperationFilter::Only(vec!["x".to_owned(), "y".to_owned()])
                ),
            ]
        );
        assert_eq!(config.client.settings(), ClientSettings::default());
    }

    #[test]
    fn client_settings_override_the_defaults_they_name() {
        let text = format!("{TEXT}\n[client]\nspan = \"my_call\"\n");
        let settings = parse("sdk.toml", &text).unwrap().client.settings();
        assert_eq!(settings.span_name, "my_call");
        assert_eq!(
            settings.wait_headers,
            ClientSettings::default().wait_headers
        );
    }

    #[test]
    fn login_defaults_are_read_from_the_client_table() {
        let text = format!("{TEXT}\n[client]\nlogin_defaults = {{ operator_id = \"operator\" }}\n");
        let settings = parse("sdk.toml", &text).unwrap().client.settings();
        assert_eq!(
            settings.login_defaults,
            BTreeMap::from([("operator_id".to_owned(), "operator".to_owned())])
        );
        assert!(ClientSettings::default().login_defaults.is_empty());
    }

    #[test]
    fn errors_name_the_file_and_the_problem() {
        let message = |text: &str| parse("spec/sdk.toml", text).unwrap_err().to_string();
        assert_eq!(
            message(&TEXT.replace("primary = \"b.yml\"", "primary = \"c.yml\"")),
            "spec/sdk.toml: `primary = \"c.yml\"` is not one of the [[spec]] files"
        );
        assert_eq!(
            message(&TEXT.replace("\"all\"", "\"every\"")),
            "spec/sdk.toml: `operations` of b.yml must be \"all\" or a list of operationIds, not \"every\""
        );
        let unknown = message(&format!("{TEXT}\nextra = 1\n"));
        assert!(
            unknown.starts_with("spec/sdk.toml: TOML parse error") && unknown.contains("extra"),
            "{unknown}"
        );
        let missing = message("primary = \"b.yml\"\n");
        assert!(missing.contains("missing field `out`"), "{missing}");
    }
}
