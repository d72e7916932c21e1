//! The engine: a [`Graph`] arena that records every operation, and [`Value`]
//! handles into it.
//!
//! # Reading order
//!
//! 1. `reference.rs`: what backward computes, in a dozen plain lines
//!    ([`reference::backward`]). Everything else here is that, made fast.
//! 2. `ops.rs`: the op table, one row per op, forward value and local
//!    derivatives side by side ([`Op`]).
//! 3. `value.rs` and `recording.rs`: the [`Value`] handle, and the methods
//!    and operators that record nodes; `nary.rs`: sums, dots and a neuron's
//!    affine node as single nodes.
//! 4. `graph.rs` and `arena.rs`: where nodes live, truncation, and how a
//!    handle to a discarded node is caught; `node.rs`: one node's 20-byte
//!    record.
//! 5. `backward.rs`: the fast sweep; `replay.rs`: [`Graph::recompute`];
//!    `span.rs` and `dense.rs`: recording a whole layer at once;
//!    `columns.rs`: a layer's weights copied for vector arithmetic when
//!    several examples pass through it in a row.
//!
//! # How it is stored
//!
//! The graph is append-only and keeps its nodes in creation order. An op can
//! only use nodes that already exist, so creation order is a topological order
//! and [`Value::backward`] is one reverse sweep over the nodes: no recursion,
//! no hashing and no allocation per node.
//!
//! Each node costs 28 bytes: its record (20: `data`, two input indices and a
//! tag holding the op) and its `grad` (8, allocated at the first backward).
//! Sums, dots and affine nodes whose inputs are consecutive in the arena (a
//! neuron's weights, a layer's outputs) store just the two start indices;
//! other lists of inputs go to a side table, 4 bytes per input.
//!
//! Files depend only on files above them in this list, never in a cycle:
//! `ops` ← `node` ← `columns` ← `arena` ← `backward`, `replay` ← `graph` ←
//! `value` ← `recording`, `span` ← `nary`, `dense` ← `reference`.

mod arena;
mod backward;
mod columns;
mod custom;
mod dense;
mod graph;
mod higher;
mod nary;
mod node;
mod ops;
mod recording;
pub mod reference;
mod replay;
mod span;
mod value;

pub(crate) use arena::Arena;
pub use custom::CustomOp;
pub(crate) use dense::{DenseLayout, DenseShape};
pub use graph::Graph;
pub use higher::grad;
pub use ops::Op;
pub(crate) use ops::{sigmoid, softmax, Shape};
pub(crate) use span::Span;
pub use value::Value;
