//! After the passes, once the client settings are known: the path parameters that default to a
//! value the client's login tells ([`ClientSettings::login_defaults`]). The settings come from
//! the caller (`sdk.toml`), not the spec, so this runs on the finished model.

use crate::model::{ClientSettings, Model, ParamLocation, TypeRef};

/// Gives every required string path parameter that `settings.login_defaults` names its login
/// value. Returns the names (as in the spec) that matched no such parameter of any operation,
/// sorted: a caller generating code refuses them, since a misspelt name would silently leave
/// every parameter an argument.
pub(crate) fn login_defaults(model: &mut Model, settings: &ClientSettings) -> Vec<String> {
    let mut unmatched: Vec<String> = settings.login_defaults.keys().cloned().collect();
    for op in &mut model.operations {
        for param in &mut op.params {
            let Some(value) = settings.login_defaults.get(&param.wire_name) else {
                continue;
            };
            if param.location == ParamLocation::Path
                && param.required
                && param.ty == TypeRef::String
            {
                param.login_default = Some(value.clone());
                unmatched.retain(|name| name != &param.wire_name);
            }
        }
    }
    unmatched
}
