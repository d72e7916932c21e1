//! `scalargrad grad --order 2`, `hessian` and `check --order 2`, run as a
//! user runs them; the expected numbers are worked out by hand in comments.

use std::process::Output;

use crate::common::cli::{scalargrad, stderr};

use serde_json::Value as Json;

fn json(o: &Output) -> Json {
    serde_json::from_slice(&o.stdout).expect("JSON on standard output")
}

#[test]
fn grad_order_two_gives_every_second_partial() {
    // f = x³y at (2, 1): f = 8; ∂f/∂x = 3x²y = 12, ∂f/∂y = x³ = 8;
    // ∂²f/∂x² = 6xy = 12, ∂²f/∂x∂y = 3x² = 12, ∂²f/∂y² = 0.
    let out = scalargrad(&["grad", "--order", "2", "x^3*y", "x=2", "y=1", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let j = json(&out);
    assert_eq!(j["value"], 8.0);
    assert_eq!(j["grad"]["x"], 12.0);
    assert_eq!(j["grad"]["y"], 8.0);
    assert_eq!(j["second"]["x"]["x"], 12.0);
    assert_eq!(j["second"]["x"]["y"], 12.0);
    assert_eq!(j["second"]["y"]["x"], 12.0);
    assert_eq!(j["second"]["y"]["y"], 0.0);

    let text = scalargrad(&["grad", "--order", "2", "x^3*y", "x=2", "y=1"]);
    let text = String::from_utf8_lossy(&text.stdout).into_owned();
    assert!(text.contains("∂f/∂x = 12"), "{text}");
    let rows: Vec<Vec<&str>> = text
        .lines()
        .rev()
        .take(2)
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(rows, vec![vec!["y", "12", "0"], vec!["x", "12", "12"]]);
}

#[test]
fn hessian_of_rosenbrock() {
    // (1 − x)² + 100(y − x²)²: H = [[2 − 400(y − x²) + 800x², −400x],
    // [−400x, 200]], which is [[802, −400], [−400, 200]] at (1, 1) and
    // [[2, 0], [0, 200]] at (0, 0).
    let f = "(1-x)^2 + 100*(y-x^2)^2";
    for (at, expected) in [
        (["x=1", "y=1"], [[802.0, -400.0], [-400.0, 200.0]]),
        (["x=0", "y=0"], [[2.0, 0.0], [0.0, 200.0]]),
    ] {
        let out = scalargrad(&["hessian", f, at[0], at[1], "--json"]);
        assert!(out.status.success(), "{}", stderr(&out));
        let j = json(&out);
        assert_eq!(j["variables"], serde_json::json!(["x", "y"]));
        assert_eq!(j["hessian"], serde_json::json!(expected), "at {at:?}");
    }
    let text = scalargrad(&["hessian", f, "x=1", "y=1"]);
    let text = String::from_utf8_lossy(&text.stdout).into_owned();
    assert!(text.starts_with("Hessian of f at x = 1, y = 1:"), "{text}");
    assert!(text.contains("-400"), "{text}");
}

#[test]
fn check_order_two_passes_on_a_smooth_formula_and_fails_at_a_kink() {
    let out = scalargrad(&[
        "check",
        "--order",
        "2",
        "sin(x*y) + exp(x)",
        "x=0.3",
        "y=-0.7",
        "--json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let j = json(&out);
    assert_eq!(j["passed"], true);
    assert_eq!(j["entries"].as_array().map(Vec::len), Some(4));

    // relu(x)·x is x² for x > 0 and 0 below: f'' jumps from 0 to 2 at 0.
    // Autograd takes relu's side of the kink (f'' = 0); the central
    // difference of f' = 2·relu(x) straddles it: (2ε − 0)/2ε = 1.
    let out = scalargrad(&["check", "--order", "2", "relu(x)*x", "x=0", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let j = json(&out);
    assert_eq!(j["passed"], false);
    assert_eq!(j["entries"][0]["analytic"], 0.0);
    assert!((j["entries"][0]["numeric"].as_f64().unwrap() - 1.0).abs() < 1e-6);
}

#[test]
fn a_second_derivative_that_is_not_finite_says_where_and_exits_one() {
    // ln(x) at 0: f = −∞, f' = 1/x = ∞, f'' = −1/x² = −∞.
    let out = scalargrad(&["grad", "--order", "2", "ln(x)", "x=0"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("not finite"), "{}", stderr(&out));
    // x·x at 3: f = 9, f' = 6, f'' = 2, all finite: status 0.
    let out = scalargrad(&["hessian", "x*x", "x=3"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn mistakes_in_the_command_are_errors() {
    for args in [
        vec!["grad", "--order", "3", "x", "x=1"],
        vec!["grad", "--order", "0", "x", "x=1"],
        vec!["check", "--order", "2", "x", "x=1", "--eps", "0"],
        vec!["hessian", "x +", "x=1"],
    ] {
        let out = scalargrad(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    }
    let values: Vec<String> = (0..101).map(|i| format!("x{i}=1")).collect();
    let formula: Vec<String> = (0..101).map(|i| format!("x{i}")).collect();
    let formula = formula.join("+");
    let mut args = vec!["hessian", formula.as_str()];
    args.extend(values.iter().map(String::as_str));
    let out = scalargrad(&args);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("at most 100"), "{}", stderr(&out));
}
