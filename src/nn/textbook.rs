//! Backpropagation by hand: the lesson's matrix recursion on plain numbers,
//! without the graph, to set beside what autograd computes.
//!
//! ```text
//! a⁽⁰⁾ = x,  z⁽ˡ⁾ = W⁽ˡ⁾ᵀa⁽ˡ⁻¹⁾ + b⁽ˡ⁾,  a⁽ˡ⁾ = f(z⁽ˡ⁾)
//! e⁽ᴸ⁾ = ∂J/∂a⁽ᴸ⁾ ⊙ f'(z⁽ᴸ⁾)
//! e⁽ˡ⁾ = (W⁽ˡ⁺¹⁾ e⁽ˡ⁺¹⁾) ⊙ f'(z⁽ˡ⁾)
//! ∂J/∂W⁽ˡ⁾ = a⁽ˡ⁻¹⁾ e⁽ˡ⁾ᵀ,  ∂J/∂b⁽ˡ⁾ = e⁽ˡ⁾
//! ```

use super::Mlp;
use crate::loss::Objective;
use crate::panics::misuse;

/// One layer of [`Backprop`]: the forward numbers and the errors.
#[derive(Clone, Debug, PartialEq)]
pub struct BackpropLayer {
    /// `a⁽ˡ⁻¹⁾`.
    pub inputs: Vec<f64>,
    /// `z⁽ˡ⁾`.
    pub pre_activations: Vec<f64>,
    /// `a⁽ˡ⁾`.
    pub outputs: Vec<f64>,
    /// `f'(z⁽ˡ⁾)`.
    pub derivatives: Vec<f64>,
    /// `e⁽ˡ⁾ = ∂J/∂z⁽ˡ⁾`.
    pub errors: Vec<f64>,
    /// `∂J/∂W⁽ˡ⁾ = a⁽ˡ⁻¹⁾ e⁽ˡ⁾ᵀ`: `weight_grads[i][j] = a_i·e_j`.
    pub weight_grads: Vec<Vec<f64>>,
    /// `∂J/∂b⁽ˡ⁾ = e⁽ˡ⁾`.
    pub bias_grads: Vec<f64>,
}

/// Backpropagation of one example computed by hand, layer by layer.
#[derive(Clone, Debug, PartialEq)]
pub struct Backprop {
    /// One entry per layer, first to last.
    pub layers: Vec<BackpropLayer>,
}

impl Backprop {
    /// The largest difference between these gradients and the ones autograd
    /// left on `mlp`'s weights and biases. Call it right after a backward of
    /// the same loss on the same example, from zeroed gradients: it reads
    /// whatever gradients the parameters hold.
    ///
    /// # Panics
    /// If the gradients are not shaped like `mlp`'s layers, or a parameter
    /// was discarded by [`Graph::truncate`](crate::Graph::truncate).
    #[track_caller]
    pub fn max_difference(&self, mlp: &Mlp<'_>) -> f64 {
        const CALL: &str = "Backprop::max_difference";
        let layers = mlp.layers();
        if self.layers.len() != layers.len() {
            misuse!(
                CALL,
                "the backprop has {} layers but the network has {}",
                self.layers.len(),
                layers.len()
            );
        }
        for (l, (layer, by_hand)) in layers.iter().zip(&self.layers).enumerate() {
            let (n_in, n_out) = (layer.n_inputs(), layer.n_outputs());
            let fits = by_hand.weight_grads.len() == n_in
                && by_hand.weight_grads.iter().all(|row| row.len() == n_out)
                && by_hand.bias_grads.len() == n_out;
            if !fits {
                misuse!(
                    CALL,
                    "layer {} of the backprop does not hold gradients for {n_in} inputs and {n_out} neurons, as the network's does",
                    l + 1
                );
            }
        }
        let mut worst = 0.0f64;
        for (layer, by_hand) in layers.iter().zip(&self.layers) {
            for (j, neuron) in layer.neurons().iter().enumerate() {
                for (i, w) in neuron.weights().iter().enumerate() {
                    worst = worst.max((w.grad_for(CALL) - by_hand.weight_grads[i][j]).abs());
                }
                if let Some(b) = neuron.bias() {
                    worst = worst.max((b.grad_for(CALL) - by_hand.bias_grads[j]).abs());
                }
            }
        }
        worst
    }
}

impl Mlp<'_> {
    /// The lesson's backpropagation on plain `f64`, without the graph, for
    /// the loss `objective` of one example `input` whose target is `y` (as in
    /// [`Objective::loss`]): the forward pass, `e⁽ᴸ⁾` from the loss's
    /// [`gradient`](Objective::gradient), then
    /// `e⁽ˡ⁾ = (W⁽ˡ⁺¹⁾ e⁽ˡ⁺¹⁾) ⊙ f'(z⁽ˡ⁾)` down to the first layer, and the
    /// weight and bias gradients.
    ///
    /// It reads the parameters' current values and uses each activation's
    /// exact derivative (ReLU: `f'(z) = 1 if z > 0 else 0`).
    ///
    /// # Panics
    /// If `input` does not have [`n_inputs`](Mlp::n_inputs) values, if
    /// `objective`'s [`gradient`](Objective::gradient) refuses `y` (a class
    /// out of range), or if a parameter was discarded by
    /// [`Graph::truncate`](crate::Graph::truncate).
    #[track_caller]
    pub fn backprop_by_hand(&self, input: &[f64], objective: Objective, y: f64) -> Backprop {
        const CALL: &str = "Mlp::backprop_by_hand";
        super::neuron::check_inputs(CALL, self.n_inputs(), input.len());
        // Forward, in the graph's order of additions (bias first).
        let mut layers: Vec<BackpropLayer> = Vec::new();
        let mut a = input.to_vec();
        for layer in self.layers() {
            let activation = layer.activation();
            let mut z = Vec::new();
            let mut out = Vec::new();
            let mut derivatives = Vec::new();
            for neuron in layer.neurons() {
                let mut zj = match neuron.bias() {
                    Some(b) => b.data_for(CALL),
                    None => 0.0,
                };
                for (w, x) in neuron.weights().iter().zip(&a) {
                    zj += w.data_for(CALL) * x;
                }
                let slope = match neuron.slope() {
                    Some(s) => s.data_for(CALL),
                    None => 0.0,
                };
                z.push(zj);
                out.push(activation.eval_with_slope(zj, slope));
                derivatives.push(activation.derivative_with_slope(zj, slope));
            }
            layers.push(BackpropLayer {
                inputs: std::mem::replace(&mut a, out.clone()),
                pre_activations: z,
                outputs: out,
                derivatives,
                errors: Vec::new(),
                weight_grads: Vec::new(),
                bias_grads: Vec::new(),
            });
        }

        // Backward: e⁽ᴸ⁾, then the recursion.
        let last = layers.len() - 1;
        let mut upstream = objective.gradient_for(&layers[last].outputs, y, CALL); // ∂J/∂a⁽ˡ⁾
        for l in (0..layers.len()).rev() {
            let e: Vec<f64> = upstream
                .iter()
                .zip(&layers[l].derivatives)
                .map(|(g, d)| g * d)
                .collect();
            let w = self.layers()[l].weight_matrix_for(CALL); // W[i][j]
                                                              // ∂J/∂a⁽ˡ⁻¹⁾ = W⁽ˡ⁾ e⁽ˡ⁾
            upstream = w
                .iter()
                .map(|row| row.iter().zip(&e).map(|(wij, ej)| wij * ej).sum())
                .collect();
            let layer = &mut layers[l];
            layer.weight_grads = layer
                .inputs
                .iter()
                .map(|ai| e.iter().map(|ej| ai * ej).collect())
                .collect();
            layer.bias_grads = e.clone();
            layer.errors = e;
        }
        Backprop { layers }
    }
}
