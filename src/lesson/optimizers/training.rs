//! Part 3: the seven optimizers training the same MLP on the moons, from
//! the same initial parameters.

use std::io::Write;

use rand::SeedableRng;

use super::optimizer;
use super::valley::{Descent, STEPS};
use crate::data;
use crate::nn::{Activation, Mlp};
use crate::train::{evaluate, Objective, Progress, TrainConfig, Trainer};
use crate::Graph;

/// The network of part 2: 2 inputs, two hidden ReLU layers of 16, one
/// output logit (micrograd's `MLP(2, [16, 16, 1])`), always from this seed.
const NET_SEED: u64 = 1;
const DATA_SEED: u64 = 3;
/// Full-batch steps (one per epoch) on the MLP.
const EPOCHS: usize = 200;
/// The step at which the MLP table also shows the loss, to compare speeds.
const EARLY: usize = 50;

/// The learning rate of each optimizer on the MLP (full batch, binary
/// cross-entropy), chosen so that each gets far in 200 steps without
/// diverging: SGD takes a large rate; momentum and Nesterov about 1/(1 - β)
/// = 10 times less than SGD would alone; Adam and AdamW 20 times PyTorch's
/// default 0.001 (which is meant for thousands of steps); RMSProp less, its
/// first steps being the largest (no bias correction).
const MLP_LR: [(&str, f64); 7] = [
    ("sgd", 0.5),
    ("momentum", 0.1),
    ("nesterov", 0.1),
    ("adagrad", 0.1),
    ("rmsprop", 0.005),
    ("adam", 0.02),
    ("adamw", 0.02),
];

/// Trains the MLP once per optimizer of [`MLP_LR`] and prints the losses and
/// accuracies; the last line also checks the valley's `paths`. Returns the
/// runs.
pub(super) fn train_one_mlp(out: &mut dyn Write, paths: &[Descent]) -> std::io::Result<Vec<Run>> {
    // 3. A real training run: one MLP on the moons, the same initial
    // parameters for every optimizer (the same seed builds the same net), the
    // full training set at every step so that the only difference is the
    // optimizer.
    let moons = data::moons(&data::MoonsConfig {
        samples: 200,
        noise: 0.2,
        seed: DATA_SEED,
    });
    let split = moons.split(0.25, 0.0, DATA_SEED);
    let objective = Objective::BinaryCrossEntropy;
    writeln!(out)?;
    writeln!(
        out,
        "== 3. Training MLP(2, [16, 16, 1]) (ReLU) on {} moons points ({} for training, {} for validation) ==",
        moons.len(),
        split.train.len(),
        split.validation.len()
    )?;
    writeln!(
        out,
        "Binary cross-entropy, full batch, {EPOCHS} steps, the same initial parameters for every optimizer."
    )?;
    let mut runs = Vec::new();
    let mut first_parameters: Option<Vec<f64>> = None;
    let mut same_start = true;
    for &(name, lr) in &MLP_LR {
        let g = Graph::new();
        let mlp = Mlp::new(
            &g,
            2,
            &[16, 16, 1],
            Activation::Relu,
            &mut rand::rngs::StdRng::seed_from_u64(NET_SEED),
        );
        let start = mlp.parameter_values();
        match &first_parameters {
            None => first_parameters = Some(start),
            Some(first) => same_start &= *first == start,
        }
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
        runs.push(Run {
            name,
            lr,
            initial_loss: before.loss,
            final_loss: after.loss,
            train_accuracy: after.accuracy.unwrap_or(f64::NAN),
            validation_accuracy: validation.accuracy.unwrap_or(f64::NAN),
            // With a full batch, epoch k's training loss is the loss before
            // step k: the curve starts at the initial loss.
            curve: history.curve(|r| Some(r.train_loss)),
        });
    }
    let n_parameters = first_parameters.as_ref().map_or(0, Vec::len);
    writeln!(
        out,
        "initial parameters identical for all 7 runs: {} ({n_parameters} parameters)",
        if same_start { "yes" } else { "NO" }
    )?;
    writeln!(
        out,
        "{:<10} {:>6} {:>13} {:>14} {:>11} {:>15} {:>15}",
        "optimizer",
        "lr",
        "initial loss",
        format!("after {EARLY} steps"),
        "final loss",
        "train accuracy",
        "val. accuracy"
    )?;
    for r in &runs {
        writeln!(
            out,
            "{:<10} {:>6} {:>13.4} {:>14.4} {:>11.4} {:>14.1}% {:>14.1}%",
            r.name,
            r.lr,
            r.initial_loss,
            r.curve[EARLY].1,
            r.final_loss,
            100.0 * r.train_accuracy,
            100.0 * r.validation_accuracy
        )?;
    }
    let all_lower = runs.iter().all(|r| r.final_loss < r.initial_loss)
        && paths.iter().all(|(_, _, p)| p[STEPS].f < p[0].f);
    writeln!(
        out,
        "Every optimizer lowered the loss, on the valley and on the MLP: {}",
        if all_lower { "yes" } else { "NO" }
    )?;
    Ok(runs)
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
