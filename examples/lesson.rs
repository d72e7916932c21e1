//! # The whole lesson, in order
//!
//! Runs the eight walkthroughs of "Insight into Multi-layer Perceptron", one
//! after the other, then micrograd's moons demo as an epilogue, and ends with
//! the list of every picture and file written (all under `out/lesson/`).
//!
//! Run: `cargo run --release --example lesson` (everything), or
//! `cargo run --release --example lesson -- 4` (one section).

use std::error::Error;
use std::io::Write;
use std::path::{Path, PathBuf};

#[path = "01_value.rs"]
#[allow(dead_code)]
mod value;

#[path = "02_activations.rs"]
#[allow(dead_code)]
mod activations;

// 04 includes 03 (it backpropagates through 03's network): 03 is reached
// through it.
#[path = "04_backprop.rs"]
#[allow(dead_code)]
mod backprop;

#[path = "05_dying_relu.rs"]
#[allow(dead_code)]
mod dying_relu;

#[path = "06_zero_init.rs"]
#[allow(dead_code)]
mod zero_init;

#[path = "07_optimizers.rs"]
#[allow(dead_code)]
mod optimizers;

#[path = "08_pipeline.rs"]
#[allow(dead_code)]
mod pipeline;

#[path = "micrograd_demo.rs"]
#[allow(dead_code)]
mod micrograd_demo;

type Walkthrough = fn(&mut dyn Write, &Path) -> Result<Vec<PathBuf>, Box<dyn Error>>;

/// The sections: number, folder name, title, walkthrough.
pub const SECTIONS: [(usize, &str, &str, Walkthrough); 8] = [
    (
        1,
        "01_value",
        "Value: a graph that remembers every operation",
        value::run,
    ),
    (
        2,
        "02_activations",
        "Activation functions and their derivatives",
        activations::run,
    ),
    (
        3,
        "03_mlp_forward",
        "An MLP computed layer by layer",
        backprop::forward::run,
    ),
    (
        4,
        "04_backprop",
        "Backpropagation, checked on real numbers",
        backprop::run,
    ),
    (5, "05_dying_relu", "Dying ReLU", dying_relu::run),
    (6, "06_zero_init", "Zero initialization", zero_init::run),
    (7, "07_optimizers", "Optimizers", optimizers::run),
    (8, "08_pipeline", "The training pipeline", pipeline::run),
];

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
    let files = run(&mut std::io::stdout().lock(), root, which)?;
    println!("\n== Files written ==");
    for f in &files {
        println!("  {}", f.display());
    }
    Ok(())
}

/// Runs section `which` (1–8), or every section and then the micrograd demo,
/// printing to `out` and writing each section's files in its folder under
/// `root`; returns every file written.
pub fn run(
    out: &mut dyn Write,
    root: &Path,
    which: Option<usize>,
) -> Result<Vec<PathBuf>, Box<dyn Error>> {
    let mut files = Vec::new();
    for &(number, folder, title, walkthrough) in &SECTIONS {
        if which.is_some_and(|n| n != number) {
            continue;
        }
        writeln!(out, "\n######## Section {number}: {title} ########\n")?;
        files.extend(walkthrough(out, &root.join(folder))?);
    }
    if which.is_none() {
        writeln!(
            out,
            "\n######## Epilogue: micrograd's moons demo ########\n"
        )?;
        files.extend(micrograd_demo::run(out, &root.join("micrograd_demo"))?);
    }
    Ok(files)
}
