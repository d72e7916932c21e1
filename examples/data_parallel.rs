//! # Training on both cores: one graph per thread, gradients summed
//!
//! A `Graph` belongs to one thread, so each thread builds its own graph with
//! a copy of the network and the loss of its share of the batch (recorded
//! once, replayed every step), and the gradients are summed before one
//! update. Prints the time per step with 1 and 2 threads on micrograd's demo
//! (100 points) and on 1,000 and 10,000 points.
//!
//! The training loop is [`scalargrad::lesson::micrograd::data_parallel`].
//!
//! Run: `cargo run --release --example data_parallel`

fn main() -> std::io::Result<()> {
    scalargrad::lesson::micrograd::data_parallel::run(&mut std::io::stdout().lock())
}
