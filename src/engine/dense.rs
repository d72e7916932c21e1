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
//! gradients four at a time (`backward.rs`). Measured on the demo step:
//! recording 456k → 394k instructions per step (callgrind), replay
//! 466k → 344k; 48.8 → 45 µs rebuilt, 37.1 → 31 µs replayed.

use super::arena::Arena;
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
        check_layer(self, &arena, layout, inputs, call);
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
        let z_start = arena.len() as u32;
        // Neurons BLOCK at a time (`dot4`: the same sums, in the same order,
        // advancing together), the rest one by one.
        let mut j = 0;
        while j < n_out {
            let m = (n_out - j).min(BLOCK);
            let mut z = [0.0; BLOCK];
            {
                let nodes = arena.nodes();
                let x = &nodes[x_start..x_start + n_in];
                let w = |q: usize| base + (j + q) * stride;
                let start = |q: usize| {
                    if layout.bias {
                        nodes[w(q) + n_in].data
                    } else {
                        0.0
                    }
                };
                if m == BLOCK {
                    z = dot4(
                        [start(0), start(1), start(2), start(3)],
                        [
                            &nodes[w(0)..w(0) + n_in],
                            &nodes[w(1)..w(1) + n_in],
                            &nodes[w(2)..w(2) + n_in],
                            &nodes[w(3)..w(3) + n_in],
                        ],
                        x,
                    );
                } else {
                    for (q, z) in z.iter_mut().enumerate().take(m) {
                        let w = &nodes[w(q)..w(q) + n_in];
                        // The formula replay uses, so replay matches.
                        *z = dot(start(q), w.iter().zip(x).map(|(w, x)| (w.data, x.data)));
                    }
                }
            }
            for (q, &z) in z.iter().enumerate().take(m) {
                let tag = if j + q == 0 { z_tag } else { next_tag };
                arena.push(z, (base + (j + q) * stride) as u32, x_start as u32, tag);
            }
            j += m;
        }
        let epoch = arena.epoch;
        let z = Span {
            graph: self,
            start: z_start,
            len: n_out as u32,
            epoch,
        };
        let Some(op) = layout.op else {
            return (z, z);
        };
        let a_start = arena.len() as u32;
        if op == Op::Relu {
            // The hidden layers' usual activation, with its op known at
            // compile time (no dispatch per neuron).
            for j in 0..n_out {
                let zi = z_start + j as u32;
                let x = arena.data(zi);
                arena.push(Op::Relu.eval(x, x), zi, zi, tag(Op::Relu));
            }
        } else {
            for j in 0..n_out {
                let zi = z_start + j as u32;
                let x = arena.data(zi);
                let second = match op.shape() {
                    Shape::WithConstant => layout
                        .constant
                        .expect("an op with a constant has its leaf")
                        .id(),
                    Shape::Binary => (base + j * stride + n_in + usize::from(layout.bias)) as u32, // the slope
                    _ => zi,
                };
                let y = if second == zi { x } else { arena.data(second) };
                arena.push(op.eval(x, y), zi, second, tag(op));
            }
        }
        let a = Span {
            graph: self,
            start: a_start,
            len: n_out as u32,
            epoch,
        };
        (z, a)
    }
}

#[track_caller]
fn check_layer(
    graph: &Graph,
    arena: &Arena,
    layout: &DenseLayout<'_>,
    inputs: Span<'_>,
    call: &str,
) {
    // A span is consecutive nodes of one epoch: if its last node is alive, so
    // are the others.
    for v in [layout.params.last(), layout.constant]
        .into_iter()
        .flatten()
    {
        v.check_graph(graph, call);
        arena.check(v.slot(), call);
    }
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
