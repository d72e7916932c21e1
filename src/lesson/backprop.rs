//! # 04 · Backpropagation, checked on real numbers
//!
//! Lesson section 3. The network of walkthrough 03 ([`super::mlp_forward`]), one example, softmax
//! cross-entropy against class 1. With `e_j⁽ˡ⁾ = ∂J/∂z_j⁽ˡ⁾` the lesson
//! derives
//!
//! ```text
//! ∂J/∂w_ij⁽ˡ⁾ = e_j⁽ˡ⁾ · a_i⁽ˡ⁻¹⁾        ∂J/∂b_j⁽ˡ⁾ = e_j⁽ˡ⁾
//! e⁽ᴸ⁾ = p - y  (softmax + cross-entropy)
//! e⁽ˡ⁾ = (W⁽ˡ⁺¹⁾ e⁽ˡ⁺¹⁾) ⊙ f'(z⁽ˡ⁾),   ReLU: f'(z) = 1 if z > 0 else 0
//! ```
//!
//! You will see, for every layer, the table `w_ij | a_i | e_j | e_j·a_i |
//! autograd` agreeing row by row; the same `e⁽ˡ⁾` computed by the textbook
//! recursion on plain numbers, without the graph; the backward trace of one
//! neuron (its `z_j` node passes `e_j · a_i` to each weight); and the chain
//! rule as a sum over paths for one weight.
//!
//! Files: `out/lesson/04_backprop/backward_trace.csv`.
//!
//! Run: `cargo run --release --example 04_backprop`

use std::error::Error;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::mlp_forward as forward;
use crate::inspect::{self, BackwardTrace};
use crate::loss::Objective;
use crate::{loss, Graph};

/// The class the example belongs to.
const CLASS: usize = 1;

/// Runs the walkthrough, printing to `out` and writing files under `dir`;
/// returns the files written.
///
/// # Errors
/// The first error met, as for any [`Walkthrough`](crate::lesson::Walkthrough).
pub fn run(out: &mut dyn Write, dir: &Path) -> Result<Vec<PathBuf>, Box<dyn Error>> {
    writeln!(out, "== 04 · Backpropagation ==")?;
    let graph = Graph::new();
    let mlp = forward::network(&graph);
    let x = graph.values(&forward::INPUT);
    let trace = mlp.forward_trace(&x);
    forward::name_nodes(&trace);
    let j = loss::softmax_cross_entropy(trace.outputs(), CLASS).named("J");
    writeln!(
        out,
        "Forward (as in 03), then J = softmax cross-entropy, class {CLASS}:"
    )?;
    forward::print_forward(out, &mlp, &trace)?;
    writeln!(out, "J = {:.6}\n", j.data())?;

    // One reverse sweep fills every gradient; e_j = z_j.grad().
    j.backward();

    // The output layer's error is p - y.
    let p = loss::softmax(trace.outputs());
    writeln!(out, "Output layer: e⁽²⁾ = ∂J/∂z⁽²⁾ should be p - y:")?;
    for (k, (z, pk)) in trace.layers[1].pre_activations.iter().zip(&p).enumerate() {
        let y = if k == CLASS { 1.0 } else { 0.0 };
        writeln!(
            out,
            "  e_{}⁽²⁾ = {:+.6}   p_{} - y_{} = {:.6} - {y} = {:+.6}",
            k + 1,
            z.grad(),
            k + 1,
            k + 1,
            pk.data(),
            pk.data() - y
        )?;
    }
    writeln!(out)?;

    // ∂J/∂w_ij = e_j·a_i, row by row, against autograd.
    for l in (0..mlp.layers().len()).rev() {
        let table = trace.gradient_table(&mlp, l);
        write!(out, "{table}")?;
        writeln!(
            out,
            "every row agrees (layer {}): {}\n",
            l + 1,
            yes(table.agrees())
        )?;
    }

    // The textbook recursion on plain f64, without the graph.
    let by_hand = mlp.backprop_by_hand(
        &forward::INPUT,
        Objective::SoftmaxCrossEntropy,
        CLASS as f64,
    );
    writeln!(
        out,
        "The textbook recursion e⁽ˡ⁾ = (W⁽ˡ⁺¹⁾ e⁽ˡ⁺¹⁾) ⊙ f'(z⁽ˡ⁾), on plain numbers:"
    )?;
    for (l, layer) in by_hand.layers.iter().enumerate().rev() {
        let graph_errors = trace.layers[l].errors();
        writeln!(
            out,
            "  layer {}: f'(z) = {}",
            l + 1,
            numbers(&layer.derivatives)
        )?;
        writeln!(out, "           e (by hand)  = {}", numbers(&layer.errors))?;
        writeln!(out, "           e (autograd) = {}", numbers(&graph_errors))?;
    }
    let difference = by_hand.max_difference(&mlp);
    writeln!(
        out,
        "largest difference between by-hand and autograd gradients: {difference:.1e}"
    )?;
    writeln!(
        out,
        "recursion agrees with autograd: {}\n",
        yes(difference <= 1e-12)
    )?;

    // One neuron of the hidden layer in the backward trace: its a_j node
    // passes e_j = grad(a_j)·relu'(z_j) to z_j, and z_j passes e_j·a_i to each
    // weight w_ij (and e_j to its bias).
    let neuron = 0;
    let z = trace.layers[0].pre_activations[neuron].index();
    let a = trace.layers[0].outputs[neuron].index();
    let full = j.backward_trace();
    let one_neuron = BackwardTrace {
        steps: full
            .steps
            .iter()
            .filter(|s| s.node == z || s.node == a)
            .cloned()
            .collect(),
        ..full.clone()
    };
    writeln!(
        out,
        "The backward trace of hidden neuron {} (nodes #{a} = a_{}⁽¹⁾ and #{z} = z_{}⁽¹⁾):",
        neuron + 1,
        neuron + 1,
        neuron + 1
    )?;
    write!(out, "{one_neuron}")?;
    let weights: Vec<String> = mlp.layers()[0].neurons()[neuron]
        .weights()
        .iter()
        .map(|w| format!("#{}", w.index()))
        .collect();
    writeln!(
        out,
        "(inputs {} are its weights w_i{}⁽¹⁾: each receives e_{} · a_i; then come the inputs x and the bias)\n",
        weights.join(", "),
        neuron + 1,
        neuron + 1
    )?;

    // The chain rule as a sum over paths, for one weight.
    let w = mlp.layers()[0].neurons()[neuron].weights()[0].named("w_11");
    let paths = inspect::paths(w, j, 20);
    write!(out, "{paths}")?;
    writeln!(out, "w_11.grad() = {:.6}", w.grad())?;
    writeln!(
        out,
        "sum over paths equals autograd: {}",
        yes((paths.total - w.grad()).abs() <= 1e-12)
    )?;

    let mut files = Vec::new();
    let csv = dir.join("backward_trace.csv");
    std::fs::create_dir_all(dir)?;
    std::fs::write(&csv, full.to_csv())?;
    files.push(csv);
    Ok(files)
}

fn yes(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "NO"
    }
}

fn numbers(xs: &[f64]) -> String {
    let cells: Vec<String> = xs.iter().map(|x| format!("{:+.6}", x + 0.0)).collect();
    format!("[{}]", cells.join(", "))
}
