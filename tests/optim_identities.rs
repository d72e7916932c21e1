//! Optimizers: identities that hold for every optimizer (L2 weight decay is
//! a penalty on the loss, state is kept per parameter position, `zero_grad`
//! touches only its parameters) and convergence on an ill-conditioned
//! quadratic.

use crate::common;

use common::optim::{assert_close, trajectory};
use scalargrad::optim::{self, AdaGrad, Adam, AdamW, Momentum, Optimizer, RmsProp, Sgd, NAMES};
use scalargrad::Graph;

/// Each optimizer with weight decay and PyTorch's defaults otherwise.
type MakeOptimizer = fn(weight_decay: f64) -> Box<dyn Optimizer>;

#[test]
fn l2_weight_decay_is_a_penalty_of_half_lambda_w_squared_on_the_loss() {
    // ∂/∂w (λ/2)·w² = λ·w: stepping on J with .weight_decay(λ) is stepping on
    // J + (λ/2)·w² without it.
    let makers: [(&str, MakeOptimizer); 6] = [
        ("sgd", |wd| Box::new(Sgd::new(0.05).weight_decay(wd))),
        ("momentum", |wd| {
            Box::new(Momentum::new(0.05, 0.9).weight_decay(wd))
        }),
        ("nesterov", |wd| {
            Box::new(Momentum::new(0.05, 0.9).nesterov(true).weight_decay(wd))
        }),
        ("adagrad", |wd| {
            Box::new(AdaGrad::new(0.05).weight_decay(wd))
        }),
        ("rmsprop", |wd| {
            Box::new(RmsProp::new(0.05).weight_decay(wd))
        }),
        ("adam", |wd| Box::new(Adam::new(0.05).weight_decay(wd))),
    ];
    let lambda = 0.3;
    for (name, make) in makers {
        let decayed = trajectory(&mut *make(lambda), 1.5, |w| (w - 0.5).powf(2.0), 5);
        let penalized = trajectory(
            &mut *make(0.0),
            1.5,
            |w| (w - 0.5).powf(2.0) + w * w * (lambda / 2.0),
            5,
        );
        for (a, b) in decayed.iter().zip(&penalized) {
            assert!(
                (a - b).abs() < 1e-12,
                "{name}: {decayed:?} vs {penalized:?}"
            );
        }
        assert!(decayed[4] != 1.5, "{name} did not move");
    }
}

#[test]
fn state_is_kept_per_parameter_position() {
    // J = a² + 3b² separates: stepping [a, b] together must give the same
    // trajectories as stepping a on a² and b on 3b² with two optimizers.
    for name in NAMES {
        let g = Graph::new();
        let params = g.values(&[1.0, -2.0]);
        let (a, b) = (params[0], params[1]);
        let n_params = g.len();
        let mut together = optim::by_name(name, 0.05).unwrap();
        let mut a_values = vec![];
        let mut b_values = vec![];
        for _ in 0..5 {
            let j = a * a + b * b * 3.0;
            g.zero_grad();
            j.backward();
            together.step(&params);
            g.truncate(n_params);
            a_values.push(a.data());
            b_values.push(b.data());
        }
        let a_alone = trajectory(&mut *optim::by_name(name, 0.05).unwrap(), 1.0, |w| w * w, 5);
        let b_alone = trajectory(
            &mut *optim::by_name(name, 0.05).unwrap(),
            -2.0,
            |w| w * w * 3.0,
            5,
        );
        assert_close(&a_values, &a_alone, 1e-12);
        assert_close(&b_values, &b_alone, 1e-12);
    }
}

#[test]
fn zero_grad_zeroes_only_the_given_parameters() {
    let g = Graph::new();
    let params = g.values(&[1.0, 2.0, 3.0]);
    (params[0] * params[1] * params[2]).backward();
    assert_eq!(params[2].grad(), 2.0); // ∂(xyz)/∂z = xy
    Sgd::new(0.1).zero_grad(&params[..2]);
    assert_eq!(params[0].grad(), 0.0);
    assert_eq!(params[1].grad(), 0.0);
    assert_eq!(params[2].grad(), 2.0);
}

#[test]
fn every_optimizer_lowers_an_ill_conditioned_quadratic() {
    // J = 0.1·w1² + 2·w2²: curvatures 0.2 and 4, a condition number of 20.
    // From (-4, 2), J = 0.1·16 + 2·4 = 9.6.
    let runs: [(&str, Box<dyn Optimizer>); 9] = [
        ("sgd", Box::new(Sgd::new(0.2))),
        ("momentum", Box::new(Momentum::new(0.05, 0.9))),
        (
            "momentum, dampening 0.9",
            Box::new(Momentum::new(0.3, 0.9).dampening(0.9)),
        ),
        (
            "nesterov",
            Box::new(Momentum::new(0.05, 0.9).nesterov(true)),
        ),
        ("adagrad", Box::new(AdaGrad::new(1.0))),
        ("rmsprop", Box::new(RmsProp::new(0.05))),
        ("adam", Box::new(Adam::new(0.2))),
        ("adamw", Box::new(AdamW::new(0.2))),
        (
            "sgd, weight decay",
            Box::new(Sgd::new(0.2).weight_decay(0.1)),
        ),
    ];
    for (name, mut opt) in runs {
        let g = Graph::new();
        let params = g.values(&[-4.0, 2.0]);
        let n_params = g.len();
        let loss = || params[0] * params[0] * 0.1 + params[1] * params[1] * 2.0;
        assert_eq!(loss().data(), 9.6);
        for _ in 0..100 {
            let j = loss();
            g.zero_grad();
            j.backward();
            opt.step(&params);
            g.truncate(n_params);
        }
        let end = loss().data();
        assert!(end < 0.01, "{name}: J = 9.6 → {end} after 100 steps");
    }
}
