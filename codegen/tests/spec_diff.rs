//! `spec-diff`: findings on real Soracom spec versions and on small specs made to show one kind
//! of change each.

use codegen::diff::{Change, Impact, SpecDiff, Verdict};
use codegen::{OperationFilter, SpecInput};

fn history(version: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/history/billing-{version}.yaml",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn diff_texts(old: &str, new: &str) -> SpecDiff {
    codegen::spec_diff(
        SpecInput {
            file: "old.yaml",
            text: old,
            operations: OperationFilter::All,
        },
        SpecInput {
            file: "new.yaml",
            text: new,
            operations: OperationFilter::All,
        },
    )
    .expect("both specs are valid")
}

fn has(report: &SpecDiff, impact: Impact, subject: &str, detail: &str) -> bool {
    report
        .changes
        .iter()
        .any(|c| c.impact == impact && c.subject == subject && c.detail.contains(detail))
}

fn listing(report: &SpecDiff) -> String {
    report
        .changes
        .iter()
        .map(|c| format!("{:?} {}: {}", c.impact, c.subject, c.detail))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn structural_changes_of_2023() {
    let report = diff_texts(&history("20230704-081118"), &history("20231114-075713"));
    let all = listing(&report);
    assert_eq!(report.verdict, Verdict::Minor, "{all}");
    assert_eq!(
        (report.old_version.as_str(), report.new_version.as_str()),
        ("20230704-081118", "20231114-075713")
    );
    assert!(
        has(
            &report,
            Impact::Compatible,
            "type ShippingLabelDetail",
            "added (struct)"
        ),
        "{all}"
    );
    assert!(
        has(
            &report,
            Impact::Compatible,
            "field GetOrderResponse.shippingLabelDetails",
            "optional field added: `Option<Vec<ShippingLabelDetail>>`"
        ),
        "{all}"
    );
    assert!(
        has(
            &report,
            Impact::Compatible,
            "field GetOrderResponse.shippingDateTime",
            "optional field added"
        ),
        "{all}"
    );
    assert!(
        has(
            &report,
            Impact::Compatible,
            "operation listProducts",
            "optional parameter added: `campaign_code` in query"
        ),
        "{all}"
    );
    assert!(
        !report.changes.iter().any(|c| c.impact == Impact::Breaking),
        "{all}"
    );
    // Many operations changed their documentation; each is summarised in one line.
    let doc_lines = report
        .changes
        .iter()
        .filter(|c| c.impact == Impact::Docs)
        .count();
    assert!(doc_lines > 30, "{all}");
    assert!(
        has(
            &report,
            Impact::Docs,
            "operation getShippingAddress",
            "parameter `shipping_address_id`"
        ),
        "{all}"
    );
    // `getOrder`'s `order_id` changed only its link's form (`#/Order/listOrders` to
    // `#!/Order/listOrders`): both are the same intra-doc link, so its rustdoc is unchanged.
    assert!(
        !has(
            &report,
            Impact::Docs,
            "operation getOrder",
            "parameter `order_id`"
        ),
        "{all}"
    );
    assert_eq!(
        report
            .changes
            .iter()
            .filter(|c| c.subject == "operation getOrder" && c.impact == Impact::Docs)
            .count(),
        1
    );
}

#[test]
fn breaking_change_of_2025_is_found() {
    let report = diff_texts(&history("20231114-075713"), &history("20250903-043502"));
    let all = listing(&report);
    assert_eq!(report.verdict, Verdict::Major, "{all}");
    assert!(
        has(
            &report,
            Impact::Breaking,
            "operation confirmOrder",
            "now returns `GetOrderResponse` (was `()`)"
        ),
        "{all}"
    );
    assert!(
        has(
            &report,
            Impact::Compatible,
            "type OrderStatus",
            "enum value `receiving` added"
        ),
        "{all}"
    );
    assert!(
        has(
            &report,
            Impact::Compatible,
            "field ProductModel.termsOfSolutionURL",
            "optional field added"
        ),
        "{all}"
    );
    // The servers' descriptions changed, not their URLs.
    assert!(
        has(&report, Impact::Docs, "servers", "descriptions"),
        "{all}"
    );
    assert!(
        !report
            .changes
            .iter()
            .any(|c| c.subject == "servers" && c.impact != Impact::Docs),
        "{all}"
    );
}

#[test]
fn the_2026_upgrade_is_documentation_only() {
    let report = diff_texts(&history("20250903-043502"), &history("20260604-092803"));
    let found: Vec<(Impact, &str, &str)> = report
        .changes
        .iter()
        .map(|c| (c.impact, c.subject.as_str(), c.detail.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (
                Impact::Docs,
                "spec info",
                "documentation changed: description"
            ),
            (
                Impact::Docs,
                "type ResourceInitialSetting",
                "documentation changed: field `simInitialSettings`"
            ),
            (
                Impact::Docs,
                "type SimInitialSetting",
                "documentation changed: field `speedClass`"
            ),
        ]
    );
    assert_eq!(report.verdict, Verdict::Patch);
    let markdown = report.to_markdown();
    assert!(
        markdown.contains("## API 20250903-043502 → 20260604-092803"),
        "{markdown}"
    );
    assert!(
        markdown.contains("Verdict: **patch** (documentation only)."),
        "{markdown}"
    );
    assert!(
        markdown.contains("### Documentation only (3)"),
        "{markdown}"
    );
}

#[test]
fn identical_specs_have_no_changes() {
    let text = history("20260604-092803");
    let report = diff_texts(&text, &text);
    assert_eq!(report.verdict, Verdict::None);
    assert!(report.changes.is_empty(), "{}", listing(&report));
}

const OLD: &str = r#"
openapi: 3.0.0
info: {title: t, version: '1'}
paths:
  /bills/{month}:
    get:
      operationId: getBill
      parameters:
        - {name: month, in: path, required: true, schema: {type: string}}
        - {name: lang, in: query, schema: {type: string}}
        - {name: page, in: query, required: true, schema: {type: integer}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Bill'}
  /old:
    get:
      operationId: oldThing
      responses: {'204': {description: gone}}
components:
  schemas:
    Bill:
      type: object
      required: [amount]
      properties:
        amount: {type: number}
        month: {type: string, format: yyyyMM}
        status: {type: string, enum: [open, closed, void]}
        count: {type: integer, format: int32, default: 10}
        note: {type: string, description: A note.}
        items:
          type: array
          items: {$ref: '#/components/schemas/Line'}
    Line:
      type: object
      properties:
        sku: {type: string}
"#;

const NEW: &str = r#"
openapi: 3.0.0
info: {title: t, version: '2'}
paths:
  /bills/{month}:
    get:
      operationId: getBill
      parameters:
        - {name: month, in: path, required: true, schema: {type: string}}
        - {name: lang, in: query, required: true, schema: {type: string}}
        - {name: page, in: query, schema: {type: integer}}
        - {name: region, in: query, schema: {type: string}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Bill'}
  /new:
    get:
      operationId: newThing
      responses: {'204': {description: new}}
components:
  schemas:
    Bill:
      type: object
      required: [amount, currency]
      properties:
        amount: {type: integer}
        month: {type: string, format: yyyyMMdd}
        status: {type: string, enum: [open, closed, pending]}
        count: {type: integer, format: int32, default: 20}
        note: {type: string, description: A longer note.}
        currency: {type: string}
        items:
          type: array
          items: {$ref: '#/components/schemas/InvoiceLine'}
    InvoiceLine:
      type: object
      properties:
        sku: {type: string}
"#;

#[test]
fn each_kind_of_change_is_classified() {
    let report = diff_texts(OLD, NEW);
    let all = listing(&report);
    assert_eq!(report.verdict, Verdict::Major, "{all}");
    let expect: &[(Impact, &str, &str)] = &[
        (
            Impact::Breaking,
            "type Line",
            "renamed to `InvoiceLine` (same shape)",
        ),
        (
            Impact::Breaking,
            "field Bill.currency",
            "required field added: `String`",
        ),
        (
            Impact::Breaking,
            "field Bill.amount",
            "type now `i64` (was `f64`)",
        ),
        (Impact::Breaking, "type Status", "enum value `void` removed"),
        (
            Impact::Compatible,
            "type Status",
            "enum value `pending` added",
        ),
        (
            Impact::Compatible,
            "field Bill.month",
            "format now `yyyyMMdd` (was `yyyyMM`)",
        ),
        (
            Impact::Compatible,
            "field Bill.count",
            "default now 20 (was 10)",
        ),
        (
            Impact::Breaking,
            "operation getBill",
            "parameter `lang` is now required (an argument)",
        ),
        (
            Impact::Breaking,
            "operation getBill",
            "parameter `page` is now optional (a setter)",
        ),
        (
            Impact::Compatible,
            "operation getBill",
            "optional parameter added: `region` in query",
        ),
        (Impact::Breaking, "operation oldThing", "removed"),
        (
            Impact::Compatible,
            "operation newThing",
            "added: `GET /new`, `Client::new_thing`",
        ),
        (Impact::Docs, "type Bill", "field `note`"),
    ];
    for (impact, subject, detail) in expect {
        assert!(
            has(&report, *impact, subject, detail),
            "missing {impact:?} {subject}: {detail}\n{all}"
        );
    }
    // The renamed type is one finding: the field using it is not reported as changed.
    assert!(
        !report
            .changes
            .iter()
            .any(|c| c.subject == "field Bill.items"),
        "{all}"
    );
    assert!(
        !report
            .changes
            .iter()
            .any(|c| c.subject == "type InvoiceLine"),
        "{all}"
    );
    // Each finding names its kind, as tools comparing verdicts read it.
    let kinds: Vec<(&str, &str)> = report
        .changes
        .iter()
        .map(|c| (c.subject.as_str(), c.kind))
        .collect();
    for expected in [
        ("type Line", "type_renamed"),
        ("field Bill.currency", "field_added_required"),
        ("field Bill.amount", "field_type_changed"),
        ("type Status", "enum_value_removed"),
        ("type Status", "enum_value_added"),
        ("field Bill.month", "field_format_changed"),
        ("field Bill.count", "field_default_changed"),
        ("operation getBill", "parameter_required_changed"),
        ("operation getBill", "parameter_added_optional"),
        ("operation oldThing", "operation_removed"),
        ("operation newThing", "operation_added"),
        ("type Bill", "docs_changed"),
    ] {
        assert!(kinds.contains(&expected), "{expected:?} not in {kinds:?}");
    }
    // Breaking findings come first.
    let impacts: Vec<Impact> = report.changes.iter().map(|c: &Change| c.impact).collect();
    let mut sorted = impacts.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(impacts, sorted);
}

/// A spec whose `Holder` uses `Foo`, and with `extra` a schema named like `Foo`'s builder.
fn builder_spec(extra: bool) -> String {
    let extra = if extra {
        "        other: {$ref: '#/components/schemas/FooBuilder'}\n    FooBuilder:\n      type: object\n      properties:\n        b: {type: string}\n"
    } else {
        ""
    };
    format!(
        r#"
openapi: 3.0.0
info: {{title: t, version: '1'}}
paths:
  /holder:
    get:
      operationId: getHolder
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {{$ref: '#/components/schemas/Holder'}}
components:
  schemas:
    Foo:
      type: object
      properties:
        a: {{type: string}}
    Holder:
      type: object
      properties:
        foo: {{$ref: '#/components/schemas/Foo'}}
{extra}"#
    )
}

#[test]
fn a_builder_losing_its_name_is_breaking() {
    // Schemas keep their names: the new `FooBuilder` schema pushes `Foo`'s builder to
    // `FooBuilder2`, which breaks code naming the builder type.
    let report = diff_texts(&builder_spec(false), &builder_spec(true));
    let all = listing(&report);
    assert_eq!(report.verdict, Verdict::Major, "{all}");
    assert!(
        has(
            &report,
            Impact::Breaking,
            "type Foo",
            "builder now `FooBuilder2` (was `FooBuilder`)"
        ),
        "{all}"
    );
    assert!(report.changes.iter().any(|c| c.kind == "builder_renamed"));
    assert!(
        has(&report, Impact::Compatible, "type FooBuilder", "added"),
        "{all}"
    );
}

/// `runJob` answering `200` with a result, and with `ticket` also `202` with a ticket.
fn jobs_spec(ticket: bool) -> String {
    let ticket = if ticket {
        "        '202':\n          description: queued\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Ticket'}\n"
    } else {
        ""
    };
    format!(
        r#"
openapi: 3.0.0
info: {{title: t, version: '1'}}
paths:
  /jobs:
    post:
      operationId: runJob
      responses:
        '200':
          description: done
          content:
            application/json:
              schema: {{$ref: '#/components/schemas/Result'}}
{ticket}components:
  schemas:
    Result:
      type: object
      properties:
        output: {{type: string}}
    Ticket:
      type: object
      properties:
        id: {{type: string}}
"#
    )
}

#[test]
fn a_second_success_shape_changes_the_return_type() {
    let report = diff_texts(&jobs_spec(false), &jobs_spec(true));
    let all = listing(&report);
    assert_eq!(report.verdict, Verdict::Major, "{all}");
    assert!(
        has(
            &report,
            Impact::Breaking,
            "operation runJob",
            "now returns `RunJobResponse (200: ResultModel, 202: Ticket)` (was `ResultModel`)"
        ),
        "{all}"
    );
    // The same enum on both sides is no change.
    let same = diff_texts(&jobs_spec(true), &jobs_spec(true));
    assert!(same.changes.is_empty(), "{}", listing(&same));
}

/// A request form `Address` and a `Stored` answer sharing its fields; with `extra`, `Address`
/// gains two optional fields `Stored` lacks.
fn conversion_spec(extra: bool) -> String {
    let extra = if extra {
        "        note: {type: string}\n        floor: {type: string}\n"
    } else {
        ""
    };
    format!(
        r#"
openapi: 3.0.0
info: {{title: t, version: '1'}}
paths:
  /a:
    put:
      operationId: putA
      requestBody:
        content:
          application/json:
            schema: {{$ref: '#/components/schemas/Address'}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {{$ref: '#/components/schemas/Stored'}}
components:
  schemas:
    Address:
      type: object
      properties:
        city: {{type: string}}
        zip: {{type: string}}
        street: {{type: string}}
{extra}    Stored:
      type: object
      properties:
        id: {{type: string}}
        city: {{type: string}}
        zip: {{type: string}}
        street: {{type: string}}
"#
    )
}

#[test]
fn a_conversion_lost_to_new_fields_is_breaking() {
    // `From<Stored> for Address` carries 3 of Address's 3 fields; with two more it carries 3 of
    // 5, under three quarters: the impl goes, which breaks code calling it.
    let report = diff_texts(&conversion_spec(false), &conversion_spec(true));
    let all = listing(&report);
    assert_eq!(report.verdict, Verdict::Major, "{all}");
    assert!(
        has(
            &report,
            Impact::Breaking,
            "type Address",
            "no longer converts from `Stored` (`From<Stored>`)"
        ),
        "{all}"
    );
    // The other way round, gaining it is compatible.
    let report = diff_texts(&conversion_spec(true), &conversion_spec(false));
    assert!(
        has(
            &report,
            Impact::Compatible,
            "type Address",
            "now converts from `Stored` (`From<Stored>`)"
        ),
        "{}",
        listing(&report)
    );
}

#[test]
fn json_has_the_same_findings() {
    let report = diff_texts(OLD, NEW);
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["verdict"], "major");
    assert_eq!(json["old_version"], "1");
    assert_eq!(
        json["changes"].as_array().unwrap().len(),
        report.changes.len()
    );
    assert_eq!(json["changes"][0]["impact"], "breaking");
}

#[test]
fn bad_input_is_a_located_error() {
    let err = codegen::spec_diff(
        SpecInput {
            file: "old.yaml",
            text: OLD,
            operations: OperationFilter::All,
        },
        SpecInput {
            file: "new.yaml",
            text: "openapi: 3.0.0\ninfo: [\n",
            operations: OperationFilter::All,
        },
    )
    .unwrap_err();
    assert_eq!(err.file(), Some("new.yaml"));
    assert!(err.to_string().starts_with("new.yaml:"), "{err}");
    let err = codegen::spec_diff(
        SpecInput {
            file: "old.yaml",
            text: "swagger: '2.0'\n",
            operations: OperationFilter::All,
        },
        SpecInput {
            file: "new.yaml",
            text: NEW,
            operations: OperationFilter::All,
        },
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .contains("old.yaml: unsupported document (swagger: 2.0)"),
        "{err}"
    );
}

/// The 2026 upgrade regenerates only documentation and the version constants: the generated
/// diff a reviewer sees matches what `spec-diff` says.
#[test]
fn the_2026_upgrade_changes_only_docs_and_version_constants() {
    let generate = |version: &str| {
        let text = history(version);
        let input = SpecInput {
            file: "spec/soracom-billing-api-openapi.yml",
            text: &text,
            operations: OperationFilter::All,
        };
        codegen::generate(&[input], "cargo xtask generate")
            .unwrap()
            .files
    };
    let old = generate("20250903-043502");
    let new = generate("20260604-092803");
    assert_eq!(
        old.keys().collect::<Vec<_>>(),
        new.keys().collect::<Vec<_>>()
    );
    let mut changed = Vec::new();
    for (path, old_text) in &old {
        let new_text = &new[path];
        if old_text == new_text {
            continue;
        }
        changed.push(path.as_str());
        let diff = similar::TextDiff::from_lines(old_text.as_str(), new_text.as_str());
        for change in diff
            .iter_all_changes()
            .filter(|c| c.tag() != similar::ChangeTag::Equal)
        {
            let line = change.value().trim();
            let allowed = line.starts_with("///")
                || line.starts_with("//!")
                || (path == "mod.rs"
                    && (line.starts_with("pub const SPEC_VERSION")
                        || line.starts_with("pub const SPEC_HASH")
                        || line.starts_with("(\"spec/")));
            assert!(
                allowed,
                "{path}: a change that is not documentation: {line}"
            );
        }
    }
    assert_eq!(
        changed,
        [
            "mod.rs",
            "models/resource_initial_setting.rs",
            "models/sim_initial_setting.rs"
        ]
    );
}

/// With the SDK's `login_defaults`, an operation gaining a required `operator_id` path
/// parameter gains a setter the login fills: calls compile as they were, so it is compatible;
/// the plain comparison (no client settings) calls the same change a new argument.
#[test]
fn a_parameter_with_a_login_default_is_a_setter_to_spec_diff() {
    let spec = |path: &str| {
        format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  {path}:\n    get:\n      operationId: listAddresses\n      parameters:\n        - {{name: operator_id, in: path, required: true, schema: {{type: string}}}}\n      responses:\n        '204': {{description: none}}\n"
        )
    };
    let old = spec("/operators/{operator_id}/addresses")
        .replace("      parameters:\n        - {name: operator_id, in: path, required: true, schema: {type: string}}\n", "")
        .replace("/operators/{operator_id}/addresses", "/addresses");
    let new = spec("/operators/{operator_id}/addresses");
    let input = |file, text| SpecInput {
        file,
        text,
        operations: OperationFilter::All,
    };
    let settings = codegen::ClientSettings {
        login_defaults: [("operator_id".to_owned(), "operator_id".to_owned())].into(),
        ..codegen::ClientSettings::default()
    };
    let with = codegen::spec_diff_with(input("old.yaml", &old), input("new.yaml", &new), &settings)
        .unwrap();
    let kinds: Vec<(&str, Impact)> = with.changes.iter().map(|c| (c.kind, c.impact)).collect();
    assert!(
        kinds.contains(&("parameter_added_login_default", Impact::Compatible)),
        "{}",
        listing(&with)
    );
    assert!(
        !with
            .changes
            .iter()
            .any(|c| c.kind == "parameter_added_required"),
        "{}",
        listing(&with)
    );
    let plain = diff_texts(&old, &new);
    assert!(
        plain
            .changes
            .iter()
            .any(|c| c.kind == "parameter_added_required" && c.impact == Impact::Breaking),
        "{}",
        listing(&plain)
    );
    // The same spec on both sides, once with and once without the default: the argument
    // became a setter, which breaks calls that passed it.
    let (old_model, new_model) = (
        codegen::model(&[input("a.yaml", &new)]).unwrap(),
        codegen::model_with(&[input("b.yaml", &new)], &settings).unwrap(),
    );
    let report = codegen::diff::diff(&old_model, &new_model);
    assert!(
        report
            .changes
            .iter()
            .any(|c| c.kind == "parameter_required_changed"
                && c.impact == Impact::Breaking
                && c.detail
                    .contains("taken from the client's login unless set")),
        "{}",
        listing(&report)
    );
}
