//! The enum an operation with several success shapes returns (`RunJobResponse`: `Ok(JobResult)`
//! for `200`, `Accepted(JobTicket)` for `202`, `Other { status, body }` for a success status the
//! spec does not list), and the `match` on the status that decodes each body as its own type.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::tokens::{docs, ident, rust_type};
use crate::model::{ResponseKind, StatusResponses};
use crate::runtime;

/// The enum `responses` describes, for the operation `operation_id`.
pub(super) fn status_enum(operation_id: &str, responses: &StatusResponses) -> TokenStream {
    let rt = runtime::path();
    let name = ident(&responses.name);
    let doc = format!(
        " What `{operation_id}` answered: one variant per success status the spec lists, each with its own body."
    );
    let variants = responses.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let status = v.status.map_or("2XX".to_owned(), |s| s.to_string());
        let mut lines = vec![format!("`{status}`.")];
        if !v.docs.is_empty() {
            lines.push(String::new());
            lines.extend(v.docs.iter().cloned());
        }
        let variant_docs = docs(&lines);
        match payload(&v.body) {
            Some(ty) => quote! {
                #variant_docs
                #variant(#ty),
            },
            None => quote! {
                #variant_docs
                #variant,
            },
        }
    });
    let other = responses.other.as_ref().map(|other| {
        let other = ident(other);
        quote! {
            #[doc = " A success status the spec does not list: its status and its body, undecoded."]
            #other {
                #[doc = " The HTTP status (2xx)."]
                status: u16,
                #[doc = " The body as received."]
                body: #rt::Bytes,
            },
        }
    });
    quote! {
        #[doc = #doc]
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            #other
        }
    }
}

/// The expression decoding `response` by its status into the enum of `responses`.
pub(super) fn decode_by_status(responses: &StatusResponses) -> TokenStream {
    let name = ident(&responses.name);
    let mut range = None;
    let arms: Vec<TokenStream> = responses
        .variants
        .iter()
        .filter_map(|v| {
            let variant = ident(&v.name);
            let decode = decode(&v.body, quote!(#name::#variant));
            match v.status {
                Some(status) => {
                    let status = Literal::u16_unsuffixed(status);
                    Some(quote!(#status => #decode,))
                }
                None => {
                    range = Some(decode);
                    None
                }
            }
        })
        .collect();
    let fallback = match (range, &responses.other) {
        (Some(decode), _) => quote!(_ => #decode,),
        (None, Some(other)) => {
            let other = ident(other);
            quote!(status => Ok(#name::#other { status, body: response.into_body() }),)
        }
        // The model gives an enum without a `2XX` variant its `Other`.
        (None, None) => quote!(),
    };
    quote! {
        match response.status() {
            #(#arms)*
            #fallback
        }
    }
}

/// The payload type of a variant with `body`; `None` for no body.
fn payload(body: &ResponseKind) -> Option<TokenStream> {
    match body {
        ResponseKind::Unit => None,
        ResponseKind::Json(ty) => Some(rust_type(ty, true)),
        ResponseKind::Text => Some(quote!(String)),
        ResponseKind::Bytes | ResponseKind::ByStatus(_) => {
            let rt = runtime::path();
            Some(quote!(#rt::Bytes))
        }
    }
}

/// Decoding `response`'s `body` into the variant at `path`.
fn decode(body: &ResponseKind, path: TokenStream) -> TokenStream {
    match body {
        ResponseKind::Unit => quote!(response.unit().map(|()| #path)),
        ResponseKind::Json(_) => quote!(response.json().map(#path)),
        ResponseKind::Text => quote!(response.text().map(#path)),
        ResponseKind::Bytes | ResponseKind::ByStatus(_) => quote!(Ok(#path(response.into_body()))),
    }
}
