//! Running the `scalargrad` program as a user runs it, and reading what it
//! printed.

use std::process::{Command, Output};

/// Runs `scalargrad` with `args` and waits for it.
pub fn scalargrad(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_scalargrad"))
        .args(args)
        .output()
        .expect("the binary runs")
}

/// Its standard output, as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Its standard error, as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
