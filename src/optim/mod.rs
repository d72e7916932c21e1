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

mod adam;
mod adaptive;
mod checks;
mod schedule;
mod sgd;

use checks::non_negative;

pub use adam::{Adam, AdamW};
pub use adaptive::{AdaGrad, RmsProp};
pub use schedule::Schedule;
pub use sgd::{Momentum, Sgd};

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
    /// different length than at its first step, or a parameter was
    /// discarded by [`Graph::truncate`](crate::Graph::truncate).
    #[track_caller]
    fn step(&mut self, params: &[Value<'_>]);

    /// The learning rate the next [`step`](Optimizer::step) uses.
    fn learning_rate(&self) -> f64;

    /// Sets the learning rate for the following steps (a [`Schedule`] calls
    /// for this once per step). The optimizer's state is kept.
    ///
    /// # Panics
    /// If `lr` is negative, infinite or NaN.
    #[track_caller]
    fn set_learning_rate(&mut self, lr: f64);

    /// Sets the gradient of each of `params` to 0. [`Graph::zero_grad`]
    /// does it for every node of a graph at once.
    ///
    /// # Panics
    /// If a parameter was discarded by [`Graph::truncate`](crate::Graph::truncate).
    ///
    /// [`Graph::zero_grad`]: crate::Graph::zero_grad
    #[track_caller]
    fn zero_grad(&self, params: &[Value<'_>]) {
        for p in params {
            p.set_grad_for(0.0, "Optimizer::zero_grad");
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
/// If `name` is known and `lr` is negative, infinite or NaN.
#[track_caller]
pub fn by_name(name: &str, lr: f64) -> Option<Box<dyn Optimizer>> {
    if !NAMES.contains(&name) {
        return None;
    }
    non_negative("optim::by_name", "the learning rate", lr);
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
