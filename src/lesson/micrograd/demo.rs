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
use std::io::Write as _;
use std::path::{Path, PathBuf};

use rand::SeedableRng;

use super::{INIT_PARAMS as INIT, MOONS_CSV as MOONS};
use crate::data::{self, CsvOptions};
use crate::lesson::numbers::{fixed, percent};
use crate::lesson::page::{check, say, tr, Page};
use crate::nn::{Activation, Mlp};
use crate::optim::{Schedule, Sgd};
use crate::train::{Progress, TrainConfig, Trainer};
use crate::Graph;

/// micrograd's losses at steps 0 and 99, as its notebook printed them
/// (`tests/data/micrograd_demo/trajectory.csv`).
const MICROGRAD_LOSSES: [(usize, &str); 2] = [(0, "0.895844"), (99, "0.010978")];

/// Runs the demo, printing to `page` and writing pictures under `dir`;
/// returns the files written.
///
/// # Errors
/// The first error met, as for any [`Walkthrough`](crate::lesson::Walkthrough).
pub fn run(page: &mut Page<'_>, dir: &Path) -> Result<Vec<PathBuf>, Box<dyn Error>> {
    classic_expression(page)?;

    page.blank()?;
    say!(page, "demo.moons")?;
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
    say!(page, "demo.loaded", parameters = mlp.parameters().len())?;

    let config = TrainConfig {
        epochs: 100,
        batch_size: 0, // full batch: one step per epoch
        objective: Some(crate::train::Objective::Hinge),
        l2: 1e-4,
        schedule: Schedule::Linear {
            start_factor: 1.0,
            end_factor: 0.1,
            total_steps: 100,
        },
        progress: Progress::Auto,
        ..TrainConfig::default()
    };
    let history = Trainer::new(&mlp, Box::new(Sgd::new(1.0)), config).fit(&moons, None);

    // With a full batch, epoch k is step k, and its loss is the one before
    // the k-th update: micrograd prints "step 0" first.
    let step_word = tr!(page, "demo.step");
    for r in history
        .epochs
        .iter()
        .filter(|r| r.epoch % 10 == 0 || r.epoch == 99)
    {
        say!(
            page,
            "demo.step_line",
            step = format!("{step_word} {:>2}", r.epoch),
            loss = fixed(r.train_loss, 6),
            accuracy = percent(r.train_metric)
        )?;
    }
    let same = MICROGRAD_LOSSES.iter().all(|&(step, loss)| {
        history
            .epochs
            .get(step)
            .is_some_and(|r| fixed(r.train_loss, 6) == loss)
    });
    check!(page, "demo.check_losses", same)?;
    let after = history.evaluate(&mlp, &moons);
    let steps = history.epochs.len();
    say!(
        page,
        "demo.after",
        accuracy = percent(after.accuracy.unwrap_or(0.0)),
        steps = steps
    )?;
    let files = pictures(page, &mlp, &moons, &history, dir)?;
    crate::lesson::pictures_line(page, &files)?;
    page.verified("demo.verified", &[])?;
    Ok(files)
}

/// micrograd's README expression, its value and gradients.
// `c += c + 1.0` is micrograd's expression, kept as it is written there.
#[allow(clippy::misrefactored_assign_op)]
fn classic_expression(page: &mut Page<'_>) -> Result<(), Box<dyn Error>> {
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
    say!(page, "demo.expression", a = a.data(), b = b.data())?;
    writeln!(
        page,
        "g = {}, ∂g/∂a = {}, ∂g/∂b = {}",
        fixed(g.data(), 4),
        fixed(a.grad(), 4),
        fixed(b.grad(), 4)
    )?;
    Ok(())
}

#[cfg(feature = "plot")]
fn pictures(
    page: &mut Page<'_>,
    mlp: &Mlp,
    moons: &data::Dataset,
    history: &crate::train::History,
    dir: &Path,
) -> Result<Vec<PathBuf>, Box<dyn Error>> {
    use crate::plot;
    let words = crate::lesson::plot_words(page.lang());
    let boundary = dir.join("decision_boundary.png");
    let title = tr!(page, "demo.plot_boundary");
    plot::classifier_regions_with(
        &boundary,
        &title,
        mlp,
        crate::train::Objective::Hinge,
        moons,
        &words,
    )?;
    let mut files = vec![boundary];
    // Steps, counted from 0 as the text counts them.
    files.extend(plot::training_curves_with(
        history,
        dir,
        plot::Counted::Steps,
        &words,
    )?);
    Ok(files)
}

#[cfg(not(feature = "plot"))]
fn pictures(
    _: &mut Page<'_>,
    _: &Mlp,
    _: &data::Dataset,
    _: &crate::train::History,
    _: &Path,
) -> Result<Vec<PathBuf>, Box<dyn Error>> {
    Ok(Vec::new())
}
