//! # Training on both cores: one graph per thread, gradients summed
//!
//! A [`Graph`] belongs to one thread (it is not `Sync`, and its `Value`s
//! borrow it). To use several cores, split the batch: each thread builds its
//! own graph holding a copy of the network and the loss of its share of the
//! examples, and the gradients are summed. With the mean loss
//! `J = (1/N)·Σ_n J_n`, thread `t` records `(1/N)·Σ_{n ∈ share t} J_n`, so
//! `∂J/∂p = Σ_t ∂J_t/∂p` exactly (the L2 term goes to thread 0 only).
//!
//! Each thread records its graph once and replays it every step
//! ([`Graph::recompute`]); two barriers per step hand the parameters out and
//! the gradients back. The main thread is worker 0 and applies the update.
//!
//! [`train`] is that training loop; [`run`] prints the time per step with 1
//! and 2 threads on micrograd's demo (100 points) and on 1,000 and 10,000
//! points.
//!
//! Run: `cargo run --release --example data_parallel`

use std::io::Write;
use std::sync::{Barrier, Mutex};
use std::time::Instant;

use rand::SeedableRng;

use super::{init_params, ALPHA};
use crate::nn::{Activation, Mlp};
use crate::{loss, Graph, Value};

/// Prints, as a Markdown table, the time per training step with 1 and 2
/// threads on 100, 1,000 and 10,000 moons points (the best of three runs,
/// recording included).
///
/// # Errors
/// If writing to `out` fails.
pub fn run(out: &mut dyn Write) -> std::io::Result<()> {
    let init = init_params();
    writeln!(
        out,
        "MLP 2-16-16-1, full batch, hinge loss + 1e-4·Σp², SGD; time per step, one run:"
    )?;
    writeln!(out)?;
    writeln!(out, "| points | 1 thread | 2 threads | speed-up |")?;
    writeln!(out, "|---:|---:|---:|---:|")?;
    for n in [100, 1_000, 10_000] {
        let data = crate::data::moons(&crate::data::MoonsConfig {
            samples: n,
            noise: 0.1,
            seed: 7,
        });
        let xs: Vec<[f64; 2]> = data.x.iter().map(|x| [x[0], x[1]]).collect();
        let ys: Vec<f64> = data.y.iter().map(|&c| 2.0 * c - 1.0).collect();
        let steps = (200_000 / n).clamp(20, 500);
        let per_step = |threads: usize| {
            // Best of three runs, each `steps` steps including the recording.
            (0..3)
                .map(|_| {
                    let start = Instant::now();
                    train(&xs, &ys, &init, threads, steps, |_| 0.01);
                    start.elapsed().as_secs_f64() * 1e6 / steps as f64
                })
                .fold(f64::INFINITY, f64::min)
        };
        let (one, two) = (per_step(1), per_step(2));
        writeln!(
            out,
            "| {n} | {one:.1} µs | {two:.1} µs | {:.2} × |",
            one / two
        )?;
    }
    Ok(())
}

/// Trains micrograd's network `MLP(2, [16, 16, 1])` from the parameters
/// `init` on points `xs` with labels `ys ∈ {-1, +1}`, full batch, for `steps`
/// steps of SGD with rate `lr(step)`, splitting the batch over `threads`
/// threads. Returns the loss before each step.
///
/// # Panics
/// If `threads` is 0 or more than the number of points, if `xs` and `ys`
/// differ in length, or if `init` does not hold the network's 337
/// parameters.
pub fn train(
    xs: &[[f64; 2]],
    ys: &[f64],
    init: &[f64],
    threads: usize,
    steps: usize,
    lr: impl Fn(usize) -> f64,
) -> Vec<f64> {
    assert!(
        threads >= 1 && threads <= xs.len(),
        "data_parallel::train: threads must be 1..={} (the number of points), got {threads}",
        xs.len()
    );
    assert_eq!(
        xs.len(),
        ys.len(),
        "data_parallel::train: {} points but {} labels",
        xs.len(),
        ys.len()
    );
    let n = xs.len();
    let share = n.div_ceil(threads);
    let params = Mutex::new(init.to_vec());
    // Per worker: its share of the loss and the gradient of every parameter.
    let results: Vec<Mutex<(f64, Vec<f64>)>> = (0..threads)
        .map(|_| Mutex::new((0.0, Vec::new())))
        .collect();
    let barrier = Barrier::new(threads);

    std::thread::scope(|scope| {
        let worker = |t: usize| {
            let start = t * share;
            let end = (start + share).min(n);
            Worker {
                xs: &xs[start..end],
                ys: &ys[start..end],
                n_total: n,
                with_l2: t == 0,
                init,
            }
        };
        for t in 1..threads {
            let (params, results, barrier) = (&params, &results, &barrier);
            scope.spawn(move || {
                let g = Graph::new();
                let w = worker(t);
                let (mlp, total) = w.record(&g);
                for _ in 0..steps {
                    barrier.wait(); // parameters are ready
                    let current = params.lock().unwrap().clone(); // not held while working
                    let out = w.step(&mlp, total, &current);
                    *results[t].lock().unwrap() = out;
                    barrier.wait(); // gradients are ready
                }
            });
        }
        let g = Graph::new();
        let w = worker(0);
        let (mlp, total) = w.record(&g);
        let mut losses = Vec::with_capacity(steps);
        for k in 0..steps {
            barrier.wait();
            let current = params.lock().unwrap().clone();
            let out = w.step(&mlp, total, &current);
            *results[0].lock().unwrap() = out;
            barrier.wait();
            // Every worker is done with this step: sum and update.
            let mut p = params.lock().unwrap();
            let mut loss = 0.0;
            let mut grad = vec![0.0; p.len()];
            for slot in &results {
                let slot = slot.lock().unwrap();
                loss += slot.0;
                grad.iter_mut().zip(&slot.1).for_each(|(g, x)| *g += x);
            }
            let rate = lr(k);
            p.iter_mut().zip(&grad).for_each(|(p, g)| *p -= rate * g);
            losses.push(loss);
        }
        losses
    })
}

/// One thread's share of the batch.
struct Worker<'a> {
    xs: &'a [[f64; 2]],
    ys: &'a [f64],
    /// Size of the whole batch (the mean divides by it).
    n_total: usize,
    /// Whether this worker adds the L2 term.
    with_l2: bool,
    init: &'a [f64],
}

impl Worker<'_> {
    /// Records this share's loss once: `(1/N)·Σ hinge (+ α·Σp²)`.
    fn record<'g>(&self, g: &'g Graph) -> (Mlp<'g>, Value<'g>) {
        let mlp = Mlp::new(
            g,
            2,
            &[16, 16, 1],
            Activation::Relu,
            &mut rand::rngs::StdRng::seed_from_u64(0),
        );
        mlp.set_parameters(self.init);
        let losses: Vec<Value<'g>> = self
            .xs
            .iter()
            .zip(self.ys)
            .map(|(x, &y)| loss::hinge(mlp.forward(&g.values(x))[0], y))
            .collect();
        let mut total = g.sum(&losses) * (1.0 / self.n_total as f64);
        if self.with_l2 {
            total += loss::l2(&mlp.parameters()) * ALPHA;
        }
        (mlp, total)
    }

    /// Sets the parameters, replays, and returns this share's loss and
    /// gradients.
    fn step<'g>(&self, mlp: &Mlp<'g>, total: Value<'g>, params: &[f64]) -> (f64, Vec<f64>) {
        mlp.set_parameters(params);
        let g = total.graph();
        g.recompute();
        g.zero_grad();
        total.backward();
        let grads = mlp.parameters().iter().map(|p| p.grad()).collect();
        (total.data(), grads)
    }
}
