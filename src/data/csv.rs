//! Numeric tables from CSV files, and back.
//!
//! The format read is deliberately simple: one example per line, fields
//! separated by one delimiter byte, every field a number (after the header).
//! Spaces around fields are trimmed, a pair of double quotes around a whole
//! field is removed, and blank lines are skipped. There is no quoting of
//! delimiters inside fields.

use std::fmt::Write as _;
use std::path::Path;

use super::{default_feature_names, Dataset};
use crate::panics::misuse;
use crate::{Error, Result};

/// Which column of a CSV file holds the target `y`; every other column is a
/// feature.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TargetColumn {
    /// The last column (the default).
    Last,
    /// The column at this index, counting from 0.
    Index(usize),
    /// The column with this header name (needs `has_header`).
    Name(String),
}

/// How to read a CSV file: [`CsvOptions::default`] reads a classification
/// table with a header, comma-separated, target in the last column.
///
/// ```
/// use scalargrad::data::{CsvOptions, TargetColumn};
///
/// let options = CsvOptions {
///     target: TargetColumn::Name("price".into()),
///     classification: false,
///     ..CsvOptions::default()
/// };
/// assert_eq!(options.delimiter, b',');
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CsvOptions {
    /// The column that holds the target.
    pub target: TargetColumn,
    /// `true`: the target is a class label, a whole number (see
    /// [`read_csv`]); `false`: a value to predict (regression).
    pub classification: bool,
    /// Whether the first non-blank line holds the column names. Without a
    /// header the features are named `"x0"`, `"x1"`, … in order.
    pub has_header: bool,
    /// The byte between fields: `b','`, `b';'`, `b'\t'`, … (ASCII).
    pub delimiter: u8,
}

impl Default for CsvOptions {
    fn default() -> CsvOptions {
        CsvOptions {
            target: TargetColumn::Last,
            classification: true,
            has_header: true,
            delimiter: b',',
        }
    }
}

/// Reads a numeric table from a CSV file; see [`parse_csv`] for the format
/// and the errors. The dataset is named after the file's stem (`"moons"` for
/// `data/moons.csv`).
///
/// # Errors
/// [`Error::Io`] if the file cannot be read (or is not UTF-8), and every
/// error of [`parse_csv`].
///
/// # Panics
/// If `options.delimiter` is not an ASCII byte.
#[track_caller]
pub fn read_csv(path: impl AsRef<Path>, options: &CsvOptions) -> Result<Dataset> {
    check_delimiter(options, "data::read_csv");
    let path = path.as_ref();
    let text =
        std::fs::read_to_string(path).map_err(|source| crate::files::io_error(path, source))?;
    parse_csv(&text, path, options)
}

/// Parses a numeric table; `path` only labels the errors and names the
/// dataset (after its stem).
///
/// For **classification** the target column holds whole-number labels.
/// They are mapped to class indices in ascending order of their value and
/// the originals are kept in [`Dataset::class_values`]: a file labelled
/// -1/+1 gives classes 0/1 with `class_values == [-1.0, 1.0]`. Only labels
/// that occur count, so `k` is the number of distinct labels.
///
/// ```
/// use std::path::Path;
/// use scalargrad::data::{parse_csv, CsvOptions};
///
/// let text = "x0,x1,y\n0.5,1.5,1\n-2,0,-1\n\n3,4,1\n";
/// let data = parse_csv(text, Path::new("tiny.csv"), &CsvOptions::default())?;
/// assert_eq!(data.x, [[0.5, 1.5], [-2.0, 0.0], [3.0, 4.0]]);
/// assert_eq!(data.y, [1.0, 0.0, 1.0]); // -1 is class 0, +1 is class 1
/// assert_eq!(data.class_values, [-1.0, 1.0]);
/// assert_eq!(data.name, "tiny");
///
/// let err = parse_csv("a,b\n1,2\n3,x\n", Path::new("bad.csv"), &CsvOptions::default()).unwrap_err();
/// assert_eq!(err.to_string(), r#"bad.csv:3:2: cannot read "x" as a number"#);
/// # Ok::<(), scalargrad::Error>(())
/// ```
///
/// # Errors
/// Lines and columns count from 1 and are those of the file.
/// - [`Error::Parse`] with line and column: a field that is not a number,
///   is empty or is not finite; a class label that is not a whole number.
/// - [`Error::Parse`] with a line: a row whose number of fields differs from
///   the first row's (`expected 3 fields, found 2`).
/// - [`Error::Invalid`]: no rows, fewer than two columns, or a target column
///   that does not exist (the message lists the columns there are).
///
/// # Panics
/// If `options.delimiter` is not an ASCII byte.
#[track_caller]
pub fn parse_csv(text: &str, path: &Path, options: &CsvOptions) -> Result<Dataset> {
    check_delimiter(options, "data::parse_csv");
    let delimiter = char::from(options.delimiter);
    let parse_error = |line: usize, column: Option<usize>, message: String| Error::Parse {
        path: path.to_path_buf(),
        line,
        column,
        message,
    };
    let invalid = |message: String| Error::Invalid {
        path: path.to_path_buf(),
        message,
    };

    // (1-based line number, fields) of each non-blank line.
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| {
            (
                i + 1,
                line.split(delimiter).map(unquote).collect::<Vec<_>>(),
            )
        });

    let header: Option<Vec<String>> = if options.has_header {
        let Some((_, names)) = lines.next() else {
            return Err(invalid("the table is empty: no header and no rows".into()));
        };
        Some(names.into_iter().map(str::to_string).collect())
    } else {
        None
    };
    let rows: Vec<(usize, Vec<&str>)> = lines.collect();
    let n_columns = match (&header, rows.first()) {
        (Some(names), _) => names.len(),
        (None, Some((_, fields))) => fields.len(),
        (None, None) => return Err(invalid("the table is empty: no rows".into())),
    };
    if rows.is_empty() {
        return Err(invalid("the table has a header but no rows".into()));
    }
    if n_columns < 2 {
        return Err(invalid(format!(
            "the table has {n_columns} column; it needs at least one feature column and the target"
        )));
    }

    let describe_columns = || match &header {
        Some(names) => format!("the columns are {}", names.join(", ")),
        None => format!("the table has {n_columns} columns, 0 to {}", n_columns - 1),
    };
    let target = match &options.target {
        TargetColumn::Last => n_columns - 1,
        TargetColumn::Index(i) if *i < n_columns => *i,
        TargetColumn::Index(i) => {
            return Err(invalid(format!(
                "target column index {i} is out of range (indices count from 0); {}",
                describe_columns()
            )))
        }
        TargetColumn::Name(name) => match &header {
            Some(names) => names.iter().position(|n| n == name).ok_or_else(|| {
                invalid(format!(
                    "no column named \"{name}\"; {}",
                    describe_columns()
                ))
            })?,
            None => {
                return Err(invalid(format!(
                    "the target column is named \"{name}\" but the options say the table has no \
                     header; use TargetColumn::Index"
                )))
            }
        },
    };

    let mut x = Vec::with_capacity(rows.len());
    // (line, value) of each target, kept to report a bad class label.
    let mut targets = Vec::with_capacity(rows.len());
    for (line, fields) in &rows {
        if fields.len() != n_columns {
            return Err(parse_error(
                *line,
                None,
                format!("expected {n_columns} fields, found {}", fields.len()),
            ));
        }
        let mut row = Vec::with_capacity(n_columns - 1);
        for (j, field) in fields.iter().enumerate() {
            let value = number(field).map_err(|m| parse_error(*line, Some(j + 1), m))?;
            if j == target {
                targets.push((*line, value));
            } else {
                row.push(value);
            }
        }
        x.push(row);
    }

    let feature_names = match header {
        Some(mut names) => {
            names.remove(target);
            names
        }
        None => default_feature_names(n_columns - 1),
    };
    let name = path
        .file_stem()
        .map_or_else(|| "csv".to_string(), |s| s.to_string_lossy().into_owned());

    if !options.classification {
        return Ok(Dataset {
            x,
            y: targets.into_iter().map(|(_, v)| v).collect(),
            n_classes: None,
            feature_names,
            class_values: Vec::new(),
            name,
        });
    }
    if let Some(&(line, label)) = targets.iter().find(|(_, v)| v.fract() != 0.0) {
        return Err(parse_error(
            line,
            Some(target + 1),
            format!(
                "cannot use {label} as a class label: labels must be whole numbers \
                 (set classification: false for a regression target)"
            ),
        ));
    }
    let mut class_values: Vec<f64> = targets.iter().map(|&(_, v)| v).collect();
    class_values.sort_by(f64::total_cmp);
    class_values.dedup_by(|a, b| a == b); // also merges -0 with 0
    let y = targets
        .iter()
        .map(|(_, v)| {
            // Every value is finite, so partial_cmp never fails, and present.
            let class = class_values.binary_search_by(|c| c.partial_cmp(v).unwrap());
            class.expect("every label is among the class values") as f64
        })
        .collect();
    Ok(Dataset {
        x,
        y,
        n_classes: Some(class_values.len()),
        feature_names,
        class_values,
        name,
    })
}

/// Writes a dataset as CSV that [`read_csv`] reads back: a header of the
/// feature names and `y`, then one row per example with `,` between fields.
/// Class indices are written as their original labels (`class_values`), so a
/// file read with labels -1/+1 is written with -1/+1.
///
/// Numbers are written in Rust's shortest form that parses back to the same
/// `f64`, so the round trip is exact. Reading back gives the same `x`, `y`
/// and feature names; the classes are those that occur in the file, so a
/// class without examples is lost.
///
/// # Errors
/// [`Error::Io`] if the file cannot be written; [`Error::Invalid`] for a
/// value `read_csv` would refuse (not finite) or a dataset whose rows do not
/// match its feature names or whose labels are not class indices.
pub fn write_csv(path: impl AsRef<Path>, data: &Dataset) -> Result<()> {
    let path = path.as_ref();
    let invalid = |message: String| Error::Invalid {
        path: path.to_path_buf(),
        message,
    };
    let n_features = data.feature_names.len();
    if let Some(name) = data
        .feature_names
        .iter()
        .find(|n| n.contains([',', '\n', '\r']))
    {
        return Err(invalid(format!(
            "the feature name \"{name}\" contains a comma or a line break, which CSV cannot hold"
        )));
    }
    let mut text = data.feature_names.join(",");
    text.push_str(if n_features == 0 { "y\n" } else { ",y\n" });
    for (i, (row, &y)) in data.x.iter().zip(&data.y).enumerate() {
        if row.len() != n_features {
            return Err(invalid(format!(
                "example {i} of \"{}\" has {} features but there are {n_features} feature names",
                data.name,
                row.len()
            )));
        }
        let label = match data.n_classes {
            None => y,
            Some(_) => match data.class_values.get(y as usize) {
                Some(&value) if y >= 0.0 && y.fract() == 0.0 => value,
                _ => {
                    return Err(invalid(format!(
                        "example {i} of \"{}\" has y = {y}, not a class index 0..{}",
                        data.name,
                        data.class_values.len()
                    )))
                }
            },
        };
        for (j, &v) in row.iter().chain([&label]).enumerate() {
            if !v.is_finite() {
                let column = data.feature_names.get(j).map_or("y", String::as_str);
                return Err(invalid(format!(
                    "example {i} of \"{}\" has {column} = {v}; only finite numbers can be written",
                    data.name
                )));
            }
            let separator = if j == 0 { "" } else { "," };
            write!(text, "{separator}{v}").expect("writing to a String cannot fail");
        }
        text.push('\n');
    }
    std::fs::write(path, text).map_err(|source| crate::files::io_error(path, source))
}

/// A field without the spaces around it and without one pair of enclosing
/// double quotes.
fn unquote(field: &str) -> &str {
    let field = field.trim();
    field
        .strip_prefix('"')
        .and_then(|f| f.strip_suffix('"'))
        .unwrap_or(field)
}

/// A finite number, or the message of a parse error.
fn number(field: &str) -> Result<f64, String> {
    if field.is_empty() {
        return Err("empty field where a number was expected".into());
    }
    match field.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        Ok(_) => Err(format!(
            "cannot use \"{field}\": only finite numbers are allowed"
        )),
        Err(_) => Err(format!("cannot read \"{field}\" as a number")),
    }
}

/// Panics unless the delimiter is an ASCII byte.
#[track_caller]
fn check_delimiter(options: &CsvOptions, call: &str) {
    if !options.delimiter.is_ascii() {
        misuse!(
            call,
            "the delimiter must be an ASCII byte, got 0x{:02X}",
            options.delimiter
        );
    }
}
