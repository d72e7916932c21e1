//! Optimizers and schedules: the first three updates of every optimizer on
//! `J = w²` against hand-derived numbers, PyTorch's defaults, L2 weight
//! decay as a penalty on the loss, per-parameter state, convergence on an
//! ill-conditioned quadratic, schedules, and error messages.
//!
//! Every trajectory goes through the real engine: build the loss,
//! `zero_grad`, `backward`, `step`, `truncate`.

use std::panic::{catch_unwind, AssertUnwindSafe};

use scalargrad::optim::{
    self, AdaGrad, Adam, AdamW, Momentum, Optimizer, RmsProp, Schedule, Sgd, NAMES,
};
use scalargrad::{Graph, Value};

/// Steps `opt` on the loss `loss(w)` from `w = start`, through the engine,
/// and returns `w` after each step.
fn trajectory(
    opt: &mut dyn Optimizer,
    start: f64,
    loss: impl for<'g> Fn(Value<'g>) -> Value<'g>,
    steps: usize,
) -> Vec<f64> {
    let g = Graph::new();
    let w = g.value(start);
    let n_params = g.len();
    (0..steps)
        .map(|_| {
            let j = loss(w);
            g.zero_grad();
            j.backward();
            opt.step(&[w]);
            g.truncate(n_params);
            w.data()
        })
        .collect()
}

/// The first three values of `w` on `J = w²` (so `g = 2w`) from `w = 1`.
fn three_steps_on_w_squared(opt: &mut dyn Optimizer) -> Vec<f64> {
    trajectory(opt, 1.0, |w| w * w, 3)
}

fn assert_close(actual: &[f64], expected: &[f64], tolerance: f64) {
    assert_eq!(actual.len(), expected.len());
    for (step, (a, e)) in actual.iter().zip(expected).enumerate() {
        assert!(
            (a - e).abs() <= tolerance,
            "after step {}: got {a}, expected {e} (difference {:e})",
            step + 1,
            a - e
        );
    }
}

// ---------------------------------------------------------------------------
// Three steps of each optimizer on J = w², from w = 1, by hand.

#[test]
fn sgd_takes_lr_times_the_gradient() {
    let w = three_steps_on_w_squared(&mut Sgd::new(0.1));
    // g0 = 2·1 = 2;        w1 = 1 - 0.1·2 = 0.8
    // g1 = 2·0.8 = 1.6;    w2 = 0.8 - 0.1·1.6 = 0.64
    // g2 = 2·0.64 = 1.28;  w3 = 0.64 - 0.1·1.28 = 0.512
    assert_close(&w, &[0.8, 0.64, 0.512], 1e-12);
}

#[test]
fn momentum_accumulates_a_velocity() {
    let w = three_steps_on_w_squared(&mut Momentum::new(0.1, 0.9));
    // g = 2;     v1 = 0.9·0 + 2 = 2;             w1 = 1 - 0.1·2 = 0.8
    // g = 1.6;   v2 = 0.9·2 + 1.6 = 3.4;         w2 = 0.8 - 0.1·3.4 = 0.46
    // g = 0.92;  v3 = 0.9·3.4 + 0.92 = 3.98;     w3 = 0.46 - 0.1·3.98 = 0.062
    assert_close(&w, &[0.8, 0.46, 0.062], 1e-12);
}

#[test]
fn momentum_with_dampening_averages_the_gradients_from_the_first_step() {
    let w = three_steps_on_w_squared(&mut Momentum::new(0.1, 0.9).dampening(0.9));
    // v = 0.9·v + (1 - 0.9)·g, from v = 0 (PyTorch would set v1 = g = 2 and
    // give w1 = 0.8 instead):
    // g = 2;       v1 = 0.9·0 + 0.1·2 = 0.2;                 w1 = 1 - 0.1·0.2 = 0.98
    // g = 1.96;    v2 = 0.9·0.2 + 0.1·1.96 = 0.376;          w2 = 0.98 - 0.0376 = 0.9424
    // g = 1.8848;  v3 = 0.9·0.376 + 0.1·1.8848 = 0.52688;    w3 = 0.9424 - 0.052688 = 0.889712
    assert_close(&w, &[0.98, 0.9424, 0.889712], 1e-12);
}

#[test]
fn nesterov_steps_with_the_gradient_plus_beta_times_the_velocity() {
    let w = three_steps_on_w_squared(&mut Momentum::new(0.1, 0.9).nesterov(true));
    // g = 2;       v1 = 2;                           g + 0.9·v1 = 2 + 1.8 = 3.8;
    //              w1 = 1 - 0.38 = 0.62
    // g = 1.24;    v2 = 0.9·2 + 1.24 = 3.04;         g + 0.9·v2 = 1.24 + 2.736 = 3.976;
    //              w2 = 0.62 - 0.3976 = 0.2224
    // g = 0.4448;  v3 = 0.9·3.04 + 0.4448 = 3.1808;  g + 0.9·v3 = 0.4448 + 2.86272 = 3.30752;
    //              w3 = 0.2224 - 0.330752 = -0.108352
    assert_close(&w, &[0.62, 0.2224, -0.108352], 1e-12);
}

#[test]
fn adagrad_divides_by_the_root_of_the_sum_of_squared_gradients() {
    let w = three_steps_on_w_squared(&mut AdaGrad::new(0.1).eps(0.0));
    // g = 2;    s1 = 4;              w1 = 1 - 0.1·2/√4 = 0.9
    // g = 1.8;  s2 = 4 + 3.24 = 7.24; w2 = 0.9 - 0.18/√7.24 ≈ 0.9 - 0.18/2.690725 ≈ 0.833104
    let w2 = 0.9 - 0.18 / 7.24_f64.sqrt();
    // g = 2·w2 ≈ 1.666207;  s3 = 7.24 + g² ≈ 10.016246;
    // w3 = w2 - 0.1·g/√s3 ≈ 0.833104 - 0.1666207/3.164845 ≈ 0.780456
    let g3 = 2.0 * w2;
    let w3 = w2 - 0.1 * g3 / (7.24 + g3 * g3).sqrt();
    assert_close(&w, &[0.9, w2, w3], 1e-12);
    assert!((w3 - 0.780456).abs() < 1e-6); // the decimals above
}

#[test]
fn rmsprop_divides_by_the_root_of_an_average_of_squared_gradients() {
    let w = three_steps_on_w_squared(&mut RmsProp::new(0.01).eps(0.0));
    // α = 0.99:
    // g = 2;    s1 = 0.01·4 = 0.04;                     w1 = 1 - 0.01·2/0.2 = 0.9
    // g = 1.8;  s2 = 0.99·0.04 + 0.01·3.24 = 0.072;     w2 = 0.9 - 0.018/√0.072
    //           (0.018/√0.072 = √(0.000324/0.072) = √0.0045 ≈ 0.067082, so w2 ≈ 0.832918)
    let w2 = 0.9 - 0.0045_f64.sqrt();
    // g = 2·w2 ≈ 1.665836;  s3 = 0.99·0.072 + 0.01·g² ≈ 0.099030;
    // w3 = w2 - 0.01·g/√s3 ≈ 0.832918 - 0.016658/0.314691 ≈ 0.779982
    let g3 = 2.0 * w2;
    let w3 = w2 - 0.01 * g3 / (0.99 * 0.072 + 0.01 * g3 * g3).sqrt();
    assert_close(&w, &[0.9, w2, w3], 1e-12);
    assert!((w3 - 0.779982).abs() < 1e-6);
}

#[test]
fn adam_corrects_both_moments_for_their_start_at_zero() {
    let w = three_steps_on_w_squared(&mut Adam::new(0.1).eps(0.0));
    // β1 = 0.9, β2 = 0.999.
    // t = 1, g = 2:   m1 = 0.1·2 = 0.2, v1 = 0.001·4 = 0.004;
    //                 m̂ = 0.2/0.1 = 2, v̂ = 0.004/0.001 = 4;  w1 = 1 - 0.1·2/2 = 0.9
    // t = 2, g = 1.8: m2 = 0.9·0.2 + 0.1·1.8 = 0.36;
    //                 v2 = 0.999·0.004 + 0.001·3.24 = 0.003996 + 0.00324 = 0.007236;
    //                 m̂ = 0.36/(1 - 0.81) = 0.36/0.19 ≈ 1.894737;
    //                 v̂ = 0.007236/(1 - 0.998001) = 0.007236/0.001999 ≈ 3.619810, √v̂ ≈ 1.902580;
    //                 w2 = 0.9 - 0.1·1.894737/1.902580 ≈ 0.800412
    let w2 = 0.9 - 0.1 * (0.36 / 0.19) / (0.007236 / 0.001999_f64).sqrt();
    // t = 3, g = 2·w2 ≈ 1.600824:
    //                 m3 = 0.9·0.36 + 0.1·g = 0.324 + 0.1·g ≈ 0.484082;
    //                 v3 = 0.999·0.007236 + 0.001·g² = 0.007228764 + 0.001·g² ≈ 0.009791403;
    //                 m̂ = m3/(1 - 0.729) = m3/0.271 ≈ 1.786282;
    //                 v̂ = v3/(1 - 0.997002999) = v3/0.002997001 ≈ 3.267067, √v̂ ≈ 1.807503;
    //                 w3 = w2 - 0.1·1.786282/1.807503 ≈ 0.701586
    let g3 = 2.0 * w2;
    let m3 = 0.324 + 0.1 * g3;
    let v3 = 0.007228764 + 0.001 * g3 * g3;
    let w3 = w2 - 0.1 * (m3 / 0.271) / (v3 / 0.002997001).sqrt();
    assert_close(&w, &[0.9, w2, w3], 1e-12);
    assert!((w2 - 0.800412).abs() < 1e-6 && (w3 - 0.701586).abs() < 1e-6);
}

#[test]
fn adamw_decays_the_weight_before_adams_step() {
    let w = three_steps_on_w_squared(&mut AdamW::new(0.1).eps(0.0));
    // λ = 0.01, so each step first multiplies w by 1 - 0.1·0.01 = 0.999; the
    // gradient g = 2w is the one backward computed, before the decay.
    // t = 1, g = 2:     decay 1 → 0.999; Adam's first step is lr·g/|g| = 0.1;
    //                   w1 = 0.999 - 0.1 = 0.899
    // t = 2, g = 1.798: decay 0.899 → 0.899 - 0.000899 = 0.898101;
    //                   m2 = 0.9·0.2 + 0.1·1.798 = 0.3598;
    //                   v2 = 0.999·0.004 + 0.001·1.798² = 0.003996 + 0.003232804 = 0.007228804;
    //                   m̂ = 0.3598/0.19 ≈ 1.893684, v̂ = 0.007228804/0.001999 ≈ 3.616210,
    //                   √v̂ ≈ 1.901634; w2 = 0.898101 - 0.1·1.893684/1.901634 ≈ 0.798519
    let w2 = 0.898101 - 0.1 * (0.3598 / 0.19) / (0.007228804 / 0.001999_f64).sqrt();
    // t = 3, g = 2·w2 ≈ 1.597038: decay w2 → w2 - 0.001·w2 ≈ 0.797721;
    //                   m3 = 0.9·0.3598 + 0.1·g = 0.32382 + 0.1·g ≈ 0.483524;
    //                   v3 = 0.999·0.007228804 + 0.001·g² = 0.007221575196 + 0.001·g² ≈ 0.009772106;
    //                   m̂ = m3/0.271 ≈ 1.784221, √(v3/0.002997001) ≈ 1.805721;
    //                   w3 ≈ 0.797721 - 0.098809 ≈ 0.698911
    let g3 = 2.0 * w2;
    let m3 = 0.32382 + 0.1 * g3;
    let v3 = 0.007221575196 + 0.001 * g3 * g3;
    let w3 = (w2 - 0.001 * w2) - 0.1 * (m3 / 0.271) / (v3 / 0.002997001).sqrt();
    assert_close(&w, &[0.899, w2, w3], 1e-12);
    assert!((w2 - 0.798519).abs() < 1e-6 && (w3 - 0.698911).abs() < 1e-6);
}

#[test]
fn sgd_with_weight_decay_adds_lambda_w_to_the_gradient() {
    let w = three_steps_on_w_squared(&mut Sgd::new(0.1).weight_decay(0.5));
    // g ← 2w + 0.5·w = 2.5·w, so each step multiplies w by 1 - 0.1·2.5 = 0.75:
    // w1 = 0.75, w2 = 0.5625, w3 = 0.421875
    assert_close(&w, &[0.75, 0.5625, 0.421875], 1e-12);
}

#[test]
fn adam_with_weight_decay_penalizes_the_gradient_not_the_weight() {
    let w = trajectory(
        &mut Adam::new(0.1).eps(0.0).weight_decay(0.5),
        1.0,
        |w| w * w,
        2,
    );
    // g ← 2w + 0.5·w = 2.5·w.
    // t = 1, g = 2.5:  w1 = 1 - 0.1 = 0.9 (Adam's first step ignores |g|)
    // t = 2, g = 2.25: m2 = 0.9·0.25 + 0.1·2.25 = 0.45;
    //                  v2 = 0.999·0.00625 + 0.001·5.0625 = 0.00624375 + 0.0050625 = 0.01130625;
    //                  w2 = 0.9 - 0.1·(0.45/0.19)/√(0.01130625/0.001999)
    let w2 = 0.9 - 0.1 * (0.45 / 0.19) / (0.01130625 / 0.001999_f64).sqrt();
    assert_close(&w, &[0.9, w2], 1e-12);
}

// ---------------------------------------------------------------------------
// Defaults and builders.

#[test]
fn default_eps_are_pytorchs() {
    // A gradient whose root-mean-square equals ε halves the step:
    // lr·g/(g + g) = lr/2.
    // AdaGrad, ε = 1e-10: g = 1e-10, s = 1e-20, √s = 1e-10;
    // w1 = 1 - 0.1·1e-10/(1e-10 + 1e-10) = 0.95
    let w = trajectory(&mut AdaGrad::new(0.1), 1.0, |w| w * 1e-10, 1);
    assert_close(&w, &[0.95], 1e-12);
    // RMSProp, α = 0.99, ε = 1e-8: g = 1e-7, s = 0.01·1e-14 = 1e-16, √s = 1e-8;
    // w1 = 1 - 0.1·1e-7/(1e-8 + 1e-8) = 1 - 0.1·5 = 0.5
    let w = trajectory(&mut RmsProp::new(0.1), 1.0, |w| w * 1e-7, 1);
    assert_close(&w, &[0.5], 1e-12);
    // Adam, ε = 1e-8: g = 1e-8, m̂ = 1e-8, √v̂ = 1e-8;
    // w1 = 1 - 0.1·1e-8/(2e-8) = 0.95
    let w = trajectory(&mut Adam::new(0.1), 1.0, |w| w * 1e-8, 1);
    assert_close(&w, &[0.95], 1e-12);
    // AdamW, λ = 0.01 too: w = 1 - 0.1·0.01·1 = 0.999, then - 0.05: 0.949
    let w = trajectory(&mut AdamW::new(0.1), 1.0, |w| w * 1e-8, 1);
    assert_close(&w, &[0.949], 1e-12);
}

#[test]
fn builders_are_honoured() {
    // First steps on J = w² from w = 1 (g = 2), lr 0.1.
    // AdaGrad, ε = 1: w1 = 1 - 0.1·2/(2 + 1) = 1 - 0.2/3
    let w = trajectory(&mut AdaGrad::new(0.1).eps(1.0), 1.0, |w| w * w, 1);
    assert_close(&w, &[1.0 - 0.2 / 3.0], 1e-12);
    // RMSProp, α = 0.75, ε = 0: s1 = 0.25·4 = 1; w1 = 1 - 0.1·2/1 = 0.8
    let w = trajectory(
        &mut RmsProp::new(0.1).alpha(0.75).eps(0.0),
        1.0,
        |w| w * w,
        1,
    );
    assert_close(&w, &[0.8], 1e-12);
    // RMSProp, ε = 1: s1 = 0.04, √s1 = 0.2; w1 = 1 - 0.2/1.2 = 5/6
    let w = trajectory(&mut RmsProp::new(0.1).eps(1.0), 1.0, |w| w * w, 1);
    assert_close(&w, &[5.0 / 6.0], 1e-12);
    // Adam, ε = 2: m̂ = 2, √v̂ = 2; w1 = 1 - 0.1·2/(2 + 2) = 0.95
    let w = trajectory(&mut Adam::new(0.1).eps(2.0), 1.0, |w| w * w, 1);
    assert_close(&w, &[0.95], 1e-12);
    // AdamW, λ = 0.5, ε = 2: w = 1 - 0.1·0.5·1 = 0.95, then - 0.05: 0.9
    let w = trajectory(
        &mut AdamW::new(0.1).weight_decay(0.5).eps(2.0),
        1.0,
        |w| w * w,
        1,
    );
    assert_close(&w, &[0.9], 1e-12);
    // Adam, β = (0.5, 0.5), ε = 0:
    // t = 1: m1 = 0.5·2 = 1, v1 = 0.5·4 = 2, m̂ = 2, v̂ = 4; w1 = 0.9
    // t = 2, g = 1.8: m2 = 0.5·1 + 0.5·1.8 = 1.4, v2 = 0.5·2 + 0.5·3.24 = 2.62;
    //        both corrections are 1 - 0.25 = 0.75, so m̂/√v̂ = (1.4/0.75)/√(2.62/0.75);
    //        w2 = 0.9 - 0.1·(1.4/0.75)/√(2.62/0.75)
    let w2 = 0.9 - 0.1 * (1.4 / 0.75) / (2.62 / 0.75_f64).sqrt();
    for opt in [
        &mut Adam::new(0.1).betas(0.5, 0.5).eps(0.0) as &mut dyn Optimizer,
        &mut AdamW::new(0.1).betas(0.5, 0.5).eps(0.0).weight_decay(0.0),
    ] {
        let w = trajectory(opt, 1.0, |w| w * w, 2);
        assert_close(&w, &[0.9, w2], 1e-12);
    }
}

// ---------------------------------------------------------------------------
// Identities.

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

// ---------------------------------------------------------------------------
// Convergence.

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

// ---------------------------------------------------------------------------
// Learning rates and schedules.

#[test]
fn set_learning_rate_is_honoured_and_keeps_the_state() {
    for name in NAMES {
        // A fresh optimizer moved to lr 0.25 steps like one made with 0.25.
        let mut opt = optim::by_name(name, 0.1).unwrap();
        opt.set_learning_rate(0.25);
        assert_eq!(opt.learning_rate(), 0.25, "{name}");
        let moved = trajectory(&mut *opt, 1.0, |w| w * w, 3);
        let made = trajectory(&mut *optim::by_name(name, 0.25).unwrap(), 1.0, |w| w * w, 3);
        assert_close(&moved, &made, 1e-15);
    }
    // Mid-run, momentum keeps its velocity:
    // lr 0.1, g = 2:   v1 = 2,                 w1 = 1 - 0.1·2 = 0.8
    // lr 0.5, g = 1.6: v2 = 0.9·2 + 1.6 = 3.4, w2 = 0.8 - 0.5·3.4 = -0.9
    let g = Graph::new();
    let w = g.value(1.0);
    let mut opt = Momentum::new(0.1, 0.9);
    (w * w).backward();
    opt.step(&[w]);
    assert!((w.data() - 0.8).abs() < 1e-12);
    opt.set_learning_rate(0.5);
    g.zero_grad();
    (w * w).backward();
    opt.step(&[w]);
    assert!((w.data() + 0.9).abs() < 1e-12);
}

#[test]
fn constant_and_step_schedules() {
    assert_eq!(Schedule::Constant.learning_rate(0.3, 0), 0.3);
    assert_eq!(Schedule::Constant.learning_rate(0.3, 1_000_000), 0.3);
    assert_eq!(Schedule::default(), Schedule::Constant);
    let step = Schedule::Step {
        step_size: 10,
        gamma: 0.5,
    };
    // 0.8·0.5^⌊k/10⌋
    for (k, expected) in [
        (0, 0.8),
        (9, 0.8),
        (10, 0.4),
        (19, 0.4),
        (25, 0.2),
        (30, 0.1),
    ] {
        assert!(
            (step.learning_rate(0.8, k) - expected).abs() < 1e-15,
            "k = {k}"
        );
    }
}

#[test]
fn linear_schedule_reproduces_micrograds_demo() {
    // micrograd's demo.ipynb: learning_rate = 1.0 - 0.9*k/100 for k in 0..100.
    let schedule = Schedule::Linear {
        start_factor: 1.0,
        end_factor: 0.1,
        total_steps: 100,
    };
    // k = 0: 1.0;  k = 37: 1 - 0.333 = 0.667;  k = 99: 1 - 0.891 = 0.109
    for (k, by_hand) in [(0, 1.0), (37, 0.667), (99, 0.109)] {
        let micrograd = 1.0 - 0.9 * k as f64 / 100.0;
        let lr = schedule.learning_rate(1.0, k);
        assert!(
            (lr - micrograd).abs() < 1e-15,
            "k = {k}: {lr} vs {micrograd}"
        );
        assert!((lr - by_hand).abs() < 1e-15, "k = {k}: {lr} vs {by_hand}");
    }
    // Then it stays at the end factor: 1.0·0.1.
    assert!((schedule.learning_rate(1.0, 100) - 0.1).abs() < 1e-15);
    assert!((schedule.learning_rate(1.0, 5000) - 0.1).abs() < 1e-15);
}

#[test]
fn linear_schedule_warms_up() {
    let warm_up = Schedule::Linear {
        start_factor: 0.1,
        end_factor: 1.0,
        total_steps: 10,
    };
    // base 0.5: factor 0.1 + 0.9·k/10
    // k = 0: 0.5·0.1 = 0.05;  k = 5: 0.5·0.55 = 0.275;  k ≥ 10: 0.5
    for (k, expected) in [(0, 0.05), (5, 0.275), (10, 0.5), (11, 0.5)] {
        assert!(
            (warm_up.learning_rate(0.5, k) - expected).abs() < 1e-15,
            "k = {k}"
        );
    }
    let no_steps = Schedule::Linear {
        start_factor: 0.1,
        end_factor: 0.2,
        total_steps: 0,
    };
    assert!((no_steps.learning_rate(1.0, 0) - 0.2).abs() < 1e-15);
}

#[test]
fn cosine_schedule_follows_half_a_cosine() {
    let cosine = Schedule::Cosine {
        total_steps: 100,
        min_lr: 0.01,
    };
    // base 0.1: 0.01 + 0.09·(1 + cos(π·k/100))/2
    // k = 0:   cos 0 = 1:           0.01 + 0.09 = 0.1
    // k = 25:  cos(π/4) = √2/2:     0.01 + 0.045·(1 + √2/2) ≈ 0.086820
    // k = 50:  cos(π/2) = 0:        0.01 + 0.045 = 0.055
    // k = 75:  cos(3π/4) = -√2/2:   0.01 + 0.045·(1 - √2/2) ≈ 0.023180
    // k ≥ 100: cos π = -1:          0.01
    let half_root_2 = 2.0_f64.sqrt() / 2.0;
    for (k, expected) in [
        (0, 0.1),
        (25, 0.01 + 0.045 * (1.0 + half_root_2)),
        (50, 0.055),
        (75, 0.01 + 0.045 * (1.0 - half_root_2)),
        (100, 0.01),
        (150, 0.01),
    ] {
        let lr = cosine.learning_rate(0.1, k);
        assert!((lr - expected).abs() < 1e-15, "k = {k}: {lr} vs {expected}");
    }
}

#[test]
#[should_panic(expected = "Schedule::learning_rate: Step needs a step_size of at least 1, got 0")]
fn a_step_schedule_of_size_zero_panics() {
    Schedule::Step {
        step_size: 0,
        gamma: 0.5,
    }
    .learning_rate(0.1, 3);
}

// ---------------------------------------------------------------------------
// Names and errors.

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
