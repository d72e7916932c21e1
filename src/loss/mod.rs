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

use crate::panics::misuse;
use crate::{Op, Value};

/// The first of `values`, after checking that there is one.
#[track_caller]
fn first<'g>(values: &[Value<'g>], call: &str) -> Value<'g> {
    let Some(&first) = values.first() else {
        misuse!(call, "got no values; the loss of nothing is undefined")
    };
    first
}

/// The mean `(1/n) Σ_k x_k`, one sum node and one product.
///
/// # Panics
/// If `values` is empty, or a value belongs to another graph or was
/// discarded.
#[track_caller]
pub fn mean<'g>(values: &[Value<'g>]) -> Value<'g> {
    record_mean(values, "loss::mean")
}

/// [`mean`] for a caller that panics under its own name.
#[track_caller]
fn record_mean<'g>(values: &[Value<'g>], call: &str) -> Value<'g> {
    let graph = first(values, call).graph();
    graph.record_sum(values, call) * (1.0 / values.len() as f64)
}

/// Mean squared error `J = (1/n) Σ_k (ŷ_k - t_k)²`;
/// `∂J/∂ŷ_k = 2(ŷ_k - t_k)/n`.
///
/// # Panics
/// If the slices are empty or differ in length, or a prediction belongs to
/// another graph or was discarded.
#[track_caller]
pub fn mse<'g>(predictions: &[Value<'g>], targets: &[f64]) -> Value<'g> {
    const CALL: &str = "loss::mse";
    first(predictions, CALL);
    if predictions.len() != targets.len() {
        misuse!(
            CALL,
            "got {} predictions but {} targets",
            predictions.len(),
            targets.len()
        );
    }
    let mut squares = Vec::with_capacity(predictions.len());
    for (&y, &t) in predictions.iter().zip(targets) {
        squares.push(y.with_constant(Op::Sub, t, CALL).powf(2.0)); // (y - t)²
    }
    record_mean(&squares, CALL)
}

/// Binary cross-entropy on a probability `p` for a target `y ∈ [0, 1]`:
/// `J = -(y·ln p + (1 - y)·ln(1 - p))`; `∂J/∂p = (p - y) / (p(1 - p))`.
///
/// `p = 0` or `1` against the opposite target gives an infinite loss; on
/// logits, prefer [`binary_cross_entropy_with_logits`].
///
/// # Panics
/// If `target` is not in `[0, 1]` (a class label such as 2 or -1 is a
/// mistake: map it to 0/1 first), or `probability` was discarded by
/// [`Graph::truncate`](crate::Graph::truncate).
#[track_caller]
pub fn binary_cross_entropy(probability: Value<'_>, target: f64) -> Value<'_> {
    const CALL: &str = "loss::binary_cross_entropy";
    let p = probability;
    check_probability_target(target, CALL);
    p.read(CALL, |_| ()); // a discarded p panics
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
///
/// # Panics
/// If `target` is not in `[0, 1]`, or `logit` was discarded by
/// [`Graph::truncate`](crate::Graph::truncate).
#[track_caller]
pub fn binary_cross_entropy_with_logits(logit: Value<'_>, target: f64) -> Value<'_> {
    record_binary_cross_entropy_with_logits(logit, target, "loss::binary_cross_entropy_with_logits")
}

/// [`binary_cross_entropy_with_logits`] for a caller that panics under its
/// own name.
#[track_caller]
fn record_binary_cross_entropy_with_logits<'g>(
    logit: Value<'g>,
    target: f64,
    call: &str,
) -> Value<'g> {
    check_probability_target(target, call);
    logit.unary(Op::Softplus, call) - logit * target // softplus(z) - y·z
}

/// Panics unless `0 ≤ target ≤ 1` (NaN fails).
#[track_caller]
fn check_probability_target(target: f64, call: &str) {
    if !(0.0..=1.0).contains(&target) {
        misuse!(
            call,
            "the target must be a probability in [0, 1] (a class 0 or 1), got {target}"
        );
    }
}

/// Softmax `p_k = e^(z_k) / Σ_m e^(z_m)`, computed as `e^(z_k - max z)` over
/// its sum so that large logits do not overflow; `∂p_k/∂z_m = p_k([k = m] -
/// p_m)`.
///
/// # Panics
/// If `logits` is empty, or a logit belongs to another graph or was
/// discarded.
#[track_caller]
pub fn softmax<'g>(logits: &[Value<'g>]) -> Vec<Value<'g>> {
    const CALL: &str = "loss::softmax";
    let graph = first(logits, CALL).graph();
    let max = max_data(logits, CALL);
    let exps: Vec<Value<'g>> = logits.iter().map(|&z| (z - max).exp()).collect();
    let total = graph.record_sum(&exps, CALL);
    exps.iter().map(|&e| e / total).collect()
}

/// Softmax followed by cross-entropy against `class`:
/// `J = -ln p_class = ln Σ_k e^(z_k) - z_class`, computed with the log-sum-exp
/// shifted by `max z` (finite for logits of ±1000); `∂J/∂z_k = p_k - y_k`,
/// the softmax minus the one-hot target.
///
/// # Panics
/// If `logits` is empty, `class` is out of range, or a logit belongs to
/// another graph or was discarded.
#[track_caller]
pub fn softmax_cross_entropy<'g>(logits: &[Value<'g>], class: usize) -> Value<'g> {
    record_softmax_cross_entropy(logits, class, "loss::softmax_cross_entropy")
}

/// [`softmax_cross_entropy`] for a caller that panics under its own name.
#[track_caller]
fn record_softmax_cross_entropy<'g>(logits: &[Value<'g>], class: usize, call: &str) -> Value<'g> {
    let graph = first(logits, call).graph();
    if class >= logits.len() {
        misuse!(
            call,
            "class {class} is out of range for {} logits",
            logits.len()
        );
    }
    // The shift is a constant: it cancels in the value and has no gradient.
    let max = max_data(logits, call);
    let exps: Vec<Value<'g>> = logits.iter().map(|&z| (z - max).exp()).collect();
    let log_sum_exp = graph.record_sum(&exps, call).ln() + max;
    log_sum_exp - logits[class]
}

/// micrograd's max-margin loss for a score and a label `y ∈ {-1, +1}`:
/// `J = max(0, 1 - y·score)`; `∂J/∂score = -y` while the margin is violated
/// (`y·score < 1`), else 0.
///
/// # Panics
/// If `label` is not -1 or +1 (a class 0/1 is a mistake here: the label of
/// class 0 is -1), or `score` was discarded by
/// [`Graph::truncate`](crate::Graph::truncate).
#[track_caller]
pub fn hinge(score: Value<'_>, label: f64) -> Value<'_> {
    const CALL: &str = "loss::hinge";
    if label != 1.0 && label != -1.0 {
        misuse!(CALL, "the label must be -1 or +1, got {label}");
    }
    record_hinge(score, label, CALL)
}

/// [`hinge`] for a caller that panics under its own name.
#[track_caller]
fn record_hinge<'g>(score: Value<'g>, label: f64, call: &str) -> Value<'g> {
    (1.0 - score.with_constant(Op::Mul, label, call)).relu() // relu(1 - y·score)
}

/// L2 penalty `Σ_k p_k²` over parameters (one dot node); `∂/∂p_k = 2p_k`.
/// Multiply by the coefficient: micrograd's demo adds `1e-4 · l2(params)`.
///
/// # Panics
/// If `params` is empty, or a parameter belongs to another graph or was
/// discarded.
#[track_caller]
pub fn l2<'g>(params: &[Value<'g>]) -> Value<'g> {
    const CALL: &str = "loss::l2";
    first(params, CALL)
        .graph()
        .record_dot(params, params, None, CALL)
}

/// The largest data of `values`, read under the name `call` (so that a
/// discarded value panics there).
#[track_caller]
fn max_data(values: &[Value<'_>], call: &str) -> f64 {
    let mut max = f64::NEG_INFINITY;
    for v in values {
        max = max.max(v.data_for(call));
    }
    max
}
