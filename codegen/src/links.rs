//! Links in the spec's descriptions, made to work in rustdoc (a step between the model and the
//! printer): a reference to an operation as Swagger UI writes it (`#/Order/listOrders`) becomes
//! an intra-doc link to the `Client` method; a site-relative link (`/en/docs/…`) is resolved
//! against the documentation base (`ClientSettings::docs_base`, `docs_base` in `sdk.toml`'s
//! `[client]`); absolute links stay. A link that cannot be resolved becomes its plain text, with
//! a warning naming where it was. (`#!/Tag/operationId`, as older Swagger UI writes it, counts as
//! an operation reference too.)

use std::collections::BTreeMap;

use crate::error::Warning;
use crate::location::pointer_token;
use crate::model::{Model, ResponseKind, TypeKind};

/// Resolves the links of every doc line of `model`, adding a warning per link kept as text.
pub(crate) fn resolve_links(model: &mut Model, docs_base: Option<&str>) {
    let methods: BTreeMap<String, String> = model
        .operations
        .iter()
        .map(|op| (op.id.clone(), op.method_name.bare().to_owned()))
        .collect();
    let resolver = Resolver {
        methods: &methods,
        base: docs_base.map(|b| b.trim_end_matches('/')),
    };
    let mut warnings = Vec::new();
    for def in model.types.values_mut() {
        let (file, pointer) = split_origin(def.origins.first().map(String::as_str));
        resolver.lines(&mut def.docs, &file, &pointer, &mut warnings);
        if let TypeKind::Struct { fields, .. } = &mut def.kind {
            for f in fields {
                let at = format!("{pointer}/properties/{}", pointer_token(&f.wire_name));
                resolver.lines(&mut f.docs, &file, &at, &mut warnings);
            }
        }
    }
    for op in &mut model.operations {
        let at = format!(
            "#/paths/{}/{}",
            pointer_token(&op.path),
            op.http_method.as_str().to_ascii_lowercase()
        );
        let file = op.file.clone();
        resolver.lines(&mut op.docs, &file, &at, &mut warnings);
        for p in &mut op.params {
            resolver.lines(
                &mut p.docs,
                &file,
                &format!("{at}/parameters"),
                &mut warnings,
            );
        }
        if let Some(body) = &mut op.body {
            resolver.lines(
                &mut body.docs,
                &file,
                &format!("{at}/requestBody"),
                &mut warnings,
            );
        }
        if let ResponseKind::ByStatus(enum_) = &mut op.response {
            for v in &mut enum_.variants {
                resolver.lines(
                    &mut v.docs,
                    &file,
                    &format!("{at}/responses"),
                    &mut warnings,
                );
            }
        }
    }
    model.warnings.extend(warnings);
    model.warnings.sort();
    model.warnings.dedup();
}

/// `file#/pointer` as (file, `#/pointer`).
fn split_origin(origin: Option<&str>) -> (String, String) {
    match origin.and_then(|o| o.split_once('#')) {
        Some((file, pointer)) => (file.to_owned(), format!("#{pointer}")),
        None => (String::new(), "#".to_owned()),
    }
}

struct Resolver<'a> {
    /// `operationId` → `Client` method.
    methods: &'a BTreeMap<String, String>,
    /// The documentation site, without a trailing `/`.
    base: Option<&'a str>,
}

impl Resolver<'_> {
    /// Rewrites the links of `lines` (outside code blocks and code spans).
    fn lines(&self, lines: &mut [String], file: &str, pointer: &str, warnings: &mut Vec<Warning>) {
        let mut in_fence = false;
        for line in lines.iter_mut() {
            if line.trim_start().starts_with("```") {
                in_fence = !in_fence;
                continue;
            }
            if in_fence || !line.contains("](") {
                continue;
            }
            *line = rewrite(line, |target| self.resolve(target)).unwrap_or_else(|unresolved| {
                for target in &unresolved.1 {
                    warnings.push(Warning {
                        file: file.to_owned(),
                        pointer: pointer.to_owned(),
                        message: format!(
                            "the link `{target}` leads nowhere in rustdoc ({}); kept as plain text",
                            self.why(target)
                        ),
                    });
                }
                unresolved.0
            });
        }
    }

    /// The target rustdoc should use for `target`, or `None` to keep the link's text alone.
    fn resolve(&self, target: &str) -> Option<String> {
        let target = target.trim();
        if ["http://", "https://", "mailto:"]
            .iter()
            .any(|scheme| target.starts_with(scheme))
        {
            return Some(target.to_owned());
        }
        // Swagger UI's operation anchors: `#/Tag/operationId`, and `#!/Tag/operationId` of its
        // older versions.
        if let Some(reference) = target.strip_prefix("#/").or(target.strip_prefix("#!/")) {
            let id = reference.rsplit('/').next().unwrap_or(reference);
            return self
                .methods
                .get(id)
                .map(|method| format!("crate::generated::Client::{method}"));
        }
        if target.starts_with('/') && !target.starts_with("//") {
            return self.base.map(|base| format!("{base}{target}"));
        }
        None
    }

    /// Why `target` could not be resolved, for the warning.
    fn why(&self, target: &str) -> &'static str {
        if target.trim().starts_with("#/") || target.trim().starts_with("#!/") {
            "it names no operation of this client"
        } else if target.trim().starts_with('/') {
            "a site-relative link, and no documentation base is set"
        } else {
            "a relative link"
        }
    }
}

/// `line` with each Markdown link `[text](target)` outside code spans given the target `resolve`
/// returns; `Err((line with the unresolved links as their text, those targets))` when some were
/// not resolved.
fn rewrite(
    line: &str,
    resolve: impl Fn(&str) -> Option<String>,
) -> Result<String, (String, Vec<String>)> {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::new();
    let mut unresolved = Vec::new();
    let mut i = 0;
    let mut in_code = false;
    while i < chars.len() {
        let c = chars[i];
        if c == '`' {
            in_code = !in_code;
        }
        if c == '[' && !in_code {
            if let Some((text_end, target_end)) = link_at(&chars, i) {
                let text: String = chars[i + 1..text_end].iter().collect();
                let target: String = chars[text_end + 2..target_end].iter().collect();
                match resolve(&target) {
                    Some(resolved) => out.push_str(&format!("[{text}]({resolved})")),
                    None => {
                        out.push_str(&text);
                        unresolved.push(target);
                    }
                }
                i = target_end + 1;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    if unresolved.is_empty() {
        Ok(out)
    } else {
        Err((out, unresolved))
    }
}

/// For a `[` at `start`: the index of its `]` and of the `)` closing the `(` right after it.
fn link_at(chars: &[char], start: usize) -> Option<(usize, usize)> {
    let mut depth = 0;
    let mut text_end = None;
    for (k, &c) in chars.iter().enumerate().skip(start) {
        match c {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    text_end = Some(k);
                    break;
                }
            }
            _ => {}
        }
    }
    let text_end = text_end?;
    if chars.get(text_end + 1) != Some(&'(') {
        return None;
    }
    let mut depth = 0;
    for (k, &c) in chars.iter().enumerate().skip(text_end + 1) {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return Some((text_end, k));
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(
        methods: &[(&str, &str)],
        base: Option<&'static str>,
        line: &str,
    ) -> (String, Vec<String>) {
        let methods: BTreeMap<String, String> = methods
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        let resolver = Resolver {
            methods: &methods,
            base,
        };
        match rewrite(line, |t| resolver.resolve(t)) {
            Ok(line) => (line, Vec::new()),
            Err((line, unresolved)) => (line, unresolved),
        }
    }

    #[test]
    fn operation_references_become_intra_doc_links() {
        assert_eq!(
            with(
                &[("listOrders", "list_orders")],
                None,
                "Get it by [Order:listOrders API](#/Order/listOrders)."
            ),
            (
                "Get it by [Order:listOrders API](crate::generated::Client::list_orders)."
                    .to_owned(),
                vec![]
            )
        );
        let (line, unresolved) = with(
            &[],
            None,
            "See [there](#/Order/gone) and [x](https://a.b/c).",
        );
        assert_eq!(line, "See there and [x](https://a.b/c).");
        assert_eq!(unresolved, ["#/Order/gone"]);
    }

    #[test]
    fn site_relative_links_need_a_base() {
        let line = "The [CSV](/en/docs/account/billing/#detailed-billing-csv) format.";
        assert_eq!(
            with(&[], Some("https://developers.soracom.io"), line).0,
            "The [CSV](https://developers.soracom.io/en/docs/account/billing/#detailed-billing-csv) format."
        );
        assert_eq!(
            with(&[], None, line),
            (
                "The CSV format.".to_owned(),
                vec!["/en/docs/account/billing/#detailed-billing-csv".to_owned()]
            )
        );
    }

    #[test]
    fn code_and_text_without_links_are_left_alone() {
        for line in [
            "`[a](#/b/c)` stays",
            "[not a link] (x)",
            "a ](b) c",
            "[unclosed](x",
        ] {
            assert_eq!(with(&[], None, line), (line.to_owned(), vec![]), "{line}");
        }
    }
}
