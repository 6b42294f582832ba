//! Pass 8: the model's operations, from the raw operations, the names of pass 3 and the types
//! of pass 7 (each with its default answer, from [`examples`]).

use std::collections::{BTreeMap, BTreeSet};

use super::super::docs::{body_docs, operation_docs, parameter_docs};
use super::super::extensions::pagination_def;
use super::super::raw::*;
use super::super::Builder;
use super::examples;
use crate::model::*;
use crate::names;

impl Builder<'_> {
    /// The model's operations, sorted by method name; each gets a method name and a request
    /// builder name no other operation has. Types are referred to by the names of pass 3, and
    /// pagination looks into the response's type from pass 7.
    pub(crate) fn operation_defs(
        &self,
        operations: Vec<RawOperation>,
        types: &BTreeMap<String, TypeDef>,
        names: &BTreeMap<TypeId, String>,
    ) -> Vec<Operation> {
        let mut ops = Vec::new();
        let mut method_names = BTreeSet::new();
        let mut builder_names = BTreeSet::new();
        let mut sorted = operations;
        sorted.sort_by(|a, b| {
            names::value_name(&a.id)
                .cmp(&names::value_name(&b.id))
                .then(a.id.cmp(&b.id))
        });
        let mut decided = Vec::new();
        for op in sorted {
            let method_name = names::method_name(&op.id, |n| method_names.contains(n));
            method_names.insert(method_name.clone());
            let builder_name =
                names::unique(&names::builder_name(&op.id), |n| builder_names.contains(n));
            builder_names.insert(builder_name.clone());
            decided.push((op, method_name, builder_name));
        }
        // The response enums share the operations' namespace with the builders, and should not
        // be named like a model type either (`operations::X::Ok(models::X)` would confuse).
        let mut enum_names = BTreeSet::new();
        for (op, method_name, builder_name) in decided {
            let enum_name = matches!(op.response, RawResponse::ByStatus(_)).then(|| {
                let name = names::status_enum_name(&builder_name, |n| {
                    builder_names.contains(n) || enum_names.contains(n) || types.contains_key(n)
                });
                enum_names.insert(name.clone());
                name
            });
            let names_of = Names {
                method: method_name,
                builder: builder_name,
                response_enum: enum_name,
            };
            ops.push(self.operation_def(op, names_of, types, names));
        }
        // The records of the fake are re-exported by `operations` with the builders and the
        // response enums, and should not be named like a model type either (a user who imports
        // both `models::*` and `operations::*` would get an ambiguous name).
        let mut record_names = BTreeSet::new();
        for op in &mut ops {
            let name = names::unique(&format!("{}Record", op.builder_name), |n| {
                builder_names.contains(n)
                    || enum_names.contains(n)
                    || record_names.contains(n)
                    || types.contains_key(n)
            });
            record_names.insert(name.clone());
            op.record_name = name;
        }
        ops
    }

    /// A success response in the model's terms; `enum_name` names the enum of a
    /// [`RawResponse::ByStatus`].
    fn response_kind(
        &self,
        response: &RawResponse,
        enum_name: Option<&str>,
        names: &BTreeMap<TypeId, String>,
    ) -> ResponseKind {
        match response {
            RawResponse::Unit => ResponseKind::Unit,
            RawResponse::Json(t) => ResponseKind::Json(self.resolve(t, names)),
            RawResponse::Text => ResponseKind::Text,
            RawResponse::Bytes => ResponseKind::Bytes,
            RawResponse::ByStatus(statuses) => ResponseKind::ByStatus(StatusResponses {
                name: enum_name.unwrap_or_default().to_owned(),
                variants: statuses
                    .iter()
                    .map(|(status, body, docs)| StatusVariant {
                        name: names::status_variant_name(*status),
                        status: *status,
                        body: Box::new(self.response_kind(body, None, names)),
                        docs: docs.clone(),
                    })
                    .collect(),
                other: statuses
                    .iter()
                    .all(|(status, _, _)| status.is_some())
                    .then(|| "Other".to_owned()),
            }),
        }
    }

    /// One operation, its names decided.
    fn operation_def(
        &self,
        op: RawOperation,
        Names {
            method: method_name,
            builder: builder_name,
            response_enum,
        }: Names,
        types: &BTreeMap<String, TypeDef>,
        names: &BTreeMap<TypeId, String>,
    ) -> Operation {
        let wires: Vec<(&str, ParamLocation)> = op
            .params
            .iter()
            .map(|p| (p.wire_name.as_str(), p.location))
            .collect();
        let idents = names::parameter_idents(&wires);
        let body = op.body.as_ref().map(|b| {
            let name = names::body_ident(&idents);
            Body {
                setter: names::setter_name(&name),
                name: Ident::from_source(name),
                ty: self.resolve(&b.ty, names),
                encoding: b.encoding,
                required: b.required,
                docs: body_docs(b),
            }
        });
        let response = self.response_kind(&op.response, response_enum.as_deref(), names);
        let params = self.params(&op, idents, names);
        let module = names::module_of_ident(&method_name);
        let docs = operation_docs(&op);
        let pagination = op
            .pagination
            .as_ref()
            .map(|(wire, header)| pagination_def(wire, header, &params, &response, types));
        let example = examples::operation_example(&response, &op.examples, types);
        let fake_answer = fake_answer(&response, op.success_status);
        Operation {
            id: op.id.clone(),
            method_name: Ident::from_source(method_name),
            builder_name,
            record_name: String::new(),
            module,
            http_method: op.method,
            path: op.path.clone(),
            params,
            body,
            response,
            fake_answer,
            security: op.security.clone(),
            pagination,
            docs,
            file: self.files[op.file].to_owned(),
            example,
        }
    }

    /// An operation's parameters, with the identifiers [`names::parameter_idents`] gave them.
    fn params(
        &self,
        op: &RawOperation,
        idents: Vec<String>,
        names: &BTreeMap<TypeId, String>,
    ) -> Vec<Param> {
        op.params
            .iter()
            .zip(idents)
            .map(|(p, ident)| Param {
                setter: names::setter_name(&ident),
                name: Ident::from_source(ident),
                wire_name: p.wire_name.clone(),
                location: p.location,
                ty: if p.year_month {
                    TypeRef::YearMonth
                } else {
                    self.resolve(&p.ty, names)
                },
                required: p.required,
                // Set by `login_defaults`, once the client settings are known.
                login_default: None,
                docs: parameter_docs(p),
            })
            .collect()
    }
}

/// The names an operation gets before its definition is made.
struct Names {
    method: String,
    builder: String,
    /// The enum of several success shapes, if it has them.
    response_enum: Option<String>,
}

/// What the fake answers a success with (see [`FakeAnswer`]): the one success shape, or, for
/// several, the first status whose body is JSON (else the first), as
/// [`examples::json_body`] chooses the example's type.
fn fake_answer(response: &ResponseKind, success_status: u16) -> FakeAnswer {
    match response {
        ResponseKind::ByStatus(statuses) => {
            let chosen = statuses
                .variants
                .iter()
                .find(|v| matches!(*v.body, ResponseKind::Json(_)))
                .or(statuses.variants.first());
            match chosen {
                Some(variant) => FakeAnswer {
                    status: variant.status.unwrap_or(200),
                    body: (*variant.body).clone(),
                },
                None => FakeAnswer {
                    status: 200,
                    body: ResponseKind::Unit,
                },
            }
        }
        other => FakeAnswer {
            status: success_status,
            body: other.clone(),
        },
    }
}
