//! # Record once, replay every step
//!
//! A training step whose graph has the same shape every time need not be
//! recorded again: keep the graph, change its leaves with `set_data`, and
//! call `Graph::recompute`. This trains micrograd's moons demo both ways from
//! micrograd's own initial parameters, checks that the losses agree to the
//! last bit, times both, and shows what makes replay wrong: a branch taken in
//! Rust on a node's data is decided once, when the graph is recorded.
//!
//! The walkthrough is [`scalargrad::lesson::micrograd::replay`].
//!
//! Run: `cargo run --release --example replay`

use std::error::Error;

fn main() -> Result<(), Box<dyn Error>> {
    scalargrad::lesson::micrograd::replay::run(&mut std::io::stdout().lock())?;
    Ok(())
}
