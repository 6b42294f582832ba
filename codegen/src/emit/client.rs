//! The generated `client.rs`: the crate's own `Client` and `ClientBuilder`, thin wrappers of the
//! runtime's, so that operations (and a hand-written layer's additions) are inherent methods of
//! a type the generated crate owns; and the `static` that tells the runtime what is specific to
//! this API.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::model::Model;
use crate::runtime;

/// A setting of the builder that is passed on to the runtime's builder as it is: its name, its
/// parameters (given the runtime's path), the names it passes on, and its docs.
struct Setting {
    name: &'static str,
    params: fn(&TokenStream) -> TokenStream,
    args: &'static [&'static str],
    docs: &'static [&'static str],
}

const SETTINGS: &[Setting] = &[
    Setting {
        name: "base_url",
        params: |_| quote!(url: impl Into<String>),
        args: &["url"],
        docs: &[
            " The base URL to call (default: the first of the spec's `servers`).",
            " A trailing `/` is ignored; plain `http://` is accepted for loopback addresses only.",
        ],
    },
    Setting {
        name: "credential",
        params: |_| quote!(scheme: impl Into<String>, value: impl Into<String>),
        args: &["scheme", "value"],
        docs: &[
            " The value for the security scheme `scheme` of the spec (an API key, sent as the header",
            " the scheme names on every operation that requires it). Never shown in `Debug` output.",
        ],
    },
    Setting {
        name: "timeout",
        params: |_| quote!(timeout: ::std::time::Duration),
        args: &["timeout"],
        docs: &[" The longest one attempt (connect, send, receive the body) may take; default 60 s."],
    },
    Setting {
        name: "connect_timeout",
        params: |_| quote!(timeout: ::std::time::Duration),
        args: &["timeout"],
        docs: &[" The longest making a connection may take; default 10 s."],
    },
    Setting {
        name: "operation_timeout",
        params: |_| quote!(timeout: ::std::time::Duration),
        args: &["timeout"],
        docs: &[
            " The longest a whole call may take, all attempts and the waits between them included;",
            " default 300 s.",
        ],
    },
    Setting {
        name: "retry",
        params: |rt| quote!(policy: #rt::RetryPolicy),
        args: &["policy"],
        docs: &[
            " How failed requests are retried: 429, 5xx, timeouts and broken connections, for",
            " idempotent methods only, except when the connection could not be made at all",
            " (see `RetryPolicy`; `RetryPolicy::disabled()` sends every request once).",
        ],
    },
    Setting {
        name: "header",
        params: |_| quote!(name: impl Into<String>, value: impl Into<String>),
        args: &["name", "value"],
        docs: &[
            " A header sent with every request (a later value for the same name replaces an earlier",
            " one). Credentials set this way are not redacted: use [`credential`](Self::credential).",
        ],
    },
    Setting {
        name: "login_value",
        params: |_| quote!(name: impl Into<String>, value: impl Into<String>),
        args: &["name", "value"],
        docs: &[
            " The login value `name` (what a login tells besides the credentials, such as an",
            " account id: see [`Client::login_value`]), given as it is: for credentials with no",
            " login to tell it. It wins over the login's.",
        ],
    },
    Setting {
        name: "user_agent",
        params: |_| quote!(user_agent: impl Into<String>),
        args: &["user_agent"],
        docs: &[" Replaces the `User-Agent` (default: this crate's name and version)."],
    },
];

/// `client.rs` of the generated tree.
pub fn client_file(model: &Model) -> TokenStream {
    let rt = runtime::path();
    let span = &model.client.span_name;
    let wait_headers = &model.client.wait_headers;
    let title = model.specs.first().map(|s| s.title.as_str()).unwrap_or("");
    let client_doc = format!(
        " The client of {title}: one method per operation, each returning a request builder to"
    );
    let settings = SETTINGS.iter().map(|s| {
        let name = format_ident!("{}", s.name);
        let params = (s.params)(&rt);
        let args = s.args.iter().map(|a| format_ident!("{}", a));
        let docs = s.docs.iter().map(|line| quote!(#[doc = #line]));
        quote! {
            #(#docs)*
            pub fn #name(self, #params) -> Self {
                ClientBuilder { runtime: self.runtime.#name(#(#args),*) }
            }
        }
    });
    quote! {
        //! The client and its builder: thin wrappers of the runtime's, so that every operation is
        //! a method of this crate's own [`Client`].

        use std::sync::Arc;

        /// What the runtime needs to know about this API.
        static API: #rt::Api = #rt::Api {
            servers: super::SERVERS,
            span: #rt::call_span!(#span),
            wait_headers: &[#(#wait_headers),*],
            user_agent: concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")),
        };

        #[doc = #client_doc]
        /// `.await`. Cheap to clone: clones share one connection pool and one set of credentials.
        #[derive(Clone, Debug)]
        pub struct Client {
            pub(crate) runtime: #rt::Client,
        }

        impl Client {
            /// Starts configuring a client.
            pub fn builder() -> ClientBuilder {
                ClientBuilder { runtime: #rt::ClientBuilder::new(&API) }
            }

            /// The base URL every path is appended to (no trailing `/`).
            pub fn base_url(&self) -> &str {
                self.runtime.base_url()
            }

            /// The login value `name`: what the client's login told besides the credentials
            /// (such as an account id), logging in first when no call has yet; or the one given
            /// to [`ClientBuilder::login_value`], which wins. `Ok(None)` when neither has it;
            /// the login's error when it fails. Operations whose parameters default to a login
            /// value take it from here when the call does not set them.
            pub async fn login_value(&self, name: &str) -> Result<Option<String>, #rt::Error> {
                self.runtime.login_value(name).await
            }
        }

        /// Configures a [`Client`]: base URL, credentials, timeouts, retries, headers.
        #[derive(Clone, Debug)]
        #[must_use = "a builder does nothing until `build` is called"]
        pub struct ClientBuilder {
            runtime: #rt::ClientBuilder,
        }

        impl ClientBuilder {
            #(#settings)*

            /// Credentials come from a `CredentialSource` (a login, renewed as needed) instead of
            /// fixed values: `factory` makes it from the built client without credentials, so
            /// that it can call the login operation; `what` describes it in `Debug` output.
            pub fn credential_source(
                self,
                what: impl Into<String>,
                factory: impl Fn(Client) -> Arc<dyn #rt::CredentialSource> + Send + Sync + 'static,
            ) -> Self {
                ClientBuilder {
                    runtime: self
                        .runtime
                        .credential_source(what, move |runtime| factory(Client { runtime })),
                }
            }

            /// Builds the client. Fails with `Error::InvalidInput` on a base URL that is not an
            /// absolute `http(s)` URL (or plain `http` to another machine, or one with a user
            /// name, query or fragment), on a header or credential that cannot be sent, and when
            /// no base URL is set and the spec lists no server.
            pub fn build(self) -> Result<Client, #rt::Error> {
                self.runtime.build().map(|runtime| Client { runtime })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    /// Every method the printed `Client` has of its own is in
    /// [`CLIENT_METHODS`](crate::names::CLIENT_METHODS), so no operation can take its name.
    #[test]
    fn client_methods_lists_every_method_printed() {
        let spec = "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\n";
        let input = crate::input::SpecInput {
            file: "spec.yaml",
            text: spec,
            operations: crate::input::OperationFilter::All,
        };
        let generated = crate::generate(&[input], "test").unwrap();
        let file: syn::File = syn::parse_str(&generated.files["client.rs"]).unwrap();
        let mut printed = Vec::new();
        for item in &file.items {
            let syn::Item::Impl(block) = item else {
                continue;
            };
            let syn::Type::Path(ty) = &*block.self_ty else {
                continue;
            };
            if block.trait_.is_some() || !ty.path.is_ident("Client") {
                continue;
            }
            for item in &block.items {
                if let syn::ImplItem::Fn(f) = item {
                    printed.push(f.sig.ident.to_string());
                }
            }
        }
        assert_eq!(printed, ["builder", "base_url", "login_value"]);
        for name in printed {
            assert!(
                crate::names::CLIENT_METHODS.contains(&name.as_str()),
                "{name}"
            );
        }
    }
}
