//! Forward traces, and the table that checks `∂J/∂w_ij = e_j·a_i` row by row.

use std::fmt;

use super::Mlp;
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
    pub fn errors(&self) -> Vec<f64> {
        self.pre_activations.iter().map(|z| z.grad()).collect()
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
    pub fn outputs(&self) -> &[Value<'g>] {
        &self.layers[self.layers.len() - 1].outputs
    }

    /// The gradient table of layer `layer` (0-based) for this example:
    /// see [`GradientTable::new`].
    pub fn gradient_table(&self, mlp: &Mlp<'g>, layer: usize) -> GradientTable {
        GradientTable::new(mlp, std::slice::from_ref(self), layer)
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
    /// If `layer` is out of range or `traces` is empty.
    pub fn new(mlp: &Mlp<'_>, traces: &[MlpTrace<'_>], layer: usize) -> GradientTable {
        let n_layers = mlp.layers().len();
        if layer >= n_layers {
            panic!(
                "GradientTable::new: layer {layer} out of range for a network of {n_layers} layers"
            );
        }
        if traces.is_empty() {
            panic!("GradientTable::new: no traces");
        }
        let neurons = mlp.layers()[layer].neurons();
        let per_example: Vec<(Vec<f64>, Vec<f64>)> = traces
            .iter()
            .map(|t| {
                let lt = &t.layers[layer];
                (lt.inputs.iter().map(|a| a.data()).collect(), lt.errors())
            })
            .collect();
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
                rows.push(row(Some(i), j, w.grad()));
            }
        }
        for (j, neuron) in neurons.iter().enumerate() {
            if let Some(b) = neuron.bias() {
                rows.push(row(None, j, b.grad()));
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
