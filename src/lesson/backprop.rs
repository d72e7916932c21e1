//! # 04 · Backpropagation, checked on real numbers
//!
//! Lesson section 3. The network of walkthrough 03 ([`super::mlp_forward`]),
//! one example of class 1 (the second output), softmax cross-entropy. With
//! `e_j⁽ˡ⁾ = ∂J/∂z_j⁽ˡ⁾` the lesson derives
//!
//! ```text
//! ∂J/∂w_ij⁽ˡ⁾ = e_j⁽ˡ⁾ · a_i⁽ˡ⁻¹⁾        ∂J/∂b_j⁽ˡ⁾ = e_j⁽ˡ⁾
//! e⁽ᴸ⁾ = p - y  (softmax + cross-entropy)
//! e⁽ˡ⁾ = (W⁽ˡ⁺¹⁾ e⁽ˡ⁺¹⁾) ⊙ f'(z⁽ˡ⁾),   ReLU: f'(z) = 1 if z > 0 else 0
//! ```
//!
//! You will see `e⁽²⁾ = p − y`, the hidden layer's `e⁽¹⁾` from the textbook
//! recursion on plain numbers next to autograd's, the table `w_ij | a_i |
//! e_j | e_j·a_i | autograd` agreeing row by row, and the chain rule as a
//! sum over paths for one weight, through the loss's log-sum-exp, and last
//! the derivation itself written as formulas of the 17 parameters and
//! checked against autograd by
//! [`check_derivatives`](crate::gradcheck::check_derivatives) at 30 points
//! ([`formula_check`]). With
//! `--detail`: the output layer's table too, and the backward trace of one
//! neuron (its `z_j` node passes `e_j · a_i` to each weight).
//!
//! Files: `out/lesson/04_backprop/backward_trace.csv` (every step of the
//! reverse sweep) and `network.svg` (the network after backward: each box
//! shows data and grad).
//!
//! Run: `cargo run --release --example 04_backprop`

use std::error::Error;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::mlp_forward as forward;
use super::numbers::{fixed, list};
use super::page::{check, say, Page};
use super::tables;
use crate::inspect::{self, DotOptions};
use crate::loss::Objective;
use crate::{loss, Graph, Value};

/// The class the example belongs to (classes count from 0, as in the data):
/// the second output.
pub const CLASS: usize = 1;

/// Names the nodes `loss::softmax_cross_entropy` recorded for `J`, so that
/// paths through them read as the formula `J = ln Σ_k e^(z_k−m) + m − z_t`.
fn name_loss_nodes(j: Value<'_>) {
    let [shifted_log_sum, _] = j.inputs()[..] else {
        return;
    };
    shifted_log_sum.named("ln Σ + m");
    let Some(&ln) = shifted_log_sum.inputs().first() else {
        return;
    };
    ln.named("ln Σ");
    let Some(&sum) = ln.inputs().first() else {
        return;
    };
    sum.named("Σ");
    for (k, exp) in sum.inputs().into_iter().enumerate() {
        let z = format!("z_{}²", k + 1);
        exp.named(&format!("e^({z}−m)"));
        if let Some(&shifted) = exp.inputs().first() {
            shifted.named(&format!("{z}−m"));
        }
    }
}

/// Parameters of the lesson's network: `W⁽¹⁾` (2 × 3), `b⁽¹⁾` (3), `W⁽²⁾`
/// (3 × 2), `b⁽²⁾` (2).
pub const PARAMETERS: usize = 17;

/// The network's parameters by layer: `W⁽¹⁾`, `b⁽¹⁾`, `W⁽²⁾`, `b⁽²⁾`.
type Split<T> = ([[T; 3]; 2], [T; 3], [[T; 2]; 3], [T; 2]);

/// Splits the parameters as [`PARAMETERS`] orders them: `W⁽¹⁾` row by row
/// (`w_11, w_12, w_13, w_21, …`), `b⁽¹⁾`, `W⁽²⁾` row by row, `b⁽²⁾`.
fn split<T: Copy>(p: &[T]) -> Split<T> {
    (
        [[p[0], p[1], p[2]], [p[3], p[4], p[5]]],
        [p[6], p[7], p[8]],
        [[p[9], p[10]], [p[11], p[12]], [p[13], p[14]]],
        [p[15], p[16]],
    )
}

/// `z⁽¹⁾`, `a⁽¹⁾` and `z⁽²⁾` of the lesson's network at its input, with the
/// parameters `p` as values (in [`PARAMETERS`]' order).
fn layers_of<'g>(
    g: &'g Graph,
    p: &[Value<'g>],
) -> ([Value<'g>; 3], [Value<'g>; 3], [Value<'g>; 2]) {
    let (w1, b1, w2, b2) = split(p);
    let x = forward::INPUT.map(|x| g.value(x));
    let z1: [Value<'g>; 3] = std::array::from_fn(|j| w1[0][j] * x[0] + w1[1][j] * x[1] + b1[j]);
    let a1 = z1.map(|z| z.relu());
    let z2: [Value<'g>; 2] =
        std::array::from_fn(|k| w2[0][k] * a1[0] + w2[1][k] * a1[1] + w2[2][k] * a1[2] + b2[k]);
    (z1, a1, z2)
}

/// The loss `J` of the lesson's example as a function of the network's
/// parameters.
fn loss_of<'g>(g: &'g Graph, p: &[Value<'g>]) -> Value<'g> {
    let (_, _, z2) = layers_of(g, p);
    loss::softmax_cross_entropy(&z2, CLASS)
}

/// The section's derivation written as formulas of the parameters, with no
/// backward pass: `e⁽²⁾ = p − y`, `e⁽¹⁾ = (W⁽²⁾e⁽²⁾) ⊙ step(z⁽¹⁾)`
/// (`step` is ReLU's derivative), `∂J/∂w_ij = e_j·a_i`, `∂J/∂b_j = e_j`,
/// in [`PARAMETERS`]' order.
fn derived_by_hand<'g>(g: &'g Graph, p: &[Value<'g>]) -> Vec<Value<'g>> {
    let (z1, a1, z2) = layers_of(g, p);
    let (_, _, w2, _) = split(p);
    let exp = z2.map(|z| z.exp());
    let total = exp[0] + exp[1];
    let e2: [Value<'g>; 2] =
        std::array::from_fn(|k| exp[k] / total - if k == CLASS { 1.0 } else { 0.0 });
    let e1: [Value<'g>; 3] =
        std::array::from_fn(|j| (w2[j][0] * e2[0] + w2[j][1] * e2[1]) * z1[j].step());
    let x = forward::INPUT;
    let mut d = Vec::with_capacity(PARAMETERS);
    d.extend((0..2).flat_map(|i| e1.map(|e| e * x[i])));
    d.extend(e1);
    d.extend((0..3).flat_map(|j| e2.map(|e| e * a1[j])));
    d.extend(e2);
    d
}

/// The check that ends the section: the derivation's formulas
/// (`e⁽²⁾ = p − y`, `e⁽¹⁾ = (W⁽²⁾e⁽²⁾) ⊙ step(z⁽¹⁾)`, `∂J/∂w_ij = e_j·a_i`,
/// `∂J/∂b_j = e_j`, recorded as values of the parameters, with no backward
/// pass) against autograd, by
/// [`check_derivatives`](crate::gradcheck::check_derivatives), at the
/// network's own parameters and `random` more points drawn from `[-1, 1]`
/// for every parameter (seed 4).
pub fn formula_check(random: usize) -> crate::gradcheck::DerivativeReport {
    let graph = Graph::new();
    let mlp = forward::network(&graph);
    let mut own = Vec::with_capacity(PARAMETERS);
    let (hidden, output) = (&mlp.layers()[0], &mlp.layers()[1]);
    own.extend(hidden.weight_matrix().concat());
    own.extend(hidden.bias_vector());
    own.extend(output.weight_matrix().concat());
    own.extend(output.bias_vector());
    let mut points = vec![own];
    let box_ = vec![-1.0..1.0; PARAMETERS];
    points.extend(crate::gradcheck::random_points(&box_, random, 4));
    crate::gradcheck::check_derivatives(loss_of, derived_by_hand, &points)
}

/// Runs the walkthrough, printing to `page` and writing files under `dir`;
/// returns the files written.
///
/// # Errors
/// The first error met, as for any [`Walkthrough`](crate::lesson::Walkthrough).
pub fn run(page: &mut Page<'_>, dir: &Path) -> Result<Vec<PathBuf>, Box<dyn Error>> {
    let graph = Graph::new();
    let mlp = forward::network(&graph);
    let x = graph.values(&forward::INPUT);
    let trace = mlp.forward_trace(&x);
    forward::name_nodes(&trace);
    let outputs: Vec<f64> = trace.outputs().iter().map(|v| v.data()).collect();
    let j = loss::softmax_cross_entropy(trace.outputs(), CLASS).named("J");
    name_loss_nodes(j);
    let m = outputs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let y: Vec<f64> = (0..outputs.len())
        .map(|k| if k == CLASS { 1.0 } else { 0.0 })
        .collect();

    say!(
        page,
        "bp.intro",
        class = CLASS,
        output = CLASS + 1,
        y = list(&y, 0)
    )?;
    say!(
        page,
        "bp.lse",
        z = list(&outputs, 4),
        output = CLASS + 1,
        j = fixed(j.data(), 6)
    )?;
    say!(page, "bp.lse_why", m = fixed(m, 4))?;
    if page.detail() {
        page.blank()?;
        forward::print_forward(page, &mlp, &trace)?;
    }

    // One reverse sweep fills every gradient; e_j = z_j.grad().
    j.backward();
    page.blank()?;
    say!(page, "bp.backward")?;

    // The output layer's error is p - y.
    let p = loss::softmax(trace.outputs());
    say!(page, "bp.output_e")?;
    let mut output_right = true;
    for (k, (z, pk)) in trace.layers[1].pre_activations.iter().zip(&p).enumerate() {
        let (e, pk) = (z.grad(), pk.data());
        let k1 = k + 1;
        writeln!(
            page,
            "  e_{k1}⁽²⁾ = {e:+.6}   p_{k1} - y_{k1} = {pk:.6} - {} = {:+.6}",
            y[k],
            pk - y[k]
        )?;
        output_right &= (e - (pk - y[k])).abs() <= 1e-12;
    }
    check!(page, "bp.check_output", output_right)?;

    // The textbook recursion on plain f64, without the graph.
    let by_hand = mlp.backprop_by_hand(
        &forward::INPUT,
        Objective::SoftmaxCrossEntropy,
        CLASS as f64,
    );
    say!(page, "bp.recursion")?;
    let hidden = &by_hand.layers[0];
    say!(
        page,
        "bp.recursion_e",
        by_hand = list(&hidden.errors, 6),
        autograd = list(&trace.layers[0].errors(), 6)
    )?;
    let difference = by_hand.max_difference(&mlp);
    page.detail_say(
        "bp.recursion_gap",
        &[("gap", &super::numbers::gap(difference))],
    )?;
    check!(page, "bp.check_recursion", difference <= 1e-12)?;

    // ∂J/∂w_ij = e_j·a_i, row by row, against autograd: the hidden layer by
    // default, both layers with --detail.
    page.blank()?;
    let layers: Vec<usize> = if page.detail() { vec![1, 0] } else { vec![0] };
    for l in (0..mlp.layers().len()).rev() {
        let table = trace.gradient_table(&mlp, l);
        if layers.contains(&l) {
            tables::gradient_table(page, &table)?;
        }
        check!(page, "bp.check_rows", table.agrees(), layer = l + 1)?;
    }
    if !page.detail() {
        say!(page, "bp.other_table")?;
    }

    // One neuron of the hidden layer in the backward trace: its a_j node
    // passes e_j = grad(a_j)·relu'(z_j) to z_j, and z_j passes e_j·a_i to each
    // weight w_ij (and e_j to its bias).
    let neuron = 0;
    let z = trace.layers[0].pre_activations[neuron].index();
    let a = trace.layers[0].outputs[neuron].index();
    let full = j.backward_trace();
    if page.detail() {
        let one_neuron: Vec<_> = full
            .steps
            .iter()
            .filter(|s| s.node == z || s.node == a)
            .cloned()
            .collect();
        page.blank()?;
        say!(
            page,
            "bp.trace",
            unit = neuron + 1,
            a_index = a,
            z_index = z
        )?;
        tables::backward_steps(page, &one_neuron)?;
        let weights: Vec<String> = mlp.layers()[0].neurons()[neuron]
            .weights()
            .iter()
            .map(|w| format!("#{}", w.index()))
            .collect();
        say!(
            page,
            "bp.trace_weights",
            weights = weights.join(", "),
            unit = neuron + 1
        )?;
    }

    // The chain rule as a sum over paths, for one weight.
    let w = mlp.layers()[0].neurons()[neuron].weights()[0].named("w_11");
    let paths = inspect::paths(w, j, 20);
    page.blank()?;
    say!(page, "bp.paths", count = paths.count)?;
    let label = |i: usize| {
        let v = graph.value_at(i);
        v.name()
            .unwrap_or_else(|| format!("{}#{i}", v.op().symbol()))
    };
    for path in &paths.paths {
        let route: Vec<String> = path.nodes.iter().map(|&i| label(i)).collect();
        let factors: Vec<String> = path
            .local_derivatives
            .iter()
            .map(|&d| fixed(d, 4))
            .collect();
        writeln!(page, "  {}", route.join(" → "))?;
        writeln!(
            page,
            "      {} = {}",
            factors.join(" · "),
            fixed(path.product, 6)
        )?;
    }
    say!(
        page,
        "bp.paths_sum",
        total = fixed(paths.total, 6),
        grad = fixed(w.grad(), 6)
    )?;
    check!(
        page,
        "bp.check_paths",
        (paths.total - w.grad()).abs() <= 1e-12
    )?;

    let mut files = Vec::new();
    let csv = dir.join("backward_trace.csv");
    std::fs::create_dir_all(dir)?;
    std::fs::write(&csv, full.to_csv())?;
    files.push(csv);
    // The network of section 3 after backward: each box with its data and
    // its grad (e_j on the z_j boxes, ∂J/∂a_i on the a_i boxes). The loss's
    // own nodes are left out, so that the drawing reads as the network.
    let drawing = dir.join("network.svg");
    let options = DotOptions {
        collapse_neurons: true,
        ..DotOptions::default()
    };
    if inspect::render_all(trace.outputs(), &options, &drawing).is_ok() {
        files.push(drawing);
    }
    // The derivation as formulas of the parameters, checked at many points.
    let report = formula_check(29);
    let agreed: usize = report.inputs.iter().map(|c| c.agreed).sum();
    say!(
        page,
        "bp.formula",
        parameters = PARAMETERS,
        points = report.points.len(),
        random = report.points.len() - 1,
        agreed = agreed,
        total = PARAMETERS * report.points.len()
    )?;
    check!(page, "bp.check_formula", report.passed())?;
    say!(
        page,
        "bp.files",
        csv = "backward_trace.csv",
        svg = "network.svg"
    )?;
    page.verified("bp.verified", &[])?;
    Ok(files)
}
