//! The fast backward sweep, and the local derivative of every edge.
//!
//! This computes exactly what `reference.rs` computes (read that first): one
//! pass over the nodes in reverse creation order, each node adding
//! `grad[node] · ∂node/∂input` to each input's gradient. What is added here
//! is only speed, each piece measured on micrograd's 65,481-node graph:
//!
//! - the records are read directly, not through `Value::local_gradients`,
//!   and nothing is allocated per node;
//! - add, multiply and ReLU, which most graphs are made of, are tested for
//!   before the op table's dispatch, each with its op known at compile time
//!   (backward 155 → 101 µs);
//! - gradients and records are sliced to one length, so one bounds check
//!   covers `nodes[a]` and `grad[a]` (101 → 87 µs);
//! - gradients accumulate in place unless a node with inputs already holds a
//!   gradient from an earlier backward (that one must not flow down twice);
//! - a running sum's terms (`s_k = s_{k-1} + w·x`) are taken together, the
//!   gradient flowing down the sum kept in a register (`chain`; replayed
//!   step 137 → 127 µs);
//! - a dense layer's ReLUs are taken as one run, without a test per node
//!   (`relu_run`; the `Mlp` demo step −5 %);
//! - a run of nodes without gradient is passed over eight at a time
//!   (`zeros_below`; micrograd's graph, where 31,000 of 65,000 nodes have
//!   no gradient: replayed step 109–113 → 102–104 µs, rebuilt 215–221 →
//!   205–210 µs, alternating builds with loops aligned, so that code
//!   placement does not decide; 105–108 → 93–95 µs and 206–210 → 193 µs in
//!   default builds, where placement adds its share; the `Mlp` step
//!   unchanged: its runs are short, and a run of eight or fewer is passed
//!   over node by node).

use super::arena::{Arena, Customs};
use super::custom::checked_partials;
use super::node::{Indices, Node, Terms, ADD, MUL, RELU};
use super::ops::{Op, Shape};
use super::replay::BLOCK;

impl Arena {
    /// Adds `∂root/∂v` to the gradient of every node `v` that `root` depends
    /// on (including the root itself, which gets `+1`).
    pub(crate) fn backward(&mut self, root: u32) {
        let root = root as usize;
        // Leaves only receive gradient, so theirs can be accumulated on in
        // place; a node with inputs and a gradient from an earlier pass would
        // send it down a second time. (After `zero_grad` there is nothing to
        // scan: the gradients are allocated again, zeroed.)
        let in_place = self
            .grads()
            .iter()
            .zip(&self.nodes()[..=root])
            .all(|(&g, node)| g == 0.0 || node.op() == Op::Leaf);
        let (nodes, operands, customs, grad, scratch) = self.backward_parts();
        let nodes = &nodes[..=root];
        if in_place {
            grad[root] += 1.0;
            sweep(nodes, operands, customs, grad);
        } else {
            // Gradients from earlier passes must not flow a second time:
            // sweep into a zeroed buffer, then add it on top.
            scratch.clear();
            scratch.resize(root + 1, 0.0);
            scratch[root] = 1.0;
            sweep(nodes, operands, customs, scratch);
            for (grad, extra) in grad.iter_mut().zip(scratch.iter()) {
                *grad += extra;
            }
        }
    }

    /// The inputs of node `index` with the local derivative `∂node/∂input`
    /// of each edge, in [`Value::inputs`](crate::Value::inputs) order, and
    /// whether backward sends gradient along the edge (not into the constant
    /// of an op with a constant, whose edge reports 0).
    #[track_caller]
    pub(crate) fn local_derivatives(&self, index: u32) -> Vec<(u32, f64, bool)> {
        let node = self.node(index);
        let op = node.op();
        let (a, b) = (node.a, node.b);
        let data = |i: usize| self.data(i as u32);
        match op.shape() {
            Shape::Leaf => vec![],
            Shape::Custom => {
                let (custom, inputs) = node.custom_operands(self.operands());
                let data: Vec<f64> = inputs.iter().map(|&i| self.data(i)).collect();
                let partials = checked_partials(&**self.custom_op(custom), &data, node.data);
                inputs
                    .iter()
                    .zip(partials)
                    .map(|(&i, d)| (i, d, true))
                    .collect()
            }
            Shape::Unary | Shape::WithConstant | Shape::Binary => {
                let (dx, dy) = op.partials(data(a as usize), data(b as usize), node.data);
                match op.shape() {
                    Shape::Unary => vec![(a, dx, true)],
                    Shape::WithConstant => vec![(a, dx, true), (b, dy, false)],
                    _ => vec![(a, dx, true), (b, dy, true)],
                }
            }
            Shape::Nary => {
                let Terms {
                    first,
                    second,
                    bias,
                } = node.terms(self.operands());
                let edge = |i: usize, d: f64| (i as u32, d, true);
                let Some(second) = second else {
                    // A sum: ∂/∂x_i = 1.
                    return first.iter().map(|x| edge(x, 1.0)).collect();
                };
                // ∂z/∂w_i = x_i, ∂z/∂x_i = w_i, ∂z/∂b = 1
                let pairs = || first.iter().zip(second.iter());
                let toward_w = pairs().map(|(w, x)| edge(w, data(x)));
                let toward_x = pairs().map(|(w, x)| edge(x, data(w)));
                toward_w
                    .chain(toward_x)
                    .chain(bias.map(|b| edge(b, 1.0)))
                    .collect()
            }
        }
    }
}

/// The reverse sweep over `nodes` (the root is the last): from the root
/// down to node 0, every node with a non-zero gradient adds
/// `grad · local derivative` to each of its inputs.
///
/// Nodes with a gradient of exactly 0 are skipped: they contribute nothing,
/// and this is what makes backward through dead ReLUs (and through nodes the
/// root does not depend on) free. The one difference it makes: a zero
/// gradient times an infinite local derivative counts as 0, not NaN. (A
/// dense layer's ReLUs are the exception: they are taken as one run without
/// a test, see [`relu_run`]; their local derivative is 0 or 1, so a zero
/// gradient adds `+0` and changes nothing.)
fn sweep(nodes: &[Node], operands: &[u32], customs: &Customs, grad: &mut [f64]) {
    // One length for both slices, so one bounds check covers `nodes[a]` and
    // `grad[a]`.
    let grad = &mut grad[..nodes.len()];
    // A dense layer's neurons are taken together (see `layer`), after which
    // the sweep goes on below them: a new run of the loop, down from `end`,
    // whose bound the compiler knows (a counter moved inside the loop would
    // cost a bounds check on every node: +18 % instructions on micrograd's
    // graph of binary ops).
    let mut end = nodes.len();
    'runs: loop {
        for i in (0..end.min(nodes.len())).rev() {
            let upstream = grad[i];
            if upstream == 0.0 {
                // A run of nodes without gradient (a dead neuron's sum,
                // nodes the root does not depend on): passed over
                // [`LANES`] at a time.
                if i >= LANES && all_zero(&grad[i - LANES..i]) {
                    end = zeros_below(grad, i - LANES);
                    continue 'runs;
                }
                continue;
            }
            let node = nodes[i];
            let code = node.code();
            if code == ADD {
                // The last term of a running sum `s + w·x`: the chain of
                // such terms below it, taken together (see `chain`).
                if is_term(nodes, i) {
                    end = chain(i, upstream, nodes, grad);
                    continue 'runs;
                }
                accumulate(Op::Add, node, upstream, nodes, grad);
            } else if code == MUL {
                accumulate(Op::Mul, node, upstream, nodes, grad);
            } else if code == RELU {
                // A dense layer's activations: taken together (`relu_run`).
                end = relu_run(i, upstream, nodes, grad);
                continue 'runs;
            } else {
                // The other ops, written out rather than through `accumulate`:
                // its shape tests at run time cost the common branches above
                // (backward 89 → 122 µs on micrograd's graph, inlined; 98 µs
                // out of line).
                let op = node.op();
                let (a, b) = (node.a as usize, node.b as usize);
                match op.shape() {
                    Shape::Leaf => {}
                    Shape::Unary | Shape::WithConstant => {
                        let (dx, _) = op.partials(nodes[a].data, nodes[b].data, node.data);
                        grad[a] += upstream * dx;
                    }
                    Shape::Binary => {
                        let (dx, dy) = op.partials(nodes[a].data, nodes[b].data, node.data);
                        grad[a] += upstream * dx;
                        grad[b] += upstream * dy;
                    }
                    Shape::Nary if node.continues_layer() => {
                        end = layer(i, nodes, grad);
                        continue 'runs;
                    }
                    Shape::Nary => nary(node.terms(operands), upstream, nodes, grad),
                    Shape::Custom => custom(node, upstream, nodes, operands, customs, grad),
                }
            }
        }
        break;
    }
}

/// How many gradients [`zeros_below`] tests at once.
const LANES: usize = 8;

/// The start of the run of zero gradients that ends just below `grad[i]`:
/// the lowest `k` with `grad[k..i]` all 0, found [`LANES`] at a time
/// (one vector compare per group instead of a branch per node; 31,000 of
/// the 65,000 nodes of micrograd's graph have no gradient, in runs of 27
/// on average).
#[inline]
fn zeros_below(grad: &[f64], i: usize) -> usize {
    let mut k = i;
    while let Some(group) = k.checked_sub(LANES).map(|from| &grad[from..k]) {
        if !all_zero(group) {
            break;
        }
        k -= LANES;
    }
    while k > 0 && grad[k - 1] == 0.0 {
        k -= 1;
    }
    k
}

/// Whether every gradient of `group` is 0 (tested without a branch per
/// gradient, so that the compiler compares several at once).
#[inline(always)]
fn all_zero(group: &[f64]) -> bool {
    !group.iter().fold(false, |seen, &g| seen | (g != 0.0))
}

/// Backward through a running sum's terms, from node `top` (an add whose
/// second input is the product recorded just before it: `s_k = s_{k-1} +
/// w·x`) down while the sum's first input is the same kind of term two
/// nodes below. Each add and each product is handled as the sweep handles
/// it, with the same additions in the same order (a product with no
/// gradient skipped); what changes is that the gradient the add passes down
/// to `s_{k-1}` stays in a register for the next term instead of being
/// stored and read back, which on micrograd's graph (where every neuron is
/// such a chain) is the sweep's longest chain of dependent operations.
/// `upstream` is `grad[top]`, not 0. Returns the lowest node handled.
#[inline]
fn chain(top: usize, upstream: f64, nodes: &[Node], grad: &mut [f64]) -> usize {
    let (mut s, mut up) = (top, upstream);
    loop {
        let add = nodes[s];
        let (a, p) = (add.a as usize, s - 1);
        let (da, dp) = Op::Add.partials(nodes[a].data, nodes[p].data, add.data);
        let below = grad[a] + up * da;
        grad[a] = below;
        let gp = grad[p] + up * dp;
        grad[p] = gp;
        // The product, which the sweep would take next.
        let mut reread = false;
        if gp != 0.0 {
            let mul = nodes[p];
            let (w, x) = (mul.a as usize, mul.b as usize);
            let (dw, dx) = Op::Mul.partials(nodes[w].data, nodes[x].data, mul.data);
            grad[w] += gp * dw;
            grad[x] += gp * dx;
            reread = w == a || x == a;
        }
        // Go on down if `a` is the term just below, with a gradient.
        if a + 2 != s || !is_term(nodes, a) {
            return p;
        }
        up = if reread { grad[a] } else { below };
        if up == 0.0 {
            return p;
        }
        s = a;
    }
}

/// Backward through a run of ReLUs from node `top` down, as a dense layer
/// records its activations: each reads the node just below the one the
/// ReLU above it reads (a run of one is a lone ReLU). `∂relu/∂z` is 0 or 1,
/// never infinite or NaN, so a ReLU with no gradient adds `+0`, which
/// changes nothing, and the loop needs no test for it (the one trace: a
/// gradient set to −0 by hand with `set_grad` becomes +0). `upstream` is
/// `grad[top]`, not 0. Returns the lowest node handled.
///
/// Measured against the sweep's ReLU branch, alternating builds, best of
/// 60×20: micrograd's demo step with `Mlp` 39.2–39.9 → 37.4–38.2 µs
/// rebuilt, 30.2–30.6 → 28.2–28.8 µs replayed; micrograd's graph of
/// binary ops (every ReLU alone) unchanged in time, +2 % instructions.
#[inline]
fn relu_run(top: usize, upstream: f64, nodes: &[Node], grad: &mut [f64]) -> usize {
    let (mut k, mut up) = (top, upstream);
    loop {
        let z = nodes[k].a as usize;
        let (dz, _) = Op::Relu.partials(nodes[z].data, 0.0, 0.0);
        grad[z] += up * dz;
        if k == 0 || !relu_below(nodes, k) {
            return k;
        }
        k -= 1;
        up = grad[k];
    }
}

/// Whether node `k - 1` (`k > 0`) is a ReLU reading the node just below the
/// one ReLU `k` reads: the next activation down a dense layer's run.
#[inline(always)]
fn relu_below(nodes: &[Node], k: usize) -> bool {
    let below = nodes[k - 1];
    below.tag == RELU && below.a + 1 == nodes[k].a
}

/// Whether node `i` is a term of a running sum: an add whose second input
/// is the product recorded just before it.
#[inline(always)]
fn is_term(nodes: &[Node], i: usize) -> bool {
    let node = nodes[i];
    node.tag == ADD && node.b as usize + 1 == i && nodes[i - 1].tag == MUL
}

/// Adds `upstream · ∂node/∂input` to the gradient of each input of an
/// element-wise node whose op is known at compile time (not to the constant
/// of an op with a constant).
#[inline(always)]
fn accumulate(op: Op, node: Node, upstream: f64, nodes: &[Node], grad: &mut [f64]) {
    let (a, b) = (node.a as usize, node.b as usize);
    let x = nodes[a].data;
    // A unary record repeats its input in `b`.
    let y = if op.shape() == Shape::Unary {
        x
    } else {
        nodes[b].data
    };
    let (dx, dy) = op.partials(x, y, node.data);
    grad[a] += upstream * dx;
    if op.shape() == Shape::Binary {
        grad[b] += upstream * dy;
    }
}

/// Backward through an n-ary node: `∂/∂x_i = 1` for a sum; `∂z/∂w_i = x_i`,
/// `∂z/∂x_i = w_i` and `∂z/∂b = 1` for a dot or affine node.
#[inline]
fn nary(terms: Terms<'_>, upstream: f64, nodes: &[Node], grad: &mut [f64]) {
    let terms_len = terms.first.len();
    if let Some(b) = terms.bias {
        grad[b] += upstream;
    }
    match (terms.first, terms.second) {
        (Indices::Range(xs), None) => grad[xs].iter_mut().for_each(|g| *g += upstream),
        (xs, None) => xs.iter().for_each(|x| grad[x] += upstream),
        // A neuron's weights and inputs are ranges. They may overlap
        // (`dot(x, x)`), so index rather than split slices; one counter
        // rather than a zip of two ranges (Mlp step: 4.27 → 4.11 million
        // instructions in the sweep under callgrind, 10 steps).
        (Indices::Range(w), Some(Indices::Range(x))) => {
            let (w, x) = (w.start, x.start);
            for k in 0..terms_len {
                grad[w + k] += upstream * nodes[x + k].data;
                grad[x + k] += upstream * nodes[w + k].data;
            }
        }
        (w, Some(x)) => products(w.iter().zip(x.iter()), upstream, nodes, grad),
    }
}

/// Backward through neurons of one dense layer, from node `top` (which
/// continues the layer of the node before it) down: the next [`BLOCK`]
/// neurons with a non-zero gradient are taken together, their
/// `∂J/∂a_i += e_j·w_ij` added for every `j` at each `i` (one read and one
/// write of `∂J/∂a_i` for the four), in the order node by node would add
/// them (from the last neuron to the first); neurons with no gradient are
/// skipped as the sweep skips them. Fewer than four, or a layout where the
/// inputs do not come after the weights, go node by node. Returns the index
/// of the lowest node handled.
#[inline]
fn layer(top: usize, nodes: &[Node], grad: &mut [f64]) -> usize {
    let mut active = [(0usize, 0.0f64); BLOCK];
    let mut count = 0;
    let mut k = top;
    loop {
        let up = grad[k];
        if up != 0.0 {
            active[count] = (k, up);
            count += 1;
        }
        if count == BLOCK || !nodes[k].continues_layer() {
            break;
        }
        k -= 1;
    }
    let (_, x, n, bias) = nodes[top].neuron();
    let active = &active[..count];
    // The weights descend with the nodes; the inputs must come after the
    // highest weight (and its bias) for the split into disjoint runs.
    let highest = nodes[active[0].0].a as usize + n + usize::from(bias);
    if x < highest {
        for &(j, up) in active {
            nary(nodes[j].terms(&[]), up, nodes, grad);
        }
        return k;
    }
    let mut rest = active;
    while !rest.is_empty() {
        rest = match rest.len() {
            1 => neurons::<1>(rest, x, n, bias, nodes, grad),
            2 | 3 => neurons::<2>(rest, x, n, bias, nodes, grad),
            _ => neurons::<4>(rest, x, n, bias, nodes, grad),
        };
    }
    k
}

/// Backward through the first `B` of `active` (node, upstream), neurons of
/// one dense layer in descending order whose inputs `x..x + n` come after
/// their weights: `∂J/∂w_ij += e_j·a_i` and `∂J/∂a_i += e_j·w_ij`, the
/// latter for the `B` neurons at each `i` in turn. Returns the rest.
#[inline(always)]
fn neurons<'a, const B: usize>(
    active: &'a [(usize, f64)],
    x: usize,
    n: usize,
    bias: bool,
    nodes: &[Node],
    grad: &mut [f64],
) -> &'a [(usize, f64)] {
    let (now, rest) = active.split_at(B);
    let mut w = [0; B];
    let mut up = [0.0; B];
    for (q, &(j, u)) in now.iter().enumerate() {
        w[q] = nodes[j].a as usize;
        up[q] = u;
    }
    if bias {
        for q in 0..B {
            grad[w[q] + n] += up[q];
        }
    }
    let (below, from_x) = grad.split_at_mut(x);
    let gx = &mut from_x[..n];
    // `B` disjoint runs of `below`, the highest first.
    let mut g: [&mut [f64]; B] = std::array::from_fn(|_| &mut [][..]);
    let mut tail = below;
    for q in 0..B {
        let (low, run) = tail.split_at_mut(w[q]);
        g[q] = &mut run[..n];
        tail = low;
    }
    let ws: [&[Node]; B] = std::array::from_fn(|q| &nodes[w[q]..w[q] + n]);
    let xs = &nodes[x..x + n];
    // Each width written out, every slice cut to `n`, so that the loop has
    // no bounds checks (a loop over `q` indexing the arrays kept one per
    // term: `layer` took 37 % of a replayed Mlp step).
    match (&mut g[..], &ws[..], &up[..]) {
        ([g0, g1, g2, g3], [w0, w1, w2, w3], &[u0, u1, u2, u3]) => {
            let (g0, g1, g2, g3) = (&mut g0[..n], &mut g1[..n], &mut g2[..n], &mut g3[..n]);
            let (w0, w1, w2, w3) = (&w0[..n], &w1[..n], &w2[..n], &w3[..n]);
            for i in 0..n {
                let xi = xs[i].data;
                let mut gi = gx[i];
                g0[i] += u0 * xi;
                gi += u0 * w0[i].data;
                g1[i] += u1 * xi;
                gi += u1 * w1[i].data;
                g2[i] += u2 * xi;
                gi += u2 * w2[i].data;
                g3[i] += u3 * xi;
                gi += u3 * w3[i].data;
                gx[i] = gi;
            }
        }
        ([g0, g1], [w0, w1], &[u0, u1]) => {
            let (g0, g1) = (&mut g0[..n], &mut g1[..n]);
            let (w0, w1) = (&w0[..n], &w1[..n]);
            for i in 0..n {
                let xi = xs[i].data;
                let mut gi = gx[i];
                g0[i] += u0 * xi;
                gi += u0 * w0[i].data;
                g1[i] += u1 * xi;
                gi += u1 * w1[i].data;
                gx[i] = gi;
            }
        }
        _ => {
            for q in 0..B {
                let (g, w, u) = (&mut g[q][..n], &ws[q][..n], up[q]);
                for i in 0..n {
                    g[i] += u * xs[i].data;
                    gx[i] += u * w[i].data;
                }
            }
        }
    }
    rest
}

/// Backward through a custom node: its op's partials times `upstream`.
#[cold]
#[inline(never)]
fn custom(
    node: Node,
    upstream: f64,
    nodes: &[Node],
    operands: &[u32],
    customs: &Customs,
    grad: &mut [f64],
) {
    let (op, inputs) = node.custom_operands(operands);
    let data: Vec<f64> = inputs.iter().map(|&i| nodes[i as usize].data).collect();
    let partials = checked_partials(&*customs[op].1, &data, node.data);
    for (&i, d) in inputs.iter().zip(partials) {
        grad[i as usize] += upstream * d;
    }
}

#[inline(always)]
fn products(
    pairs: impl Iterator<Item = (usize, usize)>,
    upstream: f64,
    nodes: &[Node],
    grad: &mut [f64],
) {
    for (w, x) in pairs {
        grad[w] += upstream * nodes[x].data;
        grad[x] += upstream * nodes[w].data;
    }
}
