//! What generated operations put into a request (path, query, header parameters and bodies) as
//! the server receives it, and how generated models (`string_enum!`, `one_of`, `lenient`) decode
//! a real answer.

mod common;

use common::{base, client, received};
use openapi_client_runtime::__private as rt;
use rt::{Error, IntoYearMonth, Method, Operation, Request, RetryPolicy};
use serde::{Deserialize, Serialize};
use serde_json::json;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

static GET_THING: Operation = Operation {
    id: "getThing",
    method: Method::Get,
    path: "/things/{thing_id}/parts/{part}",
    security: &[],
};

static GET_BILL: Operation = Operation {
    id: "getBill",
    method: Method::Get,
    path: "/bills/{yyyyMM}",
    security: &[],
};

static CREATE_THING: Operation = Operation {
    id: "createThing",
    method: Method::Post,
    path: "/things",
    security: &[],
};

/// A generated string enum: known values, and a catch-all for values added later.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Color {
    Red,
    DeepBlue,
    Unknown(String),
}

impl Color {
    fn as_str(&self) -> &str {
        match self {
            Self::Red => "red",
            Self::DeepBlue => "deep-blue",
            Self::Unknown(value) => value,
        }
    }
}

impl From<&str> for Color {
    fn from(value: &str) -> Self {
        match value {
            "red" => Self::Red,
            "deep-blue" => Self::DeepBlue,
            other => Self::Unknown(other.to_owned()),
        }
    }
}

rt::string_enum!(Color);

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
struct ByPost {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    allow_letter_post: Option<bool>,
}

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
struct Express {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    express: Option<bool>,
}

/// A generated `oneOf`: the variant chosen by the properties present.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
enum Shipping {
    ByPost(ByPost),
    Express(Express),
    Other(serde_json::Value),
}

const SHAPES: &[rt::one_of::Shape] = &[
    rt::one_of::Shape::Object {
        properties: &["allowLetterPost"],
        required: &[],
    },
    rt::one_of::Shape::Object {
        properties: &["express"],
        required: &[],
    },
];

impl<'de> Deserialize<'de> for Shipping {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = serde_json::Value::deserialize(deserializer)?;
        let decoded = match rt::one_of::select(&value, SHAPES, None) {
            Some(0) => serde_json::from_value(value.clone()).map(Self::ByPost),
            Some(1) => serde_json::from_value(value.clone()).map(Self::Express),
            _ => return Ok(Self::Other(value)),
        };
        Ok(decoded.unwrap_or(Self::Other(value)))
    }
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Order {
    colors: Vec<Color>,
    shipping: Vec<Shipping>,
    #[serde(
        default,
        deserialize_with = "::openapi_client_runtime::__private::lenient::deserialize"
    )]
    shipped_at: Option<String>,
}

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({})))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn path_parameters_are_one_encoded_segment_each() {
    let server = server().await;
    let client = client(&base(&server), RetryPolicy::disabled());
    let mut request = Request::new(&GET_THING);
    request.path("thing_id", "a/b c?é#%");
    request.path("part", &42_i64);
    client.execute(request).await.unwrap();
    let requests = received(&server).await;
    assert_eq!(
        requests[0].url.path(),
        "/v1/things/a%2Fb%20c%3F%C3%A9%23%25/parts/42"
    );
    assert_eq!(requests[0].url.query(), None);
}

#[tokio::test]
async fn path_values_that_would_change_the_path_are_refused_before_sending() {
    let server = server().await;
    let client = client(&base(&server), RetryPolicy::disabled());
    for value in ["", ".", ".."] {
        let mut request = Request::new(&GET_THING);
        request.path("thing_id", value);
        request.path("part", "p");
        let err = client.execute(request).await.unwrap_err();
        assert!(
            matches!(&err, Error::InvalidInput { operation: Some("getThing"), parameter, .. } if parameter == "thing_id"),
            "{value:?}: {err:?}"
        );
    }
    let mut request = Request::new(&GET_THING);
    request.path("thing_id", "t");
    let err = client.execute(request).await.unwrap_err();
    assert!(
        matches!(&err, Error::InvalidInput { parameter, reason, .. } if parameter == "part" && reason.contains("missing")),
        "{err:?}"
    );
    assert!(received(&server).await.is_empty());
}

#[tokio::test]
async fn a_year_month_parameter_is_checked_then_sent_as_yyyymm() {
    let server = server().await;
    let client = client(&base(&server), RetryPolicy::disabled());
    let month = "202208".into_year_month().unwrap();
    let mut request = Request::new(&GET_BILL);
    request.path("yyyyMM", &month);
    client.execute(request).await.unwrap();
    assert_eq!(received(&server).await[0].url.path(), "/v1/bills/202208");
    assert!("2022-13".into_year_month().is_err());
    assert!("202213".into_year_month().is_err());
}

#[tokio::test]
async fn query_and_header_parameters() {
    let server = server().await;
    let client = client(&base(&server), RetryPolicy::disabled());
    let mut request = Request::new(&GET_THING);
    request.path("thing_id", "t");
    request.path("part", "p");
    request.query("tag", "a&b=c");
    request.query("tag", "d e");
    request.query("limit", &10_i32);
    request.query("deep", &true);
    request.query("color", &Color::DeepBlue);
    request.header("X-Request-Id", "r-1");
    client.execute(request).await.unwrap();
    let requests = received(&server).await;
    let pairs: Vec<(String, String)> = requests[0]
        .url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let expected = [
        ("tag", "a&b=c"),
        ("tag", "d e"),
        ("limit", "10"),
        ("deep", "true"),
        ("color", "deep-blue"),
    ];
    assert_eq!(
        pairs,
        expected.map(|(k, v)| (k.to_owned(), v.to_owned())),
        "{}",
        requests[0].url
    );
    assert_eq!(requests[0].headers["x-request-id"], "r-1");

    let mut request = Request::new(&GET_THING);
    request.path("thing_id", "t");
    request.path("part", "p");
    request.header("X-Request-Id", "line\nbreak");
    let err = client.execute(request).await.unwrap_err();
    assert!(
        matches!(&err, Error::InvalidInput { parameter, .. } if parameter == "X-Request-Id"),
        "{err:?}"
    );
    assert_eq!(
        received(&server).await.len(),
        1,
        "the bad header was not sent"
    );
}

#[tokio::test]
async fn bodies_are_sent_with_their_content_type() {
    #[derive(Serialize)]
    struct NewThing {
        name: &'static str,
        count: Option<u32>,
        color: Color,
    }
    let server = server().await;
    let client = client(&base(&server), RetryPolicy::disabled());
    let thing = NewThing {
        name: "a b&c",
        count: Some(2),
        color: Color::Unknown("violet".to_owned()),
    };

    let mut request = Request::new(&CREATE_THING);
    request.json(&thing).unwrap();
    client.execute(request).await.unwrap();
    let mut request = Request::new(&CREATE_THING);
    request.form(&thing).unwrap();
    client.execute(request).await.unwrap();
    let mut request = Request::new(&CREATE_THING);
    request.text("plain text").unwrap();
    client.execute(request).await.unwrap();
    let mut request = Request::new(&CREATE_THING);
    request.bytes(&rt::Bytes::from_static(&[0, 1, 2])).unwrap();
    client.execute(request).await.unwrap();

    let requests = received(&server).await;
    let sent: Vec<(&str, &[u8])> = requests
        .iter()
        .map(|r| (r.headers["content-type"].to_str().unwrap(), &r.body[..]))
        .collect();
    assert_eq!(
        sent,
        [
            (
                "application/json",
                &br#"{"name":"a b&c","count":2,"color":"violet"}"#[..]
            ),
            (
                "application/x-www-form-urlencoded",
                &b"name=a+b%26c&count=2&color=violet"[..]
            ),
            ("text/plain; charset=utf-8", &b"plain text"[..]),
            ("application/octet-stream", &[0, 1, 2][..]),
        ]
    );
}

#[tokio::test]
async fn generated_models_decode_a_real_answer() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "colors": ["red", "deep-blue", "ultraviolet"],
            "shipping": [
                {"express": true},
                {"allowLetterPost": false, "fee": 300},
                {"somethingNew": 1}
            ],
            "shippedAt": 20231004123456_u64
        })))
        .mount(&server)
        .await;
    let client = client(&base(&server), RetryPolicy::disabled());
    let mut request = Request::new(&GET_THING);
    request.path("thing_id", "t");
    request.path("part", "p");
    let order: Order = client.execute(request).await.unwrap().json().unwrap();
    assert_eq!(
        order.colors,
        [
            Color::Red,
            Color::DeepBlue,
            Color::Unknown("ultraviolet".to_owned())
        ]
    );
    assert_eq!(
        order.shipping,
        [
            Shipping::Express(Express {
                express: Some(true)
            }),
            Shipping::ByPost(ByPost {
                allow_letter_post: Some(false)
            }),
            Shipping::Other(json!({"somethingNew": 1})),
        ]
    );
    assert_eq!(order.shipped_at.as_deref(), Some("20231004123456"));
    // An unknown value is sent back unchanged, and the enum's text forms agree.
    assert_eq!(
        serde_json::to_string(&order.colors).unwrap(),
        r#"["red","deep-blue","ultraviolet"]"#
    );
    assert_eq!(Color::DeepBlue.to_string(), "deep-blue");
    assert_eq!("red".parse::<Color>().unwrap(), Color::Red);
    assert_eq!(Color::from("x".to_owned()).as_ref(), "x");

    // A wrong type in an enum field is still an error, at its path.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"colors": ["red", 7], "shipping": []})),
        )
        .mount(&server)
        .await;
    let client = common::client(&base(&server), RetryPolicy::disabled());
    let mut request = Request::new(&GET_THING);
    request.path("thing_id", "t");
    request.path("part", "p");
    let err = client
        .execute(request)
        .await
        .unwrap()
        .json::<Order>()
        .unwrap_err();
    assert!(
        matches!(&err, Error::Decode { path, .. } if path == "colors[1]"),
        "{err:?}"
    );
}
