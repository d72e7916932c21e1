//! # 08 · Optimizers: seven ways down the same hill
//!
//! Gradient descent, momentum, Nesterov, AdaGrad, RMSProp, Adam and AdamW on
//! the valley `f(w) = 0.1·w1² + 2·w2²` (first steps, zig-zags, steps to the
//! floor) and training the same MLP on the moons from the same start.
//!
//! The walkthrough is [`scalargrad::lesson::optimizers`]; this example runs
//! it alone. Files under `out/lesson/08_optimizers/`: `valley_momentum.png`,
//! `valley_adagrad_rmsprop.png`, `valley_adam.png`, `mlp_loss.png`.
//!
//! Run: `cargo run --release --example 08_optimizers`

use std::error::Error;
use std::path::Path;

fn main() -> Result<(), Box<dyn Error>> {
    let dir = Path::new("out/lesson/08_optimizers");
    let mut stdout = std::io::stdout().lock();
    // SCALARGRAD_LANG=vi for Vietnamese; the whole lesson takes --lang and --detail.
    let mut page =
        scalargrad::lesson::Page::new(&mut stdout, scalargrad::lesson::Options::from_env());
    let files = scalargrad::lesson::optimizers::run(&mut page, dir)?;
    println!("\nFiles written to {}/:", dir.display());
    for f in &files {
        println!("  {}", f.display());
    }
    Ok(())
}
