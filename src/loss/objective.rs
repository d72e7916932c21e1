//! The loss on a network's outputs, as one type: what a network is trained
//! to minimize, its gradient by hand, and how its outputs become
//! predictions.

use crate::engine::{sigmoid, softmax, Op};
use crate::panics::misuse;
use crate::Value;

/// The loss on a network's outputs `ŷ` for one example whose target is `y`
/// (a class index stored as `f64`, or a value, as in a [`Dataset`](crate::data::Dataset)).
///
/// One type for everything that needs to know the loss: what a
/// [`Trainer`](crate::train::Trainer) minimizes ([`loss`](Objective::loss), in the
/// graph), what [`Mlp::backprop_by_hand`](crate::nn::Mlp::backprop_by_hand) starts its recursion from
/// ([`gradient`](Objective::gradient), on plain numbers), how outputs are
/// read as predictions, and what a model file records (as
/// `"softmax_cross_entropy"`, `"binary_cross_entropy"`, `"hinge"` or
/// `"mse"`).
///
/// ```
/// use scalargrad::loss::Objective;
/// use scalargrad::Graph;
///
/// let g = Graph::new();
/// let logits = g.values(&[2.0, -1.0, 0.5]);
/// Objective::SoftmaxCrossEntropy.loss(&logits, 1.0).backward();
/// let by_hand = Objective::SoftmaxCrossEntropy.gradient(&[2.0, -1.0, 0.5], 1.0);
/// for (z, e) in logits.iter().zip(&by_hand) {
///     assert!((z.grad() - e).abs() < 1e-15); // p_k - [k = 1]
/// }
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Objective {
    /// k outputs are logits `z`, the target a class `c`:
    /// `J = ln Σ_k e^(z_k) - z_c` ([`softmax_cross_entropy`](super::softmax_cross_entropy));
    /// `∂J/∂z_k = p_k - [k = c]` with `p = softmax(z)`. The predicted class
    /// is `argmax z`.
    SoftmaxCrossEntropy,
    /// One output is a logit `z` for class 1, the target `y ∈ [0, 1]` (the
    /// class, 0 or 1): `J = softplus(z) - y·z`
    /// ([`binary_cross_entropy_with_logits`](super::binary_cross_entropy_with_logits)); `∂J/∂z = σ(z) - y`.
    /// Class 1 when `z > 0`.
    BinaryCrossEntropy,
    /// micrograd's max-margin loss: one output is a score `s`, the label `t`
    /// is `+1` for class 1 (a target `y = 1`) and `-1` otherwise:
    /// `J = max(0, 1 - t·s)` ([`hinge`](super::hinge)); `∂J/∂s = -t` if
    /// `1 - t·s > 0`, else 0. Class 1 when `s > 0`.
    Hinge,
    /// Regression on the single output: `J = (ŷ - y)²`;
    /// `∂J/∂ŷ = 2(ŷ - y)`.
    Mse,
}

impl Objective {
    /// True for classification objectives.
    pub fn is_classification(self) -> bool {
        self != Objective::Mse
    }

    /// The loss `J` of one example whose target is `y` (a class index as
    /// `f64`, or a value), recorded in the graph; see each variant for its
    /// formula.
    ///
    /// # Panics
    /// If `outputs` is empty, for softmax cross-entropy if the class `y` is
    /// out of range for the outputs, or if an output belongs to another
    /// graph or was discarded.
    #[track_caller]
    pub fn loss<'g>(self, outputs: &[Value<'g>], y: f64) -> Value<'g> {
        self.record(outputs, y, "Objective::loss")
    }

    /// [`loss`](Objective::loss) for a caller that panics under its own
    /// name.
    #[track_caller]
    pub(crate) fn record<'g>(self, outputs: &[Value<'g>], y: f64, call: &str) -> Value<'g> {
        let Some(&first) = outputs.first() else {
            misuse!(call, "got no outputs; the loss of nothing is undefined")
        };
        match self {
            Objective::SoftmaxCrossEntropy => {
                super::record_softmax_cross_entropy(outputs, y as usize, call)
            }
            Objective::BinaryCrossEntropy => {
                super::record_binary_cross_entropy_with_logits(first, y, call)
            }
            Objective::Hinge => super::record_hinge(first, hinge_label(y), call),
            Objective::Mse => first.with_constant(Op::Sub, y, call).powf(2.0),
        }
    }

    /// `∂J/∂ŷ_k` of [`loss`](Objective::loss) on plain numbers, one entry
    /// per output (0 for the outputs the loss does not read); see each
    /// variant for its formula. [`Mlp::backprop_by_hand`](crate::nn::Mlp::backprop_by_hand) starts its
    /// recursion from it.
    ///
    /// # Panics
    /// If `outputs` is empty, or for softmax cross-entropy if the class `y`
    /// is out of range for the outputs.
    #[track_caller]
    pub fn gradient(self, outputs: &[f64], y: f64) -> Vec<f64> {
        self.gradient_for(outputs, y, "Objective::gradient")
    }

    /// [`gradient`](Objective::gradient) for a caller that panics under its
    /// own name.
    #[track_caller]
    pub(crate) fn gradient_for(self, outputs: &[f64], y: f64, call: &str) -> Vec<f64> {
        if outputs.is_empty() {
            misuse!(call, "got no outputs; the loss of nothing is undefined");
        }
        let mut gradient = vec![0.0; outputs.len()];
        match self {
            Objective::SoftmaxCrossEntropy => {
                let class = y as usize;
                if class >= outputs.len() {
                    misuse!(
                        call,
                        "class {class} is out of range for {} outputs",
                        outputs.len()
                    );
                }
                for (k, (g, p)) in gradient.iter_mut().zip(softmax(outputs)).enumerate() {
                    *g = p - if k == class { 1.0 } else { 0.0 };
                }
            }
            Objective::BinaryCrossEntropy => gradient[0] = sigmoid(outputs[0]) - y,
            Objective::Hinge => {
                let t = hinge_label(y);
                gradient[0] = if 1.0 - t * outputs[0] > 0.0 { -t } else { 0.0 };
            }
            Objective::Mse => gradient[0] = 2.0 * (outputs[0] - y),
        }
        gradient
    }

    /// The predicted class of outputs (classification objectives).
    pub fn predict_class(self, outputs: &[f64]) -> usize {
        match self {
            Objective::SoftmaxCrossEntropy => {
                outputs
                    .iter()
                    .enumerate()
                    .fold((0, f64::NEG_INFINITY), |best, (k, &z)| {
                        if z > best.1 {
                            (k, z)
                        } else {
                            best
                        }
                    })
                    .0
            }
            _ => usize::from(outputs[0] > 0.0),
        }
    }

    /// Class probabilities, for objectives that define them (softmax and
    /// binary cross-entropy); `None` for hinge and MSE.
    pub fn probabilities(self, outputs: &[f64]) -> Option<Vec<f64>> {
        match self {
            Objective::SoftmaxCrossEntropy => Some(softmax(outputs)),
            Objective::BinaryCrossEntropy => {
                let p = sigmoid(outputs[0]);
                Some(vec![1.0 - p, p])
            }
            _ => None,
        }
    }
}

/// The hinge loss's label `t` for a target `y`: `+1` for class 1, `-1`
/// otherwise (so a label already written `±1` stays as it is).
fn hinge_label(y: f64) -> f64 {
    if y == 1.0 {
        1.0
    } else {
        -1.0
    }
}
