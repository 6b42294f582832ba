//! What one call is made of: the operation as the spec describes it and the request a generated
//! operation fills in.

use bytes::Bytes;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use reqwest::Url;
use serde::Serialize;

use crate::values::ParamValue;
use crate::Error;

/// Everything but RFC 3986 unreserved characters is escaped in a path segment, `/` included, so a
/// value can never change the path.
pub(crate) const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// HTTP methods of operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// `GET`.
    Get,
    /// `PUT`.
    Put,
    /// `POST`.
    Post,
    /// `DELETE`.
    Delete,
    /// `PATCH`.
    Patch,
    /// `HEAD`.
    Head,
    /// `OPTIONS`.
    Options,
}

impl Method {
    /// The method's name as sent (`GET`).
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Patch => "PATCH",
            Method::Head => "HEAD",
            Method::Options => "OPTIONS",
        }
    }

    /// Whether sending the request twice has the effect of sending it once (RFC 9110).
    pub(crate) fn is_idempotent(self) -> bool {
        !matches!(self, Method::Post | Method::Patch)
    }

    pub(crate) fn to_reqwest(self) -> reqwest::Method {
        match self {
            Method::Get => reqwest::Method::GET,
            Method::Put => reqwest::Method::PUT,
            Method::Post => reqwest::Method::POST,
            Method::Delete => reqwest::Method::DELETE,
            Method::Patch => reqwest::Method::PATCH,
            Method::Head => reqwest::Method::HEAD,
            Method::Options => reqwest::Method::OPTIONS,
        }
    }
}

/// What the spec says about one operation.
#[derive(Debug)]
pub struct Operation {
    /// `operationId`.
    pub id: &'static str,
    /// HTTP method.
    pub method: Method,
    /// Path template, e.g. `/bills/{yyyyMM}`.
    pub path: &'static str,
    /// (security scheme, header) pairs the operation needs.
    pub security: &'static [(&'static str, &'static str)],
}

/// One request, as a generated operation fills it in.
#[derive(Debug)]
pub struct Request {
    pub(crate) operation: &'static Operation,
    path: Vec<(&'static str, String)>,
    query: Vec<(&'static str, String)>,
    pub(crate) headers: Vec<(&'static str, String)>,
    pub(crate) body: Option<(&'static str, Bytes)>,
}

impl Request {
    /// An empty request for `operation`.
    pub fn new(operation: &'static Operation) -> Self {
        Request {
            operation,
            path: Vec::new(),
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
        }
    }

    /// Sets path parameter `name` (sent percent-encoded as one segment).
    pub fn path(&mut self, name: &'static str, value: &(impl ParamValue + ?Sized)) {
        self.path.push((name, value.to_param()));
    }

    /// Adds query parameter `name` (repeat it for each item of a list).
    pub fn query(&mut self, name: &'static str, value: &(impl ParamValue + ?Sized)) {
        self.query.push((name, value.to_param()));
    }

    /// Sets header parameter `name`.
    pub fn header(&mut self, name: &'static str, value: &(impl ParamValue + ?Sized)) {
        self.headers.push((name, value.to_param()));
    }

    /// A JSON body.
    pub fn json<T: Serialize>(&mut self, body: &T) -> Result<(), Error> {
        let bytes = serde_json::to_vec(body).map_err(|e| {
            Error::invalid_input(
                Some(self.operation.id),
                "body",
                format!("cannot be encoded as JSON: {e}"),
            )
        })?;
        self.body = Some(("application/json", Bytes::from(bytes)));
        Ok(())
    }

    /// A form body: each property as `name=value`, percent-encoded. Only flat objects can be
    /// sent this way; a nested object or a list is refused before anything is sent.
    pub fn form<T: Serialize>(&mut self, body: &T) -> Result<(), Error> {
        let text = serde_urlencoded::to_string(body).map_err(|e| {
            Error::invalid_input(
                Some(self.operation.id),
                "body",
                format!("cannot be sent as a form (only flat objects can): {e}"),
            )
        })?;
        self.body = Some(("application/x-www-form-urlencoded", Bytes::from(text)));
        Ok(())
    }

    /// A `text/plain` body.
    pub fn text(&mut self, body: &str) -> Result<(), Error> {
        self.body = Some((
            "text/plain; charset=utf-8",
            Bytes::copy_from_slice(body.as_bytes()),
        ));
        Ok(())
    }

    /// An `application/octet-stream` body.
    pub fn bytes(&mut self, body: &Bytes) -> Result<(), Error> {
        self.body = Some(("application/octet-stream", body.clone()));
        Ok(())
    }

    /// The full URL: the base, the path with each parameter encoded as one segment, the query.
    pub(crate) fn url(&self, base: &str) -> Result<Url, Error> {
        let op = self.operation;
        let mut path = String::with_capacity(op.path.len() + 32);
        let mut rest = op.path;
        while let Some(start) = rest.find('{') {
            let end = rest[start..]
                .find('}')
                .map(|e| start + e)
                .unwrap_or(rest.len());
            path.push_str(&rest[..start]);
            let name = &rest[start + 1..end];
            let value = self
                .path
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.as_str())
                .ok_or_else(|| Error::invalid_input(Some(op.id), name, "missing path parameter"))?;
            if value.is_empty() {
                return Err(Error::invalid_input(Some(op.id), name, "must not be empty"));
            }
            if value == "." || value == ".." {
                return Err(Error::invalid_input(
                    Some(op.id),
                    name,
                    format!("`{value}` would change the request path"),
                ));
            }
            path.extend(utf8_percent_encode(value, SEGMENT));
            rest = rest.get(end + 1..).unwrap_or("");
        }
        path.push_str(rest);
        let mut url = Url::parse(&format!("{base}{path}")).map_err(|e| {
            Error::invalid_input(
                Some(op.id),
                "path",
                format!("does not make a valid URL: {e}"),
            )
        })?;
        if !self.query.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (name, value) in &self.query {
                pairs.append_pair(name, value);
            }
        }
        Ok(url)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static SUBMIT: Operation = Operation {
        id: "submitForm",
        method: Method::Post,
        path: "/form",
        security: &[],
    };

    #[derive(Serialize)]
    struct Flat {
        name: &'static str,
        count: Option<i32>,
        missing: Option<i32>,
    }

    #[test]
    fn a_flat_object_is_sent_as_a_percent_encoded_form() {
        let mut request = Request::new(&SUBMIT);
        request
            .form(&Flat {
                name: "a b&c=d/é",
                count: Some(3),
                missing: None,
            })
            .unwrap();
        let (content_type, body) = request.body.unwrap();
        assert_eq!(content_type, "application/x-www-form-urlencoded");
        assert_eq!(&body[..], b"name=a+b%26c%3Dd%2F%C3%A9&count=3");
    }

    #[test]
    fn a_nested_object_is_refused_before_sending() {
        #[derive(Serialize)]
        struct Nested {
            inner: Flat,
        }
        let mut request = Request::new(&SUBMIT);
        let error = request
            .form(&Nested {
                inner: Flat {
                    name: "x",
                    count: None,
                    missing: None,
                },
            })
            .unwrap_err();
        assert!(
            error
                .to_string()
                .contains("cannot be sent as a form (only flat objects can)"),
            "{error}"
        );
        assert!(request.body.is_none());
    }
}
