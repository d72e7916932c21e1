//! Training benchmarks: micrograd's demo step with `Mlp` (recorded every
//! step, and replayed) against the hand-written forward/backward of the same
//! network (fast: weights transposed, fixed-size arrays, the yardstick; and
//! plain, the previous yardstick), micrograd's graph
//! replayed against the 32-byte tape, the whole 100-step demo, and a training
//! step at widths 16, 64, 256 and batches 10, 100, 1000 (with `Mlp` and by
//! hand), and training with the batch split over one or two threads (the
//! lesson's replayed data-parallel loop, and `Trainer` with
//! `TrainConfig::threads`).
//!
//! `cargo bench --bench training`. Throughput is in edges (multiply-adds of
//! the forward pass) where the graph shape changes. The workloads and the
//! yardsticks are [`scalargrad::lesson::micrograd`]'s.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use scalargrad::lesson::micrograd::fast_handwritten::FastHandMlp;
use scalargrad::lesson::micrograd::handwritten::HandMlp;
use scalargrad::lesson::micrograd::{
    self, data_parallel, demo_mlp, demo_run, demo_tape, init_params, learning_rate, micrograd_loss,
    mlp_loss, mlp_step, moons, replay_step, scaling, tape_step, ALPHA, LAYERS,
};
use scalargrad::train::{Progress, TrainConfig, Trainer};
use scalargrad::Graph;

fn mlp_vs_hand(c: &mut Criterion) {
    let (xs, ys) = moons();
    let init = init_params();
    let mut group = c.benchmark_group("mlp_step");
    // A zero learning rate: every step is micrograd's first one, so neither
    // side drifts while it is measured.
    let mut fast = FastHandMlp::<16>::new(&init);
    group.bench_function("hand_written_fast", |b| {
        b.iter(|| black_box(fast.step(&xs, &ys, ALPHA, 0.0)))
    });
    let mut hand = HandMlp::new(&LAYERS, &init);
    group.bench_function("hand_written", |b| {
        b.iter(|| black_box(hand.step(&xs, &ys, ALPHA, 0.0)))
    });
    let g = Graph::new();
    let (mlp, params, keep) = demo_mlp(&g);
    group.bench_function("scalargrad_mlp", |b| {
        b.iter(|| black_box(mlp_step(&g, &mlp, &params, keep, &xs, &ys, 0.0)))
    });
    // The same step on a graph recorded once and replayed.
    let g = Graph::new();
    let (mlp, params, _) = demo_mlp(&g);
    let total = mlp_loss(&g, &mlp, &params, &xs, &ys);
    group.bench_function("scalargrad_mlp_replayed", |b| {
        b.iter(|| black_box(replay_step(&g, total, &params, 0.0)))
    });
    group.finish();
}

fn replay_vs_tape(c: &mut Criterion) {
    let (xs, ys) = moons();
    let init = init_params();
    let mut group = c.benchmark_group("micrograd_replay");
    let (mut tape, tape_params) = demo_tape();
    group.bench_function("tape", |b| {
        b.iter(|| black_box(tape_step(&mut tape, &tape_params, &xs, &ys, 0.0)))
    });
    let g = Graph::new();
    let params = g.values(&init);
    let (loss, _) = micrograd_loss(&mut &g, &params, &xs, &ys);
    group.bench_function("scalargrad_replayed", |b| {
        b.iter(|| black_box(replay_step(&g, loss, &params, 0.0)))
    });
    group.finish();
}

fn demo(c: &mut Criterion) {
    let (xs, ys) = moons();
    let init = init_params();
    let mut group = c.benchmark_group("demo_100_steps");
    group.sample_size(20);
    group.bench_function("scalargrad_mlp", |b| {
        b.iter(|| {
            black_box(demo_run(&xs, &ys));
        })
    });
    group.bench_function("hand_written_fast", |b| {
        b.iter(|| {
            let mut hand = FastHandMlp::<16>::new(&init);
            for k in 0..100 {
                black_box(hand.step(&xs, &ys, ALPHA, learning_rate(k)));
            }
        })
    });
    group.finish();
}

fn scaling_bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("scaling");
    group.sample_size(10);
    for &width in &[16usize, 64, 256] {
        for &batch in &[10usize, 100, 1000] {
            let (xs, ys) = scaling::points(batch);
            let g = Graph::new();
            let (mlp, params, keep) = scaling::network(&g, width);
            group.throughput(Throughput::Elements(scaling::edges(width) * batch as u64));
            group.bench_with_input(
                BenchmarkId::new(format!("width_{width}"), batch),
                &batch,
                |b, _| b.iter(|| scaling::step(&g, &mlp, &params, keep, &xs, &ys, 0.01)),
            );
            // The same step by hand, from the same parameters.
            let mut by_hand = |step: &mut dyn FnMut() -> f64| {
                group.bench_with_input(
                    BenchmarkId::new(format!("width_{width}_by_hand"), batch),
                    &batch,
                    |b, _| b.iter(|| black_box(step())),
                );
            };
            match width {
                16 => {
                    let mut hand = scaling::by_hand::<16>(&mlp);
                    by_hand(&mut || hand.step(&xs, &ys, 0.0, 0.01))
                }
                64 => {
                    let mut hand = scaling::by_hand::<64>(&mlp);
                    by_hand(&mut || hand.step(&xs, &ys, 0.0, 0.01))
                }
                _ => {
                    let mut hand = scaling::by_hand::<256>(&mlp);
                    by_hand(&mut || hand.step(&xs, &ys, 0.0, 0.01))
                }
            }
        }
    }
    group.finish();
}

/// Fifty training steps on 1,000 moons points, the batch split over 1 or 2
/// threads (one replayed graph each, gradients summed): the optional
/// two-core target.
fn threads(c: &mut Criterion) {
    let (xs, ys) = micrograd::points(&scalargrad::data::moons(&scalargrad::data::MoonsConfig {
        samples: 1_000,
        noise: 0.1,
        seed: 7,
    }));
    let init = init_params();
    let mut group = c.benchmark_group("data_parallel_1000_points_50_steps");
    group.sample_size(10);
    for n_threads in [1, 2] {
        group.bench_function(BenchmarkId::from_parameter(n_threads), |b| {
            b.iter(|| {
                black_box(data_parallel::train(&xs, &ys, &init, n_threads, 50, |_| {
                    0.01
                }))
            })
        });
    }
    group.finish();
}

/// The same through the path a user takes, `TrainConfig::threads`: 100
/// full-batch epochs of micrograd's network (SGD) on 1,000 moons points
/// with `Trainer`, on one thread and on two.
fn trainer_threads(c: &mut Criterion) {
    let data = scalargrad::data::moons(&scalargrad::data::MoonsConfig {
        samples: 1_000,
        noise: 0.1,
        seed: 7,
    });
    let mut group = c.benchmark_group("trainer_1000_points_100_epochs");
    group.sample_size(10);
    for n_threads in [1, 2] {
        group.bench_function(BenchmarkId::from_parameter(n_threads), |b| {
            b.iter(|| {
                let g = Graph::new();
                let (mlp, _, _) = demo_mlp(&g);
                let config = TrainConfig {
                    epochs: 100,
                    batch_size: 0,
                    threads: n_threads,
                    progress: Progress::Never,
                    ..TrainConfig::default()
                };
                let sgd = Box::new(scalargrad::optim::Sgd::new(0.01));
                black_box(Trainer::new(&mlp, sgd, config).fit(&data, None))
            })
        });
    }
    group.finish();
}

criterion_group!(
    benches,
    mlp_vs_hand,
    replay_vs_tape,
    demo,
    scaling_bench,
    threads,
    trainer_threads
);
criterion_main!(benches);
