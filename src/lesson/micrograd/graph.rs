//! micrograd's training graph, built op for op as the Python original builds
//! it: binary nodes only, every number a leaf.

use super::{ALPHA, LAYERS};
use crate::{Graph, Value};

/// The four operations micrograd's demo records, so that the same builder
/// drives our engine and the yardstick tape.
pub trait Recorder {
    /// A handle to a recorded scalar.
    type V: Copy;
    /// A new leaf (an input, a parameter or a constant).
    fn leaf(&mut self, x: f64) -> Self::V;
    /// `a + b`.
    fn add(&mut self, a: Self::V, b: Self::V) -> Self::V;
    /// `a * b`.
    fn mul(&mut self, a: Self::V, b: Self::V) -> Self::V;
    /// `max(0, a)`.
    fn relu(&mut self, a: Self::V) -> Self::V;
    /// `a + c` with `c` a new constant leaf, as micrograd's `a + 1.0`.
    fn add_const(&mut self, a: Self::V, c: f64) -> Self::V {
        let c = self.leaf(c);
        self.add(a, c)
    }
    /// `a * c` with `c` a new constant leaf.
    fn mul_const(&mut self, a: Self::V, c: f64) -> Self::V {
        let c = self.leaf(c);
        self.mul(a, c)
    }
}

impl<'g> Recorder for &'g Graph {
    type V = Value<'g>;
    #[inline]
    fn leaf(&mut self, x: f64) -> Value<'g> {
        self.value(x)
    }
    #[inline]
    fn add(&mut self, a: Value<'g>, b: Value<'g>) -> Value<'g> {
        a + b
    }
    #[inline]
    fn mul(&mut self, a: Value<'g>, b: Value<'g>) -> Value<'g> {
        a * b
    }
    #[inline]
    fn relu(&mut self, a: Value<'g>) -> Value<'g> {
        a.relu()
    }
    #[inline]
    fn add_const(&mut self, a: Value<'g>, c: f64) -> Value<'g> {
        a + c
    }
    #[inline]
    fn mul_const(&mut self, a: Value<'g>, c: f64) -> Value<'g> {
        a * c
    }
}

/// Records micrograd's training graph for one step, op for op as the Python
/// original builds it (each neuron `b + w0·x0 + w1·x1 + …` as binary nodes,
/// numbers as constant leaves), and returns `(total_loss, scores)`.
// `#[inline]`: each step (`tape_step`, `micrograd_step`) gets its own copy of
// this loop, as when it lived in the benches. Without it `tape_step` called
// it out of line and the tape yardstick ran 1.7 % more instructions
// (cachegrind) and about 3 % slower, flattering the engine's ratio to it.
#[inline]
pub fn micrograd_loss<R: Recorder>(
    r: &mut R,
    params: &[R::V],
    xs: &[[f64; 2]],
    ys: &[f64],
) -> (R::V, Vec<R::V>) {
    // inputs = [list(map(Value, xrow)) for xrow in Xb]: all leaves first.
    let inputs: Vec<[R::V; 2]> = xs.iter().map(|x| [r.leaf(x[0]), r.leaf(x[1])]).collect();
    let mut scores = Vec::with_capacity(xs.len());
    for x in &inputs {
        let mut activations = x.to_vec();
        let mut p = 0;
        for (layer, pair) in LAYERS.windows(2).enumerate() {
            let (n_in, n_out) = (pair[0], pair[1]);
            let last = layer == LAYERS.len() - 2;
            let mut outputs = Vec::with_capacity(n_out);
            for _ in 0..n_out {
                let (w, b) = (&params[p..p + n_in], params[p + n_in]);
                p += n_in + 1;
                // sum((wi*xi for wi, xi in zip(self.w, x)), self.b)
                let mut act = b;
                for (&wi, &xi) in w.iter().zip(&activations) {
                    let product = r.mul(wi, xi);
                    act = r.add(act, product);
                }
                outputs.push(if last { act } else { r.relu(act) });
            }
            activations = outputs;
        }
        scores.push(activations[0]);
    }
    // losses = [(1 + -yi*scorei).relu() ...]
    let losses: Vec<R::V> = scores
        .iter()
        .zip(ys)
        .map(|(&s, &y)| {
            let margin = r.mul_const(s, -y);
            let margin = r.add_const(margin, 1.0);
            r.relu(margin)
        })
        .collect();
    // sum(losses) starts from the int 0: 0 + l0 is l0.__radd__(0) = l0 + Value(0).
    let mut data_loss = r.add_const(losses[0], 0.0);
    for &loss in &losses[1..] {
        data_loss = r.add(data_loss, loss);
    }
    let data_loss = r.mul_const(data_loss, 1.0 / xs.len() as f64);
    // alpha * sum(p*p for p in parameters())
    let square = r.mul(params[0], params[0]);
    let mut reg = r.add_const(square, 0.0);
    for &p in &params[1..] {
        let square = r.mul(p, p);
        reg = r.add(reg, square);
    }
    let reg = r.mul_const(reg, ALPHA);
    (r.add(data_loss, reg), scores)
}
