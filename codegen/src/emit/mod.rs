//! Model -> Rust tokens -> formatted files: the printer. One module per kind of thing printed
//! (named types, operations, pagination, the generated `client.rs`, the tree's `mod.rs` files);
//! this one only lists the files. Names and types are read from the [`model`](mod@crate::model);
//! the printer should decide none of its own.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;

pub(crate) mod client;
mod crate_files;
mod deserialize;
mod enums;
mod fake;
mod format;
mod one_of;
mod operations;
mod pagination;
mod responses;
mod serialize;
mod tokens;
mod types;

use self::format::format;
use self::operations::operation_file;
use self::types::type_file;
use crate::error::Error;
use crate::model::Model;

/// Prints the generated tree: `mod.rs`, `client.rs`, `models/…`, `operations/…`, keyed by path
/// relative to the output folder. `header` is the `@generated` line put at the top of every file.
pub fn emit(model: &Model, header: &str) -> Result<BTreeMap<String, String>, Error> {
    let mut files = BTreeMap::new();
    let mut add = |path: String, tokens: TokenStream| -> Result<(), Error> {
        let text = format(header, &path, tokens)?;
        files.insert(path, text);
        Ok(())
    };
    add("mod.rs".to_owned(), crate_files::root(model))?;
    add("client.rs".to_owned(), client::client_file(model))?;
    for def in model.types.values() {
        add(format!("models/{}.rs", def.module), type_file(def))?;
    }
    add("models/mod.rs".to_owned(), crate_files::models_mod(model))?;
    for op in &model.operations {
        add(format!("operations/{}.rs", op.module), operation_file(op))?;
    }
    add(
        "operations/mod.rs".to_owned(),
        crate_files::operations_mod(model),
    )?;
    add("test_support.rs".to_owned(), fake::test_support_file(model))?;
    Ok(files)
}
