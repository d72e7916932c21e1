//! The lesson's words, one file per language.
//!
//! Every sentence, heading, table header and picture title the lesson
//! prints lives in `en.txt` (English) or `vi.txt` (Vietnamese), one entry
//! per line: `key = text`. The program fills in `{name}` with a number or a
//! name it computed, so both languages print the same numbers, formatted by
//! the same code. A third language is one more file and one more line in
//! `LANGUAGES` (in this file); an entry it lacks falls back to English (a test checks
//! that every language has every entry, with the same `{name}`s in the same
//! order).

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

/// The languages the lesson speaks: code, name in that language, text.
const LANGUAGES: [(&str, &str, &str); 2] = [
    ("en", "English", include_str!("en.txt")),
    ("vi", "Tiếng Việt", include_str!("vi.txt")),
];

/// A language the lesson speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Lang(usize);

impl Lang {
    /// English, the default.
    pub const EN: Lang = Lang(0);
    /// Vietnamese, the language the lesson was written in.
    pub const VI: Lang = Lang(1);

    /// Every language, English first.
    pub fn all() -> impl Iterator<Item = Lang> {
        (0..LANGUAGES.len()).map(Lang)
    }

    /// The language with this code (`en`, `vi`; case and a region such as
    /// `vi-VN` or `vi_VN.UTF-8` are ignored), if the lesson speaks it.
    pub fn parse(code: &str) -> Option<Lang> {
        let code = code
            .split(['-', '_', '.'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        LANGUAGES.iter().position(|(c, _, _)| *c == code).map(Lang)
    }

    /// The language `SCALARGRAD_LANG` names, if it is set and the lesson
    /// speaks it.
    pub fn from_env() -> Option<Lang> {
        std::env::var("SCALARGRAD_LANG")
            .ok()
            .and_then(|v| Lang::parse(&v))
    }

    /// Its code: `en`, `vi`.
    pub fn code(self) -> &'static str {
        LANGUAGES[self.0].0
    }

    /// Its name, in itself: `English`, `Tiếng Việt`.
    pub fn name(self) -> &'static str {
        LANGUAGES[self.0].1
    }

    /// The codes of every language, for messages: `en, vi`.
    pub fn codes() -> String {
        Lang::all().map(Lang::code).collect::<Vec<_>>().join(", ")
    }

    /// The entry `key`, unfilled.
    ///
    /// # Panics
    /// If no language has the entry (a bug in the lesson).
    pub fn template(self, key: &str) -> &'static str {
        let tables = tables();
        tables[self.0]
            .get(key)
            .or_else(|| tables[0].get(key))
            .map(String::as_str)
            .unwrap_or_else(|| panic!("the lesson's text has no entry `{key}`"))
    }

    /// The entry `key` with each `{name}` replaced by its argument.
    ///
    /// # Panics
    /// If no language has the entry, or an argument the entry names is
    /// missing (bugs in the lesson).
    pub fn fill(self, key: &str, args: &[(&str, &dyn fmt::Display)]) -> String {
        fill(self.template(key), args)
            .unwrap_or_else(|name| panic!("the lesson's entry `{key}` needs an argument `{name}`"))
    }
}

impl Default for Lang {
    fn default() -> Self {
        Lang::EN
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Every language's entries, parsed once.
fn tables() -> &'static [HashMap<&'static str, String>] {
    static TABLES: OnceLock<Vec<HashMap<&'static str, String>>> = OnceLock::new();
    TABLES.get_or_init(|| {
        LANGUAGES
            .iter()
            .map(|(code, _, text)| {
                parse(text).unwrap_or_else(|e| panic!("src/lesson/text/{code}.txt: {e}"))
            })
            .collect()
    })
}

/// The entries of a language file: `key = text` per line; blank lines and
/// lines starting with `#` are skipped. The text is what follows `= ` to the
/// end of the line, trailing spaces trimmed; `\n` in it starts a new line.
fn parse(text: &'static str) -> Result<HashMap<&'static str, String>, String> {
    let mut entries = HashMap::new();
    for (number, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let Some((key, value)) = line.split_once(" =") else {
            return Err(format!("line {}: expected `key = text`", number + 1));
        };
        let value = value.strip_prefix(' ').unwrap_or(value).trim_end();
        if entries
            .insert(key.trim(), value.replace("\\n", "\n"))
            .is_some()
        {
            return Err(format!(
                "line {}: `{}` is given twice",
                number + 1,
                key.trim()
            ));
        }
    }
    Ok(entries)
}

/// `template` with each `{name}` replaced by its argument (`{{` and `}}` are
/// braces); `Err(name)` for a name without an argument.
fn fill(template: &str, args: &[(&str, &dyn fmt::Display)]) -> Result<String, String> {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(k) = rest.find(['{', '}']) {
        out.push_str(&rest[..k]);
        let tail = &rest[k..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            out.push_str(&tail[..1]);
            rest = &tail[2..];
        } else if let Some(name) = tail.strip_prefix('{').and_then(|t| t.split_once('}')) {
            let (name, after) = name;
            let (_, value) = args
                .iter()
                .find(|(n, _)| *n == name)
                .ok_or_else(|| name.to_string())?;
            use std::fmt::Write as _;
            let _ = write!(out, "{value}");
            rest = after;
        } else {
            out.push_str(&tail[..1]);
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    Ok(out)
}

/// The `{name}`s of an entry, in order (for the tests).
pub fn placeholders(template: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(k) = rest.find(['{', '}']) {
        let tail = &rest[k..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            rest = &tail[2..];
        } else if let Some((name, after)) = tail.strip_prefix('{').and_then(|t| t.split_once('}')) {
            names.push(name);
            rest = after;
        } else {
            rest = &tail[1..];
        }
    }
    names
}

/// Every entry of language `lang`: `(key, text)`, sorted by key (for the
/// tests).
pub fn entries(lang: Lang) -> Vec<(&'static str, &'static str)> {
    let mut all: Vec<_> = tables()[lang.0]
        .iter()
        .map(|(k, v)| (*k, v.as_str()))
        .collect();
    all.sort_unstable();
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_replaces_names_and_keeps_doubled_braces() {
        let x = 1.5;
        let filled = fill("{{a}} = {x}, {name}", &[("x", &x), ("name", &"w_11")]);
        assert_eq!(filled.unwrap(), "{a} = 1.5, w_11");
        assert_eq!(fill("{y}", &[]), Err("y".to_string()));
        assert_eq!(placeholders("{a} and {{b}} then {c}"), ["a", "c"]);
    }

    #[test]
    fn codes_with_a_region_name_the_language() {
        assert_eq!(Lang::parse("vi_VN.UTF-8"), Some(Lang::VI));
        assert_eq!(Lang::parse("EN"), Some(Lang::EN));
        assert_eq!(Lang::parse("fr"), None);
    }
}
