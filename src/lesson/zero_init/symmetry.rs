//! Part 4: the MLP from all zeros. Every hidden `z_j` is 0, so every
//! `a_j = relu(0) = 0` and `relu'(0) = 0`: no weight gets a gradient, the
//! hidden units stay identical through training, and only a random
//! initialization lets the network learn.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::super::numbers::{fixed, list, num, pad, pad_left};
use super::super::page::{check, say, tr, Page};
use super::models::{first_batch, mlp};
use super::pictures::boundary;
use super::training::{layer_reports, report, train, ModelRun};
use super::{Outcome, EPOCHS, HIDDEN, LR_MLP, RANDOM};
use crate::data::Split;
use crate::inspect;
use crate::nn::{Activation, Init, MlpTrace};
use crate::optim::{Optimizer, Sgd};
use crate::train::Objective;
use crate::{loss, Graph, Value};

/// What the first step from zeros showed.
pub(super) struct FirstStep {
    /// Examples in the batch.
    pub(super) examples: usize,
    /// `p = softmax(z)` of every example (all the same).
    pub(super) p: Vec<f64>,
    /// The batch's loss.
    pub(super) loss: f64,
    /// `max |∂J/∂p|` over every parameter.
    pub(super) largest: f64,
    /// Parameters moved, and how many there are.
    pub(super) moved: usize,
    pub(super) total: usize,
}

/// One step of gradient descent from zeros on the first mini-batch of
/// `moons`, with what the forward and backward pass computed (printed with
/// `--detail`).
pub(super) fn first_step(page: &mut Page<'_>, moons: &Split) -> Outcome<FirstStep> {
    // 4. The MLP: x → 16 ReLU units → 2 logits → softmax.
    page.detail_say("zero.mlp_heading", &[("hidden", &HIDDEN)])?;
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
    let p: Vec<f64> = loss::softmax(traces[0].outputs())
        .iter()
        .map(|p| p.data())
        .collect();
    page.detail_say("zero.mlp_forward_heading", &[("n", &batch.len())])?;
    check!(
        page,
        "zero.check_z",
        all(&|t| t.layers[0]
            .pre_activations
            .iter()
            .map(|v| v.data())
            .collect())
    )?;
    check!(
        page,
        "zero.check_a",
        all(&|t| t.layers[0].outputs.iter().map(|v| v.data()).collect())
    )?;
    check!(
        page,
        "zero.check_logits",
        all(&|t| t.outputs().iter().map(|v| v.data()).collect())
    )?;
    // Backward: e_k⁽²⁾ = (p_k − y_k)/n ≠ 0, but ∂J/∂w_jk⁽²⁾ = e_k·a_j = 0;
    // ∂J/∂a_j⁽¹⁾ = Σ_k w_jk⁽²⁾·e_k = 0 (the w_jk are 0), and even if it
    // were not, e_j⁽¹⁾ = ∂J/∂a_j·relu'(0) with relu'(0) = 0.
    page.detail_say("zero.mlp_backward_heading", &[])?;
    check!(
        page,
        "zero.check_output_e",
        traces
            .iter()
            .all(|t| t.layers[1].errors().iter().all(|&e| e != 0.0))
    )?;
    check!(
        page,
        "zero.check_arriving",
        all(&|t| t.layers[0].outputs.iter().map(|v| v.grad()).collect())
    )?;
    check!(
        page,
        "zero.check_hidden_e",
        all(&|t| t.layers[0].errors()),
        relu0 = Activation::Relu.derivative(0.0)
    )?;

    // The gradients, by group, and one SGD step.
    let layers = network.layers();
    let groups: Vec<(&str, Vec<Value<'_>>)> = vec![
        (
            "zero.group_hidden_weights",
            layers[0]
                .neurons()
                .iter()
                .flat_map(|n| n.weights().to_vec())
                .collect(),
        ),
        (
            "zero.group_hidden_biases",
            layers[0]
                .neurons()
                .iter()
                .filter_map(|n| n.bias())
                .collect(),
        ),
        (
            "zero.group_output_weights",
            layers[1]
                .neurons()
                .iter()
                .flat_map(|n| n.weights().to_vec())
                .collect(),
        ),
        (
            "zero.group_output_biases",
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
    if page.detail() {
        // (Only the hidden layer: for the linear output layer, "dead" would
        // just mean that its outputs are 0.)
        let reports = inspect::layer_report(&network, &traces);
        writeln!(page, "  inspect::layer_report: {}", reports[0])?;
    }
    Sgd::new(LR_MLP).step(&network.parameters());
    if page.detail() {
        say!(page, "zero.one_step", lr = LR_MLP)?;
        let header = [
            tr!(page, "zero.col_parameters"),
            tr!(page, "zero.col_count"),
            tr!(page, "zero.col_moved"),
        ];
        writeln!(
            page,
            "  {} {} {} {}",
            pad(&header[0], 15),
            pad_left(&header[1], 6),
            pad_left("max |∂J/∂p|", 14),
            pad_left(&header[2], 10)
        )?;
    }
    let (mut moved_total, mut moved_groups) = (0, Vec::new());
    for ((key, params), g) in groups.iter().zip(&grads) {
        // Everything started at 0: a parameter that is not 0 has moved.
        let moved = params.iter().filter(|p| p.data() != 0.0).count();
        moved_total += moved;
        let name = tr!(page, key);
        if moved > 0 {
            moved_groups.push(name.clone());
        }
        let largest = g.iter().fold(0.0f64, |m, x| m.max(x.abs()));
        if page.detail() {
            let of = tr!(page, "zero.of", moved = moved, count = params.len());
            writeln!(
                page,
                "  {} {} {} {}",
                pad(&name, 15),
                pad_left(&params.len().to_string(), 6),
                pad_left(&fixed(largest, 6), 14),
                pad_left(&of, 10)
            )?;
        }
    }
    let zero_group = |k: usize| grads[k].iter().all(|&g| g == 0.0);
    let labels: Vec<usize> = batch.iter().map(|&n| moons.train.y[n] as usize).collect();
    let share = |c: usize| labels.iter().filter(|&&l| l == c).count() as f64 / labels.len() as f64;
    page.detail_say(
        "zero.bias_gradients",
        &[
            ("gradients", &list(&grads[3], 6)),
            ("shares", &list(&[share(0), share(1)], 4)),
        ],
    )?;
    check!(page, "zero.check_hidden_weights", zero_group(0))?;
    check!(page, "zero.check_hidden_biases", zero_group(1))?;
    check!(page, "zero.check_output_weights", zero_group(2))?;
    check!(
        page,
        "zero.check_output_biases",
        grads[3].iter().all(|&g| g != 0.0)
    )?;
    let total = network.parameters().len();
    let groups_moved = moved_groups.join(", ");
    page.detail_say(
        "zero.moved_line",
        &[
            ("moved", &moved_total),
            ("total", &total),
            ("groups", &groups_moved),
        ],
    )?;
    let largest = grads.iter().flatten().fold(0.0f64, |m, g| m.max(g.abs()));
    Ok(FirstStep {
        examples: batch.len(),
        p,
        loss: j.data(),
        largest,
        moved: moved_total,
        total,
    })
}

/// What training the MLP from zeros left.
pub(super) struct AfterTraining {
    /// The largest hidden gradient norm over the epochs.
    largest_hidden_norm: f64,
    /// The output biases after training.
    output_biases: Vec<f64>,
}

/// Trains the MLP from zeros and from the random initialization, prints what
/// training did to each (with `--detail`), and draws both decision
/// boundaries under `dir`. Returns the run, what zeros left, and the
/// pictures drawn.
pub(super) fn training(
    page: &mut Page<'_>,
    dir: &Path,
    moons: &Split,
    first: &FirstStep,
) -> Outcome<(ModelRun, AfterTraining, Vec<PathBuf>)> {
    let objective = Objective::SoftmaxCrossEntropy;
    let mut files = Vec::new();
    let zero_title = tr!(page, "zero.plot_boundary_zero", epochs = EPOCHS);
    let random_title = tr!(page, "zero.plot_boundary_random", epochs = EPOCHS);
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
            &zero_title,
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
            &random_title,
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

    let largest_hidden_norm = zero
        .history
        .epochs
        .iter()
        .map(|r| r.grad_norms[0])
        .fold(0.0f64, f64::max);
    let all_units: Vec<usize> = (0..HIDDEN).collect();
    let model = tr!(page, "zero.model_mlp_short");
    if page.detail() {
        page.blank()?;
        say!(page, "zero.training_zero", epochs = EPOCHS)?;
        say!(
            page,
            "zero.largest_norm",
            epochs = EPOCHS,
            norm = num(largest_hidden_norm)
        )?;
    }
    check!(page, "zero.check_never_move", hidden_zero)?;
    if page.detail() {
        say!(page, "zero.report_after", report = zero_reports[0])?;
    }
    check!(
        page,
        "zero.check_identical",
        zero_reports[0].identical_units == vec![all_units]
    )?;
    check!(page, "zero.check_output_zero", output_weights_zero)?;
    if page.detail() {
        say!(
            page,
            "zero.what_it_learned",
            biases = list(&output_biases, 4)
        )?;
        page.blank()?;
        say!(page, "zero.training_random")?;
        say!(page, "zero.report_after", report = random_reports[0])?;
    }
    page.fact(
        "zero.random_identical",
        &[],
        !random_reports[0].identical_units.is_empty(),
    )?;
    check!(
        page,
        "zero.check_random_differs",
        random_reports[0].identical_units.is_empty()
    )?;
    if page.detail() {
        report(page, &model, "zero.zero_init", &zero)?;
        report(page, &model, "zero.random_init", &random)?;
    }
    check!(
        page,
        "zero.check_random_beats",
        random.validation_loss < zero.validation_loss
            && random.validation_metric > zero.validation_metric
    )?;
    Ok((
        ModelRun {
            key: "zero.model_mlp",
            file: "mlp_loss.png",
            first_gradient: first.largest,
            lr: LR_MLP,
            zero,
            random,
        },
        AfterTraining {
            largest_hidden_norm,
            output_biases,
        },
        files,
    ))
}

/// The MLP's story in a few lines: the first step, and what training from
/// zeros left.
pub(super) fn tell(page: &mut Page<'_>, first: &FirstStep, after: &AfterTraining) -> Outcome<()> {
    say!(
        page,
        "zero.mlp_forward",
        n = first.examples,
        p = list(&first.p, 4),
        j = fixed(first.loss, 4)
    )?;
    say!(
        page,
        "zero.mlp_backward",
        moved = first.moved,
        total = first.total
    )?;
    say!(
        page,
        "zero.mlp_after",
        epochs = EPOCHS,
        norm = num(after.largest_hidden_norm),
        hidden = HIDDEN,
        biases = list(&after.output_biases, 4)
    )?;
    say!(page, "zero.mlp_random")?;
    Ok(())
}
