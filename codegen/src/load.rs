//! Text -> `openapiv3::OpenAPI`, with located errors.

use openapiv3::OpenAPI;

use crate::names::pointer_token;
use crate::Error;

/// Parses one spec file. Only OpenAPI 3.0.x is accepted.
pub fn parse(file: &str, text: &str) -> Result<OpenAPI, Error> {
    let value: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| yaml_error(file, &e))?;
    let Some(root) = value.as_mapping() else {
        return Err(Error::UnsupportedVersion {
            file: file.to_owned(),
            found: "a document that is not a mapping".to_owned(),
        });
    };
    let version = root.get("openapi").map(|v| match v {
        serde_yaml::Value::String(s) => s.clone(),
        other => yaml_scalar_text(other),
    });
    match version {
        Some(v) if v.starts_with("3.0.") => {}
        Some(v) => {
            return Err(Error::UnsupportedVersion {
                file: file.to_owned(),
                found: format!("openapi: {v}"),
            })
        }
        None => {
            let found = match root.get("swagger") {
                Some(v) => format!("swagger: {}", yaml_scalar_text(v)),
                None => "no `openapi` field".to_owned(),
            };
            return Err(Error::UnsupportedVersion {
                file: file.to_owned(),
                found,
            });
        }
    }
    serde_path_to_error::deserialize::<_, OpenAPI>(value).map_err(|e| {
        let pointer = pointer_of(e.path());
        Error::invalid(
            file,
            &pointer,
            format!("not a valid OpenAPI 3.0 document here: {}", e.inner()),
        )
    })
}

fn yaml_error(file: &str, e: &serde_yaml::Error) -> Error {
    let location = e.location();
    Error::Yaml {
        file: file.to_owned(),
        line: location.as_ref().map(|l| l.line()),
        column: location.as_ref().map(|l| l.column()),
        message: e.to_string(),
    }
}

fn yaml_scalar_text(value: &serde_yaml::Value) -> String {
    match value {
        serde_yaml::Value::String(s) => s.clone(),
        serde_yaml::Value::Number(n) => n.to_string(),
        serde_yaml::Value::Bool(b) => b.to_string(),
        serde_yaml::Value::Null => "null".to_owned(),
        _ => "a non-scalar value".to_owned(),
    }
}

/// Turns serde_path_to_error's path into a JSON pointer.
fn pointer_of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::from("#");
    for segment in path.iter() {
        pointer.push('/');
        match segment {
            Segment::Seq { index } => pointer.push_str(&index.to_string()),
            Segment::Map { key } | Segment::Enum { variant: key } => {
                pointer.push_str(&pointer_token(key))
            }
            Segment::Unknown => pointer.push('?'),
        }
    }
    pointer
}
