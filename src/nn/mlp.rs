//! [`Mlp`]: a multi-layer perceptron, and its builder.

use rand::Rng;

mod batch;

use super::neuron::check_inputs;
use super::{Activation, Init, Layer, LayerSpec, MlpTrace};
use crate::engine::Span;
use crate::panics::misuse;
use crate::{Graph, Value};

/// A multi-layer perceptron: layers applied in turn,
/// `a⁽⁰⁾ = x`, `z⁽ˡ⁾ = W⁽ˡ⁾ᵀa⁽ˡ⁻¹⁾ + b⁽ˡ⁾`, `a⁽ˡ⁾ = f(z⁽ˡ⁾)`, `ŷ = a⁽ᴸ⁾`.
///
/// [`Mlp::new`] builds micrograd's `MLP(n_inputs, sizes)`: hidden layers use
/// the given activation, the last layer is linear, weights `U(-1, 1)`,
/// biases 0. [`Mlp::builder`] sets each layer's activation, bias and
/// initializer.
///
/// ```
/// use rand::SeedableRng;
/// use scalargrad::nn::{Activation, Mlp};
/// use scalargrad::Graph;
///
/// let g = Graph::new();
/// let mut rng = rand::rngs::StdRng::seed_from_u64(1337);
/// let mlp = Mlp::new(&g, 2, &[16, 16, 1], Activation::Relu, &mut rng);
/// assert_eq!(mlp.parameters().len(), 337); // (2+1)·16 + (16+1)·16 + (16+1)·1
///
/// let x = g.values(&[0.5, -1.0]);
/// let y = mlp.forward(&x);
/// assert_eq!(y.len(), 1);
/// ```
#[derive(Clone, Debug)]
pub struct Mlp<'g> {
    layers: Vec<Layer<'g>>,
}

impl<'g> Mlp<'g> {
    /// micrograd's MLP: `sizes.len()` layers, the hidden ones with `hidden`,
    /// the last linear; weights `U(-1, 1)`, biases 0.
    ///
    /// # Panics
    /// If `n_inputs` is 0, `sizes` is empty or contains 0, or `hidden`'s
    /// parameter is NaN or infinite.
    #[track_caller]
    pub fn new<R: Rng + ?Sized>(
        graph: &'g Graph,
        n_inputs: usize,
        sizes: &[usize],
        hidden: Activation,
        rng: &mut R,
    ) -> Mlp<'g> {
        const CALL: &str = "Mlp::new";
        if sizes.is_empty() {
            misuse!(CALL, "sizes is empty; a network needs at least one layer");
        }
        let mut builder = Mlp::builder(n_inputs);
        for (l, &size) in sizes.iter().enumerate() {
            let last = l + 1 == sizes.len();
            builder = builder.layer(size, if last { Activation::Linear } else { hidden });
        }
        builder.build_for(graph, rng, CALL)
    }

    /// A builder for a network with `n_inputs` inputs.
    pub fn builder(n_inputs: usize) -> MlpBuilder {
        MlpBuilder {
            n_inputs,
            layers: Vec::new(),
            init: Init::MICROGRAD,
            bias_init: Init::Zeros,
        }
    }

    /// A network from layers built separately (for chosen weights).
    ///
    /// # Panics
    /// If `layers` is empty or a layer's input count differs from the
    /// previous layer's output count.
    #[track_caller]
    pub fn from_layers(layers: Vec<Layer<'g>>) -> Mlp<'g> {
        const CALL: &str = "Mlp::from_layers";
        if layers.is_empty() {
            misuse!(CALL, "a network needs at least one layer");
        }
        for (l, pair) in layers.windows(2).enumerate() {
            if pair[0].n_outputs() != pair[1].n_inputs() {
                misuse!(
                    CALL,
                    "layer {} has {} outputs but layer {} expects {} inputs",
                    l + 1,
                    pair[0].n_outputs(),
                    l + 2,
                    pair[1].n_inputs()
                );
            }
        }
        Mlp { layers }
    }

    /// The network's outputs `a⁽ᴸ⁾` for one example.
    ///
    /// # Panics
    /// If `inputs` does not have [`n_inputs`](Mlp::n_inputs) values, or a
    /// value (input or parameter) belongs to another graph or was
    /// discarded.
    #[track_caller]
    pub fn forward(&self, inputs: &[Value<'g>]) -> Vec<Value<'g>> {
        self.record(inputs, "Mlp::forward")
    }

    /// [`forward`](Mlp::forward) for a caller that panics under its own
    /// name.
    #[track_caller]
    pub(crate) fn record(&self, inputs: &[Value<'g>], call: &str) -> Vec<Value<'g>> {
        check_inputs(call, self.n_inputs(), inputs.len());
        // Layers pass their outputs on as a span of consecutive nodes, so
        // that the next layer is recorded in one go (`engine/dense.rs`); a
        // vector is made only where a layer needs one, and at the end.
        // Measured with the whole-layer recording on micrograd's demo step:
        // 221 µs → 40.2 µs, 14.6 × → 2.7 × the hand-written step. Recording
        // neuron by neuron (`Layer::forward` on a vector) gives the same
        // nodes, data and gradients (tests/engine_dense.rs).
        enum Current<'g> {
            Span(Span<'g>),
            Values(Vec<Value<'g>>),
        }
        let mut current = match Span::of(inputs) {
            Some(span) => Current::Span(span),
            None => Current::Values(inputs.to_vec()),
        };
        for layer in &self.layers {
            current = match current {
                Current::Span(span) => match layer.record_span(span, call) {
                    Some((_, a)) => Current::Span(a),
                    None => Current::Values(layer.record(&span.to_vec(), call).1),
                },
                Current::Values(values) => {
                    let a = layer.record(&values, call).1;
                    match Span::of(&a) {
                        Some(span) => Current::Span(span),
                        None => Current::Values(a),
                    }
                }
            };
        }
        match current {
            Current::Span(span) => span.to_vec(),
            Current::Values(values) => values,
        }
    }

    /// Like [`forward`](Mlp::forward), keeping every layer's inputs `a_i`,
    /// pre-activations `z_j` and outputs `a_j`. After a backward,
    /// `e_j = z_j.grad()`.
    ///
    /// # Panics
    /// As [`forward`](Mlp::forward).
    #[track_caller]
    pub fn forward_trace(&self, inputs: &[Value<'g>]) -> MlpTrace<'g> {
        const CALL: &str = "Mlp::forward_trace";
        check_inputs(CALL, self.n_inputs(), inputs.len());
        let mut layers = Vec::with_capacity(self.layers.len());
        let mut a = inputs.to_vec();
        for layer in &self.layers {
            let trace = layer.record_trace(&a, CALL);
            a = trace.outputs.clone();
            layers.push(trace);
        }
        MlpTrace { layers }
    }

    /// Every parameter in micrograd's order: layer by layer, neuron by
    /// neuron, each neuron's weights, then its bias, then its PReLU slope.
    pub fn parameters(&self) -> Vec<Value<'g>> {
        self.layers.iter().flat_map(Layer::parameters).collect()
    }

    /// The parameters' current values, in [`parameters`](Mlp::parameters)
    /// order.
    ///
    /// # Panics
    /// If a parameter was discarded by [`Graph::truncate`].
    #[track_caller]
    pub fn parameter_values(&self) -> Vec<f64> {
        self.parameter_values_for("Mlp::parameter_values")
    }

    #[cfg(feature = "plot")]
    /// Panics under the name `call` if a parameter was discarded by
    /// [`Graph::truncate`].
    #[track_caller]
    pub(crate) fn check_parameters(&self, call: &str) {
        for p in self.parameters() {
            p.read(call, |_| ());
        }
    }

    /// [`parameter_values`](Mlp::parameter_values) for a caller that panics
    /// under its own name.
    #[track_caller]
    pub(crate) fn parameter_values_for(&self, call: &str) -> Vec<f64> {
        let mut values = Vec::with_capacity(self.n_parameters());
        for run in self.parameter_runs() {
            run.read_data(call, &mut values);
        }
        values
    }

    /// The parameters as runs of consecutive nodes, in
    /// [`parameters`](Mlp::parameters) order, to be read and written a run
    /// at a time under one borrow of the graph: a layer's parameters as one
    /// run where they are consecutive (as [`Layer::new`] makes them), one
    /// node at a time where not. Micrograd's network (337 parameters):
    /// reading them 2.3 → 0.11 µs, writing them 2.2 → 0.11 µs, against a
    /// borrow per parameter.
    fn parameter_runs(&self) -> impl Iterator<Item = Span<'g>> + '_ {
        self.layers.iter().flat_map(|layer| {
            let (whole, apart) = match layer.parameter_span() {
                Some(span) => (Some(span), Vec::new()),
                None => (None, layer.parameters()),
            };
            whole.into_iter().chain(apart.into_iter().map(Span::one))
        })
    }

    /// The number of [`parameters`](Mlp::parameters).
    pub(crate) fn n_parameters(&self) -> usize {
        self.layers.iter().map(Layer::n_parameters).sum()
    }

    /// Every parameter's gradient, in [`parameters`](Mlp::parameters)
    /// order, panicking under the name `call` if a parameter was discarded.
    #[track_caller]
    pub(crate) fn parameter_grads_for(&self, call: &str) -> Vec<f64> {
        let mut grads = Vec::with_capacity(self.n_parameters());
        for run in self.parameter_runs() {
            run.read_grads(call, &mut grads);
        }
        grads
    }

    /// Adds `grads` (one per parameter, in [`parameters`](Mlp::parameters)
    /// order) to the parameters' gradients, panicking under the name `call`
    /// if a parameter was discarded.
    #[track_caller]
    pub(crate) fn add_to_parameter_grads(&self, grads: &[f64], call: &str) {
        assert_eq!(
            grads.len(),
            self.n_parameters(),
            "{call}: one gradient per parameter"
        );
        let mut rest = grads;
        for run in self.parameter_runs() {
            let (these, tail) = rest.split_at(run.len as usize);
            run.add_grads(these, call);
            rest = tail;
        }
    }

    /// Overwrites the parameters, in [`parameters`](Mlp::parameters) order.
    ///
    /// # Panics
    /// If `values` does not have one number per parameter, or a parameter
    /// was discarded by [`Graph::truncate`].
    #[track_caller]
    pub fn set_parameters(&self, values: &[f64]) {
        const CALL: &str = "Mlp::set_parameters";
        let n = self.n_parameters();
        if n != values.len() {
            misuse!(
                CALL,
                "the network has {n} parameters, got {} values",
                values.len()
            );
        }
        let mut rest = values;
        for run in self.parameter_runs() {
            let (these, tail) = rest.split_at(run.len as usize);
            run.write_data(these, CALL);
            rest = tail;
        }
    }

    /// Sets the gradient of every parameter to 0.
    ///
    /// # Panics
    /// If a parameter was discarded by [`Graph::truncate`].
    #[track_caller]
    pub fn zero_grad(&self) {
        for layer in &self.layers {
            layer.zero_grad_for("Mlp::zero_grad");
        }
    }

    /// What it takes to build this network again in another graph (on
    /// another thread): each layer's shape and activation, and the
    /// parameters' values.
    #[track_caller]
    pub(crate) fn blueprint(&self, call: &str) -> Blueprint {
        Blueprint {
            layers: self
                .layers
                .iter()
                .map(|l| (l.n_inputs(), l.n_outputs(), l.has_bias(), l.activation()))
                .collect(),
            values: self.parameter_values_for(call),
        }
    }

    /// The layers, first to last.
    pub fn layers(&self) -> &[Layer<'g>] {
        &self.layers
    }

    /// Number of inputs.
    pub fn n_inputs(&self) -> usize {
        self.layers[0].n_inputs()
    }

    /// Number of outputs.
    pub fn n_outputs(&self) -> usize {
        self.layers[self.layers.len() - 1].n_outputs()
    }

    /// The graph the parameters live in.
    pub fn graph(&self) -> &'g Graph {
        self.layers[0].graph()
    }
}

/// Builds an [`Mlp`] layer by layer.
///
/// ```
/// use rand::SeedableRng;
/// use scalargrad::nn::{Activation, Init, LayerSpec, Mlp};
/// use scalargrad::Graph;
///
/// let g = Graph::new();
/// let mut rng = rand::rngs::StdRng::seed_from_u64(0);
/// let mlp = Mlp::builder(2)
///     .init(Init::HeUniform)
///     .layer(8, Activation::Relu)
///     .layer_spec(LayerSpec::new(8, Activation::Tanh).init(Init::XavierUniform).without_bias())
///     .layer(3, Activation::Linear)
///     .build(&g, &mut rng);
/// assert_eq!(mlp.parameters().len(), (2 + 1) * 8 + 8 * 8 + (8 + 1) * 3);
/// ```
#[derive(Clone, Debug)]
pub struct MlpBuilder {
    n_inputs: usize,
    layers: Vec<LayerSpec>,
    init: Init,
    bias_init: Init,
}

impl MlpBuilder {
    /// Adds a layer of `size` neurons with `activation` and biases.
    pub fn layer(mut self, size: usize, activation: Activation) -> MlpBuilder {
        self.layers.push(LayerSpec::new(size, activation));
        self
    }

    /// Adds a layer described in full.
    pub fn layer_spec(mut self, spec: LayerSpec) -> MlpBuilder {
        self.layers.push(spec);
        self
    }

    /// The weight initializer of every layer that does not set its own
    /// (default: micrograd's `U(-1, 1)`).
    pub fn init(mut self, init: Init) -> MlpBuilder {
        self.init = init;
        self
    }

    /// The bias initializer of every layer that does not set its own
    /// (default: zeros).
    pub fn bias_init(mut self, init: Init) -> MlpBuilder {
        self.bias_init = init;
        self
    }

    /// Creates the parameters in `graph`, drawing them from `rng`.
    ///
    /// # Panics
    /// If there are no layers, no inputs, a layer of size 0, or an
    /// activation whose parameter is NaN or infinite.
    #[track_caller]
    pub fn build<'g, R: Rng + ?Sized>(&self, graph: &'g Graph, rng: &mut R) -> Mlp<'g> {
        self.build_for(graph, rng, "MlpBuilder::build")
    }

    /// [`build`](MlpBuilder::build) for a caller that panics under its own
    /// name.
    #[track_caller]
    fn build_for<'g, R: Rng + ?Sized>(&self, graph: &'g Graph, rng: &mut R, call: &str) -> Mlp<'g> {
        if self.layers.is_empty() {
            misuse!(call, "add at least one layer");
        }
        if self.n_inputs == 0 {
            misuse!(call, "a network needs at least one input, got 0");
        }
        for (l, spec) in self.layers.iter().enumerate() {
            if spec.size == 0 {
                misuse!(
                    call,
                    "layer {} has 0 neurons; a layer needs at least one",
                    l + 1
                );
            }
            if spec.activation.parameter().is_some_and(|p| !p.is_finite()) {
                misuse!(
                    call,
                    "layer {} uses {}, whose parameter is not finite; give it a finite number",
                    l + 1,
                    spec.activation.name()
                );
            }
        }
        let mut n_inputs = self.n_inputs;
        let mut layers = Vec::with_capacity(self.layers.len());
        for spec in &self.layers {
            // The network's initializers where the layer has none.
            let spec = LayerSpec {
                init: spec.init.or(Some(self.init)),
                bias_init: spec.bias_init.or(Some(self.bias_init)),
                ..*spec
            };
            layers.push(Layer::build(graph, n_inputs, &spec, rng, call));
            n_inputs = spec.size;
        }
        Mlp { layers }
    }
}

/// An [`Mlp`] as plain numbers, to build again in another graph:
/// `(n_inputs, n_outputs, bias, activation)` per layer, and the parameters
/// in [`Mlp::parameters`] order.
#[derive(Clone, Debug)]
pub(crate) struct Blueprint {
    layers: Vec<(usize, usize, bool, Activation)>,
    pub(crate) values: Vec<f64>,
}

impl Blueprint {
    /// The network in `graph`, with the blueprint's parameters (laid out as
    /// the original's: neuron by neuron, weights, bias, slope).
    pub(crate) fn build<'h>(&self, graph: &'h Graph) -> Mlp<'h> {
        let layers = self
            .layers
            .iter()
            .map(|&(n_in, n_out, bias, activation)| {
                let weights = vec![vec![0.0; n_in]; n_out];
                let biases = vec![0.0; n_out];
                Layer::from_weights(graph, &weights, bias.then_some(&biases[..]), activation)
            })
            .collect();
        let mlp = Mlp::from_layers(layers);
        mlp.set_parameters(&self.values);
        mlp
    }
}
