//! # 09 · The training pipeline, end to end
//!
//! Three spirals split into train, validation and test sets, standardized
//! with the training statistics, an MLP 2-32-32-3 trained with Adam on
//! shuffled mini-batches with early stopping, evaluated once on the test set,
//! saved and loaded back.
//!
//! The walkthrough is [`scalargrad::lesson::pipeline`]; this example runs it
//! alone. Files under `out/lesson/09_pipeline/`: `loss.png`, `accuracy.png`,
//! `decision_boundary.png`, `model.json`.
//!
//! Run: `cargo run --release --example 09_pipeline`

use std::error::Error;
use std::path::Path;

fn main() -> Result<(), Box<dyn Error>> {
    let dir = Path::new("out/lesson/09_pipeline");
    let mut stdout = std::io::stdout().lock();
    // SCALARGRAD_LANG=vi for Vietnamese; the whole lesson takes --lang and --detail.
    let mut page =
        scalargrad::lesson::Page::new(&mut stdout, scalargrad::lesson::Options::from_env());
    let files = scalargrad::lesson::pipeline::run(&mut page, dir)?;
    println!("\nFiles written to {}/:", dir.display());
    for f in &files {
        println!("  {}", f.display());
    }
    Ok(())
}
