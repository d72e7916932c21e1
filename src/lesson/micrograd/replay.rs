//! # Record once, replay every step
//!
//! A training step whose graph has the same shape every time (same network,
//! same batch size, no Rust `if` on the data) need not be recorded again: keep
//! the graph, change its leaves with `set_data`, and call
//! [`Graph::recompute`], which re-evaluates every node from its inputs in
//! creation order. Then `zero_grad` and `backward` as usual:
//!
//! ```text
//! record once:   loss = f(params, inputs)          (nodes appended)
//! every step:    set_data on the leaves that change
//!                g.recompute()                      (forward, no new node)
//!                g.zero_grad(); loss.backward()
//!                update the parameters
//! ```
//!
//! [`run`] trains micrograd's moons demo both ways from micrograd's own
//! initial parameters, checks that the losses agree to the last bit, times
//! both, and then shows what makes replay wrong: a branch taken in Rust on a
//! node's data is decided once, when the graph is recorded.
//!
//! Run: `cargo run --release --example replay`

use std::error::Error;
use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use rand::SeedableRng;

use super::{ALPHA, INIT_PARAMS as INIT, MOONS_CSV as MOONS};
use crate::data::{self, CsvOptions};
use crate::nn::{Activation, Mlp};
use crate::{loss, Graph, Value};

/// Training steps, as in micrograd's demo.
const STEPS: usize = 100;

/// What [`run`] measured.
pub struct Replay {
    /// The loss before each step, recording the graph every step.
    pub rebuilt: Vec<f64>,
    /// The loss before each step, recording once and replaying.
    pub replayed: Vec<f64>,
    /// The branch example: `f(-1)` from a graph recorded at `x = 2` with a
    /// Rust `if`, then replayed.
    pub branch_in_rust: f64,
    /// The same with the branch written as graph ops (`relu`).
    pub branch_as_ops: f64,
}

/// Trains the demo both ways and runs the branch example, printing to `out`.
///
/// # Errors
/// If writing to `out` fails (the demo's data is built in and parses).
pub fn run(out: &mut dyn Write) -> Result<Replay, Box<dyn Error>> {
    let moons = data::parse_csv(MOONS, Path::new("moons.csv"), &CsvOptions::default())?;
    let xs: Vec<&[f64]> = moons.x.iter().map(|x| x.as_slice()).collect();
    // Classes 0/1 back to micrograd's labels -1/+1.
    let ys: Vec<f64> = moons
        .y
        .iter()
        .map(|&class| moons.class_values[class as usize])
        .collect();
    let init: Vec<f64> = INIT
        .lines()
        .map(|l| l.trim().parse())
        .collect::<Result<_, _>>()?;

    writeln!(
        out,
        "== micrograd's demo, {STEPS} full-batch steps, two ways =="
    )?;
    let (rebuilt, t_rebuilt) = train(&xs, &ys, &init, false);
    let (replayed, t_replayed) = train(&xs, &ys, &init, true);
    for k in [0, 1, 2, 50, STEPS - 1] {
        writeln!(
            out,
            "step {k:3}: loss {:.16} rebuilt, {:.16} replayed",
            rebuilt[k], replayed[k]
        )?;
    }
    let identical = rebuilt
        .iter()
        .zip(&replayed)
        .all(|(a, b)| a.to_bits() == b.to_bits());
    writeln!(
        out,
        "all {STEPS} losses identical to the last bit: {}",
        if identical { "yes" } else { "NO" }
    )?;
    let per_step = |t: Duration| t.as_secs_f64() * 1e6 / STEPS as f64;
    writeln!(
        out,
        "time per step: {:.1} µs recording every step, {:.1} µs replaying ({:.2}× faster)",
        per_step(t_rebuilt),
        per_step(t_replayed),
        t_rebuilt.as_secs_f64() / t_replayed.as_secs_f64()
    )?;

    writeln!(
        out,
        "\n== What replay cannot see: a branch taken in Rust =="
    )?;
    writeln!(
        out,
        "f(x) = 3x if x > 0, else -x;  recorded at x = 2, replayed at x = -1 (f(-1) = 1)"
    )?;
    let (branch_in_rust, branch_as_ops) = branch_example();
    writeln!(
        out,
        "  `if x.data() > 0.0 {{ x * 3.0 }} else {{ -x }}` replays to {branch_in_rust}: the `if` ran once, at x = 2"
    )?;
    writeln!(
        out,
        "  `x.relu() * 3.0 + (-x).relu()`           replays to {branch_as_ops}: the choice is an op of the graph"
    )?;
    writeln!(
        out,
        "Replay is valid when every step would record the same ops on the same inputs:\n\
         same network and batch size, branches on data as ops (relu, leaky_relu, …),\n\
         and no leaf computed from another node's data (it would stay frozen)."
    )?;
    Ok(Replay {
        rebuilt,
        replayed,
        branch_in_rust,
        branch_as_ops,
    })
}

/// micrograd's loss for the whole batch: mean hinge loss plus `α·Σp²`.
fn demo_loss<'g>(mlp: &Mlp<'g>, inputs: &[Vec<Value<'g>>], ys: &[f64]) -> Value<'g> {
    let losses: Vec<Value<'g>> = inputs
        .iter()
        .zip(ys)
        .map(|(x, &y)| loss::hinge(mlp.forward(x)[0], y))
        .collect();
    loss::mean(&losses) + loss::l2(&mlp.parameters()) * ALPHA
}

/// Trains from `init`, returning the loss before each step and the time.
fn train(xs: &[&[f64]], ys: &[f64], init: &[f64], replay: bool) -> (Vec<f64>, Duration) {
    let g = Graph::new();
    let mlp = Mlp::new(
        &g,
        2,
        &[16, 16, 1],
        Activation::Relu,
        &mut rand::rngs::StdRng::seed_from_u64(0),
    );
    mlp.set_parameters(init);
    let params = mlp.parameters();
    let keep = g.len();
    let record = || {
        let inputs: Vec<Vec<Value>> = xs.iter().map(|x| g.values(x)).collect();
        demo_loss(&mlp, &inputs, ys)
    };

    let start = Instant::now();
    let mut losses = Vec::with_capacity(STEPS);
    // Replay: the graph is recorded once, before the first step.
    let recorded = replay.then(record);
    for k in 0..STEPS {
        let total = if let Some(total) = recorded {
            if k > 0 {
                g.recompute(); // the parameters changed: forward again
            }
            total
        } else {
            g.truncate(keep); // drop last step's nodes, keep the parameters
            record()
        };
        g.zero_grad();
        total.backward();
        losses.push(total.data());
        let lr = 1.0 - 0.9 * k as f64 / STEPS as f64;
        for p in &params {
            p.set_data(p.data() - lr * p.grad());
        }
    }
    (losses, start.elapsed())
}

/// `f(x) = 3x if x > 0 else -x`, recorded at `x = 2` two ways and replayed at
/// `x = -1`. Returns (Rust `if`, graph ops).
fn branch_example() -> (f64, f64) {
    let g = Graph::new();
    let x = g.value(2.0);
    let in_rust = if x.data() > 0.0 { x * 3.0 } else { -x };
    let as_ops = x.relu() * 3.0 + (-x).relu();
    x.set_data(-1.0);
    g.recompute();
    (in_rust.data(), as_ops.data())
}
