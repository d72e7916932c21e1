//! [`Graph`]: the public face of the arena.

use std::cell::RefCell;
use std::fmt;

use super::arena::Arena;

/// An append-only arena that records every operation on its [`Value`](crate::Value)s.
///
/// Create one, make leaves with [`Graph::value`], compute with ordinary
/// operators and methods, then call [`Value::backward`](crate::Value::backward) on the result:
///
/// ```
/// use scalargrad::Graph;
///
/// let g = Graph::new();
/// let x = g.value(3.0).named("x");
/// let y = x * x + 2.0 * x; // y = x² + 2x
/// y.backward();
/// assert_eq!(y.data(), 15.0);
/// assert_eq!(x.grad(), 8.0); // dy/dx = 2x + 2
/// ```
///
/// # Training loops and memory
///
/// Parameters are leaves created first. Each step records new nodes on top of
/// them; [`Graph::truncate`] discards those nodes and keeps their memory for
/// the next step, so memory stays flat over any number of steps:
///
/// ```
/// use scalargrad::Graph;
///
/// let g = Graph::new();
/// let w = g.value(0.5);
/// let n_params = g.len();
/// for _ in 0..3 {
///     let loss = (w * 4.0 - 1.0).powf(2.0);
///     g.zero_grad();
///     loss.backward();
///     w.set_data(w.data() - 0.01 * w.grad());
///     g.truncate(n_params); // `loss` must not be used after this
/// }
/// assert_eq!(g.len(), 1);
/// ```
///
/// Handles to discarded nodes are detected: using one panics with a message
/// saying it was discarded, and never reads the node that reused its slot.
/// A `Graph` is not `Sync`: give each thread its own.
pub struct Graph {
    pub(crate) arena: RefCell<Arena>,
}

impl Default for Graph {
    fn default() -> Self {
        Graph::new()
    }
}

impl fmt::Debug for Graph {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Graph").field("len", &self.len()).finish()
    }
}

impl Graph {
    /// An empty graph.
    pub fn new() -> Graph {
        Graph {
            arena: RefCell::new(Arena::new()),
        }
    }

    /// An empty graph with room for `nodes` nodes before it reallocates.
    pub fn with_capacity(nodes: usize) -> Graph {
        let graph = Graph::new();
        {
            let mut arena = graph.arena.borrow_mut();
            arena.reserve(nodes);
        }
        graph
    }

    /// Number of nodes recorded.
    pub fn len(&self) -> usize {
        self.arena.borrow().len()
    }

    /// True when no node has been recorded.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many nodes the arena holds before it must reallocate.
    pub fn capacity(&self) -> usize {
        self.arena.borrow().capacity()
    }

    /// Heap memory held by the arena, in bytes (capacities, not lengths):
    /// data, gradients, node records and operand lists.
    pub fn memory_bytes(&self) -> usize {
        self.arena.borrow().heap_bytes()
    }

    /// Discards every node created after the first `n`, keeping their memory
    /// for reuse. Does nothing if the graph holds `n` nodes or fewer.
    ///
    /// Handles to the discarded nodes become stale: using one panics with a
    /// message that says so. Handles to the first `n` nodes stay valid, with
    /// their data, gradients and names.
    ///
    /// # Panics
    /// After 2³² truncations that discarded nodes (a fresh `Graph` resets the
    /// count).
    ///
    /// # Complexity
    /// O(1), plus the names and operand lists of the discarded nodes.
    pub fn truncate(&self, n: usize) {
        self.arena.borrow_mut().truncate(n);
    }

    /// Sets every gradient to 0.
    ///
    /// # Complexity
    /// O(1): gradients are allocated again, zeroed, by the next backward.
    pub fn zero_grad(&self) {
        self.arena.borrow_mut().zero_grad();
    }

    /// Re-evaluates every node from its inputs, in creation order, after
    /// leaves changed with [`Value::set_data`](crate::Value::set_data).
    ///
    /// This replays a recorded graph: a training loop whose graph has the same
    /// shape at every step can record it once, then at each step set the
    /// inputs and parameters, `recompute()`, [`zero_grad`](Graph::zero_grad)
    /// and [`backward`](crate::Value::backward), with no new nodes at all. Results
    /// are bit for bit those of recording the graph again (same ops, same
    /// order). Measured on micrograd's demo step (README "Performance"):
    /// replaying its graph of binary ops takes about half the time of
    /// recording it again (99 against 205 µs), and replaying the same step
    /// with an `Mlp` 0.94 × the time of recording it (27.6 against 29.5 µs:
    /// a whole layer is recorded at once, so there is less to save); over
    /// the 100 steps of the demo, where more units die,
    /// `examples/replay.rs` prints about 0.6 ×.
    ///
    /// ```
    /// use scalargrad::Graph;
    ///
    /// let g = Graph::new();
    /// let w = g.value(0.0);
    /// let x = g.value(2.0);
    /// let loss = (w * x - 1.0).powf(2.0); // recorded once: (wx - 1)²
    /// for _ in 0..50 {
    ///     g.recompute();
    ///     g.zero_grad();
    ///     loss.backward(); // ∂loss/∂w = 2(wx - 1)·x
    ///     w.set_data(w.data() - 0.1 * w.grad());
    /// }
    /// g.recompute();
    /// assert!((w.data() - 0.5).abs() < 1e-9 && loss.data() < 1e-12);
    /// ```
    ///
    /// # When replay is valid
    ///
    /// When every step would record the same ops on the same inputs:
    /// - the same network and the same batch size (a smaller last batch needs
    ///   its own graph);
    /// - branches that depend on data are ops of the graph (`relu`,
    ///   `leaky_relu`, `max` written with `relu`, …), not Rust `if`s on
    ///   [`Value::data`](crate::Value::data): an `if` runs once, when the graph is recorded;
    /// - no leaf is made from another node's data (`g.value(y.data())` stays
    ///   frozen at the recorded number); constants stay as recorded.
    ///
    /// Leaves keep their data: only nodes with inputs are re-evaluated.
    /// Gradients are untouched; call `zero_grad` before the next backward.
    ///
    /// # Complexity
    /// O(nodes + edges), no allocation.
    pub fn recompute(&self) {
        self.arena.borrow_mut().recompute();
    }
}
