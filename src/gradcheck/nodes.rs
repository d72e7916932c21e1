//! The check that names the wrong node: every node's local derivatives
//! against a central difference of that node's own function, at the inputs
//! it recorded.
//!
//! When [`gradcheck`](super::gradcheck) finds an input whose gradient is
//! off, it says which input; this says which node: a custom op whose
//! partials are wrong, or a built-in op at a point where its derivative is
//! undefined (a kink, where the differences from the left and from the
//! right disagree), marked as such rather than as an error.

use std::fmt;

use super::GradcheckOptions;
use crate::engine::Shape;
use crate::{Op, Value};

/// A node whose local derivative disagrees with the central difference of
/// its own function.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeCheck {
    /// The node's index.
    pub node: usize,
    /// Its name, if it has one.
    pub name: Option<String>,
    /// Its op's name (a custom op's own name).
    pub op: String,
    /// Which input (its position among the node's inputs).
    pub input: usize,
    /// That input's node.
    pub input_node: usize,
    /// The local derivative `∂node/∂input` the op gives.
    pub analytic: f64,
    /// `(f(…, a + ε, …) − f(…, a − ε, …)) / 2ε` for the node's own `f`.
    pub numeric: f64,
    /// True where the one-sided differences disagree: the derivative is
    /// undefined there (a kink, as ReLU's at 0), so the op is not wrong.
    pub kink: bool,
}

impl fmt::Display for NodeCheck {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = self
            .name
            .as_deref()
            .map(|n| format!(" {n}"))
            .unwrap_or_default();
        write!(
            f,
            "node #{}{name} ({}), input {} (#{}): local derivative {:e}, central difference {:e}{}",
            self.node,
            self.op,
            self.input,
            self.input_node,
            self.analytic,
            self.numeric,
            if self.kink {
                " — a kink: the derivative is undefined here"
            } else {
                ""
            }
        )
    }
}

/// Every node `root` depends on whose local derivatives disagree with a
/// central difference of its own function at its recorded inputs, in
/// creation order.
#[track_caller]
pub fn check_nodes(root: Value<'_>, options: &GradcheckOptions) -> Vec<NodeCheck> {
    let graph = root.graph();
    // The nodes the root depends on.
    let mut seen = vec![false; root.index() + 1];
    let mut stack = vec![root];
    while let Some(v) = stack.pop() {
        if std::mem::replace(&mut seen[v.index()], true) {
            continue;
        }
        stack.extend(v.inputs());
    }
    let close = |a: f64, b: f64| (a - b).abs() <= options.atol + options.rtol * b.abs();
    let mut found = Vec::new();
    for index in (0..=root.index()).filter(|&i| seen[i]) {
        let v = graph.value_at(index);
        let op = v.op();
        if op == Op::Leaf {
            continue;
        }
        let inputs = v.inputs();
        let at: Vec<f64> = inputs.iter().map(|x| x.data()).collect();
        let own = |args: &[f64]| node_function(v, op, args);
        for (k, (input, analytic)) in v.local_gradients().into_iter().enumerate() {
            if op.shape() == Shape::WithConstant && k == 1 {
                continue; // no gradient flows into the constant
            }
            let h = options.eps;
            let mut args = at.clone();
            args[k] = at[k] + h;
            let plus = own(&args);
            args[k] = at[k] - h;
            let minus = own(&args);
            let center = own(&at);
            let numeric = (plus - minus) / (2.0 * h);
            if close(analytic, numeric) || (analytic.is_nan() && numeric.is_nan()) {
                continue;
            }
            let (left, right) = ((center - minus) / h, (plus - center) / h);
            found.push(NodeCheck {
                node: index,
                name: v.name(),
                op: v.op_name(),
                input: k,
                input_node: input.index(),
                analytic,
                numeric,
                kink: !close(left, right),
            });
        }
    }
    found
}

/// The value of node `v`'s op at `args` (its inputs' data, in
/// [`Value::inputs`] order).
fn node_function(v: Value<'_>, op: Op, args: &[f64]) -> f64 {
    match op.shape() {
        Shape::Leaf => v.data(),
        Shape::Unary => op.eval(args[0], args[0]),
        Shape::WithConstant | Shape::Binary => op.eval(args[0], args[1]),
        Shape::Nary if op == Op::Sum => args.iter().sum(),
        Shape::Nary => {
            let n = (args.len() - usize::from(op == Op::Affine)) / 2;
            let bias = if op == Op::Affine { args[2 * n] } else { 0.0 };
            (0..n).fold(bias, |acc, i| acc + args[i] * args[n + i])
        }
        Shape::Custom => v.graph().custom_of(v).0.forward(args),
    }
}
