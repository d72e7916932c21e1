//! # 05 · The classic bugs of a hand-written backward pass
//!
//! A tiny engine with four classic bugs, one at a time: overwriting instead
//! of accumulating, no topological order, a second backward without
//! `zero_grad`, a rule that reads the output where it needs the input; each
//! caught by comparing every node's gradient with the crate's, the last by
//! the check that names the wrong node.
//!
//! The walkthrough is [`scalargrad::lesson::backward_bugs`]; this example
//! runs it alone. It writes no files.
//!
//! Run: `cargo run --release --example 05_backward_bugs`

use std::error::Error;
use std::path::Path;

fn main() -> Result<(), Box<dyn Error>> {
    let mut stdout = std::io::stdout().lock();
    // SCALARGRAD_LANG=vi for Vietnamese; the whole lesson takes --lang and --detail.
    let mut page =
        scalargrad::lesson::Page::new(&mut stdout, scalargrad::lesson::Options::from_env());
    scalargrad::lesson::backward_bugs::run(&mut page, Path::new("out/lesson/05_backward_bugs"))?;
    Ok(())
}
