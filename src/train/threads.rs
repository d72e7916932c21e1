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

use std::cell::Cell;
use std::sync::mpsc::{Receiver, RecvError, Sender, TryRecvError};
use std::time::{Duration, Instant};

use super::Seen;
use crate::data::Dataset;
use crate::loss::Objective;
use crate::nn::check_inputs;
use crate::nn::{Blueprint, Mlp};
use crate::{Graph, Value};

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
    /// The outputs and target of each example of the share, in order.
    pub seen: Seen,
}

/// A helper thread's loop: build the network in a graph of its own, then
/// answer each job until the trainer hangs up.
pub(crate) fn helper(
    blueprint: Blueprint,
    train: &Dataset,
    objective: Objective,
    jobs: Inbox<Job>,
    done: Sender<Done>,
    call: &str,
) {
    let graph = Graph::new();
    let mlp = blueprint.build(&graph);
    let keep = graph.len();
    while let Ok(job) = jobs.receive() {
        mlp.set_parameters(&job.values);
        let mut seen = Seen::with_capacity(mlp.n_outputs(), job.examples.len());
        let losses = record_share(&mlp, train, &job.examples, objective, &mut seen, call);
        let total = graph.record_sum(&losses, call) * job.scale;
        graph.zero_grad();
        total.backward();
        let answer = Done {
            loss: total.data(),
            grads: mlp.parameter_grads_for(call),
            seen,
        };
        graph.truncate(keep);
        if done.send(answer).is_err() {
            return; // the trainer stopped
        }
    }
}

/// Records the loss of each of `examples` (indices into `train`) through
/// `mlp`, in order, keeping each example's outputs and target in `seen`.
/// The network runs on the share's examples as one batch
/// (`Mlp::forward_batch`: the same numbers as example by example;
/// micrograd's network on 1,000 points, an epoch ~12 % faster), or example
/// by example if it takes no inputs. (Loops, not closures, so that a misuse
/// panics at the caller's line.)
#[track_caller]
pub(crate) fn record_share<'g>(
    mlp: &Mlp<'g>,
    train: &Dataset,
    examples: &[usize],
    objective: Objective,
    seen: &mut Seen,
    call: &str,
) -> Vec<Value<'g>> {
    let graph = mlp.graph();
    let n_in = mlp.n_inputs();
    let mut flat = Vec::with_capacity(examples.len() * n_in);
    for &i in examples {
        check_inputs(call, n_in, train.x[i].len());
        flat.extend_from_slice(&train.x[i]);
    }
    let outputs = if n_in == 0 {
        // No inputs: the rows cannot be told apart in one run of leaves.
        let mut outputs = Vec::with_capacity(examples.len() * mlp.n_outputs());
        for _ in examples {
            outputs.extend(mlp.record(&[], call));
        }
        outputs
    } else {
        mlp.record_batch(&graph.values(&flat), call)
    };
    let mut losses = Vec::with_capacity(examples.len());
    for (&i, out) in examples.iter().zip(outputs.chunks(mlp.n_outputs())) {
        seen.push(out, train.y[i]);
        losses.push(objective.record(out, train.y[i], call));
    }
    losses
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

/// How long a thread waiting for the other side spins before it sleeps.
const SPIN: Duration = Duration::from_micros(100);
/// How many waits go straight to sleep after a spin that came to nothing.
const SLEEPS_AFTER_MISS: u32 = 8;

/// The receiving end of a channel between the trainer and a helper, which
/// spins briefly before it sleeps.
///
/// The trainer and its helpers hand work to each other twice a batch,
/// usually within microseconds of each other (the shares are equal, the
/// trainer's work between batches is short), while a thread put to sleep
/// and woken costs tens of microseconds, and the wake-ups lead the
/// scheduler to put both threads on one core now and then. A spin that
/// came to nothing (the other thread is busy for longer, or shares this
/// core and cannot answer while this one spins) is followed by a few waits
/// that sleep at once. Measured, 200 epochs of micrograd's network on 1,000
/// points, two threads against one: 1.49–1.60 × sleeping at once,
/// 1.84–1.91 × with this (one run of 1.15 in 30), on a 2-core virtual
/// machine.
pub(crate) struct Inbox<T> {
    /// The channel.
    channel: Receiver<T>,
    /// Waits left that sleep without spinning.
    sleeps: Cell<u32>,
}

impl<T> Inbox<T> {
    /// An inbox on `channel`.
    pub(crate) fn new(channel: Receiver<T>) -> Inbox<T> {
        Inbox {
            channel,
            sleeps: Cell::new(0),
        }
    }

    /// The next message; `Err` once the other side has hung up.
    pub(crate) fn receive(&self) -> Result<T, RecvError> {
        let sleeps = self.sleeps.get();
        if sleeps > 0 {
            self.sleeps.set(sleeps - 1);
            return self.channel.recv();
        }
        let start = Instant::now();
        loop {
            match self.channel.try_recv() {
                Ok(message) => return Ok(message),
                Err(TryRecvError::Disconnected) => return Err(RecvError),
                Err(TryRecvError::Empty) if start.elapsed() < SPIN => std::hint::spin_loop(),
                Err(TryRecvError::Empty) => {
                    self.sleeps.set(SLEEPS_AFTER_MISS);
                    return self.channel.recv();
                }
            }
        }
    }
}
