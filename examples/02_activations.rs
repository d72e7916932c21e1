//! # 02 · Activation functions and their derivatives
//!
//! Every activation `a = f(z)` and its derivative `f'(z)`, taken from
//! `backward()` and checked against the formulas and finite differences;
//! saturation of the sigmoid and tanh; what ReLU, LeakyReLU, ELU and PReLU
//! pass back for `z < 0`; the gradient vanishing through ten sigmoid layers
//! but not through ten ReLU layers.
//!
//! The walkthrough is [`scalargrad::lesson::activations`]; this example runs
//! it alone. Files under `out/lesson/02_activations/`: `activations.png`,
//! `derivatives.png`, `vanishing_gradient.png`.
//!
//! Run: `cargo run --release --example 02_activations`

use std::error::Error;
use std::path::Path;

fn main() -> Result<(), Box<dyn Error>> {
    let dir = Path::new("out/lesson/02_activations");
    let mut stdout = std::io::stdout().lock();
    // SCALARGRAD_LANG=vi for Vietnamese; the whole lesson takes --lang and --detail.
    let mut page =
        scalargrad::lesson::Page::new(&mut stdout, scalargrad::lesson::Options::from_env());
    let files = scalargrad::lesson::activations::run(&mut page, dir)?;
    println!("\nFiles written to {}/:", dir.display());
    for f in &files {
        println!("  {}", f.display());
    }
    Ok(())
}
