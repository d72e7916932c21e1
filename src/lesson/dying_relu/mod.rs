//! # 06 · Dying ReLU
//!
//! Follows the lesson's section 3, worked example "Dying ReLU": a network
//! `x (3 inputs) → 3 hidden ReLU units → 3 logits → softmax`, one training
//! example of class 0 (the first output), and weights chosen so that hidden
//! unit 2's pre-activation `z_2` is negative (units count from 1, classes
//! from 0). (The lesson's figures, with its own numbers, are not
//! available; the weights here are chosen to tell the same story.)
//!
//! You will see and can check:
//! - forward: every `z_j` and `a_j`; `z_2 < 0`, so `a_2 = relu(z_2) = 0`;
//! - backward: `e_j = ∂J/∂z_j` of each layer; the gradient `∂J/∂a_2` does
//!   reach the dead unit, but `relu'(z_2) = 0` blocks it, so `e_2 = 0` and
//!   every `∂J/∂w_i2 = e_2·a_i` and `∂J/∂b_2 = e_2` is 0 (with `--detail`,
//!   the gradient table of the hidden layer shows it row by row);
//! - one gradient-descent step: the dead unit's weights do not move, and
//!   forward again it is still dead; over 30 steps its `z_2` never changes;
//! - the same network with LeakyReLU (slope 0.1, so that it shows within a
//!   few steps; PyTorch's default is 0.01): `e_2 ≠ 0`, the unit's weights
//!   move, `z_2` rises at every step and the unit comes back to life
//!   (`z_2 > 0`) within a few steps; with slope 0.01 it rises too, ten times
//!   more slowly.
//!
//! Writes `z_dead_unit.png` (`z_2` at each step, ReLU against LeakyReLU
//! with slopes 0.1 and 0.01) and `e_dead_unit.png` (the gradient `e_2` the
//! unit receives at each step) under `out/lesson/06_dying_relu/`.
//!
//! Run: cargo run --release --example 06_dying_relu

mod dead_unit;
mod leaky;
mod network;
mod pictures;

pub use network::network;

use std::error::Error;
use std::path::{Path, PathBuf};

use super::numbers::list;
use super::page::{say, tr, Page};

// ---------------------------------------------------------------------------
// The chosen network and example: inputs of the walkthrough, not results
// (public so that the explorer's preset starts from the same numbers).

/// The one training example `x = a⁽⁰⁾`…
pub const X: [f64; 3] = [1.0, 2.0, 0.5];
/// … and its class `t` (the target is the one-hot `y = (1, 0, 0)`).
pub const CLASS: usize = 0;
/// Hidden layer: `HIDDEN_W[j]` holds unit `j`'s weights `w_0j, w_1j, w_2j`
/// (counted from 0 here, as Rust does). Unit 1 (the lesson's unit 2) has
/// weights that are negative where `x` is large: its `z` will be < 0.
pub const HIDDEN_W: [[f64; 3]; 3] = [[0.5, 0.1, -0.2], [-0.2, 0.1, -0.4], [0.3, 0.2, 0.1]];
/// Hidden layer: the biases `b_j`.
pub const HIDDEN_B: [f64; 3] = [0.1, 0.1, 0.0];
/// Output layer: `OUTPUT_W[k]` holds logit `k`'s weights `w_0k, w_1k, w_2k`.
/// That hidden unit would help the right class (its weight to logit 0 is
/// +0.8), if only it were alive.
pub const OUTPUT_W: [[f64; 3]; 3] = [[0.4, 0.8, 0.3], [-0.3, 0.5, 0.6], [0.2, -0.4, -0.2]];
/// Output layer: the biases `b_k`.
pub const OUTPUT_B: [f64; 3] = [0.0, 0.0, 0.0];
/// Learning rate of gradient descent `p ← p − lr·∂J/∂p`.
pub const LR: f64 = 0.1;
/// Steps of the longer runs (ReLU against LeakyReLU).
const STEPS: usize = 30;
/// Steps of the run with PyTorch's slope, whose push is ten times weaker.
const LONG: usize = 1000;
/// The LeakyReLU slope of the comparison: ten times PyTorch's 0.01, so that
/// the dead unit's recovery shows within a few steps.
const LEAKY: f64 = 0.1;

/// Runs the walkthrough, printing to `page` and writing pictures under
/// `dir`; returns the files written.
///
/// # Errors
/// The first error met, as for any [`Walkthrough`](crate::lesson::Walkthrough).
pub fn run(page: &mut Page<'_>, dir: &Path) -> Result<Vec<PathBuf>, Box<dyn Error>> {
    say!(page, "dying.network")?;
    say!(
        page,
        "dying.example",
        x = list(&X, 4),
        class = CLASS,
        output = CLASS + 1
    )?;

    // A ReLU unit with z < 0: forward, backward, one step, thirty steps.
    let (dead, relu_run) = dead_unit::relu_unit_stays_dead(page)?;
    // The same unit with LeakyReLU, at slopes 0.1 and 0.01.
    let (leaky_run, default_run) = leaky::leaky_unit_comes_back(page, dead)?;

    // -----------------------------------------------------------------------
    // Pictures.
    let files = pictures::draw(
        page,
        dir,
        dead + 1,
        &[
            (tr!(page, "dying.series_relu"), &relu_run),
            (tr!(page, "dying.series_leaky", s = LEAKY), &leaky_run),
            (
                tr!(page, "dying.series_leaky", s = 0.01),
                &default_run[..=STEPS],
            ),
        ],
    )?;
    super::pictures_line(page, &files)?;
    page.verified("dying.verified", &[("unit", &(dead + 1))])?;
    Ok(files)
}
