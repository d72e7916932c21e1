//! From training to a prediction, as a new user goes: the rows of a
//! dataset, evaluation with the objective the training used, a model
//! saved without writing its `ModelInfo` by hand, and classes (not raw
//! outputs) from the loaded model, in the library and on the command line.

use std::panic::{self, AssertUnwindSafe};
use std::path::PathBuf;
use std::process::Command;

use scalargrad::data::{self, Dataset, MoonsConfig, Standardizer};
use scalargrad::model::{self, ModelInfo};
use scalargrad::nn::{Activation, Layer, Mlp};
use scalargrad::optim::Adam;
use scalargrad::rand::{rngs::StdRng, SeedableRng};
use scalargrad::train::{evaluate, Objective, TrainConfig, Trainer};
use scalargrad::Graph;

fn temp_file(tag: &str) -> PathBuf {
    std::env::temp_dir().join(format!(
        "scalargrad-first-hour-{tag}-{}.json",
        std::process::id()
    ))
}

#[test]
fn rows_pair_each_example_with_its_target_in_order() {
    let data = Dataset::regression(
        "line",
        vec![vec![1.0, 2.0], vec![3.0, 4.0], vec![5.0, 6.0]],
        vec![10.0, 20.0, 30.0],
    );
    let rows: Vec<(&[f64], f64)> = data.rows().collect();
    assert_eq!(
        rows,
        [
            (&[1.0, 2.0][..], 10.0),
            (&[3.0, 4.0][..], 20.0),
            (&[5.0, 6.0][..], 30.0)
        ]
    );
}

/// A binary classifier trained with the hinge loss (not the binary
/// cross-entropy that `Objective::for_data` would pick for one output).
fn trained_with_hinge(g: &Graph) -> (Mlp<'_>, Dataset, scalargrad::train::History) {
    let moons = data::moons(&MoonsConfig {
        samples: 60,
        noise: 0.1,
        seed: 3,
    });
    let mlp = Mlp::new(
        g,
        2,
        &[8, 1],
        Activation::Tanh,
        &mut StdRng::seed_from_u64(3),
    );
    let config = TrainConfig {
        epochs: 3,
        objective: Some(Objective::Hinge),
        ..TrainConfig::default()
    };
    let history = Trainer::new(&mlp, Box::new(Adam::new(0.05)), config).fit(&moons, None);
    (mlp, moons, history)
}

#[test]
fn history_evaluates_with_the_objective_trained() {
    let g = Graph::new();
    let (mlp, moons, history) = trained_with_hinge(&g);
    assert_eq!(history.objective, Objective::Hinge);
    let by_history = history.evaluate(&mlp, &moons);
    let hinge = evaluate(&mlp, &moons, Objective::Hinge);
    let cross_entropy = evaluate(&mlp, &moons, Objective::BinaryCrossEntropy);
    assert_eq!(by_history.loss, hinge.loss);
    assert_ne!(by_history.loss, cross_entropy.loss);
}

#[test]
fn a_trained_network_saves_and_predicts_classes_without_a_hand_made_info() {
    let g = Graph::new();
    let (mlp, moons, history) = trained_with_hinge(&g);
    let path = temp_file("hinge");
    model::save(&mlp, &history.model_info(&moons, None), &path).unwrap();

    let g2 = Graph::new();
    let (loaded, info) = model::load(&g2, &path).unwrap();
    assert_eq!(info.objective, Some(Objective::Hinge));
    assert_eq!(info.class_values, moons.class_values);
    assert_eq!(info.feature_names, moons.feature_names);
    for (features, _) in moons.rows() {
        let prediction = info.predict(&loaded, features);
        // Hinge: class 1 when the one output is positive; no probabilities.
        let z = prediction.outputs[0];
        assert_eq!(prediction.class, Some(if z > 0.0 { 1.0 } else { 0.0 }));
        assert_eq!(prediction.probabilities, None);
        assert_eq!(prediction, info.predict(&mlp, features));
    }

    // The command line prints the same classes.
    let (x, _) = moons.rows().next().unwrap();
    let expected = info.predict(&loaded, x).class.unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_scalargrad"))
        .arg("predict")
        .arg(&path)
        .args(x.iter().map(|v| v.to_string()))
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success());
    assert!(
        stdout.trim_end().ends_with(&format!("→ class {expected}")),
        "{stdout}"
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::remove_file(path).ok();
}

/// One input, one linear output `z = x` read by binary cross-entropy,
/// features standardized with mean 10 and deviation 2, labels -1 and +1.
fn standardized_classifier(g: &Graph) -> (Mlp<'_>, ModelInfo) {
    let layer = Layer::from_weights(g, &[vec![1.0]], Some(&[0.0]), Activation::Linear);
    let info = ModelInfo {
        objective: Some(Objective::BinaryCrossEntropy),
        standardizer: Some(Standardizer {
            mean: vec![10.0],
            std: vec![2.0],
        }),
        class_values: vec![-1.0, 1.0],
        feature_names: vec!["x".into()],
    };
    (Mlp::from_layers(vec![layer]), info)
}

#[test]
fn predict_standardizes_then_labels_the_class() {
    let g = Graph::new();
    let (mlp, info) = standardized_classifier(&g);
    // x = 14: z = (14 - 10) / 2 = 2 > 0, class 1, labelled +1;
    // σ(2) = 1 / (1 + e⁻²) = 1 / 1.135335 = 0.880797.
    let p = info.predict(&mlp, &[14.0]);
    assert_eq!(p.outputs, [2.0]);
    assert_eq!(p.class, Some(1.0));
    let probabilities = p.probabilities.unwrap();
    assert!(
        (probabilities[1] - 0.880797).abs() < 1e-6,
        "{probabilities:?}"
    );
    assert!((probabilities[0] + probabilities[1] - 1.0).abs() < 1e-15);
    // x = 8: z = -1, class 0, labelled -1.
    let p = info.predict(&mlp, &[8.0]);
    assert_eq!((p.outputs[0], p.class), (-1.0, Some(-1.0)));
    // Without an objective: only the outputs.
    let bare = ModelInfo {
        standardizer: info.standardizer.clone(),
        ..ModelInfo::default()
    };
    let p = bare.predict(&mlp, &[14.0]);
    assert_eq!(
        (p.outputs, p.class, p.probabilities),
        (vec![2.0], None, None)
    );
}

#[test]
fn predict_names_itself_and_the_sizes_when_the_features_do_not_fit() {
    let g = Graph::new();
    let (mlp, info) = standardized_classifier(&g);
    let payload = panic::catch_unwind(AssertUnwindSafe(|| info.predict(&mlp, &[1.0, 2.0])))
        .expect_err("two features for one input must panic");
    let message = payload
        .downcast_ref::<String>()
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        message,
        "ModelInfo::predict: expected 1 features (one per network input), got 2"
    );
}

#[test]
fn the_command_line_says_when_a_model_does_not_know_its_objective() {
    let g = Graph::new();
    let (mlp, _) = standardized_classifier(&g);
    let path = temp_file("bare");
    model::save(&mlp, &ModelInfo::default(), &path).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_scalargrad"))
        .arg("predict")
        .arg(&path)
        .arg("3")
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(out.status.success());
    // No standardizer kept: z = x = 3, printed as it is.
    assert_eq!(stdout, "3 → 3\n");
    assert!(
        stderr.contains("raw outputs, not classes") && stderr.contains("model_info"),
        "{stderr}"
    );
    std::fs::remove_file(path).ok();
}
