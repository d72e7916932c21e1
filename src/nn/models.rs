//! The classic single-layer models, used by the lesson's initialization
//! examples: linear, logistic and softmax regression.

use rand::Rng;

use super::{Activation, Init, Layer, LayerSpec, Mlp};
use crate::{loss, Graph, Value};

/// Linear regression `ŷ = Σ_i w_i·x_i + b`.
#[derive(Clone, Debug)]
pub struct LinearRegression<'g> {
    layer: Layer<'g>,
}

impl<'g> LinearRegression<'g> {
    /// A model with `n_inputs` weights and a bias, weights from `init`
    /// (bias 0).
    ///
    /// # Panics
    /// If `n_inputs` is 0.
    #[track_caller]
    pub fn new<R: Rng + ?Sized>(
        graph: &'g Graph,
        n_inputs: usize,
        init: Init,
        rng: &mut R,
    ) -> Self {
        let spec = LayerSpec::new(1, Activation::Linear).init(init);
        LinearRegression {
            layer: Layer::build(graph, n_inputs, &spec, rng, "LinearRegression::new"),
        }
    }

    /// The prediction `ŷ` for one example.
    ///
    /// # Panics
    /// If `inputs` does not have `n_inputs` values, or a value (input or
    /// parameter) belongs to another graph or was discarded.
    #[track_caller]
    pub fn forward(&self, inputs: &[Value<'g>]) -> Value<'g> {
        self.layer.record(inputs, "LinearRegression::forward").1[0]
    }

    /// The single layer.
    pub fn layer(&self) -> &Layer<'g> {
        &self.layer
    }

    /// Weights then bias.
    pub fn parameters(&self) -> Vec<Value<'g>> {
        self.layer.parameters()
    }
}

/// Logistic regression `p = σ(Σ_i w_i·x_i + b)`, the probability of class 1.
#[derive(Clone, Debug)]
pub struct LogisticRegression<'g> {
    layer: Layer<'g>,
}

impl<'g> LogisticRegression<'g> {
    /// A model with `n_inputs` weights and a bias, weights from `init`
    /// (bias 0).
    ///
    /// # Panics
    /// If `n_inputs` is 0.
    #[track_caller]
    pub fn new<R: Rng + ?Sized>(
        graph: &'g Graph,
        n_inputs: usize,
        init: Init,
        rng: &mut R,
    ) -> Self {
        let spec = LayerSpec::new(1, Activation::Linear).init(init);
        LogisticRegression {
            layer: Layer::build(graph, n_inputs, &spec, rng, "LogisticRegression::new"),
        }
    }

    /// The logit `z = Σ_i w_i·x_i + b`; pair it with
    /// [`loss::binary_cross_entropy_with_logits`].
    ///
    /// # Panics
    /// If `inputs` does not have `n_inputs` values, or a value (input or
    /// parameter) belongs to another graph or was discarded.
    #[track_caller]
    pub fn logit(&self, inputs: &[Value<'g>]) -> Value<'g> {
        self.layer.record(inputs, "LogisticRegression::logit").1[0]
    }

    /// The probability `σ(z)`.
    ///
    /// # Panics
    /// As [`logit`](LogisticRegression::logit).
    #[track_caller]
    pub fn probability(&self, inputs: &[Value<'g>]) -> Value<'g> {
        let logit = self
            .layer
            .record(inputs, "LogisticRegression::probability")
            .1[0];
        logit.sigmoid()
    }

    /// The single layer.
    pub fn layer(&self) -> &Layer<'g> {
        &self.layer
    }

    /// Weights then bias.
    pub fn parameters(&self) -> Vec<Value<'g>> {
        self.layer.parameters()
    }
}

/// Softmax regression: one linear score per class, `z_k = Σ_i w_ik·x_i + b_k`,
/// and `p = softmax(z)`.
#[derive(Clone, Debug)]
pub struct SoftmaxRegression<'g> {
    layer: Layer<'g>,
}

impl<'g> SoftmaxRegression<'g> {
    /// A model with `n_inputs` inputs and `n_classes` scores, weights from
    /// `init` (biases 0).
    ///
    /// # Panics
    /// If `n_inputs` or `n_classes` is 0.
    #[track_caller]
    pub fn new<R: Rng + ?Sized>(
        graph: &'g Graph,
        n_inputs: usize,
        n_classes: usize,
        init: Init,
        rng: &mut R,
    ) -> Self {
        let spec = LayerSpec::new(n_classes, Activation::Linear).init(init);
        SoftmaxRegression {
            layer: Layer::build(graph, n_inputs, &spec, rng, "SoftmaxRegression::new"),
        }
    }

    /// The scores `z_k`; pair them with [`loss::softmax_cross_entropy`].
    ///
    /// # Panics
    /// If `inputs` does not have `n_inputs` values, or a value (input or
    /// parameter) belongs to another graph or was discarded.
    #[track_caller]
    pub fn logits(&self, inputs: &[Value<'g>]) -> Vec<Value<'g>> {
        self.layer.record(inputs, "SoftmaxRegression::logits").1
    }

    /// The class probabilities `softmax(z)`.
    ///
    /// # Panics
    /// As [`logits`](SoftmaxRegression::logits).
    #[track_caller]
    pub fn probabilities(&self, inputs: &[Value<'g>]) -> Vec<Value<'g>> {
        loss::softmax(
            &self
                .layer
                .record(inputs, "SoftmaxRegression::probabilities")
                .1,
        )
    }

    /// The single layer.
    pub fn layer(&self) -> &Layer<'g> {
        &self.layer
    }

    /// Weights then bias, class by class.
    pub fn parameters(&self) -> Vec<Value<'g>> {
        self.layer.parameters()
    }
}

/// A single-layer model as a one-layer [`Mlp`] sharing the same parameters,
/// so that it can be trained with [`Trainer`](crate::train::Trainer) and
/// inspected like any network.
macro_rules! into_mlp {
    ($model:ident) => {
        impl<'g> From<$model<'g>> for Mlp<'g> {
            fn from(model: $model<'g>) -> Mlp<'g> {
                Mlp::from_layers(vec![model.layer])
            }
        }
    };
}

into_mlp!(LinearRegression);
into_mlp!(LogisticRegression);
into_mlp!(SoftmaxRegression);
