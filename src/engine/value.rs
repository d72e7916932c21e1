//! [`Value`]: a `Copy` handle to one node of a [`Graph`], with the operators
//! and methods that record new nodes.

use std::fmt;
use std::ops::{Add, AddAssign, Div, DivAssign, Mul, MulAssign, Neg, Sub, SubAssign};

use super::ops::{Op, Shape};
use super::tape::Tape;
use super::Graph;

/// A scalar in a [`Graph`]: a small `Copy` handle (graph reference and node
/// index), so maths reads like maths: `let y = (x * w + b).tanh();`.
///
/// Every operation records a new node holding its result. After
/// [`backward`](Value::backward) on a result, [`grad`](Value::grad) on any
/// value it depends on returns `∂result/∂value`.
///
/// Operators `+ - * /` work for `Value ∘ Value`, `Value ∘ f64` and
/// `f64 ∘ Value` (a number becomes a constant leaf, as in micrograd), plus
/// unary `-` and the assignment forms (`c += 1.0` records `c + 1` and moves
/// the handle `c` to it).
///
/// # Panics
/// Every method and operator panics, with a message naming the call, if the
/// handle's node was discarded by [`Graph::truncate`], or if two values of
/// different graphs are combined.
#[derive(Clone, Copy)]
pub struct Value<'g> {
    pub(crate) graph: &'g Graph,
    /// The node's index in the low 32 bits, and the graph's truncation epoch
    /// when the node was created in the high 32. One `u64` rather than two
    /// `u32` makes `Value` a pair of scalars, which Rust passes and returns in
    /// two registers (three fields go through memory and stall on
    /// store-to-load forwarding when a call returns one).
    slot: u64,
}

impl<'g> Value<'g> {
    #[inline(always)]
    pub(crate) fn new(graph: &'g Graph, index: u32, epoch: u32) -> Value<'g> {
        Value {
            graph,
            slot: index as u64 | (epoch as u64) << 32,
        }
    }

    /// The packed `(epoch << 32) | index`.
    #[inline(always)]
    pub(crate) fn slot(self) -> u64 {
        self.slot
    }

    /// The node's index.
    #[inline(always)]
    pub(crate) fn id(self) -> u32 {
        self.slot as u32
    }

    /// The graph's truncation epoch when the node was created.
    #[inline(always)]
    pub(crate) fn epoch(self) -> u32 {
        (self.slot >> 32) as u32
    }

    /// Panics unless `self` belongs to `graph`.
    #[inline(always)]
    pub(crate) fn check_graph(self, graph: &Graph, call: &str) {
        if !std::ptr::eq(self.graph, graph) {
            different_graphs(call);
        }
    }

    /// Runs `f` on the tape after checking that this handle is alive.
    #[inline(always)]
    fn read<T>(self, call: &str, f: impl FnOnce(&Tape) -> T) -> T {
        let tape = self.graph.tape.borrow();
        tape.check(self, call);
        f(&tape)
    }

    #[inline(always)]
    fn write<T>(self, call: &str, f: impl FnOnce(&mut Tape) -> T) -> T {
        let mut tape = self.graph.tape.borrow_mut();
        tape.check(self, call);
        f(&mut tape)
    }

    /// The graph this value lives in.
    pub fn graph(self) -> &'g Graph {
        self.graph
    }

    /// The node's position in the graph (its creation order).
    pub fn index(self) -> usize {
        self.id() as usize
    }

    /// The number this node holds.
    #[inline]
    pub fn data(self) -> f64 {
        self.read("Value::data", |tape| tape.data(self.id()))
    }

    /// `∂root/∂self`, accumulated over every [`backward`](Value::backward)
    /// since the last [`Graph::zero_grad`]; 0 before any.
    #[inline]
    pub fn grad(self) -> f64 {
        self.read("Value::grad", |tape| tape.grad_of(self.id()))
    }

    /// Overwrites the number this node holds (an optimizer step, a new input).
    /// Nodes computed from it keep their old data until
    /// [`Graph::recompute`] or until they are recorded again.
    #[inline]
    pub fn set_data(self, x: f64) {
        self.write("Value::set_data", |tape| tape.set_data(self.id(), x));
    }

    /// Overwrites this node's gradient (`set_grad(0.0)` zeroes one parameter).
    pub fn set_grad(self, grad: f64) {
        self.write("Value::set_grad", |tape| tape.set_grad(self.id(), grad));
    }

    /// Gives this node a name for traces and drawings, and returns the same
    /// node: `let w = g.value(0.5).named("w1");`.
    pub fn named(self, name: &str) -> Value<'g> {
        self.write("Value::named", |tape| tape.set_name(self.id(), name));
        self
    }

    /// The node's name, if it was given one with [`named`](Value::named).
    pub fn name(self) -> Option<String> {
        self.read("Value::name", |tape| {
            tape.name(self.id()).map(str::to_owned)
        })
    }

    /// The operation that produced this node ([`Op::Leaf`] for leaves).
    pub fn op(self) -> Op {
        self.read("Value::op", |tape| tape.node(self.id()).op())
    }

    /// The nodes this one was computed from, in the op's order: `[x]` for a
    /// unary op, `[x, c]` for an op with a constant, `[x, y]` for a binary
    /// op, `[x…]` for a sum, `[w…, x…]` for a dot and `[w…, x…, b]` for an
    /// affine node.
    pub fn inputs(self) -> Vec<Value<'g>> {
        self.local_gradients().into_iter().map(|(v, _)| v).collect()
    }

    /// Each input with the local derivative `∂self/∂input` of its edge, in
    /// [`inputs`](Value::inputs) order: the numbers backward multiplies the
    /// upstream gradient by. The constant of an op with a constant (the
    /// exponent of `powf`, the slope of `leaky_relu`) gets 0, since no
    /// gradient flows into it.
    ///
    /// ```
    /// # let g = scalargrad::Graph::new();
    /// let x = g.value(3.0);
    /// let y = g.value(-2.0);
    /// let z = x * y;
    /// let local: Vec<f64> = z.local_gradients().iter().map(|(_, d)| *d).collect();
    /// assert_eq!(local, vec![-2.0, 3.0]); // ∂(xy)/∂x = y, ∂(xy)/∂y = x
    /// ```
    pub fn local_gradients(self) -> Vec<(Value<'g>, f64)> {
        self.read("Value::local_gradients", |tape| {
            // An input is older than the node, so it is alive whenever the
            // node is: its handle can carry the node's epoch.
            tape.local_derivatives(self.id())
                .into_iter()
                .map(|(i, d, _)| (Value::new(self.graph, i, self.epoch()), d))
                .collect()
        })
    }

    /// Backpropagates from this value: adds `∂self/∂v` to the gradient of
    /// every node `v` that `self` depends on, visiting them in reverse
    /// creation order (a reverse topological order) without recursion.
    ///
    /// Gradients accumulate (`+=`): a node used several times gets every
    /// contribution, and calling `backward()` again (on this or another root)
    /// adds the new derivatives on top of the old ones, as PyTorch does for
    /// leaves. Call [`Graph::zero_grad`] between steps. Nodes the root does
    /// not depend on are not touched, whatever gradient they hold.
    ///
    /// ```
    /// use scalargrad::Graph;
    /// let g = Graph::new();
    /// let x = g.value(2.0);
    /// let y = x * x;
    /// y.backward();
    /// assert_eq!(x.grad(), 4.0); // 2x
    /// y.backward();
    /// assert_eq!(x.grad(), 8.0); // accumulated twice
    /// g.zero_grad();
    /// y.backward();
    /// assert_eq!(x.grad(), 4.0);
    /// ```
    ///
    /// # Complexity
    /// One pass over the nodes created up to `self`; nodes whose gradient is
    /// exactly 0 cost one comparison (a zero gradient times an infinite local
    /// derivative counts as 0, not NaN).
    pub fn backward(self) {
        self.write("Value::backward", |tape| tape.backward(self.id()));
    }

    /// Records a unary op on `self`.
    #[inline(always)]
    fn unary(self, op: Op, call: &str) -> Value<'g> {
        let mut tape = self.graph.tape.borrow_mut();
        tape.check(self, call);
        let x = tape.data(self.id());
        let index = tape.push(op.eval(x, x), self.id(), self.id(), op as u32);
        Value::new(self.graph, index, tape.epoch)
    }

    /// Records `op(self, c)` with `c` a new constant leaf (an exponent, a
    /// slope, or the number in `x + 2.0`).
    #[inline(always)]
    fn with_constant(self, op: Op, c: f64, call: &str) -> Value<'g> {
        let mut tape = self.graph.tape.borrow_mut();
        tape.check(self, call);
        let x = tape.data(self.id());
        let constant = tape.push(c, 0, 0, Op::Leaf as u32);
        let index = tape.push(op.eval(x, c), self.id(), constant, op as u32);
        Value::new(self.graph, index, tape.epoch)
    }

    /// Records `op(self, c)` for an op with a constant (`leaky_relu`, `elu`,
    /// `swish`, `powf`), reading the constant from an existing leaf. A layer
    /// makes its constant once, so its outputs stay contiguous in the arena.
    #[inline]
    pub(crate) fn with_constant_node(self, op: Op, constant: Value<'g>, call: &str) -> Value<'g> {
        debug_assert_eq!(op.shape(), Shape::WithConstant);
        constant.check_graph(self.graph, call);
        let mut tape = self.graph.tape.borrow_mut();
        tape.check(self, call);
        tape.check(constant, call);
        let (x, c) = (tape.data(self.id()), tape.data(constant.id()));
        let index = tape.push(op.eval(x, c), self.id(), constant.id(), op as u32);
        Value::new(self.graph, index, tape.epoch)
    }

    /// Records the binary `op(self, other)`.
    #[inline(always)]
    fn binary(self, op: Op, other: Value<'g>, call: &str) -> Value<'g> {
        other.check_graph(self.graph, call);
        let mut tape = self.graph.tape.borrow_mut();
        tape.check(self, call);
        tape.check(other, call);
        let (x, y) = (tape.data(self.id()), tape.data(other.id()));
        let index = tape.push(op.eval(x, y), self.id(), other.id(), op as u32);
        Value::new(self.graph, index, tape.epoch)
    }

    /// Records the binary `op(c, self)` with `c` a new constant leaf.
    #[inline(always)]
    fn constant_first(self, op: Op, c: f64, call: &str) -> Value<'g> {
        let mut tape = self.graph.tape.borrow_mut();
        tape.check(self, call);
        let y = tape.data(self.id());
        let constant = tape.push(c, 0, 0, Op::Leaf as u32);
        let index = tape.push(op.eval(c, y), constant, self.id(), op as u32);
        Value::new(self.graph, index, tape.epoch)
    }

    /// `x^c` for a constant exponent; `d/dx = c·x^(c-1)`.
    ///
    /// ```
    /// # let g = scalargrad::Graph::new();
    /// let x = g.value(2.0);
    /// let y = x.powf(3.0);
    /// y.backward();
    /// assert_eq!((y.data(), x.grad()), (8.0, 12.0)); // 3·2²
    /// ```
    #[inline]
    pub fn powf(self, c: f64) -> Value<'g> {
        self.with_constant(Op::Powf, c, "Value::powf")
    }

    /// `x^y` for a value exponent; `∂/∂x = y·x^(y-1)`, `∂/∂y = x^y·ln x`
    /// (0 where `x = 0` and `y ≥ 0`, as PyTorch). Negative `x` gives NaN for
    /// non-integer `y` and for `∂/∂y`.
    #[inline]
    pub fn pow(self, exponent: Value<'g>) -> Value<'g> {
        self.binary(Op::Pow, exponent, "Value::pow")
    }

    /// `eˣ`; `d/dx = eˣ`.
    #[inline]
    pub fn exp(self) -> Value<'g> {
        self.unary(Op::Exp, "Value::exp")
    }

    /// Natural logarithm `ln x`; `d/dx = 1/x`. `ln 0 = -∞`, `ln x` for
    /// `x < 0` is NaN.
    #[inline]
    pub fn ln(self) -> Value<'g> {
        self.unary(Op::Ln, "Value::ln")
    }

    /// `√x`; `d/dx = 1/(2√x)` (infinite at 0; NaN for `x < 0`).
    #[inline]
    pub fn sqrt(self) -> Value<'g> {
        self.unary(Op::Sqrt, "Value::sqrt")
    }

    /// `sin x`; `d/dx = cos x`.
    #[inline]
    pub fn sin(self) -> Value<'g> {
        self.unary(Op::Sin, "Value::sin")
    }

    /// `cos x`; `d/dx = -sin x`.
    #[inline]
    pub fn cos(self) -> Value<'g> {
        self.unary(Op::Cos, "Value::cos")
    }

    /// `tanh x`; `d/dx = 1 - tanh²x` (1 at 0, nearly 0 for large `|x|`).
    #[inline]
    pub fn tanh(self) -> Value<'g> {
        self.unary(Op::Tanh, "Value::tanh")
    }

    /// Logistic sigmoid `σ(x) = 1/(1 + e⁻ˣ)`; `d/dx = σ(x)(1 - σ(x))`, at most
    /// 0.25 (at 0).
    #[inline]
    pub fn sigmoid(self) -> Value<'g> {
        self.unary(Op::Sigmoid, "Value::sigmoid")
    }

    /// `max(0, x)`; `d/dx = 1 if x > 0 else 0` (0 at the kink, as PyTorch).
    #[inline]
    pub fn relu(self) -> Value<'g> {
        self.unary(Op::Relu, "Value::relu")
    }

    /// `x if x > 0 else slope·x`; `d/dx = 1 if x > 0 else slope`. PyTorch's
    /// default slope is 0.01.
    #[inline]
    pub fn leaky_relu(self, slope: f64) -> Value<'g> {
        self.with_constant(Op::LeakyRelu, slope, "Value::leaky_relu")
    }

    /// ELU: `x if x > 0 else α(eˣ - 1)`; `d/dx = 1 if x > 0 else α·eˣ`.
    /// PyTorch's default α is 1.
    #[inline]
    pub fn elu(self, alpha: f64) -> Value<'g> {
        self.with_constant(Op::Elu, alpha, "Value::elu")
    }

    /// PReLU with a learnable slope `a` (itself a `Value`):
    /// `x if x > 0 else a·x`; `∂/∂x = 1 if x > 0 else a`,
    /// `∂/∂a = 0 if x > 0 else x`.
    #[inline]
    pub fn prelu(self, slope: Value<'g>) -> Value<'g> {
        self.binary(Op::Prelu, slope, "Value::prelu")
    }

    /// Softplus `ln(1 + eˣ)`, a smooth ReLU; `d/dx = σ(x)`.
    #[inline]
    pub fn softplus(self) -> Value<'g> {
        self.unary(Op::Softplus, "Value::softplus")
    }

    /// Swish `x·σ(βx)` (SiLU when β = 1);
    /// `d/dx = σ(βx) + βx·σ(βx)(1 - σ(βx))`.
    #[inline]
    pub fn swish(self, beta: f64) -> Value<'g> {
        self.with_constant(Op::Swish, beta, "Value::swish")
    }

    /// Exact GELU `x·Φ(x)` with `Φ` the standard normal CDF;
    /// `d/dx = Φ(x) + x·φ(x)`, `φ(x) = e^(-x²/2)/√(2π)`.
    #[inline]
    pub fn gelu(self) -> Value<'g> {
        self.unary(Op::Gelu, "Value::gelu")
    }
}

#[cold]
#[inline(never)]
fn different_graphs(call: &str) -> ! {
    panic!("{call}: the values belong to different graphs; combine only values of the same Graph")
}

impl fmt::Debug for Value<'_> {
    /// `Value(data=…, grad=…)`, as micrograd prints it, plus the name if any.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let tape = self.graph.tape.borrow();
        tape.check(*self, "Value (Debug)");
        write!(f, "Value(")?;
        if let Some(name) = tape.name(self.id()) {
            write!(f, "{name}: ")?;
        }
        write!(
            f,
            "data={:?}, grad={:?})",
            tape.data(self.id()),
            tape.grad_of(self.id())
        )
    }
}

impl<'g> Neg for Value<'g> {
    type Output = Value<'g>;
    /// `-x`; `d/dx = -1`.
    #[inline]
    fn neg(self) -> Value<'g> {
        self.unary(Op::Neg, "-Value")
    }
}

macro_rules! binary_operator {
    ($Trait:ident $method:ident, $Assign:ident $assign:ident, $op:expr, $sym:literal) => {
        impl<'g> $Trait for Value<'g> {
            type Output = Value<'g>;
            #[inline]
            fn $method(self, rhs: Value<'g>) -> Value<'g> {
                self.binary($op, rhs, concat!("Value ", $sym, " Value"))
            }
        }
        impl<'g> $Trait<f64> for Value<'g> {
            type Output = Value<'g>;
            #[inline]
            fn $method(self, rhs: f64) -> Value<'g> {
                self.with_constant($op, rhs, concat!("Value ", $sym, " f64"))
            }
        }
        impl<'g> $Trait<Value<'g>> for f64 {
            type Output = Value<'g>;
            #[inline]
            fn $method(self, rhs: Value<'g>) -> Value<'g> {
                rhs.constant_first($op, self, concat!("f64 ", $sym, " Value"))
            }
        }
        impl<'g> $Assign for Value<'g> {
            #[inline]
            fn $assign(&mut self, rhs: Value<'g>) {
                *self = $Trait::$method(*self, rhs);
            }
        }
        impl<'g> $Assign<f64> for Value<'g> {
            #[inline]
            fn $assign(&mut self, rhs: f64) {
                *self = $Trait::$method(*self, rhs);
            }
        }
    };
}

binary_operator!(Add add, AddAssign add_assign, Op::Add, "+");
binary_operator!(Sub sub, SubAssign sub_assign, Op::Sub, "-");
binary_operator!(Mul mul, MulAssign mul_assign, Op::Mul, "*");
binary_operator!(Div div, DivAssign div_assign, Op::Div, "/");
