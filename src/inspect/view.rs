//! The subgraph a value depends on: a snapshot of its nodes, and the same as
//! a petgraph `DiGraph`.

use petgraph::graph::{DiGraph, NodeIndex};
use serde::Serialize;

use crate::engine::Arena;
use crate::{Op, Value};

/// One node of the graph as [`Value::to_petgraph`] shows it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NodeInfo {
    /// The node's index in the engine (its creation order).
    pub index: usize,
    /// The operation that produced it.
    #[serde(skip)]
    pub op: Op,
    /// The op's name: its symbol (`+`, `tanh`, `leaf`), or a custom op's
    /// own name.
    #[serde(rename = "op")]
    pub op_name: String,
    /// Its name, if it was given one.
    pub name: Option<String>,
    /// Its value.
    pub data: f64,
    /// Its gradient.
    pub grad: f64,
}

impl NodeInfo {
    /// The name, or `#index` for an unnamed node.
    pub fn label(&self) -> String {
        self.name
            .clone()
            .unwrap_or_else(|| format!("#{}", self.index))
    }
}

/// One edge, from an input to the node computed from it.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct EdgeInfo {
    /// `∂output/∂input`: what backward multiplies the output's gradient by.
    pub local_derivative: f64,
    /// Which input of the op this is (0 for `x` in `x * y`).
    pub position: usize,
    /// False for the constant of an op with a constant (an exponent, a
    /// slope): no gradient flows along this edge.
    pub differentiated: bool,
}

/// A node of a [`Snapshot`].
#[derive(Clone, Debug)]
pub(crate) struct SnapNode {
    pub info: NodeInfo,
    /// `(input index, local derivative, differentiated)`, in input order.
    pub inputs: Vec<(usize, f64, bool)>,
}

/// Every node a root depends on (the root included), in creation order,
/// read under one borrow of the graph.
pub(crate) struct Snapshot {
    pub nodes: Vec<SnapNode>,
    /// `position[i]`: where engine node `i` sits in `nodes`, if it is there.
    position: Vec<Option<usize>>,
}

impl Snapshot {
    /// # Panics
    /// If `root` was discarded, with a message starting with `call`.
    #[track_caller]
    pub(crate) fn of(root: Value<'_>, call: &str) -> Snapshot {
        root.read(call, |arena| Snapshot::read(arena, &[root]))
    }

    /// Every node any of `roots` depends on.
    ///
    /// # Panics
    /// If `roots` is empty, or one of them was discarded, with a message
    /// starting with `call`.
    #[track_caller]
    pub(crate) fn of_roots(roots: &[Value<'_>], call: &str) -> Snapshot {
        let Some(&last) = roots.iter().max_by_key(|r| r.id()) else {
            crate::panics::misuse!(call, "no values to draw");
        };
        for root in roots {
            root.read(call, |_| ());
        }
        last.read(call, |arena| Snapshot::read(arena, roots))
    }

    fn read(tape: &Arena, roots: &[Value<'_>]) -> Snapshot {
        let n = roots.iter().map(|r| r.id() as usize + 1).max().unwrap_or(0);
        let mut seen = vec![false; n];
        let mut stack = Vec::new();
        for root in roots {
            if !std::mem::replace(&mut seen[root.id() as usize], true) {
                stack.push(root.id());
            }
        }
        let mut indices = Vec::new();
        // Iterative depth-first search: no recursion over user data.
        while let Some(i) = stack.pop() {
            indices.push(i);
            for (input, _, _) in tape.local_derivatives(i) {
                if !std::mem::replace(&mut seen[input as usize], true) {
                    stack.push(input);
                }
            }
        }
        indices.sort_unstable();
        let mut position = vec![None; n];
        let nodes = indices
            .iter()
            .enumerate()
            .map(|(k, &i)| {
                position[i as usize] = Some(k);
                SnapNode {
                    info: NodeInfo {
                        index: i as usize,
                        op: tape.node(i).op(),
                        op_name: tape.op_name(i),
                        name: tape.name(i).map(str::to_owned),
                        data: tape.data(i),
                        grad: tape.grad_of(i),
                    },
                    inputs: tape
                        .local_derivatives(i)
                        .into_iter()
                        .map(|(input, d, diff)| (input as usize, d, diff))
                        .collect(),
                }
            })
            .collect();
        Snapshot { nodes, position }
    }

    /// Position in `nodes` of engine node `index`.
    pub(crate) fn position(&self, index: usize) -> Option<usize> {
        self.position.get(index).copied().flatten()
    }

    pub(crate) fn node(&self, index: usize) -> &SnapNode {
        &self.nodes[self.position(index).expect("node of the snapshot")]
    }

    pub(crate) fn root(&self) -> &SnapNode {
        self.nodes.last().expect("a snapshot holds its root")
    }

    /// For each node (by position), the positions of the nodes that use it,
    /// one entry per edge.
    pub(crate) fn consumers(&self) -> Vec<Vec<usize>> {
        let mut consumers = vec![Vec::new(); self.nodes.len()];
        for (k, node) in self.nodes.iter().enumerate() {
            for &(input, _, _) in &node.inputs {
                if let Some(p) = self.position(input) {
                    consumers[p].push(k);
                }
            }
        }
        consumers
    }

    /// A path of engine indices from `index` up to the root, following
    /// consumers (the first one each time; every node here reaches the
    /// root).
    pub(crate) fn path_to_root(&self, index: usize) -> Vec<usize> {
        let consumers = self.consumers();
        let mut path = vec![index];
        let mut k = self.position(index).expect("node of the snapshot");
        let last = self.nodes.len() - 1;
        while k != last {
            // Consumers come after their inputs; the latest one is closest to
            // the root in creation order.
            k = *consumers[k]
                .iter()
                .max()
                .expect("every node reaches the root");
            path.push(self.nodes[k].info.index);
        }
        path
    }
}

impl<'g> Value<'g> {
    /// The subgraph this value depends on, as a petgraph `DiGraph`.
    ///
    /// Nodes carry a [`NodeInfo`] (op, name, data, grad) and are added in
    /// creation order, which is a topological order; edges point from an
    /// input to the node computed from it and carry an [`EdgeInfo`] with the
    /// local derivative. An input used twice (`x * x`) gives two edges.
    /// petgraph's own algorithms run on the result:
    ///
    /// ```
    /// use scalargrad::Graph;
    /// let g = Graph::new();
    /// let x = g.value(2.0).named("x");
    /// let y = (x * x + x).named("y");
    /// let view = y.to_petgraph();
    /// assert_eq!(view.node_count(), 3); // x, x*x, y
    /// assert_eq!(view.edge_count(), 4); // x→x*x twice, x*x→y, x→y
    /// assert!(petgraph::algo::toposort(&view, None).is_ok());
    /// ```
    #[track_caller]
    pub fn to_petgraph(self) -> DiGraph<NodeInfo, EdgeInfo> {
        let snapshot = Snapshot::of(self, "Value::to_petgraph");
        let mut graph = DiGraph::with_capacity(snapshot.nodes.len(), snapshot.nodes.len() * 2);
        for node in &snapshot.nodes {
            graph.add_node(node.info.clone());
        }
        for (k, node) in snapshot.nodes.iter().enumerate() {
            for (position, &(input, local_derivative, differentiated)) in
                node.inputs.iter().enumerate()
            {
                let from = snapshot
                    .position(input)
                    .expect("inputs are in the snapshot");
                graph.add_edge(
                    NodeIndex::new(from),
                    NodeIndex::new(k),
                    EdgeInfo {
                        local_derivative,
                        position,
                        differentiated,
                    },
                );
            }
        }
        graph
    }
}
