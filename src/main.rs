//! `scalargrad`: differentiate, trace, draw and check a formula from the
//! shell; run the lesson; train and use a small network.
//!
//! Exit status:
//! - 0: success;
//! - 1: the computation ran but its answer cannot be trusted: `check` found
//!   a derivative that does not match, `verify` found your derivative wrong
//!   (or could check it nowhere), a value or gradient is NaN or
//!   infinite (standard error names the node where it was born), or
//!   training diverged (standard error names the epoch);
//! - 2: an error: bad input (a formula, an argument, a file, a size past
//!   its bound), or a file or standard output that cannot be written;
//! - 0 too when standard output is closed by its reader (`scalargrad trace
//!   … | head`): the program stops writing and exits quietly, as `ripgrep`
//!   and other modern Unix tools do (not 141, the status of a process
//!   killed by SIGPIPE), because stopping early is what the reader asked
//!   for.
//!
//! Errors are one line on standard error (with the formula and a caret under
//! the problem for formula errors); the program never shows a panic.

#![forbid(unsafe_code)]

mod cli;

use std::io::{self, Write};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

/// Differentiate, trace, draw and check formulas; run the lesson; train MLPs.
#[derive(Parser)]
#[command(name = "scalargrad", version, long_about = None)]
#[command(
    about = "Differentiate, trace, draw and check formulas by backpropagation; run the lesson; train small networks."
)]
#[command(
    after_help = format!(
        "Formulas: {}\n\nExamples:\n  scalargrad grad \"x * tanh(y)\" x=1 y=0.5\n  scalargrad check \"relu(x)\" x=0\n  scalargrad verify \"sin(x^2)\" --d x=\"2*x*cos(x^2)\"\n  scalargrad lesson 4\n\nExit status: 0 success (also when the reader of the output closes it, as `| head` does); 1 the answer cannot be trusted (a failed check, a derivative that verify finds wrong, a NaN or infinite value or gradient, training that diverged: standard error says where); 2 an error (bad input, a size past its bound, a file or the output that cannot be written).\nNaN and infinities in --json are the strings \"NaN\", \"inf\" and \"-inf\".",
        scalargrad::expr::summary().replace('\n', "\n  ")
    )
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// A formula and the values of its variables.
#[derive(Args, Clone)]
struct FormulaArgs {
    /// The formula, e.g. "x * tanh(y) + 2^-x" (quote it for the shell; at most 1,000,000 characters).
    #[arg(allow_hyphen_values = true)]
    formula: String,
    /// Values of the variables, as name=value (e.g. x=1 y=-0.5): finite numbers, at most 10,000 of them.
    #[arg(value_name = "NAME=VALUE")]
    values: Vec<String>,
    /// Print machine-readable JSON instead of text.
    #[arg(long)]
    json: bool,
}

#[derive(Subcommand)]
enum Command {
    /// The value of a formula and its gradient with respect to every variable.
    #[command(
        after_help = "Examples:\n  scalargrad grad \"x^2 + 3*x*y\" x=2 y=-1\n  → f = -2, ∂f/∂x = 1, ∂f/∂y = 6\n  scalargrad grad --order 2 \"x^3*y\" x=2 y=1\n  → also the second derivatives ∂²f/∂x² = 12, ∂²f/∂x∂y = 12, ∂²f/∂y² = 0"
    )]
    Grad {
        #[command(flatten)]
        formula: FormulaArgs,
        /// 1: the gradient; 2: also every second partial derivative, as a table (at most 100 variables).
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u8).range(1..=2))]
        order: u8,
    },
    /// The Hessian: every second partial derivative ∂²f/∂x_i∂x_j, as a matrix (at most 100 variables).
    #[command(
        after_help = "Example:\n  scalargrad hessian \"(1-x)^2 + 100*(y-x^2)^2\" x=1 y=1\n  → [[802, -400], [-400, 200]] (Rosenbrock's valley at its minimum)"
    )]
    Hessian(FormulaArgs),
    /// The forward pass and every step of the backward pass, as tables.
    #[command(after_help = "Example:\n  scalargrad trace \"tanh(w*x + b)\" w=0.5 x=2 b=-1")]
    Trace {
        #[command(flatten)]
        formula: FormulaArgs,
        /// Print CSV (the forward table, then the backward table) instead of text.
        #[arg(long, conflicts_with = "json")]
        csv: bool,
    },
    /// The chain rule as a sum over paths, for one variable.
    #[command(
        after_help = "Example:\n  scalargrad paths \"x*x + x\" --wrt x x=3\n  → 3 paths, whose products add up to ∂f/∂x = 7"
    )]
    Paths {
        #[command(flatten)]
        formula: FormulaArgs,
        /// The variable to differentiate with respect to.
        #[arg(long, value_name = "NAME")]
        wrt: String,
        /// How many paths to list at most (0 to 10,000).
        #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u32).range(0..=cli::limits::PATHS as i64))]
        limit: u32,
    },
    /// Compare autograd with central finite differences (exit status 1 on a mismatch; at most 1,000 variables).
    #[command(
        after_help = "Example:\n  scalargrad check \"sigmoid(x) * y\" x=0.3 y=2\n  scalargrad check \"relu(x)\" x=0     (a kink: fails)"
    )]
    Check {
        #[command(flatten)]
        formula: FormulaArgs,
        /// Half-width of the central difference.
        #[arg(long, default_value_t = 1e-6, value_parser = cli::finite_option)]
        eps: f64,
        /// Absolute tolerance.
        #[arg(long, default_value_t = 1e-5, value_parser = cli::finite_option)]
        atol: f64,
        /// Relative tolerance.
        #[arg(long, default_value_t = 1e-3, value_parser = cli::finite_option)]
        rtol: f64,
        /// 1: the gradient against differences of the formula; 2: the second derivatives against differences of the gradient (at most 100 variables).
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u8).range(1..=2))]
        order: u8,
    },
    /// Check a derivative you worked out by hand against autograd, at random points (exit status 1 when it is wrong).
    #[command(allow_negative_numbers = true)]
    #[command(
        after_help = "Examples:\n  scalargrad verify \"x^2*sin(x)\" --d x=\"2*x*sin(x) + x^2*cos(x)\"\n  scalargrad verify \"sin(x^2)\" --d x=\"cos(x^2)\"          (the chain rule forgotten: wrong, with the points)\n  scalargrad verify \"x*y^2\" --d x=\"y^2\" --d y=\"2*x*y\" --box -1..1 --box y=0..2 --points 500 --seed 7\n\nPoints where autograd itself has no derivative (a kink such as relu at 0, a pole such as 1/x at 0, NaN or infinity) are reported as undefined, not as your mistake. Agreement: |yours - autograd| ≤ 1e-5 + 1e-3·|autograd| (PyTorch's tolerances)."
    )]
    Verify(cli::verify::VerifyArgs),
    /// Draw the formula's graph: DOT on standard output, or a .dot/.svg/.png file.
    #[command(after_help = "Example:\n  scalargrad dot \"x*y + tanh(x)\" x=1 y=2 -o graph.svg")]
    Dot {
        #[command(flatten)]
        formula: FormulaArgs,
        /// Write to this file (.dot, .svg, or .png with Graphviz) instead of printing DOT.
        #[arg(short, long, value_name = "FILE")]
        output: Option<std::path::PathBuf>,
    },
    /// Run the lesson's walkthroughs (all of them, or section N).
    #[command(
        after_help = "Examples:\n  scalargrad lesson              (all nine sections and micrograd's demo)\n  scalargrad lesson 6            (the dying-ReLU example)\n  scalargrad lesson 4 --lang vi  (backpropagation, in Vietnamese)\n  scalargrad lesson 4 --detail   (every table and every check)"
    )]
    Lesson(cli::lesson::LessonArgs),
    /// Train an MLP on a built-in dataset or a CSV file.
    #[command(allow_negative_numbers = true)]
    #[command(
        after_help = "Examples:\n  scalargrad train --data spirals --layers 32,32 --optimizer adam --lr 0.01 --epochs 150 --save model.json\n  scalargrad train --data table.csv --target price --regression --layers 16"
    )]
    Train(cli::train::TrainArgs),
    /// The explorer: a local web page that steps backpropagation on your formula, trains networks live and shows the lesson.
    #[cfg(feature = "explore")]
    #[command(allow_negative_numbers = true)]
    #[command(
        after_help = "Examples:\n  scalargrad explore                 (serves http://127.0.0.1:PORT/ on a free port)\n  scalargrad explore --port 8000 --open\n  scalargrad explore \"x*y + tanh(x)\" x=1 y=2 --html page.html   (one file that steps with no server)"
    )]
    Explore {
        /// A formula to export with --html (quote it for the shell).
        #[arg(allow_hyphen_values = true, requires = "html")]
        formula: Option<String>,
        /// Values of its variables, as name=value.
        #[arg(value_name = "NAME=VALUE", requires = "formula")]
        values: Vec<String>,
        /// The port; 0 picks a free one.
        #[arg(long, default_value_t = 0)]
        port: u16,
        /// The address to serve on; anything but 127.0.0.1 (or another loopback address) lets other machines in.
        #[arg(long, default_value = "127.0.0.1")]
        host: String,
        /// Also open the page in a browser (xdg-open or open; never fails the command).
        #[arg(long)]
        open: bool,
        /// Write the formula's expression view as one self-contained HTML file instead of serving.
        #[arg(long, value_name = "FILE")]
        html: Option<std::path::PathBuf>,
    },
    /// Predict with a model saved by `train --save`.
    #[command(allow_negative_numbers = true)]
    #[command(
        after_help = "Example:\n  scalargrad predict model.json 0.5 -1.2\n  scalargrad predict model.json --csv points.csv"
    )]
    Predict(cli::train::PredictArgs),
}

fn main() -> ExitCode {
    cli::install_panic_hook();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if e.use_stderr() => {
            // Usage errors: one line on standard error, status 2.
            let _ = writeln!(io::stderr(), "{}", cli::one_line(&e));
            return ExitCode::from(2);
        }
        Err(e) => {
            // Help and version go to standard output with status 0.
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
    };
    let mut stdout = io::stdout().lock();
    let out: &mut dyn Write = &mut stdout;
    let result = match cli.command {
        Command::Grad { formula: f, order } => match order {
            1 => cli::formula::grad(out, &f.formula, &f.values, f.json),
            _ => cli::second::grad_second(out, &f.formula, &f.values, f.json),
        },
        Command::Hessian(f) => cli::second::hessian(out, &f.formula, &f.values, f.json),
        Command::Trace { formula: f, csv } => {
            cli::formula::trace(out, &f.formula, &f.values, f.json, csv)
        }
        Command::Paths {
            formula: f,
            wrt,
            limit,
        } => cli::formula::paths(out, &f.formula, &f.values, &wrt, limit as usize, f.json),
        Command::Check {
            formula: f,
            eps,
            atol,
            rtol,
            order,
        } => match order {
            1 => cli::formula::check(out, &f.formula, &f.values, (eps, atol, rtol), f.json),
            _ => cli::second::check_second(out, &f.formula, &f.values, (eps, atol, rtol), f.json),
        },
        Command::Verify(args) => cli::verify::verify(out, &args),
        Command::Dot { formula: f, output } => {
            cli::formula::dot(out, &f.formula, &f.values, output.as_deref(), f.json)
        }
        Command::Lesson(args) => cli::lesson::lesson(out, &args),
        Command::Train(args) => cli::train::train(out, &args),
        Command::Predict(args) => cli::train::predict(out, &args),
        #[cfg(feature = "explore")]
        Command::Explore {
            formula,
            values,
            port,
            host,
            open,
            html,
        } => cli::explore::explore(&cli::explore::ExploreArgs {
            formula: formula.as_deref(),
            values: &values,
            host: &host,
            port,
            open,
            html: html.as_deref(),
        }),
    };
    // What is still buffered must reach standard output too.
    let result = result.and_then(|status| {
        out.flush()?;
        Ok(status)
    });
    match result {
        Ok(status) => status,
        Err(error) if error.is_closed_pipe() => ExitCode::SUCCESS,
        Err(error) => {
            let _ = writeln!(io::stderr(), "{error}");
            ExitCode::from(2)
        }
    }
}
