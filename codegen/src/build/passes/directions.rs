//! Pass 2b: `readOnly` and `writeOnly` properties (OpenAPI 3.0.3, Schema Object: "readOnly …
//! SHOULD NOT be sent as part of the request … If the property is marked as readOnly being true
//! and is in the required list, the required will take effect on the response only"; writeOnly
//! the other way round).
//!
//! One Rust type serves every place a schema is used, so a property is optional in a direction
//! where it does not apply: in a type sent in requests, a `readOnly` property is not required and
//! is never serialized (a value read from a response is not sent back); in a type received in
//! responses, a `writeOnly` property is not required. A type used in one direction only keeps
//! `required` as written for that direction.

use std::collections::BTreeSet;

use super::super::raw::*;
use super::super::Builder;

impl Builder<'_> {
    /// Applies `readOnly`/`writeOnly` to the fields of the structs `sent` in requests and
    /// `received` in responses (from [`Builder::directions`]). Needs merged `allOf`s (pass 1),
    /// and runs before the passes that read `required` (boxes, defaults).
    pub(crate) fn apply_directions(
        &mut self,
        sent: &BTreeSet<TypeId>,
        received: &BTreeSet<TypeId>,
    ) {
        for (id, t) in self.types.iter_mut().enumerate() {
            let RawKind::Struct(fields) = &mut t.kind else {
                continue;
            };
            for f in fields {
                if f.read_only && sent.contains(&id) {
                    f.required = false;
                    f.never_sent = true;
                }
                if f.write_only && received.contains(&id) {
                    f.required = false;
                }
            }
        }
    }
}
