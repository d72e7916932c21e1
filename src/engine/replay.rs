//! Replay: re-evaluating a recorded graph in creation order after its leaves
//! changed ([`Graph::recompute`](crate::Graph::recompute)).
//!
//! Every node is evaluated by the same formula that recorded it (the op
//! table's row, or [`dot`] for n-ary nodes), so a replayed graph holds bit
//! for bit what recording it again would give.

use super::arena::Arena;
use super::columns::{worth_copying, Columns, Source, LANES};
use super::node::{Indices, Node, Terms, ADD, MUL, RELU};
use super::ops::{Op, Shape};

impl Arena {
    /// Re-evaluates every non-leaf node from its inputs, in creation order.
    ///
    /// Add, multiply and ReLU, which most graphs are made of, are tested for
    /// first, each with its op known at compile time; the others go through
    /// the table's dispatch (recompute 116 → 85 µs on micrograd's graph).
    /// Same formulas either way (the branches call the table's own rows).
    ///
    /// A product followed by the add that consumes it (the term of a running
    /// sum, micrograd's `act = act + w·x`) is evaluated as a pair, the
    /// product passed in a register instead of stored and read back
    /// (85 → 76 µs); and the terms that follow it in the same sum are
    /// evaluated in one loop with the sum kept in a register
    /// ([`running_sum`]: 133–135 → 106–112 µs for a replayed step of
    /// micrograd's graph, recompute and backward, best of 40 runs of 5 steps,
    /// the two builds alternating). Several examples' passes through one
    /// dense layer of 8+ inputs and 8+ neurons, one after another as
    /// [`Mlp::forward_batch`](crate::nn::Mlp::forward_batch) records them,
    /// are evaluated from one copy of the layer's weights with vector
    /// arithmetic (`eval_group`, `columns.rs`: the `Mlp` demo step replayed
    /// 28.8–29.5 → 28.1–29.0 µs in default builds, 30.4–30.7 → 28.3–28.9 µs
    /// with loops aligned; micrograd's graph unchanged).
    pub(crate) fn recompute(&mut self) {
        let (nodes, operands, customs, columns, version) = self.replay_parts();
        let mut i = 0;
        while i < nodes.len() {
            let node = nodes[i];
            let code = node.code();
            let element =
                |op: Op| op.eval(nodes[node.a as usize].data, nodes[node.b as usize].data);
            let value = if code == ADD {
                element(Op::Add)
            } else if code == MUL {
                let product = element(Op::Mul);
                // A product added to a running sum right after it.
                if let Some(&next) = nodes.get(i + 1) {
                    if next.tag == ADD && next.b as usize == i {
                        nodes[i].data = product;
                        let sum = Op::Add.eval(nodes[next.a as usize].data, product);
                        nodes[i + 1].data = sum;
                        i = running_sum(nodes, i + 2, sum);
                        continue;
                    }
                }
                product
            } else if code == RELU {
                element(Op::Relu)
            } else {
                let op = node.op();
                // The first neuron of a wide dense layer: maybe the start of
                // several examples' passes through it.
                if op.shape() == Shape::Nary
                    && !node.continues_layer()
                    && node.neuron().2 >= LANES
                    && nodes.get(i + 1).is_some_and(|next| next.continues_layer())
                {
                    if let Some(end) = eval_group(nodes, i, columns, version) {
                        i = end;
                        continue;
                    }
                }
                match op.shape() {
                    Shape::Leaf => node.data,
                    // Four neurons of one dense layer: evaluated together.
                    Shape::Nary
                        if nodes.len() - i >= BLOCK
                            && (1..BLOCK).all(|q| nodes[i + q].continues_layer()) =>
                    {
                        eval_block(nodes, i);
                        i += BLOCK;
                        continue;
                    }
                    Shape::Nary => eval_nary(node.terms(operands), nodes),
                    Shape::Custom => {
                        let (op, inputs) = node.custom_operands(operands);
                        let data: Vec<f64> =
                            inputs.iter().map(|&k| nodes[k as usize].data).collect();
                        customs[op].1.forward(&data)
                    }
                    _ => op.eval(nodes[node.a as usize].data, nodes[node.b as usize].data),
                }
            };
            nodes[i].data = value;
            i += 1;
        }
    }
}

/// Evaluates the further terms of a running sum from node `i` on, while
/// they come as a product and the add of it to the sum just before
/// (`s_k = s_{k-1} + w_k·x_k`, micrograd's `act = act + w·x`), `sum` being
/// the value of node `i - 1`; returns the first node not evaluated. The
/// sum stays in a register from term to term instead of being stored and
/// read back (each add otherwise waits for the store before it). Two terms
/// a round, then one: micrograd's graph replayed (recompute and backward)
/// 95.0–97.4 → 94.2–95.0 µs in default builds, 97.8–105.9 → 93.6–94.2 µs
/// with loops aligned, 111–112 → 97 µs in `perf_report`'s build (fewer
/// jumps back per term, and less said by where the loop happens to sit).
#[inline(always)]
fn running_sum(nodes: &mut [Node], mut i: usize, mut sum: f64) -> usize {
    let term = |mul: Node, add: Node, i: usize| {
        mul.tag == MUL && add.tag == ADD && add.b as usize == i && add.a as usize + 1 == i
    };
    // Two terms a round while there are two.
    while let Some(&[m0, a0, m1, a1]) = nodes.get(i..i + 4) {
        if !(term(m0, a0, i) && term(m1, a1, i + 2)) {
            break;
        }
        sum = add_term(nodes, i, m0, sum);
        sum = add_term(nodes, i + 2, m1, sum);
        i += 4;
    }
    while let (Some(&mul), Some(&add)) = (nodes.get(i), nodes.get(i + 1)) {
        if !term(mul, add, i) {
            break;
        }
        sum = add_term(nodes, i, mul, sum);
        i += 2;
    }
    i
}

/// One term of [`running_sum`]: the product `mul` evaluated into node `i`,
/// `sum` plus it into node `i + 1`; returns the new sum.
#[inline(always)]
fn add_term(nodes: &mut [Node], i: usize, mul: Node, sum: f64) -> f64 {
    let product = Op::Mul.eval(nodes[mul.a as usize].data, nodes[mul.b as usize].data);
    nodes[i].data = product;
    let sum = Op::Add.eval(sum, product);
    nodes[i + 1].data = sum;
    sum
}

/// Evaluates, from node `lo` on, several examples' passes through one dense
/// layer of `m ≥ 8` neurons and `n ≥ 8` inputs, as
/// [`Mlp::forward_batch`](crate::nn::Mlp::forward_batch) records them one
/// after another (each example's `m` neurons, then its `m` ReLUs if the
/// layer has them), from one copy of the weights (`columns.rs`); returns
/// the first node after them, or `None` (nothing evaluated) unless at least
/// enough such passes follow each other to be worth the copy. Each pass must have the
/// same records but for its inputs, every input and weight must come before
/// `lo` (so no pass reads another's nodes), and the neurons' weights must
/// be one stride apart.
#[inline(never)]
fn eval_group(nodes: &mut [Node], lo: usize, columns: &mut Columns, version: u64) -> Option<usize> {
    let first = nodes[lo];
    let (a0, _, n, bias) = first.neuron();
    let m = layer_len(nodes, lo);
    if !worth_copying(n, m, usize::MAX) {
        return None;
    }
    let stride = (nodes[lo + 1].a as usize).checked_sub(a0)?;
    let one_stride = (1..m).all(|j| nodes[lo + j].a as usize == a0 + j * stride);
    if !one_stride || a0 + (m - 1) * stride + n + usize::from(bias) > lo {
        return None;
    }
    let relus = activations(nodes, lo, m);
    let period = if relus { 2 * m } else { m };
    let (template, nodes_ref) = (&nodes[lo..lo + m], &*nodes);
    let same_pass = |base: usize| {
        nodes_ref.get(base..base + m).is_some_and(|zs| {
            let x = zs[0].b;
            x as usize + n <= lo
                && zs
                    .iter()
                    .zip(template)
                    .all(|(z, t)| z.tag == t.tag && z.a == t.a && z.b == x)
                && (!relus || activations(nodes_ref, base, m))
        })
    };
    let mut passes = 1;
    while same_pass(lo + passes * period) {
        passes += 1;
    }
    if !worth_copying(n, m, passes) {
        return None;
    }
    let source = Source {
        version,
        first: a0,
        stride,
        n,
        m,
        bias,
    };
    columns.fill(nodes, source);
    for base in (lo..lo + passes * period).step_by(period) {
        let x = nodes[base].b as usize;
        let z = columns.affine(&nodes[x..x + n]);
        for (node, &z) in nodes[base..base + m].iter_mut().zip(z) {
            node.data = z;
        }
        if relus {
            for (act, &z) in nodes[base + m..base + period].iter_mut().zip(z) {
                act.data = Op::Relu.eval(z, z);
            }
        }
    }
    Some(lo + passes * period)
}

/// How many neurons of one dense layer start at node `i`: 1 and the nodes
/// after it that continue its layer.
fn layer_len(nodes: &[Node], i: usize) -> usize {
    1 + nodes[i + 1..]
        .iter()
        .take_while(|node| node.continues_layer())
        .count()
}

/// Whether the `m` nodes after the neurons `base..base + m` are their
/// ReLUs, in order, as a dense layer records its activations.
fn activations(nodes: &[Node], base: usize, m: usize) -> bool {
    nodes.get(base + m..base + 2 * m).is_some_and(|acts| {
        acts.iter()
            .zip(base..)
            .all(|(act, z)| act.tag == RELU && act.a as usize == z)
    })
}

/// Evaluates nodes `i..i + BLOCK`, neurons of one dense layer (each but the
/// first continuing the layer of the one before), with [`dot4`].
#[inline(always)]
fn eval_block(nodes: &mut [Node], i: usize) {
    let (_, x, n, bias) = nodes[i].neuron();
    let w = |q: usize| nodes[i + q].a as usize;
    let start = |q: usize| if bias { nodes[w(q) + n].data } else { 0.0 };
    let z = dot4(
        [start(0), start(1), start(2), start(3)],
        [
            &nodes[w(0)..w(0) + n],
            &nodes[w(1)..w(1) + n],
            &nodes[w(2)..w(2) + n],
            &nodes[w(3)..w(3) + n],
        ],
        &nodes[x..x + n],
    );
    for (node, z) in nodes[i..i + BLOCK].iter_mut().zip(z) {
        node.data = z;
    }
}

/// The value of an n-ary node from its operands' current data.
#[inline]
pub(crate) fn eval_nary(terms: Terms<'_>, nodes: &[Node]) -> f64 {
    let start = terms.bias.map_or(0.0, |b| nodes[b].data);
    match (terms.first, terms.second) {
        (Indices::Range(xs), None) => nodes[xs].iter().fold(0.0, |acc, x| acc + x.data),
        (xs, None) => xs.iter().fold(0.0, |acc, x| acc + nodes[x].data),
        // A neuron's weights and inputs are ranges: read them as slices.
        (Indices::Range(w), Some(Indices::Range(x))) => dot(
            start,
            nodes[w]
                .iter()
                .zip(&nodes[x])
                .map(|(w, x)| (w.data, x.data)),
        ),
        (w, Some(x)) => dot(
            start,
            w.iter()
                .zip(x.iter())
                .map(|(w, x)| (nodes[w].data, nodes[x].data)),
        ),
    }
}

/// `start + Σ w·x`, added left to right, as micrograd's `sum(wi*xi …, b)`
/// does: the one formula every dot and affine node is evaluated by.
#[inline(always)]
pub(crate) fn dot(start: f64, pairs: impl Iterator<Item = (f64, f64)>) -> f64 {
    pairs.fold(start, |acc, (w, x)| acc + w * x)
}

/// How many neurons of a dense layer [`dot4`] evaluates together.
pub(crate) const BLOCK: usize = 4;

/// Four neurons reading the same inputs `x`: `z_q = start_q + Σ_i w_q,i·x_i`
/// for each `q`, every sum added left to right exactly as [`dot`] adds it,
/// but the four sums advance together: inputs in the outer loop, neurons in
/// the inner one, so that the four additions of a step do not wait on each
/// other, and each input is read once for the four.
#[inline(always)]
pub(crate) fn dot4(start: [f64; BLOCK], w: [&[Node]; BLOCK], x: &[Node]) -> [f64; BLOCK] {
    let n = x.len();
    let [w0, w1, w2, w3] = w;
    let (w0, w1, w2, w3) = (&w0[..n], &w1[..n], &w2[..n], &w3[..n]);
    let mut z = start;
    for i in 0..n {
        let xi = x[i].data;
        z[0] += w0[i].data * xi;
        z[1] += w1[i].data * xi;
        z[2] += w2[i].data * xi;
        z[3] += w3[i].data * xi;
    }
    z
}
