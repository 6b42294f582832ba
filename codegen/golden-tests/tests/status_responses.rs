//! `fixtures/status_responses.yaml` (case `07-multiple-2xx-schemas`): an operation whose success
//! statuses have bodies of different shapes returns an enum over them; each body is decoded as its
//! own status's type, never as another's, and a success status the spec does not list is kept.

use openapi_client_golden_status_responses::models::{JobResult, JobTicket, RunJobRequest};
use openapi_client_golden_status_responses::operations::{GetJobResponse, RunJobResponse};
use openapi_client_golden_status_responses::{Client, Error};
use wiremock::matchers::{any, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn answering(status: u16, content_type: &str, body: &str) -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(status).set_body_raw(body.to_owned(), content_type))
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    (server, client)
}

fn script() -> RunJobRequest {
    RunJobRequest::builder().script("echo hi").build()
}

#[tokio::test]
async fn a_202_ticket_is_a_ticket_not_an_empty_result() {
    let (_server, client) = answering(
        202,
        "application/json",
        r#"{"ticketId": "t-42", "pollAfter": 5}"#,
    )
    .await;
    let answer = client.run_job(script()).await.unwrap();
    let expected = JobTicket::builder()
        .ticket_id("t-42")
        .poll_after(5)
        .build()
        .unwrap();
    assert_eq!(answer, RunJobResponse::Accepted(expected));
}

#[tokio::test]
async fn a_200_result_is_a_result() {
    let (_server, client) = answering(
        200,
        "application/json",
        r#"{"output": "hi", "exitCode": 0}"#,
    )
    .await;
    let answer = client.run_job(script()).await.unwrap();
    let expected = JobResult::builder().output("hi").exit_code(0).build();
    assert_eq!(answer, RunJobResponse::Ok(expected));
}

#[tokio::test]
async fn the_status_chooses_the_type() {
    // Under 200 the body is a `JobResult`, whatever it holds: every field of it is optional and
    // unknown properties are ignored, so a ticket sent as a 200 is an empty result.
    let (_server, client) = answering(200, "application/json", r#"{"ticketId": "t-42"}"#).await;
    let answer = client.run_job(script()).await.unwrap();
    assert_eq!(answer, RunJobResponse::Ok(JobResult::builder().build()));
    // And a 202 without the ticket's required `ticketId` is a decode error naming it.
    let (_server, client) = answering(202, "application/json", r#"{"output": "hi"}"#).await;
    match client.run_job(script()).await {
        Err(Error::Decode {
            status, message, ..
        }) => {
            assert_eq!(status, 202);
            assert!(message.contains("ticketId"), "{message}");
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_success_status_the_spec_does_not_list_is_kept_whole() {
    let (_server, client) = answering(201, "application/json", r#"{"jobId": "j-7"}"#).await;
    match client.run_job(script()).await.unwrap() {
        RunJobResponse::Other { status, body } => {
            assert_eq!(status, 201);
            assert_eq!(&body[..], br#"{"jobId": "j-7"}"#);
        }
        other => panic!("expected Other, got {other:?}"),
    }
}

#[tokio::test]
async fn each_status_of_get_job_decodes_as_its_own_body() {
    let (_server, client) = answering(200, "application/json", r#"{"output": "done"}"#).await;
    match client.get_job("j-1").await.unwrap() {
        GetJobResponse::Ok(result) => assert_eq!(result.output, "done"),
        other => panic!("{other:?}"),
    }
    let (_server, client) = answering(
        203,
        "application/json",
        r#"{"output": "done", "cachedAt": "2026-12-01"}"#,
    )
    .await;
    match client.get_job("j-1").await.unwrap() {
        GetJobResponse::NonAuthoritativeInformation(cached) => {
            assert_eq!(cached.cached_at.as_deref(), Some("2026-12-01"));
            assert_eq!(cached.output.as_deref(), Some("done"));
        }
        other => panic!("{other:?}"),
    }
    let (_server, client) = answering(204, "application/json", "").await;
    assert_eq!(
        client.get_job("j-1").await.unwrap(),
        GetJobResponse::NoContent
    );
    // The `2XX` range takes a status the spec does not list by itself, as text.
    let (_server, client) = answering(206, "text/plain", "partial").await;
    assert_eq!(
        client.get_job("j-1").await.unwrap(),
        GetJobResponse::Success("partial".to_owned())
    );
}

#[tokio::test]
async fn one_success_shape_keeps_the_plain_signature() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/jobs/j-1"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(r#"{"output": "bye", "exitCode": 3}"#, "application/json"),
        )
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    // `deleteJob` (200 with a body, 204 without) returns the `JobResult` itself.
    let result: JobResult = client.delete_job("j-1").await.unwrap();
    assert_eq!(result.exit_code, Some(3));
}
