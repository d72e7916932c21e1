//! Neurons, layers, networks, the classic models and the traces refuse a
//! caller's mistake with a message that starts with the call the user made,
//! at the user's line: one test per public panicking entry point of `nn`
//! (see `panics.rs` for the engine).

use crate::common;

use rand::rngs::StdRng;
use rand::SeedableRng;
use scalargrad::loss::Objective;
use scalargrad::nn::{
    Activation, Backprop, GradientTable, Layer, LayerSpec, LinearRegression, LogisticRegression,
    Mlp, MlpTrace, Neuron, SoftmaxRegression,
};
use scalargrad::Graph;

/// Checks that `f` panics with a message starting with `"{call}: "`, at a
/// line of this file.
#[track_caller]
fn names(call: &str, f: impl FnOnce()) -> String {
    common::panics::assert_names(file!(), call, f)
}

fn rng() -> StdRng {
    StdRng::seed_from_u64(0)
}

/// A 2-3-1 tanh network.
fn network(g: &Graph) -> Mlp<'_> {
    Mlp::new(g, 2, &[3, 1], Activation::Tanh, &mut rng())
}

/// A 2-3-1 network whose parameters [`Graph::truncate`] discarded (their
/// slots since reused).
fn discarded_network(g: &Graph) -> Mlp<'_> {
    let mlp = network(g);
    g.truncate(0);
    g.values(&[0.0; 20]);
    mlp
}

// Neuron

#[test]
fn neuron_from_values() {
    let message = names("Neuron::from_values", || {
        Neuron::from_values(&[], None, None, Activation::Tanh);
    });
    assert!(message.ends_with("a neuron needs at least one weight or a bias"));
}

#[test]
fn neuron_pre_activation_names_itself_not_forward() {
    let g = Graph::new();
    let neuron = Neuron::from_weights(&g, &[1.0, 2.0], Some(0.0), Activation::Tanh);
    let message = names("Neuron::pre_activation", || {
        neuron.pre_activation(&g.values(&[1.0, 2.0, 3.0]));
    });
    assert_eq!(message, "Neuron::pre_activation: expected 2 inputs, got 3");
}

#[test]
fn neuron_forward() {
    let (g, other) = (Graph::new(), Graph::new());
    let neuron = Neuron::from_weights(&g, &[1.0, 2.0], Some(0.0), Activation::Tanh);
    let message = names("Neuron::forward", || {
        neuron.forward(&other.values(&[1.0, 2.0]));
    });
    assert!(message.contains("the values belong to different graphs"));
}

#[test]
fn neuron_zero_grad() {
    let g = Graph::new();
    let neuron = Neuron::from_weights(&g, &[1.0, 2.0], Some(0.0), Activation::Tanh);
    g.truncate(0);
    names("Neuron::zero_grad", || neuron.zero_grad());
}

#[test]
fn activation_apply() {
    let g = Graph::new();
    let message = names("Activation::apply", || {
        Activation::PRELU.apply(g.value(1.0), None);
    });
    assert_eq!(message, "Activation::apply: PReLU needs its slope Value");
    let other = Graph::new();
    names("Activation::apply", || {
        Activation::PRELU.apply(g.value(1.0), Some(other.value(0.25)));
    });
}

// Layer

#[test]
fn layer_new() {
    let g = Graph::new();
    names("Layer::new", || {
        Layer::new(&g, 2, 0, Activation::Tanh, &mut rng());
    });
}

#[test]
fn a_nan_activation_parameter_names_the_call_once() {
    // NaN equals nothing, not even itself: the layer used to report
    // "neuron 0 uses elu(NaN) but neuron 0 uses elu(NaN)".
    let g = Graph::new();
    let nan = Activation::Elu(f64::NAN);
    let message = names("Layer::new", || {
        Layer::new(&g, 2, 3, nan, &mut rng());
    });
    assert_eq!(
        message,
        "Layer::new: the activation elu(NaN) has a parameter that is not finite; give it a finite number"
    );
    let message = names("Layer::from_neurons", || {
        let neuron = Neuron::from_weights(&g, &[1.0], None, nan);
        Layer::from_neurons(vec![neuron]);
    });
    assert!(message.ends_with(
        "the activation elu(NaN) has a parameter that is not finite; give it a finite number"
    ));
    let message = names("Mlp::new", || {
        Mlp::new(&g, 2, &[3, 1], Activation::LeakyRelu(f64::NAN), &mut rng());
    });
    assert_eq!(
        message,
        "Mlp::new: layer 1 uses leaky_relu(NaN), whose parameter is not finite; give it a finite number"
    );
    // A number where neuron 0 has NaN, and the other way round.
    let elu = Neuron::from_weights(&g, &[1.0], None, Activation::ELU);
    let message = names("Layer::from_neurons", || {
        Layer::from_neurons(vec![
            elu.clone(),
            Neuron::from_weights(&g, &[1.0], None, nan),
        ]);
    });
    assert_eq!(
        message,
        "Layer::from_neurons: neuron 0 uses elu(1) but neuron 1 uses elu(NaN)"
    );
    // Where an activation is read from text, NaN is an error to report.
    assert!("elu(nan)".parse::<Activation>().is_err());
}

#[test]
fn layer_from_spec_names_itself_not_new() {
    let g = Graph::new();
    let message = names("Layer::from_spec", || {
        Layer::from_spec(&g, 0, &LayerSpec::new(3, Activation::Relu), &mut rng());
    });
    assert_eq!(
        message,
        "Layer::from_spec: a layer needs at least one input and one neuron, got 0 inputs and 3 neurons"
    );
}

#[test]
fn layer_from_weights() {
    let g = Graph::new();
    let message = names("Layer::from_weights", || {
        Layer::from_weights(&g, &[vec![1.0, 2.0], vec![3.0]], None, Activation::Tanh);
    });
    assert_eq!(
        message,
        "Layer::from_weights: neuron 0 has 2 weights but neuron 1 has 1"
    );
}

#[test]
fn layer_from_neurons() {
    names("Layer::from_neurons", || {
        Layer::from_neurons(Vec::new());
    });
}

#[test]
fn layer_forward_neuron_by_neuron() {
    // Inputs that are not consecutive nodes take the neuron-by-neuron path.
    let g = Graph::new();
    let layer = Layer::new(&g, 2, 3, Activation::Tanh, &mut rng());
    let a = g.value(1.0);
    let _gap = g.value(0.0);
    let b = g.value(2.0);
    g.truncate(0);
    let message = names("Layer::forward", || {
        layer.forward(&[a, b]);
    });
    assert!(message.contains("was discarded by Graph::truncate(0)"));
}

#[test]
fn layer_forward_trace() {
    let g = Graph::new();
    let layer = Layer::new(&g, 2, 3, Activation::Tanh, &mut rng());
    let message = names("Layer::forward_trace", || {
        layer.forward_trace(&g.values(&[1.0]));
    });
    assert_eq!(message, "Layer::forward_trace: expected 2 inputs, got 1");
}

#[test]
fn layer_zero_grad() {
    let g = Graph::new();
    let layer = Layer::new(&g, 2, 3, Activation::Tanh, &mut rng());
    g.truncate(0);
    names("Layer::zero_grad", || layer.zero_grad());
}

#[test]
fn layer_weight_matrix() {
    let g = Graph::new();
    let layer = Layer::new(&g, 2, 3, Activation::Tanh, &mut rng());
    g.truncate(0);
    names("Layer::weight_matrix", || {
        layer.weight_matrix();
    });
}

#[test]
fn layer_bias_vector() {
    let g = Graph::new();
    let layer = Layer::new(&g, 2, 3, Activation::Tanh, &mut rng());
    g.truncate(0);
    names("Layer::bias_vector", || {
        layer.bias_vector();
    });
}

// Mlp

#[test]
fn mlp_new_names_itself_not_layer_new() {
    let g = Graph::new();
    let message = names("Mlp::new", || {
        Mlp::new(&g, 0, &[3, 1], Activation::Relu, &mut rng());
    });
    assert_eq!(
        message,
        "Mlp::new: a network needs at least one input, got 0"
    );
    let message = names("Mlp::new", || {
        Mlp::new(&g, 2, &[3, 0], Activation::Relu, &mut rng());
    });
    assert_eq!(
        message,
        "Mlp::new: layer 2 has 0 neurons; a layer needs at least one"
    );
    let message = names("Mlp::new", || {
        Mlp::new(&g, 2, &[], Activation::Relu, &mut rng());
    });
    assert_eq!(
        message,
        "Mlp::new: sizes is empty; a network needs at least one layer"
    );
}

#[test]
fn mlp_builder_build() {
    let g = Graph::new();
    let message = names("MlpBuilder::build", || {
        Mlp::builder(2).build(&g, &mut rng());
    });
    assert_eq!(message, "MlpBuilder::build: add at least one layer");
    let message = names("MlpBuilder::build", || {
        Mlp::builder(0)
            .layer(1, Activation::Linear)
            .build(&g, &mut rng());
    });
    assert_eq!(
        message,
        "MlpBuilder::build: a network needs at least one input, got 0"
    );
}

#[test]
fn mlp_from_layers() {
    let g = Graph::new();
    let first = Layer::new(&g, 2, 3, Activation::Tanh, &mut rng());
    let second = Layer::new(&g, 4, 1, Activation::Linear, &mut rng());
    let message = names("Mlp::from_layers", || {
        Mlp::from_layers(vec![first, second]);
    });
    assert_eq!(
        message,
        "Mlp::from_layers: layer 1 has 3 outputs but layer 2 expects 4 inputs"
    );
}

#[test]
fn mlp_forward() {
    let g = Graph::new();
    let mlp = discarded_network(&g);
    names("Mlp::forward", || {
        mlp.forward(&g.values(&[1.0, 2.0]));
    });
}

#[test]
fn mlp_forward_batch_names_itself_not_forward() {
    let g = Graph::new();
    let mlp = network(&g);
    let message = names("Mlp::forward_batch", || {
        mlp.forward_batch(&g.values(&[1.0, 2.0, 3.0, 4.0, 5.0]));
    });
    assert_eq!(
        message,
        "Mlp::forward_batch: 5 inputs are not a whole number of examples of 2 inputs"
    );
    // Discarded inputs: a span recorded once per layer, checked per example.
    let x = g.values(&[1.0, 2.0, 3.0, 4.0]);
    g.truncate(x[0].index());
    g.values(&[0.0; 4]);
    names("Mlp::forward_batch", || {
        mlp.forward_batch(&x);
    });
    // A discarded network, batched and (inputs not consecutive) one by one.
    let mlp = discarded_network(&g);
    names("Mlp::forward_batch", || {
        mlp.forward_batch(&g.values(&[1.0, 2.0, 3.0, 4.0]));
    });
    let (a, b) = (g.value(1.0), g.value(2.0));
    names("Mlp::forward_batch", || {
        mlp.forward_batch(&[b, a]);
    });
}

#[test]
fn mlp_forward_batch_refuses_a_network_without_inputs() {
    // A network of one neuron with a bias and no weights: its examples are
    // empty, so a batch's size cannot be read from its inputs.
    let g = Graph::new();
    let mlp = Mlp::from_layers(vec![Layer::from_neurons(vec![Neuron::from_weights(
        &g,
        &[],
        Some(0.5),
        Activation::Linear,
    )])]);
    let message = names("Mlp::forward_batch", || {
        mlp.forward_batch(&[]);
    });
    assert!(message.contains("takes no inputs"), "{message}");
    // forward still works: the output is the bias.
    assert_eq!(mlp.forward(&[])[0].data(), 0.5);
}

#[test]
fn mlp_forward_refuses_inputs_of_two_graphs_that_look_consecutive() {
    // `x` in `g` and `y` in `h` sit at the same indices, so `[x[0], y[1]]`
    // has consecutive indices; the second one belongs to another graph all
    // the same (and must not be read from `g`).
    let g = Graph::new();
    let h = Graph::new();
    let mlp = network(&g);
    h.values(&vec![0.0; g.len()]);
    let x = g.values(&[1.0, 2.0, 3.0, 4.0]);
    let y = h.values(&[5.0, 6.0, 7.0, 8.0]);
    g.values(&[0.0; 4]);
    assert_eq!(x[1].index(), y[1].index());
    let mixed = [x[0], y[1], x[2], x[3]];
    for message in [
        names("Mlp::forward", || {
            mlp.forward(&mixed[..2]);
        }),
        names("Mlp::forward_batch", || {
            mlp.forward_batch(&mixed);
        }),
    ] {
        assert!(message.contains("different graphs"), "{message}");
    }
}

#[test]
fn mlp_forward_trace_names_itself_not_forward() {
    let g = Graph::new();
    let mlp = network(&g);
    let message = names("Mlp::forward_trace", || {
        mlp.forward_trace(&g.values(&[1.0, 2.0, 3.0]));
    });
    assert_eq!(message, "Mlp::forward_trace: expected 2 inputs, got 3");
    // A discarded network, recorded layer by layer.
    let mlp = discarded_network(&g);
    names("Mlp::forward_trace", || {
        mlp.forward_trace(&g.values(&[1.0, 2.0]));
    });
}

#[test]
fn mlp_parameter_values() {
    let g = Graph::new();
    let mlp = discarded_network(&g);
    names("Mlp::parameter_values", || {
        mlp.parameter_values();
    });
}

#[test]
fn mlp_set_parameters() {
    let g = Graph::new();
    let mlp = network(&g);
    let message = names("Mlp::set_parameters", || mlp.set_parameters(&[1.0]));
    assert_eq!(
        message,
        "Mlp::set_parameters: the network has 13 parameters, got 1 values"
    );
    // A layer's parameters are written in one go: a discarded layer is
    // caught all the same.
    let mlp = discarded_network(&g);
    let message = names("Mlp::set_parameters", || mlp.set_parameters(&[1.0; 13]));
    assert!(message.contains("discarded"), "{message}");
}

#[test]
fn mlp_zero_grad() {
    let g = Graph::new();
    let mlp = discarded_network(&g);
    names("Mlp::zero_grad", || mlp.zero_grad());
}

#[test]
fn mlp_backprop_by_hand() {
    let g = Graph::new();
    let mlp = Mlp::new(&g, 2, &[3, 2], Activation::Tanh, &mut rng());
    let message = names("Mlp::backprop_by_hand", || {
        mlp.backprop_by_hand(&[1.0, 2.0], Objective::SoftmaxCrossEntropy, 5.0);
    });
    assert_eq!(
        message,
        "Mlp::backprop_by_hand: class 5 is out of range for 2 outputs"
    );
    names("Mlp::backprop_by_hand", || {
        mlp.backprop_by_hand(&[1.0], Objective::Mse, 0.0);
    });
}

// The classic models

#[test]
fn linear_regression_new() {
    let g = Graph::new();
    names("LinearRegression::new", || {
        LinearRegression::new(&g, 0, scalargrad::nn::Init::Zeros, &mut rng());
    });
}

#[test]
fn linear_regression_forward() {
    let g = Graph::new();
    let model = LinearRegression::new(&g, 2, scalargrad::nn::Init::Zeros, &mut rng());
    let message = names("LinearRegression::forward", || {
        model.forward(&g.values(&[1.0]));
    });
    assert_eq!(
        message,
        "LinearRegression::forward: expected 2 inputs, got 1"
    );
}

#[test]
fn logistic_regression_new() {
    let g = Graph::new();
    names("LogisticRegression::new", || {
        LogisticRegression::new(&g, 0, scalargrad::nn::Init::Zeros, &mut rng());
    });
}

#[test]
fn logistic_regression_logit() {
    let g = Graph::new();
    let model = LogisticRegression::new(&g, 2, scalargrad::nn::Init::Zeros, &mut rng());
    names("LogisticRegression::logit", || {
        model.logit(&g.values(&[1.0]));
    });
}

#[test]
fn logistic_regression_probability() {
    let g = Graph::new();
    let model = LogisticRegression::new(&g, 2, scalargrad::nn::Init::Zeros, &mut rng());
    names("LogisticRegression::probability", || {
        model.probability(&g.values(&[1.0]));
    });
}

#[test]
fn softmax_regression_new() {
    let g = Graph::new();
    names("SoftmaxRegression::new", || {
        SoftmaxRegression::new(&g, 2, 0, scalargrad::nn::Init::Zeros, &mut rng());
    });
}

#[test]
fn softmax_regression_logits() {
    let g = Graph::new();
    let model = SoftmaxRegression::new(&g, 2, 3, scalargrad::nn::Init::Zeros, &mut rng());
    names("SoftmaxRegression::logits", || {
        model.logits(&g.values(&[1.0]));
    });
}

#[test]
fn softmax_regression_probabilities() {
    let g = Graph::new();
    let model = SoftmaxRegression::new(&g, 2, 3, scalargrad::nn::Init::Zeros, &mut rng());
    names("SoftmaxRegression::probabilities", || {
        model.probabilities(&g.values(&[1.0]));
    });
}

// Traces and the textbook backpropagation

#[test]
fn layer_trace_errors() {
    let g = Graph::new();
    let mlp = network(&g);
    let keep = g.len();
    let trace = mlp.forward_trace(&g.values(&[1.0, 2.0]));
    g.truncate(keep);
    names("LayerTrace::errors", || {
        trace.layers[0].errors();
    });
}

#[test]
fn mlp_trace_outputs() {
    let trace = MlpTrace { layers: Vec::new() };
    let message = names("MlpTrace::outputs", || {
        trace.outputs();
    });
    assert_eq!(message, "MlpTrace::outputs: the trace has no layers");
}

#[test]
fn mlp_trace_gradient_table() {
    let g = Graph::new();
    let mlp = network(&g);
    let trace = mlp.forward_trace(&g.values(&[1.0, 2.0]));
    let message = names("MlpTrace::gradient_table", || {
        trace.gradient_table(&mlp, 2);
    });
    assert_eq!(
        message,
        "MlpTrace::gradient_table: layer 2 out of range for a network of 2 layers"
    );
}

#[test]
fn gradient_table_new() {
    let g = Graph::new();
    let mlp = network(&g);
    names("GradientTable::new", || {
        GradientTable::new(&mlp, &[], 0);
    });
    // A trace of another network: an index out of range before.
    let wider = Mlp::new(&g, 2, &[4, 1], Activation::Tanh, &mut rng());
    let trace = wider.forward_trace(&g.values(&[1.0, 2.0]));
    let message = names("GradientTable::new", || {
        GradientTable::new(&mlp, &[trace], 1);
    });
    assert_eq!(
        message,
        "GradientTable::new: layer 1 of trace 0 has 2 inputs and 4 neurons, the network's has 2 and 3"
    );
}

#[test]
fn backprop_max_difference() {
    let g = Graph::new();
    let mlp = network(&g);
    let by_hand: Backprop = mlp.backprop_by_hand(&[1.0, 2.0], Objective::Mse, 0.5);
    let wider = Mlp::new(&g, 2, &[4, 1], Activation::Tanh, &mut rng());
    let message = names("Backprop::max_difference", || {
        by_hand.max_difference(&wider);
    });
    assert_eq!(
        message,
        "Backprop::max_difference: layer 1 of the backprop does not hold gradients for 2 inputs and 4 neurons, as the network's does"
    );
}

#[test]
fn an_infinite_activation_parameter_is_refused_like_nan() {
    let g = Graph::new();
    let message = names("Layer::new", || {
        Layer::new(&g, 2, 3, Activation::Elu(f64::INFINITY), &mut rng());
    });
    assert_eq!(
        message,
        "Layer::new: the activation elu(inf) has a parameter that is not finite; give it a finite number"
    );
    let message = names("Mlp::new", || {
        Mlp::new(
            &g,
            2,
            &[3, 1],
            Activation::Swish(f64::NEG_INFINITY),
            &mut rng(),
        );
    });
    assert!(
        message.contains("whose parameter is not finite"),
        "{message}"
    );
    // Read from text (the command line, a model file): an error to report.
    for text in ["elu(inf)", "swish(-inf)", "leaky_relu(1e400)", "prelu(NaN)"] {
        let error = text.parse::<Activation>().unwrap_err();
        assert!(error.contains("give a finite number"), "{text}: {error}");
    }
}
