//! One step of micrograd's demo, each way the tests and benchmarks compare:
//! the crate's `Mlp` recorded every step or replayed, micrograd's graph of
//! binary ops recorded every step, and the same graph on the minimal tape.

use rand::SeedableRng;

use super::tape::Tape;
use super::{init_params, learning_rate, micrograd_loss, Recorder, ALPHA};
use crate::nn::{Activation, Mlp};
use crate::{loss, Graph, Value};

/// One step of micrograd's demo with the crate's `Mlp` (each neuron one
/// affine node): forward every point ([`Mlp::forward_batch`]), mean hinge
/// loss plus `ALPHA·Σp²`, backward, SGD, and truncate the graph back to
/// `keep` nodes. Returns the loss before the update.
#[inline]
pub fn mlp_step<'g>(
    g: &'g Graph,
    mlp: &Mlp<'g>,
    params: &[Value<'g>],
    keep: usize,
    xs: &[[f64; 2]],
    ys: &[f64],
    lr: f64,
) -> f64 {
    let total = mlp_loss(g, mlp, params, xs, ys);
    update_and_truncate(g, total, params, lr, keep)
}

/// [`mlp_step`] with [`mlp_loss_per_example`]: `Mlp::forward` on one point
/// at a time.
#[inline]
pub fn mlp_step_per_example<'g>(
    g: &'g Graph,
    mlp: &Mlp<'g>,
    params: &[Value<'g>],
    keep: usize,
    xs: &[[f64; 2]],
    ys: &[f64],
    lr: f64,
) -> f64 {
    let total = mlp_loss_per_example(g, mlp, params, xs, ys);
    update_and_truncate(g, total, params, lr, keep)
}

/// Records micrograd's loss with the crate's `Mlp`: mean hinge loss over the
/// points plus `ALPHA·Σp²`, the network run on all the points in one call
/// ([`Mlp::forward_batch`]).
#[inline]
pub fn mlp_loss<'g>(
    g: &'g Graph,
    mlp: &Mlp<'g>,
    params: &[Value<'g>],
    xs: &[[f64; 2]],
    ys: &[f64],
) -> Value<'g> {
    let scores = mlp.forward_batch(&g.values(xs.as_flattened()));
    mean_hinge(scores, ys) + loss::l2(params) * ALPHA
}

/// [`mlp_loss`] with the network run on one example at a time
/// ([`Mlp::forward`] in a loop): the same nodes and numbers, created in
/// another order.
#[inline]
pub fn mlp_loss_per_example<'g>(
    g: &'g Graph,
    mlp: &Mlp<'g>,
    params: &[Value<'g>],
    xs: &[[f64; 2]],
    ys: &[f64],
) -> Value<'g> {
    // Each point's hinge right after its forward (the scores are drawn
    // lazily).
    let scores = xs.iter().map(|x| mlp.forward(&g.values(x))[0]);
    mean_hinge(scores, ys) + loss::l2(params) * ALPHA
}

/// The mean hinge loss `(1/n)·Σ max(0, 1 − y·score)` of each score against
/// its label.
#[inline]
pub(super) fn mean_hinge<'g>(scores: impl IntoIterator<Item = Value<'g>>, ys: &[f64]) -> Value<'g> {
    let losses: Vec<Value<'g>> = scores
        .into_iter()
        .zip(ys)
        .map(|(score, &y)| loss::hinge(score, y))
        .collect();
    loss::mean(&losses)
}

/// One step of micrograd's demo on micrograd's own graph of binary ops,
/// recorded again: back to the first `keep` nodes (the parameters),
/// [`micrograd_loss`], backward, SGD. Returns the loss before the update.
#[inline]
pub fn micrograd_step<'g>(
    g: &'g Graph,
    params: &[Value<'g>],
    keep: usize,
    xs: &[[f64; 2]],
    ys: &[f64],
    lr: f64,
) -> f64 {
    g.truncate(keep);
    let (total, _) = micrograd_loss(&mut &*g, params, xs, ys);
    backward_and_update(g, total, params, lr)
}

/// One step on a graph recorded once (by [`mlp_loss`] or
/// [`micrograd_loss`]): `recompute`, backward, SGD. Returns the loss before
/// the update.
#[inline]
pub fn replay_step<'g>(g: &'g Graph, total: Value<'g>, params: &[Value<'g>], lr: f64) -> f64 {
    g.recompute();
    backward_and_update(g, total, params, lr)
}

/// [`backward_and_update`], then truncate the graph back to `keep` nodes.
#[inline]
pub(super) fn update_and_truncate<'g>(
    g: &'g Graph,
    total: Value<'g>,
    params: &[Value<'g>],
    lr: f64,
    keep: usize,
) -> f64 {
    let value = backward_and_update(g, total, params, lr);
    g.truncate(keep);
    value
}

/// Zero gradients, backward from `total`, SGD on `params`; returns the loss.
#[inline]
pub(super) fn backward_and_update<'g>(
    g: &'g Graph,
    total: Value<'g>,
    params: &[Value<'g>],
    lr: f64,
) -> f64 {
    g.zero_grad();
    total.backward();
    for p in params {
        p.set_data(p.data() - lr * p.grad());
    }
    total.data()
}

/// micrograd's demo network `MLP(2, [16, 16, 1])` in `g`, with the reference
/// initial parameters: the network, its parameters, and the graph length a
/// step truncates back to.
pub fn demo_mlp(g: &Graph) -> (Mlp<'_>, Vec<Value<'_>>, usize) {
    let mlp = Mlp::new(
        g,
        2,
        &[16, 16, 1],
        Activation::Relu,
        &mut rand::rngs::StdRng::seed_from_u64(0),
    );
    mlp.set_parameters(&init_params());
    let params = mlp.parameters();
    let keep = g.len();
    (mlp, params, keep)
}

/// The yardstick tape holding micrograd's initial parameters as its first
/// leaves, and their handles.
pub fn demo_tape() -> (Tape, Vec<u32>) {
    let mut tape = Tape::default();
    let params: Vec<u32> = init_params().iter().map(|&p| (&mut tape).leaf(p)).collect();
    (tape, params)
}

/// One step of micrograd's demo on the tape: back to the parameters, zero
/// gradients, record micrograd's graph, backward, SGD. Returns the loss.
pub fn tape_step(tape: &mut Tape, params: &[u32], xs: &[[f64; 2]], ys: &[f64], lr: f64) -> f64 {
    tape.nodes.truncate(params.len());
    tape.zero_grad();
    let (loss, _) = micrograd_loss(&mut &mut *tape, params, xs, ys);
    tape.backward(loss);
    for &p in params {
        let node = &mut tape.nodes[p as usize];
        node.data -= lr * node.grad;
    }
    tape.nodes[loss as usize].data
}

/// micrograd's whole demo with `Mlp`: a fresh graph, the reference initial
/// parameters, 100 steps with its learning-rate schedule. Returns the last
/// loss.
pub fn demo_run(xs: &[[f64; 2]], ys: &[f64]) -> f64 {
    let g = Graph::new();
    let (mlp, params, keep) = demo_mlp(&g);
    (0..100).fold(0.0, |_, k| {
        mlp_step(&g, &mlp, &params, keep, xs, ys, learning_rate(k))
    })
}
