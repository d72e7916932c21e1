//! n-ary nodes: [`Graph::sum`], [`Graph::dot`] and [`Graph::affine`].
//!
//! One node stands for a whole sum, so a neuron's pre-activation
//! `z_j = Σ_i w_ij·a_i + b_j` is a single node whose local derivative toward
//! `w_ij` is exactly `a_i`: the graph itself shows the lesson's
//! `∂J/∂w_ij = e_j·a_i`, and backward does one multiply-add per edge.
//!
//! Two storage forms (decoded in one place, `Node::terms`). When the weights
//! and the inputs are each consecutive in the arena (a neuron's parameters,
//! a layer's outputs, leaves made by [`Graph::values`]), the record holds the
//! two start indices and the count (the *range* form, no side table).
//! Otherwise the indices go to the graph's operand list (the *list* form):
//! `[x…]` for a sum, `[w…, x…]` for a dot and `[w…, x…, b]` for an affine
//! node.
//!
//! Terms are added left to right, starting from the bias, exactly as
//! micrograd's `sum(wi*xi …, b)` does, so results match it bit for bit.

use super::arena::Arena;
use super::node::{range_tag, tag, MAX_RANGE_LEN};
use super::ops::Op;
use super::replay::dot;
use super::span::Span;
use super::{Graph, Value};

impl Graph {
    #[track_caller]
    fn check_all(&self, arena: &Arena, values: &[Value<'_>], call: &str) {
        for v in values {
            v.check_graph(self, call);
            arena.check(v.slot(), call);
        }
    }

    /// Checks under the name `call` that `values` belong to this graph and
    /// are alive; returns them as a [`Span`] if they are consecutive nodes
    /// of one epoch, which takes one check instead of one per value (its
    /// last node alive means all are): `loss::l2` over micrograd's 337
    /// parameters went from 22,700 to 8,000 instructions a call (callgrind;
    /// with the slot compare in `Span::of`).
    #[track_caller]
    fn check_values<'v>(
        &self,
        arena: &Arena,
        values: &[Value<'v>],
        call: &str,
    ) -> Option<Span<'v>> {
        let span = Span::of(values);
        match span.and_then(Span::last) {
            // One epoch's consecutive nodes: if the last is alive, all are;
            // if it was discarded, the panic names it (the last of the
            // span, not necessarily the first discarded one).
            Some(last) => {
                last.check_graph(self, call);
                arena.check(last.slot(), call);
            }
            None => self.check_all(arena, values, call),
        }
        span
    }

    /// `Σ_i x_i` as one node; `∂/∂x_i = 1`. The sum of no values is 0.
    ///
    /// ```
    /// use scalargrad::Graph;
    /// let g = Graph::new();
    /// let xs = g.values(&[1.0, 2.0, 3.0]);
    /// let s = g.sum(&xs);
    /// s.backward();
    /// assert_eq!(s.data(), 6.0);
    /// assert_eq!(xs[1].grad(), 1.0);
    /// assert_eq!(g.sum(&[]).data(), 0.0);
    /// ```
    ///
    /// # Panics
    /// If a value belongs to another graph or was discarded by
    /// [`Graph::truncate`].
    #[track_caller]
    pub fn sum(&self, values: &[Value<'_>]) -> Value<'_> {
        self.record_sum(values, "Graph::sum")
    }

    /// [`Graph::sum`] for a caller that panics under its own name.
    #[track_caller]
    pub(crate) fn record_sum(&self, values: &[Value<'_>], call: &str) -> Value<'_> {
        let mut arena = self.arena.borrow_mut();
        let span = self.check_values(&arena, values, call);
        let total = match span {
            Some(span) => arena.nodes()[span.range()]
                .iter()
                .fold(0.0, |acc, x| acc + x.data),
            None => values.iter().fold(0.0, |acc, v| acc + arena.data(v.id())),
        };
        let index = match span {
            Some(span) if values.len() <= MAX_RANGE_LEN => arena.push(
                total,
                span.start,
                span.start,
                range_tag(Op::Sum, values.len()),
            ),
            _ => {
                let offset = arena.push_operands(values.iter().map(|v| v.id()));
                arena.push(total, offset, values.len() as u32, tag(Op::Sum))
            }
        };
        Value::new(self, index, arena.epoch)
    }

    /// `Σ_i w_i·x_i` as one node; `∂/∂w_i = x_i` and `∂/∂x_i = w_i`.
    ///
    /// ```
    /// use scalargrad::Graph;
    /// let g = Graph::new();
    /// let w = g.values(&[1.0, -2.0]);
    /// let x = g.values(&[3.0, 4.0]);
    /// let z = g.dot(&w, &x);
    /// z.backward();
    /// assert_eq!(z.data(), -5.0); // 1·3 - 2·4
    /// assert_eq!(w[1].grad(), 4.0); // x_1
    /// assert_eq!(x[1].grad(), -2.0); // w_1
    /// ```
    ///
    /// # Panics
    /// If `weights` and `inputs` differ in length, or a value belongs to
    /// another graph or was discarded.
    #[track_caller]
    pub fn dot(&self, weights: &[Value<'_>], inputs: &[Value<'_>]) -> Value<'_> {
        self.record_dot(weights, inputs, None, "Graph::dot")
    }

    /// `Σ_i w_i·x_i + b` as one node, a neuron's pre-activation `z_j`;
    /// `∂/∂w_i = x_i`, `∂/∂x_i = w_i`, `∂/∂b = 1`.
    ///
    /// ```
    /// use scalargrad::Graph;
    /// let g = Graph::new();
    /// let w = g.values(&[0.5, -1.0]);
    /// let b = g.value(0.25);
    /// let a = g.values(&[2.0, 3.0]);
    /// let z = g.affine(&w, &a, b);
    /// z.backward();
    /// assert_eq!(z.data(), -1.75); // 0.5·2 - 1·3 + 0.25
    /// assert_eq!(w[0].grad(), 2.0); // e·a_0 with e = ∂z/∂z = 1
    /// assert_eq!(b.grad(), 1.0);
    /// ```
    ///
    /// # Panics
    /// If `weights` and `inputs` differ in length, or a value belongs to
    /// another graph or was discarded.
    #[track_caller]
    pub fn affine<'g>(
        &'g self,
        weights: &[Value<'_>],
        inputs: &[Value<'_>],
        bias: Value<'_>,
    ) -> Value<'g> {
        self.record_dot(weights, inputs, Some(bias), "Graph::affine")
    }

    /// [`Graph::dot`] (no bias) or [`Graph::affine`] for a caller that
    /// panics under its own name.
    #[track_caller]
    pub(crate) fn record_dot(
        &self,
        weights: &[Value<'_>],
        inputs: &[Value<'_>],
        bias: Option<Value<'_>>,
        call: &str,
    ) -> Value<'_> {
        if weights.len() != inputs.len() {
            panic!(
                "{call}: got {} weights but {} inputs; they must have the same length",
                weights.len(),
                inputs.len()
            );
        }
        let mut arena = self.arena.borrow_mut();
        let w_span = self.check_values(&arena, weights, call);
        let x_span = self.check_values(&arena, inputs, call);
        if let Some(bias) = bias {
            self.check_all(&arena, &[bias], call);
        }
        let n = weights.len();
        let start = bias.map_or(0.0, |b| arena.data(b.id()));
        // The same sum either way, read from slices when it can be.
        let z = match (w_span, x_span) {
            (Some(w), Some(x)) => {
                let nodes = arena.nodes();
                let pairs = nodes[w.range()].iter().zip(&nodes[x.range()]);
                dot(start, pairs.map(|(w, x)| (w.data, x.data)))
            }
            _ => {
                let pairs = weights.iter().zip(inputs);
                dot(
                    start,
                    pairs.map(|(w, x)| (arena.data(w.id()), arena.data(x.id()))),
                )
            }
        };

        let op = if bias.is_some() { Op::Affine } else { Op::Dot };
        let ranges = match (w_span, x_span) {
            (Some(w), Some(x)) if n <= MAX_RANGE_LEN => match bias {
                // The range form finds the bias right after the weights, where
                // a neuron keeps it.
                Some(b) if b.id() as usize != w.start as usize + n => None,
                _ => Some((w.start, x.start)),
            },
            _ => None,
        };
        let index = match ranges {
            Some((w, x)) => arena.push(z, w, x, range_tag(op, n)),
            None => {
                let list = weights
                    .iter()
                    .chain(inputs)
                    .chain(bias.as_ref())
                    .map(|v| v.id());
                let offset = arena.push_operands(list);
                arena.push(z, offset, n as u32, tag(op))
            }
        };
        Value::new(self, index, arena.epoch)
    }
}
