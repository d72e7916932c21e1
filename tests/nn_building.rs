//! Neurons, layers and MLPs as they are built: parameter order,
//! initializers and seeds, layer shapes, and how a layer is recorded in the
//! graph.

use rand::rngs::StdRng;
use rand::SeedableRng;
use scalargrad::nn::{
    Activation, Init, Layer, LayerSpec, LinearRegression, LogisticRegression, Mlp, Neuron,
    SoftmaxRegression,
};
use scalargrad::Graph;

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

#[test]
fn initializations_draw_the_same_numbers_as_before_the_layer_spec_refactor() {
    // Reference numbers: the parameters drawn by commit cba8873 (printed
    // with `{:?}`, which round-trips every f64), before `Layer::from_spec`
    // lost its `(weight, bias)` pair of default initializers. They pin every
    // draw, and its order, across that refactor. One generator, in this
    // order: an MLP mixing the builder's default, a spec's own initializers
    // and a layer without bias, then `Layer::new`, `Neuron::new` and the
    // three single-layer models.
    let g = Graph::new();
    let mut rng = StdRng::seed_from_u64(5);
    let values =
        |params: Vec<scalargrad::Value>| -> Vec<f64> { params.iter().map(|p| p.data()).collect() };
    let mlp = Mlp::builder(2)
        .init(Init::XavierUniform)
        .layer_spec(
            LayerSpec::new(2, Activation::Tanh)
                .init(Init::HeNormal)
                .bias_init(Init::Uniform(-0.5, 0.5)),
        )
        .layer_spec(LayerSpec::new(2, Activation::PRELU).without_bias())
        .layer(1, Activation::Linear)
        .build(&g, &mut rng);
    assert_eq!(
        mlp.parameter_values(),
        [
            0.9143510971522741,
            -0.6304633466552321,
            0.2481406985901886,
            0.38824424898672594,
            -1.4554540943844285,
            0.3093742023034167,
            0.08386919845127805,
            0.6866041701727819,
            0.25, // PReLU slope
            0.5534154311339632,
            0.903959043617506,
            0.25,
            0.6169800797352158,
            1.1674967835455792,
            0.0,
        ]
    );
    let layer = Layer::new(&g, 2, 2, Activation::Relu, &mut rng);
    assert_eq!(
        values(layer.parameters()),
        [
            -0.2730219187648759,
            -0.8130249645410419,
            0.0,
            0.9381412537675542,
            0.262754580973533,
            0.0
        ]
    );
    let neuron = Neuron::new(&g, 2, Activation::Tanh, &mut rng);
    assert_eq!(
        values(neuron.parameters()),
        [-0.8671084262960873, -0.49734687209989925, 0.0]
    );
    let linear = LinearRegression::new(&g, 2, Init::XavierNormal, &mut rng);
    assert_eq!(
        values(linear.parameters()),
        [-0.4608956713113677, 0.5659319333338013, 0.0]
    );
    let logistic = LogisticRegression::new(&g, 2, Init::HeUniform, &mut rng);
    assert_eq!(
        values(logistic.parameters()),
        [-1.6883102236260779, 1.6927941002778701, 0.0]
    );
    let softmax = SoftmaxRegression::new(&g, 2, 3, Init::XavierUniform, &mut rng);
    assert_eq!(
        values(softmax.parameters()),
        [
            0.6675200429999095,
            1.015645540826867,
            0.0,
            0.4675486867704435,
            0.8754789113824952,
            0.0,
            -0.7377296798257607,
            -0.5271738694388465,
            0.0
        ]
    );
}
