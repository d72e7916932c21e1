//! Forward traces, and the table that checks `∂J/∂w_ij = e_j·a_i` row by row.

use std::fmt;

use super::Mlp;
use crate::panics::misuse;
use crate::Value;

/// One layer's forward pass, kept: the inputs `a_i⁽ˡ⁻¹⁾`, the
/// pre-activations `z_j⁽ˡ⁾` and the outputs `a_j⁽ˡ⁾ = f(z_j⁽ˡ⁾)`.
///
/// After a backward, `z_j.grad()` is the lesson's `e_j = ∂J/∂z_j`.
#[derive(Clone, Debug)]
pub struct LayerTrace<'g> {
    /// The layer's inputs `a_i⁽ˡ⁻¹⁾` (the network's inputs for layer 1).
    pub inputs: Vec<Value<'g>>,
    /// The pre-activations `z_j⁽ˡ⁾ = Σ_i w_ij·a_i + b_j`.
    pub pre_activations: Vec<Value<'g>>,
    /// The outputs `a_j⁽ˡ⁾ = f(z_j⁽ˡ⁾)`.
    pub outputs: Vec<Value<'g>>,
}

impl LayerTrace<'_> {
    /// `e_j = ∂J/∂z_j` for every neuron (valid after a backward).
    ///
    /// # Panics
    /// If a pre-activation was discarded by
    /// [`Graph::truncate`](crate::Graph::truncate).
    #[track_caller]
    pub fn errors(&self) -> Vec<f64> {
        self.errors_for("LayerTrace::errors")
    }

    /// [`errors`](LayerTrace::errors) for a caller that panics under its own
    /// name.
    #[track_caller]
    fn errors_for(&self, call: &str) -> Vec<f64> {
        let mut errors = Vec::with_capacity(self.pre_activations.len());
        for z in &self.pre_activations {
            errors.push(z.grad_for(call));
        }
        errors
    }
}

/// An MLP's forward pass for one example, layer by layer.
#[derive(Clone, Debug)]
pub struct MlpTrace<'g> {
    /// One entry per layer, first to last.
    pub layers: Vec<LayerTrace<'g>>,
}

impl<'g> MlpTrace<'g> {
    /// The network's outputs `ŷ = a⁽ᴸ⁾`.
    ///
    /// # Panics
    /// If the trace has no layers.
    #[track_caller]
    pub fn outputs(&self) -> &[Value<'g>] {
        let Some(last) = self.layers.last() else {
            misuse!("MlpTrace::outputs", "the trace has no layers")
        };
        &last.outputs
    }

    /// The gradient table of layer `layer` (0-based) for this example:
    /// see [`GradientTable::new`].
    ///
    /// # Panics
    /// As [`GradientTable::new`].
    #[track_caller]
    pub fn gradient_table(&self, mlp: &Mlp<'g>, layer: usize) -> GradientTable {
        GradientTable::build(
            mlp,
            std::slice::from_ref(self),
            layer,
            "MlpTrace::gradient_table",
        )
    }
}

/// One row of a [`GradientTable`]: a weight `w_ij` (or a bias `b_j`), the
/// lesson's prediction `Σ_n e_j·a_i` over the examples, and what autograd put
/// on the parameter. Indices here count from 0; the printed table counts
/// from 1, as the lesson does.
#[derive(Clone, Debug, PartialEq)]
pub struct GradientRow {
    /// Input index `i`; `None` for the bias row of neuron `j`.
    pub i: Option<usize>,
    /// Neuron index `j`.
    pub j: usize,
    /// `a_i` for each example (1 for a bias, whose input is the constant 1).
    pub a_i: Vec<f64>,
    /// `e_j = ∂J/∂z_j` for each example.
    pub e_j: Vec<f64>,
    /// `Σ_n e_j·a_i`: the lesson's formula.
    pub predicted: f64,
    /// The gradient backward accumulated on the parameter.
    pub autograd: f64,
}

impl GradientRow {
    /// `|predicted - autograd|`.
    pub fn abs_error(&self) -> f64 {
        (self.predicted - self.autograd).abs()
    }

    /// True when the formula and autograd agree to 1e-12 (relative to the
    /// size of the terms summed).
    pub fn agrees(&self) -> bool {
        let scale: f64 = self
            .a_i
            .iter()
            .zip(&self.e_j)
            .map(|(a, e)| (a * e).abs())
            .sum();
        self.abs_error() <= 1e-12 * scale.max(1.0)
    }
}

/// The lesson's identities checked on real numbers for one layer:
/// `∂J/∂w_ij = e_j·a_i` and `∂J/∂b_j = e_j`, summed over the examples of a
/// batch, against the gradients autograd computed.
///
/// Build the traces with [`Mlp::forward_trace`], compute a loss from their
/// outputs, run backward, then make the table. The identity holds when the
/// loss depends on the weights only through the network (an L2 term on the
/// weights adds `2λ·w_ij` to autograd's side).
///
/// ```
/// use scalargrad::nn::{Activation, Layer, Mlp};
/// use scalargrad::{loss, Graph};
///
/// let g = Graph::new();
/// let hidden = Layer::from_weights(&g, &[vec![0.5, -0.3], vec![0.8, 0.2]], Some(&[0.1, -0.1]), Activation::Relu);
/// let output = Layer::from_weights(&g, &[vec![1.0, -1.0]], Some(&[0.0]), Activation::Linear);
/// let mlp = Mlp::from_layers(vec![hidden, output]);
/// let x = g.values(&[1.0, 2.0]);
/// let trace = mlp.forward_trace(&x);
/// loss::mse(trace.outputs(), &[1.0]).backward();
///
/// let table = trace.gradient_table(&mlp, 0);
/// assert!(table.agrees());
/// println!("{table}");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct GradientTable {
    /// The layer (0-based).
    pub layer: usize,
    /// Number of examples summed.
    pub examples: usize,
    /// Weight rows (neuron by neuron, `i` ascending), then bias rows.
    pub rows: Vec<GradientRow>,
}

impl GradientTable {
    /// The table of layer `layer` (0-based) over the examples of `traces`.
    ///
    /// # Panics
    /// If `layer` is out of range, `traces` is empty, a trace does not come
    /// from a network shaped like `mlp`, or a traced value or a parameter
    /// was discarded by [`Graph::truncate`](crate::Graph::truncate).
    #[track_caller]
    pub fn new(mlp: &Mlp<'_>, traces: &[MlpTrace<'_>], layer: usize) -> GradientTable {
        GradientTable::build(mlp, traces, layer, "GradientTable::new")
    }

    /// [`new`](GradientTable::new) for a caller that panics under its own
    /// name.
    #[track_caller]
    fn build(mlp: &Mlp<'_>, traces: &[MlpTrace<'_>], layer: usize, call: &str) -> GradientTable {
        let n_layers = mlp.layers().len();
        if layer >= n_layers {
            misuse!(
                call,
                "layer {layer} out of range for a network of {n_layers} layers"
            );
        }
        if traces.is_empty() {
            misuse!(call, "no traces");
        }
        check_traces(mlp, traces, call);
        let neurons = mlp.layers()[layer].neurons();
        let mut per_example: Vec<(Vec<f64>, Vec<f64>)> = Vec::with_capacity(traces.len());
        for t in traces {
            let lt = &t.layers[layer];
            let mut a = Vec::with_capacity(lt.inputs.len());
            for input in &lt.inputs {
                a.push(input.data_for(call));
            }
            per_example.push((a, lt.errors_for(call)));
        }
        let row = |i: Option<usize>, j: usize, autograd: f64| {
            let a_i: Vec<f64> = per_example
                .iter()
                .map(|(a, _)| i.map_or(1.0, |i| a[i]))
                .collect();
            let e_j: Vec<f64> = per_example.iter().map(|(_, e)| e[j]).collect();
            let predicted = a_i.iter().zip(&e_j).map(|(a, e)| e * a).sum();
            GradientRow {
                i,
                j,
                a_i,
                e_j,
                predicted,
                autograd,
            }
        };
        let mut rows = Vec::new();
        for (j, neuron) in neurons.iter().enumerate() {
            for (i, w) in neuron.weights().iter().enumerate() {
                rows.push(row(Some(i), j, w.grad_for(call)));
            }
        }
        for (j, neuron) in neurons.iter().enumerate() {
            if let Some(b) = neuron.bias() {
                rows.push(row(None, j, b.grad_for(call)));
            }
        }
        GradientTable {
            layer,
            examples: traces.len(),
            rows,
        }
    }

    /// True when every row agrees.
    pub fn agrees(&self) -> bool {
        self.rows.iter().all(GradientRow::agrees)
    }

    /// The largest `|predicted - autograd|`.
    pub fn max_abs_error(&self) -> f64 {
        self.rows
            .iter()
            .map(GradientRow::abs_error)
            .fold(0.0, f64::max)
    }
}

impl fmt::Display for GradientTable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let l = self.layer + 1;
        let single = self.examples == 1;
        writeln!(
            f,
            "Layer {l}: ∂J/∂w_ij = {}e_j·a_i and ∂J/∂b_j = {}e_j",
            if single { "" } else { "Σ_n " },
            if single { "" } else { "Σ_n " },
        )?;
        writeln!(
            f,
            "{:<12} {:>14} {:>14} {:>16} {:>16}  agrees",
            "parameter",
            if single { "a_i" } else { "" },
            if single { "e_j" } else { "" },
            if single { "e_j·a_i" } else { "Σ_n e_j·a_i" },
            "autograd"
        )?;
        for row in &self.rows {
            let name = match row.i {
                // The lesson counts units from 1.
                Some(i) => format!("w_{},{}", i + 1, row.j + 1),
                None => format!("b_{}", row.j + 1),
            };
            // `+ 0.0` prints -0 as 0.
            let (a, e) = if single {
                (
                    format!("{:.6}", row.a_i[0] + 0.0),
                    format!("{:.6}", row.e_j[0] + 0.0),
                )
            } else {
                (String::new(), String::new())
            };
            writeln!(
                f,
                "{:<12} {:>14} {:>14} {:>16.9} {:>16.9}  {}",
                name,
                a,
                e,
                row.predicted + 0.0,
                row.autograd + 0.0,
                if row.agrees() { "yes" } else { "NO" }
            )?;
        }
        if !single {
            writeln!(f, "(summed over {} examples)", self.examples)?;
        }
        Ok(())
    }
}

/// Panics unless every trace has the layers of `mlp`, each with its number
/// of inputs and of neurons.
#[track_caller]
pub(crate) fn check_traces(mlp: &Mlp<'_>, traces: &[MlpTrace<'_>], call: &str) {
    let layers = mlp.layers();
    for (k, trace) in traces.iter().enumerate() {
        if trace.layers.len() != layers.len() {
            misuse!(
                call,
                "trace {k} has {} layers but the network has {}",
                trace.layers.len(),
                layers.len()
            );
        }
        for (l, (traced, layer)) in trace.layers.iter().zip(layers).enumerate() {
            let traced_shape = (traced.inputs.len(), traced.pre_activations.len());
            if traced_shape != (layer.n_inputs(), layer.n_outputs()) {
                misuse!(
                    call,
                    "layer {} of trace {k} has {} inputs and {} neurons, the network's has {} and {}",
                    l + 1,
                    traced_shape.0,
                    traced_shape.1,
                    layer.n_inputs(),
                    layer.n_outputs()
                );
            }
        }
    }
}
