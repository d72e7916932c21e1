//! Learning rates and schedules: `set_learning_rate` keeps an optimizer's
//! state, and every schedule follows its formula (micrograd's demo among
//! them).

use crate::common;

use common::optim::{assert_close, trajectory};
use scalargrad::optim::{self, Momentum, Optimizer, Schedule, NAMES};
use scalargrad::Graph;

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
