//! Typed async client for the [Soracom](https://soracom.io) Billing API: monthly and daily bills,
//! bill summaries per SIM and per bill item, detailed billing CSV exports, payment methods and
//! statements, coupons, long-term discounts, orders and shipping addresses.
//!
//! Every operation of the API is a method of [`Client`], named after its `operationId` in snake
//! case. Required parameters are arguments; optional ones are set on the returned request builder,
//! which you `.await` (or [`send`](operations::GetBillingHistory::send)).
//!
//! ```no_run
//! use soracom_billing::{Client, Coverage, Credentials};
//!
//! # async fn run() -> Result<(), soracom_billing::Error> {
//! let client = Client::builder()
//!     .coverage(Coverage::Japan)
//!     .credentials(Credentials::auth_key("keyId-…", "secret-…"))
//!     .build()?;
//!
//! for bill in client.get_billing_history().await?.bill_list.unwrap_or_default() {
//!     println!("{:?}: {:?} {:?}", bill.year_month, bill.amount, bill.currency);
//! }
//!
//! match client.get_billing("202208").await {
//!     Ok(bill) => println!("August 2022: {:?}", bill.amount),
//!     Err(e) if e.is_not_found() => println!("not finalized yet, or nothing was charged"),
//!     Err(e) => return Err(e),
//! }
//! # Ok(())
//! # }
//! ```
//!
//! The code under `models` and `operations` is generated from the OpenAPI description in `spec/`
//! (version [`SPEC_VERSION`]) by `cargo xtask generate`.

#![deny(missing_docs)]

mod auth;
mod export;
mod profile;
#[rustfmt::skip]
mod generated;
#[cfg(feature = "test-support")]
pub mod test_support;

pub use auth::Credentials;
pub use export::{ExportFailed, ExportOptions, ExportedFile};

pub use generated::{
    models, operations, Client, ClientBuilder, SPEC_FILES, SPEC_HASH, SPEC_VERSION,
};
/// The runtime every generated client shares (errors, retry policy, year-months, streams):
/// the types below are re-exported from it, so that this crate is all a program names.
pub use openapi_client_runtime::{
    stream, ApiError, BuildError, Error, IntoYearMonth, RetryPolicy, YearMonth,
};

/// Which Soracom platform to call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Coverage {
    /// Japan coverage: `https://api.soracom.io/v1`.
    Japan,
    /// Global coverage: `https://g.api.soracom.io/v1`.
    Global,
}

impl Client {
    /// A client configured as soracom-cli would be: credentials, endpoint and headers from the
    /// environment and profile files (see [`ClientBuilder::from_environment`]).
    #[inline]
    pub fn from_env() -> Result<Client, Error> {
        Client::builder().from_env()?.build()
    }
}

/// This crate's README (as published), compiled as doctests. The repository's README is
/// compiled by the `tests` crate.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

impl Coverage {
    /// The production API's base URL for this coverage.
    pub fn base_url(self) -> &'static str {
        match self {
            Coverage::Japan => "https://api.soracom.io/v1",
            Coverage::Global => "https://g.api.soracom.io/v1",
        }
    }

    /// The sandbox (free test environment) API's base URL for this coverage.
    pub fn sandbox_url(self) -> &'static str {
        match self {
            Coverage::Japan => "https://api-sandbox.soracom.io/v1",
            Coverage::Global => "https://g.api-sandbox.soracom.io/v1",
        }
    }
}

impl ClientBuilder {
    /// Calls the production API of `coverage` (the default is [`Coverage::Japan`]). Use
    /// [`base_url`](ClientBuilder::base_url) for any other endpoint.
    pub fn coverage(self, coverage: Coverage) -> Self {
        self.base_url(coverage.base_url())
    }

    /// Calls the sandbox API of `coverage`.
    pub fn sandbox(self, coverage: Coverage) -> Self {
        self.base_url(coverage.sandbox_url())
    }

    /// Calls `endpoint`, written with or without `/v1` as soracom-cli stores it
    /// (`https://api.soracom.io` is `https://api.soracom.io/v1`). Plain `http://` is accepted
    /// for loopback addresses only.
    pub fn endpoint(self, endpoint: impl Into<String>) -> Self {
        let endpoint = endpoint.into();
        let trimmed = endpoint.trim_end_matches('/');
        let has_path = trimmed
            .split_once("://")
            .is_some_and(|(_, rest)| rest.contains('/'));
        if has_path {
            self.base_url(trimmed)
        } else {
            self.base_url(format!("{trimmed}/v1"))
        }
    }

    /// The language of error messages (`X-Soracom-Lang`: `en` or `ja`).
    pub fn language(self, language: impl Into<String>) -> Self {
        self.header("X-Soracom-Lang", language)
    }

    /// Sends this API key and token (as `X-Soracom-API-Key` and `X-Soracom-Token`) on every
    /// operation that requires them. Both come from the `auth` operation. The operator the token
    /// names (it is a JWT) becomes [`Client::operator_id`], as soracom-cli reads it; a later
    /// [`operator_id`](Self::operator_id) replaces it, like any later setting.
    pub fn api_key_and_token(self, api_key: impl Into<String>, token: impl Into<String>) -> Self {
        let token = token.into();
        let builder = match auth::operator_id_of_token(&token) {
            Some(id) => self.operator_id(id),
            None => self,
        };
        builder
            .credential("api_key", api_key)
            .credential("api_token", token)
    }
}
