//! Losses, optimizers, schedules, training and datasets refuse a caller's
//! mistake with a message that starts with the call the user made, at the
//! user's line: one test per public panicking entry point of `loss`,
//! `optim`, `train` and `data` (see `panics.rs` for the engine).

use crate::common;

use std::path::Path;

use rand::rngs::StdRng;
use rand::SeedableRng;
use scalargrad::data::{self, CsvOptions, Dataset, Standardizer};
use scalargrad::loss::{self, Objective};
use scalargrad::nn::{Activation, Mlp};
use scalargrad::optim::{self, AdaGrad, Adam, AdamW, Momentum, Optimizer, RmsProp, Schedule, Sgd};
use scalargrad::train::{self, Progress, TrainConfig, Trainer};
use scalargrad::{Graph, Value};

/// Checks that `f` panics with a message starting with `"{call}: "`, at a
/// line of this file.
#[track_caller]
fn names(call: &str, f: impl FnOnce()) -> String {
    common::panics::assert_names(file!(), call, f)
}

/// A handle to a node that [`Graph::truncate`] discarded.
fn discarded(g: &Graph) -> Value<'_> {
    let x = g.value(2.0);
    g.truncate(x.index());
    g.value(0.0);
    x
}

// Losses

#[test]
fn loss_mean_of_two_graphs_names_itself_not_graph_sum() {
    let (g, other) = (Graph::new(), Graph::new());
    let message = names("loss::mean", || {
        loss::mean(&[g.value(1.0), other.value(2.0)]);
    });
    assert!(message
        .ends_with("the values belong to different graphs; combine only values of the same Graph"));
    let message = names("loss::mean", || {
        loss::mean(&[]);
    });
    assert_eq!(
        message,
        "loss::mean: got no values; the loss of nothing is undefined"
    );
}

#[test]
fn loss_mse() {
    let (g, other) = (Graph::new(), Graph::new());
    let message = names("loss::mse", || {
        loss::mse(&g.values(&[1.0, 2.0]), &[1.0]);
    });
    assert_eq!(message, "loss::mse: got 2 predictions but 1 targets");
    names("loss::mse", || {
        loss::mse(&[g.value(1.0), other.value(2.0)], &[0.0, 0.0]);
    });
}

#[test]
fn loss_binary_cross_entropy() {
    let g = Graph::new();
    let p = discarded(&g);
    names("loss::binary_cross_entropy", || {
        loss::binary_cross_entropy(p, 0.0);
    });
}

#[test]
fn loss_binary_cross_entropy_with_logits() {
    let g = Graph::new();
    let z = discarded(&g);
    names("loss::binary_cross_entropy_with_logits", || {
        loss::binary_cross_entropy_with_logits(z, 1.0);
    });
}

#[test]
fn loss_softmax() {
    let (g, other) = (Graph::new(), Graph::new());
    names("loss::softmax", || {
        loss::softmax(&[g.value(1.0), other.value(2.0)]);
    });
    let z = discarded(&g);
    names("loss::softmax", || {
        loss::softmax(&[z]);
    });
}

#[test]
fn loss_softmax_cross_entropy_of_two_graphs_names_itself_not_graph_sum() {
    let (g, other) = (Graph::new(), Graph::new());
    let message = names("loss::softmax_cross_entropy", || {
        loss::softmax_cross_entropy(&[g.value(1.0), other.value(2.0)], 0);
    });
    assert!(message
        .ends_with("the values belong to different graphs; combine only values of the same Graph"));
    let message = names("loss::softmax_cross_entropy", || {
        loss::softmax_cross_entropy(&g.values(&[1.0, 2.0]), 2);
    });
    assert_eq!(
        message,
        "loss::softmax_cross_entropy: class 2 is out of range for 2 logits"
    );
}

#[test]
fn loss_hinge() {
    let g = Graph::new();
    let score = discarded(&g);
    names("loss::hinge", || {
        loss::hinge(score, 1.0);
    });
}

#[test]
fn loss_l2_of_two_graphs_names_itself_not_graph_dot() {
    let (g, other) = (Graph::new(), Graph::new());
    let message = names("loss::l2", || {
        loss::l2(&[g.value(1.0), other.value(2.0)]);
    });
    assert!(message
        .ends_with("the values belong to different graphs; combine only values of the same Graph"));
}

#[test]
fn objective_loss() {
    let g = Graph::new();
    let message = names("Objective::loss", || {
        Objective::Mse.loss(&[], 1.0);
    });
    assert_eq!(
        message,
        "Objective::loss: got no outputs; the loss of nothing is undefined"
    );
    let message = names("Objective::loss", || {
        Objective::SoftmaxCrossEntropy.loss(&g.values(&[0.5, 1.0]), 2.0);
    });
    assert_eq!(
        message,
        "Objective::loss: class 2 is out of range for 2 logits"
    );
    let z = discarded(&g);
    for objective in [
        Objective::BinaryCrossEntropy,
        Objective::Hinge,
        Objective::Mse,
    ] {
        names("Objective::loss", || {
            objective.loss(&[z], 1.0);
        });
    }
}

#[test]
fn objective_gradient() {
    names("Objective::gradient", || {
        Objective::Hinge.gradient(&[], 1.0);
    });
}

// Optimizers

/// One test per optimizer setting: `$make` panics naming `$call`.
macro_rules! each_setting_names_itself {
    ($($test:ident: $call:literal => $make:expr;)+) => {$(
        #[test]
        fn $test() {
            names($call, || {
                let _ = $make;
            });
        }
    )+};
}

each_setting_names_itself! {
    sgd_new: "Sgd::new" => Sgd::new(-0.1);
    sgd_weight_decay: "Sgd::weight_decay" => Sgd::new(0.1).weight_decay(f64::NAN);
    momentum_new: "Momentum::new" => Momentum::new(0.1, -0.9);
    momentum_dampening: "Momentum::dampening" => Momentum::new(0.1, 0.9).dampening(1.5);
    momentum_weight_decay: "Momentum::weight_decay" => Momentum::new(0.1, 0.9).weight_decay(-1.0);
    adagrad_new: "AdaGrad::new" => AdaGrad::new(-0.1);
    adagrad_eps: "AdaGrad::eps" => AdaGrad::new(0.1).eps(-1.0);
    adagrad_weight_decay: "AdaGrad::weight_decay" => AdaGrad::new(0.1).weight_decay(-1.0);
    rmsprop_new: "RmsProp::new" => RmsProp::new(-0.1);
    rmsprop_alpha: "RmsProp::alpha" => RmsProp::new(0.1).alpha(2.0);
    rmsprop_eps: "RmsProp::eps" => RmsProp::new(0.1).eps(-1.0);
    rmsprop_weight_decay: "RmsProp::weight_decay" => RmsProp::new(0.1).weight_decay(-1.0);
    adam_new: "Adam::new" => Adam::new(-0.1);
    adam_betas: "Adam::betas" => Adam::new(0.1).betas(0.9, 1.0);
    adam_eps: "Adam::eps" => Adam::new(0.1).eps(-1.0);
    adam_weight_decay: "Adam::weight_decay" => Adam::new(0.1).weight_decay(-1.0);
    adamw_new: "AdamW::new" => AdamW::new(-0.1);
    adamw_betas: "AdamW::betas" => AdamW::new(0.1).betas(1.0, 0.999);
    adamw_eps: "AdamW::eps" => AdamW::new(0.1).eps(-1.0);
    adamw_weight_decay: "AdamW::weight_decay" => AdamW::new(0.1).weight_decay(-1.0);
    schedule_learning_rate: "Schedule::learning_rate" =>
        Schedule::Step { step_size: 0, gamma: 0.5 }.learning_rate(0.1, 3);
}

/// Every optimizer by its name in [`optim::NAMES`], with the name its
/// methods panic under.
fn optimizers() -> Vec<(Box<dyn Optimizer>, &'static str)> {
    let types = [
        "Sgd", "Momentum", "Momentum", "AdaGrad", "RmsProp", "Adam", "AdamW",
    ];
    optim::NAMES
        .iter()
        .zip(types)
        .map(|(name, type_name)| (optim::by_name(name, 0.1).unwrap(), type_name))
        .collect()
}

#[test]
fn every_step_on_a_discarded_parameter_names_itself_not_value_grad() {
    for (mut optimizer, type_name) in optimizers() {
        let g = Graph::new();
        let w = discarded(&g);
        let call = format!("{type_name}::step");
        let message = names(&call, || optimizer.step(&[w]));
        assert!(
            message.contains("was discarded by Graph::truncate"),
            "{message}"
        );
    }
}

#[test]
fn every_set_learning_rate() {
    for (mut optimizer, type_name) in optimizers() {
        let call = format!("{type_name}::set_learning_rate");
        let message = names(&call, || optimizer.set_learning_rate(-1.0));
        assert_eq!(
            message,
            format!("{call}: the learning rate must be ≥ 0, got -1")
        );
    }
}

#[test]
fn optimizer_zero_grad() {
    let g = Graph::new();
    let w = discarded(&g);
    names("Optimizer::zero_grad", || Sgd::new(0.1).zero_grad(&[w]));
}

#[test]
fn optim_by_name_names_itself_not_the_constructor() {
    let message = names("optim::by_name", || {
        optim::by_name("adam", -0.1);
    });
    assert_eq!(
        message,
        "optim::by_name: the learning rate must be ≥ 0, got -0.1"
    );
    assert!(optim::by_name("lbfgs", -0.1).is_none()); // an unknown name is not a panic
}

// Training

fn moons() -> Dataset {
    data::moons(&data::MoonsConfig {
        samples: 20,
        ..Default::default()
    })
}

fn quiet(epochs: usize) -> TrainConfig {
    TrainConfig {
        epochs,
        progress: Progress::Never,
        ..TrainConfig::default()
    }
}

#[test]
fn trainer_fit() {
    let g = Graph::new();
    let mlp = Mlp::new(
        &g,
        3,
        &[4, 1],
        Activation::Relu,
        &mut StdRng::seed_from_u64(0),
    );
    let message = names("Trainer::fit", || {
        Trainer::new(&mlp, Box::new(Sgd::new(0.1)), quiet(1)).fit(&moons(), None);
    });
    assert_eq!(
        message,
        "Trainer::fit: the network takes 3 inputs but the data has 2 features"
    );
}

#[test]
fn trainer_fit_names_itself_for_its_schedule_and_a_discarded_network() {
    let g = Graph::new();
    let mlp = Mlp::new(
        &g,
        2,
        &[4, 1],
        Activation::Relu,
        &mut StdRng::seed_from_u64(0),
    );
    let step_0 = TrainConfig {
        schedule: Schedule::Step {
            step_size: 0,
            gamma: 0.5,
        },
        ..quiet(1)
    };
    names("Trainer::fit", || {
        Trainer::new(&mlp, Box::new(Sgd::new(0.1)), step_0).fit(&moons(), None);
    });
    let negative = TrainConfig {
        schedule: Schedule::Step {
            step_size: 1,
            gamma: -0.5,
        },
        ..quiet(2)
    };
    let message = names("Trainer::fit", || {
        Trainer::new(&mlp, Box::new(Sgd::new(0.1)), negative).fit(&moons(), None);
    });
    assert_eq!(
        message,
        "Trainer::fit: the schedule gives a learning rate of -0.05 at epoch 1; it must be ≥ 0"
    );
    g.truncate(0);
    names("Trainer::fit", || {
        Trainer::new(&mlp, Box::new(Sgd::new(0.1)), quiet(1)).fit(&moons(), None);
    });
}

#[test]
fn train_evaluate() {
    let g = Graph::new();
    let mlp = Mlp::new(
        &g,
        2,
        &[4, 3],
        Activation::Relu,
        &mut StdRng::seed_from_u64(0),
    );
    let message = names("train::evaluate", || {
        train::evaluate(&mlp, &moons(), Objective::Mse);
    });
    assert_eq!(
        message,
        "train::evaluate: objective Mse does not fit a classification dataset"
    );
}

#[test]
fn train_predict() {
    let g = Graph::new();
    let mlp = Mlp::new(
        &g,
        2,
        &[4, 1],
        Activation::Relu,
        &mut StdRng::seed_from_u64(0),
    );
    let message = names("train::predict", || {
        train::predict(&mlp, &[1.0, 2.0, 3.0]);
    });
    assert_eq!(message, "train::predict: expected 2 inputs, got 3");
}

// Datasets

#[test]
fn dataset_classification() {
    let message = names("Dataset::classification", || {
        Dataset::classification("d", vec![vec![1.0], vec![2.0]], &[0, 2], 2);
    });
    assert_eq!(
        message,
        "Dataset::classification: label 2 of example 1 is not below n_classes = 2"
    );
}

#[test]
fn dataset_regression() {
    names("Dataset::regression", || {
        Dataset::regression("d", vec![vec![1.0], vec![2.0, 3.0]], vec![0.0, 1.0]);
    });
}

/// Two classes whose second target is not a class index (targets are
/// public, so a caller can write any number there).
fn bad_labels() -> Dataset {
    let mut d = Dataset::classification("d", vec![vec![1.0], vec![2.0]], &[0, 1], 2);
    d.y[1] = 0.5;
    d
}

#[test]
fn dataset_labels() {
    let message = names("Dataset::labels", || {
        bad_labels().labels();
    });
    assert_eq!(
        message,
        "Dataset::labels: y[1] = 0.5 in \"d\" is not a class index 0..2"
    );
}

#[test]
fn dataset_class_counts_names_itself_not_labels() {
    let regression = Dataset::regression("r", vec![vec![1.0]], vec![0.5]);
    names("Dataset::class_counts", || {
        regression.class_counts();
    });
    names("Dataset::class_counts", || {
        bad_labels().class_counts();
    });
}

#[test]
fn dataset_subset() {
    names("Dataset::subset", || {
        moons().subset(&[20]);
    });
}

#[test]
fn dataset_split_names_itself_not_labels() {
    names("Dataset::split", || {
        moons().split(0.6, 0.6, 0);
    });
    names("Dataset::split", || {
        bad_labels().split(0.5, 0.0, 0);
    });
}

#[test]
fn dataset_batches() {
    names("Dataset::batches", || {
        moons().batches(0, 0);
    });
}

#[test]
fn standardizer_fit() {
    let empty = moons().subset(&[]);
    names("Standardizer::fit", || {
        Standardizer::fit(&empty);
    });
}

#[test]
fn standardizer_transform() {
    let standardizer = Standardizer::fit(&moons());
    let mut ragged = moons();
    ragged.x[3].push(1.0); // one row longer than the others
    let message = names("Standardizer::transform", || {
        standardizer.transform(&ragged);
    });
    assert_eq!(
        message,
        "Standardizer::transform: expected 2 features, got 3"
    );
}

#[test]
fn standardizer_transform_row() {
    let standardizer = Standardizer::fit(&moons());
    names("Standardizer::transform_row", || {
        standardizer.transform_row(&[1.0]);
    });
}

#[test]
fn standardizer_inverse_row() {
    let standardizer = Standardizer::fit(&moons());
    names("Standardizer::inverse_row", || {
        standardizer.inverse_row(&[1.0]);
    });
}

each_setting_names_itself! {
    data_moons: "data::moons" => data::moons(&data::MoonsConfig { noise: -1.0, ..Default::default() });
    data_circles: "data::circles" => data::circles(&data::CirclesConfig { factor: 1.0, ..Default::default() });
    data_spirals: "data::spirals" => data::spirals(&data::SpiralsConfig { turns: f64::INFINITY, ..Default::default() });
    data_xor: "data::xor" => data::xor(&data::XorConfig { noise: f64::NAN, ..Default::default() });
    data_blobs: "data::blobs" => data::blobs(&data::BlobsConfig { std: -1.0, ..Default::default() });
    data_regression_1d: "data::regression_1d" =>
        data::regression_1d(&data::Regression1dConfig { noise: -1.0, ..Default::default() });
}

/// CSV options with a byte that is not ASCII as the delimiter.
fn latin1_delimiter() -> CsvOptions {
    CsvOptions {
        delimiter: 0xA7, // '§' in Latin-1
        ..CsvOptions::default()
    }
}

#[test]
fn data_parse_csv() {
    let message = names("data::parse_csv", || {
        let _ = data::parse_csv("a§b\n1§2\n", Path::new("t.csv"), &latin1_delimiter());
    });
    assert_eq!(
        message,
        "data::parse_csv: the delimiter must be an ASCII byte, got 0xA7"
    );
}

#[test]
fn data_read_csv_names_itself_not_parse_csv() {
    names("data::read_csv", || {
        let _ = data::read_csv("does/not/matter.csv", &latin1_delimiter());
    });
}

// Issue 14: values a caller must not pass, refused by name instead of
// giving NaN (or a silent 0) later.

#[test]
fn binary_cross_entropy_refuses_a_target_outside_0_1() {
    let g = Graph::new();
    let p = g.value(0.5);
    let message = names("loss::binary_cross_entropy", || {
        loss::binary_cross_entropy(p, 2.0);
    });
    assert_eq!(
        message,
        "loss::binary_cross_entropy: the target must be a probability in [0, 1] (a class 0 or 1), got 2"
    );
    names("loss::binary_cross_entropy_with_logits", || {
        loss::binary_cross_entropy_with_logits(p, -1.0);
    });
    names("loss::binary_cross_entropy", || {
        loss::binary_cross_entropy(p, f64::NAN);
    });
    // 0, 1 and anything between are targets.
    for t in [0.0, 0.25, 1.0] {
        assert!(loss::binary_cross_entropy(p, t).data().is_finite());
    }
}

#[test]
fn hinge_refuses_a_label_other_than_plus_or_minus_one() {
    let g = Graph::new();
    let s = g.value(0.3);
    let message = names("loss::hinge", || {
        loss::hinge(s, 0.5);
    });
    assert_eq!(message, "loss::hinge: the label must be -1 or +1, got 0.5");
    names("loss::hinge", || {
        loss::hinge(s, 0.0);
    });
    // relu(1 - (-1)·0.3) = 1.3
    assert!((loss::hinge(s, -1.0).data() - 1.3).abs() < 1e-15);
}

#[test]
fn optimizers_refuse_an_infinite_learning_rate_or_decay() {
    let message = names("Sgd::new", || {
        Sgd::new(f64::INFINITY);
    });
    assert_eq!(
        message,
        "Sgd::new: the learning rate must be finite, got inf"
    );
    names("Adam::new", || {
        Adam::new(f64::INFINITY);
    });
    names("Momentum::new", || {
        Momentum::new(0.1, f64::INFINITY);
    });
    names("Sgd::weight_decay", || {
        let _ = Sgd::new(0.1).weight_decay(f64::INFINITY);
    });
    names("optim::by_name", || {
        optim::by_name("rmsprop", f64::INFINITY);
    });
    names("Sgd::set_learning_rate", || {
        Sgd::new(0.1).set_learning_rate(f64::INFINITY);
    });
}

#[test]
fn trainer_fit_refuses_an_l2_that_is_not_a_finite_number() {
    let g = Graph::new();
    let mlp = Mlp::new(
        &g,
        2,
        &[4, 1],
        Activation::Relu,
        &mut StdRng::seed_from_u64(0),
    );
    for l2 in [f64::NAN, f64::INFINITY, -1e-4] {
        let config = TrainConfig { l2, ..quiet(1) };
        let message = names("Trainer::fit", || {
            Trainer::new(&mlp, Box::new(Sgd::new(0.1)), config).fit(&moons(), None);
        });
        assert_eq!(
            message,
            format!("Trainer::fit: TrainConfig::l2 must be a finite number ≥ 0, got {l2}")
        );
    }
}

#[test]
fn evaluate_refuses_an_empty_dataset_instead_of_a_loss_of_0() {
    let g = Graph::new();
    let mlp = Mlp::new(
        &g,
        2,
        &[4, 1],
        Activation::Relu,
        &mut StdRng::seed_from_u64(0),
    );
    let empty = moons().subset(&[]);
    let message = names("train::evaluate", || {
        train::evaluate(&mlp, &empty, Objective::BinaryCrossEntropy);
    });
    assert!(
        message.ends_with("has no examples; the loss and accuracy of nothing are undefined"),
        "{message}"
    );
}
