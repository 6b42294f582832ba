//! Contract tests against Stoplight Prism, a validator nobody here wrote.
//!
//! Prism serves our spec files on 127.0.0.1 and checks every request against them: path,
//! query, headers, security and body. Every SDK operation, called with valid arguments, must pass
//! that validation (Prism's log says so for each request), and the example Prism answers with
//! (the spec's own, mistakes included) must decode. Negative cases check that Prism's 401 and
//! 422 answers reach the caller with their bodies and details. See `tests/prism.rs` for how
//! Prism is installed, started and stopped.

use std::future::Future;
use std::pin::Pin;

use soracom_billing::models::{
    AuthRequest, CreateEstimatedCouponRequest, CreateEstimatedOrderRequest,
    CreateEstimatedVolumeDiscountRequest, CreateEstimatedVolumeDiscountRequestBuilder, ExportMode,
    OrderItemModel, RegisterPayerInformationModel, ShippingOption,
    ShippingOptionOfExpeditedShipping, SwitchUserRequest, VolumeDiscountPaymentType,
    VolumeDiscountType,
};
use soracom_billing::operations::OPERATION_IDS;
use soracom_billing::{Client, Error, RetryPolicy};
use soracom_billing_tests::fixtures::{self, OPERATOR_ID, ORDER_ID};
use soracom_billing_tests::prism::{Prism, FAILED, PASSED};

const BILLING: &str = "soracom-billing-api-openapi.yml";
const AUTH: &str = "soracom-auth-api-openapi.yml";
const FILES: &str = "soracom-files-api-openapi.yml";

type Call = Pin<Box<dyn Future<Output = Result<(), Error>> + Send>>;

/// One operation: its id, the spec file that has it, and a call with valid arguments that
/// decodes the answer.
struct Case {
    operation: &'static str,
    spec: &'static str,
    call: fn(Client) -> Call,
}

macro_rules! case {
    ($operation:literal, $spec:expr, |$client:ident| $call:expr) => {
        Case {
            operation: $operation,
            spec: $spec,
            call: |$client: Client| Box::pin(async move { $call.await.map(|_| ()) }),
        }
    };
}

fn cases() -> Vec<Case> {
    vec![
        case!("auth", AUTH, |c| c.auth(
            AuthRequest::builder()
                .auth_key("secret-abcde12345")
                .auth_key_id("keyId-abcde12345")
                .token_timeout_seconds(3600)
                .build()
        )),
        case!("switchUser", AUTH, |c| c.switch_user(
            SwitchUserRequest::builder()
                .operator_id("OPXXXXXXXXXX")
                .user_name("SORACOMAPI")
                .token_timeout_seconds(900)
                .build()
        )),
        case!("getExportedFile", FILES, |c| c
            .get_exported_file("fe_xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx")),
        case!("getBillingHistory", BILLING, |c| c.get_billing_history()),
        case!("getBilling", BILLING, |c| c.get_billing("202208")),
        case!("getBillingPerDay", BILLING, |c| c
            .get_billing_per_day("202209")),
        case!("exportBilling", BILLING, |c| c
            .export_billing("202208")
            .export_mode(ExportMode::Async)),
        case!("getLatestBilling", BILLING, |c| c.get_latest_billing()),
        case!("exportLatestBilling", BILLING, |c| c
            .export_latest_billing()
            .export_mode(ExportMode::Sync)),
        case!("getBillingSummaryOfBillItems", BILLING, |c| c
            .get_billing_summary_of_bill_items()),
        case!("getBillingSummaryOfSims", BILLING, |c| c
            .get_billing_summary_of_sims()),
        case!("listCoupons", BILLING, |c| c.list_coupons()),
        case!("createCouponQuotation", BILLING, |c| c
            .create_coupon_quotation(
                CreateEstimatedCouponRequest::builder()
                    .amount(10000.0)
                    .build()
                    .unwrap()
            )),
        case!("registerCoupon", BILLING, |c| c
            .register_coupon("COUPON-ABC-123")),
        case!("confirmCouponOrder", BILLING, |c| c
            .confirm_coupon_order("coupon-order-1")),
        case!("listShippingAddresses", BILLING, |c| c
            .list_shipping_addresses()
            .operator_id(OPERATOR_ID)),
        case!("createShippingAddress", BILLING, |c| c
            .create_shipping_address(fixtures::address_model())
            .operator_id(OPERATOR_ID)),
        case!("getShippingAddress", BILLING, |c| c
            .get_shipping_address("sa-0001")
            .operator_id(OPERATOR_ID)),
        case!("updateShippingAddress", BILLING, |c| c
            .update_shipping_address("sa-0001", fixtures::address_model())
            .operator_id(OPERATOR_ID)),
        case!("deleteShippingAddress", BILLING, |c| c
            .delete_shipping_address("sa-0001")
            .operator_id(OPERATOR_ID)),
        case!("listOrders", BILLING, |c| c.list_orders()),
        // Without `shippingOptions`: see `the_specs_shipping_options_match_both_variants`.
        case!("createQuotation", BILLING, |c| c
            .create_quotation(order_request(None))),
        case!("getOrder", BILLING, |c| c.get_order(ORDER_ID)),
        case!("cancelOrder", BILLING, |c| c.cancel_order(ORDER_ID)),
        case!("confirmOrder", BILLING, |c| c.confirm_order(ORDER_ID)),
        case!("updateOrderedResourceInitialSetting", BILLING, |c| c
            .update_ordered_resource_initial_setting(
                ORDER_ID,
                fixtures::resource_initial_setting_model()
            )),
        case!("listOrderedSubscribers", BILLING, |c| c
            .list_ordered_subscribers(ORDER_ID)
            .last_evaluated_key("8981100000000000001")
            .limit(10)),
        case!("registerOrderedSim", BILLING, |c| c
            .register_ordered_sim(ORDER_ID)),
        case!("getPaymentTransaction", BILLING, |c| c
            .get_payment_transaction("12345678901234567_abc")),
        case!("getPaymentMethod", BILLING, |c| c.get_payment_method()),
        case!("activatePaymentMethod", BILLING, |c| c
            .activate_payment_method()),
        case!("listPaymentStatements", BILLING, |c| c
            .list_payment_statements()),
        case!("exportPaymentStatement", BILLING, |c| c
            .export_payment_statement("ps-0001")
            .export_mode(ExportMode::Async)),
        case!("getPayerInformation", BILLING, |c| c
            .get_payer_information()),
        case!("registerPayerInformation", BILLING, |c| c
            .register_payer_information(
                RegisterPayerInformationModel::builder()
                    .company_name("Example Corp.")
                    .department("Accounting")
                    .full_name("Hanako Soracom")
                    .build()
            )),
        case!("listProducts", BILLING, |c| c
            .list_products()
            .campaign_code("CAMPAIGN2023")),
        case!("listVolumeDiscounts", BILLING, |c| c
            .list_volume_discounts()),
        case!("createVolumeDiscountQuotation", BILLING, |c| c
            .create_volume_discount_quotation(
                valid_volume_discount_request().build().unwrap()
            )),
        case!("getVolumeDiscount", BILLING, |c| c
            .get_volume_discount("contract-1")),
        case!("confirmVolumeDiscountOrder", BILLING, |c| c
            .confirm_volume_discount_order("xxxxxxxxxxxxxx_xxxxxxxx")),
        case!("listAvailableDiscounts", BILLING, |c| c
            .list_available_discounts()),
    ]
}

fn order_request(shipping_options: Option<Vec<ShippingOption>>) -> CreateEstimatedOrderRequest {
    CreateEstimatedOrderRequest::builder()
        .order_item_list([OrderItemModel::builder()
            .product_code("4573326590013")
            .quantity(2)
            .build()])
        .preferred_delivery_date("20231010")
        .shipping_address_id("sa-0001")
        .set_shipping_options(shipping_options)
        .build()
}

/// A valid `createVolumeDiscountQuotation` body, every field set, still to be built (so that a
/// test can change a field first).
fn valid_volume_discount_request() -> CreateEstimatedVolumeDiscountRequestBuilder {
    CreateEstimatedVolumeDiscountRequest::builder()
        .contract_term_month(12)
        .quantity(1)
        .start_date("20220401")
        .volume_discount_payment_type(VolumeDiscountPaymentType::Monthly)
        .volume_discount_type(VolumeDiscountType::SoracomAirBasicChargeV2)
}

/// A client for `prism` with credentials Prism accepts (it checks only that both are there).
fn client(prism: &Prism) -> Client {
    client_with(prism, "contract-api-key", "contract-token")
}

fn client_with(prism: &Prism, api_key: &str, token: &str) -> Client {
    Client::builder()
        .base_url(&prism.base_url)
        .api_key_and_token(api_key, token)
        .retry(RetryPolicy::disabled())
        .build()
        .expect("the client builds")
}

#[test]
fn every_operation_has_a_contract_case() {
    let mut listed: Vec<&str> = cases().iter().map(|c| c.operation).collect();
    listed.sort_unstable();
    let count = listed.len();
    listed.dedup();
    assert_eq!(count, listed.len(), "an operation is listed twice");
    let mut implemented = OPERATION_IDS.to_vec();
    implemented.sort_unstable();
    assert_eq!(
        listed, implemented,
        "every SDK operation needs a contract case"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_operation_passes_prism_validation_and_its_example_decodes() {
    // The three Prism servers start in parallel (each takes a second or two).
    let (billing, auth, files) = std::thread::scope(|s| {
        let billing = s.spawn(|| Prism::start(BILLING));
        let auth = s.spawn(|| Prism::start(AUTH));
        let files = s.spawn(|| Prism::start(FILES));
        (
            billing.join().expect("Prism for billing"),
            auth.join().expect("Prism for auth"),
            files.join().expect("Prism for files"),
        )
    });
    let mut failures = Vec::new();
    for case in cases() {
        let prism = match case.spec {
            BILLING => &billing,
            AUTH => &auth,
            _ => &files,
        };
        let mark = prism.mark();
        let result = (case.call)(client(prism)).await;
        let log = tokio::task::block_in_place(|| prism.judgement_since(mark));
        if let Err(error) = result {
            failures.push(format!("{}: {error}\n{log}", case.operation));
        } else if !log.contains(PASSED) || log.contains(FAILED) {
            failures.push(format!(
                "{}: Prism did not pass the request:\n{log}",
                case.operation
            ));
        }
    }
    // Prism also checks its own answers (the spec's examples) against the spec and logs where
    // they break it. Those are the spec's mistakes, which the SDK must (and, above, does)
    // decode anyway.
    let mistakes: Vec<String> = [&billing, &auth, &files]
        .iter()
        .flat_map(|prism| {
            prism
                .log_text(0)
                .lines()
                .filter(|line| line.contains("Violation: response"))
                .map(|line| line.split("Violation: ").last().unwrap_or(line).to_owned())
                .collect::<Vec<_>>()
        })
        .collect();
    eprintln!(
        "Prism found {} places where the spec's examples break its own schemas:\n{}",
        mistakes.len(),
        mistakes.join("\n")
    );
    assert!(
        failures.is_empty(),
        "{} of {} operations failed against Prism:\n\n{}",
        failures.len(),
        cases().len(),
        failures.join("\n\n")
    );
}

/// The fake of `test_support` cannot drift from the spec: the calls above, each of which Prism
/// passes, are all accepted by the fake (no violation), each answered with its default (the
/// spec's example or a value built from the schema) that decodes, and each recorded as its
/// operation's typed request.
#[tokio::test]
async fn every_call_prism_passes_is_accepted_by_the_fake_and_its_default_answer_decodes() {
    let (fake, client) = soracom_billing::test_support::start().await;
    let mut failures = Vec::new();
    for case in cases() {
        if let Err(error) = (case.call)(client.clone()).await {
            failures.push(format!("{}: {error}", case.operation));
        }
    }
    let violations = fake.take_violations();
    assert!(
        failures.is_empty() && violations.is_empty(),
        "failed against the fake:\n{}\nviolations:\n{}",
        failures.join("\n"),
        violations.join("\n")
    );
    let mut answered: Vec<&str> = fake
        .raw_requests()
        .iter()
        .map(|raw| raw.operation())
        .collect();
    answered.sort_unstable();
    answered.dedup();
    let mut implemented = OPERATION_IDS.to_vec();
    implemented.sort_unstable();
    assert_eq!(answered, implemented, "every operation reached the fake");
}

#[tokio::test]
async fn empty_credentials_get_prisms_401_with_its_body() {
    let prism = tokio::task::spawn_blocking(|| Prism::start(BILLING))
        .await
        .unwrap();
    let error = client_with(&prism, "", "")
        .get_billing_history()
        .await
        .expect_err("Prism refuses a call without credentials");
    let Error::Api(api) = error else {
        panic!("expected an API error, got {error:?}")
    };
    assert_eq!(api.status, 401);
    assert_eq!(api.operation, "getBillingHistory");
    assert_eq!(
        api.content_type.as_deref(),
        Some("application/problem+json")
    );
    let body: serde_json::Value = serde_json::from_slice(&api.body).expect("a JSON body");
    assert_eq!(body["status"], 401);
    assert_eq!(body["title"], "Invalid security scheme used");
    let message = api.message.as_deref().expect("a message from the body");
    assert!(
        message.starts_with("Invalid security scheme used: "),
        "{message}"
    );
    let shown = Error::Api(api).to_string();
    assert!(
        shown.contains("HTTP 401") && shown.contains("Invalid security scheme used"),
        "{shown}"
    );
}

#[tokio::test]
async fn no_credentials_are_refused_before_anything_is_sent() {
    let prism = tokio::task::spawn_blocking(|| Prism::start(BILLING))
        .await
        .unwrap();
    let mark = prism.mark();
    let client = Client::builder().base_url(&prism.base_url).build().unwrap();
    let error = client
        .get_billing_history()
        .await
        .expect_err("no credentials");
    assert!(
        matches!(error, Error::InvalidInput { .. }),
        "expected InvalidInput, got {error:?}"
    );
    // Prism logs every request it receives; give it a moment, then check it got none.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let log = prism.log_text(mark);
    assert!(!log.contains("Request received"), "{log}");
}

#[tokio::test]
async fn a_body_prism_rejects_is_surfaced_with_its_validation_details() {
    let prism = tokio::task::spawn_blocking(|| Prism::start(BILLING))
        .await
        .unwrap();
    // A discount type the spec does not list: the SDK sends unknown enum values as they are
    // (the server may know newer ones), and Prism, going by this spec, refuses it.
    let request = valid_volume_discount_request()
        .volume_discount_type(VolumeDiscountType::Unknown("no_such_discount".into()))
        .build()
        .unwrap();
    let error = client(&prism)
        .create_volume_discount_quotation(request)
        .await
        .expect_err("Prism refuses the body");
    let Error::Api(api) = error else {
        panic!("expected an API error, got {error:?}")
    };
    assert_eq!(api.status, 422);
    let body: serde_json::Value = serde_json::from_slice(&api.body).expect("a JSON body");
    let validation = body["validation"].as_array().expect("validation details");
    assert!(
        validation
            .iter()
            .any(|v| v["location"] == serde_json::json!(["body", "volumeDiscountType"])),
        "{body}"
    );
    let message = api.message.as_deref().expect("a message from the body");
    assert!(message.starts_with("Invalid request: "), "{message}");
    assert!(
        message.contains("volumeDiscountType must be equal to one of the allowed values"),
        "the message carries Prism's validation details: {message}"
    );
}

/// A mistake in the spec that Prism found: `shippingOptions` items are `oneOf`
/// `ShippingOptionOfNekopos` / `ShippingOptionOfExpeditedShipping`, two objects with no required
/// properties that allow any others, so every object matches both and no request with
/// shipping options is valid JSON Schema. The SDK sends what the caller chose (and decodes
/// such answers by the properties present); the contract case for `createQuotation` leaves the
/// options out. When a spec upgrade fixes this, this test fails: move the options back into
/// that case.
#[tokio::test]
async fn the_specs_shipping_options_match_both_variants() {
    let prism = tokio::task::spawn_blocking(|| Prism::start(BILLING))
        .await
        .unwrap();
    let options = vec![ShippingOption::ExpeditedShipping(
        ShippingOptionOfExpeditedShipping::builder()
            .use_expedited_shipping(true)
            .build(),
    )];
    let error = client(&prism)
        .create_quotation(order_request(Some(options)))
        .await
        .expect_err("Prism applies the spec's oneOf");
    let Error::Api(api) = error else {
        panic!("expected an API error, got {error:?}")
    };
    assert_eq!(api.status, 422);
    let message = api.message.unwrap_or_default();
    assert!(
        message.contains("shippingOptions.0 must match exactly one schema in oneOf"),
        "{message}"
    );
}
