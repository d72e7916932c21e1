//! Property tests of the formula parser and of the command line, on random
//! bytes and on mutated formulas: never a panic, never a hang, exit status
//! 0, 1 or 2, and errors of one line (a formula error adds the formula and
//! a caret under the problem).
//!
//! Each property runs a fixed number of cases (`cases` below); the report
//! of issue 14 counts them.

use std::collections::HashMap;
use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::test_runner::Config;
use scalargrad::expr::Formula;
use scalargrad::{inspect, Graph};

/// Well-formed formulas over x and y, using every kind of syntax.
const SEEDS: &[&str] = &[
    "x * tanh(y) + 2^-x",
    "x^2 + 3*x*y",
    "-x^2",
    "exp(x) / (1 + exp(x))",
    "sigmoid(x) * y - ln(y)",
    "sqrt(x*x + y*y)",
    "sin(x) * cos(y) + log(1 + x^2)",
    "relu(x - 1) + softplus(y)",
    "gelu(x) + swish(y, 1.5)",
    "leaky_relu(x, 0.1) + elu(y, 0.5)",
    "prelu(x, y) * 2",
    "pow(x, y)",
    "((x))",
    "1e-3 * x + .5",
    "x / y / y",
];

/// Pieces a mutation may insert: operators, names, numbers at and past the
/// limits of f64, and bytes that are not formulas at all.
const PIECES: &[&str] = &[
    "+",
    "-",
    "*",
    "/",
    "^",
    "(",
    ")",
    ",",
    ".",
    "e",
    "E",
    "x",
    "y",
    "z",
    "1",
    "0",
    "1e400",
    "1e-400",
    "1e308",
    "99999999999999999999",
    "tanh(",
    "pow(",
    "elu(x,",
    "1..2",
    "--",
    "^-",
    " ",
    "\t",
    "é",
    "∂",
    "\u{200b}",
    "$",
    "%",
    "=",
    "\"",
    "_",
    "inf",
    "nan",
];

/// `SEEDS[seed]` with `edits` applied: each `(kind, at, piece)` inserts,
/// deletes, or replaces at a character position.
fn mutate(seed: usize, edits: &[(u8, usize, usize)]) -> String {
    let mut chars: Vec<char> = SEEDS[seed % SEEDS.len()].chars().collect();
    for &(kind, at, piece) in edits {
        let at = if chars.is_empty() {
            0
        } else {
            at % (chars.len() + 1)
        };
        let piece: Vec<char> = PIECES[piece % PIECES.len()].chars().collect();
        match kind % 4 {
            0 => {
                chars.splice(at..at, piece);
            }
            1 if at < chars.len() => {
                chars.remove(at);
            }
            2 if at < chars.len() => {
                chars.splice(at..at + 1, piece);
            }
            _ => {
                // Duplicate a stretch: long and deeply nested inputs.
                let end = (at + 8).min(chars.len());
                let copy: Vec<char> = chars[at..end].to_vec();
                chars.splice(at..at, copy);
            }
        }
    }
    chars.into_iter().collect()
}

fn formula_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        // Mutated formulas.
        (
            0..SEEDS.len(),
            prop::collection::vec((any::<u8>(), any::<usize>(), any::<usize>()), 0..8)
        )
            .prop_map(|(seed, edits)| mutate(seed, &edits)),
        // Random bytes, read as text.
        prop::collection::vec(any::<u8>(), 0..60)
            .prop_map(|bytes| String::from_utf8_lossy(&bytes).into_owned()),
        // Random characters from the formula alphabet.
        "[xy0-9.eE+*/^(),tanhpowrelu -]{0,40}",
    ]
}

/// Parses, records, differentiates and inspects `text`; every step may
/// fail with an error, none may panic.
fn exercise(text: &str, x: f64, y: f64) {
    match Formula::parse(text) {
        Err(e) => {
            let pointer = e.pointer(text);
            assert!(pointer.lines().count() <= 2, "{pointer}");
            assert!(!e.to_string().is_empty());
        }
        Ok(formula) => {
            let g = Graph::new();
            let vars = HashMap::from([("x", g.value(x)), ("y", g.value(y))]);
            match formula.build(&g, &vars) {
                Err(e) => {
                    let _ = e.pointer(text);
                }
                Ok(root) => {
                    root.backward();
                    let _ = inspect::check_values(root);
                    let _ = inspect::check_gradients(root);
                    let _ = inspect::paths(vars["x"], root, 5);
                    let _ = root.backward_trace().to_json();
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(Config { cases: 4_000, ..Config::default() })]

    #[test]
    fn the_parser_never_panics(
        text in formula_strategy(),
        x in prop_oneof![any::<f64>(), Just(0.0), Just(-1.0), Just(1e300)],
        y in prop_oneof![any::<f64>(), Just(0.0), Just(2.0), Just(-1e-300)],
    ) {
        exercise(&text, x, y);
    }
}

// ---------------------------------------------------------------------
// The command line.

/// Removes a folder when dropped.
struct RemoveOnDrop(std::path::PathBuf);

impl Drop for RemoveOnDrop {
    fn drop(&mut self) {
        std::fs::remove_dir_all(&self.0).ok();
    }
}

/// Runs the program with a time limit; `None` if it had to be killed.
fn run_bounded(args: &[String], limit: Duration) -> Option<(i32, String, usize)> {
    // In a folder of its own: nothing a random command writes lands in
    // the source tree.
    static RUN: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let run = RUN.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!(
        "scalargrad-properties-{}-{run}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let _cleanup = RemoveOnDrop(dir.clone());
    let mut child = Command::new(env!("CARGO_BIN_EXE_scalargrad"))
        .current_dir(&dir)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    // Drain both pipes on threads, so a long output cannot block the child.
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        out.read_to_end(&mut bytes).ok();
        bytes.len()
    });
    let err = std::thread::spawn(move || {
        let mut text = String::new();
        err.read_to_string(&mut text).ok();
        text
    });
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let code = status.code().unwrap_or(-1);
            return Some((code, err.join().unwrap(), out.join().unwrap()));
        }
        if start.elapsed() > limit {
            child.kill().ok();
            child.wait().ok();
            return None;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// The program's answer to `args` is an answer or a clean error.
fn answers_cleanly(args: &[String]) -> Result<(), TestCaseError> {
    let Some((code, err, _)) = run_bounded(args, Duration::from_secs(30)) else {
        return Err(TestCaseError::fail(format!(
            "{args:?}: still running after 30 s"
        )));
    };
    prop_assert!(matches!(code, 0..=2), "{args:?} exited with {code}: {err}");
    prop_assert!(
        !err.contains("panicked") && !err.contains("internal error"),
        "{args:?}: {err}"
    );
    let lines: Vec<&str> = err.lines().collect();
    match code {
        0 => prop_assert!(lines.len() <= 1, "{args:?}: {err}"),
        1 => prop_assert!(
            lines.len() == 1 && lines[0].starts_with("scalargrad: "),
            "{args:?}: {err}"
        ),
        _ => {
            prop_assert!(
                !lines.is_empty() && lines[0].starts_with("scalargrad: error: "),
                "{args:?}: {err}"
            );
            // One line, or a formula error: the message, the formula, the caret.
            prop_assert!(
                lines.len() == 1
                    || (lines.len() == 3
                        && lines[1].starts_with("  ")
                        && lines[2].trim_start().starts_with('^')),
                "{args:?}: {err}"
            );
        }
    }
    Ok(())
}

/// A value for a `name=value` argument, or something that is not one.
fn value_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<f64>().prop_map(|v| format!("x={v}")),
        any::<f64>().prop_map(|v| format!("y={v:e}")),
        Just("x=1e400".to_string()),
        Just("y=-0".to_string()),
        Just("x=nan".to_string()),
        Just("x".to_string()),
        Just("=1".to_string()),
        Just("1x=2".to_string()),
        Just("x=1".to_string()),
        "[a-z_]{1,3}=[0-9.e+-]{0,6}",
        prop::collection::vec(any::<u8>(), 0..12)
            .prop_map(|b| String::from_utf8_lossy(&b).replace('\0', "")),
    ]
}

fn formula_command() -> impl Strategy<Value = Vec<String>> {
    (
        prop::sample::select(vec!["grad", "trace", "paths", "check", "dot"]),
        formula_strategy(),
        prop::collection::vec(value_strategy(), 0..4),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(sub, formula, values, json, csv)| {
            let mut args = vec![sub.to_string(), formula.replace('\0', "")];
            args.extend(values);
            if sub == "paths" {
                args.extend(["--wrt".to_string(), "x".to_string()]);
            }
            if json {
                args.push("--json".into());
            } else if csv && sub == "trace" {
                args.push("--csv".into());
            }
            args
        })
}

/// `train` and `predict` with one option given a random value (the work
/// stays small: 20 samples, one epoch).
fn learning_command() -> impl Strategy<Value = Vec<String>> {
    let option = prop::sample::select(vec![
        "--data",
        "--activation",
        "--loss",
        "--optimizer",
        "--lr",
        "--validation",
        "--noise",
        "--layers",
        "--l2",
        "--classes",
        "--batch-size",
        "--delimiter",
        "--target",
    ]);
    let value = prop_oneof![
        "[a-z_(),.0-9-]{0,12}",
        Just("elu(nan)".to_string()),
        Just("swish(1e400)".to_string()),
        Just("1e400".to_string()),
        Just("-1".to_string()),
        Just("18446744073709551616".to_string()),
        Just("spirals".to_string()),
        Just("0,0".to_string()),
        prop::collection::vec(any::<u8>(), 0..10)
            .prop_map(|b| String::from_utf8_lossy(&b).replace('\0', "")),
    ];
    prop_oneof![
        (option, value).prop_map(|(option, value)| {
            let mut args: Vec<String> = [
                "train",
                "--samples",
                "20",
                "--epochs",
                "1",
                "--layers",
                "2",
                "--quiet",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect();
            args.push(option.to_string());
            args.push(value);
            args
        }),
        prop::collection::vec("[0-9.e+-]{0,8}", 0..4).prop_map(|features| {
            let mut args = vec!["predict".to_string(), "/nonexistent/model.json".to_string()];
            args.extend(features);
            args
        }),
    ]
}

proptest! {
    #![proptest_config(Config { cases: 400, ..Config::default() })]

    #[test]
    fn formula_commands_answer_or_fail_cleanly(args in formula_command()) {
        answers_cleanly(&args)?;
    }
}

proptest! {
    #![proptest_config(Config { cases: 150, ..Config::default() })]

    #[test]
    fn learning_commands_answer_or_fail_cleanly(args in learning_command()) {
        answers_cleanly(&args)?;
    }
}

proptest! {
    #![proptest_config(Config { cases: 150, ..Config::default() })]

    #[test]
    fn random_bytes_as_arguments_answer_or_fail_cleanly(
        args in prop::collection::vec(
            prop::collection::vec(any::<u8>(), 0..16)
                .prop_map(|b| String::from_utf8_lossy(&b).replace('\0', "")),
            0..5,
        )
    ) {
        answers_cleanly(&args)?;
    }
}
