//! Gradients as values (`scalargrad::grad`): second and third derivatives
//! against finite differences and known values, Hessians, Jacobians,
//! gradgradcheck, and custom ops of the second order.

use crate::common;

use common::expr::{build, near_a_kink, random_expr};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use scalargrad::gradcheck::gradgradcheck;
use scalargrad::{grad, hessian, jacobian, CustomOp, Graph, Value};

fn close(a: f64, b: f64, tolerance: f64) -> bool {
    (a - b).abs() <= tolerance * a.abs().max(b.abs()).max(1.0)
}

/// `f'(x)` by backward, for the central difference of the first derivative.
fn first_derivative(f: &dyn Fn(Value) -> Value, x: f64) -> f64 {
    let g = Graph::new();
    let v = g.value(x);
    f(v).backward();
    v.grad()
}

#[test]
fn the_third_derivative_of_sin_is_minus_cos() {
    let mut rng = StdRng::seed_from_u64(3);
    for _ in 0..100 {
        let at = rng.random_range(-4.0..4.0);
        let g = Graph::new();
        let x = g.value(at);
        let y = x.sin();
        let d1 = grad(y, &[x])[0];
        let d2 = grad(d1, &[x])[0];
        let d3 = grad(d2, &[x])[0];
        // cos, −sin, −cos
        assert!(close(d1.data(), at.cos(), 1e-15));
        assert!(close(d2.data(), -at.sin(), 1e-15));
        assert!(close(d3.data(), -at.cos(), 1e-15));
    }
}

#[test]
fn the_second_derivative_of_x_times_x_is_two() {
    // d(x·x)/dx = x + x = 10 at x = 5, and d²(x·x)/dx² = 2. The product's
    // rule must give its partials (x and x) as values that depend on x: a
    // backward that recorded them as constants would give 0 the second time.
    let g = Graph::new();
    let x = g.value(5.0);
    let d1 = grad(x * x, &[x])[0];
    assert_eq!(d1.data(), 10.0);
    assert_eq!(grad(d1, &[x])[0].data(), 2.0);
}

#[test]
fn every_op_has_the_second_derivative_of_central_differences_of_its_first() {
    // f'' against (f'(x + h) − f'(x − h)) / 2h, f' by backward, at 200 points
    // each, away from kinks.
    type Unary = fn(Value) -> Value;
    let ops: [(&str, Unary); 22] = [
        ("neg", |x| -x),
        ("exp", |x| x.exp()),
        ("ln", |x| (x * x + 0.5).ln()),
        ("sqrt", |x| (x * x + 0.5).sqrt()),
        ("sin", |x| x.sin()),
        ("cos", |x| x.cos()),
        ("tanh", |x| x.tanh()),
        ("sigmoid", |x| x.sigmoid()),
        ("relu", |x| x.relu() * x),
        ("abs", |x| x.abs() * x), // d/dx = 2|x|, d²/dx² = 2 sign x
        ("softplus", |x| x.softplus()),
        ("gelu", |x| x.gelu()),
        ("powf", |x| (x * x + 0.5).powf(1.7)),
        ("leaky_relu", |x| x.leaky_relu(0.1) * x),
        ("elu", |x| x.elu(0.7)),
        ("swish", |x| x.swish(1.5)),
        ("add sub", |x| (x + x.sin()) - x.cos()),
        ("mul", |x| x * x.exp()),
        ("div", |x| x.sin() / (x * x + 0.5)),
        ("pow", |x| (x * x + 0.5).pow(x.tanh())),
        ("prelu", |x| x.prelu(x.sin()) * x),
        ("sum dot affine", |x| {
            let g = x.graph();
            let ws = [x.sin(), x * 2.0];
            let xs = [x.exp(), x.cos()];
            g.sum(&ws) * g.dot(&ws, &xs) + g.affine(&ws, &xs, x * x)
        }),
    ];
    let mut rng = StdRng::seed_from_u64(4);
    let h = 1e-5;
    for (name, f) in ops {
        for _ in 0..200 {
            let mut at: f64 = rng.random_range(-2.5..2.5);
            if at.abs() < 0.05 {
                at += 0.1; // away from the kinks at 0
            }
            let g = Graph::new();
            let x = g.value(at);
            let d1 = grad(f(x), &[x])[0];
            let d2 = grad(d1, &[x])[0].data();
            let numeric = (first_derivative(&f, at + h) - first_derivative(&f, at - h)) / (2.0 * h);
            assert!(
                close(d2, numeric, 1e-5),
                "{name} at {at}: second derivative {d2}, central difference {numeric}"
            );
        }
    }
}

#[test]
fn grad_of_grad_on_random_expressions_matches_differences_of_the_gradient() {
    let mut rng = StdRng::seed_from_u64(5);
    let mut checked = 0;
    while checked < 300 {
        let expr = random_expr(&mut rng, 4, 2);
        let point = [rng.random_range(-1.5..1.5), rng.random_range(-1.5..1.5)];
        let g = Graph::new();
        let xs = g.values(&point);
        let y = build(&expr, &g, &xs);
        if near_a_kink(y, 1e-3) || !y.data().is_finite() {
            continue;
        }
        let report = gradgradcheck(|g, v| build(&expr, g, v), &point);
        assert!(report.passed(), "{expr:?} at {point:?}:\n{report}");
        checked += 1;
    }
}

#[test]
fn hessians_and_jacobians_of_known_functions() {
    // Rosenbrock (1 − x)² + 100(y − x²)² at (1, 1): [[802, −400], [−400, 200]].
    let h = hessian(
        |_g, v| (1.0 - v[0]).powf(2.0) + 100.0 * (v[1] - v[0] * v[0]).powf(2.0),
        &[1.0, 1.0],
    );
    assert_eq!(h, vec![vec![802.0, -400.0], vec![-400.0, 200.0]]);
    // The optimizers' valley 0.1·w₁² + 2·w₂²: H = diag(0.2, 4).
    let h = hessian(|_g, w| 0.1 * w[0] * w[0] + 2.0 * w[1] * w[1], &[3.0, -1.0]);
    assert_eq!(h, vec![vec![0.2, 0.0], vec![0.0, 4.0]]);
    // J of (x·y, sin x): [[y, x], [cos x, 0]].
    let j = jacobian(|_g, v| vec![v[0] * v[1], v[0].sin()], &[0.5, 2.0]);
    assert_eq!(j, vec![vec![2.0, 0.5], vec![0.5f64.cos(), 0.0]]);
}

#[test]
fn a_hessian_vector_product_and_a_gradient_penalty() {
    // f = x²y + y³: ∇f = (2xy, x² + 3y²); H = [[2y, 2x], [2x, 6y]].
    let g = Graph::new();
    let xs = g.values(&[1.0, 2.0]);
    let f = xs[0] * xs[0] * xs[1] + xs[1].powf(3.0);
    let gradient = grad(f, &xs);
    // H·v for v = (1, -1): the gradient of ∇f·v. [[4, 2], [2, 12]]·(1, −1) = (2, −10)
    let v = [1.0, -1.0];
    let dot = gradient[0] * v[0] + gradient[1] * v[1];
    let hv: Vec<f64> = grad(dot, &xs).iter().map(|d| d.data()).collect();
    assert_eq!(hv, vec![2.0, -10.0]);
    // A gradient penalty ‖∇f‖² trained by backward: ∂/∂x = 2(2xy)(2y) + 2(x²+3y²)(2x)
    // = 2·4·4 + 2·13·2 = 84 at (1, 2).
    let penalty = gradient[0] * gradient[0] + gradient[1] * gradient[1];
    penalty.backward();
    assert_eq!(xs[0].grad(), 84.0);
}

/// `x·y` with its partials as numbers only.
struct NumbersOnly;

impl CustomOp for NumbersOnly {
    fn name(&self) -> &str {
        "numbers_only"
    }
    fn forward(&self, v: &[f64]) -> f64 {
        v[0] * v[1]
    }
    fn partials(&self, v: &[f64], _out: f64) -> Vec<f64> {
        vec![v[1], v[0]]
    }
}

/// `x·y` with its partials also as values: `(y, x)`.
struct Twice;

impl CustomOp for Twice {
    fn name(&self) -> &str {
        "twice"
    }
    fn forward(&self, v: &[f64]) -> f64 {
        v[0] * v[1]
    }
    fn partials(&self, v: &[f64], _out: f64) -> Vec<f64> {
        vec![v[1], v[0]]
    }
    fn partials_as_values<'g>(&self, v: &[Value<'g>], _out: Value<'g>) -> Option<Vec<Value<'g>>> {
        Some(vec![v[1], v[0]])
    }
}

#[test]
fn a_custom_op_with_partials_as_values_differentiates_twice() {
    let g = Graph::new();
    let x = g.value(3.0);
    let y = g.custom(Twice, &[x, x]); // x²
    let d1 = grad(y, &[x])[0]; // 2x = 6
    assert_eq!(d1.data(), 6.0);
    assert_eq!(grad(d1, &[x])[0].data(), 2.0);
    // Its first derivative through grad works without the values too.
    let z = g.custom(NumbersOnly, &[x, x]);
    assert_eq!(first_of(z, x), 6.0);
}

fn first_of<'g>(y: Value<'g>, x: Value<'g>) -> f64 {
    y.backward();
    x.grad()
}

#[test]
#[should_panic(
    expected = "scalargrad::grad: cannot differentiate twice through CustomOp `numbers_only`"
)]
fn differentiating_through_a_first_order_custom_op_says_so() {
    let g = Graph::new();
    let x = g.value(3.0);
    grad(g.custom(NumbersOnly, &[x, x]), &[x]);
}

#[test]
fn the_derivatives_of_x_to_the_zero_are_zero_at_zero_too() {
    // x⁰ = 1 everywhere, so every derivative is 0, even at x = 0, where
    // 0·x⁻¹ would be 0·∞ = NaN.
    let g = Graph::new();
    let x = g.value(0.0);
    let d1 = grad(x.powf(0.0), &[x])[0];
    assert_eq!(d1.data(), 0.0);
    assert_eq!(grad(d1, &[x])[0].data(), 0.0);
}

#[test]
fn step_and_normal_cdf_are_the_derivatives_of_relu_and_gelu() {
    // relu'(x) = step(x) (0 at the kink, as relu's backward); gelu(x) =
    // x·Φ(x), so gelu'(x) = Φ(x) + x·φ(x); Φ(0) = ½.
    let g = Graph::new();
    for x in [-1.5, 0.0, 0.7] {
        let v = g.value(x);
        let relu_slope = grad(v.relu(), &[v])[0].data();
        assert_eq!(relu_slope, v.step().data(), "at {x}");
        let gelu_slope = grad(v.gelu(), &[v])[0].data();
        let phi = (-x * x / 2.0).exp() / (2.0 * std::f64::consts::PI).sqrt();
        assert!((gelu_slope - (v.normal_cdf().data() + x * phi)).abs() < 1e-15);
    }
    assert_eq!(g.value(0.0).normal_cdf().data(), 0.5);
    assert_eq!(g.value(0.0).step().data(), 0.0);
}
