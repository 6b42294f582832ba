//! Pass 8: the model's operations, from the raw operations, the names of pass 3 and the types
//! of pass 7.

use std::collections::{BTreeMap, BTreeSet};

use super::super::docs::{body_docs, operation_docs, parameter_docs};
use super::super::extensions::pagination_def;
use super::super::raw::*;
use super::super::Builder;
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
            let method_name = names::method_name(&op.id, |n| method_names.contains(n));
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
        let response = match &op.response {
            RawResponse::Unit => ResponseKind::Unit,
            RawResponse::Json(t) => ResponseKind::Json(self.resolve(t, names)),
            RawResponse::Text => ResponseKind::Text,
            RawResponse::Bytes => ResponseKind::Bytes,
        };
        let params = self.params(&op, idents, names);
        let module = names::module_of_ident(&method_name);
        let docs = operation_docs(&op);
        let pagination = op
            .pagination
            .as_ref()
            .map(|(wire, header)| pagination_def(wire, header, &params, &response, types));
        Operation {
            id: op.id.clone(),
            method_name: Ident::from_source(method_name),
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
                docs: parameter_docs(p),
            })
            .collect()
    }
}
