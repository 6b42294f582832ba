//! Errors and warnings, each located by spec file and JSON pointer (or line and column for YAML).

use std::fmt;

/// Why a spec could not be turned into code. Every variant names the file; most name the place in
/// it as a JSON pointer (`#/paths/~1bills/get/responses/200`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// The text is not valid YAML (or JSON).
    Yaml {
        /// The spec file.
        file: String,
        /// 1-based line of the problem, when known.
        line: Option<usize>,
        /// 1-based column of the problem, when known.
        column: Option<usize>,
        /// What the YAML parser said.
        message: String,
    },
    /// The document is not OpenAPI 3.0.x.
    UnsupportedVersion {
        /// The spec file.
        file: String,
        /// What the document declares (`swagger: 2.0`, `openapi: 3.1.0`, or nothing).
        found: String,
    },
    /// Anything else: a structural problem at a located place in the document.
    Invalid {
        /// The spec file.
        file: String,
        /// JSON pointer to the offending node.
        pointer: String,
        /// What is wrong and, where there is one, how to fix it.
        message: String,
    },
    /// The generator's configuration is inconsistent (no spec, an operation that does not exist…).
    Config {
        /// What is wrong.
        message: String,
    },
}

impl Error {
    pub(crate) fn invalid(file: &str, pointer: &str, message: impl Into<String>) -> Self {
        Error::Invalid {
            file: file.to_owned(),
            pointer: pointer.to_owned(),
            message: message.into(),
        }
    }

    /// The JSON pointer of the error, where it has one.
    pub fn pointer(&self) -> Option<&str> {
        match self {
            Error::Invalid { pointer, .. } => Some(pointer),
            _ => None,
        }
    }

    /// The file the error is in, where it has one.
    pub fn file(&self) -> Option<&str> {
        match self {
            Error::Yaml { file, .. }
            | Error::UnsupportedVersion { file, .. }
            | Error::Invalid { file, .. } => Some(file),
            Error::Config { .. } => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Yaml {
                file,
                line,
                column,
                message,
            } => match (line, column) {
                (Some(line), Some(column)) => {
                    write!(f, "{file}:{line}:{column}: invalid YAML: {message}")
                }
                _ => write!(f, "{file}: invalid YAML: {message}"),
            },
            Error::UnsupportedVersion { file, found } => write!(
                f,
                "{file}: unsupported document ({found}); only OpenAPI 3.0.x is supported \
                 (convert Swagger 2.0 or OpenAPI 3.1 documents to 3.0 first)"
            ),
            Error::Invalid {
                file,
                pointer,
                message,
            } => write!(f, "{file}: {pointer}: {message}"),
            Error::Config { message } => write!(f, "configuration: {message}"),
        }
    }
}

impl std::error::Error for Error {}

/// Something the generator could not type exactly and replaced by a usable fallback (raw JSON or
/// bytes). Generation goes on; the warning says where and what was done.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Warning {
    /// The spec file.
    pub file: String,
    /// JSON pointer to the construct.
    pub pointer: String,
    /// What was found and what it became.
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "warning: {}: {}: {}",
            self.file, self.pointer, self.message
        )
    }
}
