//! [`Value`]: a `Copy` handle to one node of a [`Graph`]: its data, its
//! gradient, its inputs, and `backward`.
//!
//! The methods and operators that record new nodes (`+`, `tanh`, …) are in
//! `recording.rs`.

use std::fmt;

use super::arena::{Arena, Slot};
use super::node::tag;
use super::ops::Op;
use super::Graph;

/// A scalar in a [`Graph`]: a small `Copy` handle (graph reference and node
/// index), so maths reads like maths: `let y = (x * w + b).tanh();`.
///
/// Every operation records a new node holding its result. After
/// [`backward`](Value::backward) on a result, [`grad`](Value::grad) on any
/// value it depends on returns `∂result/∂value`.
///
/// Operators `+ - * /` work for `Value ∘ Value`, `Value ∘ f64` and
/// `f64 ∘ Value` (a number becomes a constant leaf, as in micrograd), plus
/// unary `-` and the assignment forms (`c += 1.0` records `c + 1` and moves
/// the handle `c` to it). Each op's formula and derivative is its row of
/// [`Op`].
///
/// # Panics
/// Every method and operator panics, with a message naming the call, if the
/// handle's node was discarded by [`Graph::truncate`], or if two values of
/// different graphs are combined.
#[derive(Clone, Copy)]
pub struct Value<'g> {
    pub(crate) graph: &'g Graph,
    slot: Slot,
}

impl<'g> Value<'g> {
    #[inline(always)]
    pub(crate) fn new(graph: &'g Graph, index: u32, epoch: u32) -> Value<'g> {
        Value {
            graph,
            slot: Slot::new(index, epoch),
        }
    }

    /// Where the handle points: index and epoch.
    #[inline(always)]
    pub(crate) fn slot(self) -> Slot {
        self.slot
    }

    /// The node's index.
    #[inline(always)]
    pub(crate) fn id(self) -> u32 {
        self.slot.index()
    }

    /// The graph's truncation epoch when the node was created.
    #[inline(always)]
    pub(crate) fn epoch(self) -> u32 {
        self.slot.epoch()
    }

    /// Panics unless `self` belongs to `graph`.
    #[inline(always)]
    #[track_caller]
    pub(crate) fn check_graph(self, graph: &Graph, call: &str) {
        if !std::ptr::eq(self.graph, graph) {
            different_graphs(call);
        }
    }

    /// Runs `f` on the arena after checking that this handle is alive.
    #[inline(always)]
    #[track_caller]
    pub(crate) fn read<T>(self, call: &str, f: impl FnOnce(&Arena) -> T) -> T {
        let arena = self.graph.arena.borrow();
        arena.check(self.slot, call);
        f(&arena)
    }

    #[inline(always)]
    #[track_caller]
    fn write<T>(self, call: &str, f: impl FnOnce(&mut Arena) -> T) -> T {
        let mut arena = self.graph.arena.borrow_mut();
        arena.check(self.slot, call);
        f(&mut arena)
    }

    /// The graph this value lives in.
    pub fn graph(self) -> &'g Graph {
        self.graph
    }

    /// The node's position in the graph (its creation order).
    pub fn index(self) -> usize {
        self.id() as usize
    }

    /// The number this node holds.
    #[inline]
    #[track_caller]
    pub fn data(self) -> f64 {
        self.data_for("Value::data")
    }

    /// [`Value::data`] for a caller that panics under its own name.
    #[inline(always)]
    #[track_caller]
    pub(crate) fn data_for(self, call: &str) -> f64 {
        self.read(call, |arena| arena.data(self.id()))
    }

    /// `∂root/∂self`, accumulated over every [`backward`](Value::backward)
    /// since the last [`Graph::zero_grad`]; 0 before any.
    #[inline]
    #[track_caller]
    pub fn grad(self) -> f64 {
        self.grad_for("Value::grad")
    }

    /// [`Value::grad`] for a caller that panics under its own name.
    #[inline(always)]
    #[track_caller]
    pub(crate) fn grad_for(self, call: &str) -> f64 {
        self.read(call, |arena| arena.grad_of(self.id()))
    }

    /// Overwrites the number this node holds (an optimizer step, a new input).
    /// Nodes computed from it keep their old data until
    /// [`Graph::recompute`] or until they are recorded again.
    #[inline]
    #[track_caller]
    pub fn set_data(self, x: f64) {
        self.set_data_for(x, "Value::set_data");
    }

    /// [`Value::set_data`] for a caller that panics under its own name.
    #[inline(always)]
    #[track_caller]
    pub(crate) fn set_data_for(self, x: f64, call: &str) {
        self.write(call, |arena| arena.set_data(self.id(), x));
    }

    /// Overwrites this node's gradient (`set_grad(0.0)` zeroes one parameter).
    #[track_caller]
    pub fn set_grad(self, grad: f64) {
        self.set_grad_for(grad, "Value::set_grad");
    }

    /// [`Value::set_grad`] for a caller that panics under its own name.
    #[inline]
    #[track_caller]
    pub(crate) fn set_grad_for(self, grad: f64, call: &str) {
        self.write(call, |arena| arena.set_grad(self.id(), grad));
    }

    /// Gives this node a name for traces and drawings, and returns the same
    /// node: `let w = g.value(0.5).named("w1");`.
    #[track_caller]
    pub fn named(self, name: &str) -> Value<'g> {
        self.write("Value::named", |arena| arena.set_name(self.id(), name));
        self
    }

    /// The node's name, if it was given one with [`named`](Value::named).
    #[track_caller]
    pub fn name(self) -> Option<String> {
        self.read("Value::name", |arena| {
            arena.name(self.id()).map(str::to_owned)
        })
    }

    /// The operation that produced this node ([`Op::Leaf`] for leaves).
    #[track_caller]
    pub fn op(self) -> Op {
        self.read("Value::op", |arena| arena.node(self.id()).op())
    }

    /// The name of the op that produced this node: [`Op::symbol`] (`+`,
    /// `tanh`, `leaf`), or the name of a [`CustomOp`](crate::CustomOp).
    #[track_caller]
    pub fn op_name(self) -> String {
        self.read("Value::op_name", |arena| arena.op_name(self.id()))
    }

    /// The nodes this one was computed from, in the op's order: `[x]` for a
    /// unary op, `[x, c]` for an op with a constant, `[x, y]` for a binary
    /// op, `[x…]` for a sum, `[w…, x…]` for a dot and `[w…, x…, b]` for an
    /// affine node.
    #[track_caller]
    pub fn inputs(self) -> Vec<Value<'g>> {
        self.edges("Value::inputs", false)
            .into_iter()
            .map(|(v, _)| v)
            .collect()
    }

    /// Each input with the local derivative `∂self/∂input` of its edge, in
    /// [`inputs`](Value::inputs) order: the numbers backward multiplies the
    /// upstream gradient by (each op's row of [`Op`] gives its formula). The
    /// constant of an op with a constant (the exponent of `powf`, the slope
    /// of `leaky_relu`) gets 0, since no gradient flows into it.
    ///
    /// ```
    /// # let g = scalargrad::Graph::new();
    /// let x = g.value(3.0);
    /// let y = g.value(-2.0);
    /// let z = x * y;
    /// let local: Vec<f64> = z.local_gradients().iter().map(|(_, d)| *d).collect();
    /// assert_eq!(local, vec![-2.0, 3.0]); // ∂(xy)/∂x = y, ∂(xy)/∂y = x
    /// ```
    #[track_caller]
    pub fn local_gradients(self) -> Vec<(Value<'g>, f64)> {
        self.edges("Value::local_gradients", false)
    }

    /// The edges along which backward sends gradient, with their local
    /// derivatives: [`local_gradients`](Value::local_gradients) without the
    /// constant of an op with a constant.
    #[track_caller]
    pub(crate) fn gradient_edges(self, call: &str) -> Vec<(Value<'g>, f64)> {
        self.edges(call, true)
    }

    /// Every edge with its local derivative, or (`flowing`) only those that
    /// carry gradient.
    #[track_caller]
    fn edges(self, call: &str, flowing: bool) -> Vec<(Value<'g>, f64)> {
        self.read(call, |arena| {
            // An input is older than the node, so it is alive whenever the
            // node is: its handle can carry the node's epoch.
            arena
                .local_derivatives(self.id())
                .into_iter()
                .filter(|&(_, _, flows)| flows || !flowing)
                .map(|(i, d, _)| (Value::new(self.graph, i, self.epoch()), d))
                .collect()
        })
    }

    /// Backpropagates from this value: adds `∂self/∂v` to the gradient of
    /// every node `v` that `self` depends on.
    ///
    /// What it computes is [`reference::backward`](crate::reference::backward),
    /// a dozen plain lines worth reading first: walk the nodes in reverse
    /// creation order (a topological order: an op can only use nodes that
    /// already exist) and add `grad[node] · ∂node/∂input` to each input. This
    /// method does the same in one tight pass over the arena, without
    /// recursion or allocation per node.
    ///
    /// Gradients accumulate (`+=`): a node used several times gets every
    /// contribution, and calling `backward()` again (on this or another root)
    /// adds the new derivatives on top of the old ones, as PyTorch does for
    /// leaves. Call [`Graph::zero_grad`] between steps. Nodes the root does
    /// not depend on are not touched, whatever gradient they hold.
    ///
    /// ```
    /// use scalargrad::Graph;
    /// let g = Graph::new();
    /// let x = g.value(2.0);
    /// let y = x * x;
    /// y.backward();
    /// assert_eq!(x.grad(), 4.0); // 2x
    /// y.backward();
    /// assert_eq!(x.grad(), 8.0); // accumulated twice
    /// g.zero_grad();
    /// y.backward();
    /// assert_eq!(x.grad(), 4.0);
    /// ```
    ///
    /// # Complexity
    /// One pass over the nodes created up to `self`; nodes whose gradient is
    /// exactly 0 cost one comparison (a zero gradient times an infinite local
    /// derivative counts as 0, not NaN).
    #[track_caller]
    pub fn backward(self) {
        self.write("Value::backward", |arena| arena.backward(self.id()));
    }
}

impl Graph {
    /// Creates a leaf holding `x`: a parameter, an input or a constant.
    #[inline]
    pub fn value(&self, x: f64) -> Value<'_> {
        let mut arena = self.arena.borrow_mut();
        let index = arena.push(x, 0, 0, tag(Op::Leaf));
        Value::new(self, index, arena.epoch)
    }

    /// Creates one leaf per number, contiguous in the arena (so that layers
    /// read them as one slice).
    pub fn values(&self, xs: &[f64]) -> Vec<Value<'_>> {
        let mut arena = self.arena.borrow_mut();
        arena.reserve(xs.len());
        let epoch = arena.epoch;
        xs.iter()
            .map(|&x| Value::new(self, arena.push(x, 0, 0, tag(Op::Leaf)), epoch))
            .collect()
    }

    /// The node at `index` (its creation order) as a value: for any live
    /// handle `v`, `graph.value_at(v.index())` is the same node.
    ///
    /// ```
    /// let g = scalargrad::Graph::new();
    /// let x = g.value(2.0);
    /// let y = x * 3.0;
    /// assert_eq!(g.value_at(y.index()).data(), 6.0);
    /// ```
    ///
    /// # Panics
    /// If the graph holds `index` nodes or fewer.
    #[track_caller]
    pub fn value_at(&self, index: usize) -> Value<'_> {
        let arena = self.arena.borrow();
        if index >= arena.len() {
            panic!(
                "Graph::value_at: there is no node {index}; the graph holds {} nodes",
                arena.len()
            );
        }
        Value::new(self, index as u32, arena.epoch)
    }
}

#[cold]
#[inline(never)]
#[track_caller]
fn different_graphs(call: &str) -> ! {
    panic!("{call}: the values belong to different graphs; combine only values of the same Graph")
}

impl fmt::Debug for Value<'_> {
    /// `Value(data=…, grad=…)`, as micrograd prints it, plus the name if any.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let arena = self.graph.arena.borrow();
        arena.check(self.slot, "Value (Debug)");
        write!(f, "Value(")?;
        if let Some(name) = arena.name(self.id()) {
            write!(f, "{name}: ")?;
        }
        write!(
            f,
            "data={:?}, grad={:?})",
            arena.data(self.id()),
            arena.grad_of(self.id())
        )
    }
}
