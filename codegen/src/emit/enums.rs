//! A forward-compatible string enum: its variants, a catch-all for values the spec does not
//! list, `VALUES`, `as_str`, `From<&str>`, and the runtime's `string_enum!` for the rest
//! (`Display`, `FromStr`, serde, …).

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{docs, ident};
use crate::model::{EnumVariant, TypeDef};
use crate::runtime;

/// The enum `def` with the known `variants` and the catch-all variant named `unknown`.
pub(super) fn enum_def(def: &TypeDef, variants: &[EnumVariant], unknown: &str) -> TokenStream {
    let rt = runtime::path();
    let name = ident(&def.name);
    let type_docs = docs(&def.docs);
    let unknown = ident(unknown);
    let unknown_doc = format!(
        " A value this version of the crate does not know, kept as received (a [`UnknownValue`]({}): reads as a `&str`).",
        runtime::public_path_text("UnknownValue")
    );
    let decls = variants.iter().map(|v| {
        let variant = ident(&v.name);
        let doc = crate::names::doc_safe(&format!(" `{}`", v.value).replace('\n', " "));
        quote! {
            #[doc = #doc]
            #variant,
        }
    });
    let as_str = variants.iter().map(|v| {
        let variant = ident(&v.name);
        let value = &v.value;
        quote!(Self::#variant => #value,)
    });
    let from = variants.iter().map(|v| {
        let variant = ident(&v.name);
        let value = &v.value;
        quote!(#value => Self::#variant,)
    });
    let values = variants.iter().map(|v| &v.value);
    quote! {
        #type_docs
        #[doc = ""]
        #[doc = " Forward compatible: a value the server adds later is kept in the catch-all variant and"]
        #[doc = " sent back unchanged."]
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#decls)*
            #[doc = #unknown_doc]
            #unknown(#rt::UnknownValue),
        }

        impl #name {
            #[doc = " The values the spec lists, in its order."]
            pub const VALUES: &'static [&'static str] = &[#(#values),*];

            #[doc = " The value as sent on the wire."]
            pub fn as_str(&self) -> &str {
                match self {
                    #(#as_str)*
                    Self::#unknown(value) => value.as_str(),
                }
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from)*
                    other => Self::#unknown(#rt::UnknownValue::from(other)),
                }
            }
        }

        #rt::string_enum!(#name);
    }
}
