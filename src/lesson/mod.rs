//! # The lesson, as library code
//!
//! "Insight into Multi-layer Perceptron", section by section. Each section is
//! a walkthrough that reads top to bottom like a notebook: it computes
//! everything with the engine, prints what a learner should look at to any
//! [`Write`], writes its pictures and files into a folder, and returns the
//! files it wrote. The `lesson` example, the `scalargrad lesson` command, the
//! numbered examples (`cargo run --release --example 04_backprop`) and the
//! tests all call these functions, so what the learner reads is what the
//! tests check.
//!
//! In the order a learner reads them:
//!
//! 1. [`value`]: the engine on micrograd's expression: `g`, `∂g/∂a`,
//!    `∂g/∂b`, every node in topological order, the graph drawn.
//! 2. [`activations`]: every activation `a = f(z)` and its derivative, taken
//!    from `backward()`; saturation of the sigmoid and tanh; what ReLU and
//!    its leaky cousins pass back for `z < 0`; the gradient vanishing through
//!    ten sigmoid layers but not through ten ReLU layers.
//! 3. [`mlp_forward`]: a small MLP with chosen weights, each
//!    `z_j = Σ_i w_ij·a_i + b_j` written out with its numbers, each
//!    `a_j = f(z_j)`, the output and its softmax.
//! 4. [`backprop`]: the same network backpropagated: `e⁽²⁾ = p − y`, the
//!    table `w_ij | a_i | e_j | e_j·a_i | autograd` agreeing row by row, the
//!    textbook recursion on plain numbers, one neuron's backward trace, the
//!    chain rule as a sum over paths.
//! 5. [`backward_bugs`]: the classic bugs of a hand-written backward pass
//!    (overwriting instead of accumulating, no topological order, no
//!    `zero_grad`, a rule reading the output), each in a tiny engine and
//!    caught by comparing with the crate and by the check that names the
//!    wrong node.
//! 6. [`dying_relu`]: a ReLU unit with `z < 0` gets `e_j = 0`, its weights
//!    never move and it stays dead; with LeakyReLU it comes back.
//! 7. [`zero_init`]: every parameter 0: linear, logistic and softmax
//!    regression still learn; an MLP's hidden units stay identical for ever.
//! 8. [`optimizers`]: gradient descent, momentum, Nesterov, AdaGrad,
//!    RMSProp, Adam and AdamW on a narrow valley, its curvature and
//!    Newton's step, and training one MLP.
//! 9. [`pipeline`]: data → split → standardize → model → loss → optimizer →
//!    epochs of mini-batches with early stopping → test set → model saved and
//!    loaded back.
//!
//! Then the epilogue, [`micrograd`]: micrograd's moons demo trained from
//! micrograd's own initial parameters, printing the losses micrograd printed
//! ([`micrograd::demo`]), with the same computation written out the other
//! ways the benchmarks and tests measure it against: micrograd's graph of
//! binary ops, a training step by hand on `f64` arrays, a minimal tape, a
//! graph recorded once and replayed, the batch split over threads.
//!
//! [`SECTIONS`] lists sections 1–9 with their folders and titles; [`run`]
//! runs one of them or the whole lesson. Every section writes under
//! `root/<folder>/` (the examples use `out/lesson/`). Sections that draw
//! pictures need the `plot` feature (on by default); without it they print
//! the same text and write no pictures.
//!
//! Each section tells its story first and its proof second: by default it
//! prints what a learner should look at, in at most about 40 lines of at
//! most 100 columns, and ends with one `verified: …` line summing up the
//! checks it made; [`Options::detail`] (`--detail`) prints every table and
//! every check too. The narration speaks English or Vietnamese
//! ([`Options::lang`], `--lang vi`, `SCALARGRAD_LANG=vi`); its words are in
//! one file per language ([`text`]), and the numbers, tables and pictures
//! are the same in every language.
//!
//! ```no_run
//! use std::path::Path;
//! use scalargrad::lesson::{self, Lang, Options};
//!
//! // Section 4 alone, in Vietnamese, as `scalargrad lesson 4 --lang vi` runs it.
//! let options = Options { lang: Lang::VI, ..Options::default() };
//! let files = lesson::run(&mut std::io::stdout(), Path::new("out/lesson"), Some(4), &options)?;
//! assert!(files.iter().any(|f| f.ends_with("backward_trace.csv")));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod activations;
pub mod backprop;
pub mod backward_bugs;
pub mod dying_relu;
pub mod micrograd;
pub mod mlp_forward;
pub mod numbers;
pub mod optimizers;
pub mod page;
pub mod pipeline;
mod tables;
pub mod text;
pub mod value;
pub mod zero_init;

use std::error::Error;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

pub use page::{Check, Options, Page};
pub use text::Lang;

/// A section's walkthrough: prints to the page, writes its files under
/// `dir`, and returns the files written.
///
/// # Errors
/// The first error met: writing to the page, creating `dir` or a file in
/// it, drawing a picture.
pub type Walkthrough = fn(page: &mut Page<'_>, dir: &Path) -> Result<Vec<PathBuf>, Box<dyn Error>>;

/// One section of the lesson.
#[derive(Clone, Copy, Debug)]
pub struct Section {
    /// Its number, from 1, as `scalargrad lesson N` takes it.
    pub number: usize,
    /// The folder it writes into, under the lesson's output folder.
    pub folder: &'static str,
    /// The key of its title in the language files.
    pub key: &'static str,
    /// Its walkthrough.
    pub run: Walkthrough,
}

impl Section {
    /// Its title in `lang`, as printed before it.
    pub fn title(&self, lang: Lang) -> String {
        lang.fill(self.key, &[])
    }
}

/// The sections, in the order of the lesson.
pub const SECTIONS: [Section; 9] = [
    Section {
        number: 1,
        folder: "01_value",
        key: "title.value",
        run: value::run,
    },
    Section {
        number: 2,
        folder: "02_activations",
        key: "title.activations",
        run: activations::run,
    },
    Section {
        number: 3,
        folder: "03_mlp_forward",
        key: "title.mlp_forward",
        run: mlp_forward::run,
    },
    Section {
        number: 4,
        folder: "04_backprop",
        key: "title.backprop",
        run: backprop::run,
    },
    Section {
        number: 5,
        folder: "05_backward_bugs",
        key: "title.backward_bugs",
        run: backward_bugs::run,
    },
    Section {
        number: 6,
        folder: "06_dying_relu",
        key: "title.dying_relu",
        run: dying_relu::run,
    },
    Section {
        number: 7,
        folder: "07_zero_init",
        key: "title.zero_init",
        run: zero_init::run,
    },
    Section {
        number: 8,
        folder: "08_optimizers",
        key: "title.optimizers",
        run: optimizers::run,
    },
    Section {
        number: 9,
        folder: "09_pipeline",
        key: "title.pipeline",
        run: pipeline::run,
    },
];

/// The folder of the epilogue, micrograd's demo.
pub const EPILOGUE_FOLDER: &str = "micrograd_demo";

/// Runs section `which` (a number of [`SECTIONS`]), or, with `None`, every
/// section in order and then the micrograd demo as an epilogue; prints to
/// `out` (a heading before each section) as `options` say, and writes each
/// section's files in its folder under `root` (the demo's in
/// `root/micrograd_demo`). Returns every file written, in order.
///
/// With [`Options::pause`], waits for a line on standard input before each
/// section after the first (and before the epilogue); `q` stops there.
/// A number that is not a section's runs nothing.
///
/// # Errors
/// The first error of a section (see [`Walkthrough`]).
pub fn run(
    out: &mut dyn Write,
    root: &Path,
    which: Option<usize>,
    options: &Options,
) -> Result<Vec<PathBuf>, Box<dyn Error>> {
    let lang = options.lang;
    let mut page = Page::new(out, *options);
    let mut files = Vec::new();
    let mut first = true;
    for section in &SECTIONS {
        if which.is_some_and(|n| n != section.number) {
            continue;
        }
        let title = section.title(lang);
        if !first && options.pause && !wait(&mut page, section.number, &title)? {
            return Ok(files);
        }
        first = false;
        page.blank()?;
        page::say!(page, "run.heading", number = section.number, title = title)?;
        page.blank()?;
        files.extend((section.run)(&mut page, &root.join(section.folder))?);
    }
    if which.is_none() {
        let title = lang.fill("title.epilogue", &[]);
        if options.pause && !wait(&mut page, 9, &title)? {
            return Ok(files);
        }
        page.blank()?;
        page::say!(page, "run.epilogue", title = title)?;
        page.blank()?;
        files.extend(micrograd::demo::run(
            &mut page,
            &root.join(EPILOGUE_FOLDER),
        )?);
    }
    Ok(files)
}

/// Asks for Enter before the next section; false if the learner typed `q`
/// (or standard input ended).
fn wait(page: &mut Page<'_>, number: usize, title: &str) -> std::io::Result<bool> {
    page.blank()?;
    let prompt = if number > SECTIONS.len() {
        page::tr!(page, "run.pause_epilogue", title = title)
    } else {
        page::tr!(page, "run.pause", number = number, title = title)
    };
    write!(page, "{prompt} ")?;
    page.flush()?;
    let mut answer = String::new();
    let read = std::io::stdin().lock().read_line(&mut answer)?;
    Ok(read > 0 && !answer.trim().eq_ignore_ascii_case("q"))
}

/// Writes the files of a lesson run, one line per folder under `root`
/// (`01_value/  classic.dot, classic.svg`), wrapped at 100 columns.
///
/// # Errors
/// If writing fails.
pub fn write_files(
    out: &mut dyn Write,
    root: &Path,
    files: &[PathBuf],
    lang: Lang,
) -> std::io::Result<()> {
    writeln!(
        out,
        "\n{}",
        lang.fill("run.files", &[("root", &root.display())])
    )?;
    let mut folders: Vec<(String, Vec<String>)> = Vec::new();
    for f in files {
        let relative = f.strip_prefix(root).unwrap_or(f);
        let folder = relative
            .parent()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        let name = relative
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        match folders.last_mut() {
            Some((last, names)) if *last == folder => names.push(name),
            _ => folders.push((folder, vec![name])),
        }
    }
    for (folder, names) in folders {
        let mut line = format!("  {}", numbers::pad(&format!("{folder}/"), 16));
        let indent = numbers::width(&line);
        for (k, name) in names.iter().enumerate() {
            let piece = if k + 1 < names.len() {
                format!("{name}, ")
            } else {
                name.clone()
            };
            if numbers::width(&line) + numbers::width(&piece) > 100 && k > 0 {
                writeln!(out, "{}", line.trim_end())?;
                line = " ".repeat(indent);
            }
            line.push_str(&piece);
        }
        writeln!(out, "{line}")?;
    }
    Ok(())
}

/// Prints the names of the pictures a section drew, on one line (nothing
/// when it drew none).
pub(crate) fn pictures_line(page: &mut Page<'_>, files: &[PathBuf]) -> std::io::Result<()> {
    let names: Vec<String> = files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "png" || e == "svg"))
        .filter_map(|f| f.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    if names.is_empty() {
        return Ok(());
    }
    // One line, or as many as it takes to stay within 100 columns.
    let mut lines = vec![String::new()];
    for name in names {
        let last = lines.last_mut().expect("one line at least");
        if !last.is_empty() && numbers::width(last) + name.len() + 14 > 100 {
            last.push(',');
            lines.push(format!("  {name}"));
        } else {
            if !last.is_empty() {
                last.push_str(", ");
            }
            last.push_str(&name);
        }
    }
    page::say!(page, "common.pictures", files = lines.join("\n"))
}

/// The words the pictures write on their own (legends, training curves), in
/// `lang`.
#[cfg(feature = "plot")]
pub(crate) fn plot_words(lang: Lang) -> crate::plot::Words {
    let word = |key: &str| lang.fill(key, &[]);
    crate::plot::Words {
        class: word("plot.class"),
        start: word("plot.start"),
        train: word("plot.train"),
        validation: word("plot.validation"),
        versus: word("plot.versus"),
        epoch: word("plot.epoch"),
        step: word("plot.step"),
        loss: word("plot.loss"),
        accuracy: word("plot.accuracy"),
        r2: word("plot.r2"),
    }
}
