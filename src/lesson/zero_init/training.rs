//! Training a model from zeros and from a random initialization, and what
//! is printed about each run.

use super::super::numbers::{fixed, percent};
use super::super::page::{say, tr, Page};
use super::{Outcome, BATCH, EPOCHS, RANDOM, SEED};
use crate::data::{Dataset, Split};
use crate::inspect::{self, LayerReport};
use crate::nn::{Init, Mlp, MlpTrace};
use crate::optim::Sgd;
use crate::train::{evaluate, History, Objective, Progress, TrainConfig, Trainer};
use crate::{loss, Graph, Value};

/// A model trained from one initialization.
pub(super) struct Trained {
    pub(super) history: History,
    /// Validation loss and accuracy (or R²) after training.
    pub(super) validation_loss: f64,
    pub(super) validation_metric: f64,
}

/// One model of the walkthrough: the key of its name, its first step from
/// zeros (the largest gradient and the learning rate), and its two training
/// runs.
pub(super) struct ModelRun {
    /// The key of the model's name in the language files.
    pub(super) key: &'static str,
    /// Picture of its loss curves (drawn with the `plot` feature).
    #[cfg_attr(not(feature = "plot"), allow(dead_code))]
    pub(super) file: &'static str,
    /// `max |∂J/∂p|` over the parameters at the first step from zeros.
    pub(super) first_gradient: f64,
    /// The learning rate of plain SGD.
    pub(super) lr: f64,
    pub(super) zero: Trained,
    pub(super) random: Trained,
}

/// Trains the network `build(init)` on `split.train` with SGD (`lr`),
/// mini-batches of `BATCH`, `EPOCHS` epochs, and evaluates it on
/// `split.validation`. `after` looks at the trained network.
pub(super) fn train(
    build: fn(&Graph, Init) -> Mlp<'_>,
    init: Init,
    split: &Split,
    objective: Objective,
    lr: f64,
    after: &mut dyn FnMut(&Mlp<'_>) -> Outcome<()>,
) -> Outcome<Trained> {
    let graph = Graph::new();
    let network = build(&graph, init);
    let config = TrainConfig {
        epochs: EPOCHS,
        batch_size: BATCH,
        objective: Some(objective),
        seed: SEED,
        progress: Progress::Never,
        ..TrainConfig::default()
    };
    let history = Trainer::new(&network, Box::new(Sgd::new(lr)), config)
        .fit(&split.train, Some(&split.validation));
    let evaluation = evaluate(&network, &split.validation, objective);
    after(&network)?;
    Ok(Trained {
        history,
        validation_loss: evaluation.loss,
        validation_metric: evaluation.metric(),
    })
}

/// Trains `build` from zeros and from the random initialization, without
/// looking inside, and prints both runs' fact lines (with `--detail`).
pub(super) fn zero_against_random(
    page: &mut Page<'_>,
    model: &str,
    build: fn(&Graph, Init) -> Mlp<'_>,
    split: &Split,
    objective: Objective,
    lr: f64,
) -> Outcome<(Trained, Trained)> {
    let zero = train(build, Init::Zeros, split, objective, lr, &mut |_| Ok(()))?;
    let random = train(build, RANDOM, split, objective, lr, &mut |_| Ok(()))?;
    if page.detail() {
        report(page, model, "zero.zero_init", &zero)?;
        report(page, model, "zero.random_init", &random)?;
    }
    Ok((zero, random))
}

/// The metric as printed: accuracy in %, or R².
pub(super) fn metric(history: &History, value: f64) -> String {
    if history.metric == "accuracy" {
        percent(value)
    } else {
        format!("R² {}", fixed(value, 4))
    }
}

/// Prints the fact line of a training run: `{model} zero init: train loss …`.
pub(super) fn report(
    page: &mut Page<'_>,
    model: &str,
    how: &str,
    trained: &Trained,
) -> Outcome<()> {
    let first = &trained.history.epochs[0];
    let last = &trained.history.epochs[trained.history.epochs.len() - 1];
    let how = tr!(page, how);
    let metric_name = tr!(
        page,
        if trained.history.metric == "accuracy" {
            "zero.validation_accuracy"
        } else {
            "zero.validation_r2"
        }
    );
    let value = if trained.history.metric == "accuracy" {
        percent(trained.validation_metric)
    } else {
        fixed(trained.validation_metric, 4)
    };
    say!(
        page,
        "zero.report",
        model = model,
        how = how,
        first = fixed(first.train_loss, 4),
        last = fixed(last.train_loss, 4),
        epochs = trained.history.epochs.len(),
        final_loss = fixed(last.train_loss, 4),
        validation = fixed(trained.validation_loss, 4),
        metric = metric_name,
        value = value
    )?;
    Ok(())
}

/// Forward traces of every example of `data`, the mean loss, backward, and
/// the per-layer report (dead units, identical units, gradient norms).
pub(super) fn layer_reports(
    network: &Mlp<'_>,
    data: &Dataset,
    objective: Objective,
) -> Vec<LayerReport> {
    let graph = network.graph();
    let keep = graph.len();
    let traces: Vec<MlpTrace<'_>> = data
        .x
        .iter()
        .map(|x| network.forward_trace(&graph.values(x)))
        .collect();
    let losses: Vec<Value<'_>> = traces
        .iter()
        .zip(&data.y)
        .map(|(t, &y)| objective.loss(t.outputs(), y))
        .collect();
    graph.zero_grad();
    loss::mean(&losses).backward();
    let reports = inspect::layer_report(network, &traces);
    graph.truncate(keep);
    reports
}
