//! The training pipeline end to end: micrograd's demo reproduced by the
//! Trainer, real datasets learned, determinism, flat memory, early stopping,
//! evaluation and model files.

use rand::rngs::StdRng;
use rand::SeedableRng;
use scalargrad::data::{self, CsvOptions, Dataset};
use scalargrad::model::{self, ModelInfo};
use scalargrad::nn::{Activation, Layer, Mlp, Neuron};
use scalargrad::optim::{Adam, Schedule, Sgd};
use scalargrad::train::{evaluate, r2, EarlyStopping, Objective, Progress, TrainConfig, Trainer};
use scalargrad::{Error, Graph};

const DEMO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/micrograd_demo");

fn read_lines(name: &str) -> Vec<String> {
    std::fs::read_to_string(format!("{DEMO}/{name}"))
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

/// micrograd's demo: MLP(2, [16, 16, 1]), hinge loss + 1e-4·L2, full batch,
/// SGD with lr = 1.0 - 0.9·k/100, from the reference initial parameters.
fn micrograd_config() -> TrainConfig {
    TrainConfig {
        epochs: 100,
        batch_size: 0,
        objective: Some(Objective::Hinge),
        l2: 1e-4,
        schedule: Schedule::Linear {
            start_factor: 1.0,
            end_factor: 0.1,
            total_steps: 100,
        },
        progress: Progress::Never,
        ..TrainConfig::default()
    }
}

#[test]
fn the_trainer_reproduces_micrograds_demo_and_reaches_full_accuracy() {
    let moons = data::read_csv(format!("{DEMO}/moons.csv"), &CsvOptions::default()).unwrap();
    assert_eq!(moons.class_values, vec![-1.0, 1.0]);
    let g = Graph::new();
    let mlp = Mlp::new(
        &g,
        2,
        &[16, 16, 1],
        Activation::Relu,
        &mut StdRng::seed_from_u64(0),
    );
    let init: Vec<f64> = read_lines("init_params.txt")
        .iter()
        .map(|l| l.parse().unwrap())
        .collect();
    mlp.set_parameters(&init);

    let history = Trainer::new(&mlp, Box::new(Sgd::new(1.0)), micrograd_config()).fit(&moons, None);

    // The loss of epoch k is computed before that step's update, as in the
    // reference run.
    for (record, line) in history
        .epochs
        .iter()
        .zip(read_lines("trajectory.csv").iter().skip(1))
    {
        let fields: Vec<f64> = line.split(',').map(|f| f.parse().unwrap()).collect();
        assert!(
            (record.train_loss - fields[1]).abs() < 1e-9,
            "step {}: loss {} vs micrograd {}",
            record.epoch,
            record.train_loss,
            fields[1]
        );
        assert_eq!(
            100.0 * record.train_metric,
            fields[2],
            "step {}",
            record.epoch
        );
    }
    assert_eq!(history.epochs.len(), 100);
    // After the last update every point is classified right.
    let after = evaluate(&mlp, &moons, Objective::Hinge);
    assert_eq!(after.accuracy, Some(1.0));
}

#[test]
fn a_spiral_classifier_reaches_95_percent_validation_accuracy() {
    let spirals = data::spirals(&data::SpiralsConfig {
        samples: 900,
        classes: 3,
        turns: 2.0,
        noise: 0.02,
        seed: 1,
    });
    let split = spirals.split(0.2, 0.0, 1);
    let g = Graph::new();
    let mut rng = StdRng::seed_from_u64(1);
    let mlp = Mlp::builder(2)
        .init(scalargrad::nn::Init::HeUniform)
        .layer(32, Activation::Relu)
        .layer(32, Activation::Relu)
        .layer(3, Activation::Linear)
        .build(&g, &mut rng);
    let config = TrainConfig {
        epochs: 150,
        batch_size: 32,
        progress: Progress::Never,
        seed: 1,
        ..TrainConfig::default()
    };
    let history = Trainer::new(&mlp, Box::new(Adam::new(0.01)), config)
        .fit(&split.train, Some(&split.validation));
    let best = history
        .epochs
        .iter()
        .filter_map(|r| r.validation_metric)
        .fold(0.0, f64::max);
    let last = history.epochs.last().unwrap().validation_metric.unwrap();
    assert!(last >= 0.95, "validation accuracy {last} (best {best})");
}

#[test]
fn a_regression_mlp_reaches_r2_of_095() {
    let set = data::regression_1d(&data::Regression1dConfig {
        samples: 300,
        noise: 0.1,
        seed: 2,
    });
    let split = set.split(0.2, 0.0, 2);
    let g = Graph::new();
    let mut rng = StdRng::seed_from_u64(2);
    let mlp = Mlp::builder(1)
        .layer(16, Activation::Tanh)
        .layer(16, Activation::Tanh)
        .layer(1, Activation::Linear)
        .build(&g, &mut rng);
    let config = TrainConfig {
        epochs: 150,
        batch_size: 16,
        progress: Progress::Never,
        ..TrainConfig::default()
    };
    let history = Trainer::new(&mlp, Box::new(Adam::new(0.01)), config)
        .fit(&split.train, Some(&split.validation));
    assert_eq!(history.metric, "r2");
    let eval = evaluate(&mlp, &split.validation, Objective::Mse);
    assert!(eval.r2.unwrap() >= 0.95, "{eval}");
}

fn small_run(seed: u64, epochs: usize) -> (Vec<f64>, scalargrad::train::History) {
    let moons = data::moons(&data::MoonsConfig {
        samples: 60,
        noise: 0.15,
        seed,
    });
    let split = moons.split(0.25, 0.0, seed);
    let g = Graph::new();
    let mlp = Mlp::new(
        &g,
        2,
        &[8, 1],
        Activation::Tanh,
        &mut StdRng::seed_from_u64(seed),
    );
    let config = TrainConfig {
        epochs,
        batch_size: 8,
        seed,
        progress: Progress::Never,
        ..TrainConfig::default()
    };
    let history = Trainer::new(&mlp, Box::new(Adam::new(0.05)), config)
        .fit(&split.train, Some(&split.validation));
    (mlp.parameter_values(), history)
}

#[test]
fn the_same_seed_gives_the_same_history_bit_for_bit() {
    let (params_a, mut a) = small_run(5, 20);
    let (params_b, mut b) = small_run(5, 20);
    // Wall-clock time is the one field allowed to differ.
    a.epochs.iter_mut().for_each(|r| r.seconds = 0.0);
    b.epochs.iter_mut().for_each(|r| r.seconds = 0.0);
    assert_eq!(a, b);
    assert_eq!(params_a, params_b);
    let (params_c, _) = small_run(6, 20);
    assert_ne!(params_a, params_c);
}

#[test]
fn memory_stays_flat_over_ten_thousand_training_steps() {
    let set = data::moons(&data::MoonsConfig {
        samples: 100,
        noise: 0.1,
        seed: 3,
    });
    let g = Graph::new();
    let mlp = Mlp::new(
        &g,
        2,
        &[8, 8, 1],
        Activation::Relu,
        &mut StdRng::seed_from_u64(3),
    );
    let n = g.len();
    let run = |epochs| {
        let config = TrainConfig {
            epochs,
            batch_size: 1, // one step per example: 100 steps per epoch
            progress: Progress::Never,
            ..TrainConfig::default()
        };
        Trainer::new(&mlp, Box::new(Sgd::new(0.01)), config).fit(&set, None);
    };
    run(1);
    let (capacity, bytes) = (g.capacity(), g.memory_bytes());
    run(100); // 10,000 steps
    assert_eq!(g.capacity(), capacity);
    assert_eq!(g.memory_bytes(), bytes);
    assert_eq!(g.len(), n);
}

#[test]
fn early_stopping_ends_training_and_restores_the_best_epoch() {
    let set = data::moons(&data::MoonsConfig {
        samples: 80,
        noise: 0.3,
        seed: 4,
    });
    let split = set.split(0.3, 0.0, 4);
    let g = Graph::new();
    let mlp = Mlp::new(
        &g,
        2,
        &[32, 32, 1],
        Activation::Relu,
        &mut StdRng::seed_from_u64(4),
    );
    let config = TrainConfig {
        epochs: 500,
        batch_size: 8,
        progress: Progress::Never,
        early_stopping: Some(EarlyStopping {
            patience: 5,
            ..EarlyStopping::default()
        }),
        ..TrainConfig::default()
    };
    // A large learning rate overfits the noisy moons quickly.
    let history = Trainer::new(&mlp, Box::new(Adam::new(0.05)), config)
        .fit(&split.train, Some(&split.validation));
    assert!(history.stopped_early);
    assert_eq!(history.epochs.len(), history.best_epoch + 6);
    let best = history.epochs[history.best_epoch].validation_loss.unwrap();
    let now = evaluate(&mlp, &split.validation, Objective::BinaryCrossEntropy).loss;
    assert!((now - best).abs() < 1e-12, "restored {now} vs best {best}");
}

#[test]
fn evaluation_counts_a_hand_made_confusion_matrix() {
    // One output, logit = x: class 1 when x > 0.
    let g = Graph::new();
    let layer =
        scalargrad::nn::Layer::from_weights(&g, &[vec![1.0]], Some(&[0.0]), Activation::Linear);
    let mlp = Mlp::from_layers(vec![layer]);
    let set = Dataset {
        x: vec![vec![2.0], vec![-1.0], vec![0.5], vec![-3.0]],
        y: vec![1.0, 0.0, 0.0, 1.0],
        n_classes: Some(2),
        feature_names: vec!["x0".into()],
        class_values: vec![0.0, 1.0],
        name: "hand".into(),
    };
    let e = evaluate(&mlp, &set, Objective::BinaryCrossEntropy);
    // predicted: 1, 0, 1, 0 → true 0: [1 right, 1 wrong]; true 1: [1 wrong, 1 right]
    assert_eq!(e.confusion, Some(vec![vec![1, 1], vec![1, 1]]));
    assert_eq!(e.accuracy, Some(0.5));
    // log-loss = mean of -ln σ(2), -ln(1 - σ(-1)), -ln(1 - σ(0.5)), -ln σ(-3)
    let s = |z: f64| 1.0 / (1.0 + (-z).exp());
    let expected = -(s(2.0).ln() + (1.0 - s(-1.0)).ln() + (1.0 - s(0.5)).ln() + s(-3.0).ln()) / 4.0;
    assert!((e.log_loss.unwrap() - expected).abs() < 1e-12);
}

#[test]
fn r2_is_one_for_a_perfect_fit_and_zero_for_the_mean() {
    assert_eq!(r2(&[1.0, 2.0, 3.0], &[1.0, 2.0, 3.0]), 1.0);
    assert_eq!(r2(&[2.0, 2.0, 2.0], &[1.0, 2.0, 3.0]), 0.0);
    // residual 0.5² + 0.5² = 0.5, total 2 → 1 - 0.25
    assert_eq!(r2(&[1.5, 2.0, 2.5], &[1.0, 2.0, 3.0]), 0.75);
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("scalargrad-test-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn a_saved_model_loads_back_exactly() {
    let dir = temp_dir("model");
    let g = Graph::new();
    let mlp = Mlp::builder(3)
        .layer(5, Activation::LeakyRelu(0.2))
        .layer_spec(scalargrad::nn::LayerSpec::new(4, Activation::PRELU).without_bias())
        .layer(2, Activation::Linear)
        .build(&g, &mut StdRng::seed_from_u64(9));
    let info = ModelInfo {
        objective: Some(Objective::SoftmaxCrossEntropy),
        standardizer: Some(data::Standardizer {
            mean: vec![0.1, 0.2, 0.3],
            std: vec![1.0, 2.0, 3.0],
        }),
        class_values: vec![0.0, 1.0],
        feature_names: vec!["a".into(), "b".into(), "c".into()],
    };
    let path = dir.join("model.json");
    model::save(&mlp, &info, &path).unwrap();

    let g2 = Graph::new();
    let (loaded, loaded_info) = model::load(&g2, &path).unwrap();
    assert_eq!(loaded.parameter_values(), mlp.parameter_values());
    assert_eq!(loaded_info, info);
    let acts: Vec<Activation> = loaded.layers().iter().map(|l| l.activation()).collect();
    assert_eq!(
        acts,
        vec![
            Activation::LeakyRelu(0.2),
            Activation::PRELU,
            Activation::Linear
        ]
    );
    assert!(!loaded.layers()[1].has_bias());
    let x = [0.3, -1.2, 2.5];
    let a: Vec<f64> = mlp
        .forward(&g.values(&x))
        .iter()
        .map(|v| v.data())
        .collect();
    let b: Vec<f64> = loaded
        .forward(&g2.values(&x))
        .iter()
        .map(|v| v.data())
        .collect();
    assert_eq!(a, b);
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn model_files_written_before_objective_and_output_loss_merged_still_load() {
    // Written by `scalargrad train --data moons --samples 20 --layers ""
    // --epochs 1 --save FILE` at commit cba8873, before `nn::OutputLoss` was
    // merged into `Objective`: the JSON names of the objectives, and the
    // whole file format, must stay as they were.
    const MODEL: &str = r#"{
  "format": "scalargrad-mlp",
  "version": 1,
  "n_inputs": 2,
  "layers": [
    {
      "size": 1,
      "activation": "linear",
      "bias": true
    }
  ],
  "parameters": [
    0.8106003565608837,
    0.9372938665027095,
    0.009999975012589866
  ],
  "objective": "binary_cross_entropy",
  "standardizer": {
    "mean": [
      0.647093205250151,
      0.33213065520336954
    ],
    "std": [
      0.8014871181354376,
      0.5154366504572766
    ]
  },
  "class_values": [
    0.0,
    1.0
  ],
  "feature_names": [
    "x0",
    "x1"
  ]
}"#;
    let dir = temp_dir("old-model");
    let g = Graph::new();
    for (name, objective) in [
        ("binary_cross_entropy", Objective::BinaryCrossEntropy),
        ("softmax_cross_entropy", Objective::SoftmaxCrossEntropy),
        ("hinge", Objective::Hinge),
        ("mse", Objective::Mse),
    ] {
        let text = MODEL.replace("\"binary_cross_entropy\"", &format!("\"{name}\""));
        let path = dir.join(format!("{name}.json"));
        std::fs::write(&path, &text).unwrap();
        if objective == Objective::SoftmaxCrossEntropy {
            // Softmax over this network's single output is one class, but
            // the file names two: refused, naming the field.
            let err = model::load(&g, &path).unwrap_err();
            assert!(
                err.to_string()
                    .ends_with("class_values: 2 values for 1 classes"),
                "{err}"
            );
            continue;
        }
        let (mlp, info) = model::load(&g, &path).unwrap();
        assert_eq!(info.objective, Some(objective), "{name}");
        assert_eq!(
            mlp.parameter_values(),
            [0.8106003565608837, 0.9372938665027095, 0.009999975012589866]
        );
        // Saved again, the file is the same, byte for byte.
        model::save(&mlp, &info, &path).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), text, "{name}");
    }
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn loading_a_missing_or_malformed_model_names_the_file() {
    let dir = temp_dir("bad-model");
    let g = Graph::new();

    let missing = dir.join("nope.json");
    let err = model::load(&g, &missing).unwrap_err();
    assert!(matches!(err, Error::Io { .. }));
    assert!(err.to_string().contains("nope.json"), "{err}");

    let broken = dir.join("broken.json");
    std::fs::write(
        &broken,
        "{\n  \"format\": \"scalargrad-mlp\",\n  \"version\": 1,\n  oops\n}",
    )
    .unwrap();
    let err = model::load(&g, &broken).unwrap_err();
    assert!(matches!(err, Error::Parse { line: 4, .. }), "{err:?}");
    assert!(
        err.to_string()
            .starts_with(&format!("{}:4:", broken.display())),
        "{err}"
    );

    let short = dir.join("short.json");
    std::fs::write(
        &short,
        r#"{"format": "scalargrad-mlp", "version": 1, "n_inputs": 2,
            "layers": [{"size": 1, "activation": "linear", "bias": true}], "parameters": [0.5]}"#,
    )
    .unwrap();
    let err = model::load(&g, &short).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "{}: parameters: the architecture has 3 parameters but the file holds 1",
            short.display()
        )
    );

    let unknown = dir.join("unknown.json");
    std::fs::write(
        &unknown,
        r#"{"format": "scalargrad-mlp", "version": 1, "n_inputs": 1,
            "layers": [{"size": 1, "activation": "wobble", "bias": false}], "parameters": [0.5]}"#,
    )
    .unwrap();
    let err = model::load(&g, &unknown).unwrap_err();
    assert!(
        err.to_string()
            .contains("layers[0].activation: unknown activation \"wobble\""),
        "{err}"
    );
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn a_failed_save_leaves_no_file_behind() {
    let dir = temp_dir("failed-save");
    let g = Graph::new();
    let mlp = Mlp::new(
        &g,
        1,
        &[1],
        Activation::Linear,
        &mut StdRng::seed_from_u64(0),
    );
    mlp.parameters()[0].set_data(f64::NAN);
    let path = dir.join("model.json");
    let err = model::save(&mlp, &ModelInfo::default(), &path).unwrap_err();
    assert!(
        err.to_string()
            .ends_with("cannot save this model: parameters[0]: NaN is not a finite number"),
        "{err}"
    );
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0);

    // A folder on the way that is a file: an I/O error naming it, and
    // nothing written.
    mlp.parameters()[0].set_data(1.0);
    std::fs::write(dir.join("afile"), "").unwrap();
    let err = model::save(&mlp, &ModelInfo::default(), dir.join("afile/model.json")).unwrap_err();
    assert!(matches!(err, Error::Io { .. }));
    assert!(
        err.to_string().ends_with("is a file, not a folder"),
        "{err}"
    );
    std::fs::remove_file(dir.join("afile")).unwrap();
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0);

    // Overwriting an existing model replaces it whole.
    std::fs::write(&path, "old").unwrap();
    model::save(&mlp, &ModelInfo::default(), &path).unwrap();
    assert!(std::fs::read_to_string(&path)
        .unwrap()
        .contains("scalargrad-mlp"));
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn objective_gradient_refuses_no_outputs_and_a_class_out_of_range() {
    let message = |f: fn()| {
        let payload = std::panic::catch_unwind(f).expect_err("expected a panic");
        payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default()
    };
    assert_eq!(
        message(|| {
            Objective::Mse.gradient(&[], 1.0);
        }),
        "Objective::gradient: got no outputs; the loss of nothing is undefined"
    );
    assert_eq!(
        message(|| {
            Objective::SoftmaxCrossEntropy.gradient(&[0.5, 1.0, 2.0], 3.0);
        }),
        "Objective::gradient: class 3 is out of range for 3 outputs"
    );
}

#[test]
fn training_that_diverges_stops_and_says_at_which_epoch() {
    // Plain SGD with a learning rate of 1e6 on a regression: the first
    // steps overshoot to ±∞, then NaN.
    let data = data::regression_1d(&data::Regression1dConfig {
        samples: 64,
        noise: 0.1,
        seed: 0,
    });
    let g = Graph::new();
    let mlp = Mlp::new(
        &g,
        1,
        &[8, 1],
        Activation::Relu,
        &mut StdRng::seed_from_u64(0),
    );
    let config = TrainConfig {
        epochs: 50,
        progress: Progress::Never,
        ..TrainConfig::default()
    };
    let history = Trainer::new(&mlp, Box::new(Sgd::new(1e6)), config).fit(&data, None);
    let epoch = history.diverged_at.expect("diverged");
    assert_eq!(history.epochs.len(), epoch + 1, "stopped at that epoch");
    let last = history.epochs.last().unwrap();
    assert!(!last.train_loss.is_finite() || mlp.parameter_values().iter().any(|p| !p.is_finite()));
    // A sensible rate does not diverge.
    let g = Graph::new();
    let mlp = Mlp::new(
        &g,
        1,
        &[8, 1],
        Activation::Relu,
        &mut StdRng::seed_from_u64(0),
    );
    let history = Trainer::new(
        &mlp,
        Box::new(Sgd::new(0.01)),
        TrainConfig {
            epochs: 5,
            progress: Progress::Never,
            ..TrainConfig::default()
        },
    )
    .fit(&data, None);
    assert_eq!((history.diverged_at, history.epochs.len()), (None, 5));
}

#[test]
fn the_confusion_matrix_keeps_large_counts_apart() {
    use scalargrad::train::Evaluation;
    let evaluation = Evaluation {
        loss: 0.5,
        accuracy: Some(0.5),
        confusion: Some(vec![vec![4623, 395377], vec![7, 1234567]]),
        log_loss: None,
        mse: None,
        r2: None,
    };
    let text = evaluation.to_string();
    // Used to print `4623395377`.
    assert!(text.contains("  class 0:    4623  395377\n"), "{text}");
    assert!(text.contains("  class 1:       7 1234567\n"), "{text}");
    let small = Evaluation {
        confusion: Some(vec![vec![5, 0], vec![1, 4]]),
        ..evaluation
    };
    assert!(
        small.to_string().contains("  class 0:     5     0\n"),
        "{small}"
    );
}

/// Trains micrograd's network on 1,000 moons points (mini-batches of 250,
/// Adam, L2) with `threads` threads; returns the history and the final
/// parameters.
fn train_with_threads(threads: usize, batch_size: usize) -> (scalargrad::train::History, Vec<f64>) {
    train_with_threads_on(threads, batch_size, false)
}

/// [`train_with_threads`], on the same network rebuilt neuron by neuron
/// with a spare node before each neuron's parameters if `scattered` (so no
/// layer's parameters are consecutive nodes, and the network is read and
/// written parameter by parameter instead of a layer at a time).
fn train_with_threads_on(
    threads: usize,
    batch_size: usize,
    scattered: bool,
) -> (scalargrad::train::History, Vec<f64>) {
    let moons = data::moons(&data::MoonsConfig {
        samples: 1_000,
        noise: 0.1,
        seed: 7,
    });
    let g = Graph::new();
    let mut mlp = Mlp::new(
        &g,
        2,
        &[16, 16, 1],
        Activation::Relu,
        &mut StdRng::seed_from_u64(3),
    );
    if scattered {
        let layers = mlp
            .layers()
            .iter()
            .map(|layer| {
                let neurons = layer
                    .neurons()
                    .iter()
                    .map(|n| {
                        g.value(0.0);
                        let weights: Vec<f64> = n.weights().iter().map(|w| w.data()).collect();
                        Neuron::from_weights(
                            &g,
                            &weights,
                            n.bias().map(|b| b.data()),
                            n.activation(),
                        )
                    })
                    .collect();
                Layer::from_neurons(neurons)
            })
            .collect();
        mlp = Mlp::from_layers(layers);
        // The hidden layers' parameters are not consecutive (the output
        // layer's, one neuron's, still are: both ways are taken).
        for layer in &mlp.layers()[..2] {
            let p = layer.parameters();
            assert!(p.windows(2).any(|w| w[1].index() != w[0].index() + 1));
        }
    }
    let config = TrainConfig {
        epochs: 5,
        batch_size,
        l2: 1e-4,
        threads,
        progress: Progress::Never,
        ..TrainConfig::default()
    };
    let history = Trainer::new(&mlp, Box::new(Adam::new(0.01)), config).fit(&moons, None);
    (history, mlp.parameter_values())
}

#[test]
fn training_on_several_threads_gives_one_threads_results() {
    // The shares' gradients add up to the batch's: every loss, metric,
    // gradient norm and parameter agrees with one thread's to 1e-12 (the
    // same sums, added in another order, over 20 steps of Adam).
    for (threads, batch_size) in [(2, 250), (3, 250), (2, 0), (4, 3)] {
        let (one, one_params) = train_with_threads(1, batch_size);
        let (many, many_params) = train_with_threads(threads, batch_size);
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-12 * a.abs().max(1.0);
        for (a, b) in one.epochs.iter().zip(&many.epochs) {
            assert!(
                close(a.train_loss, b.train_loss),
                "{threads} threads: {a:?} vs {b:?}"
            );
            assert_eq!(a.train_metric, b.train_metric);
            for (x, y) in a.grad_norms.iter().zip(&b.grad_norms) {
                assert!(
                    close(*x, *y),
                    "{threads} threads: gradient norms {x} vs {y}"
                );
            }
        }
        for (k, (a, b)) in one_params.iter().zip(&many_params).enumerate() {
            assert!(
                close(*a, *b),
                "{threads} threads, parameter {k}: {a} vs {b}"
            );
        }
        // And they are not equal because nothing moved: training learned.
        let (first, last) = (&many.epochs[0], many.epochs.last().unwrap());
        assert!(
            last.train_loss < first.train_loss,
            "{threads} threads: {first:?} → {last:?}"
        );
    }
}

#[test]
fn a_network_with_scattered_parameters_trains_on_two_threads_as_on_one() {
    // Parameters not consecutive: the trainer sends, sets and adds them one
    // by one instead of a layer at a time; the results are the same.
    let (one, one_params) = train_with_threads_on(1, 250, false);
    let (two, two_params) = train_with_threads_on(2, 250, true);
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-12 * a.abs().max(1.0);
    for (a, b) in one.epochs.iter().zip(&two.epochs) {
        assert!(close(a.train_loss, b.train_loss), "{a:?} vs {b:?}");
    }
    assert_eq!(one_params.len(), two_params.len());
    for (k, (a, b)) in one_params.iter().zip(&two_params).enumerate() {
        assert!(close(*a, *b), "parameter {k}: {a} vs {b}");
    }
    assert!(two.epochs.last().unwrap().train_loss < two.epochs[0].train_loss);
}

#[test]
fn the_train_metric_on_two_threads_counts_every_example_once() {
    // One full-batch epoch: the outputs the threads saw are those of the
    // untrained network on every example, so the epoch's train metric is
    // what `evaluate` gives before training, for a three-class softmax
    // network (accuracy over three outputs) and for regression (R²).
    let blobs = data::blobs(&data::BlobsConfig {
        samples: 301,
        centers: 3,
        seed: 5,
        ..data::BlobsConfig::default()
    });
    let curve = data::regression_1d(&data::Regression1dConfig {
        samples: 301,
        ..data::Regression1dConfig::default()
    });
    for (set, outputs) in [(&blobs, 3), (&curve, 1)] {
        let g = Graph::new();
        let n_in = set.x[0].len();
        let mlp = Mlp::new(
            &g,
            n_in,
            &[8, outputs],
            Activation::Tanh,
            &mut StdRng::seed_from_u64(1),
        );
        let objective = Objective::for_data(set, outputs);
        let before = evaluate(&mlp, set, objective);
        let config = TrainConfig {
            epochs: 1,
            batch_size: 0,
            threads: 2,
            progress: Progress::Never,
            ..TrainConfig::default()
        };
        let history = Trainer::new(&mlp, Box::new(Sgd::new(0.1)), config).fit(set, None);
        let epoch = &history.epochs[0];
        let expected = before.metric();
        assert!(
            (epoch.train_metric - expected).abs() <= 1e-12,
            "{}: train metric {} on two threads, {expected} by evaluate",
            set.name,
            epoch.train_metric
        );
        assert!(
            (epoch.train_loss - before.loss).abs() <= 1e-12 * before.loss.abs().max(1.0),
            "{}: train loss {} on two threads, {} by evaluate",
            set.name,
            epoch.train_loss,
            before.loss
        );
    }
}

#[test]
#[should_panic(expected = "Trainer::fit: TrainConfig::threads must be at least 1, got 0")]
fn zero_threads_is_refused() {
    train_with_threads(0, 10);
}

#[test]
fn a_network_without_inputs_trains_to_the_mean_of_the_targets_on_one_and_two_threads() {
    // One linear neuron with a bias and no weights: ŷ = b for every
    // example. Targets 1, 3, 5, MSE, full batch, SGD with rate 0.25, b = 0:
    //   epoch 0: J = (1 + 9 + 25)/3 = 35/3, ∂J/∂b = (2/3)·Σ(b − y) = 2b − 6 = −6,
    //            b ← 0 + 0.25·6 = 1.5;
    //   epoch 1: J = (0.25 + 2.25 + 12.25)/3 = 14.75/3, ∂J/∂b = −3, b ← 2.25.
    let set = Dataset {
        x: vec![vec![]; 3],
        y: vec![1.0, 3.0, 5.0],
        n_classes: None,
        feature_names: vec![],
        class_values: vec![],
        name: "no inputs".into(),
    };
    for threads in [1, 2] {
        let g = Graph::new();
        let mlp = Mlp::from_layers(vec![scalargrad::nn::Layer::from_neurons(vec![
            scalargrad::nn::Neuron::from_weights(&g, &[], Some(0.0), Activation::Linear),
        ])]);
        let config = TrainConfig {
            epochs: 2,
            batch_size: 0,
            objective: Some(Objective::Mse),
            progress: Progress::Never,
            threads,
            ..TrainConfig::default()
        };
        let history = Trainer::new(&mlp, Box::new(Sgd::new(0.25)), config).fit(&set, None);
        let losses: Vec<f64> = history.epochs.iter().map(|e| e.train_loss).collect();
        assert_eq!(losses.len(), 2, "{threads} threads");
        assert!(
            (losses[0] - 35.0 / 3.0).abs() < 1e-12,
            "{threads} threads: {losses:?}"
        );
        assert!(
            (losses[1] - 14.75 / 3.0).abs() < 1e-12,
            "{threads} threads: {losses:?}"
        );
        assert!(
            (mlp.parameter_values()[0] - 2.25).abs() < 1e-12,
            "{threads} threads"
        );
    }
}
