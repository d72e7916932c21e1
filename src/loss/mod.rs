//! Losses, recorded in the graph like any other computation, in numerically
//! stable forms.
//!
//! Each function documents its formula and its gradient with respect to its
//! inputs. Functions that take a slice read the graph from its first value.
//!
//! ```
//! use scalargrad::{loss, Graph};
//!
//! let g = Graph::new();
//! let logits = g.values(&[2.0, 1.0, 0.1]);
//! let j = loss::softmax_cross_entropy(&logits, 0);
//! j.backward();
//! // ∂J/∂z_k = p_k - y_k: the softmax minus the one-hot target.
//! let p = loss::softmax(&logits);
//! assert!((logits[0].grad() - (p[0].data() - 1.0)).abs() < 1e-15);
//! assert!((logits[1].grad() - p[1].data()).abs() < 1e-15);
//! ```

mod objective;

pub use objective::Objective;

use crate::Value;

fn first<'g>(values: &[Value<'g>], call: &str) -> Value<'g> {
    *values
        .first()
        .unwrap_or_else(|| panic!("{call}: got no values; the loss of nothing is undefined"))
}

/// The mean `(1/n) Σ_k x_k`, one sum node and one product.
///
/// # Panics
/// If `values` is empty.
pub fn mean<'g>(values: &[Value<'g>]) -> Value<'g> {
    let graph = first(values, "loss::mean").graph();
    graph.sum(values) * (1.0 / values.len() as f64)
}

/// Mean squared error `J = (1/n) Σ_k (ŷ_k - t_k)²`;
/// `∂J/∂ŷ_k = 2(ŷ_k - t_k)/n`.
///
/// # Panics
/// If the slices are empty or differ in length.
pub fn mse<'g>(predictions: &[Value<'g>], targets: &[f64]) -> Value<'g> {
    first(predictions, "loss::mse");
    if predictions.len() != targets.len() {
        panic!(
            "loss::mse: got {} predictions but {} targets",
            predictions.len(),
            targets.len()
        );
    }
    let squares: Vec<Value<'g>> = predictions
        .iter()
        .zip(targets)
        .map(|(&y, &t)| (y - t).powf(2.0))
        .collect();
    mean(&squares)
}

/// Binary cross-entropy on a probability `p` for a target `y ∈ [0, 1]`:
/// `J = -(y·ln p + (1 - y)·ln(1 - p))`; `∂J/∂p = (p - y) / (p(1 - p))`.
///
/// `p = 0` or `1` against the opposite target gives an infinite loss; on
/// logits, prefer [`binary_cross_entropy_with_logits`].
pub fn binary_cross_entropy(probability: Value<'_>, target: f64) -> Value<'_> {
    let p = probability;
    // Terms with a zero coefficient are left out, so that a confident right
    // answer (p = 1, y = 1) costs 0 and not 0·(-∞) = NaN.
    if target == 1.0 {
        -p.ln()
    } else if target == 0.0 {
        -(1.0 - p).ln()
    } else {
        -(p.ln() * target + (1.0 - p).ln() * (1.0 - target))
    }
}

/// Binary cross-entropy on a logit `z` (the probability is `σ(z)`), in the
/// stable form `J = softplus(z) - y·z` (equal to `-(y ln σ(z) + (1-y) ln(1 -
/// σ(z)))` but finite for any `z`); `∂J/∂z = σ(z) - y`.
pub fn binary_cross_entropy_with_logits(logit: Value<'_>, target: f64) -> Value<'_> {
    logit.softplus() - logit * target
}

/// Softmax `p_k = e^(z_k) / Σ_m e^(z_m)`, computed as `e^(z_k - max z)` over
/// its sum so that large logits do not overflow; `∂p_k/∂z_m = p_k([k = m] -
/// p_m)`.
///
/// # Panics
/// If `logits` is empty.
pub fn softmax<'g>(logits: &[Value<'g>]) -> Vec<Value<'g>> {
    let graph = first(logits, "loss::softmax").graph();
    let max = max_data(logits);
    let exps: Vec<Value<'g>> = logits.iter().map(|&z| (z - max).exp()).collect();
    let total = graph.sum(&exps);
    exps.iter().map(|&e| e / total).collect()
}

/// Softmax followed by cross-entropy against `class`:
/// `J = -ln p_class = ln Σ_k e^(z_k) - z_class`, computed with the log-sum-exp
/// shifted by `max z` (finite for logits of ±1000); `∂J/∂z_k = p_k - y_k`,
/// the softmax minus the one-hot target.
///
/// # Panics
/// If `logits` is empty or `class` is out of range.
pub fn softmax_cross_entropy<'g>(logits: &[Value<'g>], class: usize) -> Value<'g> {
    let graph = first(logits, "loss::softmax_cross_entropy").graph();
    if class >= logits.len() {
        panic!(
            "loss::softmax_cross_entropy: class {class} is out of range for {} logits",
            logits.len()
        );
    }
    // The shift is a constant: it cancels in the value and has no gradient.
    let max = max_data(logits);
    let exps: Vec<Value<'g>> = logits.iter().map(|&z| (z - max).exp()).collect();
    let log_sum_exp = graph.sum(&exps).ln() + max;
    log_sum_exp - logits[class]
}

/// micrograd's max-margin loss for a score and a label `y ∈ {-1, +1}`:
/// `J = max(0, 1 - y·score)`; `∂J/∂score = -y` while the margin is violated
/// (`y·score < 1`), else 0.
pub fn hinge(score: Value<'_>, label: f64) -> Value<'_> {
    (1.0 - score * label).relu()
}

/// L2 penalty `Σ_k p_k²` over parameters (one dot node); `∂/∂p_k = 2p_k`.
/// Multiply by the coefficient: micrograd's demo adds `1e-4 · l2(params)`.
///
/// # Panics
/// If `params` is empty.
pub fn l2<'g>(params: &[Value<'g>]) -> Value<'g> {
    first(params, "loss::l2").graph().dot(params, params)
}

fn max_data(values: &[Value<'_>]) -> f64 {
    values
        .iter()
        .map(|v| v.data())
        .fold(f64::NEG_INFINITY, f64::max)
}
