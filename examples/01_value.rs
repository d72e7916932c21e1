//! # 01 · Value: a graph that remembers every operation
//!
//! micrograd's classic expression from `a = -4` and `b = 2`: every `+`, `*`,
//! `relu`, `powf` records a node, and `g.backward()` leaves `∂g/∂node` in
//! each node's `grad`. Prints `g`, `∂g/∂a`, `∂g/∂b` (micrograd's three
//! numbers) and every node in topological order, and draws the graph.
//!
//! The walkthrough is [`scalargrad::lesson::value`]; this example runs it
//! alone. Files under `out/lesson/01_value/`: `classic.dot`, `classic.svg`
//! (and `classic.png` with Graphviz).
//!
//! Run: `cargo run --release --example 01_value`

use std::error::Error;
use std::path::Path;

fn main() -> Result<(), Box<dyn Error>> {
    let dir = Path::new("out/lesson/01_value");
    let mut stdout = std::io::stdout().lock();
    // SCALARGRAD_LANG=vi for Vietnamese; the whole lesson takes --lang and --detail.
    let mut page =
        scalargrad::lesson::Page::new(&mut stdout, scalargrad::lesson::Options::from_env());
    let files = scalargrad::lesson::value::run(&mut page, dir)?;
    println!("\nFiles written to {}/:", dir.display());
    for f in &files {
        println!("  {}", f.display());
    }
    Ok(())
}
