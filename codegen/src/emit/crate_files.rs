//! The files that hold the generated tree together: the root `mod.rs` (with the spec's version,
//! hash, files and servers as constants), `models/mod.rs` and `operations/mod.rs`.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::ident;
use crate::model::{Model, ResponseKind, TypeKind};

/// The root `mod.rs`: the title in its doc, the `client`, `models` and `operations` modules, and
/// the version, hash, spec files and servers as constants.
pub(super) fn root(model: &Model) -> TokenStream {
    let version = &model.api_version;
    let hash = &model.spec_hash;
    let files = model.specs.iter().map(|s| {
        let (file, version) = (&s.file, &s.version);
        quote!((#file, #version))
    });
    let servers = model.servers.iter().map(|s| {
        let url = &s.url;
        let description = s.description.as_deref().unwrap_or("");
        quote!((#url, #description))
    });
    let title = model.specs.first().map(|s| s.title.as_str()).unwrap_or("");
    let intro =
        format!(" Code generated from the OpenAPI description \"{title}\", version {version}.");
    quote! {
        #![doc = #intro]
        mod client;
        pub mod models;
        pub mod operations;
        #[cfg(feature = "test-support")]
        pub mod test_support;

        pub use self::client::{Client, ClientBuilder};

        #[doc = " `info.version` of the primary spec: the API version this code was generated from."]
        pub const SPEC_VERSION: &str = #version;
        #[doc = " SHA-256 of the spec files this code was generated from (names and bytes, in order)."]
        pub const SPEC_HASH: &str = #hash;
        #[doc = " Each spec file and its `info.version`."]
        pub const SPEC_FILES: &[(&str, &str)] = &[#(#files),*];
        #[doc = " The primary spec's `servers`: base URL and description. The first is the default."]
        pub const SERVERS: &[(&str, &str)] = &[#(#servers),*];
    }
}

/// `models/mod.rs`: one module per type, each type (and a struct's builder) re-exported.
pub(super) fn models_mod(model: &Model) -> TokenStream {
    let mut models_mod = Vec::new();
    for def in model.types.values() {
        let module = ident(&def.module);
        let name = ident(&def.name);
        let exported = match &def.kind {
            TypeKind::Struct { builder, .. } => {
                let builder = ident(builder);
                quote!({#name, #builder})
            }
            _ => quote!(#name),
        };
        models_mod.push(quote! {
            mod #module;
            pub use self::#module::#exported;
        });
    }
    quote! {
        #![doc = " The types of the API: request and response bodies and the enums they use."]
        #(#models_mod)*
    }
}

/// `operations/mod.rs`: one module per operation, each builder re-exported, and the list of
/// `operationId`s.
pub(super) fn operations_mod(model: &Model) -> TokenStream {
    let mut ops_mod = Vec::new();
    for op in &model.operations {
        let module = ident(&op.module);
        let name = ident(&op.builder_name);
        let exported = match &op.response {
            ResponseKind::ByStatus(enum_) => {
                let enum_name = ident(&enum_.name);
                quote!({#name, #enum_name})
            }
            _ => quote!(#name),
        };
        let record = ident(&op.record_name);
        ops_mod.push(quote! {
            mod #module;
            pub use self::#module::#exported;
            #[cfg(feature = "test-support")]
            pub use self::#module::#record;
        });
    }
    let ids = model.operations.iter().map(|op| op.id.as_str());
    let library =
        proc_macro2::Ident::new(&crate::runtime::library(), proc_macro2::Span::call_site());
    let fakes = model.operations.iter().map(|op| {
        let module = ident(&op.module);
        quote!(&self::#module::FAKE)
    });
    quote! {
        #![doc = " One request builder per operation, created by the `Client` method of the same name."]
        #(#ops_mod)*
        #[doc = " The `operationId` of every operation this crate implements, sorted by method name."]
        pub const OPERATION_IDS: &[&str] = &[#(#ids),*];
        #[cfg(feature = "test-support")]
        pub(crate) static FAKES: &[&::#library::__private::fake::Spec] = &[#(#fakes),*];
    }
}
