//! The command-line program's subcommands, and what they share: the error
//! for the user, standard output that reports its failures, the bounds on
//! every size a user can type, and `name=value` arguments.

#[cfg(feature = "explore")]
pub mod explore;
pub mod formula;
pub mod lesson;
pub mod limits;
pub mod second;
pub mod train;
pub mod verify;

use std::collections::HashSet;
use std::fmt;
use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use scalargrad::expr::ExprError;

/// An error for the user: one line, plus the formula with a caret under the
/// problem when it is about a formula. An error writing standard output
/// keeps the operating system's error, so that a closed pipe can end the
/// program quietly.
#[derive(Debug)]
pub struct CliError {
    message: String,
    pointer: Option<String>,
    output: Option<io::ErrorKind>,
}

impl CliError {
    /// An error with a message only.
    pub fn new(message: impl Into<String>) -> CliError {
        CliError {
            message: message.into(),
            pointer: None,
            output: None,
        }
    }

    /// An error in `formula`, pointed at.
    pub fn in_formula(error: &ExprError, formula: &str) -> CliError {
        CliError {
            message: error.to_string(),
            pointer: Some(error.pointer(formula)),
            output: None,
        }
    }

    /// True when standard output was closed by its reader (`| head`): not
    /// an error of the program, which then stops quietly.
    pub fn is_closed_pipe(&self) -> bool {
        self.output == Some(io::ErrorKind::BrokenPipe)
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "scalargrad: error: {}", self.message)?;
        if let Some(pointer) = &self.pointer {
            for line in pointer.lines() {
                write!(f, "\n  {line}")?;
            }
        }
        Ok(())
    }
}

impl From<scalargrad::Error> for CliError {
    fn from(e: scalargrad::Error) -> CliError {
        CliError::new(e.to_string())
    }
}

/// A failed write to standard output. (Files are read and written through
/// the library, whose errors name the file; only standard output's errors
/// reach the command line as `io::Error`.)
impl From<io::Error> for CliError {
    fn from(e: io::Error) -> CliError {
        CliError {
            message: format!("cannot write to standard output: {e}"),
            pointer: None,
            output: Some(e.kind()),
        }
    }
}

/// The result of a subcommand: an exit status, or an error for the user.
pub type CliResult = Result<ExitCode, CliError>;

/// Exit status 1: the computation ran, but its answer cannot be trusted (a
/// derivative check failed, a value or gradient is NaN or infinite, training
/// diverged). The message on standard error says why.
pub fn untrustworthy() -> ExitCode {
    ExitCode::from(1)
}

/// One line on standard error that is not an error: a note about what was
/// read or skipped, or why the exit status is 1. A closed standard error is
/// ignored.
pub fn note(message: &str) {
    let _ = writeln!(io::stderr(), "scalargrad: {message}");
}

/// Replaces Rust's panic message by one line saying something went wrong
/// inside the program (every input error has its own message; this is only
/// a last resort) and exits with status 101.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let first_line = what.lines().next().unwrap_or("");
        let _ = writeln!(
            io::stderr(),
            "scalargrad: internal error: {first_line} (this is a bug; please report it)"
        );
        std::process::exit(101);
    }));
}

/// A clap error (usage, an invalid value) as one line: its lines joined,
/// without the usage block and the pointer to `--help`, which is added at
/// the end.
pub fn one_line(error: &clap::Error) -> String {
    let text = error.render().to_string();
    let parts: Vec<&str> = text
        .lines()
        .map(str::trim)
        .take_while(|line| !line.starts_with("Usage:"))
        .filter(|line| !line.is_empty() && !line.starts_with("For more information"))
        .collect();
    let joined = parts.join(" ");
    let joined = joined.strip_prefix("error: ").unwrap_or(&joined);
    format!("scalargrad: error: {joined} (see --help)")
}

/// Parses `name=value` arguments: names as in formulas, values finite
/// numbers, each name once, at most [`limits::VALUES`] of them. Linear in
/// the number of arguments.
pub fn parse_values(values: &[String]) -> Result<Vec<(String, f64)>, CliError> {
    if values.len() > limits::VALUES {
        return Err(CliError::new(format!(
            "{} name=value arguments; the limit is {}",
            values.len(),
            limits::VALUES
        )));
    }
    let mut parsed: Vec<(String, f64)> = Vec::with_capacity(values.len());
    let mut seen: HashSet<&str> = HashSet::with_capacity(values.len());
    for arg in values {
        let Some((name, value)) = arg.split_once('=') else {
            return Err(CliError::new(format!(
                "`{}`: give each variable as name=value (e.g. x=1.5)",
                arg.escape_debug()
            )));
        };
        let name = name.trim();
        let valid = name
            .chars()
            .next()
            .is_some_and(|c| c.is_alphabetic() || c == '_')
            && name.chars().all(|c| c.is_alphanumeric() || c == '_');
        if !valid {
            return Err(CliError::new(format!(
                "`{}`: `{}` is not a variable name",
                arg.escape_debug(),
                name.escape_debug()
            )));
        }
        let value = finite_number(value.trim())
            .map_err(|why| CliError::new(format!("`{}`: {why}", arg.escape_debug())))?;
        if !seen.insert(name) {
            return Err(CliError::new(format!("`{name}` is given twice")));
        }
        parsed.push((name.to_string(), value));
    }
    Ok(parsed)
}

/// A finite number, or why the text is not one (not a number; too large
/// for a 64-bit float; NaN or an infinity spelled out).
pub fn finite_number(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(x) if x.is_finite() => Ok(x),
        Ok(_) => {
            let spelled = text.trim_start_matches(['+', '-']).to_ascii_lowercase();
            if spelled.starts_with("inf") || spelled.starts_with("nan") {
                Err("NaN and infinities are not allowed; give a finite number".to_string())
            } else {
                Err(format!(
                    "`{text}` is too large for a 64-bit float (the largest is about 1.8e308)"
                ))
            }
        }
        Err(_) => Err(format!("`{}` is not a number", text.escape_debug())),
    }
}

/// Clap's parser for a number option: a finite number (so `1e400` is an
/// error, not infinity).
pub fn finite_option(text: &str) -> Result<f64, String> {
    finite_number(text.trim())
}

/// Clap's parser for a size option: a whole number from `MIN` to `MAX`,
/// with an error that names the bound.
pub fn size<const MIN: usize, const MAX: usize>(text: &str) -> Result<usize, String> {
    let text = text.trim();
    if text.is_empty() || !text.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!(
            "`{}` is not a whole number from {} to {}",
            text.escape_debug(),
            thousands(MIN),
            thousands(MAX)
        ));
    }
    // Digits only: a number too long for usize is past any bound.
    let n = text.parse::<usize>().unwrap_or(usize::MAX);
    if n > MAX {
        Err(format!("{text} is more than {}, the limit", thousands(MAX)))
    } else if n < MIN {
        Err(format!(
            "{text} is less than {}, the least allowed",
            thousands(MIN)
        ))
    } else {
        Ok(n)
    }
}

/// `n` with its noun, singular for one: `1 feature`, `2 features`.
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// `1234567` as `1,234,567`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (k, c) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Clap's parser for `--delimiter`: one ASCII character, or `tab`.
pub fn delimiter(text: &str) -> Result<u8, String> {
    match text {
        "tab" | "\\t" | "\t" => Ok(b'\t'),
        _ => match text.as_bytes() {
            [d] if d.is_ascii() && !d.is_ascii_alphanumeric() && !b"\"\r\n.-+".contains(d) => {
                Ok(*d)
            }
            _ => Err(format!(
                "`{}` cannot separate fields: give one character such as , ; | or `tab`",
                text.escape_debug()
            )),
        },
    }
}

/// The CSV options `train` and `predict` share: what to do when the file's
/// format is not the one guessed.
#[derive(clap::Args, Clone, Debug)]
pub struct CsvArgs {
    /// CSV: the first line is a header (default: guessed; it is one when a field is not a number).
    #[arg(long, conflicts_with = "no_header")]
    pub header: bool,
    /// CSV: the first line is data, not a header.
    #[arg(long)]
    pub no_header: bool,
    /// CSV: the character between fields (default: guessed among , ; tab |).
    #[arg(long, value_name = "CHAR", value_parser = delimiter)]
    pub delimiter: Option<u8>,
}

impl CsvArgs {
    /// The format of the CSV file `path`: what was given, the rest guessed
    /// from the file.
    pub fn format(&self, path: &Path) -> Result<scalargrad::data::CsvFormat, CliError> {
        let guessed = scalargrad::data::CsvFormat::sniff_file(path, self.delimiter)?;
        Ok(scalargrad::data::CsvFormat {
            has_header: if self.header {
                true
            } else if self.no_header {
                false
            } else {
                guessed.has_header
            },
            ..guessed
        })
    }

    /// What the format means, for a note: ``fields separated by `;`, the
    /// first line is a header (a, b), not data``; `names` says what the
    /// header holds.
    pub fn describe(format: &scalargrad::data::CsvFormat, names: Option<&str>) -> String {
        let header = match (format.has_header, names) {
            (true, Some(names)) => format!(
                "the first line is a header ({}), not data",
                scalargrad::escape_controls(names)
            ),
            (true, None) => "the first line is a header, not data".to_string(),
            (false, _) => "no header: the first line is data".to_string(),
        };
        format!(
            "fields separated by `{}`, {header}",
            format.delimiter_name()
        )
    }
}

/// Prints `value` as indented JSON on `out`, NaN and infinities as the
/// strings `"NaN"`, `"inf"` and `"-inf"` (see [`scalargrad::json`]).
pub fn print_json<T: serde::Serialize + ?Sized>(out: &mut dyn Write, value: &T) -> io::Result<()> {
    let mut buffered = io::BufWriter::new(out);
    scalargrad::json::to_writer_pretty(&mut buffered, value)?;
    writeln!(buffered)?;
    buffered.flush()
}
