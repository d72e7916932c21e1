//! `scalargrad train` and `scalargrad predict`.
//!
//! - `options.rs`: the options of `train`, and reading them (the data, the
//!   hidden layers, the loss);
//! - `run.rs`: the training run and its report;
//! - `predict.rs`: `predict`, with a saved model.

mod options;
mod predict;
mod run;

pub use options::TrainArgs;
pub use predict::{predict, PredictArgs};
pub use run::train;
