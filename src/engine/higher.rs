//! Gradients that are values: [`grad`] records the backward pass itself as
//! new nodes of the same graph, so a gradient can be differentiated again
//! (second and third derivatives, Hessian-vector products, a gradient
//! penalty), as PyTorch's `create_graph=True`.
//!
//! The walk is the reference backward's (`reference.rs`): nodes in reverse
//! creation order, each adding `grad[node] · ∂node/∂input` to its inputs;
//! only every number is now a [`Value`], and each local derivative is built
//! with ops from the op's row of the table (its "as values" column, checked
//! against its numeric derivative by a test, so the two cannot drift).

use std::collections::HashMap;

use super::custom::CustomOp;
use super::ops::{Expr, Op, Shape};
use super::{Graph, Value};

const CALL: &str = "scalargrad::grad";

impl<'g> Expr for Value<'g> {
    fn number(self, c: f64) -> Value<'g> {
        self.graph().value(c)
    }
    fn apply(self, op: Op) -> Value<'g> {
        self.unary(op, CALL)
    }
    fn apply_with(self, op: Op, other: Value<'g>) -> Value<'g> {
        match op.shape() {
            // The constant of an op with a constant is a number, read now.
            Shape::WithConstant => self.with_constant(op, other.data(), CALL),
            _ => self.binary(op, other, CALL),
        }
    }
    fn now(self) -> f64 {
        self.data()
    }
}

/// The gradients of `output` with respect to `inputs`, as values recorded
/// in the graph: `grad(y, &[x])[0]` holds `∂y/∂x` and can itself be
/// differentiated, by [`Value::backward`] or by `grad` again.
///
/// ```
/// use scalargrad::{grad, Graph};
///
/// let g = Graph::new();
/// let x = g.value(2.0);
/// let y = x * x * x; // y = x³
/// let dy = grad(y, &[x])[0]; // 3x² = 12
/// let d2y = grad(dy, &[x])[0]; // 6x = 12
/// let d3y = grad(d2y, &[x])[0]; // 6
/// assert_eq!((dy.data(), d2y.data(), d3y.data()), (12.0, 12.0, 6.0));
/// ```
///
/// An input the output does not depend on gets a constant 0. The nodes
/// recorded stay in the graph (truncate them away in a training loop);
/// nodes' `grad` fields are not touched.
///
/// # Panics
/// If a value belongs to another graph or was discarded, or if the output
/// depends on a [`CustomOp`] that gives no
/// [`partials_as_values`](CustomOp::partials_as_values) (the message names
/// it).
///
/// # Complexity
/// One visit per node the output depends on; a few recorded nodes per edge.
#[track_caller]
pub fn grad<'g>(output: Value<'g>, inputs: &[Value<'g>]) -> Vec<Value<'g>> {
    let graph = output.graph();
    output.read(CALL, |_| ());
    for x in inputs {
        x.check_graph(graph, CALL);
        x.read(CALL, |_| ());
    }
    let root = output.index();
    // adjoint[i]: ∂output/∂node i as a value, once some path reaches it.
    let mut adjoint: HashMap<usize, Value<'g>> = HashMap::new();
    adjoint.insert(root, output.number(1.0));
    for node in (0..=root).rev() {
        let Some(&upstream) = adjoint.get(&node) else {
            continue; // the output does not depend on this node
        };
        let v = graph.value_at(node);
        for (input, local) in local_values(graph, v) {
            let contribution = upstream * local;
            adjoint
                .entry(input)
                .and_modify(|sum| *sum += contribution)
                .or_insert(contribution);
        }
    }
    inputs
        .iter()
        .map(|x| {
            adjoint
                .get(&x.index())
                .copied()
                .unwrap_or_else(|| output.number(0.0))
        })
        .collect()
}

/// The local derivative `∂v/∂input` of each input edge of `v` that carries
/// gradient, as values.
#[track_caller]
fn local_values<'g>(graph: &'g Graph, v: Value<'g>) -> Vec<(usize, Value<'g>)> {
    let op = v.op();
    let inputs = v.inputs();
    match op.shape() {
        Shape::Leaf => Vec::new(),
        Shape::Unary | Shape::WithConstant | Shape::Binary => {
            let x = inputs[0];
            let y = inputs.get(1).copied().unwrap_or(x);
            let (dx, dy) = op.partial_values(x, y, v);
            let mut edges = vec![(x.index(), dx)];
            if let (Shape::Binary, Some(dy)) = (op.shape(), dy) {
                edges.push((y.index(), dy));
            }
            edges
        }
        Shape::Nary => {
            // Sum: each input's derivative is 1. Dot and affine, inputs
            // `[w…, x…, b]`: ∂/∂w_i = x_i, ∂/∂x_i = w_i, ∂/∂b = 1.
            if op == Op::Sum {
                let one = v.number(1.0);
                return inputs.iter().map(|x| (x.index(), one)).collect();
            }
            let n = (inputs.len() - usize::from(op == Op::Affine)) / 2;
            let (w, x) = (&inputs[..n], &inputs[n..2 * n]);
            let mut edges: Vec<(usize, Value<'g>)> = w
                .iter()
                .zip(x)
                .map(|(w, x)| (w.index(), *x))
                .chain(w.iter().zip(x).map(|(w, x)| (x.index(), *w)))
                .collect();
            if op == Op::Affine {
                edges.push((inputs[2 * n].index(), v.number(1.0)));
            }
            edges
        }
        Shape::Custom => {
            let (custom, _) = graph.custom_of(v);
            match custom.partials_as_values(&inputs, v) {
                Some(partials) if partials.len() == inputs.len() => inputs
                    .iter()
                    .zip(partials)
                    .map(|(x, d)| (x.index(), d))
                    .collect(),
                Some(partials) => panic!(
                    "{CALL}: CustomOp `{}`: partials_as_values returned {} values for {} inputs",
                    custom.name(),
                    partials.len(),
                    inputs.len()
                ),
                None => panic!(
                    "{CALL}: cannot differentiate twice through CustomOp `{}`: it gives its partials \
                     as numbers only; implement partials_as_values to build them from ops",
                    custom.name()
                ),
            }
        }
    }
}

impl Graph {
    /// The custom op of node `v` (which must be a custom node).
    pub(crate) fn custom_of(&self, v: Value<'_>) -> (std::sync::Arc<dyn CustomOp>, usize) {
        let arena = self.arena.borrow();
        let node = arena.node(v.id());
        let (custom, inputs) = node.custom_operands(arena.operands());
        (arena.custom_op(custom).clone(), inputs.len())
    }
}
