//! One test per operation of the API, each against a real HTTP server on 127.0.0.1: the request
//! (method, raw path, exact query, credentials, `User-Agent`, exact JSON body) and the decoded
//! answer, field by field. `COVERED` must list exactly `OPERATION_IDS`.

use serde_json::json;
use soracom_billing::models::{
    AuthRequest, AvailableLongTermDiscountModel, BillItemCostBreakdown, CouponResponse,
    CreateEstimatedCouponRequest, CreateEstimatedOrderRequest,
    CreateEstimatedVolumeDiscountRequest, Currency, DailyBill, ErrorCode, EstimatedOrderItemModel,
    ExportMode, GetExportedFileResponseStatus, GetPaymentTransactionResultStatus, OrderItemModel,
    OrderedSubscriber, PaymentStatus, ProviderType, RegisterPayerInformationModel, ShippingArea,
    ShippingCostModel, ShippingOption, ShippingOptionOfExpeditedShipping, SimCostBreakdown, State,
    SwitchUserRequest, VolumeDiscountModel, VolumeDiscountPaymentType, VolumeDiscountType,
};
use soracom_billing::operations::OPERATION_IDS;
use soracom_billing_tests::fixtures::{self, OPERATOR_ID, ORDER_ID};
use soracom_billing_tests::{expect, setup};

/// The operations this file has a test for. A new operation in the spec fails
/// `every_operation_has_a_test` until it gets a test here.
const COVERED: &[&str] = &[
    "activatePaymentMethod",
    "auth",
    "cancelOrder",
    "confirmCouponOrder",
    "confirmOrder",
    "confirmVolumeDiscountOrder",
    "createCouponQuotation",
    "createQuotation",
    "createShippingAddress",
    "createVolumeDiscountQuotation",
    "deleteShippingAddress",
    "exportBilling",
    "exportLatestBilling",
    "exportPaymentStatement",
    "getBilling",
    "getBillingHistory",
    "getBillingPerDay",
    "getBillingSummaryOfBillItems",
    "getBillingSummaryOfSims",
    "getExportedFile",
    "getLatestBilling",
    "getOrder",
    "getPayerInformation",
    "getPaymentMethod",
    "getPaymentTransaction",
    "getShippingAddress",
    "getVolumeDiscount",
    "listAvailableDiscounts",
    "listCoupons",
    "listOrderedSubscribers",
    "listOrders",
    "listPaymentStatements",
    "listProducts",
    "listShippingAddresses",
    "listVolumeDiscounts",
    "registerCoupon",
    "registerOrderedSim",
    "registerPayerInformation",
    "switchUser",
    "updateOrderedResourceInitialSetting",
    "updateShippingAddress",
];

#[test]
fn every_operation_has_a_test() {
    let mut covered: Vec<&str> = COVERED.to_vec();
    covered.sort_unstable();
    let before = covered.len();
    covered.dedup();
    assert_eq!(before, covered.len(), "COVERED lists an operation twice");
    let mut implemented: Vec<&str> = OPERATION_IDS.to_vec();
    implemented.sort_unstable();
    let missing: Vec<&&str> = implemented
        .iter()
        .filter(|id| !covered.contains(id))
        .collect();
    let extra: Vec<&&str> = covered
        .iter()
        .filter(|id| !implemented.contains(id))
        .collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "operations without a test: {missing:?}; tested operations the SDK does not have: {extra:?}"
    );
    assert_eq!(
        implemented.len(),
        41,
        "billing 38 + auth + switchUser + getExportedFile"
    );
}

fn coupon_json(order_id: &str) -> serde_json::Value {
    json!({
        "amount": 1000.0,
        "balance": 750.5,
        "billItemName": "Coupon (Air)",
        "couponCode": "COUPON-ABC-123",
        "currency": "JPY",
        "expiryYearMonth": "202412",
        "orderId": order_id
    })
}

fn coupon_model(order_id: &str) -> CouponResponse {
    CouponResponse::builder()
        .amount(1000.0)
        .balance(750.5)
        .bill_item_name("Coupon (Air)")
        .coupon_code("COUPON-ABC-123")
        .currency(Currency::Jpy)
        .expiry_year_month("202412")
        .order_id(order_id)
        .build()
}

// ---------------------------------------------------------------------------------------------
// Auth and files
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn auth() {
    // The client has credentials configured; `auth` must not send them.
    let (server, client) = setup().await;
    expect("POST", "/v1/auth")
        .unauthenticated()
        .json_body(json!({
            "operatorId": "OPXXXXXXXXXX",
            "password": "p@$$w0rd",
            "userName": "SORACOMAPI",
            "tokenTimeoutSeconds": 3600
        }))
        .respond_json(
            200,
            json!({
                "apiKey": "api-abcde123-45fg-hij6-7890-klmno12345pq",
                "operatorId": "OPXXXXXXXXXX",
                "token": "abcde12345fghij67890klmno12345pqrst67890uvwxy12345abcde67890fghi...",
                "userName": "SORACOMAPI"
            }),
        )
        .mount(&server)
        .await;

    let response = client
        .auth(
            AuthRequest::builder()
                .operator_id("OPXXXXXXXXXX")
                .password("p@$$w0rd")
                .user_name("SORACOMAPI")
                .token_timeout_seconds(3600)
                .build(),
        )
        .await
        .unwrap();
    assert_eq!(
        response.api_key.as_deref(),
        Some("api-abcde123-45fg-hij6-7890-klmno12345pq")
    );
    assert_eq!(response.operator_id.as_deref(), Some("OPXXXXXXXXXX"));
    assert_eq!(
        response.token.as_deref(),
        Some("abcde12345fghij67890klmno12345pqrst67890uvwxy12345abcde67890fghi...")
    );
    assert_eq!(response.user_name.as_deref(), Some("SORACOMAPI"));
}

#[tokio::test]
async fn auth_with_auth_key() {
    let (server, client) = setup().await;
    expect("POST", "/v1/auth")
        .unauthenticated()
        .json_body(json!({
            "authKey": "secret-abcde12345",
            "authKeyId": "keyId-abcde12345",
            "mfaOTPCode": "123456"
        }))
        .respond_json(200, json!({"apiKey": "api-1", "token": "token-1"}))
        .mount(&server)
        .await;

    let response = client
        .auth(
            AuthRequest::builder()
                .auth_key("secret-abcde12345")
                .auth_key_id("keyId-abcde12345")
                .mfa_otp_code("123456")
                .build(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.api_key.as_deref(), Some("api-1"));
    assert_eq!(response.token.as_deref(), Some("token-1"));
    assert_eq!(response.operator_id, None);
    assert_eq!(response.user_name, None);
}

#[tokio::test]
async fn switch_user() {
    // Sent with the client's own API key and token (the user switched from).
    let (server, client) = setup().await;
    expect("POST", "/v1/auth/switch_user")
        .json_body(json!({
            "operatorId": "OP0099887766",
            "userName": "billing-reader",
            "tokenTimeoutSeconds": 900
        }))
        .respond_json(
            200,
            json!({
                "apiKey": "api-switched",
                "operatorId": "OP0099887766",
                "token": "token-switched",
                "userName": "billing-reader"
            }),
        )
        .mount(&server)
        .await;

    let response = client
        .switch_user(
            SwitchUserRequest::builder()
                .operator_id("OP0099887766")
                .user_name("billing-reader")
                .token_timeout_seconds(900)
                .build(),
        )
        .await
        .unwrap();
    assert_eq!(response.api_key.as_deref(), Some("api-switched"));
    assert_eq!(response.token.as_deref(), Some("token-switched"));
    assert_eq!(response.operator_id.as_deref(), Some("OP0099887766"));
    assert_eq!(response.user_name.as_deref(), Some("billing-reader"));
}

#[tokio::test]
async fn get_exported_file() {
    let (server, client) = setup().await;
    expect(
        "GET",
        "/v1/files/exported/fe_xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx",
    )
    // The spec's example.
    .respond_json(
        200,
        json!({"status": "exported", "url": "https://soracom-xxxxxxxx-...."}),
    )
    .mount(&server)
    .await;

    let file = client
        .get_exported_file("fe_xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx")
        .await
        .unwrap();
    assert_eq!(file.status, Some(GetExportedFileResponseStatus::Exported));
    assert_eq!(file.url.as_deref(), Some("https://soracom-xxxxxxxx-...."));
}

// ---------------------------------------------------------------------------------------------
// Bills
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn get_billing_history() {
    let (server, client) = setup().await;
    expect("GET", "/v1/bills")
        // The spec's example.
        .respond_json(
            200,
            json!({
                "billList": [
                    {
                        "amount": 28734,
                        "paymentStatus": "paid",
                        "paymentTransactionId": "12345678901234567_xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx",
                        "state": "closed",
                        "yearMonth": "202208"
                    },
                    {
                        "amount": 27075,
                        "paymentStatus": "paid",
                        "paymentTransactionId": "12345678901234567_xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx",
                        "state": "closed",
                        "yearMonth": "202207"
                    }
                ]
            }),
        )
        .mount(&server)
        .await;

    let history = client.get_billing_history().await.unwrap();
    let bills = history.bill_list.expect("billList");
    assert_eq!(bills.len(), 2);
    assert_eq!(bills[0].amount, Some(28734.0));
    assert_eq!(bills[0].applied_coupon_amount, None);
    assert_eq!(bills[0].currency, None);
    assert_eq!(bills[0].payment_status, Some(PaymentStatus::Paid));
    assert_eq!(
        bills[0].payment_transaction_id.as_deref(),
        Some("12345678901234567_xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx")
    );
    assert_eq!(bills[0].state, Some(State::Closed));
    assert_eq!(bills[0].year_month.as_deref(), Some("202208"));
    assert_eq!(bills[1].amount, Some(27075.0));
    assert_eq!(bills[1].payment_status, Some(PaymentStatus::Paid));
    assert_eq!(bills[1].state, Some(State::Closed));
    assert_eq!(bills[1].year_month.as_deref(), Some("202207"));
}

#[tokio::test]
async fn get_billing() {
    let (server, client) = setup().await;
    expect("GET", "/v1/bills/202208")
        // The spec's example, plus appliedCouponAmount.
        .respond_json(
            200,
            json!({
                "amount": 28734,
                "appliedCouponAmount": 100.5,
                "currency": "JPY",
                "paymentStatus": "paid",
                "paymentTransactionId": "12345678901234567_xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx",
                "state": "closed",
                "yearMonth": "202208"
            }),
        )
        .mount(&server)
        .await;

    let bill = client.get_billing("202208").send().await.unwrap();
    assert_eq!(bill.amount, Some(28734.0));
    assert_eq!(bill.applied_coupon_amount, Some(100.5));
    assert_eq!(bill.currency, Some(Currency::Jpy));
    assert_eq!(bill.payment_status, Some(PaymentStatus::Paid));
    assert_eq!(
        bill.payment_transaction_id.as_deref(),
        Some("12345678901234567_xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx")
    );
    assert_eq!(bill.state, Some(State::Closed));
    assert_eq!(bill.year_month.as_deref(), Some("202208"));
}

#[tokio::test]
async fn get_billing_per_day() {
    let (server, client) = setup().await;
    expect("GET", "/v1/bills/202209/daily")
        // The spec's example.
        .respond_json(
            200,
            json!({
                "billList": [
                    {"amount": 285, "currency": "JPY", "date": "20220902"},
                    {"amount": 580, "currency": "JPY", "date": "20220901"}
                ]
            }),
        )
        .mount(&server)
        .await;

    let daily = client.get_billing_per_day("202209").await.unwrap();
    assert_eq!(
        daily.bill_list,
        Some(vec![
            DailyBill::builder()
                .amount(285.0)
                .currency(Currency::Jpy)
                .date("20220902")
                .build(),
            DailyBill::builder()
                .amount(580.0)
                .currency(Currency::Jpy)
                .date("20220901")
                .build(),
        ])
    );
}

#[tokio::test]
async fn export_billing() {
    let (server, client) = setup().await;
    expect("POST", "/v1/bills/202208/export")
        .query("export_mode", "async")
        // The spec's `export_mode=async` example.
        .respond_json(
            200,
            json!({
                "exportedFileId": "fe_xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx",
                "exportedFilePath": "//files/exported/fe_xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"
            }),
        )
        .mount(&server)
        .await;

    let export = client
        .export_billing("202208")
        .export_mode(ExportMode::Async)
        .await
        .unwrap();
    assert_eq!(
        export.exported_file_id.as_deref(),
        Some("fe_xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx")
    );
    assert_eq!(
        export.exported_file_path.as_deref(),
        Some("//files/exported/fe_xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx")
    );
    assert_eq!(export.url, None);
}

#[tokio::test]
async fn export_billing_sync() {
    let (server, client) = setup().await;
    expect("POST", "/v1/bills/202208/export")
        .query("export_mode", "sync")
        // The spec's `export_mode=sync` example.
        .respond_json(200, json!({"url": "https://soracom-xxxxxxxx-...."}))
        .mount(&server)
        .await;

    let export = client
        .export_billing("202208")
        .export_mode(ExportMode::Sync)
        .send()
        .await
        .unwrap();
    assert_eq!(export.url.as_deref(), Some("https://soracom-xxxxxxxx-...."));
    assert_eq!(export.exported_file_id, None);
    assert_eq!(export.exported_file_path, None);
}

#[tokio::test]
async fn get_latest_billing() {
    let (server, client) = setup().await;
    expect("GET", "/v1/bills/latest")
        .respond_json(
            200,
            json!({"amount": 1234.5, "currency": "USD", "lastEvaluatedTime": "20220915103000"}),
        )
        .mount(&server)
        .await;

    let latest = client.get_latest_billing().await.unwrap();
    assert_eq!(latest.amount, Some(1234.5));
    assert_eq!(latest.currency, Some(Currency::Usd));
    assert_eq!(
        latest.last_evaluated_time.as_deref(),
        Some("20220915103000")
    );
}

#[tokio::test]
async fn export_latest_billing() {
    let (server, client) = setup().await;
    // No export_mode: no query string at all.
    expect("POST", "/v1/bills/latest/export")
        .respond_json(200, json!({"url": "https://soracom-xxxxxxxx-...."}))
        .mount(&server)
        .await;

    let export = client.export_latest_billing().await.unwrap();
    assert_eq!(export.url.as_deref(), Some("https://soracom-xxxxxxxx-...."));
    assert_eq!(export.exported_file_id, None);
}

#[tokio::test]
async fn get_billing_summary_of_bill_items() {
    let (server, client) = setup().await;
    expect("GET", "/v1/bills/summaries/bill_items")
        .respond_json(
            200,
            json!([
                {
                    "costBreakdownList": [
                        {"amount": 1200.0, "billItemCategory": "Air", "billItemName": "Air basic charge"},
                        {"amount": 33.3, "billItemCategory": "Harvest", "billItemName": "Harvest Data"}
                    ],
                    "currency": "JPY",
                    "updatedTime": 1663200000000_i64,
                    "yearMonth": "202209"
                },
                {"currency": "EUR", "yearMonth": "202208"}
            ]),
        )
        .mount(&server)
        .await;

    let summaries = client.get_billing_summary_of_bill_items().await.unwrap();
    assert_eq!(summaries.len(), 2);
    assert_eq!(
        summaries[0].cost_breakdown_list,
        Some(vec![
            BillItemCostBreakdown::builder()
                .amount(1200.0)
                .bill_item_category("Air")
                .bill_item_name("Air basic charge")
                .build(),
            BillItemCostBreakdown::builder()
                .amount(33.3)
                .bill_item_category("Harvest")
                .bill_item_name("Harvest Data")
                .build(),
        ])
    );
    assert_eq!(summaries[0].currency, Some(Currency::Jpy));
    assert_eq!(summaries[0].updated_time, Some(1_663_200_000_000));
    assert_eq!(summaries[0].year_month.as_deref(), Some("202209"));
    assert_eq!(summaries[1].cost_breakdown_list, None);
    assert_eq!(summaries[1].currency, Some(Currency::Eur));
    assert_eq!(summaries[1].updated_time, None);
    assert_eq!(summaries[1].year_month.as_deref(), Some("202208"));
}

#[tokio::test]
async fn get_billing_summary_of_sims() {
    let (server, client) = setup().await;
    expect("GET", "/v1/bills/summaries/sims")
        .respond_json(
            200,
            json!([{
                "costBreakdownList": [
                    {"amount": 550.0, "simId": "8981100000000000001"},
                    {"amount": 12.75, "simId": "8981100000000000002"}
                ],
                "currency": "JPY",
                "updatedTime": 1663200000000_i64,
                "yearMonth": "202209"
            }]),
        )
        .mount(&server)
        .await;

    let summaries = client.get_billing_summary_of_sims().await.unwrap();
    assert_eq!(summaries.len(), 1);
    assert_eq!(
        summaries[0].cost_breakdown_list,
        Some(vec![
            SimCostBreakdown::builder()
                .amount(550.0)
                .sim_id("8981100000000000001")
                .build(),
            SimCostBreakdown::builder()
                .amount(12.75)
                .sim_id("8981100000000000002")
                .build(),
        ])
    );
    assert_eq!(summaries[0].currency, Some(Currency::Jpy));
    assert_eq!(summaries[0].updated_time, Some(1_663_200_000_000));
    assert_eq!(summaries[0].year_month.as_deref(), Some("202209"));
}

// ---------------------------------------------------------------------------------------------
// Coupons
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn list_coupons() {
    let (server, client) = setup().await;
    expect("GET", "/v1/coupons")
        .respond_json(
            200,
            json!({"couponList": [coupon_json("order-1"), {"couponCode": "C2", "currency": "USD"}]}),
        )
        .mount(&server)
        .await;

    let coupons = client.list_coupons().await.unwrap();
    assert_eq!(
        coupons.coupon_list,
        Some(vec![
            coupon_model("order-1"),
            CouponResponse::builder()
                .coupon_code("C2")
                .currency(Currency::Usd)
                .build(),
        ])
    );
}

#[tokio::test]
async fn create_coupon_quotation() {
    let (server, client) = setup().await;
    expect("POST", "/v1/coupons")
        .json_body(json!({"amount": 10000.0}))
        .respond_json(
            201,
            json!({
                "amount": 10000.0,
                "currency": "JPY",
                "expiryYearMonth": "202412",
                "orderId": "coupon-order-1",
                "taxAmount": 1000.0,
                "totalAmount": 11000.0
            }),
        )
        .mount(&server)
        .await;

    let quotation = client
        .create_coupon_quotation(
            CreateEstimatedCouponRequest::builder()
                .amount(10000.0)
                .build()
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(quotation.amount, Some(10000.0));
    assert_eq!(quotation.currency, Some(Currency::Jpy));
    assert_eq!(quotation.expiry_year_month.as_deref(), Some("202412"));
    assert_eq!(quotation.order_id.as_deref(), Some("coupon-order-1"));
    assert_eq!(quotation.tax_amount, Some(1000.0));
    assert_eq!(quotation.total_amount, Some(11000.0));
}

#[tokio::test]
async fn register_coupon() {
    let (server, client) = setup().await;
    expect("POST", "/v1/coupons/COUPON-ABC-123/register")
        .respond_json(200, coupon_json("order-9"))
        .mount(&server)
        .await;

    let coupon = client.register_coupon("COUPON-ABC-123").await.unwrap();
    assert_eq!(coupon, coupon_model("order-9"));
}

#[tokio::test]
async fn confirm_coupon_order() {
    let (server, client) = setup().await;
    expect("PUT", "/v1/coupons/coupon-order-1/confirm")
        .respond_json(200, coupon_json("coupon-order-1"))
        .mount(&server)
        .await;

    let coupon = client.confirm_coupon_order("coupon-order-1").await.unwrap();
    assert_eq!(coupon, coupon_model("coupon-order-1"));
}

// ---------------------------------------------------------------------------------------------
// Payments
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn get_payment_transaction() {
    let (server, client) = setup().await;
    expect(
        "GET",
        "/v1/payment_history/transactions/12345678901234567_abc",
    )
    .respond_json(
        200,
        json!({
            "amount": {
                "currency": "JPY",
                "paymentAmount": 3160.0,
                "subTotalAmount": 2873.0,
                "taxAmount": 287.0,
                "taxFreeSubTotalAmount": 0.0,
                "taxRate": {"standard": 0.1},
                "taxableSubTotalAmount": 2873.0,
                "totalAmount": 3160.0,
                "withholdingTaxAmount": 0.0
            },
            "description": {"description": "Soracom usage fee", "itemList": ["Air", "Beam"]},
            "message": "Payment succeeded",
            "messageCode": "success",
            "status": "success"
        }),
    )
    .mount(&server)
    .await;

    let transaction = client
        .get_payment_transaction("12345678901234567_abc")
        .await
        .unwrap();
    let amount = transaction.amount.expect("amount");
    assert_eq!(amount.currency, Some(Currency::Jpy));
    assert_eq!(amount.payment_amount, Some(3160.0));
    assert_eq!(amount.sub_total_amount, Some(2873.0));
    assert_eq!(amount.tax_amount, Some(287.0));
    assert_eq!(amount.tax_free_sub_total_amount, Some(0.0));
    let tax_rate = amount.tax_rate.expect("taxRate");
    assert_eq!(tax_rate.len(), 1);
    assert_eq!(tax_rate["standard"], json!(0.1));
    assert_eq!(amount.taxable_sub_total_amount, Some(2873.0));
    assert_eq!(amount.total_amount, Some(3160.0));
    assert_eq!(amount.withholding_tax_amount, Some(0.0));
    let description = transaction.description.expect("description");
    assert_eq!(
        description.description.as_deref(),
        Some("Soracom usage fee")
    );
    assert_eq!(
        description.item_list,
        Some(vec!["Air".to_owned(), "Beam".to_owned()])
    );
    assert_eq!(transaction.message.as_deref(), Some("Payment succeeded"));
    assert_eq!(transaction.message_code, Some(ErrorCode::Success));
    assert_eq!(
        transaction.status,
        Some(GetPaymentTransactionResultStatus::Success)
    );
}

#[tokio::test]
async fn get_payment_method() {
    let (server, client) = setup().await;
    expect("GET", "/v1/payment_methods/current")
        .respond_json(
            200,
            json!({
                "errorCode": "card_declined",
                "errorMessage": "Your card was declined.",
                "properties": "{\"cardLast4\":\"4242\"}",
                "providerType": "WebPay",
                "updateDate": "20220901120000"
            }),
        )
        .mount(&server)
        .await;

    let method = client.get_payment_method().await.unwrap();
    assert_eq!(method.error_code, Some(ErrorCode::CardDeclined));
    assert_eq!(
        method.error_message.as_deref(),
        Some("Your card was declined.")
    );
    assert_eq!(
        method.properties.as_deref(),
        Some("{\"cardLast4\":\"4242\"}")
    );
    assert_eq!(method.provider_type, Some(ProviderType::WebPay));
    assert_eq!(method.update_date.as_deref(), Some("20220901120000"));
}

#[tokio::test]
async fn activate_payment_method() {
    let (server, client) = setup().await;
    expect("POST", "/v1/payment_methods/current/activate")
        .respond_json(200, json!({"providerType": "WebPay", "activated": true}))
        .mount(&server)
        .await;

    let answer = client.activate_payment_method().await.unwrap();
    assert_eq!(answer.len(), 2);
    assert_eq!(answer["providerType"], json!("WebPay"));
    assert_eq!(answer["activated"], json!(true));
}

#[tokio::test]
async fn list_payment_statements() {
    let (server, client) = setup().await;
    expect("GET", "/v1/payment_statements")
        .respond_json(
            200,
            json!({
                "paymentStatementsList": [{
                    "amount": 3160.0,
                    "chargedYearMonths": ["202208", "202209"],
                    "currency": "JPY",
                    "orderId": "order-1",
                    "paymentDateTime": 1662000000000_i64,
                    "paymentInstrument": "VISA ****4242",
                    "paymentMethod": "CreditCard",
                    "paymentStatementId": "ps-0001",
                    "paymentStatementInfo": "Monthly usage"
                }]
            }),
        )
        .mount(&server)
        .await;

    let statements = client.list_payment_statements().await.unwrap();
    let list = statements.payment_statements_list.expect("list");
    assert_eq!(list.len(), 1);
    let s = &list[0];
    assert_eq!(s.amount, Some(3160.0));
    assert_eq!(
        s.charged_year_months,
        Some(vec!["202208".to_owned(), "202209".to_owned()])
    );
    assert_eq!(s.currency, Some(Currency::Jpy));
    assert_eq!(s.order_id.as_deref(), Some("order-1"));
    assert_eq!(s.payment_date_time, Some(1_662_000_000_000));
    assert_eq!(s.payment_instrument.as_deref(), Some("VISA ****4242"));
    assert_eq!(s.payment_method.as_deref(), Some("CreditCard"));
    assert_eq!(s.payment_statement_id.as_deref(), Some("ps-0001"));
    assert_eq!(s.payment_statement_info.as_deref(), Some("Monthly usage"));
}

#[tokio::test]
async fn export_payment_statement() {
    let (server, client) = setup().await;
    expect("POST", "/v1/payment_statements/ps-0001/export")
        .query("export_mode", "sync")
        .respond_json(
            200,
            json!({"url": "https://soracom-statement.example/ps-0001.pdf"}),
        )
        .mount(&server)
        .await;

    let export = client
        .export_payment_statement("ps-0001")
        .export_mode("sync")
        .await
        .unwrap();
    assert_eq!(
        export.url.as_deref(),
        Some("https://soracom-statement.example/ps-0001.pdf")
    );
    assert_eq!(export.exported_file_id, None);
    assert_eq!(export.exported_file_path, None);
}

#[tokio::test]
async fn get_payer_information() {
    let (server, client) = setup().await;
    expect("GET", "/v1/payment_statements/payer_information")
        .respond_json(
            200,
            json!({"companyName": "Example Corp.", "department": "Accounting", "fullName": "Hanako Soracom"}),
        )
        .mount(&server)
        .await;

    let payer = client.get_payer_information().await.unwrap();
    assert_eq!(payer.company_name.as_deref(), Some("Example Corp."));
    assert_eq!(payer.department.as_deref(), Some("Accounting"));
    assert_eq!(payer.full_name.as_deref(), Some("Hanako Soracom"));
}

#[tokio::test]
async fn register_payer_information() {
    let (server, client) = setup().await;
    expect("POST", "/v1/payment_statements/payer_information")
        .json_body(json!({"companyName": "Example Corp.", "fullName": "Hanako Soracom"}))
        .respond_empty(201)
        .mount(&server)
        .await;

    client
        .register_payer_information(
            RegisterPayerInformationModel::builder()
                .company_name("Example Corp.")
                .full_name("Hanako Soracom")
                .build(),
        )
        .await
        .unwrap();
}

// ---------------------------------------------------------------------------------------------
// Long-term discounts
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn list_volume_discounts() {
    let (server, client) = setup().await;
    expect("GET", "/v1/volume_discounts")
        .respond_json(
            200,
            json!({"volumeDiscountList": [
                fixtures::volume_discount_json("contract-1"),
                fixtures::volume_discount_json("contract-2")
            ]}),
        )
        .mount(&server)
        .await;

    let discounts = client.list_volume_discounts().await.unwrap();
    assert_eq!(
        discounts.volume_discount_list,
        Some(vec![
            fixtures::volume_discount_model("contract-1"),
            fixtures::volume_discount_model("contract-2"),
        ])
    );
}

#[tokio::test]
async fn create_volume_discount_quotation() {
    let (server, client) = setup().await;
    expect("POST", "/v1/volume_discounts")
        // The spec's request example.
        .json_body(json!({
            "contractTermMonth": 12,
            "quantity": 1,
            "startDate": "20220401",
            "volumeDiscountPaymentType": "MONTHLY",
            "volumeDiscountType": "SORACOM_AIR_BASIC_CHARGE_V2"
        }))
        // The spec's response example.
        .respond_json(
            201,
            json!({
                "currency": "JPY",
                "orderId": "xxxxxxxxxxxxxx_xxxxxxxx",
                "taxAmount": 0,
                "totalAmount": 0,
                "volumeDiscount": {
                    "contractTermMonth": 12,
                    "endDate": "20230331",
                    "initialCost": 0,
                    "quantity": 1,
                    "startDate": "20220401",
                    "taxIncludedInitialCost": 0,
                    "taxIncludedUnitPrice": 302.5,
                    "unitPrice": 275,
                    "volumeDiscountPaymentType": "MONTHLY",
                    "volumeDiscountType": "SORACOM_AIR_BASIC_CHARGE_V2"
                }
            }),
        )
        .mount(&server)
        .await;

    let quotation = client
        .create_volume_discount_quotation(
            CreateEstimatedVolumeDiscountRequest::builder()
                .contract_term_month(12)
                .quantity(1)
                .start_date("20220401")
                .volume_discount_payment_type(VolumeDiscountPaymentType::Monthly)
                .volume_discount_type(VolumeDiscountType::SoracomAirBasicChargeV2)
                .build()
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(quotation.currency, Some(Currency::Jpy));
    assert_eq!(
        quotation.order_id.as_deref(),
        Some("xxxxxxxxxxxxxx_xxxxxxxx")
    );
    assert_eq!(quotation.tax_amount, Some(0.0));
    assert_eq!(quotation.total_amount, Some(0.0));
    assert_eq!(
        quotation.volume_discount,
        Some(
            VolumeDiscountModel::builder()
                .contract_term_month(12)
                .end_date("20230331")
                .initial_cost(0.0)
                .quantity(1)
                .start_date("20220401")
                .tax_included_initial_cost(0.0)
                .tax_included_unit_price(302.5)
                .unit_price(275.0)
                .volume_discount_payment_type(VolumeDiscountPaymentType::Monthly)
                .volume_discount_type(VolumeDiscountType::SoracomAirBasicChargeV2)
                .build()
        )
    );
}

#[tokio::test]
async fn get_volume_discount() {
    let (server, client) = setup().await;
    expect("GET", "/v1/volume_discounts/contract-1")
        .respond_json(200, fixtures::volume_discount_json("contract-1"))
        .mount(&server)
        .await;

    let discount = client.get_volume_discount("contract-1").await.unwrap();
    assert_eq!(discount, fixtures::volume_discount_model("contract-1"));
}

#[tokio::test]
async fn confirm_volume_discount_order() {
    let (server, client) = setup().await;
    expect(
        "PUT",
        "/v1/volume_discounts/xxxxxxxxxxxxxx_xxxxxxxx/confirm",
    )
    .respond_json(200, fixtures::volume_discount_json("contract-9"))
    .mount(&server)
    .await;

    let discount = client
        .confirm_volume_discount_order("xxxxxxxxxxxxxx_xxxxxxxx")
        .await
        .unwrap();
    assert_eq!(discount, fixtures::volume_discount_model("contract-9"));
}

#[tokio::test]
async fn list_available_discounts() {
    let (server, client) = setup().await;
    expect("GET", "/v1/volume_discounts/available_discounts")
        .respond_json(
            200,
            json!({"availableLongTermDiscounts": [{
                "contractTermMonth": 24,
                "currency": "JPY",
                "taxIncludedUnitPrice": 302.5,
                "unitPrice": 275.0,
                "volumeDiscountPaymentType": "PREPAYMENT",
                "volumeDiscountType": "SORACOM_AIR_MONTHLY_FIXED_BASIC_CHARGE"
            }]}),
        )
        .mount(&server)
        .await;

    let available = client.list_available_discounts().await.unwrap();
    assert_eq!(
        available.available_long_term_discounts,
        Some(vec![AvailableLongTermDiscountModel::builder()
            .contract_term_month(24)
            .currency(Currency::Jpy)
            .tax_included_unit_price(302.5)
            .unit_price(275.0)
            .volume_discount_payment_type(VolumeDiscountPaymentType::Prepayment)
            .volume_discount_type(VolumeDiscountType::SoracomAirMonthlyFixedBasicCharge)
            .build()])
    );
}

// ---------------------------------------------------------------------------------------------
// Orders and products
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn list_orders() {
    let (server, client) = setup().await;
    expect("GET", "/v1/orders")
        .respond_json(200, json!({"orderList": [fixtures::order_json()]}))
        .mount(&server)
        .await;

    let orders = client.list_orders().await.unwrap();
    assert_eq!(orders.order_list, Some(vec![fixtures::order_model()]));
}

#[tokio::test]
async fn create_quotation() {
    let (server, client) = setup().await;
    expect("POST", "/v1/orders")
        .json_body(json!({
            "orderItemList": [{"productCode": "4573326590013", "quantity": 2}],
            "preferredDeliveryDate": "20231010",
            "shippingAddressId": "sa-0001",
            "shippingOptions": [{"useExpeditedShipping": true}]
        }))
        .respond_json(
            201,
            json!({
                "appliedShippingOptions": [{"useExpeditedShipping": true}],
                "balanceDue": 2530.0,
                "containsTaxIncludedAmounts": false,
                "currency": "JPY",
                "email": "orders@example.com",
                "orderChannel": "api",
                "orderId": "quotation-1",
                "orderItemList": [{
                    "product": fixtures::product_json(),
                    "productAmount": 1800.0,
                    "quantity": 2,
                    "taxIncludedProductAmount": 1980.0
                }],
                "preferredDeliveryDate": "20231010",
                "purchaseOrderNumber": "PO-0002",
                "shippingAddress": fixtures::address_json(),
                "shippingAddressId": "sa-0001",
                "shippingCost": 500.0,
                "taxAmount": 230.0,
                "taxIncludedInShippingCost": 550.0,
                "taxOnShippingCost": true,
                "totalAmount": 2530.0,
                "withholdingTaxAmount": 12.5
            }),
        )
        .mount(&server)
        .await;

    let quotation = client
        .create_quotation(
            CreateEstimatedOrderRequest::builder()
                .order_item_list([OrderItemModel::builder()
                    .product_code("4573326590013")
                    .quantity(2)
                    .build()])
                .preferred_delivery_date("20231010")
                .shipping_address_id("sa-0001")
                .shipping_options([ShippingOption::ExpeditedShipping(
                    ShippingOptionOfExpeditedShipping::builder()
                        .use_expedited_shipping(true)
                        .build(),
                )])
                .build(),
        )
        .await
        .unwrap();
    assert_eq!(
        quotation.applied_shipping_options,
        Some(vec![ShippingOption::ExpeditedShipping(
            ShippingOptionOfExpeditedShipping::builder()
                .use_expedited_shipping(true)
                .build()
        )])
    );
    assert_eq!(quotation.balance_due, Some(2530.0));
    assert_eq!(quotation.contains_tax_included_amounts, Some(false));
    assert_eq!(quotation.currency, Some(Currency::Jpy));
    assert_eq!(quotation.email.as_deref(), Some("orders@example.com"));
    assert_eq!(quotation.order_channel.as_deref(), Some("api"));
    assert_eq!(quotation.order_id.as_deref(), Some("quotation-1"));
    assert_eq!(
        quotation.order_item_list,
        Some(vec![EstimatedOrderItemModel::builder()
            .product(fixtures::product_model())
            .product_amount(1800.0)
            .quantity(2)
            .tax_included_product_amount(1980.0)
            .build()])
    );
    assert_eq!(
        quotation.preferred_delivery_date.as_deref(),
        Some("20231010")
    );
    assert_eq!(quotation.purchase_order_number.as_deref(), Some("PO-0002"));
    assert_eq!(quotation.shipping_address, Some(fixtures::address_model()));
    assert_eq!(quotation.shipping_address_id.as_deref(), Some("sa-0001"));
    assert_eq!(quotation.shipping_cost, Some(500.0));
    assert_eq!(quotation.tax_amount, Some(230.0));
    assert_eq!(quotation.tax_included_in_shipping_cost, Some(550.0));
    assert_eq!(quotation.tax_on_shipping_cost, Some(true));
    assert_eq!(quotation.total_amount, Some(2530.0));
    assert_eq!(quotation.withholding_tax_amount, Some(12.5));
}

#[tokio::test]
async fn get_order() {
    let (server, client) = setup().await;
    expect("GET", &format!("/v1/orders/{ORDER_ID}"))
        .respond_json(200, fixtures::order_json())
        .mount(&server)
        .await;

    let order = client.get_order(ORDER_ID).await.unwrap();
    assert_eq!(order, fixtures::order_model());
}

#[tokio::test]
async fn cancel_order() {
    let (server, client) = setup().await;
    expect("PUT", &format!("/v1/orders/{ORDER_ID}/cancel"))
        .respond_empty(204)
        .mount(&server)
        .await;

    let () = client.cancel_order(ORDER_ID).await.unwrap();
}

#[tokio::test]
async fn confirm_order() {
    let (server, client) = setup().await;
    expect("PUT", &format!("/v1/orders/{ORDER_ID}/confirm"))
        .respond_json(200, fixtures::order_json())
        .mount(&server)
        .await;

    let order = client.confirm_order(ORDER_ID).await.unwrap();
    assert_eq!(order, fixtures::order_model());
}

#[tokio::test]
async fn update_ordered_resource_initial_setting() {
    let (server, client) = setup().await;
    expect(
        "PUT",
        &format!("/v1/orders/{ORDER_ID}/resource_initial_setting"),
    )
    // The model holds the tag as text, so it goes back as a JSON string.
    .json_body(json!({
        "simInitialSettings": {
            "plan01s": {
                "groupId": "00000000-1111-2222-3333-444444444444",
                "speedClass": "s1.4xfast",
                "tags": {"date": "20221111", "location": "headquarters"}
            }
        }
    }))
    .respond_json(200, fixtures::order_json())
    .mount(&server)
    .await;

    let order = client
        .update_ordered_resource_initial_setting(
            ORDER_ID,
            fixtures::resource_initial_setting_model(),
        )
        .await
        .unwrap();
    assert_eq!(order, fixtures::order_model());
}

#[tokio::test]
async fn list_ordered_subscribers() {
    let (server, client) = setup().await;
    expect("GET", &format!("/v1/orders/{ORDER_ID}/subscribers"))
        .query("last_evaluated_key", "8981100000000000001")
        .query("limit", "10")
        .respond_json(
            200,
            json!({"orderedSubscriberList": [{
                "bundles": ["X3-5MB", "D-300MB"],
                "deviceSerialNumber": "DSN-0001",
                "eiccid": "89000000000000000001",
                "iccid": "8981100000000000002",
                "imsi": "440103000000002",
                "msisdn": "812000000002",
                "serialNumber": "SN-0002",
                "simId": "8981100000000000002"
            }]}),
        )
        .mount(&server)
        .await;

    let subscribers = client
        .list_ordered_subscribers(ORDER_ID)
        .last_evaluated_key("8981100000000000001")
        .limit(10)
        .await
        .unwrap();
    assert_eq!(
        subscribers.ordered_subscriber_list,
        Some(vec![OrderedSubscriber::builder()
            .bundles(["X3-5MB".to_owned(), "D-300MB".to_owned()])
            .device_serial_number("DSN-0001")
            .eiccid("89000000000000000001")
            .iccid("8981100000000000002")
            .imsi("440103000000002")
            .msisdn("812000000002")
            .serial_number("SN-0002")
            .sim_id("8981100000000000002")
            .build()])
    );
}

#[tokio::test]
async fn register_ordered_sim() {
    let (server, client) = setup().await;
    expect(
        "POST",
        &format!("/v1/orders/{ORDER_ID}/subscribers/register"),
    )
    .respond_empty(204)
    .mount(&server)
    .await;

    let () = client.register_ordered_sim(ORDER_ID).send().await.unwrap();
}

#[tokio::test]
async fn list_products() {
    let (server, client) = setup().await;
    expect("GET", "/v1/products")
        .query("campaign_code", "CAMPAIGN2023")
        .respond_json(
            200,
            json!({
                "productList": [fixtures::product_json()],
                "shippingCostList": [{
                    "appliedShippingOptions": [{"allowNekopos": true}],
                    "currency": "JPY",
                    "shippingArea": "kanto",
                    "shippingAreaName": "Kanto",
                    "shippingCost": 500.0,
                    "size": 60
                }]
            }),
        )
        .mount(&server)
        .await;

    let products = client
        .list_products()
        .campaign_code("CAMPAIGN2023")
        .await
        .unwrap();
    assert_eq!(products.product_list, Some(vec![fixtures::product_model()]));
    let mut option = serde_json::Map::new();
    option.insert("allowNekopos".into(), json!(true));
    assert_eq!(
        products.shipping_cost_list,
        Some(vec![ShippingCostModel::builder()
            .applied_shipping_options([option])
            .currency(Currency::Jpy)
            .shipping_area(ShippingArea::Kanto)
            .shipping_area_name("Kanto")
            .shipping_cost(500.0)
            .size(60)
            .build()])
    );
}

// ---------------------------------------------------------------------------------------------
// Shipping addresses
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn list_shipping_addresses() {
    let (server, client) = setup().await;
    expect(
        "GET",
        &format!("/v1/operators/{OPERATOR_ID}/shipping_addresses"),
    )
    .respond_json(
        200,
        json!({"shippingAddresses": [
            fixtures::registered_address_json("sa-0001"),
            fixtures::registered_address_json("sa-0002")
        ]}),
    )
    .mount(&server)
    .await;

    let addresses = client
        .list_shipping_addresses()
        .operator_id(OPERATOR_ID)
        .await
        .unwrap();
    assert_eq!(
        addresses.shipping_addresses,
        Some(vec![
            fixtures::registered_address_model("sa-0001"),
            fixtures::registered_address_model("sa-0002"),
        ])
    );
}

#[tokio::test]
async fn create_shipping_address() {
    let (server, client) = setup().await;
    expect(
        "POST",
        &format!("/v1/operators/{OPERATOR_ID}/shipping_addresses"),
    )
    .json_body(fixtures::address_json())
    .respond_json(201, fixtures::registered_address_json("sa-0003"))
    .mount(&server)
    .await;

    let created = client
        .create_shipping_address(fixtures::address_model())
        .operator_id(OPERATOR_ID)
        .await
        .unwrap();
    assert_eq!(created, fixtures::registered_address_model("sa-0003"));
}

#[tokio::test]
async fn create_shipping_address_with_only_required_fields() {
    let (server, client) = setup().await;
    expect(
        "POST",
        &format!("/v1/operators/{OPERATOR_ID}/shipping_addresses"),
    )
    // Unset optional fields are left out, not sent as null.
    .json_body(json!({
        "addressLine1": "1-2-3 Example",
        "city": "Minato-ku",
        "state": "Tokyo",
        "zipCode": "105-0001"
    }))
    .respond_json(201, fixtures::registered_address_json("sa-0004"))
    .mount(&server)
    .await;

    let created = client
        .create_shipping_address(
            soracom_billing::models::ShippingAddressModel::builder()
                .address_line1("1-2-3 Example")
                .city("Minato-ku")
                .state("Tokyo")
                .zip_code("105-0001")
                .build()
                .unwrap(),
        )
        .operator_id(OPERATOR_ID)
        .await
        .unwrap();
    assert_eq!(created.shipping_address_id, "sa-0004");
}

#[tokio::test]
async fn get_shipping_address() {
    let (server, client) = setup().await;
    expect(
        "GET",
        &format!("/v1/operators/{OPERATOR_ID}/shipping_addresses/sa-0001"),
    )
    .respond_json(200, fixtures::registered_address_json("sa-0001"))
    .mount(&server)
    .await;

    let address = client
        .get_shipping_address("sa-0001")
        .operator_id(OPERATOR_ID)
        .await
        .unwrap();
    assert_eq!(address, fixtures::registered_address_model("sa-0001"));
}

#[tokio::test]
async fn update_shipping_address() {
    let (server, client) = setup().await;
    expect(
        "PUT",
        &format!("/v1/operators/{OPERATOR_ID}/shipping_addresses/sa-0001"),
    )
    .json_body(fixtures::address_json())
    .respond_empty(200)
    .mount(&server)
    .await;

    let () = client
        .update_shipping_address("sa-0001", fixtures::address_model())
        .operator_id(OPERATOR_ID)
        .await
        .unwrap();
}

#[tokio::test]
async fn delete_shipping_address() {
    let (server, client) = setup().await;
    expect(
        "DELETE",
        &format!("/v1/operators/{OPERATOR_ID}/shipping_addresses/sa-0001"),
    )
    .respond_empty(200)
    .mount(&server)
    .await;

    let () = client
        .delete_shipping_address("sa-0001")
        .operator_id(OPERATOR_ID)
        .await
        .unwrap();
}

// ---------------------------------------------------------------------------------------------
// A check that the harness itself catches mistakes.
// ---------------------------------------------------------------------------------------------

/// Mounts `mocks` (each expecting no call) and a catch-all answering 599, sends one
/// `createCouponQuotation` with `client_settings`, and checks it got the 599.
async fn assert_missed(
    mocks: Vec<soracom_billing_tests::Expected>,
    client_settings: impl FnOnce(soracom_billing::ClientBuilder) -> soracom_billing::ClientBuilder,
) {
    use soracom_billing_tests::{base_url, UNEXPECTED_STATUS};
    use wiremock::matchers::any;
    use wiremock::{Mock, MockServer, ResponseTemplate};

    let server = MockServer::start().await;
    // Like the catch-all of `start_server`, without `.expect(0)`: here a miss is the point.
    Mock::given(any())
        .respond_with(ResponseTemplate::new(UNEXPECTED_STATUS))
        .with_priority(u8::MAX)
        .mount(&server)
        .await;
    for mock in mocks {
        mock.matchers()
            .respond_with(ResponseTemplate::new(201).set_body_json(json!({})))
            .expect(0)
            .mount(&server)
            .await;
    }
    let client = client_settings(
        soracom_billing::Client::builder()
            .base_url(base_url(&server))
            .api_key_and_token(soracom_billing_tests::API_KEY, soracom_billing_tests::TOKEN),
    )
    .build()
    .unwrap();
    let err = client
        .create_coupon_quotation(
            CreateEstimatedCouponRequest::builder()
                .amount(5.0)
                .build()
                .unwrap(),
        )
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(UNEXPECTED_STATUS), "{err}");
}

/// A request that differs from the expected one in any single respect gets the catch-all's 599,
/// so the per-operation tests above really check what they claim.
#[tokio::test]
async fn the_harness_rejects_requests_that_differ() {
    let right = || expect("POST", "/v1/coupons").json_body(json!({"amount": 5.0}));
    assert_missed(
        vec![
            expect("PUT", "/v1/coupons").json_body(json!({"amount": 5.0})),
            expect("POST", "/v1/coupon").json_body(json!({"amount": 5.0})),
            right().query("x", "1"),
            expect("POST", "/v1/coupons").json_body(json!({"amount": 6.0})),
            expect("POST", "/v1/coupons").json_body(json!({"amount": 5.0, "x": 1})),
            expect("POST", "/v1/coupons"),
            right().unauthenticated(),
        ],
        |builder| builder,
    )
    .await;
    assert_missed(vec![right()], |builder| {
        builder.api_key_and_token("test-api-key", "another-token")
    })
    .await;
    assert_missed(vec![right()], |builder| {
        builder.api_key_and_token("another-key", "test-token")
    })
    .await;
    assert_missed(vec![right()], |builder| {
        builder.user_agent("something-else/1.0")
    })
    .await;

    // And the right request does match.
    let (server, client) = setup().await;
    right().respond_json(201, json!({})).mount(&server).await;
    client
        .create_coupon_quotation(
            CreateEstimatedCouponRequest::builder()
                .amount(5.0)
                .build()
                .unwrap(),
        )
        .await
        .unwrap();
}

/// A query parameter is matched exactly, and a URL with no parameters must have no `?`.
#[tokio::test]
async fn the_harness_checks_queries_exactly() {
    let (server, client) = setup().await;
    // Only the mock with the exact parameters matches.
    expect("POST", "/v1/bills/latest/export")
        .respond_json(200, json!({"url": "none"}))
        .mount(&server)
        .await;
    expect("POST", "/v1/bills/latest/export")
        .query("export_mode", "async")
        .respond_json(200, json!({"url": "async"}))
        .mount(&server)
        .await;
    let plain = client.export_latest_billing().await.unwrap();
    assert_eq!(plain.url.as_deref(), Some("none"));
    let with_mode = client
        .export_latest_billing()
        .export_mode(ExportMode::Async)
        .await
        .unwrap();
    assert_eq!(with_mode.url.as_deref(), Some("async"));
}
