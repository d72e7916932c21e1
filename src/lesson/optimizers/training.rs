//! Part 3: the seven optimizers training the same MLP on the moons, from
//! the same initial parameters, each at its own best learning rate.

use std::io;
use std::io::Write as _;

use rand::SeedableRng;

use super::super::numbers::{fixed, pad, pad_left, percent};
use super::super::page::{check, say, tr, Page};
use super::optimizer;
use crate::data;
use crate::nn::{Activation, Mlp};
use crate::optim::NAMES;
use crate::train::{evaluate, Objective, Progress, TrainConfig, Trainer};
use crate::Graph;

/// The network of part 3: 2 inputs, two hidden ReLU layers of 16, one
/// output logit (micrograd's `MLP(2, [16, 16, 1])`), always from this seed.
const NET_SEED: u64 = 1;
const DATA_SEED: u64 = 3;
/// Full-batch steps (one per epoch) on the MLP.
const EPOCHS: usize = 200;
/// The step at which the MLP table also shows the loss, to compare speeds.
const EARLY: usize = 50;

/// The learning rates tried on the MLP, about three times apart, the same
/// for every optimizer; each runs at the one with the lowest training loss
/// after [`EPOCHS`] steps.
pub(super) const MLP_RATES: [f64; 7] = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0];

/// Trains the MLP once per optimizer and learning rate of [`MLP_RATES`],
/// keeps each optimizer's best run, and prints the losses and accuracies.
/// Returns the best runs, in the order of [`NAMES`].
pub(super) fn train_one_mlp(page: &mut Page<'_>) -> io::Result<Vec<Run>> {
    // 3. A real training run: one MLP on the moons, the same initial
    // parameters for every optimizer (the same seed builds the same net), the
    // full training set at every step so that the only difference is the
    // optimizer (and its rate, each at its best).
    let moons = data::moons(&data::MoonsConfig {
        samples: 200,
        noise: 0.2,
        seed: DATA_SEED,
    });
    let split = moons.split(0.25, 0.0, DATA_SEED);
    page.blank()?;
    say!(
        page,
        "opt.mlp",
        points = moons.len(),
        train = split.train.len(),
        validation = split.validation.len(),
        steps = EPOCHS
    )?;
    let rates: Vec<String> = MLP_RATES.iter().map(|r| r.to_string()).collect();
    say!(
        page,
        "opt.mlp_fair",
        count = MLP_RATES.len(),
        // The first two and the last: the list is a geometric series.
        rates = format!("{}, {}, …, {}", rates[0], rates[1], rates[rates.len() - 1]),
        steps = EPOCHS
    )?;
    let mut runs = Vec::new();
    let mut first_parameters: Option<Vec<f64>> = None;
    let mut same_start = true;
    let mut searches = Vec::new();
    for name in NAMES {
        let mut tried: Vec<Run> = Vec::new();
        for &lr in &MLP_RATES {
            let (run, start) = train(name, lr, &split);
            match &first_parameters {
                None => first_parameters = Some(start),
                Some(first) => same_start &= *first == start,
            }
            tried.push(run);
        }
        searches.push((
            name,
            tried
                .iter()
                .map(|r| (r.lr, r.final_loss))
                .collect::<Vec<_>>(),
        ));
        let best = tried
            .into_iter()
            .min_by(|a, b| loss_order(a.final_loss).total_cmp(&loss_order(b.final_loss)))
            .expect("at least one rate");
        runs.push(best);
    }
    let n_parameters = first_parameters.as_ref().map_or(0, Vec::len);
    if page.detail() {
        say!(page, "opt.mlp_search", steps = EPOCHS)?;
        for (name, losses) in &searches {
            let cells: Vec<String> = losses
                .iter()
                .map(|(lr, loss)| format!("{lr}:{}", fixed(*loss, 4)))
                .collect();
            writeln!(page, "  {} {}", pad(name, 9), cells.join(" "))?;
        }
    }
    check!(
        page,
        "opt.check_same_start",
        same_start,
        runs = NAMES.len() * MLP_RATES.len(),
        parameters = n_parameters
    )?;
    let header = [
        tr!(page, "opt.col_optimizer"),
        tr!(page, "opt.col_initial_loss"),
        tr!(page, "opt.col_after", steps = EARLY),
        tr!(page, "opt.col_final_loss"),
        tr!(page, "opt.col_train_accuracy"),
        tr!(page, "opt.col_validation_accuracy"),
    ];
    writeln!(
        page,
        "{} {} {} {} {} {} {}",
        pad(&header[0], 10),
        pad_left("lr", 6),
        pad_left(&header[1], 12),
        pad_left(&header[2], 13),
        pad_left(&header[3], 11),
        pad_left(&header[4], 12),
        pad_left(&header[5], 12)
    )?;
    for r in &runs {
        writeln!(
            page,
            "{} {} {} {} {} {} {}",
            pad(r.name, 10),
            pad_left(&r.lr.to_string(), 6),
            pad_left(&fixed(r.initial_loss, 4), 12),
            pad_left(&fixed(r.curve[EARLY].1, 4), 13),
            pad_left(&fixed(r.final_loss, 4), 11),
            pad_left(&percent(r.train_accuracy), 12),
            pad_left(&percent(r.validation_accuracy), 12)
        )?;
    }
    let all_lower = runs.iter().all(|r| r.final_loss < r.initial_loss);
    check!(page, "opt.check_mlp", all_lower)?;
    Ok(runs)
}

/// A loss for ranking: NaN (a run that diverged) ranks last.
fn loss_order(loss: f64) -> f64 {
    if loss.is_nan() {
        f64::INFINITY
    } else {
        loss
    }
}

/// Trains the MLP with optimizer `name` at rate `lr`; returns the run and
/// the initial parameters.
fn train(name: &'static str, lr: f64, split: &data::Split) -> (Run, Vec<f64>) {
    let objective = Objective::BinaryCrossEntropy;
    let g = Graph::new();
    let mlp = Mlp::new(
        &g,
        2,
        &[16, 16, 1],
        Activation::Relu,
        &mut rand::rngs::StdRng::seed_from_u64(NET_SEED),
    );
    let start = mlp.parameter_values();
    let before = evaluate(&mlp, &split.train, objective);
    let config = TrainConfig {
        epochs: EPOCHS,
        batch_size: 0, // full batch: one step per epoch
        objective: Some(objective),
        progress: Progress::Never,
        ..TrainConfig::default()
    };
    let history = Trainer::new(&mlp, optimizer(name, lr), config).fit(&split.train, None);
    let after = evaluate(&mlp, &split.train, objective);
    let validation = evaluate(&mlp, &split.validation, objective);
    let run = Run {
        name,
        lr,
        initial_loss: before.loss,
        final_loss: after.loss,
        train_accuracy: after.accuracy.unwrap_or(f64::NAN),
        validation_accuracy: validation.accuracy.unwrap_or(f64::NAN),
        // With a full batch, epoch k's training loss is the loss before
        // step k: the curve starts at the initial loss, at step 0.
        curve: history.curve(|r| Some(r.train_loss)),
    };
    (run, start)
}

/// One optimizer's training run on the MLP.
pub(super) struct Run {
    pub(super) name: &'static str,
    pub(super) lr: f64,
    /// Mean loss over the training set before the first step.
    pub(super) initial_loss: f64,
    /// Mean loss over the training set after the last step.
    pub(super) final_loss: f64,
    pub(super) train_accuracy: f64,
    pub(super) validation_accuracy: f64,
    /// `(step, loss before that step)`.
    pub(super) curve: Vec<(f64, f64)>,
}
