//! The intermediate model: every `$ref` resolved, every name decided, every Rust type chosen.
//! Printing (in `emit`) reads names and types from here. It still decides a few forms itself,
//! to be moved here: the argument types of operation methods (`impl Into<String>`,
//! `impl IntoYearMonth`), the Rust types of text and byte bodies and responses, and whether a
//! field needs `#[serde(rename)]`.

use std::collections::BTreeMap;
use std::fmt;

use crate::error::Warning;

/// A snake_case Rust identifier (a field, parameter, method), as the naming rules decided it,
/// kept as written in Rust source: `r#type` when the text is a keyword. Readers never take `r#`
/// off themselves: [`Ident::bare`] is the text alone, [`Ident::is_raw`] says whether it is raw.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ident(String);

impl Ident {
    /// From the source spelling a naming rule produced (`r#type`, `self_`, `amount`).
    pub(crate) fn from_source(source: impl Into<String>) -> Self {
        Ident(source.into())
    }

    /// As written in Rust source: `r#type` for a raw identifier.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The text without `r#`: what docs, labels and derived names (`set_type`) use.
    pub fn bare(&self) -> &str {
        self.0.strip_prefix("r#").unwrap_or(&self.0)
    }

    /// Whether it is written raw (`r#type`).
    pub fn is_raw(&self) -> bool {
        self.0.starts_with("r#")
    }
}

impl fmt::Display for Ident {
    /// The spelling in Rust source: `r#type` for a raw identifier.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Compares with the spelling in Rust source (`r#type`).
impl PartialEq<str> for Ident {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

/// Compares with the spelling in Rust source (`r#type`).
impl PartialEq<&str> for Ident {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

/// Everything needed to print the SDK's generated code.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// The input specs, in configuration order.
    pub specs: Vec<SpecMeta>,
    /// `info.version` of the primary (first) spec: the SDK's API version.
    pub api_version: String,
    /// SHA-256 over the names and bytes of all spec files, hex.
    pub spec_hash: String,
    /// The primary spec's `servers`.
    pub servers: Vec<Server>,
    /// Named types by their Rust name (sorted, so output never depends on discovery order).
    pub types: BTreeMap<String, TypeDef>,
    /// Operations sorted by method name.
    pub operations: Vec<Operation>,
    /// Constructs replaced by a fallback.
    pub warnings: Vec<Warning>,
    /// Operations left out because the generated code cannot call them (each also has a
    /// warning saying why), sorted.
    pub skipped_operations: Vec<String>,
    /// Operations without `operationId`, by the names the generator gave them, sorted.
    pub derived_operation_ids: Vec<String>,
    /// What the generated client tells the runtime beyond the spec.
    pub client: ClientSettings,
}

/// What is specific to one API but not in its spec: given by the caller of the generator (the
/// SDK's `spec/sdk.toml`), with defaults that suit any API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientSettings {
    /// The name of the tracing span of every call (default `api_call`).
    pub span_name: String,
    /// Response headers in which the server says how many seconds to wait before a retry, in
    /// order of preference (default `Retry-After` alone).
    pub wait_headers: Vec<String>,
    /// The documentation site that site-relative links in the spec's descriptions
    /// (`/en/docs/…`) point into (`https://developers.soracom.io`); without one they are kept as
    /// text, with a warning.
    pub docs_base: Option<String>,
    /// Path parameters that default to a value the client's login tells (the runtime's
    /// `LoginValues`): the parameter's name in the spec → the login value's name
    /// (`operator_id` → `operator_id`). Each such parameter of string type is a setter of its
    /// request builder instead of an argument, and a call that does not set it takes the login's
    /// value (see [`Param::login_default`]). Empty by default.
    pub login_defaults: BTreeMap<String, String>,
}

impl Default for ClientSettings {
    fn default() -> Self {
        ClientSettings {
            span_name: "api_call".to_owned(),
            wait_headers: vec!["Retry-After".to_owned()],
            docs_base: None,
            login_defaults: BTreeMap::new(),
        }
    }
}

/// One input spec file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecMeta {
    /// File name as given (e.g. `soracom-billing-api-openapi.yml`).
    pub file: String,
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`.
    pub description: Option<String>,
}

/// One entry of `servers`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Server {
    /// The base URL.
    pub url: String,
    /// Its description, if any.
    pub description: Option<String>,
}

/// A Rust type as used in a field, parameter or response.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypeRef {
    /// `String`.
    String,
    /// `i8` (`format: int8`).
    I8,
    /// `i16` (`format: int16`).
    I16,
    /// `i32` (`format: int32`).
    I32,
    /// `i64` (`format: int64`, and integers without a format).
    I64,
    /// `u8` (`format: uint8`).
    U8,
    /// `u16` (`format: uint16`).
    U16,
    /// `u32` (`format: uint32`).
    U32,
    /// `u64` (`format: uint64`, or a range only it holds).
    U64,
    /// `f64`.
    F64,
    /// `bool`.
    Bool,
    /// `Vec<T>`.
    Vec(Box<TypeRef>),
    /// `BTreeMap<String, T>`.
    Map(Box<TypeRef>),
    /// A generated type, by Rust name.
    Named(String),
    /// `serde_json::Value`: anything.
    Json,
    /// `serde_json::Map<String, serde_json::Value>`: an object with no declared properties.
    JsonObject,
    /// A validated year and month (`yyyyMM`), for parameters named or formatted so.
    YearMonth,
}

impl TypeRef {
    /// Whether it is one of the integer types.
    pub fn is_integer(&self) -> bool {
        matches!(
            self,
            TypeRef::I8
                | TypeRef::I16
                | TypeRef::I32
                | TypeRef::I64
                | TypeRef::U8
                | TypeRef::U16
                | TypeRef::U32
                | TypeRef::U64
        )
    }

    /// Whether a plain `String` occurs in this type outside any named type: such fields decode
    /// leniently (a JSON number where the spec says string is kept as its text).
    pub fn has_plain_string(&self) -> bool {
        match self {
            TypeRef::String => true,
            TypeRef::Vec(inner) | TypeRef::Map(inner) => inner.has_plain_string(),
            _ => false,
        }
    }
}

/// A named type and its documentation.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// The Rust name.
    pub name: String,
    /// The module (file) it is printed in.
    pub module: String,
    /// Doc lines.
    pub docs: Vec<String>,
    /// Where it comes from (`file#/components/schemas/X`, or the inline places that use it), sorted.
    pub origins: Vec<String>,
    /// What it is.
    pub kind: TypeKind,
}

/// The shape of a named type.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// A struct of named fields, `#[non_exhaustive]` so that it can gain optional fields, made
    /// with its builder.
    Struct {
        /// Fields in spec order.
        fields: Vec<Field>,
        /// Whether every field has a default, so `Default` is derived.
        default: bool,
        /// The name of its builder type (`ShippingAddressModelBuilder`), unique among the
        /// model's types.
        builder: String,
        /// The structs it converts from with `From`, field by field (see
        /// `build::passes::conversions`), sorted by source.
        conversions: Vec<Conversion>,
    },
    /// A forward-compatible string enum.
    Enum {
        /// Known values in spec order.
        variants: Vec<EnumVariant>,
        /// Name of the catch-all variant holding values this version does not know.
        unknown: String,
    },
    /// A `oneOf`/`anyOf`: the variant is chosen by the shape of the JSON value.
    OneOf {
        /// Variants in spec order.
        variants: Vec<OneOfVariant>,
        /// Name of the catch-all variant keeping a value that matches none, as raw JSON.
        other: String,
        /// The discriminator property and its value → variant index mapping, if the spec has one.
        discriminator: Option<(String, Vec<(String, usize)>)>,
    },
}

/// `From<from>` for a struct: where each of its fields comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct Conversion {
    /// The source struct.
    pub from: String,
    /// One per field of the target, in its order.
    pub fields: Vec<FieldSource>,
}

/// Where a field of a conversion's target gets its value.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldSource {
    /// The source's field of this identifier, moved as it is.
    Moved(Ident),
    /// The source's required field of this identifier, in `Some` (the target's is optional).
    Wrapped(Ident),
    /// The source has no such field: `None`.
    Absent,
}

/// A method of a field's name that reads the field more conveniently (never named like a trait
/// method of the struct: see `names::accessor_allowed`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Accessor {
    /// An optional list as a slice, empty when absent (`bill_list() -> &[MonthlyBill]`).
    Slice,
    /// A year and month written `yyyyMM`, as a checked `YearMonth`; `None` when absent or not
    /// such a month (`year_month() -> Option<YearMonth>`).
    YearMonth,
}

/// A struct field.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Rust identifier, also the name of its builder setter.
    pub name: Ident,
    /// The `set_…` twin of the builder setter, which takes an `Option`.
    pub setter: String,
    /// JSON property name.
    pub wire_name: String,
    /// The type without the `Option` for optional fields.
    pub ty: TypeRef,
    /// Required fields are plain; others are `Option` and omitted when `None`.
    pub required: bool,
    /// Whether `null` is allowed (then the field is an `Option` even when required).
    pub nullable: bool,
    /// `Box` the value (it is part of a reference cycle).
    pub boxed: bool,
    /// Decode with the lenient string deserializer.
    pub lenient: bool,
    /// A secret (password, key, token): never shown by `Debug`.
    pub secret: bool,
    /// A `readOnly` property of a type sent in requests: never serialized, so a value read from
    /// a response is not sent back (and not required: see `build::passes::directions`).
    pub never_sent: bool,
    /// A method of the field's name that reads it more conveniently, if it has one.
    pub accessor: Option<Accessor>,
    /// The schema's `format`, if any (`int64`, `yyyyMM`, …).
    pub format: Option<String>,
    /// The schema's `default`, if any.
    pub default: Option<serde_json::Value>,
    /// The `example` of the property's own schema, if any, as the spec writes it (not checked
    /// against the type; `None` for a property given by `$ref`, whose siblings OpenAPI 3.0
    /// ignores). Read by the operations' default answers ([`Operation::example`]).
    pub example: Option<serde_json::Value>,
    /// Doc lines.
    pub docs: Vec<String>,
}

impl Field {
    /// Whether the Rust type is `Option<…>`.
    pub fn is_option(&self) -> bool {
        !self.required || self.nullable
    }
}

/// One value of a string enum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumVariant {
    /// Rust variant name.
    pub name: String,
    /// The value on the wire.
    pub value: String,
}

/// One variant of a `oneOf`.
#[derive(Debug, Clone, PartialEq)]
pub struct OneOfVariant {
    /// Rust variant name.
    pub name: String,
    /// The variant's payload type.
    pub ty: TypeRef,
    /// `Box` the payload (it is part of a reference cycle).
    pub boxed: bool,
    /// How a JSON value is recognised as this variant.
    pub shape: Shape,
}

/// What a JSON value must look like to be a given `oneOf` variant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shape {
    /// An object that has every `required` key and at least one of `properties` (the variant
    /// recognising the most keys wins).
    Object {
        /// Declared properties.
        properties: Vec<String>,
        /// Required properties.
        required: Vec<String>,
    },
    /// A JSON string.
    String,
    /// A JSON integer.
    Integer,
    /// Any JSON number.
    Number,
    /// A JSON boolean.
    Boolean,
    /// A JSON array.
    Array,
    /// Anything.
    Any,
}

/// HTTP methods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Method {
    /// GET
    Get,
    /// PUT
    Put,
    /// POST
    Post,
    /// DELETE
    Delete,
    /// PATCH
    Patch,
    /// HEAD
    Head,
    /// OPTIONS
    Options,
}

impl Method {
    /// Upper-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Patch => "PATCH",
            Method::Head => "HEAD",
            Method::Options => "OPTIONS",
        }
    }
}

/// One API operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// `operationId` as in the spec.
    pub id: String,
    /// The `Client` method (snake case).
    pub method_name: Ident,
    /// The request builder type (upper camel case).
    pub builder_name: String,
    /// The typed record of one request, for the test-support fake (`GetBillingRecord`): unique
    /// among the builders, the response enums and the other records, which share `operations`,
    /// and the model's types.
    pub record_name: String,
    /// The module (file) it is printed in.
    pub module: String,
    /// HTTP method.
    pub http_method: Method,
    /// Path template as in the spec, e.g. `/bills/{yyyyMM}`.
    pub path: String,
    /// Parameters: path ones first (in template order), then query and header ones (spec order).
    pub params: Vec<Param>,
    /// The request body, if any.
    pub body: Option<Body>,
    /// What a success answers.
    pub response: ResponseKind,
    /// What the test-support fake answers a success with.
    pub fake_answer: FakeAnswer,
    /// Names of the security schemes (API-key headers) this operation needs; empty if none.
    pub security: Vec<SecurityHeader>,
    /// How to get the next page, for a paginated operation (`x-soracom-cli-pagination`).
    pub pagination: Option<Pagination>,
    /// Doc lines (summary, description).
    pub docs: Vec<String>,
    /// The spec file it comes from.
    pub file: String,
    /// The body a fake server answers a success with by default (test support): the spec's own
    /// example of the success response when it fits the response type, else a value built from
    /// the response type; `None` when the success has no JSON body. For
    /// [`ResponseKind::ByStatus`], the body of the first status whose body is JSON. See
    /// `build::passes::examples` for what fits and how a value is built.
    pub example: Option<serde_json::Value>,
}

/// What the test-support fake answers a success of an operation with: for several success
/// shapes ([`ResponseKind::ByStatus`]), the first status whose body is JSON (else the first),
/// the one whose body [`Operation::example`] is.
#[derive(Debug, Clone, PartialEq)]
pub struct FakeAnswer {
    /// The status: the first success response with a body, else the first success response
    /// (`200` for a `2XX` range, and when the spec declares none).
    pub status: u16,
    /// The body: never [`ResponseKind::ByStatus`].
    pub body: ResponseKind,
}

/// A paginated operation: the next page's key comes back in a response header (or a `link:
/// <…>; rel=next` header) and goes out in a query parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// The builder field (Rust name) of the query parameter that takes the key.
    pub param: Ident,
    /// The query parameter's name on the wire.
    pub wire_param: String,
    /// The response header that carries the next key.
    pub header: String,
    /// Where a page's items are, if the generator can tell.
    pub items: Option<PageItems>,
}

/// The items of a page.
#[derive(Debug, Clone, PartialEq)]
pub struct PageItems {
    /// The page struct's field holding them (`None`: the page is the list itself).
    pub field: Option<Ident>,
    /// That field's property name on the wire.
    pub wire_field: Option<String>,
    /// Whether that field is an `Option`.
    pub optional: bool,
    /// The type of one item.
    pub ty: TypeRef,
}

/// An API-key security scheme sent as a header.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SecurityHeader {
    /// The scheme's name in `components.securitySchemes`.
    pub scheme: String,
    /// The header it is sent in.
    pub header: String,
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    /// A path segment.
    Path,
    /// A query parameter.
    Query,
    /// A request header.
    Header,
}

impl ParamLocation {
    /// Where the parameter goes, as the spec's `in` says it: `path`, `query` or `header`.
    pub fn as_str(self) -> &'static str {
        match self {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
        }
    }
}

/// An operation parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Rust identifier (argument or setter name).
    pub name: Ident,
    /// The `set_…` twin of the setter, which takes an `Option`.
    pub setter: String,
    /// Name on the wire.
    pub wire_name: String,
    /// Where it goes.
    pub location: ParamLocation,
    /// Its type (scalars, enums, or a `Vec` of them for query parameters).
    pub ty: TypeRef,
    /// Required parameters are method arguments (unless they have a `login_default`); others
    /// are builder setters.
    pub required: bool,
    /// The name of the login value this (required, path, string) parameter takes when the
    /// call does not set it ([`ClientSettings::login_defaults`]): it is then a builder setter,
    /// not an argument, and sending fails naming it when the client knows no such value.
    pub login_default: Option<String>,
    /// Doc lines.
    pub docs: Vec<String>,
}

impl Param {
    /// Whether it is an argument of the operation's `Client` method: required, and with no
    /// login value to default to.
    pub fn is_argument(&self) -> bool {
        self.required && self.login_default.is_none()
    }
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// Rust identifier (argument or setter name).
    pub name: Ident,
    /// The `set_…` twin of the setter, which takes an `Option`.
    pub setter: String,
    /// Its type.
    pub ty: TypeRef,
    /// How it is encoded.
    pub encoding: BodyEncoding,
    /// Required bodies are method arguments; others a builder setter.
    pub required: bool,
    /// Doc lines.
    pub docs: Vec<String>,
}

/// How a body is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyEncoding {
    /// `application/json`.
    Json,
    /// `text/plain`.
    Text,
    /// `application/octet-stream`.
    Bytes,
    /// `application/x-www-form-urlencoded`: an object whose properties are scalars.
    Form,
}

/// What a successful call returns.
#[derive(Debug, Clone, PartialEq)]
pub enum ResponseKind {
    /// Nothing (204, or no content declared): `()`.
    Unit,
    /// A JSON body of this type.
    Json(TypeRef),
    /// A text body: `String`.
    Text,
    /// Raw bytes.
    Bytes,
    /// Success statuses whose bodies differ (`200` a result, `202` a ticket): an enum over the
    /// statuses, so that no status's body is decoded as another's type.
    ByStatus(StatusResponses),
}

/// The enum an operation with several success shapes returns.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusResponses {
    /// The enum's name: printed in the operation's module, re-exported by `operations`, and
    /// unique among the request builders, the other such enums and the model's types.
    pub name: String,
    /// One variant per success response of the spec, by status (a `2XX` range last).
    pub variants: Vec<StatusVariant>,
    /// The variant holding a success status the spec does not list (its status and raw body);
    /// `None` when a `2XX` range takes those.
    pub other: Option<String>,
}

/// One success status of an operation with several success shapes.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusVariant {
    /// Rust variant name (`Ok`, `Accepted`, `Status299`, `Success` for `2XX`).
    pub name: String,
    /// The status, or `None` for the `2XX` range.
    pub status: Option<u16>,
    /// Its body: never [`ResponseKind::ByStatus`].
    pub body: Box<ResponseKind>,
    /// Doc lines (the response's description).
    pub docs: Vec<String>,
}
