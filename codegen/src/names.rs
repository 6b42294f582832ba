//! Every naming rule of the generator, in one place: identifiers are decided here, in the model,
//! and printed verbatim later.
//!
//! First the rules for one identifier (type, value and module names, keywords, numbering), then
//! the names of types (hints, components, fields, enum and `oneOf` variants), then the names of
//! operations (derived ids, methods, parameters, setters, bodies).

use std::collections::{BTreeMap, BTreeSet};

use heck::{ToSnakeCase, ToUpperCamelCase};

use crate::model::{ParamLocation, TypeRef};

/// Words Rust reserves (strict and reserved keywords of the 2021 edition).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be written as raw identifiers (`r#self` is not allowed).
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super", "_"];

/// Type names the generated code uses unqualified; a schema with one of these names is renamed
/// (suffix `Model`) so that it never shadows them.
const RESERVED_TYPE_NAMES: &[&str] = &[
    "Box",
    "BTreeMap",
    "Client",
    "Default",
    "Deserialize",
    "Deserializer",
    "Error",
    "Option",
    "Result",
    "Self",
    "Serialize",
    "Serializer",
    "String",
    "Value",
    "Vec",
    "Map",
    "Some",
    "None",
    "Ok",
    "Err",
    "From",
    "Into",
    "Clone",
    "Debug",
    "PartialEq",
    "Eq",
    "Hash",
    "Ord",
    "PartialOrd",
    "Send",
    "Sync",
    "Sized",
    "Copy",
    "Future",
    "IntoFuture",
    "Pin",
    "FromStr",
    "Display",
    "Infallible",
    "ToString",
    "AsRef",
    "Iterator",
];

/// `UpperCamelCase` for a type or variant, always a valid identifier, never empty.
pub fn type_name(raw: &str) -> String {
    let mut name = raw.to_upper_camel_case();
    name.retain(|c| c.is_ascii_alphanumeric() || c == '_');
    if name.is_empty() {
        name = "Unnamed".to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit() || c == '_') {
        name.insert(0, 'V');
    }
    // Dropping non-ASCII letters can leave a lower-case start (`éa` -> `a`).
    if let Some(first) = name.get(..1) {
        let upper = first.to_ascii_uppercase();
        name.replace_range(..1, &upper);
    }
    if name == "Self" {
        name = "SelfValue".to_owned();
    }
    name
}

/// Replaces what rustc refuses in a doc comment (control characters such as a lone `\r`, and
/// the bidirectional-text controls) with U+FFFD; line breaks are kept (callers split lines).
pub fn doc_safe(text: &str) -> String {
    text.chars()
        .map(|c| {
            let bidi = matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}');
            if (c.is_control() && c != '\t' && c != '\n') || bidi {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect()
}

/// The request builder's name for an operation: never one of the names its file uses.
pub fn builder_name(operation_id: &str) -> String {
    let name = type_name(operation_id);
    if RESERVED_TYPE_NAMES.contains(&name.as_str())
        || crate::runtime::OPERATION_FILE_IMPORTS.contains(&name.as_str())
    {
        format!("{name}Call")
    } else {
        name
    }
}

/// Methods the generated `Client` has of its own (printed by `emit::client`, whose test checks this list) or from the traits it implements or
/// gets by blanket impls; an operation's method must not take one of these names.
pub const CLIENT_METHODS: &[&str] = &[
    // Its own.
    "base_url",
    "builder",
    "login_value",
    // Traits (Clone, Debug, From/Into, Borrow, ToOwned, Any) and their blanket impls.
    "borrow",
    "borrow_mut",
    "clone",
    "clone_from",
    "eq",
    "fmt",
    "from",
    "into",
    "to_owned",
    "try_from",
    "try_into",
    "type_id",
];

/// Methods every request builder has, which parameters must not shadow.
pub const BUILDER_METHODS: &[&str] = &["client", "send", "into_future"];

/// A type name that is safe next to the std/serde names the generated code uses.
pub fn schema_type_name(raw: &str) -> String {
    let name = match type_name(raw).as_str() {
        "SelfValue" => "Self".to_owned(),
        other => other.to_owned(),
    };
    if RESERVED_TYPE_NAMES.contains(&name.as_str()) {
        format!("{name}Model")
    } else {
        name
    }
}

/// `snake_case` for a field, parameter, method or module; keywords become raw identifiers
/// (`r#type`) or, where Rust forbids that, get a trailing underscore (`self_`).
///
/// Characters a Rust identifier cannot hold are dropped, and with them the underscores they
/// leave at either end or doubled (`é_é_map` is `map`): so no name starts with `__`, which the
/// generated code keeps for its own locals.
pub fn value_name(raw: &str) -> String {
    let snake = raw.to_snake_case();
    let kept: String = snake
        .split('_')
        .map(|word| {
            word.chars()
                .filter(char::is_ascii_alphanumeric)
                .collect::<String>()
        })
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join("_");
    let mut name = if kept.is_empty() {
        "value".to_owned()
    } else {
        kept
    };
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    escape_keyword(name)
}

/// A module name for a type: snake case, never a keyword.
pub fn module_name(type_name: &str) -> String {
    module_of_ident(&value_name(type_name))
}

/// The module for an item named by [`value_name`] (a type's snake-case name, an operation's
/// method): a raw identifier such as `r#type` becomes `type_`.
pub fn module_of_ident(ident: &str) -> String {
    match ident.strip_prefix("r#") {
        Some(bare) => format!("{bare}_"),
        None => ident.to_owned(),
    }
}

fn escape_keyword(name: String) -> String {
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// The singular of a plural property name, for the element type of an array
/// (`shippingOptions` -> `ShippingOption`). Only the plain English `s` plural is undone.
pub fn singular(raw: &str) -> String {
    if raw.ends_with("ies") && raw.len() > 3 {
        format!("{}y", &raw[..raw.len() - 3])
    } else if raw.ends_with('s') && !raw.ends_with("ss") && raw.len() > 1 {
        raw[..raw.len() - 1].to_owned()
    } else {
        format!("{raw}Item")
    }
}

/// Picks a name not in `taken` by appending 2, 3, … to `base`.
pub fn unique(base: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(base) {
        return base.to_owned();
    }
    (2..)
        .map(|n| format!("{base}{n}"))
        .find(|candidate| !taken(candidate))
        .expect("an unbounded range always yields a free name")
}

// Names of types.

/// Candidate names for an inline type from one place that uses it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Hint {
    /// The name it gets when nothing else wants it (`Currency`).
    pub short: String,
    /// The name it gets otherwise (`MonthlyBillCurrency`).
    pub long: String,
}

impl Hint {
    /// The hint with these names, made valid type names.
    pub fn new(short: &str, long: &str) -> Self {
        Hint {
            short: schema_type_name(short),
            long: schema_type_name(long),
        }
    }

    /// The hint of a component schema: its own name.
    pub fn component(name: &str) -> Self {
        Hint::new(name, name)
    }

    /// The hint for parameter `name` of the operation whose type name is `op`.
    pub fn parameter(op: &str, name: &str) -> Self {
        Hint::new(name, &format!("{op}_{name}"))
    }

    /// The hint for the request body of the operation whose type name is `op`.
    pub fn request(op: &str) -> Self {
        Hint::new(&format!("{op}Request"), &format!("{op}Request"))
    }

    /// The hint for the response of the operation whose type name is `op`.
    pub fn response(op: &str) -> Self {
        Hint::new(&format!("{op}Response"), &format!("{op}Response"))
    }

    /// The hint of the body of an operation's success `status` (`202`, `2XX`) other than its
    /// first: `RunJobResponse202`.
    pub fn response_status(op: &str, status: &str) -> Self {
        let name = format!("{op}Response{status}");
        Hint::new(&name, &name)
    }

    /// The hint the properties of a type hinted `self` are named from: its long name, even
    /// where the type itself gets the short one.
    pub fn parent(&self) -> Self {
        Hint {
            short: self.long.clone(),
            long: self.long.clone(),
        }
    }

    /// The hint for member `index` (from 0) of a `oneOf`, `anyOf` or `allOf` hinted `self`.
    pub fn member(&self, index: usize) -> Self {
        Hint::new(
            &format!("{}_{}", self.short, index + 1),
            &format!("{}_{}", self.long, index + 1),
        )
    }

    /// The hint for a property `prop` of a type hinted `self`.
    pub fn property(&self, prop: &str) -> Self {
        Hint::new(prop, &format!("{}_{}", self.long, prop))
    }

    /// The hint for the elements of an array hinted `self`.
    pub fn item(&self) -> Self {
        Hint::new(&singular(&self.short), &singular(&self.long))
    }

    /// The hint an inline type is named after, of those its places give: the shortest short
    /// name (then the first by order).
    pub fn preferred(hints: &BTreeMap<Hint, Vec<String>>) -> &Hint {
        static EMPTY: std::sync::OnceLock<Hint> = std::sync::OnceLock::new();
        hints
            .keys()
            .min_by(|a, b| a.short.len().cmp(&b.short.len()).then(a.cmp(b)))
            .unwrap_or_else(|| EMPTY.get_or_init(|| Hint::new("", "")))
    }
}

/// Names the types of a model: `components` (file, schema name, id) by their schema name, then
/// `inline` types (short hint, long hint, first place that uses it, id) by their short hint when
/// no other type wants it and it is free, by their long hint (numbered if need be) otherwise.
/// Both lists are sorted first, so that equal hints are numbered by where the types are in the
/// spec, not by the order they were met.
pub fn type_names(
    mut components: Vec<(usize, &str, usize)>,
    mut inline: Vec<(String, String, String, usize)>,
) -> BTreeMap<usize, String> {
    let mut names: BTreeMap<usize, String> = BTreeMap::new();
    let mut taken: BTreeSet<String> = BTreeSet::new();
    components.sort();
    for (_, name, id) in components {
        let name = unique(&schema_type_name(name), |n| taken.contains(n));
        taken.insert(name.clone());
        names.insert(id, name);
    }
    inline.sort();
    let mut wanted: BTreeMap<&str, usize> = BTreeMap::new();
    for (short, _, _, _) in &inline {
        *wanted.entry(short.as_str()).or_default() += 1;
    }
    for (short, long, _, id) in &inline {
        let name = if wanted[short.as_str()] == 1 && !taken.contains(short) {
            short.clone()
        } else {
            unique(long, |n| taken.contains(n))
        };
        taken.insert(name.clone());
        names.insert(*id, name);
    }
    names
}

/// Methods a struct's builder has besides its setters, and the struct's own associated
/// functions: a field never takes one of these names, since its identifier is also its setter's.
pub const MODEL_METHODS: &[&str] = &["build", "builder"];

/// Identifiers for the fields of a struct, from their property names. Each is also the name of
/// the field's builder setter, so none is in [`MODEL_METHODS`] and none is `set_` followed by
/// another (the setters' `set_…` twins).
pub fn field_idents(wires: &[&str]) -> Vec<String> {
    stable_idents(wires, value_name, MODEL_METHODS, true)
}

/// Methods of the traits a model struct implements or gets by blanket impls (`Clone`,
/// `PartialEq`, `Debug`, serde's, `From`/`Into`, `ToOwned`, `Borrow`, `Any`): an accessor with
/// one of these names would shadow the trait's method in `value.clone()`, so such a field gets
/// none.
const MODEL_TRAIT_METHODS: &[&str] = &[
    "borrow",
    "borrow_mut",
    "clone",
    "clone_from",
    "clone_into",
    "default",
    "deserialize",
    "eq",
    "fmt",
    "from",
    "into",
    "ne",
    "serialize",
    "to_owned",
    "try_from",
    "try_into",
    "type_id",
];

/// Whether the field `ident` may have an accessor of its name (see [`MODEL_TRAIT_METHODS`];
/// [`MODEL_METHODS`] are kept from fields already).
pub fn accessor_allowed(ident: &str) -> bool {
    !MODEL_TRAIT_METHODS.contains(&ident.trim_start_matches("r#"))
}

/// The name of the builder of the struct `type_name`: `{type_name}Builder`, numbered if `taken`
/// (the model's type names and the builders named before) has it.
pub fn builder_type_name(type_name: &str, taken: impl Fn(&str) -> bool) -> String {
    unique(&format!("{type_name}Builder"), taken)
}

/// Identifiers for the variants of a string enum, from their values (the empty value is
/// `Empty`), and the name of its catch-all variant (`Unknown`, unless a value took it).
pub fn enum_variant_idents(values: &[String]) -> (Vec<String>, String) {
    let wires: Vec<&str> = values.iter().map(String::as_str).collect();
    let variant_name = |v: &str| {
        if v.is_empty() {
            "Empty".to_owned()
        } else {
            type_name(v)
        }
    };
    let idents = stable_idents(&wires, variant_name, &[], false);
    let taken: BTreeSet<String> = idents.iter().cloned().collect();
    let unknown = unique("Unknown", |n| taken.contains(n));
    (idents, unknown)
}

/// Identifiers for the variants of a `oneOf`, from their `bases` (see
/// [`primitive_variant_name`]) without the prefix they all share, numbered where two are
/// equal; and the name of its catch-all variant (`Other`, unless a variant took it).
pub fn one_of_variant_idents(bases: &[String]) -> (Vec<String>, String) {
    let stripped = strip_common_prefix(bases);
    let mut taken = BTreeSet::new();
    let idents = stripped
        .into_iter()
        .map(|base| {
            let ident = unique(&base, |n| taken.contains(n));
            taken.insert(ident.clone());
            ident
        })
        .collect();
    let other = unique("Other", |n| taken.contains(n));
    (idents, other)
}

pub fn primitive_variant_name(ty: &TypeRef, index: usize) -> String {
    match ty {
        TypeRef::String => "String".to_owned(),
        ty if ty.is_integer() => "Integer".to_owned(),
        TypeRef::F64 => "Number".to_owned(),
        TypeRef::Bool => "Boolean".to_owned(),
        TypeRef::Vec(_) => "Array".to_owned(),
        TypeRef::Map(_) | TypeRef::JsonObject => "Object".to_owned(),
        _ => format!("Variant{}", index + 1),
    }
}

/// `ShippingOptionOfNekopos`, `ShippingOptionOfExpeditedShipping` -> `Nekopos`, `ExpeditedShipping`
/// (the common prefix cut at a word boundary; kept whole if that would leave a name empty or
/// starting with a digit).
pub fn strip_common_prefix(names: &[String]) -> Vec<String> {
    if names.len() < 2 {
        return names.to_vec();
    }
    let first = &names[0];
    let mut len = first.len();
    for other in &names[1..] {
        len = len.min(
            first
                .bytes()
                .zip(other.bytes())
                .take_while(|(a, b)| a == b)
                .count(),
        );
    }
    // Back up to the start of an upper-case word in every name.
    while len > 0
        && !names
            .iter()
            .all(|n| n[len..].starts_with(|c: char| c.is_ascii_uppercase()))
    {
        len -= 1;
    }
    if len == 0 || names.iter().any(|n| n.len() == len || &n[len..] == "Self") {
        return names.to_vec();
    }
    names.iter().map(|n| n[len..].to_owned()).collect()
}

// Names of operations.

/// A name for an operation without `operationId`: the method, then the path's segments in
/// PascalCase, parameters as `By…` (`GET /pets/{petId}/photos` → `getPetsByPetIdPhotos`, `GET /`
/// → `getRoot`).
pub fn derived_operation_id(method: &str, path: &str) -> String {
    let mut id = method.to_owned();
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(param) => {
                id.push_str("By");
                id.push_str(&param.to_upper_camel_case());
            }
            None => id.push_str(&segment.to_upper_camel_case()),
        }
    }
    if id == method {
        id.push_str("Root");
    }
    id
}

/// The client method of operation `id`: snake case, with `_operation` after a name the client
/// already has, and numbered if `taken` says another operation has it.
pub fn method_name(id: &str, taken: impl Fn(&str) -> bool) -> String {
    let base = value_name(id);
    let base = if CLIENT_METHODS.contains(&base.as_str()) {
        format!("{base}_operation")
    } else {
        base
    };
    unique(&base, taken)
}

/// Identifiers for an operation's parameters (wire name, location), in their order. They
/// avoid the builder's own methods and each other's `set_…` setters; where two have the same
/// name (query `id`, header `id`), path comes before query before header.
pub fn parameter_idents(params: &[(&str, ParamLocation)]) -> Vec<String> {
    let mut order: Vec<usize> = (0..params.len()).collect();
    order.sort_by_key(|&i| location_rank(params[i].1));
    let wires: Vec<&str> = order.iter().map(|&i| params[i].0).collect();
    let sorted = stable_idents(&wires, value_name, BUILDER_METHODS, true);
    let mut idents = vec![String::new(); params.len()];
    for (ident, &i) in sorted.into_iter().zip(&order) {
        idents[i] = ident;
    }
    idents
}

/// Where two parameters have the same name, the order in which they take it.
fn location_rank(location: ParamLocation) -> u8 {
    match location {
        ParamLocation::Path => 0,
        ParamLocation::Query => 1,
        ParamLocation::Header => 2,
    }
}

/// The request body's identifier: `body`, unless a parameter (or its setter) or a builder
/// method has it.
pub fn body_ident(params: &[String]) -> String {
    let mut taken: BTreeSet<String> = BUILDER_METHODS.iter().map(|s| s.to_string()).collect();
    taken.extend(params.iter().cloned());
    unique("body", |n| {
        taken.contains(n) || taken.contains(&setter_name(n))
    })
}

/// The variant of an operation's response enum for the success `status` (`None`: the `2XX`
/// range): the status's reason phrase (RFC 9110, section 15.3) in upper camel case, `Status…`
/// for a code without one, `Success` for the range. They never clash with each other nor with
/// `Other`, the variant for a status the spec does not list.
pub fn status_variant_name(status: Option<u16>) -> String {
    match status {
        None => "Success".to_owned(),
        Some(200) => "Ok".to_owned(),
        Some(201) => "Created".to_owned(),
        Some(202) => "Accepted".to_owned(),
        Some(203) => "NonAuthoritativeInformation".to_owned(),
        Some(204) => "NoContent".to_owned(),
        Some(205) => "ResetContent".to_owned(),
        Some(206) => "PartialContent".to_owned(),
        Some(code) => format!("Status{code}"),
    }
}

/// The name of the enum an operation with several success shapes returns: its request
/// builder's name followed by `Response`, numbered if `taken` has it.
pub fn status_enum_name(builder_name: &str, taken: impl Fn(&str) -> bool) -> String {
    unique(&format!("{builder_name}Response"), taken)
}

/// The `set_…` twin of a builder setter named `name` (`set_type` for `r#type`, `set_1st` for
/// `_1st`).
pub fn setter_name(name: &str) -> String {
    format!(
        "set_{}",
        name.trim_start_matches("r#").trim_start_matches('_')
    )
}

/// Identifiers for `wires` (property names, enum values, parameters) that do not depend on their
/// order: a wire name that is already its identifier keeps it, the others are numbered in sorted
/// order. No identifier is in `reserved`; with `setters` (the identifiers are also setters with
/// `set_…` twins, see [`setter_name`]), none is another's twin and no two share a twin.
pub fn stable_idents(
    wires: &[&str],
    base: impl Fn(&str) -> String,
    reserved: &[&str],
    setters: bool,
) -> Vec<String> {
    let mut order: Vec<usize> = (0..wires.len()).collect();
    let exact = |w: &str| base(w).trim_start_matches("r#").trim_end_matches('_') == w;
    // Exact names first, and of those a `set_…` name last: `x` keeps its name before `set_x`.
    order.sort_by_key(|&i| {
        let set = setters && wires[i].starts_with("set_");
        (!exact(wires[i]), set, wires[i])
    });
    let mut taken: BTreeSet<String> = reserved.iter().map(|s| s.to_string()).collect();
    // The `set_…` twins of the identifiers taken so far.
    let mut twins: BTreeSet<String> = BTreeSet::new();
    let mut idents = vec![String::new(); wires.len()];
    for i in order {
        let ident = unique(&base(wires[i]), |n| {
            let bare = n.trim_start_matches("r#");
            taken.contains(n)
                || (setters
                    && (taken.contains(&setter_name(bare))
                        || twins.contains(&setter_name(bare))
                        || twins.contains(bare)))
        });
        twins.insert(setter_name(&ident));
        taken.insert(ident.clone());
        idents[i] = ident;
    }
    idents
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(type_name("JPY"), "Jpy");
        assert_eq!(type_name("s1.4xfast"), "S14xfast");
        assert_eq!(type_name("2fa"), "V2fa");
        assert_eq!(type_name(""), "Unnamed");
        assert_eq!(schema_type_name("result"), "ResultModel");
        assert_eq!(value_name("yyyyMM"), "yyyy_mm");
        assert_eq!(value_name("type"), "r#type");
        assert_eq!(value_name("self"), "self_");
        assert_eq!(value_name("Self"), "self_");
        assert_eq!(value_name("1st"), "_1st");
        // What only non-ASCII letters held goes, with the underscores around it: no name starts
        // with `__` (the generated code's own locals, `__map` and the like).
        assert_eq!(value_name("é_é_map"), "map");
        assert_eq!(value_name("名前_メモ_key"), "key");
        assert_eq!(value_name("key_名前_2"), "key_2");
        assert_eq!(value_name("名前"), "value");
        assert_eq!(value_name("__index"), "index");
        assert_eq!(value_name("é_1"), "_1");
        assert_eq!(module_name("Type"), "type_");
        assert_eq!(singular("shippingOptions"), "shippingOption");
        assert_eq!(singular("categories"), "category");
        assert_eq!(singular("address"), "addressItem");
        assert_eq!(unique("A", |n| n == "A" || n == "A2"), "A3");
    }

    #[test]
    fn field_idents_leave_room_for_builder_methods() {
        // Each field's identifier is its setter, and `set_…` its twin: `build` is the builder's
        // own method, `set_x` would be `x`'s twin, `_1st` and `1st` would share `set_1st`.
        let idents = field_idents(&["build", "builder", "x", "set_x", "_1st", "1st", "type"]);
        assert_eq!(
            idents,
            ["build2", "builder2", "x", "set_x2", "_1st", "_1st2", "r#type"]
        );
        let twins: BTreeSet<String> = idents.iter().map(|i| setter_name(i)).collect();
        assert_eq!(twins.len(), idents.len(), "{twins:?}");
        assert!(twins.iter().all(|t| !idents.contains(t)));
        assert_eq!(setter_name("r#type"), "set_type");
        assert_eq!(setter_name("_1st"), "set_1st");
    }

    #[test]
    fn prefixes() {
        let v = |s: &[&str]| s.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            strip_common_prefix(&v(&[
                "ShippingOptionOfNekopos",
                "ShippingOptionOfExpeditedShipping"
            ])),
            v(&["Nekopos", "ExpeditedShipping"])
        );
        assert_eq!(strip_common_prefix(&v(&["Cat", "Dog"])), v(&["Cat", "Dog"]));
        assert_eq!(
            strip_common_prefix(&v(&["PetCat", "Pet"])),
            v(&["PetCat", "Pet"])
        );
    }
}
