//! The teaching surface: what a learner looks at to understand
//! backpropagation, and what a tester looks at when a derivative is wrong.
//!
//! - [`Value::to_petgraph`]: the subgraph a value depends on, as a petgraph
//!   `DiGraph` whose edges carry local derivatives, for petgraph's own
//!   algorithms.
//! - [`Value::to_dot`] and [`render_dot`]: micrograd-style drawings (one
//!   record per value with `data` and `grad`, op nodes in between), to DOT,
//!   SVG (with or without Graphviz) or PNG (with Graphviz).
//! - [`Value::forward_trace`] and [`Value::backward_trace`]: every step of
//!   the forward pass and of the reverse sweep as a table (and CSV, JSON).
//! - [`paths`](fn@paths) and [`chain_paths`]: the chain rule as a sum over
//!   paths, listed or found one at a time.
//! - [`check_values`] and [`check_gradients`]: where a NaN or an infinity
//!   was born.
//! - [`layer_report`]: dead units, identical units and gradient norms per
//!   layer of an MLP.
//!
//! [`Value::to_petgraph`]: crate::Value::to_petgraph
//! [`Value::to_dot`]: crate::Value::to_dot
//! [`Value::forward_trace`]: crate::Value::forward_trace
//! [`Value::backward_trace`]: crate::Value::backward_trace

mod anomaly;
mod dot;
mod drawing;
mod layers;
mod layout;
mod paths;
mod trace;
mod view;

pub use anomaly::{check_gradients, check_values, Anomaly, AnomalyKind};
pub use dot::{graphviz_available, render, render_all, render_dot, DotOptions, Renderer};
pub(crate) use drawing::escape as escape_markup;
pub use drawing::{Drawing, DrawnEdge, OpCircle, ValueBox};
pub use layers::{layer_report, LayerReport};
pub use layout::{layered, Direction, Layout, LayoutInput, MAX_BENDS};
pub use paths::{chain_paths, paths, ChainPath, ChainPaths, PathSum};
pub use trace::{BackwardStep, BackwardTrace, Contribution, ForwardStep, ForwardTrace};
pub use view::{EdgeInfo, NodeInfo};
