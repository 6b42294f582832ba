//! Pass 7: the model's types, from the raw types and what passes 3 to 6 decided.

use std::collections::{BTreeMap, BTreeSet};

use super::super::docs::{property_docs, type_docs};
use super::super::extensions::year_month_field;
use super::super::raw::*;
use super::super::Builder;
use super::Decided;
use crate::model::*;
use crate::names;

impl Builder<'_> {
    /// The model's types by name: every type named by pass 3, in name order (which decides
    /// which of two types with the same module name gets the number), each with its module,
    /// docs and the places that use it. Types the passes gave up on are left out (raw JSON).
    pub(crate) fn type_defs(&self, decided: &Decided) -> BTreeMap<String, TypeDef> {
        let names = &decided.names;
        let mut types = BTreeMap::new();
        let mut modules = BTreeSet::new();
        let type_names: BTreeSet<&str> = names.values().map(String::as_str).collect();
        let mut builders = BTreeSet::new();
        let mut order: Vec<TypeId> = (0..self.types.len())
            .filter(|id| names.contains_key(id))
            .collect();
        order.sort_by(|a, b| names[a].cmp(&names[b]));
        for id in order {
            let name = names[&id].clone();
            let raw = &self.types[id];
            let kind = match &raw.kind {
                RawKind::Pending | RawKind::AllOf { .. } => continue,
                RawKind::Struct(fields) => {
                    let builder = names::builder_type_name(&name, |n| {
                        type_names.contains(n) || builders.contains(n)
                    });
                    builders.insert(builder.clone());
                    self.struct_kind(id, fields, builder, decided)
                }
                RawKind::Enum(values) => enum_kind(values),
                RawKind::OneOf {
                    variants,
                    discriminator,
                } => self.one_of_kind(id, variants, discriminator, decided),
            };
            let module = names::unique(&names::module_name(&name), |m| modules.contains(m));
            modules.insert(module.clone());
            let origins = raw.origins.iter().cloned().collect::<Vec<_>>();
            types.insert(
                name.clone(),
                TypeDef {
                    name,
                    module,
                    docs: type_docs(raw),
                    origins,
                    kind,
                },
            );
        }
        types
    }

    /// A struct's fields: named, typed, boxed (pass 4), lenient (pass 5), whether the struct
    /// derives `Default` (pass 6), and its builder named `builder`.
    fn struct_kind(
        &self,
        id: TypeId,
        fields: &[RawField],
        builder: String,
        decided: &Decided,
    ) -> TypeKind {
        let Decided {
            names,
            boxed,
            lenient,
            defaults,
        } = decided;
        let wires: Vec<&str> = fields.iter().map(|f| f.wire_name.as_str()).collect();
        let idents = names::field_idents(&wires);
        let fields = fields
            .iter()
            .zip(idents)
            .map(|(f, ident)| {
                let ty = self.resolve(&f.ty, names);
                let accessor = if !names::accessor_allowed(&ident) {
                    None
                } else if matches!(ty, TypeRef::Vec(_)) && (!f.required || f.nullable) {
                    Some(Accessor::Slice)
                } else if year_month_field(&ty, &f.wire_name, f.format.as_deref()) {
                    Some(Accessor::YearMonth)
                } else {
                    None
                };
                Field {
                    setter: names::setter_name(&ident),
                    name: Ident::from_source(ident),
                    wire_name: f.wire_name.clone(),
                    lenient: ty.has_plain_string()
                        && (f.digits_format || lenient.contains(&(id, f.wire_name.clone()))),
                    ty,
                    required: f.required,
                    nullable: f.nullable,
                    secret: is_secret(&f.wire_name, f.format.as_deref()),
                    never_sent: f.never_sent,
                    accessor,
                    format: f.format.clone(),
                    default: f.default.clone(),
                    example: f.example.clone(),
                    boxed: matches!(f.ty, Raw::Named(target) if boxed.contains(&(id, target))),
                    docs: property_docs(f),
                }
            })
            .collect();
        TypeKind::Struct {
            fields,
            default: defaults.contains(&id),
            builder,
            conversions: Vec::new(),
        }
    }

    /// A `oneOf`'s variants: named after their component, their type's name or their shape,
    /// without the prefix they all share; typed, boxed (pass 4), and with the JSON shape that
    /// tells them apart.
    fn one_of_kind(
        &self,
        id: TypeId,
        variants: &[RawVariant],
        discriminator: &Option<(String, Vec<(String, usize)>)>,
        decided: &Decided,
    ) -> TypeKind {
        let Decided { names, boxed, .. } = decided;
        let bases: Vec<String> = variants
            .iter()
            .enumerate()
            .map(|(i, v)| match (&v.component, &v.ty) {
                (Some(c), _) => names::schema_type_name(c),
                (None, Raw::Named(t)) => names.get(t).cloned().unwrap_or_else(|| "Json".to_owned()),
                (None, ty) => names::primitive_variant_name(&self.resolve(ty, names), i),
            })
            .collect();
        let (idents, other) = names::one_of_variant_idents(&bases);
        let variants: Vec<OneOfVariant> = variants
            .iter()
            .zip(idents)
            .map(|(v, ident)| OneOfVariant {
                name: ident,
                ty: self.resolve(&v.ty, names),
                boxed: matches!(v.ty, Raw::Named(target) if boxed.contains(&(id, target))),
                shape: shape_from_key(&self.shape_of(&v.ty)),
            })
            .collect();
        TypeKind::OneOf {
            variants,
            other,
            discriminator: discriminator.clone(),
        }
    }

    pub(crate) fn resolve(&self, raw: &Raw, names: &BTreeMap<TypeId, String>) -> TypeRef {
        match raw {
            Raw::String => TypeRef::String,
            Raw::Int(ty) => ty.clone(),
            Raw::F64 => TypeRef::F64,
            Raw::Bool => TypeRef::Bool,
            Raw::Vec(inner) => TypeRef::Vec(Box::new(self.resolve(inner, names))),
            Raw::Map(inner) => TypeRef::Map(Box::new(self.resolve(inner, names))),
            Raw::Named(id) => match names.get(id) {
                Some(name) => TypeRef::Named(name.clone()),
                None => TypeRef::Json,
            },
            Raw::Json => TypeRef::Json,
            Raw::JsonObject => TypeRef::JsonObject,
        }
    }

    fn shape_of(&self, ty: &Raw) -> ShapeKey {
        match ty {
            Raw::String => ShapeKey::String,
            Raw::Int(_) => ShapeKey::Integer,
            Raw::F64 => ShapeKey::Number,
            Raw::Bool => ShapeKey::Boolean,
            Raw::Vec(_) => ShapeKey::Array,
            Raw::Map(_) | Raw::JsonObject => ShapeKey::Object {
                properties: Vec::new(),
                required: Vec::new(),
            },
            Raw::Json => ShapeKey::Any,
            Raw::Named(id) => match &self.types[*id].kind {
                RawKind::Struct(fields) => ShapeKey::Object {
                    properties: fields.iter().map(|f| f.wire_name.clone()).collect(),
                    required: fields
                        .iter()
                        .filter(|f| f.required)
                        .map(|f| f.wire_name.clone())
                        .collect(),
                },
                RawKind::Enum(_) => ShapeKey::String,
                RawKind::OneOf { .. } | RawKind::AllOf { .. } | RawKind::Pending => ShapeKey::Any,
            },
        }
    }
}

/// A string enum's variants, named after their values, and the name of its catch-all variant.
fn enum_kind(values: &[String]) -> TypeKind {
    let (idents, unknown) = names::enum_variant_idents(values);
    let variants: Vec<EnumVariant> = values
        .iter()
        .zip(idents)
        .map(|(v, ident)| EnumVariant {
            name: ident,
            value: v.clone(),
        })
        .collect();
    TypeKind::Enum { variants, unknown }
}

fn shape_from_key(key: &ShapeKey) -> Shape {
    match key {
        ShapeKey::Object {
            properties,
            required,
        } => Shape::Object {
            properties: properties.clone(),
            required: required.clone(),
        },
        ShapeKey::String => Shape::String,
        ShapeKey::Integer => Shape::Integer,
        ShapeKey::Number => Shape::Number,
        ShapeKey::Boolean => Shape::Boolean,
        ShapeKey::Array => Shape::Array,
        ShapeKey::Any => Shape::Any,
    }
}

/// Whether a property holds a secret, by its name or `format: password`.
fn is_secret(wire_name: &str, format: Option<&str>) -> bool {
    let name: String = wire_name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    // An identifier of a secret (`authKeyId`) is not one.
    format == Some("password")
        || !name.ends_with("id")
            && [
                "password",
                "secret",
                "token",
                "apikey",
                "authkey",
                "otp",
                "credential",
            ]
            .iter()
            .any(|word| name.contains(word))
}
