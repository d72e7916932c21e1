//! Second derivatives from the shell: `grad --order 2`, `hessian` and
//! `check --order 2`.
//!
//! The gradient is recorded as values ([`scalargrad::grad`]) and each of its
//! entries differentiated again, so `H_ij = ∂/∂x_j (∂f/∂x_i)` is computed
//! by the engine, not by differences; `check --order 2` compares it with
//! central differences of the first derivatives
//! ([`gradgradcheck_with`]).

use std::io::Write;
use std::process::ExitCode;

use scalargrad::gradcheck::gradgradcheck_with;
use scalargrad::json::number;
use scalargrad::{inspect, Graph, Value};
use serde_json::json;

use super::formula::{check_options, finite_or_say_where, record, Checkable, Recorded};
use super::{limits, note, print_json, untrustworthy, CliError, CliResult};

/// A formula with its gradient and Hessian recorded as values.
struct Second<'g> {
    recorded: Recorded<'g>,
    gradient: Vec<Value<'g>>,
    /// `hessian[i][j] = ∂/∂x_j (∂f/∂x_i)`.
    hessian: Vec<Vec<Value<'g>>>,
}

impl Second<'_> {
    fn names(&self) -> impl Iterator<Item = &str> {
        self.recorded.variables.iter().map(|(n, _)| n.as_str())
    }

    /// The name of `∂²f/∂x_i∂x_j`: `∂²f/∂x²` on the diagonal.
    fn entry_name(&self, i: usize, j: usize) -> String {
        second_name(
            &self.recorded.name,
            &self.recorded.variables[i].0,
            &self.recorded.variables[j].0,
        )
    }

    /// Status 0 if the value, the gradient and the Hessian are finite;
    /// otherwise a note naming the first that is not and the node where its
    /// NaN or infinity was born, and status 1.
    fn finite_or_say_where(&self) -> ExitCode {
        let status = finite_or_say_where(self.recorded.root);
        if status != ExitCode::SUCCESS {
            return status;
        }
        let n = self.gradient.len();
        for i in 0..n {
            for j in 0..n {
                let v = self.hessian[i][j];
                if !v.data().is_finite() {
                    let name = self.entry_name(i, j);
                    match inspect::check_values(v) {
                        Some(anomaly) => note(&format!("{name} is not finite: {anomaly}")),
                        None => note(&format!("{name} is {}", v.data())),
                    }
                    return untrustworthy();
                }
            }
        }
        ExitCode::SUCCESS
    }
}

/// `∂²f/∂x²` or `∂²f/∂x∂y`.
fn second_name(f: &str, x: &str, y: &str) -> String {
    if x == y {
        format!("∂²{f}/∂{x}²")
    } else {
        format!("∂²{f}/∂{x}∂{y}")
    }
}

/// Records `text` with its gradient and Hessian, within the bounds of
/// [`limits::SECOND_ORDER_VARIABLES`] and [`limits::SECOND_ORDER_NODES`].
fn record_second<'g>(
    graph: &'g Graph,
    text: &str,
    values: &[String],
    command: &str,
) -> Result<Second<'g>, CliError> {
    let recorded = record(graph, text, values)?;
    let n = recorded.variables.len();
    if n > limits::SECOND_ORDER_VARIABLES {
        return Err(CliError::new(format!(
            "{command}: {n} variables; second derivatives are computed for at most {} (one backward pass per variable)",
            limits::SECOND_ORDER_VARIABLES
        )));
    }
    let xs: Vec<Value<'g>> = recorded.variables.iter().map(|(_, v)| *v).collect();
    let gradient = scalargrad::grad(recorded.root, &xs);
    // Each row of the Hessian records about as many nodes as the graph
    // holds now (the formula and its gradient).
    let per_row = graph.len();
    if per_row.saturating_mul(n) > limits::SECOND_ORDER_NODES {
        return Err(CliError::new(format!(
            "{command}: the formula and its gradient have {per_row} nodes; its {n} second-derivative rows would record about {}, more than the limit of {}",
            per_row.saturating_mul(n),
            limits::SECOND_ORDER_NODES
        )));
    }
    let hessian = gradient.iter().map(|&d| scalargrad::grad(d, &xs)).collect();
    Ok(Second {
        recorded,
        gradient,
        hessian,
    })
}

/// Writes a square table: a header of `names`, then one row per name.
fn write_matrix(
    out: &mut dyn Write,
    corner: &str,
    names: &[&str],
    cells: &[Vec<f64>],
) -> std::io::Result<()> {
    let text: Vec<Vec<String>> = cells
        .iter()
        .map(|row| row.iter().map(|x| x.to_string()).collect())
        .collect();
    let label = names
        .iter()
        .map(|n| n.chars().count())
        .chain([corner.chars().count()])
        .max()
        .unwrap_or(0);
    let width = text
        .iter()
        .flatten()
        .map(|s| s.chars().count())
        .chain(names.iter().map(|n| n.chars().count()))
        .max()
        .unwrap_or(0);
    write!(out, "{corner:<label$}")?;
    for name in names {
        write!(out, "  {name:>width$}")?;
    }
    writeln!(out)?;
    for (name, row) in names.iter().zip(&text) {
        write!(out, "{name:<label$}")?;
        for cell in row {
            write!(out, "  {cell:>width$}")?;
        }
        writeln!(out)?;
    }
    Ok(())
}

fn numbers(values: &[Vec<Value<'_>>]) -> Vec<Vec<f64>> {
    values
        .iter()
        .map(|row| row.iter().map(|v| v.data()).collect())
        .collect()
}

/// The Hessian as JSON: `{"x": {"x": …, "y": …}, …}`.
fn json_matrix(names: &[&str], cells: &[Vec<f64>]) -> serde_json::Value {
    let rows: serde_json::Map<String, serde_json::Value> = names
        .iter()
        .zip(cells)
        .map(|(row, values)| {
            let columns: serde_json::Map<String, serde_json::Value> = names
                .iter()
                .zip(values)
                .map(|(column, &x)| (column.to_string(), number(x)))
                .collect();
            (row.to_string(), serde_json::Value::Object(columns))
        })
        .collect();
    serde_json::Value::Object(rows)
}

/// `scalargrad grad --order 2`: the value, the gradient, and the second
/// partial derivatives as a table.
pub fn grad_second(out: &mut dyn Write, text: &str, values: &[String], json: bool) -> CliResult {
    let graph = Graph::new();
    let s = record_second(&graph, text, values, "grad --order 2")?;
    let names: Vec<&str> = s.names().collect();
    let hessian = numbers(&s.hessian);
    let f = &s.recorded.name;
    if json {
        let grads: serde_json::Map<String, serde_json::Value> = names
            .iter()
            .zip(&s.gradient)
            .map(|(n, d)| (n.to_string(), number(d.data())))
            .collect();
        print_json(
            out,
            &json!({
                "value": number(s.recorded.root.data()),
                "grad": grads,
                "second": json_matrix(&names, &hessian),
            }),
        )?;
    } else {
        writeln!(out, "{f} = {}", s.recorded.root.data())?;
        for (name, d) in names.iter().zip(&s.gradient) {
            writeln!(out, "∂{f}/∂{name} = {}", d.data())?;
        }
        if !names.is_empty() {
            let (x, y) = (names[0], names[names.len() - 1]);
            writeln!(
                out,
                "second derivatives (row {x}, column {y}: the derivative by {y} of ∂{f}/∂{x}):"
            )?;
            write_matrix(out, "", &names, &hessian)?;
        }
    }
    Ok(s.finite_or_say_where())
}

/// `scalargrad hessian`: the matrix of second derivatives.
pub fn hessian(out: &mut dyn Write, text: &str, values: &[String], json: bool) -> CliResult {
    let graph = Graph::new();
    let s = record_second(&graph, text, values, "hessian")?;
    let names: Vec<&str> = s.names().collect();
    let hessian = numbers(&s.hessian);
    if json {
        print_json(
            out,
            &json!({
                "value": number(s.recorded.root.data()),
                "variables": names,
                "hessian": hessian.iter().map(|row| row.iter().map(|&x| number(x)).collect::<Vec<_>>()).collect::<Vec<_>>(),
            }),
        )?;
    } else {
        let at: Vec<String> = s
            .recorded
            .variables
            .iter()
            .map(|(n, v)| format!("{n} = {}", v.data()))
            .collect();
        let f = &s.recorded.name;
        writeln!(out, "Hessian of {f} at {}:", at.join(", "))?;
        write_matrix(out, "H", &names, &hessian)?;
    }
    Ok(s.finite_or_say_where())
}

/// `scalargrad check --order 2`: every second derivative against the
/// central difference of the first (exit status 1 on a mismatch).
pub fn check_second(
    out: &mut dyn Write,
    text: &str,
    values: &[String],
    tolerances: (f64, f64, f64),
    json: bool,
) -> CliResult {
    let options = check_options("check --order 2", tolerances)?;
    let checked = Checkable::new(
        text,
        values,
        limits::SECOND_ORDER_VARIABLES,
        "check --order 2",
        "twice and differentiates it twice",
    )?;
    let report = gradgradcheck_with(
        |g, inputs| checked.build(g, inputs),
        &checked.point,
        options,
    );
    let names = &checked.names;
    if json {
        let entries: Vec<serde_json::Value> = report
            .entries
            .iter()
            .map(|e| {
                json!({
                    "row": names[e.i],
                    "column": names[e.j],
                    "analytic": number(e.analytic),
                    "numeric": number(e.numeric),
                    "abs_error": number((e.analytic - e.numeric).abs()),
                    "ok": e.ok,
                })
            })
            .collect();
        print_json(
            out,
            &json!({ "passed": report.passed(), "entries": entries }),
        )?;
    } else {
        writeln!(
            out,
            "second derivatives against central differences of the gradient   (ε = {:e}, atol = {:e}, rtol = {:e})",
            options.eps, options.atol, options.rtol
        )?;
        let labels: Vec<String> = report
            .entries
            .iter()
            .map(|e| second_name("f", &names[e.i], &names[e.j]))
            .collect();
        let label = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0);
        let label = label.max("entry".len());
        writeln!(
            out,
            "{:<label$} {:>24} {:>24} {:>10}  ok",
            "entry", "analytic (grad of grad)", "numeric (central diff.)", "abs error"
        )?;
        for (e, l) in report.entries.iter().zip(&labels) {
            writeln!(
                out,
                "{l:<label$} {:>24.15e} {:>24.15e} {:>10.2e}  {}",
                e.analytic,
                e.numeric,
                (e.analytic - e.numeric).abs(),
                if e.ok { "yes" } else { "NO" }
            )?;
        }
        writeln!(
            out,
            "{}",
            if report.passed() {
                "passed"
            } else {
                "FAILED: second derivatives and finite differences of the gradient disagree"
            }
        )?;
    }
    if let Some(anomaly) = &checked.values_status {
        note(&format!("the result is not finite: {anomaly}"));
        return Ok(untrustworthy());
    }
    Ok(if report.passed() {
        ExitCode::SUCCESS
    } else {
        untrustworthy()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hessian_past_its_node_bound_is_refused_before_it_is_recorded() {
        // 100 variables, the product x1·…·x100 added 400 times: about 40,000
        // nodes, and its gradient several times more, so 100 rows would
        // record millions of nodes past the bound.
        let product: Vec<String> = (1..=100).map(|i| format!("x{i}")).collect();
        let term = product.join("*");
        let text = vec![term.as_str(); 400].join(" + ");
        let values: Vec<String> = (1..=100).map(|i| format!("x{i}=1")).collect();
        let graph = Graph::new();
        let error = record_second(&graph, &text, &values, "hessian")
            .err()
            .expect("refused");
        let message = error.to_string();
        assert!(
            message.contains("more than the limit of 10000000"),
            "{message}"
        );
        // Refused after the gradient, before any row of the Hessian.
        assert!(graph.len() < 1_000_000, "{} nodes", graph.len());
    }
}
