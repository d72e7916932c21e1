//! [`Neuron`]: weights, an optional bias, an activation.

use rand::Rng;

use super::{Activation, LayerSpec};
use crate::panics::misuse;
use crate::{Graph, Value};

/// One neuron: `a = f(z)` with `z = Σ_i w_i·x_i + b`.
///
/// Its parameters are leaves created together: the weights, then the bias
/// (if any), then the PReLU slope (if any), which is micrograd's
/// `parameters()` order. `z` is recorded as one [`Graph::affine`] node (or
/// [`Graph::dot`] without a bias), so `∂z/∂w_i = x_i` is the local derivative
/// of a single edge.
///
/// ```
/// use scalargrad::nn::{Activation, Neuron};
/// use scalargrad::Graph;
///
/// let g = Graph::new();
/// let neuron = Neuron::from_weights(&g, &[0.5, -1.0], Some(0.25), Activation::Relu);
/// let x = g.values(&[2.0, 0.5]);
/// let a = neuron.forward(&x); // relu(0.5·2 - 1·0.5 + 0.25) = relu(0.75)
/// a.backward();
/// assert_eq!(a.data(), 0.75);
/// assert_eq!(neuron.weights()[0].grad(), 2.0); // ∂a/∂w_0 = relu'(z)·x_0
/// ```
#[derive(Clone, Debug)]
pub struct Neuron<'g> {
    graph: &'g Graph,
    weights: Vec<Value<'g>>,
    bias: Option<Value<'g>>,
    slope: Option<Value<'g>>,
    activation: Activation,
}

impl<'g> Neuron<'g> {
    /// A neuron initialized like micrograd's: weights `U(-1, 1)`, bias 0.
    pub fn new<R: Rng + ?Sized>(
        graph: &'g Graph,
        n_inputs: usize,
        activation: Activation,
        rng: &mut R,
    ) -> Neuron<'g> {
        Neuron::from_layer_spec(graph, n_inputs, &LayerSpec::new(1, activation), rng)
    }

    /// A neuron with the given weights and bias (chosen numbers, as in the
    /// lesson's worked examples).
    pub fn from_weights(
        graph: &'g Graph,
        weights: &[f64],
        bias: Option<f64>,
        activation: Activation,
    ) -> Neuron<'g> {
        let weights = graph.values(weights);
        let bias = bias.map(|b| graph.value(b));
        let slope = match activation {
            Activation::PRelu(a) => Some(graph.value(a)),
            _ => None,
        };
        Neuron {
            graph,
            weights,
            bias,
            slope,
            activation,
        }
    }

    /// A neuron whose parameters are existing values (shared with another
    /// model, or the inputs of a [`gradcheck`](crate::gradcheck)).
    ///
    /// # Panics
    /// If there are neither weights nor a bias, `activation` is PReLU and
    /// `slope` is `None`, or the values belong to different graphs.
    #[track_caller]
    pub fn from_values(
        weights: &[Value<'g>],
        bias: Option<Value<'g>>,
        slope: Option<Value<'g>>,
        activation: Activation,
    ) -> Neuron<'g> {
        const CALL: &str = "Neuron::from_values";
        let Some(graph) = weights.first().or(bias.as_ref()).map(|v| v.graph()) else {
            misuse!(CALL, "a neuron needs at least one weight or a bias")
        };
        if activation.has_slope() && slope.is_none() {
            misuse!(CALL, "a PReLU neuron needs its slope");
        }
        for v in weights.iter().chain(&bias).chain(&slope) {
            if !std::ptr::eq(v.graph(), graph) {
                misuse!(CALL, "the values belong to different graphs");
            }
        }
        Neuron {
            graph,
            weights: weights.to_vec(),
            bias,
            slope: if activation.has_slope() { slope } else { None },
            activation,
        }
    }

    /// One neuron of the layer `spec` describes, with `n_inputs` inputs: its
    /// weights, then its bias (if the spec has biases), drawn from the
    /// spec's initializers with `fan_in = n_inputs` and `fan_out =
    /// spec.size`.
    pub(crate) fn from_layer_spec<R: Rng + ?Sized>(
        graph: &'g Graph,
        n_inputs: usize,
        spec: &LayerSpec,
        rng: &mut R,
    ) -> Neuron<'g> {
        let (weight_init, bias_init) = (spec.weight_initializer(), spec.bias_initializer());
        let fan_out = spec.size;
        let weights: Vec<f64> = (0..n_inputs)
            .map(|_| weight_init.sample(rng, n_inputs, fan_out))
            .collect();
        let bias = spec.bias.then(|| bias_init.sample(rng, n_inputs, fan_out));
        Neuron::from_weights(graph, &weights, bias, spec.activation)
    }

    /// The pre-activation `z = Σ_i w_i·x_i + b`, one node.
    ///
    /// # Panics
    /// If `inputs` does not have one value per weight, or a value belongs
    /// to another graph or was discarded.
    #[track_caller]
    pub fn pre_activation(&self, inputs: &[Value<'g>]) -> Value<'g> {
        self.record_pre_activation(inputs, "Neuron::pre_activation")
    }

    /// The output `a = f(z)`.
    ///
    /// # Panics
    /// If `inputs` does not have one value per weight, or a value belongs
    /// to another graph or was discarded.
    #[track_caller]
    pub fn forward(&self, inputs: &[Value<'g>]) -> Value<'g> {
        self.record(inputs, "Neuron::forward")
    }

    /// [`pre_activation`](Neuron::pre_activation) for a caller that panics
    /// under its own name.
    #[track_caller]
    pub(crate) fn record_pre_activation(&self, inputs: &[Value<'g>], call: &str) -> Value<'g> {
        check_inputs(call, self.weights.len(), inputs.len());
        self.graph
            .record_dot(&self.weights, inputs, self.bias, call)
    }

    /// [`forward`](Neuron::forward) for a caller that panics under its own
    /// name.
    #[track_caller]
    pub(crate) fn record(&self, inputs: &[Value<'g>], call: &str) -> Value<'g> {
        let z = self.record_pre_activation(inputs, call);
        self.activation.record(z, self.slope, call)
    }

    /// Weights, then bias, then PReLU slope: micrograd's order.
    pub fn parameters(&self) -> Vec<Value<'g>> {
        self.weights
            .iter()
            .copied()
            .chain(self.bias)
            .chain(self.slope)
            .collect()
    }

    /// The number of [`parameters`](Neuron::parameters).
    pub(crate) fn n_parameters(&self) -> usize {
        self.weights.len() + usize::from(self.bias.is_some()) + usize::from(self.slope.is_some())
    }

    /// Sets the gradient of every parameter to 0.
    ///
    /// # Panics
    /// If a parameter was discarded by [`Graph::truncate`].
    #[track_caller]
    pub fn zero_grad(&self) {
        self.zero_grad_for("Neuron::zero_grad");
    }

    /// [`zero_grad`](Neuron::zero_grad) for a caller that panics under its
    /// own name.
    #[track_caller]
    pub(crate) fn zero_grad_for(&self, call: &str) {
        for p in self.weights.iter().chain(&self.bias).chain(&self.slope) {
            p.set_grad_for(0.0, call);
        }
    }

    /// The weights `w_i`, one per input.
    pub fn weights(&self) -> &[Value<'g>] {
        &self.weights
    }

    /// The bias `b`, if the neuron has one.
    pub fn bias(&self) -> Option<Value<'g>> {
        self.bias
    }

    /// The learnable PReLU slope, if the activation is PReLU.
    pub fn slope(&self) -> Option<Value<'g>> {
        self.slope
    }

    /// The activation `f`.
    pub fn activation(&self) -> Activation {
        self.activation
    }

    /// Number of inputs (weights).
    pub fn n_inputs(&self) -> usize {
        self.weights.len()
    }

    /// The graph the parameters live in.
    pub fn graph(&self) -> &'g Graph {
        self.graph
    }
}

/// Panics with `call: expected {expected} inputs, got {got}` on a mismatch.
#[track_caller]
pub(crate) fn check_inputs(call: &str, expected: usize, got: usize) {
    if expected != got {
        misuse!(call, "expected {expected} inputs, got {got}");
    }
}
