//! Training a model from zeros and from a random initialization, and what
//! is printed about each run.

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

/// A loss chart to draw: file name, title, and the two training runs.
pub(super) type Chart = (&'static str, String, Trained, Trained);

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
/// looking inside, and prints both runs' fact lines.
pub(super) fn zero_against_random(
    out: &mut dyn std::io::Write,
    model: &str,
    build: fn(&Graph, Init) -> Mlp<'_>,
    split: &Split,
    objective: Objective,
    lr: f64,
) -> Outcome<(Trained, Trained)> {
    let zero = train(build, Init::Zeros, split, objective, lr, &mut |_| Ok(()))?;
    let random = train(build, RANDOM, split, objective, lr, &mut |_| Ok(()))?;
    report(out, model, "zero init", &zero)?;
    report(out, model, "random init", &random)?;
    Ok((zero, random))
}

/// The metric as printed: accuracy in %, or R².
pub(super) fn metric(history: &History, value: f64) -> String {
    if history.metric == "accuracy" {
        format!("validation accuracy {:.1} %", 100.0 * value)
    } else {
        format!("validation R² {value:.4}")
    }
}

/// Prints the fact lines of a training run.
pub(super) fn report(
    out: &mut dyn std::io::Write,
    model: &str,
    how: &str,
    trained: &Trained,
) -> Outcome<()> {
    let first = &trained.history.epochs[0];
    let last = &trained.history.epochs[trained.history.epochs.len() - 1];
    writeln!(
        out,
        "{model} {how}: train loss {:.4} (epoch 1) → {:.4} (epoch {}); final train loss {:.4}, validation loss {:.4}, {}",
        first.train_loss,
        last.train_loss,
        trained.history.epochs.len(),
        last.train_loss,
        trained.validation_loss,
        metric(&trained.history, trained.validation_metric)
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
