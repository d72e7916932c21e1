//! # 06 · Zero initialization
//!
//! Follows the lesson's section 4, "Initialization examples": what happens
//! when every parameter starts at 0, for linear regression, logistic
//! regression, softmax regression and an MLP (ReLU hidden layer, softmax
//! output).
//!
//! You will see and can check:
//! - for each model, one gradient-descent step from all zeros on a
//!   mini-batch, with every gradient and every update printed: the three
//!   linear models get non-zero gradients and move;
//! - the MLP: `z_j = 0` for every hidden unit, so `a_j = relu(0) = 0` and
//!   `relu'(0) = 0` (and the output weights that would carry the gradient
//!   back are 0 too): every weight gradient is 0, only the output biases
//!   move;
//! - a full training run of each model (SGD, mini-batches), from zeros and
//!   from a random (He uniform) initialization: the linear models learn
//!   either way; the zero-initialized MLP never does: its hidden gradient
//!   norm is 0 in every epoch, its hidden weights stay exactly 0 and
//!   `inspect::layer_report` finds all its hidden units identical after
//!   training, while the randomly initialized MLP learns the moons.
//!
//! Writes one loss curve per model (`*_loss.png`, zero against random
//! initialization) and the MLP's two decision boundaries
//! (`mlp_boundary_zero_init.png`, `mlp_boundary_random_init.png`) under
//! `out/lesson/06_zero_init/`.
//!
//! Run: cargo run --release --example 06_zero_init

mod linear_models;
mod models;
mod pictures;
mod symmetry;
mod training;

use std::error::Error;
use std::io::Write;
use std::path::{Path, PathBuf};

use self::training::Chart;
use crate::data;
use crate::nn::Init;

// ---------------------------------------------------------------------------
// Choices (inputs of the walkthrough, not results; public so that the
// explorer's preset starts from the same numbers).

/// Seed of the datasets, splits, shuffling and random initializations.
pub const SEED: u64 = 6;
/// Examples per gradient-descent step.
pub const BATCH: usize = 32;
/// Passes over the training set.
const EPOCHS: usize = 100;
/// Hidden units of the MLP.
pub const HIDDEN: usize = 16;
/// The random initialization compared with zeros: He uniform,
/// `U(−√(6/fan_in), +√(6/fan_in))` (biases stay 0).
const RANDOM: Init = Init::HeUniform;
/// Its name in the printout and the pictures.
const RANDOM_NAME: &str = "He uniform";
/// Learning rates of plain SGD, `p ← p − lr·∂J/∂p`, per model.
const LR_LINEAR: f64 = 0.005;
const LR_LOGISTIC: f64 = 0.1;
const LR_SOFTMAX: f64 = 0.01;
/// … and of the MLP.
pub const LR_MLP: f64 = 0.3;
/// The moons the MLP is trained on: 200 points, noise 0.1.
pub const MOONS: data::MoonsConfig = data::MoonsConfig {
    samples: 200,
    noise: 0.1,
    seed: SEED,
};

/// `yes` or `no`, for the lines that state a fact of the lesson.
fn yes(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

/// What the walkthrough's steps return.
type Outcome<T> = Result<T, Box<dyn std::error::Error>>;

/// Runs the walkthrough, printing to `out` and writing pictures under `dir`;
/// returns the files written.
///
/// # Errors
/// The first error met, as for any [`Walkthrough`](crate::lesson::Walkthrough).
pub fn run(out: &mut dyn Write, dir: &Path) -> Result<Vec<PathBuf>, Box<dyn Error>> {
    writeln!(out, "# 06 · Zero initialization")?;
    writeln!(
        out,
        "\nEvery parameter starts at 0. One step of gradient descent on the first mini-batch of {BATCH} \
         training examples, then {EPOCHS} epochs of SGD with mini-batches of {BATCH}, from zeros and \
         from a random initialization ({RANDOM_NAME} weights, biases 0)."
    )?;
    let regression = data::regression_1d(&data::Regression1dConfig {
        samples: 200,
        noise: 0.1,
        seed: SEED,
    })
    .split(0.25, 0.0, SEED);
    let moons = data::moons(&MOONS).split(0.25, 0.0, SEED);
    let blobs = data::blobs(&data::BlobsConfig {
        samples: 300,
        centers: 3,
        std: 1.0,
        seed: SEED,
    })
    .split(0.25, 0.0, SEED);
    let mut charts: Vec<Chart> = Vec::new();
    let mut files = Vec::new();

    // The three linear models learn from zeros.
    charts.push(linear_models::linear_regression_from_zeros(
        out,
        &regression,
    )?);
    charts.push(linear_models::logistic_regression_from_zeros(out, &moons)?);
    charts.push(linear_models::softmax_regression_from_zeros(out, &blobs)?);

    // The MLP does not: one step, then the training runs.
    symmetry::first_step(out, &moons)?;
    let (chart, boundaries) = symmetry::training(out, dir, &moons)?;
    files.extend(boundaries);
    charts.push(chart);

    files.extend(pictures::loss_charts(dir, &charts)?);
    Ok(files)
}
