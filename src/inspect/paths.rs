//! The chain rule as a sum over paths.
//!
//! For an input `x` and an output `y`, `∂y/∂x` is the sum, over every path
//! `x → … → y` in the graph, of the product of the local derivatives along
//! the path. Backward computes the same number without listing the paths;
//! here they are listed, so the identity can be seen on real numbers.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

use super::view::{NodeInfo, Snapshot};
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
    /// Labels (name or op) of the input, the output and every node on a
    /// listed path, by engine index.
    labels: HashMap<usize, String>,
}

impl PathSum {
    /// True when every path is listed, so `sum_of_listed` is the full sum.
    pub fn complete(&self) -> bool {
        self.paths.len() as u128 == self.count
    }

    fn label(&self, index: usize) -> &str {
        self.labels.get(&index).map_or("?", String::as_str)
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
/// # Complexity
/// `O(n + e)` for the count and the sum over the `n` nodes and `e` edges
/// `output` depends on, plus the length of each listed path. To print paths
/// as they are found, without keeping them, use [`chain_paths`].
///
/// # Panics
/// If the values belong to different graphs or one was discarded.
#[track_caller]
pub fn paths<'g>(input: Value<'g>, output: Value<'g>, limit: usize) -> PathSum {
    let mut found = ChainPaths::new(input, output, "inspect::paths");
    let listed: Vec<ChainPath> = found.by_ref().take(limit).collect();
    let mut labels = HashMap::new();
    for index in listed
        .iter()
        .flat_map(|p| p.nodes.iter().copied())
        .chain([found.input, found.output])
    {
        labels
            .entry(index)
            .or_insert_with(|| found.label(index).into_owned());
    }
    PathSum {
        input: found.input,
        output: found.output,
        count: found.count,
        sum_of_listed: listed.iter().map(|p| p.product).sum(),
        paths: listed,
        total: found.total,
        labels,
    }
}

/// The paths from `input` to `output`, found one at a time as the iterator
/// is advanced (depth first, from the output down), with their count and
/// their sum known from the start.
///
/// ```
/// use scalargrad::{inspect, Graph};
/// let g = Graph::new();
/// let x = g.value(3.0).named("x");
/// let y = (x * x + x).named("y");
/// let mut paths = inspect::chain_paths(x, y);
/// assert_eq!((paths.path_count(), paths.total()), (3, 7.0));
/// let first = paths.next().unwrap();
/// assert_eq!(paths.route(&first), "x → *#1 → y");
/// assert_eq!(paths.by_ref().count(), 2); // the two others
/// ```
///
/// # Complexity
/// `O(n + e)` to start (count and sum, over the `n` nodes and `e` edges
/// `output` depends on), then each path in time proportional to its length
/// plus the edges the search backs out of. Nothing is kept between paths.
///
/// # Panics
/// If the values belong to different graphs or one was discarded.
#[track_caller]
pub fn chain_paths<'g>(input: Value<'g>, output: Value<'g>) -> ChainPaths {
    ChainPaths::new(input, output, "inspect::chain_paths")
}

/// The iterator of [`chain_paths`]: each item is one path.
pub struct ChainPaths {
    input: usize,
    output: usize,
    count: u128,
    total: f64,
    snapshot: Snapshot,
    /// Position of the input in the snapshot (`None`: no path).
    start: Option<usize>,
    /// How many paths reach each node (by position) from the input.
    reaching: Vec<u128>,
    /// The search: (position, next input to try), output first.
    stack: Vec<(usize, usize)>,
}

impl ChainPaths {
    #[track_caller]
    fn new<'g>(input: Value<'g>, output: Value<'g>, call: &str) -> ChainPaths {
        input.check_graph(output.graph, call);
        input.read(call, |_| ()); // a discarded input panics
        let snapshot = Snapshot::of(output, call);
        let start = snapshot.position(input.index());
        let n = snapshot.nodes.len();
        let mut reaching = vec![0u128; n];
        let (mut count, mut total) = (0, 0.0);
        if let Some(start) = start {
            // Forward over the nodes after the input: how many paths reach
            // each node from the input, and the sum of their products
            // (forward-mode ∂node/∂x).
            let mut sum = vec![0.0f64; n];
            reaching[start] = 1;
            sum[start] = 1.0;
            for k in start + 1..n {
                for &(i, d, _) in &snapshot.nodes[k].inputs {
                    let p = snapshot.position(i).expect("inputs are in the snapshot");
                    if reaching[p] > 0 {
                        reaching[k] = reaching[k].saturating_add(reaching[p]);
                        // As in the engine, a zero factor contributes 0 even
                        // when the local derivative is infinite.
                        if sum[p] != 0.0 {
                            sum[k] += sum[p] * d;
                        }
                    }
                }
            }
            count = reaching[n - 1];
            total = sum[n - 1];
        }
        ChainPaths {
            input: input.index(),
            output: output.index(),
            count,
            total,
            stack: if count > 0 {
                vec![(n - 1, 0)]
            } else {
                Vec::new()
            },
            snapshot,
            start,
            reaching,
        }
    }

    /// How many paths there are (saturating at `u128::MAX`), found yet or
    /// not. (Not `count`, which is the iterator's: it would walk them all.)
    pub fn path_count(&self) -> u128 {
        self.count
    }

    /// The sum over all paths: `∂output/∂input`.
    pub fn total(&self) -> f64 {
        self.total
    }

    /// The input's index.
    pub fn input(&self) -> usize {
        self.input
    }

    /// The output's index.
    pub fn output(&self) -> usize {
        self.output
    }

    /// A node's label: its name, `op#index` for an unnamed op, `#index` for
    /// an unnamed leaf. In O(1).
    pub fn label(&self, index: usize) -> Cow<'_, str> {
        match self.snapshot.position(index) {
            None => Cow::Borrowed("?"),
            Some(p) => label_of(&self.snapshot.nodes[p].info),
        }
    }

    /// A path's nodes by label, joined with arrows: `x → *#1 → y`.
    pub fn route(&self, path: &ChainPath) -> String {
        let labels: Vec<Cow<'_, str>> = path.nodes.iter().map(|&i| self.label(i)).collect();
        labels.join(" → ")
    }
}

impl Iterator for ChainPaths {
    type Item = ChainPath;

    fn next(&mut self) -> Option<ChainPath> {
        let start = self.start?;
        while let Some(&mut (k, ref mut next)) = self.stack.last_mut() {
            if k == start {
                let nodes: Vec<usize> = self
                    .stack
                    .iter()
                    .rev()
                    .map(|&(p, _)| self.snapshot.nodes[p].info.index)
                    .collect();
                // The edge into stack[j] from stack[j+1] is input (next - 1)
                // of stack[j].
                let mut local_derivatives: Vec<f64> = self
                    .stack
                    .windows(2)
                    .map(|w| self.snapshot.nodes[w[0].0].inputs[w[0].1 - 1].1)
                    .collect();
                local_derivatives.reverse();
                let product = local_derivatives.iter().product();
                self.stack.pop();
                return Some(ChainPath {
                    nodes,
                    local_derivatives,
                    product,
                });
            }
            let inputs = &self.snapshot.nodes[k].inputs;
            if *next >= inputs.len() {
                self.stack.pop();
                continue;
            }
            let p = self
                .snapshot
                .position(inputs[*next].0)
                .expect("inputs are in the snapshot");
            *next += 1;
            // Only inputs the input reaches: every step leads to a path.
            if self.reaching[p] > 0 {
                self.stack.push((p, 0));
            }
        }
        None
    }
}

fn label_of(info: &NodeInfo) -> Cow<'_, str> {
    match (&info.name, info.op) {
        (Some(name), _) => Cow::Borrowed(name.as_str()),
        (None, crate::Op::Leaf) => Cow::Owned(format!("#{}", info.index)),
        (None, _) => Cow::Owned(format!("{}#{}", info.op_name, info.index)),
    }
}

impl ChainPath {
    /// The local derivatives with 4 decimals, joined with `·`, then `=` and
    /// the product with 6: `2.0000 · 1.0000 = 2.000000`.
    pub fn factors(&self) -> String {
        let factors: Vec<String> = self
            .local_derivatives
            .iter()
            .map(|d| format!("{d:.4}"))
            .collect();
        format!("{} = {:.6}", factors.join(" · "), self.product)
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
            writeln!(f, "  {}:  {}", route.join(" → "), path.factors())?;
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
