//! Where a walkthrough writes: the learner's output in the chosen language,
//! the story by default and the proof with `--detail`, and the checks that
//! end each section in one "verified: …" line.

use std::fmt::Display;
use std::io::{self, Write};

use super::text::Lang;

/// How the lesson is told.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// The language of the narration (numbers and tables are the same in
    /// every language).
    pub lang: Lang,
    /// Print the proof too: every table, every check on its own line, the
    /// full traces.
    pub detail: bool,
    /// Wait for Enter between sections (a terminal only: the callers turn
    /// it off when the output or the input is not a terminal).
    pub pause: bool,
}

impl Options {
    /// The defaults, in the language `SCALARGRAD_LANG` names (English if it
    /// is unset or names a language the lesson does not speak).
    pub fn from_env() -> Options {
        Options {
            lang: Lang::from_env().unwrap_or_default(),
            ..Options::default()
        }
    }
}

/// A check a walkthrough made: what it states, and whether it held.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Check {
    /// The statement, in the page's language.
    pub statement: String,
    /// Whether it held.
    pub held: bool,
}

/// A walkthrough's output: text in one language, at one level of detail.
///
/// Narration comes from the language files ([`Page::say`] with a key of
/// `src/lesson/text/en.txt`); tables and numbers are written as they are
/// (`write!` works on a page). A check ([`Page::check`]) prints on its own
/// line only with `--detail`; [`Page::verified`] sums up the checks since
/// the last summary in one line, and names any that failed.
pub struct Page<'w> {
    out: &'w mut dyn Write,
    options: Options,
    checks: Vec<Check>,
    summarized: usize,
}

/// The arguments of an entry: `(name, value)` pairs.
pub type Args<'a> = [(&'a str, &'a dyn Display)];

impl<'w> Page<'w> {
    /// A page writing to `out`.
    pub fn new(out: &'w mut dyn Write, options: Options) -> Page<'w> {
        Page {
            out,
            options,
            checks: Vec::new(),
            summarized: 0,
        }
    }

    /// The language of the page.
    pub fn lang(&self) -> Lang {
        self.options.lang
    }

    /// True when the proof is printed too (`--detail`).
    pub fn detail(&self) -> bool {
        self.options.detail
    }

    /// The options the page was made with.
    pub fn options(&self) -> Options {
        self.options
    }

    /// The entry `key` in the page's language, filled with `args`.
    pub fn text(&self, key: &str, args: &Args<'_>) -> String {
        self.options.lang.fill(key, args)
    }

    /// Prints the entry `key`, filled with `args`, as one line.
    ///
    /// # Errors
    /// If writing fails.
    pub fn say(&mut self, key: &str, args: &Args<'_>) -> io::Result<()> {
        let line = self.text(key, args);
        writeln!(self.out, "{line}")
    }

    /// [`say`](Page::say), only with `--detail`.
    ///
    /// # Errors
    /// If writing fails.
    pub fn detail_say(&mut self, key: &str, args: &Args<'_>) -> io::Result<()> {
        if self.detail() {
            self.say(key, args)?;
        }
        Ok(())
    }

    /// An empty line.
    ///
    /// # Errors
    /// If writing fails.
    pub fn blank(&mut self) -> io::Result<()> {
        writeln!(self.out)
    }

    /// The word for a fact that holds or not: `yes`/`no` in English.
    pub fn yes_no(&self, held: bool) -> String {
        self.text(if held { "common.yes" } else { "common.no" }, &[])
    }

    /// States a fact as `statement: yes|no` (with `--detail` only), without
    /// counting it as a check: for facts whose expected answer is no.
    ///
    /// # Errors
    /// If writing fails.
    pub fn fact(&mut self, key: &str, args: &Args<'_>, value: bool) -> io::Result<()> {
        if self.detail() {
            let statement = self.text(key, args);
            let word = self.yes_no(value);
            writeln!(self.out, "{statement}: {word}")?;
        }
        Ok(())
    }

    /// Records a check; with `--detail` also prints it as
    /// `statement: yes` (or `NO`). Returns whether it held.
    ///
    /// # Errors
    /// If writing fails.
    pub fn check(&mut self, key: &str, args: &Args<'_>, held: bool) -> io::Result<bool> {
        let statement = self.text(key, args);
        if self.detail() {
            let word = self.text(if held { "common.yes" } else { "common.failed" }, &[]);
            writeln!(self.out, "{statement}: {word}")?;
        }
        self.checks.push(Check { statement, held });
        Ok(held)
    }

    /// Ends a run of checks: prints `verified: <summary>` (the entry `key`)
    /// when every check since the last summary held, or `NOT VERIFIED:` and
    /// the statements that failed.
    ///
    /// # Errors
    /// If writing fails.
    pub fn verified(&mut self, key: &str, args: &Args<'_>) -> io::Result<()> {
        let since = &self.checks[self.summarized..];
        self.summarized = self.checks.len();
        let failed: Vec<&str> = since
            .iter()
            .filter(|c| !c.held)
            .map(|c| c.statement.as_str())
            .collect();
        let line = if failed.is_empty() {
            let summary = self.text(key, args);
            self.text("common.verified", &[("summary", &summary)])
        } else {
            let list = failed.join("; ");
            self.text("common.not_verified", &[("failed", &list)])
        };
        writeln!(self.out, "{line}")
    }

    /// Every check made so far, in order.
    pub fn checks(&self) -> &[Check] {
        &self.checks
    }
}

impl Write for Page<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.out.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// `say!(page, "key", name = value, …)`: [`Page::say`] with named
/// arguments.
macro_rules! say {
    ($page:expr, $key:expr $(, $name:ident = $value:expr)* $(,)?) => {
        $page.say($key, &[$((stringify!($name), &$value as &dyn ::std::fmt::Display)),*])
    };
}

/// `tr!(page, "key", name = value, …)`: [`Page::text`] with named
/// arguments.
macro_rules! tr {
    ($page:expr, $key:expr $(, $name:ident = $value:expr)* $(,)?) => {
        $page.text($key, &[$((stringify!($name), &$value as &dyn ::std::fmt::Display)),*])
    };
}

/// `check!(page, "key", held, name = value, …)`: [`Page::check`] with
/// named arguments.
macro_rules! check {
    ($page:expr, $key:expr, $held:expr $(, $name:ident = $value:expr)* $(,)?) => {
        $page.check($key, &[$((stringify!($name), &$value as &dyn ::std::fmt::Display)),*], $held)
    };
}

pub(crate) use {check, say, tr};
