//! Runs of consecutive nodes: the one place that decides whether values sit
//! next to each other in the arena.
//!
//! A neuron's weights, a layer's outputs and leaves made by
//! [`Graph::values`](crate::Graph::values) are consecutive, so an n-ary node
//! over them stores two start indices instead of a list, and a whole layer
//! can be recorded and checked in one go (`dense.rs`).

use std::cell::RefMut;
use std::ops::Range;

use super::{Arena, Graph, Value};

/// A run of consecutive nodes made in one epoch (so that if its last node is
/// alive, all of them are).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Span<'g> {
    pub graph: &'g Graph,
    pub start: u32,
    pub len: u32,
    pub epoch: u32,
}

impl<'g> Span<'g> {
    /// `values` as a span, if they are consecutive nodes of one graph and
    /// one epoch and there is at least one.
    pub(crate) fn of(values: &[Value<'g>]) -> Option<Span<'g>> {
        let first = values.first()?;
        // A slot is `epoch << 32 | index`: consecutive nodes of one epoch
        // have consecutive slots, unless the indices would pass `u32::MAX`.
        let base = first.slot().bits();
        let fits = u64::from(first.id()) + values.len() as u64 <= 1 << 32;
        let consecutive = fits
            && values
                .iter()
                .zip(base..)
                .all(|(v, slot)| v.slot().bits() == slot && std::ptr::eq(v.graph, first.graph));
        consecutive.then(|| Span {
            graph: first.graph,
            start: first.id(),
            len: values.len() as u32,
            epoch: first.epoch(),
        })
    }

    /// The one-node span of `value`.
    pub(crate) fn one(value: Value<'g>) -> Span<'g> {
        Span {
            graph: value.graph,
            start: value.id(),
            len: 1,
            epoch: value.epoch(),
        }
    }

    /// Whether the two spans share a node (of one graph; epochs aside).
    pub(crate) fn overlaps(self, other: Span<'g>) -> bool {
        std::ptr::eq(self.graph, other.graph)
            && self.start < other.start + other.len
            && other.start < self.start + self.len
    }

    /// The `k`th value of the span.
    pub(crate) fn get(self, k: u32) -> Value<'g> {
        debug_assert!(k < self.len);
        Value::new(self.graph, self.start + k, self.epoch)
    }

    /// The `len` values from the `start`th on.
    pub(crate) fn slice(self, start: usize, len: usize) -> Span<'g> {
        debug_assert!(start + len <= self.len as usize);
        Span {
            start: self.start + start as u32,
            len: len as u32,
            ..self
        }
    }

    /// The indices of the span's nodes (not checked alive).
    pub(crate) fn range(self) -> Range<usize> {
        self.start as usize..(self.start + self.len) as usize
    }

    /// The last value of the span, if any.
    pub(crate) fn last(self) -> Option<Value<'g>> {
        (self.len > 0).then(|| self.get(self.len - 1))
    }

    /// The indices of the span's nodes, after checking (under the name
    /// `call`) that they are still alive: a span is one epoch's consecutive
    /// nodes, so its last node alive means all are.
    #[track_caller]
    fn checked_range(self, arena: &Arena, call: &str) -> Range<usize> {
        if let Some(last) = self.last() {
            arena.check(last.slot(), call);
        }
        self.range()
    }

    /// The graph borrowed for writing and the span's indices, checked
    /// alive (under the name `call`) and `n` long: `n` numbers are about
    /// to be written to the span's nodes.
    #[track_caller]
    fn borrow_for(self, n: usize, call: &str) -> (RefMut<'g, Arena>, Range<usize>) {
        let arena = self.graph.arena.borrow_mut();
        let range = self.checked_range(&arena, call);
        assert_eq!(
            range.len(),
            n,
            "{call}: a span of {} nodes and {n} numbers",
            range.len()
        );
        (arena, range)
    }

    /// Appends the number each node of the span holds to `out`, under one
    /// borrow of the graph.
    ///
    /// # Panics
    /// Under the name `call`, if the nodes were discarded.
    #[track_caller]
    pub(crate) fn read_data(self, call: &str, out: &mut Vec<f64>) {
        let arena = self.graph.arena.borrow();
        let range = self.checked_range(&arena, call);
        out.extend(arena.nodes()[range].iter().map(|node| node.data));
    }

    /// Overwrites the number each node of the span holds with `values`
    /// (one per node), under one borrow of the graph.
    ///
    /// # Panics
    /// Under the name `call`, if the nodes were discarded; if `values` has
    /// another length (a bug of the caller's caller, not the user's).
    #[track_caller]
    pub(crate) fn write_data(self, values: &[f64], call: &str) {
        let (mut arena, range) = self.borrow_for(values.len(), call);
        let (nodes, _, _) = arena.nodes_mut();
        for (node, &x) in nodes[range].iter_mut().zip(values) {
            node.data = x;
        }
    }

    /// Appends each node's gradient `∂root/∂node` to `out`, under one
    /// borrow of the graph.
    ///
    /// # Panics
    /// Under the name `call`, if the nodes were discarded.
    #[track_caller]
    pub(crate) fn read_grads(self, call: &str, out: &mut Vec<f64>) {
        let arena = self.graph.arena.borrow();
        let range = self.checked_range(&arena, call);
        out.extend(range.map(|i| arena.grads().get(i).copied().unwrap_or(0.0)));
    }

    /// Adds `grads` (one per node) to the nodes' gradients, under one
    /// borrow of the graph.
    ///
    /// # Panics
    /// As [`write_data`](Span::write_data).
    #[track_caller]
    pub(crate) fn add_grads(self, grads: &[f64], call: &str) {
        let (mut arena, range) = self.borrow_for(grads.len(), call);
        for (grad, &g) in arena.grads_mut()[range].iter_mut().zip(grads) {
            *grad += g;
        }
    }

    /// The span's values as handles.
    pub(crate) fn to_vec(self) -> Vec<Value<'g>> {
        (0..self.len).map(|k| self.get(k)).collect()
    }
}
