//! The methods and operators on [`Value`] that record a new node: one line
//! each, naming the op whose row in the table (`ops.rs`, documented on
//! [`Op`]) holds its formula and derivative.

use std::ops::{Add, AddAssign, Div, DivAssign, Mul, MulAssign, Neg, Sub, SubAssign};

use super::node::tag;
use super::ops::{Op, Shape};
use super::Value;

impl<'g> Value<'g> {
    /// Records the unary `op(self)`.
    #[inline(always)]
    #[track_caller]
    pub(crate) fn unary(self, op: Op, call: &str) -> Value<'g> {
        let mut arena = self.graph.arena.borrow_mut();
        arena.check(self.slot(), call);
        let x = arena.data(self.id());
        let index = arena.push(op.eval(x, x), self.id(), self.id(), tag(op));
        Value::new(self.graph, index, arena.epoch)
    }

    /// Records `op(self, c)` with `c` a new constant leaf (an exponent, a
    /// slope, or the number in `x + 2.0`).
    #[inline(always)]
    #[track_caller]
    pub(crate) fn with_constant(self, op: Op, c: f64, call: &str) -> Value<'g> {
        let mut arena = self.graph.arena.borrow_mut();
        arena.check(self.slot(), call);
        let x = arena.data(self.id());
        let constant = arena.push(c, 0, 0, tag(Op::Leaf));
        let index = arena.push(op.eval(x, c), self.id(), constant, tag(op));
        Value::new(self.graph, index, arena.epoch)
    }

    /// Records `op(self, c)` for an op with a constant (`leaky_relu`, `elu`,
    /// `swish`, `powf`), reading the constant from an existing leaf. A layer
    /// makes its constant once, so its outputs stay contiguous in the arena.
    #[inline]
    #[track_caller]
    pub(crate) fn with_constant_node(self, op: Op, constant: Value<'g>, call: &str) -> Value<'g> {
        debug_assert_eq!(op.shape(), Shape::WithConstant);
        constant.check_graph(self.graph, call);
        let mut arena = self.graph.arena.borrow_mut();
        arena.check(self.slot(), call);
        arena.check(constant.slot(), call);
        let (x, c) = (arena.data(self.id()), arena.data(constant.id()));
        let index = arena.push(op.eval(x, c), self.id(), constant.id(), tag(op));
        Value::new(self.graph, index, arena.epoch)
    }

    /// Records the binary `op(self, other)`.
    #[inline(always)]
    #[track_caller]
    pub(crate) fn binary(self, op: Op, other: Value<'g>, call: &str) -> Value<'g> {
        other.check_graph(self.graph, call);
        let mut arena = self.graph.arena.borrow_mut();
        arena.check(self.slot(), call);
        arena.check(other.slot(), call);
        let (x, y) = (arena.data(self.id()), arena.data(other.id()));
        let index = arena.push(op.eval(x, y), self.id(), other.id(), tag(op));
        Value::new(self.graph, index, arena.epoch)
    }

    /// Records the binary `op(c, self)` with `c` a new constant leaf.
    #[inline(always)]
    #[track_caller]
    fn constant_first(self, op: Op, c: f64, call: &str) -> Value<'g> {
        let mut arena = self.graph.arena.borrow_mut();
        arena.check(self.slot(), call);
        let y = arena.data(self.id());
        let constant = arena.push(c, 0, 0, tag(Op::Leaf));
        let index = arena.push(op.eval(c, y), constant, self.id(), tag(op));
        Value::new(self.graph, index, arena.epoch)
    }

    /// `x^c` for a constant exponent `c`: records [`Op::Powf`].
    ///
    /// ```
    /// # let g = scalargrad::Graph::new();
    /// let x = g.value(2.0);
    /// let y = x.powf(3.0);
    /// y.backward();
    /// assert_eq!((y.data(), x.grad()), (8.0, 12.0)); // 2³, and 3·2²
    /// ```
    #[inline]
    #[track_caller]
    pub fn powf(self, c: f64) -> Value<'g> {
        self.with_constant(Op::Powf, c, "Value::powf")
    }

    /// `x^y` for an exponent that is itself a value: records [`Op::Pow`].
    #[inline]
    #[track_caller]
    pub fn pow(self, exponent: Value<'g>) -> Value<'g> {
        self.binary(Op::Pow, exponent, "Value::pow")
    }

    /// The exponential `eˣ`: records [`Op::Exp`].
    #[inline]
    #[track_caller]
    pub fn exp(self) -> Value<'g> {
        self.unary(Op::Exp, "Value::exp")
    }

    /// The natural logarithm `ln x`: records [`Op::Ln`].
    #[inline]
    #[track_caller]
    pub fn ln(self) -> Value<'g> {
        self.unary(Op::Ln, "Value::ln")
    }

    /// The square root `√x`: records [`Op::Sqrt`].
    #[inline]
    #[track_caller]
    pub fn sqrt(self) -> Value<'g> {
        self.unary(Op::Sqrt, "Value::sqrt")
    }

    /// `sin x`: records [`Op::Sin`].
    #[inline]
    #[track_caller]
    pub fn sin(self) -> Value<'g> {
        self.unary(Op::Sin, "Value::sin")
    }

    /// `cos x`: records [`Op::Cos`].
    #[inline]
    #[track_caller]
    pub fn cos(self) -> Value<'g> {
        self.unary(Op::Cos, "Value::cos")
    }

    /// `tanh x`: records [`Op::Tanh`].
    #[inline]
    #[track_caller]
    pub fn tanh(self) -> Value<'g> {
        self.unary(Op::Tanh, "Value::tanh")
    }

    /// The logistic sigmoid `σ(x)`: records [`Op::Sigmoid`].
    #[inline]
    #[track_caller]
    pub fn sigmoid(self) -> Value<'g> {
        self.unary(Op::Sigmoid, "Value::sigmoid")
    }

    /// ReLU `max(0, x)`: records [`Op::Relu`].
    #[inline]
    #[track_caller]
    pub fn relu(self) -> Value<'g> {
        self.unary(Op::Relu, "Value::relu")
    }

    /// LeakyReLU with a constant `slope` (PyTorch's default is 0.01):
    /// records [`Op::LeakyRelu`].
    #[inline]
    #[track_caller]
    pub fn leaky_relu(self, slope: f64) -> Value<'g> {
        self.with_constant(Op::LeakyRelu, slope, "Value::leaky_relu")
    }

    /// ELU with a constant `alpha` (PyTorch's default is 1): records
    /// [`Op::Elu`].
    #[inline]
    #[track_caller]
    pub fn elu(self, alpha: f64) -> Value<'g> {
        self.with_constant(Op::Elu, alpha, "Value::elu")
    }

    /// PReLU with a learnable `slope` (itself a `Value`, which receives a
    /// gradient): records [`Op::Prelu`].
    #[inline]
    #[track_caller]
    pub fn prelu(self, slope: Value<'g>) -> Value<'g> {
        self.binary(Op::Prelu, slope, "Value::prelu")
    }

    /// Softplus `ln(1 + eˣ)`, a smooth ReLU: records [`Op::Softplus`].
    #[inline]
    #[track_caller]
    pub fn softplus(self) -> Value<'g> {
        self.unary(Op::Softplus, "Value::softplus")
    }

    /// Swish `x·σ(βx)` with a constant `beta` (SiLU when β = 1): records
    /// [`Op::Swish`].
    #[inline]
    #[track_caller]
    pub fn swish(self, beta: f64) -> Value<'g> {
        self.with_constant(Op::Swish, beta, "Value::swish")
    }

    /// The exact GELU `x·Φ(x)`: records [`Op::Gelu`].
    #[inline]
    #[track_caller]
    pub fn gelu(self) -> Value<'g> {
        self.unary(Op::Gelu, "Value::gelu")
    }

    /// The step `1 if x > 0 else 0`, ReLU's derivative: records
    /// [`Op::Step`]. Its own derivative is 0.
    #[inline]
    #[track_caller]
    pub fn step(self) -> Value<'g> {
        self.unary(Op::Step, "Value::step")
    }

    /// The standard normal CDF `Φ(x)`, GELU's `x·Φ(x)` without the `x`:
    /// records [`Op::NormalCdf`]; `d/dx = φ(x) = e^(-x²/2)/√(2π)`.
    #[inline]
    #[track_caller]
    pub fn normal_cdf(self) -> Value<'g> {
        self.unary(Op::NormalCdf, "Value::normal_cdf")
    }

    /// `|x|`: records [`Op::Abs`]; `d/dx = sign x`, 0 at the kink.
    ///
    /// ```
    /// # let g = scalargrad::Graph::new();
    /// let x = g.value(-3.0);
    /// let y = x.abs();
    /// y.backward();
    /// assert_eq!((y.data(), x.grad()), (3.0, -1.0));
    /// ```
    #[inline]
    #[track_caller]
    pub fn abs(self) -> Value<'g> {
        self.unary(Op::Abs, "Value::abs")
    }

    /// The sign `1`, `-1` or `0` (NaN for NaN), `|x|`'s derivative: records
    /// [`Op::Sign`]. Its own derivative is 0.
    #[inline]
    #[track_caller]
    pub fn sign(self) -> Value<'g> {
        self.unary(Op::Sign, "Value::sign")
    }
}

impl<'g> Neg for Value<'g> {
    type Output = Value<'g>;
    /// `-x`: records [`Op::Neg`].
    #[inline]
    #[track_caller]
    fn neg(self) -> Value<'g> {
        self.unary(Op::Neg, "-Value")
    }
}

macro_rules! binary_operator {
    ($Trait:ident $method:ident, $Assign:ident $assign:ident, $op:expr, $sym:literal) => {
        impl<'g> $Trait for Value<'g> {
            type Output = Value<'g>;
            #[inline]
            #[track_caller]
            fn $method(self, rhs: Value<'g>) -> Value<'g> {
                self.binary($op, rhs, concat!("Value ", $sym, " Value"))
            }
        }
        impl<'g> $Trait<f64> for Value<'g> {
            type Output = Value<'g>;
            #[inline]
            #[track_caller]
            fn $method(self, rhs: f64) -> Value<'g> {
                self.with_constant($op, rhs, concat!("Value ", $sym, " f64"))
            }
        }
        impl<'g> $Trait<Value<'g>> for f64 {
            type Output = Value<'g>;
            #[inline]
            #[track_caller]
            fn $method(self, rhs: Value<'g>) -> Value<'g> {
                rhs.constant_first($op, self, concat!("f64 ", $sym, " Value"))
            }
        }
        impl<'g> $Assign for Value<'g> {
            #[inline]
            #[track_caller]
            fn $assign(&mut self, rhs: Value<'g>) {
                *self = self.binary($op, rhs, concat!("Value ", $sym, "= Value"));
            }
        }
        impl<'g> $Assign<f64> for Value<'g> {
            #[inline]
            #[track_caller]
            fn $assign(&mut self, rhs: f64) {
                *self = self.with_constant($op, rhs, concat!("Value ", $sym, "= f64"));
            }
        }
    };
}

binary_operator!(Add add, AddAssign add_assign, Op::Add, "+");
binary_operator!(Sub sub, SubAssign sub_assign, Op::Sub, "-");
binary_operator!(Mul mul, MulAssign mul_assign, Op::Mul, "*");
binary_operator!(Div div, DivAssign div_assign, Op::Div, "/");
