//! The subcommands on a formula: grad, trace, paths, check, dot.
//!
//! Each writes its answer to `out` (standard output), then looks at the
//! graph: if a value or a gradient is NaN or infinite, it says on standard
//! error where the first one was born and exits with status 1.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use scalargrad::expr::Formula;
use scalargrad::gradcheck::{gradcheck_with, GradcheckOptions};
use scalargrad::inspect::ChainPaths;
use scalargrad::json::number;
use scalargrad::{inspect, Graph, Value};
use serde::ser::{Serialize, Serializer};
use serde_json::json;

use super::{limits, note, parse_values, print_json, untrustworthy, CliError, CliResult};

/// A formula recorded in a graph: its root and its variables (named leaves),
/// in order of first appearance in the formula, then any extra ones given.
struct Recorded<'g> {
    root: Value<'g>,
    /// The root's name: `f`, or the one the formula gave it.
    name: String,
    variables: Vec<(String, Value<'g>)>,
}

/// Parses the formula and the values, and records it in `graph`. Linear in
/// the formula's length and the number of values.
fn record<'g>(graph: &'g Graph, text: &str, values: &[String]) -> Result<Recorded<'g>, CliError> {
    let length = text.chars().count();
    if length > limits::FORMULA_CHARS {
        return Err(CliError::new(format!(
            "the formula has {length} characters; the limit is {}",
            limits::FORMULA_CHARS
        )));
    }
    let formula = Formula::parse(text).map_err(|e| CliError::in_formula(&e, text))?;
    let given = parse_values(values)?;
    let mut names: Vec<String> = formula.variables().iter().map(|s| s.to_string()).collect();
    let mut known: HashSet<String> = names.iter().cloned().collect();
    for (name, _) in &given {
        if known.insert(name.clone()) {
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

/// After the answer is written: status 0 if every value and gradient the
/// root depends on is finite; otherwise a note naming the node where the
/// first NaN or infinity was born, and status 1.
fn finite_or_say_where(root: Value<'_>) -> ExitCode {
    if let Some(anomaly) = inspect::check_values(root) {
        note(&format!("the result is not finite: {anomaly}"));
        return untrustworthy();
    }
    if let Some(anomaly) = inspect::check_gradients(root) {
        note(&format!("a gradient is not finite: {anomaly}"));
        return untrustworthy();
    }
    ExitCode::SUCCESS
}

/// `scalargrad grad`.
pub fn grad(out: &mut dyn Write, text: &str, values: &[String], json: bool) -> CliResult {
    let graph = Graph::new();
    let r = record(&graph, text, values)?;
    r.root.backward();
    if json {
        let grads: serde_json::Map<String, serde_json::Value> = r
            .variables
            .iter()
            .map(|(n, v)| (n.clone(), number(v.grad())))
            .collect();
        print_json(
            out,
            &json!({ "value": number(r.root.data()), "grad": grads }),
        )?;
    } else {
        writeln!(out, "{} = {}", r.name, r.root.data())?;
        for (name, v) in &r.variables {
            writeln!(out, "∂{}/∂{name} = {}", r.name, v.grad())?;
        }
    }
    Ok(finite_or_say_where(r.root))
}

/// `scalargrad trace`.
pub fn trace(
    out: &mut dyn Write,
    text: &str,
    values: &[String],
    json: bool,
    csv: bool,
) -> CliResult {
    let graph = Graph::new();
    let r = record(&graph, text, values)?;
    r.root.backward();
    let forward = r.root.forward_trace();
    let backward = r.root.backward_trace();
    if json {
        print_json(
            out,
            &json!({ "forward": scalargrad::json::to_value(&forward), "backward": scalargrad::json::to_value(&backward) }),
        )?;
    } else if csv {
        write!(out, "{}", forward.to_csv())?;
        writeln!(out)?;
        write!(out, "{}", backward.to_csv())?;
    } else {
        writeln!(out, "{forward}")?;
        write!(out, "{backward}")?;
        writeln!(out, "\nGradients:")?;
        for (name, v) in &r.variables {
            writeln!(out, "  ∂{}/∂{name} = {}", r.name, v.grad())?;
        }
    }
    Ok(finite_or_say_where(r.root))
}

/// The paths of a [`ChainPaths`] as a JSON array, found while they are
/// written (at most `limit`).
struct LazyPaths<'a> {
    paths: RefCell<&'a mut ChainPaths>,
    limit: usize,
}

impl Serialize for LazyPaths<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut paths = self.paths.borrow_mut();
        serializer.collect_seq(paths.by_ref().take(self.limit).map(|p| {
            json!({
                "nodes": p.nodes,
                "local_derivatives": scalargrad::json::to_value(&p.local_derivatives),
                "product": number(p.product),
            })
        }))
    }
}

/// `scalargrad paths`: the paths are printed as they are found, never all
/// kept, and node labels are found in O(1).
pub fn paths(
    out: &mut dyn Write,
    text: &str,
    values: &[String],
    wrt: &str,
    limit: usize,
    json: bool,
) -> CliResult {
    if limit > limits::PATHS {
        return Err(CliError::new(format!(
            "--limit {limit}: at most {} paths can be listed",
            limits::PATHS
        )));
    }
    let graph = Graph::new();
    let r = record(&graph, text, values)?;
    let Some((_, x)) = r.variables.iter().find(|(n, _)| n == wrt) else {
        let known: Vec<&str> = r.variables.iter().map(|(n, _)| n.as_str()).collect();
        let wrt = scalargrad::escape_controls(wrt);
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
    let mut found = inspect::chain_paths(*x, r.root);
    let (count, total) = (found.path_count(), found.total());
    if json {
        #[derive(serde::Serialize)]
        struct Listing<'a> {
            wrt: &'a str,
            count: u128,
            paths: LazyPaths<'a>,
            sum: f64,
            grad: f64,
        }
        print_json(
            out,
            &Listing {
                wrt,
                count,
                paths: LazyPaths {
                    paths: RefCell::new(&mut found),
                    limit,
                },
                sum: total,
                grad: x.grad(),
            },
        )?;
    } else {
        let (input, output) = (found.label(found.input()), found.label(found.output()));
        writeln!(
            out,
            "∂{output}/∂{input} as a sum over paths: {count} path{} from {input} to {output}",
            if count == 1 { "" } else { "s" }
        )?;
        let (mut listed, mut sum_of_listed) = (0u128, 0.0);
        while (listed as usize) < limit {
            let Some(path) = found.next() else { break };
            writeln!(out, "  {}:  {}", found.route(&path), path.factors())?;
            listed += 1;
            sum_of_listed += path.product;
        }
        if listed < count {
            writeln!(
                out,
                "  … {} more path(s) not listed; listed sum {sum_of_listed:.6}",
                count - listed
            )?;
        }
        writeln!(out, "sum over all paths = {total:.6}")?;
        writeln!(out, "autograd: ∂f/∂{wrt} = {}", x.grad())?;
    }
    Ok(finite_or_say_where(r.root))
}

/// `scalargrad check`: exit status 1 when a derivative does not match (or
/// the value is not finite).
pub fn check(
    out: &mut dyn Write,
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
    let values_status;
    {
        let graph = Graph::new();
        let r = record(&graph, text, values)?;
        names = r.variables.iter().map(|(n, _)| n.clone()).collect();
        point = r.variables.iter().map(|(_, v)| v.data()).collect();
        values_status = inspect::check_values(r.root);
    }
    if names.len() > limits::CHECK_VARIABLES {
        return Err(CliError::new(format!(
            "check: {} variables; at most {} can be checked (it evaluates the formula twice per variable)",
            names.len(),
            limits::CHECK_VARIABLES
        )));
    }
    let formula = Formula::parse(text).map_err(|e| CliError::in_formula(&e, text))?;
    let options = GradcheckOptions {
        eps,
        atol,
        rtol,
        ..GradcheckOptions::default()
    };
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
                    json!({ "at": number(c.at), "analytic": number(c.analytic), "numeric": number(c.numeric), "abs_error": number(c.abs_error), "ok": c.ok }),
                )
            })
            .collect();
        print_json(
            out,
            &json!({ "value": number(report.value), "passed": report.passed(), "variables": variables }),
        )?;
    } else {
        writeln!(
            out,
            "f = {}   (ε = {eps:e}, atol = {atol:e}, rtol = {rtol:e})",
            report.value
        )?;
        writeln!(
            out,
            "{:<10} {:>24} {:>24} {:>10}  ok",
            "variable", "analytic (autograd)", "numeric (central diff.)", "abs error"
        )?;
        for (n, c) in names.iter().zip(&report.inputs) {
            writeln!(
                out,
                "{:<10} {:>24.15e} {:>24.15e} {:>10.2e}  {}",
                n,
                c.analytic,
                c.numeric,
                c.abs_error,
                if c.ok { "yes" } else { "NO" }
            )?;
        }
        writeln!(
            out,
            "{}",
            if report.passed() {
                "passed"
            } else {
                "FAILED: autograd and finite differences disagree"
            }
        )?;
    }
    if let Some(anomaly) = values_status {
        note(&format!("the result is not finite: {anomaly}"));
        return Ok(untrustworthy());
    }
    Ok(if report.passed() {
        ExitCode::SUCCESS
    } else {
        untrustworthy()
    })
}

/// `scalargrad dot`.
pub fn dot(
    out: &mut dyn Write,
    text: &str,
    values: &[String],
    output: Option<&Path>,
    json: bool,
) -> CliResult {
    let graph = Graph::new();
    let r = record(&graph, text, values)?;
    r.root.backward();
    let dot = r.root.to_dot();
    match output {
        None if json => print_json(out, &json!({ "dot": dot }))?,
        None => write!(out, "{dot}")?,
        Some(path) => {
            scalargrad::files::prepare_output(path)?;
            let renderer = inspect::render(r.root, &inspect::DotOptions::default(), path)?;
            let how = match renderer {
                inspect::Renderer::Graphviz => "Graphviz",
                inspect::Renderer::Builtin => "built-in layout",
                inspect::Renderer::Text => "DOT text",
            };
            if json {
                print_json(
                    out,
                    &json!({ "file": path.display().to_string(), "renderer": how }),
                )?;
            } else {
                writeln!(out, "wrote {} ({how})", path.display())?;
            }
        }
    }
    Ok(finite_or_say_where(r.root))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_formula_past_its_bound_is_refused_before_it_is_parsed() {
        // Linux refuses such an argument itself (131,072 bytes at most), so
        // the bound is tested here rather than through the program.
        let graph = Graph::new();
        let long = "x".repeat(limits::FORMULA_CHARS + 1);
        let error = record(&graph, &long, &[]).err().expect("refused");
        assert_eq!(
            error.to_string(),
            "scalargrad: error: the formula has 1000001 characters; the limit is 1000000"
        );
        assert!(graph.is_empty(), "nothing was recorded");
    }
}
