//! What the generator knows about the runtime crate (`openapi-client-runtime`) that generated
//! code calls: its name, the version generated crates need, and the path of its internals. Every
//! runtime path printed into generated code is made here.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// The runtime crate's package name, as a generated `Cargo.toml` lists it.
pub const PACKAGE: &str = "openapi-client-runtime";

/// The runtime version generated code needs, as a `Cargo.toml` requirement (`^` semantics):
/// the runtime's `major.minor` when the code was written. A test keeps it equal to the
/// runtime's own `Cargo.toml`.
pub const VERSION: &str = "0.1";

/// The runtime crate's library name (the package name with `_`).
pub fn library() -> String {
    PACKAGE.replace('-', "_")
}

/// The name generated files give the runtime's internals: `rt`, imported by [`alias`] in every
/// file that uses it.
const ALIAS: &str = "rt";

/// `rt`: the path generated code reaches the runtime through (the runtime's one
/// `#[doc(hidden)]` module, `::openapi_client_runtime::__private`, imported by that name).
pub fn path() -> TokenStream {
    let alias = Ident::new(ALIAS, Span::call_site());
    quote!(#alias)
}

/// `use ::openapi_client_runtime::__private as rt;` when `tokens` use the runtime, else nothing.
pub fn alias(tokens: &TokenStream) -> Option<syn::Item> {
    if !mentions_alias(tokens.clone()) {
        return None;
    }
    let library = Ident::new(&library(), Span::call_site());
    let alias = Ident::new(ALIAS, Span::call_site());
    syn::parse2(quote!(use ::#library::__private as #alias;)).ok()
}

/// Whether `tokens` contain the path start `rt::`.
fn mentions_alias(tokens: TokenStream) -> bool {
    let mut previous_is_alias = false;
    for token in tokens {
        match token {
            proc_macro2::TokenTree::Group(group) => {
                if mentions_alias(group.stream()) {
                    return true;
                }
                previous_is_alias = false;
            }
            proc_macro2::TokenTree::Ident(ident) => previous_is_alias = ident == ALIAS,
            proc_macro2::TokenTree::Punct(punct) => {
                if previous_is_alias && punct.as_char() == ':' {
                    return true;
                }
                previous_is_alias = false;
            }
            proc_macro2::TokenTree::Literal(_) => previous_is_alias = false,
        }
    }
    false
}

/// The public path of the runtime's `item` (`::openapi_client_runtime::BuildError`), as text: for
/// links in generated docs, which should not point into the hidden internals.
pub fn public_path_text(item: &str) -> String {
    format!("::{}::{item}", library())
}

/// The runtime names an operation file imports unqualified; a request builder must not be named
/// like one of them (nor like `Client` or `IntoFuture`, which the file uses too).
pub const OPERATION_FILE_IMPORTS: &[&str] =
    &["BoxFuture", "Error", "Method", "Operation", "Request"];

#[cfg(test)]
mod tests {
    /// [`VERSION`](super::VERSION) is the runtime crate's own `major.minor` (or `0.minor`), so
    /// the requirement generated crates get matches the runtime in this workspace.
    #[test]
    fn the_version_written_is_the_runtime_crates() {
        let manifest = include_str!("../../openapi-client-runtime/Cargo.toml");
        let version = manifest
            .lines()
            .find_map(|l| l.strip_prefix("version = \""))
            .and_then(|v| v.strip_suffix('"'))
            .expect("a version line");
        let parts: Vec<&str> = version.split('.').collect();
        let wanted = if parts[0] == "0" {
            format!("0.{}", parts[1])
        } else {
            parts[0].to_owned()
        };
        assert_eq!(super::VERSION, wanted, "runtime version {version}");
        let name = manifest
            .lines()
            .find_map(|l| l.strip_prefix("name = \""))
            .and_then(|v| v.strip_suffix('"'));
        assert_eq!(name, Some(super::PACKAGE));
    }
}
