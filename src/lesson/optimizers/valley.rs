//! Parts 1 and 2: the seven optimizers on the valley
//! `f(w) = 0.1·w1² + 2·w2²`, step by step.

use std::io::Write;

use super::optimizer;
use crate::optim::Optimizer;
use crate::{Graph, Value};

/// Where every optimizer starts on the valley.
const START: (f64, f64) = (-4.0, 2.0);
/// Steps each optimizer may take on the valley.
pub(super) const STEPS: usize = 200;
/// "Reached the minimum": `f < TARGET`.
pub(super) const TARGET: f64 = 1e-3;
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

/// One optimizer's way down the valley: its name, its learning rate, and the
/// start and the point after each step.
pub(super) type Descent = (String, f64, Vec<Step>);

/// Runs every optimizer of [`VALLEY_LR`] on the valley and prints its first
/// steps, how it moves, and where it ends; returns the paths.
pub(super) fn descend_the_valley(out: &mut dyn Write) -> std::io::Result<Vec<Descent>> {
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
    Ok(paths)
}

/// One point of a path on the valley.
pub(super) struct Step {
    pub(super) w1: f64,
    pub(super) w2: f64,
    /// `f(w1, w2)`.
    pub(super) f: f64,
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
