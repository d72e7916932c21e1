//! Mutated model files and CSV files: never a panic, always either a result
//! that holds together or an error naming the file and the field or line.
//!
//! A model file that loads must also predict: every class has a label, the
//! standardizer fits the inputs, and nothing divides by zero. A CSV file
//! that reads must give rows of finite numbers of one width.

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use proptest::test_runner::Config;
use rand::rngs::StdRng;
use rand::SeedableRng;
use scalargrad::data::{self, CsvFormat, CsvOptions, Standardizer};
use scalargrad::model::{self, ModelInfo};
use scalargrad::nn::{Activation, Mlp};
use scalargrad::train::{self, Objective};
use scalargrad::{Error, Graph};
use serde_json::Value as Json;

/// Removes a folder when dropped.
struct RemoveOnDrop(PathBuf);

impl Drop for RemoveOnDrop {
    fn drop(&mut self) {
        std::fs::remove_dir_all(&self.0).ok();
    }
}

fn temp_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("scalargrad-mutated-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A model file as `train --save` writes it, as JSON (saved once: two
/// saves to one file at the same time are not supported).
fn valid_model() -> Json {
    static MODEL: std::sync::OnceLock<Json> = std::sync::OnceLock::new();
    MODEL.get_or_init(saved_model).clone()
}

fn saved_model() -> Json {
    let g = Graph::new();
    let mlp = Mlp::new(
        &g,
        2,
        &[3, 2],
        Activation::PRELU,
        &mut StdRng::seed_from_u64(3),
    );
    let info = ModelInfo {
        objective: Some(Objective::SoftmaxCrossEntropy),
        standardizer: Some(Standardizer {
            mean: vec![0.5, -1.0],
            std: vec![2.0, 0.25],
        }),
        class_values: vec![-1.0, 1.0],
        feature_names: vec!["a".into(), "b".into()],
    };
    let dir = temp_dir("seed");
    let _cleanup = RemoveOnDrop(dir.clone());
    let path = dir.join("model.json");
    model::save(&mlp, &info, &path).unwrap();
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

/// Values a hand edit may put anywhere.
fn json_value() -> impl Strategy<Value = Json> {
    prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::from),
        any::<i64>().prop_map(Json::from),
        any::<u64>().prop_map(Json::from),
        prop::num::f64::NORMAL.prop_map(Json::from),
        Just(Json::from(9223372036854775808u64)),
        Just(Json::from(u64::MAX)),
        Just(Json::from(0)),
        Just(Json::from(-1)),
        Just(Json::from(0.5)),
        Just(Json::from(1e300)),
        Just(Json::from("NaN")),
        Just(Json::from("elu(inf)")),
        Just(Json::from("swish(-1e400)")),
        Just(Json::from("softmax_cross_entropy")),
        Just(Json::from("mse")),
        Just(Json::from("prelu(0.25)")),
        "[a-z_()0-9.]{0,10}".prop_map(Json::from),
        Just(Json::Array(vec![])),
        Just(serde_json::json!([1.0, 2.0, 3.0])),
        Just(serde_json::json!({"size": 1, "activation": "linear", "bias": true})),
    ]
}

/// One edit at the node reached by `path` (indices into objects' keys and
/// arrays' items, taken modulo their length).
#[derive(Clone, Debug)]
enum Edit {
    Replace(Vec<usize>, Json),
    Remove(Vec<usize>),
    Duplicate(Vec<usize>),
    Insert(Vec<usize>, String, Json),
}

fn edit_strategy() -> impl Strategy<Value = Edit> {
    let path = prop::collection::vec(any::<usize>(), 0..4);
    prop_oneof![
        (path.clone(), json_value()).prop_map(|(p, v)| Edit::Replace(p, v)),
        path.clone().prop_map(Edit::Remove),
        path.clone().prop_map(Edit::Duplicate),
        (path, "[a-z_]{1,12}", json_value()).prop_map(|(p, k, v)| Edit::Insert(p, k, v)),
    ]
}

/// The parent of the node `path` leads to, and the node's place in it.
fn walk<'a>(root: &'a mut Json, path: &[usize]) -> Option<(&'a mut Json, usize)> {
    let (&last, rest) = path.split_last()?;
    let mut node = root;
    for &step in rest {
        let key: Option<Json> = match &*node {
            Json::Object(map) if !map.is_empty() => Some(Json::from(
                map.keys().nth(step % map.len()).unwrap().clone(),
            )),
            Json::Array(items) if !items.is_empty() => Some(Json::from(step % items.len())),
            _ => None,
        };
        node = match key {
            Some(Json::String(k)) => node.get_mut(k.as_str()).unwrap(),
            Some(i) => node.get_mut(i.as_u64().unwrap() as usize).unwrap(),
            None => break,
        };
    }
    Some((node, last))
}

fn apply(root: &mut Json, edit: &Edit) {
    match edit {
        Edit::Replace(path, value) => match walk(root, path) {
            Some((Json::Object(map), i)) if !map.is_empty() => {
                let key = map.keys().nth(i % map.len()).unwrap().clone();
                map.insert(key, value.clone());
            }
            Some((Json::Array(items), i)) if !items.is_empty() => {
                let n = items.len();
                items[i % n] = value.clone();
            }
            _ => {}
        },
        Edit::Remove(path) => match walk(root, path) {
            Some((Json::Object(map), i)) if !map.is_empty() => {
                let key = map.keys().nth(i % map.len()).unwrap().clone();
                map.remove(&key);
            }
            Some((Json::Array(items), i)) if !items.is_empty() => {
                let n = items.len();
                items.remove(i % n);
            }
            _ => {}
        },
        Edit::Duplicate(path) => {
            if let Some((Json::Array(items), i)) = walk(root, path) {
                if !items.is_empty() {
                    let n = items.len();
                    let copy = items[i % n].clone();
                    items.insert(i % n, copy);
                }
            }
        }
        Edit::Insert(path, key, value) => {
            if let Some((Json::Object(map), _)) = walk(root, path) {
                map.insert(key.clone(), value.clone());
            }
        }
    }
}

/// Loads `text` as a model file; a model that loads must predict.
fn load_and_use(dir: &Path, text: &[u8]) -> Result<(), TestCaseError> {
    let path = dir.join("model.json");
    std::fs::write(&path, text).unwrap();
    let _cleanup = RemoveOnDrop(dir.to_path_buf());
    let g = Graph::new();
    match model::load(&g, &path) {
        Ok((mlp, info)) => {
            let input = vec![0.25; mlp.n_inputs()];
            let input = match &info.standardizer {
                Some(s) => s.transform_row(&input),
                None => input,
            };
            prop_assert!(input.iter().all(|v| v.is_finite()), "{input:?}");
            let outputs = train::predict(&mlp, &input);
            if let Some(objective) = info.objective {
                if objective.is_classification() {
                    let k = objective.predict_class(&outputs);
                    prop_assert!(
                        info.class_values.is_empty() || k < info.class_values.len(),
                        "class {k} has no label in {:?}",
                        info.class_values
                    );
                    if let Some(p) = objective.probabilities(&outputs) {
                        prop_assert!(p.iter().all(|p| p.is_finite()), "{p:?}");
                    }
                }
            }
        }
        Err(e) => {
            let shown = e.to_string();
            let file = path.display().to_string();
            prop_assert!(shown.starts_with(&file), "names the file: {shown}");
            prop_assert_eq!(shown.lines().count(), 1, "{}", shown);
            // The line (a parse error) or the field (anything else).
            let located = match &e {
                Error::Parse { line, .. } => *line > 0,
                Error::Invalid { message, .. } => {
                    message.contains(':') || message.starts_with("not a scalargrad model")
                }
                // The file is there: reading it never fails, and a byte
                // that is not UTF-8 is a parse error with its line.
                _ => false,
            };
            prop_assert!(located, "names the field or the line: {shown}");
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(Config { cases: 3_000, ..Config::default() })]

    #[test]
    fn mutated_model_files_load_and_predict_or_name_the_field(
        edits in prop::collection::vec(edit_strategy(), 1..4),
    ) {
        let dir = temp_dir("model");
        let mut model = valid_model();
        for edit in &edits {
            apply(&mut model, edit);
        }
        load_and_use(&dir, serde_json::to_string_pretty(&model).unwrap().as_bytes())?;
    }

    #[test]
    fn damaged_model_files_name_the_line(
        cut in any::<usize>(),
        flips in prop::collection::vec((any::<usize>(), any::<u8>()), 0..4),
    ) {
        // Truncated (a killed writer) and with bytes overwritten.
        let dir = temp_dir("damaged");
        let mut bytes = serde_json::to_string_pretty(&valid_model()).unwrap().into_bytes();
        bytes.truncate(cut % (bytes.len() + 1));
        for (at, byte) in flips {
            if !bytes.is_empty() {
                let n = bytes.len();
                bytes[at % n] = byte;
            }
        }
        load_and_use(&dir, &bytes)?;
    }
}

// ---------------------------------------------------------------------
// CSV files.

/// A CSV table of `rows` rows of three fields, with the given layout.
fn table(
    rows: &[(f64, f64, u8)],
    delimiter: char,
    newline: &str,
    header: bool,
    bom: bool,
) -> String {
    let mut t = String::new();
    if bom {
        t.push('\u{feff}');
    }
    if header {
        t.push_str(&format!(
            "a{delimiter}\"b{delimiter}c\"{delimiter}label{newline}"
        ));
    }
    for (a, b, label) in rows {
        t.push_str(&format!(
            "{a}{delimiter}{b}{delimiter}{}{newline}",
            label % 3
        ));
    }
    t
}

/// Bytes an edit may put into a CSV file.
const CSV_PIECES: &[&str] = &[
    ",", ";", "\t", "\"", "\"\"", "\n", "\r", "\r\n", " ", "\0", "\u{feff}", "é", "1e400", "NaN",
    "inf", "-", ".", "1.5", "x", "\u{ff}", "0",
];

fn mutate_csv(text: &str, edits: &[(u8, usize, usize)]) -> Vec<u8> {
    let mut bytes = text.as_bytes().to_vec();
    for &(kind, at, piece) in edits {
        let at = if bytes.is_empty() {
            0
        } else {
            at % (bytes.len() + 1)
        };
        match kind % 3 {
            0 => {
                let piece = CSV_PIECES[piece % CSV_PIECES.len()].as_bytes();
                bytes.splice(at..at, piece.iter().copied());
            }
            1 if at < bytes.len() => {
                bytes.remove(at);
            }
            _ => {
                if at < bytes.len() {
                    bytes[at] = piece as u8; // any byte, UTF-8 or not
                }
            }
        }
    }
    bytes
}

fn check_csv(dir: &Path, bytes: &[u8]) -> Result<(), TestCaseError> {
    let path = dir.join("table.csv");
    std::fs::write(&path, bytes).unwrap();
    let _cleanup = RemoveOnDrop(dir.to_path_buf());
    let file = path.display().to_string();
    let located = |e: &Error| -> Result<(), TestCaseError> {
        let shown = e.to_string();
        prop_assert!(shown.starts_with(&file), "names the file: {shown}");
        prop_assert_eq!(shown.lines().count(), 1, "{}", shown);
        if let Error::Parse { line, .. } = e {
            prop_assert!(*line >= 1, "{shown}");
            prop_assert!(shown.starts_with(&format!("{file}:{line}")), "{shown}");
        }
        Ok(())
    };
    // The table of numbers, in the guessed format.
    let format = CsvFormat::sniff_file(&path, None).unwrap();
    match data::read_csv_table(&path, format) {
        Ok(table) => {
            let width = table.rows.first().map(Vec::len);
            prop_assert!(table.rows.iter().all(|r| Some(r.len()) == width));
            prop_assert!(table.rows.iter().flatten().all(|v| v.is_finite()));
            prop_assert_eq!(table.rows.len(), table.lines.len());
            prop_assert!(
                table.lines.windows(2).all(|w| w[0] < w[1]),
                "{:?}",
                table.lines
            );
        }
        Err(e) => located(&e)?,
    }
    // A dataset, for classification and for regression.
    for classification in [true, false] {
        let options = CsvOptions {
            classification,
            has_header: format.has_header,
            delimiter: format.delimiter,
            ..CsvOptions::default()
        };
        match data::read_csv(&path, &options) {
            Ok(d) => {
                prop_assert!(d.x.iter().flatten().all(|v| v.is_finite()));
                if classification {
                    let _ = d.labels();
                }
                if let Ok(s) = Standardizer::try_fit(&d) {
                    let z = s.transform(&d);
                    prop_assert!(z.x.iter().flatten().all(|v| v.is_finite()), "{:?}", z.x);
                }
            }
            Err(e) => located(&e)?,
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(Config { cases: 3_000, ..Config::default() })]

    #[test]
    fn mutated_csv_files_read_or_name_the_line(
        rows in prop::collection::vec(
            (prop_oneof![prop::num::f64::NORMAL, Just(1e200), Just(-1e-300), Just(0.0)],
             prop::num::f64::NORMAL,
             any::<u8>()),
            0..8,
        ),
        delimiter in prop::sample::select(vec![',', ';', '\t', '|']),
        newline in prop::sample::select(vec!["\n", "\r\n", "\r"]),
        header in any::<bool>(),
        bom in any::<bool>(),
        edits in prop::collection::vec((any::<u8>(), any::<usize>(), any::<usize>()), 0..5),
    ) {
        let dir = temp_dir("csv");
        let text = table(&rows, delimiter, newline, header, bom);
        check_csv(&dir, &mutate_csv(&text, &edits))?;
    }
}
