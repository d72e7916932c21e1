//! Part 4, the vanishing gradient: ten sigmoid layers against ten ReLU
//! layers, each layer's gradient norm after one backward.

use std::io::Write;

use rand::SeedableRng;

use super::derivatives::num;
use crate::nn::{Activation, Init, Mlp};
use crate::train::Objective;
use crate::{data, inspect, loss, Graph};

/// The vanishing-gradient experiment: `DEPTH` hidden layers of `WIDTH` units,
/// then one linear output, on `EXAMPLES` points of the moons.
pub(super) const DEPTH: usize = super::VANISHING_DEPTH;
pub(super) const WIDTH: usize = super::VANISHING_WIDTH;
const EXAMPLES: usize = super::VANISHING_MOONS.samples;
const SEED: u64 = super::VANISHING_MOONS.seed;

/// Prints the gradient norm of every layer of both stacks, from the output
/// down; returns the sigmoid stack's layers and the ReLU stack's, first
/// layer first.
pub(super) fn sigmoid_against_relu(
    out: &mut dyn Write,
) -> std::io::Result<(Vec<LayerGradient>, Vec<LayerGradient>)> {
    // 4. The vanishing gradient. Backpropagation multiplies by f'(z⁽ˡ⁾) at
    // every layer: e⁽ˡ⁾ = (W⁽ˡ⁺¹⁾ e⁽ˡ⁺¹⁾) ⊙ f'(z⁽ˡ⁾). With σ' ≤ 0.25 the
    // product shrinks layer after layer; ReLU' is 1 on active units.
    writeln!(out)?;
    writeln!(
        out,
        "== 4. Vanishing gradient: {DEPTH} hidden layers of {WIDTH} units, sigmoid (Xavier init) vs ReLU (He init) =="
    )?;
    writeln!(
        out,
        "One backward of the mean binary cross-entropy over {EXAMPLES} moons points; the same seed for both stacks."
    )?;
    let points = data::moons(&super::VANISHING_MOONS);
    let sigmoid = vanishing(Activation::Sigmoid, Init::XavierUniform, &points);
    let relu = vanishing(Activation::Relu, Init::HeUniform, &points);
    let n_layers = sigmoid.len();
    writeln!(
        out,
        "‖∂J/∂W⁽ˡ⁾,b⁽ˡ⁾‖ is the layer's gradient norm (inspect::layer_report); mean f'(z) is over its units and the examples."
    )?;
    writeln!(
        out,
        "{:<8} {:>16} {:>12}   {:>16} {:>12}",
        "layer", "sigmoid: norm", "mean σ'(z)", "relu: norm", "mean f'(z)"
    )?;
    // From the output down to the input: the order backward visits them.
    for l in (0..n_layers).rev() {
        let label = if l + 1 == n_layers {
            format!("{} out", l + 1)
        } else {
            format!("{}", l + 1)
        };
        writeln!(
            out,
            "{label:<8} {:>16.3e} {:>12.4} {:>16.3e} {:>12.4}",
            sigmoid[l].grad_norm, sigmoid[l].mean_slope, relu[l].grad_norm, relu[l].mean_slope
        )?;
    }
    for (name, stack) in [("sigmoid", &sigmoid), ("relu", &relu)] {
        let ratio = stack[0].grad_norm / stack[n_layers - 1].grad_norm;
        writeln!(
            out,
            "{name} stack: gradient norm of layer 1 ÷ layer {n_layers} (output) = {}   (log₁₀ = {:.1})",
            num(ratio),
            ratio.log10()
        )?;
    }
    writeln!(
        out,
        "Through the sigmoids each layer multiplies the gradient by σ'(z) ≤ 0.25: it vanishes before it reaches the input."
    )?;
    Ok((sigmoid, relu))
}

/// One layer of the vanishing-gradient experiment.
pub(super) struct LayerGradient {
    /// `√(Σ grad²)` over the layer's weights and biases.
    pub(super) grad_norm: f64,
    /// The mean of `f'(z_j)` over the layer's units and the examples: the
    /// factor backward multiplies by when it crosses the layer.
    mean_slope: f64,
}

/// Builds `DEPTH` hidden layers of `WIDTH` units with activation `f` and
/// initializer `init`, then a linear output; runs one forward over `points`
/// and one backward of the mean binary cross-entropy; returns each layer's
/// gradient norm and mean `f'(z)`, first layer first.
fn vanishing(f: Activation, init: Init, points: &data::Dataset) -> Vec<LayerGradient> {
    let g = Graph::new();
    let mut builder = Mlp::builder(points.n_features()).init(init);
    for _ in 0..DEPTH {
        builder = builder.layer(WIDTH, f);
    }
    let mlp = builder
        .layer(1, Activation::Linear)
        .build(&g, &mut rand::rngs::StdRng::seed_from_u64(SEED));
    let traces: Vec<_> = points
        .x
        .iter()
        .map(|x| mlp.forward_trace(&g.values(x)))
        .collect();
    let losses: Vec<_> = traces
        .iter()
        .zip(&points.y)
        .map(|(t, &y)| Objective::BinaryCrossEntropy.loss(t.outputs(), y))
        .collect();
    loss::mean(&losses).backward();
    inspect::layer_report(&mlp, &traces)
        .iter()
        .enumerate()
        .map(|(l, report)| {
            let slopes: Vec<f64> = traces
                .iter()
                .flat_map(|t| &t.layers[l].pre_activations)
                .map(|z| report.activation.derivative(z.data()))
                .collect();
            LayerGradient {
                grad_norm: report.grad_norm,
                mean_slope: slopes.iter().sum::<f64>() / slopes.len() as f64,
            }
        })
        .collect()
}
