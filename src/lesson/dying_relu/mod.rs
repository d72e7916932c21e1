//! # 05 · Dying ReLU
//!
//! Follows the lesson's section 3, worked example "Dying ReLU": a network
//! `x (3 inputs) → 3 hidden ReLU units → 3 logits → softmax`, one training
//! example, and weights chosen so that hidden unit 1's pre-activation `z_1`
//! is negative. (The lesson's figures, with its own numbers, are not
//! available; the weights here are chosen to tell the same story.)
//!
//! You will see and can check:
//! - forward: every `z_j` and `a_j`; `z_1 < 0`, so `a_1 = relu(z_1) = 0`;
//! - backward: `e_j = ∂J/∂z_j` of each layer; the gradient `∂J/∂a_1` does
//!   reach the dead unit, but `relu'(z_1) = 0` blocks it, so `e_1 = 0` and
//!   every `∂J/∂w_i1 = e_1·a_i` and `∂J/∂b_1 = e_1` is 0 (the gradient table
//!   of the hidden layer shows it row by row);
//! - one gradient-descent step: the dead unit's weights do not move, and
//!   forward again it is still dead; over 30 steps its `z_1` never changes;
//! - the same network with LeakyReLU (slope 0.1, so that it shows within a
//!   few steps; PyTorch's default is 0.01): `e_1 ≠ 0`, the unit's weights
//!   move, `z_1` rises at every step and the unit comes back to life
//!   (`z_1 > 0`) within a few steps; with slope 0.01 it rises too, ten times
//!   more slowly.
//!
//! Writes `z_dead_unit.png` (`z_1` at each step, ReLU against LeakyReLU
//! with slopes 0.1 and 0.01) and `e_dead_unit.png` (the gradient `e_1` the
//! unit receives at each step) under `out/lesson/05_dying_relu/`.
//!
//! Run: cargo run --release --example 05_dying_relu

mod dead_unit;
mod leaky;
mod network;
mod pictures;

pub use network::network;

use std::error::Error;
use std::io::Write;
use std::path::{Path, PathBuf};

// ---------------------------------------------------------------------------
// The chosen network and example: inputs of the walkthrough, not results
// (public so that the explorer's preset starts from the same numbers).

/// The one training example `x = a⁽⁰⁾`…
pub const X: [f64; 3] = [1.0, 2.0, 0.5];
/// … and its class `t` (the target is the one-hot `y = (1, 0, 0)`).
pub const CLASS: usize = 0;
/// Hidden layer: `HIDDEN_W[j]` holds unit `j`'s weights `w_0j, w_1j, w_2j`.
/// Unit 1's weights are negative where `x` is large: its `z_1` will be < 0.
pub const HIDDEN_W: [[f64; 3]; 3] = [[0.5, 0.1, -0.2], [-0.2, 0.1, -0.4], [0.3, 0.2, 0.1]];
/// Hidden layer: the biases `b_j`.
pub const HIDDEN_B: [f64; 3] = [0.1, 0.1, 0.0];
/// Output layer: `OUTPUT_W[k]` holds logit `k`'s weights `w_0k, w_1k, w_2k`.
/// Hidden unit 1 would help the right class (its weight to logit 0 is +0.8),
/// if only it were alive.
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

/// `yes` or `no`, for the lines that state a fact of the lesson.
fn yes(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

/// Numbers to 4 decimals, separated by commas (−0 printed as 0).
fn list(xs: &[f64]) -> String {
    let parts: Vec<String> = xs.iter().map(|x| format!("{:.4}", x + 0.0)).collect();
    parts.join(", ")
}

/// Runs the walkthrough, printing to `out` and writing pictures under `dir`;
/// returns the files written.
///
/// # Errors
/// The first error met, as for any [`Walkthrough`](crate::lesson::Walkthrough).
pub fn run(out: &mut dyn Write, dir: &Path) -> Result<Vec<PathBuf>, Box<dyn Error>> {
    writeln!(out, "# 05 · Dying ReLU")?;
    writeln!(
        out,
        "\nNetwork: x (3 inputs) → 3 hidden ReLU units → 3 logits z⁽²⁾ → softmax p, loss J = −ln p_t."
    )?;
    writeln!(
        out,
        "One training example: x = ({}), class t = {}. Units and classes are counted from 1, as in the lesson.",
        list(&X),
        CLASS + 1
    )?;

    // A ReLU unit with z < 0: forward, backward, one step, thirty steps.
    let (dead, relu_run) = dead_unit::relu_unit_stays_dead(out)?;
    // The same unit with LeakyReLU, at slopes 0.1 and 0.01.
    let (leaky_run, default_run) = leaky::leaky_unit_comes_back(out, dead)?;

    // -----------------------------------------------------------------------
    // Pictures.
    let files = pictures::draw(
        dir,
        dead + 1,
        &[
            ("ReLU", &relu_run),
            (&format!("LeakyReLU, s = {LEAKY}"), &leaky_run),
            ("LeakyReLU, s = 0.01", &default_run[..=STEPS]),
        ],
    )?;
    Ok(files)
}
