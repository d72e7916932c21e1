//! # 09 · The training pipeline, end to end
//!
//! Lesson section 6: data → model → loss → optimizer → training loop →
//! evaluation. Three interleaved spirals (900 points, 3 classes) are split
//! into train, validation and test sets; features are standardized with
//! statistics of the training set only; an MLP 2-32-32-3 is trained with
//! Adam on shuffled mini-batches, with early stopping on the validation
//! loss; the test set is used once, at the end.
//!
//! You will see the progress bar (in a terminal), the history every few
//! epochs (counted from 1), the test accuracy and confusion matrix (classes
//! counted from 0, as the data labels them), and the model saved to a JSON
//! file with what a prediction needs, and loaded back with identical
//! predictions.
//!
//! Files: `out/lesson/09_pipeline/{loss,accuracy,decision_boundary}.png`
//! and `model.json`.
//!
//! Run: `cargo run --release --example 09_pipeline`

use std::error::Error;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use rand::SeedableRng;

use super::numbers::{fixed, list, pad_left, percent};
use super::page::{check, say, tr, Page};
use crate::data::{self, Standardizer};
use crate::model;
use crate::nn::{Activation, Init, Mlp};
use crate::optim::Adam;
use crate::train::{predict, EarlyStopping, History, Objective, Progress, TrainConfig, Trainer};
use crate::Graph;

const SEED: u64 = 8;
/// The history is printed every this many epochs (and at the last one).
const EVERY: usize = 15;

/// Runs the walkthrough, printing to `page` and writing files under `dir`;
/// returns the files written.
///
/// # Errors
/// The first error met, as for any [`Walkthrough`](crate::lesson::Walkthrough).
pub fn run(page: &mut Page<'_>, dir: &Path) -> Result<Vec<PathBuf>, Box<dyn Error>> {
    // 1. Data: generate, split, standardize with the training statistics.
    let spirals = data::spirals(&data::SpiralsConfig {
        samples: 900,
        classes: 3,
        turns: 2.0,
        noise: 0.02,
        seed: SEED,
    });
    let split = spirals.split(0.15, 0.15, SEED);
    let scaler = Standardizer::fit(&split.train);
    let (train, validation, test) = (
        scaler.transform(&split.train),
        scaler.transform(&split.validation),
        scaler.transform(&split.test),
    );
    let classes = spirals.n_classes.unwrap_or(0);
    say!(
        page,
        "pipe.data",
        points = spirals.len(),
        classes = classes,
        last = classes.saturating_sub(1),
        train = train.len(),
        validation = validation.len(),
        test = test.len()
    )?;
    say!(
        page,
        "pipe.standardized",
        mean = list(&scaler.mean, 4),
        std = list(&scaler.std, 4)
    )?;

    // 2. Model: 2 → 32 → 32 → 3, ReLU hidden layers, He initialization.
    let graph = Graph::new();
    let mut rng = rand::rngs::StdRng::seed_from_u64(SEED);
    let mlp = Mlp::builder(2)
        .init(Init::HeUniform)
        .layer(32, Activation::Relu)
        .layer(32, Activation::Relu)
        .layer(3, Activation::Linear)
        .build(&graph, &mut rng);
    let patience = 25;
    say!(
        page,
        "pipe.model",
        parameters = mlp.parameters().len(),
        lr = 0.01,
        batch = 32,
        patience = patience
    )?;

    // 3–5. Loss (softmax cross-entropy), optimizer (Adam), training loop.
    let config = TrainConfig {
        epochs: 150,
        batch_size: 32,
        objective: Some(Objective::SoftmaxCrossEntropy),
        seed: SEED,
        early_stopping: Some(EarlyStopping {
            patience,
            ..EarlyStopping::default()
        }),
        progress: Progress::Auto,
        ..TrainConfig::default()
    };
    let history =
        Trainer::new(&mlp, Box::new(Adam::new(0.01)), config).fit(&train, Some(&validation));
    page.blank()?;
    let header = [
        tr!(page, "pipe.col_epoch"),
        tr!(page, "pipe.col_train_loss"),
        tr!(page, "pipe.col_train_accuracy"),
        tr!(page, "pipe.col_validation_loss"),
        tr!(page, "pipe.col_validation_accuracy"),
    ];
    writeln!(
        page,
        "{} {} {} {} {}",
        pad_left(&header[0], 6),
        pad_left(&header[1], 12),
        pad_left(&header[2], 10),
        pad_left(&header[3], 10),
        pad_left(&header[4], 10)
    )?;
    // Epochs counted from 1, as the text counts them: epoch 1 is the first
    // pass over the training set.
    let last = history.epochs.len();
    let every = page.detail();
    let shown = history.epochs.iter().filter(|r| {
        let epoch = r.epoch + 1;
        epoch == 1 || epoch % EVERY == 0 || epoch == last || every
    });
    for r in shown {
        writeln!(
            page,
            "{} {} {} {} {}",
            pad_left(&(r.epoch + 1).to_string(), 6),
            pad_left(&fixed(r.train_loss, 4), 12),
            pad_left(&percent(r.train_metric), 10),
            pad_left(&fixed(r.validation_loss.unwrap_or(f64::NAN), 4), 10),
            pad_left(&percent(r.validation_metric.unwrap_or(f64::NAN)), 10)
        )?;
    }
    let how = tr!(
        page,
        if history.stopped_early {
            "pipe.stopped_early"
        } else {
            "pipe.all_epochs"
        }
    );
    say!(
        page,
        "pipe.trained",
        epochs = last,
        how = how,
        best = history.best_epoch + 1
    )?;

    // 6. Evaluation, once, on the test set, with the objective the training
    // used.
    let evaluation = history.evaluate(&mlp, &test);
    page.blank()?;
    say!(
        page,
        "pipe.test",
        loss = fixed(evaluation.loss, 4),
        accuracy = percent(evaluation.accuracy.unwrap_or(f64::NAN))
    )?;
    if let Some(confusion) = &evaluation.confusion {
        say!(page, "pipe.confusion")?;
        let class = tr!(page, "plot.class");
        for (k, row) in confusion.iter().enumerate() {
            let cells: Vec<String> = row.iter().map(|n| pad_left(&n.to_string(), 6)).collect();
            writeln!(page, "  {class} {k}: {}", cells.join(""))?;
        }
    }
    if page.detail() {
        say!(
            page,
            "pipe.test_accuracy",
            accuracy = percent(evaluation.accuracy.unwrap_or(0.0))
        )?;
    }
    check!(
        page,
        "pipe.check_accuracy",
        evaluation.accuracy.unwrap_or(0.0) >= 0.9
    )?;

    // Save the model with what a prediction needs (the objective trained,
    // the standardization, the class labels) and load it back.
    std::fs::create_dir_all(dir)?;
    let model_file = dir.join("model.json");
    let info = history.model_info(&spirals, Some(&scaler));
    model::save(&mlp, &info, &model_file)?;
    let other = Graph::new();
    let (loaded, loaded_info) = model::load(&other, &model_file)?;
    let same = test
        .x
        .iter()
        .all(|x| predict(&loaded, x) == predict(&mlp, x));
    say!(
        page,
        "pipe.saved",
        file = "model.json",
        parameters = loaded.parameters().len()
    )?;
    check!(page, "pipe.check_reloaded", same && loaded_info == info)?;

    let mut files = vec![model_file];
    files.extend(pictures(page, &mlp, &history, &train, dir)?);
    super::pictures_line(page, &files)?;
    page.verified("pipe.verified", &[])?;
    Ok(files)
}

#[cfg(feature = "plot")]
fn pictures(
    page: &mut Page<'_>,
    mlp: &Mlp,
    history: &History,
    train: &data::Dataset,
    dir: &Path,
) -> Result<Vec<PathBuf>, Box<dyn Error>> {
    use crate::plot;
    let words = super::plot_words(page.lang());
    let mut files = plot::training_curves_with(history, dir, plot::Counted::Epochs, &words)?;
    let boundary = dir.join("decision_boundary.png");
    let title = tr!(page, "pipe.plot_boundary");
    plot::classifier_regions_with(
        &boundary,
        &title,
        mlp,
        Objective::SoftmaxCrossEntropy,
        train,
        &words,
    )?;
    files.push(boundary);
    Ok(files)
}

#[cfg(not(feature = "plot"))]
fn pictures(
    _: &mut Page<'_>,
    _: &Mlp,
    _: &History,
    _: &data::Dataset,
    _: &Path,
) -> Result<Vec<PathBuf>, Box<dyn Error>> {
    Ok(Vec::new())
}
