//! The pictures of a training run: its curves, and a classifier's decision
//! regions.

use std::path::{Path, PathBuf};

use super::{decision_boundary_with, Counted, LineChart, Series, Words};
use crate::data::Dataset;
use crate::loss::Objective;
use crate::nn::Mlp;
use crate::panics::misuse;
use crate::train::{predict_for, EpochRecord, History};
use crate::Result;

/// Draws the loss and the metric (accuracy in % or R²) of every epoch of
/// `history`, train against validation (when there is validation data), as
/// `loss.png` and `accuracy.png` (or `r2.png`) in `dir`, epochs counted
/// from 1, in English; returns the files.
///
/// # Errors
/// As [`LineChart::save`].
pub fn training_curves(history: &History, dir: impl AsRef<Path>) -> Result<Vec<PathBuf>> {
    training_curves_with(history, dir, Counted::Epochs, &Words::default())
}

/// [`training_curves`] with the x axis counting `counted` (epochs from 1, or
/// full-batch steps from 0) and the words of `words`.
///
/// # Errors
/// As [`LineChart::save`].
pub fn training_curves_with(
    history: &History,
    dir: impl AsRef<Path>,
    counted: Counted,
    words: &Words,
) -> Result<Vec<PathBuf>> {
    let dir = dir.as_ref();
    let shift = match counted {
        Counted::Epochs => 1.0,
        Counted::Steps => 0.0,
    };
    let curve = |field: &dyn Fn(&EpochRecord) -> Option<f64>, scale: f64| -> Vec<(f64, f64)> {
        history
            .curve(|r| field(r))
            .into_iter()
            .map(|(x, y)| (x + shift, scale * y))
            .collect()
    };
    let x_label = match counted {
        Counted::Epochs => &words.epoch,
        Counted::Steps => &words.step,
    };
    let loss = dir.join("loss.png");
    train_against_validation(
        &loss,
        x_label,
        &words.loss,
        words,
        curve(&|r| Some(r.train_loss), 1.0),
        curve(&|r| r.validation_loss, 1.0),
    )?;
    let metric = dir.join(format!("{}.png", history.metric));
    // Accuracy in percent, as the text prints it.
    let (label, scale) = if history.metric == "accuracy" {
        (&words.accuracy, 100.0)
    } else {
        (&words.r2, 1.0)
    };
    train_against_validation(
        &metric,
        x_label,
        label,
        words,
        curve(&|r| Some(r.train_metric), scale),
        curve(&|r| r.validation_metric, scale),
    )?;
    Ok(vec![loss, metric])
}

/// One chart of a quantity per epoch, train and (if any) validation.
fn train_against_validation(
    path: &Path,
    x_label: &str,
    label: &str,
    words: &Words,
    train: Vec<(f64, f64)>,
    validation: Vec<(f64, f64)>,
) -> Result<()> {
    let title = if validation.is_empty() {
        capitalized(label)
    } else {
        format!(
            "{}: {} {} {}",
            capitalized(label),
            words.train,
            words.versus,
            words.validation
        )
    };
    let mut chart = LineChart::new(title)
        .x_label(x_label)
        .y_label(label)
        .series(Series::new(words.train.clone(), train));
    if !validation.is_empty() {
        chart = chart.series(Series::new(words.validation.clone(), validation));
    }
    chart.save(path)
}

/// Draws the plane coloured by the class `mlp` predicts under `objective`,
/// with the points of `data` (which must have two features) on top.
///
/// # Errors
/// As [`decision_boundary`](super::decision_boundary).
///
/// # Panics
/// If `data` is not a classification dataset with two features (class
/// indices as targets), `mlp` does not take two inputs, or a parameter was
/// discarded by [`Graph::truncate`](crate::Graph::truncate).
#[track_caller]
pub fn classifier_regions(
    path: impl AsRef<Path>,
    title: &str,
    mlp: &Mlp<'_>,
    objective: Objective,
    data: &Dataset,
) -> Result<()> {
    classifier_regions_with(path, title, mlp, objective, data, &Words::default())
}

/// [`classifier_regions`] with the legend's words in another language.
///
/// # Errors
/// As [`decision_boundary`](super::decision_boundary).
///
/// # Panics
/// As [`classifier_regions`].
#[track_caller]
pub fn classifier_regions_with(
    path: impl AsRef<Path>,
    title: &str,
    mlp: &Mlp<'_>,
    objective: Objective,
    data: &Dataset,
    words: &Words,
) -> Result<()> {
    const CALL: &str = "plot::classifier_regions";
    if !(data.is_classification() && data.n_features() == 2) {
        misuse!(
            CALL,
            "needs classes and two features, got {} features",
            data.n_features()
        );
    }
    if mlp.n_inputs() != 2 {
        misuse!(
            CALL,
            "the network takes {} inputs; it must take the data's two features",
            mlp.n_inputs()
        );
    }
    // Checked here: the network runs inside the drawing's callback.
    mlp.check_parameters(CALL);
    let labels = data.labels_for(CALL);
    let points: Vec<[f64; 2]> = data.x.iter().map(|x| [x[0], x[1]]).collect();
    let classify = |x: f64, y: f64| objective.predict_class(&predict_for(mlp, &[x, y], CALL));
    decision_boundary_with(path, title, &points, &labels, &classify, 120, words)
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
