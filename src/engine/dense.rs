//! Recording a whole dense layer at once: every `z_j = Σ_i w_ij·a_i + b_j`
//! and every `a_j = f(z_j)` under one borrow of the graph.
//!
//! The nodes are exactly those that one [`Graph::affine`] (or [`Graph::dot`])
//! per neuron followed by one activation per neuron would record; only the
//! bookkeeping is shared. A layer whose parameters are contiguous leaves —
//! neuron by neuron: `n_in` weights, then the bias, then the PReLU slope —
//! is checked in O(1): its first and last parameters alive and made in the
//! same epoch means every parameter between them is alive.

use super::nary;
use super::ops::{Op, Shape};
use super::tape::{Node, Tape, MAX_RANGE_LEN, RANGE};
use super::{Graph, Value};

/// Where a dense layer's parameters are and what it computes.
#[derive(Clone, Copy, Debug)]
pub(crate) struct DenseLayout<'g> {
    /// The first parameter (weight 0 of neuron 0).
    pub first: Value<'g>,
    /// The last parameter of the last neuron.
    pub last: Value<'g>,
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
    /// The leaf holding the activation's constant (LeakyReLU slope, ELU α,
    /// Swish β), for ops with a constant.
    pub constant: Option<Value<'g>>,
}

impl DenseLayout<'_> {
    /// Parameters per neuron.
    fn stride(&self) -> usize {
        self.n_in + usize::from(self.bias) + usize::from(self.slope)
    }

    /// The layout of `n_out` neurons whose parameters are the contiguous
    /// `params`, or `None` if they are not contiguous or too large for range
    /// records.
    pub(crate) fn fits(
        params: &[Value<'_>],
        n_in: usize,
        n_out: usize,
        bias: bool,
        slope: bool,
    ) -> bool {
        let stride = n_in + usize::from(bias) + usize::from(slope);
        let Some(first) = params.first() else {
            return false;
        };
        params.len() == stride * n_out
            && n_in <= MAX_RANGE_LEN
            && params
                .iter()
                .enumerate()
                .all(|(k, p)| p.id() as usize == first.id() as usize + k)
            && params.iter().all(|p| p.epoch() == first.epoch())
    }
}

/// A run of consecutive nodes made in one epoch: a layer's outputs.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Span<'g> {
    pub graph: &'g Graph,
    pub start: u32,
    pub len: u32,
    pub epoch: u32,
}

impl<'g> Span<'g> {
    /// The span's values as handles.
    pub(crate) fn to_vec(self) -> Vec<Value<'g>> {
        (self.start..self.start + self.len)
            .map(|i| Value::new(self.graph, i, self.epoch))
            .collect()
    }

    /// `values` as a span, if they are consecutive nodes of one epoch.
    pub(crate) fn of(values: &[Value<'g>]) -> Option<Span<'g>> {
        let first = values.first()?;
        let consecutive = values
            .iter()
            .enumerate()
            .all(|(k, v)| v.id() as usize == first.id() as usize + k && v.epoch() == first.epoch());
        consecutive.then(|| Span {
            graph: first.graph,
            start: first.id(),
            len: values.len() as u32,
            epoch: first.epoch(),
        })
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
    pub(crate) fn record_dense<'g>(
        &'g self,
        layout: &DenseLayout<'g>,
        inputs: Span<'g>,
        call: &str,
    ) -> (Span<'g>, Span<'g>) {
        let mut tape = self.tape.borrow_mut();
        check_layer(self, &tape, layout, inputs, call);
        let (n_in, n_out, stride) = (layout.n_in, layout.n_out, layout.stride());
        let base = layout.first.id() as usize;
        let x_start = inputs.start as usize;
        let op_code =
            if layout.bias { Op::Affine } else { Op::Dot } as u32 | RANGE | (n_in as u32) << 8;

        tape.reserve(2 * n_out);
        let z_start = tape.len() as u32;
        for j in 0..n_out {
            let w = base + j * stride;
            let z = {
                let nodes: &[Node] = tape.nodes();
                let start = if layout.bias {
                    nodes[w + n_in].data
                } else {
                    0.0
                };
                let (w, x) = (&nodes[w..w + n_in], &nodes[x_start..x_start + n_in]);
                // The formula `nary::eval` replays, so replay matches.
                nary::dot(start, w.iter().zip(x).map(|(w, x)| (w.data, x.data)))
            };
            tape.push(z, w as u32, x_start as u32, op_code);
        }
        let epoch = tape.epoch;
        let z = Span {
            graph: self,
            start: z_start,
            len: n_out as u32,
            epoch,
        };
        let Some(op) = layout.op else {
            return (z, z);
        };
        let a_start = tape.len() as u32;
        for j in 0..n_out {
            let zi = z_start + j as u32;
            let x = tape.data(zi);
            let second = match op.shape() {
                Shape::WithConstant => layout
                    .constant
                    .expect("an op with a constant has its leaf")
                    .id(),
                Shape::Binary => (base + j * stride + n_in + usize::from(layout.bias)) as u32, // the slope
                _ => zi,
            };
            let y = if second == zi { x } else { tape.data(second) };
            tape.push(op.eval(x, y), zi, second, op as u32);
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

fn check_layer(graph: &Graph, tape: &Tape, layout: &DenseLayout<'_>, inputs: Span<'_>, call: &str) {
    for v in [layout.first, layout.last]
        .iter()
        .chain(layout.constant.as_ref())
    {
        v.check_graph(graph, call);
        tape.check(*v, call);
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
    // A span is consecutive nodes of one epoch: if its last node is alive, so
    // are the others.
    if inputs.len > 0 {
        tape.check(
            Value::new(graph, inputs.start + inputs.len - 1, inputs.epoch),
            call,
        );
    }
}
