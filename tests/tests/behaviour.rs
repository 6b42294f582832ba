//! Behaviour of the SDK beyond one operation: `oneOf` shipping options, forward-compatible enums,
//! empty bodies, numbers in string fields, path and query encoding, and the two ways to send.

use std::future::IntoFuture;

use serde_json::json;
use soracom_billing::models::{
    CreateEstimatedOrderRequest, CreateEstimatedVolumeDiscountRequest, Currency, ErrorCode,
    ExportMode, GetExportedFileResponseStatus, GetPaymentTransactionResultStatus,
    GetVolumeDiscountResponseStatus, OrderStatus, PaymentStatus, ProductType, ProviderType,
    ShipmentCompany, ShippingArea, ShippingOption, ShippingOptionOfExpeditedShipping,
    ShippingOptionOfNekopos, State, VolumeDiscountPaymentType, VolumeDiscountType,
};
use soracom_billing::{Client, Error};
use soracom_billing_tests::fixtures::{self, OPERATOR_ID, ORDER_ID};
use soracom_billing_tests::{base_url, expect, received, setup, API_KEY, TOKEN};
use wiremock::ResponseTemplate;

// ---------------------------------------------------------------------------------------------
// oneOf: shipping options
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn shipping_options_are_sent_as_plain_objects_and_decoded_by_their_keys() {
    let (server, client) = setup().await;
    let applied = json!([
        {"useExpeditedShipping": true},
        {"allowNekopos": true, "shipmentCompany": "yamato_transport"},
        {"somethingNew": 1}
    ]);
    expect("POST", "/v1/orders")
        .json_body(json!({
            "orderItemList": [{"productCode": "4573326590013", "quantity": 1}],
            "shippingAddressId": "sa-0001",
            "shippingOptions": [
                {"allowNekopos": true, "shipmentCompany": "yamato_transport"},
                {"useExpeditedShipping": false}
            ]
        }))
        .respond_json(
            201,
            json!({"orderId": "quotation-1", "appliedShippingOptions": applied}),
        )
        .mount(&server)
        .await;

    let quotation = client
        .create_quotation(
            CreateEstimatedOrderRequest::builder()
                .order_item_list([soracom_billing::models::OrderItemModel::builder()
                    .product_code("4573326590013")
                    .quantity(1)
                    .build()])
                .shipping_address_id("sa-0001")
                .shipping_options([
                    ShippingOption::Nekopos(
                        ShippingOptionOfNekopos::builder()
                            .allow_nekopos(true)
                            .shipment_company(ShipmentCompany::YamatoTransport)
                            .build(),
                    ),
                    ShippingOption::ExpeditedShipping(
                        ShippingOptionOfExpeditedShipping::builder()
                            .use_expedited_shipping(false)
                            .build(),
                    ),
                ])
                .build(),
        )
        .await
        .unwrap();

    let options = quotation
        .applied_shipping_options
        .clone()
        .expect("appliedShippingOptions");
    assert_eq!(options.len(), 3);
    assert_eq!(
        options[0],
        ShippingOption::ExpeditedShipping(
            ShippingOptionOfExpeditedShipping::builder()
                .use_expedited_shipping(true)
                .build()
        )
    );
    assert_eq!(
        options[1],
        ShippingOption::Nekopos(
            ShippingOptionOfNekopos::builder()
                .allow_nekopos(true)
                .shipment_company(ShipmentCompany::YamatoTransport)
                .build()
        )
    );
    match &options[2] {
        ShippingOption::Other(raw) => assert_eq!(raw, &json!({"somethingNew": 1})),
        other => panic!("expected Other, got {other:?}"),
    }
    // All three serialize back to exactly what the server sent.
    assert_eq!(serde_json::to_value(&options).unwrap(), applied);
}

#[test]
fn shipping_options_that_fit_no_variant_or_both_are_kept_raw() {
    for raw in [
        // Fits both variants equally (a tie).
        json!({}),
        // Has keys of both variants, or keys of neither, or the wrong types.
        json!({"allowNekopos": true, "useExpeditedShipping": true}),
        json!({"allowNekopos": "yes"}),
        json!({"somethingNew": 1}),
        json!({"allowNekopos": null}),
        json!("expedited"),
        json!(42),
    ] {
        let option: ShippingOption = serde_json::from_value(raw.clone()).unwrap();
        assert_eq!(option, ShippingOption::Other(raw.clone()), "{raw}");
        assert_eq!(serde_json::to_value(&option).unwrap(), raw);
    }
    // A key no variant declares (a newer server's) is ignored, as in any struct.
    let option: ShippingOption =
        serde_json::from_value(json!({"useExpeditedShipping": true, "extra": 1})).unwrap();
    assert_eq!(
        option,
        ShippingOption::ExpeditedShipping(
            ShippingOptionOfExpeditedShipping::builder()
                .use_expedited_shipping(true)
                .build()
        )
    );
    // One key of a variant is enough.
    let option: ShippingOption = serde_json::from_value(json!({"allowNekopos": false})).unwrap();
    assert_eq!(
        option,
        ShippingOption::Nekopos(
            ShippingOptionOfNekopos::builder()
                .allow_nekopos(false)
                .build()
        )
    );
}

// ---------------------------------------------------------------------------------------------
// Forward-compatible enums
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn enum_values_the_server_adds_later_are_kept_and_sent_back_unchanged() {
    let (server, client) = setup().await;
    let bill = json!({
        "amount": 12.5,
        "currency": "GBP",
        "paymentStatus": "brandNew",
        "state": "archived",
        "yearMonth": "202208"
    });
    expect("GET", "/v1/bills/202208")
        .respond_json(200, bill.clone())
        .mount(&server)
        .await;

    let decoded = client.get_billing("202208").await.unwrap();
    assert_eq!(decoded.currency, Some(Currency::Unknown("GBP".into())));
    assert_eq!(
        decoded.payment_status,
        Some(PaymentStatus::Unknown("brandNew".into()))
    );
    assert_eq!(decoded.state, Some(State::Unknown("archived".into())));
    let currency = decoded.currency.clone().unwrap();
    assert_eq!(currency.as_str(), "GBP");
    assert_eq!(currency.to_string(), "GBP");
    assert_eq!("GBP".parse::<Currency>().unwrap(), currency);
    assert_eq!(serde_json::to_value(&decoded).unwrap(), bill);
}

#[tokio::test]
async fn unknown_enum_values_are_sent_as_given() {
    let (server, client) = setup().await;
    expect("POST", "/v1/volume_discounts")
        .json_body(json!({
            "contractTermMonth": 36,
            "quantity": 5,
            "volumeDiscountPaymentType": "YEARLY",
            "volumeDiscountType": "SORACOM_AIR_NEW_CHARGE"
        }))
        .respond_json(201, json!({"orderId": "o-1"}))
        .mount(&server)
        .await;
    expect("POST", "/v1/bills/202208/export")
        .query("export_mode", "stream")
        .respond_json(200, json!({"url": "u"}))
        .mount(&server)
        .await;

    let quotation = client
        .create_volume_discount_quotation(
            CreateEstimatedVolumeDiscountRequest::builder()
                .contract_term_month(36)
                .quantity(5)
                .volume_discount_payment_type(VolumeDiscountPaymentType::from("YEARLY"))
                .volume_discount_type(VolumeDiscountType::Unknown("SORACOM_AIR_NEW_CHARGE".into()))
                .build()
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(quotation.order_id.as_deref(), Some("o-1"));
    let export = client
        .export_billing("202208")
        .export_mode(ExportMode::Unknown("stream".into()))
        .await
        .unwrap();
    assert_eq!(export.url.as_deref(), Some("u"));
}

/// For every value the spec lists: `From<&str>`, `FromStr`, serde, `as_str`, `Display` and
/// `AsRef<str>` agree and give a known variant; any other string is `Unknown` and kept as is.
macro_rules! check_enum {
    ($name:ident, $($value:literal => $variant:ident),+ $(,)?) => {{
        let expected: &[(&str, $name)] = &[$(($value, $name::$variant)),+];
        assert_eq!(
            $name::VALUES,
            expected.iter().map(|(v, _)| *v).collect::<Vec<_>>().as_slice(),
            concat!(stringify!($name), "::VALUES")
        );
        for (text, variant) in expected {
            let text: &str = text;
            assert_eq!(&$name::from(text), variant, "{}", text);
            assert_eq!(&$name::from(text.to_owned()), variant, "{}", text);
            assert_eq!(&text.parse::<$name>().unwrap(), variant, "{}", text);
            assert_eq!(
                &serde_json::from_value::<$name>(json!(text)).unwrap(),
                variant,
                "{}",
                text
            );
            assert!(!matches!(variant, $name::Unknown(_)), "{}", text);
            assert_eq!(variant.as_str(), text);
            assert_eq!(variant.to_string(), text);
            assert_eq!(AsRef::<str>::as_ref(variant), text);
            assert_eq!(serde_json::to_value(variant).unwrap(), json!(text));
        }
        for text in ["brandNew", "", "jpy_", "Sync "] {
            let value = $name::from(text);
            assert_eq!(value, $name::Unknown(text.into()), "{}", text);
            assert_eq!(text.parse::<$name>().unwrap(), value);
            assert_eq!(serde_json::from_value::<$name>(json!(text)).unwrap(), value);
            assert_eq!(value.as_str(), text);
            assert_eq!(value.to_string(), text);
            assert_eq!(serde_json::to_value(&value).unwrap(), json!(text));
        }
    }};
}

#[test]
fn enum_string_forms_agree_for_every_listed_value() {
    check_enum!(Currency, "JPY" => Jpy, "USD" => Usd, "EUR" => Eur);
    check_enum!(ExportMode, "async" => Async, "sync" => Sync);
    check_enum!(State, "temporary" => Temporary, "closed" => Closed);
    check_enum!(
        PaymentStatus,
        "lessThanMinimumCharge" => LessThanMinimumCharge,
        "paying" => Paying,
        "paid" => Paid,
        "fail" => Fail,
        "refunding" => Refunding,
        "refunded" => Refunded,
        "refund_fail" => RefundFail,
        "delegating_to_third_party" => DelegatingToThirdParty,
        "delegated_to_third_party" => DelegatedToThirdParty,
        "charging" => Charging,
        "canceling" => Canceling,
        "cancelled" => Cancelled,
        "cancel_failed" => CancelFailed,
    );
    check_enum!(
        OrderStatus,
        "orderProcessing" => OrderProcessing,
        "ordering" => Ordering,
        "ordered" => Ordered,
        "kitting" => Kitting,
        "shipped" => Shipped,
        "receiving" => Receiving,
        "received" => Received,
        "cancelling" => Cancelling,
        "cancelled" => Cancelled,
        "failed" => Failed,
    );
    check_enum!(
        ErrorCode,
        "success" => Success,
        "processing" => Processing,
        "invalid_request" => InvalidRequest,
        "invalid_number" => InvalidNumber,
        "incorrect_number" => IncorrectNumber,
        "invalid_name" => InvalidName,
        "invalid_expiry_month" => InvalidExpiryMonth,
        "invalid_expiry_year" => InvalidExpiryYear,
        "invalid_expiry" => InvalidExpiry,
        "incorrect_expiry" => IncorrectExpiry,
        "invalid_cvc" => InvalidCvc,
        "incorrect_cvc" => IncorrectCvc,
        "card_declined" => CardDeclined,
        "missing" => Missing,
        "processing_error" => ProcessingError,
    );
    check_enum!(
        GetExportedFileResponseStatus,
        "processing" => Processing,
        "exported" => Exported,
        "failed" => Failed,
    );
    check_enum!(
        GetPaymentTransactionResultStatus,
        "success" => Success,
        "error" => Error,
    );
    check_enum!(
        GetVolumeDiscountResponseStatus,
        "active" => Active,
        "expired" => Expired,
    );
    check_enum!(
        ProductType,
        "sim" => Sim,
        "lora" => Lora,
        "sigfox" => Sigfox,
        "network_module" => NetworkModule,
        "misc" => Misc,
    );
    check_enum!(ProviderType, "WebPay" => WebPay);
    check_enum!(ShipmentCompany, "yamato_transport" => YamatoTransport);
    check_enum!(
        ShippingArea,
        "hokkaido" => Hokkaido,
        "kita_tohoku" => KitaTohoku,
        "minami_tohoku" => MinamiTohoku,
        "kanto" => Kanto,
        "shinetsu" => Shinetsu,
        "chubu" => Chubu,
        "hokuriku" => Hokuriku,
        "kansai" => Kansai,
        "chugoku" => Chugoku,
        "shikoku" => Shikoku,
        "kyushu" => Kyushu,
        "okinawa" => Okinawa,
    );
    check_enum!(
        VolumeDiscountPaymentType,
        "MONTHLY" => Monthly,
        "PREPAYMENT" => Prepayment,
    );
    check_enum!(
        VolumeDiscountType,
        "SORACOM_AIR_BASIC_CHARGE_V2" => SoracomAirBasicChargeV2,
        "SORACOM_AIR_BASIC_CHARGE" => SoracomAirBasicCharge,
        "SORACOM_AIR_MONTHLY_FIXED_BASIC_CHARGE" => SoracomAirMonthlyFixedBasicCharge,
    );
}

// ---------------------------------------------------------------------------------------------
// Empty bodies
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn no_content_answers_give_ok() {
    let (server, client) = setup().await;
    // 204, empty body, `Content-Type: application/json` (what the spec declares).
    expect("PUT", "/v1/orders/order-json/cancel")
        .respond(ResponseTemplate::new(204).insert_header("content-type", "application/json"))
        .mount(&server)
        .await;
    expect("POST", "/v1/orders/order-json/subscribers/register")
        .respond(ResponseTemplate::new(204).insert_header("content-type", "application/json"))
        .mount(&server)
        .await;
    // 204, empty body, no `Content-Type` at all.
    expect("PUT", "/v1/orders/order-bare/cancel")
        .respond_empty(204)
        .mount(&server)
        .await;
    expect("POST", "/v1/orders/order-bare/subscribers/register")
        .respond_empty(204)
        .mount(&server)
        .await;

    let () = client.cancel_order("order-json").await.unwrap();
    let () = client.register_ordered_sim("order-json").await.unwrap();
    let () = client.cancel_order("order-bare").await.unwrap();
    let () = client.register_ordered_sim("order-bare").await.unwrap();

    for request in received(&server).await {
        assert!(request.body.is_empty());
    }
}

#[tokio::test]
async fn empty_success_answers_give_ok() {
    let (server, client) = setup().await;
    let path = format!("/v1/operators/{OPERATOR_ID}/shipping_addresses/sa-0001");
    expect("PUT", &path)
        .json_body(fixtures::address_json())
        .respond_empty(200)
        .mount(&server)
        .await;
    expect("DELETE", &path)
        .respond_empty(200)
        .mount(&server)
        .await;
    let path = format!("/v1/operators/{OPERATOR_ID}/shipping_addresses/sa-0002");
    expect("PUT", &path)
        .json_body(fixtures::address_json())
        .respond(ResponseTemplate::new(200).insert_header("content-type", "application/json"))
        .mount(&server)
        .await;
    expect("DELETE", &path)
        .respond(ResponseTemplate::new(200).insert_header("content-type", "application/json"))
        .mount(&server)
        .await;
    expect("POST", "/v1/payment_statements/payer_information")
        .json_body(json!({}))
        .respond_empty(201)
        .mount(&server)
        .await;

    let () = client
        .update_shipping_address("sa-0001", fixtures::address_model())
        .operator_id(OPERATOR_ID)
        .await
        .unwrap();
    let () = client
        .delete_shipping_address("sa-0001")
        .operator_id(OPERATOR_ID)
        .await
        .unwrap();
    let () = client
        .update_shipping_address("sa-0002", fixtures::address_model())
        .operator_id(OPERATOR_ID)
        .await
        .unwrap();
    let () = client
        .delete_shipping_address("sa-0002")
        .operator_id(OPERATOR_ID)
        .await
        .unwrap();
    let () = client
        .register_payer_information(Default::default())
        .await
        .unwrap();
}

#[tokio::test]
async fn an_empty_body_decodes_as_an_empty_object_where_the_schema_allows_it() {
    let (server, client) = setup().await;
    expect("POST", "/v1/payment_methods/current/activate")
        .respond_empty(200)
        .mount(&server)
        .await;
    expect("GET", "/v1/bills/latest")
        .respond_empty(200)
        .mount(&server)
        .await;

    // `activatePaymentMethod` answers `type: object`.
    let answer = client.activate_payment_method().await.unwrap();
    assert!(answer.is_empty());
    // All fields of `GetLatestBill` are optional.
    let latest = client.get_latest_billing().await.unwrap();
    assert_eq!(latest, Default::default());
}

// ---------------------------------------------------------------------------------------------
// Numbers in string fields
// ---------------------------------------------------------------------------------------------

/// Where the spec itself shows a number in a string field (its examples for
/// `GetOrderResponse.shippingDateTime` and `SimInitialSetting.tags`), or the field holds a date
/// written as digits (`format: yyyyMMdd`, `example: yyyyMMdd`), a JSON number decodes as its text.
#[tokio::test]
async fn numbers_in_string_fields_decode_as_their_text() {
    let (server, client) = setup().await;
    expect("GET", &format!("/v1/orders/{ORDER_ID}"))
        .respond_json(
            200,
            json!({
                "orderId": ORDER_ID,
                "orderDateTime": 20231001090000_u64,
                "shippingDateTime": 20231004123456_u64,
                "resourceInitialSetting": fixtures::resource_initial_setting_json()
            }),
        )
        .mount(&server)
        .await;
    expect("GET", "/v1/bills")
        .respond_json(
            200,
            json!({"billList": [{"yearMonth": 202208, "amount": 1}]}),
        )
        .mount(&server)
        .await;

    let order = client.get_order(ORDER_ID).await.unwrap();
    assert_eq!(order.shipping_date_time.as_deref(), Some("20231004123456"));
    assert_eq!(order.order_date_time.as_deref(), Some("20231001090000"));
    let settings = order
        .resource_initial_setting
        .expect("resourceInitialSetting")
        .sim_initial_settings
        .expect("simInitialSettings");
    let tags = settings["plan01s"].tags.as_ref().expect("tags");
    assert_eq!(tags["date"], "20221111");
    assert_eq!(tags["location"], "headquarters");
    assert_eq!(order.order_id.as_deref(), Some(ORDER_ID));

    let bills = client.get_billing_history().await.unwrap();
    assert_eq!(
        bills.bill_list.unwrap()[0].year_month.as_deref(),
        Some("202208")
    );
}

/// Elsewhere a number in a string field is not guessed at: the call fails with the path of the
/// value, never silently.
#[tokio::test]
async fn a_number_in_another_string_field_is_a_located_decode_error() {
    let (server, client) = setup().await;
    expect("GET", &format!("/v1/orders/{ORDER_ID}"))
        .respond_json(
            200,
            json!({"orderId": ORDER_ID, "shippingLabelNumbers": ["0000-1111-2222", 1234]}),
        )
        .mount(&server)
        .await;
    match client.get_order(ORDER_ID).await.unwrap_err() {
        soracom_billing::Error::Decode { path, message, .. } => {
            assert_eq!(path, "shippingLabelNumbers[1]");
            assert!(message.contains("expected a string"), "{message}");
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Path and query encoding
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_path_parameter_is_one_percent_encoded_segment() {
    let (server, client) = setup().await;
    expect("POST", "/v1/coupons/a%2F..%2Fb/register")
        .respond_json(200, json!({"couponCode": "a/../b"}))
        .mount(&server)
        .await;

    let coupon = client.register_coupon("a/../b").await.unwrap();
    assert_eq!(coupon.coupon_code.as_deref(), Some("a/../b"));

    let requests = received(&server).await;
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].url.path(), "/v1/coupons/a%2F..%2Fb/register");
    assert_eq!(requests[0].url.query(), None);
}

#[tokio::test]
async fn reserved_and_non_ascii_characters_in_path_parameters_are_escaped() {
    let (server, client) = setup().await;
    expect(
        "GET",
        "/v1/operators/OP%201%3F%23%25%2B%26/shipping_addresses/%E6%97%A5%E6%9C%AC%2F~a-b_c.d",
    )
    .respond_json(200, fixtures::registered_address_json("x"))
    .mount(&server)
    .await;

    client
        .get_shipping_address("日本/~a-b_c.d")
        .operator_id("OP 1?#%+&")
        .await
        .unwrap();
}

#[tokio::test]
async fn dot_segments_and_empty_path_parameters_are_refused_before_sending() {
    let (server, client) = setup().await;
    for value in ["..", ".", ""] {
        let err = client.register_coupon(value).await.unwrap_err();
        match &err {
            Error::InvalidInput {
                operation,
                parameter,
                reason,
            } => {
                assert_eq!(*operation, Some("registerCoupon"), "{value:?}");
                assert_eq!(parameter, "coupon_code", "{value:?}");
                assert!(!reason.is_empty());
            }
            other => panic!("{value:?}: expected InvalidInput, got {other:?}"),
        }
        assert_eq!(err.operation(), Some("registerCoupon"));
        assert_eq!(err.status(), None);
        assert!(err.to_string().contains("coupon_code"), "{err}");
    }
    // A second path parameter is checked the same way.
    let err = client
        .get_shipping_address("..")
        .operator_id(OPERATOR_ID)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::InvalidInput { parameter, .. } if parameter == "shipping_address_id"),
        "{err:?}"
    );
    assert!(received(&server).await.is_empty());
}

#[tokio::test]
async fn export_mode_is_sent_as_the_only_query_parameter() {
    let (server, client) = setup().await;
    expect("POST", "/v1/bills/202208/export")
        .query("export_mode", "async")
        .respond_json(200, json!({"exportedFileId": "fe_1"}))
        .mount(&server)
        .await;
    expect("POST", "/v1/bills/202208/export")
        .respond_json(200, json!({"url": "https://example.com/sync"}))
        .expect(2)
        .mount(&server)
        .await;

    let with_mode = client
        .export_billing("202208")
        .export_mode(ExportMode::Async)
        .await
        .unwrap();
    assert_eq!(with_mode.exported_file_id.as_deref(), Some("fe_1"));
    let without = client.export_billing("202208").await.unwrap();
    assert_eq!(without.url.as_deref(), Some("https://example.com/sync"));
    // Setting and then clearing it sends no query either.
    let cleared = client
        .export_billing("202208")
        .export_mode(ExportMode::Sync)
        .set_export_mode(None)
        .await
        .unwrap();
    assert_eq!(cleared.url.as_deref(), Some("https://example.com/sync"));

    let requests = received(&server).await;
    assert_eq!(requests.len(), 3);
    assert_eq!(requests[0].url.query(), Some("export_mode=async"));
    assert_eq!(requests[1].url.query(), None);
    assert_eq!(requests[2].url.query(), None);
}

#[tokio::test]
async fn query_values_are_encoded() {
    let (server, client) = setup().await;
    let key = "a b&c=d/é?#%+";
    expect("GET", &format!("/v1/orders/{ORDER_ID}/subscribers"))
        .query("last_evaluated_key", key)
        .query("limit", "-1")
        .respond_json(200, json!({"orderedSubscriberList": []}))
        .mount(&server)
        .await;

    let page = client
        .list_ordered_subscribers(ORDER_ID)
        .last_evaluated_key(key)
        .limit(-1)
        .await
        .unwrap();
    assert_eq!(page.ordered_subscriber_list, Some(vec![]));
    let query = received(&server).await[0]
        .url
        .query()
        .unwrap_or_default()
        .to_owned();
    // One `&` between the two parameters; the value's own `&`, `=`, space and `#` are escaped.
    assert_eq!(query.matches('&').count(), 1, "{query}");
    assert_eq!(query.matches('=').count(), 2, "{query}");
    assert!(!query.contains(' ') && !query.contains('#'), "{query}");
}

#[tokio::test]
async fn a_trailing_slash_on_the_base_url_is_ignored() {
    let server = soracom_billing_tests::start_server().await;
    let client = Client::builder()
        .retry(soracom_billing::RetryPolicy::disabled())
        .base_url(format!("{}/", base_url(&server)))
        .api_key_and_token(API_KEY, TOKEN)
        .build()
        .unwrap();
    assert_eq!(client.base_url(), base_url(&server));
    expect("GET", "/v1/bills")
        .respond_json(200, json!({"billList": []}))
        .mount(&server)
        .await;

    let history = client.get_billing_history().await.unwrap();
    assert_eq!(history.bill_list, Some(vec![]));
}

// ---------------------------------------------------------------------------------------------
// Sending: `.await` on the builder and `.send().await`
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn awaiting_the_builder_and_send_do_the_same() {
    let (server, client) = setup().await;
    let body = json!({"billList": [{"amount": 1.5, "yearMonth": "202201"}]});
    expect("GET", "/v1/bills")
        .respond_json(200, body.clone())
        .expect(3)
        .mount(&server)
        .await;

    let awaited = client.get_billing_history().await.unwrap();
    let sent = client.get_billing_history().send().await.unwrap();
    // The future is `Send + 'static`: it can run on another task.
    let spawned = tokio::spawn(client.get_billing_history().into_future())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(awaited, sent);
    assert_eq!(awaited, spawned);
    let bill = &awaited.bill_list.as_ref().unwrap()[0];
    assert_eq!(bill.amount, Some(1.5));
    assert_eq!(bill.year_month.as_deref(), Some("202201"));
    assert_eq!(serde_json::to_value(&awaited).unwrap(), body);
}

#[tokio::test]
async fn a_request_builder_can_be_cloned_and_sent_twice() {
    let (server, client) = setup().await;
    expect("GET", "/v1/products")
        .query("campaign_code", "C1")
        .respond_json(200, json!({"productList": []}))
        .expect(2)
        .mount(&server)
        .await;

    let request = client.list_products().campaign_code("C1");
    let first = request.clone().send().await.unwrap();
    let second = request.await.unwrap();
    assert_eq!(first, second);
    assert_eq!(first.product_list, Some(vec![]));
}

#[tokio::test]
async fn fields_the_server_adds_later_are_ignored() {
    let (server, client) = setup().await;
    expect("GET", "/v1/files/exported/fe_1")
        .respond_json(
            200,
            json!({
                "status": "processing",
                "url": null,
                "progress": {"percent": 40},
                "createdAt": 1700000000000_i64
            }),
        )
        .mount(&server)
        .await;

    let file = client.get_exported_file("fe_1").await.unwrap();
    assert_eq!(file.status, Some(GetExportedFileResponseStatus::Processing));
    assert_eq!(file.url, None);
}

#[tokio::test]
async fn a_custom_user_agent_replaces_the_default() {
    let server = soracom_billing_tests::start_server().await;
    let client = Client::builder()
        .retry(soracom_billing::RetryPolicy::disabled())
        .base_url(base_url(&server))
        .api_key_and_token(API_KEY, TOKEN)
        .user_agent("my-app/2.0")
        .build()
        .unwrap();
    wiremock::Mock::given(wiremock::matchers::method("GET"))
        .and(wiremock::matchers::path("/v1/coupons"))
        .and(wiremock::matchers::header("user-agent", "my-app/2.0"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"couponList": []})))
        .expect(1)
        .mount(&server)
        .await;

    let coupons = client.list_coupons().await.unwrap();
    assert_eq!(coupons.coupon_list, Some(vec![]));
}

#[tokio::test]
async fn the_default_user_agent_names_the_crate_and_its_version() {
    let (server, client) = setup().await;
    expect("GET", "/v1/coupons")
        .respond_json(200, json!({}))
        .mount(&server)
        .await;

    client.list_coupons().await.unwrap();
    let requests = received(&server).await;
    let agent = requests[0].headers["user-agent"].to_str().unwrap();
    let version = agent
        .strip_prefix(soracom_billing_tests::USER_AGENT_PREFIX)
        .expect("soracom-billing/…");
    assert!(
        !version.is_empty() && version.split('.').all(|p| p.parse::<u32>().is_ok()),
        "{agent}"
    );
}

/// Year-month path parameters take a checked `YearMonth`, or text that is checked before
/// anything is sent; the error names the parameter.
#[tokio::test]
async fn bad_year_months_are_refused_before_sending() {
    let (server, client) = setup().await;
    for bad in ["2022-13", "20221", "202213", "202200", "abcdef", ""] {
        let err = client.get_billing(bad).await.unwrap_err();
        match &err {
            soracom_billing::Error::InvalidInput {
                operation: Some("getBilling"),
                parameter,
                ..
            } => {
                assert_eq!(parameter, "yyyyMM", "{err}")
            }
            other => panic!("{bad}: expected InvalidInput, got {other:?}"),
        }
        let err = client.export_billing(bad.to_owned()).await.unwrap_err();
        assert!(err.to_string().contains("invalid `yyyyMM`"), "{err}");
    }
    assert!(received(&server).await.is_empty());

    expect("GET", "/v1/bills/202208/daily")
        .respond_json(200, json!({"billList": []}))
        .mount(&server)
        .await;
    let august = soracom_billing::YearMonth::new(2022, 8).unwrap();
    client.get_billing_per_day(august).await.unwrap();
}

// ---------------------------------------------------------------------------------------------
// Less `Option` noise: list accessors and conversions between models
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn an_address_read_is_changed_and_sent_back_in_three_lines() {
    let (server, client) = setup().await;
    let path = format!("/v1/operators/{OPERATOR_ID}/shipping_addresses/sa-0001");
    expect("GET", &path)
        .respond_json(200, fixtures::registered_address_json("sa-0001"))
        .mount(&server)
        .await;
    // What was read, less what only a response has (`shippingAddressId`, `shippingArea`), with
    // the new city; `countryCode` and `email`, which the response lacks, are not sent.
    let mut sent = fixtures::registered_address_json("sa-0001");
    let object = sent.as_object_mut().unwrap();
    object.remove("shippingAddressId");
    object.remove("shippingArea");
    object.insert("city".into(), json!("Shibuya-ku"));
    expect("PUT", &path)
        .json_body(sent)
        .respond_empty(200)
        .expect(1)
        .mount(&server)
        .await;

    let read = client
        .get_shipping_address("sa-0001")
        .operator_id(OPERATOR_ID)
        .await
        .unwrap();
    let mut address = soracom_billing::models::ShippingAddressModel::from(read);
    address.city = "Shibuya-ku".into();
    client
        .update_shipping_address("sa-0001", address)
        .operator_id(OPERATOR_ID)
        .await
        .unwrap();
}

#[tokio::test]
async fn an_absent_list_reads_as_an_empty_slice() {
    let (server, client) = setup().await;
    expect("GET", "/v1/bills")
        .respond_json(200, json!({}))
        .mount(&server)
        .await;
    let history = client.get_billing_history().await.unwrap();
    assert_eq!(history.bill_list, None);
    assert!(history.bill_list().is_empty());

    let (server, client) = setup().await;
    expect("GET", "/v1/bills")
        .respond_json(
            200,
            json!({"billList": [{"yearMonth": "202208", "amount": 1.5}]}),
        )
        .mount(&server)
        .await;
    let history = client.get_billing_history().await.unwrap();
    let months: Vec<Option<&str>> = history
        .bill_list()
        .iter()
        .map(|bill| bill.year_month.as_deref())
        .collect();
    assert_eq!(months, [Some("202208")]);
    // The month as a checked year-month (the field keeps the text as sent).
    let month = history.bill_list()[0].year_month().unwrap();
    assert_eq!((month.year(), month.month()), (2022, 8));
    assert_eq!(month.pred().unwrap().to_string(), "202207");

    // Text that is no month reads as `None`, and the field still has it.
    let (server, client) = setup().await;
    expect("GET", "/v1/bills")
        .respond_json(200, json!({"billList": [{"yearMonth": "2022-8"}]}))
        .mount(&server)
        .await;
    let history = client.get_billing_history().await.unwrap();
    assert_eq!(history.bill_list()[0].year_month(), None);
    assert_eq!(history.bill_list()[0].year_month.as_deref(), Some("2022-8"));
}
