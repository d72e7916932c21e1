//! The same network with LeakyReLU: the unit gets a gradient and comes
//! back to life.

use std::io;
use std::io::Write as _;

use super::super::numbers::{fixed, list};
use super::super::page::{check, say, tr, Page};
use super::dead_unit::{cell, pad};
use super::network::{forward_backward, network, run_steps, train_step, unit_parameters, Point};
use super::{LEAKY, LONG, LR, STEPS};
use crate::nn::Activation;
use crate::optim::Sgd;
use crate::Graph;

/// Prints what LeakyReLU (slope [`LEAKY`]) changes for hidden unit `dead`
/// (from 0): its gradient, its first step, its `z` over the first steps;
/// then the same with PyTorch's slope 0.01 over [`LONG`] steps. Returns both
/// runs.
pub(super) fn leaky_unit_comes_back(
    page: &mut Page<'_>,
    dead: usize,
) -> io::Result<(Vec<Point>, Vec<Point>)> {
    let dead1 = dead + 1;
    // -----------------------------------------------------------------------
    // The same network with LeakyReLU: f(z) = z if z > 0 else s·z, f'(z) = s.
    let leaky_relu = Activation::LeakyRelu(LEAKY);
    page.blank()?;
    say!(page, "dying.leaky", s = LEAKY)?;
    let graph = Graph::new();
    let leaky = network(&graph, leaky_relu);
    let l0 = forward_backward(&leaky);
    say!(
        page,
        "dying.leaky_e",
        unit = dead1,
        a = fixed(l0.a[0][dead], 4),
        upstream = fixed(l0.upstream[0][dead], 4),
        s = leaky_relu.derivative(l0.z[0][dead]),
        e = fixed(l0.e[0][dead], 4)
    )?;
    if page.detail() {
        say!(page, "dying.leaky_e_line", e = fixed(l0.e[0][dead], 6))?;
    }
    check!(page, "dying.check_leaky_e", l0.e[0][dead] != 0.0)?;
    if page.detail() {
        say!(page, "dying.leaky_rows")?;
        for row in l0.hidden_table.rows.iter().filter(|r| r.j == dead) {
            let name = match row.i {
                Some(i) => format!("∂J/∂w_{},{dead1}", i + 1),
                None => format!("∂J/∂b_{dead1}"),
            };
            writeln!(
                page,
                "  {name:<10} = e_{dead1}·a_i = {:>9} · {:>6} = {:>10}   (autograd {})",
                fixed(row.e_j[0], 6),
                fixed(row.a_i[0], 3),
                fixed(row.predicted, 6),
                fixed(row.autograd, 6)
            )?;
        }
    }
    let leaky_before = unit_parameters(&leaky, dead);
    train_step(&leaky, &mut Sgd::new(LR));
    let leaky_after = unit_parameters(&leaky, dead);
    if page.detail() {
        say!(
            page,
            "dying.leaky_step",
            lr = LR,
            unit = dead1,
            before = list(&leaky_before, 4),
            after = list(&leaky_after, 4)
        )?;
    }
    check!(page, "dying.check_leaky_moved", leaky_before != leaky_after)?;

    // Step it STEPS times (again from a fresh copy) and watch z.
    let graph = Graph::new();
    let leaky_run = run_steps(&network(&graph, leaky_relu), dead, STEPS);
    let recovered = leaky_run.iter().position(|p| p.z > 0.0);
    let shown = recovered.map_or(STEPS, |s| (s + 2).min(STEPS));
    writeln!(
        page,
        "  {} {} {} {}",
        pad(&tr!(page, "dying.col_step")),
        cell(&format!("z_{dead1}")),
        cell(&format!("e_{dead1}")),
        cell("J")
    )?;
    for (s, point) in leaky_run[..=shown].iter().enumerate() {
        let note = if Some(s) == recovered {
            format!("   ← {}", tr!(page, "dying.note_alive"))
        } else {
            String::new()
        };
        writeln!(
            page,
            "  {} {} {} {}{note}",
            pad(&s.to_string()),
            cell(&fixed(point.z, 4)),
            cell(&fixed(point.e, 4)),
            cell(&fixed(point.loss, 4))
        )?;
    }
    let z_shown: Vec<f64> = leaky_run[..=shown].iter().map(|p| p.z).collect();
    if page.detail() {
        say!(page, "dying.leaky_z", z = list(&z_shown, 4))?;
    }
    check!(
        page,
        "dying.check_leaky_rises",
        z_shown.windows(2).all(|w| w[1] > w[0])
    )?;
    match recovered {
        Some(s) => {
            if page.detail() {
                say!(page, "dying.leaky_recovers", steps = s)?;
            }
        }
        None => say!(page, "dying.leaky_not_recovered", steps = STEPS)?,
    }
    check!(page, "dying.check_recovers", recovered.is_some())?;

    // PyTorch's default slope: the same push, ten times weaker.
    let graph = Graph::new();
    let default_run = run_steps(&network(&graph, Activation::LEAKY_RELU), dead, LONG);
    let default_recovered = default_run.iter().position(|p| p.z > 0.0);
    say!(
        page,
        "dying.default_slope",
        unit = dead1,
        e = fixed(default_run[0].e, 4),
        from = fixed(default_run[0].z, 4),
        to = fixed(default_run[STEPS].z, 4),
        steps = STEPS,
        long_z = fixed(default_run[LONG].z, 4),
        long = LONG
    )?;
    match default_recovered {
        Some(s) => say!(page, "dying.default_alive", steps = s)?,
        None => say!(page, "dying.default_dead", long = LONG)?,
    }
    Ok((leaky_run, default_run))
}
