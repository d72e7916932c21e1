//! The whole-layer recording path (`engine/dense.rs`, taken by
//! `Mlp::forward` when inputs and parameters are consecutive nodes) against
//! recording neuron by neuron (`Neuron::forward`): same data, same
//! gradients, on random networks, recorded and replayed.

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use scalargrad::nn::{Activation, Init, LayerSpec, Mlp};
use scalargrad::{Graph, Value};

/// A random network: 1 to 3 layers of 1 to 10 neurons (so that layers run
/// in blocks of four neurons and a remainder), each with a random
/// activation and with or without biases, parameters drawn from `seed`.
fn network(g: &Graph, n_inputs: usize, seed: u64) -> Mlp<'_> {
    let mut shape = StdRng::seed_from_u64(seed);
    let mut builder = Mlp::builder(n_inputs).bias_init(Init::Uniform(-1.0, 1.0));
    for _ in 0..shape.random_range(1..4) {
        let activation = Activation::ALL[shape.random_range(0..Activation::ALL.len())];
        let mut spec = LayerSpec::new(shape.random_range(1..11), activation);
        if shape.random_range(0..4) == 0 {
            spec = spec.without_bias();
        }
        builder = builder.layer_spec(spec);
    }
    builder.build(g, &mut StdRng::seed_from_u64(seed + 1))
}

/// `Σ_examples Σ_k c_k·y_k` over a batch, with the network recorded by
/// `forward`; returns the loss.
fn loss<'g>(
    g: &'g Graph,
    batch: &[Vec<f64>],
    coefficients: &[f64],
    forward: impl Fn(&[Value<'g>]) -> Vec<Value<'g>>,
) -> Value<'g> {
    let terms: Vec<Value<'g>> = batch
        .iter()
        .flat_map(|x| {
            let outputs = forward(&g.values(x));
            outputs
                .into_iter()
                .zip(coefficients)
                .map(|(y, &c)| y * c)
                .collect::<Vec<_>>()
        })
        .collect();
    g.sum(&terms)
}

#[test]
fn whole_layer_recording_gives_the_data_and_gradients_of_neuron_by_neuron_recording() {
    let mut rng = StdRng::seed_from_u64(7);
    for round in 0..300 {
        let n_inputs = rng.random_range(1..5);
        let batch: Vec<Vec<f64>> = (0..rng.random_range(1..4))
            .map(|_| (0..n_inputs).map(|_| rng.random_range(-2.0..2.0)).collect())
            .collect();
        let coefficients: Vec<f64> = (0..8).map(|_| rng.random_range(-1.0..1.0)).collect();

        // The same network (same seed) in two graphs.
        let fast_graph = Graph::new();
        let fast = network(&fast_graph, n_inputs, round);
        let slow_graph = Graph::new();
        let slow = network(&slow_graph, n_inputs, round);

        let fast_loss = loss(&fast_graph, &batch, &coefficients, |x| {
            let trace = fast.forward_trace(x);
            // The whole-layer path records a layer's z_j as consecutive nodes.
            for layer in &trace.layers {
                let first = layer.pre_activations[0].index();
                for (j, z) in layer.pre_activations.iter().enumerate() {
                    assert_eq!(z.index(), first + j, "round {round}: not the layer path");
                }
            }
            fast.forward(x)
        });
        let slow_loss = loss(&slow_graph, &batch, &coefficients, |x| {
            slow.layers().iter().fold(x.to_vec(), |a, layer| {
                layer.neurons().iter().map(|n| n.forward(&a)).collect()
            })
        });
        assert_eq!(fast_loss.data(), slow_loss.data(), "round {round}");

        fast_loss.backward();
        slow_loss.backward();
        let grads = |mlp: &Mlp| -> Vec<f64> { mlp.parameters().iter().map(|p| p.grad()).collect() };
        assert_eq!(grads(&fast), grads(&slow), "round {round}");

        // Replayed with new parameters (blocks of a layer's neurons are
        // evaluated and backpropagated together): still the same, to the
        // last bit, as neuron by neuron.
        let moved: Vec<f64> = fast
            .parameter_values()
            .iter()
            .map(|p| p * 0.5 + rng.random_range(-0.5..0.5))
            .collect();
        fast.set_parameters(&moved);
        slow.set_parameters(&moved);
        for g in [&fast_graph, &slow_graph] {
            g.recompute();
            g.zero_grad();
        }
        fast_loss.backward();
        slow_loss.backward();
        assert_eq!(
            fast_loss.data().to_bits(),
            slow_loss.data().to_bits(),
            "round {round}, replayed"
        );
        assert_eq!(grads(&fast), grads(&slow), "round {round}, replayed");
    }
}
