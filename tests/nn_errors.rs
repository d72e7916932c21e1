//! Neurons, layers and MLPs refuse a caller's mistake with a message that
//! names the call and the sizes: wrong input lengths, mixed layers, wrong
//! parameter counts, discarded parameters, values of another graph.

use rand::rngs::StdRng;
use rand::SeedableRng;
use scalargrad::nn::{Activation, Layer, Mlp, Neuron};
use scalargrad::Graph;

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
