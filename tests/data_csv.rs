//! CSV files: reading (spaces, blank lines, CRLF, target columns, labels),
//! errors that name the file, line and column, and round trips through
//! `write_csv`.

use std::path::{Path, PathBuf};

use scalargrad::data::{
    moons, parse_csv, read_csv, regression_1d, spirals, write_csv, CsvOptions, Dataset,
    MoonsConfig, Regression1dConfig, SpiralsConfig, TargetColumn,
};
use scalargrad::Error;

fn parse(text: &str, options: &CsvOptions) -> Result<Dataset, Error> {
    parse_csv(text, Path::new("data.csv"), options)
}

fn error_text(text: &str, options: &CsvOptions) -> String {
    parse(text, options)
        .expect_err("expected an error")
        .to_string()
}

fn temp_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join(name)
}

#[test]
fn csv_reads_a_table_with_spaces_blank_lines_and_crlf() {
    let text = "x0, x1 ,y\r\n 1.5,-2, 0\r\n\r\n3e-1,4,2\r\n  \n-0,0.25,0\n";
    let data = parse(text, &CsvOptions::default()).unwrap();
    assert_eq!(data.x, [[1.5, -2.0], [0.3, 4.0], [-0.0, 0.25]]);
    // Labels 0, 2, 0: classes in ascending order, 0 → 0 and 2 → 1.
    assert_eq!(data.y, [0.0, 1.0, 0.0]);
    assert_eq!(data.class_values, [0.0, 2.0]);
    assert_eq!(data.n_classes, Some(2));
    assert_eq!(data.feature_names, ["x0", "x1"]);
    assert_eq!(data.name, "data");
}

#[test]
fn csv_target_by_name_or_index_anywhere_in_the_row() {
    let text = "height,\"label\",weight\n1.8,1,80\n1.6,0,55\n";
    let by_name = CsvOptions {
        target: TargetColumn::Name("label".into()),
        ..CsvOptions::default()
    };
    let data = parse(text, &by_name).unwrap();
    assert_eq!(data.feature_names, ["height", "weight"]);
    assert_eq!(data.x, [[1.8, 80.0], [1.6, 55.0]]);
    assert_eq!(data.labels(), [1, 0]);
    let by_index = CsvOptions {
        target: TargetColumn::Index(1),
        ..CsvOptions::default()
    };
    assert_eq!(parse(text, &by_index).unwrap(), data);

    // Regression, no header, tab-separated, target first: features x0, x1.
    let options = CsvOptions {
        target: TargetColumn::Index(0),
        classification: false,
        has_header: false,
        delimiter: b'\t',
    };
    let data = parse("0.5\t1\t2\n-1.25\t3\t4\n", &options).unwrap();
    assert_eq!(data.y, [0.5, -1.25]);
    assert_eq!(data.x, [[1.0, 2.0], [3.0, 4.0]]);
    assert_eq!(data.feature_names, ["x0", "x1"]);
    assert_eq!(data.n_classes, None);
    assert!(data.class_values.is_empty());
}

#[test]
fn csv_labels_minus_one_and_plus_one_become_classes_0_and_1() {
    let data = parse("a,y\n0,1\n1,-1\n2,1\n", &CsvOptions::default()).unwrap();
    assert_eq!(data.y, [1.0, 0.0, 1.0]);
    assert_eq!(data.class_values, [-1.0, 1.0]);
    assert_eq!(data.class_counts(), [1, 2]);

    // micrograd's moons: make_moons(100) has 50 points per moon, labelled -1/+1.
    let demo = read_csv(
        "tests/data/micrograd_demo/moons.csv",
        &CsvOptions::default(),
    )
    .unwrap();
    assert_eq!((demo.len(), demo.n_features()), (100, 2));
    assert_eq!(demo.name, "moons");
    assert_eq!(demo.class_values, [-1.0, 1.0]);
    assert_eq!(demo.class_counts(), [50, 50]);
    // First row: 1.1221146075409685,0.081477173417186965,-1 (parsed exactly
    // as Rust parses those digits).
    let first: Vec<f64> = ["1.1221146075409685", "0.081477173417186965"]
        .iter()
        .map(|s| s.parse().unwrap())
        .collect();
    assert_eq!(demo.x[0], first);
    assert_eq!(demo.y[0], 0.0);
}

#[test]
fn csv_errors_name_the_file_line_and_column() {
    let options = CsvOptions::default();
    // Line 3, second field.
    assert_eq!(
        error_text("x0,x1,y\n1,2,0\n3,abc,1\n", &options),
        r#"data.csv:3:2: cannot read "abc" as a number"#
    );
    // Blank lines still count: the bad row is on line 4.
    assert_eq!(
        error_text("x0,x1,y\n1,2,0\n\n3,4\n", &options),
        "data.csv:4: expected 3 fields, found 2"
    );
    assert_eq!(
        error_text("x0,x1,y\n1,2,0,7\n", &options),
        "data.csv:2: expected 3 fields, found 4"
    );
    assert_eq!(
        error_text("x0,x1,y\n,2,0\n", &options),
        "data.csv:2:1: empty field where a number was expected"
    );
    assert_eq!(
        error_text("x0,x1,y\n1,NaN,0\n", &options),
        r#"data.csv:2:2: cannot use "NaN": only finite numbers are allowed"#
    );
    assert_eq!(
        error_text("x0,x1,y\n1,2,0\n1,2,0.5\n", &options),
        "data.csv:3:3: cannot use 0.5 as a class label: labels must be whole numbers \
         (set classification: false for a regression target)"
    );
    // The same file is fine as regression.
    let regression = CsvOptions {
        classification: false,
        ..CsvOptions::default()
    };
    assert_eq!(
        parse("x0,x1,y\n1,2,0\n1,2,0.5\n", &regression).unwrap().y,
        [0.0, 0.5]
    );
}

#[test]
fn csv_errors_for_the_table_as_a_whole_list_what_is_there() {
    let text = "x0,x1,y\n1,2,0\n";
    let named = |name: &str| CsvOptions {
        target: TargetColumn::Name(name.into()),
        ..CsvOptions::default()
    };
    assert_eq!(
        error_text(text, &named("label")),
        r#"data.csv: no column named "label"; the columns are x0, x1, y"#
    );
    let index = |i| CsvOptions {
        target: TargetColumn::Index(i),
        ..CsvOptions::default()
    };
    assert_eq!(
        error_text(text, &index(3)),
        "data.csv: target column index 3 is out of range (indices count from 0); \
         the columns are x0, x1, y"
    );
    let no_header = CsvOptions {
        target: TargetColumn::Index(3),
        has_header: false,
        ..CsvOptions::default()
    };
    assert_eq!(
        error_text("1,2,0\n", &no_header),
        "data.csv: target column index 3 is out of range (indices count from 0); \
         the table has 3 columns, 0 to 2"
    );
    let name_without_header = CsvOptions {
        has_header: false,
        ..named("y")
    };
    assert_eq!(
        error_text("1,2,0\n", &name_without_header),
        "data.csv: the target column is named \"y\" but the options say the table has no header; \
         use TargetColumn::Index"
    );
    assert_eq!(
        error_text("", &CsvOptions::default()),
        "data.csv: the table is empty: no header and no rows"
    );
    assert_eq!(
        error_text("x0,x1,y\n\n", &CsvOptions::default()),
        "data.csv: the table has a header but no rows"
    );
    let headerless = CsvOptions {
        has_header: false,
        ..CsvOptions::default()
    };
    assert_eq!(
        error_text(" \n", &headerless),
        "data.csv: the table is empty: no rows"
    );
    assert_eq!(
        error_text("y\n1\n", &CsvOptions::default()),
        "data.csv: the table has 1 column; it needs at least one feature column and the target"
    );
    // The variants, for code that matches on them.
    assert!(matches!(
        parse("", &CsvOptions::default()),
        Err(Error::Invalid { .. })
    ));
    assert!(matches!(
        parse("a,y\n1,x\n", &CsvOptions::default()),
        Err(Error::Parse {
            line: 2,
            column: Some(2),
            ..
        })
    ));
}

#[test]
fn read_csv_of_a_missing_file_is_an_io_error_naming_it() {
    let path = temp_path("no_such_file.csv");
    let err = read_csv(&path, &CsvOptions::default()).unwrap_err();
    match &err {
        Error::Io { path: p, source } => {
            assert_eq!(p, &path);
            assert_eq!(source.kind(), std::io::ErrorKind::NotFound);
        }
        other => panic!("expected Error::Io, got {other:?}"),
    }
    assert!(err
        .to_string()
        .starts_with(&format!("{}: ", path.display())));
}

#[test]
fn write_then_read_gives_back_the_same_dataset() {
    for (file, data, options) in [
        (
            "moons_round_trip.csv",
            moons(&MoonsConfig {
                samples: 50,
                noise: 0.1,
                seed: 3,
            }),
            CsvOptions::default(),
        ),
        (
            "spirals_round_trip.csv",
            spirals(&SpiralsConfig {
                samples: 31,
                classes: 3,
                turns: 1.5,
                noise: 0.03,
                seed: 3,
            }),
            CsvOptions::default(),
        ),
        (
            "regression_round_trip.csv",
            regression_1d(&Regression1dConfig {
                samples: 40,
                noise: 0.1,
                seed: 3,
            }),
            CsvOptions {
                classification: false,
                ..CsvOptions::default()
            },
        ),
    ] {
        let path = temp_path(file);
        write_csv(&path, &data).unwrap();
        let back = read_csv(&path, &options).unwrap();
        // Every f64 is written in its shortest exact form: equal bit for bit.
        assert_eq!(back.x, data.x, "{file}");
        assert_eq!(back.y, data.y, "{file}");
        assert_eq!(back.n_classes, data.n_classes, "{file}");
        assert_eq!(back.class_values, data.class_values, "{file}");
        assert_eq!(back.feature_names, data.feature_names, "{file}");
        assert_eq!(back.name, file.trim_end_matches(".csv"));
    }
}

#[test]
fn write_csv_writes_the_original_labels() {
    let data = parse("a,label\n0.5,1\n-2,-1\n", &CsvOptions::default()).unwrap();
    assert_eq!(data.y, [1.0, 0.0]);
    let path = temp_path("plus_minus_one.csv");
    write_csv(&path, &data).unwrap();
    // Header: the feature names, then "y"; labels as read, not as indices.
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "a,y\n0.5,1\n-2,-1\n"
    );
    let back = read_csv(&path, &CsvOptions::default()).unwrap();
    assert_eq!(
        (back.x, back.y, back.class_values),
        (data.x, data.y, data.class_values)
    );
}

#[test]
fn write_csv_refuses_what_read_csv_would_refuse() {
    let mut data = regression_1d(&Regression1dConfig {
        samples: 3,
        noise: 0.0,
        seed: 0,
    });
    data.x[1][0] = f64::INFINITY;
    let err = write_csv(temp_path("infinite.csv"), &data).unwrap_err();
    assert!(matches!(err, Error::Invalid { .. }));
    assert!(err.to_string().ends_with(
        "example 1 of \"regression_1d\" has x0 = inf; only finite numbers can be written"
    ));
}

// Issue 14: read through the `csv` crate.

#[test]
fn csv_handles_a_bom_quotes_and_every_line_ending() {
    // A byte-order mark is not part of the first column's name.
    let data = parse("\u{feff}a,y\n1,0\n2,1\n", &CsvOptions::default()).unwrap();
    assert_eq!(data.feature_names, ["a"]);
    // CR-only line endings (old Mac files), with the right line numbers.
    let data = parse("a,y\r1,0\r2,1\r", &CsvOptions::default()).unwrap();
    assert_eq!(data.x, [[1.0], [2.0]]);
    assert_eq!(
        error_text("a,b,y\r1,2,0\r\r3,x,1\r", &CsvOptions::default()),
        r#"data.csv:4:2: cannot read "x" as a number"#
    );
    // A quoted field may hold the delimiter.
    let semicolons = CsvOptions {
        delimiter: b';',
        ..CsvOptions::default()
    };
    let data = parse("\"name;with;semicolons\";y\n\"1.5\";0\n2;1\n", &semicolons).unwrap();
    assert_eq!(data.feature_names, ["name;with;semicolons"]);
    assert_eq!(data.x, [[1.5], [2.0]]);
}

#[test]
fn csv_errors_show_invisible_bytes_and_name_the_line_of_bad_utf8() {
    assert_eq!(
        error_text("a,y\n1\0,0\n", &CsvOptions::default()),
        r#"data.csv:2:1: cannot read "1\0" as a number"#
    );
    let err = parse_csv_bytes(b"a,y\n1,0\n2,\xff\n");
    assert!(
        matches!(
            err,
            Error::Parse {
                line: 3,
                column: Some(2),
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "data.csv:3:2: the field is not valid UTF-8 (from its byte 1 on)"
    );
}

fn parse_csv_bytes(bytes: &[u8]) -> Error {
    let path = temp_path("bytes.csv");
    std::fs::write(&path, bytes).unwrap();
    let err = read_csv(&path, &CsvOptions::default()).unwrap_err();
    std::fs::remove_file(&path).ok();
    match err {
        Error::Parse {
            line,
            column,
            message,
            ..
        } => Error::Parse {
            path: "data.csv".into(),
            line,
            column,
            message,
        },
        other => other,
    }
}

#[test]
fn the_format_of_a_csv_file_is_guessed_from_its_first_records() {
    use scalargrad::data::CsvFormat;
    let guess = |text: &str| CsvFormat::sniff(text.as_bytes());
    let f = |delimiter, has_header| CsvFormat {
        delimiter,
        has_header,
    };
    assert_eq!(guess("a,b,y\n1,2,0\n"), f(b',', true));
    assert_eq!(
        guess("1,2,0\n3,4,1\n"),
        f(b',', false),
        "no header: all numbers"
    );
    assert_eq!(guess("a;b;y\n1,5;2;0\n"), f(b';', true), "decimal commas");
    assert_eq!(guess("1\t2\t0\n"), f(b'\t', false));
    assert_eq!(guess("a|y\n1|0\n"), f(b'|', true));
    assert_eq!(guess("\u{feff}x,y\r1,0\r"), f(b',', true));
    assert_eq!(guess(""), f(b',', false));
    assert_eq!(CsvFormat::sniff_header(b"1;2\n", b';'), f(b';', false));
    // Headerless files lose no row when read as the guess says.
    let text = "1,2,0\n3,4,1\n";
    let format = guess(text);
    let options = CsvOptions {
        has_header: format.has_header,
        delimiter: format.delimiter,
        ..CsvOptions::default()
    };
    assert_eq!(parse(text, &options).unwrap().len(), 2);
}
