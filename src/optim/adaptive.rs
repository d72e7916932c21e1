//! Steps scaled per parameter by the root of its past squared gradients:
//! [`AdaGrad`] (their sum) and [`RmsProp`] (their moving average).

use super::checks::{fraction, non_negative, penalized_gradient, per_parameter};
use super::Optimizer;
use crate::Value;

/// AdaGrad: each parameter's step is divided by the root of the sum of its
/// squared gradients so far, so parameters with large gradients slow down
/// and rarely-updated ones keep large steps.
///
/// ```text
/// s ← s + g²                    (s starts at 0)
/// w ← w - lr·g/(√s + ε)
/// ```
///
/// `ε` defaults to 1e-10 ([`eps`](AdaGrad::eps)). With
/// [`weight_decay`](AdaGrad::weight_decay) `λ`: `g ← g + λ·w` first. Since
/// `s` only grows, the effective step `lr/√s` shrinks forever. PyTorch:
/// `torch.optim.Adagrad(params, lr)` (its `lr_decay` and
/// `initial_accumulator_value` are left at 0).
#[derive(Clone, Debug)]
pub struct AdaGrad {
    lr: f64,
    eps: f64,
    weight_decay: f64,
    sum_of_squares: Option<Vec<f64>>,
}

impl AdaGrad {
    /// AdaGrad with learning rate `lr` (PyTorch's default is 0.01),
    /// `ε = 1e-10`, no weight decay.
    ///
    /// # Panics
    /// If `lr` is negative, infinite or NaN.
    #[track_caller]
    pub fn new(lr: f64) -> AdaGrad {
        AdaGrad {
            lr: non_negative("AdaGrad::new", "the learning rate", lr),
            eps: 1e-10,
            weight_decay: 0.0,
            sum_of_squares: None,
        }
    }

    /// The `ε` added to `√s` so that a zero sum does not divide by zero
    /// (default 1e-10).
    ///
    /// # Panics
    /// If `eps` is negative, infinite or NaN.
    #[must_use]
    #[track_caller]
    pub fn eps(mut self, eps: f64) -> AdaGrad {
        self.eps = non_negative("AdaGrad::eps", "eps", eps);
        self
    }

    /// Adds the L2 penalty `λ·w` to each gradient before the update
    /// (default 0).
    ///
    /// # Panics
    /// If `weight_decay` is negative, infinite or NaN.
    #[must_use]
    #[track_caller]
    pub fn weight_decay(mut self, weight_decay: f64) -> AdaGrad {
        self.weight_decay = non_negative("AdaGrad::weight_decay", "the weight decay", weight_decay);
        self
    }
}

impl Optimizer for AdaGrad {
    fn step(&mut self, params: &[Value<'_>]) {
        const CALL: &str = "AdaGrad::step";
        let sums = per_parameter(&mut self.sum_of_squares, params.len(), CALL);
        for (&p, s) in params.iter().zip(sums) {
            let g = penalized_gradient(p, self.weight_decay, CALL);
            *s += g * g;
            p.set_data_for(p.data_for(CALL) - self.lr * g / (s.sqrt() + self.eps), CALL);
        }
    }

    fn learning_rate(&self) -> f64 {
        self.lr
    }

    fn set_learning_rate(&mut self, lr: f64) {
        self.lr = non_negative("AdaGrad::set_learning_rate", "the learning rate", lr);
    }

    fn name(&self) -> String {
        "adagrad".to_owned()
    }
}

/// RMSProp: like [`AdaGrad`], but divides by the root of a moving *average*
/// of squared gradients, so old gradients are forgotten and the step does
/// not shrink forever.
///
/// ```text
/// s ← α·s + (1 - α)·g²          (s starts at 0)
/// w ← w - lr·g/(√s + ε)
/// ```
///
/// Defaults `α = 0.99` ([`alpha`](RmsProp::alpha)), `ε = 1e-8`
/// ([`eps`](RmsProp::eps)). With [`weight_decay`](RmsProp::weight_decay)
/// `λ`: `g ← g + λ·w` first. There is no bias correction: early on `s` is
/// small, so the first steps are large (`1/√(1 - α) = 10` times `lr` at the
/// first step). PyTorch: `torch.optim.RMSprop(params, lr)`.
#[derive(Clone, Debug)]
pub struct RmsProp {
    lr: f64,
    alpha: f64,
    eps: f64,
    weight_decay: f64,
    average_of_squares: Option<Vec<f64>>,
}

impl RmsProp {
    /// RMSProp with learning rate `lr` (PyTorch's default is 0.01),
    /// `α = 0.99`, `ε = 1e-8`, no weight decay.
    ///
    /// # Panics
    /// If `lr` is negative, infinite or NaN.
    #[track_caller]
    pub fn new(lr: f64) -> RmsProp {
        RmsProp {
            lr: non_negative("RmsProp::new", "the learning rate", lr),
            alpha: 0.99,
            eps: 1e-8,
            weight_decay: 0.0,
            average_of_squares: None,
        }
    }

    /// The smoothing constant `α` of the average of squares (default 0.99).
    ///
    /// # Panics
    /// If `alpha` is not in `[0, 1]`.
    #[must_use]
    #[track_caller]
    pub fn alpha(mut self, alpha: f64) -> RmsProp {
        self.alpha = fraction("RmsProp::alpha", "alpha", alpha, true);
        self
    }

    /// The `ε` added to `√s` (default 1e-8).
    ///
    /// # Panics
    /// If `eps` is negative, infinite or NaN.
    #[must_use]
    #[track_caller]
    pub fn eps(mut self, eps: f64) -> RmsProp {
        self.eps = non_negative("RmsProp::eps", "eps", eps);
        self
    }

    /// Adds the L2 penalty `λ·w` to each gradient before the update
    /// (default 0).
    ///
    /// # Panics
    /// If `weight_decay` is negative, infinite or NaN.
    #[must_use]
    #[track_caller]
    pub fn weight_decay(mut self, weight_decay: f64) -> RmsProp {
        self.weight_decay = non_negative("RmsProp::weight_decay", "the weight decay", weight_decay);
        self
    }
}

impl Optimizer for RmsProp {
    fn step(&mut self, params: &[Value<'_>]) {
        const CALL: &str = "RmsProp::step";
        let averages = per_parameter(&mut self.average_of_squares, params.len(), CALL);
        for (&p, s) in params.iter().zip(averages) {
            let g = penalized_gradient(p, self.weight_decay, CALL);
            *s = self.alpha * *s + (1.0 - self.alpha) * g * g;
            p.set_data_for(p.data_for(CALL) - self.lr * g / (s.sqrt() + self.eps), CALL);
        }
    }

    fn learning_rate(&self) -> f64 {
        self.lr
    }

    fn set_learning_rate(&mut self, lr: f64) {
        self.lr = non_negative("RmsProp::set_learning_rate", "the learning rate", lr);
    }

    fn name(&self) -> String {
        "rmsprop".to_owned()
    }
}
