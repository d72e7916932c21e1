//! # 08 · The training pipeline, end to end
//!
//! Lesson section 6: data → model → loss → optimizer → training loop →
//! evaluation. Three interleaved spirals (900 points, 3 classes) are split
//! into train, validation and test sets; features are standardized with
//! statistics of the training set only; an MLP 2-32-32-3 is trained with
//! Adam on shuffled mini-batches, with early stopping on the validation
//! loss; the test set is used once, at the end.
//!
//! You will see the progress bar (in a terminal), the history every few
//! epochs, the test accuracy and confusion matrix, and the model saved to a
//! JSON file and loaded back with identical predictions.
//!
//! Files: `out/lesson/08_pipeline/{loss,accuracy,decision_boundary}.png`
//! and `model.json`.
//!
//! Run: `cargo run --release --example 08_pipeline`

use std::error::Error;
use std::io::Write;
use std::path::{Path, PathBuf};

use rand::SeedableRng;

use crate::data::{self, Standardizer};
use crate::model::{self, ModelInfo};
use crate::nn::{Activation, Init, Mlp};
use crate::optim::Adam;
use crate::train::{
    evaluate, predict, EarlyStopping, History, Objective, Progress, TrainConfig, Trainer,
};
use crate::Graph;

const SEED: u64 = 8;

/// Runs the walkthrough, printing to `out` and writing files under `dir`;
/// returns the files written.
///
/// # Errors
/// The first error met, as for any [`Walkthrough`](crate::lesson::Walkthrough).
pub fn run(out: &mut dyn Write, dir: &Path) -> Result<Vec<PathBuf>, Box<dyn Error>> {
    writeln!(out, "== 08 · The training pipeline ==")?;

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
    writeln!(
        out,
        "data: {} points, {} classes; train {}, validation {}, test {}",
        spirals.len(),
        spirals.n_classes.unwrap_or(0),
        train.len(),
        validation.len(),
        test.len()
    )?;
    writeln!(
        out,
        "standardized with the training set's mean {:?} and std {:?}",
        rounded(&scaler.mean),
        rounded(&scaler.std)
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
    writeln!(
        out,
        "model: MLP 2-32-32-3, {} parameters",
        mlp.parameters().len()
    )?;

    // 3–5. Loss (softmax cross-entropy), optimizer (Adam), training loop.
    let config = TrainConfig {
        epochs: 150,
        batch_size: 32,
        objective: Some(Objective::SoftmaxCrossEntropy),
        seed: SEED,
        early_stopping: Some(EarlyStopping {
            patience: 25,
            ..EarlyStopping::default()
        }),
        progress: Progress::Auto,
        ..TrainConfig::default()
    };
    let history =
        Trainer::new(&mlp, Box::new(Adam::new(0.01)), config).fit(&train, Some(&validation));
    writeln!(out, "\nepoch  train loss  train acc  val loss  val acc")?;
    for r in history.epochs.iter().filter(|r| r.epoch % 15 == 0) {
        writeln!(
            out,
            "{:>5}  {:>10.4}  {:>8.1}%  {:>8.4}  {:>6.1}%",
            r.epoch,
            r.train_loss,
            100.0 * r.train_metric,
            r.validation_loss.unwrap_or(f64::NAN),
            100.0 * r.validation_metric.unwrap_or(f64::NAN)
        )?;
    }
    writeln!(
        out,
        "trained {} epochs{}; best validation loss at epoch {}",
        history.epochs.len(),
        if history.stopped_early {
            " (stopped early)"
        } else {
            ""
        },
        history.best_epoch
    )?;

    // 6. Evaluation, once, on the test set.
    let evaluation = evaluate(&mlp, &test, Objective::SoftmaxCrossEntropy);
    writeln!(out, "\ntest set: {evaluation}")?;
    writeln!(
        out,
        "test accuracy: {:.1}%",
        100.0 * evaluation.accuracy.unwrap_or(0.0)
    )?;

    // Save the model (with its standardization) and load it back.
    std::fs::create_dir_all(dir)?;
    let model_file = dir.join("model.json");
    let info = ModelInfo {
        objective: Some(Objective::SoftmaxCrossEntropy),
        standardizer: Some(scaler.clone()),
        class_values: spirals.class_values.clone(),
        feature_names: spirals.feature_names.clone(),
    };
    model::save(&mlp, &info, &model_file)?;
    let other = Graph::new();
    let (loaded, loaded_info) = model::load(&other, &model_file)?;
    let same = test
        .x
        .iter()
        .all(|x| predict(&loaded, x) == predict(&mlp, x));
    writeln!(
        out,
        "saved to {} and loaded back: {} parameters, predictions identical on the test set: {}",
        model_file.display(),
        loaded.parameters().len(),
        if same && loaded_info == info {
            "yes"
        } else {
            "NO"
        }
    )?;

    let mut files = vec![model_file];
    files.extend(pictures(&mlp, &history, &train, dir)?);
    Ok(files)
}

fn rounded(xs: &[f64]) -> Vec<f64> {
    xs.iter().map(|x| (x * 1e4).round() / 1e4).collect()
}

#[cfg(feature = "plot")]
fn pictures(
    mlp: &Mlp,
    history: &History,
    train: &data::Dataset,
    dir: &Path,
) -> Result<Vec<PathBuf>, Box<dyn Error>> {
    use crate::plot;
    let mut files = plot::training_curves(history, dir)?;
    let boundary = dir.join("decision_boundary.png");
    let title = "Spirals: decision regions (standardized features)";
    plot::classifier_regions(&boundary, title, mlp, Objective::SoftmaxCrossEntropy, train)?;
    files.push(boundary);
    Ok(files)
}

#[cfg(not(feature = "plot"))]
fn pictures(
    _: &Mlp,
    _: &History,
    _: &data::Dataset,
    _: &Path,
) -> Result<Vec<PathBuf>, Box<dyn Error>> {
    Ok(Vec::new())
}
