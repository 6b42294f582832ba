//! Vendor extensions (`x-…`) and vendor conventions the generator understands, in one place.

use super::raw::*;
use super::Builder;
use crate::error::Error;
use crate::location::Location;
use crate::model::*;

/// Whether `name` cannot be an HTTP header name (RFC 9110 token characters only).
fn invalid_header_name(name: &str) -> bool {
    name.is_empty()
        || !name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

impl Builder<'_> {
    /// Reads `x-soracom-cli-pagination: {request: {param: P}, response: {header: H}}`. Anything
    /// else there is an error: a generator that skipped it would lose the paging silently.
    pub(crate) fn pagination(
        &self,
        at: &Location,
        op: &openapiv3::Operation,
        params: &[RawParam],
    ) -> Result<Option<(String, String)>, Error> {
        const KEY: &str = "x-soracom-cli-pagination";
        let Some(value) = op.extensions.get(KEY) else {
            return Ok(None);
        };
        let extension_at = at.join(KEY);
        let text = |path: [&str; 2]| {
            value
                .get(path[0])
                .and_then(|v| v.get(path[1]))
                .and_then(|v| v.as_str())
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        };
        let (Some(param), Some(header)) =
            (text(["request", "param"]), text(["response", "header"]))
        else {
            return Err(self.err(
                &extension_at,
                "cannot read this pagination extension: expected `{request: {param: <query parameter>}, response: {header: <response header>}}`",
            ));
        };
        let known = params.iter().any(|p| {
            p.location == ParamLocation::Query
                && p.wire_name == param
                && matches!(p.ty, Raw::String)
        });
        if !known {
            return Err(self.err(
                &extension_at,
                format!("the pagination parameter `{param}` is not a string query parameter of the operation"),
            ));
        }
        if invalid_header_name(&header) {
            return Err(self.err(
                &extension_at,
                format!("`{header}` is not a valid header name"),
            ));
        }
        Ok(Some((param, header)))
    }
}
