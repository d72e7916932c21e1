//! The same network with LeakyReLU: the unit gets a gradient and comes
//! back to life.

use std::io::Write;

use super::network::{forward_backward, network, run_steps, train_step, unit_parameters, Point};
use super::{list, yes, LEAKY, LONG, LR, STEPS};
use crate::nn::Activation;
use crate::optim::Sgd;
use crate::Graph;

/// Prints what LeakyReLU (slope [`LEAKY`]) changes for hidden unit `dead`
/// (from 0): its gradient, its first step, its `z` over [`STEPS`] steps; then
/// the same with PyTorch's slope 0.01 over [`LONG`] steps. Returns both runs.
pub(super) fn leaky_unit_comes_back(
    out: &mut dyn Write,
    dead: usize,
) -> std::io::Result<(Vec<Point>, Vec<Point>)> {
    let dead1 = dead + 1;
    // -----------------------------------------------------------------------
    // The same network with LeakyReLU: f(z) = z if z > 0 else s·z, f'(z) = s.
    let leaky_relu = Activation::LeakyRelu(LEAKY);
    writeln!(
        out,
        "\n## The same network with LeakyReLU, slope s = {LEAKY} (PyTorch's default is 0.01; 0.1 makes the change visible)"
    )?;
    let graph = Graph::new();
    let leaky = network(&graph, leaky_relu);
    let l0 = forward_backward(&leaky);
    writeln!(
        out,
        "forward: z_{dead1} = {:.6}, a_{dead1} = s·z_{dead1} = {:.6} (no longer 0)",
        l0.z[0][dead], l0.a[0][dead]
    )?;
    writeln!(
        out,
        "backward: ∂J/∂a_{dead1} = {:.6}, f'(z_{dead1}) = s = {}, e_{dead1} = ∂J/∂a_{dead1}·s = {:.6}",
        l0.upstream[0][dead],
        leaky_relu.derivative(l0.z[0][dead]),
        l0.e[0][dead]
    )?;
    writeln!(out, "leaky unit's e_j: {}", l0.e[0][dead])?;
    writeln!(
        out,
        "leaky unit's e_j non-zero: {}",
        yes(l0.e[0][dead] != 0.0)
    )?;
    writeln!(out, "Its rows of the hidden layer's gradient table:")?;
    for row in l0.hidden_table.rows.iter().filter(|r| r.j == dead) {
        let name = match row.i {
            Some(i) => format!("∂J/∂w_{},{dead1}", i + 1),
            None => format!("∂J/∂b_{dead1}"),
        };
        writeln!(
            out,
            "  {name:<10} = e_{dead1}·a_i = {:>9.6} · {:>6.3} = {:>10.6}   (autograd {:.6})",
            row.e_j[0], row.a_i[0], row.predicted, row.autograd
        )?;
    }
    let leaky_before = unit_parameters(&leaky, dead);
    train_step(&leaky, &mut Sgd::new(LR));
    let leaky_after = unit_parameters(&leaky, dead);
    writeln!(
        out,
        "one step, lr = {LR}: unit {dead1} ({})  →  ({})",
        list(&leaky_before),
        list(&leaky_after)
    )?;
    writeln!(
        out,
        "leaky unit's weights moved: {}",
        yes(leaky_before != leaky_after)
    )?;

    // Step it STEPS times (again from a fresh copy) and watch z_1.
    let graph = Graph::new();
    let leaky_run = run_steps(&network(&graph, leaky_relu), dead, STEPS);
    let recovered = leaky_run.iter().position(|p| p.z > 0.0);
    let shown = recovered.map_or(STEPS, |s| (s + 2).min(STEPS));
    writeln!(
        out,
        "\n  {:<6} {:>10} {:>10} {:>10}",
        "step",
        format!("z_{dead1}"),
        format!("e_{dead1}"),
        "J"
    )?;
    for (s, point) in leaky_run[..=shown].iter().enumerate() {
        let note = if Some(s) == recovered {
            "   ← z > 0: alive again, the full gradient flows"
        } else {
            ""
        };
        writeln!(
            out,
            "  {s:<6} {:>10.4} {:>10.4} {:>10.4}{note}",
            point.z, point.e, point.loss
        )?;
    }
    let z_shown: Vec<f64> = leaky_run[..=shown].iter().map(|p| p.z).collect();
    writeln!(out, "leaky unit's z per step: {}", list(&z_shown))?;
    writeln!(
        out,
        "leaky unit's z increases every step: {}",
        yes(z_shown.windows(2).all(|w| w[1] > w[0]))
    )?;
    match recovered {
        Some(s) => writeln!(out, "leaky unit recovers (z > 0) after {s} steps")?,
        None => writeln!(
            out,
            "leaky unit recovers (z > 0) after: not within {STEPS} steps"
        )?,
    }

    // PyTorch's default slope: the same push, ten times weaker.
    let graph = Graph::new();
    let default_run = run_steps(&network(&graph, Activation::LEAKY_RELU), dead, LONG);
    let default_recovered = default_run.iter().position(|p| p.z > 0.0);
    writeln!(
        out,
        "\nWith PyTorch's slope 0.01: e_{dead1} = {:.6} at the start (s = {LEAKY} gave {:.6}); z_{dead1} goes {:.4} → {:.4} in {STEPS} steps, {:.4} in {LONG} ({}).",
        default_run[0].e,
        leaky_run[0].e,
        default_run[0].z,
        default_run[STEPS].z,
        default_run[LONG].z,
        match default_recovered {
            Some(s) => format!("alive after {s} steps"),
            None => format!("still below 0 after {LONG} steps: as J → 0 the push fades"),
        }
    )?;
    Ok((leaky_run, default_run))
}
