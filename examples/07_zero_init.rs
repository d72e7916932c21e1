//! # 07 · Zero initialization
//!
//! Every parameter starts at 0: linear, logistic and softmax regression
//! still get non-zero gradients and learn; a ReLU MLP gets no weight gradient
//! at all, its hidden units stay identical through training, and only a
//! random initialization lets it learn the moons.
//!
//! The walkthrough is [`scalargrad::lesson::zero_init`]; this example runs it
//! alone. Files under `out/lesson/07_zero_init/`: one loss curve per model
//! (`*_loss.png`) and the MLP's decision boundaries (`mlp_boundary_*.png`).
//!
//! Run: `cargo run --release --example 07_zero_init`

use std::error::Error;
use std::path::Path;

fn main() -> Result<(), Box<dyn Error>> {
    let dir = Path::new("out/lesson/07_zero_init");
    let mut stdout = std::io::stdout().lock();
    // SCALARGRAD_LANG=vi for Vietnamese; the whole lesson takes --lang and --detail.
    let mut page =
        scalargrad::lesson::Page::new(&mut stdout, scalargrad::lesson::Options::from_env());
    let files = scalargrad::lesson::zero_init::run(&mut page, dir)?;
    println!("\nFiles written to {}/:", dir.display());
    for f in &files {
        println!("  {}", f.display());
    }
    Ok(())
}
