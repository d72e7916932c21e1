//! The four models, each built as an `Mlp`, and one step of gradient descent
//! printed parameter by parameter.

use rand::rngs::StdRng;
use rand::SeedableRng;
use std::io::Write as _;

use super::super::numbers::{fixed, pad, pad_left};
use super::super::page::{say, tr, Page};
use super::{Outcome, BATCH, HIDDEN, SEED};
use crate::data::Dataset;
use crate::nn::{Activation, Init, LinearRegression, LogisticRegression, Mlp, SoftmaxRegression};
use crate::optim::{Optimizer, Sgd};
use crate::{Graph, Value};

// The four models, each as an `Mlp` so that the `Trainer` can train it: the
// single-layer models are built with their own types, then their one layer
// is wrapped (`Trainer` takes an `Mlp`; the layer's parameters are shared).

/// Linear regression `ŷ = w·x + b` (1 input).
pub(super) fn linear_regression(graph: &Graph, init: Init) -> Mlp<'_> {
    let model = LinearRegression::new(graph, 1, init, &mut StdRng::seed_from_u64(SEED));
    Mlp::from_layers(vec![model.layer().clone()])
}

/// Logistic regression `p = σ(w_1·x_1 + w_2·x_2 + b)` (the network outputs
/// the logit `z`).
pub(super) fn logistic_regression(graph: &Graph, init: Init) -> Mlp<'_> {
    let model = LogisticRegression::new(graph, 2, init, &mut StdRng::seed_from_u64(SEED));
    Mlp::from_layers(vec![model.layer().clone()])
}

/// Softmax regression with 3 classes (the network outputs the scores `z_k`).
pub(super) fn softmax_regression(graph: &Graph, init: Init) -> Mlp<'_> {
    let model = SoftmaxRegression::new(graph, 2, 3, init, &mut StdRng::seed_from_u64(SEED));
    Mlp::from_layers(vec![model.layer().clone()])
}

/// The MLP `2 → 16 ReLU → 2 logits` (softmax cross-entropy), weights from
/// `init`, biases 0.
pub(super) fn mlp(graph: &Graph, init: Init) -> Mlp<'_> {
    Mlp::builder(2)
        .init(init)
        .bias_init(Init::Zeros)
        .layer(HIDDEN, Activation::Relu)
        .layer(2, Activation::Linear)
        .build(graph, &mut StdRng::seed_from_u64(SEED))
}

/// The first mini-batch the trainer draws (epoch 0 shuffles with `SEED`).
pub(super) fn first_batch(train: &Dataset) -> Vec<usize> {
    train.batches(BATCH, SEED).swap_remove(0)
}

/// Takes one SGD step `p ← p − lr·∂J/∂p`; with `--detail` prints every
/// parameter's value, gradient and value after. Returns whether every
/// gradient is non-zero, and the largest `|∂J/∂p|`.
pub(super) fn one_step(
    page: &mut Page<'_>,
    names: &[String],
    params: &[Value<'_>],
    lr: f64,
) -> Outcome<(bool, f64)> {
    let before: Vec<f64> = params.iter().map(|p| p.data()).collect();
    let grads: Vec<f64> = params.iter().map(|p| p.grad()).collect();
    Sgd::new(lr).step(params);
    if page.detail() {
        say!(page, "zero.one_step", lr = lr)?;
        let header = [
            tr!(page, "table.parameter"),
            tr!(page, "zero.col_before"),
            tr!(page, "zero.col_after"),
        ];
        writeln!(
            page,
            "  {} {} {} {}",
            pad(&header[0], 10),
            pad_left(&header[1], 10),
            pad_left("∂J/∂p", 12),
            pad_left(&header[2], 12)
        )?;
        for (k, p) in params.iter().enumerate() {
            writeln!(
                page,
                "  {} {} {} {}",
                pad(&names[k], 10),
                pad_left(&fixed(before[k], 4), 10),
                pad_left(&fixed(grads[k], 6), 12),
                pad_left(&fixed(p.data(), 6), 12)
            )?;
        }
    }
    let largest = grads.iter().fold(0.0f64, |m, g| m.max(g.abs()));
    Ok((grads.iter().all(|&g| g != 0.0), largest))
}

/// Names `w_i,k` and `b_k` of a layer's parameters, in `parameters()` order,
/// counted from 1 as in the lesson.
pub(super) fn parameter_names(n_inputs: usize, n_outputs: usize) -> Vec<String> {
    (1..=n_outputs)
        .flat_map(|k| {
            (1..=n_inputs)
                .map(move |i| format!("w_{i},{k}"))
                .chain(std::iter::once(format!("b_{k}")))
        })
        .collect()
}
