//! The explorer's HTTP API, over real HTTP to a server started in-process on
//! a free port: the expression view, paths, nudge, errors, limits, escaping
//! and robustness. Expected numbers come from micrograd's README, hand
//! maths or finite differences.

#![cfg(feature = "explore")]

mod explore_client;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use explore_client::{any_num, get, num, post, raw, request, same, start};
use scalargrad::explore::{export_html, Limits, MICROGRAD_FORMULA};
use serde_json::{json, Value};

fn micrograd() -> Value {
    json!({ "formula": MICROGRAD_FORMULA, "values": { "a": -4, "b": 2 } })
}

fn variable<'v>(view: &'v Value, name: &str) -> &'v Value {
    view["variables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["name"] == name)
        .unwrap_or_else(|| panic!("no variable {name}"))
}

#[test]
fn micrograd_readme_expression_gives_its_gradients_through_the_api() {
    let server = start(Limits::default());
    let reply = post(server.address(), "/api/expression", &micrograd());
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("content-type"), Some("application/json"));
    let view = reply.json();
    // micrograd's README: g = 24.7041, dg/da = 138.8338, dg/db = 645.5773.
    let root = view["root"].as_u64().unwrap();
    let g = view["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == root)
        .unwrap();
    assert!((num(&g["data"]) - 24.70408163265306).abs() < 1e-9);
    assert!((num(&variable(&view, "a")["grad"]) - 138.83381924198252).abs() < 1e-9);
    assert!((num(&variable(&view, "b")["grad"]) - 645.5772594752186).abs() < 1e-9);
    // The variables are leaves; every node with inputs is a forward step.
    assert_eq!(variable(&view, "a")["data"], -4.0);
    let ops = view["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == "op")
        .count();
    assert_eq!(view["forward"].as_array().unwrap().len(), ops);
    // The drawing has a box per node and a circle per op.
    assert_eq!(
        view["layout"]["values"].as_array().unwrap().len(),
        view["nodes"].as_array().unwrap().len()
    );
    assert_eq!(view["layout"]["ops"].as_array().unwrap().len(), ops);
}

#[test]
fn backward_steps_follow_the_sweep_and_their_running_sums_end_at_each_gradient() {
    let server = start(Limits::default());
    // b = a + a (a reused), then tanh and a power with a constant exponent.
    for body in [
        micrograd(),
        json!({ "formula": "tanh(a + a) * a + a^3 + relu(a - 2)", "values": { "a": 0.7 } }),
    ] {
        let view = post(server.address(), "/api/expression", &body).json();
        let steps = view["backward"].as_array().unwrap();
        let root = &view["root"];
        // Seeded with 1 at the root.
        assert_eq!(steps[0]["from"], *root);
        assert_eq!(steps[0]["to"], *root);
        assert_eq!(steps[0]["sum"], 1.0);
        let mut last_sum: HashMap<u64, f64> = HashMap::new();
        let mut previous_from = u64::MAX;
        for step in steps {
            let from = step["from"].as_u64().unwrap();
            // Latest node first, as the reverse sweep goes.
            assert!(from <= previous_from);
            previous_from = from;
            let (up, local, contribution) = (
                any_num(&step["upstream"]),
                any_num(&step["local"]),
                any_num(&step["contribution"]),
            );
            if up != 0.0 {
                assert!(same(contribution, up * local));
            }
            last_sum.insert(step["to"].as_u64().unwrap(), any_num(&step["sum"]));
        }
        for node in view["nodes"].as_array().unwrap() {
            let id = node["id"].as_u64().unwrap();
            if let Some(&sum) = last_sum.get(&id) {
                assert!(same(sum, any_num(&node["grad"])), "node {id}");
            }
        }
        for v in view["variables"].as_array().unwrap() {
            assert!(last_sum.contains_key(&v["node"].as_u64().unwrap()));
        }
    }
}

#[test]
fn a_value_used_twice_shows_its_running_sum_growing() {
    let server = start(Limits::default());
    // f = x·x at x = 3: x receives 3 twice, its sum goes 3 then 6.
    let view = post(
        server.address(),
        "/api/expression",
        &json!({ "formula": "x * x", "values": { "x": 3 } }),
    )
    .json();
    let into_x: Vec<f64> = view["backward"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["to"] == 0 && s["from"] != 0)
        .map(|s| num(&s["sum"]))
        .collect();
    assert_eq!(into_x, vec![3.0, 6.0]);
}

#[test]
fn the_paths_add_up_to_the_gradient() {
    let server = start(Limits::default());
    for wrt in ["a", "b"] {
        let mut body = micrograd();
        body["wrt"] = json!(wrt);
        body["limit"] = json!(200);
        let reply = post(server.address(), "/api/paths", &body);
        assert_eq!(reply.status, 200, "{:?}", reply.json());
        let paths = reply.json();
        let (total, grad) = (num(&paths["total"]), num(&paths["grad"]));
        assert!(
            (total - grad).abs() <= 1e-9 * grad.abs(),
            "{total} vs {grad}"
        );
        let listed: f64 = paths["paths"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                let locals: f64 = p["locals"].as_array().unwrap().iter().map(num).product();
                assert!((locals - num(&p["product"])).abs() <= 1e-12 * locals.abs().max(1.0));
                num(&p["product"])
            })
            .sum();
        if paths["complete"] == true {
            assert!((listed - grad).abs() <= 1e-9 * grad.abs());
        }
    }
    // x·x + x at 3: three paths (two through x·x), 3 + 3 + 1 = 7.
    let paths = post(
        server.address(),
        "/api/paths",
        &json!({ "formula": "x*x + x", "values": { "x": 3 }, "wrt": "x" }),
    )
    .json();
    assert_eq!(paths["count"], 3);
    assert_eq!(paths["total"], 7.0);
}

#[test]
fn nudge_predicts_the_change_to_second_order() {
    let server = start(Limits::default());
    let error_at = |h: f64| {
        let mut body = micrograd();
        body["h"] = json!(h);
        let nudge = post(server.address(), "/api/nudge", &body).json();
        assert!((num(&nudge["f"]) - 24.70408163265306).abs() < 1e-9);
        nudge["variables"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| {
                let (predicted, actual) = (num(&v["predicted"]), num(&v["actual"]));
                assert_eq!(predicted, num(&v["grad"]) * h);
                (actual - predicted).abs()
            })
            .collect::<Vec<f64>>()
    };
    // f(x + h) - f(x) - f'(x)·h = f''(x)·h²/2 + O(h³): ten times smaller h,
    // a hundred times smaller error.
    let (coarse, fine) = (error_at(1e-3), error_at(1e-4));
    for (c, f) in coarse.iter().zip(&fine) {
        let ratio = c / f;
        assert!((80.0..125.0).contains(&ratio), "error ratio {ratio}");
    }
    let refused = post(
        server.address(),
        "/api/nudge",
        &json!({ "formula": "x", "values": { "x": 1 }, "h": 0 }),
    );
    assert_eq!(refused.status, 400);
}

#[test]
fn a_nan_is_reported_at_the_node_where_it_is_born() {
    let server = start(Limits::default());
    // sqrt(x - 3) at x = 1: sqrt(-2) is NaN; the subtraction is finite.
    let view = post(
        server.address(),
        "/api/expression",
        &json!({ "formula": "sqrt(x - 3) + x", "values": { "x": 1 } }),
    )
    .json();
    let sqrt = view["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["op"] == "sqrt")
        .unwrap();
    assert_eq!(sqrt["data"], "NaN");
    let first = &view["anomalies"][0];
    assert_eq!(first["node"], sqrt["id"]);
    assert_eq!(first["what"], "value");
    assert_eq!(first["kind"], "nan");
    // An infinity is written as a string too: ln(0) = -inf.
    let view = post(
        server.address(),
        "/api/expression",
        &json!({ "formula": "ln(x)", "values": { "x": 0 } }),
    )
    .json();
    assert_eq!(view["nodes"][1]["data"], "-inf");
    assert_eq!(view["anomalies"][0]["kind"], "-inf");
    // A finite expression has none.
    let view = post(
        server.address(),
        "/api/expression",
        &json!({ "formula": "x + 1", "values": { "x": 0 } }),
    )
    .json();
    assert_eq!(view["anomalies"], json!([]));
}

#[test]
fn formula_errors_carry_their_column() {
    let server = start(Limits::default());
    for (formula, column) in [
        ("x + foo(2)", 5),
        ("x * (y + 1", 5),
        ("x +", 4),
        ("2 * zz", 5),
    ] {
        let reply = post(
            server.address(),
            "/api/expression",
            &json!({ "formula": formula, "values": { "x": 1, "y": 2 } }),
        );
        assert_eq!(reply.status, 400, "{formula}");
        assert!(reply.is_json_error());
        assert_eq!(
            reply.json()["column"],
            column,
            "{formula}: {:?}",
            reply.json()
        );
    }
    // Errors that are not about the formula have no column.
    let reply = post(
        server.address(),
        "/api/paths",
        &json!({ "formula": "x", "values": { "x": 1 }, "wrt": "q" }),
    );
    assert_eq!(reply.status, 400);
    assert!(reply.json().get("column").is_none());
}

#[test]
fn limits_are_refused_with_a_message_naming_them() {
    let server = start(Limits::default());
    let long = "x+".repeat(1000) + "x";
    let reply = post(
        server.address(),
        "/api/expression",
        &json!({ "formula": long, "values": { "x": 1 } }),
    );
    assert_eq!(reply.status, 400);
    assert!(reply.json()["error"].as_str().unwrap().contains("2000"));
    let body = vec![b' '; 70 * 1024];
    let reply = request(
        server.address(),
        "POST",
        "/api/expression",
        Some("application/json"),
        &body,
    );
    assert_eq!(reply.status, 413);
    assert!(reply.is_json_error());
    let reply = post(
        server.address(),
        "/api/paths",
        &json!({ "formula": "x", "values": { "x": 1 }, "wrt": "x", "limit": 201 }),
    );
    assert_eq!(reply.status, 400);
    let values: serde_json::Map<String, Value> =
        (0..101).map(|k| (format!("v{k}"), json!(1))).collect();
    let reply = post(
        server.address(),
        "/api/expression",
        &json!({ "formula": "v0", "values": values }),
    );
    assert_eq!(reply.status, 400);
}

#[test]
fn xss_probes_come_back_only_as_json_strings() {
    let server = start(Limits::default());
    let probes = [
        "<script>alert(1)</script>",
        "\"><img src=x onerror=alert(1)>",
    ];
    for probe in probes {
        // As a formula, and as a variable's name.
        let as_formula = post(
            server.address(),
            "/api/expression",
            &json!({ "formula": probe, "values": {} }),
        );
        let as_name = post(
            server.address(),
            "/api/expression",
            &json!({ "formula": "x", "values": { probe: 1, "x": 2 } }),
        );
        let as_wrt = post(
            server.address(),
            "/api/paths",
            &json!({ "formula": "x", "values": { "x": 2 }, "wrt": probe }),
        );
        let as_path = get(server.address(), "/api/network/%3Cscript%3E/neuron/0/0");
        for reply in [as_formula, as_name, as_wrt, as_path] {
            assert!(reply.is_json_error(), "{reply:?}");
            assert_eq!(reply.header("x-content-type-options"), Some("nosniff"));
            assert!(reply
                .header("content-security-policy")
                .is_some_and(|p| p.contains("script-src 'self'")));
            // Whatever the message says, it is one JSON string.
            let error = reply.json();
            assert_eq!(
                error.as_object().unwrap().len(),
                1 + error.get("column").is_some() as usize
            );
        }
    }
}

#[test]
fn a_thousand_malformed_requests_get_json_errors_and_the_server_survives() {
    let server = start(Limits::default());
    let address = server.address();
    let malformed: Vec<(&str, &str, Option<&str>, Vec<u8>)> = vec![
        (
            "POST",
            "/api/expression",
            Some("application/json"),
            b"{".to_vec(),
        ),
        (
            "POST",
            "/api/expression",
            Some("application/json"),
            b"[1, 2]".to_vec(),
        ),
        (
            "POST",
            "/api/expression",
            Some("application/json"),
            br#"{"formula": 3}"#.to_vec(),
        ),
        (
            "POST",
            "/api/expression",
            Some("application/json"),
            br#"{"formula": "x", "values": {"x": "1"}}"#.to_vec(),
        ),
        (
            "POST",
            "/api/expression",
            Some("application/json"),
            br#"{"formula": "x", "extra": 1}"#.to_vec(),
        ),
        (
            "POST",
            "/api/expression",
            Some("text/plain"),
            br#"{"formula": "x"}"#.to_vec(),
        ),
        ("POST", "/api/expression", None, b"".to_vec()),
        (
            "POST",
            "/api/expression",
            Some("application/json"),
            vec![0xff, 0xfe, 0x00],
        ),
        ("GET", "/api/expression", None, b"".to_vec()),
        (
            "PUT",
            "/api/nudge",
            Some("application/json"),
            b"{}".to_vec(),
        ),
        (
            "POST",
            "/api/nudge",
            Some("application/json"),
            br#"{"formula": "x", "values": {"x": 1}, "h": "big"}"#.to_vec(),
        ),
        (
            "POST",
            "/api/paths",
            Some("application/json"),
            br#"{"formula": "x", "values": {"x": 1}}"#.to_vec(),
        ),
        (
            "POST",
            "/api/network",
            Some("application/json"),
            br#"{"layers": [16, -1]}"#.to_vec(),
        ),
        (
            "POST",
            "/api/network",
            Some("application/json"),
            br#"{"layers": [1000]}"#.to_vec(),
        ),
        (
            "POST",
            "/api/network",
            Some("application/json"),
            br#"{"dataset": "mnist"}"#.to_vec(),
        ),
        (
            "POST",
            "/api/network",
            Some("application/json"),
            br#"{"preset": "gpt"}"#.to_vec(),
        ),
        (
            "POST",
            "/api/network",
            Some("application/json"),
            br#"{"learning_rate": -1}"#.to_vec(),
        ),
        (
            "POST",
            "/api/network/s999/step",
            Some("application/json"),
            br#"{"steps": 1}"#.to_vec(),
        ),
        (
            "POST",
            "/api/network/s1/step",
            Some("application/json"),
            br#"{"steps": 1e9}"#.to_vec(),
        ),
        ("GET", "/api/network/s1/neuron/x/0", None, b"".to_vec()),
        (
            "GET",
            "/api/network/s1/neuron/0/0?example=-1",
            None,
            b"".to_vec(),
        ),
        (
            "GET",
            "/api/network/s1/neuron/0/0?bogus=1",
            None,
            b"".to_vec(),
        ),
        ("DELETE", "/api/network/nope", None, b"".to_vec()),
        ("GET", "/api/lesson?lang=%ZZ", None, b"".to_vec()),
        ("GET", "/api/lesson?lang=%3Cscript%3E", None, b"".to_vec()),
        ("GET", "/api/nothing/here", None, b"".to_vec()),
        ("GET", "/../../etc/passwd", None, b"".to_vec()),
        ("GET", "/app.js.bak", None, b"".to_vec()),
    ];
    let start_time = Instant::now();
    for k in 0..1000 {
        let (method, path, content_type, body) = &malformed[k % malformed.len()];
        let reply = request(address, method, path, *content_type, body);
        assert!(
            reply.is_json_error() && reply.status < 500,
            "{method} {path}: {reply:?}"
        );
        assert!(start_time.elapsed() < Duration::from_secs(120));
    }
    // Bytes that are not HTTP at all: the connection may be closed, but the
    // server goes on.
    for garbage in [
        &b"\x00\x01\x02\r\n\r\n"[..],
        b"GET / HTTP/9.9\r\n\r\n",
        b"NOT HTTP\r\n\r\n",
    ] {
        let _ = raw(address, garbage);
    }
    let reply = post(
        address,
        "/api/expression",
        &json!({ "formula": "x", "values": { "x": 1 } }),
    );
    assert_eq!(reply.status, 200);
}

#[test]
fn requests_naming_another_host_are_refused() {
    let server = start(Limits::default());
    let request = format!(
        "GET / HTTP/1.1\r\nHost: evil.example:{}\r\nConnection: close\r\n\r\n",
        server.address().port()
    );
    let reply = raw(server.address(), request.as_bytes()).unwrap();
    assert_eq!(reply.status, 403);
    assert!(reply.is_json_error());
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

#[test]
fn one_variable_is_a_graph_of_one_box_and_big_constants_read_as_formulas_write_them() {
    let server = start(Limits::default());
    let view = post(
        server.address(),
        "/api/expression",
        &json!({ "formula": "x", "values": { "x": 5 } }),
    )
    .json();
    assert_eq!(view["nodes"].as_array().unwrap().len(), 1);
    assert_eq!(view["forward"], json!([]));
    // Only the seed: d x/d x = 1.
    assert_eq!(view["backward"].as_array().unwrap().len(), 1);
    assert_eq!(view["variables"][0]["grad"], 1.0);
    assert_eq!(view["layout"]["values"].as_array().unwrap().len(), 1);
    let view = post(
        server.address(),
        "/api/expression",
        &json!({ "formula": "1e300 * x + 0.5", "values": { "x": 1 } }),
    )
    .json();
    let labels: Vec<&str> = view["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == "constant")
        .map(|n| n["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, vec!["1e300", "0.5"]);
}
