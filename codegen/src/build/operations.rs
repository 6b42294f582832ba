//! Operations -> raw operations: their ids, parameters, request bodies, responses and
//! security, each checked against what the generated code can send and receive.

use std::collections::{BTreeSet, HashMap};

use openapiv3::{
    Parameter, ParameterSchemaOrContent, PathStyle, QueryStyle, ReferenceOr, RequestBody, Response,
    SecurityScheme, StatusCode,
};

use super::docs::{doc_lines, summary_and_description};
use super::extensions::year_month_param;
use super::keywords::Place;
use super::media::{example_values, media_kind, pick_media, MediaKind};
use super::raw::*;
use super::schemas::schema_format;
use super::Builder;
use crate::error::Error;
use crate::input::OperationFilter;
use crate::location::Location;
use crate::model::*;
use crate::names;
use crate::names::Hint;

const METHODS: [(&str, Method); 7] = [
    ("get", Method::Get),
    ("put", Method::Put),
    ("post", Method::Post),
    ("delete", Method::Delete),
    ("options", Method::Options),
    ("head", Method::Head),
    ("patch", Method::Patch),
];

fn location_of(p: &Parameter) -> &'static str {
    match p {
        Parameter::Path { .. } => "path",
        Parameter::Query { .. } => "query",
        Parameter::Header { .. } => "header",
        Parameter::Cookie { .. } => "cookie",
    }
}

/// The `{name}`s of a path template, in order.
fn template_params(path: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let Some(end) = rest[start..].find('}') else {
            return Err(format!("unclosed `{{` in path `{path}`"));
        };
        let name = &rest[start + 1..start + end];
        if name.is_empty() || name.contains('{') {
            return Err(format!("malformed parameter in path `{path}`"));
        }
        out.push(name.to_owned());
        rest = &rest[start + end + 1..];
    }
    if rest.contains('}') {
        return Err(format!("unmatched `}}` in path `{path}`"));
    }
    Ok(out)
}

impl Builder<'_> {
    /// Whether a value of `t` is one piece of text on the wire: a string, number, boolean or
    /// enum (what parameters and form fields can carry).
    fn is_scalar(&self, t: &Raw) -> bool {
        match t {
            Raw::String | Raw::Int(_) | Raw::F64 | Raw::Bool => true,
            Raw::Named(id) => matches!(self.types[*id].kind, RawKind::Enum(_)),
            _ => false,
        }
    }

    /// Why `ty` cannot be sent as `name=value` pairs, if it cannot: a form body is an object
    /// whose values are scalars. Lists, nested objects and raw JSON have no form encoding here.
    fn form_problem(&self, ty: &Raw) -> Option<String> {
        const FORM: &str = "a form body (`application/x-www-form-urlencoded`)";
        match ty {
            Raw::Named(id) => match &self.types[*id].kind {
                RawKind::Struct(fields) => {
                    fields.iter().find(|f| !self.is_scalar(&f.ty)).map(|f| {
                        format!(
                            "property `{}` of {FORM} is not a string, number, boolean or enum",
                            f.wire_name
                        )
                    })
                }
                _ => Some(format!("{FORM} must be an object with declared properties")),
            },
            Raw::Map(item) if self.is_scalar(item) => None,
            _ => Some(format!(
                "{FORM} must be an object of strings, numbers, booleans or enums"
            )),
        }
    }

    /// Collects the selected operations of one file; returns the ids it found.
    pub(crate) fn operations(
        &mut self,
        file: usize,
        filter: &OperationFilter,
        seen: &mut HashMap<String, String>,
        out: &mut Vec<RawOperation>,
    ) -> Result<BTreeSet<String>, Error> {
        let mut found = BTreeSet::new();
        let paths: Vec<(String, ReferenceOr<openapiv3::PathItem>)> = self.docs[file]
            .paths
            .paths
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let paths_at = Location::root(file).join("paths");
        for (path, item) in paths {
            let item_at = paths_at.join(&path);
            let item =
                match item {
                    ReferenceOr::Item(item) => item,
                    ReferenceOr::Reference { .. } => return Err(self.err(
                        &item_at,
                        "a path item given by `$ref` is not supported; write the operations inline",
                    )),
                };
            if item.trace.is_some() {
                self.warn(
                    &item_at.join("trace"),
                    "TRACE operations are not supported; skipped",
                );
            }
            for (key, method) in METHODS {
                let operation = match key {
                    "get" => &item.get,
                    "put" => &item.put,
                    "post" => &item.post,
                    "delete" => &item.delete,
                    "options" => &item.options,
                    "head" => &item.head,
                    _ => &item.patch,
                };
                let Some(operation) = operation else { continue };
                let operation_at = item_at.join(key);
                // From here, a skipped operation is undone (its derived name included).
                let checkpoint = self.checkpoint();
                let Some(id) =
                    self.operation_id(&operation_at, operation, key, &path, filter, seen)?
                else {
                    continue;
                };
                let here = self.origin(&operation_at);
                if let Some(first) = seen.insert(id.clone(), here) {
                    return Err(self.err(
                        &operation_at,
                        format!("duplicate `operationId` `{id}` (first used at {first})"),
                    ));
                }
                found.insert(id.clone());
                let op = match self.operation(
                    &operation_at,
                    id.clone(),
                    method,
                    &path,
                    &item.parameters,
                    operation,
                ) {
                    // With every operation asked for, one the generated code cannot call is left
                    // out with a warning rather than failing the whole spec.
                    Err(
                        ref error @ Error::Invalid {
                            ref pointer,
                            ref message,
                            ..
                        },
                    ) if matches!(filter, OperationFilter::All)
                        && self.unsupported.contains(error) =>
                    {
                        self.rollback(&checkpoint);
                        self.skipped_operations.push(id.clone());
                        let at = Location {
                            file,
                            pointer: pointer.clone(),
                        };
                        self.warn(&at, format!("operation `{id}` skipped: {message}"));
                        found.remove(&id);
                        continue;
                    }
                    op => op?,
                };
                out.push(op);
            }
        }
        Ok(found)
    }

    /// The id of the operation at `at` (`key` on `path`), or `None` if `filter` leaves it out:
    /// its `operationId`, or with every operation asked for, one derived from the method and
    /// path that no other operation has (with a warning).
    fn operation_id(
        &mut self,
        at: &Location,
        operation: &openapiv3::Operation,
        key: &str,
        path: &str,
        filter: &OperationFilter,
        seen: &HashMap<String, String>,
    ) -> Result<Option<String>, Error> {
        let id = match (&operation.operation_id, filter) {
            (Some(id), _) if id.trim().is_empty() => {
                return Err(self.err(at, "`operationId` is empty; every operation needs a name"))
            }
            (Some(id), _) => id.clone(),
            (None, OperationFilter::All) => {
                let id = names::unique(&names::derived_operation_id(key, path), |id| {
                    self.explicit_ids.contains(id) || seen.contains_key(id)
                });
                self.derived_operation_ids.push(id.clone());
                self.warn(
                    at,
                    format!(
                        "operation has no `operationId`; named `{id}` after its method and path"
                    ),
                );
                id
            }
            (None, OperationFilter::Only(_)) => return Ok(None),
        };
        if let OperationFilter::Only(wanted) = filter {
            if !wanted.contains(&id) {
                return Ok(None);
            }
        }
        Ok(Some(id))
    }

    /// One operation: its parameters, request body, response, security and pagination, each
    /// checked against what the generated code can send and receive.
    fn operation(
        &mut self,
        at: &Location,
        id: String,
        method: Method,
        path: &str,
        path_params: &[ReferenceOr<Parameter>],
        op: &openapiv3::Operation,
    ) -> Result<RawOperation, Error> {
        let file = at.file;
        let op_hint_base = names::type_name(&id);
        let params = self.parameters(at, path, path_params, op, &op_hint_base)?;
        let body = match &op.request_body {
            None => None,
            Some(body) => Some(self.request_body(&at.join("requestBody"), body, &op_hint_base)?),
        };
        let (response, examples) = self.response(at, &op.responses, &op_hint_base)?;
        let success_status = success_status(&op.responses);
        let security = self.security(at, op)?;
        let pagination = self.pagination(at, op, &params)?;
        let docs = summary_and_description(op);
        Ok(RawOperation {
            id,
            file,
            method,
            path: path.to_owned(),
            params,
            body,
            response,
            success_status,
            security,
            pagination,
            docs,
            examples,
        })
    }

    /// The parameters of the operation at `at`, on `path`: checked against the path template,
    /// path parameters first (in template order), the others in spec order.
    fn parameters(
        &mut self,
        at: &Location,
        path: &str,
        path_params: &[ReferenceOr<Parameter>],
        op: &openapiv3::Operation,
        op_hint_base: &str,
    ) -> Result<Vec<RawParam>, Error> {
        let merged = self.merged_parameters(at, path_params, op)?;
        let template_names = template_params(path).map_err(|m| self.err(at, m))?;
        let mut params = Vec::new();
        for (param_at, param) in &merged {
            params.push(self.parameter(param_at, param, op_hint_base, path, &template_names)?);
        }
        for name in &template_names {
            if !params
                .iter()
                .any(|p| p.location == ParamLocation::Path && &p.wire_name == name)
            {
                return Err(self.err(at, format!(
                    "the path `{path}` uses `{{{name}}}` but the operation declares no path parameter `{name}`"
                )));
            }
        }
        // Path parameters first, in template order; the others in spec order.
        params.sort_by_key(|p| match p.location {
            ParamLocation::Path => template_names
                .iter()
                .position(|n| n == &p.wire_name)
                .unwrap_or(0),
            _ => usize::MAX,
        });
        Ok(params)
    }

    /// The path item's parameters, overridden by the operation's with the same name and place,
    /// each with the location where it is written.
    fn merged_parameters(
        &self,
        at: &Location,
        path_params: &[ReferenceOr<Parameter>],
        op: &openapiv3::Operation,
    ) -> Result<Vec<(Location, Parameter)>, Error> {
        let mut merged: Vec<(Location, Parameter)> = Vec::new();
        let item_parameters_at = at.parent().join("parameters");
        for (i, p) in path_params.iter().enumerate() {
            let (param, param_at) = self.resolve_parameter(&item_parameters_at.index(i), p)?;
            merged.push((param_at, param));
        }
        let parameters_at = at.join("parameters");
        for (i, p) in op.parameters.iter().enumerate() {
            let (param, param_at) = self.resolve_parameter(&parameters_at.index(i), p)?;
            let key = (param.parameter_data_ref().name.clone(), location_of(&param));
            merged.retain(|(_, q)| (q.parameter_data_ref().name.clone(), location_of(q)) != key);
            merged.push((param_at, param));
        }
        Ok(merged)
    }

    /// One parameter: its place and style checked against what the generated code can send,
    /// and its type.
    fn parameter(
        &mut self,
        param_at: &Location,
        param: &Parameter,
        op_hint_base: &str,
        path: &str,
        template_names: &[String],
    ) -> Result<RawParam, Error> {
        let (data, location) = match param {
            Parameter::Path {
                parameter_data,
                style,
            } => {
                if !matches!(style, PathStyle::Simple) {
                    return Err(self.unsupported(
                        param_at,
                        format!(
                            "path parameter style `{style:?}` is not supported (only `simple`)"
                        ),
                    ));
                }
                (parameter_data, ParamLocation::Path)
            }
            Parameter::Query {
                parameter_data,
                style,
                ..
            } => {
                if !matches!(style, QueryStyle::Form) {
                    return Err(self.unsupported(
                        param_at,
                        format!("query parameter style `{style:?}` is not supported (only `form`)"),
                    ));
                }
                if parameter_data.explode == Some(false) {
                    return Err(self.unsupported(
                        param_at,
                        "query parameters with `explode: false` are not supported",
                    ));
                }
                (parameter_data, ParamLocation::Query)
            }
            Parameter::Header { parameter_data, .. } => (parameter_data, ParamLocation::Header),
            Parameter::Cookie { .. } => {
                return Err(self.unsupported(param_at, "cookie parameters are not supported"));
            }
        };
        let schema = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => schema,
            ParameterSchemaOrContent::Content(_) => {
                return Err(self.unsupported(
                    param_at,
                    format!(
                        "parameter `{}` is described by `content`; only `schema` is supported",
                        data.name
                    ),
                ))
            }
        };
        let hint = Hint::parameter(op_hint_base, &data.name);
        let ty = self.schema_at(&param_at.join("schema"), schema, &hint, Place::Parameter)?;
        let ok = match (&ty, location) {
            (Raw::Vec(inner), ParamLocation::Query) => self.is_scalar(inner),
            (t, _) => self.is_scalar(t),
        };
        if !ok {
            return Err(self.unsupported(param_at, format!(
                "parameter `{}` has a type that cannot be sent in the {}; only strings, numbers, booleans and enums (and arrays of them in the query) are supported",
                data.name,
                match location { ParamLocation::Path => "path", ParamLocation::Query => "query", ParamLocation::Header => "headers" }
            )));
        }
        if location == ParamLocation::Path && !template_names.contains(&data.name) {
            return Err(self.err(
                param_at,
                format!(
                    "path parameter `{}` does not appear in the path `{path}`",
                    data.name
                ),
            ));
        }
        let format = match schema {
            ReferenceOr::Item(s) => schema_format(s),
            ReferenceOr::Reference { .. } => None,
        };
        let year_month = year_month_param(&ty, location, &data.name, format.as_deref());
        Ok(RawParam {
            wire_name: data.name.clone(),
            location,
            year_month,
            ty,
            required: data.required || location == ParamLocation::Path,
            docs: doc_lines(data.description.as_deref()),
        })
    }

    /// The parameter, and the location where it is written (the component, for a `$ref`).
    fn resolve_parameter(
        &self,
        at: &Location,
        p: &ReferenceOr<Parameter>,
    ) -> Result<(Parameter, Location), Error> {
        let mut current = p;
        let mut location = at.clone();
        for _ in 0..32 {
            match current {
                ReferenceOr::Item(item) => return Ok((item.clone(), location)),
                ReferenceOr::Reference { reference } => {
                    let name = self.local_ref(at, reference, "parameters")?;
                    location = Location::component(at.file, "parameters", &name);
                    current = self.docs[at.file]
                        .components
                        .as_ref()
                        .and_then(|c| c.parameters.get(&name))
                        .ok_or_else(|| {
                            self.err(at, format!("`$ref` `{reference}` points to nothing"))
                        })?;
                }
            }
        }
        Err(self.err(at, "`$ref` chain is too long or circular"))
    }

    fn request_body(
        &mut self,
        at: &Location,
        body: &ReferenceOr<RequestBody>,
        op: &str,
    ) -> Result<RawBody, Error> {
        let mut component_at = None;
        let body = match body {
            ReferenceOr::Item(b) => b.clone(),
            ReferenceOr::Reference { reference } => {
                let name = self.local_ref(at, reference, "requestBodies")?;
                component_at = Some(Location::component(at.file, "requestBodies", &name));
                match self.docs[at.file]
                    .components
                    .as_ref()
                    .and_then(|c| c.request_bodies.get(&name))
                {
                    Some(ReferenceOr::Item(b)) => b.clone(),
                    Some(ReferenceOr::Reference { .. }) => {
                        return Err(self.err(
                            at,
                            format!("`$ref` `{reference}` points to another `$ref`; not supported"),
                        ))
                    }
                    None => {
                        return Err(self.err(at, format!("`$ref` `{reference}` points to nothing")))
                    }
                }
            }
        };
        // Past the `$ref`, problems are located in the component.
        let at = component_at.as_ref().unwrap_or(at);
        let docs = doc_lines(body.description.as_deref());
        let Some((media, content)) = pick_media(&body.content) else {
            return Err(self.err(&at.join("content"), "request body declares no content"));
        };
        let media_at = at.join("content").join(media);
        let encoding = match media_kind(media) {
            MediaKind::Json => BodyEncoding::Json,
            MediaKind::Text => BodyEncoding::Text,
            MediaKind::Bytes if media == "application/octet-stream" => BodyEncoding::Bytes,
            MediaKind::Form => BodyEncoding::Form,
            _ => {
                return Err(self.unsupported(&media_at, format!(
                    "request media type `{media}` is not supported (application/json, application/x-www-form-urlencoded, text/plain or application/octet-stream)"
                )))
            }
        };
        let schema_at = media_at.join("schema");
        let ty = match (&content.schema, encoding) {
            (Some(schema), BodyEncoding::Json | BodyEncoding::Form) => {
                self.schema(&schema_at, schema, &Hint::request(op))?
            }
            (None, BodyEncoding::Form) => {
                return Err(self.unsupported(
                    &media_at,
                    "a form body (`application/x-www-form-urlencoded`) needs a schema",
                ))
            }
            (None, BodyEncoding::Json) => Raw::Json,
            (_, BodyEncoding::Text) => Raw::String,
            (_, BodyEncoding::Bytes) => Raw::Json,
        };
        if encoding == BodyEncoding::Form {
            if let Some(problem) = self.form_problem(&ty) {
                return Err(self.unsupported(&schema_at, problem));
            }
        }
        self.media_examples(&ty, content);
        Ok(RawBody {
            ty,
            encoding,
            required: body.required,
            docs,
        })
    }

    /// What a success answers: the body of the success responses (`2xx`, `2XX`; `default` only
    /// warns), by status. When their bodies (leaving out those without one) are all of one type,
    /// that type, as the first success with a body has it; when they differ, an enum over the
    /// statuses ([`RawResponse::ByStatus`]). With it, the examples the spec gives for the first
    /// success with a JSON body (see [`RawOperation::examples`]).
    fn response(
        &mut self,
        at: &Location,
        responses: &openapiv3::Responses,
        op: &str,
    ) -> Result<(RawResponse, Vec<serde_json::Value>), Error> {
        let mut success: Vec<(u16, String, &ReferenceOr<Response>)> = responses
            .responses
            .iter()
            .filter_map(|(code, r)| match code {
                StatusCode::Code(c) if (200..300).contains(c) => Some((*c, c.to_string(), r)),
                StatusCode::Range(2) => Some((299, "2XX".to_owned(), r)),
                _ => None,
            })
            .collect();
        success.sort_by_key(|(c, _, _)| *c);
        let components = self.docs[at.file].components.as_ref();
        let has_content = |r: &ReferenceOr<Response>| match r {
            ReferenceOr::Item(r) => !r.content.is_empty(),
            ReferenceOr::Reference { reference } => reference
                .strip_prefix("#/components/responses/")
                .and_then(|name| components?.responses.get(name))
                .is_some_and(|r| matches!(r, ReferenceOr::Item(r) if !r.content.is_empty())),
        };
        if success.is_empty() {
            if responses.default.as_ref().is_some_and(has_content) {
                self.warn(
                    &at.join("responses").join("default"),
                    "no 2xx response is declared, only `default`; the call returns `()` on success",
                );
            }
            return Ok((RawResponse::Unit, Vec::new()));
        }
        // With one body, its inline types are named after the operation (`GetThingResponse`),
        // as always; with several, after their status (`GetThingResponse202`), leaving the
        // operation's name to the enum over them.
        let with_body = success
            .iter()
            .filter(|(code, _, r)| *code != 204 && has_content(r))
            .count();
        let mut bodies = Vec::new();
        // The examples of the first success with a JSON body: with one shape, the body the
        // operation returns; with several, the first JSON variant.
        let mut examples = None;
        for (code, key, response) in success {
            let hint = if with_body > 1 {
                Hint::response_status(op, &key)
            } else {
                Hint::response(op)
            };
            let (body, docs, found) = self.response_body(at, code, &key, response, &hint)?;
            if examples.is_none() && matches!(body, RawResponse::Json(_)) {
                examples = Some(found);
            }
            let status = (key != "2XX").then_some(code);
            bodies.push((status, body, docs));
        }
        let examples = examples.unwrap_or_default();
        let mut shapes: Vec<&RawResponse> = Vec::new();
        for (_, body, _) in &bodies {
            if *body != RawResponse::Unit && !shapes.contains(&body) {
                shapes.push(body);
            }
        }
        if shapes.len() <= 1 {
            let body = bodies
                .into_iter()
                .map(|(_, body, _)| body)
                .find(|body| *body != RawResponse::Unit)
                .unwrap_or(RawResponse::Unit);
            return Ok((body, examples));
        }
        Ok((RawResponse::ByStatus(bodies), examples))
    }

    /// The body of one success response (its `$ref` to `components/responses` followed), its
    /// description, and for a JSON body, the examples of its media type (`example`, then each of
    /// `examples` that has a `value`, in order).
    fn response_body(
        &mut self,
        at: &Location,
        code: u16,
        key: &str,
        response: &ReferenceOr<Response>,
        hint: &Hint,
    ) -> Result<(RawResponse, Vec<String>, Vec<serde_json::Value>), Error> {
        let mut response_at = at.join("responses").join(key);
        let mut component_at = None;
        let response = match response {
            ReferenceOr::Item(r) => r.clone(),
            ReferenceOr::Reference { reference } => {
                let name = self.local_ref(&response_at, reference, "responses")?;
                component_at = Some(Location::component(at.file, "responses", &name));
                match self.docs[at.file]
                    .components
                    .as_ref()
                    .and_then(|c| c.responses.get(&name))
                {
                    Some(ReferenceOr::Item(r)) => r.clone(),
                    Some(ReferenceOr::Reference { .. }) => {
                        return Err(self.err(
                            &response_at,
                            format!("`$ref` `{reference}` points to another `$ref`; not supported"),
                        ))
                    }
                    None => {
                        return Err(self.err(
                            &response_at,
                            format!("`$ref` `{reference}` points to nothing"),
                        ))
                    }
                }
            }
        };
        if let Some(component) = component_at {
            response_at = component;
        }
        let docs = doc_lines(Some(response.description.as_str()));
        if code == 204 {
            return Ok((RawResponse::Unit, docs, Vec::new()));
        }
        let Some((media, content)) = pick_media(&response.content) else {
            return Ok((RawResponse::Unit, docs, Vec::new()));
        };
        let body = match media_kind(media) {
            MediaKind::Json => match &content.schema {
                Some(schema) => {
                    let schema_at = response_at.join("content").join(media).join("schema");
                    let ty = self.schema(&schema_at, schema, hint)?;
                    self.media_examples(&ty, content);
                    RawResponse::Json(ty)
                }
                None => RawResponse::Json(Raw::Json),
            },
            MediaKind::Text => RawResponse::Text,
            MediaKind::Bytes | MediaKind::Form => RawResponse::Bytes,
        };
        let examples = match body {
            RawResponse::Json(_) => example_values(content),
            _ => Vec::new(),
        };
        Ok((body, docs, examples))
    }

    fn security(
        &mut self,
        at: &Location,
        op: &openapiv3::Operation,
    ) -> Result<Vec<SecurityHeader>, Error> {
        let (requirements, security_at) = match &op.security {
            Some(s) => (s.clone(), at.join("security")),
            None => (
                self.docs[at.file].security.clone().unwrap_or_default(),
                Location::root(at.file).join("security"),
            ),
        };
        // An empty requirement means "no credentials needed" is one of the alternatives.
        if requirements.is_empty() || requirements.iter().any(|r| r.is_empty()) {
            return Ok(Vec::new());
        }
        let mut headers = Vec::new();
        for scheme in requirements[0].keys() {
            let found = self.docs[at.file]
                .components
                .as_ref()
                .and_then(|c| c.security_schemes.get(scheme))
                .cloned();
            match found {
                Some(ReferenceOr::Item(SecurityScheme::APIKey { location: openapiv3::APIKeyLocation::Header, name, .. })) => {
                    headers.push(SecurityHeader { scheme: scheme.clone(), header: name });
                }
                Some(_) => self.warn(&security_at, format!(
                    "security scheme `{scheme}` is not an API key sent in a header; the operation is generated without it"
                )),
                // Some published descriptions name schemes they never define: the operation is
                // still callable with a header the caller sets on the client.
                None => self.warn(&security_at, format!(
                    "security scheme `{scheme}` is not defined in `#/components/securitySchemes`; the operation is generated without it (send the credential with the client builder's `header`)"
                )),
            }
        }
        if requirements.len() > 1 {
            self.warn(
                &security_at,
                "several alternative security requirements; the first one is used",
            );
        }
        Ok(headers)
    }
}

/// The status of a success: the first success response (by status) with a body (one given by
/// `$ref` counts as having one), else the first success response; `200` for a `2XX` range and
/// when none is declared.
fn success_status(responses: &openapiv3::Responses) -> u16 {
    let mut success: Vec<(u16, bool)> = responses
        .responses
        .iter()
        .filter_map(|(code, r)| {
            let code = match code {
                StatusCode::Code(c) if (200..300).contains(c) => *c,
                StatusCode::Range(2) => 200,
                _ => return None,
            };
            let has_body = match r {
                ReferenceOr::Item(r) => !r.content.is_empty(),
                ReferenceOr::Reference { .. } => true,
            };
            Some((code, has_body && code != 204))
        })
        .collect();
    success.sort();
    success
        .iter()
        .find(|(_, body)| *body)
        .or(success.first())
        .map_or(200, |(code, _)| *code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates() {
        assert_eq!(template_params("/a/{b}/c/{d}").unwrap(), vec!["b", "d"]);
        assert!(template_params("/a/{b").is_err());
    }
}
