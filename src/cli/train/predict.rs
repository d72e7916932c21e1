//! `scalargrad predict`: a saved model on the features of one example, or
//! on every row of a CSV file.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use scalargrad::Graph;
use scalargrad::{data, escape_controls, model};
use serde_json::json;

use crate::cli::{count, finite_number, note, print_json, CliError, CliResult, CsvArgs};

/// Options of `scalargrad predict`.
#[derive(Args)]
pub struct PredictArgs {
    /// A model file written by `scalargrad train --save`.
    model: PathBuf,
    /// The features of one example.
    #[arg(value_name = "FEATURE")]
    features: Vec<String>,
    /// Predict every row of this CSV file of features (its format is guessed; see --header, --no-header, --delimiter).
    #[arg(long, value_name = "FILE", conflicts_with = "features")]
    csv: Option<PathBuf>,
    #[command(flatten)]
    format: CsvArgs,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// Rows of features from a CSV file, with the line each starts on. A
/// header, given or guessed, is reported on standard error, since it is
/// not predicted.
fn read_rows(path: &Path, args: &CsvArgs) -> Result<(Vec<Vec<f64>>, Vec<u64>), CliError> {
    let format = args.format(path)?;
    let table = data::read_csv_table(path, format)?;
    if table.rows.is_empty() {
        return Err(CliError::new(format!(
            "{}: no rows of features to predict ({})",
            escape_controls(&path.display().to_string()),
            CsvArgs::describe(&format, None)
        )));
    }
    if let Some(names) = &table.header {
        note(&format!(
            "{}: {}",
            escape_controls(&path.display().to_string()),
            CsvArgs::describe(&format, Some(&names.join(", ")))
        ));
    }
    Ok((table.rows, table.lines))
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
    let (rows, lines) = match &args.csv {
        Some(path) => read_rows(path, &args.format)?,
        None => {
            if features.is_empty() {
                return Err(CliError::new(format!(
                    "predict: give an example's {}, or --csv FILE",
                    count(mlp.n_inputs(), "feature")
                )));
            }
            (vec![features], Vec::new())
        }
    };
    if info.objective.is_none() && !args.json {
        note(&format!(
            "{}: the model does not say what it was trained for (no \"objective\"), so these are \
             the network's raw outputs, not classes; a model saved with \
             `model::save(&mlp, &history.model_info(&data, None), path)` keeps it",
            escape_controls(&args.model.display().to_string())
        ));
    }
    let mut results = Vec::with_capacity(rows.len());
    for (k, row) in rows.iter().enumerate() {
        if row.len() != mlp.n_inputs() {
            return Err(CliError::new(match (&args.csv, lines.get(k)) {
                (Some(path), Some(line)) => format!(
                    "{}:{line}: the model takes {}, this row has {}",
                    escape_controls(&path.display().to_string()),
                    count(mlp.n_inputs(), "feature"),
                    row.len()
                ),
                _ => format!(
                    "predict: the model takes {}, the example has {}",
                    count(mlp.n_inputs(), "feature"),
                    row.len()
                ),
            }));
        }
        let prediction = info.predict(&mlp, row);
        let (outputs, class, probabilities) = (
            prediction.outputs,
            prediction.class,
            prediction.probabilities,
        );
        results.push((row.clone(), outputs, class, probabilities));
    }
    if args.json {
        let list: Vec<serde_json::Value> = results
            .iter()
            .map(|(x, outputs, class, p)| json!({ "features": scalargrad::json::to_value(x), "outputs": scalargrad::json::to_value(outputs), "class": class.map(label), "probabilities": scalargrad::json::to_value(p) }))
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

/// A class label for JSON: the whole number it is (`1`, not `1.0`), or the
/// number itself when it is too large to be written as a 64-bit integer.
fn label(class: f64) -> serde_json::Value {
    if class.fract() == 0.0 && class.abs() < 9.0e15 {
        serde_json::Value::from(class as i64)
    } else {
        scalargrad::json::number(class)
    }
}
