//! # 07 · Optimizers: seven ways down the same hill
//!
//! Follows section 5 of the lesson, "Optimizers": gradient descent (SGD),
//! momentum, Nesterov, AdaGrad, RMSProp, Adam and AdamW, with PyTorch's
//! update rules (`scalargrad::optim`, each rule written out in its docs).
//!
//! What you will see and can check:
//! 1. all seven on the valley `f(w) = 0.1·w1² + 2·w2²` from `w = (-4, 2)`,
//!    each with a learning rate suited to it (printed): the first steps
//!    `(w1, w2, f)`, then how many steps each needs to reach `f < 1e-3`
//!    and `f` after 200 steps; the gradient is always the engine's
//!    (`f.backward()`, then `w1.grad()`, `w2.grad()`);
//! 2. the same seven training one MLP on the two moons (200 points, noise
//!    0.2) from the same initial parameters: initial and final loss,
//!    accuracy, loss curves. Every optimizer lowers the loss; they differ in
//!    how fast.
//!
//! Writes `valley_momentum.png`, `valley_adagrad_rmsprop.png` and
//! `valley_adam.png` (the paths over the contour lines of `f`, gradient
//! descent in each for reference) and `mlp_loss.png` (the loss curves) under
//! `out/lesson/07_optimizers/`.
//!
//! Run: `cargo run --release --example 07_optimizers`

use rand::SeedableRng;
use scalargrad::nn::{Activation, Mlp};
use scalargrad::optim::{self, Optimizer};
use scalargrad::train::{evaluate, Objective, Progress, TrainConfig, Trainer};
use scalargrad::{data, Graph, Value};

/// Where every optimizer starts on the valley.
const START: (f64, f64) = (-4.0, 2.0);
/// Steps each optimizer may take on the valley.
const STEPS: usize = 200;
/// "Reached the minimum": `f < TARGET`.
const TARGET: f64 = 1e-3;
/// Steps printed one by one.
const SHOWN_STEPS: usize = 5;

/// The learning rate of each optimizer on the valley. The valley's
/// curvatures are 0.2 along `w1` and 4 along `w2`:
/// - sgd: stable below 2/4 = 0.5; 0.4 is near the fastest, and `w2` already
///   flips sign at each step (factor 1 - 0.4·4 = -0.6);
/// - momentum, nesterov (β = 0.9): the velocity sums about 1/(1 - β) = 10
///   gradients, so a rate about 10 times smaller;
/// - adagrad, rmsprop, adam, adamw divide by the gradient's own size, so
///   their rate is roughly the length of a step in `w`: a few tenths for a
///   start 4 away (RMSProp's first step is 10·lr, having no bias
///   correction).
const VALLEY_LR: [(&str, f64); 7] = [
    ("sgd", 0.4),
    ("momentum", 0.05),
    ("nesterov", 0.05),
    ("adagrad", 1.0),
    ("rmsprop", 0.05),
    ("adam", 0.3),
    ("adamw", 0.3),
];

/// The network of part 2: 2 inputs, two hidden ReLU layers of 16, one
/// output logit (micrograd's `MLP(2, [16, 16, 1])`), always from this seed.
const NET_SEED: u64 = 1;
const DATA_SEED: u64 = 3;
/// Full-batch steps (one per epoch) on the MLP.
const EPOCHS: usize = 200;
/// The step at which the MLP table also shows the loss, to compare speeds.
const EARLY: usize = 50;

/// The learning rate of each optimizer on the MLP (full batch, binary
/// cross-entropy), chosen so that each gets far in 200 steps without
/// diverging: SGD takes a large rate; momentum and Nesterov about 1/(1 - β)
/// = 10 times less than SGD would alone; Adam and AdamW 20 times PyTorch's
/// default 0.001 (which is meant for thousands of steps); RMSProp less, its
/// first steps being the largest (no bias correction).
const MLP_LR: [(&str, f64); 7] = [
    ("sgd", 0.5),
    ("momentum", 0.1),
    ("nesterov", 0.1),
    ("adagrad", 0.1),
    ("rmsprop", 0.005),
    ("adam", 0.02),
    ("adamw", 0.02),
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::path::Path::new("out/lesson/07_optimizers");
    let files = run(&mut std::io::stdout().lock(), dir)?;
    println!("\nFiles written to {}/:", dir.display());
    for f in &files {
        println!("  {}", f.display());
    }
    Ok(())
}

/// Runs the walkthrough, printing to `out` and writing pictures under `dir`; returns the files written.
pub fn run(
    out: &mut dyn std::io::Write,
    dir: &std::path::Path,
) -> Result<Vec<std::path::PathBuf>, Box<dyn std::error::Error>> {
    // ------------------------------------------------------------------
    // 1. The valley f(w) = 0.1·w1² + 2·w2²: its minimum is f = 0 at w = 0.
    // It is 20 times steeper along w2 than along w1, the shape where plain
    // gradient descent zig-zags across the valley and crawls along it.
    writeln!(
        out,
        "== 1. The valley f(w) = 0.1·w1² + 2·w2², from w = ({}, {}) ==",
        START.0, START.1
    )?;
    writeln!(
        out,
        "Each step: f recorded in the graph, f.backward() gives ∂f/∂w1 = 0.2·w1 and ∂f/∂w2 = 4·w2, then the optimizer's step."
    )?;
    let paths: Vec<(String, f64, Vec<Step>)> = VALLEY_LR
        .iter()
        .map(|&(name, lr)| (name.to_string(), lr, descend(&mut *optimizer(name, lr))))
        .collect();
    writeln!(
        out,
        "{:<10} {:>6} {:>4} {:>10} {:>10} {:>11}",
        "optimizer", "lr", "t", "w1", "w2", "f"
    )?;
    for (name, lr, path) in &paths {
        for (t, s) in path.iter().take(SHOWN_STEPS + 1).enumerate() {
            let (name, lr) = if t == 0 {
                (name.clone(), format!("{lr}"))
            } else {
                (String::new(), String::new())
            };
            writeln!(
                out,
                "{name:<10} {lr:>6} {t:>4} {:>10.4} {:>10.4} {:>11.4e}",
                s.w1, s.w2, s.f
            )?;
        }
    }

    // How each one moves: its first step (Δw1, Δw2), how often w2 changes
    // sign on the way down (the zig-zag across the valley), how many steps
    // it needs to reach the floor, and where it is after STEPS steps.
    writeln!(out)?;
    writeln!(
        out,
        "== 2. First step, zig-zags, steps to reach f < {TARGET:e}, and f after {STEPS} steps =="
    )?;
    writeln!(
        out,
        "{:<10} {:>6} {:>9} {:>9} {:>12} {:>11} {:>11} {:>13}",
        "optimizer",
        "lr",
        "Δw1",
        "Δw2",
        "w2 flips",
        format!("f<{TARGET:e} at"),
        "initial f",
        format!("f after {STEPS}")
    )?;
    for (name, lr, path) in &paths {
        let reached = path.iter().position(|s| s.f < TARGET);
        let end = reached.unwrap_or(STEPS);
        let flips = path[..=end]
            .windows(2)
            .filter(|pair| pair[0].w2 * pair[1].w2 < 0.0)
            .count();
        let reached = reached.map_or("never".to_string(), |t| format!("step {t}"));
        writeln!(
            out,
            "{name:<10} {lr:>6} {:>9.4} {:>9.4} {flips:>12} {reached:>11} {:>11.4} {:>13.3e}",
            path[1].w1 - path[0].w1,
            path[1].w2 - path[0].w2,
            path[0].f,
            path[STEPS].f
        )?;
    }
    // What to read in it, with the numbers taken from the paths.
    let find = |wanted: &str| {
        paths
            .iter()
            .find(|(name, _, _)| name == wanted)
            .map(|(_, _, path)| path)
            .expect("every optimizer has a path")
    };
    let sgd = find("sgd");
    writeln!(
        out,
        "sgd: each step multiplies w1 by {:.4} and w2 by {:.4}: it zig-zags across the steep w2 and crawls along the shallow w1.",
        sgd[1].w1 / sgd[0].w1,
        sgd[1].w2 / sgd[0].w2
    )?;
    writeln!(
        out,
        "momentum, nesterov: the velocity keeps w1 moving; Nesterov's look-ahead damps the swings across w2."
    )?;
    writeln!(
        out,
        "adagrad, rmsprop, adam: each coordinate is divided by its own gradient's size, so |Δw1| = |Δw2| at the first step: a diagonal."
    )?;
    let (adam, adamw) = (find("adam"), find("adamw"));
    let apart = adam
        .iter()
        .zip(adamw)
        .map(|(a, b)| (a.w1 - b.w1).hypot(a.w2 - b.w2))
        .fold(0.0, f64::max);
    writeln!(
        out,
        "adamw: Adam plus a decay w ← w - lr·λ·w (λ = 0.01); here it stays within {apart:.4} of Adam's path."
    )?;

    // ------------------------------------------------------------------
    // 3. A real training run: one MLP on the moons, the same initial
    // parameters for every optimizer (the same seed builds the same net), the
    // full training set at every step so that the only difference is the
    // optimizer.
    let moons = data::moons(&data::MoonsConfig {
        samples: 200,
        noise: 0.2,
        seed: DATA_SEED,
    });
    let split = moons.split(0.25, 0.0, DATA_SEED);
    let objective = Objective::BinaryCrossEntropy;
    writeln!(out)?;
    writeln!(
        out,
        "== 3. Training MLP(2, [16, 16, 1]) (ReLU) on {} moons points ({} for training, {} for validation) ==",
        moons.len(),
        split.train.len(),
        split.validation.len()
    )?;
    writeln!(
        out,
        "Binary cross-entropy, full batch, {EPOCHS} steps, the same initial parameters for every optimizer."
    )?;
    let mut runs = Vec::new();
    let mut first_parameters: Option<Vec<f64>> = None;
    let mut same_start = true;
    for &(name, lr) in &MLP_LR {
        let g = Graph::new();
        let mlp = Mlp::new(
            &g,
            2,
            &[16, 16, 1],
            Activation::Relu,
            &mut rand::rngs::StdRng::seed_from_u64(NET_SEED),
        );
        let start = mlp.parameter_values();
        match &first_parameters {
            None => first_parameters = Some(start),
            Some(first) => same_start &= *first == start,
        }
        let before = evaluate(&mlp, &split.train, objective);
        let config = TrainConfig {
            epochs: EPOCHS,
            batch_size: 0, // full batch: one step per epoch
            objective: Some(objective),
            progress: Progress::Never,
            ..TrainConfig::default()
        };
        let history = Trainer::new(&mlp, optimizer(name, lr), config).fit(&split.train, None);
        let after = evaluate(&mlp, &split.train, objective);
        let validation = evaluate(&mlp, &split.validation, objective);
        runs.push(Run {
            name,
            lr,
            initial_loss: before.loss,
            final_loss: after.loss,
            train_accuracy: after.accuracy.unwrap_or(f64::NAN),
            validation_accuracy: validation.accuracy.unwrap_or(f64::NAN),
            // With a full batch, epoch k's training loss is the loss before
            // step k: the curve starts at the initial loss.
            curve: history.curve(|r| Some(r.train_loss)),
        });
    }
    let n_parameters = first_parameters.as_ref().map_or(0, Vec::len);
    writeln!(
        out,
        "initial parameters identical for all 7 runs: {} ({n_parameters} parameters)",
        if same_start { "yes" } else { "NO" }
    )?;
    writeln!(
        out,
        "{:<10} {:>6} {:>13} {:>14} {:>11} {:>15} {:>15}",
        "optimizer",
        "lr",
        "initial loss",
        format!("after {EARLY} steps"),
        "final loss",
        "train accuracy",
        "val. accuracy"
    )?;
    for r in &runs {
        writeln!(
            out,
            "{:<10} {:>6} {:>13.4} {:>14.4} {:>11.4} {:>14.1}% {:>14.1}%",
            r.name,
            r.lr,
            r.initial_loss,
            r.curve[EARLY].1,
            r.final_loss,
            100.0 * r.train_accuracy,
            100.0 * r.validation_accuracy
        )?;
    }
    let all_lower = runs.iter().all(|r| r.final_loss < r.initial_loss)
        && paths.iter().all(|(_, _, p)| p[STEPS].f < p[0].f);
    writeln!(
        out,
        "Every optimizer lowered the loss, on the valley and on the MLP: {}",
        if all_lower { "yes" } else { "NO" }
    )?;

    #[cfg(feature = "plot")]
    let files = {
        let mut files = Vec::new();
        use scalargrad::plot::{self, LineChart, Series};

        // The paths over the contour lines of f, each drawn until it reaches
        // f < TARGET. Two pictures: AdaGrad, RMSProp and Adam all start along
        // the same diagonal (their first steps have the same size in w1 and
        // w2), so with the momentum family in the same picture the lines
        // would hide one another. Gradient descent is in both, for reference.
        let f = |w1: f64, w2: f64| 0.1 * w1 * w1 + 2.0 * w2 * w2;
        let drawn = |names: &[&str]| -> Vec<Series> {
            names
                .iter()
                .filter_map(|&wanted| paths.iter().find(|(name, _, _)| name == wanted))
                .map(|(name, lr, path)| {
                    let end = path.iter().position(|s| s.f < TARGET).unwrap_or(STEPS);
                    Series::new(
                        format!("{name}, lr {lr} ({end} steps)"),
                        path[..=end].iter().map(|s| (s.w1, s.w2)).collect(),
                    )
                })
                .collect()
        };
        for (file, title, names) in [
            (
                "valley_momentum.png",
                "Gradient descent, momentum and Nesterov on 0.1·w1² + 2·w2²",
                &["sgd", "momentum", "nesterov"][..],
            ),
            (
                "valley_adagrad_rmsprop.png",
                "Gradient descent, AdaGrad and RMSProp on 0.1·w1² + 2·w2²",
                &["sgd", "adagrad", "rmsprop"][..],
            ),
            (
                "valley_adam.png",
                "Gradient descent, Adam and AdamW on 0.1·w1² + 2·w2²",
                // AdamW first, so that Adam is drawn over it: their paths
                // coincide (see the distance printed above).
                &["sgd", "adamw", "adam"][..],
            ),
        ] {
            let path = dir.join(file);
            plot::contour_paths(&path, title, &f, (-4.5, 1.5), (-1.75, 2.25), &drawn(names))?;
            files.push(path);
        }

        // The loss curves side by side.
        let mut chart = LineChart::new("Training loss of MLP(2, [16, 16, 1]) on the moons")
            .x_label("step (full batch)")
            .y_label("binary cross-entropy (log scale)")
            .log_y(true);
        for r in &runs {
            chart = chart.series(Series::new(
                format!("{}, lr {}", r.name, r.lr),
                r.curve.clone(),
            ));
        }
        let path = dir.join("mlp_loss.png");
        chart.save(&path)?;
        files.push(path);
        files
    };
    #[cfg(not(feature = "plot"))]
    let files = {
        writeln!(
            out,
            "\n(built without the `plot` feature: no pictures under {})",
            dir.display()
        )?;
        Vec::new()
    };
    Ok(files)
}

/// The optimizer called `name` (one of [`optim::NAMES`]) with PyTorch's
/// defaults and learning rate `lr`; momentum and Nesterov use β = 0.9, AdamW
/// a weight decay of 0.01.
fn optimizer(name: &str, lr: f64) -> Box<dyn Optimizer> {
    optim::by_name(name, lr).unwrap_or_else(|| panic!("no optimizer called {name}"))
}

/// One point of a path on the valley.
struct Step {
    w1: f64,
    w2: f64,
    /// `f(w1, w2)`.
    f: f64,
}

/// `f(w) = 0.1·w1² + 2·w2²`, recorded in the graph.
fn valley<'g>(w1: Value<'g>, w2: Value<'g>) -> Value<'g> {
    0.1 * w1 * w1 + 2.0 * w2 * w2
}

/// `STEPS` steps of `optimizer` on the valley from `START`: the start and
/// the point after each step.
fn descend(optimizer: &mut dyn Optimizer) -> Vec<Step> {
    let g = Graph::new();
    let w1 = g.value(START.0);
    let w2 = g.value(START.1);
    let n_params = g.len();
    let mut path = Vec::with_capacity(STEPS + 1);
    for t in 0..=STEPS {
        let f = valley(w1, w2);
        path.push(Step {
            w1: w1.data(),
            w2: w2.data(),
            f: f.data(),
        });
        if t == STEPS {
            break;
        }
        g.zero_grad();
        f.backward(); // w1.grad() = 0.2·w1, w2.grad() = 4·w2
        optimizer.step(&[w1, w2]);
        g.truncate(n_params); // forget this step's nodes, keep w1 and w2
    }
    path
}

/// One optimizer's training run on the MLP.
struct Run {
    name: &'static str,
    lr: f64,
    /// Mean loss over the training set before the first step.
    initial_loss: f64,
    /// Mean loss over the training set after the last step.
    final_loss: f64,
    train_accuracy: f64,
    validation_accuracy: f64,
    /// `(step, loss before that step)`.
    curve: Vec<(f64, f64)>,
}
