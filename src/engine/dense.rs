//! Recording a whole dense layer at once: every `z_j = Σ_i w_ij·a_i + b_j`
//! and every `a_j = f(z_j)` under one borrow of the graph.
//!
//! The nodes are exactly those that one [`Graph::affine`] (or
//! [`Graph::dot`]) per neuron followed by one activation per neuron would
//! record (a test compares data and gradients on random networks); only the
//! bookkeeping is shared. A layer whose parameters are one [`Span`] —
//! neuron by neuron: `n_in` weights, then the bias, then the PReLU slope —
//! is checked in O(1): its last parameter alive means all are.
//!
//! Why it exists, measured: on micrograd's demo step (MLP 2-16-16-1, 100
//! points), `perf` showed 78 % of the time in `Graph::affine` called per
//! neuron (a graph check, a staleness check and a contiguity scan per call,
//! and the dot product's accumulator going through the stack). Recording
//! the layer here, with `Mlp::forward` passing layer outputs on as spans,
//! took the step from 221 µs to 40.2 µs (14.6 × → 2.7 × the hand-written
//! step; commit 30e8938).
//!
//! Inside the layer, neurons are evaluated four at a time (`dot4`: inputs
//! in the outer loop, four sums advancing together, each adding its terms
//! in its own order as before), and every neuron after a layer's first is
//! marked as continuing the layer, so that replay evaluates four marked
//! neurons the same way and backward takes a layer's neurons with non-zero
//! gradients four at a time (`backward.rs`). The layer's records are
//! written in place (`Arena::extend`), not pushed one by one. Measured on
//! the demo step (callgrind, per step): recording 456k → 394k instructions
//! with the blocks, replay 466k → 344k; the whole rebuilt step 1076k →
//! 957k with the records in place; 48.8 → 41 µs rebuilt, 37.1 → 30.5 µs
//! replayed.
//!
//! A batch recorded layer by layer ([`Graph::record_dense_batch`]) meets
//! the same layer once per example of a group: a layer of at least eight
//! inputs and eight neurons met by at least four examples has its weights
//! copied once, by input, and every example's sums advance eight neurons
//! at a time with vector arithmetic (`columns.rs`, with the measurements).

use super::arena::Arena;
use super::columns::{worth_copying, Columns, Source};
use super::node::Node;
use super::node::{layer_tag, range_tag, tag, MAX_RANGE_LEN};
use super::ops::{Op, Shape};
use super::replay::{dot, dot4, BLOCK};
use super::span::Span;
use super::{Graph, Value};

/// Where a dense layer's parameters are and what it computes.
#[derive(Clone, Copy, Debug)]
pub(crate) struct DenseLayout<'g> {
    /// Every parameter, neuron by neuron.
    params: Span<'g>,
    /// Inputs per neuron.
    n_in: usize,
    /// Neurons.
    n_out: usize,
    /// Whether each neuron has a bias after its weights.
    bias: bool,
    /// Whether each neuron has a PReLU slope after its bias.
    slope: bool,
    /// The activation's op; `None` for linear.
    op: Option<Op>,
    /// The leaf holding the activation's constant (LeakyReLU slope, ELU α,
    /// Swish β), for ops with a constant.
    constant: Option<Value<'g>>,
}

/// What a dense layer is made of, to find its [`DenseLayout`].
#[derive(Clone, Copy, Debug)]
pub(crate) struct DenseShape<'g> {
    /// Inputs per neuron.
    pub n_in: usize,
    /// Neurons.
    pub n_out: usize,
    /// Whether each neuron has a bias after its weights.
    pub bias: bool,
    /// Whether each neuron has a PReLU slope after its bias.
    pub slope: bool,
    /// The activation's op; `None` for linear.
    pub op: Option<Op>,
    /// The leaf holding the activation's constant, for ops with one.
    pub constant: Option<Value<'g>>,
}

impl<'g> DenseLayout<'g> {
    /// The layout of a layer of this `shape` whose parameters, neuron by
    /// neuron, are `params`; `None` unless they are one span of the right
    /// length and small enough for range records.
    pub(crate) fn of(params: &[Value<'g>], shape: DenseShape<'g>) -> Option<DenseLayout<'g>> {
        let stride = shape.n_in + usize::from(shape.bias) + usize::from(shape.slope);
        let params = Span::of(params)?;
        (params.len as usize == stride * shape.n_out && shape.n_in <= MAX_RANGE_LEN).then_some(
            DenseLayout {
                params,
                n_in: shape.n_in,
                n_out: shape.n_out,
                bias: shape.bias,
                slope: shape.slope,
                op: shape.op,
                constant: shape.constant,
            },
        )
    }

    /// The nodes every example reads: the parameters and, for an
    /// activation with a constant, its leaf.
    pub(crate) fn shared(&self) -> impl Iterator<Item = Span<'g>> {
        std::iter::once(self.params).chain(self.constant.map(Span::one))
    }

    /// Every parameter, neuron by neuron.
    pub(crate) fn params(&self) -> Span<'g> {
        self.params
    }

    /// Parameters per neuron.
    fn stride(&self) -> usize {
        self.n_in + usize::from(self.bias) + usize::from(self.slope)
    }
}

impl Graph {
    /// Records a dense layer on `inputs`; returns the spans of its
    /// pre-activations `z` and its outputs `a` (the same span for a linear
    /// layer).
    ///
    /// # Panics
    /// If the parameters or inputs belong to another graph or were
    /// discarded, or `inputs` does not have `n_in` values.
    #[track_caller]
    pub(crate) fn record_dense<'g>(
        &'g self,
        layout: &DenseLayout<'g>,
        inputs: Span<'g>,
        call: &str,
    ) -> (Span<'g>, Span<'g>) {
        let mut arena = self.arena.borrow_mut();
        check_parameters(self, &arena, layout, call);
        check_inputs(self, &arena, layout, inputs, call);
        record_in(self, &mut arena, layout, inputs, None)
    }

    /// Records a dense layer on each of `inputs` in turn (a batch, example
    /// by example) under one borrow of the graph, the parameters checked
    /// once; puts the span of each example's outputs `a` in `outputs`.
    ///
    /// # Panics
    /// As [`record_dense`](Graph::record_dense), for any of the inputs.
    #[track_caller]
    pub(crate) fn record_dense_batch<'g>(
        &'g self,
        layout: &DenseLayout<'g>,
        inputs: &[Span<'g>],
        call: &str,
        outputs: &mut Vec<Span<'g>>,
    ) {
        let mut arena = self.arena.borrow_mut();
        check_parameters(self, &arena, layout, call);
        outputs.clear();
        outputs.reserve(inputs.len());
        arena.reserve(inputs.len() * 2 * layout.n_out);
        // A layer wide enough for vector arithmetic, met by enough examples
        // to pay for copying its weights once, by input (`columns.rs`).
        let copied = worth_copying(layout.n_in, layout.n_out, inputs.len());
        let mut columns = arena.take_columns();
        if copied {
            let source = Source {
                version: arena.version(),
                first: layout.params.start as usize,
                stride: layout.stride(),
                n: layout.n_in,
                m: layout.n_out,
                bias: layout.bias,
            };
            columns.fill(arena.nodes(), source);
        }
        for &x in inputs {
            check_inputs(self, &arena, layout, x, call);
            let columns = copied.then_some(&mut columns);
            outputs.push(record_in(self, &mut arena, layout, x, columns).1);
        }
        arena.put_columns(columns);
    }
}

/// [`Graph::record_dense`] once its arguments are checked; `columns`, the
/// layer's weights copied by input, if the caller made them.
#[inline(always)]
fn record_in<'g>(
    graph: &'g Graph,
    arena: &mut Arena,
    layout: &DenseLayout<'g>,
    inputs: Span<'g>,
    columns: Option<&mut Columns>,
) -> (Span<'g>, Span<'g>) {
    let (n_in, n_out, stride) = (layout.n_in, layout.n_out, layout.stride());
    let base = layout.params.start as usize;
    let x_start = inputs.start as usize;
    let z_tag = range_tag(if layout.bias { Op::Affine } else { Op::Dot }, n_in);

    // Replay and backward may treat the layer's neurons together when
    // none of its inputs is one of its parameters (always, for a network
    // on its own inputs).
    let (p_start, p_end) = (base, base + stride * n_out);
    let together = x_start + n_in <= p_start || p_end <= x_start;
    let next_tag = if together {
        layer_tag(if layout.bias { Op::Affine } else { Op::Dot }, n_in)
    } else {
        z_tag
    };

    arena.reserve(2 * n_out);
    // The layer's records are written in place: its slots are taken
    // first, then filled from the parameters and inputs below them.
    let z_start;
    let first;
    {
        let (start, below, zs) = arena.extend(n_out);
        (first, z_start) = (start, start as u32);
        let params = &below[base..base + stride * n_out];
        let x = &below[x_start..x_start + n_in];
        let bias = layout.bias;
        let start = |neuron: &[Node]| if bias { neuron[n_in].data } else { 0.0 };
        let record = |z: &mut Node, data: f64, j: usize| {
            z.data = data;
            z.a = (base + j * stride) as u32;
            z.b = x_start as u32;
            z.tag = if j == 0 { z_tag } else { next_tag };
        };
        if let Some(columns) = columns {
            let z = columns.affine(x);
            for (j, (node, &z)) in zs.iter_mut().zip(z).enumerate() {
                record(node, z, j);
            }
        } else {
            // Neurons BLOCK at a time (`dot4`: the same sums, in the same
            // order, advancing together), the rest one by one.
            let blocks = zs.chunks_mut(BLOCK).zip(params.chunks(stride * BLOCK));
            for (k, (zs, params)) in blocks.enumerate() {
                let j = k * BLOCK;
                if let [z0, z1, z2, z3] = zs {
                    let mut neurons = params.chunks_exact(stride);
                    let mut next = || neurons.next().unwrap_or(&[]);
                    let (p0, p1, p2, p3) = (next(), next(), next(), next());
                    let z = dot4(
                        [start(p0), start(p1), start(p2), start(p3)],
                        [&p0[..n_in], &p1[..n_in], &p2[..n_in], &p3[..n_in]],
                        x,
                    );
                    record(z0, z[0], j);
                    record(z1, z[1], j + 1);
                    record(z2, z[2], j + 2);
                    record(z3, z[3], j + 3);
                } else {
                    for (q, (z, neuron)) in zs.iter_mut().zip(params.chunks(stride)).enumerate() {
                        let w = &neuron[..n_in];
                        // The formula replay uses, so replay matches.
                        let data = dot(
                            start(neuron),
                            w.iter().zip(x).map(|(w, x)| (w.data, x.data)),
                        );
                        record(z, data, j + q);
                    }
                }
            }
        }
    }
    let epoch = arena.epoch;
    let z = Span {
        graph,
        start: z_start,
        len: n_out as u32,
        epoch,
    };
    let Some(op) = layout.op else {
        return (z, z);
    };
    // The activations, in place too.
    let a_start;
    {
        let (a_first, below, acts) = arena.extend(n_out);
        a_start = a_first as u32;
        let zs = &below[first..first + n_out];
        if op == Op::Relu {
            // The hidden layers' usual activation, with its op known at
            // compile time (no dispatch per neuron).
            for (j, (act, z)) in acts.iter_mut().zip(zs).enumerate() {
                let zi = z_start + j as u32;
                act.data = Op::Relu.eval(z.data, z.data);
                act.a = zi;
                act.b = zi;
                act.tag = tag(Op::Relu);
            }
        } else {
            for (j, (act, z)) in acts.iter_mut().zip(zs).enumerate() {
                let zi = z_start + j as u32;
                let second = match op.shape() {
                    Shape::WithConstant => layout
                        .constant
                        .expect("an op with a constant has its leaf")
                        .id(),
                    Shape::Binary => (base + j * stride + n_in + usize::from(layout.bias)) as u32, // the slope
                    _ => zi,
                };
                let y = if second == zi {
                    z.data
                } else {
                    below[second as usize].data
                };
                act.data = op.eval(z.data, y);
                act.a = zi;
                act.b = second;
                act.tag = tag(op);
            }
        }
    }
    let a = Span {
        graph,
        start: a_start,
        len: n_out as u32,
        epoch,
    };
    (z, a)
}

/// Panics unless the layer's parameters (and its activation's constant) are
/// alive in `graph`.
#[track_caller]
fn check_parameters(graph: &Graph, arena: &Arena, layout: &DenseLayout<'_>, call: &str) {
    // A span is consecutive nodes of one epoch: if its last node is alive, so
    // are the others.
    for v in [layout.params.last(), layout.constant]
        .into_iter()
        .flatten()
    {
        v.check_graph(graph, call);
        arena.check(v.slot(), call);
    }
}

/// Panics unless `inputs` are `n_in` values alive in `graph`.
#[track_caller]
fn check_inputs(
    graph: &Graph,
    arena: &Arena,
    layout: &DenseLayout<'_>,
    inputs: Span<'_>,
    call: &str,
) {
    if !std::ptr::eq(inputs.graph, graph) {
        Value::new(inputs.graph, inputs.start, inputs.epoch).check_graph(graph, call);
    }
    if inputs.len as usize != layout.n_in {
        panic!(
            "{call}: expected {} inputs, got {}",
            layout.n_in, inputs.len
        );
    }
    if let Some(last) = inputs.last() {
        arena.check(last.slot(), call);
    }
}
