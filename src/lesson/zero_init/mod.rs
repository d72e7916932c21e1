//! # 07 · Zero initialization
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
//! `out/lesson/07_zero_init/`.
//!
//! Run: cargo run --release --example 07_zero_init

mod linear_models;
mod models;
mod pictures;
mod symmetry;
mod training;

use std::error::Error;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::numbers::{fixed, pad, pad_left};
use super::page::{say, tr, Page};
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

/// What the walkthrough's steps return.
type Outcome<T> = Result<T, Box<dyn std::error::Error>>;

/// Runs the walkthrough, printing to `page` and writing pictures under
/// `dir`; returns the files written.
///
/// # Errors
/// The first error met, as for any [`Walkthrough`](crate::lesson::Walkthrough).
pub fn run(page: &mut Page<'_>, dir: &Path) -> Result<Vec<PathBuf>, Box<dyn Error>> {
    let random = tr!(page, "zero.random_name");
    say!(
        page,
        "zero.intro",
        batch = BATCH,
        epochs = EPOCHS,
        random = random
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
    let mut runs = Vec::new();
    let mut files = Vec::new();

    // The three linear models learn from zeros.
    runs.push(linear_models::linear_regression_from_zeros(
        page,
        &regression,
    )?);
    runs.push(linear_models::logistic_regression_from_zeros(page, &moons)?);
    runs.push(linear_models::softmax_regression_from_zeros(page, &blobs)?);

    // The MLP does not: one step, then the training runs.
    let first = symmetry::first_step(page, &moons)?;
    let (run, after, boundaries) = symmetry::training(page, dir, &moons, &first)?;
    files.extend(boundaries);
    runs.push(run);

    page.blank()?;
    summary(page, &runs)?;
    page.blank()?;
    say!(page, "zero.why_linear")?;
    symmetry::tell(page, &first, &after)?;

    files.extend(pictures::loss_charts(page, dir, &runs)?);
    super::pictures_line(page, &files)?;
    page.verified("zero.verified", &[])?;
    Ok(files)
}

/// The four models side by side: the first step from zeros, and the
/// validation metric after training from zeros and from a random start.
fn summary(page: &mut Page<'_>, runs: &[training::ModelRun]) -> std::io::Result<()> {
    let header = [
        tr!(page, "zero.col_model"),
        tr!(page, "zero.col_first"),
        tr!(page, "zero.col_from_zero"),
        tr!(page, "zero.col_from_random"),
    ];
    say!(page, "zero.summary", epochs = EPOCHS)?;
    writeln!(
        page,
        "{} {} {} {} {}",
        pad(&header[0], 28),
        pad_left(&header[1], 14),
        pad_left("lr", 6),
        pad_left(&header[2], 14),
        pad_left(&header[3], 14)
    )?;
    for run in runs {
        let name = tr!(page, run.key, hidden = HIDDEN);
        writeln!(
            page,
            "{} {} {} {} {}",
            pad(&name, 28),
            pad_left(&fixed(run.first_gradient, 6), 14),
            pad_left(&run.lr.to_string(), 6),
            pad_left(
                &training::metric(&run.zero.history, run.zero.validation_metric),
                14
            ),
            pad_left(
                &training::metric(&run.random.history, run.random.validation_metric),
                14
            )
        )?;
    }
    Ok(())
}
