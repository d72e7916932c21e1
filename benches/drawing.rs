//! Laying out and drawing graphs without Graphviz (`Value::to_svg`): the
//! case that made the old layout grow as n⁴ (one value used by every node:
//! `x + x + … + x`) and a deep expression, at 100, 1,000 and 2,000 nodes.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use scalargrad::Graph;

fn sum_of_x(c: &mut Criterion) {
    let mut group = c.benchmark_group("to_svg_x_plus_x");
    group.sample_size(20);
    for terms in [100, 1_000] {
        let g = Graph::new();
        let x = g.value(1.0).named("x");
        let mut s = x;
        for _ in 1..terms {
            s += x;
        }
        s.backward();
        group.bench_with_input(BenchmarkId::from_parameter(terms), &s, |b, s| {
            b.iter(|| black_box(s.to_svg()))
        });
    }
    group.finish();
}

fn random_expression(c: &mut Criterion) {
    // 2,000 nodes: each new node combines the last one with an earlier one.
    let g = Graph::new();
    let mut nodes = vec![g.value(0.5).named("x"), g.value(-1.5).named("y")];
    let mut state = 1u64;
    while g.len() < 2_000 {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let earlier = nodes[(state >> 33) as usize % nodes.len()];
        let last = *nodes.last().expect("nodes");
        let next = match state % 3 {
            0 => (last * earlier).tanh(),
            1 => last + earlier,
            _ => (last - earlier).relu(),
        };
        nodes.push(next);
    }
    let root = *nodes.last().expect("nodes");
    root.backward();
    let mut group = c.benchmark_group("to_svg_2000_nodes");
    group.sample_size(20);
    group.bench_function("random_expression", |b| b.iter(|| black_box(root.to_svg())));
    group.finish();
}

criterion_group!(benches, sum_of_x, random_expression);
criterion_main!(benches);
