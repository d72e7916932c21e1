//! # 08 · Optimizers: seven ways down the same hill
//!
//! Follows section 5 of the lesson, "Optimizers": gradient descent (SGD),
//! momentum, Nesterov, AdaGrad, RMSProp, Adam and AdamW, with PyTorch's
//! update rules ([`crate::optim`], each rule written out in its docs).
//!
//! The race is fair: every optimizer runs at its own best learning rate,
//! picked from the same list of rates by the same rule (on the valley, the
//! fewest steps to `f < 1e-3`; on the MLP, the lowest training loss after
//! 200 steps), with the other settings at PyTorch's defaults.
//!
//! What you will see and can check:
//! 1. all seven on the valley `f(w) = 0.1·w1² + 2·w2²` from `w = (-4, 2)`:
//!    each one's rate, first step, zig-zags (sign changes of `w2`), how many
//!    steps it needs to reach `f < 1e-3` and `f` after 200 steps (with
//!    `--detail`: the first steps `(w1, w2, f)` and the search over rates);
//!    the gradient is always the engine's (`f.backward()`, then
//!    `w1.grad()`, `w2.grad()`);
//! 2. why: the valley's curvature, from the engine's second derivatives
//!    ([`crate::hessian`]): `H = diag(0.2, 4)`, condition number 20;
//!    gradient descent multiplies `w_i` by `1 − lr·H_ii` each step, so at
//!    `lr = 0.4` it crawls along `w1` (×0.92) and zig-zags across `w2`
//!    (×−0.6), and above `2/4 = 0.5` it diverges; Newton's step
//!    `w − H⁻¹∇f` lands on the minimum at once ([`curvature`]);
//! 3. the same seven training one MLP on the two moons (200 points, noise
//!    0.2) from the same initial parameters: initial and final loss,
//!    accuracy, loss curves. Every optimizer lowers the loss; they differ in
//!    how fast.
//!
//! Writes `valley_momentum.png`, `valley_adagrad_rmsprop.png` and
//! `valley_adam.png` (the paths over the contour lines of `f`, gradient
//! descent in each for reference) and `mlp_loss.png` (the loss curves) under
//! `out/lesson/08_optimizers/`.
//!
//! Run: `cargo run --release --example 08_optimizers`

mod pictures;
mod training;
mod valley;

pub use valley::{curvature, Curvature};

use std::error::Error;
use std::path::{Path, PathBuf};

use super::page::Page;
use crate::optim::{self, Optimizer};

/// Runs the walkthrough, printing to `out` and writing pictures under `dir`;
/// returns the files written.
///
/// # Errors
/// The first error met, as for any [`Walkthrough`](crate::lesson::Walkthrough).
pub fn run(page: &mut Page<'_>, dir: &Path) -> Result<Vec<PathBuf>, Box<dyn Error>> {
    let paths = valley::descend_the_valley(page)?;
    let runs = training::train_one_mlp(page)?;
    let files = pictures::draw(page, dir, &paths, &runs)?;
    super::pictures_line(page, &files)?;
    page.verified("opt.verified", &[])?;
    Ok(files)
}

/// The optimizer `name` of [`optim::NAMES`] at learning rate `lr`, with
/// PyTorch's defaults for the rest: momentum 0.9, Adam's β = (0.9, 0.999),
/// AdamW's weight decay 0.01.
fn optimizer(name: &str, lr: f64) -> Box<dyn Optimizer> {
    optim::by_name(name, lr).unwrap_or_else(|| panic!("no optimizer called {name}"))
}
