//! A struct's `Deserialize`, printed rather than derived: a visitor of JSON objects only, which
//! matches each key on the wire names, reads each field once, skips keys it does not know, and
//! checks the required fields at the end, with the runtime's `de` helpers.
//!
//! `#[derive(Deserialize)]` writes much more for every struct (a field enum and its three
//! visitors, a sequence form, a wrapper type per `deserialize_with` field): it was a third of
//! the SDK's build time, and a JSON API uses none of it. Error texts stay serde's.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{ident, var};
use crate::model::{Field, TypeDef};
use crate::runtime;

/// `impl Deserialize for <def>` over `fields`.
pub(super) fn deserialize_impl(def: &TypeDef, fields: &[Field]) -> TokenStream {
    let rt = runtime::path();
    let name = ident(&def.name);
    let type_name = &def.name;
    let wire_names = fields.iter().map(|f| f.wire_name.as_str());
    let index = |i: usize| proc_macro2::Literal::usize_unsuffixed(i);
    let indices = fields.iter().enumerate().map(|(i, f)| {
        let index = index(i);
        let wire = &f.wire_name;
        quote!(#wire => #index,)
    });
    let slots = fields.iter().map(|f| {
        let field = var(&f.name);
        quote!(let mut #field = None;)
    });
    let takes = fields.iter().enumerate().map(|(i, f)| {
        let index = index(i);
        let field = var(&f.name);
        let wire = &f.wire_name;
        let take = if f.lenient {
            quote!(take_lenient)
        } else {
            quote!(take)
        };
        quote!(#index => #rt::de::#take(&mut #field, &mut __map, #wire)?,)
    });
    let values = fields.iter().map(|f| {
        let field = var(&f.name);
        if f.is_option() {
            // Absent and `null` are both `None`.
            quote!(#field: #field.flatten(),)
        } else {
            let wire = &f.wire_name;
            quote!(#field: #rt::de::required(#field, #wire)?,)
        }
    });
    // A struct without fields reads any object, keys skipped.
    let read = if fields.is_empty() {
        quote! {
            while __map.next_key_seed(#rt::de::Key(|_: &str| usize::MAX))?.is_some() {
                #rt::de::skip(&mut __map)?;
            }
            Ok(#name {})
        }
    } else {
        quote! {
            #[inline]
            fn __index(name: &str) -> usize {
                match name {
                    #(#indices)*
                    _ => usize::MAX,
                }
            }
            #(#slots)*
            while let Some(__key) = __map.next_key_seed(#rt::de::Key(__index))? {
                match __key {
                    #(#takes)*
                    _ => #rt::de::skip(&mut __map)?,
                }
            }
            Ok(#name {
                #(#values)*
            })
        }
    };
    quote! {
        impl<'de> #rt::serde::Deserialize<'de> for #name {
            fn deserialize<__D: #rt::serde::Deserializer<'de>>(
                deserializer: __D,
            ) -> Result<Self, __D::Error> {
                struct __Visitor;

                impl<'de> #rt::serde::de::Visitor<'de> for __Visitor {
                    type Value = #name;

                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        #rt::de::expecting(f, #type_name)
                    }

                    #[inline]
                    fn visit_map<__A: #rt::serde::de::MapAccess<'de>>(
                        self,
                        mut __map: __A,
                    ) -> Result<#name, __A::Error> {
                        #read
                    }
                }

                deserializer.deserialize_struct(#type_name, &[#(#wire_names),*], __Visitor)
            }
        }
    }
}
