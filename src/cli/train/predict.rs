//! `scalargrad predict`: a saved model on the features of one example, or
//! on every row of a CSV file.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use scalargrad::model;
use scalargrad::Graph;
use serde_json::json;

use crate::cli::{finite_number, print_json, CliError, CliResult};

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
pub fn predict(out: &mut dyn Write, args: &PredictArgs) -> CliResult {
    // The features first: a typing mistake is reported before the file is read.
    let features = args
        .features
        .iter()
        .map(|f| finite_number(f.trim()).map_err(|why| CliError::new(format!("predict: {why}"))))
        .collect::<Result<Vec<f64>, CliError>>()?;
    let graph = Graph::new();
    let (mlp, info) = model::load(&graph, &args.model)?;
    let rows = match &args.csv {
        Some(path) => read_rows(path)?,
        None => {
            if features.is_empty() {
                return Err(CliError::new(format!(
                    "predict: give the {} features of an example, or --csv FILE",
                    mlp.n_inputs()
                )));
            }
            vec![features]
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
            .map(|(x, outputs, class, p)| json!({ "features": scalargrad::json::to_value(x), "outputs": scalargrad::json::to_value(outputs), "class": class, "probabilities": scalargrad::json::to_value(p) }))
            .collect();
        print_json(out, &list)?;
    } else {
        for (x, outputs, class, p) in &results {
            let x: Vec<String> = x.iter().map(|v| v.to_string()).collect();
            match (class, p) {
                (Some(c), Some(p)) => {
                    let p: Vec<String> = p.iter().map(|v| format!("{v:.4}")).collect();
                    writeln!(
                        out,
                        "{} → class {c} (probabilities {})",
                        x.join(", "),
                        p.join(", ")
                    )?
                }
                (Some(c), None) => writeln!(out, "{} → class {c}", x.join(", "))?,
                _ => {
                    let outputs: Vec<String> = outputs.iter().map(|v| v.to_string()).collect();
                    writeln!(out, "{} → {}", x.join(", "), outputs.join(", "))?
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
