//! The chain rule as a sum over paths.
//!
//! For an input `x` and an output `y`, `∂y/∂x` is the sum, over every path
//! `x → … → y` in the graph, of the product of the local derivatives along
//! the path. Backward computes the same number without listing the paths;
//! here they are listed, so the identity can be seen on real numbers.

use std::fmt;

use super::view::Snapshot;
use crate::Value;

/// One path from the input to the output.
#[derive(Clone, Debug, PartialEq)]
pub struct ChainPath {
    /// Engine indices along the path, input first, output last.
    pub nodes: Vec<usize>,
    /// The local derivative of each edge (one fewer than `nodes`).
    pub local_derivatives: Vec<f64>,
    /// Their product.
    pub product: f64,
}

/// Every path from an input to an output, the products along them, and
/// their sum.
///
/// The number of paths can grow exponentially with depth (`b = a + a`
/// repeated `k` times has `2^k`), so only the first `limit` paths are
/// listed; `count` says how many there are, and `total` sums all of them by
/// dynamic programming.
#[derive(Clone, Debug, PartialEq)]
pub struct PathSum {
    /// The input's index.
    pub input: usize,
    /// The output's index.
    pub output: usize,
    /// How many paths there are (saturating at `u128::MAX`).
    pub count: u128,
    /// The first `limit` paths.
    pub paths: Vec<ChainPath>,
    /// The sum of the listed paths' products.
    pub sum_of_listed: f64,
    /// The sum over all paths: `∂output/∂input`.
    pub total: f64,
    /// Node labels (name or op) for display, by engine index.
    labels: Vec<(usize, String)>,
}

impl PathSum {
    /// True when every path is listed, so `sum_of_listed` is the full sum.
    pub fn complete(&self) -> bool {
        self.paths.len() as u128 == self.count
    }

    fn label(&self, index: usize) -> &str {
        self.labels
            .iter()
            .find(|(i, _)| *i == index)
            .map(|(_, l)| l.as_str())
            .unwrap_or("?")
    }
}

/// Lists the paths from `input` to `output` (at most `limit`), with the
/// product of local derivatives along each, and sums them.
///
/// ```
/// use scalargrad::{inspect, Graph};
/// let g = Graph::new();
/// let x = g.value(3.0).named("x");
/// let y = (x * x + x).named("y"); // dy/dx = 2x + 1 = 7
/// let paths = inspect::paths(x, y, 10);
/// assert_eq!(paths.count, 3); // x→x·x (as left factor), x→x·x (as right), x→y
/// assert_eq!(paths.total, 7.0);
/// y.backward();
/// assert_eq!(x.grad(), paths.total);
/// println!("{paths}");
/// ```
///
/// # Panics
/// If the values belong to different graphs or one was discarded.
#[track_caller]
pub fn paths<'g>(input: Value<'g>, output: Value<'g>, limit: usize) -> PathSum {
    const CALL: &str = "inspect::paths";
    input.check_graph(output.graph, CALL);
    input.read(CALL, |_| ()); // a discarded input panics
    let snapshot = Snapshot::of(output, CALL);
    let labels = snapshot
        .nodes
        .iter()
        .map(|n| {
            let label = match (&n.info.name, n.info.op) {
                (Some(name), _) => name.clone(),
                (None, crate::Op::Leaf) => format!("#{}", n.info.index),
                (None, _) => format!("{}#{}", n.info.op_name, n.info.index),
            };
            (n.info.index, label)
        })
        .collect();
    let empty = |labels| PathSum {
        input: input.index(),
        output: output.index(),
        count: 0,
        paths: Vec::new(),
        sum_of_listed: 0.0,
        total: 0.0,
        labels,
    };
    let Some(start) = snapshot.position(input.index()) else {
        return empty(labels);
    };
    let n = snapshot.nodes.len();

    // Forward over the nodes after the input: how many paths reach each node
    // from the input, and the sum of their products (forward-mode ∂node/∂x).
    let mut count = vec![0u128; n];
    let mut total = vec![0.0f64; n];
    count[start] = 1;
    total[start] = 1.0;
    for k in start + 1..n {
        for &(i, d, _) in &snapshot.nodes[k].inputs {
            let p = snapshot.position(i).expect("inputs are in the snapshot");
            if count[p] > 0 {
                count[k] = count[k].saturating_add(count[p]);
                // As in the engine, a zero factor contributes 0 even when the
                // local derivative is infinite.
                if total[p] != 0.0 {
                    total[k] += total[p] * d;
                }
            }
        }
    }

    // List paths from the output down to the input, depth first, with an
    // explicit stack: (position, next input to try).
    let mut listed = Vec::new();
    let mut stack: Vec<(usize, usize)> = vec![(n - 1, 0)];
    while let Some(&mut (k, ref mut next)) = stack.last_mut() {
        if listed.len() >= limit {
            break;
        }
        if k == start {
            let nodes: Vec<usize> = stack
                .iter()
                .rev()
                .map(|&(p, _)| snapshot.nodes[p].info.index)
                .collect();
            // The edge into stack[j] from stack[j+1] is input (next - 1) of stack[j].
            let mut local_derivatives: Vec<f64> = stack
                .windows(2)
                .map(|w| snapshot.nodes[w[0].0].inputs[w[0].1 - 1].1)
                .collect();
            local_derivatives.reverse();
            let product = local_derivatives.iter().product();
            listed.push(ChainPath {
                nodes,
                local_derivatives,
                product,
            });
            stack.pop();
            continue;
        }
        let inputs = &snapshot.nodes[k].inputs;
        if *next >= inputs.len() {
            stack.pop();
            continue;
        }
        let p = snapshot
            .position(inputs[*next].0)
            .expect("inputs are in the snapshot");
        *next += 1;
        if count[p] > 0 {
            stack.push((p, 0));
        }
    }

    PathSum {
        input: input.index(),
        output: output.index(),
        count: count[n - 1],
        sum_of_listed: listed.iter().map(|p| p.product).sum(),
        paths: listed,
        total: total[n - 1],
        labels,
    }
}

impl fmt::Display for PathSum {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (x, y) = (self.label(self.input), self.label(self.output));
        writeln!(
            f,
            "∂{y}/∂{x} as a sum over paths: {} path{} from {x} to {y}",
            self.count,
            if self.count == 1 { "" } else { "s" }
        )?;
        for path in &self.paths {
            let route: Vec<&str> = path.nodes.iter().map(|&i| self.label(i)).collect();
            let factors: Vec<String> = path
                .local_derivatives
                .iter()
                .map(|d| format!("{d:.4}"))
                .collect();
            writeln!(
                f,
                "  {}:  {} = {:.6}",
                route.join(" → "),
                factors.join(" · "),
                path.product
            )?;
        }
        if !self.complete() {
            writeln!(
                f,
                "  … {} more path(s) not listed; listed sum {:.6}",
                self.count - self.paths.len() as u128,
                self.sum_of_listed
            )?;
        }
        writeln!(f, "sum over all paths = {:.6}", self.total)
    }
}
