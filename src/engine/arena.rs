//! The arena behind a [`Graph`](crate::Graph): node records in creation
//! order, gradients, operand lists and names; pushing, truncating, and
//! catching handles to discarded nodes.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::columns::Columns;
use super::custom::CustomOp;
use super::node::Node;

/// Where a handle points: the node's index in the low 32 bits, and the
/// graph's truncation epoch when the node was created in the high 32.
///
/// One `u64` rather than two `u32` makes a [`Value`](crate::Value) (a
/// graph reference and a slot) a pair of scalars, which Rust passes and
/// returns in two registers (three fields go through memory and stall on
/// store-to-load forwarding when a call returns one).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Slot(u64);

impl Slot {
    #[inline(always)]
    pub(crate) fn new(index: u32, epoch: u32) -> Slot {
        Slot(index as u64 | (epoch as u64) << 32)
    }

    /// The node's index.
    #[inline(always)]
    pub(crate) fn index(self) -> u32 {
        self.0 as u32
    }

    /// The graph's truncation epoch when the node was created.
    #[inline(always)]
    pub(crate) fn epoch(self) -> u32 {
        (self.0 >> 32) as u32
    }

    /// `epoch << 32 | index`.
    #[inline(always)]
    pub(crate) fn bits(self) -> u64 {
        self.0
    }
}

/// The custom ops of a graph, each with the node it belongs to.
pub(crate) type Customs = [(u32, Arc<dyn CustomOp>)];

/// Everything a graph stores, behind the `RefCell` of
/// [`Graph`](crate::Graph).
#[derive(Default)]
pub(crate) struct Arena {
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
    /// The ops of custom nodes, with the node each belongs to, ascending.
    customs: Vec<(u32, Arc<dyn CustomOp>)>,
    names: BTreeMap<u32, Box<str>>,
    /// Incremented by every truncation that discards nodes.
    pub(crate) epoch: u32,
    /// `(epoch, cut)` for past truncations, kept as a monotone stack: epochs
    /// and cuts both increase from bottom to top. A handle made at epoch `e`
    /// is alive iff its index is below the cut of the first entry with an
    /// epoch after `e`.
    cuts: Vec<(u32, u32)>,
    /// Handles whose slot lies in `suspect_from..suspect_from + suspect_len`
    /// need the full check: `[floor, epoch << 32)`, with `floor` the
    /// smallest cut ever made (indices below it are never discarded). The
    /// range is empty before the first truncation.
    suspect_from: u64,
    suspect_len: u64,
    /// Work buffer for a backward on top of existing gradients.
    scratch: Vec<f64>,
    /// Incremented whenever nodes' data may change in place (a value set, a
    /// span written, a replay, a truncation, after which new nodes take the
    /// discarded ones' indices), so that a copy of some nodes' data (a
    /// layer's weights in [`Columns`]) can tell whether it is current.
    /// Appending nodes changes no existing node's data.
    version: u64,
    /// A dense layer's weights copied by input, for recording or replaying
    /// it on several examples (`columns.rs`).
    columns: Columns,
}

impl Arena {
    pub(crate) fn new() -> Arena {
        Arena::default()
    }

    /// Number of nodes in use.
    #[inline(always)]
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Number of nodes the arena holds before it must reallocate.
    pub(crate) fn capacity(&self) -> usize {
        self.slots.len()
    }

    /// The nodes in use.
    #[inline(always)]
    pub(crate) fn nodes(&self) -> &[Node] {
        &self.slots[..self.len]
    }

    /// The nodes in use, for writing, the operand lists and the custom ops.
    #[inline(always)]
    pub(super) fn nodes_mut(&mut self) -> (&mut [Node], &[u32], &Customs) {
        self.version += 1;
        (&mut self.slots[..self.len], &self.operands, &self.customs)
    }

    /// The count of changes to nodes' data in place (see the field).
    #[inline(always)]
    pub(super) fn version(&self) -> u64 {
        self.version
    }

    /// What replay works on: [`nodes_mut`](Arena::nodes_mut), the
    /// buffers for a layer's weights copied by input, and the
    /// [`version`](Arena::version) its writes make.
    #[inline(always)]
    pub(super) fn replay_parts(&mut self) -> (&mut [Node], &[u32], &Customs, &mut Columns, u64) {
        self.version += 1;
        (
            &mut self.slots[..self.len],
            &self.operands,
            &self.customs,
            &mut self.columns,
            self.version,
        )
    }

    /// The buffers for a layer's weights copied by input, taken out for a
    /// caller that also writes nodes; give them back with
    /// [`put_columns`](Arena::put_columns) to keep their memory.
    pub(super) fn take_columns(&mut self) -> Columns {
        std::mem::take(&mut self.columns)
    }

    /// Gives back what [`take_columns`](Arena::take_columns) took.
    pub(super) fn put_columns(&mut self, columns: Columns) {
        self.columns = columns;
    }

    /// Takes `n` more slots into use, to be filled in place (a whole
    /// layer's records at once); returns the index of the first, the nodes
    /// below it, and the new slots to fill. Room must have been made with
    /// [`reserve`](Arena::reserve).
    ///
    /// # Panics
    /// If there is no room for `n` more nodes.
    #[inline]
    pub(super) fn extend(&mut self, n: usize) -> (usize, &[Node], &mut [Node]) {
        let start = self.len;
        assert!(
            n <= self.slots.len() - start,
            "Arena::extend: reserve first"
        );
        self.len = start + n;
        let (below, new) = self.slots[..start + n].split_at_mut(start);
        (start, below, new)
    }

    /// The operand lists of n-ary nodes in list form.
    #[inline(always)]
    pub(crate) fn operands(&self) -> &[u32] {
        &self.operands
    }

    /// What backward works on: the nodes in use, the operand lists, the
    /// gradients (resized to every node) and the scratch buffer.
    #[inline(always)]
    pub(super) fn backward_parts(
        &mut self,
    ) -> (&[Node], &[u32], &Customs, &mut [f64], &mut Vec<f64>) {
        if self.grad.len() < self.len {
            self.grad.resize(self.len, 0.0);
        }
        (
            &self.slots[..self.len],
            &self.operands,
            &self.customs,
            &mut self.grad,
            &mut self.scratch,
        )
    }

    /// Every node's gradient, for writing (resized to every node first).
    pub(super) fn grads_mut(&mut self) -> &mut [f64] {
        if self.grad.len() < self.len {
            self.grad.resize(self.len, 0.0);
        }
        &mut self.grad
    }

    /// The gradients recorded so far (shorter than the graph when nodes
    /// were added since the last backward; missing entries are 0).
    #[inline(always)]
    pub(crate) fn grads(&self) -> &[f64] {
        &self.grad
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
        self.version += 1;
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

    /// Records a custom op for the node about to be pushed, with its inputs
    /// as an operand list `[custom index, inputs…]`; returns the list's
    /// offset and the index the node will have.
    pub(crate) fn push_custom(
        &mut self,
        op: Arc<dyn CustomOp>,
        inputs: impl IntoIterator<Item = u32>,
    ) -> (u32, u32) {
        let owner = self.len as u32;
        let custom = self.customs.len() as u32;
        self.customs.push((owner, op));
        let offset = self.push_operands(std::iter::once(custom).chain(inputs));
        (offset, owner)
    }

    /// The op of custom node whose operand list names custom `index`.
    #[inline]
    pub(crate) fn custom_op(&self, index: usize) -> &Arc<dyn CustomOp> {
        &self.customs[index].1
    }

    /// Panics, with a message starting with `call`, unless `slot` refers to a
    /// node that still exists.
    ///
    /// A handle made in the current epoch is alive, and so is one to a node
    /// below the floor (no truncation ever discarded it; such a node was
    /// made before the first truncation, in epoch 0, so its slot is its
    /// index). Both tests are one: the slots that need the full check are
    /// those in `[floor, epoch << 32)`, a range tested with one subtraction
    /// and one compare (micrograd's graph rebuilt: 5.81 → 5.20 million
    /// instructions a step under callgrind, against two compares that the
    /// compiler turned into a select). `#[track_caller]` so that the panic
    /// points at the user's line; the location is passed to the cold path
    /// only.
    #[inline(always)]
    #[track_caller]
    pub(crate) fn check(&self, slot: Slot, call: &str) {
        if slot.0.wrapping_sub(self.suspect_from) < self.suspect_len {
            self.check_slow(slot, call);
        }
    }

    #[cold]
    #[inline(never)]
    #[track_caller]
    fn check_slow(&self, slot: Slot, call: &str) {
        let first_after = self
            .cuts
            .partition_point(|&(epoch, _)| epoch <= slot.epoch());
        match self.cuts.get(first_after) {
            Some(&(_, cut)) if slot.index() >= cut => panic!(
                "{call}: this Value (node #{}) was discarded by Graph::truncate({cut}); \
                 the graph now holds {} nodes. Keep handles only to nodes below the truncation point.",
                slot.index(),
                self.len()
            ),
            _ => {}
        }
    }

    /// The name of node `index`'s op: its symbol, or a custom op's name.
    pub(crate) fn op_name(&self, index: u32) -> String {
        let node = self.node(index);
        match node.op() {
            super::ops::Op::Custom => {
                let (custom, _) = node.custom_operands(&self.operands);
                self.custom_op(custom).name().to_string()
            }
            op => op.symbol().to_string(),
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

    pub(crate) fn zero_grad(&mut self) {
        self.grad.clear();
    }

    /// Discards every node from `n` on and starts a new epoch, so that
    /// handles to them are caught.
    pub(crate) fn truncate(&mut self, n: usize) {
        if n >= self.len() {
            return;
        }
        self.version += 1;
        let mut operand_end = None;
        while let Some(&owner) = self.operand_owners.last() {
            if (owner as usize) < n {
                break;
            }
            operand_end = self.slots[owner as usize].operand_offset();
            self.operand_owners.pop();
        }
        if let Some(end) = operand_end {
            self.operands.truncate(end);
        }
        while self
            .customs
            .last()
            .is_some_and(|&(owner, _)| owner as usize >= n)
        {
            self.customs.pop();
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
        let floor = self.cuts[0].1;
        self.suspect_from = floor as u64;
        self.suspect_len = ((self.epoch as u64) << 32) - self.suspect_from;
    }

    /// Heap memory held, in bytes (capacities, not lengths).
    pub(crate) fn heap_bytes(&self) -> usize {
        use std::mem::size_of;
        self.slots.capacity() * size_of::<Node>()
            + self.grad.capacity() * size_of::<f64>()
            + (self.operands.capacity() + self.operand_owners.capacity()) * size_of::<u32>()
            + self.customs.capacity() * size_of::<(u32, Arc<dyn CustomOp>)>()
            + self.scratch.capacity() * size_of::<f64>()
            + self.columns.heap_bytes()
    }
}

#[cold]
#[inline(never)]
fn too_many_nodes() -> ! {
    panic!("Graph: a graph holds at most 4,294,967,295 nodes (u32 indices)")
}
