//! The file of one named type (`models/<module>.rs`): its origins, its imports and the type.
//! Structs (and their `Debug` when a field is secret) are printed here, string enums in
//! [`enums`] and `oneOf`s in [`one_of`].

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{docs, ident, rust_type, var};
use super::{enums, one_of};
use crate::model::{Field, TypeDef, TypeKind, TypeRef};
use crate::runtime;

/// `models/<module>.rs` for `def`: the origins as the file's doc, `BTreeMap` and the other
/// named types it uses, then the type.
pub(super) fn type_file(def: &TypeDef) -> TokenStream {
    let mut named = BTreeSet::new();
    let mut maps = false;
    match &def.kind {
        TypeKind::Struct { fields, .. } => {
            for f in fields {
                collect_named(&f.ty, &mut named, &mut maps);
            }
        }
        TypeKind::OneOf { variants, .. } => {
            for v in variants {
                collect_named(&v.ty, &mut named, &mut maps);
            }
        }
        TypeKind::Enum { .. } => {}
    }
    named.remove(def.name.as_str());
    let uses_models = if named.is_empty() {
        quote!()
    } else {
        let names = named.iter().map(|n| ident(n));
        quote!(use super::{#(#names),*};)
    };
    let uses_map = if maps {
        quote!(
            use std::collections::BTreeMap;
        )
    } else {
        quote!()
    };
    let body = match &def.kind {
        TypeKind::Struct { fields, default } => struct_def(def, fields, *default),
        TypeKind::Enum { variants, unknown } => enums::enum_def(def, variants, unknown),
        TypeKind::OneOf {
            variants,
            other,
            discriminator,
        } => one_of::one_of_def(def, variants, other, discriminator.as_ref()),
    };
    let origins = match def.origins.as_slice() {
        [one] => vec![crate::names::doc_safe(
            &format!(" Generated from `{one}`.").replace('\n', " "),
        )],
        many => std::iter::once(" Generated from:".to_owned())
            .chain(
                many.iter()
                    .map(|o| crate::names::doc_safe(&format!(" - `{o}`").replace('\n', " "))),
            )
            .collect(),
    };
    quote! {
        #(#![doc = #origins])*
        #uses_map
        #uses_models
        #body
    }
}

/// Adds the named types `ty` mentions to `out`, and sets `maps` if it has a map.
fn collect_named<'m>(ty: &'m TypeRef, out: &mut BTreeSet<&'m str>, maps: &mut bool) {
    match ty {
        TypeRef::Named(n) => {
            out.insert(n);
        }
        TypeRef::Vec(inner) => collect_named(inner, out, maps),
        TypeRef::Map(inner) => {
            *maps = true;
            collect_named(inner, out, maps);
        }
        _ => {}
    }
}

/// A struct with serde attributes (wire name, default, omitted when `None`, lenient strings),
/// deriving `Default` when `default`, and `Debug` unless a field is secret.
fn struct_def(def: &TypeDef, fields: &[Field], default: bool) -> TokenStream {
    let name = ident(&def.name);
    let type_docs = docs(&def.docs);
    let derive_default = if default { quote!(Default,) } else { quote!() };
    let secrets = fields.iter().any(|f| f.secret);
    let debug_derive = if secrets { quote!() } else { quote!(Debug,) };
    let debug_impl = if secrets {
        redacted_debug(&def.name, fields)
    } else {
        quote!()
    };
    let fields = fields.iter().map(|f| {
        let field = var(&f.name);
        let mut ty = rust_type(&f.ty, false);
        if f.boxed {
            ty = quote!(Box<#ty>);
        }
        if f.is_option() {
            ty = quote!(Option<#ty>);
        }
        let field_docs = docs(&f.docs);
        let mut serde_args = Vec::new();
        if f.name.bare() != f.wire_name {
            let wire = &f.wire_name;
            serde_args.push(quote!(rename = #wire));
        }
        if f.is_option() {
            serde_args.push(quote!(default));
        }
        if !f.required {
            serde_args.push(quote!(skip_serializing_if = "Option::is_none"));
        }
        if f.lenient {
            let path = runtime::path_text("lenient::deserialize");
            serde_args.push(quote!(deserialize_with = #path));
        }
        let serde_attr = if serde_args.is_empty() {
            quote!()
        } else {
            quote!(#[serde(#(#serde_args),*)])
        };
        quote! {
            #field_docs
            #serde_attr
            pub #field: #ty,
        }
    });
    quote! {
        #type_docs
        #[derive(Clone, #debug_derive #derive_default PartialEq, serde::Serialize, serde::Deserialize)]
        pub struct #name {
            #(#fields)*
        }

        #debug_impl
    }
}

/// `Debug` that shows `***` for secret fields (passwords, keys, tokens).
fn redacted_debug(type_name: &str, fields: &[Field]) -> TokenStream {
    let rt = runtime::path();
    let name = ident(type_name);
    let entries = fields.iter().map(|f| {
        let field = var(&f.name);
        let label = f.name.bare();
        match (f.secret, f.is_option()) {
            (false, _) => quote!(.field(#label, &self.#field)),
            (true, true) => {
                quote!(.field(#label, &self.#field.as_ref().map(|_| #rt::Redacted)))
            }
            (true, false) => quote!(.field(#label, &#rt::Redacted)),
        }
    });
    quote! {
        impl std::fmt::Debug for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(#type_name)
                    #(#entries)*
                    .finish()
            }
        }
    }
}
