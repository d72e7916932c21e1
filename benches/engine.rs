//! Engine benchmarks: micrograd's training graph (binary ops only) recorded
//! and backpropagated, against the minimal unchecked 32-byte tape; and a
//! 10-million-node chain.
//!
//! `cargo bench --bench engine`. Throughput is in nodes, so criterion's
//! "elem/s" converts to nanoseconds per node as 1e9 / (elem/s). The graph
//! and the tape are [`scalargrad::lesson::micrograd`]'s.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use scalargrad::lesson::micrograd::{
    self, demo_tape, init_params, micrograd_loss, moons, tape_step,
};
use scalargrad::Graph;

fn micrograd_step(c: &mut Criterion) {
    let (xs, ys) = moons();
    let init = init_params();

    let g = Graph::new();
    let params = g.values(&init);
    let n_params = g.len();
    let (loss, _) = micrograd_loss(&mut &g, &params, &xs, &ys);
    loss.backward();
    let nodes = (g.len() - n_params) as u64;
    eprintln!(
        "micrograd graph: {nodes} nodes per step. scalargrad: 28 bytes per node by layout \
         (20-byte record + 8-byte gradient), {:.1} bytes per node of heap after a backward \
         (with the arena's growth slack); tape: {} bytes per node",
        g.memory_bytes() as f64 / g.len() as f64,
        std::mem::size_of::<micrograd::tape::Node>()
    );

    let mut group = c.benchmark_group("micrograd_step");
    group.throughput(Throughput::Elements(nodes));
    group.bench_function("scalargrad", |b| {
        b.iter(|| {
            black_box(micrograd::micrograd_step(
                &g, &params, n_params, &xs, &ys, 0.0,
            ))
        })
    });

    let (mut tape, tape_params) = demo_tape();
    group.bench_function("tape", |b| {
        b.iter(|| black_box(tape_step(&mut tape, &tape_params, &xs, &ys, 0.0)))
    });
    group.finish();
}

fn chain(c: &mut Criterion) {
    const N: usize = 10_000_000;
    let mut group = c.benchmark_group("chain_10M");
    group.sample_size(10);
    group.throughput(Throughput::Elements(N as u64));
    let g = Graph::with_capacity(N + 1);
    group.bench_function("forward_backward", |b| {
        b.iter(|| {
            g.truncate(0);
            g.zero_grad();
            let x = g.value(1.0);
            let mut acc = x;
            for _ in 0..N {
                acc += x;
            }
            acc.backward();
            black_box(x.grad())
        })
    });
    group.finish();
}

criterion_group!(benches, micrograd_step, chain);
criterion_main!(benches);
