//! Random expression trees over every op, shared by the tests that check
//! derivatives (finite differences, sums over paths, backward traces).

use rand::rngs::StdRng;
use rand::RngExt;
use scalargrad::{Graph, Op, Value};

/// A random expression over a few inputs, built from every op. Arguments of
/// `ln`, `sqrt`, `/` and `pow`'s base are made positive (`t² + 0.5`), so the
/// tree is defined everywhere.
#[derive(Clone, Debug)]
pub enum Expr {
    Input(usize),
    Constant(f64),
    Unary(usize, Box<Expr>),
    Binary(usize, Box<Expr>, Box<Expr>),
    Nary(usize, Vec<Expr>),
}

const UNARY_OPS: usize = 16;
const BINARY_OPS: usize = 6;

pub fn random_expr(rng: &mut StdRng, depth: u32, n_inputs: usize) -> Expr {
    if depth == 0 || rng.random_range(0..10) == 0 {
        return if rng.random_range(0..4) == 0 {
            Expr::Constant(rng.random_range(-2.0..2.0))
        } else {
            Expr::Input(rng.random_range(0..n_inputs))
        };
    }
    match rng.random_range(0..3) {
        0 => Expr::Unary(
            rng.random_range(0..UNARY_OPS),
            Box::new(random_expr(rng, depth - 1, n_inputs)),
        ),
        1 => Expr::Binary(
            rng.random_range(0..BINARY_OPS),
            Box::new(random_expr(rng, depth - 1, n_inputs)),
            Box::new(random_expr(rng, depth - 1, n_inputs)),
        ),
        _ => {
            let terms = rng.random_range(0..5);
            let kind = rng.random_range(0..3);
            let count = if kind == 0 { terms } else { 2 * terms + 1 };
            Expr::Nary(
                kind,
                (0..count)
                    .map(|_| random_expr(rng, depth - 1, n_inputs))
                    .collect(),
            )
        }
    }
}

fn positive(x: Value) -> Value {
    x * x + 0.5
}

pub fn build<'g>(expr: &Expr, g: &'g Graph, inputs: &[Value<'g>]) -> Value<'g> {
    match expr {
        Expr::Input(i) => inputs[*i],
        Expr::Constant(c) => g.value(*c),
        Expr::Unary(op, e) => {
            let x = build(e, g, inputs);
            match op {
                0 => -x,
                1 => x.tanh().exp(),
                2 => positive(x).ln(),
                3 => positive(x).sqrt(),
                4 => x.sin(),
                5 => x.cos(),
                6 => x.tanh(),
                7 => x.sigmoid(),
                8 => x.relu(),
                9 => x.softplus(),
                10 => x.gelu(),
                11 => x.powf(2.0),
                12 => x.leaky_relu(0.1),
                13 => x.elu(1.0),
                14 => x.swish(1.5),
                _ => 1.0 / positive(x),
            }
        }
        Expr::Binary(op, l, r) => {
            let (x, y) = (build(l, g, inputs), build(r, g, inputs));
            match op {
                0 => x + y,
                1 => x - y,
                2 => x * y,
                3 => x / positive(y),
                4 => positive(x).pow(y.tanh()),
                _ => x.prelu(y),
            }
        }
        Expr::Nary(kind, terms) => {
            let values: Vec<Value> = terms.iter().map(|t| build(t, g, inputs)).collect();
            let n = values.len() / 2;
            match kind {
                0 => g.sum(&values),
                1 => g.dot(&values[..n], &values[n..2 * n]),
                _ => g.affine(&values[..n], &values[n..2 * n], values[2 * n]),
            }
        }
    }
}

/// True if some kinked op's argument lies within `margin` of its kink, where a
/// central difference is not expected to agree.
pub fn near_a_kink(root: Value, margin: f64) -> bool {
    let n = root.index() + 1;
    let mut stack = vec![root];
    let mut seen = vec![false; n];
    while let Some(v) = stack.pop() {
        if std::mem::replace(&mut seen[v.index()], true) {
            continue;
        }
        let inputs = v.inputs();
        let kinked = matches!(v.op(), Op::Relu | Op::LeakyRelu | Op::Elu | Op::Prelu);
        if kinked && inputs[0].data().abs() < margin {
            return true;
        }
        stack.extend(inputs);
    }
    false
}
