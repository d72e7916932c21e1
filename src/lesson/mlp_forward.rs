//! # 03 · An MLP computed by hand, layer by layer
//!
//! Lesson section 2. A small network with chosen weights: 2 inputs, a hidden
//! layer of 3 ReLU units, 2 linear outputs turned into probabilities by a
//! softmax. For each layer `l` the lesson writes
//!
//! ```text
//! z⁽ˡ⁾ = W⁽ˡ⁾ᵀ a⁽ˡ⁻¹⁾ + b⁽ˡ⁾,   a⁽ˡ⁾ = f(z⁽ˡ⁾),   a⁽⁰⁾ = x,   ŷ = a⁽ᴸ⁾
//! ```
//!
//! where `w_ij⁽ˡ⁾` links unit `i` of layer `l-1` to unit `j` of layer `l`.
//! You will see every `z_j` written out as its sum `Σ_i w_ij·a_i + b_j` with
//! the numbers filled in, every `a_j = f(z_j)`, and the output. Walkthrough
//! 04 ([`super::backprop`]) backpropagates through this same network.
//!
//! Files: `out/lesson/03_mlp_forward/network.svg`, a drawing with one box per
//! `z_j` and `a_j`.
//!
//! Run: `cargo run --release --example 03_mlp_forward`

use std::error::Error;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::inspect::{self, DotOptions};
use crate::nn::{Activation, Layer, Mlp, MlpTrace};
use crate::{loss, Graph, Value};

/// The input `x = a⁽⁰⁾`.
pub const INPUT: [f64; 2] = [1.0, 2.0];

/// The lesson's network with chosen weights. `W⁽ˡ⁾[i][j] = w_ij⁽ˡ⁾`: row `i`
/// is an input of the layer, column `j` a unit.
pub fn network(graph: &Graph) -> Mlp<'_> {
    let w1 = [[0.5, -0.3, 0.8], [0.2, 0.4, 0.1]]; // 2 inputs × 3 hidden units
    let b1 = [0.1, -0.2, 0.05];
    let w2 = [[0.3, -0.5], [0.7, 0.2], [-0.4, 0.6]]; // 3 hidden units × 2 outputs
    let b2 = [0.0, 0.1];
    // A layer is built neuron by neuron: neuron j takes column j of W.
    let columns = |w: &[[f64; 3]; 2]| (0..3).map(|j| vec![w[0][j], w[1][j]]).collect::<Vec<_>>();
    let columns2 = |w: &[[f64; 2]; 3]| {
        (0..2)
            .map(|j| vec![w[0][j], w[1][j], w[2][j]])
            .collect::<Vec<_>>()
    };
    let hidden = Layer::from_weights(graph, &columns(&w1), Some(&b1), Activation::Relu);
    let output = Layer::from_weights(graph, &columns2(&w2), Some(&b2), Activation::Linear);
    Mlp::from_layers(vec![hidden, output])
}

/// `n` in superscript digits, for layer numbers: `sup(2)` is `²`.
pub(super) fn sup(n: usize) -> String {
    const DIGITS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    n.to_string()
        .chars()
        .map(|d| DIGITS[d as usize - '0' as usize])
        .collect()
}

/// `w·a` terms joined with their signs: `0.50·1.0000 - 0.30·2.0000`.
fn signed_sum(terms: &[(f64, f64)], bias: f64) -> String {
    let mut text = String::new();
    for (k, &(w, a)) in terms.iter().enumerate() {
        let sign = if w < 0.0 { "-" } else { "+" };
        match k {
            0 if w < 0.0 => text.push_str(&format!("-{:.2}·{a:.4}", -w)),
            0 => text.push_str(&format!("{w:.2}·{a:.4}")),
            _ => text.push_str(&format!(" {sign} {:.2}·{a:.4}", w.abs())),
        }
    }
    let sign = if bias < 0.0 { "-" } else { "+" };
    text.push_str(&format!(" {sign} {:.2}", bias.abs()));
    text
}

/// Prints the forward pass of `mlp` kept in `trace`, layer by layer.
pub(super) fn print_forward(
    out: &mut dyn Write,
    mlp: &Mlp,
    trace: &MlpTrace,
) -> Result<(), Box<dyn Error>> {
    for (l, (layer, t)) in mlp.layers().iter().zip(&trace.layers).enumerate() {
        writeln!(out, "Layer {} ({}):", l + 1, layer.activation())?;
        let l = sup(l + 1);
        for (j, neuron) in layer.neurons().iter().enumerate() {
            let j1 = j + 1;
            // z_j = Σ_i w_ij·a_i + b_j, with the numbers filled in.
            let terms: Vec<(f64, f64)> = neuron
                .weights()
                .iter()
                .zip(&t.inputs)
                .map(|(w, a)| (w.data(), a.data()))
                .collect();
            let bias = neuron.bias().map_or(0.0, |b| b.data());
            writeln!(
                out,
                "  z_{j1}⁽{l}⁾ = {} = {:.4}",
                signed_sum(&terms, bias),
                t.pre_activations[j].data()
            )?;
        }
        for (j, (z, a)) in t.pre_activations.iter().zip(&t.outputs).enumerate() {
            writeln!(
                out,
                "  a_{}⁽{l}⁾ = {}({:.4}) = {:.4}",
                j + 1,
                layer.activation().name(),
                z.data(),
                a.data()
            )?;
        }
    }
    Ok(())
}

/// Names the inputs `x_i`, pre-activations `z_j⁽ˡ⁾` and outputs `a_j⁽ˡ⁾` of
/// a trace, for drawings and traces.
pub(super) fn name_nodes(trace: &MlpTrace) {
    for (i, x) in trace.layers[0].inputs.iter().enumerate() {
        x.named(&format!("x_{}", i + 1));
    }
    for (l, layer) in trace.layers.iter().enumerate() {
        for (j, (z, a)) in layer.pre_activations.iter().zip(&layer.outputs).enumerate() {
            z.named(&format!("z_{}{}", j + 1, sup(l + 1)));
            if a.index() != z.index() {
                a.named(&format!("a_{}{}", j + 1, sup(l + 1)));
            }
        }
    }
}

/// Runs the walkthrough, printing to `out` and writing pictures under `dir`;
/// returns the files written.
///
/// # Errors
/// The first error met, as for any [`Walkthrough`](crate::lesson::Walkthrough).
pub fn run(out: &mut dyn Write, dir: &Path) -> Result<Vec<PathBuf>, Box<dyn Error>> {
    writeln!(out, "== 03 · An MLP computed layer by layer ==")?;
    let graph = Graph::new();
    let mlp = network(&graph);

    writeln!(out, "Input x = a⁽⁰⁾ = {INPUT:?}")?;
    for (l, layer) in mlp.layers().iter().enumerate() {
        let w = layer.weight_matrix();
        writeln!(
            out,
            "W⁽{}⁾ ({} × {}, row i = input, column j = unit) = {:?}, b⁽{}⁾ = {:?}",
            sup(l + 1),
            layer.n_inputs(),
            layer.n_outputs(),
            w,
            sup(l + 1),
            layer.bias_vector()
        )?;
    }
    writeln!(out)?;

    // The forward pass, kept layer by layer: inputs a_i, pre-activations z_j,
    // outputs a_j.
    let x = graph.values(&INPUT);
    let trace = mlp.forward_trace(&x);
    name_nodes(&trace);
    print_forward(out, &mlp, &trace)?;

    // The outputs are scores; a softmax turns them into probabilities.
    let y_hat: Vec<Value> = trace.outputs().to_vec();
    let p = loss::softmax(&y_hat);
    let scores: Vec<String> = y_hat.iter().map(|v| format!("{:.4}", v.data())).collect();
    let probabilities: Vec<String> = p.iter().map(|v| format!("{:.4}", v.data())).collect();
    writeln!(out, "\nŷ = a⁽²⁾ = [{}]", scores.join(", "))?;
    writeln!(
        out,
        "softmax(ŷ) = [{}]  (sums to 1)",
        probabilities.join(", ")
    )?;
    let total: f64 = p.iter().map(|v| v.data()).sum();
    writeln!(out, "sum of probabilities = {total:.6}")?;

    // A drawing of the network, one box per z_j and a_j (the weights are
    // folded into the Σ nodes).
    let mut files = Vec::new();
    let options = DotOptions {
        collapse_neurons: true,
        ..DotOptions::default()
    };
    let svg = dir.join("network.svg");
    match inspect::render(y_hat[0], &options, &svg) {
        Ok(_) => files.push(svg),
        Err(e) => writeln!(out, "No drawing: {e}")?,
    }
    Ok(files)
}
