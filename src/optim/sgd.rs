//! Gradient descent and its momentum forms: [`Sgd`], and [`Momentum`]
//! (classic or Nesterov).

use super::checks::{fraction, non_negative, penalized_gradient, per_parameter};
use super::Optimizer;
use crate::Value;

/// Plain gradient descent: `w ← w - lr·g`.
///
/// With [`weight_decay`](Sgd::weight_decay) `λ`: `g ← g + λ·w` first.
/// No state. PyTorch: `torch.optim.SGD(params, lr)`.
#[derive(Clone, Debug)]
pub struct Sgd {
    lr: f64,
    weight_decay: f64,
}

impl Sgd {
    /// Gradient descent with learning rate `lr`, no weight decay.
    ///
    /// # Panics
    /// If `lr` is negative, infinite or NaN.
    #[track_caller]
    pub fn new(lr: f64) -> Sgd {
        Sgd {
            lr: non_negative("Sgd::new", "the learning rate", lr),
            weight_decay: 0.0,
        }
    }

    /// Adds the L2 penalty `λ·w` to each gradient before the update
    /// (default 0).
    ///
    /// # Panics
    /// If `weight_decay` is negative, infinite or NaN.
    #[must_use]
    #[track_caller]
    pub fn weight_decay(mut self, weight_decay: f64) -> Sgd {
        self.weight_decay = non_negative("Sgd::weight_decay", "the weight decay", weight_decay);
        self
    }
}

impl Optimizer for Sgd {
    fn step(&mut self, params: &[Value<'_>]) {
        const CALL: &str = "Sgd::step";
        for &p in params {
            let g = penalized_gradient(p, self.weight_decay, CALL);
            p.set_data_for(p.data_for(CALL) - self.lr * g, CALL);
        }
    }

    fn learning_rate(&self) -> f64 {
        self.lr
    }

    fn set_learning_rate(&mut self, lr: f64) {
        self.lr = non_negative("Sgd::set_learning_rate", "the learning rate", lr);
    }

    fn name(&self) -> String {
        "sgd".to_owned()
    }
}

/// Gradient descent with momentum: a velocity `v` per parameter, starting
/// at 0, that accumulates past gradients.
///
/// ```text
/// v ← β·v + (1 - d)·g
/// w ← w - lr·v                      (classic)
/// w ← w - lr·(g + β·v)              (with .nesterov(true))
/// ```
///
/// `β` is the momentum, `d` the [`dampening`](Momentum::dampening) (default
/// 0). With [`weight_decay`](Momentum::weight_decay) `λ`: `g ← g + λ·w`
/// first.
///
/// - With `d = 0` this is exactly PyTorch's
///   `torch.optim.SGD(params, lr, momentum=β)`, and `v` is a sum of past
///   gradients, each damped by `β` per step.
/// - With `d = β`, `v` is an exponential moving average of the gradients,
///   the form many courses teach (and the step is `1 - β` times smaller).
/// - With `d ≠ 0` the **first step differs from PyTorch**: PyTorch sets
///   `v = g` at the first step, whatever the dampening; here the rule above
///   holds from the first step, `v₁ = (1 - d)·g`.
/// - Nesterov's form is PyTorch's: it looks ahead by using the velocity that
///   already includes the current gradient. (PyTorch refuses Nesterov with a
///   dampening; here the rule above applies as written.)
///
/// ```
/// use scalargrad::optim::{Momentum, Optimizer};
/// use scalargrad::Graph;
///
/// let g = Graph::new();
/// let w = g.value(1.0);
/// let mut opt = Momentum::new(0.1, 0.9);
/// (w * w).backward(); // g = 2w = 2
/// opt.step(&[w]); // v = 0.9·0 + 2 = 2, w = 1 - 0.1·2 = 0.8
/// assert!((w.data() - 0.8).abs() < 1e-15);
/// ```
#[derive(Clone, Debug)]
pub struct Momentum {
    lr: f64,
    beta: f64,
    dampening: f64,
    nesterov: bool,
    weight_decay: f64,
    velocity: Option<Vec<f64>>,
}

impl Momentum {
    /// Momentum `beta` (PyTorch's `momentum`, 0.9 is usual) with learning
    /// rate `lr`; no dampening, no Nesterov, no weight decay.
    ///
    /// # Panics
    /// If `lr` or `beta` is negative, infinite or NaN.
    #[track_caller]
    pub fn new(lr: f64, beta: f64) -> Momentum {
        Momentum {
            lr: non_negative("Momentum::new", "the learning rate", lr),
            beta: non_negative("Momentum::new", "the momentum beta", beta),
            dampening: 0.0,
            nesterov: false,
            weight_decay: 0.0,
            velocity: None,
        }
    }

    /// Scales the new gradient by `1 - d` in the velocity (default 0);
    /// `d = β` makes the velocity an exponential moving average.
    ///
    /// # Panics
    /// If `dampening` is not in `[0, 1]`.
    #[must_use]
    #[track_caller]
    pub fn dampening(mut self, dampening: f64) -> Momentum {
        self.dampening = fraction("Momentum::dampening", "the dampening", dampening, true);
        self
    }

    /// Uses Nesterov's update `w ← w - lr·(g + β·v)` (default `false`).
    #[must_use]
    pub fn nesterov(mut self, nesterov: bool) -> Momentum {
        self.nesterov = nesterov;
        self
    }

    /// Adds the L2 penalty `λ·w` to each gradient before the update
    /// (default 0).
    ///
    /// # Panics
    /// If `weight_decay` is negative, infinite or NaN.
    #[must_use]
    #[track_caller]
    pub fn weight_decay(mut self, weight_decay: f64) -> Momentum {
        self.weight_decay =
            non_negative("Momentum::weight_decay", "the weight decay", weight_decay);
        self
    }
}

impl Optimizer for Momentum {
    fn step(&mut self, params: &[Value<'_>]) {
        const CALL: &str = "Momentum::step";
        let velocity = per_parameter(&mut self.velocity, params.len(), CALL);
        for (&p, v) in params.iter().zip(velocity) {
            let g = penalized_gradient(p, self.weight_decay, CALL);
            *v = self.beta * *v + (1.0 - self.dampening) * g;
            let update = if self.nesterov {
                g + self.beta * *v
            } else {
                *v
            };
            p.set_data_for(p.data_for(CALL) - self.lr * update, CALL);
        }
    }

    fn learning_rate(&self) -> f64 {
        self.lr
    }

    fn set_learning_rate(&mut self, lr: f64) {
        self.lr = non_negative("Momentum::set_learning_rate", "the learning rate", lr);
    }

    fn name(&self) -> String {
        if self.nesterov {
            "nesterov"
        } else {
            "momentum"
        }
        .to_owned()
    }
}
