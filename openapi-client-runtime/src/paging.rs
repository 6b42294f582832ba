//! Streams over paginated operations: one page in memory at a time.

use std::collections::HashSet;
use std::future::Future;

use futures_util::{stream, Stream, TryStreamExt};

use super::Error;
use crate::stream::{Items, Pages};

/// Every page from `first` on. `fetch` sends a request and returns its page and the next key;
/// `with_key` makes the next request, or fails when the key does not fit the parameter (an
/// integer key that is not a number). Ends after the last page, or with the first error (also
/// when the server hands out the same key twice, which would loop forever).
pub fn pages<B, T, F, Fut>(
    first: B,
    operation: &'static str,
    with_key: fn(B, String) -> Result<B, Error>,
    fetch: F,
) -> Pages<T>
where
    B: Clone + Send + 'static,
    T: Send + 'static,
    F: Fn(B) -> Fut + Copy + Send + 'static,
    Fut: Future<Output = Result<(T, Option<String>), Error>> + Send + 'static,
{
    Box::pin(stream::unfold(
        Some(Step::Fetch(first, HashSet::new())),
        move |state| async move {
            let (builder, mut seen) = match state? {
                Step::Fail(error) => return Some((Err(error), None)),
                Step::Fetch(builder, seen) => (builder, seen),
            };
            let next_request = builder.clone();
            match fetch(builder).await {
                Ok((page, None)) => Some((Ok(page), None)),
                Ok((page, Some(key))) if !seen.insert(key.clone()) => {
                    let error = Error::invalid_input(
                        Some(operation),
                        "next page key",
                        format!(
                            "the server gave the key `{key}` again; stopping instead of looping"
                        ),
                    );
                    Some((Ok(page), Some(Step::Fail(error))))
                }
                Ok((page, Some(key))) => match with_key(next_request, key) {
                    Ok(next) => Some((Ok(page), Some(Step::Fetch(next, seen)))),
                    Err(error) => Some((Ok(page), Some(Step::Fail(error)))),
                },
                Err(error) => Some((Err(error), None)),
            }
        },
    ))
}

/// What the page stream does next.
enum Step<B> {
    /// Send this request (with the keys seen so far, to notice a cycle).
    Fetch(B, HashSet<String>),
    /// Report this error, then end.
    Fail(Error),
}

/// The items of every page of `pages`, `extract`ed from each page in turn.
pub fn items<P, I, S>(pages: S, extract: fn(P) -> Vec<I>) -> Items<I>
where
    S: Stream<Item = Result<P, Error>> + Send + 'static,
    P: Send + 'static,
    I: Send + 'static,
{
    Box::pin(
        pages
            .map_ok(move |page| stream::iter(extract(page).into_iter().map(Ok)))
            .try_flatten(),
    )
}
