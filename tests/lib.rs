//! Shared helpers for the integration tests.
//!
//! Every test talks to a real HTTP server on 127.0.0.1 ([`wiremock::MockServer`]). A server made
//! by [`start_server`] already holds a lowest-priority catch-all mock that answers 599 and expects
//! no call, so any request no other mock matches fails the test (the 599 answer also describes
//! the unexpected request, which shows in the SDK's error). Mocks made with [`expect`] match the
//! whole request (method, raw path, exact query, headers, exact JSON body or none) and expect
//! exactly one call; wiremock verifies the counts when the server is dropped.

use std::net::TcpListener;

/// The repository README's code blocks (the SDK's quick start among them), compiled as doctests
/// so that they never rot.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

use serde_json::Value;
use soracom_billing::Client;
use wiremock::matchers::{any, body_json, header, method, path};
use wiremock::{Mock, MockBuilder, MockServer, Request, ResponseTemplate};

/// The API key every test client is configured with.
pub const API_KEY: &str = "test-api-key";
/// The API token every test client is configured with.
pub const TOKEN: &str = "test-token";
/// The header the API key is sent in.
pub const API_KEY_HEADER: &str = "X-Soracom-API-Key";
/// The header the API token is sent in.
pub const TOKEN_HEADER: &str = "X-Soracom-Token";
/// What the `User-Agent` of the SDK starts with.
pub const USER_AGENT_PREFIX: &str = "soracom-billing/";
/// Status of the catch-all answer to an unexpected request.
pub const UNEXPECTED_STATUS: u16 = 599;

/// The base URL for a client calling `server`: `http://127.0.0.1:PORT/v1`.
pub fn base_url(server: &MockServer) -> String {
    format!("{}/v1", server.uri())
}

/// One line per request: method, URL, headers and body, for failure messages.
pub fn describe(request: &Request) -> String {
    let mut text = format!("{} {}", request.method, request.url);
    for (name, value) in &request.headers {
        text.push_str(&format!(
            "\n  {name}: {}",
            String::from_utf8_lossy(value.as_bytes())
        ));
    }
    if !request.body.is_empty() {
        text.push_str(&format!(
            "\n  body: {}",
            String::from_utf8_lossy(&request.body)
        ));
    }
    text
}

/// Mounts the lowest-priority catch-all: any request no other mock matches is answered 599 and
/// fails verification.
pub async fn mount_catch_all(server: &MockServer) {
    Mock::given(any())
        .respond_with(|request: &Request| {
            ResponseTemplate::new(UNEXPECTED_STATUS)
                .set_body_string(format!("unexpected request: {}", describe(request)))
        })
        .expect(0)
        .with_priority(u8::MAX)
        .named("catch-all for unexpected requests")
        .mount(server)
        .await;
}

/// A mock server with the catch-all mounted.
pub async fn start_server() -> MockServer {
    let server = MockServer::start().await;
    mount_catch_all(&server).await;
    server
}

/// A client for `server`, with the test API key and token.
/// Requests are sent once: these tests look at one exchange each; `tests/retries.rs` tests
/// the retry policy.
pub fn client_for(server: &MockServer) -> Client {
    client_at(&base_url(server))
}

/// A client for the API at `base_url`, with the test API key and token, sending each request
/// once.
pub fn client_at(base_url: &str) -> Client {
    Client::builder()
        .base_url(base_url)
        .api_key_and_token(API_KEY, TOKEN)
        .retry(soracom_billing::RetryPolicy::disabled())
        .build()
        .expect("the test client builds")
}

/// A mock server (with the catch-all) and a client for it with the test credentials.
pub async fn setup() -> (MockServer, Client) {
    let server = start_server().await;
    let client = client_for(&server);
    (server, client)
}

/// A port on 127.0.0.1 where nothing listens now: one that was just bound and released (another
/// process may take it before the caller does).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("bind an ephemeral port on 127.0.0.1")
        .port()
}

/// A base URL on 127.0.0.1 where nothing listens (see [`free_port`]).
pub fn closed_port_base_url() -> String {
    format!("http://127.0.0.1:{}/v1", free_port())
}

/// A bare HTTP server on 127.0.0.1 for answers wiremock cannot give (a body that stalls or is
/// cut short): it accepts one connection, reads the request head, writes `response` as is, keeps
/// the connection open for `hold_open`, then closes it. Returns the base URL (`…/v1`).
pub async fn raw_http_server(response: Vec<u8>, hold_open: std::time::Duration) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind an ephemeral port");
    let address = listener.local_addr().expect("local address");
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.expect("accept");
        let mut head = Vec::new();
        let mut chunk = [0_u8; 1024];
        while !head.windows(4).any(|w| w == b"\r\n\r\n") {
            let n = socket.read(&mut chunk).await.expect("read the request");
            if n == 0 {
                return;
            }
            head.extend_from_slice(&chunk[..n]);
        }
        socket.write_all(&response).await.expect("write the answer");
        socket.flush().await.expect("flush");
        tokio::time::sleep(hold_open).await;
    });
    format!("http://{address}/v1")
}

/// The requests `server` received, for checks on the raw wire form.
pub async fn received(server: &MockServer) -> Vec<Request> {
    server
        .received_requests()
        .await
        .expect("request recording is enabled")
}

/// Starts describing the one request a mock accepts: `method` and the exact raw `path`
/// (percent-encoding included, e.g. `/v1/coupons/a%2Fb/register`).
pub fn expect(method: &str, path: &str) -> Expected {
    Expected {
        method: method.to_owned(),
        path: path.to_owned(),
        query: Vec::new(),
        body: None,
        authenticated: true,
    }
}

/// Everything a mock checks about a request. By default: no query string, no body (and no
/// `Content-Type`), the test API key and token, the SDK's `User-Agent` and
/// `Accept: application/json`.
#[derive(Debug, Clone)]
pub struct Expected {
    method: String,
    path: String,
    query: Vec<(String, String)>,
    body: Option<Value>,
    authenticated: bool,
}

impl Expected {
    /// Expects the query parameter `name=value` (decoded). The set of parameters must be exactly
    /// those given; with none, the URL must have no query string at all.
    pub fn query(mut self, name: &str, value: &str) -> Self {
        self.query.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Expects exactly this JSON body, sent with `Content-Type: application/json`.
    pub fn json_body(mut self, body: Value) -> Self {
        self.body = Some(body);
        self
    }

    /// Expects neither the API key nor the token header (the `auth` operation).
    pub fn unauthenticated(mut self) -> Self {
        self.authenticated = false;
        self
    }

    /// The mock builder with every matcher.
    pub fn matchers(self) -> MockBuilder {
        let mut builder = Mock::given(method(self.method.as_str()))
            .and(path(self.path.as_str()))
            .and(header("accept", "application/json"))
            .and(|request: &Request| {
                request
                    .headers
                    .get("user-agent")
                    .and_then(|v| v.to_str().ok())
                    .is_some_and(|v| v.starts_with(USER_AGENT_PREFIX))
            });
        let mut query = self.query;
        query.sort();
        builder = builder.and(move |request: &Request| {
            if query.is_empty() {
                return request.url.query().is_none();
            }
            let mut actual: Vec<(String, String)> = request
                .url
                .query_pairs()
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect();
            actual.sort();
            actual == query
        });
        builder = if self.authenticated {
            builder
                .and(header(API_KEY_HEADER, API_KEY))
                .and(header(TOKEN_HEADER, TOKEN))
        } else {
            builder.and(|request: &Request| {
                !request.headers.contains_key(API_KEY_HEADER)
                    && !request.headers.contains_key(TOKEN_HEADER)
            })
        };
        builder = match self.body {
            Some(body) => builder
                .and(header("content-type", "application/json"))
                .and(body_json(body)),
            None => builder.and(|request: &Request| {
                request.body.is_empty() && !request.headers.contains_key("content-type")
            }),
        };
        builder
    }

    /// A mock that answers `response` to exactly one matching request.
    pub fn respond(self, response: ResponseTemplate) -> Mock {
        let name = format!("{} {}", self.method, self.path);
        self.matchers().respond_with(response).expect(1).named(name)
    }

    /// A mock that answers `status` with the JSON `body` to exactly one matching request.
    pub fn respond_json(self, status: u16, body: Value) -> Mock {
        self.respond(ResponseTemplate::new(status).set_body_json(body))
    }

    /// A mock that answers `status` with an empty body and no `Content-Type`.
    pub fn respond_empty(self, status: u16) -> Mock {
        self.respond(ResponseTemplate::new(status))
    }
}

/// Shared response fixtures (the JSON the server sends and the value it must decode to).
pub mod arbitrary_json;
pub mod keep_alive;
pub mod models;
pub mod prism;

pub mod fixtures {
    use std::collections::BTreeMap;

    use serde_json::{json, Value};
    use soracom_billing::models::{
        Currency, EstimatedOrderItemModel, GetOrderResponse, GetShippingAddressResponse,
        GetVolumeDiscountResponse, GetVolumeDiscountResponseStatus, OrderStatus, PaymentStatus,
        PriceByQuantity, ProductModel, ProductType, ResourceInitialSetting, ShippingAddressModel,
        ShippingLabelDetail, SimInitialSetting, VolumeDiscountPaymentType, VolumeDiscountType,
    };

    /// An operator ID used in paths.
    pub const OPERATOR_ID: &str = "OP0012345678";
    /// An order ID used in paths.
    pub const ORDER_ID: &str = "20231001093000_abcd1234";

    /// A product, every field set.
    pub fn product_json() -> Value {
        json!({
            "campaignCode": "CAMPAIGN2023",
            "consignorId": "consignor-1",
            "consignorName": "Soracom Partner",
            "count": 1.0,
            "currency": "JPY",
            "description": "IoT SIM for data communication (plan01s)",
            "maxQuantity": 100,
            "price": 900.0,
            "priceByQuantityList": [
                {"minQuantity": 1, "price": 900.0, "taxIncludedPrice": 990.0},
                {"minQuantity": 10, "price": 850.5, "taxIncludedPrice": 935.55}
            ],
            "productCode": "4573326590013",
            "productInfoURL": "https://soracom.jp/store/5200/",
            "productName": "IoT SIM (plan01s)",
            "productType": "sim",
            "properties": {"simSize": "nano", "subscription": "plan01s"},
            "regularPrice": 1000.0,
            "taxIncludedPrice": 990.0,
            "taxIncludedRegularPrice": 1100.0,
            "termsOfConsignorURL": "https://example.com/consignor-terms",
            "termsOfSolutionName": "Solution terms",
            "termsOfSolutionURL": "https://example.com/solution-terms"
        })
    }

    /// [`product_json`] decoded.
    pub fn product_model() -> ProductModel {
        ProductModel::builder()
            .campaign_code("CAMPAIGN2023")
            .consignor_id("consignor-1")
            .consignor_name("Soracom Partner")
            .count(1.0)
            .currency(Currency::Jpy)
            .description("IoT SIM for data communication (plan01s)")
            .max_quantity(100)
            .price(900.0)
            .price_by_quantity_list([
                PriceByQuantity::builder()
                    .min_quantity(1)
                    .price(900.0)
                    .tax_included_price(990.0)
                    .build(),
                PriceByQuantity::builder()
                    .min_quantity(10)
                    .price(850.5)
                    .tax_included_price(935.55)
                    .build(),
            ])
            .product_code("4573326590013")
            .product_info_url("https://soracom.jp/store/5200/")
            .product_name("IoT SIM (plan01s)")
            .product_type(ProductType::Sim)
            .properties(BTreeMap::from([
                ("simSize".to_owned(), "nano".to_owned()),
                ("subscription".to_owned(), "plan01s".to_owned()),
            ]))
            .regular_price(1000.0)
            .tax_included_price(990.0)
            .tax_included_regular_price(1100.0)
            .terms_of_consignor_url("https://example.com/consignor-terms")
            .terms_of_solution_name("Solution terms")
            .terms_of_solution_url("https://example.com/solution-terms")
            .build()
    }

    /// A shipping address as sent in requests (`ShippingAddressModel`), every field set.
    pub fn address_json() -> Value {
        json!({
            "addressLine1": "1-2-3 Example",
            "addressLine2": "Suite 4",
            "building": "Example Building 5F",
            "city": "Minato-ku",
            "companyName": "Example Corp.",
            "countryCode": "JP",
            "department": "IoT Division",
            "email": "shipping@example.com",
            "fullName": "Taro Soracom",
            "phoneNumber": "03-1234-5678",
            "state": "Tokyo",
            "zipCode": "105-0001"
        })
    }

    /// [`address_json`] as a model.
    pub fn address_model() -> ShippingAddressModel {
        ShippingAddressModel::builder()
            .address_line1("1-2-3 Example")
            .address_line2("Suite 4")
            .building("Example Building 5F")
            .city("Minato-ku")
            .company_name("Example Corp.")
            .country_code("JP")
            .department("IoT Division")
            .email("shipping@example.com")
            .full_name("Taro Soracom")
            .phone_number("03-1234-5678")
            .state("Tokyo")
            .zip_code("105-0001")
            .build()
            .unwrap()
    }

    /// A registered shipping address (`GetShippingAddressResponse`), every field set.
    pub fn registered_address_json(id: &str) -> Value {
        json!({
            "addressLine1": "1-2-3 Example",
            "addressLine2": "Suite 4",
            "building": "Example Building 5F",
            "city": "Minato-ku",
            "companyName": "Example Corp.",
            "department": "IoT Division",
            "fullName": "Taro Soracom",
            "phoneNumber": "03-1234-5678",
            "shippingAddressId": id,
            "shippingArea": "kanto",
            "state": "Tokyo",
            "zipCode": "105-0001"
        })
    }

    /// [`registered_address_json`] decoded.
    pub fn registered_address_model(id: &str) -> GetShippingAddressResponse {
        GetShippingAddressResponse::builder()
            .address_line1("1-2-3 Example")
            .address_line2("Suite 4")
            .building("Example Building 5F")
            .city("Minato-ku")
            .company_name("Example Corp.")
            .department("IoT Division")
            .full_name("Taro Soracom")
            .phone_number("03-1234-5678")
            .shipping_address_id(id)
            .shipping_area("kanto")
            .state("Tokyo")
            .zip_code("105-0001")
            .build()
            .unwrap()
    }

    /// The spec's example of `ResourceInitialSetting` (note the number `20221111` in a string
    /// map).
    pub fn resource_initial_setting_json() -> Value {
        json!({
            "simInitialSettings": {
                "plan01s": {
                    "groupId": "00000000-1111-2222-3333-444444444444",
                    "speedClass": "s1.4xfast",
                    "tags": {"date": 20221111, "location": "headquarters"}
                }
            }
        })
    }

    /// [`resource_initial_setting_json`] decoded (the number kept as its text).
    pub fn resource_initial_setting_model() -> ResourceInitialSetting {
        ResourceInitialSetting::builder()
            .sim_initial_settings(BTreeMap::from([(
                "plan01s".to_owned(),
                SimInitialSetting::builder()
                    .group_id("00000000-1111-2222-3333-444444444444")
                    .speed_class("s1.4xfast")
                    .tags(BTreeMap::from([
                        ("date".to_owned(), "20221111".to_owned()),
                        ("location".to_owned(), "headquarters".to_owned()),
                    ]))
                    .build(),
            )]))
            .build()
    }

    /// A confirmed order (`GetOrderResponse`), every field set. `shippingDateTime` is a number
    /// as in the spec's example.
    pub fn order_json() -> Value {
        json!({
            "appliedShippingOptions": [{"allowNekopos": true, "shipmentCompany": "yamato_transport"}],
            "balanceDue": 0.0,
            "containsTaxIncludedAmounts": true,
            "currency": "JPY",
            "email": "orders@example.com",
            "orderChannel": "console",
            "orderDateTime": "20231001093000",
            "orderId": ORDER_ID,
            "orderItemList": [{
                "product": product_json(),
                "productAmount": 1800.0,
                "quantity": 2,
                "taxIncludedProductAmount": 1980.0
            }],
            "orderStatus": "shipped",
            "paymentStatus": "paid",
            "preferredDeliveryDate": "20231010",
            "purchaseOrderNumber": "PO-0001",
            "resourceInitialSetting": resource_initial_setting_json(),
            "shippingAddress": address_json(),
            "shippingAddressId": "sa-0001",
            "shippingCost": 500.0,
            "shippingDateTime": 20231004123456_u64,
            "shippingLabelDetails": [{
                "shipmentCompany": "Yamato Transport",
                "shipmentCompanyUrl": "http://track.kuronekoyamato.co.jp/english/tracking",
                "trackingNumber": "0000-1111-2222",
                "trackingUrl": "https://jizen.kuronekoyamato.co.jp/jizen/servlet/crjz.b.NQ0010?id=0000-1111-2222"
            }],
            "shippingLabelNumber": "0000-1111-2222",
            "shippingLabelNumbers": ["0000-1111-2222"],
            "taxAmount": 230.0,
            "taxIncludedInShippingCost": 550.0,
            "taxOnShippingCost": true,
            "totalAmount": 2530.0,
            "withholdingTaxAmount": 0.0
        })
    }

    /// [`order_json`] decoded.
    pub fn order_model() -> GetOrderResponse {
        let mut applied = serde_json::Map::new();
        applied.insert("allowNekopos".into(), json!(true));
        applied.insert("shipmentCompany".into(), json!("yamato_transport"));
        GetOrderResponse::builder()
            .applied_shipping_options([applied])
            .balance_due(0.0)
            .contains_tax_included_amounts(true)
            .currency(Currency::Jpy)
            .email("orders@example.com")
            .order_channel("console")
            .order_date_time("20231001093000")
            .order_id(ORDER_ID)
            .order_item_list([EstimatedOrderItemModel::builder()
                .product(product_model())
                .product_amount(1800.0)
                .quantity(2)
                .tax_included_product_amount(1980.0)
                .build()])
            .order_status(OrderStatus::Shipped)
            .payment_status(PaymentStatus::Paid)
            .preferred_delivery_date("20231010")
            .purchase_order_number("PO-0001")
            .resource_initial_setting(resource_initial_setting_model())
            .shipping_address(address_model())
            .shipping_address_id("sa-0001")
            .shipping_cost(500.0)
            .shipping_date_time("20231004123456")
            .shipping_label_details([ShippingLabelDetail::builder()
                .shipment_company("Yamato Transport")
                .shipment_company_url("http://track.kuronekoyamato.co.jp/english/tracking")
                .tracking_number("0000-1111-2222")
                .tracking_url(
                    "https://jizen.kuronekoyamato.co.jp/jizen/servlet/crjz.b.NQ0010?id=0000-1111-2222",
                )
                .build()
                .unwrap()])
            .shipping_label_number("0000-1111-2222")
            .shipping_label_numbers(["0000-1111-2222".to_owned()])
            .tax_amount(230.0)
            .tax_included_in_shipping_cost(550.0)
            .tax_on_shipping_cost(true)
            .total_amount(2530.0)
            .withholding_tax_amount(0.0)
            .build()
    }

    /// A long-term discount contract (`GetVolumeDiscountResponse`), every field set.
    pub fn volume_discount_json(contract_id: &str) -> Value {
        json!({
            "contractDateTime": "20220315120000",
            "contractId": contract_id,
            "contractTermMonth": 12,
            "currency": "JPY",
            "endDate": "20230331",
            "initialCost": 0.0,
            "quantity": 3,
            "startDate": "20220401",
            "status": "active",
            "unitPrice": 275.0,
            "volumeDiscountPaymentType": "MONTHLY",
            "volumeDiscountType": "SORACOM_AIR_BASIC_CHARGE_V2"
        })
    }

    /// [`volume_discount_json`] decoded.
    pub fn volume_discount_model(contract_id: &str) -> GetVolumeDiscountResponse {
        GetVolumeDiscountResponse::builder()
            .contract_date_time("20220315120000")
            .contract_id(contract_id)
            .contract_term_month(12)
            .currency(Currency::Jpy)
            .end_date("20230331")
            .initial_cost(0.0)
            .quantity(3)
            .start_date("20220401")
            .status(GetVolumeDiscountResponseStatus::Active)
            .unit_price(275.0)
            .volume_discount_payment_type(VolumeDiscountPaymentType::Monthly)
            .volume_discount_type(VolumeDiscountType::SoracomAirBasicChargeV2)
            .build()
    }
}
