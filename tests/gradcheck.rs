//! Every op's derivative against central finite differences: one op at a time
//! at many random points, then random expression trees mixing all of them.

use crate::common;

use common::expr::{build, near_a_kink, random_expr};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use scalargrad::gradcheck::{gradcheck, gradcheck_with, GradcheckOptions};
use scalargrad::{Graph, Value};

/// Tight tolerances for smooth single ops: the central difference with
/// ε = 1e-6 is accurate to about ε² + 1e-16/ε ≈ 1e-10.
const TIGHT: GradcheckOptions = GradcheckOptions {
    eps: 1e-6,
    atol: 1e-7,
    rtol: 1e-6,
    check_nodes: false,
};

type UnaryCase = (&'static str, fn(Value) -> Value, f64, f64);

/// Each unary op (with any constant fixed) and a domain away from kinks and
/// poles; points in `(lo, hi)` and, for kinked ops, `|x| > 0.01`.
fn unary_cases() -> Vec<UnaryCase> {
    vec![
        ("neg", |x| -x, -5.0, 5.0),
        ("exp", |x| x.exp(), -5.0, 5.0),
        ("ln", |x| x.ln(), 0.05, 10.0),
        ("sqrt", |x| x.sqrt(), 0.05, 10.0),
        ("sin", |x| x.sin(), -6.0, 6.0),
        ("cos", |x| x.cos(), -6.0, 6.0),
        ("tanh", |x| x.tanh(), -4.0, 4.0),
        ("sigmoid", |x| x.sigmoid(), -8.0, 8.0),
        ("relu", |x| x.relu(), -3.0, 3.0),
        ("softplus", |x| x.softplus(), -8.0, 8.0),
        ("gelu", |x| x.gelu(), -5.0, 5.0),
        ("abs", |x| x.abs(), -5.0, 5.0),
        ("x·sign(x)", |x| x * x.sign(), -5.0, 5.0),
        ("powf(3)", |x| x.powf(3.0), -3.0, 3.0),
        ("powf(-1.5)", |x| x.powf(-1.5), 0.1, 5.0),
        ("powf(0.5)", |x| x.powf(0.5), 0.05, 5.0),
        ("leaky_relu(0.01)", |x| x.leaky_relu(0.01), -3.0, 3.0),
        ("leaky_relu(0.2)", |x| x.leaky_relu(0.2), -3.0, 3.0),
        ("elu(1)", |x| x.elu(1.0), -4.0, 3.0),
        ("elu(0.5)", |x| x.elu(0.5), -4.0, 3.0),
        ("swish(1)", |x| x.swish(1.0), -6.0, 6.0),
        ("swish(2.5)", |x| x.swish(2.5), -6.0, 6.0),
        ("x + 2", |x| x + 2.0, -5.0, 5.0),
        ("2 - x", |x| 2.0 - x, -5.0, 5.0),
        ("x * 3", |x| x * 3.0, -5.0, 5.0),
        ("3 / x", |x| 3.0 / x, 0.2, 5.0),
    ]
}

#[test]
fn every_unary_op_matches_finite_differences() {
    let mut rng = StdRng::seed_from_u64(7);
    for (name, op, lo, hi) in unary_cases() {
        for _ in 0..200 {
            let x: f64 = rng.random_range(lo..hi);
            if x.abs() < 0.01 {
                continue;
            }
            let report = gradcheck_with(|_g, v| op(v[0]), &[x], TIGHT);
            assert!(report.passed(), "{name} at x = {x}:\n{report}");
        }
    }
}

type BinaryCase = (
    &'static str,
    for<'g> fn(Value<'g>, Value<'g>) -> Value<'g>,
    (f64, f64),
    (f64, f64),
);

#[test]
fn every_binary_op_matches_finite_differences() {
    let cases: Vec<BinaryCase> = vec![
        ("x + y", |x, y| x + y, (-5.0, 5.0), (-5.0, 5.0)),
        ("x - y", |x, y| x - y, (-5.0, 5.0), (-5.0, 5.0)),
        ("x * y", |x, y| x * y, (-5.0, 5.0), (-5.0, 5.0)),
        ("x / y", |x, y| x / y, (-5.0, 5.0), (0.2, 5.0)),
        ("pow(x, y)", |x, y| x.pow(y), (0.1, 4.0), (-2.0, 3.0)),
        ("prelu(x, a)", |x, a| x.prelu(a), (-3.0, 3.0), (-0.5, 0.5)),
        (
            "dot",
            |x, y| x.graph().dot(&[x, y, x], &[y, y, x]),
            (-3.0, 3.0),
            (-3.0, 3.0),
        ),
        (
            "affine",
            |x, y| x.graph().affine(&[x, y], &[y, x], x),
            (-3.0, 3.0),
            (-3.0, 3.0),
        ),
        (
            "sum",
            |x, y| x.graph().sum(&[x, y, x, x]),
            (-3.0, 3.0),
            (-3.0, 3.0),
        ),
    ];
    let mut rng = StdRng::seed_from_u64(11);
    for (name, op, (xlo, xhi), (ylo, yhi)) in cases {
        for _ in 0..200 {
            let x: f64 = rng.random_range(xlo..xhi);
            let y: f64 = rng.random_range(ylo..yhi);
            if x.abs() < 0.01 {
                continue; // prelu's kink
            }
            let report = gradcheck_with(|_g, v| op(v[0], v[1]), &[x, y], TIGHT);
            assert!(report.passed(), "{name} at ({x}, {y}):\n{report}");
        }
    }
}

#[test]
fn random_expression_trees_match_finite_differences() {
    let mut rng = StdRng::seed_from_u64(2024);
    let mut checked = 0;
    let mut tries = 0;
    while checked < 500 {
        tries += 1;
        assert!(tries < 5_000, "too many rejected samples");
        let n_inputs = rng.random_range(1..4);
        let expr = random_expr(&mut rng, 5, n_inputs);
        let point: Vec<f64> = (0..n_inputs).map(|_| rng.random_range(-2.0..2.0)).collect();

        let g = Graph::new();
        let inputs = g.values(&point);
        let root = build(&expr, &g, &inputs);
        if !root.data().is_finite() || root.data().abs() > 1e4 || near_a_kink(root, 1e-3) {
            continue;
        }
        let report = gradcheck(|g, x| build(&expr, g, x), &point);
        assert!(report.passed(), "{expr:?} at {point:?}:\n{report}");
        checked += 1;
    }
}

/// Same bits, or both NaN.
fn same(x: f64, y: f64) -> bool {
    x.to_bits() == y.to_bits() || (x.is_nan() && y.is_nan())
}

#[test]
fn replaying_random_trees_equals_recording_them_again() {
    // `Graph::recompute` and backward take shortcuts for common ops; the
    // replayed graph must give, bit for bit, what a fresh recording at the
    // new point gives (the fresh recording evaluates through `Value`'s ops).
    let mut rng = StdRng::seed_from_u64(77);
    for _ in 0..500 {
        let n_inputs = rng.random_range(1..4);
        let expr = random_expr(&mut rng, 5, n_inputs);
        let first: Vec<f64> = (0..n_inputs).map(|_| rng.random_range(-2.0..2.0)).collect();
        let g = Graph::new();
        let inputs = g.values(&first);
        let root = build(&expr, &g, &inputs);
        root.backward();
        for _ in 0..3 {
            let point: Vec<f64> = (0..n_inputs).map(|_| rng.random_range(-2.0..2.0)).collect();
            for (input, &x) in inputs.iter().zip(&point) {
                input.set_data(x);
            }
            g.recompute();
            g.zero_grad();
            root.backward();

            let fresh = Graph::new();
            let fresh_inputs = fresh.values(&point);
            let fresh_root = build(&expr, &fresh, &fresh_inputs);
            fresh_root.backward();
            assert!(
                same(root.data(), fresh_root.data()),
                "{expr:?} at {point:?}: replayed {} vs recorded {}",
                root.data(),
                fresh_root.data()
            );
            for (k, (a, b)) in inputs.iter().zip(&fresh_inputs).enumerate() {
                assert!(
                    same(a.grad(), b.grad()),
                    "{expr:?} at {point:?}: input {k} replayed gradient {} vs recorded {}",
                    a.grad(),
                    b.grad()
                );
            }
        }
    }
}

#[test]
fn gradcheck_reports_a_mismatch_at_relus_kink() {
    let report = gradcheck(|_g, x| x[0].relu(), &[0.0]);
    assert!(!report.passed());
    let check = &report.inputs[0];
    assert_eq!(check.analytic, 0.0); // PyTorch's relu'(0)
    assert_eq!(check.numeric, 0.5); // (relu(ε) - relu(-ε)) / 2ε = ε / 2ε
    assert_eq!(report.failures().count(), 1);
    assert!(report.to_string().contains("NO"));
}

#[test]
fn gradcheck_fails_on_a_derivative_that_is_not_there() {
    // |x| written as sqrt(x²), at x = 1e-7: autograd gives x/|x| = 1, but the
    // kink at 0 lies within ε = 1e-6, so the central difference is
    // (|x + ε| - |x - ε|) / 2ε = x/ε = 0.1. The check must notice.
    let report = gradcheck(|_g, x| (x[0] * x[0]).sqrt(), &[1e-7]);
    assert!(!report.passed(), "{report}");
}

#[test]
fn gradcheck_report_lists_every_input() {
    // f(x, y) = x²·y: ∂f/∂x = 2xy = -12, ∂f/∂y = x² = 9 at (3, -2)
    let report = gradcheck(|_g, v| v[0] * v[0] * v[1], &[3.0, -2.0]);
    assert!(report.passed());
    assert_eq!(report.value, -18.0);
    assert_eq!(report.inputs.len(), 2);
    assert_eq!(report.inputs[0].analytic, -12.0);
    assert_eq!(report.inputs[1].analytic, 9.0);
    assert!((report.inputs[0].numeric + 12.0).abs() < 1e-6);
}

/// `x·y²` with a wrong partial toward y: `xy` instead of `2xy`.
struct WrongPartial;

impl scalargrad::CustomOp for WrongPartial {
    fn name(&self) -> &str {
        "wrong_xyy"
    }
    fn forward(&self, v: &[f64]) -> f64 {
        v[0] * v[1] * v[1]
    }
    fn partials(&self, v: &[f64], _out: f64) -> Vec<f64> {
        vec![v[1] * v[1], v[0] * v[1]] // the 2 is forgotten
    }
}

#[test]
fn a_custom_op_with_a_wrong_derivative_fails_and_is_named() {
    let report = gradcheck(
        |g, v| g.custom(WrongPartial, &[v[0], v[1]]).tanh(),
        &[0.5, 0.8],
    );
    assert!(!report.passed());
    assert!(report.inputs[0].ok && !report.inputs[1].ok); // ∂/∂x right, ∂/∂y off
    assert_eq!(report.nodes.len(), 1, "{report}");
    let node = &report.nodes[0];
    // ∂(xy²)/∂y at (0.5, 0.8): the op says xy = 0.4, the truth is 2xy = 0.8.
    assert_eq!(
        (node.op.as_str(), node.input, node.kink),
        ("wrong_xyy", 1, false)
    );
    assert!((node.analytic - 0.4).abs() < 1e-15 && (node.numeric - 0.8).abs() < 1e-8);
    assert!(report.to_string().contains("wrong_xyy"), "{report}");
}

#[test]
fn a_kink_is_named_as_a_kink_not_an_error() {
    // relu at 0: autograd 0, central difference ½; the node check says the
    // one-sided differences (0 and 1) disagree: a kink.
    let report = gradcheck(|_g, v| (v[0] * 2.0).relu(), &[0.0]);
    assert!(!report.passed());
    assert_eq!(report.nodes.len(), 1);
    assert!(report.nodes[0].kink && report.nodes[0].op == "relu");
    assert!(report.to_string().contains("a kink"));
    // A smooth function that passes: no node is listed, even when asked.
    let options = GradcheckOptions {
        check_nodes: true,
        ..GradcheckOptions::default()
    };
    let report = gradcheck_with(
        |_g, v| (v[0] * v[1]).tanh() + v[0].exp(),
        &[0.2, -0.4],
        options,
    );
    assert!(report.passed() && report.nodes.is_empty(), "{report}");
}

#[test]
fn beside_a_kink_or_near_a_pole_is_not_called_a_kink() {
    use scalargrad::gradcheck::check_nodes;
    let options = GradcheckOptions::default();
    let g = Graph::new();
    // relu at 3e-7: its derivative is 1, but the central difference with
    // ε = 1e-6 crosses the kink: (1.3e-6 - 0) / 2e-6 = 0.65. The one-sided
    // differences disagree at ε (0.3 and 1) and agree at ε/1000 (1 and 1).
    let found = check_nodes(g.value(3e-7).relu(), &options);
    assert_eq!(found.len(), 1);
    assert!(!found[0].kink, "{}", found[0]);
    // ln at 6e-6: ln'' = -1/a² is large, so the central difference is off
    // by about ε²/(3a²) ≈ 1%, but the one-sided differences close in as
    // the step shrinks.
    let found = check_nodes(g.value(6e-6).ln(), &options);
    assert_eq!(found.len(), 1);
    assert!(!found[0].kink, "{}", found[0]);
    // At the kink itself, they stay 0 and 1 however small the step.
    let found = check_nodes(g.value(0.0).relu(), &options);
    assert!(found[0].kink);
}

#[test]
fn the_step_grows_with_large_inputs_instead_of_vanishing() {
    // At x = 1e20 an absolute step of 1e-6 does not move x (its spacing is
    // 16384), so the difference quotient was 0 against an exact slope of 1
    // (found by the command line's property test). With the step ε·|x| the
    // quotient of a line is its slope, and x² gives 2x: (x+h)² − (x−h)² =
    // 4xh exactly up to rounding.
    for x in [1e20, -3e87, 5e10] {
        let line = gradcheck(|_g, v| v[0] * 2.0 + 1.0, &[x]);
        assert!(line.passed(), "2x + 1 at {x}:\n{line}");
        let square = gradcheck(|_g, v| v[0] * v[0], &[x]);
        assert!(square.passed(), "x² at {x}:\n{square}");
    }
    // At |x| ≤ 1 the step is ε itself, as PyTorch's.
    let options = GradcheckOptions::default();
    let report = gradcheck_with(|_g, v| v[0] * v[0] * v[0], &[0.5], options);
    let (h, cube) = (options.eps, |x: f64| x * x * x);
    let expected = (cube(0.5 + h) - cube(0.5 - h)) / (2.0 * h);
    assert_eq!(report.inputs[0].numeric, expected);
}
