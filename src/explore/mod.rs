//! The explorer: a local web server whose page steps backpropagation on
//! the learner's own formula, trains small networks while showing their
//! gradients, and shows the lesson (`scalargrad explore`, feature
//! `explore`, on by default).
//!
//! The server only calls the library: every number the page shows is the
//! engine's. The HTTP API is specified in `docs/explorer-api.md`; each view
//! has one file here, which turns library calls into that JSON:
//!
//! - `expression/` and `drawing.rs`: a formula recorded with
//!   [`expr`](crate::expr), its nodes and edges, a micrograd-style drawing
//!   laid out by [`inspect::layered`](crate::inspect::layered), the forward
//!   steps, the reverse sweep edge by edge (as
//!   [`Value::backward_trace`](crate::Value::backward_trace) orders it), where
//!   a NaN was born; the chain rule as a sum over paths; a nudge check.
//! - `network/`: training sessions: a dataset from [`data`](crate::data), an
//!   [`Mlp`](crate::nn::Mlp), an optimizer from
//!   [`optim::by_name`](crate::optim::by_name), mini-batch steps, the decision
//!   regions, [`inspect::layer_report`](crate::inspect::layer_report) and one
//!   neuron's `e_j·a_i` table; the lesson's situations as presets. Each
//!   session runs on its own thread, which owns its graph.
//! - `lesson.rs`: the lesson's sections, run once, text and pictures.
//! - `server.rs`: the server's thread, the routes, JSON errors, panics
//!   turned into errors; `routes.rs`: the handlers, which check every
//!   request against `limits.rs`; `assets.rs`: the page, embedded, and the
//!   one-file export.
//!
//! ```no_run
//! use scalargrad::explore::{Server, ServerConfig};
//!
//! let server = Server::start(ServerConfig::default())?; // 127.0.0.1, a free port
//! println!("{}", server.url());
//! server.wait();
//! # Ok::<(), std::io::Error>(())
//! ```

mod assets;
mod drawing;
mod error;
mod expression;
mod lesson;
mod limits;
mod network;
mod number;
mod routes;
mod server;
mod text;

pub use assets::{export_html, page_html, Asset, ExportError, ASSETS, DATA_ELEMENT_ID};
pub use error::ApiError;
pub use expression::{expression_json, MICROGRAD_FORMULA};
pub use limits::Limits;
pub use number::Num;
pub use server::{Server, ServerConfig, COMPUTING};
