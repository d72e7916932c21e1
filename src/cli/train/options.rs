//! The options of `scalargrad train`, and reading them: the data, the
//! hidden layers and the loss.

use std::path::PathBuf;

use clap::Args;
use scalargrad::data::{
    self, BlobsConfig, CirclesConfig, CsvFormat, CsvOptions, Dataset, MoonsConfig,
    Regression1dConfig, SpiralsConfig, TargetColumn, XorConfig,
};
use scalargrad::train::Objective;

use scalargrad::escape_controls;

use crate::cli::{finite_option, limits, size, thousands, CliError, CsvArgs};

/// Options of `scalargrad train`.
#[derive(Args)]
pub struct TrainArgs {
    /// The data: moons, circles, spirals, xor, blobs, regression (generated), or a .csv file.
    #[arg(long, default_value = "moons")]
    pub(super) data: String,
    /// Points of a generated dataset (2 to 1,000,000).
    #[arg(long, default_value_t = 300, value_parser = size::<2, { limits::SAMPLES }>)]
    pub(super) samples: usize,
    /// Noise of a generated dataset (default: one that suits it).
    #[arg(long, value_parser = finite_option)]
    pub(super) noise: Option<f64>,
    /// Classes of spirals and blobs (2 to 1,000, and at most --samples).
    #[arg(long, default_value_t = 3, value_parser = size::<2, { limits::CLASSES }>)]
    pub(super) classes: usize,
    /// CSV: the target column, by name or by number counting from 0 (default: the last).
    #[arg(long)]
    pub(super) target: Option<String>,
    /// CSV: the target is a number to predict (regression), not a class.
    #[arg(long)]
    pub(super) regression: bool,
    #[command(flatten)]
    pub(super) csv: CsvArgs,
    /// Sizes of the hidden layers, e.g. 16,16 (empty for none): at most 100 layers of 1 to 10,000 units, and 10,000,000 parameters in all.
    #[arg(long, default_value = "16,16")]
    pub(super) layers: String,
    /// Activation of the hidden layers: relu, leaky_relu, elu, prelu, swish, gelu, tanh, sigmoid, softplus, linear.
    #[arg(long, default_value = "relu")]
    pub(super) activation: String,
    /// Optimizer: sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw.
    #[arg(long, default_value = "adam")]
    pub(super) optimizer: String,
    /// Learning rate.
    #[arg(long, default_value_t = 0.01, value_parser = finite_option)]
    pub(super) lr: f64,
    /// Passes over the training data (1 to 100,000).
    #[arg(long, default_value_t = 100, value_parser = size::<1, { limits::EPOCHS }>)]
    pub(super) epochs: usize,
    /// Examples per step (0: the whole training set; at most 1,000,000).
    #[arg(long, default_value_t = 32, value_parser = size::<0, { limits::BATCH_SIZE }>)]
    pub(super) batch_size: usize,
    /// Threads that share each batch (1 to 16): each keeps a copy of the network and records its share; the gradients are summed (results equal one thread's to about 1e-12).
    #[arg(long, default_value_t = 1, value_parser = size::<1, { limits::THREADS }>)]
    pub(super) threads: usize,
    /// Seed of the data, the initialization and the batches.
    #[arg(long, default_value_t = 0)]
    pub(super) seed: u64,
    /// Share of the data held out for validation.
    #[arg(long, default_value_t = 0.2, value_parser = finite_option)]
    pub(super) validation: f64,
    /// Coefficient of an L2 penalty on the parameters.
    #[arg(long, default_value_t = 0.0, value_parser = finite_option)]
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

/// The dataset `--data` names: generated, or read from a CSV file (with
/// the format it was read in).
///
/// A target of numbers that are not whole, read as classes, gets the
/// command line's hint (`--regression`) in place of the library's
/// (`classification: false`).
pub(super) fn load_data(args: &TrainArgs) -> Result<(Dataset, Option<CsvFormat>), CliError> {
    if args.data.to_ascii_lowercase().ends_with(".csv") {
        let target = match &args.target {
            None => TargetColumn::Last,
            Some(t) => match t.parse::<usize>() {
                Ok(i) => TargetColumn::Index(i),
                Err(_) => TargetColumn::Name(t.clone()),
            },
        };
        let path = std::path::Path::new(&args.data);
        let format = args.csv.format(path)?;
        let options = CsvOptions {
            target,
            classification: !args.regression,
            has_header: format.has_header,
            delimiter: format.delimiter,
        };
        let dataset = data::read_csv(path, &options).map_err(|e| regression_hint(e, args))?;
        return Ok((dataset, Some(format)));
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
    if args.classes > n && matches!(args.data.as_str(), "spirals" | "blobs") {
        return Err(CliError::new(format!(
            "--classes {}: more classes than --samples {n}",
            args.classes
        )));
    }
    // Without --noise, each generator's default: a noise that suits it.
    let noise = |default: f64| args.noise.unwrap_or(default);
    let (samples, seed) = (n, args.seed);
    let data = match args.data.as_str() {
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
                "--data: unknown dataset `{}` (moons, circles, spirals, xor, blobs, regression, or a .csv file)",
                escape_controls(other)
            )))
        }
    };
    Ok((data, None))
}

/// The hidden layer sizes of `--layers`: at most [`limits::LAYERS`]
/// layers of 1 to [`limits::LAYER_SIZE`] units.
pub(super) fn parse_layers(text: &str) -> Result<Vec<usize>, CliError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(Vec::new());
    }
    let count = text.split(',').count();
    if count > limits::LAYERS {
        return Err(CliError::new(format!(
            "--layers: {count} layers; the limit is {}",
            limits::LAYERS
        )));
    }
    text.split(',')
        .map(|s| {
            let s = s.trim();
            let digits = !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
            match s.parse::<usize>() {
                Ok(n) if (1..=limits::LAYER_SIZE).contains(&n) => Ok(n),
                Ok(n) if n > limits::LAYER_SIZE => Err(too_wide(s)),
                Err(_) if digits => Err(too_wide(s)),
                _ => Err(CliError::new(format!(
                    "--layers: `{}` is not a layer size (sizes are positive integers, e.g. 16,16)",
                    s.escape_debug()
                ))),
            }
        })
        .collect()
}

fn too_wide(size: &str) -> CliError {
    CliError::new(format!(
        "--layers: {size} units in one layer; the limit is {}",
        thousands(limits::LAYER_SIZE)
    ))
}

/// The number of parameters of a network `n_inputs → hidden… → n_outputs`
/// (weights and biases, and a slope per unit with PReLU), refused past
/// [`limits::PARAMETERS`]. Checked arithmetic: no size can overflow it.
pub(super) fn check_parameters(
    n_inputs: usize,
    hidden: &[usize],
    n_outputs: usize,
    slopes: bool,
) -> Result<usize, CliError> {
    let mut total: usize = 0;
    let mut n_in = n_inputs;
    let too_many = || {
        CliError::new(format!(
            "--layers: the network would have more than {} parameters, the limit",
            thousands(limits::PARAMETERS)
        ))
    };
    for (k, &size) in hidden.iter().chain([&n_outputs]).enumerate() {
        let per_unit = n_in + 1 + usize::from(slopes && k < hidden.len());
        let layer = size.checked_mul(per_unit).ok_or_else(too_many)?;
        total = total.checked_add(layer).ok_or_else(too_many)?;
        if total > limits::PARAMETERS {
            return Err(too_many());
        }
        n_in = size;
    }
    Ok(total)
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
                "--loss: unknown loss `{}` (auto, softmax, bce, hinge, mse)",
                escape_controls(other)
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

/// The library's error for a class label that is not a whole number, with
/// the command line's way to read the target as a regression.
fn regression_hint(error: scalargrad::Error, args: &TrainArgs) -> scalargrad::Error {
    match error {
        scalargrad::Error::Parse {
            path,
            line,
            column,
            message,
        } if !args.regression && message.contains("as a class label") => {
            let sentence = message.split(" (").next().unwrap_or(&message);
            scalargrad::Error::Parse {
                path,
                line,
                column,
                message: format!(
                    "{sentence}; to predict this column as a number, add --regression"
                ),
            }
        }
        other => other,
    }
}
