//! Optimizers by name, and their error messages: `by_name` knows every
//! name, and a wrong parameter count or argument is refused with a message
//! naming the call.

use crate::common;

use std::panic::{catch_unwind, AssertUnwindSafe};

use common::optim::trajectory;
use scalargrad::optim::{self, Adam, Optimizer, Sgd, NAMES};
use scalargrad::Graph;

#[test]
fn by_name_knows_every_name() {
    // One step on J = w² from w = 1 (g = 2) with lr 0.1 and the defaults:
    let first_steps = [
        ("sgd", 0.8),       // 1 - 0.1·2
        ("momentum", 0.8),  // v = 2
        ("nesterov", 0.62), // 1 - 0.1·(2 + 0.9·2)
        ("adagrad", 0.9),   // 1 - 0.1·2/(√4 + 1e-10)
        ("rmsprop", 0.0),   // 1 - 0.1·2/(√(0.01·4) + 1e-8) = 1 - 0.2/0.2
        ("adam", 0.9),      // 1 - 0.1·2/(√4 + 1e-8)
        ("adamw", 0.899),   // 1 - 0.1·0.01·1 = 0.999, then - 0.1
    ];
    assert_eq!(first_steps.map(|(name, _)| name), NAMES);
    for (name, expected) in first_steps {
        let mut opt = optim::by_name(name, 0.1).unwrap_or_else(|| panic!("{name}"));
        assert_eq!(opt.name(), name);
        assert_eq!(opt.learning_rate(), 0.1);
        // ε moves these by at most 0.1·2·1e-8/0.2² = 5e-8.
        let w = trajectory(&mut *opt, 1.0, |w| w * w, 1);
        assert!((w[0] - expected).abs() < 1e-7, "{name}: {w:?}");
    }
    assert!(optim::by_name("lbfgs", 0.1).is_none());
    assert!(optim::by_name("", 0.1).is_none());
}

#[test]
#[should_panic(expected = "Adam::step: the optimizer's state was built for 2 parameters, got 3")]
fn adam_panics_when_the_number_of_parameters_changes() {
    let g = Graph::new();
    let params = g.values(&[1.0, 2.0, 3.0]);
    let mut adam = Adam::new(0.1);
    adam.step(&params[..2]);
    adam.step(&params);
}

#[test]
fn every_optimizer_with_state_names_itself_and_both_sizes() {
    let expected = [
        ("momentum", "Momentum::step"),
        ("nesterov", "Momentum::step"),
        ("adagrad", "AdaGrad::step"),
        ("rmsprop", "RmsProp::step"),
        ("adam", "Adam::step"),
        ("adamw", "AdamW::step"),
    ];
    for (name, call) in expected {
        let g = Graph::new();
        let params = g.values(&[1.0, 2.0]);
        let mut opt = optim::by_name(name, 0.1).unwrap();
        opt.step(&params[..1]);
        let before = params[0].data();
        let panic = catch_unwind(AssertUnwindSafe(|| opt.step(&params))).unwrap_err();
        let message = panic.downcast_ref::<String>().unwrap();
        assert!(
            message.starts_with(&format!(
                "{call}: the optimizer's state was built for 1 parameter, got 2"
            )),
            "{name}: {message}"
        );
        assert_eq!(params[0].data(), before, "{name}: the failed step wrote");
    }
    // Plain SGD has no state: any number of parameters is fine.
    let g = Graph::new();
    let params = g.values(&[1.0, 2.0]);
    let mut sgd = Sgd::new(0.1);
    sgd.step(&params[..1]);
    sgd.step(&params);
}

#[test]
#[should_panic(expected = "Adam::betas: beta1 must be in [0, 1), got 1")]
fn a_beta_of_one_is_refused() {
    let _ = Adam::new(0.1).betas(1.0, 0.999);
}

#[test]
#[should_panic(expected = "Sgd::set_learning_rate: the learning rate must be ≥ 0, got -0.1")]
fn a_negative_learning_rate_is_refused() {
    Sgd::new(0.1).set_learning_rate(-0.1);
}
