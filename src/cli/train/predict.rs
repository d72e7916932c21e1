//! `scalargrad predict`: a saved model on the features of one example, or
//! on every row of a CSV file.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use scalargrad::model;
use scalargrad::Graph;
use serde_json::json;

use crate::cli::{print_json, CliError, CliResult};

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
