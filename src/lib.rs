//! # scalargrad
//!
//! A scalar reverse-mode autograd engine, in the spirit of micrograd, for
//! learning backpropagation step by step, inspecting the gradient at every
//! node, and unit-testing derivatives.
//!
//! Every arithmetic operation on a [`Value`] records a node in a [`Graph`];
//! [`Value::backward`] then walks the nodes in reverse creation order (a
//! topological order) and accumulates `∂root/∂node` into each node's `grad`.
//! Nothing recurses, so graphs of millions of nodes are fine.
//!
//! ## The classic example
//!
//! micrograd's README expression, with the numbers it prints:
//!
//! ```
//! use scalargrad::Graph;
//!
//! let graph = Graph::new();
//! let a = graph.value(-4.0).named("a");
//! let b = graph.value(2.0).named("b");
//! let mut c = a + b;
//! let mut d = a * b + b.powf(3.0);
//! c += c + 1.0;
//! c += 1.0 + c + (-a);
//! d += d * 2.0 + (b + a).relu();
//! d += 3.0 * d + (b - a).relu();
//! let e = c - d;
//! let f = e.powf(2.0);
//! let mut g = f / 2.0;
//! g += 10.0 / f;
//! g.backward();
//!
//! assert!((g.data() - 24.70408163265306).abs() < 1e-12); // the outcome of this forward pass
//! assert!((a.grad() - 138.83381924198252).abs() < 1e-12); // ∂g/∂a
//! assert!((b.grad() - 645.5772594752186).abs() < 1e-12); // ∂g/∂b
//! ```
//!
//! ## How backward works
//!
//! Every op can only use values that already exist, so the order in which
//! nodes are created is a topological order. Backward walks it in reverse,
//! from the root down, and at each node adds `grad[node] · ∂node/∂input` to
//! each input's gradient (the chain rule, one edge at a time; `+=`, so a
//! value used twice gets both contributions). That is the whole algorithm:
//! [`reference::backward`] writes it in a dozen lines, and
//! [`Value::backward`] is the same walk made fast (the engine's module
//! documentation says where each piece lives).
//!
//! ## A tour, in reading order
//!
//! The engine:
//! - [`reference`](mod@reference): backward the plain way. Read it first.
//! - [`Graph`] and [`Value`]: the arena and its `Copy` handles, so maths
//!   reads like maths; [`Graph::sum`], [`Graph::dot`] and [`Graph::affine`]
//!   record a whole sum as one node; [`Graph::truncate`] and
//!   [`Graph::recompute`] for training loops.
//! - [`Op`]: every operation with its formula and local derivative, one row
//!   each.
//!
//! Learning, built from those scalars:
//! - [`nn`]: activations, initializers, neurons, layers and MLPs, forward
//!   traces that keep `z_j`, `a_j` and `a_i`, and the table that checks
//!   `∂J/∂w_ij = e_j·a_i` row by row.
//! - [`loss`]: MSE, binary and softmax cross-entropy, hinge, L2.
//! - [`optim`]: SGD, momentum, Nesterov, AdaGrad, RMSProp, Adam and AdamW
//!   with PyTorch's update rules, each written out as formulas, and
//!   learning-rate schedules (step, linear, cosine).
//! - [`data`]: toy datasets from a seed (moons, circles, spirals, XOR, blobs,
//!   a 1-D regression), CSV files, stratified train/validation/test splits,
//!   mini-batches and standardization.
//! - [`train`]: the pipeline (epochs, mini-batches, metrics, history,
//!   progress bar, early stopping).
//!
//! Tools:
//! - [`gradcheck`]: compare autograd with central finite differences.
//! - [`inspect`]: the graph as a petgraph `DiGraph`, micrograd-style
//!   drawings, step-by-step forward and backward traces, the chain rule as a
//!   sum over paths, and where a NaN was born.
//! - [`expr`]: formulas written as text (`"x * tanh(y) + 2^-x"`), parsed and
//!   recorded in a graph; what the `scalargrad` command differentiates.
//! - `plot` (feature `plot`, on by default): PNG and SVG pictures for the
//!   lessons: loss curves, decision boundaries, optimizers' paths on
//!   contour lines.
//! - [`model`]: saving and loading trained networks.
//! - [`notebook`]: drawings and tables inline in Jupyter (evcxr).
//! - `explore` (feature `explore`, on by default): the explorer, a local
//!   web page that steps backpropagation and trains networks live.
//! - [`files`]: writing files with errors that name the path component at
//!   fault, and replacing a file all or nothing.
//! - [`json`]: the one convention for NaN and infinities in JSON (the
//!   strings `"NaN"`, `"inf"`, `"-inf"`), shared by the command line and the
//!   explorer.
//!
//! The lesson:
//! - [`lesson`]: "Insight into Multi-layer Perceptron", one function per
//!   section, each printing what a learner should look at and drawing its
//!   pictures; what `cargo run --release --example lesson` and
//!   `scalargrad lesson` run. Its epilogue, [`lesson::micrograd`], is
//!   micrograd's moons demo with the same step written by hand and on a
//!   minimal tape.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod data;
mod engine;
mod error;
#[cfg(feature = "explore")]
pub mod explore;
pub mod expr;
pub mod files;
pub mod gradcheck;
pub mod inspect;
pub mod json;
pub mod lesson;
pub mod loss;
pub mod model;
pub mod nn;
pub mod notebook;
pub mod optim;
mod panics;
#[cfg(feature = "plot")]
pub mod plot;
pub mod train;

pub use engine::{grad, reference, CustomOp, Graph, Op, Value};
pub use error::{escape_controls, Error, Result};
pub use gradcheck::{hessian, jacobian};

/// The `rand` crate this crate is built with, so that a program depending
/// only on `scalargrad` can seed the generators that [`nn::Mlp::new`] and
/// the initializers take, with the very version they expect:
///
/// ```
/// use scalargrad::rand::{rngs::StdRng, SeedableRng};
/// use scalargrad::nn::{Activation, Mlp};
/// use scalargrad::Graph;
///
/// let g = Graph::new();
/// let mlp = Mlp::new(&g, 2, &[4, 1], Activation::Tanh, &mut StdRng::seed_from_u64(1));
/// assert_eq!(mlp.parameters().len(), 4 * 3 + 5); // (2 weights + 1 bias)·4 + (4 weights + 1 bias)
/// ```
pub use rand;

/// The `petgraph` crate this crate is built with, whose algorithms run on
/// [`Value::to_petgraph`]'s view of a graph:
///
/// ```
/// use scalargrad::petgraph::algo::toposort;
/// use scalargrad::Graph;
///
/// let g = Graph::new();
/// let x = g.value(2.0);
/// let y = x * x + 1.0;
/// let view = y.to_petgraph();
/// assert_eq!(view.node_count(), 4); // x, x·x, the constant 1, the sum
/// assert!(toposort(&view, None).is_ok());
/// ```
pub use petgraph;

/// The README's examples, run as doctests so that they cannot drift from the
/// code.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
