//! Backward, written the plain way: read this first.
//!
//! [`Value::backward`](crate::Value::backward) computes exactly what
//! [`backward`] below computes; it only does it faster (the engine's
//! `backward.rs` says how, and a test runs both on thousands of random
//! graphs).
//!
//! # The idea
//!
//! Every operation records a node, and a node can only use nodes that
//! already exist. So the order in which nodes were created is a topological
//! order: each node comes after all of its inputs, and, read backwards,
//! each node comes before all of its inputs. Walking the nodes from the root
//! down to node 0, by the time we reach a node every node that uses it has
//! been visited, so its gradient is complete. No recursion and no
//! depth-first search are needed (micrograd builds its topological order
//! with a recursive search; here the graph *is* its order).
//!
//! At each node, the chain rule: the node's gradient `∂root/∂node` (the
//! *upstream* gradient) times the edge's local derivative `∂node/∂input`
//! (from the op's row of [`Op`](crate::Op), as
//! [`Value::local_gradients`](crate::Value::local_gradients) lists them) is
//! this path's contribution to `∂root/∂input`. Contributions are added
//! (`+=`), so an input used twice (`b = a + a`) gets both. The constant of
//! an op with a constant (`powf`'s exponent) is listed with a derivative of
//! 0 and gets nothing, not even `0·NaN`.
//!
//! A node whose gradient is 0 passes nothing on and is skipped: this is
//! what leaves alone the nodes the root does not depend on, and it means a
//! zero gradient times an infinite local derivative counts as 0, not NaN.
//!
//! ```
//! use scalargrad::{reference, Graph};
//!
//! let g = Graph::new();
//! let a = g.value(3.0);
//! let b = a * a + a; // db/da = 2a + 1 = 7
//! let grads = reference::backward(b);
//! assert_eq!(grads[a.index()], 7.0);
//!
//! b.backward(); // the fast sweep agrees
//! assert_eq!(a.grad(), grads[a.index()]);
//! ```

use super::Value;

/// `∂root/∂node` for every node created up to `root`, indexed by
/// [`Value::index`](crate::Value::index), computed by one walk in reverse
/// creation order. It reads the graph and writes nothing: the graph's own
/// gradients are untouched.
///
/// # Panics
/// If `root` was discarded by [`Graph::truncate`](crate::Graph::truncate).
///
/// # Complexity
/// One visit per node and one multiply-add per edge, plus one small
/// allocation per node (its list of local gradients).
#[track_caller]
pub fn backward(root: Value<'_>) -> Vec<f64> {
    root.read("reference::backward", |_| ()); // a discarded root panics
    let graph = root.graph();
    let mut grad = vec![0.0; root.index() + 1];
    grad[root.index()] = 1.0; // ∂root/∂root
    for node in (0..=root.index()).rev() {
        let upstream = grad[node];
        if upstream == 0.0 {
            continue; // nothing reaches the root through this node
        }
        // Every edge but the one into the constant of an op with a constant
        // (`powf`'s exponent, `elu`'s α), which `local_gradients` lists
        // with a derivative of 0 and which receives nothing, not even 0·NaN.
        let edges = graph.value_at(node).gradient_edges("reference::backward");
        for (input, local) in edges {
            grad[input.index()] += upstream * local;
        }
    }
    grad
}
