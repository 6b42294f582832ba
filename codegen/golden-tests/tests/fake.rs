//! The test support every generated crate gets (feature `test-support`), on fixtures' crates
//! without a login: `test_support::start()`, typed records of every kind of parameter and body
//! read back from the wire, and default answers of every response kind that decode.

use openapi_client_golden_params::models::{Item, Kind};
use openapi_client_golden_params::operations::{GetItem, GetItemRecord};
use openapi_client_golden_responses::models::SubmitFormRequest;
use openapi_client_golden_responses::operations::{Download, PostNote, SubmitForm, Upload};
use openapi_client_golden_status_responses::models::RunJobRequest;
use openapi_client_golden_status_responses::operations::{RunJob, RunJobResponse};

#[tokio::test]
async fn every_kind_of_parameter_is_read_back_into_the_typed_record() {
    let (fake, client) = openapi_client_golden_params::test_support::start().await;
    fake.on::<GetItem>()
        .answer(Item::builder().id("it/1").build());
    client
        .get_item("it/1", vec![3, 1], "req-7")
        .fields(vec!["name".into(), "a,b".into()])
        .kinds(vec![Kind::Large, Kind::from("tiny")])
        .limit(5)
        .verbose(false)
        .x_trace("trace-1")
        .await
        .unwrap();
    client.get_item("x", vec![], "req-8").await.unwrap_err();
    let sent = fake.requests::<GetItem>();
    assert_eq!(sent.len(), 1, "{:?}", fake.take_violations());
    let record: &GetItemRecord = &sent[0];
    assert_eq!(record.item_id, "it/1");
    assert_eq!(record.ids, [3, 1]);
    assert_eq!(
        record.fields.as_deref(),
        Some(&["name".to_owned(), "a,b".to_owned()][..])
    );
    assert_eq!(record.kinds, Some(vec![Kind::Large, Kind::from("tiny")]));
    assert_eq!((record.limit, record.verbose), (Some(5), Some(false)));
    assert_eq!(record.x_request_id, "req-7");
    assert_eq!(record.x_trace.as_deref(), Some("trace-1"));
    // Without `ids`, a required query parameter, the request breaks the spec.
    let violations = fake.take_violations();
    assert_eq!(violations.len(), 1, "{violations:?}");
    assert!(
        violations[0].contains("required parameter `ids` is missing"),
        "{}",
        violations[0]
    );
}

#[tokio::test]
async fn bodies_of_every_encoding_are_read_back_and_answers_of_every_media_type_sent() {
    let (fake, client) = openapi_client_golden_responses::test_support::start().await;
    let form = SubmitFormRequest::builder()
        .name("Ann & Bob")
        .count(2)
        .build()
        .unwrap();
    client.submit_form(form.clone()).await.unwrap();
    assert_eq!(fake.requests::<SubmitForm>()[0].body, form);
    client
        .upload(vec![0u8, 159, 146, 150].into())
        .await
        .unwrap();
    assert_eq!(&fake.requests::<Upload>()[0].body[..], [0u8, 159, 146, 150]);
    client.post_note().body("a note".into()).await.unwrap();
    client.post_note().await.unwrap();
    let notes: Vec<Option<String>> = fake
        .requests::<PostNote>()
        .iter()
        .map(|sent| sent.body.clone())
        .collect();
    assert_eq!(notes, [Some("a note".to_owned()), None]);
    fake.on::<Download>().answer(vec![1, 2, 255]);
    assert_eq!(&client.download().await.unwrap()[..], [1, 2, 255]);
    // Every other operation answers its default, which decodes.
    client.get_text().await.unwrap();
    client.get_csv().await.unwrap();
    client.get_nothing().await.unwrap();
    client.get_any().await.unwrap();
    client.get_either().await.unwrap();
    client.get_lowest().await.unwrap();
    client.get_range().await.unwrap();
    client.create_thing().await.unwrap();
    client.delete_thing(7).await.unwrap();
    assert!(fake.take_violations().is_empty());
}

#[tokio::test]
async fn an_operation_with_several_success_shapes_answers_its_first_json_one() {
    let (fake, client) = openapi_client_golden_status_responses::test_support::start().await;
    let request = RunJobRequest::builder().script("echo hi").build();
    match client.run_job(request.clone()).await.unwrap() {
        RunJobResponse::Ok(result) => assert_eq!(result.exit_code, Some(0)),
        other => panic!("expected the 200 example, got {other:?}"),
    }
    assert_eq!(fake.requests::<RunJob>()[0].body, request);
    client.get_job("j1").await.unwrap();
    client.rerun_job("j1").await.unwrap();
    client.delete_job("j1").await.unwrap();
}

#[tokio::test]
async fn pages_with_integer_keys_are_listed_through_the_fake() {
    use openapi_client_golden_integer_page_key::models::CameraEvent;
    use openapi_client_golden_integer_page_key::operations::ListCameraEvents;
    use openapi_client_golden_integer_page_key::stream::TryStreamExt;
    let (fake, client) = openapi_client_golden_integer_page_key::test_support::start().await;
    let events: Vec<CameraEvent> = (0..5)
        .map(|i| CameraEvent::builder().time(i).build())
        .collect();
    fake.on::<ListCameraEvents>().pages(events.clone(), 4);
    let listed: Vec<CameraEvent> = client
        .list_camera_events()
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(listed, events);
    let keys: Vec<Option<i64>> = fake
        .requests::<ListCameraEvents>()
        .iter()
        .map(|sent| sent.last_evaluated_key)
        .collect();
    assert_eq!(keys, [None, Some(1), Some(2), Some(3)]);
}

#[tokio::test]
async fn a_discriminated_one_of_answers_the_variant_its_tag_names() {
    use openapi_client_golden_one_of::models::Pet;
    let (_fake, client) = openapi_client_golden_one_of::test_support::start().await;
    let pet = client.get_pet("p1").await.unwrap();
    assert!(matches!(pet, Pet::Cat(_)), "{pet:?}");
}
