//! # 01 · Value: a graph that remembers every operation
//!
//! Before neurons and layers, the engine itself. micrograd's classic
//! expression is built from two numbers `a = -4` and `b = 2`; every `+`, `*`,
//! `relu`, `powf` records a node, and each assignment's node is named after
//! its variable (`c`, `d`, `e`, `f`, `g`), as micrograd's lecture names them.
//! `g.backward()` then visits the nodes in reverse and leaves `∂g/∂node` in
//! each node's `grad`.
//!
//! You will see: the value of `g` and its gradients with respect to `a` and
//! `b` (micrograd's README shows the same three numbers), the nudge table
//! (a gradient is a prediction: nudging `a` by `h` changes `g` by about
//! `∂g/∂a·h`, next to the change that happens when `g` is computed again,
//! [`nudges`]), the named values
//! with their data and grad, one gradient derived by hand, and the graph
//! drawn (with `--detail`, every node in topological order too): DOT text,
//! an SVG (with Graphviz if it is installed, otherwise with the crate's own
//! layout, top-down so that it fits a screen) and a PNG when Graphviz is
//! there.
//!
//! Files: `out/lesson/01_value/classic.{dot,svg,png}`.
//!
//! Run: `cargo run --release --example 01_value`

use std::error::Error;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::numbers::{fixed, pad, pad_left};
use super::page::{check, say, tr, Page};
use crate::{inspect, Graph, Value};

/// What micrograd's README prints for `g`, `a.grad` and `b.grad`.
const MICROGRAD: [&str; 3] = ["24.7041", "138.8338", "645.5773"];

/// The named values of micrograd's expression that the walkthrough reads.
struct Classic<'g> {
    f: Value<'g>,
    g: Value<'g>,
}

/// micrograd's expression of `a` and `b`, recorded in their graph, each
/// assignment's node named after its variable.
// `c += c + 1.0` is micrograd's expression, kept as it is written there.
#[allow(clippy::misrefactored_assign_op)]
fn classic<'g>(a: Value<'g>, b: Value<'g>) -> Classic<'g> {
    // Ordinary arithmetic records the graph. `c += …` records a new node and
    // moves the handle `c` to it; the old node stays in the graph. Each new
    // node is named after its variable.
    let mut c = (a + b).named("c");
    let mut d = (a * b + b.powf(3.0)).named("d");
    c += c + 1.0;
    c.named("c");
    c += 1.0 + c + (-a);
    c.named("c");
    d += d * 2.0 + (b + a).relu();
    d.named("d");
    d += 3.0 * d + (b - a).relu();
    d.named("d");
    let e = (c - d).named("e");
    let f = e.powf(2.0).named("f");
    let mut g = (f / 2.0).named("g");
    g += 10.0 / f;
    let g = g.named("g");
    Classic { f, g }
}

/// `g(a, b)`, computed again in a graph of its own.
fn classic_g(a: f64, b: f64) -> f64 {
    let graph = Graph::new();
    classic(graph.value(a), graph.value(b)).g.data()
}

/// The step of the nudge table.
pub const NUDGE: f64 = 1e-3;

/// The nudge table: for each input of micrograd's expression, `(name, grad,
/// predicted, actual)`, where `predicted = grad·h` is the change of `g` the
/// gradient predicts when the input grows by `h` ([`NUDGE`]) and `actual =
/// g(…, x + h, …) − g(a, b)` the change that happens (the two differ by
/// about `½·(∂²g/∂x²)·h²`).
pub fn nudges() -> Vec<(&'static str, f64, f64, f64)> {
    let graph = Graph::new();
    let (a, b) = (-4.0, 2.0);
    let [va, vb] = [graph.value(a), graph.value(b)];
    let g = classic(va, vb).g;
    g.backward();
    let base = g.data();
    vec![
        (
            "a",
            va.grad(),
            va.grad() * NUDGE,
            classic_g(a + NUDGE, b) - base,
        ),
        (
            "b",
            vb.grad(),
            vb.grad() * NUDGE,
            classic_g(a, b + NUDGE) - base,
        ),
    ]
}

/// Runs the walkthrough, printing to `page` and writing pictures under
/// `dir`; returns the files written.
///
/// # Errors
/// The first error met, as for any [`Walkthrough`](crate::lesson::Walkthrough).
pub fn run(page: &mut Page<'_>, dir: &Path) -> Result<Vec<PathBuf>, Box<dyn Error>> {
    // Two leaves. `named` only labels a node for the printouts and drawings.
    let graph = Graph::new();
    let a = graph.value(-4.0).named("a");
    let b = graph.value(2.0).named("b");

    let Classic { f, g } = classic(a, b);

    // One reverse sweep fills in every gradient.
    g.backward();

    say!(page, "value.intro", a = a.data(), b = b.data())?;
    for line in [
        "  let mut c = a + b;              let mut d = a * b + b.powf(3.0);",
        "  c += c + 1.0;                   c += 1.0 + c + (-a);",
        "  d += d * 2.0 + (b + a).relu();  d += 3.0 * d + (b - a).relu();",
        "  let e = c - d;  let f = e.powf(2.0);  let mut g = f / 2.0;  g += 10.0 / f;",
    ] {
        writeln!(page, "{line}")?;
    }
    say!(page, "value.nodes", nodes = graph.len())?;
    say!(page, "value.named")?;
    page.blank()?;
    let shown = [
        (fixed(g.data(), 4), "value.g"),
        (fixed(a.grad(), 4), "value.a_grad"),
        (fixed(b.grad(), 4), "value.b_grad"),
    ];
    let labels = ["g.data()", "a.grad()", "b.grad()"];
    for ((number, key), label) in shown.iter().zip(labels) {
        let meaning = tr!(page, key);
        writeln!(page, "{label} = {}   {meaning}", pad_left(number, 8))?;
    }
    let micrograds = shown.iter().map(|(n, _)| n.as_str()).eq(MICROGRAD);
    check!(page, "value.check_micrograd", micrograds)?;

    // A gradient is a prediction: nudge an input by h and g moves by about
    // grad·h. Computing g again at the nudged input says how good it is.
    page.blank()?;
    say!(page, "value.nudge", h = NUDGE)?;
    let header = [
        tr!(page, "value.col_input"),
        tr!(page, "value.col_predicted"),
        tr!(page, "value.col_actual"),
        tr!(page, "value.col_gap"),
    ];
    writeln!(
        page,
        "  {} {} {} {} {}",
        pad(&header[0], 8),
        pad_left("grad", 10),
        pad_left(&header[1], 18),
        pad_left(&header[2], 25),
        pad_left(&header[3], 12)
    )?;
    let table = nudges();
    for (name, grad, predicted, actual) in &table {
        writeln!(
            page,
            "  {} {} {} {} {}",
            pad(name, 8),
            pad_left(&fixed(*grad, 4), 10),
            pad_left(&fixed(*predicted, 6), 18),
            pad_left(&fixed(*actual, 6), 25),
            pad_left(&format!("{:.1e}", actual - predicted), 12)
        )?;
    }
    say!(page, "value.nudge_why")?;
    // The gap is second order: below 1 % of the change itself.
    let close = table
        .iter()
        .all(|(_, _, p, a)| (a - p).abs() < 0.01 * p.abs());
    check!(page, "value.check_nudge", close, h = NUDGE)?;

    // The named values, in the order the engine computed them: inputs before
    // the nodes that use them, so this order is a topological order and
    // backward is simply the same list read backwards.
    page.blank()?;
    say!(page, "value.table")?;
    let header = [tr!(page, "value.col_value"), tr!(page, "value.col_data")];
    writeln!(
        page,
        "  {} {} {}",
        pad(&header[0], 8),
        pad_left(&header[1], 10),
        pad_left("grad", 10)
    )?;
    let trace = g.forward_trace();
    for step in trace.steps.iter().filter(|s| s.name.is_some()) {
        let node = graph.value_at(step.node);
        writeln!(
            page,
            "  {} {} {}",
            pad(step.name.as_deref().unwrap_or(""), 8),
            pad_left(&fixed(node.data(), 4), 10),
            pad_left(&fixed(node.grad(), 4), 10)
        )?;
    }
    if page.detail() {
        page.blank()?;
        say!(page, "value.trace")?;
        super::tables::forward_trace(page, &trace)?;
    }

    // One gradient read off the graph and derived by hand.
    page.blank()?;
    let by_hand = 0.5 - 10.0 / (f.data() * f.data());
    say!(
        page,
        "value.by_hand",
        by_hand = fixed(by_hand, 4),
        f = fixed(f.data(), 4)
    )?;
    say!(page, "value.by_graph", grad = fixed(f.grad(), 4))?;
    check!(
        page,
        "value.check_by_hand",
        (by_hand - f.grad()).abs() <= 1e-12
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
                inspect::Renderer::Graphviz => "value.drawn_graphviz",
                _ => "value.drawn_builtin",
            };
            let how = tr!(page, how);
            say!(page, "value.drawn", file = "classic.svg", how = how)?;
            files.push(svg_file);
        }
        Err(e) => say!(page, "value.not_drawn", error = e)?,
    }
    if inspect::graphviz_available() {
        let png_file = dir.join("classic.png");
        inspect::render(g, &options, &png_file)?;
        files.push(png_file);
    }
    page.verified("value.verified", &[])?;
    Ok(files)
}
