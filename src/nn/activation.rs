//! Activation functions `a = f(z)`, each with its derivative `f'(z)`.

use std::fmt;
use std::str::FromStr;

use crate::engine::Op;
use crate::panics::misuse;
use crate::Value;

/// The non-linearity a layer applies to its pre-activations: `a_j = f(z_j)`.
///
/// Every variant but `Linear` is one node per neuron in the graph, of the
/// [`Op`] it names: that op's row gives the formula of `f` and of `f'`.
/// Parameters carry PyTorch's defaults in the
/// associated constants ([`Activation::LEAKY_RELU`], [`Activation::ELU`],
/// [`Activation::SWISH`], [`Activation::PRELU`]).
///
/// The plain-number forms [`eval`](Activation::eval) and
/// [`derivative`](Activation::derivative) compute exactly what the graph
/// computes, so hand-written backpropagation (the lesson's recursion) can be
/// compared with autograd digit for digit:
///
/// ```
/// use scalargrad::nn::Activation;
///
/// assert_eq!(Activation::Sigmoid.derivative(0.0), 0.25); // σ'(0), the largest it gets
/// assert!(Activation::Sigmoid.derivative(10.0) < 5e-5); // saturated
/// assert_eq!(Activation::Tanh.derivative(0.0), 1.0);
/// assert_eq!(Activation::Relu.derivative(-2.0), 0.0); // a dead unit passes nothing back
/// assert_eq!(Activation::LEAKY_RELU.derivative(-2.0), 0.01);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Activation {
    /// `f(z) = z`, `f'(z) = 1`: no node at all. The output layer of a
    /// regression or of logits.
    Linear,
    /// The logistic sigmoid, [`Op::Sigmoid`]. Saturates: for large `|z|`
    /// its derivative is nearly 0, and it is never more than 1/4.
    Sigmoid,
    /// The hyperbolic tangent, [`Op::Tanh`]. Saturates like the sigmoid.
    Tanh,
    /// Softplus, a smooth ReLU, [`Op::Softplus`].
    Softplus,
    /// ReLU, [`Op::Relu`]. A unit whose `z ≤ 0` for every example passes no
    /// gradient back: it is dead.
    Relu,
    /// LeakyReLU with this slope, [`Op::LeakyRelu`] (PyTorch's default
    /// slope is 0.01: [`Activation::LEAKY_RELU`]).
    LeakyRelu(f64),
    /// ELU with this α, [`Op::Elu`] (PyTorch's default α = 1:
    /// [`Activation::ELU`]).
    Elu(f64),
    /// PReLU, [`Op::Prelu`], with a slope learned per neuron (a parameter
    /// like the weights). The number is the initial slope: PyTorch's is 0.25
    /// ([`Activation::PRELU`]).
    PRelu(f64),
    /// Swish with this β, [`Op::Swish`]; β = 1 is SiLU, PyTorch's default
    /// ([`Activation::SWISH`]).
    Swish(f64),
    /// The exact GELU, [`Op::Gelu`].
    Gelu,
}

impl Activation {
    /// LeakyReLU with PyTorch's default slope, 0.01.
    pub const LEAKY_RELU: Activation = Activation::LeakyRelu(0.01);
    /// ELU with PyTorch's default α = 1.
    pub const ELU: Activation = Activation::Elu(1.0);
    /// Swish with β = 1 (SiLU).
    pub const SWISH: Activation = Activation::Swish(1.0);
    /// PReLU with PyTorch's initial slope, 0.25.
    pub const PRELU: Activation = Activation::PRelu(0.25);

    /// Every activation, with default parameters, in the lesson's order.
    pub const ALL: [Activation; 10] = [
        Activation::Sigmoid,
        Activation::Tanh,
        Activation::Softplus,
        Activation::Relu,
        Activation::LEAKY_RELU,
        Activation::ELU,
        Activation::PRELU,
        Activation::SWISH,
        Activation::Gelu,
        Activation::Linear,
    ];

    /// A short name: `"relu"`, `"leaky_relu(0.01)"`, …
    pub fn name(self) -> String {
        match self {
            Activation::Linear => "linear".into(),
            Activation::Sigmoid => "sigmoid".into(),
            Activation::Tanh => "tanh".into(),
            Activation::Softplus => "softplus".into(),
            Activation::Relu => "relu".into(),
            Activation::LeakyRelu(s) => format!("leaky_relu({s})"),
            Activation::Elu(alpha) => format!("elu({alpha})"),
            Activation::PRelu(a) => format!("prelu({a})"),
            Activation::Swish(beta) => format!("swish({beta})"),
            Activation::Gelu => "gelu".into(),
        }
    }

    /// True for [`Activation::PRelu`], whose neurons carry a learnable slope.
    pub fn has_slope(self) -> bool {
        matches!(self, Activation::PRelu(_))
    }

    /// The engine op and its constant (if any) that compute this activation;
    /// `None` for `Linear`.
    pub(crate) fn op(self) -> Option<(Op, Option<f64>)> {
        Some(match self {
            Activation::Linear => return None,
            Activation::Sigmoid => (Op::Sigmoid, None),
            Activation::Tanh => (Op::Tanh, None),
            Activation::Softplus => (Op::Softplus, None),
            Activation::Relu => (Op::Relu, None),
            Activation::LeakyRelu(s) => (Op::LeakyRelu, Some(s)),
            Activation::Elu(alpha) => (Op::Elu, Some(alpha)),
            Activation::PRelu(_) => (Op::Prelu, None),
            Activation::Swish(beta) => (Op::Swish, Some(beta)),
            Activation::Gelu => (Op::Gelu, None),
        })
    }

    /// `f(z)` on a plain number. For PReLU, `slope` is the neuron's slope;
    /// other activations ignore it.
    pub fn eval_with_slope(self, z: f64, slope: f64) -> f64 {
        match self.op() {
            None => z,
            Some((op, constant)) => op.eval(z, constant.unwrap_or(slope)),
        }
    }

    /// `f'(z)` on a plain number, exactly as backward computes it. For PReLU,
    /// `slope` is the neuron's slope; other activations ignore it.
    pub fn derivative_with_slope(self, z: f64, slope: f64) -> f64 {
        match self.op() {
            None => 1.0,
            Some((op, constant)) => {
                let y = constant.unwrap_or(slope);
                op.partials(z, y, op.eval(z, y)).0
            }
        }
    }

    /// `f(z)` on a plain number (PReLU with its initial slope).
    pub fn eval(self, z: f64) -> f64 {
        self.eval_with_slope(z, self.initial_slope())
    }

    /// `f'(z)` on a plain number (PReLU with its initial slope).
    pub fn derivative(self, z: f64) -> f64 {
        self.derivative_with_slope(z, self.initial_slope())
    }

    fn initial_slope(self) -> f64 {
        match self {
            Activation::PRelu(a) => a,
            _ => 0.0,
        }
    }

    /// The number in the activation's name (LeakyReLU's slope, ELU's α,
    /// PReLU's initial slope, Swish's β), if it has one.
    pub(crate) fn parameter(self) -> Option<f64> {
        match self {
            Activation::LeakyRelu(x)
            | Activation::Elu(x)
            | Activation::PRelu(x)
            | Activation::Swish(x) => Some(x),
            _ => None,
        }
    }

    /// Records `a = f(z)` in the graph: `z.sigmoid()`, `z.leaky_relu(s)`,
    /// `z.prelu(slope)`, … (and `z` itself for [`Linear`](Activation::Linear)).
    ///
    /// # Panics
    /// For PReLU without a `slope`, or if `z` and `slope` belong to
    /// different graphs or one was discarded.
    #[track_caller]
    pub fn apply<'g>(self, z: Value<'g>, slope: Option<Value<'g>>) -> Value<'g> {
        self.record(z, slope, "Activation::apply")
    }

    /// [`apply`](Activation::apply) for a caller that panics under its own
    /// name: records the activation's op (see [`Op`]) on `z`.
    #[track_caller]
    pub(crate) fn record<'g>(
        self,
        z: Value<'g>,
        slope: Option<Value<'g>>,
        call: &str,
    ) -> Value<'g> {
        match self.op() {
            None => z,
            Some((op, Some(constant))) => z.with_constant(op, constant, call),
            Some((op, None)) if self.has_slope() => {
                let Some(slope) = slope else {
                    misuse!(call, "PReLU needs its slope Value")
                };
                z.binary(op, slope, call)
            }
            Some((op, None)) => z.unary(op, call),
        }
    }

    /// Records `a = f(z)` reading the activation's constant (slope, α, β)
    /// from an existing leaf, so that a layer's outputs are contiguous.
    #[track_caller]
    pub(crate) fn record_with_constant<'g>(
        self,
        z: Value<'g>,
        constant: Option<Value<'g>>,
        slope: Option<Value<'g>>,
        call: &str,
    ) -> Value<'g> {
        match (self.op(), constant) {
            (Some((op, Some(_))), Some(c)) => z.with_constant_node(op, c, call),
            _ => self.record(z, slope, call),
        }
    }
}

impl fmt::Display for Activation {
    /// The name [`FromStr`] reads back: `relu`, `leaky_relu(0.01)`, …
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
    }
}

impl FromStr for Activation {
    type Err = String;

    /// Reads `linear`, `sigmoid`, `tanh`, `softplus`, `relu`, `gelu`, and
    /// `leaky_relu`, `elu`, `prelu`, `swish` with an optional parameter in
    /// parentheses (`leaky_relu(0.2)`); without one, PyTorch's default. A
    /// parameter that is NaN or infinite (`elu(nan)`, `swish(inf)`,
    /// `elu(1e400)`) is an error: it would make the activation NaN.
    fn from_str(text: &str) -> Result<Activation, String> {
        let text = text.trim();
        let shown = crate::escape_controls(text);
        let (name, parameter) = match text.split_once('(') {
            Some((name, rest)) => {
                let inner = rest
                    .strip_suffix(')')
                    .ok_or_else(|| format!("activation \"{shown}\": missing ')'"))?;
                let value: f64 = inner.trim().parse().map_err(|_| {
                    format!(
                        "activation \"{shown}\": \"{}\" is not a number",
                        crate::escape_controls(inner)
                    )
                })?;
                if !value.is_finite() {
                    // A layer refuses such a parameter: refuse it here,
                    // where the command line and model files can report it.
                    return Err(format!(
                        "activation \"{shown}\": the parameter is {value}; give a finite number"
                    ));
                }
                (name.trim(), Some(value))
            }
            None => (text, None),
        };
        let with = |default: f64| parameter.unwrap_or(default);
        let plain = |a: Activation| match parameter {
            None => Ok(a),
            Some(_) => Err(format!(
                "activation \"{}\" takes no parameter",
                crate::escape_controls(name)
            )),
        };
        match name.to_ascii_lowercase().as_str() {
            "linear" | "identity" => plain(Activation::Linear),
            "sigmoid" => plain(Activation::Sigmoid),
            "tanh" => plain(Activation::Tanh),
            "softplus" => plain(Activation::Softplus),
            "relu" => plain(Activation::Relu),
            "gelu" => plain(Activation::Gelu),
            "leaky_relu" | "leakyrelu" => Ok(Activation::LeakyRelu(with(0.01))),
            "elu" => Ok(Activation::Elu(with(1.0))),
            "prelu" => Ok(Activation::PRelu(with(0.25))),
            "swish" | "silu" => Ok(Activation::Swish(with(1.0))),
            _ => Err(format!(
                "unknown activation \"{}\" (known: linear, sigmoid, tanh, softplus, relu, leaky_relu, elu, prelu, swish, gelu)",
                crate::escape_controls(name)
            )),
        }
    }
}
