//! Formulas as text: precedence, every error with its position, derivatives
//! against finite differences, and inputs meant to break the parser.

use std::collections::HashMap;

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use scalargrad::expr::{ExprError, Formula};
use scalargrad::Graph;

/// Evaluates `text` with the given variables; returns the value and the
/// gradient of each variable.
fn eval(text: &str, vars: &[(&str, f64)]) -> Result<(f64, Vec<f64>), ExprError> {
    let formula = Formula::parse(text)?;
    let g = Graph::new();
    let values: HashMap<&str, _> = vars.iter().map(|&(n, x)| (n, g.value(x))).collect();
    let out = formula.build(&g, &values)?;
    out.backward();
    Ok((
        out.data(),
        vars.iter().map(|(n, _)| values[n].grad()).collect(),
    ))
}

fn value(text: &str) -> f64 {
    eval(text, &[("x", 3.0)]).unwrap().0
}

fn error(text: &str) -> String {
    let g = Graph::new();
    match Formula::parse(text).and_then(|f| f.build(&g, &HashMap::new()).map(|_| ())) {
        Ok(()) => panic!("{text:?} should not parse"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn precedence_and_associativity_follow_the_usual_rules() {
    assert_eq!(value("2*3+4"), 10.0);
    assert_eq!(value("2+3*4"), 14.0);
    assert_eq!(value("1-2-3"), -4.0); // left-associative: (1-2)-3
    assert_eq!(value("8/4/2"), 1.0);
    assert_eq!(value("2^3^2"), 512.0); // right-associative: 2^(3^2)
    assert_eq!(value("-x^2"), -9.0); // -(x^2), not (-x)^2
    assert_eq!(value("(-x)^2"), 9.0);
    assert_eq!(value("2^-1"), 0.5);
    assert_eq!(value("-2*-x"), 6.0);
    assert_eq!(value("+x"), 3.0);
    assert_eq!(value("1e-3*1000"), 1.0);
    assert_eq!(value(".5 + 0.25"), 0.75);
    assert_eq!(value("pow(2, 10)"), 1024.0);
    assert_eq!(value("log(1)"), 0.0);
    assert_eq!(value("relu(-x) + relu(x)"), 3.0);
    assert_eq!(value("leaky_relu(-x, 0.5)"), -1.5);
    assert_eq!(value("elu(0, 2)"), 0.0);
}

#[test]
fn gradients_match_hand_derivatives() {
    // d/dx (x^2 + 3x) = 2x + 3 = 9 at x = 3
    assert_eq!(eval("x^2 + 3*x", &[("x", 3.0)]).unwrap().1, vec![9.0]);
    // ∂/∂x (x·y) = y, ∂/∂y = x
    assert_eq!(
        eval("x*y", &[("x", 2.0), ("y", -5.0)]).unwrap().1,
        vec![-5.0, 2.0]
    );
    // prelu's slope is a variable: ∂/∂a prelu(x, a) = x for x ≤ 0
    assert_eq!(
        eval("prelu(x, a)", &[("x", -2.0), ("a", 0.1)]).unwrap().1,
        vec![0.1, -2.0]
    );
}

#[test]
fn every_error_points_at_its_column() {
    assert_eq!(error(""), "empty formula at column 1");
    assert_eq!(
        error("x +"),
        "the formula ends where a value is expected at column 4"
    );
    assert_eq!(error("(x"), "this `(` is never closed at column 1");
    assert_eq!(error("tanh(x"), "this `(` is never closed at column 1");
    assert_eq!(error("x)"), "`)` without a matching `(` at column 2");
    assert_eq!(error("foo(x)"), "unknown function `foo` at column 1");
    assert_eq!(
        error("tanh(x, 2)"),
        "`tanh` takes 1 argument, got 2 at column 1"
    );
    assert_eq!(
        error("pow(2)"),
        "`pow` takes 2 arguments, got 1 at column 1"
    );
    assert_eq!(
        error("x y"),
        "expected an operator (`+ - * / ^`), `)` or the end at column 3"
    );
    assert_eq!(
        error("2 * * 3"),
        "expected a number, a variable, a function or `(` at column 5"
    );
    assert_eq!(error("x $ 2"), "unexpected character `$` at column 3");
    assert_eq!(
        error("tanh x"),
        "function `tanh` needs its arguments in parentheses at column 1"
    );
    assert_eq!(error("1, 2"), "`,` outside a function call at column 2");
    assert_eq!(error("(1, 2)"), "`,` outside a function call at column 3");
    assert_eq!(error("1.2.3"), "`1.2.3` is not a number at column 1");
    assert_eq!(
        error("2 * y"),
        "variable `y` has no value (give it as y=…) at column 5"
    );
    // A constant argument must not hold a variable.
    let f = Formula::parse("leaky_relu(x, s)").unwrap();
    let g = Graph::new();
    let vars = HashMap::from([("x", g.value(1.0)), ("s", g.value(0.1))]);
    assert_eq!(
        f.build(&g, &vars).unwrap_err().to_string(),
        "the second argument of `leaky_relu` must be a number, not a variable at column 1"
    );
}

#[test]
fn the_pointer_puts_carets_under_the_error() {
    let err = Formula::parse("1 + tanh(x, 2) * 3").unwrap_err();
    assert_eq!(
        err.pointer("1 + tanh(x, 2) * 3"),
        "1 + tanh(x, 2) * 3\n    ^^^^"
    );
    // Long formulas are cut around the error.
    let long = format!("{} + foo(1)", "x + ".repeat(100));
    let err = Formula::parse(&long).unwrap_err();
    let pointer = err.pointer(&long);
    let lines: Vec<&str> = pointer.lines().collect();
    assert!(lines[0].chars().count() < 100);
    // The caret's column, in characters (the cut is marked with a 3-byte `…`).
    let caret = lines[1].chars().position(|c| c == '^').unwrap();
    let under: String = lines[0].chars().skip(caret).take(3).collect();
    assert_eq!(under, "foo");
}

/// A random formula over x, y, z with every operator and function.
fn random_formula(rng: &mut StdRng, depth: u32) -> String {
    if depth == 0 || rng.random_range(0..5) == 0 {
        return match rng.random_range(0..4) {
            0 => format!("{:.3}", rng.random_range(-3.0..3.0)),
            1 => "x".into(),
            2 => "y".into(),
            _ => "z".into(),
        };
    }
    let a = random_formula(rng, depth - 1);
    let b = random_formula(rng, depth - 1);
    match rng.random_range(0..17) {
        0 => format!("({a} + {b})"),
        1 => format!("({a} - {b})"),
        2 => format!("({a} * {b})"),
        3 => format!("({a} / (1 + ({b})^2))"),
        4 => format!("(1 + ({a})^2)^(tanh({b}))"),
        5 => format!("-({a})"),
        6 => format!("exp(tanh({a}))"),
        7 => format!("ln(1 + ({a})^2)"),
        8 => format!("sqrt(1 + ({a})^2)"),
        9 => format!("sin({a}) * cos({b})"),
        10 => format!("sigmoid({a})"),
        11 => format!("softplus({a})"),
        12 => format!("gelu({a})"),
        13 => format!("swish({a}, 1.5)"),
        14 => format!("elu({a}, 0.7) + leaky_relu({b}, 0.1)"),
        15 => format!("pow(1 + ({a})^2, tanh({b}))"),
        _ => format!("tanh({a})"),
    }
}

#[test]
fn random_formulas_have_the_derivatives_of_central_differences() {
    let mut rng = StdRng::seed_from_u64(12);
    let mut checked = 0;
    while checked < 400 {
        let text = random_formula(&mut rng, 4);
        let point: Vec<f64> = (0..3).map(|_| rng.random_range(-2.0..2.0)).collect();
        let vars = |p: &[f64]| vec![("x", p[0]), ("y", p[1]), ("z", p[2])];
        let (f, grad) = eval(&text, &vars(&point)).unwrap_or_else(|e| panic!("{text}: {e}"));
        if !f.is_finite() || f.abs() > 1e6 {
            continue;
        }
        let eps = 1e-6;
        for k in 0..3 {
            let (mut up, mut down) = (point.clone(), point.clone());
            up[k] += eps;
            down[k] -= eps;
            let numeric = (eval(&text, &vars(&up)).unwrap().0
                - eval(&text, &vars(&down)).unwrap().0)
                / (2.0 * eps);
            // Kinks (elu, leaky_relu at 0) are rare at random points; allow
            // PyTorch's gradcheck tolerances.
            assert!(
                (grad[k] - numeric).abs() <= 1e-5 + 1e-3 * numeric.abs(),
                "{text} at {point:?}: ∂/∂{} autograd {} vs numeric {numeric}",
                ["x", "y", "z"][k],
                grad[k]
            );
        }
        checked += 1;
    }
}

#[test]
fn hostile_inputs_give_answers_or_errors_never_panics() {
    // 10,000 nested parentheses: parsed and evaluated without recursion.
    let deep = format!("{}x{}", "(".repeat(10_000), ")".repeat(10_000));
    assert_eq!(eval(&deep, &[("x", 2.0)]).unwrap(), (2.0, vec![1.0]));
    let unclosed = format!("{}x", "(".repeat(10_000));
    assert!(error(&unclosed).starts_with("this `(` is never closed"));
    let nested_calls = format!("{}x{}", "tanh(".repeat(5_000), ")".repeat(5_000));
    assert!(eval(&nested_calls, &[("x", 0.5)]).is_ok());
    // A long sum.
    let long = vec!["x"; 100_000].join(" + ");
    assert_eq!(
        eval(&long, &[("x", 1.0)]).unwrap(),
        (100_000.0, vec![100_000.0])
    );
    // A literal past f64's range is an error, not infinity; a tiny one is 0.
    assert_eq!(
        error("1e400"),
        "`1e400` is too large for a 64-bit float (the largest is about 1.8e308) at column 1"
    );
    assert!(error(&format!("x * 1{}", "0".repeat(400))).ends_with("at column 5"));
    assert_eq!(value("1e-400"), 0.0);
    assert_eq!(value("1.7976931348623157e308"), f64::MAX);
    // Random bytes and random token soup.
    let mut rng = StdRng::seed_from_u64(99);
    let alphabet: Vec<char> = "xy12.e+-*/^(),tanhpowrelu $é\u{0}\n ".chars().collect();
    for _ in 0..20_000 {
        let len = rng.random_range(0..40);
        let text: String = (0..len)
            .map(|_| alphabet[rng.random_range(0..alphabet.len())])
            .collect();
        let result = std::panic::catch_unwind(|| {
            let parsed = Formula::parse(&text);
            if let Ok(f) = &parsed {
                let g = Graph::new();
                let vars = HashMap::from([("x", g.value(0.5)), ("y", g.value(-1.5))]);
                let _ = f.build(&g, &vars).map(|v| v.backward());
            }
            if let Err(e) = &parsed {
                let _ = e.pointer(&text);
            }
        });
        assert!(result.is_ok(), "panicked on {text:?}");
    }
    for _ in 0..2_000 {
        let bytes: Vec<u8> = (0..rng.random_range(0..60))
            .map(|_| rng.random::<u8>())
            .collect();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let result = std::panic::catch_unwind(|| {
            if let Err(e) = Formula::parse(&text) {
                let _ = e.pointer(&text);
            }
        });
        assert!(result.is_ok(), "panicked on {text:?}");
    }
}

#[test]
fn every_function_of_the_op_table_is_listed_where_users_read() {
    // The parser, its errors and `--help` read the op table itself; the
    // README and the module guide are written by hand, so check them.
    let words = |text: &'static str| -> std::collections::HashSet<&'static str> {
        text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .collect()
    };
    let readme = words(include_str!("../README.md"));
    let guide = words(include_str!("../src/expr/mod.rs"));
    let help = scalargrad::expr::summary();
    for f in scalargrad::expr::functions() {
        let name = f.name;
        assert!(readme.contains(name), "README does not list `{name}`");
        assert!(guide.contains(name), "expr's guide does not list `{name}`");
        assert!(
            help.split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .any(|w| w == name),
            "the --help summary does not list `{name}`"
        );
        // And every function records its op: f(1.5, 2) or f(1.5) has the
        // op's value.
        // (A second argument that may be a variable is one: a number
        // exponent of `pow` records `powf`.)
        let call = match (f.arguments.len(), f.constant_argument) {
            (1, _) => format!("{name}(x)"),
            (_, true) => format!("{name}(x, 2)"),
            _ => format!("{name}(x, y)"),
        };
        let formula = Formula::parse(&call).unwrap();
        let g = Graph::new();
        let out = formula
            .build(
                &g,
                &HashMap::from([("x", g.value(1.5)), ("y", g.value(2.0))]),
            )
            .unwrap();
        assert_eq!(out.op(), f.op, "{call}");
    }
}

/// micrograd's README expression, written as statements in the formula
/// language, as micrograd's Python writes it.
const MICROGRAD: &str = "c = a + b; d = a*b + b^3
c += c + 1; c += 1 + c + (-a)
d += d*2 + relu(b + a); d += 3*d + relu(b - a)
e = c - d; f = e^2; g = f/2; g += 10/f";

#[test]
fn statements_name_values_and_give_micrograds_graph() {
    let f = Formula::parse(MICROGRAD).unwrap();
    assert_eq!(f.variables(), vec!["a", "b"]); // c…g are defined, not given
    let g = Graph::new();
    let (a, b) = (g.value(-4.0).named("a"), g.value(2.0).named("b"));
    let out = f.build(&g, &HashMap::from([("a", a), ("b", b)])).unwrap();
    out.backward();
    // micrograd's README: g = 24.7041, dg/da = 138.8338, dg/db = 645.5773.
    assert!((out.data() - 24.70408163265306).abs() < 1e-12);
    assert!((a.grad() - 138.83381924198252).abs() < 1e-12);
    assert!((b.grad() - 645.5772594752186).abs() < 1e-12);
    assert_eq!(out.name().as_deref(), Some("g"));
    // f = e² is recorded as powf, with the exponent a constant: no NaN
    // gradient into it although e = -7 is negative.
    assert!(scalargrad::inspect::check_gradients(out).is_none());
    let names: Vec<String> = out
        .forward_trace()
        .steps
        .iter()
        .filter_map(|s| s.name.clone())
        .collect();
    for name in ["a", "b", "c", "d", "e", "f", "g"] {
        assert!(
            names.iter().any(|n| n == name),
            "{name} is not named: {names:?}"
        );
    }
}

#[test]
fn a_number_exponent_is_a_constant() {
    // d/dx x² = 2x = -6 at x = -3; recorded as powf, so the constant 2 gets
    // no gradient (as pow it would be x²·ln x = NaN).
    let f = Formula::parse("x^2").unwrap();
    let g = Graph::new();
    let x = g.value(-3.0);
    let y = f.build(&g, &HashMap::from([("x", x)])).unwrap();
    y.backward();
    assert_eq!(y.op(), scalargrad::Op::Powf);
    assert_eq!(x.grad(), -6.0);
    // A variable exponent stays pow: d/dy x^y = x^y·ln x = 8·ln 2 at (2, 3).
    assert_eq!(
        eval("x^y", &[("x", 2.0), ("y", 3.0)]).unwrap().1,
        vec![12.0, 8.0 * 2f64.ln()]
    );
}

#[test]
fn statement_errors_point_at_their_column() {
    assert_eq!(
        error("c = "),
        "the formula ends where a value is expected at column 5"
    );
    assert_eq!(
        error("a + 1; 2"),
        "only the last statement may be a bare value; name this one (`c = …`) at column 1"
    );
    assert_eq!(
        error("c = a = 1"),
        "`=` names a value at the start of a statement (`c = a + b; c * c`) at column 7"
    );
    assert_eq!(
        error("x**2"),
        "expected a number, a variable, a function or `(` at column 3; powers are written x^2 (not x**2)"
    );
    assert_eq!(error(";\n;"), "empty formula at column 1");
    // A definition may use a name given later as a variable.
    assert_eq!(
        eval("y = 2*x; y + x", &[("x", 3.0)]).unwrap(),
        (9.0, vec![3.0])
    );
}
