//! n-ary nodes: [`Graph::sum`], [`Graph::dot`] and [`Graph::affine`].
//!
//! One node stands for a whole sum, so a neuron's pre-activation
//! `z_j = Σ_i w_ij·a_i + b_j` is a single node whose local derivative toward
//! `w_ij` is exactly `a_i`: the graph itself shows the lesson's
//! `∂J/∂w_ij = e_j·a_i`, and backward does one multiply-add per edge.
//!
//! Two storage forms. When the weights and the inputs are each contiguous in
//! the arena (a neuron's parameters, a layer's outputs, leaves made by
//! [`Graph::values`]), the record holds the two start indices and the count
//! (the *range* form, no side table). Otherwise the indices go to the graph's
//! operand list (the *list* form): `[x…]` for a sum, `[w…, x…]` for a dot and
//! `[w…, x…, b]` for an affine node.
//!
//! Terms are added left to right, starting from the bias, exactly as
//! micrograd's `sum(wi*xi …, b)` does, so results match it bit for bit.

use super::ops::Op;
use super::tape::{Node, Tape, MAX_RANGE_LEN, RANGE};
use super::{Graph, Value};

/// Forward value of an n-ary node from the current data.
#[inline]
pub(crate) fn eval(op: Op, node: Node, nodes: &[Node], operands: &[u32]) -> f64 {
    let (a, b) = (node.a as usize, node.b as usize);
    if node.is_range() {
        let n = node.range_len();
        let (w, x) = (&nodes[a..a + n], &nodes[b..b + n]);
        match op {
            Op::Sum => w.iter().fold(0.0, |acc, v| acc + v.data),
            Op::Dot => dot(0.0, w.iter().zip(x).map(|(w, x)| (w.data, x.data))),
            Op::Affine => dot(
                nodes[a + n].data,
                w.iter().zip(x).map(|(w, x)| (w.data, x.data)),
            ),
            _ => unreachable!("{op:?} is not n-ary"),
        }
    } else {
        let n = b;
        let list = &operands[a..];
        let value = |i: u32| nodes[i as usize].data;
        let pairs = list[..n]
            .iter()
            .zip(&list[n..])
            .map(|(&w, &x)| (value(w), value(x)));
        match op {
            Op::Sum => list[..n].iter().fold(0.0, |acc, &x| acc + value(x)),
            Op::Dot => dot(0.0, pairs),
            Op::Affine => dot(value(list[2 * n]), pairs),
            _ => unreachable!("{op:?} is not n-ary"),
        }
    }
}

/// `start + Σ w·x`, added left to right.
#[inline(always)]
pub(crate) fn dot(start: f64, pairs: impl Iterator<Item = (f64, f64)>) -> f64 {
    pairs.fold(start, |acc, (w, x)| acc + w * x)
}

/// Adds `upstream · ∂node/∂input` to every input's gradient.
#[inline]
pub(crate) fn backward(
    op: Op,
    node: Node,
    upstream: f64,
    nodes: &[Node],
    operands: &[u32],
    grad: &mut [f64],
) {
    let (a, b) = (node.a as usize, node.b as usize);
    if node.is_range() {
        let n = node.range_len();
        match op {
            Op::Sum => grad[a..a + n].iter_mut().for_each(|g| *g += upstream),
            Op::Dot | Op::Affine => {
                if op == Op::Affine {
                    grad[a + n] += upstream;
                }
                // ∂z/∂w_i = x_i and ∂z/∂x_i = w_i. The two ranges may
                // overlap (dot(x, x)), so index rather than split slices.
                for k in 0..n {
                    grad[a + k] += upstream * nodes[b + k].data;
                    grad[b + k] += upstream * nodes[a + k].data;
                }
            }
            _ => unreachable!("{op:?} is not n-ary"),
        }
    } else {
        let n = b;
        let list = &operands[a..];
        match op {
            Op::Sum => {
                for &x in &list[..n] {
                    grad[x as usize] += upstream;
                }
            }
            Op::Dot | Op::Affine => {
                if op == Op::Affine {
                    grad[list[2 * n] as usize] += upstream;
                }
                for (&w, &x) in list[..n].iter().zip(&list[n..2 * n]) {
                    let (w, x) = (w as usize, x as usize);
                    grad[w] += upstream * nodes[x].data;
                    grad[x] += upstream * nodes[w].data;
                }
            }
            _ => unreachable!("{op:?} is not n-ary"),
        }
    }
}

/// The start index if `values` are consecutive nodes of the arena.
fn contiguous_start(values: &[Value<'_>]) -> Option<u32> {
    let first = values.first()?.id();
    let consecutive = values
        .iter()
        .enumerate()
        .all(|(k, v)| v.id() as usize == first as usize + k);
    consecutive.then_some(first)
}

impl Graph {
    fn check_all(&self, tape: &Tape, values: &[Value<'_>], call: &str) {
        for v in values {
            v.check_graph(self, call);
            tape.check(*v, call);
        }
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
    pub fn sum(&self, values: &[Value<'_>]) -> Value<'_> {
        let mut tape = self.tape.borrow_mut();
        self.check_all(&tape, values, "Graph::sum");
        let total = values.iter().fold(0.0, |acc, v| acc + tape.data(v.id()));
        let code = Op::Sum as u32;
        let index = match contiguous_start(values) {
            Some(start) if values.len() <= MAX_RANGE_LEN => tape.push(
                total,
                start,
                start,
                code | RANGE | (values.len() as u32) << 8,
            ),
            _ => {
                let offset = tape.push_operands(values.iter().map(|v| v.id()));
                tape.push(total, offset, values.len() as u32, code)
            }
        };
        Value::new(self, index, tape.epoch)
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
    pub fn affine<'g>(
        &'g self,
        weights: &[Value<'_>],
        inputs: &[Value<'_>],
        bias: Value<'_>,
    ) -> Value<'g> {
        self.record_dot(weights, inputs, Some(bias), "Graph::affine")
    }

    fn record_dot(
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
        let mut tape = self.tape.borrow_mut();
        self.check_all(&tape, weights, call);
        self.check_all(&tape, inputs, call);
        if let Some(bias) = bias {
            self.check_all(&tape, &[bias], call);
        }
        let n = weights.len();
        let start = bias.map_or(0.0, |b| tape.data(b.id()));
        let pairs = weights
            .iter()
            .zip(inputs)
            .map(|(w, x)| (tape.data(w.id()), tape.data(x.id())));
        let z = dot(start, pairs);

        let op = if bias.is_some() { Op::Affine } else { Op::Dot };
        let ranges = match (contiguous_start(weights), contiguous_start(inputs)) {
            (Some(w), Some(x)) if n <= MAX_RANGE_LEN => match bias {
                // The range form finds the bias right after the weights, where
                // a neuron keeps it.
                Some(b) if b.id() as usize != w as usize + n => None,
                _ => Some((w, x)),
            },
            _ => None,
        };
        let index = match ranges {
            Some((w, x)) => tape.push(z, w, x, op as u32 | RANGE | (n as u32) << 8),
            None => {
                let list = weights
                    .iter()
                    .chain(inputs)
                    .chain(bias.as_ref())
                    .map(|v| v.id());
                let offset = tape.push_operands(list);
                tape.push(z, offset, n as u32, op as u32)
            }
        };
        Value::new(self, index, tape.epoch)
    }
}
