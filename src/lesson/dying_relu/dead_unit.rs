//! The ReLU unit whose `z` is negative: what it passes forward, the
//! gradient it blocks, and the weights that never move.

use std::error::Error;
use std::io::Write;

use super::network::{forward_backward, network, run_steps, train_step, unit_parameters, Point};
use super::{list, yes, CLASS, LR, STEPS, X};
use crate::loss::Objective;
use crate::nn::Activation;
use crate::optim::Sgd;
use crate::{inspect, Graph};

/// Prints the ReLU network's parameters, its forward and backward pass, one
/// step of gradient descent and then [`STEPS`] of them, showing that the unit
/// with `z < 0` gets no gradient and stays dead. Returns that unit (from 0)
/// and its run of [`STEPS`] steps.
pub(super) fn relu_unit_stays_dead(
    out: &mut dyn Write,
) -> Result<(usize, Vec<Point>), Box<dyn Error>> {
    // The chosen parameters, in the lesson's matrix form z = Wᵀa + b.
    let graph = Graph::new();
    let mlp = network(&graph, Activation::Relu);
    for (l, layer) in mlp.layers().iter().enumerate() {
        writeln!(
            out,
            "\nW^({}) (row i = input a_i, column j = unit j) and b^({}), chosen:",
            l + 1,
            l + 1
        )?;
        for (i, row) in layer.weight_matrix().iter().enumerate() {
            writeln!(out, "  i = {}: {}", i + 1, list(row))?;
        }
        writeln!(out, "  b    : {}", list(&layer.bias_vector()))?;
    }

    // -----------------------------------------------------------------------
    // Forward pass: a⁽⁰⁾ = x, z⁽ˡ⁾ = W⁽ˡ⁾ᵀa⁽ˡ⁻¹⁾ + b⁽ˡ⁾, a⁽ˡ⁾ = f(z⁽ˡ⁾).
    writeln!(out, "\n## Forward pass")?;
    // One pass computes forward and backward; the backward half is printed
    // in the next section.
    let first = forward_backward(&mlp);
    writeln!(
        out,
        "Layer 1 (ReLU): z_j = Σ_i w_ij·x_i + b_j, a_j = relu(z_j)"
    )?;
    writeln!(out, "  {:<6} {:>10} {:>10}", "unit j", "z_j", "a_j")?;
    for (j, (z, a)) in first.z[0].iter().zip(&first.a[0]).enumerate() {
        let note = if *z < 0.0 {
            "   ← z_j < 0: relu outputs 0"
        } else {
            ""
        };
        writeln!(out, "  {:<6} {z:>10.4} {a:>10.4}{note}", j + 1)?;
    }
    writeln!(out, "Layer 2 (linear logits) and the softmax:")?;
    writeln!(out, "  {:<6} {:>10} {:>10}", "k", "z_k", "p_k")?;
    for (k, (z, p)) in first.z[1].iter().zip(&first.p).enumerate() {
        writeln!(out, "  {:<6} {z:>10.4} {p:>10.4}", k + 1)?;
    }
    writeln!(out, "J = −ln p_{} = {:.6}", CLASS + 1, first.loss)?;

    // The dead unit: the hidden unit whose z is negative, so a = 0.
    let dead = first.z[0]
        .iter()
        .position(|&z| z < 0.0)
        .ok_or("the chosen weights leave no hidden unit with z < 0")?;
    let z_dead = first.z[0][dead];
    // Printed from 1, as the lesson counts units.
    let dead1 = dead + 1;
    writeln!(out, "\ndead unit: {dead1}")?;
    writeln!(
        out,
        "  z_{dead1} = {z_dead:.6} < 0, so a_{dead1} = relu(z_{dead1}) = {:.6}: the unit passes nothing forward.",
        first.a[0][dead]
    )?;
    // inspect::layer_report finds the same unit from the trace: a_j = 0 for
    // every example of the batch (here, the one example).
    {
        let keep = graph.len();
        let trace = mlp.forward_trace(&graph.values(&X));
        let report = inspect::layer_report(&mlp, &[trace]);
        writeln!(out, "  inspect::layer_report: {}", report[0])?;
        graph.truncate(keep);
    }

    // -----------------------------------------------------------------------
    // Backward pass, from the loss back to the input.
    writeln!(out, "\n## Backward pass")?;
    writeln!(
        out,
        "Output layer: e_k⁽²⁾ = ∂J/∂z_k = p_k − y_k (softmax cross-entropy)"
    )?;
    writeln!(
        out,
        "  {:<6} {:>10} {:>10} {:>10}",
        "k", "p_k", "y_k", "e_k"
    )?;
    for (k, e) in first.e[1].iter().enumerate() {
        let y = if k == CLASS { 1.0 } else { 0.0 };
        writeln!(
            out,
            "  {:<6} {:>10.4} {y:>10.4} {e:>10.4}",
            k + 1,
            first.p[k]
        )?;
    }
    writeln!(
        out,
        "Hidden layer: e_j⁽¹⁾ = (Σ_k w_jk⁽²⁾·e_k⁽²⁾) · relu'(z_j), with relu'(z) = 1 if z > 0 else 0"
    )?;
    writeln!(
        out,
        "  {:<6} {:>16} {:>12} {:>10}",
        "unit j", "∂J/∂a_j = Σ_k…", "relu'(z_j)", "e_j"
    )?;
    for j in 0..first.e[0].len() {
        let derivative = Activation::Relu.derivative(first.z[0][j]);
        let note = if j == dead {
            "   ← the gradient arrives, relu' blocks it"
        } else {
            ""
        };
        writeln!(
            out,
            "  {:<6} {:>16.4} {derivative:>12} {:>10.4}{note}",
            j + 1,
            first.upstream[0][j],
            first.e[0][j]
        )?;
    }
    writeln!(
        out,
        "gradient arriving at the dead unit ∂J/∂a_{dead1}: {:.6}",
        first.upstream[0][dead]
    )?;
    writeln!(out, "dead unit's e_j: {}", first.e[0][dead])?;
    // The same e⁽ˡ⁾ from the textbook recursion on plain numbers.
    let by_hand = mlp.backprop_by_hand(&X, Objective::SoftmaxCrossEntropy, CLASS as f64);
    // (The first pass's gradients are still on the parameters: compare.)
    writeln!(
        out,
        "textbook recursion e⁽ˡ⁾ = (W⁽ˡ⁺¹⁾e⁽ˡ⁺¹⁾) ⊙ f'(z⁽ˡ⁾) (Mlp::backprop_by_hand): e⁽¹⁾ = ({}), largest difference from autograd's gradients {:.1e}",
        list(&by_hand.layers[0].errors),
        by_hand.max_difference(&mlp)
    )?;

    writeln!(
        out,
        "\nGradient table of the hidden layer (its inputs a_i are x_i; a bias's input is 1):"
    )?;
    write!(out, "{}", first.hidden_table)?;
    let dead_rows: Vec<f64> = first
        .hidden_table
        .rows
        .iter()
        .filter(|r| r.j == dead)
        .map(|r| r.autograd + 0.0)
        .collect();
    writeln!(
        out,
        "dead unit's weight gradients (∂J/∂w_i{dead1} for i = 1..{}, then ∂J/∂b_{dead1}): {}",
        X.len(),
        list(&dead_rows)
    )?;
    writeln!(
        out,
        "dead unit's weight gradients all zero: {}",
        yes(dead_rows.iter().all(|&g| g == 0.0))
    )?;
    writeln!(
        out,
        "table agrees with autograd row by row: {}",
        yes(first.hidden_table.agrees())
    )?;

    // -----------------------------------------------------------------------
    // One step of gradient descent: p ← p − lr·∂J/∂p (optim::Sgd).
    writeln!(out, "\n## One step of gradient descent, lr = {LR}")?;
    let before: Vec<Vec<f64>> = (0..3).map(|j| unit_parameters(&mlp, j)).collect();
    let mut sgd = Sgd::new(LR);
    train_step(&mlp, &mut sgd);
    let after: Vec<Vec<f64>> = (0..3).map(|j| unit_parameters(&mlp, j)).collect();
    writeln!(out, "Hidden units' parameters (w_1j, w_2j, w_3j, b_j):")?;
    for j in 0..3 {
        writeln!(
            out,
            "  unit {}: ({})  →  ({}){}",
            j + 1,
            list(&before[j]),
            list(&after[j]),
            if before[j] == after[j] {
                "   unchanged"
            } else {
                "   moved"
            }
        )?;
    }
    let dead_unchanged = before[dead] == after[dead];
    let others_moved = (0..3).filter(|&j| j != dead).all(|j| before[j] != after[j]);
    writeln!(
        out,
        "dead unit's weights unchanged after the update: {}",
        yes(dead_unchanged)
    )?;
    writeln!(
        out,
        "the other hidden units' weights moved: {}",
        yes(others_moved)
    )?;

    // Forward again with the updated weights.
    writeln!(out, "\n## Forward again")?;
    let again = forward_backward(&mlp);
    writeln!(out, "  {:<6} {:>10} {:>10}", "unit j", "z_j", "a_j")?;
    for (j, (z, a)) in again.z[0].iter().zip(&again.a[0]).enumerate() {
        writeln!(out, "  {:<6} {z:>10.4} {a:>10.4}", j + 1)?;
    }
    let live: Vec<String> = (0..3)
        .filter(|&j| j != dead)
        .map(|j| (j + 1).to_string())
        .collect();
    let live = live.join(" and ");
    writeln!(
        out,
        "J before the update {:.6}, after {:.6}: {}",
        first.loss,
        again.loss,
        if again.loss < first.loss {
            format!("the network learned, but only through units {live}.")
        } else {
            "no better.".to_string()
        }
    )?;
    writeln!(
        out,
        "dead unit's z before the update: {z_dead:.6}, after: {:.6}",
        again.z[0][dead]
    )?;
    writeln!(
        out,
        "dead unit stays dead after the update: {}",
        yes(again.z[0][dead] < 0.0 && again.a[0][dead] == 0.0)
    )?;

    // More steps change nothing for the dead unit: nothing ever reaches it.
    // (A fresh copy of the network, stepped STEPS times from the start.)
    let graph = Graph::new();
    let relu_run = run_steps(&network(&graph, Activation::Relu), dead, STEPS);
    writeln!(
        out,
        "after {STEPS} steps: z_{dead1} = {:.6}, e_{dead1} = {}, J = {:.6}",
        relu_run[STEPS].z, relu_run[STEPS].e, relu_run[STEPS].loss
    )?;
    writeln!(
        out,
        "dead unit's z unchanged over {STEPS} steps: {}",
        yes(relu_run.iter().all(|p| p.z == z_dead && p.e == 0.0))
    )?;
    writeln!(
        out,
        "(J still falls: units {live} and the output layer fit this one example without unit {dead1}; the network has simply lost a unit.)"
    )?;
    Ok((dead, relu_run))
}
