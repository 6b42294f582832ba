//! The file of one named type (`models/<module>.rs`): its origins, its imports and the type.
//! Structs, their builders (and their `Debug` when a field is secret) are printed here, string
//! enums in [`enums`] and `oneOf`s in [`one_of`].

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{docs, ident, rust_type, var};
use super::{enums, one_of};
use crate::model::{Accessor, Conversion, Field, FieldSource, TypeDef, TypeKind, TypeRef};
use crate::runtime;

/// `models/<module>.rs` for `def`: the origins as the file's doc, `BTreeMap` and the other
/// named types it uses, then the type.
pub(super) fn type_file(def: &TypeDef) -> TokenStream {
    let mut named = BTreeSet::new();
    let mut maps = false;
    match &def.kind {
        TypeKind::Struct {
            fields,
            conversions,
            ..
        } => {
            for f in fields {
                collect_named(&f.ty, &mut named, &mut maps);
            }
            named.extend(conversions.iter().map(|c| c.from.as_str()));
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
        TypeKind::Struct {
            fields,
            default,
            builder,
            conversions,
        } => {
            let builder = builder_def(def, fields, builder);
            let accessors = accessors(def, fields);
            let conversions = conversions.iter().map(|c| conversion(def, fields, c));
            let def = struct_def(def, fields, *default);
            quote! {
                #def
                #builder
                #accessors
                #(#conversions)*
            }
        }
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

/// The type of `f` as the struct holds it: boxed if need be, in an `Option` if optional or
/// nullable.
fn field_type(f: &Field) -> TokenStream {
    let mut ty = rust_type(&f.ty, false);
    if f.boxed {
        ty = quote!(Box<#ty>);
    }
    if f.is_option() {
        ty = quote!(Option<#ty>);
    }
    ty
}

/// A `#[non_exhaustive]` struct with a printed `Serialize` and `Deserialize` (see
/// [`serialize`](super::serialize) and [`deserialize`](super::deserialize)), deriving `Default`
/// when `default`, and `Debug` unless a field is secret.
fn struct_def(def: &TypeDef, fields: &[Field], default: bool) -> TokenStream {
    let name = ident(&def.name);
    let type_docs = docs(&def.docs);
    let derive_default = if default { quote!(Default,) } else { quote!() };
    let secrets = fields.iter().any(|f| f.secret);
    let debug_derive = if secrets { quote!() } else { quote!(Debug,) };
    let debug_impl = if secrets {
        redacted_debug(&def.name, fields, false)
    } else {
        quote!()
    };
    let serialize = super::serialize::serialize_impl(def, fields);
    let deserialize = super::deserialize::deserialize_impl(def, fields);
    let fields = fields.iter().map(|f| {
        let field = var(&f.name);
        let ty = field_type(f);
        let field_docs = docs(&f.docs);
        quote! {
            #field_docs
            pub #field: #ty,
        }
    });
    quote! {
        #type_docs
        #[derive(Clone, #debug_derive #derive_default PartialEq)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        #serialize

        #deserialize

        #debug_impl
    }
}

/// The builder of the struct `def`, named `builder`: every field held as an `Option`, a setter
/// per field taking `impl Into<…>` (lists and maps: any iterable of such items) and its `set_…`
/// twin taking an `Option`, and `build`, which
/// returns a `Result` only when a field is required (and not nullable: an unset nullable field
/// is `null`). `Type::builder()` starts one.
fn builder_def(def: &TypeDef, fields: &[Field], builder: &str) -> TokenStream {
    let rt = runtime::path();
    let name = ident(&def.name);
    let type_name = &def.name;
    let builder_name = ident(builder);
    let missing: Vec<&Field> = fields
        .iter()
        .filter(|f| f.required && !f.nullable)
        .collect();
    let required_doc = match missing.as_slice() {
        [] => " Every field is optional.".to_owned(),
        [one] => format!(" `{}` is required.", one.name.bare()),
        many => {
            let names: Vec<String> = many
                .iter()
                .map(|f| format!("`{}`", f.name.bare()))
                .collect();
            format!(" Required: {}.", names.join(", "))
        }
    };
    let starts_doc = format!(" Starts a builder of [`{type_name}`] values.{required_doc}");
    let builder_doc = format!(
        " Builds [`{type_name}`] values: one setter per field, taking the value, and its `set_…` twin, taking an `Option`; then [`build`]({builder}::build)."
    );
    let secrets = fields.iter().any(|f| f.secret);
    let debug_derive = if secrets { quote!() } else { quote!(Debug,) };
    let debug_impl = if secrets {
        redacted_debug(builder, fields, true)
    } else {
        quote!()
    };
    let slots = fields.iter().map(|f| {
        let field = var(&f.name);
        let mut ty = rust_type(&f.ty, false);
        if f.boxed {
            ty = quote!(Box<#ty>);
        }
        quote!(#field: Option<#ty>,)
    });
    let setters = fields.iter().map(|f| {
        let field = var(&f.name);
        let set = ident(&f.setter);
        let ty = rust_type(&f.ty, false);
        let bare = f.name.bare();
        let required = if f.required && !f.nullable {
            " (required)"
        } else {
            ""
        };
        let doc = format!(" Sets [`{bare}`]({type_name}::{bare}){required}.");
        let set_doc = format!(" Sets [`{bare}`]({type_name}::{bare}), or unsets it with `None`.");
        // Lists and maps take any iterable of convertible items (`["a", "b"]`, a `Vec`, an
        // iterator); other values anything `Into` their type.
        let (param, into) = match &f.ty {
            TypeRef::Vec(item) => {
                let item = rust_type(item, false);
                (
                    quote!(impl IntoIterator<Item = impl Into<#item>>),
                    quote!(value.into_iter().map(Into::into).collect::<#ty>()),
                )
            }
            TypeRef::Map(item) => {
                let item = rust_type(item, false);
                (
                    quote!(impl IntoIterator<Item = (impl Into<String>, impl Into<#item>)>),
                    quote!(value
                        .into_iter()
                        .map(|(key, item)| (key.into(), item.into()))
                        .collect::<#ty>()),
                )
            }
            _ => (quote!(impl Into<#ty>), quote!(value.into())),
        };
        let (wrap, set_value) = if f.boxed {
            (quote!(Box::new(#into)), quote!(value.map(Box::new)))
        } else {
            (into, quote!(value))
        };
        quote! {
            #[doc = #doc]
            #[inline]
            pub fn #field(mut self, value: #param) -> Self {
                self.#field = Some(#wrap);
                self
            }

            #[doc = #set_doc]
            #[inline]
            pub fn #set(mut self, value: Option<#ty>) -> Self {
                self.#field = #set_value;
                self
            }
        }
    });
    let values = fields.iter().map(|f| {
        let field = var(&f.name);
        if f.required && !f.nullable {
            let bare = f.name.bare();
            quote! {
                #field: self.#field.ok_or_else(|| #rt::BuildError::missing(#type_name, #bare))?,
            }
        } else {
            quote!(#field: self.#field,)
        }
    });
    let build = if missing.is_empty() {
        let doc = format!(" The [`{type_name}`].");
        quote! {
            #[doc = #doc]
            #[inline]
            pub fn build(self) -> #name {
                #name {
                    #(#values)*
                }
            }
        }
    } else {
        let doc = format!(" The [`{type_name}`].");
        let errors_doc = format!(
            " A [`BuildError`]({}) naming the first required field that is not set.",
            runtime::public_path_text("BuildError")
        );
        quote! {
            #[doc = #doc]
            #[doc = ""]
            #[doc = " # Errors"]
            #[doc = ""]
            #[doc = #errors_doc]
            #[inline]
            pub fn build(self) -> Result<#name, #rt::BuildError> {
                Ok(#name {
                    #(#values)*
                })
            }
        }
    };
    quote! {
        impl #name {
            #[doc = #starts_doc]
            #[inline]
            pub fn builder() -> #builder_name {
                // Not `Builder::default()`: a field named `default` has a setter of that name.
                ::core::default::Default::default()
            }
        }

        #[doc = #builder_doc]
        #[derive(Clone, #debug_derive Default)]
        pub struct #builder_name {
            #(#slots)*
        }

        #debug_impl

        impl #builder_name {
            #(#setters)*

            #build
        }
    }
}

/// The accessors of `def`'s fields that have one (see [`Accessor`]).
fn accessors(def: &TypeDef, fields: &[Field]) -> TokenStream {
    let rt = runtime::path();
    let methods: Vec<TokenStream> = fields
        .iter()
        .filter_map(|f| {
            let field = var(&f.name);
            let bare = f.name.bare();
            match (f.accessor?, &f.ty) {
                (Accessor::Slice, TypeRef::Vec(item)) => {
                    let item = rust_type(item, false);
                    let doc =
                        format!(" [`{bare}`](Self::{bare}) as a slice, empty when it is absent.");
                    Some(quote! {
                        #[doc = #doc]
                        #[inline]
                        pub fn #field(&self) -> &[#item] {
                            self.#field.as_deref().unwrap_or_default()
                        }
                    })
                }
                (Accessor::YearMonth, _) => {
                    let doc = format!(
                        " [`{bare}`](Self::{bare}) as a checked year and month; `None` when it is absent or not a month written `yyyyMM`."
                    );
                    let value = if f.is_option() {
                        quote!(self.#field.as_deref()?)
                    } else {
                        quote!(self.#field.as_str())
                    };
                    Some(quote! {
                        #[doc = #doc]
                        #[inline]
                        pub fn #field(&self) -> Option<#rt::YearMonth> {
                            #value.parse().ok()
                        }
                    })
                }
                _ => None,
            }
        })
        .collect();
    if methods.is_empty() {
        return quote!();
    }
    let name = ident(&def.name);
    quote! {
        impl #name {
            #(#methods)*
        }
    }
}

/// `From<source>` for `def`, field by field as `conversion` says.
fn conversion(def: &TypeDef, fields: &[Field], conversion: &Conversion) -> TokenStream {
    let name = ident(&def.name);
    let source = ident(&conversion.from);
    let values = fields.iter().zip(&conversion.fields).map(|(f, from)| {
        let field = var(&f.name);
        match from {
            FieldSource::Moved(s) => {
                let s = var(s);
                quote!(#field: value.#s,)
            }
            FieldSource::Wrapped(s) => {
                let s = var(s);
                quote!(#field: Some(value.#s),)
            }
            FieldSource::Absent => quote!(#field: None,),
        }
    });
    let doc = format!(
        " The fields of a [`{}`] that a [`{}`] has too, by property name; the others are `None`.",
        conversion.from, def.name
    );
    quote! {
        impl From<#source> for #name {
            #[doc = #doc]
            #[inline]
            fn from(value: #source) -> Self {
                #name {
                    #(#values)*
                }
            }
        }
    }
}

/// `Debug` for `type_name` (a struct, or with `builder` a struct's builder, whose fields are all
/// `Option`s) that shows `***` for secret fields (passwords, keys, tokens).
fn redacted_debug(type_name: &str, fields: &[Field], builder: bool) -> TokenStream {
    let rt = runtime::path();
    let name = ident(type_name);
    let entries = fields.iter().map(|f| {
        let field = var(&f.name);
        let label = f.name.bare();
        match (f.secret, builder || f.is_option()) {
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
