//! # 01 · Value: the classic micrograd expression
//!
//! Builds micrograd's README expression from two leaves `a` and `b`, runs
//! backward, and prints every node's data and gradient, so you can follow the
//! chain rule from `g` back to `a` and `b`. micrograd's README shows the same
//! three numbers: 24.7041, 138.8338 and 645.5773.
//!
//! Run: `cargo run --release --example 01_value`

use scalargrad::{Graph, Value};

// `c += c + 1.0` is micrograd's expression, kept as it is written there.
#[allow(clippy::misrefactored_assign_op)]
fn main() {
    let graph = Graph::new();
    let a = graph.value(-4.0).named("a");
    let b = graph.value(2.0).named("b");
    let mut c = (a + b).named("c");
    let mut d = (a * b + b.powf(3.0)).named("d");
    c += c + 1.0;
    c += 1.0 + c + (-a);
    d += d * 2.0 + (b + a).relu();
    d += 3.0 * d + (b - a).relu();
    let e = (c - d).named("e");
    let f = e.powf(2.0).named("f");
    let mut g = f / 2.0;
    g += 10.0 / f;
    let g = g.named("g");
    g.backward();

    println!("The classic micrograd expression (a = -4, b = 2):");
    println!("  g.data = {:.4}", g.data());
    println!("  a.grad = ∂g/∂a = {:.4}", a.grad());
    println!("  b.grad = ∂g/∂b = {:.4}", b.grad());
    println!();
    println!("Every node, in creation order (a topological order):");
    println!(
        "{:>5}  {:<8} {:<12} {:>16} {:>16}",
        "node", "name", "op", "data", "grad"
    );
    print_nodes(g);
    println!();
    println!(
        "{} nodes recorded; backward visited them once, in reverse.",
        graph.len()
    );
}

/// Prints every node `root` depends on, in creation order.
fn print_nodes(root: Value) {
    let mut seen = vec![false; root.index() + 1];
    let mut stack = vec![root];
    let mut nodes = Vec::new();
    while let Some(v) = stack.pop() {
        if !std::mem::replace(&mut seen[v.index()], true) {
            nodes.push(v);
            stack.extend(v.inputs());
        }
    }
    nodes.sort_by_key(|v| v.index());
    for v in nodes {
        let inputs: Vec<String> = v
            .inputs()
            .iter()
            .map(|x| format!("#{}", x.index()))
            .collect();
        let op = if inputs.is_empty() {
            "leaf".to_string()
        } else {
            format!("{}({})", v.op().symbol(), inputs.join(","))
        };
        println!(
            "{:>5}  {:<8} {:<12} {:>16.4} {:>16.4}",
            format!("#{}", v.index()),
            v.name().unwrap_or_default(),
            op,
            v.data(),
            v.grad()
        );
    }
}
