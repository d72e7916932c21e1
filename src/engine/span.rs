//! Runs of consecutive nodes: the one place that decides whether values sit
//! next to each other in the arena.
//!
//! A neuron's weights, a layer's outputs and leaves made by
//! [`Graph::values`](crate::Graph::values) are consecutive, so an n-ary node
//! over them stores two start indices instead of a list, and a whole layer
//! can be recorded and checked in one go (`dense.rs`).

use super::{Graph, Value};

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
        let consecutive = values.iter().enumerate().all(|(k, v)| {
            v.id() as usize == first.id() as usize + k
                && v.epoch() == first.epoch()
                && std::ptr::eq(v.graph, first.graph)
        });
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

    /// The last value of the span, if any.
    pub(crate) fn last(self) -> Option<Value<'g>> {
        (self.len > 0).then(|| self.get(self.len - 1))
    }

    /// The span's values as handles.
    pub(crate) fn to_vec(self) -> Vec<Value<'g>> {
        (0..self.len).map(|k| self.get(k)).collect()
    }
}
