//! # 06 · Dying ReLU
//!
//! A hidden ReLU unit with `z_1 < 0`: the gradient reaches it but
//! `relu'(z_1) = 0` blocks it, so its weights never move and it stays dead;
//! with LeakyReLU it gets a gradient and comes back to life.
//!
//! The walkthrough is [`scalargrad::lesson::dying_relu`]; this example runs
//! it alone. Files under `out/lesson/06_dying_relu/`: `z_dead_unit.png`,
//! `e_dead_unit.png`.
//!
//! Run: `cargo run --release --example 06_dying_relu`

use std::error::Error;
use std::path::Path;

fn main() -> Result<(), Box<dyn Error>> {
    let dir = Path::new("out/lesson/06_dying_relu");
    let mut stdout = std::io::stdout().lock();
    // SCALARGRAD_LANG=vi for Vietnamese; the whole lesson takes --lang and --detail.
    let mut page =
        scalargrad::lesson::Page::new(&mut stdout, scalargrad::lesson::Options::from_env());
    let files = scalargrad::lesson::dying_relu::run(&mut page, dir)?;
    println!("\nFiles written to {}/:", dir.display());
    for f in &files {
        println!("  {}", f.display());
    }
    Ok(())
}
