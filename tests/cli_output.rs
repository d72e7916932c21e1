//! The program's answers when the outside world misbehaves or the numbers
//! do: a closed pipe, a full disk, NaN and infinities (in JSON, and at
//! exit), literals past f64's range, and a bound on every size a user can
//! type.

use std::fs::File;
use std::io::Read;
use std::process::{Command, Output, Stdio};

use crate::common::cli::stderr;

use serde_json::Value as Json;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_scalargrad"))
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("the binary runs")
}

fn temp_dir(tag: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("scalargrad-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A model file to predict with (trained once, quickly).
fn model(dir: &std::path::Path) -> String {
    let path = dir.join("model.json");
    let path = path.to_str().unwrap().to_string();
    let o = run(&[
        "train",
        "--data",
        "xor",
        "--samples",
        "40",
        "--epochs",
        "2",
        "--layers",
        "4",
        "--quiet",
        "--save",
        &path,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    path
}

/// One invocation of every subcommand that writes to standard output, with
/// output long enough to need several writes.
fn every_subcommand(dir: &std::path::Path) -> Vec<Vec<String>> {
    let long = vec!["x"; 2_000].join(" + ");
    let model = model(dir);
    let points = dir.join("points.csv");
    // No header: nothing to note on standard error.
    std::fs::write(&points, "0.5,-0.5\n1,1\n").unwrap();
    let lesson = dir.join("lesson");
    [
        vec!["grad", long.as_str(), "x=1"],
        vec!["trace", long.as_str(), "x=1"],
        vec!["trace", long.as_str(), "x=1", "--json"],
        vec![
            "paths",
            long.as_str(),
            "--wrt",
            "x",
            "x=1",
            "--limit",
            "500",
        ],
        vec!["paths", long.as_str(), "--wrt", "x", "x=1", "--json"],
        vec!["check", "x * y", "x=1", "y=2"],
        vec!["dot", long.as_str(), "x=1"],
        vec![
            "train",
            "--data",
            "moons",
            "--samples",
            "40",
            "--epochs",
            "3",
            "--quiet",
        ],
        vec![
            "train",
            "--data",
            "moons",
            "--samples",
            "40",
            "--epochs",
            "3",
            "--json",
        ],
        vec!["predict", model.as_str(), "0.5", "0.5"],
        vec!["predict", model.as_str(), "--csv", points.to_str().unwrap()],
        vec!["lesson", "3", "--out", lesson.to_str().unwrap()],
    ]
    .iter()
    .map(|args| args.iter().map(|s| s.to_string()).collect())
    .collect()
}

#[test]
fn a_closed_pipe_ends_the_program_quietly_with_status_0() {
    let dir = temp_dir("pipe");
    for args in every_subcommand(&dir) {
        // The reader is gone before the program writes anything: every
        // write fails with EPIPE.
        let mut child = bin()
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let mut err = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut err)
            .unwrap();
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(0), "{args:?}: {err}");
        assert_eq!(err, "", "{args:?}: nothing on standard error");
    }
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn reading_only_the_first_line_of_a_long_output_is_fine() {
    // `scalargrad trace "x + x + … (10,000 terms)" x=1 | head -1`.
    let long = vec!["x"; 10_000].join("+");
    let mut child = bin()
        .args(["trace", &long, "x=1"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 64];
    let n = child.stdout.as_mut().unwrap().read(&mut first).unwrap();
    assert!(String::from_utf8_lossy(&first[..n]).starts_with("Forward pass"));
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stderr(&o), "");
}

#[test]
#[cfg(target_os = "linux")]
fn a_full_disk_gives_one_line_and_status_2() {
    let dir = temp_dir("full");
    for args in every_subcommand(&dir) {
        let full = File::options().write(true).open("/dev/full").unwrap();
        let o = bin().args(&args).stdout(full).output().unwrap();
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{args:?}: one line: {err}");
        assert!(
            err.starts_with("scalargrad: error: cannot write to standard output: No space left"),
            "{args:?}: {err}"
        );
    }
    std::fs::remove_dir_all(dir).ok();
}

fn json_of(o: &Output) -> Json {
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&o.stdout)))
}

#[test]
fn nan_and_infinities_are_strings_in_json_never_null() {
    // ln(0) = -∞, ∂/∂x = 1/0 = ∞.
    let o = run(&["grad", "ln(x)", "x=0", "--json"]);
    let g = json_of(&o);
    assert_eq!(
        (g["value"].as_str(), g["grad"]["x"].as_str()),
        (Some("-inf"), Some("inf"))
    );

    // sqrt(-1) is NaN, and so is everything after it.
    let o = run(&["trace", "sqrt(x) * 2", "x=-1", "--json"]);
    let t = json_of(&o);
    let last = t["forward"]["steps"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["value"], "NaN");

    let o = run(&["check", "ln(x)", "x=-1", "--json"]);
    let c = json_of(&o);
    assert_eq!(c["value"], "NaN");
    assert_eq!(c["variables"]["x"]["analytic"], -1.0); // 1/x: finite
    assert_eq!(c["variables"]["x"]["numeric"], "NaN");

    let o = run(&["paths", "ln(x) * x", "--wrt", "x", "x=0", "--json"]);
    let p = json_of(&o);
    let products: Vec<&Json> = p["paths"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| &p["product"])
        .collect();
    assert!(products.iter().any(|v| v.as_str() == Some("-inf")), "{p}");
    // Path x → ln → *: ∞·0 = NaN; path x → *: ln 0 = -∞. Backward skips the
    // ln node, whose gradient is 0 (x = 0), so autograd says -∞.
    assert_eq!(
        (p["sum"].as_str(), p["grad"].as_str()),
        (Some("NaN"), Some("-inf"))
    );

    // No number anywhere is null (a node without a name is, and so is the
    // operand of an edge that alone joins two nodes).
    for out in [g, t, c, p] {
        assert_eq!(nulls(&out, ""), Vec::<String>::new(), "{out}");
    }
}

/// The keys of every `null` in a JSON tree, but `name`s.
fn nulls(json: &Json, key: &str) -> Vec<String> {
    match json {
        Json::Null if key != "name" && key != "repeated_operand" => vec![key.to_string()],
        Json::Array(items) => items.iter().flat_map(|v| nulls(v, key)).collect(),
        Json::Object(map) => map.iter().flat_map(|(k, v)| nulls(v, k)).collect(),
        _ => Vec::new(),
    }
}

#[test]
fn a_nan_or_infinity_says_where_it_was_born_and_exits_1() {
    let cases: &[(&[&str], &str)] = &[
        (
            &["grad", "ln(x)", "x=0"],
            "the result is not finite: -inf produced at node #1 f by ln(#0 x = 0)",
        ),
        (
            &["grad", "sqrt(x)", "x=0"],
            "a gradient is not finite: gradient inf at node #0 x (leaf), sent by node #1 f (sqrt)",
        ),
        (
            &["trace", "x / y", "x=1", "y=0"],
            "the result is not finite: inf produced at node #2 f by /",
        ),
        (&["paths", "ln(x)", "--wrt", "x", "x=0"], "not finite"),
        (
            &["dot", "exp(x)", "x=1000"],
            "inf produced at node #1 f by exp",
        ),
        (&["check", "ln(x)", "x=0"], "the result is not finite"),
    ];
    for (args, message) in cases {
        let o = run(args);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {err}");
        assert!(
            err.contains(message),
            "{args:?}: expected {message:?} in {err}"
        );
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(
            !o.stdout.is_empty(),
            "{args:?}: the answer is still printed"
        );
    }
    // Finite answers exit 0 and say nothing.
    let o = run(&["grad", "ln(x)", "x=1"]);
    assert_eq!((o.status.code(), stderr(&o).as_str()), (Some(0), ""));
}

#[test]
fn literals_past_the_range_of_f64_are_errors() {
    let cases: &[(&[&str], &str)] = &[
        (
            &["grad", "x * 1e400", "x=1"],
            "`1e400` is too large for a 64-bit float",
        ),
        (&["grad", "x", "x=1e400"], "`x=1e400`: `1e400` is too large"),
        (&["grad", "x", "x=-1e999"], "is too large"),
        (
            &["grad", "x", "x=inf"],
            "NaN and infinities are not allowed",
        ),
        (
            &["grad", "x", "x=NaN"],
            "NaN and infinities are not allowed",
        ),
        (&["check", "x", "x=1", "--atol", "1e400"], "is too large"),
        (&["train", "--lr", "1e400"], "is too large"),
        (
            &["predict", "no-model.json", "1e400"],
            "predict: `1e400` is too large",
        ),
    ];
    for (args, message) in cases {
        let o = run(args);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains(message),
            "{args:?}: expected {message:?} in {err}"
        );
        assert_eq!(
            err.lines().count(),
            if args[0] == "grad" && args[1] != "x" {
                3
            } else {
                1
            },
            "{err}"
        );
    }
}

#[test]
fn every_size_a_user_can_type_has_a_bound_and_a_one_line_error() {
    let many_values: Vec<String> = (0..10_001).map(|k| format!("x{k}=1")).collect();
    let mut too_many = vec!["grad".to_string(), "x0".to_string()];
    too_many.extend(many_values);
    let too_many: Vec<&str> = too_many.iter().map(String::as_str).collect();
    let check_vars: Vec<String> = (0..1_001).map(|k| format!("x{k}=1")).collect();
    let mut check = vec!["check".to_string(), "x0".to_string()];
    check.extend(check_vars);
    let check: Vec<&str> = check.iter().map(String::as_str).collect();
    let deep = "1,".repeat(101);
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["train", "--samples", "18446744073709551615"],
            "18446744073709551615 is more than 1,000,000, the limit",
        ),
        (
            vec!["train", "--samples", "100000000000000"],
            "is more than 1,000,000, the limit",
        ),
        (
            vec!["train", "--samples", "99999999999999999999999999"],
            "is more than 1,000,000",
        ),
        (vec!["train", "--samples", "1"], "1 is less than 2"),
        (
            vec!["train", "--samples", "-5"],
            "`-5` is not a whole number from 2 to 1,000,000",
        ),
        (
            vec!["train", "--classes", "18446744073709551615"],
            "is more than 1,000, the limit",
        ),
        (
            vec![
                "train",
                "--data",
                "spirals",
                "--samples",
                "10",
                "--classes",
                "11",
            ],
            "--classes 11: more classes than --samples 10",
        ),
        (
            vec!["train", "--epochs", "18446744073709551615"],
            "is more than 100,000, the limit",
        ),
        (vec!["train", "--epochs", "0"], "0 is less than 1"),
        (
            vec!["train", "--batch-size", "18446744073709551615"],
            "is more than 1,000,000, the limit",
        ),
        (vec!["train", "--threads", "0"], "0 is less than 1"),
        (
            vec!["train", "--threads", "17"],
            "17 is more than 16, the limit",
        ),
        (
            vec!["train", "--layers", "100000,100000"],
            "--layers: 100000 units in one layer; the limit is 10,000",
        ),
        (
            vec!["train", "--layers", "99999999999999999999999"],
            "units in one layer; the limit is 10,000",
        ),
        (
            vec!["train", "--layers", "10000,10000"],
            "--layers: the network would have more than 10,000,000 parameters",
        ),
        (
            vec!["train", "--layers", &deep[..201]],
            "--layers: 101 layers; the limit is 100",
        ),
        (
            vec![
                "paths",
                "x",
                "--wrt",
                "x",
                "x=1",
                "--limit",
                "18446744073709551615",
            ],
            "--limit",
        ),
        (too_many, "10001 name=value arguments; the limit is 10000"),
        (check, "check: 1001 variables; at most 1000 can be checked"),
    ];
    for (args, message) in cases {
        let o = run(&args);
        let err = stderr(&o);
        let shown: Vec<&str> = args.iter().take(6).copied().collect();
        assert_eq!(o.status.code(), Some(2), "{shown:?}: {err}");
        assert!(
            err.contains(message),
            "{shown:?}: expected {message:?} in {err}"
        );
        assert_eq!(err.lines().count(), 1, "{shown:?}: {err}");
    }
}

#[test]
fn the_bounds_are_in_the_help() {
    let help = |sub: &str| String::from_utf8_lossy(&run(&[sub, "--help"]).stdout).into_owned();
    let train = help("train");
    for bound in [
        "1,000,000",
        "1,000",
        "100 layers",
        "10,000 units",
        "10,000,000 parameters",
        "100,000",
    ] {
        assert!(
            train.contains(bound),
            "train --help does not say {bound}:\n{train}"
        );
    }
    assert!(help("paths").contains("0 to 10,000"));
    assert!(help("check").contains("at most 1,000 variables"));
    let grad = help("grad");
    assert!(
        grad.contains("1,000,000 characters") && grad.contains("at most 10,000"),
        "{grad}"
    );
    let top = String::from_utf8_lossy(&run(&["--help"]).stdout).into_owned();
    assert!(
        top.contains("Exit status: 0") && top.contains("\"NaN\""),
        "{top}"
    );
}

#[test]
fn duplicate_names_are_found_among_many_values() {
    // 10,000 values, the duplicate last: found, and quickly (the check is a
    // hash set; the benchmark `arguments` measures it).
    let mut args: Vec<String> = vec!["grad".into(), "x0".into()];
    args.extend((0..9_999).map(|k| format!("x{k}=1")));
    args.push("x5000=2".into());
    let o = bin().args(&args).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("`x5000` is given twice"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn training_that_diverges_names_the_epoch_saves_nothing_and_exits_1() {
    let dir = temp_dir("diverge");
    let model = dir.join("model.json");
    let plots = dir.join("plots");
    let o = run(&[
        "train",
        "--data",
        "regression",
        "--optimizer",
        "sgd",
        "--lr",
        "1e6",
        "--epochs",
        "50",
        "--quiet",
        "--save",
        model.to_str().unwrap(),
        "--plots",
        plots.to_str().unwrap(),
    ]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.starts_with("scalargrad: training diverged at epoch "),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(!model.exists() && !plots.exists(), "nothing saved or drawn");
    let o = run(&[
        "train",
        "--data",
        "regression",
        "--optimizer",
        "sgd",
        "--lr",
        "1e6",
        "--epochs",
        "50",
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let j = json_of(&o);
    let epoch = j["history"]["diverged_at"]
        .as_u64()
        .expect("the epoch, in JSON too");
    assert_eq!(
        j["history"]["epochs"].as_array().unwrap().len() as u64,
        epoch + 1
    );
    std::fs::remove_dir_all(dir).ok();
}
