//! The parts of [`Objective`] that read a dataset: which objective suits it,
//! how many outputs it needs, and whether a network fits it.

use crate::data::Dataset;
use crate::loss::Objective;
use crate::nn::Mlp;
use crate::panics::misuse;

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

    /// Number of network outputs this objective needs for `data`.
    pub fn outputs_needed(self, data: &Dataset) -> usize {
        match self {
            Objective::SoftmaxCrossEntropy => data.n_classes.unwrap_or(1),
            _ => 1,
        }
    }

    /// Panics with a clear message if `mlp` and `data` do not fit this
    /// objective.
    #[track_caller]
    pub(crate) fn check(self, mlp: &Mlp<'_>, data: &Dataset, call: &str) {
        if mlp.n_inputs() != data.n_features() {
            misuse!(
                call,
                "the network takes {} inputs but the data has {} features",
                mlp.n_inputs(),
                data.n_features()
            );
        }
        if self.is_classification() != data.is_classification() {
            misuse!(
                call,
                "objective {self:?} does not fit a {} dataset",
                if data.is_classification() {
                    "classification"
                } else {
                    "regression"
                }
            );
        }
        let needed = self.outputs_needed(data);
        if mlp.n_outputs() != needed {
            misuse!(
                call,
                "objective {self:?} on this data needs {needed} network outputs, the network has {}",
                mlp.n_outputs()
            );
        }
        if matches!(self, Objective::Hinge | Objective::BinaryCrossEntropy)
            && data.n_classes != Some(2)
        {
            misuse!(
                call,
                "objective {self:?} needs two classes, the data has {:?}",
                data.n_classes
            );
        }
    }
}
