//! # Performance report
//!
//! Times, in one run on this machine, every workload the performance targets
//! are about, and prints them in one table with their ratios:
//!
//! - micrograd's demo step (MLP 2-16-16-1, 100 points) by hand, fast
//!   ([`FastHandMlp`]: weights transposed, fixed-size arrays; the
//!   yardstick) and plainly ([`HandMlp`], the previous yardstick);
//! - the same step with `Mlp` (each neuron one affine node), recorded every
//!   step (all the points in one call to `Mlp::forward_batch`, and one at a
//!   time with `Mlp::forward`), and recorded once then replayed
//!   (`Graph::recompute`);
//! - micrograd's graph of binary ops on the minimal unchecked 32-byte tape
//!   (the second yardstick), on scalargrad rebuilt every step, and replayed;
//! - one step of a wide network (2-256-256-1, 1,000 points) with `Mlp` and
//!   by hand;
//! - training on 1,000 points with one and with two threads.
//!
//! Each ratio compares workloads timed in alternation (a round of each, in
//! turn, many times; the median round of each), so that the load of other
//! processes falls on both sides. For statistically careful numbers use
//! `cargo bench`; this report is the one-command summary. Also: the whole
//! 100-step demo, bytes per node, peak memory, and a 10-million-node chain.
//!
//! The workloads and yardsticks are [`scalargrad::lesson::micrograd`]'s.
//!
//! Run: `cargo run --release --example perf_report`

use std::hint::black_box;
use std::time::{Duration, Instant};

use scalargrad::lesson::micrograd::fast_handwritten::FastHandMlp;
use scalargrad::lesson::micrograd::handwritten::HandMlp;
use scalargrad::lesson::micrograd::{
    demo_mlp, demo_run, demo_tape, init_params, micrograd_loss, micrograd_step, mlp_loss, mlp_step,
    mlp_step_per_example, moons, replay_step, scaling, tape_step, ALPHA, LAYERS,
};
use scalargrad::train::{TrainConfig, Trainer};
use scalargrad::Graph;

/// Median time of one call of each workload, timed in alternation: `rounds`
/// rounds, each running every workload `reps` times in turn.
fn compare(rounds: usize, reps: usize, workloads: &mut [&mut dyn FnMut()]) -> Vec<Duration> {
    for f in workloads.iter_mut() {
        for _ in 0..reps {
            f(); // warm up
        }
    }
    let mut samples = vec![Vec::with_capacity(rounds); workloads.len()];
    for _ in 0..rounds {
        for (f, times) in workloads.iter_mut().zip(&mut samples) {
            let start = Instant::now();
            for _ in 0..reps {
                f();
            }
            times.push(start.elapsed() / reps as u32);
        }
    }
    samples
        .into_iter()
        .map(|mut times| {
            times.sort();
            times[rounds / 2]
        })
        .collect()
}

fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

fn ratio(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64()
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
    let demo = compare(
        5,
        3,
        &mut [&mut || {
            black_box(demo_run(&xs, &ys));
        }],
    )[0];
    let demo_rss = peak_rss_kib();

    // micrograd's demo step: by hand, fast and plain; Mlp rebuilt and
    // replayed.
    let mut fast = FastHandMlp::<16>::new(&init);
    let mut hand = HandMlp::new(&LAYERS, &init);
    let g_mlp = Graph::new();
    let (mlp, params, keep) = demo_mlp(&g_mlp);
    let mlp_nodes = {
        mlp_loss(&g_mlp, &mlp, &params, &xs, &ys);
        let n = g_mlp.len() - keep;
        g_mlp.truncate(keep);
        n
    };
    let g_replay = Graph::new();
    let (mlp_r, params_r, _) = demo_mlp(&g_replay);
    let total_r = mlp_loss(&g_replay, &mlp_r, &params_r, &xs, &ys);
    let t = compare(
        31,
        20,
        &mut [
            &mut || {
                black_box(fast.step(&xs, &ys, ALPHA, lr));
            },
            &mut || {
                black_box(hand.step(&xs, &ys, ALPHA, lr));
            },
            &mut || {
                black_box(mlp_step(&g_mlp, &mlp, &params, keep, &xs, &ys, lr));
            },
            &mut || {
                black_box(mlp_step_per_example(
                    &g_mlp, &mlp, &params, keep, &xs, &ys, lr,
                ));
            },
            &mut || {
                black_box(replay_step(&g_replay, total_r, &params_r, lr));
            },
        ],
    );
    let (t_fast, t_hand, t_mlp, t_mlp_one, t_mlp_replayed) = (t[0], t[1], t[2], t[3], t[4]);

    // micrograd's graph of binary ops: tape, rebuilt, replayed.
    let (mut tape, tape_params) = demo_tape();
    let g = Graph::new();
    let vparams = g.values(&init);
    let keep = g.len();
    let (nodes, bytes) = {
        let (loss, _) = micrograd_loss(&mut &g, &vparams, &xs, &ys);
        loss.backward();
        let counted = (g.len() - keep, g.memory_bytes() as f64 / g.len() as f64);
        g.truncate(keep);
        counted
    };
    let g_rep = Graph::new();
    let rparams = g_rep.values(&init);
    let (loss_rep, _) = micrograd_loss(&mut &g_rep, &rparams, &xs, &ys);
    let t = compare(
        31,
        5,
        &mut [
            &mut || {
                black_box(tape_step(&mut tape, &tape_params, &xs, &ys, lr));
            },
            &mut || {
                black_box(micrograd_step(&g, &vparams, keep, &xs, &ys, lr));
            },
            &mut || {
                black_box(replay_step(&g_rep, loss_rep, &rparams, lr));
            },
        ],
    );
    let (t_tape, t_rebuilt, t_replayed) = (t[0], t[1], t[2]);

    // A wide network: 2-256-256-1 on 1,000 points.
    let (wxs, wys) = scaling::points(1_000);
    let g_wide = Graph::new();
    let (wide, wide_params, wide_keep) = scaling::network(&g_wide, 256);
    let mut wide_hand = scaling::by_hand::<256>(&wide);
    let t = compare(
        7,
        1,
        &mut [
            &mut || {
                black_box(wide_hand.step(&wxs, &wys, 0.0, 0.0));
            },
            &mut || {
                black_box(scaling::step(
                    &g_wide,
                    &wide,
                    &wide_params,
                    wide_keep,
                    &wxs,
                    &wys,
                    0.0,
                ));
            },
        ],
    );
    let (t_wide_hand, t_wide) = (t[0], t[1]);
    drop(g_wide);

    // Training on 1,000 points, one thread and two.
    let threads = training_threads();

    // A chain of 10 million nodes.
    let chain = compare(
        3,
        1,
        &mut [&mut || {
            let g = Graph::with_capacity(10_000_001);
            let x = g.value(1.0);
            let mut acc = x;
            for _ in 0..10_000_000 {
                acc += x;
            }
            acc.backward();
            black_box(x.grad());
        }],
    )[0];

    println!("This machine, one run; ratios between workloads timed in alternation.");
    println!();
    println!("| workload | time per step | ns per node | ratio |");
    println!("|---|---:|---:|---:|");
    println!("| **micrograd's demo step** (MLP 2-16-16-1, 100 points, full batch) | | | |");
    println!(
        "| by hand, weights transposed, fixed-size arrays (yardstick) | {:.1} µs | | 1.00 × hand |",
        micros(t_fast)
    );
    println!(
        "| by hand, plain loops on `Vec`s (the previous yardstick) | {:.1} µs | | {:.2} × hand |",
        micros(t_hand),
        ratio(t_hand, t_fast)
    );
    let per_mlp_node = |t: Duration| t.as_secs_f64() * 1e9 / mlp_nodes as f64;
    println!(
        "| `Mlp`, recorded every step, `forward_batch` ({mlp_nodes} nodes) | {:.1} µs | {:.2} | **{:.2} × hand** |",
        micros(t_mlp),
        per_mlp_node(t_mlp),
        ratio(t_mlp, t_fast)
    );
    println!(
        "| `Mlp`, recorded every step, `forward` per example | {:.1} µs | {:.2} | {:.2} × hand |",
        micros(t_mlp_one),
        per_mlp_node(t_mlp_one),
        ratio(t_mlp_one, t_fast)
    );
    println!(
        "| `Mlp`, recorded once, replayed (`recompute`) | {:.1} µs | {:.2} | **{:.2} × hand** |",
        micros(t_mlp_replayed),
        per_mlp_node(t_mlp_replayed),
        ratio(t_mlp_replayed, t_fast)
    );
    let per_node = |t: Duration| t.as_secs_f64() * 1e9 / nodes as f64;
    println!("| **micrograd's graph of binary ops** ({nodes} nodes) | | | |");
    println!(
        "| on the unchecked 32-byte tape (yardstick) | {:.1} µs | {:.2} | 1.00 × tape |",
        micros(t_tape),
        per_node(t_tape)
    );
    println!(
        "| on scalargrad, rebuilt every step | {:.1} µs | {:.2} | **{:.2} × tape** |",
        micros(t_rebuilt),
        per_node(t_rebuilt),
        ratio(t_rebuilt, t_tape)
    );
    println!(
        "| on scalargrad, replayed (`recompute`) | {:.1} µs | {:.2} | **{:.2} × tape** |",
        micros(t_replayed),
        per_node(t_replayed),
        ratio(t_replayed, t_tape)
    );
    println!("| **a wide step** (MLP 2-256-256-1, 1,000 points, hinge loss, SGD) | | | |");
    println!(
        "| by hand, weights transposed, fixed-size arrays | {:.2} ms | | 1.00 × hand |",
        micros(t_wide_hand) / 1e3
    );
    println!(
        "| `Mlp`, recorded every step | {:.2} ms | | **{:.2} × hand** |",
        micros(t_wide) / 1e3,
        ratio(t_wide, t_wide_hand)
    );
    println!("| **training, 1,000 points**, micrograd's network, 100 full-batch steps | | | |");
    println!(
        "| `Trainer`, one thread | {:.2} ms | | 1.00 |",
        micros(threads.0) / 1e3
    );
    println!(
        "| `Trainer`, two threads (`TrainConfig::threads`) | {:.2} ms | | **{:.2} × faster** |",
        micros(threads.1) / 1e3,
        ratio(threads.0, threads.1)
    );
    println!();
    println!(
        "whole 100-step demo with `Mlp`: {:.1} ms",
        demo.as_secs_f64() * 1e3
    );
    println!(
        "the tape's time moves with how the crate is compiled (191–251 µs for the same \
         source; README, \"The tape's speed depends on the build\"): compare other builds"
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

/// 100 full-batch epochs of micrograd's network on 1,000 moons points with
/// one and with two threads: the time of each (timed in alternation).
fn training_threads() -> (Duration, Duration) {
    let data = scalargrad::data::moons(&scalargrad::data::MoonsConfig {
        samples: 1_000,
        noise: 0.1,
        seed: 7,
    });
    let run = |threads: usize| {
        let g = Graph::new();
        let (mlp, _, _) = demo_mlp(&g);
        let config = TrainConfig {
            epochs: 100,
            batch_size: 0,
            threads,
            progress: scalargrad::train::Progress::Never,
            ..TrainConfig::default()
        };
        let optimizer = Box::new(scalargrad::optim::Sgd::new(0.01));
        black_box(Trainer::new(&mlp, optimizer, config).fit(&data, None));
    };
    let t = compare(5, 1, &mut [&mut || run(1), &mut || run(2)]);
    (t[0], t[1])
}
