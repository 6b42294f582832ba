//! The second step: once every operation is walked, passes over all the raw types at once, so
//! that nothing depends on the order in which the walk met them. `Builder::finish` (in the
//! parent module) runs them in this order; each says what it needs from the ones before it.
//!
//! 1. [`all_of`]: every `allOf` becomes a struct (or raw JSON);
//! 2. [`reachable`]: the types the operations use, and which are sent and which received;
//!    [`directions`] then applies `readOnly` and `writeOnly` to them;
//! 3. [`naming`]: the name of each of them;
//! 4. [`cycles`]: the fields and variants to box;
//! 5. [`leniency`]: the string fields the examples fill with numbers;
//! 6. [`defaults`]: the structs that derive `Default`;
//! 7. [`type_defs`]: the model's types; [`conversions`] then finds the structs that convert
//!    into each other;
//! 8. [`operation_defs`]: the model's operations, each with the body a fake server answers it
//!    with by default, from [`examples`] (the spec's example of the response when it fits the
//!    response's model type, else a value built from that type).
//!
//! [`login_defaults`] runs after them all, on the model, when the client settings are known
//! (`generate_with`, `model_with`).

use std::collections::{BTreeMap, BTreeSet};

use super::raw::TypeId;

pub(crate) mod all_of;
pub(crate) mod conversions;
pub(crate) mod cycles;
pub(crate) mod defaults;
pub(crate) mod directions;
pub(crate) mod examples;
pub(crate) mod leniency;
pub(crate) mod login_defaults;
pub(crate) mod naming;
pub(crate) mod operation_defs;
pub(crate) mod reachable;
pub(crate) mod type_defs;

/// What passes 3 to 6 decided about the raw types, for the passes that assemble the model.
pub(crate) struct Decided {
    /// The name of each type the operations reach (pass 3); a type without one is raw JSON.
    pub(crate) names: BTreeMap<TypeId, String>,
    /// The (container, contained) pairs to box (pass 4).
    pub(crate) boxed: BTreeSet<(TypeId, TypeId)>,
    /// The (type, property) string fields that also accept numbers (pass 5).
    pub(crate) lenient: BTreeSet<(TypeId, String)>,
    /// The structs that derive `Default` (pass 6).
    pub(crate) defaults: BTreeSet<TypeId>,
}
