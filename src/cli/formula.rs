//! The subcommands on a formula: grad, trace, paths, check, dot.

use std::collections::HashMap;
use std::path::Path;
use std::process::ExitCode;

use scalargrad::expr::Formula;
use scalargrad::gradcheck::{gradcheck_with, GradcheckOptions};
use scalargrad::{inspect, Graph, Value};
use serde_json::json;

use super::{parse_values, print_json, CliError, CliResult};

/// A formula recorded in a graph: its root and its variables (named leaves),
/// in order of first appearance in the formula, then any extra ones given.
struct Recorded<'g> {
    root: Value<'g>,
    /// The root's name: `f`, or the one the formula gave it.
    name: String,
    variables: Vec<(String, Value<'g>)>,
}

/// Parses the formula and the values, and records it in `graph`.
fn record<'g>(graph: &'g Graph, text: &str, values: &[String]) -> Result<Recorded<'g>, CliError> {
    let formula = Formula::parse(text).map_err(|e| CliError::in_formula(&e, text))?;
    let given = parse_values(values)?;
    let mut names: Vec<String> = formula.variables().iter().map(|s| s.to_string()).collect();
    for (name, _) in &given {
        if !names.contains(name) {
            names.push(name.clone());
        }
    }
    let variables: Vec<(String, Value<'g>)> = given
        .iter()
        .map(|(name, x)| (name.clone(), graph.value(*x).named(name)))
        .collect();
    let lookup: HashMap<&str, Value<'g>> =
        variables.iter().map(|(n, v)| (n.as_str(), *v)).collect();
    let root = formula
        .build(graph, &lookup)
        .map_err(|e| CliError::in_formula(&e, text))?;
    // The formula's value is `f`, unless it names it itself (`…; g = f/2`).
    let root = if root.name().is_some() {
        root
    } else {
        root.named("f")
    };
    // Order the variables as they appear in the formula.
    let variables = names
        .into_iter()
        .filter_map(|n| lookup.get(n.as_str()).map(|v| (n, *v)))
        .collect();
    let name = root.name().unwrap_or_else(|| "f".into());
    Ok(Recorded {
        root,
        name,
        variables,
    })
}

/// `scalargrad grad`.
pub fn grad(text: &str, values: &[String], json: bool) -> CliResult {
    let graph = Graph::new();
    let r = record(&graph, text, values)?;
    r.root.backward();
    if json {
        let grads: serde_json::Map<String, serde_json::Value> = r
            .variables
            .iter()
            .map(|(n, v)| (n.clone(), json!(v.grad())))
            .collect();
        print_json(&json!({ "value": r.root.data(), "grad": grads }));
    } else {
        println!("{} = {}", r.name, r.root.data());
        for (name, v) in &r.variables {
            println!("∂{}/∂{name} = {}", r.name, v.grad());
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `scalargrad trace`.
pub fn trace(text: &str, values: &[String], json: bool, csv: bool) -> CliResult {
    let graph = Graph::new();
    let r = record(&graph, text, values)?;
    r.root.backward();
    let forward = r.root.forward_trace();
    let backward = r.root.backward_trace();
    if json {
        print_json(&json!({ "forward": forward, "backward": backward }));
    } else if csv {
        print!("{}", forward.to_csv());
        println!();
        print!("{}", backward.to_csv());
    } else {
        println!("{forward}");
        print!("{backward}");
        println!("\nGradients:");
        for (name, v) in &r.variables {
            println!("  ∂{}/∂{name} = {}", r.name, v.grad());
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `scalargrad paths`.
pub fn paths(text: &str, values: &[String], wrt: &str, limit: usize, json: bool) -> CliResult {
    let graph = Graph::new();
    let r = record(&graph, text, values)?;
    let Some((_, x)) = r.variables.iter().find(|(n, _)| n == wrt) else {
        let known: Vec<&str> = r.variables.iter().map(|(n, _)| n.as_str()).collect();
        return Err(CliError::new(format!(
            "--wrt {wrt}: no variable `{wrt}` (the variables are: {})",
            if known.is_empty() {
                "none".to_string()
            } else {
                known.join(", ")
            }
        )));
    };
    r.root.backward();
    let sum = inspect::paths(*x, r.root, limit);
    if json {
        let listed: Vec<serde_json::Value> = sum
            .paths
            .iter()
            .map(|p| json!({ "nodes": p.nodes, "local_derivatives": p.local_derivatives, "product": p.product }))
            .collect();
        print_json(&json!({
            "wrt": wrt,
            "count": sum.count,
            "paths": listed,
            "sum": sum.total,
            "grad": x.grad(),
        }));
    } else {
        print!("{sum}");
        println!("autograd: ∂f/∂{wrt} = {}", x.grad());
    }
    Ok(ExitCode::SUCCESS)
}

/// `scalargrad check`: exit status 1 when a derivative does not match.
pub fn check(
    text: &str,
    values: &[String],
    (eps, atol, rtol): (f64, f64, f64),
    json: bool,
) -> CliResult {
    // Written so that NaN fails every test.
    let valid = eps > 0.0 && eps.is_finite() && atol >= 0.0 && rtol >= 0.0;
    if !valid {
        return Err(CliError::new(format!(
            "check: --eps must be positive and --atol, --rtol at least 0 (got {eps}, {atol}, {rtol})"
        )));
    }
    // Record once, to report formula and value errors before checking.
    let names: Vec<String>;
    let point: Vec<f64>;
    {
        let graph = Graph::new();
        let r = record(&graph, text, values)?;
        names = r.variables.iter().map(|(n, _)| n.clone()).collect();
        point = r.variables.iter().map(|(_, v)| v.data()).collect();
    }
    let formula = Formula::parse(text).map_err(|e| CliError::in_formula(&e, text))?;
    let options = GradcheckOptions { eps, atol, rtol };
    let report = gradcheck_with(
        |g, inputs| {
            let lookup: HashMap<&str, Value> = names
                .iter()
                .map(|n| n.as_str())
                .zip(inputs.iter().copied())
                .collect();
            // Recorded once above with the same variables: cannot fail here.
            formula
                .build(g, &lookup)
                .unwrap_or_else(|_| g.value(f64::NAN))
        },
        &point,
        options,
    );
    if json {
        let variables: serde_json::Map<String, serde_json::Value> = names
            .iter()
            .zip(&report.inputs)
            .map(|(n, c)| {
                (
                    n.clone(),
                    json!({ "at": c.at, "analytic": c.analytic, "numeric": c.numeric, "abs_error": c.abs_error, "ok": c.ok }),
                )
            })
            .collect();
        print_json(
            &json!({ "value": report.value, "passed": report.passed(), "variables": variables }),
        );
    } else {
        println!(
            "f = {}   (ε = {eps:e}, atol = {atol:e}, rtol = {rtol:e})",
            report.value
        );
        println!(
            "{:<10} {:>24} {:>24} {:>10}  ok",
            "variable", "analytic (autograd)", "numeric (central diff.)", "abs error"
        );
        for (n, c) in names.iter().zip(&report.inputs) {
            println!(
                "{:<10} {:>24.15e} {:>24.15e} {:>10.2e}  {}",
                n,
                c.analytic,
                c.numeric,
                c.abs_error,
                if c.ok { "yes" } else { "NO" }
            );
        }
        println!(
            "{}",
            if report.passed() {
                "passed"
            } else {
                "FAILED: autograd and finite differences disagree"
            }
        );
    }
    Ok(if report.passed() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// `scalargrad dot`.
pub fn dot(text: &str, values: &[String], output: Option<&Path>, json: bool) -> CliResult {
    let graph = Graph::new();
    let r = record(&graph, text, values)?;
    r.root.backward();
    let dot = r.root.to_dot();
    match output {
        None if json => print_json(&json!({ "dot": dot })),
        None => print!("{dot}"),
        Some(path) => {
            let renderer = inspect::render(r.root, &inspect::DotOptions::default(), path)?;
            let how = match renderer {
                inspect::Renderer::Graphviz => "Graphviz",
                inspect::Renderer::Builtin => "built-in layout",
                inspect::Renderer::Text => "DOT text",
            };
            if json {
                print_json(&json!({ "file": path.display().to_string(), "renderer": how }));
            } else {
                println!("wrote {} ({how})", path.display());
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
