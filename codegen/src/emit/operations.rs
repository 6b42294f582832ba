//! The file of one operation (`operations/<module>.rs`): the `Operation` static, the request
//! builder and its setters, the `Client` method that creates it, `send` (which fills the
//! request and decodes the response) and `IntoFuture`.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use super::tokens::{docs, ident, rust_type, var};
use super::{pagination, responses};
use crate::model::{
    Body, BodyEncoding, Method, Operation, Param, ParamLocation, ResponseKind, TypeRef,
};
use crate::runtime;

/// One operation: its builder, the `Client` method, `send` and `IntoFuture`.
///
/// `send` and `into_future` are `#[inline]`: their bodies (the response decoding, monomorphised
/// per response type) are then compiled in the crate that calls them, for the operations it
/// calls, instead of all of them in the SDK crate. That halves the SDK's own build time and
/// costs a user nothing for the operations they never call.
pub(super) fn operation_file(op: &Operation) -> TokenStream {
    let builder = ident(&op.builder_name);
    let method = var(&op.method_name);
    let id = &op.id;
    let path = &op.path;
    let http = op.http_method.as_str();

    let BuilderParts {
        struct_fields,
        args,
        inits,
        arg_docs,
        setters,
    } = BuilderParts::new(op);
    let (output, finish) = response(op);
    let method_docs = method_docs(op, arg_docs);
    let builder_doc = format!(
        " The `{id}` request (`{http} {path}`), built by [`Client::{}`].",
        op.method_name.bare()
    );
    let imports = imports(op);
    let operation_static = operation_static(op);
    let send_fns = send_fns(op, &output, &finish);
    let fake_items = super::fake::operation_items(op);
    let status_enum = match &op.response {
        ResponseKind::ByStatus(enum_) => responses::status_enum(id, enum_),
        _ => quote!(),
    };
    quote! {
        #imports

        #operation_static

        #status_enum

        #[doc = #builder_doc]
        #[derive(Clone, Debug)]
        #[must_use = "a request does nothing until it is sent or awaited"]
        pub struct #builder {
            #(#struct_fields)*
        }

        impl Client {
            #method_docs
            pub fn #method(&self, #(#args),*) -> #builder {
                #builder {
                    #(#inits)*
                }
            }
        }

        impl #builder {
            #(#setters)*

            #send_fns
        }

        impl ::std::future::IntoFuture for #builder {
            type Output = Result<#output, Error>;
            type IntoFuture = BoxFuture<Self::Output>;

            #[inline]
            fn into_future(self) -> Self::IntoFuture {
                Box::pin(self.send())
            }
        }

        #fake_items
    }
}

/// The file's imports: `BTreeMap` and `models` when its types use them, the crate's `Client`,
/// the runtime names it uses unqualified.
fn imports(op: &Operation) -> TokenStream {
    let rt = runtime::path();
    let response_types = response_types(&op.response);
    let needs_models = op.params.iter().any(|p| mentions_named(&p.ty))
        || op.body.as_ref().is_some_and(|b| mentions_named(&b.ty))
        || response_types.iter().any(|t| mentions_named(t));
    let needs_map = op.params.iter().any(|p| mentions_map(&p.ty))
        || op.body.as_ref().is_some_and(|b| mentions_map(&b.ty))
        || response_types.iter().any(|t| mentions_map(t));
    let use_models = if needs_models {
        quote!(
            use crate::generated::models;
        )
    } else {
        quote!()
    };
    let use_map = if needs_map {
        quote!(
            use std::collections::BTreeMap;
        )
    } else {
        quote!()
    };
    let imports = runtime::OPERATION_FILE_IMPORTS
        .iter()
        .map(|name| Ident::new(name, Span::call_site()));
    quote! {
        #use_map
        #use_models
        use crate::generated::Client;
        use #rt::{#(#imports),*};
    }
}

/// `static OPERATION`: what the runtime needs to know of the operation (its id, method, path
/// and security schemes).
fn operation_static(op: &Operation) -> TokenStream {
    let id = &op.id;
    let path = &op.path;
    let http_ident = ident(match op.http_method {
        Method::Get => "Get",
        Method::Put => "Put",
        Method::Post => "Post",
        Method::Delete => "Delete",
        Method::Patch => "Patch",
        Method::Head => "Head",
        Method::Options => "Options",
    });
    let security = op.security.iter().map(|s| {
        let (scheme, header) = (&s.scheme, &s.header);
        quote!((#scheme, #header))
    });
    quote! {
        static OPERATION: Operation = Operation {
            id: #id,
            method: Method::#http_ident,
            path: #path,
            security: &[#(#security),*],
        };
    }
}

/// What the parameters and the body add to the builder and to the `Client` method that creates
/// it: required ones are arguments of the method, optional ones setters of the builder.
struct BuilderParts {
    /// The builder struct's fields, `client` first.
    struct_fields: Vec<TokenStream>,
    /// The method's arguments.
    args: Vec<TokenStream>,
    /// The method's initialisation of each field.
    inits: Vec<TokenStream>,
    /// One line of the method's docs per argument.
    arg_docs: Vec<String>,
    /// Each optional parameter's (and the optional body's) setter and its `set_…` twin.
    setters: Vec<TokenStream>,
}

impl BuilderParts {
    /// The parts for `op`: required parameters, then a required body, then optional
    /// parameters and those with a login default, then an optional body.
    fn new(op: &Operation) -> Self {
        let (required, optional): (Vec<&Param>, Vec<&Param>) =
            op.params.iter().partition(|p| p.is_argument());
        let mut parts = BuilderParts {
            struct_fields: vec![quote!(client: Client,)],
            args: Vec::new(),
            inits: vec![quote!(client: self.clone(),)],
            arg_docs: Vec::new(),
            setters: Vec::new(),
        };
        for p in required {
            parts.required_param(p);
        }
        if let Some(body) = op.body.as_ref().filter(|b| b.required) {
            parts.required_body(body);
        }
        for p in optional {
            parts.optional_param(p);
        }
        if let Some(body) = op.body.as_ref().filter(|b| !b.required) {
            parts.optional_body(body);
        }
        parts
    }

    /// A required parameter: a field and an argument of the method.
    fn required_param(&mut self, p: &Param) {
        let rt = runtime::path();
        let name = var(&p.name);
        let ty = stored_type(&p.ty);
        self.struct_fields.push(quote!(#name: #ty,));
        let (arg_ty, into) = param_arg_type(&p.ty);
        self.args.push(quote!(#name: #arg_ty));
        self.inits.push(if p.ty == TypeRef::YearMonth {
            quote!(#name: #rt::IntoYearMonth::into_year_month(#name),)
        } else if into {
            quote!(#name: #name.into(),)
        } else {
            quote!(#name,)
        });
        self.arg_docs.push(format!(
            "- `{}`: {}",
            p.name.bare(),
            p.docs.first().map(String::as_str).unwrap_or("")
        ));
    }

    /// A required body: a field and an argument of the method.
    fn required_body(&mut self, body: &Body) {
        let name = var(&body.name);
        let ty = body_type(body);
        self.struct_fields.push(quote!(#name: #ty,));
        self.args.push(quote!(#name: #ty));
        self.inits.push(quote!(#name,));
        self.arg_docs.push(format!(
            "- `{}`: {}",
            body.name,
            body.docs.first().map(String::as_str).unwrap_or("")
        ));
    }

    /// An optional parameter, or one with a login default: an `Option` field, its setter and
    /// the `set_…` twin.
    fn optional_param(&mut self, p: &Param) {
        let rt = runtime::path();
        let name = var(&p.name);
        let ty = rust_type(&p.ty, true);
        let stored = stored_type(&p.ty);
        self.struct_fields.push(quote!(#name: Option<#stored>,));
        self.inits.push(quote!(#name: None,));
        let set = ident(&p.setter);
        let (arg_ty, into) = param_arg_type(&p.ty);
        let (value, set_value) = if p.ty == TypeRef::YearMonth {
            (
                quote!(#rt::IntoYearMonth::into_year_month(value)),
                quote!(value.map(Ok)),
            )
        } else if into {
            (quote!(value.into()), quote!(value))
        } else {
            (quote!(value), quote!(value))
        };
        let mut setter_lines = p.docs.clone();
        if let Some(value) = &p.login_default {
            if !setter_lines.is_empty() {
                setter_lines.push(String::new());
            }
            setter_lines.push(format!(
                "When not set, the client's login value `{value}`: the one its login told, or the one given to its builder (see [`Client::login_value`])."
            ));
        }
        let setter_docs = docs(&setter_lines);
        let set_doc = format!(
            " Sets or clears [`{}`](Self::{}).",
            p.name.bare(),
            p.name.bare()
        );
        self.setters.push(quote! {
            #setter_docs
            pub fn #name(mut self, value: #arg_ty) -> Self {
                self.#name = Some(#value);
                self
            }

            #[doc = #set_doc]
            pub fn #set(mut self, value: Option<#ty>) -> Self {
                self.#name = #set_value;
                self
            }
        });
    }

    /// An optional body: an `Option` field, its setter and the `set_…` twin.
    fn optional_body(&mut self, body: &Body) {
        let name = var(&body.name);
        let ty = body_type(body);
        self.struct_fields.push(quote!(#name: Option<#ty>,));
        self.inits.push(quote!(#name: None,));
        let set = ident(&body.setter);
        let setter_docs = docs(&body.docs);
        let set_doc = format!(" Sets or clears [`{0}`](Self::{0}).", body.name);
        self.setters.push(quote! {
            #setter_docs
            pub fn #name(mut self, value: #ty) -> Self {
                self.#name = Some(value);
                self
            }

            #[doc = #set_doc]
            pub fn #set(mut self, value: Option<#ty>) -> Self {
                self.#name = value;
                self
            }
        });
    }
}

/// The docs of the `Client` method: the operation's own, its method and path, its arguments
/// (`arg_docs`), its optional parameters and what it returns.
fn method_docs(op: &Operation, arg_docs: Vec<String>) -> TokenStream {
    let id = &op.id;
    let path = &op.path;
    let http = op.http_method.as_str();
    let optional: Vec<&Param> = op.params.iter().filter(|p| !p.required).collect();
    let from_login: Vec<&Param> = op
        .params
        .iter()
        .filter(|p| p.required && p.login_default.is_some())
        .collect();
    let body_optional = op.body.as_ref().filter(|b| !b.required);
    let mut method_docs = op.docs.clone();
    method_docs.push(String::new());
    method_docs.push(format!(
        "`{http} {path}` (operation `{id}`{}).",
        if op.security.is_empty() {
            ", no credentials sent"
        } else {
            ""
        }
    ));
    if !arg_docs.is_empty() {
        method_docs.push(String::new());
        method_docs.push("Arguments:".to_owned());
        method_docs.extend(arg_docs);
    }
    if !from_login.is_empty() {
        method_docs.push(String::new());
        let names: Vec<String> = from_login
            .iter()
            .map(|p| {
                let n = p.name.bare();
                let value = p.login_default.as_deref().unwrap_or_default();
                format!("[`{n}`]({}::{n}) (login value `{value}`)", op.builder_name)
            })
            .collect();
        method_docs.push(format!(
            "From the client's login unless set: {}.",
            names.join(", ")
        ));
    }
    if !optional.is_empty() || body_optional.is_some() {
        method_docs.push(String::new());
        let mut names: Vec<String> = optional
            .iter()
            .map(|p| {
                let n = p.name.bare();
                format!("[`{n}`]({}::{n})", op.builder_name)
            })
            .collect();
        if let Some(body) = body_optional {
            names.push(format!("[`{0}`]({1}::{0})", body.name, op.builder_name));
        }
        method_docs.push(format!("Optional: {}.", names.join(", ")));
    }
    method_docs.push(String::new());
    method_docs.push(format!(
        "Returns the request builder [`{0}`]: `.await` it, or call [`send`]({0}::send).",
        op.builder_name
    ));
    docs(&method_docs)
}

/// The builder's `send`, and for a paginated operation the functions of
/// [`pagination_fns`](pagination::pagination_fns). `output` is the type a success gives and
/// `finish` the expression that decodes it from `response`.
fn send_fns(op: &Operation, output: &TokenStream, finish: &TokenStream) -> TokenStream {
    let fill = fill_request(op);
    let request_mut = if fill.is_empty() {
        quote!()
    } else {
        quote!(mut)
    };
    let send_doc =
        " Sends the request and decodes the answer; the same as `.await`ing the builder.";
    match &op.pagination {
        None => quote! {
            #[doc = #send_doc]
            #[inline]
            pub async fn send(self) -> Result<#output, Error> {
                let #request_mut request = Request::new(&OPERATION);
                #(#fill)*
                let response = self.client.runtime.execute(request).await?;
                #finish
            }
        },
        Some(p) => pagination::pagination_fns(op, p, output, finish, &fill, &request_mut, send_doc),
    }
}

/// The statements of `send` that put the parameters and the body into `request`.
fn fill_request(op: &Operation) -> Vec<TokenStream> {
    let mut fill = Vec::new();
    for p in &op.params {
        let name = var(&p.name);
        let wire = &p.wire_name;
        let call = match p.location {
            ParamLocation::Path => quote!(request.path(#wire, value);),
            ParamLocation::Query => quote!(request.query(#wire, value);),
            ParamLocation::Header => quote!(request.header(#wire, value);),
        };
        let each = matches!(p.ty, TypeRef::Vec(_));
        if let Some(value_name) = p.login_default.as_deref().filter(|_| p.required) {
            // Not set: the client's login value, logging in first if need be; none is an
            // error naming the parameter and its setter.
            let setter = p.name.as_str();
            fill.push(quote! {
                let value = &match &self.#name {
                    Some(value) => value.clone(),
                    None => self.client.runtime.login_default(&OPERATION, #wire, #value_name, #setter).await?,
                };
                #call
            });
            continue;
        }
        if p.ty == TypeRef::YearMonth {
            // A bad year-month is refused here, before anything is sent, naming the parameter.
            let check = quote! {
                let value = value.as_ref().map_err(|reason| Error::invalid_input(Some(OPERATION.id), #wire, reason.clone()))?;
            };
            fill.push(if p.required {
                quote! { let value = &self.#name; #check #call }
            } else {
                quote! { if let Some(value) = &self.#name { #check #call } }
            });
            continue;
        }
        fill.push(match (p.required, each) {
            (true, false) => quote! { let value = &self.#name; #call },
            (true, true) => quote! { for value in &self.#name { #call } },
            (false, false) => quote! { if let Some(value) = &self.#name { #call } },
            (false, true) => quote! {
                for value in self.#name.iter().flatten() { #call }
            },
        });
    }
    if let Some(body) = &op.body {
        let name = var(&body.name);
        let encode = match body.encoding {
            BodyEncoding::Json => quote!(json),
            BodyEncoding::Text => quote!(text),
            BodyEncoding::Bytes => quote!(bytes),
            BodyEncoding::Form => quote!(form),
        };
        fill.push(if body.required {
            quote! { request.#encode(&self.#name)?; }
        } else {
            quote! { if let Some(value) = &self.#name { request.#encode(value)?; } }
        });
    }
    fill
}

/// The type a success gives and the expression that decodes it from `response`.
fn response(op: &Operation) -> (TokenStream, TokenStream) {
    match &op.response {
        ResponseKind::Unit => (quote!(()), quote!(response.unit())),
        ResponseKind::Json(ty) => (rust_type(ty, true), quote!(response.json())),
        ResponseKind::Text => (quote!(String), quote!(response.text())),
        ResponseKind::Bytes => {
            let rt = runtime::path();
            (quote!(#rt::Bytes), quote!(Ok(response.into_body())))
        }
        ResponseKind::ByStatus(enum_) => {
            let name = ident(&enum_.name);
            (quote!(#name), responses::decode_by_status(enum_))
        }
    }
}

/// How a parameter is kept in its builder (in `Option` when optional): a year-month as the
/// result of checking it, so that a bad one is reported when the request is sent.
fn stored_type(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::YearMonth => {
            let rt = runtime::path();
            quote!(Result<#rt::YearMonth, String>)
        }
        other => rust_type(other, true),
    }
}

/// The type a parameter is passed as (to the `Client` method or a setter), and whether the
/// value needs `.into()` to become the stored type.
fn param_arg_type(ty: &TypeRef) -> (TokenStream, bool) {
    match ty {
        TypeRef::YearMonth => {
            let rt = runtime::path();
            (quote!(impl #rt::IntoYearMonth), false)
        }
        TypeRef::String => (quote!(impl Into<String>), true),
        TypeRef::Named(_) => {
            let t = rust_type(ty, true);
            (quote!(impl Into<#t>), true)
        }
        other => (rust_type(other, true), false),
    }
}

/// The Rust type of a body, by its encoding.
fn body_type(body: &Body) -> TokenStream {
    match body.encoding {
        BodyEncoding::Json | BodyEncoding::Form => rust_type(&body.ty, true),
        BodyEncoding::Text => quote!(String),
        BodyEncoding::Bytes => {
            let rt = runtime::path();
            quote!(#rt::Bytes)
        }
    }
}

/// The JSON types a success may decode into (one per status for an enum over statuses).
fn response_types(response: &ResponseKind) -> Vec<&TypeRef> {
    match response {
        ResponseKind::Json(t) => vec![t],
        ResponseKind::ByStatus(enum_) => enum_
            .variants
            .iter()
            .flat_map(|v| response_types(&v.body))
            .collect(),
        _ => Vec::new(),
    }
}

/// Whether `ty` mentions a named type (so the file needs `models`).
fn mentions_named(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Named(_) => true,
        TypeRef::Vec(inner) | TypeRef::Map(inner) => mentions_named(inner),
        _ => false,
    }
}

/// Whether `ty` mentions a map (so the file needs `BTreeMap`).
fn mentions_map(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Map(_) => true,
        TypeRef::Vec(inner) => mentions_map(inner),
        _ => false,
    }
}
