//! Learning-rate schedules: the learning rate of each step.

use crate::panics::misuse;

/// A learning-rate schedule: the learning rate of step `k` (counting from 0)
/// as a function of the base rate.
///
/// At each step, before [`Optimizer::step`](super::Optimizer::step):
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
    #[track_caller]
    pub fn learning_rate(&self, base_lr: f64, step: usize) -> f64 {
        self.learning_rate_for(base_lr, step, "Schedule::learning_rate")
    }

    /// [`learning_rate`](Schedule::learning_rate) for a caller that panics
    /// under its own name.
    #[track_caller]
    pub(crate) fn learning_rate_for(&self, base_lr: f64, step: usize, call: &str) -> f64 {
        match *self {
            Schedule::Constant => base_lr,
            Schedule::Step { step_size, gamma } => {
                if step_size == 0 {
                    misuse!(call, "Step needs a step_size of at least 1, got 0");
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
