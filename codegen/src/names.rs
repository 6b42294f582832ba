//! Every naming rule of the generator, in one place: identifiers are decided here, in the model,
//! and printed verbatim later.

use heck::{ToSnakeCase, ToUpperCamelCase};

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
pub fn value_name(raw: &str) -> String {
    let mut name = raw.to_snake_case();
    name.retain(|c| c.is_ascii_alphanumeric() || c == '_');
    if name.is_empty() || name.chars().all(|c| c == '_') {
        name = "value".to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    escape_keyword(name)
}

/// A module name for a type: snake case, never a keyword.
pub fn module_name(type_name: &str) -> String {
    let name = value_name(type_name);
    match name.strip_prefix("r#") {
        Some(bare) => format!("{bare}_"),
        None => name,
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
        assert_eq!(module_name("Type"), "type_");
        assert_eq!(singular("shippingOptions"), "shippingOption");
        assert_eq!(singular("categories"), "category");
        assert_eq!(singular("address"), "addressItem");
        assert_eq!(unique("A", |n| n == "A" || n == "A2"), "A3");
    }
}
