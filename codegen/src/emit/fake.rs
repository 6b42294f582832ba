//! What an operation's file adds for the test-support fake (feature `test-support` of the
//! generated crate): the operation's typed record (its parameters and body, read back from a
//! request), its `FakeOperation` implementation, and the static `Spec` the fake routes by;
//! and the crate's `test_support` module.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{ident, rust_type, var};
use crate::model::{Body, BodyEncoding, Model, Operation, ParamLocation, ResponseKind, TypeRef};
use crate::runtime;

/// The items of one operation file that only the feature `test-support` compiles.
pub(super) fn operation_items(op: &Operation) -> TokenStream {
    let rt = runtime::path();
    let builder = ident(&op.builder_name);
    let record = ident(&op.record_name);
    let id = &op.id;
    let (path, http) = (&op.path, op.http_method.as_str());
    let record_doc = format!(
        " What the code under test sent in one `{id}` request (`{http} {path}`), as the fake of \
         `test_support` read it back: its parameters (path, query and header ones) and its body."
    );
    let mut fields = Vec::new();
    let mut reads = Vec::new();
    for p in &op.params {
        let name = var(&p.name);
        let wire = &p.wire_name;
        let required = p.required;
        let (ty, read) = match (&p.location, &p.ty) {
            (ParamLocation::Query, TypeRef::Vec(inner)) => {
                let inner = record_type(inner);
                (quote!(Vec<#inner>), quote!(raw.query_list(#wire)?))
            }
            (ParamLocation::Path, ty) => (record_type(ty), quote!(raw.path(#wire)?)),
            (ParamLocation::Query, ty) => (record_type(ty), quote!(raw.query(#wire)?)),
            (ParamLocation::Header, ty) => (record_type(ty), quote!(raw.header(#wire)?)),
        };
        let docs = format!(" `{wire}` ({}).", p.location.as_str());
        match (required, p.location) {
            (true, ParamLocation::Path) => {
                fields.push(quote!(#[doc = #docs] pub #name: #ty,));
                reads.push(quote!(#name: #read,));
            }
            (true, _) => {
                let missing = format!("required parameter `{wire}` is missing");
                fields.push(quote!(#[doc = #docs] pub #name: #ty,));
                reads.push(quote!(#name: #read.ok_or(#missing)?,));
            }
            (false, _) => {
                fields.push(quote!(#[doc = #docs] pub #name: Option<#ty>,));
                reads.push(quote!(#name: #read,));
            }
        }
    }
    if let Some(body) = &op.body {
        let name = var(&body.name);
        let (ty, read) = body_read(body);
        if body.required {
            fields.push(quote!(#[doc = " The body."] pub #name: #ty,));
            reads.push(quote!(#name: #read?,));
        } else {
            let read = match body.encoding {
                BodyEncoding::Json => quote!(raw.json_opt()?),
                _ => quote!(if raw.bytes().is_empty() { None } else { Some(#read?) }),
            };
            fields.push(quote!(#[doc = " The body, if one was sent."] pub #name: Option<#ty>,));
            reads.push(quote!(#name: #read,));
        }
    }
    let (response, media) = answer(op);
    let query = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Query)
        .map(|p| p.wire_name.as_str());
    let example = match op.example.as_ref().and_then(raw_json) {
        Some(text) => quote!(Some(#text)),
        None => quote!(None),
    };
    let paging = match &op.pagination {
        Some(p) => {
            let (header, param) = (&p.header, &p.wire_param);
            let items = match p.items.as_ref().and_then(|i| i.wire_field.as_ref()) {
                Some(field) => quote!(Some(#field)),
                None => quote!(None),
            };
            quote!(Some(#rt::fake::Paging { header: #header, param: #param, items: #items }))
        }
        None => quote!(None),
    };
    let media = ident(media);
    let status = proc_macro2::Literal::u16_unsuffixed(op.fake_answer.status);
    let raw = if reads.is_empty() {
        ident("_raw")
    } else {
        ident("raw")
    };
    quote! {
        #[cfg(feature = "test-support")]
        pub(crate) static FAKE: #rt::fake::Spec = #rt::fake::Spec {
            operation: &OPERATION,
            query: &[#(#query),*],
            status: #status,
            media: #rt::fake::Media::#media,
            example: #example,
            paging: #paging,
            check: |raw| <#builder as #rt::fake::FakeOperation>::record(raw).map(drop),
        };

        #[cfg(feature = "test-support")]
        #[doc = #record_doc]
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub struct #record {
            #(#fields)*
        }

        #[cfg(feature = "test-support")]
        impl #rt::fake::FakeOperation for #builder {
            type Response = #response;
            type Request = #record;

            fn spec() -> &'static #rt::fake::Spec {
                &FAKE
            }

            fn record(#raw: &#rt::fake::RawRequest) -> Result<#record, String> {
                Ok(#record {
                    #(#reads)*
                })
            }
        }
    }
}

/// `value` as indented JSON in a raw string literal (`r#"…"#`, with as many `#` as it takes), so
/// that a spec upgrade's change to an example is a readable diff of a few lines.
fn raw_json(value: &serde_json::Value) -> Option<TokenStream> {
    let text = serde_json::to_string_pretty(value).ok()?;
    let hashes = (1..)
        .map(|n| "#".repeat(n))
        .find(|h| !text.contains(&format!("\"{h}")))?;
    format!("r{hashes}\"{text}\"{hashes}").parse().ok()
}

/// A parameter's type in the record: a year-month as the runtime's `YearMonth`.
fn record_type(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::YearMonth => {
            let rt = runtime::path();
            quote!(#rt::YearMonth)
        }
        other => rust_type(other, true),
    }
}

/// The body's type in the record and how it is read.
fn body_read(body: &Body) -> (TokenStream, TokenStream) {
    let rt = runtime::path();
    match body.encoding {
        BodyEncoding::Json => (rust_type(&body.ty, true), quote!(raw.json())),
        BodyEncoding::Form => (rust_type(&body.ty, true), quote!(raw.form())),
        BodyEncoding::Text => (quote!(String), quote!(raw.text())),
        BodyEncoding::Bytes => (quote!(#rt::Bytes), quote!(Ok::<_, String>(raw.bytes()))),
    }
}

/// The type a test answers a success with, and how its body is written.
fn answer(op: &Operation) -> (TokenStream, &'static str) {
    match &op.fake_answer.body {
        ResponseKind::Json(ty) => (rust_type(ty, true), "Json"),
        ResponseKind::Text => (quote!(String), "Text"),
        // `Bytes` is not `Serialize`: a test answers bytes as a `Vec<u8>`.
        ResponseKind::Bytes => (quote!(Vec<u8>), "Bytes"),
        ResponseKind::Unit | ResponseKind::ByStatus(_) => (quote!(()), "None"),
    }
}

/// The crate's `test_support` module: the fake of this API and a client pointed at it.
pub(super) fn test_support_file(model: &Model) -> TokenStream {
    let library = proc_macro2::Ident::new(&runtime::library(), proc_macro2::Span::call_site());
    let credentials = model
        .operations
        .iter()
        .flat_map(|op| op.security.iter().map(|s| s.scheme.as_str()))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .map(|scheme| quote!(.credential(#scheme, "test")));
    quote! {
        #![doc = " Test support (feature `test-support`): a fake server of this API on 127.0.0.1, which answers"]
        #![doc = " every operation with the spec's example unless a test sets an answer, records every request"]
        #![doc = " as the operation's typed record, injects faults, and fails the test on a request the spec"]
        #![doc = " does not allow. See [`Fake`]."]
        pub use ::#library::fake::{Fake, FakeOperation, RawRequest, Rule, Sent};

        /// Every operation of this crate, as the fake knows it.
        pub fn operations() -> &'static [&'static ::#library::fake::Spec] {
            super::operations::FAKES
        }

        /// Starts a fake of this API and a client pointed at it, which sends the value `test`
        /// for every security scheme.
        ///
        /// # Panics
        /// When no port of 127.0.0.1 can be bound.
        #[allow(dead_code, reason = "a crate whose own layer logs in starts the fake with `start_with`")]
        pub async fn start() -> (Fake, super::Client) {
            start_with(|builder| builder).await
        }

        /// Like [`start`], the client's builder passed through `configure` before it is built
        /// (retry policy, timeouts, credentials).
        ///
        /// # Panics
        /// When no port of 127.0.0.1 can be bound, or when the
        /// configured client does not build.
        pub async fn start_with(
            configure: impl FnOnce(super::ClientBuilder) -> super::ClientBuilder,
        ) -> (Fake, super::Client) {
            let fake = Fake::start(operations()).await;
            let builder = super::Client::builder()
                .base_url(fake.url())
                #(#credentials)*;
            let client = configure(builder)
                .build()
                .unwrap_or_else(|e| panic!("the client of the fake does not build: {e}"));
            (fake, client)
        }
    }
}
