//! # 01 · Value: a graph that remembers every operation
//!
//! Before neurons and layers, the engine itself. micrograd's classic
//! expression is built from two numbers `a = -4` and `b = 2`; every `+`, `*`,
//! `relu`, `powf` records a node. `g.backward()` then visits the nodes in
//! reverse and leaves `∂g/∂node` in each node's `grad`.
//!
//! You will see: the value of `g` and its gradients with respect to `a` and
//! `b` (micrograd's README shows the same three numbers), every node of the
//! graph in topological order, and the graph drawn: DOT text, an SVG (with
//! Graphviz if it is installed, otherwise with the built-in layout) and a
//! PNG when Graphviz is there.
//!
//! Files: `out/lesson/01_value/classic.{dot,svg,png}`.
//!
//! Run: `cargo run --release --example 01_value`

use std::error::Error;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::{inspect, Graph};

/// Runs the walkthrough, printing to `out` and writing pictures under `dir`;
/// returns the files written.
///
/// # Errors
/// The first error met, as for any [`Walkthrough`](crate::lesson::Walkthrough).
// `c += c + 1.0` is micrograd's expression, kept as it is written there.
#[allow(clippy::misrefactored_assign_op)]
pub fn run(out: &mut dyn Write, dir: &Path) -> Result<Vec<PathBuf>, Box<dyn Error>> {
    writeln!(out, "== 01 · Value: micrograd's expression ==")?;

    // Two leaves. `named` only labels them for the printouts and drawings.
    let graph = Graph::new();
    let a = graph.value(-4.0).named("a");
    let b = graph.value(2.0).named("b");

    // Ordinary arithmetic records the graph. `c += …` records a new node and
    // moves the handle `c` to it; the old node stays in the graph.
    let mut c = a + b;
    let mut d = a * b + b.powf(3.0);
    c += c + 1.0;
    c += 1.0 + c + (-a);
    d += d * 2.0 + (b + a).relu();
    d += 3.0 * d + (b - a).relu();
    let e = (c - d).named("e");
    let f = e.powf(2.0).named("f");
    let mut g = f / 2.0;
    g += 10.0 / f;
    let g = g.named("g");

    // One reverse sweep fills in every gradient.
    g.backward();
    writeln!(out, "g          = {:.4}   (the forward pass)", g.data())?;
    writeln!(
        out,
        "∂g/∂a      = {:.4}   (a.grad after g.backward())",
        a.grad()
    )?;
    writeln!(out, "∂g/∂b      = {:.4}   (b.grad)", b.grad())?;
    writeln!(
        out,
        "nodes      = {} (each number in the expression is a leaf too, as in micrograd)",
        graph.len()
    )?;
    writeln!(out)?;

    // The forward pass as the engine recorded it: inputs before the nodes that
    // use them, so this order is a topological order and backward is simply
    // the same list read backwards.
    write!(out, "{}", g.forward_trace())?;
    writeln!(out)?;
    writeln!(
        out,
        "Reading the gradients: ∂g/∂e = {:.4}, ∂g/∂f = {:.4}.",
        e.grad(),
        f.grad()
    )?;
    writeln!(
        out,
        "With g = f/2 + 10/f, ∂g/∂f = 1/2 - 10/f² = {:.4} (computed from f = {:.4}), the same number.",
        0.5 - 10.0 / (f.data() * f.data()),
        f.data()
    )?;

    // The drawing: one record per value (name | data | grad), op nodes in
    // between, inputs at the top so that it fits a screen.
    let options = inspect::DotOptions {
        direction: inspect::Direction::TopDown,
        ..inspect::DotOptions::default()
    };
    let mut files = Vec::new();
    let dot_file = dir.join("classic.dot");
    inspect::render(g, &options, &dot_file)?;
    files.push(dot_file);
    let svg_file = dir.join("classic.svg");
    match inspect::render(g, &options, &svg_file) {
        Ok(renderer) => {
            let how = match renderer {
                inspect::Renderer::Graphviz => "with Graphviz",
                _ => "with the crate's own layout",
            };
            writeln!(out, "\nDrew the graph as SVG ({how}).")?;
            files.push(svg_file);
        }
        Err(e) => writeln!(out, "\nNo SVG drawing: {e}")?,
    }
    if inspect::graphviz_available() {
        let png_file = dir.join("classic.png");
        inspect::render(g, &options, &png_file)?;
        files.push(png_file);
    } else {
        writeln!(
            out,
            "Graphviz is not installed: no PNG (the SVG needs nothing installed)."
        )?;
    }
    Ok(files)
}
