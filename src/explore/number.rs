//! Numbers in the API's JSON: finite floats as JSON numbers, NaN and the
//! infinities as the strings `"NaN"`, `"inf"` and `"-inf"` (JSON has no
//! such numbers, and `serde_json` would write `null`).

use serde::{Serialize, Serializer};

/// A float as the explorer's JSON writes it: a number when finite, else
/// `"NaN"`, `"inf"` or `"-inf"`.
///
/// ```
/// use scalargrad::explore::Num;
///
/// assert_eq!(serde_json::to_string(&Num(-4.0)).unwrap(), "-4.0");
/// assert_eq!(serde_json::to_string(&Num(f64::NAN)).unwrap(), "\"NaN\"");
/// assert_eq!(serde_json::to_string(&Num(f64::NEG_INFINITY)).unwrap(), "\"-inf\"");
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Num(pub f64);

impl Num {
    /// How a non-finite number is written, or `None` for a finite one: the
    /// crate's one convention, [`crate::json::non_finite_name`].
    pub fn non_finite(x: f64) -> Option<&'static str> {
        crate::json::non_finite_name(x)
    }
}

impl Serialize for Num {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match Num::non_finite(self.0) {
            Some(text) => s.serialize_str(text),
            None => s.serialize_f64(self.0),
        }
    }
}

/// Floats as [`Num`]s, for vectors of numbers in responses.
pub(crate) fn nums(xs: &[f64]) -> Vec<Num> {
    xs.iter().map(|&x| Num(x)).collect()
}
