//! `check_derivatives`: a learner's hand-derived derivative against
//! autograd. A table of right and wrong answers, written as formulas (the
//! mistakes learners make: the chain rule forgotten, a sign, a factor 2, the
//! quotient rule), and the points where autograd itself has no answer.

use crate::common;

use std::collections::HashMap;
use std::ops::Range;

use common::panics::assert_names;
use scalargrad::expr::Formula;
use scalargrad::gradcheck::{
    check_derivative, check_derivatives, check_derivatives_with, random_points, DerivativeReport,
    GradcheckOptions, Undefined, Verdict,
};
use scalargrad::{Graph, Value};

/// `f`'s variables in order, the user's derivative with respect to each
/// (same order), the box each variable is drawn from, and whether the
/// derivatives are right.
struct Case {
    f: &'static str,
    variables: &'static [&'static str],
    derivatives: &'static [&'static str],
    domain: Range<f64>,
    right: bool,
    why: &'static str,
}

const fn case(
    f: &'static str,
    derivatives: &'static [&'static str],
    right: bool,
    why: &'static str,
) -> Case {
    Case {
        f,
        variables: &["x"],
        derivatives,
        domain: -3.0..3.0,
        right,
        why,
    }
}

const fn on(mut c: Case, domain: Range<f64>) -> Case {
    c.domain = domain;
    c
}

const fn vars(mut c: Case, variables: &'static [&'static str]) -> Case {
    c.variables = variables;
    c
}

/// The table: each derivative is worked out by hand in `why`.
fn cases() -> Vec<Case> {
    vec![
        // Product rule: (uv)' = u'v + uv'.
        case(
            "x^2*sin(x)",
            &["2*x*sin(x) + x^2*cos(x)"],
            true,
            "product rule",
        ),
        case(
            "x^2*sin(x)",
            &["x*(2*sin(x) + x*cos(x))"],
            true,
            "the same, factored",
        ),
        case("x^2*sin(x)", &["2*x*cos(x)"], false, "(uv)' taken as u'v'"),
        case("x*exp(x)", &["exp(x)*(x + 1)"], true, "product rule"),
        case("x*exp(x)", &["exp(x)"], false, "product rule forgotten"),
        // Chain rule: (g∘h)' = g'(h)·h'.
        case("sin(x^2)", &["2*x*cos(x^2)"], true, "chain rule"),
        case(
            "sin(x^2)",
            &["cos(x^2)"],
            false,
            "chain rule forgotten: no 2x",
        ),
        case("exp(-x^2)", &["-2*x*exp(-x^2)"], true, "chain rule"),
        case(
            "exp(-x^2)",
            &["2*x*exp(-x^2)"],
            false,
            "sign of the inner derivative lost",
        ),
        case(
            "exp(-x^2)",
            &["exp(-x^2)"],
            false,
            "exp' = exp, but the inner -2x forgotten",
        ),
        case("(x^2 + 1)^3", &["6*x*(x^2 + 1)^2"], true, "3(x²+1)²·2x"),
        case(
            "(x^2 + 1)^3",
            &["3*(x^2 + 1)^2"],
            false,
            "chain rule forgotten: no 2x",
        ),
        case("exp(2*x)", &["2*exp(2*x)"], true, "inner derivative 2"),
        case(
            "exp(2*x)",
            &["exp(2*x)"],
            false,
            "inner derivative 2 forgotten",
        ),
        // Powers: a missing factor 2, the power rule misapplied.
        case("x^2", &["2*x"], true, "power rule"),
        case("x^2", &["x"], false, "missing factor 2"),
        case("sqrt(x)", &["1/(2*sqrt(x))"], true, "½x^(-½)").pipe(|c| on(c, 0.1..5.0)),
        case("sqrt(x)", &["1/sqrt(x)"], false, "missing factor ½").pipe(|c| on(c, 0.1..5.0)),
        case("2^x", &["ln(2)*2^x"], true, "(a^x)' = ln a · a^x"),
        case(
            "2^x",
            &["x*2^(x - 1)"],
            false,
            "power rule on an exponential",
        ),
        case("pow(x, x)", &["x^x*(ln(x) + 1)"], true, "x^x = e^(x ln x)").pipe(|c| on(c, 0.2..3.0)),
        case(
            "pow(x, x)",
            &["x*x^(x - 1)"],
            false,
            "power rule on a variable exponent",
        )
        .pipe(|c| on(c, 0.2..3.0)),
        // Signs.
        case("cos(x)", &["-sin(x)"], true, "cos' = -sin"),
        case("cos(x)", &["sin(x)"], false, "sign error"),
        case("1/x", &["-1/x^2"], true, "(x⁻¹)' = -x⁻²").pipe(|c| on(c, 0.1..3.0)),
        case("1/x", &["1/x^2"], false, "sign error").pipe(|c| on(c, 0.1..3.0)),
        case("tanh(x)", &["1 - tanh(x)^2"], true, "tanh' = 1 - tanh²"),
        case(
            "tanh(x)",
            &["4/(exp(x) + exp(-x))^2"],
            true,
            "the same: 1/cosh²",
        ),
        case("tanh(x)", &["1 + tanh(x)^2"], false, "sign error"),
        // Logarithms: d/dx ln|x| = 1/x on both sides of 0.
        case("ln(sqrt(x^2))", &["1/x"], true, "ln|x|, |x| = sqrt(x²)"),
        case("ln(x^2)/2", &["1/x"], true, "ln|x| = ½ ln x²"),
        case(
            "ln(sqrt(x^2))",
            &["1/sqrt(x^2)"],
            false,
            "1/|x|: wrong for x < 0",
        ),
        case("ln(x)", &["1/x"], true, "ln' = 1/x").pipe(|c| on(c, 0.1..5.0)),
        case(
            "ln(x^2 + 1)",
            &["1/(x^2 + 1)"],
            false,
            "chain rule forgotten: no 2x",
        ),
        // Quotient rule: (u/v)' = (u'v - uv')/v².
        case(
            "sin(x)/x",
            &["(x*cos(x) - sin(x))/x^2"],
            true,
            "quotient rule",
        )
        .pipe(|c| on(c, 0.1..3.0)),
        case(
            "sin(x)/x",
            &["(sin(x) - x*cos(x))/x^2"],
            false,
            "numerator reversed",
        )
        .pipe(|c| on(c, 0.1..3.0)),
        case(
            "sin(x)/x",
            &["(x*cos(x) - sin(x))/x"],
            false,
            "v not squared",
        )
        .pipe(|c| on(c, 0.1..3.0)),
        case(
            "x/(1 + x^2)",
            &["(1 - x^2)/(1 + x^2)^2"],
            true,
            "quotient rule",
        ),
        case(
            "x/(1 + x^2)",
            &["(1 + x^2 - 2*x)/(1 + x^2)^2"],
            false,
            "uv' written as v'",
        ),
        // The logistic sigmoid and softplus.
        case(
            "sigmoid(x)",
            &["sigmoid(x)*(1 - sigmoid(x))"],
            true,
            "σ' = σ(1 - σ)",
        ),
        case(
            "sigmoid(x)",
            &["exp(-x)/(1 + exp(-x))^2"],
            true,
            "the same, expanded",
        ),
        case(
            "sigmoid(x)",
            &["sigmoid(x)*(1 + sigmoid(x))"],
            false,
            "sign error",
        ),
        case("softplus(x)", &["sigmoid(x)"], true, "ln(1 + eˣ)' = σ"),
        // Several variables.
        vars(
            case(
                "x^2*y + y^3",
                &["2*x*y", "x^2 + 3*y^2"],
                true,
                "∂x: 2xy, ∂y: x² + 3y²",
            ),
            &["x", "y"],
        ),
        vars(
            case(
                "x^2*y + y^3",
                &["2*x*y", "x^2 + 3*y"],
                false,
                "y³ → 3y: power rule",
            ),
            &["x", "y"],
        ),
        vars(
            case(
                "sin(x*y)",
                &["y*cos(x*y)", "x*cos(x*y)"],
                true,
                "chain rule",
            ),
            &["x", "y"],
        ),
        vars(
            case(
                "sin(x*y)",
                &["cos(x*y)", "x*cos(x*y)"],
                false,
                "∂x: inner y forgotten",
            ),
            &["x", "y"],
        ),
        vars(
            case(
                "tanh(w*x + b)",
                &[
                    "x*(1 - tanh(w*x + b)^2)",
                    "w*(1 - tanh(w*x + b)^2)",
                    "1 - tanh(w*x + b)^2",
                ],
                true,
                "a neuron: ∂/∂w = x·(1 - a²)",
            ),
            &["w", "x", "b"],
        ),
        vars(
            case(
                "tanh(w*x + b)",
                &[
                    "1 - tanh(w*x + b)^2",
                    "w*(1 - tanh(w*x + b)^2)",
                    "1 - tanh(w*x + b)^2",
                ],
                false,
                "∂/∂w without the input x",
            ),
            &["w", "x", "b"],
        ),
    ]
}

trait Pipe: Sized {
    fn pipe(self, f: impl FnOnce(Self) -> Self) -> Self {
        f(self)
    }
}
impl Pipe for Case {}

/// `formula` recorded on `g` with `names[i]` = `x[i]`.
fn build<'g>(formula: &Formula, names: &[&str], g: &'g Graph, x: &[Value<'g>]) -> Value<'g> {
    let values: HashMap<&str, Value<'g>> = names.iter().copied().zip(x.iter().copied()).collect();
    formula.build(g, &values).unwrap()
}

/// Checks `derivatives` of `f` (formulas over `variables`) at `points`.
fn check(
    f: &str,
    variables: &[&str],
    derivatives: &[&str],
    points: &[Vec<f64>],
) -> DerivativeReport {
    let f = Formula::parse(f).unwrap();
    let derivatives: Vec<Formula> = derivatives
        .iter()
        .map(|d| Formula::parse(d).unwrap())
        .collect();
    check_derivatives(
        |g, x| build(&f, variables, g, x),
        |g, x| {
            derivatives
                .iter()
                .map(|d| build(d, variables, g, x))
                .collect()
        },
        points,
    )
}

#[test]
fn right_derivatives_pass_and_wrong_ones_fail_on_a_table_of_learners_answers() {
    let cases = cases();
    assert!(cases.len() >= 30);
    assert!(cases.iter().filter(|c| c.right).count() >= 15);
    assert!(cases.iter().filter(|c| !c.right).count() >= 15);
    for (k, c) in cases.iter().enumerate() {
        let domain = vec![c.domain.clone(); c.variables.len()];
        let points = random_points(&domain, 200, k as u64);
        let report = check(c.f, c.variables, c.derivatives, &points);
        let label = format!("f = {}, yours = {:?} ({})", c.f, c.derivatives, c.why);
        assert_eq!(report.passed(), c.right, "{label}:\n{report}");
        // The box avoids poles: every point could be checked.
        for input in &report.inputs {
            assert_eq!(input.undefined, 0, "{label}:\n{report}");
            assert_eq!(input.agreed + input.disagreed, 200);
        }
        if !c.right {
            // A wrong derivative is wrong on a good part of the box, not at
            // a point or two (1/|x| for 1/x: on the half x < 0).
            let worst = report.failures().map(|i| i.disagreed).max().unwrap();
            assert!(
                worst >= 80,
                "{label}: wrong at only {worst} points:\n{report}"
            );
            let failing = report.failures().next().unwrap();
            let first = failing.first_disagreement.as_ref().unwrap();
            assert_eq!(first.verdict, Verdict::Disagreed);
            assert_eq!(
                first.point,
                failing
                    .checks
                    .iter()
                    .position(|p| p.verdict == Verdict::Disagreed)
                    .unwrap()
            );
            assert!(failing.worst.as_ref().unwrap().excess >= first.excess);
        }
    }
}

#[test]
fn the_numbers_of_a_report_are_the_two_derivatives_at_its_points() {
    // f = x², yours = x: at x = 3 autograd says 6, you say 3.
    let report = check("x^2", &["x"], &["x"], &[vec![1.0], vec![3.0], vec![-2.0]]);
    let x = &report.inputs[0];
    assert_eq!((x.agreed, x.disagreed, x.undefined), (0, 3, 0));
    let first = x.first_disagreement.as_ref().unwrap();
    assert_eq!((first.point, first.yours, first.autograd), (0, 1.0, 2.0));
    assert_eq!(first.difference, -1.0);
    // excess = |difference| / (atol + rtol·|autograd|) = 1 / (1e-5 + 2e-3)
    assert!((first.excess - 1.0 / (1e-5 + 2e-3)).abs() < 1e-9);
    // The worst in tolerances: |3 - 6| / (1e-5 + 6e-3) ≈ 499 beats
    // |1 - 2| / 2.01e-3 ≈ 497.5 and |-2 + 4| / 4.01e-3 ≈ 498.8.
    let worst = x.worst.as_ref().unwrap();
    assert_eq!((worst.point, worst.yours, worst.autograd), (1, 3.0, 6.0));
    assert_eq!(report.points[worst.point], vec![3.0]);
}

#[test]
fn a_difference_within_pytorchs_tolerances_agrees_and_one_past_them_does_not() {
    // |yours - autograd| ≤ 1e-5 + 1e-3·|autograd|; autograd's d/dx (5x) = 5
    // allows 1e-5 + 5e-3 = 0.00501.
    let at = [[0.7]];
    for (yours, agrees) in [
        ("5.005", true),
        ("4.995", true),
        ("5.0051", false),
        ("4.9949", false),
    ] {
        let report = check("5*x", &["x"], &[yours], &[at[0].to_vec()]);
        assert_eq!(report.passed(), agrees, "yours = {yours}:\n{report}");
    }
    // Tighter tolerances of one's own.
    let strict = GradcheckOptions {
        atol: 0.0,
        rtol: 1e-9,
        ..GradcheckOptions::default()
    };
    let report = check_derivatives_with(
        |_g, x| 5.0 * x[0],
        |g, _x| vec![g.value(5.005)],
        &at,
        strict,
    );
    assert!(!report.passed());
}

#[test]
fn right_except_at_a_kink_is_right_with_the_kink_named_undefined() {
    // relu'(x) = step(x) everywhere but at 0, where relu has no derivative
    // (autograd's 0 there is a convention).
    let points = [vec![-1.5], vec![0.0], vec![0.5], vec![2.0]];
    let report = check("relu(x)", &["x"], &["step(x)"], &points);
    assert!(report.passed(), "{report}");
    let x = &report.inputs[0];
    assert_eq!((x.agreed, x.disagreed, x.undefined), (3, 0, 1));
    let undefined: Vec<_> = x.undefined_points().collect();
    assert_eq!(undefined.len(), 1);
    let (at, why) = undefined[0];
    assert_eq!(report.points[at.point], vec![0.0]);
    match why {
        Undefined::Kink(node) => assert_eq!(node.op, "relu"),
        other => panic!("expected a kink, got {other:?}"),
    }
    // A derivative that is NaN at the kink is not blamed for it either:
    // (x + |x|)/(2|x|) is 0/0 at 0.
    let report = check(
        "relu(x)",
        &["x"],
        &["(x + sqrt(x^2))/(2*sqrt(x^2))"],
        &[vec![-1.0], vec![0.0], vec![1.0]],
    );
    assert!(report.passed(), "{report}");
    assert_eq!(report.inputs[0].undefined, 1);
    assert!(
        report
            .to_string()
            .contains("undefined at (0): a kink at node #"),
        "{report}"
    );
}

#[test]
fn right_except_at_a_pole_is_right_with_the_pole_named_undefined() {
    // d/dx ln|x| = 1/x for x ≠ 0; at 0, ln|x| = -∞ and neither side has a number.
    let points = [vec![-2.0], vec![0.0], vec![1.0], vec![3.0]];
    let report = check("ln(sqrt(x^2))", &["x"], &["1/x"], &points);
    assert!(report.passed(), "{report}");
    let x = &report.inputs[0];
    assert_eq!((x.agreed, x.undefined), (3, 1));
    let (at, why) = x.undefined_points().next().unwrap();
    assert_eq!(at.point, 1);
    assert!(
        matches!(why, Undefined::NotFinite { value, .. } if *value == f64::NEG_INFINITY),
        "{why:?}"
    );
    assert_eq!(why.to_string(), "f is -inf here");
    // A wrong derivative is still wrong at the other points.
    let report = check("ln(sqrt(x^2))", &["x"], &["-1/x"], &points);
    assert!(!report.passed());
    assert_eq!(
        (report.inputs[0].disagreed, report.inputs[0].undefined),
        (3, 1)
    );
}

#[test]
fn a_kink_that_an_input_does_not_reach_leaves_its_derivative_defined() {
    // f = relu(y) + x² at y = 0: ∂f/∂x = 2x is defined, ∂f/∂y is not.
    let report = check(
        "relu(y) + x^2",
        &["x", "y"],
        &["2*x", "step(y)"],
        &[vec![1.5, 0.0], vec![-1.0, 2.0]],
    );
    assert!(report.passed(), "{report}");
    assert_eq!(
        (report.inputs[0].agreed, report.inputs[0].undefined),
        (2, 0)
    );
    assert_eq!(
        (report.inputs[1].agreed, report.inputs[1].undefined),
        (1, 1)
    );
}

#[test]
fn a_derivative_that_can_be_checked_nowhere_is_not_called_right() {
    // 1/x at its pole only.
    let report = check("1/x", &["x"], &["-1/x^2"], &[vec![0.0]]);
    assert!(!report.passed());
    assert_eq!(report.inputs[0].undefined, 1);
    assert!(report.to_string().contains("not checked"), "{report}");
}

#[test]
fn check_derivative_checks_one_input() {
    // ∂/∂y (x·y²) = 2xy; x is not checked.
    let points = random_points(&[-2.0..2.0, -2.0..2.0], 20, 3);
    let report = check_derivative(
        |_g, v| v[0] * v[1] * v[1],
        1,
        |_g, v| 2.0 * v[0] * v[1],
        &points,
    );
    assert!(report.passed(), "{report}");
    assert_eq!(report.inputs.len(), 1);
    assert_eq!(report.inputs[0].index, 1);
    let report = check_derivative(|_g, v| v[0] * v[1] * v[1], 1, |_g, v| v[0] * v[1], &points);
    assert!(!report.passed());
}

#[test]
fn random_points_are_in_their_box_and_repeat_with_their_seed() {
    let domain = [-3.0..3.0, 1.0..1.0, 1e300..1e308, -1e308..1e308];
    let points = random_points(&domain, 500, 42);
    assert_eq!(points.len(), 500);
    for p in &points {
        for (x, r) in p.iter().zip(&domain) {
            assert!(
                r.start <= *x && *x <= r.end && x.is_finite(),
                "{x} not in {r:?}"
            );
        }
    }
    assert_eq!(points, random_points(&domain, 500, 42));
    assert_ne!(points, random_points(&domain, 500, 43));
    // Spread over the box, not bunched: both halves of -3..3 get points.
    let below = points.iter().filter(|p| p[0] < 0.0).count();
    assert!((200..300).contains(&below), "{below} of 500 below 0");
}

#[test]
fn mistakes_in_a_call_panic_with_the_call_and_the_sizes() {
    let file = file!();
    let message = assert_names(file, "gradcheck::check_derivatives", || {
        check_derivatives(|_g, x| x[0] * x[1], |_g, x| vec![x[1]], &[[1.0, 2.0]]);
    });
    assert!(
        message.contains("returned 1 value(s) for 2 input(s)"),
        "{message}"
    );
    let message = assert_names(file, "gradcheck::check_derivatives", || {
        check_derivatives(
            |_g, x| x[0],
            |_g, x| x.to_vec(),
            &[vec![1.0], vec![1.0, 2.0]],
        );
    });
    assert!(
        message.contains("point 1 has 2 coordinate(s), point 0 has 1"),
        "{message}"
    );
    let none: [[f64; 1]; 0] = [];
    let message = assert_names(file, "gradcheck::check_derivatives", || {
        check_derivatives(|_g, x| x[0], |_g, x| x.to_vec(), &none);
    });
    assert!(message.contains("no points"), "{message}");
    let message = assert_names(file, "gradcheck::check_derivative", || {
        check_derivative(|_g, x| x[0], 2, |_g, x| x[0], &[[1.0, 2.0]]);
    });
    assert!(
        message.contains("wrt is 2, but the points have 2 coordinate(s)"),
        "{message}"
    );
    let message = assert_names(file, "gradcheck::random_points", || {
        random_points(&[0.0..1.0, 2.0..1.0], 3, 0);
    });
    assert!(message.contains("range 1 is 2..1"), "{message}");
    assert_names(file, "gradcheck::random_points", || {
        random_points(&[0.0..f64::NAN], 3, 0);
    });
    // A graph that lives forever, so that its value fits the signature.
    let other = Box::leak(Box::new(Graph::new()));
    let elsewhere = other.value(1.0);
    assert_names(file, "gradcheck::check_derivatives", || {
        check_derivatives(|_g, x| x[0], |_g, _x| vec![elsewhere], &[[1.0]]);
    });
}
