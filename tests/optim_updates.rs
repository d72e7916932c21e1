//! Optimizers, update by update: the first steps of every optimizer on
//! `J = w²` against hand-derived numbers, with and without weight decay,
//! PyTorch's defaults and the builders.
//!
//! Every trajectory goes through the real engine: build the loss,
//! `zero_grad`, `backward`, `step`, `truncate`.

use crate::common;

use common::optim::{assert_close, trajectory};
use scalargrad::optim::{AdaGrad, Adam, AdamW, Momentum, Optimizer, RmsProp, Sgd};

/// The first three values of `w` on `J = w²` (so `g = 2w`) from `w = 1`.
fn three_steps_on_w_squared(opt: &mut dyn Optimizer) -> Vec<f64> {
    trajectory(opt, 1.0, |w| w * w, 3)
}

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
