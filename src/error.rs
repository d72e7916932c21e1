//! The crate's one error type, for everything that touches the outside world
//! (files, CSV, model files). Arithmetic never fails and caller mistakes
//! panic with a message; see the crate documentation.

use std::fmt;
use std::path::PathBuf;

/// What went wrong reading or writing a file.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The file could not be opened, read or written.
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// A value in a text file could not be understood.
    Parse {
        /// The file.
        path: PathBuf,
        /// Line, counting from 1.
        line: usize,
        /// Column (field) counting from 1, when the error is in one field.
        column: Option<usize>,
        /// What is wrong, in a sentence.
        message: String,
    },
    /// The file was read but its content is not what was expected (a model
    /// file with the wrong number of parameters, an empty table, …).
    Invalid {
        /// The file (empty when the data did not come from a file).
        path: PathBuf,
        /// What is wrong, in a sentence.
        message: String,
    },
    /// A plot could not be drawn.
    Plot {
        /// The file being written.
        path: PathBuf,
        /// What the drawing library reported.
        message: String,
    },
}

impl fmt::Display for Error {
    /// One line: the file, then the line and column when known, then what
    /// is wrong. Control characters in a path (a newline someone typed) are
    /// shown escaped, so the message stays on one line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Io { path, source } => write!(f, "{}: {source}", shown(path)),
            Error::Parse {
                path,
                line,
                column: Some(column),
                message,
            } => write!(f, "{}:{line}:{column}: {message}", shown(path)),
            Error::Parse {
                path,
                line,
                message,
                ..
            } => write!(f, "{}:{line}: {message}", shown(path)),
            Error::Invalid { path, message } if path.as_os_str().is_empty() => f.write_str(message),
            Error::Invalid { path, message } => write!(f, "{}: {message}", shown(path)),
            Error::Plot { path, message } => {
                write!(f, "{}: cannot draw the plot: {message}", shown(path))
            }
        }
    }
}

/// A path for a message: as displayed, with control characters escaped.
pub(crate) fn shown(path: &std::path::Path) -> String {
    escape_controls(&path.display().to_string())
}

/// `text` with its control characters (line breaks, NUL, …) escaped as
/// `\n`, `\0`, `\u{7}`: text a user typed or a file held, made safe for a
/// one-line message.
pub fn escape_controls(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    out
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
