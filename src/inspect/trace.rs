//! The forward pass and the reverse sweep, step by step, as tables.

use std::fmt::{self, Write};

use serde::Serialize;

use super::view::Snapshot;
use crate::Value;

/// One node of a [`ForwardTrace`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ForwardStep {
    /// The node's index (creation order).
    pub node: usize,
    /// Its name, if any.
    pub name: Option<String>,
    /// The op's symbol (`leaf` for leaves).
    pub op: String,
    /// The indices of its inputs.
    pub inputs: Vec<usize>,
    /// Its value.
    pub value: f64,
}

/// Every node a value depends on, in topological (creation) order, with its
/// op, inputs and value.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ForwardTrace {
    /// One step per node, inputs before the nodes that use them.
    pub steps: Vec<ForwardStep>,
}

/// What one input receives during a [`BackwardStep`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Contribution {
    /// The input's index.
    pub input: usize,
    /// `∂node/∂input`.
    pub local_derivative: f64,
    /// `upstream · ∂node/∂input`, added to the input's gradient.
    pub contribution: f64,
}

/// One step of the reverse sweep: a node passes its gradient to its inputs.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BackwardStep {
    /// The node's index.
    pub node: usize,
    /// Its name, if any.
    pub name: Option<String>,
    /// The op's symbol.
    pub op: String,
    /// The node's own gradient `∂root/∂node` when its turn comes: every node
    /// that uses it has already contributed.
    pub upstream: f64,
    /// One entry per input edge, in input order.
    pub contributions: Vec<Contribution>,
}

/// The reverse sweep of a backward from a root, step by step: the root gets
/// gradient 1, then each node in reverse creation order multiplies its
/// gradient by each local derivative and adds the product to its input.
///
/// It is computed from the graph's values and local derivatives, without
/// running the engine's backward, and agrees with it: adding up the
/// contributions each node receives gives its gradient.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BackwardTrace {
    /// The root's index.
    pub root: usize,
    /// One step per non-leaf node, from the root down.
    pub steps: Vec<BackwardStep>,
    /// `(node, ∂root/∂node)` for every node, in creation order: the sum of
    /// what it received (1 for the root).
    pub gradients: Vec<(usize, f64)>,
}

impl<'g> Value<'g> {
    /// The forward trace of this value: every node it depends on, inputs
    /// first, with op, inputs and value.
    ///
    /// ```
    /// # let g = scalargrad::Graph::new();
    /// let x = g.value(3.0).named("x");
    /// let y = (x * 2.0).tanh().named("y");
    /// let trace = y.forward_trace();
    /// assert_eq!(trace.steps.len(), 4); // x, 2, x*2, tanh
    /// assert_eq!(trace.steps[2].op, "*");
    /// println!("{trace}");
    /// ```
    #[track_caller]
    pub fn forward_trace(self) -> ForwardTrace {
        let snapshot = Snapshot::of(self, "Value::forward_trace");
        ForwardTrace {
            steps: snapshot
                .nodes
                .iter()
                .map(|n| ForwardStep {
                    node: n.info.index,
                    name: n.info.name.clone(),
                    op: n.info.op_name.clone(),
                    inputs: n.inputs.iter().map(|i| i.0).collect(),
                    value: n.info.data,
                })
                .collect(),
        }
    }

    /// The backward trace of this value as the root: every step of the
    /// reverse sweep with the upstream gradient, each local derivative and
    /// each contribution.
    ///
    /// Like the engine, a node whose gradient is exactly 0 contributes 0
    /// (even where a local derivative is infinite).
    ///
    /// ```
    /// # let g = scalargrad::Graph::new();
    /// let x = g.value(3.0).named("x");
    /// let y = (x * x).named("y");
    /// let trace = y.backward_trace();
    /// // y = x·x: one step, two contributions of x·1 = 3 each
    /// let step = &trace.steps[0];
    /// assert_eq!(step.upstream, 1.0);
    /// assert_eq!(step.contributions[0].contribution, 3.0);
    /// assert_eq!(trace.gradient_of(x.index()), Some(6.0));
    /// ```
    #[track_caller]
    pub fn backward_trace(self) -> BackwardTrace {
        let snapshot = Snapshot::of(self, "Value::backward_trace");
        let mut grad = vec![0.0; snapshot.nodes.len()];
        let last = snapshot.nodes.len() - 1;
        grad[last] = 1.0;
        let mut steps = Vec::new();
        for k in (0..snapshot.nodes.len()).rev() {
            let node = &snapshot.nodes[k];
            if node.inputs.is_empty() {
                continue;
            }
            let upstream = grad[k];
            let contributions = node
                .inputs
                .iter()
                .map(|&(input, local_derivative, _)| {
                    let contribution = if upstream == 0.0 {
                        0.0
                    } else {
                        upstream * local_derivative
                    };
                    let p = snapshot
                        .position(input)
                        .expect("inputs are in the snapshot");
                    grad[p] += contribution;
                    Contribution {
                        input,
                        local_derivative,
                        contribution,
                    }
                })
                .collect();
            steps.push(BackwardStep {
                node: node.info.index,
                name: node.info.name.clone(),
                op: node.info.op_name.clone(),
                upstream,
                contributions,
            });
        }
        BackwardTrace {
            root: snapshot.root().info.index,
            steps,
            gradients: snapshot
                .nodes
                .iter()
                .map(|n| n.info.index)
                .zip(grad)
                .collect(),
        }
    }
}

impl ForwardTrace {
    /// The trace as CSV: `node,name,op,inputs,value` (inputs separated by
    /// spaces).
    pub fn to_csv(&self) -> String {
        let mut out = String::from("node,name,op,inputs,value\n");
        for s in &self.steps {
            let inputs: Vec<String> = s.inputs.iter().map(|i| i.to_string()).collect();
            let _ = writeln!(
                out,
                "{},{},{},{},{}",
                s.node,
                s.name.as_deref().unwrap_or(""),
                s.op,
                inputs.join(" "),
                s.value
            );
        }
        out
    }

    /// The trace as JSON; NaN and infinities as the strings `"NaN"`,
    /// `"inf"` and `"-inf"` (see [`json`](crate::json)).
    pub fn to_json(&self) -> String {
        crate::json::to_string_pretty(self)
    }
}

impl fmt::Display for ForwardTrace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "Forward pass, in topological order:")?;
        writeln!(
            f,
            "{:<14} {:<10} {:<18} {:>16}",
            "node", "op", "inputs", "value"
        )?;
        for s in &self.steps {
            let node = match &s.name {
                Some(n) => format!("#{} {n}", s.node),
                None => format!("#{}", s.node),
            };
            let inputs: Vec<String> = s.inputs.iter().map(|i| format!("#{i}")).collect();
            writeln!(
                f,
                "{:<14} {:<10} {:<18} {:>16.6}",
                node,
                s.op,
                inputs.join(" "),
                s.value + 0.0
            )?;
        }
        Ok(())
    }
}

impl BackwardTrace {
    /// `∂root/∂node` as the trace accumulated it, if `node` is in the trace.
    pub fn gradient_of(&self, node: usize) -> Option<f64> {
        self.gradients
            .iter()
            .find(|(i, _)| *i == node)
            .map(|(_, g)| *g)
    }

    /// The trace as CSV, one row per edge:
    /// `node,name,op,upstream,input,local_derivative,contribution`.
    pub fn to_csv(&self) -> String {
        let mut out = String::from("node,name,op,upstream,input,local_derivative,contribution\n");
        for s in &self.steps {
            for c in &s.contributions {
                let _ = writeln!(
                    out,
                    "{},{},{},{},{},{},{}",
                    s.node,
                    s.name.as_deref().unwrap_or(""),
                    s.op,
                    s.upstream,
                    c.input,
                    c.local_derivative,
                    c.contribution
                );
            }
        }
        out
    }

    /// The trace as JSON; NaN and infinities as the strings `"NaN"`,
    /// `"inf"` and `"-inf"` (see [`json`](crate::json)).
    pub fn to_json(&self) -> String {
        crate::json::to_string_pretty(self)
    }
}

impl fmt::Display for BackwardTrace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Backward pass from #{}: grad(root) = 1, then each node, latest first, sends grad · ∂node/∂input to its inputs",
            self.root
        )?;
        writeln!(
            f,
            "{:<14} {:<8} {:>14}   {:<8} {:>14} {:>14}",
            "node", "op", "upstream grad", "input", "∂node/∂input", "contribution"
        )?;
        for s in &self.steps {
            let node = match &s.name {
                Some(n) => format!("#{} {n}", s.node),
                None => format!("#{}", s.node),
            };
            for (k, c) in s.contributions.iter().enumerate() {
                let (node, op, up) = if k == 0 {
                    (
                        node.as_str(),
                        s.op.as_str(),
                        format!("{:.6}", s.upstream + 0.0),
                    )
                } else {
                    ("", "", String::new())
                };
                writeln!(
                    f,
                    "{:<14} {:<8} {:>14}   {:<8} {:>14.6} {:>14.6}",
                    node,
                    op,
                    up,
                    format!("#{}", c.input),
                    c.local_derivative + 0.0,
                    c.contribution + 0.0
                )?;
            }
        }
        Ok(())
    }
}
