//! # 06 · Zero initialization
//!
//! Follows the lesson's section 4, "Initialization examples": what happens
//! when every parameter starts at 0, for linear regression, logistic
//! regression, softmax regression and an MLP (ReLU hidden layer, softmax
//! output).
//!
//! You will see and can check:
//! - for each model, one gradient-descent step from all zeros on a
//!   mini-batch, with every gradient and every update printed: the three
//!   linear models get non-zero gradients and move;
//! - the MLP: `z_j = 0` for every hidden unit, so `a_j = relu(0) = 0` and
//!   `relu'(0) = 0` (and the output weights that would carry the gradient
//!   back are 0 too): every weight gradient is 0, only the output biases
//!   move;
//! - a full training run of each model (SGD, mini-batches), from zeros and
//!   from a random (He uniform) initialization: the linear models learn
//!   either way; the zero-initialized MLP never does: its hidden gradient
//!   norm is 0 in every epoch, its hidden weights stay exactly 0 and
//!   `inspect::layer_report` finds all its hidden units identical after
//!   training, while the randomly initialized MLP learns the moons.
//!
//! Writes one loss curve per model (`*_loss.png`, zero against random
//! initialization) and the MLP's two decision boundaries
//! (`mlp_boundary_zero_init.png`, `mlp_boundary_random_init.png`) under
//! `out/lesson/06_zero_init/`.
//!
//! Run: cargo run --release --example 06_zero_init

use std::path::{Path, PathBuf};

use rand::rngs::StdRng;
use rand::SeedableRng;
use scalargrad::data::{self, Dataset, Split};
use scalargrad::inspect::{self, LayerReport};
use scalargrad::nn::{
    Activation, Init, LinearRegression, LogisticRegression, Mlp, MlpTrace, SoftmaxRegression,
};
use scalargrad::optim::{Optimizer, Sgd};
use scalargrad::train::{evaluate, History, Objective, Progress, TrainConfig, Trainer};
use scalargrad::{loss, Graph, Value};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::path::Path::new("out/lesson/06_zero_init");
    let files = run(&mut std::io::stdout().lock(), dir)?;
    println!("\nFiles written to {}/:", dir.display());
    for f in &files {
        println!("  {}", f.display());
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Choices (inputs of the walkthrough, not results).

/// Seed of the datasets, splits, shuffling and random initializations.
const SEED: u64 = 6;
/// Examples per gradient-descent step.
const BATCH: usize = 32;
/// Passes over the training set.
const EPOCHS: usize = 100;
/// Hidden units of the MLP.
const HIDDEN: usize = 16;
/// The random initialization compared with zeros: He uniform,
/// `U(−√(6/fan_in), +√(6/fan_in))` (biases stay 0).
const RANDOM: Init = Init::HeUniform;
/// Its name in the printout and the pictures.
const RANDOM_NAME: &str = "He uniform";
/// Learning rates of plain SGD, `p ← p − lr·∂J/∂p`, per model.
const LR_LINEAR: f64 = 0.005;
const LR_LOGISTIC: f64 = 0.1;
const LR_SOFTMAX: f64 = 0.01;
const LR_MLP: f64 = 0.3;

// The four models, each as an `Mlp` so that the `Trainer` can train it: the
// single-layer models are built with their own types, then their one layer
// is wrapped (`Trainer` takes an `Mlp`; the layer's parameters are shared).

/// Linear regression `ŷ = w·x + b` (1 input).
fn linear_regression(graph: &Graph, init: Init) -> Mlp<'_> {
    let model = LinearRegression::new(graph, 1, init, &mut StdRng::seed_from_u64(SEED));
    Mlp::from_layers(vec![model.layer().clone()])
}

/// Logistic regression `p = σ(w_1·x_1 + w_2·x_2 + b)` (the network outputs
/// the logit `z`).
fn logistic_regression(graph: &Graph, init: Init) -> Mlp<'_> {
    let model = LogisticRegression::new(graph, 2, init, &mut StdRng::seed_from_u64(SEED));
    Mlp::from_layers(vec![model.layer().clone()])
}

/// Softmax regression with 3 classes (the network outputs the scores `z_k`).
fn softmax_regression(graph: &Graph, init: Init) -> Mlp<'_> {
    let model = SoftmaxRegression::new(graph, 2, 3, init, &mut StdRng::seed_from_u64(SEED));
    Mlp::from_layers(vec![model.layer().clone()])
}

/// The MLP `2 → 16 ReLU → 2 logits` (softmax cross-entropy), weights from
/// `init`, biases 0.
fn mlp(graph: &Graph, init: Init) -> Mlp<'_> {
    Mlp::builder(2)
        .init(init)
        .bias_init(Init::Zeros)
        .layer(HIDDEN, Activation::Relu)
        .layer(2, Activation::Linear)
        .build(graph, &mut StdRng::seed_from_u64(SEED))
}

fn yes(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

/// The first mini-batch the trainer draws (epoch 0 shuffles with `SEED`).
fn first_batch(train: &Dataset) -> Vec<usize> {
    train.batches(BATCH, SEED).swap_remove(0)
}

/// Prints every parameter's value, gradient and value after one SGD step
/// `p ← p − lr·∂J/∂p`, and takes the step. Returns true if every gradient
/// is non-zero.
fn one_step(
    out: &mut dyn std::io::Write,
    names: &[String],
    params: &[Value<'_>],
    lr: f64,
) -> Outcome<bool> {
    let before: Vec<f64> = params.iter().map(|p| p.data()).collect();
    let grads: Vec<f64> = params.iter().map(|p| p.grad()).collect();
    Sgd::new(lr).step(params);
    writeln!(
        out,
        "  {:<10} {:>10} {:>12} {:>12}",
        "parameter", "before", "∂J/∂p", "after"
    )?;
    for (k, p) in params.iter().enumerate() {
        writeln!(
            out,
            "  {:<10} {:>10.4} {:>12.6} {:>12.6}",
            names[k],
            before[k] + 0.0,
            grads[k] + 0.0,
            p.data() + 0.0
        )?;
    }
    Ok(grads.iter().all(|&g| g != 0.0))
}

/// Names `w_i,k` and `b_k` of a layer's parameters, in `parameters()` order,
/// counted from 1 as in the lesson.
fn parameter_names(n_inputs: usize, n_outputs: usize) -> Vec<String> {
    (1..=n_outputs)
        .flat_map(|k| {
            (1..=n_inputs)
                .map(move |i| format!("w_{i},{k}"))
                .chain(std::iter::once(format!("b_{k}")))
        })
        .collect()
}

/// What the walkthrough's steps return.
type Outcome<T> = Result<T, Box<dyn std::error::Error>>;

/// A model trained from one initialization.
struct Trained {
    history: History,
    /// Validation loss and accuracy (or R²) after training.
    validation_loss: f64,
    validation_metric: f64,
}

/// Trains the network `build(init)` on `split.train` with SGD (`lr`),
/// mini-batches of `BATCH`, `EPOCHS` epochs, and evaluates it on
/// `split.validation`. `after` looks at the trained network.
fn train(
    build: fn(&Graph, Init) -> Mlp<'_>,
    init: Init,
    split: &Split,
    objective: Objective,
    lr: f64,
    after: &mut dyn FnMut(&Mlp<'_>) -> Outcome<()>,
) -> Outcome<Trained> {
    let graph = Graph::new();
    let network = build(&graph, init);
    let config = TrainConfig {
        epochs: EPOCHS,
        batch_size: BATCH,
        objective: Some(objective),
        seed: SEED,
        progress: Progress::Never,
        ..TrainConfig::default()
    };
    let history = Trainer::new(&network, Box::new(Sgd::new(lr)), config)
        .fit(&split.train, Some(&split.validation));
    let evaluation = evaluate(&network, &split.validation, objective);
    after(&network)?;
    Ok(Trained {
        history,
        validation_loss: evaluation.loss,
        validation_metric: evaluation.metric(),
    })
}

/// Trains `build` from zeros and from the random initialization, without
/// looking inside, and prints both runs' fact lines.
fn zero_against_random(
    out: &mut dyn std::io::Write,
    model: &str,
    build: fn(&Graph, Init) -> Mlp<'_>,
    split: &Split,
    objective: Objective,
    lr: f64,
) -> Outcome<(Trained, Trained)> {
    let zero = train(build, Init::Zeros, split, objective, lr, &mut |_| Ok(()))?;
    let random = train(build, RANDOM, split, objective, lr, &mut |_| Ok(()))?;
    report(out, model, "zero init", &zero)?;
    report(out, model, "random init", &random)?;
    Ok((zero, random))
}

/// The metric as printed: accuracy in %, or R².
fn metric(history: &History, value: f64) -> String {
    if history.metric == "accuracy" {
        format!("validation accuracy {:.1} %", 100.0 * value)
    } else {
        format!("validation R² {value:.4}")
    }
}

/// Prints the fact lines of a training run.
fn report(out: &mut dyn std::io::Write, model: &str, how: &str, trained: &Trained) -> Outcome<()> {
    let first = &trained.history.epochs[0];
    let last = &trained.history.epochs[trained.history.epochs.len() - 1];
    writeln!(
        out,
        "{model} {how}: train loss {:.4} (epoch 1) → {:.4} (epoch {}); final train loss {:.4}, validation loss {:.4}, {}",
        first.train_loss,
        last.train_loss,
        trained.history.epochs.len(),
        last.train_loss,
        trained.validation_loss,
        metric(&trained.history, trained.validation_metric)
    )?;
    Ok(())
}

/// Forward traces of every example of `data`, the mean loss, backward, and
/// the per-layer report (dead units, identical units, gradient norms).
fn layer_reports(network: &Mlp<'_>, data: &Dataset, objective: Objective) -> Vec<LayerReport> {
    let graph = network.graph();
    let keep = graph.len();
    let traces: Vec<MlpTrace<'_>> = data
        .x
        .iter()
        .map(|x| network.forward_trace(&graph.values(x)))
        .collect();
    let losses: Vec<Value<'_>> = traces
        .iter()
        .zip(&data.y)
        .map(|(t, &y)| objective.loss(t.outputs(), y))
        .collect();
    graph.zero_grad();
    loss::mean(&losses).backward();
    let reports = inspect::layer_report(network, &traces);
    graph.truncate(keep);
    reports
}

/// Runs the walkthrough, printing to `out` and writing pictures under `dir`; returns the files written.
pub fn run(
    out: &mut dyn std::io::Write,
    dir: &std::path::Path,
) -> Result<Vec<std::path::PathBuf>, Box<dyn std::error::Error>> {
    writeln!(out, "# 06 · Zero initialization")?;
    writeln!(
        out,
        "\nEvery parameter starts at 0. One step of gradient descent on the first mini-batch of {BATCH} \
         training examples, then {EPOCHS} epochs of SGD with mini-batches of {BATCH}, from zeros and \
         from a random initialization ({RANDOM_NAME} weights, biases 0)."
    )?;
    let regression = data::regression_1d(&data::Regression1dConfig {
        samples: 200,
        noise: 0.1,
        seed: SEED,
    })
    .split(0.25, 0.0, SEED);
    let moons = data::moons(&data::MoonsConfig {
        samples: 200,
        noise: 0.1,
        seed: SEED,
    })
    .split(0.25, 0.0, SEED);
    let blobs = data::blobs(&data::BlobsConfig {
        samples: 300,
        centers: 3,
        std: 1.0,
        seed: SEED,
    })
    .split(0.25, 0.0, SEED);
    let mut charts: Vec<(&str, String, Trained, Trained)> = Vec::new();
    let mut files = Vec::new();

    // -----------------------------------------------------------------------
    // 1. Linear regression: ŷ = w·x + b, J = (1/n) Σ_n (ŷ_n − y_n)².
    writeln!(
        out,
        "\n## 1. Linear regression ŷ = w·x + b on regression_1d (y = sin x + 0.1·x + noise), J = (1/n)·Σ (ŷ − y)²"
    )?;
    {
        let graph = Graph::new();
        let model = LinearRegression::new(&graph, 1, Init::Zeros, &mut StdRng::seed_from_u64(SEED));
        let batch = first_batch(&regression.train);
        let predictions: Vec<Value<'_>> = batch
            .iter()
            .map(|&n| model.forward(&graph.values(&regression.train.x[n])))
            .collect();
        let targets: Vec<f64> = batch.iter().map(|&n| regression.train.y[n]).collect();
        let j = loss::mse(&predictions, &targets);
        graph.zero_grad();
        j.backward();
        writeln!(
            out,
            "At zero every ŷ = 0, J = mean(y²) = {:.4}; e_n = ∂J/∂ŷ_n = 2(ŷ_n − y_n)/n = −2y_n/n ≠ 0, \
             and ∂J/∂w = Σ_n e_n·x_n, ∂J/∂b = Σ_n e_n need only the data.",
            j.data()
        )?;
        writeln!(out, "One step, lr = {LR_LINEAR}:")?;
        let names = ["w".to_string(), "b".to_string()];
        let moved = one_step(out, &names, &model.parameters(), LR_LINEAR)?;
        writeln!(
            out,
            "linear regression first gradients non-zero: {}",
            yes(moved)
        )?;
    }
    let (zero, random) = zero_against_random(
        out,
        "linear regression",
        linear_regression,
        &regression,
        Objective::Mse,
        LR_LINEAR,
    )?;
    charts.push((
        "linear_regression_loss.png",
        "Linear regression".into(),
        zero,
        random,
    ));

    // -----------------------------------------------------------------------
    // 2. Logistic regression: z = w·x + b, p = σ(z), J = mean BCE.
    writeln!(
        out,
        "\n## 2. Logistic regression p = σ(w_1·x_1 + w_2·x_2 + b) on moons, J = mean binary cross-entropy"
    )?;
    {
        let graph = Graph::new();
        let model =
            LogisticRegression::new(&graph, 2, Init::Zeros, &mut StdRng::seed_from_u64(SEED));
        let batch = first_batch(&moons.train);
        let losses: Vec<Value<'_>> = batch
            .iter()
            .map(|&n| {
                let z = model.logit(&graph.values(&moons.train.x[n]));
                loss::binary_cross_entropy_with_logits(z, moons.train.y[n])
            })
            .collect();
        let j = loss::mean(&losses);
        graph.zero_grad();
        j.backward();
        writeln!(
            out,
            "At zero every z = 0, p = σ(0) = {}, J = ln 2 = {:.4}; e_n = ∂J/∂z_n = (p_n − y_n)/n = ±0.5/n ≠ 0.",
            Activation::Sigmoid.eval(0.0),
            j.data()
        )?;
        writeln!(out, "One step, lr = {LR_LOGISTIC}:")?;
        let moved = one_step(
            out,
            &parameter_names(2, 1),
            &model.parameters(),
            LR_LOGISTIC,
        )?;
        writeln!(
            out,
            "logistic regression first gradients non-zero: {}",
            yes(moved)
        )?;
    }
    let objective = Objective::BinaryCrossEntropy;
    let (zero, random) = zero_against_random(
        out,
        "logistic regression",
        logistic_regression,
        &moons,
        objective,
        LR_LOGISTIC,
    )?;
    charts.push((
        "logistic_regression_loss.png",
        "Logistic regression".into(),
        zero,
        random,
    ));

    // -----------------------------------------------------------------------
    // 3. Softmax regression: z_k = Σ_i w_ik·x_i + b_k, p = softmax(z).
    writeln!(
        out,
        "\n## 3. Softmax regression z_k = Σ_i w_ik·x_i + b_k, p = softmax(z), on blobs (3 classes), J = mean cross-entropy"
    )?;
    {
        let graph = Graph::new();
        let model =
            SoftmaxRegression::new(&graph, 2, 3, Init::Zeros, &mut StdRng::seed_from_u64(SEED));
        let batch = first_batch(&blobs.train);
        let x0 = graph.values(&blobs.train.x[batch[0]]);
        let p0: Vec<f64> = model.probabilities(&x0).iter().map(|p| p.data()).collect();
        let losses: Vec<Value<'_>> = batch
            .iter()
            .map(|&n| {
                let z = model.logits(&graph.values(&blobs.train.x[n]));
                loss::softmax_cross_entropy(&z, blobs.train.y[n] as usize)
            })
            .collect();
        let j = loss::mean(&losses);
        graph.zero_grad();
        j.backward();
        writeln!(
            out,
            "At zero every z = 0, p = ({:.4}, {:.4}, {:.4}), J = ln 3 = {:.4}; e_nk = (p_k − y_nk)/n ≠ 0, \
             different for each class k, so the classes' weights move apart.",
            p0[0],
            p0[1],
            p0[2],
            j.data()
        )?;
        writeln!(out, "One step, lr = {LR_SOFTMAX}:")?;
        let moved = one_step(out, &parameter_names(2, 3), &model.parameters(), LR_SOFTMAX)?;
        writeln!(
            out,
            "softmax regression first gradients non-zero: {}",
            yes(moved)
        )?;
    }
    let objective = Objective::SoftmaxCrossEntropy;
    let (zero, random) = zero_against_random(
        out,
        "softmax regression",
        softmax_regression,
        &blobs,
        objective,
        LR_SOFTMAX,
    )?;
    charts.push((
        "softmax_regression_loss.png",
        "Softmax regression".into(),
        zero,
        random,
    ));

    // -----------------------------------------------------------------------
    // 4. The MLP: x → 16 ReLU units → 2 logits → softmax.
    writeln!(
        out,
        "\n## 4. MLP 2 → {HIDDEN} ReLU → 2 (softmax) on moons, every weight and bias 0"
    )?;
    let objective = Objective::SoftmaxCrossEntropy;
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

    // Training: the symmetry never breaks.
    let mut zero_after = None;
    let zero = train(
        mlp,
        Init::Zeros,
        &moons,
        objective,
        LR_MLP,
        &mut |network| {
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
        },
    )?;
    let mut random_after = None;
    let random = train(mlp, RANDOM, &moons, objective, LR_MLP, &mut |network| {
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
    charts.push((
        "mlp_loss.png",
        format!("MLP 2 → {HIDDEN} ReLU → 2"),
        zero,
        random,
    ));

    files.extend(loss_charts(dir, &charts)?);
    Ok(files)
}

#[cfg(feature = "plot")]
fn boundary(
    dir: &Path,
    file: &str,
    title: &str,
    network: &Mlp<'_>,
    data: &Dataset,
) -> Outcome<Option<PathBuf>> {
    use scalargrad::train::predict;
    let path = dir.join(file);
    let points: Vec<[f64; 2]> = data.x.iter().map(|x| [x[0], x[1]]).collect();
    let classify = |x0: f64, x1: f64| {
        Objective::SoftmaxCrossEntropy.predict_class(&predict(network, &[x0, x1]))
    };
    scalargrad::plot::decision_boundary(&path, title, &points, &data.labels(), &classify, 100)?;
    Ok(Some(path))
}

#[cfg(not(feature = "plot"))]
fn boundary(_: &Path, _: &str, _: &str, _: &Mlp<'_>, _: &Dataset) -> Outcome<Option<PathBuf>> {
    Ok(None)
}

#[cfg(feature = "plot")]
fn loss_charts(dir: &Path, charts: &[(&str, String, Trained, Trained)]) -> Outcome<Vec<PathBuf>> {
    use scalargrad::plot::{LineChart, Series};
    let mut files = Vec::new();
    for (file, title, zero, random) in charts {
        let path = dir.join(file);
        let curve = |t: &Trained| t.history.curve(|r| Some(r.train_loss));
        LineChart::new(format!("{title}: training loss per epoch"))
            .x_label("epoch")
            .y_label("training loss (log scale)")
            .log_y(true)
            .series(Series::new("all parameters 0", curve(zero)))
            .series(Series::new(
                format!("random init ({RANDOM_NAME})"),
                curve(random),
            ))
            .save(&path)?;
        files.push(path);
    }
    Ok(files)
}

#[cfg(not(feature = "plot"))]
fn loss_charts(_: &Path, _: &[(&str, String, Trained, Trained)]) -> Outcome<Vec<PathBuf>> {
    Ok(Vec::new())
}
