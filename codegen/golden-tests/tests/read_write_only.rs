//! `fixtures/read_write_only.yaml` (case `04-readonly-required`): creating a device needs only
//! its name; the request carries no read-only property (not even `"id": ""`), and the 201 without
//! the write-only `secret` decodes.

use openapi_client_golden_read_write_only::models::{Device, DeviceUpdate, Location, StoredDevice};
use openapi_client_golden_read_write_only::Client;
use serde_json::json;
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn a_device_is_created_with_its_name_alone_and_the_answer_decodes() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/devices"))
        // Exactly this body: no `id`, no `createdAt`.
        .and(body_json(json!({"name": "gw-1"})))
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_json(json!({"id": "d-1", "name": "gw-1", "createdAt": 1700000000})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    let device = Device::builder().name("gw-1").build().unwrap();
    let created = client.create_device(device).await.unwrap();
    assert_eq!(created.id.as_deref(), Some("d-1"));
    assert_eq!(created.created_at, Some(1_700_000_000));
    assert_eq!(created.name, "gw-1");
    assert_eq!(created.secret, None);
}

#[tokio::test]
async fn read_only_values_are_not_sent_back_and_write_only_ones_are() {
    // A device read from a response, changed and sent again: its `id`, `createdAt` and the
    // nested `geohash` stay home; the write-only `secret` goes.
    let mut device: Device = serde_json::from_value(json!({
        "id": "d-1", "name": "gw-1", "createdAt": 1700000000,
        "location": {"label": "roof", "geohash": "xn76"}
    }))
    .unwrap();
    device.secret = Some("s3cret".to_owned());
    let sent = serde_json::to_value(&device).unwrap();
    assert_eq!(
        sent,
        json!({"name": "gw-1", "secret": "s3cret", "location": {"label": "roof"}})
    );
    let location = Location::builder().label("roof").build().unwrap();
    assert_eq!(
        serde_json::to_value(&location).unwrap(),
        json!({"label": "roof"})
    );
}

#[tokio::test]
async fn one_direction_types_keep_required_as_written() {
    // Received only: `id` is required (a response without it is refused).
    assert!(serde_json::from_value::<StoredDevice>(json!({"name": "gw-1"})).is_err());
    let stored: StoredDevice =
        serde_json::from_value(json!({"id": "d-1", "name": "gw-1"})).unwrap();
    assert_eq!(stored.id, "d-1");
    // Sent only: `secret` is required, so the builder wants it.
    let missing = DeviceUpdate::builder().build().unwrap_err();
    assert_eq!(missing.field(), "secret");
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/devices/d-1"))
        .and(body_json(json!({"secret": "new"})))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    let update = DeviceUpdate::builder().secret("new").build().unwrap();
    client.update_device("d-1", update).await.unwrap();
}
