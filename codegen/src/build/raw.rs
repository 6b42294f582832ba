//! The first step's forms: types, fields, parameters and operations as the walk over the spec
//! finds them, with named types referred to by number until the passes name them.

use std::collections::{BTreeMap, BTreeSet};

use crate::location::Location;
use crate::model::*;
use crate::names::Hint;

pub(crate) type TypeId = usize;

/// A type during the first step: named types are referred to by id (their index in
/// `Builder::types`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Raw {
    String,
    /// An integer type: [`TypeRef::I8`] … [`TypeRef::U64`].
    Int(TypeRef),
    F64,
    Bool,
    Vec(Box<Raw>),
    Map(Box<Raw>),
    Named(TypeId),
    Json,
    JsonObject,
}

#[derive(Debug)]
pub(crate) enum Naming {
    Component {
        file: usize,
        name: String,
    },
    /// Each place's naming hint, with the docs it had there.
    Inline {
        hints: BTreeMap<Hint, Vec<String>>,
    },
}

#[derive(Debug)]
pub(crate) struct RawType {
    pub(crate) naming: Naming,
    pub(crate) docs: Vec<String>,
    pub(crate) origins: BTreeSet<String>,
    pub(crate) kind: RawKind,
}

#[derive(Debug)]
pub(crate) enum RawKind {
    Pending,
    Struct(Vec<RawField>),
    Enum(Vec<String>),
    /// An `allOf` until `merge_all_ofs` makes it a struct.
    AllOf {
        /// The members that declare a type, in order.
        members: Vec<Raw>,
        /// The fields of the `properties` written beside `allOf`, merged after the members'.
        own: Vec<RawField>,
        /// Every `required` name beside `allOf` or in a member, with the place of its entry:
        /// the merged field of that name is required, and a name no member declares is a
        /// warning there.
        required: Vec<(String, Location)>,
        at: Location,
    },
    OneOf {
        variants: Vec<RawVariant>,
        discriminator: Option<(String, Vec<(String, usize)>)>,
    },
}

#[derive(Debug, Clone)]
pub(crate) struct RawField {
    pub(crate) wire_name: String,
    pub(crate) ty: Raw,
    pub(crate) required: bool,
    pub(crate) nullable: bool,
    pub(crate) docs: Vec<String>,
    /// A string with a digits-only date format (`yyyyMM`…), which servers send as numbers too.
    pub(crate) digits_format: bool,
    pub(crate) format: Option<String>,
    pub(crate) default: Option<serde_json::Value>,
    /// The `example` of the property's own (inline) schema; `None` for a `$ref`.
    pub(crate) example: Option<serde_json::Value>,
    /// `readOnly: true` on the property's schema.
    pub(crate) read_only: bool,
    /// `writeOnly: true` on the property's schema.
    pub(crate) write_only: bool,
    /// A `readOnly` property of a type sent in requests: never serialized (pass 2b).
    pub(crate) never_sent: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct RawVariant {
    /// Name taken from the referenced component, if any.
    pub(crate) component: Option<String>,
    pub(crate) ty: Raw,
}

/// `Shape` with an order, for deduplication keys.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum ShapeKey {
    Object {
        properties: Vec<String>,
        required: Vec<String>,
    },
    String,
    Integer,
    Number,
    Boolean,
    Array,
    Any,
}

pub(crate) struct RawParam {
    pub(crate) wire_name: String,
    pub(crate) location: ParamLocation,
    pub(crate) ty: Raw,
    /// A string named or formatted `yyyyMM`: typed as a validated year-month.
    pub(crate) year_month: bool,
    pub(crate) required: bool,
    pub(crate) docs: Vec<String>,
}

pub(crate) struct RawBody {
    pub(crate) ty: Raw,
    pub(crate) encoding: BodyEncoding,
    pub(crate) required: bool,
    pub(crate) docs: Vec<String>,
}

#[derive(Debug, PartialEq)]
pub(crate) enum RawResponse {
    Unit,
    Json(Raw),
    Text,
    Bytes,
    /// Success statuses with bodies of different types: (status, `None` for `2XX`; its body,
    /// never `ByStatus`; the response's description), by status.
    ByStatus(Vec<(Option<u16>, RawResponse, Vec<String>)>),
}

pub(crate) struct RawOperation {
    pub(crate) id: String,
    pub(crate) file: usize,
    pub(crate) method: Method,
    pub(crate) path: String,
    pub(crate) params: Vec<RawParam>,
    pub(crate) body: Option<RawBody>,
    pub(crate) response: RawResponse,
    /// The status of a success (see `model::FakeAnswer::status`).
    pub(crate) success_status: u16,
    pub(crate) security: Vec<SecurityHeader>,
    /// (query parameter, response header) of `x-soracom-cli-pagination`.
    pub(crate) pagination: Option<(String, String)>,
    pub(crate) docs: Vec<String>,
    /// The examples of the first success response with a JSON body (its media type's
    /// `example`, then the `value` of each of its `examples`, in order): candidates for the
    /// operation's default answer (pass 8, `examples`).
    pub(crate) examples: Vec<serde_json::Value>,
}
