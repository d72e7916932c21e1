//! "Your derivative" in the explorer (`POST /api/verify`), over real HTTP:
//! the verdict and every point with both numbers (checked against
//! derivatives computed here), the box, undefined points, and every
//! mistake in a request answered with a 400 that says what is wrong.

#![cfg(feature = "explore")]

use crate::explore_client;

use explore_client::{num, post, start};
use scalargrad::explore::Limits;
use serde_json::json;

#[test]
fn the_chain_rule_forgotten_is_wrong_at_the_points_listed_with_both_numbers() {
    let server = start(Limits::default());
    let reply = post(
        server.address(),
        "/api/verify",
        &json!({ "formula": "sin(x^2) + y", "wrt": "x", "derivative": "cos(x^2)", "box": { "x": [0.5, 2] }, "points": 40, "seed": 3 }),
    );
    assert_eq!(
        reply.status,
        200,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    let v = reply.json();
    assert_eq!(v["wrt"], "x");
    assert_eq!(v["variables"], json!(["x", "y"]));
    // x in its box, y in the default one.
    assert_eq!(v["box"], json!([[0.5, 2.0], [-3.0, 3.0]]));
    assert_eq!(v["passed"], false);
    let points = v["points"].as_array().unwrap();
    assert_eq!(points.len(), 40);
    let mut wrong = 0;
    for p in points {
        let (x, y) = (num(&p["at"][0]), num(&p["at"][1]));
        assert!((0.5..=2.0).contains(&x) && (-3.0..=3.0).contains(&y), "{p}");
        // Yours: cos(x²); autograd's: 2x·cos(x²), here by central differences.
        let h = 1e-6;
        let numeric = (((x + h) * (x + h)).sin() - ((x - h) * (x - h)).sin()) / (2.0 * h);
        assert!((num(&p["yours"]) - (x * x).cos()).abs() < 1e-12);
        assert!((num(&p["autograd"]) - numeric).abs() < 1e-6);
        assert_eq!(
            num(&p["difference"]),
            num(&p["yours"]) - num(&p["autograd"])
        );
        wrong += usize::from(p["verdict"] == "disagreed");
    }
    // They agree only where x = ½ or cos(x²) = 0: at none of these points.
    assert_eq!(wrong, 40);
    assert_eq!(
        (v["disagreed"].as_u64(), v["agreed"].as_u64()),
        (Some(40), Some(0))
    );
    assert_eq!(v["first_wrong"], 0);
    let right = post(
        server.address(),
        "/api/verify",
        &json!({ "formula": "sin(x^2) + y", "wrt": "x", "derivative": "2*x*cos(x^2)", "points": 40 }),
    )
    .json();
    assert_eq!(right["passed"], true);
    assert_eq!(right["agreed"], 40);
    assert_eq!(right["first_wrong"], serde_json::Value::Null);
}

#[test]
fn a_kink_is_undefined_not_wrong() {
    let server = start(Limits::default());
    // x = 0 at every point: relu's kink.
    let v = post(
        server.address(),
        "/api/verify",
        &json!({ "formula": "relu(x) * y", "wrt": "x", "derivative": "step(x) * y", "box": { "x": [0, 0] }, "points": 3 }),
    )
    .json();
    assert_eq!(
        (v["passed"].as_bool(), v["undefined"].as_u64()),
        (Some(false), Some(3))
    );
    assert_eq!(v["points"][0]["verdict"], "undefined");
    assert!(v["points"][0]["why"]
        .as_str()
        .unwrap()
        .contains("a kink at node #"));
    // The same derivative over a box around the kink: right.
    let v = post(
        server.address(),
        "/api/verify",
        &json!({ "formula": "relu(x) * y", "wrt": "y", "derivative": "relu(x)" }),
    )
    .json();
    assert_eq!(v["passed"], true);
    assert_eq!(v["agreed"], 60);
}

#[test]
fn every_mistake_in_a_request_is_a_400_that_says_what_is_wrong() {
    let server = start(Limits::default());
    let cases = [
        (
            json!({ "formula": "x^2 +", "wrt": "x", "derivative": "2*x" }),
            "the formula ends where a value is expected at column 6",
            Some(6),
            None,
        ),
        (
            json!({ "formula": "x^2", "wrt": "x", "derivative": "2*foo(x)" }),
            "your derivative: unknown function `foo` at column 3",
            Some(3),
            Some("derivative"),
        ),
        (
            json!({ "formula": "x^2", "wrt": "x", "derivative": "2*x + z" }),
            "your derivative: `z` is not a variable of the formula (its variables: x) at column 7",
            Some(7),
            Some("derivative"),
        ),
        (
            json!({ "formula": "x^2", "wrt": "y", "derivative": "2*x" }),
            "wrt: the formula has no variable `y` (its variables: x)",
            None,
            None,
        ),
        (
            json!({ "formula": "x^2", "wrt": "x", "derivative": "2*x", "points": 0 }),
            "points: 0 is not from 1 to 200",
            None,
            None,
        ),
        (
            json!({ "formula": "x^2", "wrt": "x", "derivative": "2*x", "points": 201 }),
            "points: 201 is not from 1 to 200",
            None,
            None,
        ),
        (
            json!({ "formula": "x^2", "wrt": "x", "derivative": "2*x", "box": { "z": [0, 1] } }),
            "box: the formula has no variable `z`",
            None,
            None,
        ),
        (
            json!({ "formula": "x^2", "wrt": "x", "derivative": "2*x", "box": { "x": [1, 0] } }),
            "box: x must be [low, high], finite, low ≤ high (got [1, 0])",
            None,
            None,
        ),
        (
            json!({ "formula": "x^2", "wrt": "x", "derivative": "x".repeat(2001) }),
            "your derivative has 2001 characters; the limit is 2000",
            None,
            None,
        ),
    ];
    for (body, message, column, field) in cases {
        let reply = post(server.address(), "/api/verify", &body);
        assert_eq!(
            reply.status,
            400,
            "{body}: {}",
            String::from_utf8_lossy(&reply.body)
        );
        let error = reply.json();
        assert_eq!(error["error"], message, "{body}");
        assert_eq!(error["column"].as_u64(), column, "{body}");
        assert_eq!(error["field"].as_str(), field, "{body}");
    }
    // An unknown field, and a box that is not two numbers.
    for body in [
        json!({ "formula": "x", "wrt": "x", "derivative": "1", "colour": "red" }),
        json!({ "formula": "x", "wrt": "x", "derivative": "1", "box": { "x": [1] } }),
    ] {
        let reply = post(server.address(), "/api/verify", &body);
        assert_eq!(reply.status, 400, "{body}");
        assert!(reply.json()["error"]
            .as_str()
            .unwrap()
            .starts_with("the request body is not what this endpoint takes"));
    }
}
