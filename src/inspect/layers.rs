//! Per-layer views of a network: dead units, identical units, and gradient
//! norms.

use std::fmt;

use crate::nn::{Activation, Mlp, MlpTrace};

/// What one layer looks like after a forward and backward pass over a batch.
/// Unit indices count from 0; the printed report counts from 1, as the lesson
/// does.
#[derive(Clone, Debug, PartialEq)]
pub struct LayerReport {
    /// The layer (0-based).
    pub layer: usize,
    /// Its activation.
    pub activation: Activation,
    /// Units whose local derivative `f'(z_j)` is 0 for every example of the
    /// batch: no gradient passes back through them, so the weights feeding
    /// them stop learning. For ReLU these are the units whose output is 0
    /// for every example: dead units. (A linear unit is never dead, even
    /// when its output happens to be 0.)
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
            let activation = layer.activation();
            let dead_units = (0..n)
                .filter(|&j| {
                    let slope = layer.neurons()[j].slope().map_or(0.0, |s| s.data());
                    !traces.is_empty()
                        && traces.iter().all(|t| {
                            let z = &t.layers[l].pre_activations;
                            assert_eq!(
                                z.len(),
                                n,
                                "layer_report: the traces do not match the network"
                            );
                            activation.derivative_with_slope(z[j].data(), slope) == 0.0
                        })
                })
                .collect();
            // Compared with `==`, so that 0.0 and -0.0 count as equal.
            let signatures: Vec<Vec<f64>> = layer
                .neurons()
                .iter()
                .map(|neuron| neuron.parameters().iter().map(|p| p.data()).collect())
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
        // Printed as the lesson counts units: from 1.
        let one_based = |units: &[usize]| units.iter().map(|j| j + 1).collect::<Vec<_>>();
        if !self.dead_units.is_empty() {
            write!(f, "; dead units {:?}", one_based(&self.dead_units))?;
        }
        for group in &self.identical_units {
            write!(f, "; identical units {:?}", one_based(group))?;
        }
        Ok(())
    }
}
