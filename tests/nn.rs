//! Neurons, layers and MLPs: the lesson's identities on random networks,
//! finite-difference checks, zero initialization, and error messages.

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use scalargrad::gradcheck::gradcheck;
use scalargrad::nn::{
    Activation, GradientTable, Init, Layer, LayerSpec, LinearRegression, LogisticRegression, Mlp,
    Neuron, OutputLoss, SoftmaxRegression,
};
use scalargrad::{loss, Graph, Value};

fn random_activation(rng: &mut StdRng) -> Activation {
    Activation::ALL[rng.random_range(0..Activation::ALL.len())]
}

fn random_init(rng: &mut StdRng) -> Init {
    [
        Init::MICROGRAD,
        Init::XavierUniform,
        Init::XavierNormal,
        Init::HeUniform,
        Init::HeNormal,
        Init::Normal {
            mean: 0.1,
            std: 0.7,
        },
    ][rng.random_range(0..6)]
}

/// A random network: 1–3 layers of 1–5 neurons, any activations, some
/// layers without bias, biases drawn at random too.
fn random_mlp<'g>(g: &'g Graph, rng: &mut StdRng, n_inputs: usize, n_outputs: usize) -> Mlp<'g> {
    let n_layers = rng.random_range(1..4);
    let mut builder = Mlp::builder(n_inputs).bias_init(Init::Uniform(-0.5, 0.5));
    for l in 0..n_layers {
        let size = if l + 1 == n_layers {
            n_outputs
        } else {
            rng.random_range(1..6)
        };
        let mut spec = LayerSpec::new(size, random_activation(rng)).init(random_init(rng));
        if rng.random_range(0..4) == 0 {
            spec = spec.without_bias();
        }
        builder = builder.layer_spec(spec);
    }
    builder.build(g, rng)
}

fn random_loss(rng: &mut StdRng, n_outputs: usize) -> OutputLoss {
    match rng.random_range(0..4) {
        0 => OutputLoss::Mse(
            (0..n_outputs)
                .map(|_| rng.random_range(-1.0..1.0))
                .collect(),
        ),
        1 => OutputLoss::SoftmaxCrossEntropy(rng.random_range(0..n_outputs)),
        2 if n_outputs == 1 => OutputLoss::Hinge(if rng.random_bool(0.5) { 1.0 } else { -1.0 }),
        _ if n_outputs == 1 => OutputLoss::BinaryCrossEntropyWithLogits(rng.random_range(0.0..1.0)),
        _ => OutputLoss::Mse(vec![0.5; n_outputs]),
    }
}

#[test]
fn gradient_table_rows_agree_for_random_networks_and_batches() {
    let mut rng = StdRng::seed_from_u64(3);
    for case in 0..200 {
        let g = Graph::new();
        let (n_in, n_out) = (rng.random_range(1..4), rng.random_range(1..4));
        let mlp = random_mlp(&g, &mut rng, n_in, n_out);
        let batch = rng.random_range(1..5);
        let traces: Vec<_> = (0..batch)
            .map(|_| {
                let x: Vec<f64> = (0..n_in).map(|_| rng.random_range(-2.0..2.0)).collect();
                mlp.forward_trace(&g.values(&x))
            })
            .collect();
        let losses: Vec<Value> = traces
            .iter()
            .map(|t| random_loss(&mut rng, n_out).record(t.outputs()))
            .collect();
        loss::mean(&losses).backward();
        for layer in 0..mlp.layers().len() {
            let table = GradientTable::new(&mlp, &traces, layer);
            assert!(table.agrees(), "case {case}, layer {layer}:\n{table}");
            assert_eq!(table.examples, batch);
        }
    }
}

#[test]
fn textbook_recursion_agrees_with_autograd_for_random_networks() {
    let mut rng = StdRng::seed_from_u64(5);
    for case in 0..200 {
        let g = Graph::new();
        let (n_in, n_out) = (rng.random_range(1..4), rng.random_range(1..4));
        let mlp = random_mlp(&g, &mut rng, n_in, n_out);
        let x: Vec<f64> = (0..n_in).map(|_| rng.random_range(-2.0..2.0)).collect();
        let output_loss = random_loss(&mut rng, n_out);
        let trace = mlp.forward_trace(&g.values(&x));
        output_loss.record(trace.outputs()).backward();

        let by_hand = mlp.backprop_by_hand(&x, &output_loss);
        let scale = mlp
            .parameters()
            .iter()
            .map(|p| p.grad().abs())
            .fold(1.0, f64::max);
        let diff = by_hand.max_difference(&mlp);
        assert!(
            diff <= 1e-12 * scale,
            "case {case}: recursion differs by {diff}"
        );
        // The forward numbers are the graph's, and e⁽ˡ⁾ is z⁽ˡ⁾.grad().
        for (hand, graph) in by_hand.layers.iter().zip(&trace.layers) {
            for (z, zv) in hand.pre_activations.iter().zip(&graph.pre_activations) {
                assert_eq!(*z, zv.data(), "case {case}");
            }
            for (e, zv) in hand.errors.iter().zip(&graph.pre_activations) {
                assert!((e - zv.grad()).abs() <= 1e-12 * scale, "case {case}");
            }
        }
    }
}

#[test]
fn every_activation_inside_a_neuron_passes_gradcheck() {
    let mut rng = StdRng::seed_from_u64(8);
    for act in Activation::ALL {
        for _ in 0..20 {
            // point = [w0, w1, w2, b, slope, x0, x1, x2]
            let point: Vec<f64> = (0..8).map(|_| rng.random_range(-1.5..1.5)).collect();
            let g = Graph::new();
            let vals = g.values(&point);
            let z = g.affine(&vals[0..3], &vals[5..8], vals[3]).data();
            if z.abs() < 1e-3 {
                continue; // a kink of relu and its kin
            }
            let report = gradcheck(
                |_g, v| {
                    Neuron::from_values(&v[0..3], Some(v[3]), Some(v[4]), act).forward(&v[5..8])
                },
                &point,
            );
            assert!(report.passed(), "{} at {point:?}:\n{report}", act.name());
        }
    }
}

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
fn a_whole_mlp_passes_gradcheck_in_every_parameter() {
    // 2 → 3 (tanh) → 2 (swish) → 1 (linear): 9 + 8 + 3 = 20 parameters,
    // then 2 inputs, all gradcheck inputs.
    fn network<'g>(v: &[Value<'g>]) -> Mlp<'g> {
        let mut p = 0;
        let mut layer = |n_in: usize, n_out: usize, act: Activation| {
            let neurons = (0..n_out)
                .map(|_| {
                    let n = Neuron::from_values(&v[p..p + n_in], Some(v[p + n_in]), None, act);
                    p += n_in + 1;
                    n
                })
                .collect();
            Layer::from_neurons(neurons)
        };
        let layers = vec![
            layer(2, 3, Activation::Tanh),
            layer(3, 2, Activation::SWISH),
            layer(2, 1, Activation::Linear),
        ];
        Mlp::from_layers(layers)
    }
    let mut rng = StdRng::seed_from_u64(10);
    let point: Vec<f64> = (0..22).map(|_| rng.random_range(-1.0..1.0)).collect();
    let report = gradcheck(
        |_g, v| {
            let mlp = network(v);
            assert_eq!(mlp.parameters().len(), 20);
            loss::mse(&mlp.forward(&v[20..22]), &[0.3])
        },
        &point,
    );
    assert!(report.passed(), "{report}");
    assert_eq!(report.inputs.len(), 22);
}

#[test]
fn parameters_come_in_micrograds_order() {
    let g = Graph::new();
    let layer = Layer::from_weights(
        &g,
        &[vec![1.0, 2.0], vec![3.0, 4.0]],
        Some(&[5.0, 6.0]),
        Activation::Relu,
    );
    let values: Vec<f64> = layer.parameters().iter().map(|p| p.data()).collect();
    assert_eq!(values, vec![1.0, 2.0, 5.0, 3.0, 4.0, 6.0]); // w, w, b per neuron

    let prelu = Layer::from_weights(&g, &[vec![1.0]], Some(&[2.0]), Activation::PRELU);
    let values: Vec<f64> = prelu.parameters().iter().map(|p| p.data()).collect();
    assert_eq!(values, vec![1.0, 2.0, 0.25]); // weight, bias, slope
}

#[test]
fn a_one_neuron_layer_feeds_the_next_layer() {
    let g = Graph::new();
    let mut rng = StdRng::seed_from_u64(1);
    let mlp = Mlp::new(&g, 2, &[1, 3, 1], Activation::Tanh, &mut rng);
    let y = mlp.forward(&g.values(&[0.5, -0.5]));
    assert_eq!(y.len(), 1);
    assert_eq!(mlp.layers()[1].n_inputs(), 1);
}

#[test]
fn the_last_layer_of_mlp_new_is_linear() {
    let g = Graph::new();
    let mut rng = StdRng::seed_from_u64(1);
    let mlp = Mlp::new(&g, 2, &[4, 4, 2], Activation::Relu, &mut rng);
    let acts: Vec<Activation> = mlp.layers().iter().map(|l| l.activation()).collect();
    assert_eq!(
        acts,
        vec![Activation::Relu, Activation::Relu, Activation::Linear]
    );
    // micrograd's init: weights in [-1, 1), biases 0.
    for layer in mlp.layers() {
        for n in layer.neurons() {
            assert!(n.weights().iter().all(|w| (-1.0..1.0).contains(&w.data())));
            assert_eq!(n.bias().unwrap().data(), 0.0);
        }
    }
}

#[test]
fn a_seed_reproduces_the_parameters_exactly() {
    let build = |seed| {
        let g = Graph::new();
        let mut rng = StdRng::seed_from_u64(seed);
        let mlp = Mlp::builder(3)
            .init(Init::HeNormal)
            .layer(5, Activation::Relu)
            .layer(2, Activation::Linear)
            .build(&g, &mut rng);
        mlp.parameter_values()
    };
    assert_eq!(build(42), build(42));
    assert_ne!(build(42), build(43));
}

#[test]
fn initializers_respect_their_bounds_and_spread() {
    let mut rng = StdRng::seed_from_u64(11);
    let (fan_in, fan_out) = (50, 30);
    let draw = |init: Init, rng: &mut StdRng| -> Vec<f64> {
        (0..20_000)
            .map(|_| init.sample(rng, fan_in, fan_out))
            .collect()
    };
    let std = |xs: &[f64]| {
        let m = xs.iter().sum::<f64>() / xs.len() as f64;
        (xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / xs.len() as f64).sqrt()
    };
    // Xavier uniform: bound √(6/80); He uniform: bound √(6/50).
    assert!(draw(Init::XavierUniform, &mut rng)
        .iter()
        .all(|w| w.abs() <= (6.0f64 / 80.0).sqrt()));
    assert!(draw(Init::HeUniform, &mut rng)
        .iter()
        .all(|w| w.abs() <= (6.0f64 / 50.0).sqrt()));
    // Normal ones: std √(2/80) = 0.158 and √(2/50) = 0.2, within 3 % on 20,000 draws.
    let s = std(&draw(Init::XavierNormal, &mut rng));
    assert!((s / (2.0f64 / 80.0).sqrt() - 1.0).abs() < 0.03, "{s}");
    let s = std(&draw(Init::HeNormal, &mut rng));
    assert!((s / 0.2 - 1.0).abs() < 0.03, "{s}");
    assert!(draw(Init::Constant(0.5), &mut rng)
        .iter()
        .all(|&w| w == 0.5));
}

#[test]
#[should_panic(expected = "Mlp::forward: expected 2 inputs, got 3")]
fn wrong_input_length_names_the_call_and_sizes() {
    let g = Graph::new();
    let mlp = Mlp::new(
        &g,
        2,
        &[3, 1],
        Activation::Relu,
        &mut StdRng::seed_from_u64(0),
    );
    mlp.forward(&g.values(&[1.0, 2.0, 3.0]));
}

#[test]
#[should_panic(expected = "Layer::forward: expected 3 inputs, got 2")]
fn wrong_layer_input_length_names_the_call_and_sizes() {
    let g = Graph::new();
    let layer = Layer::new(&g, 3, 2, Activation::Tanh, &mut StdRng::seed_from_u64(0));
    layer.forward(&g.values(&[1.0, 2.0]));
}

#[test]
#[should_panic(
    expected = "Layer::from_neurons: neuron 0 has bias but neuron 1 has no bias; a layer's neurons all have one or all have none"
)]
fn a_layer_refuses_neurons_with_and_without_bias() {
    // A mixed layer could not be described by `has_bias()` (nor saved).
    let g = Graph::new();
    let v = g.values(&[0.1, 0.2, 0.3, 0.4, 0.5]);
    let with = Neuron::from_values(&v[0..2], Some(v[2]), None, Activation::Tanh);
    let without = Neuron::from_values(&v[3..5], None, None, Activation::Tanh);
    Layer::from_neurons(vec![with, without]);
}

#[test]
#[should_panic(expected = "Mlp::set_parameters: the network has 9 parameters, got 2 values")]
fn set_parameters_checks_the_count() {
    let g = Graph::new();
    let mlp = Mlp::new(
        &g,
        2,
        &[2, 1],
        Activation::Relu,
        &mut StdRng::seed_from_u64(0),
    );
    mlp.set_parameters(&[1.0, 2.0]);
}

#[test]
fn each_neuron_is_one_node_not_a_chain() {
    let g = Graph::new();
    let layer = Layer::new(&g, 16, 4, Activation::Relu, &mut StdRng::seed_from_u64(0));
    let x = g.values(&[0.1; 16]);
    let before = g.len();
    let trace = layer.forward_trace(&x);
    // 4 affine nodes (z_j) and 4 relu nodes (a_j).
    assert_eq!(g.len() - before, 8);
    assert_eq!(trace.pre_activations[0].op(), scalargrad::Op::Affine);
    assert_eq!(trace.pre_activations[0].inputs().len(), 16 + 16 + 1);
}

#[test]
fn leaky_layers_keep_their_outputs_contiguous() {
    let g = Graph::new();
    let layer = Layer::new(
        &g,
        2,
        3,
        Activation::LEAKY_RELU,
        &mut StdRng::seed_from_u64(0),
    );
    let a = layer.forward(&g.values(&[1.0, -1.0]));
    assert_eq!(a[1].index(), a[0].index() + 1);
    assert_eq!(a[2].index(), a[0].index() + 2);
}

// ---- Zero initialization (the lesson's section 4) ----

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

// ---- Losses ----

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

#[test]
fn single_layer_models_become_one_layer_mlps_sharing_their_parameters() {
    let g = Graph::new();
    let model = LogisticRegression::new(&g, 2, Init::Constant(0.5), &mut StdRng::seed_from_u64(0));
    let params: Vec<usize> = model.parameters().iter().map(|p| p.index()).collect();
    let mlp = Mlp::from(model);
    assert_eq!(mlp.layers().len(), 1);
    assert_eq!(
        mlp.parameters()
            .iter()
            .map(|p| p.index())
            .collect::<Vec<_>>(),
        params
    );
    // z = 0.5·1 + 0.5·2 + 0 = 1.5
    assert_eq!(mlp.forward(&g.values(&[1.0, 2.0]))[0].data(), 1.5);
}

#[test]
#[should_panic(expected = "Mlp::forward: this Value (node #")]
fn a_network_whose_parameters_were_discarded_panics() {
    let g = Graph::new();
    let x = g.values(&[1.0, 2.0]);
    let mlp = Mlp::new(
        &g,
        2,
        &[3, 1],
        Activation::Relu,
        &mut StdRng::seed_from_u64(0),
    );
    g.truncate(2); // discards every parameter
    let _ = g.values(&[0.0; 20]); // and reuses their slots
    mlp.forward(&x);
}

#[test]
#[should_panic(expected = "Mlp::forward: the values belong to different graphs")]
fn inputs_from_another_graph_panic() {
    let g = Graph::new();
    let other = Graph::new();
    let mlp = Mlp::new(
        &g,
        2,
        &[3, 1],
        Activation::Tanh,
        &mut StdRng::seed_from_u64(0),
    );
    mlp.forward(&other.values(&[1.0, 2.0]));
}

#[test]
fn whole_layer_recording_matches_neuron_by_neuron_recording() {
    // The same network through the one-borrow layer path and through
    // neurons built from existing values (which takes the per-neuron path).
    let mut rng = StdRng::seed_from_u64(31);
    for act in Activation::ALL {
        let g = Graph::new();
        let mlp = Mlp::builder(3)
            .layer(4, act)
            .layer(2, Activation::Linear)
            .build(&g, &mut rng);
        let x = g.values(&[0.3, -1.2, 0.8]);
        let fast: Vec<f64> = mlp.forward(&x).iter().map(|v| v.data()).collect();
        let slow: Vec<f64> = mlp
            .layers()
            .iter()
            .fold(x.clone(), |a, layer| {
                layer.neurons().iter().map(|n| n.forward(&a)).collect()
            })
            .iter()
            .map(|v| v.data())
            .collect();
        assert_eq!(fast, slow, "{}", act.name());
    }
}
