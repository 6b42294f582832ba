//! Credentials: fixed values per security scheme, or a source that obtains and renews them.

use std::collections::BTreeMap;
use std::sync::Arc;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use crate::request::Operation;
use crate::{BoxFuture, Error};

/// Header values by the spec's security scheme name (`api_key` → the API key). Make each value
/// with [`HeaderValue::set_sensitive`] so that it never shows in `Debug` output.
pub type CredentialSet = BTreeMap<String, HeaderValue>;

/// Values a login provides besides the credentials, by name: who logged in (an account,
/// tenant or operator id), which some operations take as a parameter. Not secret. Generated
/// operations can default a parameter to one of them (the generator's `login_defaults`
/// setting); read one with [`Client::login_value`](crate::Client::login_value).
pub type LoginValues = BTreeMap<String, String>;

/// Where credentials come from when they are not fixed, such as a login that is shared by every
/// call of a client and renewed as needed. Set one with
/// [`ClientBuilder::credential_source`](crate::ClientBuilder::credential_source).
///
/// The runtime asks for credentials before each call that needs them (operations without
/// security get none). When the server answers 401, it asks once more, passing the set that was
/// refused as `stale`, and sends the request again with the answer; a second 401 is the result.
pub trait CredentialSource: Send + Sync + 'static {
    /// The current credentials. `stale` is the set the server just refused (401): a source that
    /// can renew it does so, unless a concurrent call already has (compare with
    /// [`Arc::ptr_eq`]). An error fails the call as it is.
    fn credentials(
        &self,
        stale: Option<Arc<CredentialSet>>,
    ) -> BoxFuture<Result<Arc<CredentialSet>, Error>>;

    /// What the client's `Debug` output says about the source (never a secret).
    fn describe(&self) -> String;

    /// The [`LoginValues`] of the current login, logging in first when there is none yet (as
    /// [`credentials`](Self::credentials) does, and sharing that login). An error fails what
    /// needed them. The default has none.
    fn login_values(&self) -> BoxFuture<Result<Arc<LoginValues>, Error>> {
        Box::pin(async { Ok(Arc::default()) })
    }
}

/// Makes a client's credential source from the same client without credentials, which the
/// source may use to log in.
pub(crate) type SourceFactory =
    Arc<dyn Fn(crate::Client) -> Arc<dyn CredentialSource> + Send + Sync>;

/// Puts the credentials `op` needs into `headers`, or says which are missing.
pub(crate) fn add_credentials(
    op: &Operation,
    headers: &mut HeaderMap,
    credentials: &CredentialSet,
) -> Result<(), Error> {
    for (scheme, header) in op.security {
        let Some(value) = credentials.get(*scheme) else {
            return Err(Error::invalid_input(
                Some(op.id),
                scheme,
                "this operation needs credentials, and none are configured for this security scheme",
            ));
        };
        let name = HeaderName::from_bytes(header.as_bytes())
            .map_err(|_| Error::invalid_input(Some(op.id), header, "is not a valid header name"))?;
        headers.insert(name, value.clone());
    }
    Ok(())
}
