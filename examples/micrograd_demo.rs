//! # The micrograd demo
//!
//! micrograd's classic expression, then its moons demo end to end:
//! `MLP(2, [16, 16, 1])` trained with micrograd's exact recipe from the same
//! initial parameters as the Python original, so the losses printed are the
//! ones micrograd printed.
//!
//! The walkthrough is [`scalargrad::lesson::micrograd::demo`]; this example
//! runs it alone. Files under `out/micrograd_demo/`: the decision boundary
//! and the loss and accuracy curves.
//!
//! Run: `cargo run --release --example micrograd_demo`

use std::error::Error;
use std::path::Path;

fn main() -> Result<(), Box<dyn Error>> {
    let dir = Path::new("out/micrograd_demo");
    let mut stdout = std::io::stdout().lock();
    // SCALARGRAD_LANG=vi for Vietnamese; the whole lesson takes --lang and --detail.
    let mut page =
        scalargrad::lesson::Page::new(&mut stdout, scalargrad::lesson::Options::from_env());
    let files = scalargrad::lesson::micrograd::demo::run(&mut page, dir)?;
    println!("\nFiles written to {}/:", dir.display());
    for f in &files {
        println!("  {}", f.display());
    }
    Ok(())
}
