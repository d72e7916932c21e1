//! The one way this crate refuses a caller's mistake (a wrong length, a
//! value out of range, a handle of another graph): a panic whose message
//! starts with the call the user made, `"{call}: {what is wrong}"`, as
//! `Layer::forward: expected 3 inputs, got 2`.
//!
//! Every public function that can panic this way is `#[track_caller]`, and
//! so are the private helpers between it and the panic, so that the panic
//! points at the user's line. A helper that panics on behalf of several
//! public functions takes the name to panic under as a `call: &str`
//! argument.

use std::fmt;

/// Panics with `"{call}: {what}"` at the caller's location.
///
/// Cold and never inlined: the message is only formatted on the way out, so
/// a check costs its comparison and nothing more.
#[cold]
#[inline(never)]
#[track_caller]
pub(crate) fn caller_mistake(call: &str, what: fmt::Arguments<'_>) -> ! {
    panic!("{call}: {what}")
}

/// `misuse!(call, "format", args…)`: panics with `"{call}: …"` through
/// [`caller_mistake`].
macro_rules! misuse {
    ($call:expr, $($what:tt)+) => {
        $crate::panics::caller_mistake($call, format_args!($($what)+))
    };
}

pub(crate) use misuse;
