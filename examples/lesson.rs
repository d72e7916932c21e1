//! # The whole lesson, in order
//!
//! Runs the eight walkthroughs of "Insight into Multi-layer Perceptron", one
//! after the other, then micrograd's moons demo as an epilogue, and ends with
//! the list of every picture and file written (all under `out/lesson/`). The
//! sections are [`scalargrad::lesson::SECTIONS`]; `scalargrad lesson` runs
//! the same.
//!
//! In a terminal it waits for Enter between sections (`--no-pause` runs
//! straight through; piped or redirected output never waits). `--lang vi`
//! (or `SCALARGRAD_LANG=vi`) tells it in Vietnamese; `--detail` prints
//! every table and every check too.
//!
//! Run: `cargo run --release --example lesson` (everything), or
//! `cargo run --release --example lesson -- 4` (one section),
//! `cargo run --release --example lesson -- 4 --lang vi --detail`.

use std::error::Error;
use std::io::IsTerminal;
use std::path::Path;

use scalargrad::lesson::{self, Lang, Options, SECTIONS};

fn main() -> Result<(), Box<dyn Error>> {
    let usage = || {
        eprintln!(
            "usage: lesson [1-{}] [--lang {}] [--detail] [--no-pause]",
            SECTIONS.len(),
            Lang::codes()
        );
        std::process::exit(2);
    };
    let mut options = Options::from_env();
    let mut which = None;
    let mut no_pause = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--detail" => options.detail = true,
            "--no-pause" => no_pause = true,
            "--lang" => match args.next().as_deref().and_then(Lang::parse) {
                Some(lang) => options.lang = lang,
                None => usage(),
            },
            _ => match arg.parse::<usize>() {
                Ok(n) if (1..=SECTIONS.len()).contains(&n) && which.is_none() => which = Some(n),
                _ => usage(),
            },
        }
    }
    options.pause = which.is_none()
        && !no_pause
        && std::io::stdout().is_terminal()
        && std::io::stdin().is_terminal();
    let root = Path::new("out/lesson");
    let mut stdout = std::io::stdout().lock();
    let files = lesson::run(&mut stdout, root, which, &options)?;
    lesson::write_files(&mut stdout, root, &files, options.lang)?;
    Ok(())
}
