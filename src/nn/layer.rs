//! [`Layer`]: neurons that share their inputs and their activation.

use rand::Rng;

use super::neuron::check_inputs;
use super::{Activation, Init, LayerTrace, Neuron};
use crate::engine::{DenseLayout, DenseShape, Span};
use crate::panics::misuse;
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
    /// If `n_inputs` or `n_outputs` is 0, or the activation's parameter is
    /// NaN or infinite.
    #[track_caller]
    pub fn new<R: Rng + ?Sized>(
        graph: &'g Graph,
        n_inputs: usize,
        n_outputs: usize,
        activation: Activation,
        rng: &mut R,
    ) -> Layer<'g> {
        let spec = LayerSpec::new(n_outputs, activation);
        Layer::build(graph, n_inputs, &spec, rng, "Layer::new")
    }

    /// A layer of `n_inputs` inputs from a [`LayerSpec`], its parameters
    /// drawn from `rng`, neuron by neuron (each neuron's weights, then its
    /// bias). Initializers the spec leaves at `None` are micrograd's:
    /// weights `U(-1, 1)`, biases 0.
    ///
    /// # Panics
    /// If `n_inputs` or the spec's size is 0, or the activation's parameter
    /// is NaN or infinite.
    #[track_caller]
    pub fn from_spec<R: Rng + ?Sized>(
        graph: &'g Graph,
        n_inputs: usize,
        spec: &LayerSpec,
        rng: &mut R,
    ) -> Layer<'g> {
        Layer::build(graph, n_inputs, spec, rng, "Layer::from_spec")
    }

    /// [`from_spec`](Layer::from_spec) for a caller that panics under its
    /// own name.
    #[track_caller]
    pub(crate) fn build<R: Rng + ?Sized>(
        graph: &'g Graph,
        n_inputs: usize,
        spec: &LayerSpec,
        rng: &mut R,
        call: &str,
    ) -> Layer<'g> {
        if n_inputs == 0 || spec.size == 0 {
            misuse!(
                call,
                "a layer needs at least one input and one neuron, got {n_inputs} inputs and {} neurons",
                spec.size
            );
        }
        let mut neurons = Vec::with_capacity(spec.size);
        for _ in 0..spec.size {
            neurons.push(Neuron::from_layer_spec(graph, n_inputs, spec, rng));
        }
        Layer::assemble(neurons, call)
    }

    /// A layer with chosen weights: `weights[j]` holds neuron `j`'s weights
    /// `w_0j … w_(n-1)j`, `biases[j]` its bias.
    ///
    /// # Panics
    /// If the neurons' weight counts differ, `weights` is empty, `biases`
    /// has the wrong length, or the activation's parameter is NaN or infinite.
    #[track_caller]
    pub fn from_weights(
        graph: &'g Graph,
        weights: &[Vec<f64>],
        biases: Option<&[f64]>,
        activation: Activation,
    ) -> Layer<'g> {
        const CALL: &str = "Layer::from_weights";
        if weights.is_empty() {
            misuse!(CALL, "a layer needs at least one neuron");
        }
        if let Some(b) = biases {
            if b.len() != weights.len() {
                misuse!(CALL, "{} neurons but {} biases", weights.len(), b.len());
            }
        }
        let neurons = weights
            .iter()
            .enumerate()
            .map(|(j, w)| Neuron::from_weights(graph, w, biases.map(|b| b[j]), activation))
            .collect();
        Layer::assemble(neurons, CALL)
    }

    /// A layer from neurons built separately (they must share their input
    /// count and activation).
    ///
    /// # Panics
    /// If `neurons` is empty, the neurons differ in input count, activation,
    /// graph, or in having a bias, or the activation's parameter is NaN or infinite.
    #[track_caller]
    pub fn from_neurons(neurons: Vec<Neuron<'g>>) -> Layer<'g> {
        Layer::assemble(neurons, "Layer::from_neurons")
    }

    /// [`from_neurons`](Layer::from_neurons) for a caller that panics under
    /// its own name.
    #[track_caller]
    fn assemble(neurons: Vec<Neuron<'g>>, call: &str) -> Layer<'g> {
        let Some(first) = neurons.first() else {
            misuse!(call, "a layer needs at least one neuron")
        };
        let (graph, n_inputs, activation) = (first.graph(), first.n_inputs(), first.activation());
        check_parameter(activation, call);
        for (j, neuron) in neurons.iter().enumerate() {
            if neuron.n_inputs() != n_inputs {
                misuse!(
                    call,
                    "neuron 0 has {n_inputs} weights but neuron {j} has {}",
                    neuron.n_inputs()
                );
            }
            if !std::ptr::eq(neuron.graph(), graph) {
                misuse!(call, "neuron {j} belongs to another graph than neuron 0");
            }
            if neuron.activation() != activation {
                misuse!(
                    call,
                    "neuron 0 uses {} but neuron {j} uses {}",
                    activation.name(),
                    neuron.activation().name()
                );
            }
            if neuron.bias().is_some() != first.bias().is_some() {
                let has = |n: &Neuron| if n.bias().is_some() { "has" } else { "has no" };
                misuse!(
                    call,
                    "neuron 0 {} bias but neuron {j} {} bias; \
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
    #[track_caller]
    pub(crate) fn record_span(&self, inputs: Span<'g>, call: &str) -> Option<(Span<'g>, Span<'g>)> {
        let layout = self.layout.as_ref()?;
        Some(self.graph.record_dense(layout, inputs, call))
    }

    /// If the layer's parameters are consecutive nodes, so that it can be
    /// recorded in one go ([`record_span`](Layer::record_span),
    /// [`record_batch`](Layer::record_batch)): the runs of nodes every
    /// example reads (its parameters, its activation's constant).
    pub(crate) fn shared_nodes(&self) -> Option<impl Iterator<Item = Span<'g>>> {
        self.layout.as_ref().map(DenseLayout::shared)
    }

    /// Records the layer on each of `inputs` (one span per example) under
    /// one borrow of the graph; puts each example's outputs `a` in
    /// `outputs`. The layer's parameters must be consecutive
    /// ([`shared_nodes`](Layer::shared_nodes) is `Some`).
    #[track_caller]
    pub(crate) fn record_batch(
        &self,
        inputs: &[Span<'g>],
        call: &str,
        outputs: &mut Vec<Span<'g>>,
    ) {
        let layout = self
            .layout
            .as_ref()
            .expect("Layer::record_batch on a layer whose parameters are not consecutive");
        self.graph.record_dense_batch(layout, inputs, call, outputs);
    }

    /// The pre-activations `z_j` and outputs `a_j` for `inputs`, panicking
    /// under the name `call`.
    #[track_caller]
    pub(crate) fn record(
        &self,
        inputs: &[Value<'g>],
        call: &str,
    ) -> (Vec<Value<'g>>, Vec<Value<'g>>) {
        check_inputs(call, self.n_inputs, inputs.len());
        if let Some(span) = Span::of(inputs) {
            if let Some((z, a)) = self.record_span(span, call) {
                return (z.to_vec(), a.to_vec());
            }
        }
        let mut z = Vec::with_capacity(self.neurons.len());
        for neuron in &self.neurons {
            z.push(neuron.record_pre_activation(inputs, call));
        }
        let a = match self.activation {
            Activation::Linear => z.clone(),
            act => {
                let mut a = Vec::with_capacity(z.len());
                for (&z, neuron) in z.iter().zip(&self.neurons) {
                    a.push(act.record_with_constant(z, self.constant, neuron.slope(), call));
                }
                a
            }
        };
        (z, a)
    }

    /// [`forward_trace`](Layer::forward_trace) for a caller that panics
    /// under its own name.
    #[track_caller]
    pub(crate) fn record_trace(&self, inputs: &[Value<'g>], call: &str) -> LayerTrace<'g> {
        let (pre_activations, outputs) = self.record(inputs, call);
        LayerTrace {
            inputs: inputs.to_vec(),
            pre_activations,
            outputs,
        }
    }

    /// The outputs `a_j = f(z_j)`, one per neuron.
    ///
    /// # Panics
    /// If `inputs` does not have `n_inputs` values, or a value (input or
    /// parameter) belongs to another graph or was discarded.
    #[track_caller]
    pub fn forward(&self, inputs: &[Value<'g>]) -> Vec<Value<'g>> {
        self.record(inputs, "Layer::forward").1
    }

    /// Like [`forward`](Layer::forward), keeping the inputs `a_i`, the
    /// pre-activations `z_j` and the outputs `a_j`.
    ///
    /// # Panics
    /// As [`forward`](Layer::forward).
    #[track_caller]
    pub fn forward_trace(&self, inputs: &[Value<'g>]) -> LayerTrace<'g> {
        self.record_trace(inputs, "Layer::forward_trace")
    }

    /// Every parameter, neuron by neuron (weights, bias, slope).
    pub fn parameters(&self) -> Vec<Value<'g>> {
        self.neurons.iter().flat_map(Neuron::parameters).collect()
    }

    /// The number of [`parameters`](Layer::parameters).
    pub(crate) fn n_parameters(&self) -> usize {
        self.neurons.iter().map(Neuron::n_parameters).sum()
    }

    /// The [`parameters`](Layer::parameters) as one run of consecutive
    /// nodes, if they are (as [`Layer::new`] makes them), to be read and
    /// written under one borrow of the graph.
    pub(crate) fn parameter_span(&self) -> Option<Span<'g>> {
        self.layout.as_ref().map(DenseLayout::params)
    }

    /// Sets the gradient of every parameter to 0.
    ///
    /// # Panics
    /// If a parameter was discarded by [`Graph::truncate`].
    #[track_caller]
    pub fn zero_grad(&self) {
        self.zero_grad_for("Layer::zero_grad");
    }

    /// [`zero_grad`](Layer::zero_grad) for a caller that panics under its
    /// own name.
    #[track_caller]
    pub(crate) fn zero_grad_for(&self, call: &str) {
        for neuron in &self.neurons {
            neuron.zero_grad_for(call);
        }
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
    ///
    /// # Panics
    /// If a parameter was discarded by [`Graph::truncate`].
    #[track_caller]
    pub fn weight_matrix(&self) -> Vec<Vec<f64>> {
        self.weight_matrix_for("Layer::weight_matrix")
    }

    /// [`weight_matrix`](Layer::weight_matrix) for a caller that panics
    /// under its own name.
    #[track_caller]
    pub(crate) fn weight_matrix_for(&self, call: &str) -> Vec<Vec<f64>> {
        let mut matrix = vec![Vec::new(); self.n_inputs];
        for neuron in &self.neurons {
            for (row, w) in matrix.iter_mut().zip(neuron.weights()) {
                row.push(w.data_for(call));
            }
        }
        matrix
    }

    /// `b` as numbers (zeros without biases).
    ///
    /// # Panics
    /// If a parameter was discarded by [`Graph::truncate`].
    #[track_caller]
    pub fn bias_vector(&self) -> Vec<f64> {
        let mut biases = Vec::with_capacity(self.neurons.len());
        for neuron in &self.neurons {
            biases.push(match neuron.bias() {
                Some(b) => b.data_for("Layer::bias_vector"),
                None => 0.0,
            });
        }
        biases
    }
}

/// Panics if the activation's parameter (slope, α, β) is NaN or infinite:
/// a mistake (an infinite slope makes `0·∞` = NaN at 0), and NaN would
/// also defeat the check that every neuron uses the same activation (NaN
/// equals nothing, not even itself).
#[track_caller]
fn check_parameter(activation: Activation, call: &str) {
    if activation.parameter().is_some_and(|p| !p.is_finite()) {
        misuse!(
            call,
            "the activation {} has a parameter that is not finite; give it a finite number",
            activation.name()
        );
    }
}
