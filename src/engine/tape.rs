//! The arena behind a [`Graph`]: node storage, handle checks, truncation and
//! the backward sweep.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt;

use super::nary;
use super::ops::{Op, Shape};
use super::value::Value;

/// Bit of a record's tag that marks an n-ary node whose inputs are contiguous
/// ranges of the arena (no side table).
pub(crate) const RANGE: u32 = 1 << 7;
/// Mask of the op code in a record's tag.
const CODE_MASK: u32 = 0x7f;
/// Codes of the ops that [`Tape::recompute`] and the backward sweep test for
/// before dispatching through the op table.
const ADD: u32 = Op::Add as u32;
const MUL: u32 = Op::Mul as u32;
const RELU: u32 = Op::Relu as u32;
/// Largest count a range record keeps in its tag (the upper 24 bits).
pub(crate) const MAX_RANGE_LEN: usize = (1 << 24) - 1;

/// One node's record: its value, its inputs and its op, in 20 bytes. With
/// its gradient (8 bytes, in a separate array that backward allocates) a node
/// costs 28 bytes.
///
/// Keeping the value in the record means an op writes one record (one
/// capacity check, one length update). The gradient stays out of it: forward
/// never touches gradients, and a separate array needs no zeroing until a
/// backward needs it (measured: 225 µs → 202 µs for micrograd's 65,481-node
/// forward pass, against the gradient inside the record). `packed(4)` drops
/// the 4 bytes of padding an 8-aligned record would carry; fields are only
/// ever copied out, never borrowed. Plain `u32` fields, written one by one,
/// keep recording free of store-forwarding stalls.
#[derive(Clone, Copy, Debug, Default)]
#[repr(C, packed(4))]
pub(crate) struct Node {
    /// The node's value.
    pub data: f64,
    /// First input; for n-ary nodes the start of the weights (range form) or
    /// of the operand list (list form).
    pub a: u32,
    /// Second input (unary ops repeat `a`); for n-ary nodes the start of the
    /// inputs (range form) or the number of terms (list form).
    pub b: u32,
    /// Op code in bits 0..7, [`RANGE`] flag in bit 7, and the number of terms
    /// of a range record in bits 8..32.
    pub tag: u32,
}

impl Node {
    #[inline(always)]
    pub(crate) fn op(self) -> Op {
        Op::decode((self.tag & CODE_MASK) as u8)
    }

    #[inline(always)]
    pub(crate) fn is_range(self) -> bool {
        self.tag & RANGE != 0
    }

    /// Number of terms of a range record.
    #[inline(always)]
    pub(crate) fn range_len(self) -> usize {
        (self.tag >> 8) as usize
    }
}

/// Everything a graph stores, behind the `RefCell` of [`Graph`].
#[derive(Default)]
pub(crate) struct Tape {
    /// Node records. Slots past `len` are allocated and initialized but not
    /// in use, so that a push is a bounds-checked store into an existing slot.
    slots: Vec<Node>,
    /// Number of nodes in use.
    len: usize,
    /// Gradients; shorter than `len` when nodes were added since the last
    /// backward. Missing entries are 0.
    grad: Vec<f64>,
    /// Operand lists of n-ary nodes that are not contiguous ranges.
    operands: Vec<u32>,
    /// The nodes that own a slice of `operands`, ascending.
    operand_owners: Vec<u32>,
    names: BTreeMap<u32, Box<str>>,
    /// Incremented by every truncation that discards nodes.
    pub epoch: u32,
    /// `(epoch, cut)` for past truncations, kept as a monotone stack: epochs
    /// and cuts both increase from bottom to top. A handle made at epoch `e`
    /// is alive iff its index is below the cut of the first entry with an
    /// epoch after `e`.
    cuts: Vec<(u32, u32)>,
    /// The smallest cut ever made: indices below it are never discarded.
    floor: u32,
    /// Work buffer for a backward on top of existing gradients.
    scratch: Vec<f64>,
}

impl Tape {
    fn new() -> Tape {
        Tape {
            floor: u32::MAX,
            ..Tape::default()
        }
    }

    #[inline(always)]
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// The nodes in use.
    #[inline(always)]
    pub(crate) fn nodes(&self) -> &[Node] {
        &self.slots[..self.len]
    }

    /// The record of node `index`.
    #[inline(always)]
    pub(crate) fn node(&self, index: u32) -> Node {
        self.slots[index as usize]
    }

    /// The value of node `index`.
    #[inline(always)]
    pub(crate) fn data(&self, index: u32) -> f64 {
        self.slots[index as usize].data
    }

    /// Sets the value of node `index`.
    #[inline(always)]
    pub(crate) fn set_data(&mut self, index: u32, x: f64) {
        self.slots[index as usize].data = x;
    }

    /// Makes room for `n` more nodes ahead of a batch of pushes.
    pub(crate) fn reserve(&mut self, n: usize) {
        if self.slots.len() - self.len < n {
            self.grow(n);
        }
    }

    #[cold]
    #[inline(never)]
    fn grow(&mut self, n: usize) {
        let needed = self.len + n;
        if needed > u32::MAX as usize {
            too_many_nodes();
        }
        let new_len = needed
            .max(2 * self.slots.len())
            .max(64)
            .min(u32::MAX as usize);
        self.slots.resize(new_len, Node::default());
    }

    /// Appends a node and returns its index.
    ///
    /// The fields are stored one by one into an existing slot; the slow path
    /// (growing) takes them as arguments, so no value is kept across a
    /// possible reallocation (which would spill it to the stack).
    #[inline(always)]
    pub(crate) fn push(&mut self, data: f64, a: u32, b: u32, tag: u32) -> u32 {
        let index = self.len;
        match self.slots.get_mut(index) {
            Some(slot) => {
                slot.data = data;
                slot.a = a;
                slot.b = b;
                slot.tag = tag;
            }
            None => self.push_slow(data, a, b, tag),
        }
        self.len = index + 1;
        index as u32
    }

    #[cold]
    #[inline(never)]
    fn push_slow(&mut self, data: f64, a: u32, b: u32, tag: u32) {
        self.grow(1);
        self.slots[self.len] = Node { data, a, b, tag };
    }

    /// Appends an operand list for the node about to be pushed; returns its
    /// offset.
    pub(crate) fn push_operands(&mut self, list: impl IntoIterator<Item = u32>) -> u32 {
        let offset = self.operands.len();
        self.operands.extend(list);
        if self.operands.len() > u32::MAX as usize {
            too_many_nodes();
        }
        self.operand_owners.push(self.len as u32);
        offset as u32
    }

    /// Panics unless `value` refers to a node that still exists.
    #[inline(always)]
    pub(crate) fn check(&self, value: Value<'_>, call: &str) {
        // Epochs only grow, so "made in the current epoch" is one compare of
        // the packed (epoch, index) slot.
        if value.slot() >= (self.epoch as u64) << 32 || value.id() < self.floor {
            return;
        }
        self.check_slow(value, call);
    }

    #[cold]
    #[inline(never)]
    fn check_slow(&self, value: Value<'_>, call: &str) {
        let first_after = self
            .cuts
            .partition_point(|&(epoch, _)| epoch <= value.epoch());
        match self.cuts.get(first_after) {
            Some(&(_, cut)) if value.id() >= cut => panic!(
                "{call}: this Value (node #{}) was discarded by Graph::truncate({cut}); \
                 the graph now holds {} nodes. Keep handles only to nodes below the truncation point.",
                value.id(),
                self.len()
            ),
            _ => {}
        }
    }

    pub(crate) fn name(&self, index: u32) -> Option<&str> {
        self.names.get(&index).map(|name| &**name)
    }

    pub(crate) fn set_name(&mut self, index: u32, name: &str) {
        self.names.insert(index, name.into());
    }

    pub(crate) fn grad_of(&self, index: u32) -> f64 {
        self.grad.get(index as usize).copied().unwrap_or(0.0)
    }

    pub(crate) fn set_grad(&mut self, index: u32, grad: f64) {
        let i = index as usize;
        if i >= self.grad.len() {
            if grad == 0.0 {
                return;
            }
            self.grad.resize(self.len, 0.0);
        }
        self.grad[i] = grad;
    }

    /// The inputs of node `index` with the local derivative `∂node/∂input`
    /// of each edge, in [`Value::inputs`] order, and whether backward sends
    /// gradient along the edge (not into the constant of an op with a
    /// constant, whose edge reports 0).
    pub(crate) fn local_derivatives(&self, index: u32) -> Vec<(u32, f64, bool)> {
        let node = self.node(index);
        let op = node.op();
        let (a, b) = (node.a, node.b);
        let data = |i: u32| self.data(i);
        match op.shape() {
            Shape::Leaf => vec![],
            Shape::Unary => vec![(a, op.partials(data(a), data(b), node.data).0, true)],
            Shape::WithConstant => vec![
                (a, op.partials(data(a), data(b), node.data).0, true),
                (b, 0.0, false),
            ],
            Shape::Binary => {
                let (dx, dy) = op.partials(data(a), data(b), node.data);
                vec![(a, dx, true), (b, dy, true)]
            }
            Shape::Nary => {
                let (weights, inputs, bias): (Vec<u32>, Vec<u32>, Option<u32>) = if node.is_range()
                {
                    let n = node.range_len() as u32;
                    match op {
                        Op::Sum => ((a..a + n).collect(), vec![], None),
                        Op::Dot => ((a..a + n).collect(), (b..b + n).collect(), None),
                        _ => ((a..a + n).collect(), (b..b + n).collect(), Some(a + n)),
                    }
                } else {
                    let n = b as usize;
                    let list = &self.operands[a as usize..];
                    match op {
                        Op::Sum => (list[..n].to_vec(), vec![], None),
                        Op::Dot => (list[..n].to_vec(), list[n..2 * n].to_vec(), None),
                        _ => (
                            list[..n].to_vec(),
                            list[n..2 * n].to_vec(),
                            Some(list[2 * n]),
                        ),
                    }
                };
                if op == Op::Sum {
                    return weights.into_iter().map(|x| (x, 1.0, true)).collect();
                }
                // ∂z/∂w_i = x_i, ∂z/∂x_i = w_i, ∂z/∂b = 1
                let toward_w = weights
                    .iter()
                    .zip(&inputs)
                    .map(|(&w, &x)| (w, data(x), true));
                let toward_x = weights
                    .iter()
                    .zip(&inputs)
                    .map(|(&w, &x)| (x, data(w), true));
                toward_w
                    .chain(toward_x)
                    .chain(bias.map(|b| (b, 1.0, true)))
                    .collect()
            }
        }
    }

    /// Adds `∂root/∂v` to the gradient of every node `v` that `root` depends
    /// on (including the root itself, which gets `+1`).
    pub(crate) fn backward(&mut self, root: u32) {
        let root = root as usize;
        let nodes = &self.slots[..=root];
        // Leaves only receive gradient, so theirs can be accumulated on in
        // place; a node with inputs and a gradient from an earlier pass would
        // send it down a second time. (After `zero_grad` there is nothing to
        // scan: the gradients are allocated again by the resize below.)
        let in_place = self
            .grad
            .iter()
            .zip(nodes)
            .all(|(&g, node)| g == 0.0 || node.op() == Op::Leaf);
        if self.grad.len() < self.len {
            self.grad.resize(self.len, 0.0);
        }
        if in_place {
            self.grad[root] += 1.0;
            sweep(nodes, &self.operands, &mut self.grad);
        } else {
            // Gradients from earlier passes must not flow a second time:
            // sweep into a zeroed buffer, then add it on top.
            let mut fresh = std::mem::take(&mut self.scratch);
            fresh.clear();
            fresh.resize(root + 1, 0.0);
            fresh[root] = 1.0;
            sweep(nodes, &self.operands, &mut fresh);
            for (grad, extra) in self.grad.iter_mut().zip(&fresh) {
                *grad += extra;
            }
            self.scratch = fresh;
        }
    }

    pub(crate) fn zero_grad(&mut self) {
        self.grad.clear();
    }

    pub(crate) fn truncate(&mut self, n: usize) {
        if n >= self.len() {
            return;
        }
        let mut operand_end = None;
        while let Some(&owner) = self.operand_owners.last() {
            if (owner as usize) < n {
                break;
            }
            operand_end = Some(self.slots[owner as usize].a as usize);
            self.operand_owners.pop();
        }
        if let Some(end) = operand_end {
            self.operands.truncate(end);
        }
        self.len = n;
        self.grad.truncate(n);
        if self.names.range(n as u32..).next().is_some() {
            self.names.split_off(&(n as u32));
        }

        let cut = n as u32;
        self.epoch = self.epoch.checked_add(1).unwrap_or_else(|| {
            panic!("Graph::truncate: this graph was truncated 2³² times; make a new Graph")
        });
        while self.cuts.last().is_some_and(|&(_, c)| c >= cut) {
            self.cuts.pop();
        }
        self.cuts.push((self.epoch, cut));
        self.floor = self.cuts[0].1;
    }

    /// Re-evaluates every non-leaf node from its inputs, in creation order.
    ///
    /// Add, multiply and ReLU, which most graphs are made of, are tested for
    /// first, each with its op known at compile time; the others go through
    /// the table's dispatch. Same formulas either way (the branches call the
    /// table's own rows), so results are bit for bit those of recording.
    ///
    /// A product followed by the add that consumes it (the term of a running
    /// sum, micrograd's `act = act + w·x`) is evaluated as a pair, the
    /// product passed in a register instead of stored and read back.
    pub(crate) fn recompute(&mut self) {
        let nodes = &mut self.slots[..self.len];
        let mut i = 0;
        while i < nodes.len() {
            let node = nodes[i];
            let code = node.tag & CODE_MASK;
            let element =
                |op: Op| op.eval(nodes[node.a as usize].data, nodes[node.b as usize].data);
            let value = if code == ADD {
                element(Op::Add)
            } else if code == MUL {
                let product = element(Op::Mul);
                // A product added to a running sum right after it.
                if let Some(&next) = nodes.get(i + 1) {
                    if next.tag == ADD && next.b as usize == i {
                        nodes[i].data = product;
                        nodes[i + 1].data = Op::Add.eval(nodes[next.a as usize].data, product);
                        i += 2;
                        continue;
                    }
                }
                product
            } else if code == RELU {
                element(Op::Relu)
            } else {
                let op = node.op();
                match op.shape() {
                    Shape::Leaf => node.data,
                    Shape::Nary => nary::eval(op, node, nodes, &self.operands),
                    _ => element(op),
                }
            };
            nodes[i].data = value;
            i += 1;
        }
    }

    fn heap_bytes(&self) -> usize {
        use std::mem::size_of;
        self.slots.capacity() * size_of::<Node>()
            + self.grad.capacity() * size_of::<f64>()
            + (self.operands.capacity() + self.operand_owners.capacity()) * size_of::<u32>()
            + self.scratch.capacity() * size_of::<f64>()
    }
}

/// The reverse sweep over `nodes` (the root is the last): from the root
/// down to node 0, every node with a non-zero gradient adds
/// `grad · local derivative` to each of its inputs.
///
/// Nodes with a gradient of exactly 0 are skipped: they contribute nothing,
/// and this is what makes backward through dead ReLUs (and through nodes the
/// root does not depend on) free. The one difference it makes: a zero
/// gradient times an infinite local derivative counts as 0, not NaN.
fn sweep(nodes: &[Node], operands: &[u32], grad: &mut [f64]) {
    // One length for both slices, so one bounds check covers `nodes[a]` and
    // `grad[a]`.
    let grad = &mut grad[..nodes.len()];
    for i in (0..nodes.len()).rev() {
        let upstream = grad[i];
        if upstream == 0.0 {
            continue;
        }
        let node = nodes[i];
        let code = node.tag & CODE_MASK;
        // Add, multiply and ReLU first, as in `Tape::recompute`.
        if code == ADD {
            accumulate(Op::Add, node, upstream, nodes, grad);
        } else if code == MUL {
            accumulate(Op::Mul, node, upstream, nodes, grad);
        } else if code == RELU {
            accumulate(Op::Relu, node, upstream, nodes, grad);
        } else {
            // The other ops, written out rather than through `accumulate`:
            // its shape tests at run time cost the common branches above
            // (backward 89 → 122 µs on micrograd's graph, inlined; 98 µs
            // out of line).
            let op = node.op();
            let (a, b) = (node.a as usize, node.b as usize);
            match op.shape() {
                Shape::Leaf => {}
                Shape::Unary | Shape::WithConstant => {
                    let (dx, _) = op.partials(nodes[a].data, nodes[b].data, node.data);
                    grad[a] += upstream * dx;
                }
                Shape::Binary => {
                    let (dx, dy) = op.partials(nodes[a].data, nodes[b].data, node.data);
                    grad[a] += upstream * dx;
                    grad[b] += upstream * dy;
                }
                Shape::Nary => nary::backward(op, node, upstream, nodes, operands, grad),
            }
        }
    }
}

/// Adds `upstream · ∂node/∂input` to the gradient of each input of an
/// element-wise node whose op is known at compile time (not to the constant
/// of an op with a constant).
#[inline(always)]
fn accumulate(op: Op, node: Node, upstream: f64, nodes: &[Node], grad: &mut [f64]) {
    let (a, b) = (node.a as usize, node.b as usize);
    let x = nodes[a].data;
    // A unary record repeats its input in `b`.
    let y = if op.shape() == Shape::Unary {
        x
    } else {
        nodes[b].data
    };
    let (dx, dy) = op.partials(x, y, node.data);
    grad[a] += upstream * dx;
    if op.shape() == Shape::Binary {
        grad[b] += upstream * dy;
    }
}

#[cold]
#[inline(never)]
fn too_many_nodes() -> ! {
    panic!("Graph: a graph holds at most 4,294,967,295 nodes (u32 indices)")
}

/// An append-only arena that records every operation on its [`Value`]s.
///
/// Create one, make leaves with [`Graph::value`], compute with ordinary
/// operators and methods, then call [`Value::backward`] on the result:
///
/// ```
/// use scalargrad::Graph;
///
/// let g = Graph::new();
/// let x = g.value(3.0).named("x");
/// let y = x * x + 2.0 * x; // y = x² + 2x
/// y.backward();
/// assert_eq!(y.data(), 15.0);
/// assert_eq!(x.grad(), 8.0); // dy/dx = 2x + 2
/// ```
///
/// # Training loops and memory
///
/// Parameters are leaves created first. Each step records new nodes on top of
/// them; [`Graph::truncate`] discards those nodes and keeps their memory for
/// the next step, so memory stays flat over any number of steps:
///
/// ```
/// use scalargrad::Graph;
///
/// let g = Graph::new();
/// let w = g.value(0.5);
/// let n_params = g.len();
/// for _ in 0..3 {
///     let loss = (w * 4.0 - 1.0).powf(2.0);
///     g.zero_grad();
///     loss.backward();
///     w.set_data(w.data() - 0.01 * w.grad());
///     g.truncate(n_params); // `loss` must not be used after this
/// }
/// assert_eq!(g.len(), 1);
/// ```
///
/// Handles to discarded nodes are detected: using one panics with a message
/// saying it was discarded, and never reads the node that reused its slot.
/// A `Graph` is not `Sync`: give each thread its own.
pub struct Graph {
    pub(crate) tape: RefCell<Tape>,
}

impl Default for Graph {
    fn default() -> Self {
        Graph::new()
    }
}

impl fmt::Debug for Graph {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Graph").field("len", &self.len()).finish()
    }
}

impl Graph {
    /// An empty graph.
    pub fn new() -> Graph {
        Graph {
            tape: RefCell::new(Tape::new()),
        }
    }

    /// An empty graph with room for `nodes` nodes before it reallocates.
    pub fn with_capacity(nodes: usize) -> Graph {
        let graph = Graph::new();
        {
            let mut tape = graph.tape.borrow_mut();
            tape.reserve(nodes);
        }
        graph
    }

    /// Creates a leaf holding `x`: a parameter, an input or a constant.
    #[inline]
    pub fn value(&self, x: f64) -> Value<'_> {
        let mut tape = self.tape.borrow_mut();
        let index = tape.push(x, 0, 0, Op::Leaf as u32);
        Value::new(self, index, tape.epoch)
    }

    /// Creates one leaf per number, contiguous in the arena (so that layers
    /// read them as one slice).
    pub fn values(&self, xs: &[f64]) -> Vec<Value<'_>> {
        let mut tape = self.tape.borrow_mut();
        tape.reserve(xs.len());
        let epoch = tape.epoch;
        xs.iter()
            .map(|&x| Value::new(self, tape.push(x, 0, 0, Op::Leaf as u32), epoch))
            .collect()
    }

    /// Number of nodes recorded.
    pub fn len(&self) -> usize {
        self.tape.borrow().len()
    }

    /// True when no node has been recorded.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many nodes the arena holds before it must reallocate.
    pub fn capacity(&self) -> usize {
        let tape = self.tape.borrow();
        tape.slots.len()
    }

    /// Heap memory held by the arena, in bytes (capacities, not lengths):
    /// data, gradients, node records and operand lists.
    pub fn memory_bytes(&self) -> usize {
        self.tape.borrow().heap_bytes()
    }

    /// Discards every node created after the first `n`, keeping their memory
    /// for reuse. Does nothing if the graph holds `n` nodes or fewer.
    ///
    /// Handles to the discarded nodes become stale: using one panics with a
    /// message that says so. Handles to the first `n` nodes stay valid, with
    /// their data, gradients and names.
    ///
    /// # Panics
    /// After 2³² truncations that discarded nodes (a fresh `Graph` resets the
    /// count).
    ///
    /// # Complexity
    /// O(1), plus the names and operand lists of the discarded nodes.
    pub fn truncate(&self, n: usize) {
        self.tape.borrow_mut().truncate(n);
    }

    /// Sets every gradient to 0.
    ///
    /// # Complexity
    /// O(1): gradients are allocated again, zeroed, by the next backward.
    pub fn zero_grad(&self) {
        self.tape.borrow_mut().zero_grad();
    }

    /// Re-evaluates every node from its inputs, in creation order, after
    /// leaves changed with [`Value::set_data`].
    ///
    /// This replays a recorded graph: a training loop whose graph has the same
    /// shape at every step can record it once, then at each step set the
    /// inputs and parameters, `recompute()`, [`zero_grad`](Graph::zero_grad)
    /// and [`backward`](Value::backward), with no new nodes at all. Results
    /// are bit for bit those of recording the graph again (same ops, same
    /// order); a replayed step of micrograd's demo takes about 0.6 × the time of
    /// recording its graph of binary ops again, 0.76–0.81 × with an `Mlp`
    /// (`examples/replay.rs`, README "Performance").
    ///
    /// ```
    /// use scalargrad::Graph;
    ///
    /// let g = Graph::new();
    /// let w = g.value(0.0);
    /// let x = g.value(2.0);
    /// let loss = (w * x - 1.0).powf(2.0); // recorded once: (wx - 1)²
    /// for _ in 0..50 {
    ///     g.recompute();
    ///     g.zero_grad();
    ///     loss.backward(); // ∂loss/∂w = 2(wx - 1)·x
    ///     w.set_data(w.data() - 0.1 * w.grad());
    /// }
    /// g.recompute();
    /// assert!((w.data() - 0.5).abs() < 1e-9 && loss.data() < 1e-12);
    /// ```
    ///
    /// # When replay is valid
    ///
    /// When every step would record the same ops on the same inputs:
    /// - the same network and the same batch size (a smaller last batch needs
    ///   its own graph);
    /// - branches that depend on data are ops of the graph (`relu`,
    ///   `leaky_relu`, `max` written with `relu`, …), not Rust `if`s on
    ///   [`Value::data`]: an `if` runs once, when the graph is recorded;
    /// - no leaf is made from another node's data (`g.value(y.data())` stays
    ///   frozen at the recorded number); constants stay as recorded.
    ///
    /// Leaves keep their data: only nodes with inputs are re-evaluated.
    /// Gradients are untouched; call `zero_grad` before the next backward.
    ///
    /// # Complexity
    /// O(nodes + edges), no allocation.
    pub fn recompute(&self) {
        self.tape.borrow_mut().recompute();
    }
}
