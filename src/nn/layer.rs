//! [`Layer`]: neurons that share their inputs and their activation.

use rand::Rng;

use super::neuron::check_inputs;
use super::{Activation, Init, LayerTrace, Neuron};
use crate::engine::{DenseLayout, DenseShape, Span};
use crate::{Graph, Value};

/// How to build one layer: its size, activation, bias and initializers.
///
/// An initializer left at `None` is the network's default when an
/// [`MlpBuilder`](super::MlpBuilder) builds the layer (its
/// [`init`](super::MlpBuilder::init) and
/// [`bias_init`](super::MlpBuilder::bias_init)), and micrograd's otherwise
/// (weights `U(-1, 1)`, biases 0), as in [`Layer::from_spec`].
///
/// ```
/// use rand::SeedableRng;
/// use scalargrad::nn::{Activation, Init, Layer, LayerSpec};
/// use scalargrad::Graph;
///
/// let spec = LayerSpec::new(16, Activation::Relu).init(Init::HeUniform).without_bias();
/// assert!(!spec.bias);
/// let g = Graph::new();
/// let layer = Layer::from_spec(&g, 3, &spec, &mut rand::rngs::StdRng::seed_from_u64(0));
/// assert_eq!(layer.parameters().len(), 3 * 16);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LayerSpec {
    /// Number of neurons (outputs).
    pub size: usize,
    /// The activation every neuron applies.
    pub activation: Activation,
    /// Whether the neurons have a bias.
    pub bias: bool,
    /// Weight initializer; `None` takes the network's default (micrograd's
    /// `U(-1, 1)` for a layer built alone).
    pub init: Option<Init>,
    /// Bias initializer; `None` takes the network's default (zeros for a
    /// layer built alone).
    pub bias_init: Option<Init>,
}

impl LayerSpec {
    /// `size` neurons with `activation` and a bias; initializers from the
    /// network's defaults.
    pub fn new(size: usize, activation: Activation) -> LayerSpec {
        LayerSpec {
            size,
            activation,
            bias: true,
            init: None,
            bias_init: None,
        }
    }

    /// No bias: `z_j = Σ_i w_ij·a_i`.
    pub fn without_bias(mut self) -> LayerSpec {
        self.bias = false;
        self
    }

    /// Draws the weights from `init`.
    pub fn init(mut self, init: Init) -> LayerSpec {
        self.init = Some(init);
        self
    }

    /// Draws the biases from `init`.
    pub fn bias_init(mut self, init: Init) -> LayerSpec {
        self.bias_init = Some(init);
        self
    }

    /// The weight initializer: the spec's own, or micrograd's `U(-1, 1)`.
    pub(crate) fn weight_initializer(&self) -> Init {
        self.init.unwrap_or(Init::MICROGRAD)
    }

    /// The bias initializer: the spec's own, or zeros.
    pub(crate) fn bias_initializer(&self) -> Init {
        self.bias_init.unwrap_or(Init::Zeros)
    }
}

/// A layer: `n_outputs` neurons reading the same `n_inputs` values,
/// `z_j = Σ_i w_ij·a_i + b_j`, `a_j = f(z_j)`.
///
/// In the lesson's matrix notation the weights form `W` with `n_inputs` rows
/// and `n_outputs` columns, `w_ij` linking input `i` to neuron `j`, and
/// `z = Wᵀa + b` ([`weight_matrix`](Layer::weight_matrix)).
///
/// [`forward`](Layer::forward) records every `z_j` (one node each), then
/// every `a_j`, so the outputs are contiguous in the graph and the next layer
/// reads them as one slice.
#[derive(Clone, Debug)]
pub struct Layer<'g> {
    graph: &'g Graph,
    neurons: Vec<Neuron<'g>>,
    n_inputs: usize,
    activation: Activation,
    /// The activation's constant (LeakyReLU slope, ELU α, Swish β) as one
    /// leaf shared by the layer's neurons.
    constant: Option<Value<'g>>,
    /// Where the parameters are, when they are contiguous (always, for a
    /// layer the crate built): the whole layer is then recorded under one
    /// borrow of the graph.
    layout: Option<DenseLayout<'g>>,
}

impl<'g> Layer<'g> {
    /// A layer initialized like micrograd's: weights `U(-1, 1)`, biases 0.
    ///
    /// # Panics
    /// If `n_inputs` or `n_outputs` is 0.
    pub fn new<R: Rng + ?Sized>(
        graph: &'g Graph,
        n_inputs: usize,
        n_outputs: usize,
        activation: Activation,
        rng: &mut R,
    ) -> Layer<'g> {
        Layer::from_spec(graph, n_inputs, &LayerSpec::new(n_outputs, activation), rng)
    }

    /// A layer of `n_inputs` inputs from a [`LayerSpec`], its parameters
    /// drawn from `rng`, neuron by neuron (each neuron's weights, then its
    /// bias). Initializers the spec leaves at `None` are micrograd's:
    /// weights `U(-1, 1)`, biases 0.
    ///
    /// # Panics
    /// If `n_inputs` or the spec's size is 0.
    pub fn from_spec<R: Rng + ?Sized>(
        graph: &'g Graph,
        n_inputs: usize,
        spec: &LayerSpec,
        rng: &mut R,
    ) -> Layer<'g> {
        if n_inputs == 0 || spec.size == 0 {
            panic!(
                "Layer::new: a layer needs at least one input and one neuron, got {n_inputs} inputs and {} neurons",
                spec.size
            );
        }
        let neurons = (0..spec.size)
            .map(|_| Neuron::from_layer_spec(graph, n_inputs, spec, rng))
            .collect();
        Layer::from_neurons(neurons)
    }

    /// A layer with chosen weights: `weights[j]` holds neuron `j`'s weights
    /// `w_0j … w_(n-1)j`, `biases[j]` its bias.
    ///
    /// # Panics
    /// If the neurons' weight counts differ, `weights` is empty, or `biases`
    /// has the wrong length.
    pub fn from_weights(
        graph: &'g Graph,
        weights: &[Vec<f64>],
        biases: Option<&[f64]>,
        activation: Activation,
    ) -> Layer<'g> {
        if weights.is_empty() {
            panic!("Layer::from_weights: a layer needs at least one neuron");
        }
        if let Some(b) = biases {
            if b.len() != weights.len() {
                panic!(
                    "Layer::from_weights: {} neurons but {} biases",
                    weights.len(),
                    b.len()
                );
            }
        }
        let neurons = weights
            .iter()
            .enumerate()
            .map(|(j, w)| Neuron::from_weights(graph, w, biases.map(|b| b[j]), activation))
            .collect();
        Layer::from_neurons(neurons)
    }

    /// A layer from neurons built separately (they must share their input
    /// count and activation).
    ///
    /// # Panics
    /// If `neurons` is empty or the neurons differ in input count,
    /// activation, graph, or in having a bias.
    pub fn from_neurons(neurons: Vec<Neuron<'g>>) -> Layer<'g> {
        let first: &Neuron = neurons
            .first()
            .unwrap_or_else(|| panic!("Layer::from_neurons: a layer needs at least one neuron"));
        let (graph, n_inputs, activation) = (first.graph(), first.n_inputs(), first.activation());
        for (j, neuron) in neurons.iter().enumerate() {
            if neuron.n_inputs() != n_inputs {
                panic!(
                    "Layer::from_neurons: neuron 0 has {n_inputs} weights but neuron {j} has {}",
                    neuron.n_inputs()
                );
            }
            if !std::ptr::eq(neuron.graph(), graph) {
                panic!("Layer::from_neurons: neuron {j} belongs to another graph than neuron 0");
            }
            if neuron.activation() != activation {
                panic!(
                    "Layer::from_neurons: neuron 0 uses {} but neuron {j} uses {}",
                    activation.name(),
                    neuron.activation().name()
                );
            }
            if neuron.bias().is_some() != first.bias().is_some() {
                let has = |n: &Neuron| if n.bias().is_some() { "has" } else { "has no" };
                panic!(
                    "Layer::from_neurons: neuron 0 {} bias but neuron {j} {} bias; \
                     a layer's neurons all have one or all have none",
                    has(first),
                    has(neuron)
                );
            }
        }
        let constant = match activation.op() {
            Some((_, Some(c))) => Some(graph.value(c)),
            _ => None,
        };
        let params: Vec<Value<'g>> = neurons.iter().flat_map(Neuron::parameters).collect();
        let bias = first.bias().is_some();
        let layout = DenseLayout::of(
            &params,
            DenseShape {
                n_in: n_inputs,
                n_out: neurons.len(),
                bias,
                slope: activation.has_slope(),
                op: activation.op().map(|(op, _)| op),
                constant,
            },
        );
        Layer {
            graph,
            neurons,
            n_inputs,
            activation,
            constant,
            layout,
        }
    }

    /// Records the layer on a span of inputs in one go, if its parameters
    /// are contiguous; returns the spans of `z` and `a`.
    pub(crate) fn record_span(&self, inputs: Span<'g>, call: &str) -> Option<(Span<'g>, Span<'g>)> {
        let layout = self.layout.as_ref()?;
        Some(self.graph.record_dense(layout, inputs, call))
    }

    /// The pre-activations `z_j` and outputs `a_j` for `inputs`.
    fn record(&self, inputs: &[Value<'g>]) -> (Vec<Value<'g>>, Vec<Value<'g>>) {
        check_inputs("Layer::forward", self.n_inputs, inputs.len());
        if let Some((z, a)) =
            Span::of(inputs).and_then(|span| self.record_span(span, "Layer::forward"))
        {
            return (z.to_vec(), a.to_vec());
        }
        let z: Vec<Value<'g>> = self
            .neurons
            .iter()
            .map(|n| n.pre_activation(inputs))
            .collect();
        let a = match self.activation {
            Activation::Linear => z.clone(),
            act => z
                .iter()
                .zip(&self.neurons)
                .map(|(&z, n)| act.apply_with_constant(z, self.constant, n.slope()))
                .collect(),
        };
        (z, a)
    }

    /// The outputs `a_j = f(z_j)`, one per neuron.
    ///
    /// # Panics
    /// If `inputs` does not have `n_inputs` values.
    pub fn forward(&self, inputs: &[Value<'g>]) -> Vec<Value<'g>> {
        self.record(inputs).1
    }

    /// Like [`forward`](Layer::forward), keeping the inputs `a_i`, the
    /// pre-activations `z_j` and the outputs `a_j`.
    pub fn forward_trace(&self, inputs: &[Value<'g>]) -> LayerTrace<'g> {
        let (pre_activations, outputs) = self.record(inputs);
        LayerTrace {
            inputs: inputs.to_vec(),
            pre_activations,
            outputs,
        }
    }

    /// Every parameter, neuron by neuron (weights, bias, slope).
    pub fn parameters(&self) -> Vec<Value<'g>> {
        self.neurons.iter().flat_map(Neuron::parameters).collect()
    }

    /// Sets the gradient of every parameter to 0.
    pub fn zero_grad(&self) {
        self.neurons.iter().for_each(Neuron::zero_grad);
    }

    /// The neurons.
    pub fn neurons(&self) -> &[Neuron<'g>] {
        &self.neurons
    }

    /// Number of inputs `a_i`.
    pub fn n_inputs(&self) -> usize {
        self.n_inputs
    }

    /// Number of neurons (outputs `a_j`).
    pub fn n_outputs(&self) -> usize {
        self.neurons.len()
    }

    /// The activation `f`.
    pub fn activation(&self) -> Activation {
        self.activation
    }

    /// True if the neurons have biases.
    pub fn has_bias(&self) -> bool {
        self.neurons[0].bias().is_some()
    }

    /// The graph the parameters live in.
    pub fn graph(&self) -> &'g Graph {
        self.graph
    }

    /// `W` as numbers: `W[i][j] = w_ij`, `n_inputs` rows by `n_outputs`
    /// columns, so that `z = Wᵀa + b`.
    pub fn weight_matrix(&self) -> Vec<Vec<f64>> {
        (0..self.n_inputs)
            .map(|i| self.neurons.iter().map(|n| n.weights()[i].data()).collect())
            .collect()
    }

    /// `b` as numbers (zeros without biases).
    pub fn bias_vector(&self) -> Vec<f64> {
        self.neurons
            .iter()
            .map(|n| n.bias().map_or(0.0, |b| b.data()))
            .collect()
    }
}
