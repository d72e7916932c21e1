//! The chain rule as a sum over paths (`POST /api/paths`) and the nudge
//! check (`POST /api/nudge`) on a request's formula.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::record::{pairs, record};
use crate::explore::error::ApiError;
use crate::explore::limits::Limits;
use crate::explore::number::Num;
use crate::{inspect, Graph};

/// `POST /api/paths`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PathsRequest {
    formula: String,
    #[serde(default)]
    values: BTreeMap<String, f64>,
    wrt: String,
    #[serde(default = "default_path_limit")]
    limit: usize,
}

fn default_path_limit() -> usize {
    20
}

/// `POST /api/nudge`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct NudgeRequest {
    formula: String,
    #[serde(default)]
    values: BTreeMap<String, f64>,
    h: f64,
}

/// One path of `POST /api/paths`.
#[derive(Serialize)]
struct PathJson {
    nodes: Vec<usize>,
    locals: Vec<Num>,
    product: Num,
}

/// The response of `POST /api/paths`.
#[derive(Serialize)]
struct PathsJson<'a> {
    wrt: &'a str,
    node: usize,
    root: usize,
    count: u128,
    complete: bool,
    total: Num,
    listed_sum: Num,
    grad: Num,
    paths: Vec<PathJson>,
}

/// `POST /api/paths`: every path from the variable `wrt` to the root, at
/// most `limit` listed, and their sum.
pub(crate) fn paths(request: PathsRequest, limits: &Limits) -> Result<Vec<u8>, ApiError> {
    if request.limit > limits.paths {
        return Err(ApiError::bad_request(format!(
            "limit {} is too large; at most {} paths are listed",
            request.limit, limits.paths
        )));
    }
    let graph = Graph::new();
    let recorded = record(&graph, &request.formula, &pairs(&request.values), limits)?;
    let Some((name, x)) = recorded.variables.iter().find(|(n, _)| *n == request.wrt) else {
        let known: Vec<&str> = recorded.variables.iter().map(|(n, _)| n.as_str()).collect();
        return Err(ApiError::bad_request(format!(
            "wrt: the formula has no variable `{}` (its variables: {})",
            request.wrt,
            if known.is_empty() {
                "none".to_string()
            } else {
                known.join(", ")
            }
        )));
    };
    recorded.root.backward();
    let sum = inspect::paths(*x, recorded.root, request.limit);
    let response = PathsJson {
        wrt: name,
        node: x.index(),
        root: recorded.root.index(),
        count: sum.count,
        complete: sum.complete(),
        total: Num(sum.total),
        listed_sum: Num(sum.sum_of_listed),
        grad: Num(x.grad()),
        paths: sum
            .paths
            .iter()
            .map(|p| PathJson {
                nodes: p.nodes.clone(),
                locals: p.local_derivatives.iter().map(|&d| Num(d)).collect(),
                product: Num(p.product),
            })
            .collect(),
    };
    serde_json::to_vec(&response).map_err(|_| ApiError::internal("writing the paths"))
}

/// One variable of `POST /api/nudge`.
#[derive(Serialize)]
struct NudgedJson<'a> {
    name: &'a str,
    grad: Num,
    predicted: Num,
    actual: Num,
}

/// The response of `POST /api/nudge`.
#[derive(Serialize)]
struct NudgeJson<'a> {
    f: Num,
    h: Num,
    variables: Vec<NudgedJson<'a>>,
}

/// `POST /api/nudge`: for each variable, the change `grad·h` the gradient
/// predicts when the variable moves by `h`, and the change that happens
/// (the graph replayed with [`Graph::recompute`]).
pub(crate) fn nudge(request: NudgeRequest, limits: &Limits) -> Result<Vec<u8>, ApiError> {
    let h = request.h;
    if !h.is_finite() || h == 0.0 {
        return Err(ApiError::bad_request(format!(
            "h must be a finite number other than 0, not {h}"
        )));
    }
    let graph = Graph::new();
    let recorded = record(&graph, &request.formula, &pairs(&request.values), limits)?;
    let root = recorded.root;
    root.backward();
    let f = root.data();
    let variables = recorded
        .variables
        .iter()
        .map(|(name, x)| {
            let at = x.data();
            x.set_data(at + h);
            graph.recompute();
            let moved = root.data();
            x.set_data(at);
            graph.recompute();
            NudgedJson {
                name,
                grad: Num(x.grad()),
                predicted: Num(x.grad() * h),
                actual: Num(moved - f),
            }
        })
        .collect();
    let response = NudgeJson {
        f: Num(f),
        h: Num(h),
        variables,
    };
    serde_json::to_vec(&response).map_err(|_| ApiError::internal("writing the nudge"))
}
