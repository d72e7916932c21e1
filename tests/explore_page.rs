//! The explorer's page: its files served from the binary, and the one-file
//! export with the expression's JSON embedded.

#![cfg(feature = "explore")]

use crate::explore_client;

use explore_client::{get, num, post, start};
use scalargrad::explore::{export_html, Limits};
use serde_json::{json, Value};

fn variable<'v>(view: &'v Value, name: &str) -> &'v Value {
    view["variables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["name"] == name)
        .unwrap_or_else(|| panic!("no variable {name}"))
}

#[test]
fn the_page_and_its_assets_are_served_from_the_binary() {
    let server = start(Limits::default());
    let page = get(server.address(), "/");
    assert_eq!(page.status, 200);
    assert!(page
        .header("content-type")
        .unwrap()
        .starts_with("text/html"));
    for asset in scalargrad::explore::ASSETS {
        let reply = get(server.address(), &format!("/{}", asset.name));
        assert_eq!(reply.status, 200, "{}", asset.name);
        assert_eq!(reply.body, asset.text.as_bytes());
        assert_eq!(reply.header("content-type"), Some(asset.content_type));
    }
}

#[test]
fn the_static_export_is_one_file_with_the_expression_json_embedded() {
    let server = start(Limits::default());
    let dir = std::env::temp_dir().join(format!("scalargrad-export-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("page.html");
    let values = [("x".to_string(), 1.0), ("y".to_string(), 2.0)];
    export_html("x*y + tanh(x)", &values, &path).unwrap();
    let page = std::fs::read_to_string(&path).unwrap();
    // Only the page is left in the folder (the temporary file was renamed).
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
    // No reference to another file: styles and scripts are inline.
    assert!(!page.contains("src=\"app.js\"") && !page.contains("href=\"style.css\""));
    let open = "<script type=\"application/json\" id=\"scalargrad-data\">";
    let start_at = page.find(open).unwrap() + open.len();
    let end_at = start_at + page[start_at..].find("</script>").unwrap();
    let embedded: Value = serde_json::from_str(&page[start_at..end_at]).unwrap();
    let served = post(
        server.address(),
        "/api/expression",
        &json!({ "formula": "x*y + tanh(x)", "values": { "x": 1, "y": 2 } }),
    )
    .json();
    assert_eq!(embedded, served);
    // ∂/∂x (xy + tanh x) = y + 1 - tanh²(x) at x = 1, y = 2.
    let expected = 2.0 + 1.0 - 1f64.tanh().powi(2);
    assert!((num(&variable(&embedded, "x")["grad"]) - expected).abs() < 1e-12);
    std::fs::remove_dir_all(&dir).unwrap();
}
