//! What the fake server received: one request as it came over the wire ([`RawRequest`]), read
//! into an operation's typed record by generated code, and that record with its headers
//! ([`Sent`]).

use std::ops::Deref;

use bytes::Bytes;

pub use crate::values::FromParam;

/// One request the fake server received for an operation of the spec: the path parameters
/// (percent-decoded), the query pairs and headers in the order sent (header names in lower
/// case), and the body.
#[derive(Debug, Clone)]
pub struct RawRequest {
    pub(crate) operation: &'static str,
    pub(crate) path: Vec<(&'static str, String)>,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Bytes,
}

impl RawRequest {
    /// The `operationId` it was routed to.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// Path parameter `name` (decoded), read as `T`.
    pub fn path<T: FromParam>(&self, name: &str) -> Result<T, String> {
        let text = self
            .path
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
            .ok_or_else(|| format!("path parameter `{name}` is missing"))?;
        T::from_param(text).map_err(|e| format!("path parameter `{name}` = `{text}`: {e}"))
    }

    /// Query parameter `name` read as `T`: `None` when absent, an error when given twice.
    pub fn query<T: FromParam>(&self, name: &str) -> Result<Option<T>, String> {
        let mut values = self.query.iter().filter(|(n, _)| n == name);
        let Some((_, text)) = values.next() else {
            return Ok(None);
        };
        if values.next().is_some() {
            return Err(format!("query parameter `{name}` is given more than once"));
        }
        T::from_param(text)
            .map(Some)
            .map_err(|e| format!("query parameter `{name}` = `{text}`: {e}"))
    }

    /// Every value of query parameter `name` (a list is sent as the parameter repeated).
    pub fn query_list<T: FromParam>(&self, name: &str) -> Result<Option<Vec<T>>, String> {
        let mut list = Vec::new();
        for (_, text) in self.query.iter().filter(|(n, _)| n == name) {
            list.push(
                T::from_param(text)
                    .map_err(|e| format!("query parameter `{name}` = `{text}`: {e}"))?,
            );
        }
        Ok((!list.is_empty()).then_some(list))
    }

    /// Header `name` (any case) read as `T`: `None` when absent.
    pub fn header<T: FromParam>(&self, name: &str) -> Result<Option<T>, String> {
        match self.header_text(name) {
            None => Ok(None),
            Some(text) => T::from_param(text)
                .map(Some)
                .map_err(|e| format!("header `{name}` = `{text}`: {e}")),
        }
    }

    /// The text of header `name` (any case), if sent.
    pub fn header_text(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }

    /// The JSON body decoded as `T`; a missing or undecodable body is an error naming the JSON
    /// path at which decoding failed.
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, String> {
        if self.body.is_empty() {
            return Err("the request has no body".into());
        }
        serde_json::from_slice(&self.body).map_err(|e| {
            format!(
                "the body does not fit its type at `{}`: {e}",
                crate::json_error_path(&self.body, &e)
            )
        })
    }

    /// The JSON body decoded as `T`, or `None` when the request has none.
    pub fn json_opt<T: serde::de::DeserializeOwned>(&self) -> Result<Option<T>, String> {
        if self.body.is_empty() {
            Ok(None)
        } else {
            self.json().map(Some)
        }
    }

    /// A form body (`application/x-www-form-urlencoded`) decoded as `T`.
    pub fn form<T: serde::de::DeserializeOwned>(&self) -> Result<T, String> {
        serde_urlencoded::from_bytes(&self.body)
            .map_err(|e| format!("the form body does not fit its type: {e}"))
    }

    /// The body as UTF-8 text.
    pub fn text(&self) -> Result<String, String> {
        String::from_utf8(self.body.to_vec()).map_err(|_| "the body is not UTF-8 text".into())
    }

    /// The body's bytes.
    pub fn bytes(&self) -> Bytes {
        self.body.clone()
    }
}

/// A request the code under test sent, read as the operation's typed record `R` (its
/// parameters and body; it derefs to `R`, so `sent.coupon_code` reads the record's field), with
/// the headers it came with.
#[derive(Debug, Clone)]
pub struct Sent<R> {
    record: R,
    headers: Vec<(String, String)>,
}

impl<R> Sent<R> {
    pub(crate) fn new(request: R, raw: &RawRequest) -> Self {
        Self::with_headers(request, raw.headers.clone())
    }

    pub(crate) fn with_headers(record: R, headers: Vec<(String, String)>) -> Self {
        Sent { record, headers }
    }

    /// The typed record: the parameters and the body.
    pub fn record(&self) -> &R {
        &self.record
    }

    /// The typed record, without the headers.
    pub fn into_record(self) -> R {
        self.record
    }

    /// The value of header `name` (any case), if sent.
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }

    /// Every header as sent, names in lower case.
    pub fn headers(&self) -> &[(String, String)] {
        &self.headers
    }
}

impl<R> Deref for Sent<R> {
    type Target = R;
    fn deref(&self) -> &R {
        &self.record
    }
}

/// The value of header `name` (any case) among `headers`.
fn find_header<'h>(headers: &'h [(String, String)], name: &str) -> Option<&'h str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}
