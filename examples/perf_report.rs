//! # Performance report
//!
//! Times, in one run on this machine, micrograd's training step done six
//! ways, and prints the ratios that the performance targets are about:
//!
//! - by hand on plain `f64` arrays (no graph): the floor;
//! - with `Mlp` (each neuron one affine node), recorded every step, and
//!   recorded once then replayed (`Graph::recompute`);
//! - with binary ops only, exactly micrograd's graph, on the minimal
//!   unchecked 32-byte tape (the yardstick), on scalargrad rebuilt every step,
//!   and on scalargrad replayed (`Graph::recompute`).
//!
//! Also: the whole 100-step demo, bytes per node, peak memory, and a
//! 10-million-node chain. For statistically careful numbers use
//! `cargo bench`; this report is the one-command summary.
//!
//! The workloads and yardsticks are [`scalargrad::lesson::micrograd`]'s.
//!
//! Run: `cargo run --release --example perf_report`

use std::hint::black_box;
use std::time::{Duration, Instant};

use scalargrad::lesson::micrograd::handwritten::HandMlp;
use scalargrad::lesson::micrograd::{
    demo_mlp, demo_run, demo_tape, init_params, micrograd_loss, micrograd_step, mlp_loss, mlp_step,
    moons, replay_step, tape_step, ALPHA, LAYERS,
};

use scalargrad::Graph;

/// The median time of one call of `f`, over `rounds` rounds of `reps` calls.
fn time(rounds: usize, reps: usize, mut f: impl FnMut()) -> Duration {
    for _ in 0..reps {
        f(); // warm up
    }
    let mut samples: Vec<Duration> = (0..rounds)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..reps {
                f();
            }
            start.elapsed() / reps as u32
        })
        .collect();
    samples.sort();
    samples[rounds / 2]
}

fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

/// Peak resident memory of this process so far, from /proc (Linux).
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() {
    let (xs, ys) = moons();
    let init = init_params();
    // The timed steps leave the parameters where they are (the update runs,
    // with a zero rate): every step is micrograd's first, so the state cannot
    // drift (towards dead units, which backward skips) while it is measured.
    let lr = 0.0;
    let baseline_rss = peak_rss_kib();

    // The whole 100-step demo with Mlp, first, so that the peak memory it
    // reaches is measured before anything larger runs.
    let demo = time(5, 3, || {
        black_box(demo_run(&xs, &ys));
    });
    let demo_rss = peak_rss_kib();

    // By hand.
    let mut hand = HandMlp::new(&LAYERS, &init);
    let t_hand = time(11, 200, || {
        black_box(hand.step(&xs, &ys, ALPHA, lr));
    });

    // Mlp, recorded every step.
    let g = Graph::new();
    let (mlp, params, keep) = demo_mlp(&g);
    let t_mlp = time(11, 50, || {
        black_box(mlp_step(&g, &mlp, &params, keep, &xs, &ys, lr));
    });
    let mlp_nodes = {
        // Count a step's nodes: record one (inputs, network, loss).
        mlp_loss(&g, &mlp, &params, &xs, &ys);
        let n = g.len() - keep;
        g.truncate(keep);
        n
    };

    // Mlp, recorded once and replayed.
    let g = Graph::new();
    let (mlp, params, _) = demo_mlp(&g);
    let total = mlp_loss(&g, &mlp, &params, &xs, &ys);
    let t_mlp_replayed = time(11, 50, || {
        black_box(replay_step(&g, total, &params, lr));
    });

    // micrograd's graph on the tape.
    let (mut tape, tape_params) = demo_tape();
    let t_tape = time(11, 20, || {
        black_box(tape_step(&mut tape, &tape_params, &xs, &ys, lr));
    });

    // micrograd's graph on scalargrad, rebuilt every step.
    let g = Graph::new();
    let vparams = g.values(&init);
    let keep = g.len();
    let t_rebuilt = time(11, 20, || {
        black_box(micrograd_step(&g, &vparams, keep, &xs, &ys, lr));
    });
    let (nodes, bytes) = {
        g.truncate(keep);
        g.zero_grad();
        let (loss, _) = micrograd_loss(&mut &g, &vparams, &xs, &ys);
        loss.backward();
        (g.len() - keep, g.memory_bytes() as f64 / g.len() as f64)
    };

    // micrograd's graph on scalargrad, recorded once and replayed.
    let g = Graph::new();
    let rparams = g.values(&init);
    let (loss, _) = micrograd_loss(&mut &g, &rparams, &xs, &ys);
    let t_replayed = time(11, 20, || {
        black_box(replay_step(&g, loss, &rparams, lr));
    });

    // A chain of 10 million nodes.
    let chain = time(3, 1, || {
        let g = Graph::with_capacity(10_000_001);
        let x = g.value(1.0);
        let mut acc = x;
        for _ in 0..10_000_000 {
            acc += x;
        }
        acc.backward();
        black_box(x.grad());
    });

    println!(
        "micrograd's demo step (MLP 2-16-16-1, 100 points, full batch), this machine, one run:"
    );
    println!();
    println!("| workload | time per step | ns per node | ratio |");
    println!("|---|---:|---:|---:|");
    println!(
        "| by hand on f64 arrays (yardstick) | {:.1} µs | | 1.00 × hand |",
        micros(t_hand)
    );
    println!(
        "| scalargrad `Mlp`, recorded every step ({} nodes) | {:.1} µs | {:.2} | **{:.2} × hand** |",
        mlp_nodes,
        micros(t_mlp),
        t_mlp.as_secs_f64() * 1e9 / mlp_nodes as f64,
        t_mlp.as_secs_f64() / t_hand.as_secs_f64()
    );
    println!(
        "| scalargrad `Mlp`, recorded once, replayed (`recompute`) | {:.1} µs | {:.2} | **{:.2} × hand** |",
        micros(t_mlp_replayed),
        t_mlp_replayed.as_secs_f64() * 1e9 / mlp_nodes as f64,
        t_mlp_replayed.as_secs_f64() / t_hand.as_secs_f64()
    );
    let per_node = |t: Duration| t.as_secs_f64() * 1e9 / nodes as f64;
    println!(
        "| micrograd's graph on the unchecked 32-byte tape (yardstick, {nodes} nodes) | {:.1} µs | {:.2} | 1.00 × tape |",
        micros(t_tape),
        per_node(t_tape)
    );
    println!(
        "| micrograd's graph on scalargrad, rebuilt every step | {:.1} µs | {:.2} | **{:.2} × tape** |",
        micros(t_rebuilt),
        per_node(t_rebuilt),
        t_rebuilt.as_secs_f64() / t_tape.as_secs_f64()
    );
    println!(
        "| micrograd's graph on scalargrad, replayed (`recompute`) | {:.1} µs | {:.2} | **{:.2} × tape** |",
        micros(t_replayed),
        per_node(t_replayed),
        t_replayed.as_secs_f64() / t_tape.as_secs_f64()
    );
    println!();
    println!(
        "whole 100-step demo with `Mlp`: {:.1} ms",
        demo.as_secs_f64() * 1e3
    );
    println!("bytes per node: 28 by layout (20-byte record + 8-byte gradient); {bytes:.1} of heap after a backward");
    if let (Some(base), Some(peak)) = (baseline_rss, demo_rss) {
        println!(
            "peak resident memory after the demo: {:.1} MiB (the process before it: {:.1} MiB)",
            peak as f64 / 1024.0,
            base as f64 / 1024.0
        );
    }
    println!(
        "10-million-node chain, forward + backward: {:.0} ms",
        chain.as_secs_f64() * 1e3
    );
}
