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
    /// That input's name, if it has one.
    pub input_name: Option<String>,
    /// That input's value, where the derivatives were compared.
    pub at: f64,
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
            "node #{}{name} ({}), input {} ({} = {}): local derivative {:e}, central difference {:e}{}",
            self.node,
            self.op,
            self.input,
            self.input_name
                .clone()
                .unwrap_or_else(|| format!("#{}", self.input_node)),
            self.at,
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
            let h = options.step(at[k]);
            let mut args = at.clone();
            args[k] = at[k] + h;
            let plus = own(&args);
            args[k] = at[k] - h;
            let minus = own(&args);
            let numeric = (plus - minus) / (2.0 * h);
            if close(analytic, numeric) || (analytic.is_nan() && numeric.is_nan()) {
                continue;
            }
            found.push(NodeCheck {
                node: index,
                name: v.name(),
                op: v.op_name(),
                input: k,
                input_node: input.index(),
                input_name: input.name(),
                at: at[k],
                analytic,
                numeric,
                kink: is_kink(&own, &at, k, h, &close),
            });
        }
    }
    found
}

/// Whether the node's function `own` has a kink in its argument `k` at
/// `at`: its one-sided differences disagree at the step `h`, and still as
/// much at `h / 1000`. Near a point of high curvature (`ln` just right of
/// 0) the gap between them shrinks with the step, as `f''·h`; at a kink
/// (ReLU at 0) it stays (or grows, at a jump); just beside a kink (ReLU at
/// 3e-7, where the derivative is 1) it closes once the step no longer
/// crosses it.
fn is_kink(
    own: &impl Fn(&[f64]) -> f64,
    at: &[f64],
    k: usize,
    h: f64,
    close: &impl Fn(f64, f64) -> bool,
) -> bool {
    let center = own(at);
    let gap = |h: f64| {
        let mut args = at.to_vec();
        args[k] = at[k] + h;
        let plus = own(&args);
        args[k] = at[k] - h;
        let minus = own(&args);
        ((center - minus) / h, (plus - center) / h)
    };
    let (left, right) = gap(h);
    let (small_left, small_right) = gap(h / 1000.0);
    if close(left, right) || close(small_left, small_right) {
        return false;
    }
    let (wide, narrow) = ((right - left).abs(), (small_right - small_left).abs());
    // NaN (a step past the domain's end) counts as no shrinking.
    let shrank = narrow < 0.5 * wide;
    !shrank
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
