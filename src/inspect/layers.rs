//! Per-layer views of a network: dead units, identical units, and gradient
//! norms.

use std::fmt;

use crate::nn::{check_traces, Activation, Mlp, MlpTrace};

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
/// If a trace does not come from a network shaped like `mlp`, or a traced
/// value or a parameter was discarded by
/// [`Graph::truncate`](crate::Graph::truncate).
#[track_caller]
pub fn layer_report(mlp: &Mlp<'_>, traces: &[MlpTrace<'_>]) -> Vec<LayerReport> {
    const CALL: &str = "inspect::layer_report";
    check_traces(mlp, traces, CALL);
    let mut reports = Vec::with_capacity(mlp.layers().len());
    for (l, layer) in mlp.layers().iter().enumerate() {
        let n = layer.n_outputs();
        let activation = layer.activation();
        let mut dead_units = Vec::new();
        for (j, neuron) in layer.neurons().iter().enumerate() {
            let slope = match neuron.slope() {
                Some(s) => s.data_for(CALL),
                None => 0.0,
            };
            let mut dead = !traces.is_empty();
            for t in traces {
                let z = t.layers[l].pre_activations[j].data_for(CALL);
                dead &= activation.derivative_with_slope(z, slope) == 0.0;
            }
            if dead {
                dead_units.push(j);
            }
        }
        // Compared with `==`, so that 0.0 and -0.0 count as equal.
        let mut signatures: Vec<Vec<f64>> = Vec::with_capacity(n);
        for neuron in layer.neurons() {
            let mut signature = Vec::new();
            for p in neuron.parameters() {
                signature.push(p.data_for(CALL));
            }
            signatures.push(signature);
        }
        let mut identical_units: Vec<Vec<usize>> = Vec::new();
        let mut grouped = vec![false; n];
        for j in 0..n {
            if grouped[j] {
                continue;
            }
            let group: Vec<usize> = (j..n).filter(|&k| signatures[k] == signatures[j]).collect();
            if group.len() > 1 {
                group.iter().for_each(|&k| grouped[k] = true);
                identical_units.push(group);
            }
        }
        let mut sum_of_squares = 0.0;
        for p in layer.parameters() {
            sum_of_squares += p.grad_for(CALL).powi(2);
        }
        reports.push(LayerReport {
            layer: l,
            activation,
            dead_units,
            identical_units,
            grad_norm: sum_of_squares.sqrt(),
        });
    }
    reports
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
