//! # 02 · Activation functions and their derivatives
//!
//! Follows section 1 of the lesson, "Activation function": sigmoid, tanh,
//! softplus, ReLU, LeakyReLU, ELU, PReLU and Swish (and GELU and the
//! identity, which the crate also offers), each as `a = f(z)` with its
//! derivative `f'(z)`.
//!
//! What you will see and can check:
//! 1. `f'(z)` (and with `--detail` `f(z)`) at z = -5 … 5 for every activation, each number
//!    computed by the engine (a leaf `z`, one activation node, `backward()`),
//!    checked against `Activation::derivative` and finite differences;
//! 2. saturation: σ'(0) = 0.25 is the sigmoid's largest slope, σ'(±5) is
//!    tiny; tanh'(0) = 1, tanh'(±5) is tiny;
//! 3. the negative side: ReLU'(z) = 0 for z < 0, while LeakyReLU, ELU and
//!    PReLU keep a slope (and PReLU's slope gets a gradient: it is learned);
//! 4. the vanishing gradient: ten sigmoid layers against ten ReLU layers,
//!    each layer's gradient norm after one backward, from the output down to
//!    the input.
//!
//! Writes `activations.png`, `derivatives.png` and `vanishing_gradient.png`
//! under `out/lesson/02_activations/`.
//!
//! Run: `cargo run --release --example 02_activations`

mod derivatives;
mod pictures;
mod vanishing;

use std::error::Error;
use std::path::{Path, PathBuf};

use super::page::Page;
use crate::data::MoonsConfig;

/// The vanishing-gradient experiment (part 4): this many hidden layers …
pub const VANISHING_DEPTH: usize = 10;
/// … of this many units (then one linear output) …
pub const VANISHING_WIDTH: usize = 12;
/// … on these moons points (the seed also draws the initial weights).
pub const VANISHING_MOONS: MoonsConfig = MoonsConfig {
    samples: 64,
    noise: 0.1,
    seed: 2,
};

/// Runs the walkthrough, printing to `out` and writing pictures under `dir`;
/// returns the files written.
///
/// # Errors
/// The first error met, as for any [`Walkthrough`](crate::lesson::Walkthrough).
pub fn run(page: &mut Page<'_>, dir: &Path) -> Result<Vec<PathBuf>, Box<dyn Error>> {
    derivatives::every_activation(page)?;
    derivatives::saturation(page)?;
    derivatives::negative_side(page)?;
    let (sigmoid, relu) = vanishing::sigmoid_against_relu(page)?;
    let files = pictures::draw(page, dir, &sigmoid, &relu)?;
    super::pictures_line(page, &files)?;
    page.verified("act.verified", &[])?;
    Ok(files)
}
