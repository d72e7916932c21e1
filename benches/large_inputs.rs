//! Large inputs, with the time each must stay under (issue 14): the work a
//! user can ask for with one command line must be linear, or bounded.
//!
//! `cargo bench --bench large_inputs`. The bounds, on this machine class
//! (2 cores), and what the same input took before:
//!
//! | bench | bound | before |
//! |---|---|---|
//! | `paths/library_text_20_of_65k` | < 0.5 s | 16.9 s (labels found by a linear search) |
//! | `paths/cli_text_20_of_65k`, `cli_json_20_of_65k` | < 1 s | 16.9 s, 0.45 s |
//! | `paths/cli_text_10000_of_2k` (the largest `--limit`) | < 2 s | unbounded `--limit`, every path buffered: 11 GB at 65k terms |
//! | `arguments/cli_10000_values` (the bound) | < 1 s | 100,000 took 17.7 s (quadratic duplicate check) |
//! | `arguments/cli_check_1000_variables_130k` (`check` at its bound, the longest formula Linux passes) | < 5 s | no bound on variables |
//! | `formula/parse_record_backward_65k` | < 0.2 s | |
//!
//! The layout of `dot -o g.svg` has its own bench with the drawings.

use std::hint::black_box;
use std::process::Command;

use criterion::{criterion_group, criterion_main, Criterion};
use scalargrad::expr::Formula;
use scalargrad::{inspect, Graph};

/// `x + x + … + x`, `terms` times: a graph of `terms` nodes in a chain,
/// with `terms` paths from x.
fn sum_of_x(terms: usize) -> String {
    vec!["x"; terms].join("+")
}

fn scalargrad(args: &[&str]) -> std::process::Output {
    let out = Command::new(env!("CARGO_BIN_EXE_scalargrad"))
        .args(args)
        .output()
        .expect("the binary runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn paths(c: &mut Criterion) {
    let mut group = c.benchmark_group("paths");
    group.sample_size(10);
    let formula = Formula::parse(&sum_of_x(65_000)).unwrap();
    group.bench_function("library_text_20_of_65k", |b| {
        b.iter(|| {
            let g = Graph::new();
            let x = g.value(1.0).named("x");
            let lookup = std::collections::HashMap::from([("x", x)]);
            let y = formula.build(&g, &lookup).unwrap();
            let mut found = inspect::chain_paths(x, y);
            let mut text = String::new();
            for _ in 0..20 {
                let Some(path) = found.next() else { break };
                text.push_str(&found.route(&path));
                text.push_str(&path.factors());
            }
            black_box(text.len())
        })
    });
    let long = sum_of_x(65_000);
    group.bench_function("cli_text_20_of_65k", |b| {
        b.iter(|| scalargrad(&["paths", &long, "--wrt", "x", "x=1"]))
    });
    group.bench_function("cli_json_20_of_65k", |b| {
        b.iter(|| scalargrad(&["paths", &long, "--wrt", "x", "x=1", "--json"]))
    });
    let short = sum_of_x(2_000);
    group.bench_function("cli_text_10000_of_2k", |b| {
        b.iter(|| scalargrad(&["paths", &short, "--wrt", "x", "x=1", "--limit", "10000"]))
    });
    group.finish();
}

fn arguments(c: &mut Criterion) {
    let mut group = c.benchmark_group("arguments");
    group.sample_size(10);
    let values: Vec<String> = (0..10_000).map(|k| format!("x{k}=1")).collect();
    let formula: String = (0..10_000)
        .map(|k| format!("x{k}"))
        .collect::<Vec<_>>()
        .join("+");
    let mut args = vec!["grad", formula.as_str()];
    args.extend(values.iter().map(String::as_str));
    group.bench_function("cli_10000_values", |b| b.iter(|| scalargrad(&args)));
    // `check` at its bound: 1,000 variables in a 130,000-character formula,
    // two evaluations of the whole formula per variable.
    let names: Vec<String> = (0..1_000).map(|k| format!("x{k}")).collect();
    let mut long = names.join("+");
    while long.len() + 7 <= 130_000 {
        long.push_str("+0.5*x1");
    }
    let values: Vec<String> = names.iter().map(|n| format!("{n}=0.5")).collect();
    let mut args = vec!["check", long.as_str()];
    args.extend(values.iter().map(String::as_str));
    group.bench_function("cli_check_1000_variables_130k", |b| {
        b.iter(|| scalargrad(&args))
    });
    group.finish();
}

fn formula(c: &mut Criterion) {
    let mut group = c.benchmark_group("formula");
    group.sample_size(10);
    let text = sum_of_x(65_000);
    group.bench_function("parse_record_backward_65k", |b| {
        b.iter(|| {
            let formula = Formula::parse(&text).unwrap();
            let g = Graph::new();
            let x = g.value(1.0).named("x");
            let lookup = std::collections::HashMap::from([("x", x)]);
            let y = formula.build(&g, &lookup).unwrap();
            y.backward();
            black_box(x.grad())
        })
    });
    group.finish();
}

criterion_group!(benches, paths, arguments, formula);
criterion_main!(benches);
