//! The expression view: a formula recorded in a graph, as the page steps
//! it (`POST /api/expression`, `/api/paths`, `/api/nudge`).
//!
//! Every number comes from the engine: the nodes and local derivatives from
//! [`Value::to_petgraph`](crate::Value::to_petgraph), the gradients from
//! [`Value::backward`](crate::Value::backward), the sweep edge by edge from
//! [`Value::backward_trace`](crate::Value::backward_trace), anomalies from
//! [`inspect::check_values`] and [`inspect::check_gradients`], paths from
//! [`inspect::paths`](fn@inspect::paths), the check of the learner's own
//! derivative from [`gradcheck::check_derivative`](crate::gradcheck::check_derivative)
//! (`POST /api/verify`).

mod probes;
mod record;
mod verify;

use std::collections::{BTreeMap, HashMap};

use petgraph::visit::EdgeRef;
use serde::{Deserialize, Serialize};

pub(crate) use probes::{nudge, paths, NudgeRequest, PathsRequest};
use record::{pairs, record};
pub(crate) use verify::{verify, VerifyRequest};

use super::drawing::{self, Drawing, DrawingNode};
use super::error::ApiError;
use super::limits::Limits;
use super::number::Num;
use crate::inspect::{self, Anomaly, AnomalyKind};
use crate::{Graph, Op};

/// micrograd's README expression ("A first example") as its Python writes
/// it, in the formula language's statements: the values c … g are named on
/// the way, and the graph is micrograd's own (35 nodes).
pub const MICROGRAD_FORMULA: &str = "c = a + b; d = a*b + b^3; c += c + 1; c += 1 + c + (-a); \
     d += d*2 + relu(b + a); d += 3*d + relu(b - a); e = c - d; f = e^2; g = f/2; g += 10/f";

/// `POST /api/expression`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ExpressionRequest {
    formula: String,
    #[serde(default)]
    values: BTreeMap<String, f64>,
}

/// How a constant's box shows its number: as the formula would write it,
/// in scientific notation when very large or very small (`1e300`, not 301
/// digits).
fn number_label(x: f64) -> String {
    let size = x.abs();
    if size != 0.0 && !(1e-4..1e6).contains(&size) {
        format!("{x:e}")
    } else {
        format!("{x}")
    }
}

/// One variable of the response.
#[derive(Serialize)]
struct VariableJson<'a> {
    name: &'a str,
    node: usize,
    data: Num,
    grad: Num,
}

/// One node of the response.
#[derive(Serialize)]
struct NodeJson<'a> {
    id: usize,
    label: String,
    name: Option<&'a str>,
    op: &'static str,
    kind: &'static str,
    data: Num,
    grad: Num,
    inputs: Vec<usize>,
}

/// One edge: `local = ∂to/∂from`.
#[derive(Serialize)]
struct EdgeJson {
    from: usize,
    to: usize,
    position: usize,
    local: Num,
    differentiated: bool,
}

/// A step of the forward pass.
#[derive(Serialize)]
struct ForwardJson {
    node: usize,
    data: Num,
}

/// A step of the reverse sweep: `from` (the node whose turn it is) sends
/// `upstream × local` to its input `to`, whose gradient becomes `sum`.
#[derive(Serialize)]
struct BackwardJson {
    from: usize,
    to: usize,
    upstream: Num,
    local: Num,
    contribution: Num,
    sum: Num,
}

/// Where a NaN or an infinity was born.
#[derive(Serialize)]
struct AnomalyJson {
    node: usize,
    what: &'static str,
    kind: &'static str,
    message: String,
}

impl AnomalyJson {
    fn new(anomaly: &Anomaly) -> AnomalyJson {
        let (what, bad) = match anomaly.kind {
            AnomalyKind::Value => ("value", anomaly.value),
            AnomalyKind::Gradient => ("gradient", anomaly.grad),
        };
        AnomalyJson {
            node: anomaly.node,
            what,
            kind: match Num::non_finite(bad) {
                Some("NaN") => "nan",
                Some(text) => text,
                None => "finite",
            },
            message: anomaly.to_string(),
        }
    }
}

/// The response of `POST /api/expression`.
#[derive(Serialize)]
struct ExpressionJson<'a> {
    formula: &'a str,
    root: usize,
    variables: Vec<VariableJson<'a>>,
    nodes: Vec<NodeJson<'a>>,
    edges: Vec<EdgeJson>,
    layout: Drawing,
    forward: Vec<ForwardJson>,
    backward: Vec<BackwardJson>,
    anomalies: Vec<AnomalyJson>,
}

/// The JSON of `POST /api/expression` for `formula` with `values`: what the
/// server answers and what `--html` embeds.
///
/// ```
/// use scalargrad::explore::{expression_json, Limits};
///
/// let values = [("x".to_string(), 3.0)];
/// let json = expression_json("x*x + x", &values, &Limits::default()).unwrap();
/// let view: serde_json::Value = serde_json::from_slice(&json).unwrap();
/// assert_eq!(view["variables"][0]["grad"], 7.0); // d(x² + x)/dx = 2x + 1
/// ```
///
/// # Errors
/// An [`ApiError`] for a formula error (with its column), a missing value,
/// a bad variable name or a limit passed.
pub fn expression_json(
    formula: &str,
    values: &[(String, f64)],
    limits: &Limits,
) -> Result<Vec<u8>, ApiError> {
    let graph = Graph::new();
    let recorded = record(&graph, formula, values, limits)?;
    let root = recorded.root;
    root.backward();
    let view = root.to_petgraph();
    let trace = root.backward_trace();

    // Node positions in the view, by engine index.
    let position: HashMap<usize, usize> = view
        .node_indices()
        .map(|n| (view[n].index, n.index()))
        .collect();
    let mut inputs: Vec<Vec<(usize, bool)>> = vec![Vec::new(); view.node_count()];
    let mut edges = Vec::with_capacity(view.edge_count());
    for edge in view.edge_references() {
        let (from, to) = (view[edge.source()].index, view[edge.target()].index);
        let info = edge.weight();
        inputs[edge.target().index()].push((from, info.differentiated));
        edges.push(EdgeJson {
            from,
            to,
            position: info.position,
            local: Num(info.local_derivative),
            differentiated: info.differentiated,
        });
    }
    // petgraph keeps insertion order: node by node, inputs by position.
    edges.sort_by_key(|e| (e.to, e.position));

    let variables_by_node: HashMap<usize, &str> = recorded
        .variables
        .iter()
        .map(|(n, v)| (v.index(), n.as_str()))
        .collect();
    let mut nodes = Vec::with_capacity(view.node_count());
    let mut drawn = Vec::with_capacity(view.node_count());
    for n in view.node_indices() {
        let info = &view[n];
        let has_inputs = !inputs[n.index()].is_empty();
        let (kind, label) = match (variables_by_node.get(&info.index), info.op) {
            (Some(name), _) => ("variable", name.to_string()),
            (None, Op::Leaf) => ("constant", number_label(info.data)),
            (None, op) => (
                "op",
                info.name.clone().unwrap_or_else(|| op.symbol().into()),
            ),
        };
        drawn.push(DrawingNode {
            id: info.index,
            label: label.clone(),
            data: info.data,
            grad: info.grad,
            op: has_inputs.then(|| info.op.symbol()),
            inputs: inputs[n.index()].iter().map(|&(i, _)| i).collect(),
        });
        nodes.push(NodeJson {
            id: info.index,
            label,
            // A variable's name, or the name a statement gave (`c = …`).
            name: variables_by_node
                .get(&info.index)
                .copied()
                .or(info.name.as_deref()),
            op: info.op.symbol(),
            kind,
            data: Num(info.data),
            grad: Num(info.grad),
            inputs: inputs[n.index()].iter().map(|&(i, _)| i).collect(),
        });
    }

    let forward = nodes
        .iter()
        .filter(|n| !n.inputs.is_empty())
        .map(|n| ForwardJson {
            node: n.id,
            data: n.data,
        })
        .collect();

    // The sweep as the engine does it: the root seeded with 1, then each
    // node, latest first, sends upstream × local to each input in order.
    let mut sum = vec![0.0f64; view.node_count()];
    let root_position = position[&trace.root];
    sum[root_position] = 1.0;
    let mut backward = vec![BackwardJson {
        from: trace.root,
        to: trace.root,
        upstream: Num(1.0),
        local: Num(1.0),
        contribution: Num(1.0),
        sum: Num(1.0),
    }];
    for step in &trace.steps {
        let edges_in = &inputs[position[&step.node]];
        for (k, c) in step.contributions.iter().enumerate() {
            // The constant of an op with a constant gets no gradient.
            if !edges_in
                .get(k)
                .is_some_and(|&(_, differentiated)| differentiated)
            {
                continue;
            }
            let p = position[&c.input];
            sum[p] += c.contribution;
            backward.push(BackwardJson {
                from: step.node,
                to: c.input,
                upstream: Num(step.upstream),
                local: Num(c.local_derivative),
                contribution: Num(c.contribution),
                sum: Num(sum[p]),
            });
        }
    }

    let anomalies = inspect::check_values(root)
        .iter()
        .chain(inspect::check_gradients(root).iter())
        .map(AnomalyJson::new)
        .collect();

    let response = ExpressionJson {
        formula,
        root: root.index(),
        variables: recorded
            .variables
            .iter()
            .map(|(name, v)| VariableJson {
                name,
                node: v.index(),
                data: Num(v.data()),
                grad: Num(v.grad()),
            })
            .collect(),
        nodes,
        edges,
        layout: drawing::draw(&drawn),
        forward,
        backward,
        anomalies,
    };
    serde_json::to_vec(&response).map_err(|_| ApiError::internal("writing the expression"))
}

/// `POST /api/expression`.
pub(crate) fn expression(request: ExpressionRequest, limits: &Limits) -> Result<Vec<u8>, ApiError> {
    expression_json(&request.formula, &pairs(&request.values), limits)
}
