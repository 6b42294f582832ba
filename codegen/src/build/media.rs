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

impl Builder<'_> {
    /// Records the `example` and `examples` of a media type.
    pub(crate) fn media_examples(&mut self, ty: &Raw, content: &openapiv3::MediaType) {
        if let Some(example) = &content.example {
            self.examples.push((ty.clone(), example.clone()));
        }
        for example in content.examples.values() {
            if let ReferenceOr::Item(openapiv3::Example {
                value: Some(value), ..
            }) = example
            {
                self.examples.push((ty.clone(), value.clone()));
            }
        }
    }
}
