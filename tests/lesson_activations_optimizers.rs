//! The walkthroughs `02_activations` (lesson section 1) and `08_optimizers`
//! (lesson section 5), run as they are and checked on what they print: the
//! facts each one shows a learner must hold.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use scalargrad::lesson::{activations, optimizers, Options, Page, Walkthrough};

/// A fresh directory under the system's temporary directory.
fn temporary_dir(name: &str) -> PathBuf {
    static COUNT: AtomicUsize = AtomicUsize::new(0);
    std::env::temp_dir().join(format!(
        "scalargrad-lesson-{name}-{}-{}",
        std::process::id(),
        COUNT.fetch_add(1, Ordering::Relaxed)
    ))
}

/// What a walkthrough did: its printed text, and each file it says it
/// wrote with the file's bytes (read before the directory was removed).
struct Ran {
    text: String,
    files: Vec<(PathBuf, Vec<u8>)>,
}

/// Runs a walkthrough into a temporary directory, which is removed after,
/// in English with every table and check (`--detail`).
fn run_walkthrough(name: &str, run: Walkthrough) -> Ran {
    let dir = temporary_dir(name);
    let mut out = Vec::new();
    let options = Options {
        detail: true,
        ..Options::default()
    };
    let written = run(&mut Page::new(&mut out, options), &dir)
        .unwrap_or_else(|e| panic!("{name} failed: {e}"));
    let files = written
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(&f).unwrap_or_default();
            (f, bytes)
        })
        .collect();
    let _ = std::fs::remove_dir_all(&dir);
    Ran {
        text: String::from_utf8(out).expect("the walkthrough prints UTF-8"),
        files,
    }
}

/// Walkthrough 02, run once for all the tests that read it.
fn activations() -> &'static Ran {
    static RAN: OnceLock<Ran> = OnceLock::new();
    RAN.get_or_init(|| run_walkthrough("02", activations::run))
}

/// Walkthrough 07, run once for all the tests that read it.
fn optimizers() -> &'static Ran {
    static RAN: OnceLock<Ran> = OnceLock::new();
    RAN.get_or_init(|| run_walkthrough("07", optimizers::run))
}

fn activations_output() -> &'static str {
    &activations().text
}

fn optimizers_output() -> &'static str {
    &optimizers().text
}

/// The lines after the first line that starts with `header` (comparing
/// words, whatever the spaces between them), up to the next blank line.
fn block<'a>(text: &'a str, header: &str) -> Vec<&'a str> {
    let words = |l: &str| l.split_whitespace().collect::<Vec<_>>().join(" ");
    let header = words(header);
    let mut lines = text.lines();
    lines
        .by_ref()
        .find(|l| words(l).starts_with(&header))
        .unwrap_or_else(|| panic!("no line starts with {header:?} in:\n{text}"));
    lines.take_while(|l| !l.trim().is_empty()).collect()
}

/// The only line that starts with `label`, without the label.
fn line_after<'a>(text: &'a str, label: &str) -> &'a str {
    let found: Vec<&str> = text.lines().filter(|l| l.starts_with(label)).collect();
    assert_eq!(found.len(), 1, "lines starting with {label:?}: {found:?}");
    &found[0][label.len()..]
}

fn number(token: &str) -> f64 {
    let token = token.trim_end_matches(['%', ',', ')']);
    token
        .parse()
        .unwrap_or_else(|_| panic!("{token:?} is not a number"))
}

/// The first number in `text` (a token that parses, after `=` splits).
fn first_number(text: &str) -> f64 {
    text.split(|c: char| c.is_whitespace() || c == '=')
        .find_map(|t| t.trim_end_matches([',', ')']).parse().ok())
        .unwrap_or_else(|| panic!("no number in {text:?}"))
}

// ---------------------------------------------------------------------------
// 02 · activations

/// One of the tables `f(z):` or `f'(z):`: the points `z` of the header and,
/// per activation name, its row.
fn activation_table(header: &str) -> (Vec<f64>, Vec<(String, Vec<f64>)>) {
    let lines = block(activations_output(), header);
    let points = lines[0]
        .split_whitespace()
        .skip(1)
        .map(|t| number(t.trim_start_matches("z=")))
        .collect();
    let rows = lines[1..]
        .iter()
        .map(|l| {
            let mut tokens = l.split_whitespace();
            let name = tokens.next().expect("a row starts with a name").to_string();
            (name, tokens.map(number).collect())
        })
        .collect();
    (points, rows)
}

fn derivative_row(name: &str) -> (Vec<f64>, Vec<f64>) {
    let (points, rows) = activation_table("f'(z):");
    let row = rows
        .into_iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no row {name} in the f'(z) table"))
        .1;
    assert_eq!(row.len(), points.len(), "{name}: one value per point");
    (points, row)
}

#[test]
fn the_tables_cover_every_activation_at_every_point() {
    for header in ["f(z):", "f'(z):"] {
        let (points, rows) = activation_table(header);
        assert_eq!(points, [-5.0, -2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0, 5.0]);
        let names: Vec<&str> = rows.iter().map(|(n, _)| n.as_str()).collect();
        let expected: Vec<String> = scalargrad::nn::Activation::ALL
            .iter()
            .map(|a| a.name())
            .collect();
        assert_eq!(names, expected, "{header}");
        for (name, row) in &rows {
            assert_eq!(row.len(), points.len(), "{header} {name}");
            assert!(row.iter().all(|v| v.is_finite()), "{header} {name}");
        }
    }
    // Spot checks against the formulas: σ(0) = 1/2, tanh(1) = 0.7616, softplus(0) = ln 2.
    let (_, rows) = activation_table("f(z):");
    let value = |name: &str, column: usize| rows.iter().find(|(n, _)| n == name).unwrap().1[column];
    assert_eq!(value("sigmoid", 4), 0.5);
    assert!((value("tanh", 6) - 0.7616).abs() < 1e-4);
    assert!((value("softplus", 4) - 2f64.ln()).abs() < 1e-4);
}

#[test]
fn autograd_derivatives_agree_with_the_formulas_and_finite_differences() {
    let text = activations_output();
    let formula = first_number(line_after(
        text,
        "largest |z.grad() - Activation::derivative(z)| over the table:",
    ));
    assert_eq!(
        formula, 0.0,
        "backward uses the same formula as Activation::derivative"
    );
    let finite = first_number(
        line_after(text, "largest |z.grad() - (f(z+h) - f(z-h))/2h|")
            .split_once(':')
            .unwrap()
            .1,
    );
    assert!(finite < 1e-6, "finite differences disagree by {finite}");
}

#[test]
fn sigmoid_slope_is_largest_at_zero_where_it_is_a_quarter() {
    let (points, row) = derivative_row("sigmoid");
    let at_zero = row[points.iter().position(|&z| z == 0.0).unwrap()];
    assert_eq!(at_zero, 0.25); // σ'(0) = σ(0)(1 - σ(0)) = ½·½
    assert!(row.iter().all(|&d| d <= at_zero), "σ' row {row:?}");

    let text = activations_output();
    assert_eq!(first_number(line_after(text, "σ'(0) =")), 0.25);
    let max_line = line_after(text, "max σ'(z) over z = -10 … 10");
    let (max, at) = max_line.split_once(" at z = ").unwrap();
    assert_eq!(first_number(max.rsplit_once('=').unwrap().1), 0.25);
    assert_eq!(number(at.trim()), 0.0);
    // σ'(±5) = σ(5)(1 - σ(5)) ≈ 0.0066: under 1/30 of σ'(0).
    let ends = line_after(text, "σ'(-5) =");
    let left = first_number(ends);
    let right = first_number(ends.split_once("σ'(5) =").unwrap().1);
    assert!(left < 0.25 / 30.0 && right < 0.25 / 30.0, "{ends}");
}

#[test]
fn tanh_slope_is_one_at_zero_and_tiny_at_five() {
    let (points, row) = derivative_row("tanh");
    let at_zero = row[points.iter().position(|&z| z == 0.0).unwrap()];
    assert_eq!(at_zero, 1.0); // 1 - tanh²(0)
    assert!(row.iter().all(|&d| d <= 1.0));
    let text = activations_output();
    assert_eq!(first_number(line_after(text, "tanh'(0) =")), 1.0);
    let ends = line_after(text, "tanh'(-5) =");
    let left = first_number(ends);
    let right = first_number(ends.split_once("tanh'(5) =").unwrap().1);
    // 1 - tanh²(5) ≈ 1.8e-4.
    assert!(left < 1e-3 && right < 1e-3, "{ends}");
}

#[test]
fn relu_passes_nothing_back_for_negative_z_but_leaky_elu_prelu_keep_a_slope() {
    let negative = |name: &str| {
        let (points, row) = derivative_row(name);
        points
            .iter()
            .zip(row)
            .filter(|(&z, _)| z < 0.0)
            .map(|(_, d)| d)
            .collect::<Vec<f64>>()
    };
    assert_eq!(negative("relu"), [0.0; 4]);
    assert_eq!(negative("leaky_relu(0.01)"), [0.01; 4]);
    assert_eq!(negative("prelu(0.25)"), [0.25; 4]);
    assert!(negative("elu(1)").iter().all(|&d| d > 0.0));

    let text = activations_output();
    let slopes = |label: &str| -> Vec<f64> {
        // "0.0100, 0.0100, …   what it means": the numbers, then words.
        line_after(text, label)
            .split_whitespace()
            .map_while(|t| t.trim_end_matches(',').parse().ok())
            .collect()
    };
    assert_eq!(slopes("relu'(z < 0):"), [0.0; 4]);
    for label in [
        "leaky_relu(0.01)'(z < 0):",
        "elu(1)'(z < 0):",
        "prelu(0.25)'(z < 0):",
    ] {
        let kept = slopes(label);
        assert!(
            kept.len() == 4 && kept.iter().all(|&d| d > 0.0),
            "{label} {kept:?}"
        );
    }
    // PReLU: a = s·z for z < 0, so ∂a/∂s = z = -2.
    let slope_gradient = line_after(text, "prelu: ∂a/∂slope at z = -2 is");
    assert_eq!(first_number(slope_gradient), -2.0);
}

/// The vanishing-gradient table: per layer (1 = input side), the sigmoid
/// stack's gradient norm and mean σ'(z), the ReLU stack's norm and mean f'(z).
fn layer_table() -> Vec<(usize, [f64; 4])> {
    let text = activations_output();
    let mut rows: Vec<(usize, [f64; 4])> = block(text, "layer ")
        .iter()
        .take_while(|l| l.starts_with(|c: char| c.is_ascii_digit()))
        .map(|l| {
            let tokens: Vec<&str> = l.split_whitespace().filter(|t| *t != "out").collect();
            let layer = tokens[0].parse().unwrap();
            let values = [1, 2, 3, 4].map(|k| number(tokens[k]));
            (layer, values)
        })
        .collect();
    rows.sort_by_key(|r| r.0);
    rows
}

#[test]
fn gradient_vanishes_through_sigmoid_layers_but_not_through_relu_layers() {
    let rows = layer_table();
    let layers: Vec<usize> = rows.iter().map(|r| r.0).collect();
    assert_eq!(
        layers,
        (1..=11).collect::<Vec<_>>(),
        "10 hidden layers and the output"
    );
    let (first, last) = (rows[0].1, rows[10].1);
    // Sigmoid: more than two orders of magnitude lost between the output and layer 1.
    assert!(
        first[0] < last[0] / 100.0,
        "sigmoid: {} vs {}",
        first[0],
        last[0]
    );
    // ReLU: within an order of magnitude.
    assert!(
        first[2] > last[2] / 10.0,
        "relu: {} vs {}",
        first[2],
        last[2]
    );
    // Why: every sigmoid layer multiplies by σ'(z) ≤ 1/4.
    for (layer, values) in &rows[..10] {
        assert!(
            values[1] <= 0.25 && values[1] > 0.0,
            "layer {layer}: mean σ' {}",
            values[1]
        );
    }

    let text = activations_output();
    let sigmoid = first_number(
        line_after(text, "sigmoid stack:")
            .split_once("(output) =")
            .unwrap()
            .1,
    );
    let relu = first_number(
        line_after(text, "relu stack:")
            .split_once("(output) =")
            .unwrap()
            .1,
    );
    assert!((sigmoid - first[0] / last[0]).abs() <= 3e-3 * sigmoid); // both printed to 4 digits
    assert!(sigmoid < 1e-2 && relu > 0.1, "ratios {sigmoid}, {relu}");
}

#[cfg(feature = "plot")]
fn assert_pictures(ran: &Ran, expected: &[&str]) {
    let names: Vec<String> = ran
        .files
        .iter()
        .map(|(f, _)| f.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, expected);
    for (file, bytes) in &ran.files {
        assert!(
            bytes.len() > 10_000 && bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
            "{} is not a drawn PNG ({} bytes)",
            file.display(),
            bytes.len()
        );
    }
}

#[cfg(feature = "plot")]
#[test]
fn activations_walkthrough_draws_its_three_pictures() {
    assert_pictures(
        activations(),
        &["activations.png", "vanishing_gradient.png"],
    );
}

// ---------------------------------------------------------------------------
// 07 · optimizers

const NAMES: [&str; 7] = scalargrad::optim::NAMES;

/// True when the line's first word is an optimizer's name.
fn starts_with_a_name(line: &str) -> bool {
    line.split_whitespace()
        .next()
        .is_some_and(|word| NAMES.contains(&word))
}

/// Section 1's table: per optimizer, its learning rate and the rows
/// `(t, w1, w2, f)`.
fn first_steps() -> Vec<(String, f64, Vec<[f64; 4]>)> {
    let mut table: Vec<(String, f64, Vec<[f64; 4]>)> = Vec::new();
    for line in block(optimizers_output(), "optimizer lr t") {
        let tokens: Vec<&str> = line.split_whitespace().collect();
        let numbers = if NAMES.contains(&tokens[0]) {
            table.push((tokens[0].to_string(), number(tokens[1]), Vec::new()));
            &tokens[2..]
        } else {
            &tokens[..]
        };
        let row = [0, 1, 2, 3].map(|k| number(numbers[k]));
        table.last_mut().expect("a name comes first").2.push(row);
    }
    table
}

/// One row of section 2's table.
struct ValleyRow {
    name: String,
    /// The first step, `Δw1` and `Δw2`.
    first_step: (f64, f64),
    /// How often `w2` changed sign before reaching the target.
    flips: usize,
    /// The step at which `f < 1e-3`, if any.
    reached: Option<usize>,
    initial_f: f64,
    final_f: f64,
}

fn valley_summary() -> Vec<ValleyRow> {
    block(optimizers_output(), "optimizer lr Δw1")
        .iter()
        .take_while(|l| starts_with_a_name(l))
        .map(|l| {
            // name lr Δw1 Δw2 flips (step N | never) initial_f final_f
            let tokens: Vec<&str> = l.split_whitespace().collect();
            let n = tokens.len();
            ValleyRow {
                name: tokens[0].to_string(),
                first_step: (number(tokens[2]), number(tokens[3])),
                flips: tokens[4].parse().unwrap(),
                reached: (tokens[5] == "step").then(|| tokens[6].parse().unwrap()),
                initial_f: number(tokens[n - 2]),
                final_f: number(tokens[n - 1]),
            }
        })
        .collect()
}

#[test]
fn every_optimizer_starts_at_the_same_point_and_sgd_follows_its_rule() {
    let table = first_steps();
    let names: Vec<&str> = table.iter().map(|(n, _, _)| n.as_str()).collect();
    assert_eq!(names, NAMES);
    for (name, _, rows) in &table {
        assert_eq!(rows.len(), 6, "{name}: t = 0 … 5");
        assert_eq!(rows[0], [0.0, -4.0, 2.0, 9.6], "{name}"); // f = 0.1·16 + 2·4
    }
    // SGD: w1 ← -4 - lr·(0.2·-4) = -4 + 0.8·lr, w2 ← 2 - lr·(4·2) = 2 - 8·lr
    // (with lr 0.4: -3.68 and -1.2), printed to 4 decimals.
    let (_, lr, rows) = &table[0];
    assert_eq!(rows[1][0], 1.0);
    assert!(
        (rows[1][1] - (-4.0 + 0.8 * lr)).abs() < 5e-5,
        "{:?}",
        rows[1]
    );
    assert!(
        (rows[1][2] - (2.0 - 8.0 * lr)).abs() < 5e-5,
        "{:?}",
        rows[1]
    );
    // AdaGrad's first step is lr·g/|g| = ±lr in each coordinate: (-3, 1) with lr 1.
    let adagrad = &table[3];
    assert_eq!(adagrad.2[1][1..3], [-4.0 + adagrad.1, 2.0 - adagrad.1]);
}

#[test]
fn every_optimizer_lowers_f_on_the_valley_and_reaches_its_floor() {
    let rows = valley_summary();
    let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, NAMES);
    for r in &rows {
        let name = &r.name;
        assert_eq!(r.initial_f, 9.6, "{name}"); // 0.1·16 + 2·4
        assert!(
            r.final_f < r.initial_f,
            "{name}: f went from {} to {}",
            r.initial_f,
            r.final_f
        );
        assert!(
            r.final_f < 1e-3,
            "{name}: f after 200 steps is {}",
            r.final_f
        );
        assert!(
            r.reached.is_some_and(|t| t <= 200),
            "{name} never got below 1e-3"
        );
    }
}

#[test]
fn sgd_zig_zags_and_adaptive_optimizers_step_diagonally() {
    let rows = valley_summary();
    let row = |name: &str| rows.iter().find(|r| r.name == name).unwrap();
    // SGD multiplies w2 by 1 - 0.4·4 = -0.6 at each step: a sign change every step.
    let sgd = row("sgd");
    assert_eq!(Some(sgd.flips), sgd.reached, "sgd flips at every step");
    // Nesterov's look-ahead damps the swings of momentum, at the same rate.
    let same_rate = line_after(optimizers_output(), "zig-zags at the same rate");
    let count = |name: &str| -> usize {
        first_number(same_rate.split_once(name).expect("both counts").1) as usize
    };
    assert!(count("nesterov") < count("momentum"), "{same_rate}");
    // Dividing by |g| makes the first step the same size in w1 and w2.
    for name in ["adagrad", "rmsprop", "adam"] {
        let (dw1, dw2) = row(name).first_step;
        assert!(
            (dw1.abs() - dw2.abs()).abs() < 1e-9,
            "{name}: first step ({dw1}, {dw2})"
        );
    }
    // SGD's first step is 10 times longer along the steep w2: 0.4·(4·2) vs 0.4·(0.2·4).
    let (dw1, dw2) = sgd.first_step;
    assert!(
        (dw2.abs() / dw1.abs() - 10.0).abs() < 1e-9,
        "({dw1}, {dw2})"
    );
}

#[test]
fn the_valley_curvature_is_the_hand_derived_hessian_and_newton_lands_in_one_step() {
    let c = optimizers::curvature();
    // f = 0.1·w1² + 2·w2²: ∂²f/∂w1² = 0.2, ∂²f/∂w2² = 4, ∂²f/∂w1∂w2 = 0.
    let by_hand = [[0.2, 0.0], [0.0, 4.0]];
    let found = c.hessian.iter().flatten();
    for (h, expected) in found.zip(by_hand.iter().flatten()) {
        assert!((h - expected).abs() < 1e-12, "H = {:?}", c.hessian);
    }
    // Condition number 4 / 0.2 = 20; gradient descent is stable below 2/4.
    assert!((c.condition_number - 20.0).abs() < 1e-9);
    assert!((c.stable_below - 0.5).abs() < 1e-12);
    // ∇f at (-4, 2) = (0.2·(-4), 4·2) = (-0.8, 8).
    assert!((c.gradient[0] + 0.8).abs() < 1e-12 && (c.gradient[1] - 8.0).abs() < 1e-12);
    // Newton: (-4, 2) − (-0.8/0.2, 8/4) = (-4 + 4, 2 − 2) = (0, 0), where f = 0.
    assert!(c.newton.iter().all(|w| w.abs() < 1e-12), "{:?}", c.newton);
    assert!(c.newton_f.abs() < 1e-20);
    // The lesson says so, with the engine's numbers, and checks the rest.
    let text = optimizers_output();
    assert!(text.contains("H = [[0.2, 0], [0, 4]]"), "{text}");
    assert!(text.contains("4/0.2 = 20"));
    assert!(text.contains("w1 by 0.9200 (it crawls) and w2\nby -0.6000"));
    for check in [
        "sgd's first step multiplies w1 by 1 − lr·H_11",
        "sgd's f shrinks at lr = 0.99 × 0.5 and grows at lr = 1.01 × 0.5",
        "Newton's step lands on the minimum (0, 0)",
    ] {
        assert!(line_after(text, check).ends_with(": yes"), "{check}");
    }
}

#[test]
fn every_optimizer_lowers_the_mlp_loss_from_the_same_start() {
    let text = optimizers_output();
    assert!(line_after(text, "initial parameters identical for all").ends_with(": yes"));
    // (Percentages print as "98.7 %": the sign is a token of its own.)
    let rows: Vec<Vec<&str>> = block(text, "optimizer lr initial loss")
        .iter()
        .take_while(|l| starts_with_a_name(l))
        .map(|l| l.split_whitespace().filter(|t| *t != "%").collect())
        .collect();
    let names: Vec<&str> = rows.iter().map(|r| r[0]).collect();
    assert_eq!(names, NAMES);
    let initial = number(rows[0][2]);
    for row in &rows {
        // name lr initial after-50 final train% validation%
        let (start, end) = (number(row[2]), number(row[4]));
        assert_eq!(start, initial, "{}: the same start for all", row[0]);
        assert!(end < start / 2.0, "{}: loss {start} → {end}", row[0]);
        let (train, validation) = (number(row[5]), number(row[6]));
        assert!(
            train > 85.0 && validation > 80.0,
            "{}: {train} %, {validation} %",
            row[0]
        );
    }
    assert!(line_after(text, "Every optimizer lowered the loss").ends_with("yes"));
}

#[cfg(feature = "plot")]
#[test]
fn optimizers_walkthrough_draws_its_four_pictures() {
    assert_pictures(
        optimizers(),
        &[
            "valley_momentum.png",
            "valley_adagrad_rmsprop.png",
            "valley_adam.png",
            "mlp_loss.png",
        ],
    );
}

#[cfg(not(feature = "plot"))]
#[test]
fn without_the_plot_feature_the_walkthroughs_print_but_write_nothing() {
    for (name, ran) in [("02", activations()), ("07", optimizers())] {
        assert!(ran.files.is_empty(), "{name}: {:?}", ran.files.len());
        assert!(ran.text.contains("built without the `plot` feature"));
    }
}
