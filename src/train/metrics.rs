//! Evaluation of a trained network: loss, accuracy, confusion matrix and
//! log-loss for classifiers, MSE and R² for regressors.

use std::fmt;

use super::Objective;
use crate::data::Dataset;
use crate::nn::Mlp;
use crate::panics::misuse;
use crate::Value;

/// How a network does on a dataset. Serializes as a JSON object with these
/// field names (`None` as `null`).
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Evaluation {
    /// Mean of the objective's per-example loss.
    pub loss: f64,
    /// Classification: share of examples whose predicted class is right, in
    /// `[0, 1]`.
    pub accuracy: Option<f64>,
    /// Classification: `confusion[true_class][predicted_class]` counts.
    pub confusion: Option<Vec<Vec<usize>>>,
    /// Probabilistic classifiers: mean `-ln p(true class)`.
    pub log_loss: Option<f64>,
    /// Regression: mean squared error `(1/n) Σ (ŷ - y)²`.
    pub mse: Option<f64>,
    /// Regression: `R² = 1 - Σ(ŷ - y)² / Σ(y - ȳ)²`.
    pub r2: Option<f64>,
}

impl Evaluation {
    /// Accuracy for classifiers, R² for regressors: the number a history
    /// tracks per epoch.
    pub fn metric(&self) -> f64 {
        self.accuracy.or(self.r2).unwrap_or(f64::NAN)
    }
}

impl fmt::Display for Evaluation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "loss {:.4}", self.loss)?;
        if let Some(a) = self.accuracy {
            write!(f, ", accuracy {:.1} %", 100.0 * a)?;
        }
        if let Some(l) = self.log_loss {
            write!(f, ", log-loss {l:.4}")?;
        }
        if let Some(m) = self.mse {
            write!(f, ", MSE {m:.4}")?;
        }
        if let Some(r) = self.r2 {
            write!(f, ", R² {r:.4}")?;
        }
        if let Some(c) = &self.confusion {
            writeln!(f)?;
            writeln!(f, "confusion matrix (rows: true class, columns: predicted)")?;
            // Every column as wide as the widest count, with a space between
            // columns: 4623 and 395377 never run together.
            let width = c
                .iter()
                .flatten()
                .map(|n| n.to_string().len())
                .max()
                .unwrap_or(1)
                .max(5);
            for (k, row) in c.iter().enumerate() {
                let cells: Vec<String> = row.iter().map(|n| format!("{n:>width$}")).collect();
                writeln!(f, "  class {k}: {}", cells.join(" "))?;
            }
        }
        Ok(())
    }
}

/// The network's raw outputs for one row of features, without recording
/// anything that outlives the call (the graph is truncated back).
///
/// # Panics
/// If `row` does not have one value per network input, or a parameter was
/// discarded by [`Graph::truncate`](crate::Graph::truncate).
#[track_caller]
pub fn predict(mlp: &Mlp<'_>, row: &[f64]) -> Vec<f64> {
    predict_for(mlp, row, "train::predict")
}

/// [`predict`] for a caller that panics under its own name.
#[track_caller]
pub(crate) fn predict_for(mlp: &Mlp<'_>, row: &[f64], call: &str) -> Vec<f64> {
    let graph = mlp.graph();
    let n = graph.len();
    let outputs = mlp
        .record(&graph.values(row), call)
        .iter()
        .map(|v| v.data())
        .collect();
    graph.truncate(n);
    outputs
}

/// Evaluates `mlp` on every example of `data` under `objective`.
///
/// # Panics
/// If `data` has no examples (its loss and accuracy would be undefined,
/// not 0), the network, the data and the objective do not fit together
/// (input count, output count, task), or a parameter was discarded by
/// [`Graph::truncate`](crate::Graph::truncate).
#[track_caller]
pub fn evaluate(mlp: &Mlp<'_>, data: &Dataset, objective: Objective) -> Evaluation {
    const CALL: &str = "train::evaluate";
    if data.is_empty() {
        misuse!(
            CALL,
            "\"{}\" has no examples; the loss and accuracy of nothing are undefined",
            data.name
        );
    }
    objective.check(mlp, data, CALL);
    let graph = mlp.graph();
    let n = graph.len();
    let mut total_loss = 0.0;
    let mut outputs = Vec::with_capacity(data.len());
    for (x, &y) in data.x.iter().zip(&data.y) {
        let out = mlp.record(&graph.values(x), CALL);
        total_loss += objective.record(&out, y, CALL).data();
        outputs.push(out.iter().map(|v| v.data()).collect::<Vec<f64>>());
        graph.truncate(n);
    }
    let count = data.len().max(1) as f64;
    let loss = total_loss / count;
    if objective.is_classification() {
        let k = data.n_classes.unwrap_or(2);
        let mut confusion = vec![vec![0; k]; k];
        let mut log_loss = 0.0;
        let mut probabilistic = true;
        for (out, &y) in outputs.iter().zip(&data.y) {
            confusion[y as usize][objective.predict_class(out).min(k - 1)] += 1;
            match objective.probabilities(out) {
                Some(p) => log_loss -= p[y as usize].ln(),
                None => probabilistic = false,
            }
        }
        let right: usize = (0..k).map(|c| confusion[c][c]).sum();
        Evaluation {
            loss,
            accuracy: Some(right as f64 / count),
            confusion: Some(confusion),
            log_loss: probabilistic.then_some(log_loss / count),
            mse: None,
            r2: None,
        }
    } else {
        let predictions: Vec<f64> = outputs.iter().map(|o| o[0]).collect();
        Evaluation {
            loss,
            accuracy: None,
            confusion: None,
            log_loss: None,
            mse: Some(mse(&predictions, &data.y)),
            r2: Some(r2(&predictions, &data.y)),
        }
    }
}

/// Mean squared error `(1/n) Σ (ŷ_i - y_i)²`.
pub fn mse(predictions: &[f64], targets: &[f64]) -> f64 {
    let n = targets.len().max(1) as f64;
    predictions
        .iter()
        .zip(targets)
        .map(|(p, y)| (p - y).powi(2))
        .sum::<f64>()
        / n
}

/// Coefficient of determination `R² = 1 - Σ(ŷ - y)² / Σ(y - ȳ)²`: 1 for a
/// perfect fit, 0 for predicting the mean. NaN when the targets are constant.
pub fn r2(predictions: &[f64], targets: &[f64]) -> f64 {
    let n = targets.len().max(1) as f64;
    let mean = targets.iter().sum::<f64>() / n;
    let residual: f64 = predictions
        .iter()
        .zip(targets)
        .map(|(p, y)| (p - y).powi(2))
        .sum();
    let total: f64 = targets.iter().map(|y| (y - mean).powi(2)).sum();
    if total == 0.0 {
        f64::NAN
    } else {
        1.0 - residual / total
    }
}

/// The outputs a batch's examples produced and their targets, kept for the
/// epoch's metric: one row of `width` outputs per example, all in one
/// vector (nothing allocated per example).
#[derive(Debug)]
pub(crate) struct Seen {
    /// Outputs per example.
    width: usize,
    /// The examples' outputs, row after row.
    outputs: Vec<f64>,
    /// The examples' targets.
    targets: Vec<f64>,
}

impl Seen {
    /// Room for `examples` rows of `width` outputs.
    pub(crate) fn with_capacity(width: usize, examples: usize) -> Seen {
        Seen {
            width,
            outputs: Vec::with_capacity(width * examples),
            targets: Vec::with_capacity(examples),
        }
    }

    /// Keeps the values of one example's `outputs` and its `target`.
    pub(crate) fn push(&mut self, outputs: &[Value<'_>], target: f64) {
        debug_assert_eq!(outputs.len(), self.width);
        self.outputs.extend(outputs.iter().map(|v| v.data()));
        self.targets.push(target);
    }

    /// Moves `other`'s rows after these.
    pub(crate) fn append(&mut self, other: &mut Seen) {
        self.outputs.append(&mut other.outputs);
        self.targets.append(&mut other.targets);
    }

    /// Accuracy (classification) or R² (regression) of the rows.
    pub(crate) fn metric(&self, objective: Objective) -> f64 {
        let rows = self.outputs.chunks_exact(self.width.max(1));
        if objective.is_classification() {
            let right = rows
                .zip(&self.targets)
                .filter(|&(out, &y)| objective.predict_class(out) == y as usize)
                .count();
            right as f64 / self.targets.len().max(1) as f64
        } else {
            let predictions: Vec<f64> = rows.map(|o| o[0]).collect();
            r2(&predictions, &self.targets)
        }
    }
}
