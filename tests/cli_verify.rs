//! `scalargrad verify`, run as a learner runs it: the verdict and exit
//! status for right and wrong derivatives, the numbers of its table and its
//! JSON checked against derivatives computed here, and every mistake in the
//! command pointed at.

use crate::common::cli::{scalargrad, stderr, stdout};

use serde_json::Value as Json;

fn json(args: &[&str], status: i32) -> Json {
    let o = scalargrad(args);
    assert_eq!(o.status.code(), Some(status), "{args:?}: {}", stderr(&o));
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {}", stdout(&o)))
}

#[test]
fn a_right_derivative_exits_0_and_an_equivalent_form_too() {
    for d in ["x=2*x*sin(x) + x^2*cos(x)", "x=x*(2*sin(x) + x*cos(x))"] {
        let o = scalargrad(&["verify", "x^2*sin(x)", "--d", d]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{d}: {}{}",
            stdout(&o),
            stderr(&o)
        );
        let text = stdout(&o);
        assert!(text.contains("right at all 100 points"), "{text}");
        assert!(
            text.ends_with("right: the derivative agrees with autograd\n"),
            "{text}"
        );
        assert!(stderr(&o).is_empty());
    }
    // Several variables, one box for all and one for y; -d is --d.
    let o = scalargrad(&[
        "verify", "x*y^2", "-d", "x=y^2", "--d", "y=2*x*y", "--box", "-1..1", "--box", "y=0..2",
        "--points", "500", "--seed", "7",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("500 random points with x ∈ [-1, 1], y ∈ [0, 2] (seed 7)"),
        "{}",
        stdout(&o)
    );
}

/// `yours`, `autograd` and `difference` of a row of the table, with its x.
fn rows(text: &str) -> Vec<[f64; 4]> {
    let table = text
        .split("yours     autograd   difference\n")
        .nth(1)
        .expect("a table");
    table
        .lines()
        .map_while(|line| {
            let cells: Vec<f64> = line
                .split_whitespace()
                .map(|c| c.parse().ok())
                .collect::<Option<_>>()?;
            <[f64; 4]>::try_from(cells).ok()
        })
        .collect()
}

#[test]
fn the_chain_rule_forgotten_exits_1_with_a_table_of_wrong_points() {
    let o = scalargrad(&["verify", "sin(x^2)", "--d", "x=cos(x^2)"]);
    assert_eq!(o.status.code(), Some(1));
    let text = stdout(&o);
    assert!(text.contains("WRONG at"), "{text}");
    assert!(
        text.ends_with("wrong: ∂f/∂x disagrees with autograd\n"),
        "{text}"
    );
    assert!(
        stderr(&o).contains("wrong: your ∂f/∂x disagrees with autograd at"),
        "{}",
        stderr(&o)
    );
    let rows = rows(&text);
    assert_eq!(rows.len(), 8, "{text}");
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-5 * b.abs().max(1e-3);
    for [x, yours, autograd, difference] in &rows {
        assert!((-3.0..=3.0).contains(x));
        // Yours is cos(x²); autograd's is d/dx sin(x²) = 2x·cos(x²). The
        // table rounds to 6 significant digits, so x is known to ~1e-6.
        let x2 = x * x;
        assert!((yours - x2.cos()).abs() < 1e-4, "{x}: {yours}");
        assert!(
            (autograd - 2.0 * x * x2.cos()).abs() < 1e-4,
            "{x}: {autograd}"
        );
        assert!(
            close(*difference, yours - autograd) || (difference - (yours - autograd)).abs() < 1e-5
        );
    }
    // In order of x.
    assert!(rows.windows(2).all(|w| w[0][0] <= w[1][0]), "{rows:?}");
}

/// The central difference of sin(x²) at x.
fn numeric(x: f64) -> f64 {
    let h = 1e-6;
    (((x + h) * (x + h)).sin() - ((x - h) * (x - h)).sin()) / (2.0 * h)
}

#[test]
fn json_gives_every_count_and_point_with_both_numbers() {
    let report = json(
        &[
            "verify",
            "sin(x^2)",
            "--d",
            "x=cos(x^2)",
            "--points",
            "50",
            "--box",
            "x=0.5..2",
            "--json",
        ],
        1,
    );
    assert_eq!(report["passed"], false);
    assert_eq!(report["points"], 50);
    assert_eq!(report["box"]["x"], serde_json::json!([0.5, 2.0]));
    let x = &report["derivatives"]["x"];
    assert_eq!(x["formula"], "cos(x^2)");
    let (agreed, disagreed) = (
        x["agreed"].as_u64().unwrap(),
        x["disagreed"].as_u64().unwrap(),
    );
    assert_eq!(agreed + disagreed, 50);
    // cos(x²) = 2x·cos(x²) only where cos(x²) = 0 or x = ½: nowhere else.
    assert!(disagreed >= 48, "{x}");
    let wrong = x["wrong_points"].as_array().unwrap();
    assert_eq!(wrong.len(), 20);
    assert_eq!(&wrong[0], &x["first_wrong"]);
    for p in wrong.iter().chain([&x["worst"]]) {
        let at = p["at"]["x"].as_f64().unwrap();
        assert!((0.5..=2.0).contains(&at), "{p}");
        let (yours, autograd) = (
            p["yours"].as_f64().unwrap(),
            p["autograd"].as_f64().unwrap(),
        );
        assert!((yours - (at * at).cos()).abs() < 1e-12, "{p}");
        assert!((autograd - numeric(at)).abs() < 1e-6, "{p}");
        assert_eq!(p["difference"].as_f64().unwrap(), yours - autograd);
    }
    // The same seed gives the same points; another seed others.
    let again = json(
        &[
            "verify",
            "sin(x^2)",
            "--d",
            "x=cos(x^2)",
            "--points",
            "50",
            "--box",
            "x=0.5..2",
            "--json",
        ],
        1,
    );
    assert_eq!(report, again);
    let other = json(
        &[
            "verify",
            "sin(x^2)",
            "--d",
            "x=cos(x^2)",
            "--points",
            "50",
            "--box",
            "x=0.5..2",
            "--seed",
            "1",
            "--json",
        ],
        1,
    );
    assert_ne!(
        report["derivatives"]["x"]["first_wrong"],
        other["derivatives"]["x"]["first_wrong"]
    );
    // Right: passed, no wrong point.
    let right = json(
        &["verify", "sin(x^2)", "--d", "x=2*x*cos(x^2)", "--json"],
        0,
    );
    assert_eq!(right["passed"], true);
    assert_eq!(right["derivatives"]["x"]["agreed"], 100);
    assert_eq!(right["derivatives"]["x"]["first_wrong"], Json::Null);
}

#[test]
fn where_autograd_has_no_derivative_the_points_are_undefined_not_wrong() {
    // f = relu(y) + x² with y = 0 at every point: ∂f/∂x = 2x is checked,
    // ∂f/∂y = step(y) is at relu's kink everywhere, so it cannot be.
    let o = scalargrad(&[
        "verify",
        "relu(y) + x^2",
        "--d",
        "y=step(y)",
        "--d",
        "x=2*x",
        "--box",
        "y=0..0",
        "--points",
        "10",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let text = stdout(&o);
    assert!(
        text.contains("∂f/∂x = 2*x\n  right at all 10 points"),
        "{text}"
    );
    assert!(
        text.contains("not checked: autograd's derivative is undefined at all 10 points"),
        "{text}"
    );
    assert!(
        text.ends_with("not checked: ∂f/∂y (autograd has no derivative at any point tried)\n"),
        "{text}"
    );
    // ln x on -3..3: where x < 0, f is NaN; the rest is checked and right.
    let report = json(&["verify", "ln(x)", "--d", "x=1/x", "--json"], 0);
    let x = &report["derivatives"]["x"];
    assert_eq!(x["passed"], true);
    let (agreed, undefined) = (
        x["agreed"].as_u64().unwrap(),
        x["undefined"].as_u64().unwrap(),
    );
    assert_eq!(agreed + undefined, 100);
    assert!((30..70).contains(&undefined), "{x}");
    let first = &x["undefined_points"][0];
    assert!(first["at"]["x"].as_f64().unwrap() < 0.0);
    assert_eq!(first["why"], "f is NaN here");
}

#[test]
fn every_mistake_in_the_command_exits_2_and_formula_errors_point_at_the_column() {
    let cases: &[(&[&str], &str)] = &[
        (&["verify", "x^2 + foo(x)", "--d", "x=2*x"], "scalargrad: error: unknown function `foo` at column 7\n  x^2 + foo(x)\n        ^^^\n"),
        (&["verify", "x^2", "--d", "x=2*foo(x)"], "scalargrad: error: --d x: unknown function `foo` at column 3\n  2*foo(x)\n    ^^^\n"),
        (&["verify", "x^2", "--d", "x=2*x +"], "scalargrad: error: --d x: the formula ends where a value is expected at column 6\n  2*x +\n       ^\n"),
        (&["verify", "x^2", "--d", "x=2*x + z"], "scalargrad: error: --d x: `z` is not a variable of f (its variables: x) at column 7\n  2*x + z\n        ^\n"),
        (&["verify", "x^2", "--d", "x=(2*x"], "scalargrad: error: --d x: this `(` is never closed at column 1\n  (2*x\n  ^\n"),
        (&["verify", "x^2", "--d", "x=leaky_relu(x, x)"], "--d x: the second argument of `leaky_relu` must be a number, not a variable at column 1"),
        (&["verify", "x^2", "--d", "y=2*x"], "scalargrad: error: --d y: f has no variable `y` (its variables: x)\n"),
        (&["verify", "x*y", "--d", "x=y"], "scalargrad: error: no --d for the variable y of f: give one derivative per variable (e.g. --d y=\"…\")\n"),
        (&["verify", "x", "--d", "x=1", "--d", "x=1"], "--d x is given twice"),
        (&["verify", "x", "--d", "x"], "--d `x`: give a derivative as NAME=FORMULA"),
        (&["verify", "x", "--d", "2x=1"], "--d `2x=1`: `2x` is not a variable name"),
        (&["verify", "3", "--d", "x=1"], "f has no variables: there is nothing to differentiate"),
        (&["verify", "x", "--d", "x=1", "--box", "3..-3"], "--box `3..-3`: the low end 3 is above the high end -3"),
        (&["verify", "x", "--d", "x=1", "--box", "z=0..1"], "--box z: f has no variable `z` (its variables: x)"),
        (&["verify", "x", "--d", "x=1", "--box", "0..1", "--box", "1..2"], "--box LOW..HIGH for every variable is given twice"),
        (&["verify", "x", "--d", "x=1", "--box", "x=0..1", "--box", "x=1..2"], "--box x is given twice"),
        (&["verify", "x", "--d", "x=1", "--box", "-3:3"], "--box `-3:3`: give a range as LOW..HIGH"),
        (&["verify", "x", "--d", "x=1", "--box", "0..nan"], "--box `0..nan`: NaN and infinities are not allowed"),
        (&["verify", "x", "--d", "x=1", "--box", "0..1e400"], "--box `0..1e400`: `1e400` is too large"),
        (&["verify", "x", "--d", "x=1", "--points", "0"], "0 is less than 1, the least allowed"),
        (&["verify", "x", "--d", "x=1", "--points", "10001"], "10001 is more than 10,000, the limit"),
        (&["verify", "x", "--d", "x=1", "--seed", "-1"], "--seed"),
        (&["verify", "x^2"], "the following required arguments were not provided: --d <NAME=FORMULA>"),
    ];
    for (args, message) in cases {
        let o = scalargrad(args);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains(message),
            "{args:?}: expected {message:?} in\n{err}"
        );
        assert!(stdout(&o).is_empty(), "{args:?}");
        assert!(matches!(err.lines().count(), 1 | 3), "{args:?}: {err}");
    }
}

#[test]
fn work_past_its_bound_is_refused_before_it_starts() {
    // f has 1 + 2·10,000 characters, the derivative 5: 10,000 points ×
    // 20,006 = 200,060,000 > 200,000,000, and 200,000,000 / 20,006 = 9,997.0.
    let long = format!("x{}", "+x".repeat(10_000));
    let o = scalargrad(&["verify", &long, "--d", "x=10001", "--points", "10000"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("--points 10000 × 20,006 characters of formulas is past the bound of 200,000,000 (each point records them all): give at most --points 9997"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn help_has_examples_and_the_bounds() {
    let o = scalargrad(&["verify", "--help"]);
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    for part in [
        "Examples:",
        "--d <NAME=FORMULA>",
        "1 to 10,000",
        "--box",
        "--seed",
        "undefined",
    ] {
        assert!(text.contains(part), "{part}:\n{text}");
    }
    let o = scalargrad(&["--help"]);
    assert!(stdout(&o).contains("verify"), "{}", stdout(&o));
}
