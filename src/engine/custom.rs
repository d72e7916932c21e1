//! Ops of one's own: [`CustomOp`] and [`Graph::custom`].
//!
//! A custom op brings its value and its partial derivatives as plain
//! numbers; the engine records it as one node, backward multiplies the
//! partials by the upstream gradient like any op's, replay calls `forward`
//! again, and the traces, drawings, sums over paths and the explorer show
//! it under its name. [`gradcheck`](crate::gradcheck) names it when its
//! partials disagree with central differences of its own `forward`.

use std::sync::Arc;

use super::node::tag;
use super::ops::Op;
use super::{Graph, Value};

/// An operation of one's own, with the derivative derived by hand.
///
/// ```
/// use scalargrad::{CustomOp, Graph};
///
/// /// `x·y²`; `∂/∂x = y²`, `∂/∂y = 2xy`.
/// struct XyY;
/// impl CustomOp for XyY {
///     fn name(&self) -> &str { "x·y²" }
///     fn forward(&self, v: &[f64]) -> f64 { v[0] * v[1] * v[1] }
///     fn partials(&self, v: &[f64], _out: f64) -> Vec<f64> {
///         vec![v[1] * v[1], 2.0 * v[0] * v[1]]
///     }
/// }
///
/// let g = Graph::new();
/// let (x, y) = (g.value(3.0), g.value(2.0));
/// let z = g.custom(XyY, &[x, y]);
/// (z * 2.0).backward();
/// assert_eq!(z.data(), 12.0);
/// assert_eq!((x.grad(), y.grad()), (8.0, 24.0)); // 2·y², 2·2xy
/// assert_eq!(z.op_name(), "x·y²");
/// ```
pub trait CustomOp: Send + Sync {
    /// The name traces and drawings show.
    fn name(&self) -> &str;

    /// The op's value at `inputs`.
    fn forward(&self, inputs: &[f64]) -> f64;

    /// `∂output/∂input_k` for each input `k`, at `inputs`, where `output`
    /// is what [`forward`](CustomOp::forward) gave. Must return one number
    /// per input.
    fn partials(&self, inputs: &[f64], output: f64) -> Vec<f64>;

    /// The same partials recorded as values of the graph (built from
    /// `inputs` and `output` with ordinary ops), so that
    /// higher-order gradients can differentiate through this op again
    /// (second derivatives, Hessians). `None`, the default, means the op
    /// is first-order only: differentiating twice through it panics with
    /// its name.
    fn partials_as_values<'g>(
        &self,
        inputs: &[Value<'g>],
        output: Value<'g>,
    ) -> Option<Vec<Value<'g>>> {
        let _ = (inputs, output);
        None
    }
}

/// The partials of custom op `op` at `inputs`, checked to be one per input.
#[track_caller]
pub(crate) fn checked_partials(op: &dyn CustomOp, inputs: &[f64], output: f64) -> Vec<f64> {
    let partials = op.partials(inputs, output);
    if partials.len() != inputs.len() {
        panic!(
            "CustomOp `{}`: partials returned {} numbers for {} inputs; give one ∂output/∂input per input",
            op.name(),
            partials.len(),
            inputs.len()
        );
    }
    partials
}

impl Graph {
    /// Records `op` applied to `inputs` as one node, whose value is
    /// `op.forward(inputs)` and whose local derivatives are
    /// `op.partials(…)`.
    ///
    /// # Panics
    /// If an input belongs to another graph or was discarded by
    /// [`Graph::truncate`]; later, when backward or
    /// [`Value::local_gradients`] runs, if `partials` does not return one
    /// number per input (the message names the op).
    #[track_caller]
    pub fn custom(&self, op: impl CustomOp + 'static, inputs: &[Value<'_>]) -> Value<'_> {
        let op: Arc<dyn CustomOp> = Arc::new(op);
        let mut arena = self.arena.borrow_mut();
        for v in inputs {
            v.check_graph(self, "Graph::custom");
            arena.check(v.slot(), "Graph::custom");
        }
        let data: Vec<f64> = inputs.iter().map(|v| arena.data(v.id())).collect();
        let value = op.forward(&data);
        let index = arena.push_custom(op, inputs.iter().map(|v| v.id()));
        let node = arena.push(value, index.0, inputs.len() as u32, tag(Op::Custom));
        debug_assert_eq!(node, index.1);
        Value::new(self, node, arena.epoch)
    }
}
