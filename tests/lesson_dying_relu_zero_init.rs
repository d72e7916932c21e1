//! The walkthroughs `06_dying_relu` and `07_zero_init`, run as tests: each
//! example's printed facts are parsed and checked, so the lesson's claims
//! (a dead ReLU unit stays dead; a zero-initialized MLP never breaks its
//! symmetry) are tested on the numbers the learner sees.

use std::path::PathBuf;
use std::sync::OnceLock;

use scalargrad::lesson::{dying_relu, zero_init, Options, Page, Walkthrough};

/// What a walkthrough printed, and what it said about the files it wrote
/// (checked before its scratch directory was removed).
struct Output {
    text: String,
    /// Per file written: its path, whether it was inside the scratch
    /// directory, and whether it was a PNG image of more than a few bytes.
    files: Vec<(PathBuf, bool, bool)>,
}

/// Runs `walkthrough` with its pictures under a fresh directory in the
/// system's temporary directory, then removes the directory; in English,
/// with every table and check (`--detail`).
fn run_in_scratch(name: &str, walkthrough: Walkthrough) -> Output {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let dir = std::env::temp_dir().join(format!(
        "scalargrad-lesson-{name}-{}-{nanos}",
        std::process::id()
    ));
    let mut out = Vec::new();
    let options = Options {
        detail: true,
        ..Options::default()
    };
    let result = walkthrough(&mut Page::new(&mut out, options), &dir);
    let files = result
        .as_ref()
        .map(|files| {
            files
                .iter()
                .map(|f| {
                    let png = std::fs::read(f)
                        .is_ok_and(|b| b.len() > 2_000 && b.starts_with(b"\x89PNG\r\n\x1a\n"));
                    (f.clone(), f.starts_with(&dir), png)
                })
                .collect()
        })
        .unwrap_or_default();
    let _ = std::fs::remove_dir_all(&dir);
    let text = String::from_utf8(out).expect("the walkthrough prints UTF-8");
    if let Err(e) = result {
        panic!("{name} failed: {e}\n{text}");
    }
    Output { text, files }
}

fn dying_relu() -> &'static Output {
    static OUTPUT: OnceLock<Output> = OnceLock::new();
    OUTPUT.get_or_init(|| run_in_scratch("06_dying_relu", dying_relu::run))
}

fn zero_init() -> &'static Output {
    static OUTPUT: OnceLock<Output> = OnceLock::new();
    OUTPUT.get_or_init(|| run_in_scratch("07_zero_init", zero_init::run))
}

/// The rest of the one line that starts with `prefix`.
fn fact<'a>(output: &'a Output, prefix: &str) -> &'a str {
    let lines: Vec<&str> = output
        .text
        .lines()
        .filter_map(|l| l.strip_prefix(prefix))
        .collect();
    match lines[..] {
        [rest] => rest.trim(),
        _ => panic!(
            "expected one line starting with {prefix:?}, found {}:\n{}",
            lines.len(),
            output.text
        ),
    }
}

/// The number right after `label` in `text`.
fn number_after(text: &str, label: &str) -> f64 {
    let start = text
        .find(label)
        .unwrap_or_else(|| panic!("{label:?} not in {text:?}"))
        + label.len();
    let rest = text[start..].trim_start();
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || "-+.e".contains(c)))
        .unwrap_or(rest.len());
    rest[..end]
        .trim_end_matches('.')
        .parse()
        .unwrap_or_else(|_| panic!("no number after {label:?} in {text:?}"))
}

/// Numbers separated by commas, as `list` prints them.
fn numbers(text: &str) -> Vec<f64> {
    text.split(',')
        .map(|x| {
            x.trim()
                .parse()
                .unwrap_or_else(|_| panic!("{x:?} is not a number"))
        })
        .collect()
}

/// The numbers between the first `(` and the next `)` after `from`.
fn tuple_after(text: &str, from: usize) -> (Vec<f64>, usize) {
    let open = from + text[from..].find('(').expect("(");
    let close = open + text[open..].find(')').expect(")");
    (numbers(&text[open + 1..close]), close + 1)
}

// ---- 05 · Dying ReLU ----

#[test]
fn dying_relu_names_a_unit_whose_pre_activation_is_negative() {
    let out = dying_relu();
    let dead: usize = fact(out, "dead unit:").parse().expect("a unit index");
    let line = fact(out, "dead unit's z before the update:");
    let z = numbers(&line.replace(" after:", ""));
    assert!(z[0] < 0.0, "{line}");
    // Its row of the forward table: z_j < 0 and a_j = relu(z_j) = 0.
    let row = out
        .text
        .lines()
        .map(str::split_whitespace)
        .map(Iterator::collect::<Vec<_>>)
        .find(|cols| {
            cols.len() >= 3 && cols[0] == dead.to_string() && cols[1].parse::<f64>().is_ok()
        })
        .expect("the dead unit's forward row");
    assert!(
        (row[1].parse::<f64>().unwrap() - z[0]).abs() < 1e-4,
        "{row:?}"
    );
    assert_eq!(row[2].parse::<f64>().unwrap(), 0.0);
}

#[test]
fn dying_relu_blocks_the_gradient_at_the_dead_unit() {
    let out = dying_relu();
    let dead: usize = fact(out, "dead unit:").parse().unwrap();
    // The gradient does arrive at a_j …
    let arriving = number_after(fact(out, "gradient arriving at the dead unit"), ":");
    assert!(arriving != 0.0);
    // … but relu'(z_j) = 0 makes e_j = 0.
    assert_eq!(number_after(fact(out, "dead unit's e_j:"), ""), 0.0);
    assert_eq!(fact(out, "dead unit's weight gradients all zero:"), "yes");
    let listed = fact(out, "dead unit's weight gradients (");
    let gradients = numbers(&listed[listed.find("): ").unwrap() + 3..]);
    assert_eq!(gradients, vec![0.0; 4]); // three weights and the bias

    // The gradient table, row by row: the dead unit's column is 0 and agrees
    // with autograd; the live units' rows are not all 0.
    let mut dead_rows = 0;
    let mut live_nonzero = 0;
    for line in out.text.lines() {
        let cols: Vec<&str> = line.split_whitespace().collect();
        let Some(name) = cols.first() else { continue };
        let unit = name
            .strip_prefix("b_")
            .or_else(|| name.strip_prefix("w_").and_then(|r| r.split(',').nth(1)));
        let (Some(unit), 6) = (unit.and_then(|u| u.parse::<usize>().ok()), cols.len()) else {
            continue;
        };
        let autograd: f64 = cols[4].parse().unwrap();
        assert_eq!(cols[5], "yes", "{line}");
        if unit == dead {
            dead_rows += 1;
            assert_eq!(autograd, 0.0, "{line}");
            assert_eq!(cols[3].parse::<f64>().unwrap(), 0.0, "{line}");
        } else if autograd != 0.0 {
            live_nonzero += 1;
        }
    }
    assert_eq!(dead_rows, 4);
    assert!(live_nonzero >= 4);
}

#[test]
fn a_dead_unit_stays_dead_after_gradient_descent() {
    let out = dying_relu();
    let dead: usize = fact(out, "dead unit:").parse().unwrap();
    assert_eq!(
        fact(out, "dead unit's weights unchanged after the update:"),
        "yes"
    );
    assert_eq!(fact(out, "the other hidden units' weights moved:"), "yes");
    // The printed parameters before → after: equal for the dead unit only.
    // (Units are printed from 1.)
    for j in 1..=3 {
        let line = fact(out, &format!("  unit {j}:"));
        let (before, next) = tuple_after(line, 0);
        let (after, _) = tuple_after(line, next);
        assert_eq!(before == after, j == dead, "{line}");
    }
    let line = fact(out, "dead unit's z before the update:");
    let z = numbers(&line.replace(" after:", ""));
    assert_eq!(z[0], z[1]);
    assert!(z[1] < 0.0);
    assert_eq!(fact(out, "dead unit stays dead after the update:"), "yes");
    assert_eq!(fact(out, "dead unit's z unchanged over 30 steps:"), "yes");
}

#[test]
fn a_leaky_unit_gets_a_gradient_and_recovers() {
    let out = dying_relu();
    let e = number_after(fact(out, "leaky unit's e_j:"), "");
    assert!(e != 0.0);
    assert_eq!(fact(out, "leaky unit's e_j non-zero:"), "yes");
    assert_eq!(fact(out, "leaky unit's weights moved:"), "yes");
    let z = numbers(fact(out, "leaky unit's z per step:"));
    assert!(z[0] < 0.0);
    assert!(z.windows(2).all(|w| w[1] > w[0]), "{z:?}");
    assert_eq!(fact(out, "leaky unit's z increases every step:"), "yes");
    let steps = number_after(fact(out, "leaky unit recovers (z > 0) after"), "") as usize;
    assert!(steps >= 1);
    assert!(z[steps] > 0.0 && z[steps - 1] <= 0.0, "{z:?}");
}

#[cfg(feature = "plot")]
#[test]
fn dying_relu_draws_its_pictures() {
    let out = dying_relu();
    let names: Vec<String> = out
        .files
        .iter()
        .map(|(f, inside, png)| {
            assert!(*inside && *png, "{}", f.display());
            f.file_name().unwrap().to_string_lossy().into_owned()
        })
        .collect();
    assert_eq!(names, ["z_dead_unit.png", "e_dead_unit.png"]);
}

// ---- 06 · Zero initialization ----

#[test]
fn zero_initialized_linear_models_get_nonzero_gradients_and_learn() {
    let out = zero_init();
    for model in [
        "linear regression",
        "logistic regression",
        "softmax regression",
    ] {
        assert_eq!(
            fact(out, &format!("{model} first gradients non-zero:")),
            "yes"
        );
        let zero = fact(out, &format!("{model} from 0:"));
        let random = fact(out, &format!("{model} from random:"));
        let first = number_after(zero, "train loss");
        let last = number_after(zero, "final train loss");
        assert!(last < 0.75 * first, "{zero}");
        // A linear model from zeros does as well as from random weights.
        let random_last = number_after(random, "final train loss");
        assert!(
            (last - random_last).abs() < 0.2 * random_last,
            "{zero}\n{random}"
        );
    }
    // The one-step tables: every gradient of linear regression is printed
    // non-zero, and the update is −lr·∂J/∂p from 0.
    let lr = number_after(
        &out.text[out.text.find("## 1.").unwrap()..],
        "One step, lr =",
    );
    for name in ["w", "b"] {
        let cols: Vec<f64> = out
            .text
            .lines()
            .map(|l| l.split_whitespace().collect::<Vec<_>>())
            .find(|c| c.len() == 4 && c[0] == name)
            .expect("a row of the one-step table")[1..]
            .iter()
            .map(|x| x.parse().unwrap())
            .collect();
        assert_eq!(cols[0], 0.0);
        assert!(cols[1] != 0.0);
        assert!((cols[2] - (-lr * cols[1])).abs() < 1e-6, "{cols:?}");
    }
}

#[test]
fn a_zero_initialized_mlp_gets_no_weight_gradient() {
    let out = zero_init();
    assert_eq!(fact(out, "MLP hidden weight gradients all zero:"), "yes");
    assert_eq!(fact(out, "MLP hidden bias gradients all zero:"), "yes");
    assert_eq!(fact(out, "MLP output weight gradients all zero:"), "yes");
    assert_eq!(fact(out, "MLP output bias gradients non-zero:"), "yes");
    let moved = fact(out, "MLP parameters moved by the first step:");
    assert_eq!(moved, "2 of 82 (output biases)"); // 2·16 + 16 + 16·2 + 2 = 82
                                                  // The group table: max |∂J/∂p| is 0 for every group of weights.
    for group in ["hidden weights", "hidden biases", "output weights"] {
        let line = fact(out, &format!("  {group}"));
        let cols: Vec<&str> = line.split_whitespace().collect(); // count, max |∂J/∂p|, moved
        assert_eq!(cols[1].parse::<f64>().unwrap(), 0.0, "{line}");
        assert_eq!(cols[2], "0", "{line}"); // "0 of n" moved
    }
}

#[test]
fn a_zero_initialized_mlp_never_breaks_its_symmetry() {
    let out = zero_init();
    assert_eq!(
        number_after(
            fact(
                out,
                "MLP hidden gradient norm, largest over the 100 epochs:"
            ),
            ""
        ),
        0.0
    );
    assert_eq!(
        fact(
            out,
            "MLP hidden weights never move (all exactly 0 after training):"
        ),
        "yes"
    );
    assert_eq!(
        fact(out, "MLP hidden units identical after training:"),
        "yes"
    );
    assert_eq!(
        fact(out, "MLP output weights still all 0 after training:"),
        "yes"
    );
    assert_eq!(
        fact(
            out,
            "MLP random init hidden units identical after training:"
        ),
        "no"
    );
}

#[test]
fn random_initialization_trains_the_mlp_that_zeros_cannot() {
    let out = zero_init();
    let zero = fact(out, "MLP from 0:");
    let random = fact(out, "MLP from random:");
    let zero_accuracy = number_after(zero, "validation accuracy");
    let random_accuracy = number_after(random, "validation accuracy");
    // From zeros the MLP only learns the class balance: a coin toss on moons.
    assert!((zero_accuracy - 50.0).abs() < 10.0, "{zero}");
    assert!(
        (number_after(zero, "final train loss") - 2f64.ln()).abs() < 0.01,
        "{zero}"
    );
    assert!(random_accuracy > 90.0, "{random}");
    assert!(number_after(random, "validation loss") < 0.5 * number_after(zero, "validation loss"));
    assert_eq!(
        fact(
            out,
            "random initialization beats initialization at 0 for the MLP:"
        ),
        "yes"
    );
}

#[cfg(feature = "plot")]
#[test]
fn zero_init_draws_its_pictures() {
    let out = zero_init();
    let mut names: Vec<String> = out
        .files
        .iter()
        .map(|(f, inside, png)| {
            assert!(*inside && *png, "{}", f.display());
            f.file_name().unwrap().to_string_lossy().into_owned()
        })
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "linear_regression_loss.png",
            "logistic_regression_loss.png",
            "mlp_boundary_random_init.png",
            "mlp_boundary_zero_init.png",
            "mlp_loss.png",
            "softmax_regression_loss.png",
        ]
    );
}

#[cfg(not(feature = "plot"))]
#[test]
fn without_the_plot_feature_no_files_are_written() {
    assert!(dying_relu().files.is_empty());
    assert!(zero_init().files.is_empty());
}
