//! Every model the SDK generates, by name, for property tests and fuzz targets. The table and
//! the dispatch are built by `build.rs` from the same model the SDK is generated from.

use std::fmt::Debug;

use serde::de::DeserializeOwned;
use serde::Serialize;

include!(concat!(env!("OUT_DIR"), "/models.rs"));

/// A value that decoded, re-encoded and decoded again to an equal value.
#[derive(Debug)]
pub struct RoundTrip {
    /// The SDK's own encoding of the decoded value.
    pub encoded: serde_json::Value,
    /// The decoded value's `Debug` text (`Other(…)` for a `oneOf` kept raw).
    pub debug: String,
}

fn round_trip_as<T>(json: &[u8]) -> Result<RoundTrip, String>
where
    T: DeserializeOwned + Serialize + PartialEq + Debug,
{
    let value: T = serde_json::from_slice(json).map_err(|e| format!("decode: {e}"))?;
    let encoded = serde_json::to_vec(&value).map_err(|e| format!("encode {value:?}: {e}"))?;
    let again: T = serde_json::from_slice(&encoded).map_err(|e| {
        format!(
            "{UNSTABLE}: the SDK's own encoding {} does not decode: {e}",
            String::from_utf8_lossy(&encoded)
        )
    })?;
    if again != value {
        return Err(format!(
            "{UNSTABLE}: decoding the SDK's own encoding gave another value:\n{value:?}\n{again:?}"
        ));
    }
    let encoded = serde_json::from_slice(&encoded).map_err(|e| format!("{UNSTABLE}: {e}"))?;
    Ok(RoundTrip {
        encoded,
        debug: format!("{value:?}"),
    })
}

/// How a [`round_trip`] error starts when the input decoded but did not survive re-encoding
/// (always a bug; other errors are inputs the model rightly refuses).
pub const UNSTABLE: &str = "round trip broken";
