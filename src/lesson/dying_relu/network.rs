//! The chosen network, one forward and backward pass kept as plain numbers,
//! and gradient-descent steps on the one example.

use super::{CLASS, HIDDEN_B, HIDDEN_W, LR, OUTPUT_B, OUTPUT_W, X};
use crate::nn::{Activation, GradientTable, Layer, Mlp};
use crate::optim::{Optimizer, Sgd};
use crate::{loss, Graph};

/// The network `3 → 3 (hidden activation) → 3 (logits)` with the chosen
/// weights ([`HIDDEN_W`](super::HIDDEN_W), [`HIDDEN_B`](super::HIDDEN_B),
/// [`OUTPUT_W`](super::OUTPUT_W), [`OUTPUT_B`](super::OUTPUT_B)).
pub fn network(graph: &Graph, hidden: Activation) -> Mlp<'_> {
    let rows = |w: &[[f64; 3]; 3]| w.iter().map(|r| r.to_vec()).collect::<Vec<_>>();
    Mlp::from_layers(vec![
        Layer::from_weights(graph, &rows(&HIDDEN_W), Some(&HIDDEN_B), hidden),
        Layer::from_weights(graph, &rows(&OUTPUT_W), Some(&OUTPUT_B), Activation::Linear),
    ])
}

/// Everything one forward and backward pass computed, as plain numbers.
pub(super) struct Pass {
    /// `z_j⁽ˡ⁾` per layer.
    pub(super) z: Vec<Vec<f64>>,
    /// `a_j⁽ˡ⁾ = f(z_j⁽ˡ⁾)` per layer.
    pub(super) a: Vec<Vec<f64>>,
    /// `∂J/∂a_j⁽ˡ⁾` per layer: the gradient that arrives at a unit's output.
    pub(super) upstream: Vec<Vec<f64>>,
    /// `e_j⁽ˡ⁾ = ∂J/∂z_j⁽ˡ⁾` per layer.
    pub(super) e: Vec<Vec<f64>>,
    /// The softmax `p = softmax(z⁽²⁾)`.
    pub(super) p: Vec<f64>,
    /// The loss `J = −ln p_t`.
    pub(super) loss: f64,
    /// The hidden layer's `∂J/∂w_ij = e_j·a_i` against autograd.
    pub(super) hidden_table: GradientTable,
}

/// Forward and backward for the example: `J = softmax_cross_entropy(z⁽²⁾, t)`.
/// Leaves the gradients on the parameters and discards every node recorded
/// after them.
pub(super) fn forward_backward(mlp: &Mlp<'_>) -> Pass {
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
pub(super) fn train_step(mlp: &Mlp<'_>, sgd: &mut Sgd) -> Pass {
    let pass = forward_backward(mlp);
    sgd.step(&mlp.parameters()); // p ← p − lr·p.grad(), for every parameter
    pass
}

/// The parameters of hidden unit `j` (its weights `w_ij`, then `b_j`).
pub(super) fn unit_parameters(mlp: &Mlp<'_>, j: usize) -> Vec<f64> {
    mlp.layers()[0].neurons()[j]
        .parameters()
        .iter()
        .map(|p| p.data())
        .collect()
}

/// Hidden unit `unit` and the loss at one step of a run.
#[derive(Clone, Copy, Debug)]
pub(super) struct Point {
    /// `z` of the unit.
    pub(super) z: f64,
    /// `e = ∂J/∂z` of the unit.
    pub(super) e: f64,
    /// `J`.
    pub(super) loss: f64,
}

/// `steps` gradient-descent steps (lr = `LR`) on the example; returns the
/// unit's `z`, `e` and the loss before each step and after the last one
/// (`steps + 1` points).
pub(super) fn run_steps(mlp: &Mlp<'_>, unit: usize, steps: usize) -> Vec<Point> {
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
