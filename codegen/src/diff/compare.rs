//! The comparison itself: types (renames found by shape), fields, enum values, `oneOf` variants
//! and operations (parameters, bodies, responses, pagination, security), each change pushed
//! with its kind and impact.

use std::collections::{BTreeMap, BTreeSet};

use super::{Change, Impact};
use crate::model::*;

pub(super) struct Differ {
    pub(super) changes: Vec<Change>,
    /// Old type name -> new type name, for types renamed without changing shape.
    pub(super) renames: BTreeMap<String, String>,
    /// Documentation changes, gathered per type or operation: subject -> the parts that changed.
    pub(super) docs: BTreeMap<String, BTreeSet<String>>,
}

impl Differ {
    pub(super) fn push(
        &mut self,
        kind: &'static str,
        impact: Impact,
        subject: &str,
        detail: impl Into<String>,
    ) {
        self.changes.push(Change {
            kind,
            impact,
            subject: subject.to_owned(),
            detail: detail.into(),
        });
    }

    /// Whether two responses give the same Rust type (a renamed type counts as the same, as in
    /// [`Self::same_type`]): an enum over statuses is the same when its name, statuses and
    /// bodies are. Its docs are not compared.
    fn same_response(&self, old: &ResponseKind, new: &ResponseKind) -> bool {
        match (old, new) {
            (ResponseKind::Json(a), ResponseKind::Json(b)) => self.same_type(a, b),
            (ResponseKind::ByStatus(a), ResponseKind::ByStatus(b)) => {
                a.name == b.name
                    && a.other == b.other
                    && a.variants.len() == b.variants.len()
                    && a.variants.iter().zip(&b.variants).all(|(x, y)| {
                        x.name == y.name
                            && x.status == y.status
                            && self.same_response(&x.body, &y.body)
                    })
            }
            (a, b) => a == b,
        }
    }

    pub(super) fn doc(&mut self, subject: String, part: impl Into<String>) {
        self.docs.entry(subject).or_default().insert(part.into());
    }

    /// Whether `old` (a type in the old model) is `new`, allowing for renamed types.
    fn same_type(&self, old: &TypeRef, new: &TypeRef) -> bool {
        match (old, new) {
            (TypeRef::Named(a), TypeRef::Named(b)) => self.renames.get(a).unwrap_or(a) == b,
            (TypeRef::Vec(a), TypeRef::Vec(b)) | (TypeRef::Map(a), TypeRef::Map(b)) => {
                self.same_type(a, b)
            }
            (a, b) => a == b,
        }
    }

    pub(super) fn types(&mut self, old: &Model, new: &Model) {
        let removed: Vec<&TypeDef> = old
            .types
            .values()
            .filter(|t| !new.types.contains_key(&t.name))
            .collect();
        let mut added: Vec<&TypeDef> = new
            .types
            .values()
            .filter(|t| !old.types.contains_key(&t.name))
            .collect();
        // A removed type and an added type of the same shape: a rename. Types referring to
        // each other are matched optimistically (both sides unmatched so far).
        let unmatched_old: BTreeSet<&str> = removed.iter().map(|t| t.name.as_str()).collect();
        let unmatched_new: BTreeSet<&str> = added.iter().map(|t| t.name.as_str()).collect();
        for r in &removed {
            if let Some(pos) = added
                .iter()
                .position(|a| same_shape(&r.kind, &a.kind, &unmatched_old, &unmatched_new))
            {
                let a = added.remove(pos);
                self.renames.insert(r.name.clone(), a.name.clone());
            }
        }
        for r in &removed {
            if let Some(to) = self.renames.get(&r.name).cloned() {
                self.push(
                    "type_renamed",
                    Impact::Breaking,
                    &format!("type {}", r.name),
                    format!("renamed to `{to}` (same shape)"),
                );
            } else {
                self.push(
                    "type_removed",
                    Impact::Breaking,
                    &format!("type {}", r.name),
                    "removed",
                );
            }
        }
        for a in &added {
            self.push(
                "type_added",
                Impact::Compatible,
                &format!("type {}", a.name),
                format!("added ({})", kind_word(&a.kind)),
            );
        }
        for o in old.types.values() {
            let new_name = self
                .renames
                .get(&o.name)
                .cloned()
                .unwrap_or_else(|| o.name.clone());
            if let Some(n) = new.types.get(&new_name) {
                self.type_changes(o, n);
            }
        }
    }

    fn type_changes(&mut self, o: &TypeDef, n: &TypeDef) {
        let subject = format!("type {}", n.name);
        // A renamed type's generated summary names it; only a rename is reported for it then.
        if o.docs != n.docs && o.name == n.name {
            self.doc(subject.clone(), "the type");
        }
        match (&o.kind, &n.kind) {
            (
                TypeKind::Struct {
                    fields: of,
                    builder: ob,
                    conversions: oc,
                    ..
                },
                TypeKind::Struct {
                    fields: nf,
                    builder: nb,
                    conversions: nc,
                    ..
                },
            ) => {
                // `From` impls, by source (a renamed source counts as the same).
                let old_sources: BTreeSet<String> = oc
                    .iter()
                    .map(|c| self.renames.get(&c.from).cloned().unwrap_or(c.from.clone()))
                    .collect();
                let new_sources: BTreeSet<String> = nc.iter().map(|c| c.from.clone()).collect();
                for gone in old_sources.difference(&new_sources) {
                    self.push(
                        "conversion_removed",
                        Impact::Breaking,
                        &subject,
                        format!("no longer converts from `{gone}` (`From<{gone}>`)"),
                    );
                }
                for added in new_sources.difference(&old_sources) {
                    self.push(
                        "conversion_added",
                        Impact::Compatible,
                        &subject,
                        format!("now converts from `{added}` (`From<{added}>`)"),
                    );
                }
                // A new type named like a builder takes the name; a renamed type's builder is
                // part of its rename.
                if ob != nb && o.name == n.name {
                    self.push(
                        "builder_renamed",
                        Impact::Breaking,
                        &subject,
                        format!("builder now `{nb}` (was `{ob}`)"),
                    );
                }
                for f in nf
                    .iter()
                    .filter(|f| !of.iter().any(|g| g.wire_name == f.wire_name))
                {
                    let (kind, impact, what) = if f.is_option() {
                        (
                            "field_added_optional",
                            Impact::Compatible,
                            "optional field added",
                        )
                    } else {
                        (
                            "field_added_required",
                            Impact::Breaking,
                            "required field added",
                        )
                    };
                    self.push(
                        kind,
                        impact,
                        &format!("field {}.{}", n.name, f.wire_name),
                        format!("{what}: `{}`", type_text(&f.ty, f.is_option())),
                    );
                }
                for f in of
                    .iter()
                    .filter(|f| !nf.iter().any(|g| g.wire_name == f.wire_name))
                {
                    self.push(
                        "field_removed",
                        Impact::Breaking,
                        &format!("field {}.{}", n.name, f.wire_name),
                        "removed",
                    );
                }
                for f in of {
                    if let Some(g) = nf.iter().find(|g| g.wire_name == f.wire_name) {
                        self.field_changes(&n.name, f, g);
                    }
                }
            }
            (TypeKind::Enum { variants: ov, .. }, TypeKind::Enum { variants: nv, .. }) => {
                let old_values: BTreeSet<&str> = ov.iter().map(|v| v.value.as_str()).collect();
                let new_values: BTreeSet<&str> = nv.iter().map(|v| v.value.as_str()).collect();
                for v in new_values.difference(&old_values) {
                    self.push(
                        "enum_value_added",
                        Impact::Compatible,
                        &subject,
                        format!(
                            "enum value `{v}` added (older code keeps it in the catch-all variant)"
                        ),
                    );
                }
                for v in old_values.difference(&new_values) {
                    self.push(
                        "enum_value_removed",
                        Impact::Breaking,
                        &subject,
                        format!("enum value `{v}` removed"),
                    );
                }
                for v in nv {
                    if let Some(w) = ov.iter().find(|w| w.value == v.value && w.name != v.name) {
                        self.push(
                            "enum_variant_renamed",
                            Impact::Breaking,
                            &subject,
                            format!(
                                "variant for `{}` renamed from `{}` to `{}`",
                                v.value, w.name, v.name
                            ),
                        );
                    }
                }
            }
            (TypeKind::OneOf { variants: ov, .. }, TypeKind::OneOf { variants: nv, .. }) => {
                for v in nv.iter().filter(|v| !ov.iter().any(|w| w.name == v.name)) {
                    self.push(
                        "one_of_variant_added",
                        Impact::Compatible,
                        &subject,
                        format!("variant `{}` added", v.name),
                    );
                }
                for v in ov.iter().filter(|v| !nv.iter().any(|w| w.name == v.name)) {
                    self.push(
                        "one_of_variant_removed",
                        Impact::Breaking,
                        &subject,
                        format!("variant `{}` removed", v.name),
                    );
                }
                for v in ov {
                    if let Some(w) = nv.iter().find(|w| w.name == v.name) {
                        if !self.same_type(&v.ty, &w.ty) {
                            self.push(
                                "one_of_variant_type_changed",
                                Impact::Breaking,
                                &subject,
                                format!(
                                    "variant `{}` now holds `{}` (was `{}`)",
                                    v.name,
                                    type_text(&w.ty, false),
                                    type_text(&v.ty, false)
                                ),
                            );
                        }
                    }
                }
            }
            (a, b) => self.push(
                "type_kind_changed",
                Impact::Breaking,
                &subject,
                format!("now {} (was {})", kind_word(b), kind_word(a)),
            ),
        }
    }

    fn field_changes(&mut self, type_name: &str, f: &Field, g: &Field) {
        let subject = format!("field {type_name}.{}", f.wire_name);
        if !self.same_type(&f.ty, &g.ty) || f.is_option() != g.is_option() || f.name != g.name {
            let renamed_only =
                f.name != g.name && self.same_type(&f.ty, &g.ty) && f.is_option() == g.is_option();
            let kind = if renamed_only {
                "field_renamed"
            } else {
                "field_type_changed"
            };
            let detail = if renamed_only {
                format!("Rust field renamed from `{}` to `{}`", f.name, g.name)
            } else {
                format!(
                    "type now `{}` (was `{}`)",
                    type_text(&g.ty, g.is_option()),
                    type_text(&f.ty, f.is_option())
                )
            };
            self.push(kind, Impact::Breaking, &subject, detail);
        } else if f.required != g.required {
            // Same Rust type (e.g. nullable both ways): the JSON contract changed, not the code.
            let now = if g.required { "required" } else { "optional" };
            self.push(
                "field_json_required_changed",
                Impact::Compatible,
                &subject,
                format!("now {now} in the JSON (the Rust type is unchanged)"),
            );
        }
        if f.format != g.format {
            let show = |x: &Option<String>| x.clone().unwrap_or_else(|| "none".to_owned());
            self.push(
                "field_format_changed",
                Impact::Compatible,
                &subject,
                format!(
                    "format now `{}` (was `{}`)",
                    show(&g.format),
                    show(&f.format)
                ),
            );
        }
        if f.default != g.default {
            let show = |x: &Option<serde_json::Value>| {
                x.as_ref()
                    .map(|v| v.to_string())
                    .unwrap_or_else(|| "none".to_owned())
            };
            self.push(
                "field_default_changed",
                Impact::Compatible,
                &subject,
                format!(
                    "default now {} (was {})",
                    show(&g.default),
                    show(&f.default)
                ),
            );
        }
        if f.lenient != g.lenient {
            let now = if g.lenient {
                "accepts"
            } else {
                "no longer accepts"
            };
            self.push(
                "field_leniency_changed",
                Impact::Compatible,
                &subject,
                format!("{now} a JSON number in place of the string"),
            );
        }
        if f.docs != g.docs {
            self.doc(
                format!("type {type_name}"),
                format!("field `{}`", f.wire_name),
            );
        }
    }

    pub(super) fn operations(&mut self, old: &Model, new: &Model) {
        let find = |m: &'_ Model, id: &str| m.operations.iter().find(|o| o.id == id).cloned();
        for o in &old.operations {
            let subject = format!("operation {}", o.id);
            match find(new, &o.id) {
                None => self.push(
                    "operation_removed",
                    Impact::Breaking,
                    &subject,
                    format!(
                        "removed (`{} {}`, `Client::{}`)",
                        o.http_method.as_str(),
                        o.path,
                        o.method_name
                    ),
                ),
                Some(n) => self.operation_changes(o, &n),
            }
        }
        for n in &new.operations {
            if find(old, &n.id).is_none() {
                self.push(
                    "operation_added",
                    Impact::Compatible,
                    &format!("operation {}", n.id),
                    format!(
                        "added: `{} {}`, `Client::{}`",
                        n.http_method.as_str(),
                        n.path,
                        n.method_name
                    ),
                );
            }
        }
    }

    fn operation_changes(&mut self, o: &Operation, n: &Operation) {
        let subject = format!("operation {}", n.id);
        if o.http_method != n.http_method || o.path != n.path {
            self.push(
                "operation_request_line_changed",
                Impact::Breaking,
                &subject,
                format!(
                    "now `{} {}` (was `{} {}`)",
                    n.http_method.as_str(),
                    n.path,
                    o.http_method.as_str(),
                    o.path
                ),
            );
        }
        if o.method_name != n.method_name || o.builder_name != n.builder_name {
            self.push(
                "operation_renamed",
                Impact::Breaking,
                &subject,
                format!(
                    "now `Client::{}` / `{}` (was `Client::{}` / `{}`)",
                    n.method_name, n.builder_name, o.method_name, o.builder_name
                ),
            );
        }
        let key = |p: &Param| (p.wire_name.clone(), p.location.as_str());
        for p in &n.params {
            if !o.params.iter().any(|q| key(q) == key(p)) {
                let (kind, impact, what) = if p.is_argument() {
                    (
                        "parameter_added_required",
                        Impact::Breaking,
                        "required parameter added (a new argument)",
                    )
                } else if p.required {
                    // A setter that the client's login fills: calls compile as they were.
                    (
                        "parameter_added_login_default",
                        Impact::Compatible,
                        "required parameter added, taken from the client's login unless set (a setter)",
                    )
                } else {
                    (
                        "parameter_added_optional",
                        Impact::Compatible,
                        "optional parameter added",
                    )
                };
                self.push(
                    kind,
                    impact,
                    &subject,
                    format!("{what}: `{}` in {}", p.wire_name, p.location.as_str()),
                );
            }
        }
        for p in &o.params {
            match n.params.iter().find(|q| key(q) == key(p)) {
                None => self.push(
                    "parameter_removed",
                    Impact::Breaking,
                    &subject,
                    format!(
                        "parameter `{}` in {} removed",
                        p.wire_name,
                        p.location.as_str()
                    ),
                ),
                Some(q) => {
                    if !self.same_type(&p.ty, &q.ty) {
                        self.push(
                            "parameter_type_changed",
                            Impact::Breaking,
                            &subject,
                            format!(
                                "parameter `{}` is now `{}` (was `{}`)",
                                p.wire_name,
                                type_text(&q.ty, false),
                                type_text(&p.ty, false)
                            ),
                        );
                    }
                    if p.is_argument() != q.is_argument() {
                        let now = if q.is_argument() {
                            "required (an argument)"
                        } else if q.required {
                            "taken from the client's login unless set (a setter)"
                        } else {
                            "optional (a setter)"
                        };
                        self.push(
                            "parameter_required_changed",
                            Impact::Breaking,
                            &subject,
                            format!("parameter `{}` is now {now}", p.wire_name),
                        );
                    }
                    if !p.is_argument()
                        && !q.is_argument()
                        && (p.required, &p.login_default) != (q.required, &q.login_default)
                    {
                        // Still a setter, but a call that does not set it now sends something
                        // else (or nothing, or fails for want of a login value).
                        let what = |r: &Param| match &r.login_default {
                            Some(value) if r.required => format!("the login value `{value}`"),
                            _ => "nothing".to_owned(),
                        };
                        self.push(
                            "parameter_default_changed",
                            Impact::Breaking,
                            &subject,
                            format!(
                                "parameter `{}` not set now sends {} (was {})",
                                p.wire_name,
                                what(q),
                                what(p)
                            ),
                        );
                    }
                    if p.name != q.name {
                        self.push(
                            "parameter_renamed",
                            Impact::Breaking,
                            &subject,
                            format!(
                                "parameter `{}` is now `{}` in Rust (was `{}`)",
                                p.wire_name, q.name, p.name
                            ),
                        );
                    }
                    if p.docs != q.docs {
                        self.doc(subject.clone(), format!("parameter `{}`", p.wire_name));
                    }
                }
            }
        }
        match (&o.body, &n.body) {
            (None, Some(b)) => {
                let impact = if b.required {
                    Impact::Breaking
                } else {
                    Impact::Compatible
                };
                self.push(
                    "body_added",
                    impact,
                    &subject,
                    format!("request body added: `{}`", type_text(&b.ty, false)),
                );
            }
            (Some(_), None) => self.push(
                "body_removed",
                Impact::Breaking,
                &subject,
                "request body removed",
            ),
            (Some(a), Some(b)) => {
                if !self.same_type(&a.ty, &b.ty) || a.encoding != b.encoding {
                    self.push(
                        "body_type_changed",
                        Impact::Breaking,
                        &subject,
                        format!(
                            "request body is now `{}` (was `{}`)",
                            type_text(&b.ty, false),
                            type_text(&a.ty, false)
                        ),
                    );
                }
                if a.required != b.required {
                    self.push(
                        "body_required_changed",
                        Impact::Breaking,
                        &subject,
                        format!(
                            "request body is now {}",
                            if b.required { "required" } else { "optional" }
                        ),
                    );
                }
                if a.docs != b.docs {
                    self.doc(subject.clone(), "request body");
                }
            }
            (None, None) => {}
        }
        let same_response = self.same_response(&o.response, &n.response);
        if !same_response {
            self.push(
                "response_type_changed",
                Impact::Breaking,
                &subject,
                format!(
                    "now returns `{}` (was `{}`)",
                    response_text(&n.response),
                    response_text(&o.response)
                ),
            );
        }
        match (&o.pagination, &n.pagination) {
            (None, Some(p)) => self.push(
                "pagination_added",
                Impact::Compatible,
                &subject,
                format!(
                    "now paginated (`pages()`/`items()`, key in `{}`, next key in `{}`)",
                    p.wire_param, p.header
                ),
            ),
            (Some(_), None) => self.push(
                "pagination_removed",
                Impact::Breaking,
                &subject,
                "no longer paginated (`pages()`/`items()` removed)",
            ),
            (Some(a), Some(b)) if a.wire_param != b.wire_param || a.header != b.header => self
                .push(
                    "pagination_changed",
                    Impact::Compatible,
                    &subject,
                    format!(
                        "pagination now uses `{}`/`{}` (was `{}`/`{}`)",
                        b.wire_param, b.header, a.wire_param, a.header
                    ),
                ),
            _ => {}
        }
        if o.security != n.security {
            let show = |s: &[SecurityHeader]| {
                if s.is_empty() {
                    "no credentials".to_owned()
                } else {
                    s.iter()
                        .map(|h| h.header.as_str())
                        .collect::<Vec<_>>()
                        .join(" + ")
                }
            };
            self.push(
                "security_changed",
                Impact::Compatible,
                &subject,
                format!(
                    "now sends {} (was {})",
                    show(&n.security),
                    show(&o.security)
                ),
            );
        }
        if o.docs != n.docs {
            self.doc(subject, "the operation");
        }
    }
}

/// Whether two type shapes are the same apart from docs and names of types on both unmatched
/// lists (which may be renames of each other).
fn same_shape(
    a: &TypeKind,
    b: &TypeKind,
    old_free: &BTreeSet<&str>,
    new_free: &BTreeSet<&str>,
) -> bool {
    let same_ty = |x: &TypeRef, y: &TypeRef| -> bool {
        fn go(x: &TypeRef, y: &TypeRef, of: &BTreeSet<&str>, nf: &BTreeSet<&str>) -> bool {
            match (x, y) {
                (TypeRef::Named(p), TypeRef::Named(q)) => {
                    p == q || (of.contains(p.as_str()) && nf.contains(q.as_str()))
                }
                (TypeRef::Vec(p), TypeRef::Vec(q)) | (TypeRef::Map(p), TypeRef::Map(q)) => {
                    go(p, q, of, nf)
                }
                (p, q) => p == q,
            }
        }
        go(x, y, old_free, new_free)
    };
    match (a, b) {
        (TypeKind::Struct { fields: x, .. }, TypeKind::Struct { fields: y, .. }) => {
            x.len() == y.len()
                && x.iter().zip(y).all(|(f, g)| {
                    f.wire_name == g.wire_name
                        && f.required == g.required
                        && f.nullable == g.nullable
                        && same_ty(&f.ty, &g.ty)
                })
        }
        (TypeKind::Enum { variants: x, .. }, TypeKind::Enum { variants: y, .. }) => {
            x.iter().map(|v| &v.value).eq(y.iter().map(|v| &v.value))
        }
        (TypeKind::OneOf { variants: x, .. }, TypeKind::OneOf { variants: y, .. }) => {
            x.len() == y.len() && x.iter().zip(y).all(|(v, w)| same_ty(&v.ty, &w.ty))
        }
        _ => false,
    }
}

fn kind_word(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Struct { .. } => "struct",
        TypeKind::Enum { .. } => "enum",
        TypeKind::OneOf { .. } => "oneOf enum",
    }
}

/// The Rust type as users see it.
fn type_text(ty: &TypeRef, option: bool) -> String {
    let inner = match ty {
        TypeRef::String => "String".to_owned(),
        TypeRef::I8 => "i8".to_owned(),
        TypeRef::I16 => "i16".to_owned(),
        TypeRef::I32 => "i32".to_owned(),
        TypeRef::I64 => "i64".to_owned(),
        TypeRef::U8 => "u8".to_owned(),
        TypeRef::U16 => "u16".to_owned(),
        TypeRef::U32 => "u32".to_owned(),
        TypeRef::U64 => "u64".to_owned(),
        TypeRef::F64 => "f64".to_owned(),
        TypeRef::Bool => "bool".to_owned(),
        TypeRef::Vec(t) => format!("Vec<{}>", type_text(t, false)),
        TypeRef::Map(t) => format!("BTreeMap<String, {}>", type_text(t, false)),
        TypeRef::Named(n) => n.clone(),
        TypeRef::Json => "serde_json::Value".to_owned(),
        TypeRef::JsonObject => "serde_json::Map<String, Value>".to_owned(),
        TypeRef::YearMonth => "YearMonth".to_owned(),
    };
    if option {
        format!("Option<{inner}>")
    } else {
        inner
    }
}

fn response_text(response: &ResponseKind) -> String {
    match response {
        ResponseKind::Unit => "()".to_owned(),
        ResponseKind::Json(t) => type_text(t, false),
        ResponseKind::Text => "String".to_owned(),
        ResponseKind::Bytes => "Bytes".to_owned(),
        ResponseKind::ByStatus(enum_) => {
            let statuses: Vec<String> = enum_
                .variants
                .iter()
                .map(|v| {
                    let status = v.status.map_or("2XX".to_owned(), |s| s.to_string());
                    format!("{status}: {}", response_text(&v.body))
                })
                .collect();
            format!("{} ({})", enum_.name, statuses.join(", "))
        }
    }
}
