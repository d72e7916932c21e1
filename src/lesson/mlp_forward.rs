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
//! input, `z_j` and `a_j`, and both outputs, showing each value's data (no
//! grad: nothing has been backpropagated yet).
//!
//! Run: `cargo run --release --example 03_mlp_forward`

use std::error::Error;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::numbers::{fixed, list, sup};
use super::page::{check, say, tr, Page};
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

/// The sums `z_j = Σ_i w_ij·a_i + b_j` of a traced forward pass, layer by
/// layer: `(layer, unit, sum as printed, z_j)`, counted from 1.
pub(super) fn sums(mlp: &Mlp, trace: &MlpTrace) -> Vec<(usize, usize, String, f64)> {
    let mut all = Vec::new();
    for (l, (layer, t)) in mlp.layers().iter().zip(&trace.layers).enumerate() {
        for (j, neuron) in layer.neurons().iter().enumerate() {
            let terms: Vec<(f64, f64)> = neuron
                .weights()
                .iter()
                .zip(&t.inputs)
                .map(|(w, a)| (w.data(), a.data()))
                .collect();
            let bias = neuron.bias().map_or(0.0, |b| b.data());
            all.push((
                l + 1,
                j + 1,
                signed_sum(&terms, bias),
                t.pre_activations[j].data(),
            ));
        }
    }
    all
}

/// Prints the forward pass of `mlp` kept in `trace`, layer by layer.
pub(super) fn print_forward(
    page: &mut Page<'_>,
    mlp: &Mlp,
    trace: &MlpTrace,
) -> Result<(), Box<dyn Error>> {
    let sums = sums(mlp, trace);
    for (l, (layer, t)) in mlp.layers().iter().zip(&trace.layers).enumerate() {
        let activation = layer.activation().name();
        say!(page, "mlp.layer", layer = l + 1, activation = activation)?;
        let l1 = l + 1;
        let s = sup(l1);
        for (_, j, sum, z) in sums.iter().filter(|(layer, ..)| *layer == l1) {
            // z_j = Σ_i w_ij·a_i + b_j, with the numbers filled in.
            writeln!(page, "  z_{j}⁽{s}⁾ = {sum} = {}", fixed(*z, 4))?;
        }
        for (j, (z, a)) in t.pre_activations.iter().zip(&t.outputs).enumerate() {
            writeln!(
                page,
                "  a_{}⁽{s}⁾ = {activation}({}) = {}",
                j + 1,
                fixed(z.data(), 4),
                fixed(a.data(), 4)
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

/// Runs the walkthrough, printing to `page` and writing pictures under
/// `dir`; returns the files written.
///
/// # Errors
/// The first error met, as for any [`Walkthrough`](crate::lesson::Walkthrough).
pub fn run(page: &mut Page<'_>, dir: &Path) -> Result<Vec<PathBuf>, Box<dyn Error>> {
    let graph = Graph::new();
    let mlp = network(&graph);

    say!(page, "mlp.input", x = list(&INPUT, 1))?;
    for (l, layer) in mlp.layers().iter().enumerate() {
        let rows: Vec<String> = layer
            .weight_matrix()
            .iter()
            .map(|row| list(row, 2))
            .collect();
        say!(
            page,
            "mlp.weights",
            l = sup(l + 1),
            rows = layer.n_inputs(),
            columns = layer.n_outputs(),
            w = rows.join("; "),
            b = list(&layer.bias_vector(), 2)
        )?;
    }
    page.blank()?;

    // The forward pass, kept layer by layer: inputs a_i, pre-activations z_j,
    // outputs a_j.
    let x = graph.values(&INPUT);
    let trace = mlp.forward_trace(&x);
    name_nodes(&trace);
    print_forward(page, &mlp, &trace)?;
    let sums_right = sums(&mlp, &trace).iter().all(|(l, j, _, z)| {
        let neuron = &mlp.layers()[l - 1].neurons()[j - 1];
        let inputs = &trace.layers[l - 1].inputs;
        let by_hand: f64 = neuron
            .weights()
            .iter()
            .zip(inputs)
            .map(|(w, a)| w.data() * a.data())
            .sum::<f64>()
            + neuron.bias().map_or(0.0, |b| b.data());
        (by_hand - z).abs() <= 1e-12
    });
    check!(page, "mlp.check_sums", sums_right)?;

    // The outputs are scores; a softmax turns them into probabilities.
    let y_hat: Vec<Value> = trace.outputs().to_vec();
    let p = loss::softmax(&y_hat);
    let scores: Vec<f64> = y_hat.iter().map(|v| v.data()).collect();
    let probabilities: Vec<f64> = p.iter().map(|v| v.data()).collect();
    page.blank()?;
    say!(
        page,
        "mlp.output",
        l = sup(mlp.layers().len()),
        y = list(&scores, 4)
    )?;
    say!(page, "mlp.softmax", p = list(&probabilities, 4))?;
    let total: f64 = probabilities.iter().sum();
    say!(page, "mlp.sum", total = fixed(total, 6))?;
    check!(page, "mlp.check_sum", (total - 1.0).abs() <= 1e-12)?;

    // A drawing of the network, one box per input, z_j and a_j (the weights
    // are folded into the Σ nodes), every output drawn; data only, since
    // nothing has been backpropagated yet.
    let mut files = Vec::new();
    let options = DotOptions {
        collapse_neurons: true,
        show_grad: false,
        ..DotOptions::default()
    };
    let svg = dir.join("network.svg");
    match inspect::render_all(&y_hat, &options, &svg) {
        Ok(_) => {
            let note = tr!(page, "mlp.drawn_note");
            say!(page, "mlp.drawn", file = "network.svg", note = note)?;
            files.push(svg);
        }
        Err(e) => say!(page, "value.not_drawn", error = e)?,
    }
    page.verified("mlp.verified", &[])?;
    Ok(files)
}
