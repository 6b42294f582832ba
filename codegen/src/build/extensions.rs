//! Vendor extensions (`x-…`) and vendor conventions the generator understands, in one place.

use std::collections::BTreeMap;

use super::raw::*;
use super::Builder;
use crate::error::Error;
use crate::location::Location;
use crate::model::*;

/// Whether a string property is a date written as digits (`format: yyyyMM`, or the pattern
/// given as the example, as in `example: yyyyMMdd`): servers send such values as JSON numbers
/// too, so the field accepts both.
pub(crate) fn digits_format(example: Option<&serde_json::Value>, format: Option<&str>) -> bool {
    let is_date_pattern = |f: &str| !f.is_empty() && f.chars().all(|c| "yMdHhms".contains(c));
    let example_pattern = example
        .and_then(|e| e.as_str())
        .is_some_and(is_date_pattern);
    example_pattern || format.is_some_and(is_date_pattern)
}

/// Whether a parameter is a year and month (`yyyyMM`), by its name or its format: a string in
/// the path or the query, typed as a validated year-month.
pub(crate) fn year_month_param(
    ty: &Raw,
    location: ParamLocation,
    name: &str,
    format: Option<&str>,
) -> bool {
    matches!(ty, Raw::String)
        && location != ParamLocation::Header
        && (name == "yyyyMM" || format == Some("yyyyMM"))
}

/// Whether a string property holds a year and month written `yyyyMM`: `format: yyyyMM`, or a
/// name ending in `yearMonth` (Soracom's `yearMonth`, `expiryYearMonth`: most of them carry no
/// format, only the name and an example such as `'202208'`). Such a field keeps its text and
/// gets a [`Accessor::YearMonth`].
pub(crate) fn year_month_field(ty: &TypeRef, wire_name: &str, format: Option<&str>) -> bool {
    matches!(ty, TypeRef::String)
        && (format == Some("yyyyMM") || wire_name.to_ascii_lowercase().ends_with("yearmonth"))
}

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
                && matches!(p.ty, Raw::String | Raw::Int(_))
        });
        if !known {
            return Err(self.err(
                &extension_at,
                format!("the pagination parameter `{param}` is not a string or integer query parameter of the operation"),
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

/// The model's pagination of an operation with `x-soracom-cli-pagination`: the builder's name
/// for the query parameter `wire`, the response header `header` that gives the next value, and
/// where the page's items are (the response itself when it is a list, else its one list field).
pub(crate) fn pagination_def(
    wire: &str,
    header: &str,
    params: &[Param],
    response: &ResponseKind,
    types: &BTreeMap<String, TypeDef>,
) -> Pagination {
    let param = params
        .iter()
        .find(|p| p.location == ParamLocation::Query && p.wire_name == wire)
        .map(|p| p.name.clone())
        .unwrap_or_else(|| Ident::from_source(String::new()));
    Pagination {
        param,
        wire_param: wire.to_owned(),
        header: header.to_owned(),
        items: page_items(response, types),
    }
}

/// Where a page's items are: the response itself when it is a list, else the one list field
/// of the response's struct (none when it has several).
fn page_items(response: &ResponseKind, types: &BTreeMap<String, TypeDef>) -> Option<PageItems> {
    match response {
        ResponseKind::Json(TypeRef::Vec(item)) => Some(PageItems {
            field: None,
            wire_field: None,
            optional: false,
            ty: (**item).clone(),
        }),
        ResponseKind::Json(TypeRef::Named(name)) => match types.get(name).map(|t| &t.kind) {
            Some(TypeKind::Struct { fields, .. }) => {
                let lists: Vec<&Field> = fields
                    .iter()
                    .filter(|f| matches!(f.ty, TypeRef::Vec(_)))
                    .collect();
                match lists.as_slice() {
                    [list] => match &list.ty {
                        TypeRef::Vec(item) => Some(PageItems {
                            field: Some(list.name.clone()),
                            wire_field: Some(list.wire_name.clone()),
                            optional: list.is_option(),
                            ty: (**item).clone(),
                        }),
                        _ => None,
                    },
                    _ => None,
                }
            }
            _ => None,
        },
        _ => None,
    }
}
