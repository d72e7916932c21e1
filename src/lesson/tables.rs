//! The engine's tables as the lesson prints them, with headers in the
//! page's language: a forward trace, a backward trace, a gradient table.

use std::io;
use std::io::Write as _;

use super::numbers::{fixed, pad, pad_left};
use super::page::{tr, Page};
use crate::inspect::{BackwardStep, ForwardTrace};
use crate::nn::GradientTable;

/// A number of a table: `decimals` decimals, or scientific notation with
/// as many significant digits when it is small but not 0 (`6.700e-5`
/// rather than `0.000067`).
pub fn cell(x: f64, decimals: usize) -> String {
    if x != 0.0 && x.abs() < 1e-3 {
        format!("{:.*e}", decimals.saturating_sub(3).max(1), x)
    } else {
        fixed(x, decimals)
    }
}

/// `#index name`, or `#index`.
fn node_label(index: usize, name: Option<&str>) -> String {
    match name {
        Some(n) => format!("#{index} {n}"),
        None => format!("#{index}"),
    }
}

/// Every node of `trace`: index and name, op, inputs, value.
///
/// # Errors
/// If writing fails.
pub fn forward_trace(page: &mut Page<'_>, trace: &ForwardTrace) -> io::Result<()> {
    let header = [
        tr!(page, "table.node"),
        tr!(page, "table.op"),
        tr!(page, "table.inputs"),
        tr!(page, "table.value"),
    ];
    writeln!(
        page,
        "{} {} {} {}",
        pad(&header[0], 14),
        pad(&header[1], 10),
        pad(&header[2], 18),
        pad_left(&header[3], 12)
    )?;
    for s in &trace.steps {
        let inputs: Vec<String> = s.inputs.iter().map(|i| format!("#{i}")).collect();
        writeln!(
            page,
            "{} {} {} {}",
            pad(&node_label(s.node, s.name.as_deref()), 14),
            pad(&s.op, 10),
            pad(&inputs.join(" "), 18),
            pad_left(&fixed(s.value, 6), 12)
        )?;
    }
    Ok(())
}

/// Steps of a backward trace: per node, its upstream gradient, and per
/// input the local derivative and the contribution `upstream × local`.
///
/// # Errors
/// If writing fails.
pub fn backward_steps(page: &mut Page<'_>, steps: &[BackwardStep]) -> io::Result<()> {
    let header = [
        tr!(page, "table.node"),
        tr!(page, "table.op"),
        tr!(page, "table.upstream"),
        tr!(page, "table.input"),
        tr!(page, "table.local"),
        tr!(page, "table.contribution"),
    ];
    writeln!(
        page,
        "{} {} {}   {} {} {}",
        pad(&header[0], 14),
        pad(&header[1], 8),
        pad_left(&header[2], 14),
        pad(&header[3], 8),
        pad_left(&header[4], 14),
        pad_left(&header[5], 14)
    )?;
    for s in steps {
        for (k, c) in s.contributions.iter().enumerate() {
            let (node, op, up) = if k == 0 {
                (
                    node_label(s.node, s.name.as_deref()),
                    s.op.clone(),
                    cell(s.upstream, 6),
                )
            } else {
                (String::new(), String::new(), String::new())
            };
            writeln!(
                page,
                "{} {} {}   {} {} {}",
                pad(&node, 14),
                pad(&op, 8),
                pad_left(&up, 14),
                pad(&format!("#{}", c.input), 8),
                pad_left(&cell(c.local_derivative, 6), 14),
                pad_left(&cell(c.contribution, 6), 14)
            )?;
        }
    }
    Ok(())
}

/// A layer's table `∂J/∂w_ij = e_j·a_i` against autograd, one example:
/// `parameter | a_i | e_j | e_j·a_i | autograd | agrees`, units counted
/// from 1.
///
/// # Errors
/// If writing fails.
pub fn gradient_table(page: &mut Page<'_>, table: &GradientTable) -> io::Result<()> {
    let layer = table.layer + 1;
    let title = tr!(page, "table.gradient_title", layer = layer);
    writeln!(page, "{title}")?;
    let header = [tr!(page, "table.parameter"), tr!(page, "table.agrees")];
    writeln!(
        page,
        "{} {} {} {} {}  {}",
        pad(&header[0], 10),
        pad_left("a_i", 10),
        pad_left("e_j", 12),
        pad_left("e_j·a_i", 14),
        pad_left("autograd", 14),
        header[1]
    )?;
    for row in &table.rows {
        let name = match row.i {
            Some(i) => format!("w_{},{}", i + 1, row.j + 1),
            None => format!("b_{}", row.j + 1),
        };
        let word = if row.agrees() {
            page.yes_no(true)
        } else {
            tr!(page, "common.failed")
        };
        writeln!(
            page,
            "{} {} {} {} {}  {}",
            pad(&name, 10),
            pad_left(&fixed(row.a_i[0], 4), 10),
            pad_left(&cell(row.e_j[0], 6), 12),
            pad_left(&cell(row.predicted, 9), 14),
            pad_left(&cell(row.autograd, 9), 14),
            word
        )?;
    }
    Ok(())
}
