//! Media types: which kind of body a media type is, which of several a body uses, and the
//! examples a media type gives.

use openapiv3::ReferenceOr;

use super::raw::*;
use super::Builder;

pub(crate) enum MediaKind {
    Json,
    Form,
    Text,
    Bytes,
}

pub(crate) fn media_kind(media: &str) -> MediaKind {
    let essence = media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if essence == "application/json" || essence.ends_with("+json") || essence == "*/*" {
        MediaKind::Json
    } else if essence == "application/x-www-form-urlencoded" {
        MediaKind::Form
    } else if essence.starts_with("text/") && essence != "text/csv" {
        MediaKind::Text
    } else {
        MediaKind::Bytes
    }
}

/// The media type to use: JSON if offered, else a form, else the first one.
pub(crate) fn pick_media(
    content: &indexmap::IndexMap<String, openapiv3::MediaType>,
) -> Option<(&str, &openapiv3::MediaType)> {
    content
        .iter()
        .find(|(m, _)| matches!(media_kind(m), MediaKind::Json))
        .or_else(|| {
            content
                .iter()
                .find(|(m, _)| matches!(media_kind(m), MediaKind::Form))
        })
        .or_else(|| content.iter().next())
        .map(|(m, c)| (m.as_str(), c))
}

/// The examples of a media type: its `example`, then the `value` of each of its `examples`
/// given inline, in spec order (`$ref`s to `components/examples` and `externalValue`s are left
/// out).
pub(crate) fn example_values(content: &openapiv3::MediaType) -> Vec<serde_json::Value> {
    let inline = content
        .examples
        .values()
        .filter_map(|example| match example {
            ReferenceOr::Item(openapiv3::Example {
                value: Some(value), ..
            }) => Some(value.clone()),
            _ => None,
        });
    content.example.clone().into_iter().chain(inline).collect()
}

impl Builder<'_> {
    /// Records the `example` and `examples` of a media type.
    pub(crate) fn media_examples(&mut self, ty: &Raw, content: &openapiv3::MediaType) {
        for example in example_values(content) {
            self.examples.push((ty.clone(), example));
        }
    }
}
