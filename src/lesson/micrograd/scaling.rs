//! The scaling workload: micrograd's network made wider (`2 → w → w → 1`,
//! ReLU, ReLU, linear) on a batch of random points, one full-batch step of
//! mean hinge loss (no L2 term) and SGD, with the crate's `Mlp` and by hand
//! ([`FastHandMlp`]) from the same parameters.

use rand::{RngExt, SeedableRng};

use super::fast_handwritten::FastHandMlp;
use super::steps::{mean_hinge, update_and_truncate};
use crate::nn::{Activation, Init, Mlp};
use crate::{Graph, Value};

/// `batch` points uniform in `[-1, 1)²` with labels alternating `+1, -1`.
pub fn points(batch: usize) -> (Vec<[f64; 2]>, Vec<f64>) {
    let mut rng = rand::rngs::StdRng::seed_from_u64(1);
    let xs = (0..batch)
        .map(|_| [rng.random_range(-1.0..1.0), rng.random_range(-1.0..1.0)])
        .collect();
    let ys = (0..batch)
        .map(|k| if k % 2 == 0 { 1.0 } else { -1.0 })
        .collect();
    (xs, ys)
}

/// The network `2 → width → width → 1` in `g` (He-uniform weights, seed
/// 1): the network, its parameters, and the graph length a step truncates
/// back to.
pub fn network(g: &Graph, width: usize) -> (Mlp<'_>, Vec<Value<'_>>, usize) {
    let mut rng = rand::rngs::StdRng::seed_from_u64(1);
    let mlp = Mlp::builder(2)
        .init(Init::HeUniform)
        .layer(width, Activation::Relu)
        .layer(width, Activation::Relu)
        .layer(1, Activation::Linear)
        .build(g, &mut rng);
    let params = mlp.parameters();
    let keep = g.len();
    (mlp, params, keep)
}

/// The same network by hand, from the parameters of [`network`]'s (`H` is
/// the width).
pub fn by_hand<const H: usize>(mlp: &Mlp<'_>) -> FastHandMlp<H> {
    FastHandMlp::new(&mlp.parameter_values())
}

/// One step with `Mlp`: forward every point ([`Mlp::forward_batch`]), mean hinge loss, backward, SGD with `lr`,
/// truncate back to `keep`. Returns the loss.
pub fn step<'g>(
    g: &'g Graph,
    mlp: &Mlp<'g>,
    params: &[Value<'g>],
    keep: usize,
    xs: &[[f64; 2]],
    ys: &[f64],
    lr: f64,
) -> f64 {
    let scores = mlp.forward_batch(&g.values(xs.as_flattened()));
    update_and_truncate(g, mean_hinge(scores, ys), params, lr, keep)
}

/// Forward multiply-adds of one example through `2 → w → w → 1`.
pub fn edges(width: usize) -> u64 {
    (2 * width + width * width + width) as u64
}
