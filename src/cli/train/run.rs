//! The training run: check the options, build the network, train it,
//! evaluate, save, draw, and report.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use rand::SeedableRng;
use scalargrad::data::{Dataset, Standardizer};
use scalargrad::model::{self, ModelInfo};
use scalargrad::nn::{Activation, Init, Mlp};
use scalargrad::optim;
use scalargrad::train::{evaluate, History, Objective, Progress, TrainConfig, Trainer};
use scalargrad::Graph;
use serde_json::json;

use super::options::{check_parameters, load_data, objective_for, parse_layers, TrainArgs};
use crate::cli::{count, note, print_json, untrustworthy, CliError, CliResult, CsvArgs};

/// `scalargrad train`.
pub fn train(out: &mut dyn Write, args: &TrainArgs) -> CliResult {
    if args.lr.is_nan() || args.lr <= 0.0 || args.lr.is_infinite() {
        return Err(CliError::new(format!(
            "--lr: must be a positive number, got {}",
            args.lr
        )));
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
            scalargrad::escape_controls(&args.optimizer),
            optim::NAMES.join(", ")
        )));
    };

    let (all, csv) = load_data(args)?;
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
    let scaler = Standardizer::try_fit(&split.train)?;
    let train = scaler.transform(&split.train);
    let validation = (!split.validation.is_empty()).then(|| scaler.transform(&split.validation));

    let n_outputs = objective.outputs_needed(&train);
    check_parameters(
        train.n_features(),
        &hidden,
        n_outputs,
        activation.has_slope(),
    )?;
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
        .layer(n_outputs, Activation::Linear)
        .build(&graph, &mut rand::rngs::StdRng::seed_from_u64(args.seed));

    let config = TrainConfig {
        epochs: args.epochs,
        batch_size: args.batch_size,
        objective: Some(objective),
        l2: args.l2,
        seed: args.seed,
        threads: args.threads,
        progress: if args.quiet || args.json {
            Progress::Never
        } else {
            Progress::Auto
        },
        ..TrainConfig::default()
    };
    // What the trainer was given, for --json.
    let threads = config.threads;
    let history = Trainer::new(&mlp, optimizer, config).fit(&train, validation.as_ref());
    let on_train = evaluate(&mlp, &train, objective);
    let on_validation = validation.as_ref().map(|v| evaluate(&mlp, v, objective));

    let mut files = Vec::new();
    // A diverged network is neither saved nor drawn.
    let diverged = history.diverged_at;
    if let (Some(path), None) = (&args.save, diverged) {
        let info = ModelInfo {
            objective: Some(objective),
            standardizer: Some(scaler),
            class_values: all.class_values.clone(),
            feature_names: all.feature_names.clone(),
        };
        model::save(&mlp, &info, path)?;
        files.push(path.clone());
    }
    if let (Some(dir), None) = (&args.plots, diverged) {
        files.extend(pictures(&mlp, &history, &train, objective, dir)?);
    }

    if args.json {
        print_json(
            out,
            &json!({
                "data": all.name,
                "csv": csv.map(|f| json!({ "delimiter": f.delimiter_name(), "header": f.has_header })),
                "parameters": mlp.parameters().len(),
                "objective": objective,
                "threads": threads,
                "history": scalargrad::json::to_value(&history),
                "train": scalargrad::json::to_value(&on_train),
                "validation": scalargrad::json::to_value(&on_validation),
                "files": files.iter().map(|f| f.display().to_string()).collect::<Vec<_>>(),
            }),
        )?;
        return Ok(diverged_status(&history));
    }
    if let Some(format) = &csv {
        let features = format
            .has_header
            .then(|| format!("features {}", all.feature_names.join(", ")));
        writeln!(
            out,
            "read {}: {}",
            args.data,
            CsvArgs::describe(format, features.as_deref())
        )?;
    }
    writeln!(
        out,
        "data: {} ({}, {}{}); model: {} → {} ({} parameters, {})",
        all.name,
        count(all.len(), "example"),
        count(all.n_features(), "feature"),
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
    )?;
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
        writeln!(
            out,
            "epoch {:>4}: loss {:.4} {} {:.4}{validation}",
            r.epoch, r.train_loss, history.metric, r.train_metric
        )?;
    }
    writeln!(out, "train: {on_train}")?;
    if let Some(v) = &on_validation {
        writeln!(out, "validation: {v}")?;
    }
    for f in &files {
        writeln!(out, "wrote {}", f.display())?;
    }
    Ok(diverged_status(&history))
}

/// Status 0, or, when training diverged, a note naming the epoch and
/// status 1.
fn diverged_status(history: &History) -> ExitCode {
    let Some(epoch) = history.diverged_at else {
        return ExitCode::SUCCESS;
    };
    let loss = history.epochs.last().map_or(f64::NAN, |r| r.train_loss);
    note(&format!(
        "training diverged at epoch {epoch} (training loss {loss}, or a parameter, is not finite); \
         nothing was saved or drawn: try a smaller --lr"
    ));
    untrustworthy()
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
    scalargrad::files::prepare_folder(dir)?;
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
