//! What a network is trained to minimize, and how its outputs become
//! predictions.

use crate::data::Dataset;
use crate::nn::Mlp;
use crate::{loss, Value};

/// The per-example loss a [`Trainer`](super::Trainer) minimizes, and how
/// outputs are read as predictions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Objective {
    /// k outputs are logits; `J = softmax_cross_entropy(z, y)`; the predicted
    /// class is `argmax z`.
    SoftmaxCrossEntropy,
    /// One output is a logit for class 1; `J = softplus(z) - y·z`; class 1
    /// when `z > 0`.
    BinaryCrossEntropy,
    /// micrograd's max-margin loss: one output is a score, the label is
    /// `-1` (class 0) or `+1` (class 1); `J = max(0, 1 - y·score)`; class 1
    /// when `score > 0`.
    Hinge,
    /// Regression: `J = (ŷ - y)²` on the single output.
    Mse,
}

impl Objective {
    /// The usual objective for a dataset and a network: MSE for regression,
    /// binary cross-entropy for two classes and one output, softmax
    /// cross-entropy otherwise.
    pub fn for_data(data: &Dataset, n_outputs: usize) -> Objective {
        match data.n_classes {
            None => Objective::Mse,
            Some(2) if n_outputs == 1 => Objective::BinaryCrossEntropy,
            Some(_) => Objective::SoftmaxCrossEntropy,
        }
    }

    /// True for classification objectives.
    pub fn is_classification(self) -> bool {
        self != Objective::Mse
    }

    /// Number of network outputs this objective needs for `data`.
    pub fn outputs_needed(self, data: &Dataset) -> usize {
        match self {
            Objective::SoftmaxCrossEntropy => data.n_classes.unwrap_or(1),
            _ => 1,
        }
    }

    /// Panics with a clear message if `mlp` and `data` do not fit this
    /// objective.
    pub(crate) fn check(self, mlp: &Mlp<'_>, data: &Dataset, call: &str) {
        if mlp.n_inputs() != data.n_features() {
            panic!(
                "{call}: the network takes {} inputs but the data has {} features",
                mlp.n_inputs(),
                data.n_features()
            );
        }
        if self.is_classification() != data.is_classification() {
            panic!(
                "{call}: objective {self:?} does not fit a {} dataset",
                if data.is_classification() {
                    "classification"
                } else {
                    "regression"
                }
            );
        }
        let needed = self.outputs_needed(data);
        if mlp.n_outputs() != needed {
            panic!(
                "{call}: objective {self:?} on this data needs {needed} network outputs, the network has {}",
                mlp.n_outputs()
            );
        }
        if matches!(self, Objective::Hinge | Objective::BinaryCrossEntropy)
            && data.n_classes != Some(2)
        {
            panic!(
                "{call}: objective {self:?} needs two classes, the data has {:?}",
                data.n_classes
            );
        }
    }

    /// The loss of one example whose target is `y` (a class index as `f64`,
    /// or a value).
    pub fn loss<'g>(self, outputs: &[Value<'g>], y: f64) -> Value<'g> {
        match self {
            Objective::SoftmaxCrossEntropy => loss::softmax_cross_entropy(outputs, y as usize),
            Objective::BinaryCrossEntropy => loss::binary_cross_entropy_with_logits(outputs[0], y),
            Objective::Hinge => loss::hinge(outputs[0], if y == 1.0 { 1.0 } else { -1.0 }),
            Objective::Mse => (outputs[0] - y).powf(2.0),
        }
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
            Objective::SoftmaxCrossEntropy => Some(crate::engine::softmax(outputs)),
            Objective::BinaryCrossEntropy => {
                let p = crate::engine::sigmoid(outputs[0]);
                Some(vec![1.0 - p, p])
            }
            _ => None,
        }
    }
}
