//! # The lesson, as library code
//!
//! "Insight into Multi-layer Perceptron", section by section. Each section is
//! a walkthrough that reads top to bottom like a notebook: it computes
//! everything with the engine, prints what a learner should look at to any
//! [`Write`], writes its pictures and files into a folder, and returns the
//! files it wrote. The `lesson` example, the `scalargrad lesson` command, the
//! numbered examples (`cargo run --release --example 04_backprop`) and the
//! tests all call these functions, so what the learner reads is what the
//! tests check.
//!
//! In the order a learner reads them:
//!
//! 1. [`value`]: the engine on micrograd's expression: `g`, `∂g/∂a`,
//!    `∂g/∂b`, every node in topological order, the graph drawn.
//! 2. [`activations`]: every activation `a = f(z)` and its derivative, taken
//!    from `backward()`; saturation of the sigmoid and tanh; what ReLU and
//!    its leaky cousins pass back for `z < 0`; the gradient vanishing through
//!    ten sigmoid layers but not through ten ReLU layers.
//! 3. [`mlp_forward`]: a small MLP with chosen weights, each
//!    `z_j = Σ_i w_ij·a_i + b_j` written out with its numbers, each
//!    `a_j = f(z_j)`, the output and its softmax.
//! 4. [`backprop`]: the same network backpropagated: `e⁽²⁾ = p − y`, the
//!    table `w_ij | a_i | e_j | e_j·a_i | autograd` agreeing row by row, the
//!    textbook recursion on plain numbers, one neuron's backward trace, the
//!    chain rule as a sum over paths.
//! 5. [`dying_relu`]: a ReLU unit with `z < 0` gets `e_j = 0`, its weights
//!    never move and it stays dead; with LeakyReLU it comes back.
//! 6. [`zero_init`]: every parameter 0: linear, logistic and softmax
//!    regression still learn; an MLP's hidden units stay identical for ever.
//! 7. [`optimizers`]: gradient descent, momentum, Nesterov, AdaGrad,
//!    RMSProp, Adam and AdamW on a narrow valley and training one MLP.
//! 8. [`pipeline`]: data → split → standardize → model → loss → optimizer →
//!    epochs of mini-batches with early stopping → test set → model saved and
//!    loaded back.
//!
//! Then the epilogue, [`micrograd`]: micrograd's moons demo trained from
//! micrograd's own initial parameters, printing the losses micrograd printed
//! ([`micrograd::demo`]), with the same computation written out the other
//! ways the benchmarks and tests measure it against: micrograd's graph of
//! binary ops, a training step by hand on `f64` arrays, a minimal tape, a
//! graph recorded once and replayed, the batch split over threads.
//!
//! [`SECTIONS`] lists sections 1–8 with their folders and titles; [`run`]
//! runs one of them or the whole lesson. Every section writes under
//! `root/<folder>/` (the examples use `out/lesson/`). Sections that draw
//! pictures need the `plot` feature (on by default); without it they print
//! the same text and write no pictures.
//!
//! ```no_run
//! use std::path::Path;
//!
//! // Section 4 alone, as `scalargrad lesson 4` runs it.
//! let files = scalargrad::lesson::run(&mut std::io::stdout(), Path::new("out/lesson"), Some(4))?;
//! assert!(files.iter().any(|f| f.ends_with("backward_trace.csv")));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod activations;
pub mod backprop;
pub mod dying_relu;
pub mod micrograd;
pub mod mlp_forward;
pub mod optimizers;
pub mod pipeline;
pub mod value;
pub mod zero_init;

use std::error::Error;
use std::io::Write;
use std::path::{Path, PathBuf};

/// A section's walkthrough: prints to `out`, writes its files under `dir`,
/// and returns the files written.
///
/// # Errors
/// The first error met: writing to `out`, creating `dir` or a file in it,
/// drawing a picture.
pub type Walkthrough = fn(out: &mut dyn Write, dir: &Path) -> Result<Vec<PathBuf>, Box<dyn Error>>;

/// One section of the lesson.
#[derive(Clone, Copy, Debug)]
pub struct Section {
    /// Its number, from 1, as `scalargrad lesson N` takes it.
    pub number: usize,
    /// The folder it writes into, under the lesson's output folder.
    pub folder: &'static str,
    /// Its title, as printed before it.
    pub title: &'static str,
    /// Its walkthrough.
    pub run: Walkthrough,
}

/// The sections, in the order of the lesson.
pub const SECTIONS: [Section; 8] = [
    Section {
        number: 1,
        folder: "01_value",
        title: "Value: a graph that remembers every operation",
        run: value::run,
    },
    Section {
        number: 2,
        folder: "02_activations",
        title: "Activation functions and their derivatives",
        run: activations::run,
    },
    Section {
        number: 3,
        folder: "03_mlp_forward",
        title: "An MLP computed layer by layer",
        run: mlp_forward::run,
    },
    Section {
        number: 4,
        folder: "04_backprop",
        title: "Backpropagation, checked on real numbers",
        run: backprop::run,
    },
    Section {
        number: 5,
        folder: "05_dying_relu",
        title: "Dying ReLU",
        run: dying_relu::run,
    },
    Section {
        number: 6,
        folder: "06_zero_init",
        title: "Zero initialization",
        run: zero_init::run,
    },
    Section {
        number: 7,
        folder: "07_optimizers",
        title: "Optimizers",
        run: optimizers::run,
    },
    Section {
        number: 8,
        folder: "08_pipeline",
        title: "The training pipeline",
        run: pipeline::run,
    },
];

/// Runs section `which` (a number of [`SECTIONS`]), or, with `None`, every
/// section in order and then the micrograd demo as an epilogue; prints to
/// `out` (a banner before each section) and writes each section's files in
/// its folder under `root` (the demo's in `root/micrograd_demo`). Returns
/// every file written, in order.
///
/// A number that is not a section's runs nothing.
///
/// # Errors
/// The first error of a section (see [`Walkthrough`]).
pub fn run(
    out: &mut dyn Write,
    root: &Path,
    which: Option<usize>,
) -> Result<Vec<PathBuf>, Box<dyn Error>> {
    let mut files = Vec::new();
    for section in &SECTIONS {
        if which.is_some_and(|n| n != section.number) {
            continue;
        }
        writeln!(
            out,
            "\n######## Section {}: {} ########\n",
            section.number, section.title
        )?;
        files.extend((section.run)(out, &root.join(section.folder))?);
    }
    if which.is_none() {
        writeln!(
            out,
            "\n######## Epilogue: micrograd's moons demo ########\n"
        )?;
        files.extend(micrograd::demo::run(out, &root.join("micrograd_demo"))?);
    }
    Ok(files)
}
