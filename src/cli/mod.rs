//! The command-line program's subcommands.

#[cfg(feature = "explore")]
pub mod explore;
pub mod formula;
pub mod lesson;
pub mod train;

use std::fmt;
use std::process::ExitCode;

use scalargrad::expr::ExprError;

/// An error for the user: one line, plus the formula with a caret under the
/// problem when it is about a formula.
#[derive(Debug)]
pub struct CliError {
    message: String,
    pointer: Option<String>,
}

impl CliError {
    /// An error with a message only.
    pub fn new(message: impl Into<String>) -> CliError {
        CliError {
            message: message.into(),
            pointer: None,
        }
    }

    /// An error in `formula`, pointed at.
    pub fn in_formula(error: &ExprError, formula: &str) -> CliError {
        CliError {
            message: error.to_string(),
            pointer: Some(error.pointer(formula)),
        }
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

/// The result of a subcommand: an exit status, or an error for the user.
pub type CliResult = Result<ExitCode, CliError>;

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
        eprintln!("scalargrad: internal error: {first_line} (this is a bug; please report it)");
        std::process::exit(101);
    }));
}

/// Parses `name=value` arguments.
pub fn parse_values(values: &[String]) -> Result<Vec<(String, f64)>, CliError> {
    let mut parsed: Vec<(String, f64)> = Vec::new();
    for arg in values {
        let Some((name, value)) = arg.split_once('=') else {
            return Err(CliError::new(format!(
                "`{arg}`: give each variable as name=value (e.g. x=1.5)"
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
                "`{arg}`: `{name}` is not a variable name"
            )));
        }
        let value: f64 = value
            .trim()
            .parse()
            .map_err(|_| CliError::new(format!("`{arg}`: `{}` is not a number", value.trim())))?;
        if parsed.iter().any(|(n, _)| n == name) {
            return Err(CliError::new(format!("`{name}` is given twice")));
        }
        parsed.push((name.to_string(), value));
    }
    Ok(parsed)
}

/// Prints `value` as pretty JSON on standard output.
pub fn print_json(value: &serde_json::Value) {
    println!(
        "{}",
        serde_json::to_string_pretty(value).unwrap_or_default()
    );
}
