//! # The micrograd demo: the lesson's epilogue
//!
//! micrograd's classic expression, then its famous moons demo end to end:
//! `MLP(2, [16, 16, 1])` trained on 100 two-moons points with micrograd's
//! exact recipe (max-margin loss `relu(1 - y·score)` averaged, plus
//! `1e-4·Σp²`; full batch; SGD with `lr = 1.0 - 0.9·k/100`; 100 steps),
//! starting from the same initial parameters as the Python original, so the
//! losses printed are the ones micrograd printed.
//!
//! Writes the decision boundary and the loss and accuracy curves under its
//! folder: `out/lesson/micrograd_demo/` in the lesson, `out/micrograd_demo/`
//! from its own example.
//!
//! Run: `cargo run --release --example micrograd_demo`

use std::error::Error;
use std::io::Write;
use std::path::{Path, PathBuf};

use rand::SeedableRng;

use super::{INIT_PARAMS as INIT, MOONS_CSV as MOONS};
use crate::data::{self, CsvOptions};
use crate::nn::{Activation, Mlp};
use crate::optim::{Schedule, Sgd};
use crate::train::{evaluate, Objective, Progress, TrainConfig, Trainer};
use crate::Graph;

/// Runs the demo, printing to `out` and writing pictures under `dir`;
/// returns the files written.
///
/// # Errors
/// The first error met, as for any [`Walkthrough`](crate::lesson::Walkthrough).
pub fn run(out: &mut dyn Write, dir: &Path) -> Result<Vec<PathBuf>, Box<dyn Error>> {
    classic_expression(out)?;

    writeln!(
        out,
        "\n== The moons demo: MLP(2, [16, 16, 1]) on 100 points =="
    )?;
    let moons = data::parse_csv(MOONS, Path::new("moons.csv"), &CsvOptions::default())?;
    let graph = Graph::new();
    let mlp = Mlp::new(
        &graph,
        2,
        &[16, 16, 1],
        Activation::Relu,
        &mut rand::rngs::StdRng::seed_from_u64(0),
    );
    let init: Vec<f64> = INIT
        .lines()
        .map(|l| l.trim().parse())
        .collect::<Result<_, _>>()?;
    mlp.set_parameters(&init);
    writeln!(
        out,
        "{} parameters, loaded from micrograd's run",
        mlp.parameters().len()
    )?;

    let config = TrainConfig {
        epochs: 100,
        batch_size: 0, // full batch
        objective: Some(Objective::Hinge),
        l2: 1e-4,
        schedule: Schedule::Linear {
            start_factor: 1.0,
            end_factor: 0.1,
            total_steps: 100,
        },
        progress: Progress::Auto,
        ..TrainConfig::default()
    };
    let start = std::time::Instant::now();
    let history = Trainer::new(&mlp, Box::new(Sgd::new(1.0)), config).fit(&moons, None);
    let elapsed = start.elapsed();

    for r in history
        .epochs
        .iter()
        .filter(|r| r.epoch % 10 == 0 || r.epoch == 99)
    {
        writeln!(
            out,
            "step {:>2} loss {:.6}, accuracy {:>5.1}%",
            r.epoch,
            r.train_loss,
            100.0 * r.train_metric
        )?;
    }
    let after = evaluate(&mlp, &moons, Objective::Hinge);
    writeln!(
        out,
        "after training: accuracy {:.1}% — 100 steps in {:.1} ms",
        100.0 * after.accuracy.unwrap_or(0.0),
        elapsed.as_secs_f64() * 1e3
    )?;
    pictures(&mlp, &moons, &history, dir)
}

/// micrograd's README expression, its value and gradients.
// `c += c + 1.0` is micrograd's expression, kept as it is written there.
#[allow(clippy::misrefactored_assign_op)]
fn classic_expression(out: &mut dyn Write) -> Result<(), Box<dyn Error>> {
    let graph = Graph::new();
    let a = graph.value(-4.0);
    let b = graph.value(2.0);
    let mut c = a + b;
    let mut d = a * b + b.powf(3.0);
    c += c + 1.0;
    c += 1.0 + c + (-a);
    d += d * 2.0 + (b + a).relu();
    d += 3.0 * d + (b - a).relu();
    let e = c - d;
    let f = e.powf(2.0);
    let mut g = f / 2.0;
    g += 10.0 / f;
    g.backward();
    writeln!(out, "== micrograd's expression (a = -4, b = 2) ==")?;
    writeln!(
        out,
        "g = {:.4}, ∂g/∂a = {:.4}, ∂g/∂b = {:.4}",
        g.data(),
        a.grad(),
        b.grad()
    )?;
    Ok(())
}

#[cfg(feature = "plot")]
fn pictures(
    mlp: &Mlp,
    moons: &data::Dataset,
    history: &crate::train::History,
    dir: &Path,
) -> Result<Vec<PathBuf>, Box<dyn Error>> {
    use crate::plot;
    let boundary = dir.join("decision_boundary.png");
    plot::classifier_regions(
        &boundary,
        "micrograd's moons: decision boundary",
        mlp,
        Objective::Hinge,
        moons,
    )?;
    let mut files = vec![boundary];
    files.extend(plot::training_curves(history, dir)?);
    Ok(files)
}

#[cfg(not(feature = "plot"))]
fn pictures(
    _: &Mlp,
    _: &data::Dataset,
    _: &crate::train::History,
    _: &Path,
) -> Result<Vec<PathBuf>, Box<dyn Error>> {
    Ok(Vec::new())
}
