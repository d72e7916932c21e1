//! # Epilogue: micrograd's moons demo, and the same step written plainly
//!
//! micrograd's famous demo trains `MLP(2, [16, 16, 1])` (ReLU hidden layers,
//! a linear output) on 100 two-moons points: the max-margin loss
//! `relu(1 - y·score)` averaged over the points, plus `1e-4·Σp²`, full batch,
//! SGD with `lr = 1.0 - 0.9·k/100` at step `k`, 100 steps. This module holds
//! the demo and its reference material:
//!
//! - [`demo`]: the lesson's epilogue, the demo trained with the crate's
//!   pipeline from micrograd's own initial parameters, so that the losses
//!   printed are the ones micrograd printed;
//! - the data: the 100 points ([`moons`]) and the 337 initial parameters
//!   ([`init_params`]) of micrograd's run, and its schedule
//!   ([`learning_rate`]);
//! - [`micrograd_loss`]: the training graph built exactly as micrograd
//!   builds it, with binary ops only (`b + w0·x0 + w1·x1 + …` one node at a
//!   time, every number a leaf), for any [`Recorder`]: this crate's
//!   [`Graph`](crate::Graph) or the minimal [`tape`];
//! - the same training step done every way the tests and benchmarks compare:
//!   with the crate's [`Mlp`](crate::nn::Mlp) recorded every step
//!   ([`mlp_step`]) or recorded once and replayed ([`replay_step`]), with
//!   micrograd's graph ([`micrograd_step`]), on the [`tape`]
//!   ([`tape_step`]), and by hand on `f64` arrays: fast
//!   ([`fast_handwritten`], weights transposed and fixed-size arrays, the
//!   yardstick, micrograd's computation bit for bit) and plainly
//!   ([`handwritten`]);
//! - [`scaling`]: the same network made wider, on larger batches, with
//!   `Mlp` and by hand;
//! - [`replay`]: recording the graph once and replaying it every step, and
//!   what replay cannot see;
//! - [`data_parallel`]: the batch split over threads, one graph each,
//!   gradients summed.
//!
//! The hand-written step and the tape are teaching material as much as
//! yardsticks: the same computation written plainly, with nothing recorded
//! (the hand-written step) and with nothing but the essentials recorded (the
//! tape). Every one of these ways reproduces micrograd's losses (the tests
//! check each against micrograd's trajectory).

pub mod data_parallel;
pub mod demo;
pub mod fast_handwritten;
mod graph;
pub mod handwritten;
pub mod replay;
pub mod scaling;
mod steps;
pub mod tape;

pub use graph::{micrograd_loss, Recorder};
pub use steps::{
    demo_mlp, demo_run, demo_tape, micrograd_step, mlp_loss, mlp_loss_per_example, mlp_step,
    mlp_step_per_example, replay_step, tape_step,
};

/// The demo's 100 points, as micrograd saved them: `x0,x1,y` with `y` in
/// {-1, +1}.
const MOONS_CSV: &str = include_str!("../../../tests/data/micrograd_demo/moons.csv");
/// micrograd's 337 initial parameters, one per line, in its `parameters()`
/// order.
const INIT_PARAMS: &str = include_str!("../../../tests/data/micrograd_demo/init_params.txt");

/// The micrograd demo's network: `MLP(2, [16, 16, 1])`.
pub const LAYERS: [usize; 4] = [2, 16, 16, 1];
/// L2 coefficient of the demo's loss.
pub const ALPHA: f64 = 1e-4;

/// The 100 two-moons points `(x, y)` with labels in {-1, +1}.
pub fn moons() -> (Vec<[f64; 2]>, Vec<f64>) {
    let data = crate::data::parse_csv(
        MOONS_CSV,
        std::path::Path::new("moons.csv"),
        &crate::data::CsvOptions::default(),
    )
    .expect("moons.csv parses");
    points(&data)
}

/// A two-class dataset with two features as micrograd's points and labels:
/// class 0 → -1, class 1 → +1.
pub fn points(data: &crate::data::Dataset) -> (Vec<[f64; 2]>, Vec<f64>) {
    let xs = data.x.iter().map(|x| [x[0], x[1]]).collect();
    let ys = data.y.iter().map(|&class| 2.0 * class - 1.0).collect();
    (xs, ys)
}

/// The 337 initial parameters, in micrograd's `parameters()` order (layer by
/// layer, neuron by neuron, its weights then its bias): the order of this
/// crate's [`Mlp::parameters`](crate::nn::Mlp::parameters) too.
pub fn init_params() -> Vec<f64> {
    INIT_PARAMS
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.trim().parse().unwrap())
        .collect()
}

/// The demo's learning rate at step `k`: `1.0 - 0.9·k/100`.
pub fn learning_rate(k: usize) -> f64 {
    1.0 - 0.9 * k as f64 / 100.0
}

/// Share of points where `(y > 0) == (score > 0)`, in percent.
pub fn accuracy_percent(scores: &[f64], ys: &[f64]) -> f64 {
    let right = scores
        .iter()
        .zip(ys)
        .filter(|(s, y)| (**y > 0.0) == (**s > 0.0))
        .count();
    100.0 * right as f64 / ys.len() as f64
}
