//! Neurons, layers and multi-layer perceptrons built from [`Value`]s, with
//! every gradient of the lesson visible.
//!
//! - [`Activation`] and [`Init`]: the non-linearities and initializers, with
//!   PyTorch's defaults.
//! - [`Neuron`], [`Layer`], [`Mlp`]: each neuron's `z_j = Σ_i w_ij·a_i + b_j`
//!   is one node of the graph, so `∂z_j/∂w_ij = a_i` is one edge.
//! - [`Mlp::forward_trace`] keeps every layer's `a_i`, `z_j`, `a_j`; after a
//!   backward `e_j = z_j.grad()`, and [`GradientTable`] checks
//!   `∂J/∂w_ij = e_j·a_i` row by row.
//! - [`Mlp::backprop_by_hand`] runs the lesson's recursion
//!   `e⁽ˡ⁾ = (W⁽ˡ⁺¹⁾ e⁽ˡ⁺¹⁾) ⊙ f'(z⁽ˡ⁾)` on plain numbers.
//! - [`LinearRegression`], [`LogisticRegression`], [`SoftmaxRegression`]: the
//!   single-layer models of the lesson's initialization examples.
//!
//! [`Value`]: crate::Value

mod activation;
mod init;
mod layer;
mod mlp;
mod models;
mod neuron;
mod textbook;
mod trace;

pub use activation::Activation;
pub(crate) use init::standard_normal;
pub use init::Init;
pub use layer::{Layer, LayerSpec};
pub(crate) use mlp::Blueprint;
pub use mlp::{Mlp, MlpBuilder};
pub use models::{LinearRegression, LogisticRegression, SoftmaxRegression};
pub(crate) use neuron::check_inputs;
pub use neuron::Neuron;
pub use textbook::{Backprop, BackpropLayer};
pub(crate) use trace::check_traces;
pub use trace::{GradientRow, GradientTable, LayerTrace, MlpTrace};
