//! A success response before decoding: its body as JSON, text or bytes, and the next page's key.

use bytes::Bytes;
use reqwest::header::{HeaderMap, CONTENT_ENCODING};
use reqwest::Url;
use serde::de::DeserializeOwned;

use crate::error::excerpt;
use crate::Error;

/// A success response, before decoding.
#[derive(Debug)]
pub struct Response {
    pub(crate) operation: &'static str,
    pub(crate) status: u16,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

impl Response {
    /// The HTTP status (2xx).
    pub fn status(&self) -> u16 {
        self.status
    }

    /// Decodes a JSON body. An empty body decodes as `null` or `{}` where the type allows it.
    pub fn json<T: DeserializeOwned>(self) -> Result<T, Error> {
        if self.body.iter().all(u8::is_ascii_whitespace) {
            if let Ok(value) =
                serde_json::from_slice::<T>(b"null").or_else(|_| serde_json::from_slice::<T>(b"{}"))
            {
                return Ok(value);
            }
            return Err(Error::Decode {
                operation: self.operation,
                status: self.status,
                path: ".".to_owned(),
                message: "the body is empty, but the spec describes a JSON value".to_owned(),
                excerpt: String::new(),
            });
        }
        // reqwest removes `Content-Encoding` from an answer it decoded: one that is left names
        // a coding this build cannot decode.
        if let Some(coding) = self
            .headers
            .get(CONTENT_ENCODING)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
            .filter(|c| !c.trim().eq_ignore_ascii_case("identity"))
        {
            return Err(Error::Decode {
                operation: self.operation,
                status: self.status,
                path: String::new(),
                message: bounded(format!(
                    "the body is compressed (`Content-Encoding: {coding}`) in a coding this build does not decode (see the runtime's `compression` feature)"
                )),
                excerpt: excerpt(&self.body),
            });
        }
        serde_json::from_slice(&self.body).map_err(|e| {
            // Not JSON at all (or cut short): that is no fault of the spec.
            let not_json = e.is_syntax() || e.is_eof();
            let message = e.to_string();
            Error::Decode {
                operation: self.operation,
                status: self.status,
                path: if not_json {
                    String::new()
                } else {
                    bounded(crate::json_error_path(&self.body, &e))
                },
                message: bounded(message),
                excerpt: excerpt(&self.body),
            }
        })
    }

    /// The next page's key: the `header` (such as `x-next-key`), else the `param` query value
    /// of a `link: <…>; rel=next` header; `None` on the last page.
    pub fn next_key(&self, header: &str, param: &str) -> Option<String> {
        if let Some(key) = self.headers.get(header).and_then(|v| v.to_str().ok()) {
            return Some(key.to_owned()).filter(|k| !k.is_empty());
        }
        for link in self.headers.get_all(reqwest::header::LINK) {
            let Ok(text) = link.to_str() else { continue };
            for part in text.split(',') {
                let mut pieces = part.split(';');
                let target = pieces.next().unwrap_or("").trim();
                let is_next = pieces.any(|p| {
                    let p = p.trim().replace(' ', "");
                    p == "rel=next" || p == "rel=\"next\""
                });
                let Some(url) = target.strip_prefix('<').and_then(|t| t.strip_suffix('>')) else {
                    continue;
                };
                if !is_next {
                    continue;
                }
                // Relative links are resolved against any base: only their query matters.
                let parsed = Url::parse(url)
                    .or_else(|_| Url::parse("http://localhost/").and_then(|b| b.join(url)));
                if let Ok(parsed) = parsed {
                    if let Some((_, key)) = parsed.query_pairs().find(|(k, _)| k == param) {
                        return Some(key.into_owned()).filter(|k| !k.is_empty());
                    }
                }
            }
        }
        None
    }

    /// Ignores the body (204, or an operation that declares none).
    pub fn unit(self) -> Result<(), Error> {
        Ok(())
    }

    /// The body as UTF-8 text.
    pub fn text(self) -> Result<String, Error> {
        String::from_utf8(self.body.to_vec()).map_err(|e| Error::Decode {
            operation: self.operation,
            status: self.status,
            path: ".".to_owned(),
            message: format!("the body is not UTF-8: {e}"),
            excerpt: excerpt(&self.body),
        })
    }

    /// The raw body.
    pub fn into_body(self) -> Bytes {
        self.body
    }
}

/// At most 512 bytes of a text that quotes the server's data (serde_json repeats a bad value
/// whole in its message), cut at a character boundary.
fn bounded(mut text: String) -> String {
    const LIMIT: usize = 512;
    if text.len() > LIMIT {
        let mut cut = LIMIT;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
        text.push('…');
    }
    text
}
