//! The operations a node can record: one row per op, its forward value and
//! its local derivatives side by side.
//!
//! Every element-wise op is one row of the table below, always in the same
//! form:
//!
//! ```text
//! /// formula; derivative                       (the variant's documentation)
//! Name "symbol" Shape [how formulas write it]
//!     forward:    |x, y| value,
//!     derivative: |x, y, out| (∂out/∂x, ∂out/∂y);
//! ```
//!
//! `x` is the first input's data and `y` the second's (for a unary op `y` is
//! `x` again; for an op with a constant, `y` is the constant), `out` the
//! node's own value. Backward never grows with this list: it asks a row for
//! its two partial derivatives and adds `upstream · partial` to each input.
//! Adding an op means adding one row here, one method on
//! [`Value`](crate::Value), and a test; the formula language
//! ([`expr`](crate::expr)) learns its name from the row.
//!
//! Ops come in four shapes ([`Shape`]):
//! - *unary*: one input `x`;
//! - *with a constant*: the second input is a constant leaf (an exponent, a
//!   slope, …) that no gradient flows into; its partial is reported as 0;
//! - *binary*: two inputs, both differentiated;
//! - *n-ary*: [`Op::Sum`], [`Op::Dot`] and [`Op::Affine`], whose inputs are
//!   lists (see `nary.rs`).
//!
//! At extreme inputs (0, subnormals, ±1e300, ±∞, NaN) every row gives its
//! exact form rounded once, or its limit where `0·∞` has one (`x⁰` at 0,
//! GELU and Swish at ±∞); `tests/engine_extremes.rs` sweeps every row
//! against the exact forms and lists, in a table, the few differences that
//! remain by design (derivatives computed from a rounded output, the sign
//! of a zero, derivatives at NaN).

use std::f64::consts::{FRAC_1_SQRT_2, PI};

/// How an op's inputs are stored and which of them receive gradient.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shape {
    /// No inputs.
    Leaf,
    /// One input (`a`); the record's `b` repeats it.
    Unary,
    /// `a` is the input, `b` a constant leaf that gets no gradient.
    WithConstant,
    /// Two inputs `a` and `b`, both differentiated.
    Binary,
    /// A list of inputs (sum, dot, affine).
    Nary,
    /// A user's op ([`CustomOp`](crate::CustomOp)): a list of inputs, its
    /// value and partials computed by the user's code.
    Custom,
}

/// How the formula language writes an op.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Syntax {
    /// A function call `name(x)` (unary) or `name(x, y)` (two inputs; for an
    /// op with a constant, the second must be a number), with the names of
    /// its arguments for help texts.
    Function(&'static str, &'static [&'static str]),
    /// An infix operator `x ∘ y`.
    Infix(char),
    /// A prefix operator `∘x`.
    Prefix(char),
}

use Shape::{Binary, Unary, WithConstant};
use Syntax::{Function, Infix, Prefix};

macro_rules! op_table {
    ($(
        $(#[$doc:meta])*
        $op:ident $symbol:literal $shape:ident [$($syntax:expr),*]
            forward: $forward:expr,
            derivative: $derivative:expr,
            as values: $values:expr;
    )*) => {
        /// The operation that produced a node.
        ///
        /// Each variant documents its formula and its local derivative(s);
        /// the same row drives recording, [`Graph::recompute`](crate::Graph::recompute),
        /// backward, and the formula language's functions.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[repr(u8)]
        #[non_exhaustive]
        pub enum Op {
            /// A leaf: a parameter, an input or a constant. It has no inputs.
            Leaf,
            $( $(#[$doc])* $op, )*
            /// `Σ_i x_i`, one node for any number of inputs; `∂/∂x_i = 1`.
            /// The sum of no values is 0.
            Sum,
            /// `Σ_i w_i·x_i`, one node; `∂/∂w_i = x_i`, `∂/∂x_i = w_i`.
            Dot,
            /// `Σ_i w_i·x_i + b`, a neuron's pre-activation `z_j` in one node;
            /// `∂/∂w_i = x_i`, `∂/∂x_i = w_i`, `∂/∂b = 1`.
            Affine,
            /// An op of the user's, recorded by [`Graph::custom`](crate::Graph::custom):
            /// its value and partial derivatives are what its
            /// [`CustomOp`](crate::CustomOp) computes; [`Value::op_name`](crate::Value::op_name)
            /// gives its name.
            Custom,
        }

        impl Op {
            /// Every op, in the order of their codes.
            pub(crate) const ALL: &'static [Op] = &[Op::Leaf, $(Op::$op,)* Op::Sum, Op::Dot, Op::Affine, Op::Custom];

            /// How this op's inputs are stored.
            #[inline(always)]
            pub(crate) fn shape(self) -> Shape {
                match self {
                    Op::Leaf => Shape::Leaf,
                    $( Op::$op => $shape, )*
                    Op::Sum | Op::Dot | Op::Affine => Shape::Nary,
                    Op::Custom => Shape::Custom,
                }
            }

            /// The short symbol used in traces and drawings (`+`, `*`, `tanh`, …;
            /// `leaf` for a leaf).
            pub fn symbol(self) -> &'static str {
                match self {
                    Op::Leaf => "leaf",
                    $( Op::$op => $symbol, )*
                    Op::Sum => "sum",
                    Op::Dot => "dot",
                    Op::Affine => "affine",
                    Op::Custom => "custom",
                }
            }

            /// How the formula language writes this op (nothing for ops it
            /// has no notation for).
            pub(crate) fn syntax(self) -> &'static [Syntax] {
                match self {
                    $( Op::$op => &[$($syntax),*], )*
                    Op::Leaf | Op::Sum | Op::Dot | Op::Affine | Op::Custom => &[],
                }
            }

            /// Forward value of an element-wise op from its input data `x` and
            /// `y` (for unary ops `y == x`; for ops with a constant, `y` is it).
            #[inline(always)]
            pub(crate) fn eval(self, x: f64, y: f64) -> f64 {
                match self {
                    $( Op::$op => call2($forward, x, y), )*
                    Op::Leaf | Op::Sum | Op::Dot | Op::Affine | Op::Custom => not_element_wise(self),
                }
            }

            /// The same local derivatives as [`partials`](Op::partials), built
            /// from `x`, `y` and `out` with ops (recorded in the graph when
            /// they are [`Value`](crate::Value)s), so that they can be
            /// differentiated again; `None` for the second of an op with one
            /// input that gets gradient.
            pub(crate) fn partial_values<E: Expr>(self, x: E, y: E, out: E) -> (E, Option<E>) {
                match self {
                    $( Op::$op => call_values($values, x, y, out), )*
                    Op::Leaf | Op::Sum | Op::Dot | Op::Affine | Op::Custom => not_element_wise(self),
                }
            }

            /// Local derivatives `(∂out/∂x, ∂out/∂y)` of an element-wise op,
            /// from its inputs and its output `out`. The second is 0 unless the
            /// op is binary.
            #[inline(always)]
            pub(crate) fn partials(self, x: f64, y: f64, out: f64) -> (f64, f64) {
                match self {
                    $( Op::$op => call3($derivative, x, y, out), )*
                    Op::Leaf | Op::Sum | Op::Dot | Op::Affine | Op::Custom => not_element_wise(self),
                }
            }
        }
    };
}

// Calling a row's closure through a function with a typed signature lets
// the rows leave their parameter types out.
#[inline(always)]
fn call2(f: impl Fn(f64, f64) -> f64, x: f64, y: f64) -> f64 {
    f(x, y)
}

#[inline(always)]
fn call3(f: impl Fn(f64, f64, f64) -> (f64, f64), x: f64, y: f64, out: f64) -> (f64, f64) {
    f(x, y, out)
}

#[inline(always)]
fn call_values<E: Expr>(
    f: impl Fn(E, E, E) -> (E, Option<E>),
    x: E,
    y: E,
    out: E,
) -> (E, Option<E>) {
    f(x, y, out)
}

/// What a row's derivative "as values" is written with: plain numbers
/// (`f64`, to check the column against the numeric one) or recorded values
/// ([`Value`](crate::Value), for higher-order gradients). Arithmetic with
/// numbers on the right, and the table's own ops.
pub(crate) trait Expr:
    Copy
    + std::ops::Add<Output = Self>
    + std::ops::Sub<Output = Self>
    + std::ops::Mul<Output = Self>
    + std::ops::Div<Output = Self>
    + std::ops::Neg<Output = Self>
    + std::ops::Add<f64, Output = Self>
    + std::ops::Mul<f64, Output = Self>
{
    /// The number `c`, as an expression of the same kind.
    fn number(self, c: f64) -> Self;
    /// A unary op of the table applied to `self`.
    fn apply(self, op: Op) -> Self;
    /// An op with a constant, or a binary op, applied to `self` and `other`.
    fn apply_with(self, op: Op, other: Self) -> Self;
    /// The number this expression holds now (for a row's constant, which
    /// gets no gradient, so branching on it is safe).
    fn now(self) -> f64;
}

impl Expr for f64 {
    fn number(self, c: f64) -> f64 {
        c
    }
    fn apply(self, op: Op) -> f64 {
        op.eval(self, self)
    }
    fn apply_with(self, op: Op, other: f64) -> f64 {
        op.eval(self, other)
    }
    fn now(self) -> f64 {
        self
    }
}

#[cold]
#[inline(never)]
fn not_element_wise(op: Op) -> ! {
    unreachable!("{op:?} is not element-wise")
}

op_table! {
    /// `-x`; `d/dx = -1`.
    Neg "neg" Unary [Prefix('-')]
        forward: |x, _| -x,
        derivative: |_, _, _| (-1.0, 0.0),
        as values: |x, _, _| (x.number(-1.0), None);
    /// `eˣ`; `d/dx = eˣ` (the output itself).
    Exp "exp" Unary [Function("exp", &["x"])]
        forward: |x, _| x.exp(),
        derivative: |_, _, out| (out, 0.0),
        as values: |_, _, out| (out, None);
    /// `ln x` (`log` in formulas too); `d/dx = 1/x`. `ln 0 = -∞`; NaN for
    /// `x < 0`.
    Ln "ln" Unary [Function("ln", &["x"]), Function("log", &["x"])]
        forward: |x, _| x.ln(),
        derivative: |x, _, _| (1.0 / x, 0.0),
        as values: |x, _, _| (x.number(1.0) / x, None);
    /// `√x`; `d/dx = 1/(2√x)` (infinite at 0; NaN for `x < 0`).
    Sqrt "sqrt" Unary [Function("sqrt", &["x"])]
        forward: |x, _| x.sqrt(),
        derivative: |_, _, out| (0.5 / out, 0.0),
        as values: |_, _, out| (out.number(0.5) / out, None);
    /// `sin x`; `d/dx = cos x`.
    Sin "sin" Unary [Function("sin", &["x"])]
        forward: |x, _| x.sin(),
        derivative: |x, _, _| (x.cos(), 0.0),
        as values: |x, _, _| (x.apply(Op::Cos), None);
    /// `cos x`; `d/dx = -sin x`.
    Cos "cos" Unary [Function("cos", &["x"])]
        forward: |x, _| x.cos(),
        derivative: |x, _, _| (-x.sin(), 0.0),
        as values: |x, _, _| (-x.apply(Op::Sin), None);
    /// `tanh x`; `d/dx = 1 - tanh²x` (1 at 0, nearly 0 for large `|x|`).
    Tanh "tanh" Unary [Function("tanh", &["x"])]
        forward: |x, _| x.tanh(),
        derivative: |_, _, out| (1.0 - out * out, 0.0),
        as values: |_, _, out| (-(out * out) + 1.0, None);
    /// Logistic sigmoid `σ(x) = 1/(1 + e⁻ˣ)`; `d/dx = σ(x)(1 - σ(x))`, at
    /// most 1/4 (at 0).
    Sigmoid "sigmoid" Unary [Function("sigmoid", &["x"])]
        forward: |x, _| sigmoid(x),
        derivative: |_, _, out| (out * (1.0 - out), 0.0),
        as values: |_, _, out| (out * (-out + 1.0), None);
    /// `max(0, x)`; `d/dx = 1 if x > 0 else 0` (0 at the kink, as PyTorch).
    /// NaN stays NaN.
    Relu "relu" Unary [Function("relu", &["x"])]
        forward: |x, _| if x < 0.0 { 0.0 } else { x },
        derivative: |x, _, _| (if x > 0.0 { 1.0 } else { 0.0 }, 0.0),
        as values: |x, _, _| (x.apply(Op::Step), None);
    /// Softplus `ln(1 + eˣ)`, a smooth ReLU, computed as
    /// `max(x, 0) + ln(1 + e^-|x|)`; `d/dx = σ(x)`.
    Softplus "softplus" Unary [Function("softplus", &["x"])]
        forward: |x, _| x.max(0.0) + (-x.abs()).exp().ln_1p(),
        derivative: |x, _, _| (sigmoid(x), 0.0),
        as values: |x, _, _| (x.apply(Op::Sigmoid), None);
    /// Exact GELU `x·Φ(x)`, `Φ(x) = (1 + erf(x/√2))/2` the standard normal
    /// CDF; `d/dx = Φ(x) + x·φ(x)`, `φ(x) = e^(-x²/2)/√(2π)`. At `x = -∞`
    /// both are 0 (their limits), not `-∞·0`.
    Gelu "gelu" Unary [Function("gelu", &["x"])]
        forward: |x, _| times(x, normal_cdf(x)),
        derivative: |x, _, _| (normal_cdf(x) + times(x, normal_pdf(x)), 0.0),
        as values: |x, _, _| (x.apply(Op::NormalCdf) + x * normal_pdf_of(x), None);
    /// The step `1 if x > 0 else 0` (Heaviside's, 0 at the kink as
    /// ReLU's derivative is); `d/dx = 0` (everywhere but at 0, where it is
    /// undefined). ReLU's derivative as an op, for second derivatives.
    Step "step" Unary [Function("step", &["x"])]
        forward: |x, _| if x > 0.0 { 1.0 } else { 0.0 },
        derivative: |_, _, _| (0.0, 0.0),
        as values: |x, _, _| (x.number(0.0), None);
    /// The standard normal CDF `Φ(x) = (1 + erf(x/√2))/2`;
    /// `d/dx = φ(x) = e^(-x²/2)/√(2π)`. GELU's derivative is built from it.
    NormalCdf "normal_cdf" Unary [Function("normal_cdf", &["x"])]
        forward: |x, _| normal_cdf(x),
        derivative: |x, _, _| (normal_pdf(x), 0.0),
        as values: |x, _, _| (normal_pdf_of(x), None);
    /// `|x|`; `d/dx = sign x`: 1 for `x > 0`, -1 for `x < 0`, and 0 at the
    /// kink (as PyTorch).
    Abs "abs" Unary [Function("abs", &["x"])]
        forward: |x, _| x.abs(),
        derivative: |x, _, _| (sign(x), 0.0),
        as values: |x, _, _| (x.apply(Op::Sign), None);
    /// The sign: 1 for `x > 0`, -1 for `x < 0`, 0 at 0 (either zero), NaN
    /// for NaN; `d/dx = 0` (everywhere but at 0, where it is undefined).
    /// `|x|`'s derivative as an op, for second derivatives.
    Sign "sign" Unary [Function("sign", &["x"])]
        forward: |x, _| sign(x),
        derivative: |_, _, _| (0.0, 0.0),
        as values: |x, _, _| (x.number(0.0), None);
    /// `xᶜ` for a constant exponent `c`; `d/dx = c·xᶜ⁻¹`, which is 0 for
    /// `c = 0` even at `x = 0` (`x⁰ = 1` everywhere, as PyTorch), not
    /// `0·∞`. (Formulas write `x^2` or `pow(x, 2)`; a variable exponent
    /// records [`Op::Pow`].)
    Powf "powf" WithConstant []
        forward: |x, c| x.powf(c),
        derivative: |x, c, _| (power_slope(x, c), 0.0),
        as values: |x, c, _| (power_slope_of(x, c), None);
    /// LeakyReLU `x if x > 0 else s·x` for a constant slope `s`;
    /// `d/dx = 1 if x > 0 else s`. PyTorch's default slope is 0.01. With
    /// `s = 0` the value at `x = -∞` is 0, as for ReLU.
    LeakyRelu "leaky_relu" WithConstant [Function("leaky_relu", &["x", "slope"])]
        forward: |x, s| if x > 0.0 { x } else { times(s, x) },
        derivative: |x, s, _| (if x > 0.0 { 1.0 } else { s }, 0.0),
        as values: |x, s, _| (step_between(x, x.number(1.0), s), None);
    /// ELU `x if x > 0 else α(eˣ - 1)` for a constant `α`;
    /// `d/dx = 1 if x > 0 else α·eˣ`. PyTorch's default α is 1.
    Elu "elu" WithConstant [Function("elu", &["x", "alpha"])]
        forward: |x, alpha| if x > 0.0 { x } else { alpha * x.exp_m1() },
        derivative: |x, alpha, _| (if x > 0.0 { 1.0 } else { alpha * x.exp() }, 0.0),
        as values: |x, alpha, out| (step_between(x, x.number(1.0), out + alpha), None);
    /// Swish `x·σ(βx)` for a constant `β` (SiLU when β = 1);
    /// `d/dx = σ(βx) + βx·σ(βx)(1 - σ(βx))`. At `x = ±∞` both are their
    /// limits (`σ` decays faster than `x` grows), not `∞·0`.
    Swish "swish" WithConstant [Function("swish", &["x", "beta"])]
        forward: |x, beta| times(x, sigmoid(times(beta, x))),
        derivative: |x, beta, _| {
            let beta_x = times(beta, x);
            let s = sigmoid(beta_x);
            (s + times(beta_x, s * (1.0 - s)), 0.0)
        },
        as values: |x, beta, _| {
            let s = (x * beta).apply(Op::Sigmoid);
            (s + x * beta * s * (-s + 1.0), None)
        };
    /// `x + y`; `∂/∂x = 1`, `∂/∂y = 1`.
    Add "+" Binary [Infix('+')]
        forward: |x, y| x + y,
        derivative: |_, _, _| (1.0, 1.0),
        as values: |x, _, _| (x.number(1.0), Some(x.number(1.0)));
    /// `x - y`; `∂/∂x = 1`, `∂/∂y = -1`.
    Sub "-" Binary [Infix('-')]
        forward: |x, y| x - y,
        derivative: |_, _, _| (1.0, -1.0),
        as values: |x, _, _| (x.number(1.0), Some(x.number(-1.0)));
    /// `x·y`; `∂/∂x = y`, `∂/∂y = x`.
    Mul "*" Binary [Infix('*')]
        forward: |x, y| x * y,
        derivative: |x, y, _| (y, x),
        as values: |x, y, _| (y, Some(x));
    /// `x / y`; `∂/∂x = 1/y`, `∂/∂y = -x/y²`, computed as `-(x/y)/y` so
    /// that `y²` cannot overflow (`x = 1e300, y = 1e200`: `-1e-100`, not 0).
    Div "/" Binary [Infix('/')]
        forward: |x, y| x / y,
        derivative: |_, y, out| (1.0 / y, -out / y),
        as values: |_, y, out| (y.number(1.0) / y, Some(-out / y));
    /// `xʸ`; `∂/∂x = y·xʸ⁻¹` (0 for `y = 0`, even at `x = 0`: `x⁰ = 1`
    /// everywhere), `∂/∂y = xʸ·ln x` (taken as 0 where `x = 0` and `y ≥ 0`,
    /// as PyTorch does, and 0 at `x = ∞, y < 0`, its limit). Negative `x`
    /// gives NaN for non-integer `y` and for `∂/∂y`.
    Pow "pow" Binary [Function("pow", &["x", "y"]), Infix('^')]
        forward: |x, y| x.powf(y),
        derivative: |x, y, out| {
            let d_exponent = if x == 0.0 && y >= 0.0 { 0.0 } else { times(out, x.ln()) };
            (power_slope(x, y), d_exponent)
        },
        as values: |x, y, out| (y * x.apply_with(Op::Pow, y + -1.0), Some(out * x.apply(Op::Ln)));
    /// PReLU `x if x > 0 else a·x` with a learnable slope `a`;
    /// `∂/∂x = 1 if x > 0 else a`, `∂/∂a = 0 if x > 0 else x`.
    Prelu "prelu" Binary [Function("prelu", &["x", "slope"])]
        forward: |x, a| if x > 0.0 { x } else { a * x },
        derivative: |x, a, _| if x > 0.0 { (1.0, 0.0) } else { (a, x) },
        as values: |x, a, _| (step_between(x, x.number(1.0), a), Some(step_between(x, x.number(0.0), x)));

}

impl Op {
    /// The op stored under `code` in a node record.
    #[inline(always)]
    pub(crate) fn decode(code: u8) -> Op {
        Op::ALL[code as usize]
    }

    /// The op the formula language writes as the infix operator `symbol`.
    pub(crate) fn infix(symbol: char) -> Option<Op> {
        Op::ALL
            .iter()
            .copied()
            .find(|op| op.syntax().contains(&Syntax::Infix(symbol)))
    }

    /// The op the formula language writes as the prefix operator `symbol`.
    pub(crate) fn prefix(symbol: char) -> Option<Op> {
        Op::ALL
            .iter()
            .copied()
            .find(|op| op.syntax().contains(&Syntax::Prefix(symbol)))
    }

    /// Every function of the formula language: its name, its op and the
    /// names of its arguments, in the table's order.
    pub(crate) fn functions() -> impl Iterator<Item = (&'static str, Op, &'static [&'static str])> {
        Op::ALL.iter().flat_map(|&op| {
            op.syntax().iter().filter_map(move |syntax| match syntax {
                Syntax::Function(name, arguments) => Some((*name, op, *arguments)),
                _ => None,
            })
        })
    }

    /// The infix operators of the formula language, in the table's order.
    pub(crate) fn infix_symbols() -> impl Iterator<Item = char> {
        Op::ALL.iter().flat_map(|op| {
            op.syntax().iter().filter_map(|syntax| match syntax {
                Syntax::Infix(symbol) => Some(*symbol),
                _ => None,
            })
        })
    }

    /// Number of inputs of an element-wise op (the constant counts).
    #[cfg(test)]
    fn arity(self) -> usize {
        match self.shape() {
            Shape::Leaf => 0,
            Shape::Unary => 1,
            Shape::WithConstant | Shape::Binary => 2,
            Shape::Nary | Shape::Custom => usize::MAX,
        }
    }
}

/// `a·b`, except that `0·∞` is 0: the limit when one factor is an exact 0
/// (a constant, or a function that decays faster than the other grows),
/// where IEEE arithmetic gives NaN. A NaN factor still gives NaN. Only the
/// rows above that need it use it (never `Mul`, where `0·∞` has no limit).
#[inline(always)]
fn times(a: f64, b: f64) -> f64 {
    let product = a * b;
    if product.is_nan() && !a.is_nan() && !b.is_nan() {
        0.0
    } else {
        product
    }
}

/// `c·xᶜ⁻¹`, the derivative of `xᶜ`: 0 for `c = 0` (`x⁰` is constant, even
/// at `x = 0` where `xᶜ⁻¹` is infinite). Where `xᶜ⁻¹` overflows but the
/// product does not (a subnormal `x` with `|c|` far below 1: `c = 1e-300`
/// at `x = 5e-324` gives 2e23), it is computed as `e^(ln|c| + (c-1)·ln|x|)`;
/// that path is taken only when the plain product is infinite.
#[inline]
fn power_slope(x: f64, c: f64) -> f64 {
    let slope = times(c, x.powf(c - 1.0));
    if slope.is_infinite() && x != 0.0 && x.is_finite() && c.is_finite() {
        slope.signum() * (c.abs().ln() + (c - 1.0) * x.abs().ln()).exp()
    } else {
        slope
    }
}

/// `φ(x) = e^(-x²/2)/√(2π)` written with the table's ops.
fn normal_pdf_of<E: Expr>(x: E) -> E {
    (x * x * -0.5).apply(Op::Exp) * (1.0 / (2.0 * PI).sqrt())
}

/// `c·xᶜ⁻¹` written with the table's ops; `c = 0` gives the constant 0, as
/// [`power_slope`] does, rather than `0·x⁻¹`, which is NaN at `x = 0`.
fn power_slope_of<E: Expr>(x: E, c: E) -> E {
    if c.now() == 0.0 {
        x.number(0.0)
    } else {
        x.apply_with(Op::Powf, c + -1.0) * c
    }
}

/// `if_positive` where `x > 0`, else `otherwise`, written with the table's
/// ops: `step(x)·if_positive + (1 - step(x))·otherwise`.
fn step_between<E: Expr>(x: E, if_positive: E, otherwise: E) -> E {
    let step = x.apply(Op::Step);
    step * if_positive + (-step + 1.0) * otherwise
}

/// The logistic function `σ(x) = 1/(1 + e⁻ˣ)`, evaluated without overflow for
/// large `|x|`.
#[inline]
pub(crate) fn sigmoid(x: f64) -> f64 {
    if x >= 0.0 {
        1.0 / (1.0 + (-x).exp())
    } else {
        let e = x.exp();
        e / (1.0 + e)
    }
}

/// Softmax of plain numbers, `p_k = e^(z_k - max z) / Σ_i e^(z_i - max z)`
/// (shifted by the largest so that no exponential overflows).
pub(crate) fn softmax(z: &[f64]) -> Vec<f64> {
    let max = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let exps: Vec<f64> = z.iter().map(|z| (z - max).exp()).collect();
    let total: f64 = exps.iter().sum();
    exps.iter().map(|e| e / total).collect()
}

/// 1 for `x > 0`, -1 for `x < 0`, 0 for either zero, NaN for NaN (not
/// `f64::signum`, which gives ±1 at ±0).
#[inline]
fn sign(x: f64) -> f64 {
    if x > 0.0 {
        1.0
    } else if x < 0.0 {
        -1.0
    } else if x == 0.0 {
        0.0
    } else {
        f64::NAN
    }
}

/// The standard normal CDF `Φ(x) = (1 + erf(x/√2))/2`.
#[inline]
fn normal_cdf(x: f64) -> f64 {
    0.5 * (1.0 + libm::erf(x * FRAC_1_SQRT_2))
}

/// The standard normal density `φ(x) = e^(-x²/2)/√(2π)`.
#[inline]
fn normal_pdf(x: f64) -> f64 {
    (-0.5 * x * x).exp() / (2.0 * PI).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for (code, &op) in Op::ALL.iter().enumerate() {
            assert_eq!(op as u8 as usize, code);
            assert_eq!(Op::decode(code as u8), op);
        }
        // The node record keeps the code in 7 bits.
        assert!(Op::ALL.len() <= 128);
    }

    #[test]
    fn every_rows_derivative_as_values_is_its_numeric_derivative() {
        // The two columns of each row, evaluated on plain numbers, at points
        // away from kinks: they cannot drift apart.
        let mut state = 7u64;
        let mut uniform = |low: f64, high: f64| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            low + (high - low) * ((state >> 11) as f64 / (1u64 << 53) as f64)
        };
        for &op in Op::ALL {
            if matches!(op.shape(), Shape::Leaf | Shape::Nary | Shape::Custom) {
                continue;
            }
            for _ in 0..200 {
                // Positive bases for ln, sqrt and pow; constants of ops with
                // one in a sensible range; kinks at 0 avoided.
                let mut x = uniform(-3.0, 3.0);
                if matches!(op, Op::Ln | Op::Sqrt | Op::Pow | Op::Powf) || x.abs() < 1e-3 {
                    x = x.abs() + 0.1;
                }
                let y = if op.shape() == Shape::Unary {
                    x
                } else {
                    uniform(0.1, 3.0)
                };
                let out = op.eval(x, y);
                let (dx, dy) = op.partials(x, y, out);
                let (vx, vy) = op.partial_values(x, y, out);
                let close = |a: f64, b: f64| (a - b).abs() <= 1e-12 * a.abs().max(b.abs()).max(1.0);
                assert!(close(dx, vx), "{op:?} at ({x}, {y}): ∂/∂x {dx} vs {vx}");
                match (op.shape(), vy) {
                    (Shape::Binary, Some(vy)) => {
                        assert!(close(dy, vy), "{op:?} at ({x}, {y}): ∂/∂y {dy} vs {vy}")
                    }
                    (Shape::Binary, None) => panic!("{op:?}: a binary op needs ∂/∂y as a value"),
                    (_, Some(_)) => panic!("{op:?}: only binary ops give ∂/∂y as a value"),
                    _ => {}
                }
            }
        }
    }

    #[test]
    fn sigmoid_is_stable_at_the_extremes() {
        assert_eq!(sigmoid(1000.0), 1.0);
        assert_eq!(sigmoid(-1000.0), 0.0);
        assert_eq!(sigmoid(0.0), 0.5);
    }

    #[test]
    fn every_notation_names_one_op() {
        let mut seen = std::collections::HashSet::new();
        for &op in Op::ALL {
            for &syntax in op.syntax() {
                assert!(seen.insert(syntax), "{syntax:?} is given to two ops");
            }
            if matches!(op.shape(), Shape::Leaf | Shape::Nary | Shape::Custom) {
                assert!(op.syntax().is_empty());
            }
        }
        for (name, op, arguments) in Op::functions() {
            assert_eq!(arguments.len(), op.arity(), "{name}");
        }
        let ln: Vec<_> = Op::functions().filter(|f| f.1 == Op::Ln).collect();
        assert_eq!(ln.len(), 2); // ln and log
        assert_eq!(Op::infix('^'), Some(Op::Pow));
        assert_eq!(Op::prefix('-'), Some(Op::Neg));
        assert_eq!(Op::infix('%'), None);
    }
}
