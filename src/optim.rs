//! Optimizers and learning-rate schedules: what to do with the gradients
//! once [`backward`](crate::Value::backward) has filled them in.
//!
//! An optimizer reads each parameter's gradient `g = ∂J/∂w` and moves the
//! parameter `w` downhill. Every optimizer here follows PyTorch's update rule
//! and defaults (one documented exception: [`Momentum`] with a dampening),
//! and writes its rule out in its documentation, with `t` the step count
//! from 1:
//!
//! | optimizer | state per parameter | update |
//! |---|---|---|
//! | [`Sgd`] | none | `w ← w - lr·g` |
//! | [`Momentum`] | velocity `v` | `v ← β·v + (1 - d)·g`, `w ← w - lr·v` |
//! | [`Momentum`] with [`nesterov`](Momentum::nesterov) | velocity `v` | same `v`, `w ← w - lr·(g + β·v)` |
//! | [`AdaGrad`] | sum of squares `s` | `s ← s + g²`, `w ← w - lr·g/(√s + ε)` |
//! | [`RmsProp`] | average of squares `s` | `s ← α·s + (1 - α)·g²`, `w ← w - lr·g/(√s + ε)` |
//! | [`Adam`] | moments `m`, `v` | `m̂ = m/(1 - β₁ᵗ)`, `v̂ = v/(1 - β₂ᵗ)`, `w ← w - lr·m̂/(√v̂ + ε)` |
//! | [`AdamW`] | moments `m`, `v` | `w ← w - lr·λ·w`, then Adam's update |
//!
//! All but `AdamW` also take an L2 penalty `.weight_decay(λ)`, which adds
//! `λ·w` to the gradient before the rule (PyTorch's coupled form: the same as
//! adding `(λ/2)·w²` to the loss).
//!
//! A training step is: build the loss, zero the gradients, backward, step,
//! and discard the step's nodes:
//!
//! ```
//! use scalargrad::optim::{Optimizer, Sgd};
//! use scalargrad::Graph;
//!
//! let g = Graph::new();
//! let w = g.value(1.0);
//! let n_params = g.len();
//! let mut opt = Sgd::new(0.1);
//! for _ in 0..3 {
//!     let loss = w * w; // J = w², g = 2w
//!     g.zero_grad();
//!     loss.backward();
//!     opt.step(&[w]); // w ← w - 0.1·2w = 0.8·w
//!     g.truncate(n_params);
//! }
//! assert!((w.data() - 0.512).abs() < 1e-15); // 0.8³
//! ```
//!
//! Optimizers that keep state (velocities, moments) keep one number per
//! parameter, indexed by the parameter's position in the slice given to
//! [`step`](Optimizer::step): pass the same parameters in the same order at
//! every step. The state is created by the first step.
//!
//! A [`Schedule`] gives the learning rate of each step; hand it to the
//! optimizer with [`set_learning_rate`](Optimizer::set_learning_rate).

use crate::Value;

/// Updates parameters from their gradients.
///
/// Object safe: a program can choose one at run time as a
/// `Box<dyn Optimizer>` (see [`by_name`]).
pub trait Optimizer {
    /// Updates every parameter from its gradient: reads `p.grad()` and
    /// writes `p.set_data(…)`. Call it after [`backward`](Value::backward).
    ///
    /// # Panics
    /// If the optimizer keeps per-parameter state and `params` has a
    /// different length than at its first step.
    fn step(&mut self, params: &[Value<'_>]);

    /// The learning rate the next [`step`](Optimizer::step) uses.
    fn learning_rate(&self) -> f64;

    /// Sets the learning rate for the following steps (a [`Schedule`] calls
    /// for this once per step). The optimizer's state is kept.
    ///
    /// # Panics
    /// If `lr` is negative or NaN.
    fn set_learning_rate(&mut self, lr: f64);

    /// Sets the gradient of each of `params` to 0. [`Graph::zero_grad`]
    /// does it for every node of a graph at once.
    ///
    /// [`Graph::zero_grad`]: crate::Graph::zero_grad
    fn zero_grad(&self, params: &[Value<'_>]) {
        for p in params {
            p.set_grad(0.0);
        }
    }

    /// The optimizer's name, one of [`NAMES`]: `"sgd"`, `"momentum"`,
    /// `"nesterov"`, `"adagrad"`, `"rmsprop"`, `"adam"` or `"adamw"`.
    fn name(&self) -> String;
}

/// The names [`by_name`] knows, in the order of the table in the [module
/// documentation](self).
pub const NAMES: [&str; 7] = [
    "sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw",
];

/// The optimizer called `name` (one of [`NAMES`], lower case) with learning
/// rate `lr` and PyTorch's defaults; `"momentum"` and `"nesterov"` use
/// `β = 0.9`. `None` for any other name.
///
/// ```
/// use scalargrad::optim::{self, Optimizer};
///
/// let opt = optim::by_name("adam", 0.01).unwrap();
/// assert_eq!(opt.name(), "adam");
/// assert_eq!(opt.learning_rate(), 0.01);
/// assert!(optim::by_name("lbfgs", 0.01).is_none());
/// ```
///
/// # Panics
/// If `lr` is negative or NaN.
pub fn by_name(name: &str, lr: f64) -> Option<Box<dyn Optimizer>> {
    let optimizer: Box<dyn Optimizer> = match name {
        "sgd" => Box::new(Sgd::new(lr)),
        "momentum" => Box::new(Momentum::new(lr, 0.9)),
        "nesterov" => Box::new(Momentum::new(lr, 0.9).nesterov(true)),
        "adagrad" => Box::new(AdaGrad::new(lr)),
        "rmsprop" => Box::new(RmsProp::new(lr)),
        "adam" => Box::new(Adam::new(lr)),
        "adamw" => Box::new(AdamW::new(lr)),
        _ => return None,
    };
    Some(optimizer)
}

// ---------------------------------------------------------------------------
// Checks shared by every optimizer.

/// Panics unless `x ≥ 0` (NaN fails).
fn non_negative(call: &str, what: &str, x: f64) -> f64 {
    if x.is_nan() || x < 0.0 {
        panic!("{call}: {what} must be ≥ 0, got {x}");
    }
    x
}

/// Panics unless `0 ≤ x < 1` (or `≤ 1` when `one_allowed`).
fn fraction(call: &str, what: &str, x: f64, one_allowed: bool) -> f64 {
    let ok = if one_allowed {
        (0.0..=1.0).contains(&x)
    } else {
        (0.0..1.0).contains(&x)
    };
    if !ok {
        let upper = if one_allowed { "]" } else { ")" };
        panic!("{call}: {what} must be in [0, 1{upper}, got {x}");
    }
    x
}

/// The per-parameter buffer `state`, created with one 0 per parameter on the
/// first step and checked against `n_params` after that.
fn per_parameter<'s>(
    state: &'s mut Option<Vec<f64>>,
    n_params: usize,
    call: &str,
) -> &'s mut [f64] {
    let state = state.get_or_insert_with(|| vec![0.0; n_params]);
    if state.len() != n_params {
        panic!(
            "{call}: the optimizer's state was built for {} parameter{}, got {n_params}; \
             pass the same parameters at every step, or make a new optimizer",
            state.len(),
            if state.len() == 1 { "" } else { "s" },
        );
    }
    state
}

/// The gradient with the L2 penalty: `g + λ·w` (just `g` when `λ = 0`, so
/// that an infinite weight does not turn into NaN through `0·∞`).
fn penalized_gradient(p: Value<'_>, weight_decay: f64) -> f64 {
    let g = p.grad();
    if weight_decay == 0.0 {
        g
    } else {
        g + weight_decay * p.data()
    }
}

// ---------------------------------------------------------------------------
// SGD

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
    /// If `lr` is negative or NaN.
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
    /// If `weight_decay` is negative or NaN.
    #[must_use]
    pub fn weight_decay(mut self, weight_decay: f64) -> Sgd {
        self.weight_decay = non_negative("Sgd::weight_decay", "the weight decay", weight_decay);
        self
    }
}

impl Optimizer for Sgd {
    fn step(&mut self, params: &[Value<'_>]) {
        for &p in params {
            let g = penalized_gradient(p, self.weight_decay);
            p.set_data(p.data() - self.lr * g);
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

// ---------------------------------------------------------------------------
// Momentum and Nesterov

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
    /// If `lr` or `beta` is negative or NaN.
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
    /// If `weight_decay` is negative or NaN.
    #[must_use]
    pub fn weight_decay(mut self, weight_decay: f64) -> Momentum {
        self.weight_decay =
            non_negative("Momentum::weight_decay", "the weight decay", weight_decay);
        self
    }
}

impl Optimizer for Momentum {
    fn step(&mut self, params: &[Value<'_>]) {
        let velocity = per_parameter(&mut self.velocity, params.len(), "Momentum::step");
        for (&p, v) in params.iter().zip(velocity) {
            let g = penalized_gradient(p, self.weight_decay);
            *v = self.beta * *v + (1.0 - self.dampening) * g;
            let update = if self.nesterov {
                g + self.beta * *v
            } else {
                *v
            };
            p.set_data(p.data() - self.lr * update);
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

// ---------------------------------------------------------------------------
// AdaGrad

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
    /// If `lr` is negative or NaN.
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
    /// If `eps` is negative or NaN.
    #[must_use]
    pub fn eps(mut self, eps: f64) -> AdaGrad {
        self.eps = non_negative("AdaGrad::eps", "eps", eps);
        self
    }

    /// Adds the L2 penalty `λ·w` to each gradient before the update
    /// (default 0).
    ///
    /// # Panics
    /// If `weight_decay` is negative or NaN.
    #[must_use]
    pub fn weight_decay(mut self, weight_decay: f64) -> AdaGrad {
        self.weight_decay = non_negative("AdaGrad::weight_decay", "the weight decay", weight_decay);
        self
    }
}

impl Optimizer for AdaGrad {
    fn step(&mut self, params: &[Value<'_>]) {
        let sums = per_parameter(&mut self.sum_of_squares, params.len(), "AdaGrad::step");
        for (&p, s) in params.iter().zip(sums) {
            let g = penalized_gradient(p, self.weight_decay);
            *s += g * g;
            p.set_data(p.data() - self.lr * g / (s.sqrt() + self.eps));
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

// ---------------------------------------------------------------------------
// RMSProp

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
    /// If `lr` is negative or NaN.
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
    pub fn alpha(mut self, alpha: f64) -> RmsProp {
        self.alpha = fraction("RmsProp::alpha", "alpha", alpha, true);
        self
    }

    /// The `ε` added to `√s` (default 1e-8).
    ///
    /// # Panics
    /// If `eps` is negative or NaN.
    #[must_use]
    pub fn eps(mut self, eps: f64) -> RmsProp {
        self.eps = non_negative("RmsProp::eps", "eps", eps);
        self
    }

    /// Adds the L2 penalty `λ·w` to each gradient before the update
    /// (default 0).
    ///
    /// # Panics
    /// If `weight_decay` is negative or NaN.
    #[must_use]
    pub fn weight_decay(mut self, weight_decay: f64) -> RmsProp {
        self.weight_decay = non_negative("RmsProp::weight_decay", "the weight decay", weight_decay);
        self
    }
}

impl Optimizer for RmsProp {
    fn step(&mut self, params: &[Value<'_>]) {
        let averages = per_parameter(&mut self.average_of_squares, params.len(), "RmsProp::step");
        for (&p, s) in params.iter().zip(averages) {
            let g = penalized_gradient(p, self.weight_decay);
            *s = self.alpha * *s + (1.0 - self.alpha) * g * g;
            p.set_data(p.data() - self.lr * g / (s.sqrt() + self.eps));
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

// ---------------------------------------------------------------------------
// Adam and AdamW

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
    /// If `lr` is negative or NaN.
    pub fn new(lr: f64) -> Adam {
        Adam::named_new(lr, "Adam::new")
    }

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
    pub fn betas(self, beta1: f64, beta2: f64) -> Adam {
        self.set_betas(beta1, beta2, "Adam::betas")
    }

    fn set_betas(mut self, beta1: f64, beta2: f64, call: &str) -> Adam {
        self.beta1 = fraction(call, "beta1", beta1, false);
        self.beta2 = fraction(call, "beta2", beta2, false);
        self
    }

    /// The `ε` added to `√v̂` (default 1e-8).
    ///
    /// # Panics
    /// If `eps` is negative or NaN.
    #[must_use]
    pub fn eps(mut self, eps: f64) -> Adam {
        self.eps = non_negative("Adam::eps", "eps", eps);
        self
    }

    /// Adds the L2 penalty `λ·w` to each gradient before the update
    /// (default 0). For decoupled weight decay, use [`AdamW`].
    ///
    /// # Panics
    /// If `weight_decay` is negative or NaN.
    #[must_use]
    pub fn weight_decay(mut self, weight_decay: f64) -> Adam {
        self.weight_decay = non_negative("Adam::weight_decay", "the weight decay", weight_decay);
        self
    }

    /// One step of Adam, after the decoupled decay `w ← w - lr·λ·w` when
    /// `decoupled_weight_decay = λ ≠ 0` (AdamW).
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
            let g = penalized_gradient(p, self.weight_decay);
            let mut w = p.data();
            if decoupled_weight_decay != 0.0 {
                w -= self.lr * decoupled_weight_decay * w;
            }
            *m = self.beta1 * *m + (1.0 - self.beta1) * g;
            *v = self.beta2 * *v + (1.0 - self.beta2) * g * g;
            let m_hat = *m / correction1;
            let v_hat = *v / correction2;
            p.set_data(w - self.lr * m_hat / (v_hat.sqrt() + self.eps));
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
    /// If `lr` is negative or NaN.
    pub fn new(lr: f64) -> AdamW {
        AdamW {
            adam: Adam::named_new(lr, "AdamW::new"),
            weight_decay: 0.01,
        }
    }

    /// The decoupled decay rate `λ` (default 0.01).
    ///
    /// # Panics
    /// If `weight_decay` is negative or NaN.
    #[must_use]
    pub fn weight_decay(mut self, weight_decay: f64) -> AdamW {
        self.weight_decay = non_negative("AdamW::weight_decay", "the weight decay", weight_decay);
        self
    }

    /// The decay rates `(β₁, β₂)` of the moments (default `(0.9, 0.999)`).
    ///
    /// # Panics
    /// If either is not in `[0, 1)`.
    #[must_use]
    pub fn betas(mut self, beta1: f64, beta2: f64) -> AdamW {
        self.adam = self.adam.set_betas(beta1, beta2, "AdamW::betas");
        self
    }

    /// The `ε` added to `√v̂` (default 1e-8).
    ///
    /// # Panics
    /// If `eps` is negative or NaN.
    #[must_use]
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

// ---------------------------------------------------------------------------
// Schedules

/// A learning-rate schedule: the learning rate of step `k` (counting from 0)
/// as a function of the base rate.
///
/// At each step, before [`Optimizer::step`]:
///
/// ```
/// use scalargrad::optim::{Optimizer, Schedule, Sgd};
///
/// // micrograd's demo: lr = 1.0 - 0.9·k/100 for k in 0..100.
/// let schedule = Schedule::Linear { start_factor: 1.0, end_factor: 0.1, total_steps: 100 };
/// let mut opt = Sgd::new(1.0);
/// for k in 0..100 {
///     opt.set_learning_rate(schedule.learning_rate(1.0, k));
///     // … build the loss, zero_grad, backward, opt.step(&params) …
/// }
/// assert!((opt.learning_rate() - 0.109).abs() < 1e-15); // 1 - 0.9·99/100
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub enum Schedule {
    /// `lr_k = base`.
    #[default]
    Constant,
    /// Multiplies the rate by `gamma` every `step_size` steps:
    /// `lr_k = base·gamma^⌊k / step_size⌋` (PyTorch's `StepLR`).
    Step {
        /// Steps between two decays; must be at least 1.
        step_size: usize,
        /// The factor applied at each decay (0.1 is usual).
        gamma: f64,
    },
    /// Moves the factor linearly from `start_factor` to `end_factor` over
    /// `total_steps` steps, then keeps `end_factor` (PyTorch's `LinearLR`):
    /// `lr_k = base·(start + (end - start)·min(k, T)/T)`, with `T` the total
    /// steps. `T = 0` means the end factor from the start. A warm-up is
    /// `start_factor < end_factor`.
    Linear {
        /// Factor of the base rate at step 0.
        start_factor: f64,
        /// Factor of the base rate from step `total_steps` on.
        end_factor: f64,
        /// Steps to go from the start factor to the end factor.
        total_steps: usize,
    },
    /// Half a cosine from `base` down to `min_lr` over `total_steps` steps,
    /// then `min_lr` (PyTorch's `CosineAnnealingLR`, without restarts):
    /// `lr_k = min + (base - min)·(1 + cos(π·min(k, T)/T))/2`. `T = 0`
    /// means `min_lr` from the start.
    Cosine {
        /// Steps to go from the base rate to `min_lr`.
        total_steps: usize,
        /// The rate at the end, and after.
        min_lr: f64,
    },
}

impl Schedule {
    /// The learning rate of step `step` (counting from 0) for base rate
    /// `base_lr`; see each variant for its formula.
    ///
    /// ```
    /// use scalargrad::optim::Schedule;
    ///
    /// let halve_every_10 = Schedule::Step { step_size: 10, gamma: 0.5 };
    /// assert_eq!(halve_every_10.learning_rate(0.8, 9), 0.8);
    /// assert_eq!(halve_every_10.learning_rate(0.8, 10), 0.4);
    /// assert_eq!(halve_every_10.learning_rate(0.8, 25), 0.2); // 0.8·0.5²
    /// ```
    ///
    /// # Panics
    /// For [`Schedule::Step`] with `step_size = 0`.
    pub fn learning_rate(&self, base_lr: f64, step: usize) -> f64 {
        match *self {
            Schedule::Constant => base_lr,
            Schedule::Step { step_size, gamma } => {
                if step_size == 0 {
                    panic!("Schedule::learning_rate: Step needs a step_size of at least 1, got 0");
                }
                let decays = i32::try_from(step / step_size).unwrap_or(i32::MAX);
                base_lr * gamma.powi(decays)
            }
            Schedule::Linear {
                start_factor,
                end_factor,
                total_steps,
            } => {
                if step >= total_steps {
                    return base_lr * end_factor;
                }
                let progress = step as f64 / total_steps as f64;
                base_lr * (start_factor + (end_factor - start_factor) * progress)
            }
            Schedule::Cosine {
                total_steps,
                min_lr,
            } => {
                if step >= total_steps {
                    return min_lr;
                }
                let progress = step as f64 / total_steps as f64;
                min_lr + (base_lr - min_lr) * (1.0 + (std::f64::consts::PI * progress).cos()) / 2.0
            }
        }
    }
}
