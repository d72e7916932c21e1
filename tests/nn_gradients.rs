//! Neurons, layers and MLPs: their gradients agree with the lesson's
//! identities on random networks (`∂J/∂w_ij = e_j·a_i`, the textbook
//! recursion) and with central finite differences.

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use scalargrad::gradcheck::gradcheck;
use scalargrad::nn::{Activation, GradientTable, Init, Layer, LayerSpec, Mlp, Neuron};
use scalargrad::train::Objective;
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

/// A random objective and target. Softmax cross-entropy reads every output;
/// the others read the first one, and the other outputs' errors are 0.
fn random_loss(rng: &mut StdRng, n_outputs: usize) -> (Objective, f64) {
    match rng.random_range(0..4) {
        0 => (Objective::Mse, rng.random_range(-1.0..1.0)),
        1 => (
            Objective::SoftmaxCrossEntropy,
            rng.random_range(0..n_outputs) as f64,
        ),
        2 => (
            Objective::Hinge,
            if rng.random_bool(0.5) { 1.0 } else { -1.0 },
        ),
        _ => (Objective::BinaryCrossEntropy, rng.random_range(0.0..1.0)),
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
            .map(|t| {
                let (objective, y) = random_loss(&mut rng, n_out);
                objective.loss(t.outputs(), y)
            })
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
        let (objective, y) = random_loss(&mut rng, n_out);
        let trace = mlp.forward_trace(&g.values(&x));
        objective.loss(trace.outputs(), y).backward();

        let by_hand = mlp.backprop_by_hand(&x, objective, y);
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
