//! Small pieces the printers share: an identifier from a model name, doc attributes from doc
//! lines, and the Rust type of a [`TypeRef`].

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::model::{self, TypeRef};
use crate::runtime;

/// The identifier for a name of the model that is never a keyword (a type, variant, module or
/// setter name).
pub(super) fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// The identifier for a snake_case name of the model, raw (`r#type`) when the model says so.
pub(super) fn var(name: &model::Ident) -> Ident {
    if name.is_raw() {
        Ident::new_raw(name.bare(), Span::call_site())
    } else {
        Ident::new(name.bare(), Span::call_site())
    }
}

/// One `#[doc]` attribute per line, each non-empty line after a space (as `///` gives).
pub(super) fn docs(lines: &[String]) -> TokenStream {
    let attrs = lines.iter().map(|line| {
        let text = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#[doc = #text])
    });
    quote!(#(#attrs)*)
}

/// The Rust type of `ty`; `prefix` says whether named types are written `models::Name` (in
/// operation files) rather than `Name` (in model files, which import them).
pub(super) fn rust_type(ty: &TypeRef, prefix: bool) -> TokenStream {
    match ty {
        TypeRef::String => quote!(String),
        TypeRef::I8 => quote!(i8),
        TypeRef::I16 => quote!(i16),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::U8 => quote!(u8),
        TypeRef::U16 => quote!(u16),
        TypeRef::U32 => quote!(u32),
        TypeRef::U64 => quote!(u64),
        TypeRef::F64 => quote!(f64),
        TypeRef::Bool => quote!(bool),
        TypeRef::Vec(inner) => {
            let inner = rust_type(inner, prefix);
            quote!(Vec<#inner>)
        }
        TypeRef::Map(inner) => {
            let inner = rust_type(inner, prefix);
            quote!(BTreeMap<String, #inner>)
        }
        TypeRef::Named(name) => {
            let name = ident(name);
            if prefix {
                quote!(models::#name)
            } else {
                quote!(#name)
            }
        }
        TypeRef::Json => quote!(serde_json::Value),
        TypeRef::JsonObject => quote!(serde_json::Map<String, serde_json::Value>),
        TypeRef::YearMonth => {
            let rt = runtime::path();
            quote!(#rt::YearMonth)
        }
    }
}
