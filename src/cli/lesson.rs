//! `scalargrad lesson [N]`: the lesson, all of it or one section, in
//! English or Vietnamese, paced in a terminal.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use scalargrad::lesson::{self, Lang, Options, SECTIONS};

use super::{print_json, CliError, CliResult};

/// Options of `scalargrad lesson`.
#[derive(Args)]
pub struct LessonArgs {
    /// The section, 1 to 9.
    section: Option<String>,
    /// Folder for the pictures.
    #[arg(long, default_value = "out/lesson", value_name = "DIR")]
    out: PathBuf,
    /// The language: en or vi (default: SCALARGRAD_LANG, else en).
    #[arg(long, value_name = "LANG")]
    lang: Option<String>,
    /// Print the proof too: every table, every check on its own line.
    #[arg(long)]
    detail: bool,
    /// Do not wait for Enter between sections (it never waits when the
    /// output or the input is not a terminal).
    #[arg(long)]
    no_pause: bool,
    /// Print JSON (the text printed and the files written).
    #[arg(long)]
    json: bool,
}

/// A writer that remembers the first error of the one it wraps: the lesson
/// reports its errors in its own type, and an error writing standard output
/// must reach `main` as one (a closed pipe ends quietly, a full disk is one
/// error line).
struct Tracked<'a> {
    inner: &'a mut dyn Write,
    failed: Option<CliError>,
}

impl Tracked<'_> {
    fn remember(&mut self, e: &io::Error) {
        if self.failed.is_none() {
            self.failed = Some(CliError::from(io::Error::new(e.kind(), e.to_string())));
        }
    }
}

impl Write for Tracked<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let written = self.inner.write(buf);
        if let Err(e) = &written {
            self.remember(e);
        }
        written
    }

    fn flush(&mut self) -> io::Result<()> {
        let flushed = self.inner.flush();
        if let Err(e) = &flushed {
            self.remember(e);
        }
        flushed
    }
}

/// `scalargrad lesson`, written to `out`.
pub fn lesson(out: &mut dyn Write, args: &LessonArgs) -> CliResult {
    let count = SECTIONS.len();
    let which = match args.section.as_deref() {
        None => None,
        Some(text) => match text.parse::<usize>() {
            Ok(n) if (1..=count).contains(&n) => Some(n),
            _ => {
                return Err(CliError::new(format!(
                    "lesson: the section is a number from 1 to {count}, not `{}`",
                    text.escape_debug()
                )))
            }
        },
    };
    let lang = match args.lang.as_deref() {
        None => Lang::from_env().unwrap_or_default(),
        Some(code) => Lang::parse(code).ok_or_else(|| {
            CliError::new(format!(
                "lesson: --lang {}: the lesson speaks {}",
                code.escape_debug(),
                Lang::codes()
            ))
        })?,
    };
    // Pauses only for a person at a terminal: never when piped, redirected
    // or in JSON.
    let interactive = std::io::stdout().is_terminal() && std::io::stdin().is_terminal();
    let options = Options {
        lang,
        detail: args.detail,
        pause: which.is_none() && !args.no_pause && !args.json && interactive,
    };
    let run = |sink: &mut dyn Write| {
        let mut tracked = Tracked {
            inner: sink,
            failed: None,
        };
        let result = lesson::run(&mut tracked, &args.out, which, &options);
        match (result, tracked.failed) {
            (Ok(files), _) => Ok(files),
            // The lesson stopped because its output could not be written.
            (Err(_), Some(failed)) => Err(failed),
            (Err(e), None) => Err(CliError::new(format!("lesson: {e}"))),
        }
    };
    if args.json {
        let mut text = Vec::new();
        let files = run(&mut text)?;
        print_json(
            out,
            &serde_json::json!({
                "lang": lang.code(),
                "output": String::from_utf8_lossy(&text),
                "files": files.iter().map(|f| f.display().to_string()).collect::<Vec<_>>(),
            }),
        )?;
    } else {
        let files = run(out)?;
        lesson::write_files(out, &args.out, &files, lang)?;
    }
    Ok(ExitCode::SUCCESS)
}
