//! Finding where a NaN or an infinity was born, like PyTorch's anomaly
//! detection.

use std::fmt;

use super::view::Snapshot;
use crate::{Op, Value};

/// Whether an anomaly is in a value or in a gradient.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AnomalyKind {
    /// The forward pass produced a NaN or an infinity.
    Value,
    /// The backward pass produced one.
    Gradient,
}

/// The first node whose value (or gradient) is NaN or infinite, with what it
/// was computed from and how it reaches the root.
#[derive(Clone, Debug, PartialEq)]
pub struct Anomaly {
    /// Value or gradient.
    pub kind: AnomalyKind,
    /// The node's index.
    pub node: usize,
    /// Its name, if any.
    pub name: Option<String>,
    /// The op that produced it (for a value anomaly: `ln` of 0, `/` by 0,
    /// `sqrt` of a negative, …; [`Op::Leaf`] if a leaf was set to NaN).
    pub op: Op,
    /// Its value.
    pub value: f64,
    /// Its gradient.
    pub grad: f64,
    /// Its inputs as `(index, value)`.
    pub inputs: Vec<(usize, f64)>,
    /// For a gradient anomaly: the node that sent the non-finite
    /// contribution, as `(index, op, its gradient, local derivative)`.
    pub sent_by: Option<(usize, Op, f64, f64)>,
    /// Engine indices from the node up to the root.
    pub path_to_root: Vec<usize>,
    /// Names of the nodes above, for display.
    names: Vec<(usize, String)>,
}

impl Anomaly {
    fn label(&self, index: usize) -> String {
        match self.names.iter().find(|(i, _)| *i == index) {
            Some((_, name)) => format!("#{index} {name}"),
            None => format!("#{index}"),
        }
    }
}

/// After a forward pass: the first node, in creation order, among those
/// `root` depends on, whose value is NaN or infinite. Its inputs are all
/// finite (they come earlier), so this is where the bad number was born.
///
/// ```
/// use scalargrad::{inspect, Graph};
/// let g = Graph::new();
/// let x = g.value(-1.0).named("x");
/// let y = ((x * 2.0).sqrt() + 1.0).named("y");
/// let anomaly = inspect::check_values(y).unwrap();
/// assert_eq!(anomaly.op, scalargrad::Op::Sqrt); // sqrt(-2) is NaN
/// println!("{anomaly}");
/// ```
///
/// # Panics
/// If `root` was discarded by [`Graph::truncate`](crate::Graph::truncate).
#[track_caller]
pub fn check_values(root: Value<'_>) -> Option<Anomaly> {
    let snapshot = Snapshot::of(root, "inspect::check_values");
    let bad = snapshot.nodes.iter().find(|n| !n.info.data.is_finite())?;
    Some(anomaly(&snapshot, bad.info.index, AnomalyKind::Value, None))
}

/// After a backward pass: the first node, in the order backward visits them
/// (latest first), whose gradient is NaN or infinite, with the node that
/// sent it the bad contribution (for example `sqrt` at 0, whose local
/// derivative is infinite).
///
/// # Panics
/// If `root` was discarded by [`Graph::truncate`](crate::Graph::truncate).
#[track_caller]
pub fn check_gradients(root: Value<'_>) -> Option<Anomaly> {
    let snapshot = Snapshot::of(root, "inspect::check_gradients");
    let bad = snapshot
        .nodes
        .iter()
        .rev()
        .find(|n| !n.info.grad.is_finite())?;
    let index = bad.info.index;
    // Which consumer's contribution `grad · local derivative` is not finite?
    let sent_by = snapshot.nodes.iter().rev().find_map(|n| {
        n.inputs
            .iter()
            .find(|(i, d, _)| *i == index && n.info.grad != 0.0 && !(n.info.grad * d).is_finite())
            .map(|&(_, d, _)| (n.info.index, n.info.op, n.info.grad, d))
    });
    Some(anomaly(&snapshot, index, AnomalyKind::Gradient, sent_by))
}

fn anomaly(
    snapshot: &Snapshot,
    index: usize,
    kind: AnomalyKind,
    sent_by: Option<(usize, Op, f64, f64)>,
) -> Anomaly {
    let node = snapshot.node(index);
    let path_to_root = snapshot.path_to_root(index);
    let mut mentioned: Vec<usize> = path_to_root.clone();
    mentioned.extend(node.inputs.iter().map(|i| i.0));
    mentioned.extend(sent_by.map(|s| s.0));
    let names = mentioned
        .into_iter()
        .filter_map(|i| snapshot.node(i).info.name.clone().map(|n| (i, n)))
        .collect();
    Anomaly {
        kind,
        node: index,
        name: node.info.name.clone(),
        op: node.info.op,
        value: node.info.data,
        grad: node.info.grad,
        inputs: node
            .inputs
            .iter()
            .map(|&(i, _, _)| (i, snapshot.node(i).info.data))
            .collect(),
        sent_by,
        path_to_root,
        names,
    }
}

impl fmt::Display for Anomaly {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let node = self.label(self.node);
        let op = self.op.symbol();
        let inputs: Vec<String> = self
            .inputs
            .iter()
            .map(|(i, v)| format!("{} = {v}", self.label(*i)))
            .collect();
        match self.kind {
            AnomalyKind::Value => {
                write!(f, "{} produced at node {node} by {op}", self.value)?;
                if !inputs.is_empty() {
                    write!(f, "({})", inputs.join(", "))?;
                }
            }
            AnomalyKind::Gradient => {
                write!(f, "gradient {} at node {node} ({op})", self.grad)?;
                if let Some((i, op, g, d)) = self.sent_by {
                    write!(
                        f,
                        ", sent by node {} ({}): its gradient {g} × local derivative {d}",
                        self.label(i),
                        op.symbol()
                    )?;
                }
            }
        }
        let path: Vec<String> = self.path_to_root.iter().map(|&i| self.label(i)).collect();
        write!(f, "; path to the root: {}", path.join(" → "))
    }
}
