//! # 04 · Backpropagation, checked on real numbers
//!
//! Lesson section 3. The network of walkthrough 03 ([`super::mlp_forward`]),
//! one example of class 1 (the second output), softmax cross-entropy. With
//! `e_j⁽ˡ⁾ = ∂J/∂z_j⁽ˡ⁾` the lesson derives
//!
//! ```text
//! ∂J/∂w_ij⁽ˡ⁾ = e_j⁽ˡ⁾ · a_i⁽ˡ⁻¹⁾        ∂J/∂b_j⁽ˡ⁾ = e_j⁽ˡ⁾
//! e⁽ᴸ⁾ = p - y  (softmax + cross-entropy)
//! e⁽ˡ⁾ = (W⁽ˡ⁺¹⁾ e⁽ˡ⁺¹⁾) ⊙ f'(z⁽ˡ⁾),   ReLU: f'(z) = 1 if z > 0 else 0
//! ```
//!
//! You will see `e⁽²⁾ = p − y`, the hidden layer's `e⁽¹⁾` from the textbook
//! recursion on plain numbers next to autograd's, the table `w_ij | a_i |
//! e_j | e_j·a_i | autograd` agreeing row by row, and the chain rule as a
//! sum over paths for one weight, through the loss's log-sum-exp. With
//! `--detail`: the output layer's table too, and the backward trace of one
//! neuron (its `z_j` node passes `e_j · a_i` to each weight).
//!
//! Files: `out/lesson/04_backprop/backward_trace.csv` (every step of the
//! reverse sweep) and `network.svg` (the network after backward: each box
//! shows data and grad).
//!
//! Run: `cargo run --release --example 04_backprop`

use std::error::Error;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::mlp_forward as forward;
use super::numbers::{fixed, list};
use super::page::{check, say, Page};
use super::tables;
use crate::inspect::{self, DotOptions};
use crate::loss::Objective;
use crate::{loss, Graph, Value};

/// The class the example belongs to (classes count from 0, as in the data):
/// the second output.
pub const CLASS: usize = 1;

/// Names the nodes `loss::softmax_cross_entropy` recorded for `J`, so that
/// paths through them read as the formula `J = ln Σ_k e^(z_k−m) + m − z_t`.
fn name_loss_nodes(j: Value<'_>) {
    let [shifted_log_sum, _] = j.inputs()[..] else {
        return;
    };
    shifted_log_sum.named("ln Σ + m");
    let Some(&ln) = shifted_log_sum.inputs().first() else {
        return;
    };
    ln.named("ln Σ");
    let Some(&sum) = ln.inputs().first() else {
        return;
    };
    sum.named("Σ");
    for (k, exp) in sum.inputs().into_iter().enumerate() {
        let z = format!("z_{}²", k + 1);
        exp.named(&format!("e^({z}−m)"));
        if let Some(&shifted) = exp.inputs().first() {
            shifted.named(&format!("{z}−m"));
        }
    }
}

/// Runs the walkthrough, printing to `page` and writing files under `dir`;
/// returns the files written.
///
/// # Errors
/// The first error met, as for any [`Walkthrough`](crate::lesson::Walkthrough).
pub fn run(page: &mut Page<'_>, dir: &Path) -> Result<Vec<PathBuf>, Box<dyn Error>> {
    let graph = Graph::new();
    let mlp = forward::network(&graph);
    let x = graph.values(&forward::INPUT);
    let trace = mlp.forward_trace(&x);
    forward::name_nodes(&trace);
    let outputs: Vec<f64> = trace.outputs().iter().map(|v| v.data()).collect();
    let j = loss::softmax_cross_entropy(trace.outputs(), CLASS).named("J");
    name_loss_nodes(j);
    let m = outputs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let y: Vec<f64> = (0..outputs.len())
        .map(|k| if k == CLASS { 1.0 } else { 0.0 })
        .collect();

    say!(
        page,
        "bp.intro",
        class = CLASS,
        output = CLASS + 1,
        y = list(&y, 0)
    )?;
    say!(
        page,
        "bp.lse",
        z = list(&outputs, 4),
        output = CLASS + 1,
        j = fixed(j.data(), 6)
    )?;
    say!(page, "bp.lse_why", m = fixed(m, 4))?;
    if page.detail() {
        page.blank()?;
        forward::print_forward(page, &mlp, &trace)?;
    }

    // One reverse sweep fills every gradient; e_j = z_j.grad().
    j.backward();
    page.blank()?;
    say!(page, "bp.backward")?;

    // The output layer's error is p - y.
    let p = loss::softmax(trace.outputs());
    say!(page, "bp.output_e")?;
    let mut output_right = true;
    for (k, (z, pk)) in trace.layers[1].pre_activations.iter().zip(&p).enumerate() {
        let (e, pk) = (z.grad(), pk.data());
        let k1 = k + 1;
        writeln!(
            page,
            "  e_{k1}⁽²⁾ = {e:+.6}   p_{k1} - y_{k1} = {pk:.6} - {} = {:+.6}",
            y[k],
            pk - y[k]
        )?;
        output_right &= (e - (pk - y[k])).abs() <= 1e-12;
    }
    check!(page, "bp.check_output", output_right)?;

    // The textbook recursion on plain f64, without the graph.
    let by_hand = mlp.backprop_by_hand(
        &forward::INPUT,
        Objective::SoftmaxCrossEntropy,
        CLASS as f64,
    );
    say!(page, "bp.recursion")?;
    let hidden = &by_hand.layers[0];
    say!(
        page,
        "bp.recursion_e",
        by_hand = list(&hidden.errors, 6),
        autograd = list(&trace.layers[0].errors(), 6)
    )?;
    let difference = by_hand.max_difference(&mlp);
    page.detail_say(
        "bp.recursion_gap",
        &[("gap", &super::numbers::gap(difference))],
    )?;
    check!(page, "bp.check_recursion", difference <= 1e-12)?;

    // ∂J/∂w_ij = e_j·a_i, row by row, against autograd: the hidden layer by
    // default, both layers with --detail.
    page.blank()?;
    let layers: Vec<usize> = if page.detail() { vec![1, 0] } else { vec![0] };
    for l in (0..mlp.layers().len()).rev() {
        let table = trace.gradient_table(&mlp, l);
        if layers.contains(&l) {
            tables::gradient_table(page, &table)?;
        }
        check!(page, "bp.check_rows", table.agrees(), layer = l + 1)?;
    }
    if !page.detail() {
        say!(page, "bp.other_table")?;
    }

    // One neuron of the hidden layer in the backward trace: its a_j node
    // passes e_j = grad(a_j)·relu'(z_j) to z_j, and z_j passes e_j·a_i to each
    // weight w_ij (and e_j to its bias).
    let neuron = 0;
    let z = trace.layers[0].pre_activations[neuron].index();
    let a = trace.layers[0].outputs[neuron].index();
    let full = j.backward_trace();
    if page.detail() {
        let one_neuron: Vec<_> = full
            .steps
            .iter()
            .filter(|s| s.node == z || s.node == a)
            .cloned()
            .collect();
        page.blank()?;
        say!(
            page,
            "bp.trace",
            unit = neuron + 1,
            a_index = a,
            z_index = z
        )?;
        tables::backward_steps(page, &one_neuron)?;
        let weights: Vec<String> = mlp.layers()[0].neurons()[neuron]
            .weights()
            .iter()
            .map(|w| format!("#{}", w.index()))
            .collect();
        say!(
            page,
            "bp.trace_weights",
            weights = weights.join(", "),
            unit = neuron + 1
        )?;
    }

    // The chain rule as a sum over paths, for one weight.
    let w = mlp.layers()[0].neurons()[neuron].weights()[0].named("w_11");
    let paths = inspect::paths(w, j, 20);
    page.blank()?;
    say!(page, "bp.paths", count = paths.count)?;
    let label = |i: usize| {
        let v = graph.value_at(i);
        v.name()
            .unwrap_or_else(|| format!("{}#{i}", v.op().symbol()))
    };
    for path in &paths.paths {
        let route: Vec<String> = path.nodes.iter().map(|&i| label(i)).collect();
        let factors: Vec<String> = path
            .local_derivatives
            .iter()
            .map(|&d| fixed(d, 4))
            .collect();
        writeln!(page, "  {}", route.join(" → "))?;
        writeln!(
            page,
            "      {} = {}",
            factors.join(" · "),
            fixed(path.product, 6)
        )?;
    }
    say!(
        page,
        "bp.paths_sum",
        total = fixed(paths.total, 6),
        grad = fixed(w.grad(), 6)
    )?;
    check!(
        page,
        "bp.check_paths",
        (paths.total - w.grad()).abs() <= 1e-12
    )?;

    let mut files = Vec::new();
    let csv = dir.join("backward_trace.csv");
    std::fs::create_dir_all(dir)?;
    std::fs::write(&csv, full.to_csv())?;
    files.push(csv);
    // The network of section 3 after backward: each box with its data and
    // its grad (e_j on the z_j boxes, ∂J/∂a_i on the a_i boxes). The loss's
    // own nodes are left out, so that the drawing reads as the network.
    let drawing = dir.join("network.svg");
    let options = DotOptions {
        collapse_neurons: true,
        ..DotOptions::default()
    };
    if inspect::render_all(trace.outputs(), &options, &drawing).is_ok() {
        files.push(drawing);
    }
    say!(
        page,
        "bp.files",
        csv = "backward_trace.csv",
        svg = "network.svg"
    )?;
    page.verified("bp.verified", &[])?;
    Ok(files)
}
