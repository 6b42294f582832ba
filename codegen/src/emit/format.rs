//! Tokens -> file text: the `@generated` header, the runtime import when the file needs it, and
//! the items as `prettyplease` prints them, spaced by blank lines.

use proc_macro2::TokenStream;

use crate::error::Error;
use crate::runtime;

/// The text of the file at `path` (named in the error if its tokens do not parse): `header`,
/// then the file.
pub(super) fn format(header: &str, path: &str, tokens: TokenStream) -> Result<String, Error> {
    let alias = runtime::alias(&tokens);
    let mut file: syn::File = syn::parse2(tokens).map_err(|e| Error::Config {
        message: format!("internal error: the code generated for {path} does not parse: {e}"),
    })?;
    if let Some(alias) = alias {
        file.items.insert(0, alias);
    }
    Ok(format!(
        "{header}\n{}",
        space_items(&prettyplease::unparse(&file))
    ))
}

/// prettyplease prints items back to back; a blank line after each closing brace (and between
/// the imports and what follows) makes the files readable and keeps diffs local.
fn space_items(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut previous: Option<&str> = None;
    for line in text.lines() {
        if let Some(prev) = previous {
            let indent = |l: &str| l.len() - l.trim_start().len();
            let prev_trimmed = prev.trim();
            let current = line.trim_start();
            let closes = prev_trimmed == "}"
                || prev_trimmed == "};"
                || (prev_trimmed.ends_with(';') && indent(prev) == 0);
            let opens_item = !current.is_empty()
                && !current.starts_with('}')
                && !current.starts_with(')')
                && !current.starts_with(']')
                && !current.starts_with("else")
                && indent(line) <= indent(prev);
            let both_use = prev_trimmed.starts_with("use ") && current.starts_with("use ");
            let inside_fn_body = indent(line) >= 8;
            if closes && opens_item && !both_use && !inside_fn_body {
                out.push('\n');
            }
        }
        out.push_str(line);
        out.push('\n');
        previous = Some(line);
    }
    out
}
