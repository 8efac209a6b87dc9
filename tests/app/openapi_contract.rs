//! The OpenAPI document's contract, checked statically against itself and against the
//! API's route table (`api::routes`), which the access guard enforces: every parameter is
//! where it is declared, operation ids are unique, and every answer the shared plumbing
//! gives (400, 401, 403, 404, 413, 422) is documented on the operations that can get it.
//! Schemathesis checks the same document against the running demo
//! (`tests/schemathesis/run.sh`).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;
use tilskud::auth::Access;
use utoipa::OpenApi;

const METHODS: [&str; 4] = ["get", "post", "put", "delete"];

struct Op {
    method: String,
    path: String,
    op: Value,
}

impl Op {
    fn label(&self) -> String {
        format!("{} {}", self.method.to_uppercase(), self.path)
    }

    fn params(&self, location: &str) -> Vec<String> {
        self.op["parameters"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|p| p["in"] == location)
            .filter_map(|p| p["name"].as_str().map(str::to_string))
            .collect()
    }

    fn has_response(&self, status: u16) -> bool {
        self.op["responses"].get(status.to_string()).is_some()
    }

    fn access(&self) -> Access {
        let method = self.method.to_uppercase();
        tilskud::api::routes::specs()
            .into_iter()
            .find(|s| s.method == method && s.path == self.path)
            .unwrap_or_else(|| panic!("{} is not in the route table", self.label()))
            .access
    }
}

fn document() -> Value {
    serde_json::to_value(tilskud::api::ApiDoc::openapi()).expect("the document as JSON")
}

fn operations(doc: &Value) -> Vec<Op> {
    let paths = doc["paths"].as_object().expect("paths");
    let mut ops = Vec::new();
    for (path, item) in paths {
        for method in METHODS {
            if let Some(op) = item.get(method) {
                ops.push(Op {
                    method: method.to_string(),
                    path: path.clone(),
                    op: op.clone(),
                });
            }
        }
    }
    ops
}

fn template_names(path: &str) -> BTreeSet<String> {
    path.split('/')
        .filter_map(|seg| seg.strip_prefix('{')?.strip_suffix('}'))
        .map(str::to_string)
        .collect()
}

#[test]
fn path_parameters_are_exactly_the_path_templates_names() {
    let mut wrong = Vec::new();
    for op in operations(&document()) {
        let declared: BTreeSet<String> = op.params("path").into_iter().collect();
        let template = template_names(&op.path);
        if declared != template {
            wrong.push(format!(
                "{}: declared in: path {declared:?}, template {template:?}",
                op.label()
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_filters_of_audit_outbox_compare_and_accounts_are_query_parameters() {
    let doc = document();
    let ops = operations(&doc);
    let query = |method: &str, path: &str| -> BTreeSet<String> {
        ops.iter()
            .find(|o| o.method == method && o.path == path)
            .unwrap_or_else(|| panic!("{method} {path}"))
            .params("query")
            .into_iter()
            .collect()
    };
    let set = |names: &[&str]| names.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
    assert_eq!(
        query("get", "/api/v1/audit"),
        set(&["before", "entity", "limit"])
    );
    assert_eq!(
        query("get", "/api/v1/outbox"),
        set(&["before", "limit", "status"])
    );
    assert_eq!(
        query("get", "/api/v1/pools/{pool}/allocations/compare"),
        set(&["a", "b"])
    );
    assert_eq!(
        query("get", "/api/v1/accounts"),
        set(&["kind", "municipality", "overdue", "status"])
    );
}

#[test]
fn operation_ids_are_present_and_unique() {
    let mut seen: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for op in operations(&document()) {
        let id = op.op["operationId"]
            .as_str()
            .unwrap_or_else(|| panic!("{} has no operationId", op.label()));
        seen.entry(id.to_string()).or_default().push(op.label());
    }
    let dup: Vec<String> = seen
        .iter()
        .filter(|(_, ops)| ops.len() > 1)
        .map(|(id, ops)| format!("{id}: {}", ops.join(", ")))
        .collect();
    assert!(
        dup.is_empty(),
        "operationIds used twice:\n{}",
        dup.join("\n")
    );
}

#[test]
fn the_document_describes_every_api_route_and_no_other() {
    let doc = document();
    let documented: BTreeSet<String> = operations(&doc).iter().map(Op::label).collect();
    let routes: BTreeSet<String> = tilskud::api::routes::specs()
        .into_iter()
        .filter(|s| s.path != "/api/v1/openapi.json")
        .map(|s| format!("{} {}", s.method, s.path))
        .collect();
    assert_eq!(documented, routes);
}

#[test]
fn operations_document_the_answers_of_the_guard_and_the_body_and_query_readers() {
    let mut missing = Vec::new();
    for op in operations(&document()) {
        let access = op.access();
        let secured = op.op["security"].as_array().is_some_and(|s| !s.is_empty());
        let mut need = Vec::new();
        if access != Access::Public {
            need.push(401);
            if !secured {
                missing.push(format!(
                    "{}: needs a login but states no security",
                    op.label()
                ));
            }
        }
        if !matches!(access, Access::Public | Access::Session) || op.method != "get" {
            need.push(403);
        }
        if !op.params("query").is_empty() {
            need.push(400);
        }
        if op.path.contains('{') {
            need.push(404);
        }
        if op.op.get("requestBody").is_some() {
            need.extend([413, 422]);
        }
        for status in need {
            if !op.has_response(status) {
                missing.push(format!("{}: {status} is not documented", op.label()));
            }
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn logging_in_documents_its_throttle_and_error_answers_carry_the_error_body() {
    let doc = document();
    let ops = operations(&doc);
    let login = ops
        .iter()
        .find(|o| o.method == "post" && o.path == "/api/v1/session")
        .expect("POST /api/v1/session");
    assert!(login.has_response(429), "429 on login is not documented");
    let mut wrong = Vec::new();
    for op in &ops {
        for (status, response) in op.op["responses"].as_object().expect("responses") {
            if !status.starts_with('4') {
                continue;
            }
            let schema = &response["content"]["application/json"]["schema"]["$ref"];
            // The monitoring import's 409 is the check to confirm (with its token).
            let confirm = status == "409" && schema == "#/components/schemas/MonitoringCheckOut";
            if schema != "#/components/schemas/ApiError" && !confirm {
                wrong.push(format!("{} {status}: {schema}", op.label()));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "error answers without the ApiError body:\n{}",
        wrong.join("\n")
    );
}
