//! The OpenAPI document describes exactly the API routes the server has.

use std::collections::BTreeSet;

use crate::spawn_app;

#[test]
fn the_openapi_document_lists_every_api_route_in_the_route_table() {
    let app = spawn_app!();
    let doc: serde_json::Value = app
        .client()
        .get(app.url("/api/v1/openapi.json"))
        .send()
        .expect("GET openapi")
        .json()
        .expect("json");
    let mut documented = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in item.as_object().expect("path item").keys() {
            documented.insert((method.to_uppercase(), path.clone()));
        }
    }
    let routed: BTreeSet<(String, String)> = tilskud::startup::route_specs()
        .into_iter()
        .filter(|s| s.is_api() && s.path != "/api/v1/openapi.json")
        .map(|s| (s.method.to_string(), s.path.to_string()))
        .collect();
    assert_eq!(documented, routed);
    assert!(doc["components"]["securitySchemes"]["csrf"].is_object());
}

#[test]
fn comparing_versions_after_a_withdrawal_moves_money_without_creating_any() {
    let app = spawn_app!();
    let s = app.login(crate::helpers::OFFICER);
    let (_, counts) = s.get_json("/api/v1/pools/1/target-groups");
    let remaining: Vec<i64> = counts
        .as_array()
        .expect("counts")
        .iter()
        .filter(|r| r["applied"] == true && r["municipality_code"] != 390)
        .map(|r| r["municipality_code"].as_i64().expect("code"))
        .collect();
    let (status, _) = s.send_json(
        reqwest::Method::PUT,
        "/api/v1/pools/1/applicants",
        &serde_json::json!({ "municipality_codes": remaining }),
    );
    assert_eq!(status, 200);
    let (status, v2) = s.send_json(
        reqwest::Method::POST,
        "/api/v1/pools/1/allocations",
        &serde_json::json!({ "reason": "Vordingborg er udtrådt" }),
    );
    assert_eq!(status, 201);
    let b = v2["id"].as_i64().expect("id");
    let (status, rows) = s.get_json(&format!("/api/v1/pools/1/allocations/compare?a=1&b={b}"));
    assert_eq!(status, 200);
    let rows = rows.as_array().expect("rows");
    let vordingborg = rows
        .iter()
        .find(|r| r["municipality_code"] == 390)
        .expect("390 listed");
    assert!(vordingborg["b_amount_ore"].is_null());
    assert!(vordingborg["difference_ore"].as_i64().expect("diff") < 0);
    let net: i64 = rows
        .iter()
        .map(|r| r["difference_ore"].as_i64().expect("diff"))
        .sum();
    assert_eq!(net, 0, "the pool is the same; the money only moves");
    let (status, _) = s.get_json("/api/v1/pools/1/allocations/compare?a=1&b=999");
    assert_eq!(status, 404);
}
