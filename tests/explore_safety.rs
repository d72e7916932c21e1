//! The explorer's safety over real HTTP: formula errors with their column,
//! limits, escaping of what a user typed, malformed requests, and the
//! `Host` check.

#![cfg(feature = "explore")]

use crate::explore_client;

use std::time::{Duration, Instant};

use explore_client::{get, post, raw, request, start};
use scalargrad::explore::Limits;
use serde_json::{json, Value};

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
