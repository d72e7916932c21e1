//! [`Adam`] (momentum and RMSProp's scaling, both corrected for starting at
//! 0) and [`AdamW`] (Adam with decoupled weight decay).

use super::checks::{fraction, non_negative, penalized_gradient, per_parameter};
use super::Optimizer;
use crate::Value;

/// Adam: momentum on the gradient (first moment `m`) divided by the root of
/// a moving average of its square (second moment `v`), both corrected for
/// starting at 0.
///
/// ```text
/// m ← β₁·m + (1 - β₁)·g         (m, v start at 0; t counts steps from 1)
/// v ← β₂·v + (1 - β₂)·g²
/// m̂ = m/(1 - β₁ᵗ)
/// v̂ = v/(1 - β₂ᵗ)
/// w ← w - lr·m̂/(√v̂ + ε)
/// ```
///
/// Defaults `β₁ = 0.9`, `β₂ = 0.999` ([`betas`](Adam::betas)), `ε = 1e-8`
/// ([`eps`](Adam::eps)). With [`weight_decay`](Adam::weight_decay) `λ`:
/// `g ← g + λ·w` first (an L2 penalty, which Adam then rescales like any
/// gradient; [`AdamW`] decays the weights directly instead). PyTorch:
/// `torch.optim.Adam(params, lr)`.
///
/// The bias correction makes the first step `lr·g/(|g| + ε)`: about `lr`
/// against the sign of the gradient, whatever its size.
///
/// ```
/// use scalargrad::optim::{Adam, Optimizer};
/// use scalargrad::Graph;
///
/// let g = Graph::new();
/// let w = g.value(1.0);
/// let mut opt = Adam::new(0.1).eps(0.0);
/// (w * w * 50.0).backward(); // g = 100w = 100
/// opt.step(&[w]); // m̂ = 100, v̂ = 100², w = 1 - 0.1·100/100 = 0.9
/// assert!((w.data() - 0.9).abs() < 1e-15);
/// ```
#[derive(Clone, Debug)]
pub struct Adam {
    lr: f64,
    beta1: f64,
    beta2: f64,
    eps: f64,
    weight_decay: f64,
    /// Steps taken, `t` of the bias correction. All parameters are stepped
    /// together, so one count serves them all.
    steps: u64,
    first_moment: Option<Vec<f64>>,
    second_moment: Option<Vec<f64>>,
}

impl Adam {
    /// Adam with learning rate `lr` (PyTorch's default is 0.001),
    /// `β = (0.9, 0.999)`, `ε = 1e-8`, no weight decay.
    ///
    /// # Panics
    /// If `lr` is negative, infinite or NaN.
    #[track_caller]
    pub fn new(lr: f64) -> Adam {
        Adam::named_new(lr, "Adam::new")
    }

    #[track_caller]
    fn named_new(lr: f64, call: &str) -> Adam {
        Adam {
            lr: non_negative(call, "the learning rate", lr),
            beta1: 0.9,
            beta2: 0.999,
            eps: 1e-8,
            weight_decay: 0.0,
            steps: 0,
            first_moment: None,
            second_moment: None,
        }
    }

    /// The decay rates `(β₁, β₂)` of the first and second moments (default
    /// `(0.9, 0.999)`).
    ///
    /// # Panics
    /// If either is not in `[0, 1)`.
    #[must_use]
    #[track_caller]
    pub fn betas(self, beta1: f64, beta2: f64) -> Adam {
        self.set_betas(beta1, beta2, "Adam::betas")
    }

    #[track_caller]
    fn set_betas(mut self, beta1: f64, beta2: f64, call: &str) -> Adam {
        self.beta1 = fraction(call, "beta1", beta1, false);
        self.beta2 = fraction(call, "beta2", beta2, false);
        self
    }

    /// The `ε` added to `√v̂` (default 1e-8).
    ///
    /// # Panics
    /// If `eps` is negative, infinite or NaN.
    #[must_use]
    #[track_caller]
    pub fn eps(mut self, eps: f64) -> Adam {
        self.eps = non_negative("Adam::eps", "eps", eps);
        self
    }

    /// Adds the L2 penalty `λ·w` to each gradient before the update
    /// (default 0). For decoupled weight decay, use [`AdamW`].
    ///
    /// # Panics
    /// If `weight_decay` is negative, infinite or NaN.
    #[must_use]
    #[track_caller]
    pub fn weight_decay(mut self, weight_decay: f64) -> Adam {
        self.weight_decay = non_negative("Adam::weight_decay", "the weight decay", weight_decay);
        self
    }

    /// One step of Adam, after the decoupled decay `w ← w - lr·λ·w` when
    /// `decoupled_weight_decay = λ ≠ 0` (AdamW).
    #[track_caller]
    fn update(&mut self, params: &[Value<'_>], decoupled_weight_decay: f64, call: &str) {
        let n = params.len();
        // Both checks come before any write, so that a mismatch changes
        // nothing.
        let m = per_parameter(&mut self.first_moment, n, call);
        let v = per_parameter(&mut self.second_moment, n, call);
        self.steps += 1;
        let t = i32::try_from(self.steps).unwrap_or(i32::MAX);
        let correction1 = 1.0 - self.beta1.powi(t);
        let correction2 = 1.0 - self.beta2.powi(t);
        for ((&p, m), v) in params.iter().zip(m.iter_mut()).zip(v.iter_mut()) {
            let g = penalized_gradient(p, self.weight_decay, call);
            let mut w = p.data_for(call);
            if decoupled_weight_decay != 0.0 {
                w -= self.lr * decoupled_weight_decay * w;
            }
            *m = self.beta1 * *m + (1.0 - self.beta1) * g;
            *v = self.beta2 * *v + (1.0 - self.beta2) * g * g;
            let m_hat = *m / correction1;
            let v_hat = *v / correction2;
            p.set_data_for(w - self.lr * m_hat / (v_hat.sqrt() + self.eps), call);
        }
    }
}

impl Optimizer for Adam {
    fn step(&mut self, params: &[Value<'_>]) {
        self.update(params, 0.0, "Adam::step");
    }

    fn learning_rate(&self) -> f64 {
        self.lr
    }

    fn set_learning_rate(&mut self, lr: f64) {
        self.lr = non_negative("Adam::set_learning_rate", "the learning rate", lr);
    }

    fn name(&self) -> String {
        "adam".to_owned()
    }
}

/// AdamW: [`Adam`] with decoupled weight decay. Each weight first shrinks
/// in proportion to itself, then takes Adam's step:
///
/// ```text
/// w ← w - lr·λ·w
/// then Adam's update with the same g (computed before the decay)
/// ```
///
/// Unlike an L2 penalty ([`Adam::weight_decay`]), the decay does not pass
/// through `m` and `v`, so it is not rescaled by `1/√v̂`: every weight decays
/// by the same fraction `lr·λ` per step. Default `λ = 0.01`
/// ([`weight_decay`](AdamW::weight_decay)); `β` and `ε` as in Adam.
/// PyTorch: `torch.optim.AdamW(params, lr)`.
#[derive(Clone, Debug)]
pub struct AdamW {
    /// Adam without its L2 penalty.
    adam: Adam,
    weight_decay: f64,
}

impl AdamW {
    /// AdamW with learning rate `lr` (PyTorch's default is 0.001),
    /// `λ = 0.01`, `β = (0.9, 0.999)`, `ε = 1e-8`.
    ///
    /// # Panics
    /// If `lr` is negative, infinite or NaN.
    #[track_caller]
    pub fn new(lr: f64) -> AdamW {
        AdamW {
            adam: Adam::named_new(lr, "AdamW::new"),
            weight_decay: 0.01,
        }
    }

    /// The decoupled decay rate `λ` (default 0.01).
    ///
    /// # Panics
    /// If `weight_decay` is negative, infinite or NaN.
    #[must_use]
    #[track_caller]
    pub fn weight_decay(mut self, weight_decay: f64) -> AdamW {
        self.weight_decay = non_negative("AdamW::weight_decay", "the weight decay", weight_decay);
        self
    }

    /// The decay rates `(β₁, β₂)` of the moments (default `(0.9, 0.999)`).
    ///
    /// # Panics
    /// If either is not in `[0, 1)`.
    #[must_use]
    #[track_caller]
    pub fn betas(mut self, beta1: f64, beta2: f64) -> AdamW {
        self.adam = self.adam.set_betas(beta1, beta2, "AdamW::betas");
        self
    }

    /// The `ε` added to `√v̂` (default 1e-8).
    ///
    /// # Panics
    /// If `eps` is negative, infinite or NaN.
    #[must_use]
    #[track_caller]
    pub fn eps(mut self, eps: f64) -> AdamW {
        self.adam.eps = non_negative("AdamW::eps", "eps", eps);
        self
    }
}

impl Optimizer for AdamW {
    fn step(&mut self, params: &[Value<'_>]) {
        self.adam.update(params, self.weight_decay, "AdamW::step");
    }

    fn learning_rate(&self) -> f64 {
        self.adam.lr
    }

    fn set_learning_rate(&mut self, lr: f64) {
        self.adam.lr = non_negative("AdamW::set_learning_rate", "the learning rate", lr);
    }

    fn name(&self) -> String {
        "adamw".to_owned()
    }
}
