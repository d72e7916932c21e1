//! Numeric tables from CSV files, and back.
//!
//! Files are read with the [`csv`](https://docs.rs/csv) crate, the
//! ecosystem's standard reader: fields may be quoted (`"1,5"` is one
//! field), a UTF-8 byte-order mark is dropped, and lines may end with
//! `\n`, `\r\n` or a lone `\r`. Spaces around fields are trimmed, and
//! blank lines (empty, or spaces only) are skipped. Every field after the
//! header must be a number.
//!
//! [`CsvFormat::sniff`] guesses the delimiter and whether the first line is
//! a header, for a file whose format is not known (the command line does
//! this unless told).

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

/// How a CSV file is laid out: its delimiter and whether its first record
/// is a header. [`CsvFormat::sniff`] guesses both from the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CsvFormat {
    /// The byte between fields (ASCII).
    pub delimiter: u8,
    /// Whether the first record holds the column names.
    pub has_header: bool,
}

/// The delimiters [`CsvFormat::sniff`] chooses among, in order of
/// preference.
pub const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

impl CsvFormat {
    /// Guesses the format of a CSV text from its first 20 records:
    ///
    /// - the delimiter is the first of [`DELIMITERS`] that splits every one
    ///   of them into the same number of fields, more than one (`,` when
    ///   none does);
    /// - the first record is a header when one of its fields is not a
    ///   number (a header of numbers only, such as years, is not
    ///   recognised: say so with `has_header: true`).
    ///
    /// ```
    /// use scalargrad::data::CsvFormat;
    ///
    /// let f = CsvFormat::sniff(b"\xEF\xBB\xBFheight;weight;label\n1,8;80;1\n1,6;55;0\n");
    /// assert_eq!(f, CsvFormat { delimiter: b';', has_header: true });
    /// let f = CsvFormat::sniff(b"0.5\t1.5\t1\r2\t3\t0\r");
    /// assert_eq!(f, CsvFormat { delimiter: b'\t', has_header: false });
    /// ```
    pub fn sniff(bytes: &[u8]) -> CsvFormat {
        let delimiter = DELIMITERS
            .iter()
            .copied()
            .find(|&d| {
                let records = sample(bytes, d);
                let width = records.first().map_or(0, Vec::len);
                width > 1 && records.iter().all(|r| r.len() == width)
            })
            .unwrap_or(b',');
        CsvFormat::sniff_header(bytes, delimiter)
    }

    /// The format with this delimiter, and a header guessed as
    /// [`sniff`](CsvFormat::sniff) does.
    ///
    /// # Panics
    /// If `delimiter` is not an ASCII byte.
    #[track_caller]
    pub fn sniff_header(bytes: &[u8], delimiter: u8) -> CsvFormat {
        check_delimiter(delimiter, "CsvFormat::sniff_header");
        let has_header = sample(bytes, delimiter)
            .first()
            .is_some_and(|first| first.iter().any(|f| f.parse::<f64>().is_err()));
        CsvFormat {
            delimiter,
            has_header,
        }
    }

    /// [`sniff`](CsvFormat::sniff) (or, given a delimiter,
    /// [`sniff_header`](CsvFormat::sniff_header)) on the first 64 KiB of a
    /// file.
    ///
    /// # Errors
    /// [`Error::Io`] if the file cannot be read.
    ///
    /// # Panics
    /// If `delimiter` is not an ASCII byte.
    #[track_caller]
    pub fn sniff_file(path: impl AsRef<Path>, delimiter: Option<u8>) -> Result<CsvFormat> {
        use std::io::Read;
        const START: usize = 64 * 1024;
        let path = path.as_ref();
        let io = |source| crate::files::io_error(path, source);
        let mut start = Vec::new();
        std::fs::File::open(path)
            .map_err(io)?
            .take(START as u64)
            .read_to_end(&mut start)
            .map_err(io)?;
        if start.len() == START {
            // Only whole lines: a cut record would have too few fields.
            let end = start
                .iter()
                .rposition(|&b| b == b'\n' || b == b'\r')
                .unwrap_or(start.len());
            start.truncate(end);
        }
        Ok(match delimiter {
            Some(d) => CsvFormat::sniff_header(&start, d),
            None => CsvFormat::sniff(&start),
        })
    }

    /// The delimiter as a person would write it: `,`, `;`, `tab`, …
    pub fn delimiter_name(&self) -> String {
        match self.delimiter {
            b'\t' => "tab".to_string(),
            b' ' => "space".to_string(),
            d => char::from(d).to_string(),
        }
    }
}

/// The first 20 records that are not blank, as trimmed fields.
fn sample(bytes: &[u8], delimiter: u8) -> Vec<Vec<String>> {
    ::csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .trim(::csv::Trim::All)
        .from_reader(bytes)
        .records()
        .map_while(|r| r.ok())
        .filter(|r| !is_blank(r))
        .take(20)
        .map(|r| r.iter().map(str::to_string).collect())
        .collect()
}

/// A table of numbers read from a CSV file: what [`read_csv`] builds a
/// dataset from, and what `scalargrad predict --csv` predicts.
#[derive(Clone, Debug, PartialEq)]
pub struct CsvTable {
    /// The column names, if the file has a header.
    pub header: Option<Vec<String>>,
    /// One row of numbers per record, all of the same length.
    pub rows: Vec<Vec<f64>>,
    /// The line each row starts on, counting from 1 (blank lines count).
    pub lines: Vec<u64>,
}

/// Reads a table of finite numbers from a CSV file in the given format;
/// see [`parse_csv_table`].
///
/// # Errors
/// [`Error::Io`] if the file cannot be read, and every error of
/// [`parse_csv_table`].
///
/// # Panics
/// If `format.delimiter` is not an ASCII byte.
#[track_caller]
pub fn read_csv_table(path: impl AsRef<Path>, format: CsvFormat) -> Result<CsvTable> {
    check_delimiter(format.delimiter, "data::read_csv_table");
    let path = path.as_ref();
    let bytes = std::fs::read(path).map_err(|source| crate::files::io_error(path, source))?;
    parse_csv_table(&bytes, path, format)
}

/// Parses a table of finite numbers; `path` only labels the errors.
///
/// ```
/// use std::path::Path;
/// use scalargrad::data::{parse_csv_table, CsvFormat};
///
/// let text = "a;b\r\n\"1\";-2.5\r\n\r\n3;4e2\r\n";
/// let format = CsvFormat { delimiter: b';', has_header: true };
/// let table = parse_csv_table(text.as_bytes(), Path::new("t.csv"), format)?;
/// assert_eq!(table.header, Some(vec!["a".to_string(), "b".to_string()]));
/// assert_eq!(table.rows, [[1.0, -2.5], [3.0, 400.0]]);
/// assert_eq!(table.lines, [2, 4]);
///
/// let err = parse_csv_table(b"a,b\n1,x\0\n", Path::new("t.csv"), CsvFormat { delimiter: b',', has_header: true })
///     .unwrap_err();
/// assert_eq!(err.to_string(), r#"t.csv:2:2: cannot read "x\0" as a number"#);
/// # Ok::<(), scalargrad::Error>(())
/// ```
///
/// # Errors
/// Lines count from 1 and are those of the file; columns are field
/// numbers, counting from 1.
/// - [`Error::Parse`] with line and column: a field that is not a number,
///   is empty or is not finite (the field is shown with its invisible
///   characters escaped: a NUL byte as `\0`), or is not valid UTF-8.
/// - [`Error::Parse`] with a line: a record whose number of fields differs
///   from the first one's (`expected 3 fields, found 2`).
/// - [`Error::Io`]: reading failed.
///
/// # Panics
/// If `format.delimiter` is not an ASCII byte.
#[track_caller]
pub fn parse_csv_table(bytes: &[u8], path: &Path, format: CsvFormat) -> Result<CsvTable> {
    check_delimiter(format.delimiter, "data::parse_csv_table");
    let parse_error = |line: u64, column: Option<usize>, message: String| Error::Parse {
        path: path.to_path_buf(),
        line: line as usize,
        column,
        message,
    };
    let csv_error = |e: ::csv::Error| {
        let line = e.position().map_or(0, ::csv::Position::line);
        match e.into_kind() {
            ::csv::ErrorKind::Io(source) => Error::Io {
                path: path.to_path_buf(),
                source,
            },
            ::csv::ErrorKind::Utf8 { err, .. } => parse_error(
                line,
                Some(err.field() + 1),
                format!(
                    "the field is not valid UTF-8 (from its byte {} on)",
                    err.valid_up_to() + 1
                ),
            ),
            other => parse_error(line, None, format!("{other:?}")),
        }
    };
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(format.delimiter)
        .has_headers(false)
        // Record lengths are checked below, so that a line of spaces can be
        // skipped as blank rather than refused as a record of one field.
        .flexible(true)
        .trim(::csv::Trim::All)
        .from_reader(bytes);
    let mut lines_so_far = LineCounter::default();
    let mut header = None;
    let mut width = None;
    let (mut rows, mut lines) = (Vec::new(), Vec::new());
    let mut record = ::csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(csv_error(e)),
        }
        if is_blank(&record) {
            continue;
        }
        let start = record.position().map_or(0, |p| p.byte() as usize);
        let line = lines_so_far.line_of(bytes, start);
        let expected = *width.get_or_insert(record.len());
        if record.len() != expected {
            return Err(parse_error(
                line,
                None,
                format!("expected {expected} fields, found {}", record.len()),
            ));
        }
        if format.has_header && header.is_none() {
            header = Some(record.iter().map(str::to_string).collect());
            continue;
        }
        let row = record
            .iter()
            .enumerate()
            .map(|(j, field)| number(field).map_err(|m| parse_error(line, Some(j + 1), m)))
            .collect::<Result<Vec<f64>>>()?;
        rows.push(row);
        lines.push(line);
    }
    Ok(CsvTable {
        header,
        rows,
        lines,
    })
}

/// The line a record starts on, from its byte offset, counting `\n`,
/// `\r\n` and a lone `\r` (the `csv` crate's own count includes the blank
/// lines before a record and ignores a lone `\r`). Offsets only grow, so
/// the whole file is counted once.
#[derive(Default)]
struct LineCounter {
    offset: usize,
    line: u64,
}

impl LineCounter {
    fn line_of(&mut self, bytes: &[u8], start: usize) -> u64 {
        let mut i = self.offset;
        let mut line = self.line;
        // Up to the record's first byte that is not a line ending.
        let mut first = start.min(bytes.len());
        while first < bytes.len() && (bytes[first] == b'\n' || bytes[first] == b'\r') {
            first += 1;
        }
        while i < first {
            match bytes[i] {
                b'\n' => line += 1,
                b'\r' if bytes.get(i + 1) != Some(&b'\n') => line += 1,
                _ => {}
            }
            i += 1;
        }
        self.offset = first;
        self.line = line;
        line + 1
    }
}

/// A record of one empty field: a blank line, or one of spaces.
fn is_blank(record: &::csv::StringRecord) -> bool {
    record.len() == 1 && record[0].is_empty()
}

/// Reads a numeric table from a CSV file; see [`parse_csv`] for the format
/// and the errors. The dataset is named after the file's stem (`"moons"` for
/// `data/moons.csv`).
///
/// # Errors
/// [`Error::Io`] if the file cannot be read, and every error of
/// [`parse_csv`].
///
/// # Panics
/// If `options.delimiter` is not an ASCII byte.
#[track_caller]
pub fn read_csv(path: impl AsRef<Path>, options: &CsvOptions) -> Result<Dataset> {
    check_delimiter(options.delimiter, "data::read_csv");
    let path = path.as_ref();
    let bytes = std::fs::read(path).map_err(|source| crate::files::io_error(path, source))?;
    dataset(&bytes, path, options)
}

/// Parses a numeric table; `path` only labels the errors and names the
/// dataset (after its stem). The table is read by [`parse_csv_table`]
/// (quoting, a byte-order mark, `\n`, `\r\n` or `\r` line endings, blank
/// lines skipped).
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
/// Every error of [`parse_csv_table`], and:
/// - [`Error::Parse`] with line and column: a class label that is not a
///   whole number.
/// - [`Error::Invalid`]: no rows, fewer than two columns, or a target column
///   that does not exist (the message lists the columns there are).
///
/// # Panics
/// If `options.delimiter` is not an ASCII byte.
#[track_caller]
pub fn parse_csv(text: &str, path: &Path, options: &CsvOptions) -> Result<Dataset> {
    check_delimiter(options.delimiter, "data::parse_csv");
    dataset(text.as_bytes(), path, options)
}

/// The dataset in `bytes`, read as `options` say.
fn dataset(bytes: &[u8], path: &Path, options: &CsvOptions) -> Result<Dataset> {
    let parse_error = |line: u64, column: Option<usize>, message: String| Error::Parse {
        path: path.to_path_buf(),
        line: line as usize,
        column,
        message,
    };
    let invalid = |message: String| Error::Invalid {
        path: path.to_path_buf(),
        message,
    };
    let format = CsvFormat {
        delimiter: options.delimiter,
        has_header: options.has_header,
    };
    let table = parse_csv_table(bytes, path, format)?;
    let header = table.header;
    if options.has_header && header.is_none() {
        return Err(invalid("the table is empty: no header and no rows".into()));
    }
    let n_columns = match (&header, table.rows.first()) {
        (Some(names), _) => names.len(),
        (None, Some(row)) => row.len(),
        (None, None) => return Err(invalid("the table is empty: no rows".into())),
    };
    if table.rows.is_empty() {
        return Err(invalid("the table has a header but no rows".into()));
    }
    if n_columns < 2 {
        return Err(invalid(format!(
            "the table has {n_columns} column; it needs at least one feature column and the target"
        )));
    }

    let describe_columns = || match &header {
        Some(names) => format!(
            "the columns are {}",
            crate::escape_controls(&names.join(", "))
        ),
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
                    "no column named \"{}\"; {}",
                    crate::escape_controls(name),
                    describe_columns()
                ))
            })?,
            None => {
                return Err(invalid(format!(
                    "the target column is named \"{}\" but the options say the table has no \
                     header; use TargetColumn::Index",
                    crate::escape_controls(name)
                )))
            }
        },
    };

    let mut x = Vec::with_capacity(table.rows.len());
    // (line, value) of each target, kept to report a bad class label.
    let mut targets = Vec::with_capacity(table.rows.len());
    for (mut row, &line) in table.rows.into_iter().zip(&table.lines) {
        targets.push((line, row.remove(target)));
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

/// A finite number, or the message of a parse error (the field shown with
/// its invisible characters escaped).
fn number(field: &str) -> Result<f64, String> {
    if field.is_empty() {
        return Err("empty field where a number was expected".into());
    }
    match field.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        Ok(_) => Err(format!(
            "cannot use \"{}\": only finite numbers are allowed",
            field.escape_debug()
        )),
        Err(_) => Err(format!(
            "cannot read \"{}\" as a number",
            field.escape_debug()
        )),
    }
}

/// Panics unless the delimiter is an ASCII byte.
#[track_caller]
fn check_delimiter(delimiter: u8, call: &str) {
    if !delimiter.is_ascii() {
        misuse!(
            call,
            "the delimiter must be an ASCII byte, got 0x{:02X}",
            delimiter
        );
    }
}
