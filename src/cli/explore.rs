//! `scalargrad explore`: the explorer's server, or a one-file export of a
//! formula's expression view.

use std::path::Path;
use std::process::{Command, ExitCode, Stdio};

use std::collections::HashMap;
use std::io::Write;

use scalargrad::explore::{export_html, Server, ServerConfig};
use scalargrad::expr::Formula;
use scalargrad::{Graph, Value};

use super::{parse_values, CliError, CliResult};

/// What `scalargrad explore` was asked.
pub struct ExploreArgs<'a> {
    /// A formula to export, with its values.
    pub formula: Option<&'a str>,
    pub values: &'a [String],
    pub host: &'a str,
    pub port: u16,
    pub open: bool,
    pub html: Option<&'a Path>,
}

/// `scalargrad explore`.
pub fn explore(args: &ExploreArgs<'_>) -> CliResult {
    match (args.formula, args.html) {
        (Some(formula), Some(path)) => export(formula, args.values, path),
        (None, Some(_)) => Err(CliError::new(
            "explore: --html writes a formula's page; give the formula and its values (scalargrad explore \"x*y\" x=1 y=2 --html page.html)",
        )),
        (Some(_), None) => Err(CliError::new(
            "explore: a formula is exported with --html FILE; to explore it, start `scalargrad explore` and type it in the page",
        )),
        (None, None) => serve(args),
    }
}

fn export(text: &str, values: &[String], path: &Path) -> CliResult {
    // Formula errors and missing values first, pointed at as by the other
    // subcommands.
    let formula = Formula::parse(text).map_err(|e| CliError::in_formula(&e, text))?;
    let given = parse_values(values)?;
    let graph = Graph::new();
    let leaves: HashMap<&str, Value<'_>> = given
        .iter()
        .map(|(name, x)| (name.as_str(), graph.value(*x)))
        .collect();
    formula
        .build(&graph, &leaves)
        .map_err(|e| CliError::in_formula(&e, text))?;
    match export_html(text, &given, path) {
        Ok(()) => {
            println!(
                "wrote {} (one file: open it in a browser, no server needed)",
                path.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => Err(CliError::new(format!("explore: {e}"))),
    }
}

fn serve(args: &ExploreArgs<'_>) -> CliResult {
    // A panic while answering a request becomes a 500 answer: say so in one
    // line, and let the server go on (the usual hook ends the program).
    std::panic::set_hook(Box::new(|info| {
        let payload = info.payload();
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        eprintln!(
            "scalargrad explore: internal error: {} (answered as an error; the server goes on)",
            what.lines().next().unwrap_or("")
        );
    }));
    let config = ServerConfig {
        host: args.host.to_string(),
        port: args.port,
        ..ServerConfig::default()
    };
    let server = Server::start(config).map_err(|e| {
        CliError::new(format!(
            "explore: cannot serve on {}:{}: {e}",
            args.host, args.port
        ))
    })?;
    if !server.address().ip().is_loopback() {
        eprintln!(
            "scalargrad explore: warning: serving on {}, not on 127.0.0.1: anyone who can reach this address can use the explorer",
            server.address()
        );
    }
    let url = server.url();
    // Not println!: a closed standard output must not stop the server.
    let _ = writeln!(
        std::io::stdout(),
        "scalargrad explore: {url}   (Ctrl-C to stop)"
    );
    if args.open && !open_browser(&url) {
        eprintln!("scalargrad explore: could not open a browser; open {url} yourself");
    }
    server.wait();
    Ok(ExitCode::SUCCESS)
}

/// Tries `xdg-open`, then `open`; true if one started.
fn open_browser(url: &str) -> bool {
    ["xdg-open", "open"].iter().any(|program| {
        Command::new(program)
            .arg(url)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .is_ok()
    })
}
