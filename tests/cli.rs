//! The `scalargrad` program, run as a user runs it: answers checked against
//! central differences computed here, every error with its message and exit
//! status, `--json` parsed back, and input meant to break it.

use crate::common::cli::{scalargrad, stderr, stdout};

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use serde_json::Value as Json;

#[test]
fn train_summary_names_the_layer_sizes() {
    // 2 inputs (moons), hidden layers as given, 1 output (two classes, hinge
    // or BCE): 2 → 4 → 3 → 1 and, with no hidden layer, 2 → 1.
    for (layers, expected) in [("4,3", "model: 2 → 4 → 3 → 1 ("), ("", "model: 2 → 1 (")] {
        let out = scalargrad(&[
            "train",
            "--data",
            "moons",
            "--samples",
            "40",
            "--epochs",
            "1",
            "--layers",
            layers,
            "--quiet",
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(stdout(&out).contains(expected), "{}", stdout(&out));
    }
}

#[test]
fn train_on_two_threads_ends_where_one_thread_does() {
    // The shares' gradients add up to the batch's (the library's test
    // checks every epoch); here, that the command line gives --threads to
    // the trainer (the JSON reports the configuration it trained with) and
    // the last epoch's loss agrees with one thread's to 1e-12 (the same
    // sums, added in another order).
    let run = |threads: &str| {
        json(&[
            "train",
            "--data",
            "moons",
            "--samples",
            "200",
            "--epochs",
            "5",
            "--batch-size",
            "50",
            "--threads",
            threads,
            "--json",
        ])
    };
    let (one, two) = (run("1"), run("2"));
    assert_eq!(
        (one["threads"].as_u64(), two["threads"].as_u64()),
        (Some(1), Some(2))
    );
    let last = |j: &Json| {
        let epochs = j["history"]["epochs"].as_array().expect("epochs");
        epochs.last().expect("an epoch")["train_loss"]
            .as_f64()
            .expect("a loss")
    };
    let (a, b) = (last(&one), last(&two));
    assert!(
        (a - b).abs() <= 1e-12 * a.abs().max(1.0),
        "one thread {a}, two threads {b}"
    );
}

#[test]
fn one_feature_is_said_in_the_singular() {
    // regression_1d has one input; moons has two.
    let dir = std::env::temp_dir().join(format!("scalargrad-singular-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let model = dir.join("m.json");
    let model = model.to_str().unwrap();
    let out = scalargrad(&[
        "train",
        "--data",
        "regression",
        "--samples",
        "20",
        "--epochs",
        "1",
        "--quiet",
        "--save",
        model,
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("(20 examples, 1 feature); model: 1 → 16 → 16 → 1"),
        "{}",
        stdout(&out)
    );
    let wrong = scalargrad(&["predict", model, "1", "2"]);
    assert_eq!(wrong.status.code(), Some(2));
    assert!(
        stderr(&wrong).contains("the model takes 1 feature, the example has 2"),
        "{}",
        stderr(&wrong)
    );
    let none = scalargrad(&["predict", model]);
    assert!(
        stderr(&none).contains("give an example's 1 feature, or --csv FILE"),
        "{}",
        stderr(&none)
    );
    let moons = scalargrad(&["train", "--samples", "20", "--epochs", "1", "--quiet"]);
    assert!(stdout(&moons).contains("(20 examples, 2 features, 2 classes)"));
    std::fs::remove_dir_all(&dir).ok();
}

fn json(args: &[&str]) -> Json {
    let o = scalargrad(args);
    assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {}", stdout(&o)))
}

/// `f` at a point, by the program.
fn value_at(formula: &str, vars: &[(&str, f64)]) -> f64 {
    let assignments: Vec<String> = vars.iter().map(|(n, x)| format!("{n}={x:e}")).collect();
    let mut args = vec!["grad", formula, "--json"];
    args.extend(assignments.iter().map(String::as_str));
    json(&args)["value"].as_f64().unwrap()
}

#[test]
fn gradients_agree_with_central_differences() {
    let cases: &[(&str, &[(&str, f64)])] = &[
        ("x^2 + 3*x*y", &[("x", 2.0), ("y", -1.0)]),
        ("x * tanh(y) + 2^-x", &[("x", 1.0), ("y", 0.5)]),
        ("-x^2", &[("x", 3.0)]),
        ("exp(x) / (1 + exp(x))", &[("x", 0.3)]),
        ("sigmoid(x) * y - ln(y)", &[("x", -0.7), ("y", 2.5)]),
        ("sqrt(x*x + y*y)", &[("x", 3.0), ("y", 4.0)]),
        ("sin(x) * cos(y) + log(1 + x^2)", &[("x", 0.4), ("y", 1.3)]),
        ("relu(x - 1) + softplus(y)", &[("x", 2.0), ("y", -0.5)]),
        ("gelu(x) + swish(y, 1.5)", &[("x", 0.7), ("y", -1.1)]),
        (
            "leaky_relu(x, 0.1) + elu(y, 0.5)",
            &[("x", -2.0), ("y", -0.3)],
        ),
        ("prelu(x, a) * 2", &[("x", -1.5), ("a", 0.25)]),
        ("pow(x, y)", &[("x", 1.7), ("y", 2.3)]),
        (
            "w1*x1 + w2*x2 + b_2",
            &[
                ("w1", 0.5),
                ("x1", 2.0),
                ("w2", -1.0),
                ("x2", 3.0),
                ("b_2", 0.1),
            ],
        ),
        (
            "(x + y) * (x - y) / (1 + z^2)",
            &[("x", 1.2), ("y", -0.4), ("z", 0.9)],
        ),
        ("tanh(tanh(tanh(x)))", &[("x", 0.8)]),
        ("1e-3 * x + .5", &[("x", 10.0)]),
    ];
    for &(formula, vars) in cases {
        let mut args = vec!["grad", formula, "--json"];
        let assignments: Vec<String> = vars.iter().map(|(n, x)| format!("{n}={x}")).collect();
        args.extend(assignments.iter().map(String::as_str));
        let answer = json(&args);
        for (k, (name, _)) in vars.iter().enumerate() {
            let eps = 1e-6;
            let shifted = |delta: f64| {
                let mut v = vars.to_vec();
                v[k].1 += delta;
                v
            };
            let numeric = (value_at(formula, &shifted(eps)) - value_at(formula, &shifted(-eps)))
                / (2.0 * eps);
            let analytic = answer["grad"][name].as_f64().unwrap();
            assert!(
                (analytic - numeric).abs() <= 1e-5 + 1e-4 * numeric.abs(),
                "{formula}: ∂/∂{name} = {analytic}, central difference {numeric}"
            );
        }
    }
}

#[test]
fn grad_prints_the_value_and_every_gradient() {
    let o = scalargrad(&["grad", "x^2 + 3*x*y", "x=2", "y=-1"]);
    assert_eq!(o.status.code(), Some(0));
    // f = 4 - 6 = -2, ∂f/∂x = 2x + 3y = 1, ∂f/∂y = 3x = 6
    assert_eq!(stdout(&o), "f = -2\n∂f/∂x = 1\n∂f/∂y = 6\n");
}

/// Runs and returns (exit status, stderr).
fn failure(args: &[&str]) -> (i32, String) {
    let o = scalargrad(args);
    (o.status.code().unwrap_or(-1), stderr(&o))
}

#[test]
fn every_error_has_a_message_and_status_2() {
    let cases: &[(&[&str], &str)] = &[
        (&["grad", "x + foo(2)", "x=1"], "scalargrad: error: unknown function `foo` at column 5\n  x + foo(2)\n      ^^^\n"),
        (&["grad", "x*y", "x=1"], "scalargrad: error: variable `y` has no value (give it as y=…) at column 3\n  x*y\n    ^\n"),
        (&["grad", "tanh(x, 2)", "x=1"], "`tanh` takes 1 argument, got 2 at column 1"),
        (&["grad", "pow(x)", "x=1"], "`pow` takes 2 arguments, got 1 at column 1"),
        (&["grad", "x +", "x=1"], "the formula ends where a value is expected at column 4"),
        (&["grad", "(x", "x=1"], "this `(` is never closed at column 1"),
        (&["grad", "x)", "x=1"], "`)` without a matching `(` at column 2"),
        (&["grad", "x y", "x=1", "y=2"], "expected an operator"),
        (&["grad", "", "x=1"], "empty formula at column 1"),
        (&["grad", "x ? 1", "x=1"], "unexpected character `?` at column 3"),
        (&["grad", "x", "x"], "`x`: give each variable as name=value"),
        (&["grad", "x", "x=abc"], "`x=abc`: `abc` is not a number"),
        (&["grad", "x", "1x=2"], "`1x=2`: `1x` is not a variable name"),
        (&["grad", "x", "x=1", "x=2"], "`x` is given twice"),
        (&["grad", "leaky_relu(x, s)", "x=1", "s=0.1"], "the second argument of `leaky_relu` must be a number"),
        (&["paths", "x*y", "--wrt", "z", "x=1", "y=2"], "--wrt z: no variable `z` (the variables are: x, y)"),
        (&["check", "x", "x=1", "--eps", "0"], "check: --eps must be positive"),
        (&["dot", "x", "x=1", "-o", "/tmp/scalargrad-cli-test.gif"], "unsupported extension"),
        (&["lesson", "10"], "lesson: the section is a number from 1 to 9, not `10`"),
        (&["train", "--optimizer", "foo", "--epochs", "1"], "--optimizer: unknown optimizer `foo`"),
        (&["train", "--layers", "16,x", "--epochs", "1"], "--layers: `x` is not a layer size"),
        (&["train", "--lr", "-1"], "--lr: must be a positive number"),
        (&["train", "--activation", "wobble"], "--activation: unknown activation \"wobble\""),
        (&["train", "--activation", "elu(nan)"], "--activation: activation \"elu(nan)\": the parameter is NaN; give a finite number"),
        (&["train", "--activation", "swish(inf)"], "--activation: activation \"swish(inf)\": the parameter is inf; give a finite number"),
        (&["train", "--data", "moons", "--loss", "mse"], "--loss mse needs a regression target"),
        (&["train", "--data", "/nonexistent/table.csv"], "/nonexistent/table.csv: the folder `/nonexistent` does not exist"),
        (&["train", "--data", "/tmp/no-such-table.csv"], "/tmp/no-such-table.csv: No such file or directory"),
        (&["predict", "/nonexistent/model.json", "1"], "/nonexistent/model.json"),
        (&["frobnicate"], "unrecognized subcommand"),
        (&["train", "--data", "a\nb"], "--data: unknown dataset `a\\nb`"),
        (&["train", "--optimizer", "x\ry"], "--optimizer: unknown optimizer `x\\ry`"),
        (&["grad"], "required arguments were not provided"),
    ];
    for (args, message) in cases {
        let (code, err) = failure(args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(
            err.contains(message),
            "{args:?}: expected {message:?} in\n{err}"
        );
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        // One line, or three for a formula error (the formula and a caret).
        assert!(matches!(err.lines().count(), 1 | 3), "{args:?}: {err}");
    }
}

#[test]
fn check_passes_smooth_formulas_and_fails_at_a_kink_with_status_1() {
    let o = scalargrad(&["check", "sigmoid(x) * y", "x=0.3", "y=2"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).ends_with("passed\n"));
    let o = scalargrad(&["check", "relu(x)", "x=0"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("FAILED"));
    let report = {
        let o = scalargrad(&["check", "relu(x)", "x=0", "--json"]);
        assert_eq!(o.status.code(), Some(1));
        serde_json::from_slice::<Json>(&o.stdout).unwrap()
    };
    // relu'(0) = 0 for autograd; the central difference gives 1/2.
    assert_eq!(report["passed"], false);
    assert_eq!(report["variables"]["x"]["analytic"], 0.0);
    assert_eq!(report["variables"]["x"]["numeric"], 0.5);
    assert_eq!(report["variables"]["x"]["ok"], false);
}

#[test]
fn every_subcommand_speaks_json() {
    let g = json(&["grad", "x * y", "x=3", "y=-2", "--json"]);
    assert_eq!(g["value"], -6.0);
    assert_eq!(
        (g["grad"]["x"].as_f64(), g["grad"]["y"].as_f64()),
        (Some(-2.0), Some(3.0))
    );

    let t = json(&["trace", "tanh(w*x)", "w=0.5", "x=2", "--json"]);
    assert_eq!(t["forward"]["steps"].as_array().unwrap().len(), 4);
    assert_eq!(t["backward"]["steps"][0]["op"], "tanh");

    let p = json(&["paths", "x*x + x", "--wrt", "x", "x=3", "--json"]);
    assert_eq!(
        (p["count"].as_u64(), p["sum"].as_f64(), p["grad"].as_f64()),
        (Some(3), Some(7.0), Some(7.0))
    );

    let c = json(&["check", "x^3", "x=2", "--json"]);
    assert_eq!(c["passed"], true);
    assert_eq!(c["variables"]["x"]["analytic"], 12.0); // 3x²

    let d = json(&["dot", "x*y", "x=1", "y=2", "--json"]);
    assert!(d["dot"].as_str().unwrap().starts_with("digraph {"));

    let dir = std::env::temp_dir().join(format!("scalargrad-cli-{}", std::process::id()));
    let out = dir.to_str().unwrap();
    let l = json(&["lesson", "3", "--out", out, "--json"]);
    assert!(l["output"]
        .as_str()
        .unwrap()
        .contains("sum of probabilities = 1.000000"));

    let model = dir.join("model.json");
    let model = model.to_str().unwrap();
    let tr = json(&[
        "train",
        "--data",
        "xor",
        "--samples",
        "200",
        "--epochs",
        "60",
        "--layers",
        "8",
        "--lr",
        "0.05",
        "--save",
        model,
        "--json",
    ]);
    assert_eq!(tr["history"]["epochs"].as_array().unwrap().len(), 60);
    assert!(
        tr["validation"]["accuracy"].as_f64().unwrap() > 0.8,
        "{}",
        tr["validation"]
    );
    let pr = json(&["predict", model, "0.5", "-0.5", "--json"]);
    // XOR: the signs differ, so the label is 1.
    assert_eq!(pr[0]["class"], 1.0);
    // A label is a whole number, written as one.
    assert!(pr[0]["class"].is_i64(), "{}", pr[0]["class"]);
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn help_shows_an_example_for_every_subcommand_and_version_is_known() {
    for sub in [
        "grad", "trace", "paths", "check", "verify", "dot", "lesson", "train", "predict",
    ] {
        let o = scalargrad(&[sub, "--help"]);
        assert_eq!(o.status.code(), Some(0), "{sub}");
        assert!(
            stdout(&o).contains("Example"),
            "{sub} --help has no example:\n{}",
            stdout(&o)
        );
    }
    let o = scalargrad(&["--version"]);
    assert_eq!(
        stdout(&o).trim(),
        format!("scalargrad {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn hostile_input_gets_an_answer_or_a_clean_error() {
    let deep = format!("{}x{}", "(".repeat(10_000), ")".repeat(10_000));
    let o = scalargrad(&["grad", &deep, "x=2", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let unclosed = "(".repeat(10_000);
    let (code, err) = failure(&["grad", &unclosed]);
    assert_eq!(code, 2);
    assert!(err.lines().count() <= 3, "the error stays short: {err}");
    // A literal past f64's range is an error, not infinity.
    let huge = format!("1{}", "0".repeat(1000));
    let (code, err) = failure(&["grad", &format!("x * {huge}"), "x=1e308"]);
    assert_eq!(code, 2);
    assert!(err.contains("is too large for a 64-bit float"), "{err}");
    // An overflow during the computation is reported where it happened.
    let o = scalargrad(&["grad", "x * 10", "x=1e308"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("f = inf"));
    assert!(
        stderr(&o).contains("produced at node #2 f by *"),
        "{}",
        stderr(&o)
    );

    let mut rng = StdRng::seed_from_u64(21);
    let alphabet: Vec<char> = "xy1.e+-*/^(),tanhpowrelu=$é ".chars().collect();
    for _ in 0..150 {
        let len = rng.random_range(0..30);
        let text: String = (0..len)
            .map(|_| alphabet[rng.random_range(0..alphabet.len())])
            .collect();
        let bytes: Vec<u8> = (0..rng.random_range(1..20))
            .map(|_| rng.random_range(1u8..=255))
            .collect();
        let garbage = String::from_utf8_lossy(&bytes).into_owned();
        for args in [
            vec!["grad", text.as_str(), "x=0.5", "y=-1"],
            vec!["check", garbage.as_str()],
            vec!["trace", text.as_str(), garbage.as_str()],
        ] {
            let o = scalargrad(&args);
            let code = o.status.code();
            assert!(
                matches!(code, Some(0..=2)),
                "{args:?} exited with {code:?}: {}",
                stderr(&o)
            );
            let err = stderr(&o);
            assert!(
                !err.contains("panicked") && !err.contains("internal error"),
                "{args:?}: {err}"
            );
        }
    }
}
