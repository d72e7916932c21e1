//! Shared by the benches, the performance report and some tests: the micrograd
//! demo's data, its training graph built exactly as micrograd builds it (binary
//! ops only), and the yardsticks we measure against.

#![allow(dead_code)]

pub mod handwritten;
pub mod tape;

use rand::SeedableRng;
use scalargrad::nn::{Activation, Mlp};
use scalargrad::{loss, Graph, Value};
use tape::Tape;

/// The micrograd demo's network: `MLP(2, [16, 16, 1])`.
pub const LAYERS: [usize; 4] = [2, 16, 16, 1];
/// L2 coefficient of the demo's loss.
pub const ALPHA: f64 = 1e-4;

/// The 100 two-moons points `(x, y)` with labels in {-1, +1}.
pub fn moons() -> (Vec<[f64; 2]>, Vec<f64>) {
    let text = include_str!("../../tests/data/micrograd_demo/moons.csv");
    let data = scalargrad::data::parse_csv(
        text,
        std::path::Path::new("moons.csv"),
        &scalargrad::data::CsvOptions::default(),
    )
    .expect("moons.csv parses");
    points(&data)
}

/// A two-class dataset with two features as micrograd's points and labels:
/// class 0 → -1, class 1 → +1.
pub fn points(data: &scalargrad::data::Dataset) -> (Vec<[f64; 2]>, Vec<f64>) {
    let xs = data.x.iter().map(|x| [x[0], x[1]]).collect();
    let ys = data.y.iter().map(|&class| 2.0 * class - 1.0).collect();
    (xs, ys)
}

/// The 337 initial parameters, in micrograd's `parameters()` order.
pub fn init_params() -> Vec<f64> {
    include_str!("../../tests/data/micrograd_demo/init_params.txt")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.trim().parse().unwrap())
        .collect()
}

/// `(step, loss, accuracy %)` at each of the 100 steps of the original run.
pub fn trajectory() -> Vec<(usize, f64, f64)> {
    include_str!("../../tests/data/micrograd_demo/trajectory.csv")
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (
                f[0].parse().unwrap(),
                f[1].parse().unwrap(),
                f[2].parse().unwrap(),
            )
        })
        .collect()
}

/// The demo's learning rate at step `k`: `1.0 - 0.9·k/100`.
pub fn learning_rate(k: usize) -> f64 {
    1.0 - 0.9 * k as f64 / 100.0
}

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
    fn leaf(&mut self, x: f64) -> Value<'g> {
        self.value(x)
    }
    fn add(&mut self, a: Value<'g>, b: Value<'g>) -> Value<'g> {
        a + b
    }
    fn mul(&mut self, a: Value<'g>, b: Value<'g>) -> Value<'g> {
        a * b
    }
    fn relu(&mut self, a: Value<'g>) -> Value<'g> {
        a.relu()
    }
    fn add_const(&mut self, a: Value<'g>, c: f64) -> Value<'g> {
        a + c
    }
    fn mul_const(&mut self, a: Value<'g>, c: f64) -> Value<'g> {
        a * c
    }
}

/// Records micrograd's training graph for one step, op for op as the Python
/// original builds it (each neuron `b + w0·x0 + w1·x1 + …` as binary nodes,
/// numbers as constant leaves), and returns `(total_loss, scores)`.
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

/// Share of points where `(y > 0) == (score > 0)`, in percent.
pub fn accuracy_percent(scores: &[f64], ys: &[f64]) -> f64 {
    let right = scores
        .iter()
        .zip(ys)
        .filter(|(s, y)| (**y > 0.0) == (**s > 0.0))
        .count();
    100.0 * right as f64 / ys.len() as f64
}

/// One step of micrograd's demo with the crate's `Mlp` (each neuron one
/// affine node): forward every point, mean hinge loss plus `ALPHA·Σp²`,
/// backward, SGD, and truncate the graph back to `keep` nodes. Returns the
/// loss before the update.
pub fn mlp_step<'g>(
    g: &'g Graph,
    mlp: &Mlp<'g>,
    params: &[Value<'g>],
    keep: usize,
    xs: &[[f64; 2]],
    ys: &[f64],
    lr: f64,
) -> f64 {
    let total = mlp_loss(g, mlp, params, xs, ys);
    let value = backward_and_update(g, total, params, lr);
    g.truncate(keep);
    value
}

/// Records micrograd's loss with the crate's `Mlp`: mean hinge loss over the
/// points plus `ALPHA·Σp²`.
pub fn mlp_loss<'g>(
    g: &'g Graph,
    mlp: &Mlp<'g>,
    params: &[Value<'g>],
    xs: &[[f64; 2]],
    ys: &[f64],
) -> Value<'g> {
    let losses: Vec<Value<'g>> = xs
        .iter()
        .zip(ys)
        .map(|(x, &y)| loss::hinge(mlp.forward(&g.values(x))[0], y))
        .collect();
    loss::mean(&losses) + loss::l2(params) * ALPHA
}

/// One step of micrograd's demo on micrograd's own graph of binary ops,
/// recorded again: back to the first `keep` nodes (the parameters),
/// [`micrograd_loss`], backward, SGD. Returns the loss before the update.
pub fn micrograd_step<'g>(
    g: &'g Graph,
    params: &[Value<'g>],
    keep: usize,
    xs: &[[f64; 2]],
    ys: &[f64],
    lr: f64,
) -> f64 {
    g.truncate(keep);
    let (total, _) = micrograd_loss(&mut &*g, params, xs, ys);
    backward_and_update(g, total, params, lr)
}

/// One step on a graph recorded once (by [`mlp_loss`] or
/// [`micrograd_loss`]): `recompute`, backward, SGD. Returns the loss before
/// the update.
pub fn replay_step<'g>(g: &'g Graph, total: Value<'g>, params: &[Value<'g>], lr: f64) -> f64 {
    g.recompute();
    backward_and_update(g, total, params, lr)
}

/// Zero gradients, backward from `total`, SGD on `params`; returns the loss.
fn backward_and_update<'g>(g: &'g Graph, total: Value<'g>, params: &[Value<'g>], lr: f64) -> f64 {
    g.zero_grad();
    total.backward();
    for p in params {
        p.set_data(p.data() - lr * p.grad());
    }
    total.data()
}

/// micrograd's demo network `MLP(2, [16, 16, 1])` in `g`, with the reference
/// initial parameters: the network, its parameters, and the graph length a
/// step truncates back to.
pub fn demo_mlp(g: &Graph) -> (Mlp<'_>, Vec<Value<'_>>, usize) {
    let mlp = Mlp::new(
        g,
        2,
        &[16, 16, 1],
        Activation::Relu,
        &mut rand::rngs::StdRng::seed_from_u64(0),
    );
    mlp.set_parameters(&init_params());
    let params = mlp.parameters();
    let keep = g.len();
    (mlp, params, keep)
}

/// The yardstick tape holding micrograd's initial parameters as its first
/// leaves, and their handles.
pub fn demo_tape() -> (Tape, Vec<u32>) {
    let mut tape = Tape::default();
    let params: Vec<u32> = init_params().iter().map(|&p| (&mut tape).leaf(p)).collect();
    (tape, params)
}

/// One step of micrograd's demo on the tape: back to the parameters, zero
/// gradients, record micrograd's graph, backward, SGD. Returns the loss.
pub fn tape_step(tape: &mut Tape, params: &[u32], xs: &[[f64; 2]], ys: &[f64], lr: f64) -> f64 {
    tape.nodes.truncate(params.len());
    tape.zero_grad();
    let (loss, _) = micrograd_loss(&mut &mut *tape, params, xs, ys);
    tape.backward(loss);
    for &p in params {
        let node = &mut tape.nodes[p as usize];
        node.data -= lr * node.grad;
    }
    tape.nodes[loss as usize].data
}

/// micrograd's whole demo with `Mlp`: a fresh graph, the reference initial
/// parameters, 100 steps with its learning-rate schedule. Returns the last
/// loss.
pub fn demo_run(xs: &[[f64; 2]], ys: &[f64]) -> f64 {
    let g = Graph::new();
    let (mlp, params, keep) = demo_mlp(&g);
    (0..100).fold(0.0, |_, k| {
        mlp_step(&g, &mlp, &params, keep, xs, ys, learning_rate(k))
    })
}
