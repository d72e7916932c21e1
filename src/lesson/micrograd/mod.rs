//! # Epilogue: micrograd's moons demo
//!
//! micrograd's famous demo trains `MLP(2, [16, 16, 1])` (ReLU hidden layers,
//! a linear output) on 100 two-moons points: the max-margin loss
//! `relu(1 - y·score)` averaged over the points, plus `1e-4·Σp²`, full batch,
//! SGD with `lr = 1.0 - 0.9·k/100` at step `k`, 100 steps. [`demo`] is the
//! lesson's epilogue: the demo trained with the crate's pipeline from
//! micrograd's own initial parameters, so that the losses printed are the
//! ones micrograd printed.

pub mod demo;

/// The demo's 100 points, as micrograd saved them: `x0,x1,y` with `y` in
/// {-1, +1}.
const MOONS_CSV: &str = include_str!("../../../tests/data/micrograd_demo/moons.csv");
/// micrograd's 337 initial parameters, one per line, in its `parameters()`
/// order.
const INIT_PARAMS: &str = include_str!("../../../tests/data/micrograd_demo/init_params.txt");
