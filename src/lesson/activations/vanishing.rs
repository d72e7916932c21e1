//! Part 4, the vanishing gradient: ten sigmoid layers against ten ReLU
//! layers, each layer's gradient norm after one backward.

use std::io;
use std::io::Write as _;

use rand::SeedableRng;

use super::super::numbers::{fixed, pad, pad_left};
use super::super::page::{check, say, tr, Page};
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
    page: &mut Page<'_>,
) -> io::Result<(Vec<LayerGradient>, Vec<LayerGradient>)> {
    // 4. The vanishing gradient. Backpropagation multiplies by f'(z⁽ˡ⁾) at
    // every layer: e⁽ˡ⁾ = (W⁽ˡ⁺¹⁾ e⁽ˡ⁺¹⁾) ⊙ f'(z⁽ˡ⁾). With σ' ≤ 0.25 the
    // product shrinks layer after layer; ReLU' is 1 on active units.
    page.blank()?;
    say!(
        page,
        "act.vanishing",
        depth = DEPTH,
        width = WIDTH,
        examples = EXAMPLES
    )?;
    let points = data::moons(&super::VANISHING_MOONS);
    let sigmoid = vanishing(Activation::Sigmoid, Init::XavierUniform, &points);
    let relu = vanishing(Activation::Relu, Init::HeUniform, &points);
    let n_layers = sigmoid.len();
    if page.detail() {
        say!(page, "act.vanishing_columns")?;
        let header = [
            tr!(page, "act.col_layer"),
            tr!(page, "act.col_sigmoid_norm"),
            tr!(page, "act.col_sigmoid_slope"),
            tr!(page, "act.col_relu_norm"),
            tr!(page, "act.col_relu_slope"),
        ];
        writeln!(
            page,
            "{} {} {}   {} {}",
            pad(&header[0], 8),
            pad_left(&header[1], 16),
            pad_left(&header[2], 12),
            pad_left(&header[3], 16),
            pad_left(&header[4], 12)
        )?;
        // From the output down to the input: the order backward visits them.
        for l in (0..n_layers).rev() {
            let label = if l + 1 == n_layers {
                format!("{} {}", l + 1, tr!(page, "act.out"))
            } else {
                format!("{}", l + 1)
            };
            writeln!(
                page,
                "{} {} {}   {} {}",
                pad(&label, 8),
                pad_left(&format!("{:.3e}", sigmoid[l].grad_norm), 16),
                pad_left(&format!("{:.4}", sigmoid[l].mean_slope), 12),
                pad_left(&format!("{:.3e}", relu[l].grad_norm), 16),
                pad_left(&format!("{:.4}", relu[l].mean_slope), 12)
            )?;
        }
    } else {
        // Every other layer, output first, as one row per stack.
        let shown: Vec<usize> = (0..n_layers).rev().step_by(2).collect();
        let mut header = pad(&tr!(page, "act.col_layer"), 16);
        for &l in &shown {
            let label = if l + 1 == n_layers {
                format!("{} {}", l + 1, tr!(page, "act.out"))
            } else {
                format!("{}", l + 1)
            };
            header.push_str(&pad_left(&label, 11));
        }
        writeln!(page, "{}", header.trim_end())?;
        for (name, stack) in [("sigmoid", &sigmoid), ("relu", &relu)] {
            let mut row = pad(&tr!(page, "act.row_norm", name = name), 16);
            for &l in &shown {
                row.push_str(&pad_left(&format!("{:.2e}", stack[l].grad_norm), 11));
            }
            writeln!(page, "{row}")?;
        }
    }
    for (name, stack) in [("sigmoid", &sigmoid), ("relu", &relu)] {
        let ratio = stack[0].grad_norm / stack[n_layers - 1].grad_norm;
        say!(
            page,
            "act.ratio",
            name = name,
            layers = n_layers,
            ratio = if ratio.abs() < 0.01 {
                format!("{ratio:.3e}")
            } else {
                fixed(ratio, 4)
            },
            log = format!("{:.1}", ratio.log10())
        )?;
    }
    say!(page, "act.vanishing_why")?;
    let sigmoid_ratio = sigmoid[0].grad_norm / sigmoid[n_layers - 1].grad_norm;
    let relu_ratio = relu[0].grad_norm / relu[n_layers - 1].grad_norm;
    let slopes_small = sigmoid[..n_layers - 1]
        .iter()
        .all(|l| l.mean_slope > 0.0 && l.mean_slope <= 0.25);
    check!(
        page,
        "act.check_vanishing",
        sigmoid_ratio < 1e-2 && relu_ratio > 0.1 && slopes_small
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
