//! # 05 · The classic bugs of a hand-written backward pass
//!
//! Between backpropagation and the dying ReLU: what goes wrong when you
//! write backward yourself. The walkthrough carries a tiny engine of its own
//! ([`Tiny`]: a `Vec` of nodes, each op's rule beside it, and a backward
//! sweep), into which it puts four classic bugs, one at a time:
//!
//! 1. **overwriting instead of accumulating**: `grad[input] = upstream ·
//!    local` instead of `+=`, so `b = a + a` gives `a` half its gradient
//!    (1 instead of 2);
//! 2. **recursing without a topological order** (micrograd's first
//!    backward): a node passes its gradient on as soon as the sweep reaches
//!    it, before everything it is owed has arrived: for `y = u·v`,
//!    `u = x·x`, `v = u + 1` at `x = 2`, `∂y/∂x` comes out 20 instead of
//!    `4x³ + 2x = 36`;
//! 3. **a second `backward` without `zero_grad`**: gradients accumulate, so
//!    the second sweep adds to the first. The tiny engine, which keeps every
//!    node's old gradient and sends it on again, gets 124; the crate's
//!    second sweep adds only its own derivatives, 72 = 36 + 36, as PyTorch
//!    does for leaves. Either way the step is wrong: zeroing between steps
//!    is the caller's job;
//! 4. **a rule that reads the output where it needs the input**: a square
//!    whose `∂/∂x` is `2·out` instead of `2·x` (18 instead of 6 at `x = 3`).
//!
//! Each is caught by comparing every node's gradient with the crate's: the
//! nodes that differ are named. Bugs 1–3 are in the sweep, and every local
//! rule is right; bug 4 is in a rule, so the crate's check that names the
//! wrong node ([`crate::gradcheck::gradcheck`], with the buggy square
//! written as a [`CustomOp`]) points at it.
//!
//! Run: `cargo run --release --example 05_backward_bugs`

use std::error::Error;
use std::path::{Path, PathBuf};

use super::numbers::num;
use super::page::{check, say, Page};
use crate::gradcheck::gradcheck;
use crate::{CustomOp, Graph, Value};

/// Where bug 1's `b = a + a` is taken.
const A: f64 = 3.0;
/// Where bugs 2 and 3's `y = u·v` is taken.
const X: f64 = 2.0;
/// Where bug 4's `y = x²` is taken.
const SQUARE_AT: f64 = 3.0;

/// The ops of the tiny engine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TinyOp {
    Leaf,
    Add,
    Mul,
    Square,
}

/// Which bug the tiny engine's backward has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bug {
    /// None: the backward of the crate, written plainly.
    None,
    /// `grad[input] = upstream · local` instead of `+=`.
    Overwrite,
    /// Depth-first from the root, each node passing its gradient on when
    /// first reached, instead of in reverse creation order.
    NoTopologicalOrder,
    /// The square's rule reads its output: `∂out/∂x = 2·out`.
    ReadsOutput,
}

/// A tiny engine, as a learner writes one: every node's data, grad, op,
/// inputs and name in `Vec`s, in the order they were made.
#[derive(Default)]
pub struct Tiny {
    data: Vec<f64>,
    grad: Vec<f64>,
    op: Vec<Option<TinyOp>>,
    inputs: Vec<Vec<usize>>,
    names: Vec<&'static str>,
}

impl Tiny {
    fn push(&mut self, data: f64, op: TinyOp, inputs: Vec<usize>, name: &'static str) -> usize {
        self.data.push(data);
        self.grad.push(0.0);
        self.op.push(Some(op));
        self.inputs.push(inputs);
        self.names.push(name);
        self.data.len() - 1
    }

    /// A leaf holding `x`; returns its index.
    pub fn leaf(&mut self, x: f64, name: &'static str) -> usize {
        self.push(x, TinyOp::Leaf, Vec::new(), name)
    }

    /// `a + b`; `∂/∂a = ∂/∂b = 1`.
    pub fn add(&mut self, a: usize, b: usize, name: &'static str) -> usize {
        self.push(self.data[a] + self.data[b], TinyOp::Add, vec![a, b], name)
    }

    /// `a·b`; `∂/∂a = b`, `∂/∂b = a`.
    pub fn mul(&mut self, a: usize, b: usize, name: &'static str) -> usize {
        self.push(self.data[a] * self.data[b], TinyOp::Mul, vec![a, b], name)
    }

    /// `a²`; `∂/∂a = 2a` (the [`Bug::ReadsOutput`] rule reads `2·a²`).
    pub fn square(&mut self, a: usize, name: &'static str) -> usize {
        self.push(self.data[a] * self.data[a], TinyOp::Square, vec![a], name)
    }

    /// `∂node/∂input_k`, each op's rule.
    fn local(&self, node: usize, k: usize, bug: Bug) -> f64 {
        let inputs = &self.inputs[node];
        match self.op[node] {
            Some(TinyOp::Add) => 1.0,
            // d(a·b)/da = b, d(a·b)/db = a.
            Some(TinyOp::Mul) => self.data[inputs[1 - k]],
            // d(x²)/dx = 2x, from the input: the bug reads the output.
            Some(TinyOp::Square) if bug == Bug::ReadsOutput => 2.0 * self.data[node],
            Some(TinyOp::Square) => 2.0 * self.data[inputs[0]],
            Some(TinyOp::Leaf) | None => 0.0,
        }
    }

    /// A node sends `grad · local` to each of its inputs.
    fn send(&mut self, node: usize, bug: Bug) {
        for k in 0..self.inputs[node].len() {
            let input = self.inputs[node][k];
            let contribution = self.grad[node] * self.local(node, k, bug);
            if bug == Bug::Overwrite {
                self.grad[input] = contribution;
            } else {
                self.grad[input] += contribution;
            }
        }
    }

    /// Sets the root's gradient to 1 and sweeps back, leaving every other
    /// gradient to accumulate (as micrograd's and the crate's do).
    pub fn backward(&mut self, root: usize, bug: Bug) {
        self.grad[root] = 1.0;
        if bug == Bug::NoTopologicalOrder {
            // Depth-first from the root: each node sends its gradient on
            // the first time it is reached, then the sweep goes into its
            // inputs. A node reached early sends what it has so far.
            let mut visited = vec![false; root + 1];
            let mut stack = vec![root];
            while let Some(node) = stack.pop() {
                if std::mem::replace(&mut visited[node], true) {
                    continue;
                }
                self.send(node, bug);
                stack.extend(self.inputs[node].iter().rev());
            }
        } else {
            // Creation order is a topological order: read backwards, each
            // node has received everything before it sends.
            for node in (0..=root).rev() {
                self.send(node, bug);
            }
        }
    }

    /// Sets every gradient to 0.
    pub fn zero_grad(&mut self) {
        self.grad.iter_mut().for_each(|g| *g = 0.0);
    }

    /// The gradient of the node called `name`.
    pub fn grad_of(&self, name: &str) -> f64 {
        self.names
            .iter()
            .position(|n| *n == name)
            .map_or(f64::NAN, |k| self.grad[k])
    }
}

/// The first expression: `b = a + a` at `a = 3`, in the tiny engine and in
/// the crate (by name).
fn twice(tiny: &mut Tiny, graph: &Graph) -> (usize, Vec<(&'static str, f64)>) {
    let a = tiny.leaf(A, "a");
    let b = tiny.add(a, a, "b");
    let va = graph.value(A);
    let vb = va + va;
    vb.backward();
    (b, vec![("a", va.grad()), ("b", vb.grad())])
}

/// The second expression: `u = x·x`, `v = u + 1`, `y = u·v` at `x = 2`,
/// in the tiny engine and in the crate. `y = x⁴ + x²`, so
/// `∂y/∂x = 4x³ + 2x = 36`, `∂y/∂u = v + u = 9`, `∂y/∂v = u = 4`.
fn diamond(tiny: &mut Tiny, graph: &Graph) -> (usize, Vec<(&'static str, f64)>) {
    let x = tiny.leaf(X, "x");
    let u = tiny.mul(x, x, "u");
    let one = tiny.leaf(1.0, "1");
    let v = tiny.add(u, one, "v");
    let y = tiny.mul(u, v, "y");
    let vx = graph.value(X);
    let vu = vx * vx;
    let vone = graph.value(1.0);
    let vv = vu + vone;
    let vy = vu * vv;
    vy.backward();
    let grads = vec![
        ("x", vx.grad()),
        ("u", vu.grad()),
        ("1", vone.grad()),
        ("v", vv.grad()),
        ("y", vy.grad()),
    ];
    (y, grads)
}

/// The names whose gradient in `tiny` differs from the crate's.
fn differing(tiny: &Tiny, crate_grads: &[(&'static str, f64)]) -> Vec<&'static str> {
    crate_grads
        .iter()
        .filter(|(name, g)| (tiny.grad_of(name) - g).abs() > 1e-12)
        .map(|(name, _)| *name)
        .collect()
}

/// What the walkthrough found for one bug: `∂root/∂input` by the crate and
/// by the tiny engine with the bug, and the nodes whose gradients differ.
#[derive(Clone, Debug, PartialEq)]
pub struct Caught {
    /// The crate's gradient of the input shown.
    pub expected: f64,
    /// The buggy engine's.
    pub got: f64,
    /// The nodes whose gradient differs from the crate's, by name.
    pub nodes: Vec<&'static str>,
    /// The same expression in the tiny engine without the bug agrees with
    /// the crate at every node.
    pub fixed_agrees: bool,
}

/// Bug 1 on `b = a + a`: the crate's `∂b/∂a = 2`, the overwriting engine's 1.
pub fn overwrite() -> Caught {
    let run = |bug| {
        let graph = Graph::new();
        let mut tiny = Tiny::default();
        let (root, grads) = twice(&mut tiny, &graph);
        tiny.backward(root, bug);
        (tiny, grads)
    };
    let (fixed, _) = run(Bug::None);
    let (buggy, grads) = run(Bug::Overwrite);
    Caught {
        expected: grads[0].1,
        got: buggy.grad_of("a"),
        nodes: differing(&buggy, &grads),
        fixed_agrees: differing(&fixed, &grads).is_empty(),
    }
}

/// Bug 2 on the diamond: the crate's `∂y/∂x = 36`, the depth-first
/// engine's 20 (`u` sends 5·2x before `v`'s 4 has arrived).
pub fn no_topological_order() -> Caught {
    let run = |bug| {
        let graph = Graph::new();
        let mut tiny = Tiny::default();
        let (root, grads) = diamond(&mut tiny, &graph);
        tiny.backward(root, bug);
        (tiny, grads)
    };
    let (fixed, _) = run(Bug::None);
    let (buggy, grads) = run(Bug::NoTopologicalOrder);
    Caught {
        expected: grads[0].1,
        got: buggy.grad_of("x"),
        nodes: differing(&buggy, &grads),
        fixed_agrees: differing(&fixed, &grads).is_empty(),
    }
}

/// Bug 3 on the diamond: two sweeps of the tiny engine without `zero_grad`
/// give `∂y/∂x = 124` (the second sweep sends every node's old gradient on
/// again); the crate's gradient after `zero_grad` is 36. Also returns the
/// crate's own `∂y/∂x` after two sweeps without `zero_grad`: 72 = 36 + 36
/// (each sweep adds only its own derivatives).
pub fn no_zero_grad() -> (Caught, f64) {
    let graph = Graph::new();
    let mut buggy = Tiny::default();
    let (root, grads) = diamond(&mut buggy, &graph);
    buggy.backward(root, Bug::None);
    buggy.backward(root, Bug::None);
    let mut fixed = Tiny::default();
    diamond(&mut fixed, &Graph::new());
    fixed.backward(root, Bug::None);
    fixed.zero_grad();
    fixed.backward(root, Bug::None);
    // The crate, backward twice on the same root: y's node is the last.
    let graph = Graph::new();
    diamond(&mut Tiny::default(), &graph);
    let y = graph.value_at(graph.len() - 1);
    y.backward();
    let crate_twice = graph.value_at(0).grad();
    let caught = Caught {
        expected: grads[0].1,
        got: buggy.grad_of("x"),
        nodes: differing(&buggy, &grads),
        fixed_agrees: differing(&fixed, &grads).is_empty(),
    };
    (caught, crate_twice)
}

/// A square whose rule reads its output: `∂out/∂x = 2·out` (the bug; the
/// right rule is `2·x`).
struct SquareFromOutput;

impl CustomOp for SquareFromOutput {
    fn name(&self) -> &str {
        "square_reading_out"
    }

    fn forward(&self, inputs: &[f64]) -> f64 {
        inputs[0] * inputs[0]
    }

    fn partials(&self, _inputs: &[f64], output: f64) -> Vec<f64> {
        vec![2.0 * output]
    }
}

/// Bug 4 on `y = x²` at `x = 3`: the crate's `∂y/∂x = 6`, the engine
/// whose rule reads the output 18; and what [`gradcheck`] says of the same
/// rule written as a [`CustomOp`]: the node it names (its op's name), the
/// rule's local derivative and the central difference of the node's own
/// function.
pub fn reads_output() -> (Caught, Option<(String, f64, f64)>) {
    let graph = Graph::new();
    let x = graph.value(SQUARE_AT);
    let y = x.powf(2.0);
    y.backward();
    let grads = vec![("x", x.grad()), ("y", y.grad())];
    let run = |bug| {
        let mut tiny = Tiny::default();
        let tx = tiny.leaf(SQUARE_AT, "x");
        let ty = tiny.square(tx, "y");
        tiny.backward(ty, bug);
        tiny
    };
    let (fixed, buggy) = (run(Bug::None), run(Bug::ReadsOutput));
    let report = gradcheck(
        |g: &Graph, v: &[Value<'_>]| g.custom(SquareFromOutput, &[v[0]]),
        &[SQUARE_AT],
    );
    let named = (!report.passed())
        .then(|| report.nodes.first())
        .flatten()
        .filter(|n| !n.kink)
        .map(|n| (n.op.clone(), n.analytic, n.numeric));
    let caught = Caught {
        expected: grads[0].1,
        got: buggy.grad_of("x"),
        nodes: differing(&buggy, &grads),
        fixed_agrees: differing(&fixed, &grads).is_empty(),
    };
    (caught, named)
}

/// Runs the walkthrough, printing to `page`; it writes no files.
///
/// # Errors
/// The first error met, as for any [`Walkthrough`](crate::lesson::Walkthrough).
pub fn run(page: &mut Page<'_>, _dir: &Path) -> Result<Vec<PathBuf>, Box<dyn Error>> {
    say!(page, "bugs.intro")?;
    let nodes = |c: &Caught| c.nodes.join(", ");

    page.blank()?;
    let one = overwrite();
    say!(page, "bugs.overwrite")?;
    say!(
        page,
        "bugs.overwrite_numbers",
        a = A,
        expected = num(one.expected),
        got = num(one.got),
        nodes = nodes(&one)
    )?;
    check!(
        page,
        "bugs.check_caught",
        one.got != one.expected && one.nodes == ["a"] && one.fixed_agrees,
        bug = 1
    )?;

    page.blank()?;
    let two = no_topological_order();
    say!(page, "bugs.order")?;
    say!(
        page,
        "bugs.order_numbers",
        x = X,
        expected = num(two.expected),
        got = num(two.got),
        nodes = nodes(&two)
    )?;
    check!(
        page,
        "bugs.check_caught",
        two.got != two.expected && two.nodes.contains(&"x") && two.fixed_agrees,
        bug = 2
    )?;

    page.blank()?;
    let (three, crate_twice) = no_zero_grad();
    say!(page, "bugs.zero_grad")?;
    say!(
        page,
        "bugs.zero_grad_numbers",
        got = num(three.got),
        twice = num(crate_twice),
        expected = num(three.expected),
        nodes = nodes(&three)
    )?;
    check!(
        page,
        "bugs.check_caught",
        three.got != three.expected
            && crate_twice == 2.0 * three.expected
            && three.nodes.contains(&"x")
            && three.fixed_agrees,
        bug = 3
    )?;

    page.blank()?;
    let (four, named) = reads_output();
    say!(page, "bugs.reads_output")?;
    say!(
        page,
        "bugs.reads_output_numbers",
        x = SQUARE_AT,
        expected = num(four.expected),
        got = num(four.got)
    )?;
    match &named {
        Some((op, analytic, numeric)) => {
            say!(page, "bugs.gradcheck")?;
            say!(
                page,
                "bugs.gradcheck_node",
                op = op,
                analytic = num(*analytic),
                numeric = num(*numeric)
            )?;
        }
        None => say!(page, "bugs.gradcheck_missed")?,
    }
    check!(
        page,
        "bugs.check_named",
        four.got != four.expected
            && four.fixed_agrees
            && named
                .as_ref()
                .is_some_and(|(op, a, n)| op == "square_reading_out" && (a - n).abs() > 1.0)
    )?;

    page.blank()?;
    say!(page, "bugs.lesson")?;
    page.verified("bugs.verified", &[])?;
    Ok(Vec::new())
}
