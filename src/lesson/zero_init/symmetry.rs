//! Part 4: the MLP from all zeros. Every hidden `z_j` is 0, so every
//! `a_j = relu(0) = 0` and `relu'(0) = 0`: no weight gets a gradient, the
//! hidden units stay identical through training, and only a random
//! initialization lets the network learn.

use std::path::{Path, PathBuf};

use super::models::{first_batch, mlp};
use super::pictures::boundary;
use super::training::{layer_reports, report, train, Chart};
use super::{yes, Outcome, EPOCHS, HIDDEN, LR_MLP, RANDOM, RANDOM_NAME};
use crate::data::Split;
use crate::inspect;
use crate::nn::{Activation, Init, MlpTrace};
use crate::optim::{Optimizer, Sgd};
use crate::train::Objective;
use crate::{loss, Graph, Value};

/// One step of gradient descent from zeros on the first mini-batch of
/// `moons`, with what the forward and backward pass computed.
pub(super) fn first_step(out: &mut dyn std::io::Write, moons: &Split) -> Outcome<()> {
    // 4. The MLP: x → 16 ReLU units → 2 logits → softmax.
    writeln!(
        out,
        "\n## 4. MLP 2 → {HIDDEN} ReLU → 2 (softmax) on moons, every weight and bias 0"
    )?;
    {
        let graph = Graph::new();
        let network = mlp(&graph, Init::Zeros);
        let batch = first_batch(&moons.train);
        let traces: Vec<MlpTrace<'_>> = batch
            .iter()
            .map(|&n| network.forward_trace(&graph.values(&moons.train.x[n])))
            .collect();
        let losses: Vec<Value<'_>> = traces
            .iter()
            .zip(&batch)
            .map(|(t, &n)| loss::softmax_cross_entropy(t.outputs(), moons.train.y[n] as usize))
            .collect();
        let j = loss::mean(&losses);
        graph.zero_grad();
        j.backward();

        // Forward: z_j⁽¹⁾ = Σ_i 0·x_i + 0 = 0, a_j⁽¹⁾ = relu(0) = 0, z_k⁽²⁾ = 0.
        let all = |f: &dyn Fn(&MlpTrace<'_>) -> Vec<f64>| {
            traces.iter().all(|t| f(t).iter().all(|&v| v == 0.0))
        };
        writeln!(
            out,
            "Forward, for each of the {} examples of the batch:",
            batch.len()
        )?;
        writeln!(
            out,
            "  hidden z_j = Σ_i w_ij·x_i + b_j all 0: {}",
            yes(all(&|t| t.layers[0]
                .pre_activations
                .iter()
                .map(|v| v.data())
                .collect()))
        )?;
        writeln!(
            out,
            "  hidden a_j = relu(z_j) all 0: {}",
            yes(all(&|t| t.layers[0]
                .outputs
                .iter()
                .map(|v| v.data())
                .collect()))
        )?;
        let p: Vec<f64> = loss::softmax(traces[0].outputs())
            .iter()
            .map(|p| p.data())
            .collect();
        writeln!(
            out,
            "  output logits z_k all 0: {}, so p = softmax(z) = ({:.4}, {:.4}) and J = ln 2 = {:.4}",
            yes(all(&|t| t.outputs().iter().map(|v| v.data()).collect())),
            p[0],
            p[1],
            j.data()
        )?;
        // Backward: e_k⁽²⁾ = (p_k − y_k)/n ≠ 0, but ∂J/∂w_jk⁽²⁾ = e_k·a_j = 0;
        // ∂J/∂a_j⁽¹⁾ = Σ_k w_jk⁽²⁾·e_k = 0 (the w_jk are 0), and even if it
        // were not, e_j⁽¹⁾ = ∂J/∂a_j·relu'(0) with relu'(0) = 0.
        writeln!(out, "Backward:")?;
        writeln!(
            out,
            "  output e_k = ∂J/∂z_k = (p_k − y_k)/n non-zero: {}",
            yes(traces
                .iter()
                .all(|t| t.layers[1].errors().iter().all(|&e| e != 0.0)))
        )?;
        writeln!(
            out,
            "  gradient arriving at the hidden units ∂J/∂a_j = Σ_k w_jk·e_k all 0 (every w_jk = 0): {}",
            yes(all(&|t| t.layers[0].outputs.iter().map(|v| v.grad()).collect()))
        )?;
        writeln!(
            out,
            "  relu'(0) = {} (ReLU's derivative at 0, as in PyTorch), so e_j = ∂J/∂a_j·relu'(z_j) all 0: {}",
            Activation::Relu.derivative(0.0),
            yes(all(&|t| t.layers[0].errors()))
        )?;

        // The gradients, by group, and one SGD step.
        let layers = network.layers();
        let groups: Vec<(&str, Vec<Value<'_>>)> = vec![
            (
                "hidden weights",
                layers[0]
                    .neurons()
                    .iter()
                    .flat_map(|n| n.weights().to_vec())
                    .collect(),
            ),
            (
                "hidden biases",
                layers[0]
                    .neurons()
                    .iter()
                    .filter_map(|n| n.bias())
                    .collect(),
            ),
            (
                "output weights",
                layers[1]
                    .neurons()
                    .iter()
                    .flat_map(|n| n.weights().to_vec())
                    .collect(),
            ),
            (
                "output biases",
                layers[1]
                    .neurons()
                    .iter()
                    .filter_map(|n| n.bias())
                    .collect(),
            ),
        ];
        let grads: Vec<Vec<f64>> = groups
            .iter()
            .map(|(_, ps)| ps.iter().map(|p| p.grad()).collect())
            .collect();
        // (Only the hidden layer: for the linear output layer, "dead" would
        // just mean that its outputs are 0.)
        let reports = inspect::layer_report(&network, &traces);
        writeln!(out, "  inspect::layer_report: {}", reports[0])?;
        Sgd::new(LR_MLP).step(&network.parameters());
        writeln!(out, "One step, lr = {LR_MLP}:")?;
        writeln!(
            out,
            "  {:<15} {:>6} {:>14} {:>10}",
            "parameters", "count", "max |∂J/∂p|", "moved"
        )?;
        let (mut moved_total, mut moved_groups) = (0, Vec::new());
        for ((name, params), g) in groups.iter().zip(&grads) {
            // Everything started at 0: a parameter that is not 0 has moved.
            let moved = params.iter().filter(|p| p.data() != 0.0).count();
            moved_total += moved;
            if moved > 0 {
                moved_groups.push(*name);
            }
            let largest = g.iter().fold(0.0f64, |m, x| m.max(x.abs()));
            writeln!(
                out,
                "  {name:<15} {:>6} {largest:>14.6} {:>10}",
                params.len(),
                format!("{moved} of {}", params.len())
            )?;
        }
        let zero_group = |k: usize| grads[k].iter().all(|&g| g == 0.0);
        let labels: Vec<usize> = batch.iter().map(|&n| moons.train.y[n] as usize).collect();
        let share =
            |c: usize| labels.iter().filter(|&&l| l == c).count() as f64 / labels.len() as f64;
        writeln!(
            out,
            "  output bias gradients ∂J/∂b_k = mean_n (p_k − y_nk) = 0.5 − share of class k in the batch: ({:.6}, {:.6}); shares ({:.4}, {:.4})",
            grads[3][0],
            grads[3][1],
            share(0),
            share(1)
        )?;
        writeln!(
            out,
            "MLP hidden weight gradients all zero: {}",
            yes(zero_group(0))
        )?;
        writeln!(
            out,
            "MLP hidden bias gradients all zero: {}",
            yes(zero_group(1))
        )?;
        writeln!(
            out,
            "MLP output weight gradients all zero: {}",
            yes(zero_group(2))
        )?;
        writeln!(
            out,
            "MLP output bias gradients non-zero: {}",
            yes(grads[3].iter().all(|&g| g != 0.0))
        )?;
        writeln!(
            out,
            "MLP parameters moved by the first step: {moved_total} of {} ({})",
            network.parameters().len(),
            moved_groups.join(", ")
        )?;
    }
    Ok(())
}

/// Trains the MLP from zeros and from the random initialization, prints what
/// training did to each, and draws both decision boundaries under `dir`.
/// Returns the loss chart to draw and the pictures drawn.
pub(super) fn training(
    out: &mut dyn std::io::Write,
    dir: &Path,
    moons: &Split,
) -> Outcome<(Chart, Vec<PathBuf>)> {
    let objective = Objective::SoftmaxCrossEntropy;
    let mut files = Vec::new();
    // Training: the symmetry never breaks.
    let mut zero_after = None;
    let zero = train(mlp, Init::Zeros, moons, objective, LR_MLP, &mut |network| {
        let all_zero = |values: Vec<f64>| values.iter().all(|&v| v == 0.0);
        let layers = network.layers();
        let hidden_zero = all_zero(layers[0].parameters().iter().map(|p| p.data()).collect());
        let output_weights_zero = all_zero(layers[1].weight_matrix().concat());
        let output_biases = layers[1].bias_vector();
        let reports = layer_reports(network, &moons.train, objective);
        let boundary = boundary(
            dir,
            "mlp_boundary_zero_init.png",
            &format!("MLP from zeros, after {EPOCHS} epochs"),
            network,
            &moons.train,
        )?;
        zero_after = Some((
            hidden_zero,
            output_weights_zero,
            output_biases,
            reports,
            boundary,
        ));
        Ok(())
    })?;
    let mut random_after = None;
    let random = train(mlp, RANDOM, moons, objective, LR_MLP, &mut |network| {
        let reports = layer_reports(network, &moons.train, objective);
        let boundary = boundary(
            dir,
            "mlp_boundary_random_init.png",
            &format!("MLP from a random ({RANDOM_NAME}) init, after {EPOCHS} epochs"),
            network,
            &moons.train,
        )?;
        random_after = Some((reports, boundary));
        Ok(())
    })?;
    let (hidden_zero, output_weights_zero, output_biases, zero_reports, zero_boundary) =
        zero_after.ok_or("no report")?;
    let (random_reports, random_boundary) = random_after.ok_or("no report")?;
    files.extend(zero_boundary);
    files.extend(random_boundary);

    writeln!(out, "\nTraining from zeros ({EPOCHS} epochs):")?;
    let largest_hidden_norm = zero
        .history
        .epochs
        .iter()
        .map(|r| r.grad_norms[0])
        .fold(0.0f64, f64::max);
    writeln!(
        out,
        "MLP hidden gradient norm, largest over the {EPOCHS} epochs: {largest_hidden_norm}"
    )?;
    writeln!(
        out,
        "MLP hidden weights never move (all exactly 0 after training): {}",
        yes(hidden_zero)
    )?;
    writeln!(
        out,
        "  inspect::layer_report after training: {}",
        zero_reports[0]
    )?;

    let all_units: Vec<usize> = (0..HIDDEN).collect();
    writeln!(
        out,
        "MLP hidden units identical after training: {}",
        yes(zero_reports[0].identical_units == vec![all_units])
    )?;
    writeln!(
        out,
        "MLP output weights still all 0 after training: {}",
        yes(output_weights_zero)
    )?;
    writeln!(
        out,
        "  what it did learn, the output biases: ({:.4}, {:.4}): the same two logits for every input",
        output_biases[0], output_biases[1]
    )?;
    writeln!(
        out,
        "\nTraining from a random initialization ({RANDOM_NAME}):"
    )?;
    writeln!(
        out,
        "  inspect::layer_report after training: {}",
        random_reports[0]
    )?;
    writeln!(
        out,
        "MLP random init hidden units identical after training: {}",
        yes(!random_reports[0].identical_units.is_empty())
    )?;
    report(out, "MLP", "zero init", &zero)?;
    report(out, "MLP", "random init", &random)?;
    writeln!(
        out,
        "random initialization beats zero initialization for the MLP: {}",
        yes(random.validation_loss < zero.validation_loss
            && random.validation_metric > zero.validation_metric)
    )?;
    Ok((
        (
            "mlp_loss.png",
            format!("MLP 2 → {HIDDEN} ReLU → 2"),
            zero,
            random,
        ),
        files,
    ))
}
