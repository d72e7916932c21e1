//! Per-layer views of a network: dead units, identical units, and gradient
//! norms.

use std::fmt;

use crate::nn::{Activation, Mlp, MlpTrace};

/// What one layer looks like after a forward and backward pass over a batch.
#[derive(Clone, Debug, PartialEq)]
pub struct LayerReport {
    /// The layer (0-based).
    pub layer: usize,
    /// Its activation.
    pub activation: Activation,
    /// Units whose output `a_j` is exactly 0 for every example of the batch.
    /// Through a ReLU such a unit passes no gradient back, so the weights
    /// feeding it stop learning: it is dead.
    pub dead_units: Vec<usize>,
    /// Groups of units with identical weights and bias: they compute the
    /// same function and get the same gradient, so gradient descent never
    /// tells them apart (the symmetry that zero initialization creates).
    pub identical_units: Vec<Vec<usize>>,
    /// `√(Σ grad²)` over the layer's parameters. Shrinking towards the input
    /// layer means vanishing gradients.
    pub grad_norm: f64,
}

/// The [`LayerReport`] of every layer of `mlp` over the examples of
/// `traces` (forward traces of one batch, after a backward).
///
/// ```
/// use rand::SeedableRng;
/// use scalargrad::nn::{Activation, Init, Mlp};
/// use scalargrad::{inspect, loss, Graph};
///
/// let g = Graph::new();
/// let mlp = Mlp::builder(2).init(Init::Zeros).layer(3, Activation::Relu).layer(1, Activation::Linear)
///     .build(&g, &mut rand::rngs::StdRng::seed_from_u64(0));
/// let trace = mlp.forward_trace(&g.values(&[1.0, 2.0]));
/// loss::mse(trace.outputs(), &[1.0]).backward();
/// let report = inspect::layer_report(&mlp, &[trace]);
/// assert_eq!(report[0].dead_units, vec![0, 1, 2]); // relu(0) = 0 for all
/// assert_eq!(report[0].identical_units, vec![vec![0, 1, 2]]);
/// assert_eq!(report[0].grad_norm, 0.0);
/// ```
///
/// # Panics
/// If a trace does not come from a network shaped like `mlp`.
pub fn layer_report(mlp: &Mlp<'_>, traces: &[MlpTrace<'_>]) -> Vec<LayerReport> {
    mlp.layers()
        .iter()
        .enumerate()
        .map(|(l, layer)| {
            let n = layer.n_outputs();
            let dead_units = (0..n)
                .filter(|&j| {
                    !traces.is_empty()
                        && traces.iter().all(|t| {
                            let outputs = &t.layers[l].outputs;
                            assert_eq!(
                                outputs.len(),
                                n,
                                "layer_report: the traces do not match the network"
                            );
                            outputs[j].data() == 0.0
                        })
                })
                .collect();
            let signatures: Vec<Vec<u64>> = layer
                .neurons()
                .iter()
                .map(|neuron| {
                    neuron
                        .parameters()
                        .iter()
                        .map(|p| p.data().to_bits())
                        .collect()
                })
                .collect();
            let mut identical_units: Vec<Vec<usize>> = Vec::new();
            let mut grouped = vec![false; n];
            for j in 0..n {
                if grouped[j] {
                    continue;
                }
                let group: Vec<usize> =
                    (j..n).filter(|&k| signatures[k] == signatures[j]).collect();
                if group.len() > 1 {
                    group.iter().for_each(|&k| grouped[k] = true);
                    identical_units.push(group);
                }
            }
            let grad_norm = layer
                .parameters()
                .iter()
                .map(|p| p.grad().powi(2))
                .sum::<f64>()
                .sqrt();
            LayerReport {
                layer: l,
                activation: layer.activation(),
                dead_units,
                identical_units,
                grad_norm,
            }
        })
        .collect()
}

impl fmt::Display for LayerReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "layer {} ({}): gradient norm {:.3e}",
            self.layer + 1,
            self.activation,
            self.grad_norm
        )?;
        if !self.dead_units.is_empty() {
            write!(f, "; dead units {:?}", self.dead_units)?;
        }
        for group in &self.identical_units {
            write!(f, "; identical units {group:?}")?;
        }
        Ok(())
    }
}
