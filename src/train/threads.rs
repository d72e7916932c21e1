//! Training on several threads: each thread its own graph holding a copy of
//! the network, the batch split between them, gradients summed.
//!
//! A [`Graph`] belongs to one thread, so a helper thread builds its own copy
//! of the network once (from a [`Blueprint`]: shapes and parameter values),
//! then for each batch receives the current parameters and its share of the
//! examples, records the share's loss `(1/N)·Σ_{n ∈ share} J_n` (`N` the
//! batch size), runs backward, and sends back the loss, the gradient of
//! every parameter and the outputs it saw. The trainer's own thread takes
//! the first share in the trainer's graph, adds the helpers' gradients to
//! its own, and steps the optimizer once. With the mean loss
//! `J = (1/N)·Σ_n J_n`, the shares' gradients add up to `∂J/∂p` (in a
//! different order of additions than one thread's, so equal to about 1e-16
//! relative, not bit for bit).

use std::sync::mpsc::{Receiver, Sender};

use crate::data::Dataset;
use crate::loss::Objective;
use crate::nn::Blueprint;
use crate::Graph;

/// A share of a batch for a helper thread.
pub(crate) struct Job {
    /// The network's parameters, in `Mlp::parameters` order.
    pub values: Vec<f64>,
    /// Indices of the share's examples in the training set.
    pub examples: Vec<usize>,
    /// `1/N`, `N` the size of the whole batch.
    pub scale: f64,
}

/// What a helper thread computed for its share.
pub(crate) struct Done {
    /// `(1/N)·Σ_{n ∈ share} J_n`.
    pub loss: f64,
    /// Its gradient toward every parameter, in `Mlp::parameters` order.
    pub grads: Vec<f64>,
    /// `(outputs, target)` of each example of the share, in order.
    pub outputs: Vec<(Vec<f64>, f64)>,
}

/// A helper thread's loop: build the network in a graph of its own, then
/// answer each job until the trainer hangs up.
pub(crate) fn helper(
    blueprint: Blueprint,
    train: &Dataset,
    objective: Objective,
    jobs: Receiver<Job>,
    done: Sender<Done>,
    call: &str,
) {
    let graph = Graph::new();
    let mlp = blueprint.build(&graph);
    let params = mlp.parameters();
    let keep = graph.len();
    for job in jobs {
        mlp.set_parameters(&job.values);
        let mut outputs = Vec::with_capacity(job.examples.len());
        let mut losses = Vec::with_capacity(job.examples.len());
        for &i in &job.examples {
            let out = mlp.record(&graph.values(&train.x[i]), call);
            outputs.push((out.iter().map(|v| v.data()).collect(), train.y[i]));
            losses.push(objective.record(&out, train.y[i], call));
        }
        let total = graph.record_sum(&losses, call) * job.scale;
        graph.zero_grad();
        total.backward();
        let answer = Done {
            loss: total.data(),
            grads: params.iter().map(|p| p.grad()).collect(),
            outputs,
        };
        graph.truncate(keep);
        if done.send(answer).is_err() {
            return; // the trainer stopped
        }
    }
}

/// Splits `batch` into `shares` contiguous runs of nearly equal length (the
/// first ones one longer), some empty if the batch is shorter.
pub(crate) fn split(batch: &[usize], shares: usize) -> Vec<&[usize]> {
    let (base, extra) = (batch.len() / shares, batch.len() % shares);
    let mut rest = batch;
    (0..shares)
        .map(|k| {
            let (share, tail) = rest.split_at(base + usize::from(k < extra));
            rest = tail;
            share
        })
        .collect()
}
