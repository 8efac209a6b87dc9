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
    let routed: BTreeSet<(String, String)> = tilskud::web::routes::specs()
        .into_iter()
        .filter(|s| s.is_api() && s.path != "/api/v1/openapi.json")
        .map(|s| (s.method.to_string(), s.path.to_string()))
        .collect();
    assert_eq!(documented, routed);
    assert!(doc["components"]["securitySchemes"]["csrf"].is_object());
}
