//! Model files as a careful user meets them: hand-edited fields refused by
//! name before anything is allocated, saves that replace a file all or
//! nothing (and only with a file that loads), targets that are not regular
//! files, symbolic links, and messages that name the part of a path at
//! fault.

use std::path::{Path, PathBuf};
use std::process::Command;

use rand::rngs::StdRng;
use rand::SeedableRng;
use scalargrad::data::Standardizer;
use scalargrad::loss::Objective;
use scalargrad::model::{self, ModelInfo};
use scalargrad::nn::{Activation, Mlp};
use scalargrad::{Error, Graph};

fn temp_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("scalargrad-model-{tag}-{}", std::process::id()));
    std::fs::remove_dir_all(&dir).ok();
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A valid model file: 2 inputs → 2 (tanh) → 1, binary cross-entropy,
/// standardized, labels -1/+1.
const VALID: &str = r#"{
  "format": "scalargrad-mlp",
  "version": 1,
  "n_inputs": 2,
  "layers": [
    {"size": 2, "activation": "tanh", "bias": true},
    {"size": 1, "activation": "linear", "bias": true}
  ],
  "parameters": [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9],
  "objective": "binary_cross_entropy",
  "standardizer": {"mean": [0.5, -0.5], "std": [1.0, 2.0]},
  "class_values": [-1.0, 1.0],
  "feature_names": ["a", "b"]
}"#;

fn load_text(dir: &Path, text: &str) -> Result<(), Error> {
    let path = dir.join("model.json");
    std::fs::write(&path, text).unwrap();
    let g = Graph::new();
    model::load(&g, &path).map(|_| ())
}

#[test]
fn every_field_of_a_hand_edited_model_is_checked_and_named() {
    let dir = temp_dir("fields");
    load_text(&dir, VALID).expect("the valid file loads");
    let cases: &[(&str, &str, &str)] = &[
        // A size that would wrap the parameter count, or allocate without end.
        (r#""size": 2, "activation": "tanh""#, r#""size": 9223372036854775808, "activation": "tanh""#, "layers[0].size: the network would have more parameters than can be counted"),
        (r#""size": 2, "activation": "tanh""#, r#""size": 18446744073709551615, "activation": "tanh""#, "layers[0].size: the network would have more parameters than can be counted"),
        (r#""n_inputs": 2"#, r#""n_inputs": 18446744073709551615"#, "layers[0].size: the network would have more parameters than can be counted"),
        (r#""size": 2, "activation": "tanh""#, r#""size": 100000000, "activation": "tanh""#, "parameters: the architecture has 400000001 parameters but the file holds 9"),
        (r#""size": 2, "activation": "tanh""#, r#""size": 0, "activation": "tanh""#, "layers[0].size: a layer needs at least one unit"),
        (r#""size": 2, "activation": "tanh""#, r#""size": -2, "activation": "tanh""#, "layers[0].size: invalid value: integer `-2`, expected usize"),
        (r#""size": 2, "activation": "tanh""#, r#""size": 2.5, "activation": "tanh""#, "layers[0].size: invalid type: floating point `2.5`, expected usize"),
        (r#""n_inputs": 2"#, r#""n_inputs": 0"#, "n_inputs: the network needs at least one input"),
        (r#""version": 1"#, r#""version": 2"#, "version: model file version 2 is not supported"),
        (r#""format": "scalargrad-mlp""#, r#""format": "other""#, "not a scalargrad model file"),
        // Activation parameters that are not finite numbers.
        (r#""activation": "tanh""#, r#""activation": "elu(inf)""#, "layers[0].activation: activation \"elu(inf)\": the parameter is inf; give a finite number"),
        (r#""activation": "tanh""#, r#""activation": "swish(nan)""#, "layers[0].activation: activation \"swish(nan)\": the parameter is NaN"),
        (r#""activation": "tanh""#, r#""activation": "elu(1e999)""#, "layers[0].activation: activation \"elu(1e999)\": the parameter is inf"),
        (r#""activation": "tanh""#, r#""activation": "wobble""#, "layers[0].activation: unknown activation \"wobble\""),
        // Parameters.
        ("0.8, 0.9]", "0.8]", "parameters: the architecture has 9 parameters but the file holds 8"),
        ("0.8, 0.9]", "0.8, 1e400]", "parameters[8]: number out of range"),
        ("0.8, 0.9]", "0.8, null]", "parameters[8]: invalid type: null, expected f64"),
        // An objective that does not match the outputs.
        (r#""objective": "binary_cross_entropy""#, r#""objective": "mse", "class_values_": 1"#, "unknown field `class_values_`"),
        (r#""size": 1, "activation": "linear""#, r#""size": 3, "activation": "linear""#, "parameters: the architecture has 15 parameters"),
        (r#""objective": "binary_cross_entropy""#, r#""objective": "softmax_cross_entropy""#, "class_values: 2 values for 1 classes"),
        // A JSON escape that decodes to a line break, quoted back in the
        // message (found by the mutation test): shown escaped, on one line.
        (r#""objective": "binary_cross_entropy""#, r#""objective": "binary_cross_\ntropy""#, r#"unknown variant `binary_cross_\ntropy`"#),
        (r#""objective": "binary_cross_entropy""#, r#""objective": "logistic""#, "objective: unknown variant `logistic`"),
        // Class values.
        ("[-1.0, 1.0]", "[-1.0, 0.0, 1.0]", "class_values: 3 values for 2 classes"),
        ("[-1.0, 1.0]", "[1.0, -1.0]", "class_values[1]: the class values must be in ascending order, each once"),
        ("[-1.0, 1.0]", "[1.0, 1.0]", "class_values[1]: the class values must be in ascending order"),
        // The standardizer.
        (r#""std": [1.0, 2.0]"#, r#""std": [1.0, 0.0]"#, "standardizer.std[1]: a standard deviation must be a positive finite number, got 0"),
        (r#""std": [1.0, 2.0]"#, r#""std": [-1.0, 2.0]"#, "standardizer.std[0]: a standard deviation must be a positive finite number, got -1"),
        (r#""std": [1.0, 2.0]"#, r#""std": [1.0, null]"#, "standardizer.std[1]: invalid type: null, expected f64"),
        (r#""std": [1.0, 2.0]"#, r#""std": [1.0]"#, "standardizer.std: 1 values for 2 inputs"),
        (r#""mean": [0.5, -0.5]"#, r#""mean": [0.5, -0.5, 0]"#, "standardizer.mean: 3 values for 2 inputs"),
        (r#""feature_names": ["a", "b"]"#, r#""feature_names": ["a"]"#, "feature_names: 1 names for 2 inputs"),
    ];
    // A byte that is not UTF-8 (a damaged disk): the line and column.
    let path = dir.join("model.json");
    let mut bytes = VALID.as_bytes().to_vec();
    let at = VALID.find("tanh").unwrap() + 2;
    bytes[at] = 0xff;
    std::fs::write(&path, &bytes).unwrap();
    let err = model::load(&Graph::new(), &path).unwrap_err();
    assert!(matches!(err, Error::Parse { line: 6, .. }), "{err:?}");
    for (from, to, message) in cases {
        assert!(VALID.contains(from), "{from}");
        let text = VALID.replacen(from, to, 1);
        let err = load_text(&dir, &text).expect_err(to);
        let shown = err.to_string();
        assert!(
            shown.starts_with(&dir.join("model.json").display().to_string()),
            "{to}: the file is named: {shown}"
        );
        assert!(
            shown.contains(message),
            "{to}: expected {message:?} in {shown}"
        );
        assert_eq!(shown.lines().count(), 1, "{shown}");
    }
    std::fs::remove_dir_all(dir).ok();
}

fn network(g: &Graph) -> Mlp<'_> {
    Mlp::new(
        g,
        2,
        &[3, 1],
        Activation::Tanh,
        &mut StdRng::seed_from_u64(1),
    )
}

#[test]
fn save_never_writes_what_load_would_refuse() {
    let dir = temp_dir("refuse");
    let g = Graph::new();
    let mlp = network(&g);
    let path = dir.join("model.json");
    std::fs::write(&path, "the old file").unwrap();
    let scaler = |mean: Vec<f64>, std: Vec<f64>| Some(Standardizer { mean, std });
    let bad = [
        (
            ModelInfo {
                standardizer: scaler(vec![0.0, 0.0], vec![1.0, f64::INFINITY]),
                ..ModelInfo::default()
            },
            "standardizer.std[1]: a standard deviation must be a positive finite number, got inf",
        ),
        (
            ModelInfo {
                standardizer: scaler(vec![0.0], vec![1.0]),
                ..ModelInfo::default()
            },
            "standardizer.mean: 1 values for 2 inputs",
        ),
        (
            ModelInfo {
                objective: Some(Objective::BinaryCrossEntropy),
                class_values: vec![0.0, 1.0, 2.0],
                ..ModelInfo::default()
            },
            "class_values: 3 values for 2 classes",
        ),
    ];
    for (info, message) in bad {
        let err = model::save(&mlp, &info, &path).unwrap_err();
        assert!(
            err.to_string()
                .ends_with(&format!("cannot save this model: {message}")),
            "{err}"
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "the old file");
    }
    assert_eq!(
        std::fs::read_dir(&dir).unwrap().count(),
        1,
        "no temporary file left"
    );
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn a_killed_save_leaves_one_temporary_file_that_the_next_save_reuses() {
    let dir = temp_dir("killed");
    let g = Graph::new();
    let mlp = network(&g);
    let path = dir.join("model.json");
    // What a save killed half-way leaves: the temporary file, half written.
    std::fs::write(dir.join(".model.json.tmp"), "{\"format\": \"scalarg").unwrap();
    model::save(&mlp, &ModelInfo::default(), &path).unwrap();
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["model.json"]);
    // Saved again and again: never more than the one file.
    for _ in 0..3 {
        model::save(&mlp, &ModelInfo::default(), &path).unwrap();
    }
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
    let g2 = Graph::new();
    let (loaded, _) = model::load(&g2, &path).unwrap();
    assert_eq!(loaded.parameter_values(), mlp.parameter_values());
    std::fs::remove_dir_all(dir).ok();
}

#[test]
#[cfg(unix)]
fn targets_that_are_not_regular_files_are_refused_and_links_are_followed() {
    let dir = temp_dir("targets");
    let g = Graph::new();
    let mlp = network(&g);
    let info = ModelInfo::default();
    let save = |path: &Path| model::save(&mlp, &info, path).map_err(|e| e.to_string());

    // A folder, written with or without its slash.
    std::fs::create_dir(dir.join("adir")).unwrap();
    let err = save(&dir.join("adir")).unwrap_err();
    assert!(
        err.ends_with("adir: is a folder; give a file name"),
        "{err}"
    );
    let err = save(Path::new(&format!("{}/", dir.join("adir").display()))).unwrap_err();
    assert!(
        err.ends_with("adir/: is a folder; give a file name"),
        "{err}"
    );
    // A device: never replaced, whoever runs the program.
    let err = save(Path::new("/dev/null")).unwrap_err();
    assert_eq!(
        err,
        "/dev/null: is not a regular file (a folder, a device, a pipe, …); refusing to replace it"
    );
    // A named pipe.
    let fifo = dir.join("fifo");
    if Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success())
    {
        let err = save(&fifo).unwrap_err();
        assert!(err.contains("is not a regular file"), "{err}");
    }
    // A link to a file: followed; the file is replaced, the link stays.
    let real = dir.join("real.json");
    std::fs::write(&real, "old").unwrap();
    let link = dir.join("link.json");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    save(&link).unwrap();
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(std::fs::read_to_string(&real)
        .unwrap()
        .contains("scalargrad-mlp"));
    // A link to a folder, or to nothing: refused.
    let to_dir = dir.join("to-dir");
    std::os::unix::fs::symlink(dir.join("adir"), &to_dir).unwrap();
    assert!(save(&to_dir).unwrap_err().contains("is a folder"));
    let dangling = dir.join("dangling.json");
    std::os::unix::fs::symlink(dir.join("nowhere/x.json"), &dangling).unwrap();
    let err = save(&dangling).unwrap_err();
    assert!(
        err.contains("is a symbolic link to") && err.ends_with("which does not exist"),
        "{err}"
    );
    // A file where a folder should be: named.
    std::fs::write(dir.join("afile"), "").unwrap();
    let err = save(&dir.join("afile/sub/model.json")).unwrap_err();
    assert!(err.ends_with("afile` is a file, not a folder"), "{err}");
    std::fs::remove_dir_all(dir).ok();
}

fn scalargrad(dir: &Path, args: &[&str]) -> (i32, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_scalargrad"))
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn the_command_line_says_which_part_of_a_path_is_the_problem() {
    let dir = temp_dir("cli-paths");
    std::fs::write(dir.join("afile"), "").unwrap();
    std::fs::create_dir(dir.join("adir")).unwrap();
    let train = ["train", "--samples", "40", "--epochs", "1", "--quiet"];
    let with =
        |extra: &[&'static str]| -> Vec<&str> { train.iter().chain(extra).copied().collect() };
    // Without the `plot` feature, `--plots` is refused before its path is
    // looked at.
    let plots = if cfg!(feature = "plot") {
        "scalargrad: error: afile: is a file, not a folder\n"
    } else {
        "scalargrad: error: --plots: this build has no `plot` feature\n"
    };
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (with(&["--plots", "afile"]), plots),
        (vec!["dot", "x", "x=1", "-o", "afile/g.svg"], "scalargrad: error: afile: is a file, not a folder\n"),
        (vec!["dot", "x", "x=1", "-o", "afile/deeper/g.svg"], "scalargrad: error: afile/deeper: `afile` is a file, not a folder\n"),
        (with(&["--save", "adir/"]), "scalargrad: error: adir/: is a folder; give a file name\n"),
        (with(&["--save", "afile/m.json"]), "scalargrad: error: afile: is a file, not a folder\n"),
        (with(&["--save", "/dev/full"]), "scalargrad: error: /dev/full: is not a regular file (a folder, a device, a pipe, …); refusing to replace it\n"),
    ];
    for (args, message) in cases {
        let (code, err) = scalargrad(&dir, &args);
        assert_eq!((code, err.as_str()), (2, message), "{args:?}");
    }
    assert!(Path::new("/dev/full").exists());
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn a_model_trained_on_features_of_1e200_saves_and_predicts() {
    // The standard deviation of ±1e200 used to be ∞: the feature was zeroed
    // and saved as "std": [null, …], which predict could not load.
    let dir = temp_dir("huge-feature");
    let mut csv = String::from("big,small,label\n");
    for k in 0..40 {
        let sign = if k % 2 == 0 { 1.0 } else { -1.0 };
        csv.push_str(&format!("{},{},{}\n", sign * 1e200, k as f64 / 40.0, k % 2));
    }
    std::fs::write(dir.join("huge.csv"), csv).unwrap();
    let (code, err) = scalargrad(
        &dir,
        &[
            "train", "--data", "huge.csv", "--epochs", "20", "--layers", "4", "--quiet", "--save",
            "m.json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(dir.join("m.json")).unwrap();
    assert!(!text.contains("null"), "{text}");
    let o = Command::new(env!("CARGO_BIN_EXE_scalargrad"))
        .current_dir(&dir)
        .args(["predict", "m.json", "1e200", "0.5", "--json"])
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let answer: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    // Label 0 goes with +1e200 (even k), and the network has learned it.
    assert_eq!(answer[0]["class"], 0.0, "{answer}");
    std::fs::remove_dir_all(dir).ok();
}
