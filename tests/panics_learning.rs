//! Losses, optimizers and learning-rate schedules refuse a caller's mistake
//! with a message that starts with the call the user made, at the user's
//! line: one test per public panicking entry point of `loss` and `optim`
//! (see `panics.rs` for the engine).

mod common;

use scalargrad::loss::{self, Objective};
use scalargrad::optim::{self, AdaGrad, Adam, AdamW, Momentum, Optimizer, RmsProp, Schedule, Sgd};
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
