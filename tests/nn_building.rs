//! Neurons, layers and MLPs as they are built: parameter order,
//! initializers and seeds, layer shapes, and how a layer is recorded in the
//! graph.

use rand::rngs::StdRng;
use rand::SeedableRng;
use scalargrad::nn::{Activation, Init, Layer, LogisticRegression, Mlp};
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
