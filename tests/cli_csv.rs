//! CSV files through the command line: the format guessed (delimiter,
//! header) or given (`--delimiter`, `--header`, `--no-header`), what was
//! read as a header said out loud, and no row ever lost in silence.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn temp_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("scalargrad-csv-{tag}-{}", std::process::id()));
    std::fs::remove_dir_all(&dir).ok();
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_scalargrad"))
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Six points of two classes, written with `delimiter` and `newline`, with
/// or without a header (and a byte-order mark).
fn table(delimiter: &str, newline: &str, header: bool, bom: bool) -> String {
    let mut t = String::new();
    if bom {
        t.push('\u{feff}');
    }
    if header {
        t.push_str(&format!("height{delimiter}weight{delimiter}label{newline}"));
    }
    for (k, (a, b)) in [(1, 2), (2, 1), (3, 3), (4, 1), (5, 5), (6, 2)]
        .iter()
        .enumerate()
    {
        t.push_str(&format!("{a}{delimiter}{b}{delimiter}{}{newline}", k % 2));
    }
    t
}

#[test]
fn train_reads_every_row_whatever_the_layout() {
    let dir = temp_dir("layouts");
    let layouts = [
        ("comma.csv", table(",", "\n", true, false), "fields separated by `,`, the first line is a header (features height, weight), not data"),
        ("headerless.csv", table(",", "\n", false, false), "fields separated by `,`, no header: the first line is data"),
        ("semicolon.csv", table(";", "\r\n", true, false), "fields separated by `;`, the first line is a header"),
        ("tabs.csv", table("\t", "\n", false, false), "fields separated by `tab`, no header"),
        ("bom_cr.csv", table(",", "\r", true, true), "fields separated by `,`, the first line is a header (features height, weight)"),
    ];
    for (name, content, said) in layouts {
        std::fs::write(dir.join(name), content).unwrap();
        let o = run(
            &dir,
            &[
                "train",
                "--data",
                name,
                "--epochs",
                "1",
                "--layers",
                "2",
                "--quiet",
                "--validation",
                "0",
            ],
        );
        let out = text(&o.stdout);
        assert_eq!(o.status.code(), Some(0), "{name}: {}", text(&o.stderr));
        assert!(
            out.contains(&format!("read {name}: {said}")),
            "{name}: {out}"
        );
        // Six examples: no row was taken for a header, none lost to a BOM or a CR.
        assert!(
            out.contains("(6 examples, 2 features, 2 classes)"),
            "{name}: {out}"
        );
        let o = run(
            &dir,
            &[
                "train",
                "--data",
                name,
                "--epochs",
                "1",
                "--layers",
                "2",
                "--json",
                "--validation",
                "0",
            ],
        );
        let answer: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert!(answer["csv"]["delimiter"].is_string(), "{answer}");
    }
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn the_format_can_be_given_when_the_guess_is_wrong() {
    let dir = temp_dir("given");
    // A header of numbers (years) looks like data: say so.
    std::fs::write(
        dir.join("years.csv"),
        "2019,2020,2021\n1,2,0\n2,1,1\n3,3,0\n4,1,1\n",
    )
    .unwrap();
    let o = run(
        &dir,
        &[
            "train",
            "--data",
            "years.csv",
            "--epochs",
            "1",
            "--quiet",
            "--validation",
            "0",
        ],
    );
    assert!(
        text(&o.stdout).contains("(5 examples, 2 features, 3 classes)"),
        "guessed: no header"
    );
    let o = run(
        &dir,
        &[
            "train",
            "--data",
            "years.csv",
            "--header",
            "--epochs",
            "1",
            "--quiet",
            "--validation",
            "0",
        ],
    );
    assert!(
        text(&o.stdout).contains("(4 examples"),
        "{}",
        text(&o.stdout)
    );
    // --no-header on a file with a header: the header is an error, named.
    std::fs::write(dir.join("named.csv"), "a,b,label\n1,2,0\n2,1,1\n").unwrap();
    let o = run(
        &dir,
        &[
            "train",
            "--data",
            "named.csv",
            "--no-header",
            "--epochs",
            "1",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert!(
        err.contains("named.csv:1:1: cannot read \"a\" as a number"),
        "{err}"
    );
    // A delimiter that cannot be one.
    let o = run(&dir, &["train", "--data", "years.csv", "--delimiter", "ab"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("cannot separate fields"),
        "{}",
        text(&o.stderr)
    );
    assert_eq!(text(&o.stderr).lines().count(), 1);
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn predict_reads_every_row_and_says_when_it_skips_a_header() {
    let dir = temp_dir("predict");
    std::fs::write(dir.join("train.csv"), table(",", "\n", true, false)).unwrap();
    let o = run(
        &dir,
        &[
            "train",
            "--data",
            "train.csv",
            "--epochs",
            "2",
            "--layers",
            "2",
            "--quiet",
            "--save",
            "m.json",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    // `;`-separated with a header: it used to give 0 predictions, exit 0.
    std::fs::write(dir.join("semi.csv"), "height;weight\n1;2\n3;4\n5;6\n").unwrap();
    let o = run(&dir, &["predict", "m.json", "--csv", "semi.csv"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(text(&o.stdout).lines().count(), 3);
    assert_eq!(
        text(&o.stderr),
        "scalargrad: semi.csv: fields separated by `;`, the first line is a header (height, weight), not data\n"
    );
    // Without a header, nothing is skipped and nothing said.
    std::fs::write(dir.join("plain.csv"), "1,2\r3,4\r").unwrap();
    let o = run(&dir, &["predict", "m.json", "--csv", "plain.csv", "--json"]);
    let answer: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(answer.as_array().unwrap().len(), 2);
    assert_eq!(text(&o.stderr), "");
    // Nothing to predict is an error, not an empty answer.
    std::fs::write(dir.join("header-only.csv"), "height,weight\n").unwrap();
    let o = run(&dir, &["predict", "m.json", "--csv", "header-only.csv"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(text(&o.stderr).lines().count(), 1, "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("header-only.csv: no rows of features to predict"));
    // A row of the wrong width names its line.
    std::fs::write(dir.join("ragged.csv"), "1,2\n\n3,4,5\n").unwrap();
    let o = run(&dir, &["predict", "m.json", "--csv", "ragged.csv"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("ragged.csv:3: expected 2 fields, found 3"),
        "{}",
        text(&o.stderr)
    );
    // A NUL byte is shown, not hidden.
    std::fs::write(dir.join("nul.csv"), "1,2\n3,4\u{0}\n").unwrap();
    let o = run(&dir, &["predict", "m.json", "--csv", "nul.csv"]);
    assert!(
        text(&o.stderr).contains(r#"nul.csv:2:2: cannot read "4\0" as a number"#),
        "{}",
        text(&o.stderr)
    );
    std::fs::remove_dir_all(dir).ok();
}
