//! Zero initialization (the lesson's section 4): single-layer models still
//! learn from zeros, a zero-initialized ReLU MLP never breaks symmetry.

use rand::rngs::StdRng;
use rand::SeedableRng;
use scalargrad::nn::{
    Activation, Init, LinearRegression, LogisticRegression, Mlp, SoftmaxRegression,
};
use scalargrad::{loss, Graph, Value};

#[test]
fn zero_initialized_linear_models_get_nonzero_first_gradients() {
    let mut rng = StdRng::seed_from_u64(0);
    let x = [1.5, -0.5];

    let g = Graph::new();
    let linear = LinearRegression::new(&g, 2, Init::Zeros, &mut rng);
    loss::mse(&[linear.forward(&g.values(&x))], &[2.0]).backward();
    // ŷ = 0, J = (0 - 2)², ∂J/∂w_i = 2(ŷ - t)·x_i = -4·x_i
    let grads: Vec<f64> = linear.parameters().iter().map(|p| p.grad()).collect();
    assert_eq!(grads, vec![-6.0, 2.0, -4.0]);

    let g = Graph::new();
    let logistic = LogisticRegression::new(&g, 2, Init::Zeros, &mut rng);
    loss::binary_cross_entropy_with_logits(logistic.logit(&g.values(&x)), 1.0).backward();
    // z = 0, σ(0) = ½, ∂J/∂w_i = (σ(z) - y)·x_i = -½·x_i
    let grads: Vec<f64> = logistic.parameters().iter().map(|p| p.grad()).collect();
    assert_eq!(grads, vec![-0.75, 0.25, -0.5]);

    let g = Graph::new();
    let softmax = SoftmaxRegression::new(&g, 2, 3, Init::Zeros, &mut rng);
    loss::softmax_cross_entropy(&softmax.logits(&g.values(&x)), 2).backward();
    // p = (⅓, ⅓, ⅓), ∂J/∂w_ik = (p_k - y_k)·x_i: classes 0, 1 get ⅓·x_i, class 2 gets -⅔·x_i.
    let params = softmax.parameters();
    let w: Vec<f64> = params.iter().map(|p| p.grad()).collect();
    let third = 1.0 / 3.0;
    let expected = [
        third * 1.5,
        third * -0.5,
        third,
        third * 1.5,
        third * -0.5,
        third,
        (third - 1.0) * 1.5,
        (third - 1.0) * -0.5,
        third - 1.0,
    ];
    for (got, want) in w.iter().zip(expected) {
        assert!((got - want).abs() < 1e-15, "{w:?}");
    }
}

#[test]
fn a_zero_initialized_relu_mlp_never_breaks_symmetry() {
    let g = Graph::new();
    let mut rng = StdRng::seed_from_u64(0);
    let mlp = Mlp::builder(2)
        .init(Init::Zeros)
        .layer(4, Activation::Relu)
        .layer(3, Activation::Linear)
        .build(&g, &mut rng);
    let n = g.len();
    // Unbalanced classes, so that the output biases have something to learn
    // (with one example per class, mean(p_k - y_k) = ⅓ - ⅓ = 0).
    let data = [([1.0, 2.0], 0), ([-1.0, 0.5], 0), ([0.3, -2.0], 2)];
    for step in 0..50 {
        g.zero_grad();
        let losses: Vec<Value> = data
            .iter()
            .map(|(x, c)| loss::softmax_cross_entropy(&mlp.forward(&g.values(x)), *c))
            .collect();
        loss::mean(&losses).backward();
        let hidden = &mlp.layers()[0];
        // z = 0 everywhere, relu'(0) = 0: no gradient reaches a hidden weight.
        for p in hidden.parameters() {
            assert_eq!(p.grad(), 0.0, "step {step}");
        }
        for p in mlp.parameters() {
            p.set_data(p.data() - 0.5 * p.grad());
        }
        g.truncate(n);
        // The hidden units stay identical (all zero) …
        let w = hidden.weight_matrix();
        assert!(w.iter().flatten().all(|&x| x == 0.0), "step {step}");
    }
    // … while the output biases did learn something.
    let out_bias = mlp.layers()[1].bias_vector();
    assert!(out_bias.iter().any(|&b| b != 0.0));
}
