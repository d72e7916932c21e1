//! Checks and state shared by every optimizer: argument checks with a
//! message naming the call, the per-parameter state buffers, and the L2
//! penalty on the gradient.

use crate::panics::misuse;
use crate::Value;

/// Panics unless `x` is finite and `x ≥ 0` (NaN fails): a learning rate,
/// a weight decay or an `eps` of ∞ turns every parameter into NaN.
#[track_caller]
pub(super) fn non_negative(call: &str, what: &str, x: f64) -> f64 {
    if x.is_nan() || x < 0.0 {
        misuse!(call, "{what} must be ≥ 0, got {x}");
    }
    if x.is_infinite() {
        misuse!(call, "{what} must be finite, got {x}");
    }
    x
}

/// Panics unless `0 ≤ x < 1` (or `≤ 1` when `one_allowed`).
#[track_caller]
pub(super) fn fraction(call: &str, what: &str, x: f64, one_allowed: bool) -> f64 {
    let ok = if one_allowed {
        (0.0..=1.0).contains(&x)
    } else {
        (0.0..1.0).contains(&x)
    };
    if !ok {
        let upper = if one_allowed { "]" } else { ")" };
        misuse!(call, "{what} must be in [0, 1{upper}, got {x}");
    }
    x
}

/// The per-parameter buffer `state`, created with one 0 per parameter on the
/// first step and checked against `n_params` after that.
#[track_caller]
pub(super) fn per_parameter<'s>(
    state: &'s mut Option<Vec<f64>>,
    n_params: usize,
    call: &str,
) -> &'s mut [f64] {
    let state = state.get_or_insert_with(|| vec![0.0; n_params]);
    if state.len() != n_params {
        misuse!(
            call,
            "the optimizer's state was built for {} parameter{}, got {n_params}; \
             pass the same parameters at every step, or make a new optimizer",
            state.len(),
            if state.len() == 1 { "" } else { "s" },
        );
    }
    state
}

/// The gradient with the L2 penalty: `g + λ·w` (just `g` when `λ = 0`, so
/// that an infinite weight does not turn into NaN through `0·∞`). A
/// discarded `p` panics under the name `call`.
#[track_caller]
pub(super) fn penalized_gradient(p: Value<'_>, weight_decay: f64, call: &str) -> f64 {
    let g = p.grad_for(call);
    if weight_decay == 0.0 {
        g
    } else {
        g + weight_decay * p.data_for(call)
    }
}
