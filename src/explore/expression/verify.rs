//! "Your derivative" (`POST /api/verify`): the learner's `∂f/∂x` for one
//! variable, checked against autograd at random points of a box by
//! [`check_derivative`], as `scalargrad verify` does for every variable.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::record::{pairs, record};
use crate::explore::error::ApiError;
use crate::explore::limits::Limits;
use crate::explore::number::Num;
use crate::expr::{ExprError, Formula};
use crate::gradcheck::{check_derivative, random_points, Verdict};
use crate::{Graph, Value};

/// `POST /api/verify`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct VerifyRequest {
    formula: String,
    wrt: String,
    derivative: String,
    /// `[low, high]` per variable; -3..3 for a variable not listed.
    #[serde(default, rename = "box")]
    boxes: BTreeMap<String, [f64; 2]>,
    #[serde(default = "default_points")]
    points: usize,
    #[serde(default)]
    seed: u64,
}

fn default_points() -> usize {
    60
}

/// One point tried.
#[derive(Serialize)]
struct PointJson {
    /// The point's coordinates, in the order of `variables`.
    at: Vec<Num>,
    yours: Num,
    autograd: Num,
    /// `yours - autograd`.
    difference: Num,
    /// `"agreed"`, `"disagreed"` or `"undefined"`.
    verdict: &'static str,
    /// Why autograd's derivative is undefined here.
    #[serde(skip_serializing_if = "Option::is_none")]
    why: Option<String>,
}

/// The response of `POST /api/verify`.
#[derive(Serialize)]
struct VerifyJson<'a> {
    wrt: &'a str,
    variables: Vec<&'a str>,
    #[serde(rename = "box")]
    boxes: Vec<[Num; 2]>,
    passed: bool,
    agreed: usize,
    disagreed: usize,
    undefined: usize,
    /// Index in `points` of the worst point, of the first wrong one.
    worst: Option<usize>,
    first_wrong: Option<usize>,
    atol: f64,
    rtol: f64,
    points: Vec<PointJson>,
}

/// A derivative's formula error, pointed at in the derivative.
fn in_derivative(error: &ExprError) -> ApiError {
    let mut e = ApiError::formula(error);
    e.message = format!("your derivative: {}", e.message);
    e.field = Some("derivative");
    e
}

/// `formula` recorded on `g` with `names[i]` = `x[i]`.
fn build<'g>(
    formula: &Formula,
    names: &[&str],
    g: &'g Graph,
    x: &[Value<'g>],
) -> Result<Value<'g>, ExprError> {
    let values: HashMap<&str, Value<'g>> = names.iter().copied().zip(x.iter().copied()).collect();
    formula.build(g, &values)
}

/// `POST /api/verify`: the request checked against the limits, the
/// derivative tried at `points` points of the box.
pub(crate) fn verify(request: VerifyRequest, limits: &Limits) -> Result<Vec<u8>, ApiError> {
    if !(1..=limits.verify_points).contains(&request.points) {
        return Err(ApiError::bad_request(format!(
            "points: {} is not from 1 to {}",
            request.points, limits.verify_points
        )));
    }
    // f: parsed, its limits checked and recorded once (at 0.5 everywhere).
    let f = Formula::parse(&request.formula).map_err(|e| ApiError::formula(&e))?;
    let names: Vec<&str> = f.variables();
    let at: BTreeMap<String, f64> = names.iter().map(|n| (n.to_string(), 0.5)).collect();
    record(&Graph::new(), &request.formula, &pairs(&at), limits)?;
    let Some(wrt) = names.iter().position(|n| *n == request.wrt) else {
        return Err(ApiError::bad_request(format!(
            "wrt: the formula has no variable `{}` (its variables: {})",
            request.wrt.chars().take(40).collect::<String>(),
            if names.is_empty() {
                "none".to_string()
            } else {
                names.join(", ")
            }
        )));
    };
    let length = request.derivative.chars().count();
    if length > limits.formula_chars {
        return Err(ApiError::bad_request(format!(
            "your derivative has {length} characters; the limit is {}",
            limits.formula_chars
        )));
    }
    let derivative = Formula::parse(&request.derivative).map_err(|e| in_derivative(&e))?;
    {
        let g = Graph::new();
        let x = g.values(&vec![0.5; names.len()]);
        if let Err(e) = build(&derivative, &names, &g, &x) {
            let e = if let Some(stranger) = derivative
                .variables()
                .into_iter()
                .find(|v| !names.contains(v))
            {
                ExprError {
                    message: format!(
                        "`{stranger}` is not a variable of the formula (its variables: {})",
                        names.join(", ")
                    ),
                    hint: None,
                    ..e
                }
            } else {
                e
            };
            return Err(in_derivative(&e));
        }
        if g.len() > limits.nodes + names.len() {
            return Err(ApiError::bad_request(format!(
                "your derivative records {} nodes; the limit is {}",
                g.len() - names.len(),
                limits.nodes
            )));
        }
    }
    let mut boxes = vec![-3.0..3.0; names.len()];
    for (name, [low, high]) in &request.boxes {
        let Some(k) = names.iter().position(|n| n == name) else {
            return Err(ApiError::bad_request(format!(
                "box: the formula has no variable `{}`",
                name.chars().take(40).collect::<String>()
            )));
        };
        // Written so that NaN fails.
        if !(low.is_finite() && high.is_finite() && low <= high) {
            return Err(ApiError::bad_request(format!(
                "box: {name} must be [low, high], finite, low ≤ high (got [{low}, {high}])"
            )));
        }
        boxes[k] = *low..*high;
    }
    let points = random_points(&boxes, request.points, request.seed);
    let report = check_derivative(
        // Both recorded once above with these variables: cannot fail here.
        |g, x| build(&f, &names, g, x).unwrap_or_else(|_| g.value(f64::NAN)),
        wrt,
        |g, x| build(&derivative, &names, g, x).unwrap_or_else(|_| g.value(f64::NAN)),
        &points,
    );
    let check = &report.inputs[0];
    let response = VerifyJson {
        wrt: names[wrt],
        variables: names.clone(),
        boxes: boxes.iter().map(|r| [Num(r.start), Num(r.end)]).collect(),
        passed: check.passed(),
        agreed: check.agreed,
        disagreed: check.disagreed,
        undefined: check.undefined,
        worst: check.worst.as_ref().map(|c| c.point),
        first_wrong: check.first_disagreement.as_ref().map(|c| c.point),
        atol: report.options.atol,
        rtol: report.options.rtol,
        points: check
            .checks
            .iter()
            .map(|c| PointJson {
                at: report.points[c.point].iter().map(|&x| Num(x)).collect(),
                yours: Num(c.yours),
                autograd: Num(c.autograd),
                difference: Num(c.difference),
                verdict: match c.verdict {
                    Verdict::Agreed => "agreed",
                    Verdict::Disagreed => "disagreed",
                    Verdict::Undefined(_) => "undefined",
                },
                why: match &c.verdict {
                    Verdict::Undefined(why) => Some(why.to_string()),
                    _ => None,
                },
            })
            .collect(),
    };
    serde_json::to_vec(&response).map_err(|_| ApiError::internal("writing the verdict"))
}
