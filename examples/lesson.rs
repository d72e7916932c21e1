//! # The whole lesson, in order
//!
//! Runs the eight walkthroughs of "Insight into Multi-layer Perceptron", one
//! after the other, then micrograd's moons demo as an epilogue, and ends with
//! the list of every picture and file written (all under `out/lesson/`). The
//! sections are [`scalargrad::lesson::SECTIONS`]; `scalargrad lesson` runs
//! the same.
//!
//! Run: `cargo run --release --example lesson` (everything), or
//! `cargo run --release --example lesson -- 4` (one section).

use std::error::Error;
use std::path::Path;

use scalargrad::lesson::{self, SECTIONS};

fn main() -> Result<(), Box<dyn Error>> {
    let which = match std::env::args().nth(1) {
        None => None,
        Some(arg) => match arg.parse::<usize>() {
            Ok(n) if (1..=SECTIONS.len()).contains(&n) => Some(n),
            _ => {
                eprintln!(
                    "lesson: expected a section number from 1 to {}, got {arg:?}",
                    SECTIONS.len()
                );
                std::process::exit(2);
            }
        },
    };
    let root = Path::new("out/lesson");
    let files = lesson::run(&mut std::io::stdout().lock(), root, which)?;
    println!("\n== Files written ==");
    for f in &files {
        println!("  {}", f.display());
    }
    Ok(())
}
