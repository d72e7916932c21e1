//! A layered layout for drawings of the graph, in time close to linear in
//! its size: a few thousand nodes in milliseconds.
//!
//! The steps are the classic ones (Sugiyama's), each kept simple:
//! 1. *Layers.* A node's layer is one more than its deepest input's
//!    (creation order is a topological order, so one pass does it); a node
//!    without inputs sits just before its first consumer, so constants and
//!    leaves are drawn next to where they are used.
//! 2. *Long edges.* An edge spanning several layers gets a chain of
//!    invisible points, one per layer crossed, so that it can bend around
//!    the boxes in between. Their number is capped ([`MAX_BENDS`]); past
//!    the cap, the longest edges are drawn straight.
//! 3. *Order within layers.* Start from creation order, then a few sweeps
//!    that sort each layer by the mean position of each node's neighbours
//!    in the layer before (the barycenter heuristic), to untangle edges.
//! 4. *Coordinates.* Layers side by side; within a layer, each node as close
//!    as the boxes allow to the mean of its neighbours, in two passes.

/// Which way the layers go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// Inputs on the left, the output on the right (micrograd's drawings).
    LeftToRight,
    /// Inputs at the top, the output at the bottom.
    TopDown,
}

/// The most bend points added for long edges, in all.
pub const MAX_BENDS: usize = 20_000;

/// Spacing between layers and between boxes in a layer, in the drawing's
/// units (pixels in SVG).
const LAYER_GAP: f64 = 40.0;
const NODE_GAP: f64 = 14.0;
/// Order sweeps (each goes down then up the layers).
const SWEEPS: usize = 4;

/// A graph to lay out: boxes in topological order (every input before the
/// nodes that read it).
#[derive(Clone, Debug, Default)]
pub struct LayoutInput {
    /// Width and height of each box.
    pub sizes: Vec<(f64, f64)>,
    /// Edges `(from, to)`: `from` is an input of `to`, so `from < to`.
    pub edges: Vec<(usize, usize)>,
}

/// Where everything goes.
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    /// The centre of each box.
    pub centers: Vec<(f64, f64)>,
    /// For each edge of the input, in order, the points it passes through
    /// between its two boxes (empty for an edge drawn straight).
    pub bends: Vec<Vec<(f64, f64)>>,
    /// Width and height of the whole drawing.
    pub size: (f64, f64),
}

/// Lays out `graph` in layers going `direction`.
///
/// # Panics
/// If an edge does not go from a smaller index to a larger one, or names a
/// box that does not exist.
///
/// # Complexity
/// O((V + E + B) log V) with B ≤ [`MAX_BENDS`] bend points.
#[track_caller]
pub fn layered(graph: &LayoutInput, direction: Direction) -> Layout {
    let n = graph.sizes.len();
    for &(from, to) in &graph.edges {
        if !(from < to && to < n) {
            panic!("inspect::layered: edge {from} → {to} does not go forward among {n} boxes");
        }
    }
    // Each box's size along its layer (breadth) and across layers (depth).
    let (breadth, depth): (Vec<f64>, Vec<f64>) = graph
        .sizes
        .iter()
        .map(|&(w, h)| match direction {
            Direction::LeftToRight => (h, w),
            Direction::TopDown => (w, h),
        })
        .unzip();

    let mut layer = layers(n, &graph.edges);
    // Vertices: the boxes, then the bend points of long edges.
    let chains = bends(&graph.edges, &mut layer);
    let total = layer.len();
    let size = |v: usize| if v < n { breadth[v] } else { 0.0 };
    let (before, after) = neighbours(total, &graph.edges, &chains);
    let count = layer.iter().max().map_or(0, |l| l + 1);
    let layers = order(&layer, count, &before, &after);

    // Across layers: each layer's centre line.
    let mut thickness = vec![0.0f64; count];
    for v in 0..n {
        thickness[layer[v]] = thickness[layer[v]].max(depth[v]);
    }
    let mut center_line = Vec::with_capacity(count);
    let mut at = 0.0;
    for &t in &thickness {
        center_line.push(at + t / 2.0);
        at += t + LAYER_GAP;
    }
    let full_depth = (at - LAYER_GAP).max(0.0);

    // Along layers.
    let along = coordinates(&layers, &before, &after, size);
    let low = (0..total)
        .map(|v| along[v] - size(v) / 2.0)
        .fold(f64::INFINITY, f64::min);
    let low = if low.is_finite() { low } else { 0.0 };
    let full_breadth = (0..total)
        .map(|v| along[v] + size(v) / 2.0 - low)
        .fold(0.0, f64::max);
    let place = |v: usize| {
        let (b, d) = (along[v] - low, center_line[layer[v]]);
        match direction {
            Direction::LeftToRight => (d, b),
            Direction::TopDown => (b, d),
        }
    };
    Layout {
        centers: (0..n).map(place).collect(),
        bends: chains
            .iter()
            .map(|chain| chain.iter().map(|&v| place(v)).collect())
            .collect(),
        size: match direction {
            Direction::LeftToRight => (full_depth, full_breadth),
            Direction::TopDown => (full_breadth, full_depth),
        },
    }
}

/// Each box's layer: one more than its deepest input; a box without inputs
/// just before its first consumer.
fn layers(n: usize, edges: &[(usize, usize)]) -> Vec<usize> {
    let mut inputs: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut consumers: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(from, to) in edges {
        inputs[to].push(from);
        consumers[from].push(to);
    }
    let mut layer = vec![0usize; n];
    for v in 0..n {
        // Inputs come first, so their layers are known.
        layer[v] = inputs[v].iter().map(|&u| layer[u] + 1).max().unwrap_or(0);
    }
    for v in 0..n {
        if inputs[v].is_empty() {
            if let Some(first) = consumers[v].iter().map(|&c| layer[c]).min() {
                layer[v] = first - 1;
            }
        }
    }
    layer
}

/// Adds bend points (vertices past the boxes, with their layers pushed on
/// `layer`) for edges longer than one layer, shortest first, until
/// [`MAX_BENDS`]; returns each edge's chain of bend points.
fn bends(edges: &[(usize, usize)], layer: &mut Vec<usize>) -> Vec<Vec<usize>> {
    let span = |(from, to): (usize, usize), layer: &[usize]| layer[to] - layer[from] - 1;
    let mut by_span: Vec<usize> = (0..edges.len()).collect();
    by_span.sort_by_key(|&e| span(edges[e], layer));
    let mut budget = MAX_BENDS;
    let mut chains = vec![Vec::new(); edges.len()];
    for e in by_span {
        let needed = span(edges[e], layer);
        if needed == 0 || needed > budget {
            continue;
        }
        budget -= needed;
        let start = layer[edges[e].0];
        for k in 1..=needed {
            chains[e].push(layer.len());
            layer.push(start + k);
        }
    }
    chains
}

/// For each vertex, its neighbours in earlier layers (`before`) and later
/// ones (`after`), following each edge through its bend points.
fn neighbours(
    total: usize,
    edges: &[(usize, usize)],
    chains: &[Vec<usize>],
) -> (Vec<Vec<usize>>, Vec<Vec<usize>>) {
    let mut before = vec![Vec::new(); total];
    let mut after = vec![Vec::new(); total];
    for (&(from, to), chain) in edges.iter().zip(chains) {
        let mut previous = from;
        for &v in chain.iter().chain(std::iter::once(&to)) {
            after[previous].push(v);
            before[v].push(previous);
            previous = v;
        }
    }
    (before, after)
}

/// The vertices of each layer in drawing order: creation order, then
/// sweeps of the barycenter heuristic.
fn order(
    layer: &[usize],
    count: usize,
    before: &[Vec<usize>],
    after: &[Vec<usize>],
) -> Vec<Vec<usize>> {
    let mut layers: Vec<Vec<usize>> = vec![Vec::new(); count];
    for (v, &l) in layer.iter().enumerate() {
        layers[l].push(v);
    }
    let mut rank = vec![0.0f64; layer.len()];
    let renumber = |layers: &[Vec<usize>], rank: &mut [f64]| {
        for row in layers {
            for (k, &v) in row.iter().enumerate() {
                rank[v] = k as f64;
            }
        }
    };
    renumber(&layers, &mut rank);
    for _ in 0..SWEEPS {
        for downward in [true, false] {
            let ls: Vec<usize> = if downward {
                (1..count).collect()
            } else {
                (0..count.saturating_sub(1)).rev().collect()
            };
            for l in ls {
                let side = if downward { before } else { after };
                let mut key: Vec<(f64, usize)> = layers[l]
                    .iter()
                    .map(|&v| (mean(side[v].iter().map(|&u| rank[u])).unwrap_or(rank[v]), v))
                    .collect();
                key.sort_by(|a, b| a.0.total_cmp(&b.0));
                layers[l] = key.into_iter().map(|(_, v)| v).collect();
                for (k, &v) in layers[l].iter().enumerate() {
                    rank[v] = k as f64;
                }
            }
        }
    }
    layers
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, count) = values.fold((0.0, 0usize), |(s, c), x| (s + x, c + 1));
    (count > 0).then(|| sum / count as f64)
}

/// Each vertex's coordinate along its layer: every vertex as near as the
/// boxes allow to the mean of its neighbours (first those before, then
/// those after, then both), by least squares under the spacing constraints.
fn coordinates(
    layers: &[Vec<usize>],
    before: &[Vec<usize>],
    after: &[Vec<usize>],
    size: impl Fn(usize) -> f64,
) -> Vec<f64> {
    let total = before.len();
    let mut x = vec![0.0f64; total];
    // Start packed, each layer centred on 0.
    for row in layers {
        let width: f64 = row.iter().map(|&v| size(v) + NODE_GAP).sum::<f64>() - NODE_GAP;
        let mut at = -width / 2.0;
        for &v in row {
            x[v] = at + size(v) / 2.0;
            at += size(v) + NODE_GAP;
        }
    }
    let count = layers.len();
    for pass in 0..5 {
        let downward = pass % 2 == 0;
        let ls: Vec<usize> = if downward {
            (0..count).collect()
        } else {
            (0..count).rev().collect()
        };
        for l in ls {
            let row = &layers[l];
            // Desired position and weight of each vertex.
            let wanted: Vec<(f64, f64)> = row
                .iter()
                .map(|&v| {
                    let sides: Vec<usize> = match pass {
                        4 => before[v].iter().chain(&after[v]).copied().collect(),
                        _ if downward => before[v].clone(),
                        _ => after[v].clone(),
                    };
                    match mean(sides.iter().map(|&u| x[u])) {
                        Some(m) => (m, sides.len() as f64),
                        None => (x[v], 0.01),
                    }
                })
                .collect();
            let gaps: Vec<f64> = row
                .windows(2)
                .map(|w| (size(w[0]) + size(w[1])) / 2.0 + NODE_GAP)
                .collect();
            for (&v, p) in row.iter().zip(spaced_least_squares(&wanted, &gaps)) {
                x[v] = p;
            }
        }
    }
    x
}

/// Positions `p` minimizing `Σ w_i (p_i - d_i)²` subject to
/// `p_{i+1} - p_i ≥ gap_i`, for `wanted[i] = (d_i, w_i)`: with
/// `q_i = p_i - Σ_{k<i} gap_k` the constraints become `q_i ≤ q_{i+1}`, an
/// isotonic regression, solved exactly by pooling adjacent violators.
fn spaced_least_squares(wanted: &[(f64, f64)], gaps: &[f64]) -> Vec<f64> {
    let mut offset = Vec::with_capacity(wanted.len());
    let mut at = 0.0;
    for i in 0..wanted.len() {
        offset.push(at);
        if let Some(g) = gaps.get(i) {
            at += g;
        }
    }
    // Blocks of pooled vertices: (weighted mean, total weight, count).
    let mut blocks: Vec<(f64, f64, usize)> = Vec::new();
    for (i, &(d, w)) in wanted.iter().enumerate() {
        blocks.push((d - offset[i], w, 1));
        while blocks.len() > 1 && blocks[blocks.len() - 2].0 > blocks[blocks.len() - 1].0 {
            let (m2, w2, c2) = blocks.pop().expect("two blocks");
            let (m1, w1, c1) = blocks.pop().expect("two blocks");
            blocks.push(((m1 * w1 + m2 * w2) / (w1 + w2), w1 + w2, c1 + c2));
        }
    }
    let mut positions = Vec::with_capacity(wanted.len());
    for (mean, _, count) in blocks {
        for _ in 0..count {
            positions.push(mean + offset[positions.len()]);
        }
    }
    positions
}

#[cfg(test)]
mod tests {
    use super::*;

    fn overlaps(layout: &Layout, sizes: &[(f64, f64)]) -> bool {
        let boxes: Vec<(f64, f64, f64, f64)> = layout
            .centers
            .iter()
            .zip(sizes)
            .map(|(&(x, y), &(w, h))| (x - w / 2.0, y - h / 2.0, x + w / 2.0, y + h / 2.0))
            .collect();
        boxes.iter().enumerate().any(|(i, a)| {
            boxes[i + 1..].iter().any(|b| {
                a.0 < b.2 - 1e-9 && b.0 < a.2 - 1e-9 && a.1 < b.3 - 1e-9 && b.1 < a.3 - 1e-9
            })
        })
    }

    #[test]
    fn least_squares_keeps_the_gaps_and_is_exact_when_it_can_be() {
        // Wanted positions already far enough apart are kept.
        assert_eq!(
            spaced_least_squares(&[(0.0, 1.0), (10.0, 1.0)], &[5.0]),
            vec![0.0, 10.0]
        );
        // Both want 0: they share the push, 2.5 each way.
        assert_eq!(
            spaced_least_squares(&[(0.0, 1.0), (0.0, 1.0)], &[5.0]),
            vec![-2.5, 2.5]
        );
        // A heavier vertex moves less: weights 3 and 1, gap 4 → -1 and 3.
        assert_eq!(
            spaced_least_squares(&[(0.0, 3.0), (0.0, 1.0)], &[4.0]),
            vec![-1.0, 3.0]
        );
    }

    #[test]
    fn a_chain_lies_on_one_line_and_layers_follow_depth() {
        // 0 → 1 → 2 → 3
        let graph = LayoutInput {
            sizes: vec![(20.0, 10.0); 4],
            edges: vec![(0, 1), (1, 2), (2, 3)],
        };
        let layout = layered(&graph, Direction::LeftToRight);
        let ys: Vec<f64> = layout.centers.iter().map(|c| c.1).collect();
        assert!(ys.iter().all(|&y| (y - ys[0]).abs() < 1e-9), "{ys:?}");
        let xs: Vec<f64> = layout.centers.iter().map(|c| c.0).collect();
        assert!(xs.windows(2).all(|w| w[1] > w[0]), "{xs:?}");
        // Width: 4 boxes of 20 and 3 gaps.
        assert_eq!(layout.size, (4.0 * 20.0 + 3.0 * LAYER_GAP, 10.0));
    }

    #[test]
    fn no_boxes_overlap_and_long_edges_bend_between_layers() {
        // x used by every node of a chain: the case that made the old
        // layout grow as n⁴.
        let n = 300;
        let mut edges = Vec::new();
        for v in 2..n {
            edges.push((0, v)); // x
            edges.push((v - 1, v));
        }
        edges.push((0, 1));
        let sizes: Vec<(f64, f64)> = (0..n)
            .map(|v| (30.0 + (v % 3) as f64 * 10.0, 12.0))
            .collect();
        let graph = LayoutInput {
            sizes: sizes.clone(),
            edges: edges.clone(),
        };
        for direction in [Direction::LeftToRight, Direction::TopDown] {
            let layout = layered(&graph, direction);
            assert!(!overlaps(&layout, &sizes));
            for (&(from, to), bends) in edges.iter().zip(&layout.bends) {
                // One bend per layer crossed: depth strictly between the ends.
                let depth = |p: (f64, f64)| match direction {
                    Direction::LeftToRight => p.0,
                    Direction::TopDown => p.1,
                };
                let (a, b) = (depth(layout.centers[from]), depth(layout.centers[to]));
                assert!(bends.iter().all(|&p| depth(p) > a && depth(p) < b));
            }
        }
    }

    #[test]
    #[should_panic(expected = "inspect::layered: edge 2 → 1 does not go forward among 3 boxes")]
    fn a_backward_edge_is_refused() {
        let graph = LayoutInput {
            sizes: vec![(1.0, 1.0); 3],
            edges: vec![(2, 1)],
        };
        layered(&graph, Direction::TopDown);
    }
}
