//! The pictures of a training run: its curves, and a classifier's decision
//! regions.

use std::path::{Path, PathBuf};

use super::{decision_boundary, LineChart, Series};
use crate::data::Dataset;
use crate::loss::Objective;
use crate::nn::Mlp;
use crate::panics::misuse;
use crate::train::{predict_for, History};
use crate::Result;

/// Draws the loss and the metric (accuracy or R²) of every epoch of
/// `history`, train against validation (when there is validation data), as
/// `loss.png` and `accuracy.png` (or `r2.png`) in `dir`; returns the files.
///
/// # Errors
/// As [`LineChart::save`].
pub fn training_curves(history: &History, dir: impl AsRef<Path>) -> Result<Vec<PathBuf>> {
    let dir = dir.as_ref();
    let loss = dir.join("loss.png");
    train_against_validation(
        &loss,
        "loss",
        history.curve(|r| Some(r.train_loss)),
        history.curve(|r| r.validation_loss),
    )?;
    let metric = dir.join(format!("{}.png", history.metric));
    train_against_validation(
        &metric,
        &history.metric,
        history.curve(|r| Some(r.train_metric)),
        history.curve(|r| r.validation_metric),
    )?;
    Ok(vec![loss, metric])
}

/// One chart of a quantity per epoch, train and (if any) validation.
fn train_against_validation(
    path: &Path,
    label: &str,
    train: Vec<(f64, f64)>,
    validation: Vec<(f64, f64)>,
) -> Result<()> {
    let title = if validation.is_empty() {
        capitalized(label)
    } else {
        format!("{}: train vs validation", capitalized(label))
    };
    let mut chart = LineChart::new(title)
        .x_label("epoch")
        .y_label(label)
        .series(Series::new("train", train));
    if !validation.is_empty() {
        chart = chart.series(Series::new("validation", validation));
    }
    chart.save(path)
}

/// Draws the plane coloured by the class `mlp` predicts under `objective`,
/// with the points of `data` (which must have two features) on top.
///
/// # Errors
/// As [`decision_boundary`].
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
    decision_boundary(path, title, &points, &labels, &classify, 120)
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
