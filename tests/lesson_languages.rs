//! The whole lesson, run in every language it speaks: paced (at most about
//! 40 lines a section and 100 columns a line by default), every section
//! ending with its "verified" line, and the same numbers, in the same order,
//! in every language (the words change, the numbers may not).

use std::sync::OnceLock;

use scalargrad::lesson::numbers::width;
use scalargrad::lesson::text::{entries, placeholders};
use scalargrad::lesson::{self, Lang, Options};

/// Lines a section may take by default, its heading included ("about 40").
const MAX_LINES: usize = 42;
/// Columns a line may take by default.
const MAX_COLUMNS: usize = 100;

/// The whole lesson's output in `lang`, default or `--detail`.
fn lesson_text(lang: Lang, detail: bool) -> String {
    let dir = std::env::temp_dir().join(format!(
        "scalargrad-lesson-{}-{}-{}",
        lang.code(),
        detail,
        std::process::id()
    ));
    let mut out = Vec::new();
    let options = Options {
        lang,
        detail,
        pause: false,
    };
    lesson::run(&mut out, &dir, None, &options)
        .unwrap_or_else(|e| panic!("the lesson in {lang} failed: {e}"));
    std::fs::remove_dir_all(&dir).ok();
    String::from_utf8(out).expect("UTF-8")
}

/// Every run, once: `(lang, detail, text)`.
fn runs() -> &'static [(Lang, bool, String)] {
    static RUNS: OnceLock<Vec<(Lang, bool, String)>> = OnceLock::new();
    RUNS.get_or_init(|| {
        Lang::all()
            .flat_map(|lang| [false, true].map(|detail| (lang, detail, lesson_text(lang, detail))))
            .collect()
    })
}

/// The sections of a run: each heading line with the lines under it.
fn sections(text: &str) -> Vec<(&str, Vec<&str>)> {
    let mut sections: Vec<(&str, Vec<&str>)> = Vec::new();
    for line in text.lines() {
        if line.starts_with("########") {
            sections.push((line, Vec::new()));
        }
        if let Some((_, lines)) = sections.last_mut() {
            lines.push(line);
        }
    }
    sections
}

/// Every number in `text`, in order, as written: an optional minus sign,
/// digits, an optional fraction and an optional exponent (`-0.4502`,
/// `6.65e-3`, `1e-5`). Digits inside names count too (`w_11`, `x_2`): both
/// languages name things the same way.
fn numbers(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut k = 0;
    while k < bytes.len() {
        if !bytes[k].is_ascii_digit() {
            k += 1;
            continue;
        }
        let start = if k > 0 && bytes[k - 1] == b'-' {
            k - 1
        } else {
            k
        };
        let digits = |mut j: usize| {
            while j < bytes.len() && bytes[j].is_ascii_digit() {
                j += 1;
            }
            j
        };
        let mut end = digits(k);
        if end + 1 < bytes.len() && bytes[end] == b'.' && bytes[end + 1].is_ascii_digit() {
            end = digits(end + 1);
        }
        if end < bytes.len() && bytes[end] == b'e' {
            let sign = usize::from(end + 1 < bytes.len() && bytes[end + 1] == b'-');
            if end + 1 + sign < bytes.len() && bytes[end + 1 + sign].is_ascii_digit() {
                end = digits(end + 1 + sign);
            }
        }
        found.push(&text[start..end]);
        k = end;
    }
    found
}

#[test]
fn every_section_keeps_to_40_lines_of_100_columns_in_every_language() {
    for (lang, detail, text) in runs() {
        let parts = sections(text);
        assert_eq!(
            parts.len(),
            lesson::SECTIONS.len() + 1,
            "{lang}: 8 sections and the epilogue"
        );
        if *detail {
            continue;
        }
        // Every section and line past its budget, all at once.
        let mut over = Vec::new();
        for (heading, lines) in &parts {
            if lines.len() > MAX_LINES {
                over.push(format!("{heading} takes {} lines", lines.len()));
            }
            for line in lines {
                if width(line) > MAX_COLUMNS {
                    over.push(format!("{heading}: {} columns: {line}", width(line)));
                }
            }
        }
        assert!(over.is_empty(), "{lang}:\n{}", over.join("\n"));
        // About half of the 572 lines the eight sections took before they
        // were paced (~290 today), plus the classic-bugs section, the nudge
        // table and the curvature added since (~40).
        let total = text.lines().count();
        assert!(total <= 340, "{lang}: the lesson takes {total} lines");
    }
}

#[test]
fn every_section_ends_its_story_with_what_it_verified() {
    for (lang, _, text) in runs() {
        let verified = lang.fill("common.verified", &[("summary", &"")]);
        let failed = lang.fill("common.not_verified", &[("failed", &"")]);
        for (heading, lines) in sections(text) {
            assert!(
                lines.iter().any(|l| l.starts_with(verified.trim_end())),
                "{lang}: {heading} has no verified line"
            );
            assert!(
                !lines.iter().any(|l| l.starts_with(failed.trim_end())),
                "{lang}: {heading}: {lines:#?}"
            );
        }
    }
}

#[test]
fn every_language_prints_the_same_numbers_in_the_same_order() {
    for detail in [false, true] {
        let of = |lang: Lang| {
            runs()
                .iter()
                .find(|(l, d, _)| *l == lang && *d == detail)
                .map(|(_, _, text)| text.as_str())
                .expect("a run")
        };
        let english = of(Lang::EN);
        let expected = numbers(english);
        assert!(expected.len() > 800, "{} numbers", expected.len());
        for lang in Lang::all().skip(1) {
            let text = of(lang);
            let found = numbers(text);
            // Where they first part, with the lines around it.
            if let Some(k) = (0..expected.len().min(found.len())).find(|&k| expected[k] != found[k])
            {
                panic!(
                    "detail {detail}: number {k} is {} in English but {} in {lang}",
                    expected[k], found[k]
                );
            }
            assert_eq!(
                expected.len(),
                found.len(),
                "detail {detail}: {lang} prints a different count of numbers"
            );
        }
    }
}

#[test]
fn every_language_has_every_entry_with_the_same_blanks_in_the_same_order() {
    let english = entries(Lang::EN);
    for lang in Lang::all().skip(1) {
        let other = entries(lang);
        let keys = |e: &[(&str, &str)]| e.iter().map(|(k, _)| k.to_string()).collect::<Vec<_>>();
        assert_eq!(
            keys(&english),
            keys(&other),
            "{lang} has other entries than English"
        );
        for ((key, en), (_, text)) in english.iter().zip(&other) {
            assert_eq!(
                placeholders(en),
                placeholders(text),
                "{lang}: entry {key} fills other blanks than English"
            );
            // Digits written into the text itself (not filled in) are
            // numbers too: the same in every language.
            assert_eq!(
                numbers(en),
                numbers(text),
                "{lang}: entry {key} writes other numbers than English"
            );
        }
    }
}

#[test]
fn the_number_reader_reads_signs_fractions_and_exponents() {
    assert_eq!(
        numbers("w_11 = -0.4502, 6.65e-3 and 1e-5; (0, 1)."),
        ["11", "-0.4502", "6.65e-3", "1e-5", "0", "1"]
    );
}
