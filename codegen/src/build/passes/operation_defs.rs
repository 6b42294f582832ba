//! Pass 8: the model's operations, from the raw operations, the names of pass 3 and the types
//! of pass 7.

use std::collections::{BTreeMap, BTreeSet};

use super::super::docs::{body_docs, operation_docs, parameter_docs};
use super::super::extensions::pagination_def;
use super::super::raw::*;
use super::super::Builder;
use super::naming::{location_rank, setter_name, stable_idents};
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
        for op in sorted {
            let base = names::value_name(&op.id);
            let base = if crate::client::CLIENT_METHODS.contains(&base.as_str()) {
                format!("{base}_operation")
            } else {
                base
            };
            let method_name = names::unique(&base, |n| method_names.contains(n));
            method_names.insert(method_name.clone());
            let builder_name =
                names::unique(&names::builder_name(&op.id), |n| builder_names.contains(n));
            builder_names.insert(builder_name.clone());
            ops.push(self.operation_def(op, method_name, builder_name, types, names));
        }
        ops
    }

    /// One operation, its method and builder names decided.
    fn operation_def(
        &self,
        op: RawOperation,
        method_name: String,
        builder_name: String,
        types: &BTreeMap<String, TypeDef>,
        names: &BTreeMap<TypeId, String>,
    ) -> Operation {
        let (params, taken) = self.params(&op, names);
        let body = op.body.as_ref().map(|b| {
            let name = names::unique("body", |n| {
                taken.contains(n) || taken.contains(&setter_name(n))
            });
            Body {
                setter: setter_name(&name),
                name,
                ty: self.resolve(&b.ty, names),
                encoding: b.encoding,
                required: b.required,
                docs: body_docs(b),
            }
        });
        let response = match &op.response {
            RawResponse::Unit => ResponseKind::Unit,
            RawResponse::Json(t) => ResponseKind::Json(self.resolve(t, names)),
            RawResponse::Text => ResponseKind::Text,
            RawResponse::Bytes => ResponseKind::Bytes,
        };
        let module = match method_name.strip_prefix("r#") {
            Some(bare) => format!("{bare}_"),
            None => method_name.clone(),
        };
        let docs = operation_docs(&op);
        let pagination = op
            .pagination
            .as_ref()
            .map(|(wire, header)| pagination_def(wire, header, &params, &response, types));
        Operation {
            id: op.id.clone(),
            method_name,
            builder_name,
            module,
            http_method: op.method,
            path: op.path.clone(),
            params,
            body,
            response,
            security: op.security.clone(),
            pagination,
            docs,
            file: self.files[op.file].to_owned(),
        }
    }

    /// An operation's parameters, named, and the names a request body must not take.
    fn params(
        &self,
        op: &RawOperation,
        names: &BTreeMap<TypeId, String>,
    ) -> (Vec<Param>, BTreeSet<String>) {
        // Parameter names avoid the builder's own methods and each other's `set_…` setters.
        // Same name in two places (query `id`, header `id`): path, query, header order.
        let mut order: Vec<usize> = (0..op.params.len()).collect();
        order.sort_by_key(|&i| location_rank(op.params[i].location));
        let wires: Vec<&str> = order
            .iter()
            .map(|&i| op.params[i].wire_name.as_str())
            .collect();
        let sorted = stable_idents(&wires, names::value_name, names::BUILDER_METHODS, true);
        let mut idents = vec![String::new(); op.params.len()];
        for (ident, &i) in sorted.into_iter().zip(&order) {
            idents[i] = ident;
        }
        let mut taken: BTreeSet<String> = names::BUILDER_METHODS
            .iter()
            .map(|s| s.to_string())
            .collect();
        taken.extend(idents.iter().cloned());
        let params: Vec<Param> = op
            .params
            .iter()
            .zip(idents)
            .map(|(p, ident)| Param {
                setter: setter_name(&ident),
                name: ident,
                wire_name: p.wire_name.clone(),
                location: p.location,
                ty: if p.year_month {
                    TypeRef::YearMonth
                } else {
                    self.resolve(&p.ty, names)
                },
                required: p.required,
                docs: parameter_docs(p),
            })
            .collect();
        (params, taken)
    }
}
