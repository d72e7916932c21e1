//! # 04 · Backpropagation, checked on real numbers
//!
//! The network of 03 backpropagated: `e⁽²⁾ = p − y`, the table
//! `w_ij | a_i | e_j | e_j·a_i | autograd` agreeing row by row, the textbook
//! recursion `e⁽ˡ⁾ = (W⁽ˡ⁺¹⁾ e⁽ˡ⁺¹⁾) ⊙ f'(z⁽ˡ⁾)` on plain numbers, one
//! neuron's backward trace, and `∂J/∂w_11` as a sum over paths.
//!
//! The walkthrough is [`scalargrad::lesson::backprop`]; this example runs it
//! alone. Files under `out/lesson/04_backprop/`: `backward_trace.csv`.
//!
//! Run: `cargo run --release --example 04_backprop`

use std::error::Error;
use std::path::Path;

fn main() -> Result<(), Box<dyn Error>> {
    let dir = Path::new("out/lesson/04_backprop");
    let mut stdout = std::io::stdout().lock();
    // SCALARGRAD_LANG=vi for Vietnamese; the whole lesson takes --lang and --detail.
    let mut page =
        scalargrad::lesson::Page::new(&mut stdout, scalargrad::lesson::Options::from_env());
    let files = scalargrad::lesson::backprop::run(&mut page, dir)?;
    println!("\nFiles written to {}/:", dir.display());
    for f in &files {
        println!("  {}", f.display());
    }
    Ok(())
}
