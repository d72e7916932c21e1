//! `scalargrad train` and `scalargrad predict`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use rand::SeedableRng;
use scalargrad::data::{self, CsvOptions, Dataset, Standardizer, TargetColumn};
use scalargrad::model::{self, ModelInfo};
use scalargrad::nn::{Activation, Init, Mlp};
use scalargrad::optim;
use scalargrad::train::{evaluate, History, Objective, Progress, TrainConfig, Trainer};
use scalargrad::Graph;
use serde_json::json;

use super::{print_json, CliError, CliResult};

/// Options of `scalargrad train`.
#[derive(Args)]
pub struct TrainArgs {
    /// The data: moons, circles, spirals, xor, blobs, regression (generated), or a .csv file.
    #[arg(long, default_value = "moons")]
    data: String,
    /// Points of a generated dataset.
    #[arg(long, default_value_t = 300)]
    samples: usize,
    /// Noise of a generated dataset (default: one that suits it).
    #[arg(long)]
    noise: Option<f64>,
    /// Classes of spirals and blobs.
    #[arg(long, default_value_t = 3)]
    classes: usize,
    /// CSV: the target column, by name or by number counting from 0 (default: the last).
    #[arg(long)]
    target: Option<String>,
    /// CSV: the target is a number to predict (regression), not a class.
    #[arg(long)]
    regression: bool,
    /// Sizes of the hidden layers, e.g. 16,16 (empty for none).
    #[arg(long, default_value = "16,16")]
    layers: String,
    /// Activation of the hidden layers: relu, leaky_relu, elu, prelu, swish, gelu, tanh, sigmoid, softplus, linear.
    #[arg(long, default_value = "relu")]
    activation: String,
    /// Optimizer: sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw.
    #[arg(long, default_value = "adam")]
    optimizer: String,
    /// Learning rate.
    #[arg(long, default_value_t = 0.01)]
    lr: f64,
    /// Passes over the training data.
    #[arg(long, default_value_t = 100)]
    epochs: usize,
    /// Examples per step (0: the whole training set).
    #[arg(long, default_value_t = 32)]
    batch_size: usize,
    /// Seed of the data, the initialization and the batches.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Share of the data held out for validation.
    #[arg(long, default_value_t = 0.2)]
    validation: f64,
    /// Coefficient of an L2 penalty on the parameters.
    #[arg(long, default_value_t = 0.0)]
    l2: f64,
    /// Loss: auto, softmax, bce, hinge, mse.
    #[arg(long, default_value = "auto")]
    loss: String,
    /// Save the trained model to this JSON file.
    #[arg(long, value_name = "FILE")]
    save: Option<PathBuf>,
    /// Write the loss, accuracy and decision-boundary pictures into this folder.
    #[arg(long, value_name = "DIR")]
    plots: Option<PathBuf>,
    /// No progress bar.
    #[arg(long)]
    quiet: bool,
    /// Print JSON (the history and the evaluations).
    #[arg(long)]
    json: bool,
}

/// Options of `scalargrad predict`.
#[derive(Args)]
pub struct PredictArgs {
    /// A model file written by `scalargrad train --save`.
    model: PathBuf,
    /// The features of one example.
    #[arg(value_name = "FEATURE")]
    features: Vec<String>,
    /// Predict every row of this CSV file of features (a header line is skipped).
    #[arg(long, value_name = "FILE", conflicts_with = "features")]
    csv: Option<PathBuf>,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

fn load_data(args: &TrainArgs) -> Result<Dataset, CliError> {
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
    let noise = |default: f64| args.noise.unwrap_or(default);
    let seed = args.seed;
    Ok(match args.data.as_str() {
        "moons" => data::moons(n, noise(0.1), seed),
        "circles" => data::circles(n, noise(0.05), 0.5, seed),
        "spirals" => data::spirals(n, args.classes, 2.0, noise(0.02), seed),
        "xor" => data::xor(n, noise(0.05), seed),
        "blobs" => data::blobs(n, args.classes, noise(0.8), seed),
        "regression" => data::regression_1d(n, noise(0.1), seed),
        other => {
            return Err(CliError::new(format!(
                "--data: unknown dataset `{other}` (moons, circles, spirals, xor, blobs, regression, or a .csv file)"
            )))
        }
    })
}

fn parse_layers(text: &str) -> Result<Vec<usize>, CliError> {
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

fn objective_for(loss: &str, data: &Dataset) -> Result<Objective, CliError> {
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

/// `scalargrad train`.
pub fn train(args: &TrainArgs) -> CliResult {
    if args.lr.is_nan() || args.lr <= 0.0 || args.lr.is_infinite() {
        return Err(CliError::new(format!(
            "--lr: must be a positive number, got {}",
            args.lr
        )));
    }
    if args.epochs == 0 {
        return Err(CliError::new("--epochs: need at least 1"));
    }
    if !(0.0..1.0).contains(&args.validation) {
        return Err(CliError::new(format!(
            "--validation: a share in [0, 1), got {}",
            args.validation
        )));
    }
    if args.l2.is_nan() || args.l2 < 0.0 || args.l2.is_infinite() {
        return Err(CliError::new(format!(
            "--l2: must be a number ≥ 0, got {}",
            args.l2
        )));
    }
    let activation: Activation = args
        .activation
        .parse()
        .map_err(|e: String| CliError::new(format!("--activation: {e}")))?;
    let hidden = parse_layers(&args.layers)?;
    let Some(optimizer) = optim::by_name(&args.optimizer, args.lr) else {
        return Err(CliError::new(format!(
            "--optimizer: unknown optimizer `{}` ({})",
            args.optimizer,
            optim::NAMES.join(", ")
        )));
    };

    let all = load_data(args)?;
    if all.len() < 2 {
        return Err(CliError::new(format!(
            "the data has {} example(s); need at least 2",
            all.len()
        )));
    }
    let objective = objective_for(&args.loss, &all)?;
    let split = all.split(args.validation, 0.0, args.seed);
    if split.train.is_empty() {
        return Err(CliError::new("--validation leaves no training data"));
    }
    let scaler = Standardizer::fit(&split.train);
    let train = scaler.transform(&split.train);
    let validation = (!split.validation.is_empty()).then(|| scaler.transform(&split.validation));

    let graph = Graph::new();
    let mut builder = Mlp::builder(train.n_features()).init(match activation {
        Activation::Relu | Activation::LeakyRelu(_) | Activation::Elu(_) | Activation::PRelu(_) => {
            Init::HeUniform
        }
        _ => Init::XavierUniform,
    });
    for &size in &hidden {
        builder = builder.layer(size, activation);
    }
    let mlp = builder
        .layer(objective.outputs_needed(&train), Activation::Linear)
        .build(&graph, &mut rand::rngs::StdRng::seed_from_u64(args.seed));

    let config = TrainConfig {
        epochs: args.epochs,
        batch_size: args.batch_size,
        objective: Some(objective),
        l2: args.l2,
        seed: args.seed,
        progress: if args.quiet || args.json {
            Progress::Never
        } else {
            Progress::Auto
        },
        ..TrainConfig::default()
    };
    let history = Trainer::new(&mlp, optimizer, config).fit(&train, validation.as_ref());
    let on_train = evaluate(&mlp, &train, objective);
    let on_validation = validation.as_ref().map(|v| evaluate(&mlp, v, objective));

    let mut files = Vec::new();
    if let Some(path) = &args.save {
        let info = ModelInfo {
            objective: Some(objective),
            standardizer: Some(scaler),
            class_values: all.class_values.clone(),
            feature_names: all.feature_names.clone(),
        };
        model::save(&mlp, &info, path)?;
        files.push(path.clone());
    }
    if let Some(dir) = &args.plots {
        files.extend(pictures(&mlp, &history, &train, objective, dir)?);
    }

    if args.json {
        print_json(&json!({
            "data": all.name,
            "parameters": mlp.parameters().len(),
            "objective": objective,
            "history": history,
            "train": on_train,
            "validation": on_validation,
            "files": files.iter().map(|f| f.display().to_string()).collect::<Vec<_>>(),
        }));
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "data: {} ({} examples, {} features{}); model: {} → {} ({} parameters, {})",
        all.name,
        all.len(),
        all.n_features(),
        all.n_classes
            .map(|k| format!(", {k} classes"))
            .unwrap_or_default(),
        train.n_features(),
        // Layer sizes from the model itself (no hidden layer: inputs → outputs).
        mlp.layers()
            .iter()
            .map(|layer| layer.n_outputs().to_string())
            .collect::<Vec<_>>()
            .join(" → "),
        mlp.parameters().len(),
        activation
    );
    let every = (history.epochs.len() / 10).max(1);
    for r in history
        .epochs
        .iter()
        .filter(|r| r.epoch % every == 0 || r.epoch + 1 == history.epochs.len())
    {
        let validation = match (r.validation_loss, r.validation_metric) {
            (Some(l), Some(m)) => format!(", validation loss {l:.4} {} {m:.4}", history.metric),
            _ => String::new(),
        };
        println!(
            "epoch {:>4}: loss {:.4} {} {:.4}{validation}",
            r.epoch, r.train_loss, history.metric, r.train_metric
        );
    }
    println!("train: {on_train}");
    if let Some(v) = &on_validation {
        println!("validation: {v}");
    }
    for f in &files {
        println!("wrote {}", f.display());
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(feature = "plot")]
fn pictures(
    mlp: &Mlp,
    history: &History,
    train: &Dataset,
    objective: Objective,
    dir: &Path,
) -> Result<Vec<PathBuf>, CliError> {
    use scalargrad::plot;
    let mut files = plot::training_curves(history, dir)?;
    if train.is_classification() && train.n_features() == 2 {
        let boundary = dir.join("decision_boundary.png");
        plot::classifier_regions(
            &boundary,
            "Decision regions (standardized features)",
            mlp,
            objective,
            train,
        )?;
        files.push(boundary);
    }
    Ok(files)
}

#[cfg(not(feature = "plot"))]
fn pictures(
    _: &Mlp,
    _: &History,
    _: &Dataset,
    _: Objective,
    _: &Path,
) -> Result<Vec<PathBuf>, CliError> {
    Err(CliError::new("--plots: this build has no `plot` feature"))
}

/// Rows of features from a CSV file (numbers only; a first line that is not
/// all numbers is a header).
fn read_rows(path: &Path) -> Result<Vec<Vec<f64>>, CliError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| CliError::new(format!("{}: {e}", path.display())))?;
    let mut rows = Vec::new();
    for (k, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split(',').map(str::trim).collect();
        let numbers: Result<Vec<f64>, usize> = fields
            .iter()
            .enumerate()
            .map(|(c, f)| f.parse::<f64>().map_err(|_| c))
            .collect();
        match numbers {
            Ok(row) => rows.push(row),
            Err(_) if k == 0 => {} // a header
            Err(c) => {
                return Err(CliError::new(format!(
                    "{}:{}:{}: cannot read \"{}\" as a number",
                    path.display(),
                    k + 1,
                    c + 1,
                    fields[c]
                )))
            }
        }
    }
    Ok(rows)
}

/// `scalargrad predict`.
pub fn predict(args: &PredictArgs) -> CliResult {
    let graph = Graph::new();
    let (mlp, info) = model::load(&graph, &args.model)?;
    let rows = match &args.csv {
        Some(path) => read_rows(path)?,
        None => {
            if args.features.is_empty() {
                return Err(CliError::new(format!(
                    "predict: give the {} features of an example, or --csv FILE",
                    mlp.n_inputs()
                )));
            }
            let row: Result<Vec<f64>, CliError> = args
                .features
                .iter()
                .map(|f| {
                    f.parse::<f64>()
                        .map_err(|_| CliError::new(format!("predict: `{f}` is not a number")))
                })
                .collect();
            vec![row?]
        }
    };
    let mut results = Vec::with_capacity(rows.len());
    for (k, row) in rows.iter().enumerate() {
        if row.len() != mlp.n_inputs() {
            return Err(CliError::new(format!(
                "predict: the model takes {} features, {} has {}",
                mlp.n_inputs(),
                if args.csv.is_some() {
                    format!("row {}", k + 1)
                } else {
                    "the example".into()
                },
                row.len()
            )));
        }
        let input = match &info.standardizer {
            Some(s) => s.transform_row(row),
            None => row.clone(),
        };
        let outputs = scalargrad::train::predict(&mlp, &input);
        let (class, probabilities) = match info.objective {
            Some(o) if o.is_classification() => {
                let k = o.predict_class(&outputs);
                let label = info.class_values.get(k).copied().unwrap_or(k as f64);
                (Some(label), o.probabilities(&outputs))
            }
            _ => (None, None),
        };
        results.push((row.clone(), outputs, class, probabilities));
    }
    if args.json {
        let list: Vec<serde_json::Value> = results
            .iter()
            .map(|(x, out, class, p)| json!({ "features": x, "outputs": out, "class": class, "probabilities": p }))
            .collect();
        print_json(&json!(list));
    } else {
        for (x, out, class, p) in &results {
            let x: Vec<String> = x.iter().map(|v| v.to_string()).collect();
            match (class, p) {
                (Some(c), Some(p)) => {
                    let p: Vec<String> = p.iter().map(|v| format!("{v:.4}")).collect();
                    println!(
                        "{} → class {c} (probabilities {})",
                        x.join(", "),
                        p.join(", ")
                    )
                }
                (Some(c), None) => println!("{} → class {c}", x.join(", ")),
                _ => {
                    let out: Vec<String> = out.iter().map(|v| v.to_string()).collect();
                    println!("{} → {}", x.join(", "), out.join(", "))
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
