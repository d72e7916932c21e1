//! # 05 · Dying ReLU
//!
//! Follows the lesson's section 3, worked example "Dying ReLU": a network
//! `x (3 inputs) → 3 hidden ReLU units → 3 logits → softmax`, one training
//! example, and weights chosen so that hidden unit 1's pre-activation `z_1`
//! is negative. (The lesson's figures, with its own numbers, are not
//! available; the weights here are chosen to tell the same story.)
//!
//! You will see and can check:
//! - forward: every `z_j` and `a_j`; `z_1 < 0`, so `a_1 = relu(z_1) = 0`;
//! - backward: `e_j = ∂J/∂z_j` of each layer; the gradient `∂J/∂a_1` does
//!   reach the dead unit, but `relu'(z_1) = 0` blocks it, so `e_1 = 0` and
//!   every `∂J/∂w_i1 = e_1·a_i` and `∂J/∂b_1 = e_1` is 0 (the gradient table
//!   of the hidden layer shows it row by row);
//! - one gradient-descent step: the dead unit's weights do not move, and
//!   forward again it is still dead; over 30 steps its `z_1` never changes;
//! - the same network with LeakyReLU (slope 0.1, so that it shows within a
//!   few steps; PyTorch's default is 0.01): `e_1 ≠ 0`, the unit's weights
//!   move, `z_1` rises at every step and the unit comes back to life
//!   (`z_1 > 0`) within a few steps; with slope 0.01 it rises too, ten times
//!   more slowly.
//!
//! Writes `z_dead_unit.png` (`z_1` at each step, ReLU against LeakyReLU
//! with slopes 0.1 and 0.01) and `e_dead_unit.png` (the gradient `e_1` the
//! unit receives at each step) under `out/lesson/05_dying_relu/`.
//!
//! Run: cargo run --release --example 05_dying_relu

use std::path::{Path, PathBuf};

use scalargrad::nn::{Activation, GradientTable, Layer, Mlp};
use scalargrad::optim::{Optimizer, Sgd};
use scalargrad::train::Objective;
use scalargrad::{inspect, loss, Graph};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::path::Path::new("out/lesson/05_dying_relu");
    let files = run(&mut std::io::stdout().lock(), dir)?;
    println!("\nFiles written to {}/:", dir.display());
    for f in &files {
        println!("  {}", f.display());
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// The chosen network and example: inputs of the walkthrough, not results.

/// The one training example `x = a⁽⁰⁾`…
const X: [f64; 3] = [1.0, 2.0, 0.5];
/// … and its class `t` (the target is the one-hot `y = (1, 0, 0)`).
const CLASS: usize = 0;
/// Hidden layer: `HIDDEN_W[j]` holds unit `j`'s weights `w_0j, w_1j, w_2j`.
/// Unit 1's weights are negative where `x` is large: its `z_1` will be < 0.
const HIDDEN_W: [[f64; 3]; 3] = [[0.5, 0.1, -0.2], [-0.2, 0.1, -0.4], [0.3, 0.2, 0.1]];
const HIDDEN_B: [f64; 3] = [0.1, 0.1, 0.0];
/// Output layer: `OUTPUT_W[k]` holds logit `k`'s weights `w_0k, w_1k, w_2k`.
/// Hidden unit 1 would help the right class (its weight to logit 0 is +0.8),
/// if only it were alive.
const OUTPUT_W: [[f64; 3]; 3] = [[0.4, 0.8, 0.3], [-0.3, 0.5, 0.6], [0.2, -0.4, -0.2]];
const OUTPUT_B: [f64; 3] = [0.0, 0.0, 0.0];
/// Learning rate of gradient descent `p ← p − lr·∂J/∂p`.
const LR: f64 = 0.1;
/// Steps of the longer runs (ReLU against LeakyReLU).
const STEPS: usize = 30;
/// Steps of the run with PyTorch's slope, whose push is ten times weaker.
const LONG: usize = 1000;
/// The LeakyReLU slope of the comparison: ten times PyTorch's 0.01, so that
/// the dead unit's recovery shows within a few steps.
const LEAKY: f64 = 0.1;

/// The network `3 → 3 (hidden activation) → 3 (logits)` with the chosen
/// weights.
fn network(graph: &Graph, hidden: Activation) -> Mlp<'_> {
    let rows = |w: &[[f64; 3]; 3]| w.iter().map(|r| r.to_vec()).collect::<Vec<_>>();
    Mlp::from_layers(vec![
        Layer::from_weights(graph, &rows(&HIDDEN_W), Some(&HIDDEN_B), hidden),
        Layer::from_weights(graph, &rows(&OUTPUT_W), Some(&OUTPUT_B), Activation::Linear),
    ])
}

/// Everything one forward and backward pass computed, as plain numbers.
struct Pass {
    /// `z_j⁽ˡ⁾` per layer.
    z: Vec<Vec<f64>>,
    /// `a_j⁽ˡ⁾ = f(z_j⁽ˡ⁾)` per layer.
    a: Vec<Vec<f64>>,
    /// `∂J/∂a_j⁽ˡ⁾` per layer: the gradient that arrives at a unit's output.
    upstream: Vec<Vec<f64>>,
    /// `e_j⁽ˡ⁾ = ∂J/∂z_j⁽ˡ⁾` per layer.
    e: Vec<Vec<f64>>,
    /// The softmax `p = softmax(z⁽²⁾)`.
    p: Vec<f64>,
    /// The loss `J = −ln p_t`.
    loss: f64,
    /// The hidden layer's `∂J/∂w_ij = e_j·a_i` against autograd.
    hidden_table: GradientTable,
}

/// Forward and backward for the example: `J = softmax_cross_entropy(z⁽²⁾, t)`.
/// Leaves the gradients on the parameters and discards every node recorded
/// after them.
fn forward_backward(mlp: &Mlp<'_>) -> Pass {
    let graph = mlp.graph();
    let keep = graph.len();
    let trace = mlp.forward_trace(&graph.values(&X));
    let p = loss::softmax(trace.outputs());
    let j = loss::softmax_cross_entropy(trace.outputs(), CLASS);
    graph.zero_grad();
    j.backward();
    // `+ 0.0` turns −0 into 0, so that a blocked gradient prints as 0.
    let (mut z, mut a, mut upstream, mut e) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for layer in &trace.layers {
        z.push(
            layer
                .pre_activations
                .iter()
                .map(|v| v.data() + 0.0)
                .collect(),
        );
        a.push(layer.outputs.iter().map(|v| v.data() + 0.0).collect());
        upstream.push(layer.outputs.iter().map(|v| v.grad() + 0.0).collect());
        e.push(layer.errors().iter().map(|g| g + 0.0).collect());
    }
    let pass = Pass {
        z,
        a,
        upstream,
        e,
        p: p.iter().map(|v| v.data()).collect(),
        loss: j.data(),
        hidden_table: trace.gradient_table(mlp, 0),
    };
    graph.truncate(keep);
    pass
}

/// One gradient-descent step on the example; returns the pass it stepped
/// from.
fn train_step(mlp: &Mlp<'_>, sgd: &mut Sgd) -> Pass {
    let pass = forward_backward(mlp);
    sgd.step(&mlp.parameters()); // p ← p − lr·p.grad(), for every parameter
    pass
}

/// The parameters of hidden unit `j` (its weights `w_ij`, then `b_j`).
fn unit_parameters(mlp: &Mlp<'_>, j: usize) -> Vec<f64> {
    mlp.layers()[0].neurons()[j]
        .parameters()
        .iter()
        .map(|p| p.data())
        .collect()
}

fn yes(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

fn list(xs: &[f64]) -> String {
    let parts: Vec<String> = xs.iter().map(|x| format!("{:.4}", x + 0.0)).collect();
    parts.join(", ")
}

/// Runs the walkthrough, printing to `out` and writing pictures under `dir`; returns the files written.
pub fn run(
    out: &mut dyn std::io::Write,
    dir: &std::path::Path,
) -> Result<Vec<std::path::PathBuf>, Box<dyn std::error::Error>> {
    writeln!(out, "# 05 · Dying ReLU")?;
    writeln!(
        out,
        "\nNetwork: x (3 inputs) → 3 hidden ReLU units → 3 logits z⁽²⁾ → softmax p, loss J = −ln p_t."
    )?;
    writeln!(
        out,
        "One training example: x = ({}), class t = {}. Units and classes are counted from 1, as in the lesson.",
        list(&X),
        CLASS + 1
    )?;

    // -----------------------------------------------------------------------
    // The chosen parameters, in the lesson's matrix form z = Wᵀa + b.
    let graph = Graph::new();
    let mlp = network(&graph, Activation::Relu);
    for (l, layer) in mlp.layers().iter().enumerate() {
        writeln!(
            out,
            "\nW^({}) (row i = input a_i, column j = unit j) and b^({}), chosen:",
            l + 1,
            l + 1
        )?;
        for (i, row) in layer.weight_matrix().iter().enumerate() {
            writeln!(out, "  i = {}: {}", i + 1, list(row))?;
        }
        writeln!(out, "  b    : {}", list(&layer.bias_vector()))?;
    }

    // -----------------------------------------------------------------------
    // Forward pass: a⁽⁰⁾ = x, z⁽ˡ⁾ = W⁽ˡ⁾ᵀa⁽ˡ⁻¹⁾ + b⁽ˡ⁾, a⁽ˡ⁾ = f(z⁽ˡ⁾).
    writeln!(out, "\n## Forward pass")?;
    // One pass computes forward and backward; the backward half is printed
    // in the next section.
    let first = forward_backward(&mlp);
    writeln!(
        out,
        "Layer 1 (ReLU): z_j = Σ_i w_ij·x_i + b_j, a_j = relu(z_j)"
    )?;
    writeln!(out, "  {:<6} {:>10} {:>10}", "unit j", "z_j", "a_j")?;
    for (j, (z, a)) in first.z[0].iter().zip(&first.a[0]).enumerate() {
        let note = if *z < 0.0 {
            "   ← z_j < 0: relu outputs 0"
        } else {
            ""
        };
        writeln!(out, "  {:<6} {z:>10.4} {a:>10.4}{note}", j + 1)?;
    }
    writeln!(out, "Layer 2 (linear logits) and the softmax:")?;
    writeln!(out, "  {:<6} {:>10} {:>10}", "k", "z_k", "p_k")?;
    for (k, (z, p)) in first.z[1].iter().zip(&first.p).enumerate() {
        writeln!(out, "  {:<6} {z:>10.4} {p:>10.4}", k + 1)?;
    }
    writeln!(out, "J = −ln p_{} = {:.6}", CLASS + 1, first.loss)?;

    // The dead unit: the hidden unit whose z is negative, so a = 0.
    let dead = first.z[0]
        .iter()
        .position(|&z| z < 0.0)
        .ok_or("the chosen weights leave no hidden unit with z < 0")?;
    let z_dead = first.z[0][dead];
    // Printed from 1, as the lesson counts units.
    let dead1 = dead + 1;
    writeln!(out, "\ndead unit: {dead1}")?;
    writeln!(
        out,
        "  z_{dead1} = {z_dead:.6} < 0, so a_{dead1} = relu(z_{dead1}) = {:.6}: the unit passes nothing forward.",
        first.a[0][dead]
    )?;
    // inspect::layer_report finds the same unit from the trace: a_j = 0 for
    // every example of the batch (here, the one example).
    {
        let keep = graph.len();
        let trace = mlp.forward_trace(&graph.values(&X));
        let report = inspect::layer_report(&mlp, &[trace]);
        writeln!(out, "  inspect::layer_report: {}", report[0])?;
        graph.truncate(keep);
    }

    // -----------------------------------------------------------------------
    // Backward pass, from the loss back to the input.
    writeln!(out, "\n## Backward pass")?;
    writeln!(
        out,
        "Output layer: e_k⁽²⁾ = ∂J/∂z_k = p_k − y_k (softmax cross-entropy)"
    )?;
    writeln!(
        out,
        "  {:<6} {:>10} {:>10} {:>10}",
        "k", "p_k", "y_k", "e_k"
    )?;
    for (k, e) in first.e[1].iter().enumerate() {
        let y = if k == CLASS { 1.0 } else { 0.0 };
        writeln!(
            out,
            "  {:<6} {:>10.4} {y:>10.4} {e:>10.4}",
            k + 1,
            first.p[k]
        )?;
    }
    writeln!(
        out,
        "Hidden layer: e_j⁽¹⁾ = (Σ_k w_jk⁽²⁾·e_k⁽²⁾) · relu'(z_j), with relu'(z) = 1 if z > 0 else 0"
    )?;
    writeln!(
        out,
        "  {:<6} {:>16} {:>12} {:>10}",
        "unit j", "∂J/∂a_j = Σ_k…", "relu'(z_j)", "e_j"
    )?;
    for j in 0..first.e[0].len() {
        let derivative = Activation::Relu.derivative(first.z[0][j]);
        let note = if j == dead {
            "   ← the gradient arrives, relu' blocks it"
        } else {
            ""
        };
        writeln!(
            out,
            "  {:<6} {:>16.4} {derivative:>12} {:>10.4}{note}",
            j + 1,
            first.upstream[0][j],
            first.e[0][j]
        )?;
    }
    writeln!(
        out,
        "gradient arriving at the dead unit ∂J/∂a_{dead1}: {:.6}",
        first.upstream[0][dead]
    )?;
    writeln!(out, "dead unit's e_j: {}", first.e[0][dead])?;
    // The same e⁽ˡ⁾ from the textbook recursion on plain numbers.
    let by_hand = mlp.backprop_by_hand(&X, Objective::SoftmaxCrossEntropy, CLASS as f64);
    // (The first pass's gradients are still on the parameters: compare.)
    writeln!(
        out,
        "textbook recursion e⁽ˡ⁾ = (W⁽ˡ⁺¹⁾e⁽ˡ⁺¹⁾) ⊙ f'(z⁽ˡ⁾) (Mlp::backprop_by_hand): e⁽¹⁾ = ({}), largest difference from autograd's gradients {:.1e}",
        list(&by_hand.layers[0].errors),
        by_hand.max_difference(&mlp)
    )?;

    writeln!(
        out,
        "\nGradient table of the hidden layer (its inputs a_i are x_i; a bias's input is 1):"
    )?;
    write!(out, "{}", first.hidden_table)?;
    let dead_rows: Vec<f64> = first
        .hidden_table
        .rows
        .iter()
        .filter(|r| r.j == dead)
        .map(|r| r.autograd + 0.0)
        .collect();
    writeln!(
        out,
        "dead unit's weight gradients (∂J/∂w_i{dead1} for i = 1..{}, then ∂J/∂b_{dead1}): {}",
        X.len(),
        list(&dead_rows)
    )?;
    writeln!(
        out,
        "dead unit's weight gradients all zero: {}",
        yes(dead_rows.iter().all(|&g| g == 0.0))
    )?;
    writeln!(
        out,
        "table agrees with autograd row by row: {}",
        yes(first.hidden_table.agrees())
    )?;

    // -----------------------------------------------------------------------
    // One step of gradient descent: p ← p − lr·∂J/∂p (optim::Sgd).
    writeln!(out, "\n## One step of gradient descent, lr = {LR}")?;
    let before: Vec<Vec<f64>> = (0..3).map(|j| unit_parameters(&mlp, j)).collect();
    let mut sgd = Sgd::new(LR);
    train_step(&mlp, &mut sgd);
    let after: Vec<Vec<f64>> = (0..3).map(|j| unit_parameters(&mlp, j)).collect();
    writeln!(out, "Hidden units' parameters (w_1j, w_2j, w_3j, b_j):")?;
    for j in 0..3 {
        writeln!(
            out,
            "  unit {}: ({})  →  ({}){}",
            j + 1,
            list(&before[j]),
            list(&after[j]),
            if before[j] == after[j] {
                "   unchanged"
            } else {
                "   moved"
            }
        )?;
    }
    let dead_unchanged = before[dead] == after[dead];
    let others_moved = (0..3).filter(|&j| j != dead).all(|j| before[j] != after[j]);
    writeln!(
        out,
        "dead unit's weights unchanged after the update: {}",
        yes(dead_unchanged)
    )?;
    writeln!(
        out,
        "the other hidden units' weights moved: {}",
        yes(others_moved)
    )?;

    // Forward again with the updated weights.
    writeln!(out, "\n## Forward again")?;
    let again = forward_backward(&mlp);
    writeln!(out, "  {:<6} {:>10} {:>10}", "unit j", "z_j", "a_j")?;
    for (j, (z, a)) in again.z[0].iter().zip(&again.a[0]).enumerate() {
        writeln!(out, "  {:<6} {z:>10.4} {a:>10.4}", j + 1)?;
    }
    let live: Vec<String> = (0..3)
        .filter(|&j| j != dead)
        .map(|j| (j + 1).to_string())
        .collect();
    let live = live.join(" and ");
    writeln!(
        out,
        "J before the update {:.6}, after {:.6}: {}",
        first.loss,
        again.loss,
        if again.loss < first.loss {
            format!("the network learned, but only through units {live}.")
        } else {
            "no better.".to_string()
        }
    )?;
    writeln!(
        out,
        "dead unit's z before the update: {z_dead:.6}, after: {:.6}",
        again.z[0][dead]
    )?;
    writeln!(
        out,
        "dead unit stays dead after the update: {}",
        yes(again.z[0][dead] < 0.0 && again.a[0][dead] == 0.0)
    )?;

    // More steps change nothing for the dead unit: nothing ever reaches it.
    // (A fresh copy of the network, stepped STEPS times from the start.)
    let graph = Graph::new();
    let relu_run = run_steps(&network(&graph, Activation::Relu), dead, STEPS);
    writeln!(
        out,
        "after {STEPS} steps: z_{dead1} = {:.6}, e_{dead1} = {}, J = {:.6}",
        relu_run[STEPS].z, relu_run[STEPS].e, relu_run[STEPS].loss
    )?;
    writeln!(
        out,
        "dead unit's z unchanged over {STEPS} steps: {}",
        yes(relu_run.iter().all(|p| p.z == z_dead && p.e == 0.0))
    )?;
    writeln!(
        out,
        "(J still falls: units {live} and the output layer fit this one example without unit {dead1}; the network has simply lost a unit.)"
    )?;

    // -----------------------------------------------------------------------
    // The same network with LeakyReLU: f(z) = z if z > 0 else s·z, f'(z) = s.
    let leaky_relu = Activation::LeakyRelu(LEAKY);
    writeln!(
        out,
        "\n## The same network with LeakyReLU, slope s = {LEAKY} (PyTorch's default is 0.01; 0.1 makes the change visible)"
    )?;
    let graph = Graph::new();
    let leaky = network(&graph, leaky_relu);
    let l0 = forward_backward(&leaky);
    writeln!(
        out,
        "forward: z_{dead1} = {:.6}, a_{dead1} = s·z_{dead1} = {:.6} (no longer 0)",
        l0.z[0][dead], l0.a[0][dead]
    )?;
    writeln!(
        out,
        "backward: ∂J/∂a_{dead1} = {:.6}, f'(z_{dead1}) = s = {}, e_{dead1} = ∂J/∂a_{dead1}·s = {:.6}",
        l0.upstream[0][dead],
        leaky_relu.derivative(l0.z[0][dead]),
        l0.e[0][dead]
    )?;
    writeln!(out, "leaky unit's e_j: {}", l0.e[0][dead])?;
    writeln!(
        out,
        "leaky unit's e_j non-zero: {}",
        yes(l0.e[0][dead] != 0.0)
    )?;
    writeln!(out, "Its rows of the hidden layer's gradient table:")?;
    for row in l0.hidden_table.rows.iter().filter(|r| r.j == dead) {
        let name = match row.i {
            Some(i) => format!("∂J/∂w_{},{dead1}", i + 1),
            None => format!("∂J/∂b_{dead1}"),
        };
        writeln!(
            out,
            "  {name:<10} = e_{dead1}·a_i = {:>9.6} · {:>6.3} = {:>10.6}   (autograd {:.6})",
            row.e_j[0], row.a_i[0], row.predicted, row.autograd
        )?;
    }
    let leaky_before = unit_parameters(&leaky, dead);
    train_step(&leaky, &mut Sgd::new(LR));
    let leaky_after = unit_parameters(&leaky, dead);
    writeln!(
        out,
        "one step, lr = {LR}: unit {dead1} ({})  →  ({})",
        list(&leaky_before),
        list(&leaky_after)
    )?;
    writeln!(
        out,
        "leaky unit's weights moved: {}",
        yes(leaky_before != leaky_after)
    )?;

    // Step it STEPS times (again from a fresh copy) and watch z_1.
    let graph = Graph::new();
    let leaky_run = run_steps(&network(&graph, leaky_relu), dead, STEPS);
    let recovered = leaky_run.iter().position(|p| p.z > 0.0);
    let shown = recovered.map_or(STEPS, |s| (s + 2).min(STEPS));
    writeln!(
        out,
        "\n  {:<6} {:>10} {:>10} {:>10}",
        "step",
        format!("z_{dead1}"),
        format!("e_{dead1}"),
        "J"
    )?;
    for (s, point) in leaky_run[..=shown].iter().enumerate() {
        let note = if Some(s) == recovered {
            "   ← z > 0: alive again, the full gradient flows"
        } else {
            ""
        };
        writeln!(
            out,
            "  {s:<6} {:>10.4} {:>10.4} {:>10.4}{note}",
            point.z, point.e, point.loss
        )?;
    }
    let z_shown: Vec<f64> = leaky_run[..=shown].iter().map(|p| p.z).collect();
    writeln!(out, "leaky unit's z per step: {}", list(&z_shown))?;
    writeln!(
        out,
        "leaky unit's z increases every step: {}",
        yes(z_shown.windows(2).all(|w| w[1] > w[0]))
    )?;
    match recovered {
        Some(s) => writeln!(out, "leaky unit recovers (z > 0) after {s} steps")?,
        None => writeln!(
            out,
            "leaky unit recovers (z > 0) after: not within {STEPS} steps"
        )?,
    }

    // PyTorch's default slope: the same push, ten times weaker.
    let graph = Graph::new();
    let default_run = run_steps(&network(&graph, Activation::LEAKY_RELU), dead, LONG);
    let default_recovered = default_run.iter().position(|p| p.z > 0.0);
    writeln!(
        out,
        "\nWith PyTorch's slope 0.01: e_{dead1} = {:.6} at the start (s = {LEAKY} gave {:.6}); z_{dead1} goes {:.4} → {:.4} in {STEPS} steps, {:.4} in {LONG} ({}).",
        default_run[0].e,
        leaky_run[0].e,
        default_run[0].z,
        default_run[STEPS].z,
        default_run[LONG].z,
        match default_recovered {
            Some(s) => format!("alive after {s} steps"),
            None => format!("still below 0 after {LONG} steps: as J → 0 the push fades"),
        }
    )?;

    // -----------------------------------------------------------------------
    // Pictures.
    let files = pictures(
        dir,
        dead1,
        &[
            ("ReLU", &relu_run),
            (&format!("LeakyReLU, s = {LEAKY}"), &leaky_run),
            ("LeakyReLU, s = 0.01", &default_run[..=STEPS]),
        ],
    )?;
    Ok(files)
}

/// Hidden unit `unit` and the loss at one step of a run.
#[derive(Clone, Copy, Debug)]
struct Point {
    /// `z` of the unit.
    z: f64,
    /// `e = ∂J/∂z` of the unit.
    e: f64,
    /// `J`.
    loss: f64,
}

/// `steps` gradient-descent steps (lr = `LR`) on the example; returns the
/// unit's `z`, `e` and the loss before each step and after the last one
/// (`steps + 1` points).
fn run_steps(mlp: &Mlp<'_>, unit: usize, steps: usize) -> Vec<Point> {
    let mut sgd = Sgd::new(LR);
    let point = |pass: &Pass| Point {
        z: pass.z[0][unit],
        e: pass.e[0][unit],
        loss: pass.loss,
    };
    let mut points: Vec<Point> = (0..steps)
        .map(|_| point(&train_step(mlp, &mut sgd)))
        .collect();
    points.push(point(&forward_backward(mlp)));
    points
}

#[cfg(feature = "plot")]
/// `unit` is the dead unit's number as printed (from 1).
fn pictures(
    dir: &Path,
    unit: usize,
    runs: &[(&str, &[Point])],
) -> Result<Vec<PathBuf>, Box<dyn std::error::Error>> {
    use scalargrad::plot::{LineChart, Series};
    let curve = |points: &[Point], f: fn(&Point) -> f64| -> Vec<(f64, f64)> {
        points
            .iter()
            .enumerate()
            .map(|(s, p)| (s as f64, f(p)))
            .collect()
    };
    let steps = (runs[0].1.len() - 1) as f64;
    let mut files = Vec::new();
    // z_1 at each step, with the line z = 0 above which the unit is alive.
    // e_1 at each step: exactly 0 for ReLU (the blue line on the axis).
    for (file, title, y_label, f, reference) in [
        (
            "z_dead_unit.png",
            format!("Hidden unit {unit}: z_{unit} at each step (alive when z > 0)"),
            format!("z_{unit}"),
            (|p: &Point| p.z) as fn(&Point) -> f64,
            Some("z = 0: alive above"),
        ),
        (
            "e_dead_unit.png",
            format!("Hidden unit {unit}: the gradient e_{unit} = ∂J/∂z_{unit} it receives"),
            format!("e_{unit}"),
            |p: &Point| p.e,
            None,
        ),
    ] {
        let mut chart = LineChart::new(title)
            .x_label("gradient-descent step")
            .y_label(y_label);
        for (name, points) in runs {
            chart = chart.series(Series::new(*name, curve(points, f)));
        }
        if let Some(name) = reference {
            chart = chart.series(Series::new(name, vec![(0.0, 0.0), (steps, 0.0)]));
        }
        let path = dir.join(file);
        chart.save(&path)?;
        files.push(path);
    }
    Ok(files)
}

#[cfg(not(feature = "plot"))]
fn pictures(
    _: &Path,
    _: usize,
    _: &[(&str, &[Point])],
) -> Result<Vec<PathBuf>, Box<dyn std::error::Error>> {
    Ok(Vec::new())
}
