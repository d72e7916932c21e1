//! The fast backward sweep against the reference backward
//! (`scalargrad::reference::backward`, the plain walk in reverse creation
//! order) on thousands of random graphs: every op, n-ary nodes in range and
//! list form, running sums of products, shared nodes, truncation, and a
//! second backward.

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use scalargrad::{reference, CustomOp, Graph, Value};

/// A custom op of three inputs: `x·y + sin z`; partials `(y, x, cos z)`.
struct Mixed;

impl CustomOp for Mixed {
    fn name(&self) -> &str {
        "mixed"
    }
    fn forward(&self, v: &[f64]) -> f64 {
        v[0] * v[1] + v[2].sin()
    }
    fn partials(&self, v: &[f64], _out: f64) -> Vec<f64> {
        vec![v[1], v[0], v[2].cos()]
    }
}

/// Equal to the last bit, or within 1e-12 relative (n-ary nodes may add a
/// node's contributions in another order); NaN agrees with NaN.
fn agree(fast: f64, reference: f64) -> bool {
    fast == reference
        || (fast.is_nan() && reference.is_nan())
        || (fast - reference).abs() <= 1e-12 * fast.abs().max(reference.abs()).max(1.0)
}

/// Checks every node's gradient against `expected`, indexed by node.
fn assert_grads(g: &Graph, expected: &[f64], what: &str) {
    for (i, &want) in expected.iter().enumerate() {
        let got = g.value_at(i).grad();
        assert!(
            agree(got, want),
            "{what}: node {i} ({:?}): backward gives {got}, the reference {want}",
            g.value_at(i).op()
        );
    }
}

/// Makes a value safe for `ln`, `sqrt`, a denominator or `pow`'s base.
fn positive(x: Value) -> Value {
    x * x + 0.5
}

/// A random node over `pool`, from every kind of op.
fn random_node<'g>(g: &'g Graph, pool: &mut Vec<Value<'g>>, rng: &mut StdRng) {
    // Recent nodes more often, so that graphs grow deep as well as wide.
    let pick = |rng: &mut StdRng, pool: &[Value<'g>]| {
        let n = pool.len();
        let back = rng.random_range(0..n.min(8));
        if rng.random_range(0..2) == 0 {
            pool[n - 1 - back]
        } else {
            pool[rng.random_range(0..n)]
        }
    };
    let x = pick(rng, pool);
    let y = pick(rng, pool);
    let node = match rng.random_range(0..38) {
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
        11 => x.tanh().powf(3.0),
        12 => x.leaky_relu(0.1),
        13 => x.elu(0.7),
        14 => x.swish(1.5),
        15 => x + y,
        16 => x - y,
        17 => x * y,
        18 => x / positive(y),
        19 => positive(x).pow(y.tanh()),
        20 => x.prelu(y),
        21 => x + 2.0,
        22 => 3.0 * x,
        23 => 1.0 - x,
        24 => x + x, // the same input twice
        25 => x * x,
        32 | 33 => g.custom(Mixed, &[x, y, x]), // a custom op, x used twice
        34 | 35 => {
            // A running sum of products term by term, micrograd's
            // `s = s + w·x` (the chain backward takes together), now and
            // then a term that reads the sum itself; the partial sums join
            // the pool, so later nodes send them gradient too.
            let mut s = x;
            for _ in 0..rng.random_range(1..6) {
                let (w, v) = (pick(rng, pool), pick(rng, pool));
                let term = match rng.random_range(0..5) {
                    0 => s * v,
                    1 => w * s,
                    2 => s * s,
                    _ => w * v,
                };
                s += term; // an add of (s, term)
                pool.push(s);
            }
            s
        }
        36 | 37 => {
            // A run of ReLUs over consecutive nodes, as a dense layer
            // records its activations (backward takes the run together),
            // some inputs negative; or a chain relu(relu(…)), each link
            // reading the one just below it. Inputs and outputs join the
            // pool, so later nodes send gradient to both.
            if rng.random_range(0..4) == 0 {
                let mut r = x;
                for _ in 0..rng.random_range(1..4) {
                    r = r.relu();
                    pool.push(r);
                }
                r
            } else {
                let n = rng.random_range(1..7);
                let zs: Vec<Value> = (0..n).map(|_| pick(rng, pool) * pick(rng, pool)).collect();
                let run: Vec<Value> = zs.iter().map(|z| z.relu()).collect();
                pool.extend(&zs);
                pool.extend(&run);
                run[n - 1]
            }
        }
        26 | 27 => {
            // A sum or dot over nodes picked anywhere: the list form.
            let n = rng.random_range(0..5);
            let xs: Vec<Value> = (0..n).map(|_| pick(rng, pool)).collect();
            let ws: Vec<Value> = (0..n).map(|_| pick(rng, pool)).collect();
            match rng.random_range(0..3) {
                0 => g.sum(&xs),
                1 => g.dot(&ws, &xs),
                _ => g.affine(&ws, &xs, y),
            }
        }
        _ => {
            // A neuron over consecutive nodes: the range form (weights,
            // then the bias right after them, as a layer stores them).
            let n = rng.random_range(1..5);
            let params: Vec<f64> = (0..=n).map(|_| rng.random_range(-1.0..1.0)).collect();
            let params = g.values(&params);
            let inputs: Vec<Value> = (0..n).map(|k| (x * (k as f64 + 1.0)).tanh()).collect();
            match rng.random_range(0..4) {
                0 => g.sum(&inputs),
                1 => g.dot(&params[..n], &inputs),
                2 => g.dot(&inputs, &inputs), // weights and inputs overlap
                _ => g.affine(&params[..n], &inputs, params[n]),
            }
        }
    };
    pool.push(node);
}

/// A random graph on a few leaves; returns its nodes.
fn random_graph<'g>(g: &'g Graph, nodes: usize, rng: &mut StdRng) -> Vec<Value<'g>> {
    let leaves: Vec<f64> = (0..4).map(|_| rng.random_range(-2.0..2.0)).collect();
    let mut pool = g.values(&leaves);
    for _ in 0..nodes {
        random_node(g, &mut pool, rng);
    }
    pool
}

#[test]
fn backward_computes_what_the_reference_computes_on_random_graphs() {
    let mut rng = StdRng::seed_from_u64(12);
    for round in 0..2_000 {
        let g = Graph::new();
        let nodes = rng.random_range(1..60);
        let pool = random_graph(&g, nodes, &mut rng);
        // Any node can be the root, not only the last one.
        let root = pool[rng.random_range(pool.len() / 2..pool.len())];
        let expected = reference::backward(root);
        root.backward();
        assert_grads(&g, &expected, &format!("round {round}"));
        // Nodes after the root are not touched.
        for i in root.index() + 1..g.len() {
            assert_eq!(g.value_at(i).grad(), 0.0);
        }
    }
}

#[test]
fn a_second_backward_adds_the_reference_gradients_again() {
    let mut rng = StdRng::seed_from_u64(13);
    for round in 0..500 {
        let g = Graph::new();
        let nodes = rng.random_range(1..40);
        let pool = random_graph(&g, nodes, &mut rng);
        let first = pool[rng.random_range(0..pool.len())];
        let second = pool[rng.random_range(0..pool.len())];
        first.backward();
        second.backward();
        let (a, b) = (reference::backward(first), reference::backward(second));
        let expected: Vec<f64> = (0..g.len())
            .map(|i| a.get(i).unwrap_or(&0.0) + b.get(i).unwrap_or(&0.0))
            .collect();
        assert_grads(&g, &expected, &format!("round {round}"));
    }
}

#[test]
fn after_truncation_both_see_only_the_nodes_that_remain() {
    let mut rng = StdRng::seed_from_u64(14);
    for round in 0..500 {
        let g = Graph::new();
        let params = random_graph(&g, rng.random_range(0..10), &mut rng);
        let kept = g.len();
        // A first step, discarded.
        let mut pool = params.clone();
        for _ in 0..rng.random_range(1..30) {
            random_node(&g, &mut pool, &mut rng);
        }
        pool.last().unwrap().backward();
        g.zero_grad();
        g.truncate(kept);
        // A second step over the same parameters.
        let mut pool = params.clone();
        for _ in 0..rng.random_range(1..30) {
            random_node(&g, &mut pool, &mut rng);
        }
        let root = *pool.last().unwrap();
        let expected = reference::backward(root);
        root.backward();
        assert_grads(&g, &expected, &format!("round {round}"));
    }
}

#[test]
fn the_reference_reads_the_graph_and_writes_nothing() {
    let g = Graph::new();
    let a = g.value(3.0);
    let b = a * a + a; // db/da = 2a + 1 = 7
    let grads = reference::backward(b);
    assert_eq!(grads[a.index()], 7.0);
    assert_eq!(grads[b.index()], 1.0);
    assert_eq!(a.grad(), 0.0); // the graph's own gradients are untouched
}

#[test]
#[should_panic(expected = "reference::backward: this Value (node #2) was discarded")]
fn the_reference_refuses_a_discarded_root() {
    let g = Graph::new();
    let a = g.value(1.0);
    let _ = a + 1.0; // nodes 1 (the constant) and 2
    let stale = g.value_at(2);
    g.truncate(1);
    let _ = g.values(&[0.0, 0.0]);
    reference::backward(stale);
}
