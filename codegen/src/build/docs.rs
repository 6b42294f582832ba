//! Spec text -> rustdoc lines, and the docs of things the spec does not describe.

use super::raw::*;
use crate::names::{self, Hint};

/// An operation's docs: its summary, then its description unless that only repeats the summary.
pub(crate) fn summary_and_description(op: &openapiv3::Operation) -> Vec<String> {
    let mut docs = Vec::new();
    if let Some(summary) = op.summary.as_deref() {
        docs.extend(doc_lines(Some(summary)));
    }
    if let Some(description) = op.description.as_deref() {
        if op.summary.as_deref().map(str::trim) != Some(description.trim()) {
            if !docs.is_empty() {
                docs.push(String::new());
            }
            docs.extend(doc_lines(Some(description)));
        }
    }
    docs
}

/// A type's docs: a type shared by several places is documented as the place that gave its
/// name; one the spec does not describe gets a line saying what it is.
pub(crate) fn type_docs(raw: &RawType) -> Vec<String> {
    let docs = match &raw.naming {
        Naming::Inline { hints } => hints
            .get(Hint::preferred(hints))
            .cloned()
            .unwrap_or_default(),
        Naming::Component { .. } => raw.docs.clone(),
    };
    if docs.is_empty() {
        vec![default_type_doc(&raw.naming, &raw.kind)]
    } else {
        docs
    }
}

/// A property's docs, or a line naming it; then whether it is read-only or write-only.
pub(crate) fn property_docs(f: &RawField) -> Vec<String> {
    let mut docs = if f.docs.is_empty() {
        vec![names::doc_safe(
            &format!("The `{}` property.", f.wire_name).replace('\n', " "),
        )]
    } else {
        f.docs.clone()
    };
    let direction = match (f.read_only, f.write_only) {
        (true, _) if f.never_sent => Some("Read-only: set by the server, never sent in a request."),
        (true, _) => Some("Read-only: set by the server."),
        (_, true) => Some("Write-only: sent in requests, not returned by the server."),
        _ => None,
    };
    if let Some(direction) = direction {
        docs.push(String::new());
        docs.push(direction.to_owned());
    }
    docs
}

/// A parameter's docs, or a line naming it.
pub(crate) fn parameter_docs(p: &RawParam) -> Vec<String> {
    if p.docs.is_empty() {
        vec![names::doc_safe(
            &format!("The `{}` parameter.", p.wire_name).replace('\n', " "),
        )]
    } else {
        p.docs.clone()
    }
}

/// A request body's docs, or a line saying what it is.
pub(crate) fn body_docs(b: &RawBody) -> Vec<String> {
    if b.docs.is_empty() {
        vec!["The request body.".to_owned()]
    } else {
        b.docs.clone()
    }
}

/// An operation's docs, or a line naming the operation it calls.
pub(crate) fn operation_docs(op: &RawOperation) -> Vec<String> {
    let mut docs = op.docs.clone();
    if docs.is_empty() {
        docs.push(format!("Calls `{}`.", op.id));
    }
    docs
}

/// The line that documents a type the spec does not describe.
fn default_type_doc(naming: &Naming, kind: &RawKind) -> String {
    match (naming, kind) {
        (Naming::Component { name, .. }, _) => format!("The `{name}` schema."),
        (Naming::Inline { .. }, RawKind::Enum(_)) => "One of the values below.".to_owned(),
        (Naming::Inline { .. }, RawKind::OneOf { .. }) => "One of the variants below.".to_owned(),
        (Naming::Inline { .. }, _) => "An object the spec declares inline.".to_owned(),
    }
}

/// Spec text -> rustdoc lines: trailing blanks trimmed, bare URLs wrapped in `<>`, code fences
/// without a language marked `text` so they never become doctests.
pub(crate) fn doc_lines(text: Option<&str>) -> Vec<String> {
    let Some(text) = text else { return Vec::new() };
    let text = names::doc_safe(&text.replace("\r\n", "\n").replace('\r', "\n"));
    let text = text.as_str();
    let mut lines: Vec<String> = Vec::new();
    let mut in_fence = false;
    for line in text.lines() {
        let line = line.trim_end();
        let trimmed = line.trim_start();
        if let Some(info) = trimmed.strip_prefix("```") {
            if !in_fence && info.trim().is_empty() {
                lines.push(format!("{}```text", &line[..line.len() - trimmed.len()]));
            } else {
                lines.push(line.to_owned());
            }
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            lines.push(line.to_owned());
        } else {
            lines.push(wrap_bare_urls(line));
        }
    }
    if in_fence {
        lines.push("```".to_owned());
    }
    // Collapse runs of blank lines and trim blank lines at both ends.
    let mut out: Vec<String> = Vec::new();
    for line in lines {
        if line.is_empty() && out.last().is_none_or(|l: &String| l.is_empty()) {
            continue;
        }
        out.push(line);
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out
}

fn wrap_bare_urls(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut in_code = false;
    let mut i = 0;
    let bytes = line.as_bytes();
    while i < line.len() {
        let c = bytes[i];
        if c == b'`' {
            in_code = !in_code;
            out.push('`');
            i += 1;
            continue;
        }
        let rest = &line[i..];
        if !in_code && (rest.starts_with("http://") || rest.starts_with("https://")) {
            let prev = line[..i].chars().last();
            let end = rest
                .find(|ch: char| {
                    ch.is_whitespace() || matches!(ch, ')' | '>' | ']' | '"' | '\'' | '<')
                })
                .unwrap_or(rest.len());
            let mut url = &rest[..end];
            while url.ends_with(['.', ',', ';', ':']) {
                url = &url[..url.len() - 1];
            }
            if matches!(prev, Some('(') | Some('<') | Some('[') | Some('"')) {
                out.push_str(url);
            } else {
                out.push('<');
                out.push_str(url);
                out.push('>');
            }
            i += url.len();
            continue;
        }
        let ch = rest.chars().next().unwrap_or(' ');
        out.push(ch);
        i += ch.len_utf8();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docs() {
        assert_eq!(
            doc_lines(Some(
                "See https://example.com/x. And [a](https://b.c)\n\n\n```\ncode\n```\n\n"
            )),
            vec![
                "See <https://example.com/x>. And [a](https://b.c)",
                "",
                "```text",
                "code",
                "```"
            ]
        );
    }
}
