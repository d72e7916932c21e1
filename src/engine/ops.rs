//! The operations a node can record, each with its forward value and its local
//! derivative(s) written side by side.
//!
//! Every element-wise op is one row of the table below: its forward formula
//! `|x, y| …` and, right after it, the local derivatives `|x, y, out| (∂out/∂x,
//! ∂out/∂y)` computed from the inputs and the output. Backward never grows with
//! this list: it asks the table for the two partial derivatives and adds
//! `upstream · partial` to each input. Adding an op means adding one row here,
//! one method on [`Value`](crate::Value), and a test.
//!
//! Ops come in four shapes:
//! - *unary*: one input `x` (the record stores it twice; `y` is `x`);
//! - *with a constant*: the second input is a constant leaf (an exponent, a
//!   slope, …) that no gradient flows into;
//! - *binary*: two inputs, both differentiated;
//! - *n-ary*: [`Op::Sum`], [`Op::Dot`] and [`Op::Affine`], whose inputs are
//!   lists (see `nary.rs`).

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
}

macro_rules! op_table {
    (
        unary { $(
            $(#[$u_doc:meta])* $u_op:ident $u_sym:literal
                fwd |$u_x:ident| $u_fwd:expr,
                der |$u_dx:tt, $u_out:tt| $u_der:expr;
        )* }
        with_constant { $(
            $(#[$c_doc:meta])* $c_op:ident $c_sym:literal
                fwd |$c_x:tt, $c_c:tt| $c_fwd:expr,
                der |$c_dx:tt, $c_dc:tt, $c_out:tt| $c_der:expr;
        )* }
        binary { $(
            $(#[$b_doc:meta])* $b_op:ident $b_sym:literal
                fwd |$b_x:tt, $b_y:tt| $b_fwd:expr,
                der |$b_dx:tt, $b_dy:tt, $b_out:tt| $b_der:expr;
        )* }
    ) => {
        /// The operation that produced a node.
        ///
        /// Each variant documents its formula and its local derivative(s); the
        /// same table drives forward evaluation, [`Graph::recompute`](crate::Graph::recompute)
        /// and backward.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[repr(u8)]
        #[non_exhaustive]
        pub enum Op {
            /// A leaf: a parameter, an input or a constant. It has no inputs.
            Leaf,
            $( $(#[$u_doc])* $u_op, )*
            $( $(#[$c_doc])* $c_op, )*
            $( $(#[$b_doc])* $b_op, )*
            /// `Σ_i x_i`, one node for any number of inputs; `∂/∂x_i = 1`.
            /// The sum of no values is 0.
            Sum,
            /// `Σ_i w_i·x_i`, one node; `∂/∂w_i = x_i`, `∂/∂x_i = w_i`.
            Dot,
            /// `Σ_i w_i·x_i + b`, a neuron's pre-activation `z_j` in one node;
            /// `∂/∂w_i = x_i`, `∂/∂x_i = w_i`, `∂/∂b = 1`.
            Affine,
        }

        impl Op {
            /// Every op, in the order of their codes.
            const ALL: &'static [Op] = &[
                Op::Leaf, $(Op::$u_op,)* $(Op::$c_op,)* $(Op::$b_op,)* Op::Sum, Op::Dot, Op::Affine,
            ];

            /// The op stored under `code` in a node record.
            #[inline(always)]
            pub(crate) fn decode(code: u8) -> Op {
                Op::ALL[code as usize]
            }

            /// How this op's inputs are stored.
            #[inline(always)]
            pub(crate) fn shape(self) -> Shape {
                match self {
                    Op::Leaf => Shape::Leaf,
                    $( Op::$u_op => Shape::Unary, )*
                    $( Op::$c_op => Shape::WithConstant, )*
                    $( Op::$b_op => Shape::Binary, )*
                    Op::Sum | Op::Dot | Op::Affine => Shape::Nary,
                }
            }

            /// The short symbol used in traces and drawings (`+`, `*`, `tanh`, …;
            /// `leaf` for a leaf).
            pub fn symbol(self) -> &'static str {
                match self {
                    Op::Leaf => "leaf",
                    $( Op::$u_op => $u_sym, )*
                    $( Op::$c_op => $c_sym, )*
                    $( Op::$b_op => $b_sym, )*
                    Op::Sum => "sum",
                    Op::Dot => "dot",
                    Op::Affine => "affine",
                }
            }

            /// Forward value of an element-wise op from its input data `x` and
            /// `y` (for unary ops `y == x`; for ops with a constant, `y` is it).
            #[inline(always)]
            pub(crate) fn eval(self, x: f64, y: f64) -> f64 {
                let _ = y;
                match self {
                    $( Op::$u_op => { let $u_x = x; $u_fwd } )*
                    $( Op::$c_op => { let $c_x = x; let $c_c = y; $c_fwd } )*
                    $( Op::$b_op => { let $b_x = x; let $b_y = y; $b_fwd } )*
                    Op::Leaf | Op::Sum | Op::Dot | Op::Affine => unreachable!("{self:?} is not element-wise"),
                }
            }

            /// Local derivatives `(∂out/∂x, ∂out/∂y)` of an element-wise op,
            /// from its inputs and its output `out`. The second is 0 unless the
            /// op is binary.
            #[inline(always)]
            pub(crate) fn partials(self, x: f64, y: f64, out: f64) -> (f64, f64) {
                let _ = (y, out);
                match self {
                    $( Op::$u_op => { let $u_dx = x; let $u_out = out; ($u_der, 0.0) } )*
                    $( Op::$c_op => { let $c_dx = x; let $c_dc = y; let $c_out = out; ($c_der, 0.0) } )*
                    $( Op::$b_op => { let $b_dx = x; let $b_dy = y; let $b_out = out; $b_der } )*
                    Op::Leaf | Op::Sum | Op::Dot | Op::Affine => unreachable!("{self:?} is not element-wise"),
                }
            }
        }
    };
}

op_table! {
    unary {
        /// `-x`; `d/dx = -1`.
        Neg "neg" fwd |x| -x, der |_, _| -1.0;
        /// `eˣ`; `d/dx = eˣ` (the output itself).
        Exp "exp" fwd |x| x.exp(), der |_, out| out;
        /// `ln x`; `d/dx = 1/x`.
        Ln "ln" fwd |x| x.ln(), der |x, _| 1.0 / x;
        /// `√x`; `d/dx = 1/(2√x)`.
        Sqrt "sqrt" fwd |x| x.sqrt(), der |_, out| 0.5 / out;
        /// `sin x`; `d/dx = cos x`.
        Sin "sin" fwd |x| x.sin(), der |x, _| x.cos();
        /// `cos x`; `d/dx = -sin x`.
        Cos "cos" fwd |x| x.cos(), der |x, _| -x.sin();
        /// `tanh x`; `d/dx = 1 - tanh²x`.
        Tanh "tanh" fwd |x| x.tanh(), der |_, out| 1.0 - out * out;
        /// `σ(x) = 1/(1 + e⁻ˣ)`; `d/dx = σ(x)(1 - σ(x))`.
        Sigmoid "sigmoid" fwd |x| sigmoid(x), der |_, out| out * (1.0 - out);
        /// `max(0, x)`; `d/dx = 1 if x > 0 else 0` (0 at the kink, as PyTorch).
        /// NaN stays NaN.
        Relu "relu" fwd |x| if x < 0.0 { 0.0 } else { x }, der |x, _| if x > 0.0 { 1.0 } else { 0.0 };
        /// `ln(1 + eˣ)`, computed as `max(x, 0) + ln(1 + e^-|x|)`; `d/dx = σ(x)`.
        Softplus "softplus" fwd |x| x.max(0.0) + (-x.abs()).exp().ln_1p(), der |x, _| sigmoid(x);
        /// Exact GELU `x·Φ(x)`, `Φ(x) = (1 + erf(x/√2))/2`;
        /// `d/dx = Φ(x) + x·φ(x)`, `φ(x) = e^(-x²/2)/√(2π)`.
        Gelu "gelu" fwd |x| x * normal_cdf(x), der |x, _| normal_cdf(x) + x * normal_pdf(x);
    }
    with_constant {
        /// `xᶜ` for a constant exponent `c`; `d/dx = c·xᶜ⁻¹`.
        Powf "powf" fwd |x, c| x.powf(c), der |x, c, _| c * x.powf(c - 1.0);
        /// `x if x > 0 else s·x` for a constant slope `s`; `d/dx = 1 if x > 0 else s`.
        LeakyRelu "leaky_relu" fwd |x, s| if x > 0.0 { x } else { s * x }, der |x, s, _| if x > 0.0 { 1.0 } else { s };
        /// ELU: `x if x > 0 else α(eˣ - 1)`; `d/dx = 1 if x > 0 else α·eˣ`.
        Elu "elu" fwd |x, alpha| if x > 0.0 { x } else { alpha * x.exp_m1() }, der |x, alpha, _| if x > 0.0 { 1.0 } else { alpha * x.exp() };
        /// Swish `x·σ(βx)`; `d/dx = σ(βx) + βx·σ(βx)(1 - σ(βx))`.
        Swish "swish" fwd |x, beta| x * sigmoid(beta * x), der |x, beta, _| {
            let s = sigmoid(beta * x);
            s + beta * x * s * (1.0 - s)
        };
    }
    binary {
        /// `x + y`; `∂/∂x = 1`, `∂/∂y = 1`.
        Add "+" fwd |x, y| x + y, der |_, _, _| (1.0, 1.0);
        /// `x - y`; `∂/∂x = 1`, `∂/∂y = -1`.
        Sub "-" fwd |x, y| x - y, der |_, _, _| (1.0, -1.0);
        /// `x·y`; `∂/∂x = y`, `∂/∂y = x`.
        Mul "*" fwd |x, y| x * y, der |x, y, _| (y, x);
        /// `x / y`; `∂/∂x = 1/y`, `∂/∂y = -x/y²`.
        Div "/" fwd |x, y| x / y, der |x, y, _| (1.0 / y, -x / (y * y));
        /// `xʸ`; `∂/∂x = y·xʸ⁻¹`, `∂/∂y = xʸ·ln x` (taken as 0 where `x = 0` and
        /// `y ≥ 0`, as PyTorch does).
        Pow "pow" fwd |x, y| x.powf(y), der |x, y, out| {
            let d_exponent = if x == 0.0 && y >= 0.0 { 0.0 } else { out * x.ln() };
            (y * x.powf(y - 1.0), d_exponent)
        };
        /// PReLU with a learnable slope `a`: `x if x > 0 else a·x`;
        /// `∂/∂x = 1 if x > 0 else a`, `∂/∂a = 0 if x > 0 else x`.
        Prelu "prelu" fwd |x, a| if x > 0.0 { x } else { a * x }, der |x, a, _| if x > 0.0 { (1.0, 0.0) } else { (a, x) };
    }
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
    fn sigmoid_is_stable_at_the_extremes() {
        assert_eq!(sigmoid(1000.0), 1.0);
        assert_eq!(sigmoid(-1000.0), 0.0);
        assert_eq!(sigmoid(0.0), 0.5);
    }
}
