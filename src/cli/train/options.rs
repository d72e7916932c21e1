//! The options of `scalargrad train`, and reading them: the data, the
//! hidden layers and the loss.

use std::path::PathBuf;

use clap::Args;
use scalargrad::data::{
    self, BlobsConfig, CirclesConfig, CsvOptions, Dataset, MoonsConfig, Regression1dConfig,
    SpiralsConfig, TargetColumn, XorConfig,
};
use scalargrad::train::Objective;

use crate::cli::CliError;

/// Options of `scalargrad train`.
#[derive(Args)]
pub struct TrainArgs {
    /// The data: moons, circles, spirals, xor, blobs, regression (generated), or a .csv file.
    #[arg(long, default_value = "moons")]
    pub(super) data: String,
    /// Points of a generated dataset.
    #[arg(long, default_value_t = 300)]
    pub(super) samples: usize,
    /// Noise of a generated dataset (default: one that suits it).
    #[arg(long)]
    pub(super) noise: Option<f64>,
    /// Classes of spirals and blobs.
    #[arg(long, default_value_t = 3)]
    pub(super) classes: usize,
    /// CSV: the target column, by name or by number counting from 0 (default: the last).
    #[arg(long)]
    pub(super) target: Option<String>,
    /// CSV: the target is a number to predict (regression), not a class.
    #[arg(long)]
    pub(super) regression: bool,
    /// Sizes of the hidden layers, e.g. 16,16 (empty for none).
    #[arg(long, default_value = "16,16")]
    pub(super) layers: String,
    /// Activation of the hidden layers: relu, leaky_relu, elu, prelu, swish, gelu, tanh, sigmoid, softplus, linear.
    #[arg(long, default_value = "relu")]
    pub(super) activation: String,
    /// Optimizer: sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw.
    #[arg(long, default_value = "adam")]
    pub(super) optimizer: String,
    /// Learning rate.
    #[arg(long, default_value_t = 0.01)]
    pub(super) lr: f64,
    /// Passes over the training data.
    #[arg(long, default_value_t = 100)]
    pub(super) epochs: usize,
    /// Examples per step (0: the whole training set).
    #[arg(long, default_value_t = 32)]
    pub(super) batch_size: usize,
    /// Seed of the data, the initialization and the batches.
    #[arg(long, default_value_t = 0)]
    pub(super) seed: u64,
    /// Share of the data held out for validation.
    #[arg(long, default_value_t = 0.2)]
    pub(super) validation: f64,
    /// Coefficient of an L2 penalty on the parameters.
    #[arg(long, default_value_t = 0.0)]
    pub(super) l2: f64,
    /// Loss: auto, softmax, bce, hinge, mse.
    #[arg(long, default_value = "auto")]
    pub(super) loss: String,
    /// Save the trained model to this JSON file.
    #[arg(long, value_name = "FILE")]
    pub(super) save: Option<PathBuf>,
    /// Write the loss, accuracy and decision-boundary pictures into this folder.
    #[arg(long, value_name = "DIR")]
    pub(super) plots: Option<PathBuf>,
    /// No progress bar.
    #[arg(long)]
    pub(super) quiet: bool,
    /// Print JSON (the history and the evaluations).
    #[arg(long)]
    pub(super) json: bool,
}

/// The dataset `--data` names: generated, or read from a CSV file.
pub(super) fn load_data(args: &TrainArgs) -> Result<Dataset, CliError> {
    if args.data.to_ascii_lowercase().ends_with(".csv") {
        let target = match &args.target {
            None => TargetColumn::Last,
            Some(t) => match t.parse::<usize>() {
                Ok(i) => TargetColumn::Index(i),
                Err(_) => TargetColumn::Name(t.clone()),
            },
        };
        let options = CsvOptions {
            target,
            classification: !args.regression,
            ..CsvOptions::default()
        };
        return Ok(data::read_csv(&args.data, &options)?);
    }
    let n = args.samples;
    if n < 2 {
        return Err(CliError::new(format!(
            "--samples: need at least 2 points, got {n}"
        )));
    }
    if let Some(noise) = args.noise {
        if noise.is_nan() || noise < 0.0 || noise.is_infinite() {
            return Err(CliError::new(format!(
                "--noise: must be a number ≥ 0, got {noise}"
            )));
        }
    }
    if args.classes < 2 && matches!(args.data.as_str(), "spirals" | "blobs") {
        return Err(CliError::new(format!(
            "--classes: need at least 2, got {}",
            args.classes
        )));
    }
    // Without --noise, each generator's default: a noise that suits it.
    let noise = |default: f64| args.noise.unwrap_or(default);
    let (samples, seed) = (n, args.seed);
    Ok(match args.data.as_str() {
        "moons" => {
            let default = MoonsConfig::default();
            data::moons(&MoonsConfig {
                samples,
                noise: noise(default.noise),
                seed,
            })
        }
        "circles" => {
            let default = CirclesConfig::default();
            data::circles(&CirclesConfig {
                samples,
                noise: noise(default.noise),
                seed,
                ..default
            })
        }
        "spirals" => {
            let default = SpiralsConfig::default();
            data::spirals(&SpiralsConfig {
                samples,
                classes: args.classes,
                noise: noise(default.noise),
                seed,
                ..default
            })
        }
        "xor" => {
            let default = XorConfig::default();
            data::xor(&XorConfig {
                samples,
                noise: noise(default.noise),
                seed,
            })
        }
        "blobs" => {
            let default = BlobsConfig::default();
            data::blobs(&BlobsConfig {
                samples,
                centers: args.classes,
                std: noise(default.std),
                seed,
            })
        }
        "regression" => {
            let default = Regression1dConfig::default();
            data::regression_1d(&Regression1dConfig {
                samples,
                noise: noise(default.noise),
                seed,
            })
        }
        other => {
            return Err(CliError::new(format!(
                "--data: unknown dataset `{other}` (moons, circles, spirals, xor, blobs, regression, or a .csv file)"
            )))
        }
    })
}

/// The hidden layer sizes of `--layers`.
pub(super) fn parse_layers(text: &str) -> Result<Vec<usize>, CliError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(Vec::new());
    }
    text.split(',')
        .map(|s| match s.trim().parse::<usize>() {
            Ok(n) if n > 0 => Ok(n),
            _ => Err(CliError::new(format!(
                "--layers: `{}` is not a layer size (sizes are positive integers, e.g. 16,16)",
                s.trim()
            ))),
        })
        .collect()
}

/// The objective `--loss` names, checked against the data.
pub(super) fn objective_for(loss: &str, data: &Dataset) -> Result<Objective, CliError> {
    let classes = data.n_classes;
    let objective = match loss {
        "auto" => Objective::for_data(
            data,
            if classes == Some(2) {
                1
            } else {
                classes.unwrap_or(1)
            },
        ),
        "softmax" => Objective::SoftmaxCrossEntropy,
        "bce" => Objective::BinaryCrossEntropy,
        "hinge" => Objective::Hinge,
        "mse" => Objective::Mse,
        other => {
            return Err(CliError::new(format!(
                "--loss: unknown loss `{other}` (auto, softmax, bce, hinge, mse)"
            )))
        }
    };
    match (objective, classes) {
        (Objective::Mse, Some(_)) => Err(CliError::new(
            "--loss mse needs a regression target (use --regression for a CSV)",
        )),
        (Objective::Mse, None) => Ok(objective),
        (_, None) => Err(CliError::new(format!(
            "--loss {loss} needs classes, but the target is a number"
        ))),
        (Objective::BinaryCrossEntropy | Objective::Hinge, Some(k)) if k != 2 => Err(
            CliError::new(format!("--loss {loss} needs two classes, the data has {k}")),
        ),
        _ => Ok(objective),
    }
}
