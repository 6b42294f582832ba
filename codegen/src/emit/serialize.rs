//! A struct's `Serialize`, printed rather than derived (as its `Deserialize` is, see
//! [`deserialize`](super::deserialize)): the fields in spec order under their wire names, an
//! optional field left out when `None`, a nullable required one written as `null`, a field
//! never sent (`readOnly` in a type sent in requests) left out always; the field count
//! announced is the number written, as formats with counted maps need.

use proc_macro2::{Literal, TokenStream};
use quote::{quote, ToTokens};

use super::tokens::{ident, var};
use crate::model::{Field, TypeDef};
use crate::runtime;

/// `impl Serialize for <def>` over `fields`.
pub(super) fn serialize_impl(def: &TypeDef, fields: &[Field]) -> TokenStream {
    let rt = runtime::path();
    let name = ident(&def.name);
    let type_name = &def.name;
    let sent: Vec<&Field> = fields.iter().filter(|f| !f.never_sent).collect();
    let always = sent.iter().filter(|f| f.required).count();
    let optional: Vec<TokenStream> = sent
        .iter()
        .filter(|f| !f.required)
        .map(|f| {
            let field = var(&f.name);
            quote!(self.#field.is_some())
        })
        .collect();
    let count = quote!(#rt::ser::count(&[#(#optional),*]));
    let len = match (always, optional.is_empty()) {
        (always, true) => Literal::usize_unsuffixed(always).into_token_stream(),
        (0, false) => count,
        (always, false) => {
            let always = Literal::usize_unsuffixed(always);
            quote!(#always + #count)
        }
    };
    let writes = sent.iter().map(|f| {
        let field = var(&f.name);
        let wire = &f.wire_name;
        if f.required {
            quote!(#rt::ser::field(&mut __state, #wire, &self.#field)?;)
        } else {
            quote!(#rt::ser::optional(&mut __state, #wire, &self.#field)?;)
        }
    });
    let state = if sent.is_empty() {
        quote!(__state)
    } else {
        quote!(mut __state)
    };
    quote! {
        impl #rt::serde::Serialize for #name {
            fn serialize<__S: #rt::serde::Serializer>(
                &self,
                serializer: __S,
            ) -> Result<__S::Ok, __S::Error> {
                let #state = serializer.serialize_struct(#type_name, #len)?;
                #(#writes)*
                #rt::ser::end(__state)
            }
        }
    }
}
