//! Runs the lesson's walkthroughs 01, 03, 04, 08 and the micrograd demo
//! (`scalargrad::lesson`) and checks the facts each one demonstrates in its
//! printed output, so that the examples, the docs and the code cannot drift
//! apart.

use std::path::PathBuf;

use scalargrad::lesson::{
    backprop, micrograd, mlp_forward, pipeline, value, Options, Page, Walkthrough,
};

/// Runs a walkthrough into a fresh temporary folder, in English with every
/// table and check (`--detail`); returns what it printed and the files it
/// wrote (which must exist), with their contents.
fn run_reading(name: &str, walkthrough: Walkthrough) -> (String, Vec<(PathBuf, Vec<u8>)>) {
    let dir = std::env::temp_dir().join(format!("scalargrad-lesson-{name}-{}", std::process::id()));
    let mut out = Vec::new();
    let options = Options {
        detail: true,
        ..Options::default()
    };
    let files = walkthrough(&mut Page::new(&mut out, options), &dir)
        .unwrap_or_else(|e| panic!("{name} failed: {e}"));
    for f in &files {
        assert!(
            f.starts_with(&dir),
            "{name} wrote {} outside its folder",
            f.display()
        );
        assert!(
            std::fs::metadata(f).map(|m| m.len() > 0).unwrap_or(false),
            "{name}: {} is missing",
            f.display()
        );
    }
    let files = files
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(&f).unwrap();
            (f, bytes)
        })
        .collect();
    std::fs::remove_dir_all(&dir).ok();
    (String::from_utf8(out).unwrap(), files)
}

/// [`run_reading`], without the files' contents.
fn run(name: &str, walkthrough: Walkthrough) -> (String, Vec<PathBuf>) {
    let (text, files) = run_reading(name, walkthrough);
    (text, files.into_iter().map(|(f, _)| f).collect())
}

/// The text after `label` on its line.
fn after<'a>(text: &'a str, label: &str) -> &'a str {
    let line = text
        .lines()
        .find(|l| l.contains(label))
        .unwrap_or_else(|| panic!("no line with {label:?} in:\n{text}"));
    line[line.find(label).unwrap() + label.len()..].trim()
}

fn number(text: &str) -> f64 {
    let token: String = text
        .trim()
        .chars()
        .take_while(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e'))
        .collect();
    // A number that ends a sentence keeps its full stop out.
    let token = token.strip_suffix('.').unwrap_or(&token);
    token
        .parse()
        .unwrap_or_else(|_| panic!("not a number: {text:?}"))
}

#[test]
fn walkthrough_01_prints_micrograds_numbers_and_draws_the_graph() {
    let (text, files) = run_reading("01", value::run);
    // micrograd's README: 24.7041, 138.8338, 645.5773
    assert_eq!(number(after(&text, "g.data() =")), 24.7041);
    assert_eq!(number(after(&text, "a.grad() =")), 138.8338);
    assert_eq!(number(after(&text, "b.grad() =")), 645.5773);
    // The gradient read off the graph equals the one derived by hand.
    let from_graph = number(after(&text, "f.grad() ="));
    let by_hand = number(after(&text, "∂g/∂f = 1/2 − 10/f² ="));
    assert_eq!(from_graph, by_hand);
    // The forward trace lists every node: 35 of them.
    assert_eq!(number(after(&text, "records a node:")), 35.0);
    let trace_rows = text
        .lines()
        .filter(|l| l.starts_with('#') && l.split_whitespace().count() >= 3)
        .count();
    assert_eq!(trace_rows, 35);
    assert!(files
        .iter()
        .any(|(f, _)| f.extension().is_some_and(|e| e == "dot")));
    #[cfg(feature = "plot")]
    {
        // The drawing names the values as micrograd's lecture does, and fits
        // a 1920-pixel-wide screen.
        let (_, svg) = files
            .iter()
            .find(|(f, _)| f.extension().is_some_and(|e| e == "svg"))
            .expect("classic.svg");
        let svg = String::from_utf8_lossy(svg);
        for name in ["a", "b", "c", "d", "e", "f", "g"] {
            assert!(
                svg.contains(&format!(">{name}</text>")),
                "no box named {name}"
            );
        }
        let width: f64 = svg
            .split("width=\"")
            .nth(1)
            .and_then(|w| w.split('"').next())
            .and_then(|w| w.parse().ok())
            .expect("the SVG's width");
        assert!(width <= 1920.0, "classic.svg is {width} px wide");
    }
}

/// micrograd's expression on plain numbers, written out by hand from its
/// README, to check the engine's nudge table against.
fn micrograd_g(a: f64, b: f64) -> f64 {
    let relu = |x: f64| x.max(0.0);
    let mut c = a + b;
    let mut d = a * b + b.powi(3);
    c = c + c + 1.0;
    c = c + 1.0 + c - a;
    d = d + d * 2.0 + relu(b + a);
    d = d + 3.0 * d + relu(b - a);
    let e = c - d;
    let f = e * e;
    f / 2.0 + 10.0 / f
}

#[test]
fn the_nudge_table_predicts_the_change_of_g_to_second_order() {
    let h = value::NUDGE;
    let table = value::nudges();
    assert_eq!(table.len(), 2, "one row per input");
    // micrograd's README: ∂g/∂a = 138.8338, ∂g/∂b = 645.5773.
    for ((name, grad, predicted, actual), (expected_name, expected_grad, a, b)) in
        table.iter().zip([
            ("a", 138.8338, -4.0 + h, 2.0),
            ("b", 645.5773, -4.0, 2.0 + h),
        ])
    {
        assert_eq!(*name, expected_name);
        assert!((grad - expected_grad).abs() < 5e-5, "{name}: {grad}");
        assert_eq!(*predicted, grad * h);
        // The change that happens, on plain numbers.
        let by_hand = micrograd_g(a, b) - micrograd_g(-4.0, 2.0);
        assert!(
            (actual - by_hand).abs() < 1e-9,
            "{name}: {actual} vs {by_hand}"
        );
        // A real difference, but a second-order one: under 1 % here.
        let gap = (actual - predicted).abs();
        assert!(gap > 0.0 && gap < 0.01 * predicted.abs(), "{name}: {gap}");
    }
    let (text, _) = run("01", value::run);
    assert!(
        after(
            &text,
            "with h = 0.001, grad·h is within 1 % of the change that happens"
        )
        .ends_with("yes"),
        "{text}"
    );
}

#[test]
fn walkthrough_03_writes_each_z_as_its_sum_and_the_sums_are_right() {
    let (text, _) = run("03", mlp_forward::run);
    let z_lines: Vec<&str> = text
        .lines()
        .filter(|l| l.trim_start().starts_with("z_"))
        .collect();
    assert_eq!(z_lines.len(), 5); // 3 hidden + 2 output units
    for line in z_lines {
        // "z_1⁽¹⁾ = 0.50·1.0000 + 0.20·2.0000 + 0.10 = 1.0000": redo the sum.
        let parts: Vec<&str> = line.split(" = ").collect();
        let (sum, result) = (parts[1], number(parts[2]));
        let mut total = 0.0;
        let mut sign = 1.0;
        for token in sum.split_whitespace() {
            match token {
                "+" => sign = 1.0,
                "-" => sign = -1.0,
                t => {
                    let value = match t.split_once('·') {
                        Some((w, a)) => number(w) * number(a),
                        None => number(t),
                    };
                    total += sign * value;
                }
            }
        }
        assert!((total - result).abs() < 1e-3, "{line}: the sum is {total}");
    }
    // The probabilities add up to 1.
    assert_eq!(number(after(&text, "sum of probabilities =")), 1.0);
    // The drawing shows both outputs, and no grad: nothing was backpropagated.
    #[cfg(feature = "plot")]
    {
        let (_, files) = run_reading("03-drawing", mlp_forward::run);
        let svg = String::from_utf8_lossy(&files[0].1).into_owned();
        for output in ["z_1²", "z_2²"] {
            assert!(
                svg.contains(&format!(">{output}</text>")),
                "{output} missing"
            );
        }
        assert!(!svg.contains(">grad "), "a forward-only drawing shows grad");
    }
    // relu keeps positive z: a = z for every hidden unit printed.
    for line in text.lines().filter(|l| l.contains("= relu(")) {
        let z = number(after(line, "relu("));
        let a = number(line.rsplit(" = ").next().unwrap());
        assert_eq!(a, z.max(0.0), "{line}");
    }
}

#[test]
fn walkthrough_04_shows_every_identity_holding() {
    let (text, files) = run("04", backprop::run);
    assert_eq!(after(&text, "every row agrees (layer 2):"), "yes");
    assert_eq!(after(&text, "every row agrees (layer 1):"), "yes");
    assert_eq!(after(&text, "recursion agrees with autograd:"), "yes");
    assert_eq!(after(&text, "sum over paths equals autograd:"), "yes");
    assert_eq!(
        after(
            &text,
            "the derived formulas agree with autograd at every point:"
        ),
        "yes"
    );
    // e⁽²⁾ = p - y, printed side by side.
    for line in text
        .lines()
        .filter(|l| l.trim_start().starts_with("e_") && l.contains("p_"))
    {
        let e = number(after(line, "="));
        let p_minus_y = number(line.rsplit(" = ").next().unwrap());
        assert_eq!(e, p_minus_y, "{line}");
    }
    // The trace of one neuron sends e_j·a_i to each weight: the contribution
    // to the second weight (input x_2 = 2) is twice the first's.
    let rows: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.starts_with("The backward trace of hidden neuron 1"))
        .filter(|l| l.contains("affine") || l.starts_with("                          "))
        .collect();
    let contributions: Vec<f64> = rows
        .iter()
        .map(|l| number(l.split_whitespace().last().unwrap()))
        .collect();
    assert!(contributions.len() >= 2, "{rows:?}");
    assert!(
        (contributions[1] - 2.0 * contributions[0]).abs() < 1e-5,
        "{contributions:?}"
    );
    assert!(files.iter().any(|f| f.ends_with("backward_trace.csv")));
}

#[test]
fn walkthrough_08_trains_evaluates_and_reloads_the_model() {
    let (text, files) = run("08", pipeline::run);
    let accuracy = number(after(&text, "test accuracy:"));
    assert!(accuracy >= 90.0, "test accuracy {accuracy}");
    assert!(after(&text, "predictions identical on the test set:").ends_with("yes"));
    assert!(files.iter().any(|f| f.ends_with("model.json")));
    #[cfg(feature = "plot")]
    assert!(files.iter().any(|f| f.ends_with("decision_boundary.png")));
}

#[test]
fn the_micrograd_demo_prints_micrograds_losses_and_reaches_full_accuracy() {
    let (text, files) = run("demo", micrograd::demo::run);
    // trajectory.csv: step 0 loss 0.8958441028683222, step 99 0.010978370135492717
    assert_eq!(number(after(&text, "step  0 loss")), 0.895844);
    assert_eq!(number(after(&text, "step 99 loss")), 0.010978);
    assert_eq!(number(after(&text, "after training: accuracy")), 100.0);
    #[cfg(feature = "plot")]
    assert_eq!(files.len(), 3); // decision boundary, loss, accuracy
    let _ = files;
}

#[test]
fn the_derivation_as_formulas_agrees_with_autograd_everywhere_it_is_tried() {
    // ∂J/∂w_ij = e_j·a_i and ∂J/∂b_j = e_j with e⁽²⁾ = p − y and
    // e⁽¹⁾ = (W⁽²⁾e⁽²⁾) ⊙ step(z⁽¹⁾), written as formulas of the 17
    // parameters, at the network's own weights and 99 random ones: every
    // derivative at every point (17 × 100), none undefined (a kink needs some
    // z_j exactly 0, which random points do not hit).
    let report = backprop::formula_check(99);
    assert!(report.passed(), "{report}");
    assert_eq!(report.inputs.len(), backprop::PARAMETERS);
    for input in &report.inputs {
        assert_eq!((input.agreed, input.undefined), (100, 0), "{report}");
    }
    // The first point is the lesson's network: ∂J/∂w_11 there is the
    // section's 0.360133 (the sum over paths printed above).
    let w11 = &report.inputs[0].checks[0];
    assert!((w11.yours - 0.360133).abs() < 1e-6, "{}", w11.yours);
}
