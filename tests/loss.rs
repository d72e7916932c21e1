//! Losses: every loss against finite differences, stability at extreme
//! logits, the softmax cross-entropy gradient `p - y`, hand-computed values,
//! and error messages.

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use scalargrad::gradcheck::gradcheck;
use scalargrad::{loss, Graph, Value};

type LossFn = dyn for<'g> Fn(&'g Graph, &[Value<'g>]) -> Value<'g>;

#[test]
fn every_loss_passes_gradcheck() {
    let mut rng = StdRng::seed_from_u64(9);
    for _ in 0..50 {
        let point: Vec<f64> = (0..3).map(|_| rng.random_range(-3.0..3.0)).collect();
        let target = rng.random_range(0.0..1.0);
        let class = rng.random_range(0..3);
        let checks: Vec<(&str, Box<LossFn>)> = vec![
            ("mse", Box::new(|_, v| loss::mse(v, &[0.5, -1.0, 2.0]))),
            (
                "softmax_cross_entropy",
                Box::new(move |_, v| loss::softmax_cross_entropy(v, class)),
            ),
            (
                "bce",
                Box::new(move |_, v| loss::binary_cross_entropy(v[0].sigmoid(), target)),
            ),
            (
                "bce with logits",
                Box::new(move |_, v| loss::binary_cross_entropy_with_logits(v[0], target)),
            ),
            (
                "hinge",
                Box::new(|_, v| {
                    loss::hinge(v[0] + 5.0, 1.0)
                        + loss::hinge(v[1] - 5.0, -1.0)
                        + loss::hinge(v[2] * 0.1, 1.0)
                }),
            ),
            ("l2", Box::new(|_, v| loss::l2(v))),
            ("softmax", Box::new(|_, v| loss::softmax(v)[1] * 3.0)),
        ];
        for (name, f) in &checks {
            let report = gradcheck(f, &point);
            assert!(report.passed(), "{name} at {point:?}:\n{report}");
        }
    }
}

#[test]
fn softmax_cross_entropy_is_finite_at_logits_of_a_thousand() {
    let g = Graph::new();
    let logits = g.values(&[1000.0, -1000.0, 0.0]);
    let j = loss::softmax_cross_entropy(&logits, 1);
    j.backward();
    // p = (1, 0, 0) to machine precision; J = -ln p_1 = 1000 - (-1000) = 2000.
    assert_eq!(j.data(), 2000.0);
    // ∂J/∂z = p - y = (1, -1, 0)
    let grads: Vec<f64> = logits.iter().map(|z| z.grad()).collect();
    assert_eq!(grads, vec![1.0, -1.0, 0.0]);
}

#[test]
fn softmax_cross_entropy_gradient_is_p_minus_y() {
    let mut rng = StdRng::seed_from_u64(4);
    for _ in 0..100 {
        let g = Graph::new();
        let z: Vec<f64> = (0..4).map(|_| rng.random_range(-5.0..5.0)).collect();
        let class = rng.random_range(0..4);
        let logits = g.values(&z);
        loss::softmax_cross_entropy(&logits, class).backward();
        let total: f64 = z.iter().map(|v| v.exp()).sum();
        for (k, l) in logits.iter().enumerate() {
            let p = z[k].exp() / total;
            let y = if k == class { 1.0 } else { 0.0 };
            assert!((l.grad() - (p - y)).abs() < 1e-14);
        }
    }
}

#[test]
fn bce_with_logits_is_stable_and_matches_the_probability_form() {
    let g = Graph::new();
    for &(z, y) in &[(0.3, 1.0), (-2.0, 0.0), (1.5, 0.25)] {
        let a = loss::binary_cross_entropy_with_logits(g.value(z), y).data();
        let b = loss::binary_cross_entropy(g.value(z).sigmoid(), y).data();
        assert!((a - b).abs() < 1e-14, "{z} {y}");
    }
    // At z = 800 the probability form would take ln(1 - 1) = -∞.
    let big = loss::binary_cross_entropy_with_logits(g.value(800.0), 0.0);
    assert_eq!(big.data(), 800.0);
    // A confident right answer costs nothing, without NaN.
    assert_eq!(loss::binary_cross_entropy(g.value(1.0), 1.0).data(), 0.0);
}

#[test]
fn hinge_and_mse_match_hand_computation() {
    let g = Graph::new();
    let s = g.value(0.25);
    let h = loss::hinge(s, 1.0); // max(0, 1 - 0.25) = 0.75, ∂/∂s = -1
    h.backward();
    assert_eq!((h.data(), s.grad()), (0.75, -1.0));
    let p = g.values(&[1.0, 3.0]);
    let m = loss::mse(&p, &[0.0, 1.0]); // ((1)² + (2)²)/2 = 2.5; ∂/∂p = (1, 2)
    g.zero_grad();
    m.backward();
    assert_eq!(m.data(), 2.5);
    assert_eq!((p[0].grad(), p[1].grad()), (1.0, 2.0));
}

#[test]
#[should_panic(expected = "loss::softmax_cross_entropy: class 3 is out of range for 3 logits")]
fn softmax_cross_entropy_checks_the_class() {
    let g = Graph::new();
    loss::softmax_cross_entropy(&g.values(&[1.0, 2.0, 3.0]), 3);
}
