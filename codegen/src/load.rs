//! Text -> `openapiv3::OpenAPI`, with located errors: the pipeline's first step.

use openapiv3::OpenAPI;

use crate::error::Error;
use crate::input::SpecInput;
use crate::location::pointer_token;

/// One parsed spec file: the `openapiv3` document, and the YAML tree it was decoded from, where
/// `build::keywords` finds the schema keywords `openapiv3` drops (those outside OpenAPI 3.0,
/// such as `const`, and `xml`).
pub struct Loaded {
    /// The document.
    pub doc: OpenAPI,
    /// The text as YAML, as written.
    pub raw: serde_yaml::Value,
}

/// Parses every input, in order; the first failure is the error.
pub fn load(inputs: &[SpecInput<'_>]) -> Result<Vec<Loaded>, Error> {
    inputs
        .iter()
        .map(|input| parse_raw(input.file, input.text).map(|(doc, raw)| Loaded { doc, raw }))
        .collect()
}

/// Parses one spec file. Only OpenAPI 3.0.x is accepted.
pub fn parse(file: &str, text: &str) -> Result<OpenAPI, Error> {
    parse_raw(file, text).map(|(doc, _)| doc)
}

/// [`parse`], also returning the YAML tree.
fn parse_raw(file: &str, text: &str) -> Result<(OpenAPI, serde_yaml::Value), Error> {
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
    // The fast path decodes straight from the parsed tree; only a failure pays for locating it.
    if let Ok(doc) = <OpenAPI as serde::Deserialize>::deserialize(&value) {
        return Ok((doc, value));
    }
    match serde_path_to_error::deserialize::<_, OpenAPI>(&value) {
        Ok(doc) => Ok((doc, value)),
        Err(e) => {
            // The `openapiv3` types flatten extensions, which hides where inside an operation or
            // a component the problem is: look for the innermost part that fails on its own.
            let (pointer, message) =
                locate(&value).unwrap_or_else(|| (pointer_of(e.path()), e.inner().to_string()));
            Err(Error::invalid(
                file,
                &pointer,
                format!("not a valid OpenAPI 3.0 document here: {message}"),
            ))
        }
    }
}

/// Decodes a value as one kind of spec object, returning the failure's pointer and message.
type Check = fn(&serde_yaml::Value, &str) -> Option<(String, String)>;

/// The pointer and message of the first part of `value` that fails to decode as `T`.
fn check<T: serde::de::DeserializeOwned>(
    value: &serde_yaml::Value,
    base: &str,
) -> Option<(String, String)> {
    match serde_path_to_error::deserialize::<_, T>(value) {
        Ok(_) => None,
        Err(e) => {
            let inner = pointer_of(e.path());
            Some((
                format!("{base}{}", inner.trim_start_matches('#')),
                e.inner().to_string(),
            ))
        }
    }
}

fn entries(value: Option<&serde_yaml::Value>) -> Vec<(String, &serde_yaml::Value)> {
    match value.and_then(|v| v.as_mapping()) {
        Some(map) => map.iter().map(|(k, v)| (yaml_scalar_text(k), v)).collect(),
        None => Vec::new(),
    }
}

/// Finds the innermost operation part or component that does not decode.
fn locate(root: &serde_yaml::Value) -> Option<(String, String)> {
    use openapiv3::{
        Parameter, PathItem, ReferenceOr, RequestBody, Response, Schema, SecurityScheme,
    };
    for (path, item) in entries(root.get("paths")) {
        let base = format!("#/paths/{}", pointer_token(&path));
        let Some(failure) = check::<ReferenceOr<PathItem>>(item, &base) else {
            continue;
        };
        for (i, p) in item
            .get("parameters")
            .and_then(|p| p.as_sequence())
            .into_iter()
            .flatten()
            .enumerate()
        {
            if let Some(f) = check::<ReferenceOr<Parameter>>(p, &format!("{base}/parameters/{i}")) {
                return Some(f);
            }
        }
        for method in [
            "get", "put", "post", "delete", "options", "head", "patch", "trace",
        ] {
            let Some(op) = item.get(method) else { continue };
            let op_base = format!("{base}/{method}");
            let Some(op_failure) = check::<openapiv3::Operation>(op, &op_base) else {
                continue;
            };
            for (i, p) in op
                .get("parameters")
                .and_then(|p| p.as_sequence())
                .into_iter()
                .flatten()
                .enumerate()
            {
                if let Some(f) =
                    check::<ReferenceOr<Parameter>>(p, &format!("{op_base}/parameters/{i}"))
                {
                    return Some(f);
                }
            }
            if let Some(body) = op.get("requestBody") {
                if let Some(f) =
                    check::<ReferenceOr<RequestBody>>(body, &format!("{op_base}/requestBody"))
                {
                    return Some(f);
                }
            }
            if let Some(responses) = op.get("responses") {
                let responses_base = format!("{op_base}/responses");
                if !responses.is_mapping() {
                    return Some((
                        responses_base,
                        "`responses` must be a map of status codes to responses".to_owned(),
                    ));
                }
                for (code, response) in entries(Some(responses)) {
                    let at = format!("{responses_base}/{}", pointer_token(&code));
                    if let Some(f) = check::<ReferenceOr<Response>>(response, &at) {
                        return Some(f);
                    }
                }
            }
            return Some(op_failure);
        }
        return Some(failure);
    }
    let components = root.get("components");
    let sections: [(&str, Check); 5] = [
        ("schemas", check::<ReferenceOr<Schema>>),
        ("parameters", check::<ReferenceOr<Parameter>>),
        ("responses", check::<ReferenceOr<Response>>),
        ("requestBodies", check::<ReferenceOr<RequestBody>>),
        ("securitySchemes", check::<ReferenceOr<SecurityScheme>>),
    ];
    for (section, check_entry) in sections {
        for (name, value) in entries(components.and_then(|c| c.get(section))) {
            let base = format!("#/components/{section}/{}", pointer_token(&name));
            if let Some(f) = check_entry(value, &base) {
                return Some(f);
            }
        }
    }
    None
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
