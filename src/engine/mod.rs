//! The engine: a [`Graph`] arena that records every operation, and [`Value`]
//! handles into it.
//!
//! # How it is stored
//!
//! The graph is append-only and keeps its nodes in creation order. An op can
//! only use nodes that already exist, so creation order is a topological order
//! and [`Value::backward`] is one reverse sweep over the nodes: no recursion,
//! no hashing and no allocation per node.
//!
//! Each node costs 28 bytes: its `data` (8), its `grad` (8, allocated at the
//! first backward) and a 12-byte record of three `u32` (first input, second
//! input, op code). Sums, dots and affine nodes whose inputs are contiguous in
//! the arena (a neuron's weights, a layer's outputs) store just the two start
//! indices; other lists of inputs go to a side table, 4 bytes per input.

mod dense;
mod nary;
mod ops;
mod tape;
mod value;

pub(crate) use dense::{DenseLayout, Span};
pub use ops::Op;
pub(crate) use ops::{sigmoid, softmax};
pub use tape::Graph;
pub use value::Value;
