//! Optimizers and learning-rate schedules refuse a caller's mistake with a
//! message that starts with the call the user made, at the user's line: one
//! test per public panicking entry point of `optim` (see `panics.rs` for
//! the engine).

mod common;

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
