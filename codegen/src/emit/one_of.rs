//! A `oneOf`/`anyOf`: an untagged enum with a catch-all variant keeping raw JSON, and the
//! `Deserialize` that picks the variant by the shape of the value (or its discriminator).

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{docs, ident, rust_type};
use crate::model::{OneOfVariant, Shape, TypeDef, TypeRef};
use crate::runtime;

/// The enum `def`: one variant per entry of `variants`, the catch-all variant named `other`, and
/// its `Deserialize` (by shape, or by the discriminator property's value → variant index).
pub(super) fn one_of_def(
    def: &TypeDef,
    variants: &[OneOfVariant],
    other: &str,
    discriminator: Option<&(String, Vec<(String, usize)>)>,
) -> TokenStream {
    let rt = runtime::path();
    let name = ident(&def.name);
    let type_docs = docs(&def.docs);
    let other = ident(other);
    let decls = variants.iter().map(|v| {
        let variant = ident(&v.name);
        let mut ty = rust_type(&v.ty, false);
        if v.boxed {
            ty = quote!(Box<#ty>);
        }
        let doc = match &v.ty {
            TypeRef::Named(n) => format!(" A [`{n}`]."),
            _ => " A value of this type.".to_owned(),
        };
        quote! {
            #[doc = #doc]
            #variant(#ty),
        }
    });
    let shapes = variants.iter().map(|v| shape_tokens(&v.shape));
    let arms = variants.iter().enumerate().map(|(i, v)| {
        let i = proc_macro2::Literal::usize_unsuffixed(i);
        let variant = ident(&v.name);
        if v.boxed {
            quote!(Some(#i) => serde_json::from_value(value.clone()).map(|v| Self::#variant(Box::new(v))),)
        } else {
            quote!(Some(#i) => serde_json::from_value(value.clone()).map(Self::#variant),)
        }
    });
    let discriminator = match discriminator {
        Some((property, mapping)) => {
            let values = mapping
                .iter()
                .map(|(value, index)| quote!((#value, #index)));
            quote!(Some((#property, &[#(#values),*])))
        }
        None => quote!(None),
    };
    quote! {
        use #rt::one_of;

        #type_docs
        #[doc = ""]
        #[doc = " The variant is chosen by the properties present in the JSON value; a value that"]
        #[doc = " matches no variant is kept whole as raw JSON."]
        #[derive(Clone, Debug, PartialEq, serde::Serialize)]
        #[serde(untagged)]
        #[non_exhaustive]
        pub enum #name {
            #(#decls)*
            #[doc = " A value that matches none of the variants, kept as received."]
            #other(serde_json::Value),
        }

        const SHAPES: &[one_of::Shape] = &[#(#shapes),*];

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                let decoded = match one_of::select(&value, SHAPES, #discriminator) {
                    #(#arms)*
                    _ => return Ok(Self::#other(value)),
                };
                Ok(decoded.unwrap_or(Self::#other(value)))
            }
        }
    }
}

/// The runtime's `one_of::Shape` for a variant's shape.
fn shape_tokens(shape: &Shape) -> TokenStream {
    match shape {
        Shape::Object {
            properties,
            required,
        } => {
            quote!(one_of::Shape::Object { properties: &[#(#properties),*], required: &[#(#required),*] })
        }
        Shape::String => quote!(one_of::Shape::String),
        Shape::Integer => quote!(one_of::Shape::Integer),
        Shape::Number => quote!(one_of::Shape::Number),
        Shape::Boolean => quote!(one_of::Shape::Boolean),
        Shape::Array => quote!(one_of::Shape::Array),
        Shape::Any => quote!(one_of::Shape::Any),
    }
}
