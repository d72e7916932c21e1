//! The ReLU unit whose `z` is negative: what it passes forward, the
//! gradient it blocks, and the weights that never move.

use std::error::Error;
use std::io::Write as _;

use super::super::numbers::{fixed, gap, list, pad_left};
use super::super::page::{check, say, tr, Page};
use super::super::tables;
use super::network::{forward_backward, network, run_steps, train_step, unit_parameters, Point};
use super::{CLASS, LR, STEPS, X};
use crate::loss::Objective;
use crate::nn::Activation;
use crate::optim::Sgd;
use crate::{inspect, Graph};

/// Prints the ReLU network's forward and backward pass, one step of
/// gradient descent and then [`STEPS`] of them, showing that the unit with
/// `z < 0` gets no gradient and stays dead. Returns that unit (from 0) and
/// its run of [`STEPS`] steps.
pub(super) fn relu_unit_stays_dead(
    page: &mut Page<'_>,
) -> Result<(usize, Vec<Point>), Box<dyn Error>> {
    // The chosen parameters, in the lesson's matrix form z = Wᵀa + b.
    let graph = Graph::new();
    let mlp = network(&graph, Activation::Relu);
    if page.detail() {
        for (l, layer) in mlp.layers().iter().enumerate() {
            page.blank()?;
            say!(page, "dying.weights", layer = l + 1)?;
            for (i, row) in layer.weight_matrix().iter().enumerate() {
                writeln!(page, "  i = {}: {}", i + 1, list(row, 4))?;
            }
            writeln!(page, "  b    : {}", list(&layer.bias_vector(), 4))?;
        }
    }

    // -----------------------------------------------------------------------
    // Forward pass: a⁽⁰⁾ = x, z⁽ˡ⁾ = W⁽ˡ⁾ᵀa⁽ˡ⁻¹⁾ + b⁽ˡ⁾, a⁽ˡ⁾ = f(z⁽ˡ⁾).
    // One pass computes forward and backward; the backward half is printed
    // after.
    let first = forward_backward(&mlp);
    page.blank()?;
    say!(page, "dying.forward")?;
    let unit = tr!(page, "dying.col_unit");
    writeln!(page, "  {} {} {}", pad(&unit), cell("z_j"), cell("a_j"))?;
    for (j, (z, a)) in first.z[0].iter().zip(&first.a[0]).enumerate() {
        let note = if *z < 0.0 {
            format!("   ← {}", tr!(page, "dying.note_dead"))
        } else {
            String::new()
        };
        writeln!(
            page,
            "  {} {} {}{note}",
            pad(&(j + 1).to_string()),
            cell(&fixed(*z, 4)),
            cell(&fixed(*a, 4))
        )?;
    }
    say!(
        page,
        "dying.softmax",
        p = list(&first.p, 4),
        output = CLASS + 1,
        j = fixed(first.loss, 6)
    )?;

    // The dead unit: the hidden unit whose z is negative, so a = 0.
    let dead = first.z[0]
        .iter()
        .position(|&z| z < 0.0)
        .ok_or("the chosen weights leave no hidden unit with z < 0")?;
    let z_dead = first.z[0][dead];
    // Printed from 1, as the lesson counts units.
    let dead1 = dead + 1;
    if page.detail() {
        writeln!(page, "  z⁽²⁾ = ({})", list(&first.z[1], 4))?;
        say!(page, "dying.dead_unit", unit = dead1)?;
        say!(
            page,
            "dying.dead_forward",
            unit = dead1,
            z = fixed(z_dead, 6),
            a = fixed(first.a[0][dead], 6)
        )?;
        // inspect::layer_report finds the same unit from the trace: a_j = 0
        // for every example of the batch (here, the one example).
        let keep = graph.len();
        let trace = mlp.forward_trace(&graph.values(&X));
        let report = inspect::layer_report(&mlp, &[trace]);
        writeln!(page, "  inspect::layer_report: {}", report[0])?;
        graph.truncate(keep);
    }

    // -----------------------------------------------------------------------
    // Backward pass, from the loss back to the input.
    page.blank()?;
    say!(page, "dying.backward")?;
    if page.detail() {
        writeln!(page, "  k {} {} {}", cell("p_k"), cell("y_k"), cell("e_k"))?;
        for (k, e) in first.e[1].iter().enumerate() {
            let y = if k == CLASS { 1.0 } else { 0.0 };
            writeln!(
                page,
                "  {} {} {} {}",
                k + 1,
                cell(&fixed(first.p[k], 4)),
                cell(&fixed(y, 4)),
                cell(&fixed(*e, 4))
            )?;
        }
    }
    writeln!(
        page,
        "  {} {} {} {}",
        pad(&unit),
        cell("∂J/∂a_j"),
        cell("relu'(z_j)"),
        cell("e_j")
    )?;
    for j in 0..first.e[0].len() {
        let derivative = Activation::Relu.derivative(first.z[0][j]);
        let note = if j == dead {
            format!("   ← {}", tr!(page, "dying.note_blocked"))
        } else {
            String::new()
        };
        writeln!(
            page,
            "  {} {} {} {}{note}",
            pad(&(j + 1).to_string()),
            cell(&fixed(first.upstream[0][j], 4)),
            cell(&derivative.to_string()),
            cell(&fixed(first.e[0][j], 4))
        )?;
    }
    let dead_rows: Vec<f64> = first
        .hidden_table
        .rows
        .iter()
        .filter(|r| r.j == dead)
        .map(|r| r.autograd)
        .collect();
    say!(
        page,
        "dying.zero_gradients",
        unit = dead1,
        weights = list(&dead_rows[..X.len()], 4),
        bias = fixed(dead_rows[X.len()], 4)
    )?;
    if page.detail() {
        say!(
            page,
            "dying.arriving",
            unit = dead1,
            gradient = fixed(first.upstream[0][dead], 6)
        )?;
        say!(page, "dying.dead_e", e = fixed(first.e[0][dead], 6))?;
        // The same e⁽ˡ⁾ from the textbook recursion on plain numbers (the
        // first pass's gradients are still on the parameters: compare).
        let by_hand = mlp.backprop_by_hand(&X, Objective::SoftmaxCrossEntropy, CLASS as f64);
        say!(
            page,
            "dying.recursion",
            e = list(&by_hand.layers[0].errors, 4),
            gap = gap(by_hand.max_difference(&mlp))
        )?;
        page.blank()?;
        say!(page, "dying.table")?;
        tables::gradient_table(page, &first.hidden_table)?;
        say!(
            page,
            "dying.dead_rows",
            unit = dead1,
            inputs = X.len(),
            gradients = list(&dead_rows, 4)
        )?;
    }
    check!(
        page,
        "dying.check_zero",
        dead_rows.iter().all(|&g| g == 0.0)
    )?;
    check!(page, "dying.check_table", first.hidden_table.agrees())?;

    // -----------------------------------------------------------------------
    // One step of gradient descent: p ← p − lr·∂J/∂p (optim::Sgd).
    let before: Vec<Vec<f64>> = (0..3).map(|j| unit_parameters(&mlp, j)).collect();
    let mut sgd = Sgd::new(LR);
    train_step(&mlp, &mut sgd);
    let after: Vec<Vec<f64>> = (0..3).map(|j| unit_parameters(&mlp, j)).collect();
    let live: Vec<String> = (0..3)
        .filter(|&j| j != dead)
        .map(|j| (j + 1).to_string())
        .collect();
    let live = live.join(&format!(" {} ", tr!(page, "common.and")));
    page.blank()?;
    say!(
        page,
        "dying.step",
        lr = LR,
        unit = dead1,
        parameters = list(&before[dead], 4),
        live = live
    )?;
    if page.detail() {
        say!(page, "dying.step_table")?;
        for j in 0..3 {
            let how = tr!(
                page,
                if before[j] == after[j] {
                    "dying.unchanged"
                } else {
                    "dying.moved"
                }
            );
            say!(
                page,
                "dying.step_row",
                unit = j + 1,
                before = list(&before[j], 4),
                after = list(&after[j], 4),
                how = how
            )?;
        }
    }
    let dead_unchanged = before[dead] == after[dead];
    let others_moved = (0..3).filter(|&j| j != dead).all(|j| before[j] != after[j]);
    check!(page, "dying.check_unchanged", dead_unchanged)?;
    check!(page, "dying.check_others", others_moved)?;

    // Forward again with the updated weights.
    let again = forward_backward(&mlp);
    if page.detail() {
        say!(page, "dying.again")?;
        writeln!(page, "  {} {} {}", pad(&unit), cell("z_j"), cell("a_j"))?;
        for (j, (z, a)) in again.z[0].iter().zip(&again.a[0]).enumerate() {
            writeln!(
                page,
                "  {} {} {}",
                pad(&(j + 1).to_string()),
                cell(&fixed(*z, 4)),
                cell(&fixed(*a, 4))
            )?;
        }
        say!(
            page,
            "dying.z_before_after",
            before = fixed(z_dead, 6),
            after = fixed(again.z[0][dead], 6)
        )?;
    }
    say!(
        page,
        "dying.still_dead",
        unit = dead1,
        z = fixed(again.z[0][dead], 4),
        before = fixed(first.loss, 6),
        after = fixed(again.loss, 6)
    )?;
    check!(
        page,
        "dying.check_still_dead",
        again.z[0][dead] < 0.0 && again.a[0][dead] == 0.0 && again.loss < first.loss
    )?;

    // More steps change nothing for the dead unit: nothing ever reaches it.
    // (A fresh copy of the network, stepped STEPS times from the start.)
    let graph = Graph::new();
    let relu_run = run_steps(&network(&graph, Activation::Relu), dead, STEPS);
    say!(
        page,
        "dying.after_steps",
        steps = STEPS,
        unit = dead1,
        z = fixed(relu_run[STEPS].z, 4),
        j = fixed(relu_run[STEPS].loss, 6),
        live = live
    )?;
    check!(
        page,
        "dying.check_steps",
        relu_run.iter().all(|p| p.z == z_dead && p.e == 0.0),
        steps = STEPS
    )?;
    Ok((dead, relu_run))
}

/// A table cell, right-aligned in 10 columns.
pub(super) fn cell(text: &str) -> String {
    pad_left(text, 10)
}

/// The first column of a table: 6 columns, left-aligned.
pub(super) fn pad(text: &str) -> String {
    super::super::numbers::pad(text, 6)
}
