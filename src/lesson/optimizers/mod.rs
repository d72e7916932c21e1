//! # 07 · Optimizers: seven ways down the same hill
//!
//! Follows section 5 of the lesson, "Optimizers": gradient descent (SGD),
//! momentum, Nesterov, AdaGrad, RMSProp, Adam and AdamW, with PyTorch's
//! update rules ([`crate::optim`], each rule written out in its docs).
//!
//! What you will see and can check:
//! 1. all seven on the valley `f(w) = 0.1·w1² + 2·w2²` from `w = (-4, 2)`,
//!    each with a learning rate suited to it (printed): the first steps
//!    `(w1, w2, f)`, then how many steps each needs to reach `f < 1e-3`
//!    and `f` after 200 steps; the gradient is always the engine's
//!    (`f.backward()`, then `w1.grad()`, `w2.grad()`);
//! 2. the same seven training one MLP on the two moons (200 points, noise
//!    0.2) from the same initial parameters: initial and final loss,
//!    accuracy, loss curves. Every optimizer lowers the loss; they differ in
//!    how fast.
//!
//! Writes `valley_momentum.png`, `valley_adagrad_rmsprop.png` and
//! `valley_adam.png` (the paths over the contour lines of `f`, gradient
//! descent in each for reference) and `mlp_loss.png` (the loss curves) under
//! `out/lesson/07_optimizers/`.
//!
//! Run: `cargo run --release --example 07_optimizers`

mod pictures;
mod training;
mod valley;

use std::error::Error;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::optim::{self, Optimizer};

/// Runs the walkthrough, printing to `out` and writing pictures under `dir`;
/// returns the files written.
///
/// # Errors
/// The first error met, as for any [`Walkthrough`](crate::lesson::Walkthrough).
pub fn run(out: &mut dyn Write, dir: &Path) -> Result<Vec<PathBuf>, Box<dyn Error>> {
    let paths = valley::descend_the_valley(out)?;
    let runs = training::train_one_mlp(out, &paths)?;
    pictures::draw(out, dir, &paths, &runs)
}

/// a weight decay of 0.01.
fn optimizer(name: &str, lr: f64) -> Box<dyn Optimizer> {
    optim::by_name(name, lr).unwrap_or_else(|| panic!("no optimizer called {name}"))
}
