//! # 03 · An MLP computed by hand, layer by layer
//!
//! A 2-3-2 network with chosen weights: every `z_j = Σ_i w_ij·a_i + b_j`
//! written out with its numbers, every `a_j = f(z_j)`, the output and its
//! softmax.
//!
//! The walkthrough is [`scalargrad::lesson::mlp_forward`]; this example runs
//! it alone. Files under `out/lesson/03_mlp_forward/`: `network.svg`.
//!
//! Run: `cargo run --release --example 03_mlp_forward`

use std::error::Error;
use std::path::Path;

fn main() -> Result<(), Box<dyn Error>> {
    let dir = Path::new("out/lesson/03_mlp_forward");
    let mut stdout = std::io::stdout().lock();
    // SCALARGRAD_LANG=vi for Vietnamese; the whole lesson takes --lang and --detail.
    let mut page =
        scalargrad::lesson::Page::new(&mut stdout, scalargrad::lesson::Options::from_env());
    let files = scalargrad::lesson::mlp_forward::run(&mut page, dir)?;
    println!("\nFiles written to {}/:", dir.display());
    for f in &files {
        println!("  {}", f.display());
    }
    Ok(())
}
