//! The whole-layer recording path (`engine/dense.rs`, taken by
//! `Mlp::forward` when inputs and parameters are consecutive nodes) against
//! recording neuron by neuron (`Neuron::forward`): same data, same
//! gradients, on random networks, recorded and replayed.

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use scalargrad::nn::{Activation, Init, Layer, LayerSpec, Mlp, Neuron};
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

/// `Σ_k c_k·y_k` over every output of a batch.
fn weighted<'g>(g: &'g Graph, outputs: &[Value<'g>], coefficients: &[f64]) -> Value<'g> {
    let terms: Vec<Value<'g>> = outputs
        .iter()
        .zip(coefficients.iter().cycle())
        .map(|(&y, &c)| y * c)
        .collect();
    g.sum(&terms)
}

/// The bits of every parameter's gradient.
fn gradient_bits(mlp: &Mlp) -> Vec<u64> {
    mlp.parameters()
        .iter()
        .map(|p| p.grad().to_bits())
        .collect()
}

#[test]
fn a_batch_recorded_layer_by_layer_gives_what_forward_gives_example_by_example() {
    let mut rng = StdRng::seed_from_u64(8);
    for round in 0..300 {
        let n_inputs = rng.random_range(1..5);
        let examples = rng.random_range(0..6);
        let flat: Vec<f64> = (0..examples * n_inputs)
            .map(|_| rng.random_range(-2.0..2.0))
            .collect();
        let coefficients: Vec<f64> = (0..7).map(|_| rng.random_range(-1.0..1.0)).collect();

        // Reference: `forward` on each example in turn.
        let one_graph = Graph::new();
        let one = network(&one_graph, n_inputs, round);
        let one_x = one_graph.values(&flat);
        let one_y: Vec<Value> = one_x
            .chunks(n_inputs)
            .flat_map(|x| one.forward(x))
            .collect();
        // The batch, inputs consecutive: layer by layer.
        let batch_graph = Graph::new();
        let batch = network(&batch_graph, n_inputs, round);
        let batch_x = batch_graph.values(&flat);
        let batch_y = batch.forward_batch(&batch_x);
        // The batch, inputs not consecutive (a spare node after each): one
        // by one.
        let apart_graph = Graph::new();
        let apart = network(&apart_graph, n_inputs, round);
        let apart_x: Vec<Value> = flat
            .iter()
            .map(|&x| {
                let v = apart_graph.value(x);
                apart_graph.value(0.0);
                v
            })
            .collect();
        let apart_y = apart.forward_batch(&apart_x);

        let bits = |ys: &[Value]| -> Vec<u64> { ys.iter().map(|y| y.data().to_bits()).collect() };
        assert_eq!(bits(&batch_y), bits(&one_y), "round {round}");
        assert_eq!(bits(&apart_y), bits(&one_y), "round {round}, apart");
        // The same nodes, in another order.
        assert_eq!(batch_graph.len(), one_graph.len(), "round {round}");

        let losses = [
            weighted(&one_graph, &one_y, &coefficients),
            weighted(&batch_graph, &batch_y, &coefficients),
            weighted(&apart_graph, &apart_y, &coefficients),
        ];
        for loss in losses {
            loss.backward();
        }
        let input_bits =
            |xs: &[Value]| -> Vec<u64> { xs.iter().map(|x| x.grad().to_bits()).collect() };
        assert_eq!(gradient_bits(&batch), gradient_bits(&one), "round {round}");
        assert_eq!(input_bits(&batch_x), input_bits(&one_x), "round {round}");
        assert_eq!(
            gradient_bits(&apart),
            gradient_bits(&one),
            "round {round}, apart"
        );
        assert_eq!(
            input_bits(&apart_x),
            input_bits(&one_x),
            "round {round}, apart"
        );

        // Replayed with new parameters: still the same.
        let moved: Vec<f64> = one
            .parameter_values()
            .iter()
            .map(|p| p * 0.5 + rng.random_range(-0.5..0.5))
            .collect();
        for (g, mlp) in [(&one_graph, &one), (&batch_graph, &batch)] {
            mlp.set_parameters(&moved);
            g.recompute();
            g.zero_grad();
        }
        losses[0].backward();
        losses[1].backward();
        assert_eq!(bits(&batch_y), bits(&one_y), "round {round}, replayed");
        assert_eq!(
            gradient_bits(&batch),
            gradient_bits(&one),
            "round {round}, replayed"
        );
    }
}

#[test]
fn a_batch_of_a_wide_network_is_recorded_in_groups_and_gives_what_forward_gives() {
    // 2-100-1 (ReLU): 202 nodes per example, so the batch is recorded in
    // groups of 5 examples (1,024 nodes' worth): 12 examples make groups of
    // 5, 5 and 2.
    let build = |g| {
        Mlp::new(
            g,
            2,
            &[100, 1],
            Activation::Relu,
            &mut StdRng::seed_from_u64(3),
        )
    };
    let mut rng = StdRng::seed_from_u64(9);
    let flat: Vec<f64> = (0..24).map(|_| rng.random_range(-2.0..2.0)).collect();
    let coefficients = [0.5, -1.0, 0.25];
    let one_graph = Graph::new();
    let one = build(&one_graph);
    let one_x = one_graph.values(&flat);
    let one_y: Vec<Value> = one_x.chunks(2).flat_map(|x| one.forward(x)).collect();
    let batch_graph = Graph::new();
    let batch = build(&batch_graph);
    let batch_x = batch_graph.values(&flat);
    let batch_y = batch.forward_batch(&batch_x);
    // Groups: example 4's output comes right after example 3's, example 5's
    // after a whole group's hidden layer (5 × 200 nodes).
    assert_eq!(batch_y[4].index() - batch_y[3].index(), 1);
    assert_eq!(batch_y[5].index() - batch_y[4].index(), 5 * 200 + 1);
    for (b, o) in batch_y.iter().zip(&one_y) {
        assert_eq!(b.data().to_bits(), o.data().to_bits());
    }
    weighted(&one_graph, &one_y, &coefficients).backward();
    weighted(&batch_graph, &batch_y, &coefficients).backward();
    assert_eq!(gradient_bits(&batch), gradient_bits(&one));
    for (b, o) in batch_x.iter().zip(&one_x) {
        assert_eq!(b.grad().to_bits(), o.grad().to_bits());
    }
}

#[test]
fn a_batch_is_recorded_layer_by_layer_when_inputs_and_parameters_are_consecutive() {
    // MLP 2-3-1: per example, the hidden layer's 3 z and 3 a, then the
    // output's z. Two examples recorded layer by layer: both hidden layers,
    // then both outputs, next to each other (example by example they would
    // be 7 nodes apart).
    let g = Graph::new();
    let mlp = Mlp::new(
        &g,
        2,
        &[3, 1],
        Activation::Tanh,
        &mut StdRng::seed_from_u64(0),
    );
    let x = g.values(&[0.5, -1.0, 2.0, 0.25]);
    let y = mlp.forward_batch(&x);
    assert_eq!(y[1].index() - y[0].index(), 1);
    assert_eq!(y[0].index(), x[3].index() + 2 * 6 + 1);
    // A network whose layers were built from neurons made apart (its
    // parameters not consecutive): example by example, 7 nodes apart.
    let neuron =
        |w: &[f64]| scalargrad::nn::Neuron::from_weights(&g, w, Some(0.1), Activation::Tanh);
    let hidden: Vec<_> = (0..3)
        .map(|j| {
            g.value(0.0); // a node between the neurons' parameters
            neuron(&[0.1 * j as f64, -0.2])
        })
        .collect();
    let apart = Mlp::from_layers(vec![
        scalargrad::nn::Layer::from_neurons(hidden),
        scalargrad::nn::Layer::from_neurons(vec![scalargrad::nn::Neuron::from_weights(
            &g,
            &[1.0, -1.0, 0.5],
            None,
            Activation::Linear,
        )]),
    ]);
    let x = g.values(&[0.5, -1.0, 2.0, 0.25]);
    let y = apart.forward_batch(&x);
    assert_eq!(y[1].index() - y[0].index(), 7);
    assert_eq!(y[0].data(), apart.forward(&x[..2])[0].data());
}

#[test]
fn a_batch_whose_inputs_are_the_network_s_own_parameters_gives_what_forward_gives() {
    // The inputs are the output layer's first six parameters (three examples
    // of two), so each of them gets gradient terms both as an input (through
    // the hidden layer) and as a weight (through the output layer). Example
    // by example these terms alternate between the layers; recorded layer
    // by layer they would come in another order, and their sums could round
    // differently. `forward_batch` must notice and record example by example.
    fn build(g: &Graph, seed: u64) -> Mlp<'_> {
        Mlp::new(
            g,
            2,
            &[3, 2],
            Activation::Tanh,
            &mut StdRng::seed_from_u64(seed),
        )
    }
    let coefficients = [0.7, -1.3, 0.4];
    for seed in 0..50 {
        let one_graph = Graph::new();
        let one = build(&one_graph, seed);
        let one_x = one.layers()[1].parameters()[..6].to_vec();
        let one_y: Vec<Value> = one_x.chunks(2).flat_map(|x| one.forward(x)).collect();
        let batch_graph = Graph::new();
        let batch = build(&batch_graph, seed);
        let batch_x = batch.layers()[1].parameters()[..6].to_vec();
        let batch_y = batch.forward_batch(&batch_x);
        weighted(&one_graph, &one_y, &coefficients).backward();
        weighted(&batch_graph, &batch_y, &coefficients).backward();
        assert_eq!(gradient_bits(&batch), gradient_bits(&one), "seed {seed}");
    }
}

#[test]
fn a_batch_of_random_wide_networks_is_recorded_in_groups_and_gives_what_forward_gives() {
    // Networks of 40 to 400 neurons: from 12 examples per group down to one,
    // so batches of 1 to 30 examples end in partial groups.
    let mut rng = StdRng::seed_from_u64(10);
    for round in 0..12 {
        let n_inputs = rng.random_range(1..4);
        let examples = rng.random_range(1..31);
        let mut builder = Mlp::builder(n_inputs).bias_init(Init::Uniform(-1.0, 1.0));
        for _ in 0..rng.random_range(1..3) {
            let activation = Activation::ALL[rng.random_range(0..Activation::ALL.len())];
            builder = builder.layer_spec(LayerSpec::new(rng.random_range(20..200), activation));
        }
        let builder = builder.layer(1, Activation::Linear);
        let flat: Vec<f64> = (0..examples * n_inputs)
            .map(|_| rng.random_range(-2.0..2.0))
            .collect();
        let coefficients = [rng.random_range(-1.0..1.0)];
        let one_graph = Graph::new();
        let one = builder
            .clone()
            .build(&one_graph, &mut StdRng::seed_from_u64(round));
        let one_x = one_graph.values(&flat);
        let one_y: Vec<Value> = one_x
            .chunks(n_inputs)
            .flat_map(|x| one.forward(x))
            .collect();
        let batch_graph = Graph::new();
        let batch = builder.build(&batch_graph, &mut StdRng::seed_from_u64(round));
        let batch_x = batch_graph.values(&flat);
        let batch_y = batch.forward_batch(&batch_x);
        let bits = |ys: &[Value]| -> Vec<u64> { ys.iter().map(|y| y.data().to_bits()).collect() };
        assert_eq!(bits(&batch_y), bits(&one_y), "round {round}");
        weighted(&one_graph, &one_y, &coefficients).backward();
        weighted(&batch_graph, &batch_y, &coefficients).backward();
        assert_eq!(gradient_bits(&batch), gradient_bits(&one), "round {round}");
        let input_bits =
            |xs: &[Value]| -> Vec<u64> { xs.iter().map(|x| x.grad().to_bits()).collect() };
        assert_eq!(input_bits(&batch_x), input_bits(&one_x), "round {round}");
    }
}

/// `passes` passes of one square ReLU layer of `width` neurons (parameters
/// from seed 1, then set to `params` if given): on its own outputs, one
/// after another, if `chained`, else each on inputs of its own. Returns
/// every pass's outputs.
fn square_layer_passes<'g>(
    g: &'g Graph,
    width: usize,
    inputs: &[f64],
    params: Option<&[f64]>,
    chained: bool,
) -> (Layer<'g>, Vec<Value<'g>>, Vec<Value<'g>>) {
    let layer = Layer::new(
        g,
        width,
        width,
        Activation::Relu,
        &mut StdRng::seed_from_u64(1),
    );
    if let Some(params) = params {
        for (p, &v) in layer.parameters().iter().zip(params) {
            p.set_data(v);
        }
    }
    let x = g.values(inputs);
    let mut outputs = vec![];
    let mut a = x[..width].to_vec();
    for pass in 0..6 {
        let input = if chained {
            a.clone()
        } else {
            x[pass * width..(pass + 1) * width].to_vec()
        };
        a = layer.forward(&input);
        outputs.extend(&a);
    }
    (layer, x, outputs)
}

#[test]
fn passes_of_one_layer_replay_as_they_record_whether_or_not_they_read_each_other() {
    // Replay evaluates consecutive passes of one wide layer together, from
    // one copy of its weights, when no pass reads another's nodes; a layer
    // applied to its own outputs must still replay as recording it again
    // gives, and so must independent passes.
    let mut rng = StdRng::seed_from_u64(12);
    for width in [8, 11, 16] {
        for chained in [false, true] {
            let first: Vec<f64> = (0..6 * width)
                .map(|_| rng.random_range(-1.0..1.0))
                .collect();
            let second: Vec<f64> = (0..6 * width)
                .map(|_| rng.random_range(-1.0..1.0))
                .collect();
            let g = Graph::new();
            let (layer, x, replayed) = square_layer_passes(&g, width, &first, None, chained);
            let moved: Vec<f64> = layer
                .parameters()
                .iter()
                .map(|p| p.data() * 0.8 + rng.random_range(-0.2..0.2))
                .collect();
            for (p, &v) in layer.parameters().iter().zip(&moved) {
                p.set_data(v);
            }
            for (v, &s) in x.iter().zip(&second) {
                v.set_data(s);
            }
            g.recompute();
            let fresh = Graph::new();
            let (_, _, recorded) =
                square_layer_passes(&fresh, width, &second, Some(&moved), chained);
            let bits =
                |vs: &[Value]| -> Vec<u64> { vs.iter().map(|v| v.data().to_bits()).collect() };
            assert_eq!(
                bits(&replayed),
                bits(&recorded),
                "width {width}, chained {chained}"
            );
            // Not all zero (dead ReLUs would hide a wrong order).
            assert!(recorded.iter().any(|v| v.data() != 0.0), "width {width}");
        }
    }
}

/// The outputs' bits.
fn data_bits(values: &[Value]) -> Vec<u64> {
    values.iter().map(|v| v.data().to_bits()).collect()
}

/// `Mlp::forward` on each example of `x` (two inputs each): recorded
/// without the copy of a layer's weights that batches use.
fn one_by_one<'g>(mlp: &Mlp<'g>, x: &[Value<'g>]) -> Vec<Value<'g>> {
    x.chunks(2).flat_map(|x| mlp.forward(x)).collect()
}

#[test]
fn a_layer_s_weights_copied_for_several_groups_are_copied_again_after_any_change() {
    // 2-16-16-1 on 40 examples: groups of 15, 15 and 10, each reading the
    // second layer's weights from one copy, made once while no node's data
    // changes. Every way a weight can change must make a new copy.
    let mut rng = StdRng::seed_from_u64(21);
    let flat: Vec<f64> = (0..80).map(|_| rng.random_range(-2.0..2.0)).collect();
    let g = Graph::new();
    let mlp = Mlp::new(&g, 2, &[16, 16, 1], Activation::Relu, &mut rng);
    let keep = g.len();
    let x = g.values(&flat);
    let check = |what: &str| {
        let batch = mlp.forward_batch(&x);
        let one = one_by_one(&mlp, &x);
        assert_eq!(data_bits(&batch), data_bits(&one), "after {what}");
        // Not all zero (dead ReLUs would hide stale weights).
        assert!(one.iter().any(|y| y.data() != 0.0), "after {what}");
        batch
    };
    let before = check("nothing");
    let second = &mlp.layers()[1].parameters();
    // One weight of the second layer set by hand.
    second[5].set_data(second[5].data() + 0.75);
    let after = check("Value::set_data");
    assert_ne!(data_bits(&before), data_bits(&after));
    // Every parameter written at once.
    let moved: Vec<f64> = mlp.parameter_values().iter().map(|p| -0.9 * p).collect();
    mlp.set_parameters(&moved);
    check("Mlp::set_parameters");
    // Replay after a weight changed: as recording again gives.
    let batch = mlp.forward_batch(&x);
    second[7].set_data(second[7].data() - 0.5);
    g.recompute();
    let again = mlp.forward_batch(&x);
    assert_eq!(data_bits(&batch), data_bits(&again), "replayed");
    // A new network in the discarded one's place: same indices, new numbers.
    g.truncate(0);
    let mlp = Mlp::new(&g, 2, &[16, 16, 1], Activation::Relu, &mut rng);
    assert_eq!(g.len(), keep);
    let x = g.values(&flat);
    let batch = mlp.forward_batch(&x);
    assert_eq!(
        data_bits(&batch),
        data_bits(&one_by_one(&mlp, &x)),
        "after Graph::truncate"
    );
}

#[test]
fn weights_that_replay_recomputes_are_copied_again_by_replay() {
    // A 16-neuron layer whose weights and biases are nodes computed from
    // leaves (`tanh(raw)`, consecutive): replay changes them, and a copy
    // made by a recording between the leaves' change and the replay (from
    // the weights as they were) must not be taken for the replayed ones.
    let mut rng = StdRng::seed_from_u64(5);
    let g = Graph::new();
    let first = Layer::new(&g, 2, 16, Activation::Relu, &mut rng);
    let raw_data: Vec<f64> = (0..16 * 17).map(|_| rng.random_range(-1.0..1.0)).collect();
    let raw = g.values(&raw_data);
    let params: Vec<Value> = raw.iter().map(|r| r.tanh()).collect();
    let neurons = params
        .chunks(17)
        .map(|p| Neuron::from_values(&p[..16], Some(p[16]), None, Activation::Relu))
        .collect();
    let second = Layer::from_neurons(neurons);
    let last = Layer::new(&g, 16, 1, Activation::Linear, &mut rng);
    let mlp = Mlp::from_layers(vec![first, second, last]);
    let flat: Vec<f64> = (0..80).map(|_| rng.random_range(-2.0..2.0)).collect();
    let x = g.values(&flat);
    let replayed = mlp.forward_batch(&x);
    raw[3].set_data(raw[3].data() + 1.0);
    // Recorded from the weights as they still are (tanh not recomputed).
    let stale = data_bits(&mlp.forward_batch(&x));
    assert_eq!(stale, data_bits(&replayed));
    g.recompute();
    let fresh = one_by_one(&mlp, &x);
    assert_eq!(data_bits(&replayed), data_bits(&fresh));
    assert_ne!(data_bits(&replayed), stale);
}

/// 80 random inputs (40 examples of two).
fn inputs(seed: u64) -> Vec<f64> {
    let mut rng = StdRng::seed_from_u64(seed);
    (0..80).map(|_| rng.random_range(-2.0..2.0)).collect()
}

#[test]
fn two_layers_of_one_shape_each_get_their_own_copy_when_recorded() {
    // 2-16-16-16-1: the second and third layers have one shape and are
    // copied at one version, one after the other in each group; the copy
    // kept for one must not be taken for the other's.
    let mut rng = StdRng::seed_from_u64(8);
    let g = Graph::new();
    let mlp = Mlp::new(&g, 2, &[16, 16, 16, 1], Activation::Tanh, &mut rng);
    let x = g.values(&inputs(9));
    let batch = mlp.forward_batch(&x);
    let one = one_by_one(&mlp, &x);
    assert_eq!(data_bits(&batch), data_bits(&one));
    g.recompute();
    assert_eq!(data_bits(&batch), data_bits(&one_by_one(&mlp, &x)));
}

#[test]
fn two_layers_of_one_shape_each_get_their_own_copy_when_replayed() {
    let mut rng = StdRng::seed_from_u64(8);
    let g = Graph::new();
    let mlp = Mlp::new(&g, 2, &[16, 16, 16, 1], Activation::Relu, &mut rng);
    let x = g.values(&inputs(9));
    let batch = mlp.forward_batch(&x);
    x[0].set_data(x[0].data() + 0.5);
    g.recompute();
    let one = one_by_one(&mlp, &x);
    // Not all zero (dead ReLUs would hide a wrong copy).
    assert!(one.iter().any(|y| y.data() != 0.0));
    assert_eq!(data_bits(&batch), data_bits(&one));
}
