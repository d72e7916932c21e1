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
    let files = scalargrad::lesson::activations::run(&mut std::io::stdout().lock(), dir)?;
    println!("\nFiles written to {}/:", dir.display());
    for f in &files {
        println!("  {}", f.display());
    }
    Ok(())
}
