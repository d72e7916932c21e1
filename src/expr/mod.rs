//! Formulas written as text, parsed and recorded in a [`Graph`](crate::Graph): what the
//! `scalargrad` command differentiates.
//!
//! ```text
//! numbers     2   -0.5   1e-3
//! variables   x   w1   b_2
//! operators   + - * /   ^ (power, right-associative, binds tighter than a
//!             leading minus: -x^2 is -(x^2))   ( )
//! functions   exp ln log sqrt sin cos tanh sigmoid relu softplus gelu step normal_cdf abs sign
//!             (one argument)
//!             leaky_relu(x, slope)  elu(x, alpha)  swish(x, beta)  prelu(x, slope)  pow(x, y)
//! ```
//!
//! A formula may name values on the way, one statement per line or
//! separated by `;`, the last one giving the result; `c += e` is
//! `c = c + (e)`. micrograd's README expression reads as in Python:
//!
//! ```text
//! c = a + b; d = a*b + b^3
//! c += c + 1; c += 1 + c + (-a)
//! d += d*2 + relu(b + a); d += 3*d + relu(b - a)
//! e = c - d; f = e^2; g = f/2; g += 10/f
//! ```
//!
//! The named values show under their names in traces and drawings.
//!
//! Each function and operator records one op, and the list comes from the op
//! table itself ([`functions`], [`Op`]): an op with a name there is a
//! function here. A number exponent (`x^2`, `pow(x, 2)`) records
//! [`Op::Powf`], whose exponent is a constant that gets no gradient; a
//! variable exponent records [`Op::Pow`]. `log` is the natural logarithm, like `ln`. In
//! `leaky_relu`, `elu` and `swish` the second argument is a constant (it
//! must not contain variables); `prelu`'s slope and both arguments of `pow`
//! may. A number must fit in an `f64`: `1e400` is an error (not infinity),
//! `1e-400` is 0.
//!
//! The parser is iterative (a shunting-yard with an explicit stack), so no
//! input, however long or deeply nested, can overflow the stack; every error
//! says where it is:
//!
//! ```
//! use std::collections::HashMap;
//! use scalargrad::{expr::Formula, Graph};
//!
//! let f = Formula::parse("x * tanh(y) + 2^-x")?;
//! assert_eq!(f.variables(), vec!["x", "y"]);
//!
//! let g = Graph::new();
//! let x = g.value(1.0);
//! let y = g.value(0.5);
//! let out = f.build(&g, &HashMap::from([("x", x), ("y", y)]))?;
//! out.backward();
//! // ∂/∂x (x·tanh y + 2^-x) = tanh y - ln 2 · 2^-x
//! let expected = 0.5f64.tanh() - 2f64.ln() * 0.5;
//! assert!((x.grad() - expected).abs() < 1e-15);
//!
//! let err = Formula::parse("x + foo(2)").unwrap_err();
//! assert_eq!(err.to_string(), "unknown function `foo` at column 5");
//! assert_eq!(err.pointer("x + foo(2)"), "x + foo(2)\n    ^^^");
//! # Ok::<(), scalargrad::expr::ExprError>(())
//! ```

mod build;
mod lexer;
mod parser;

use std::fmt;

use parser::Step;

use crate::engine::Shape;
use crate::Op;

/// A function a formula may call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Function {
    /// Its name in formulas (`exp`, `log`, `leaky_relu`, …).
    pub name: &'static str,
    /// The names of its arguments (`["x"]`, `["x", "slope"]`).
    pub arguments: &'static [&'static str],
    /// Whether the second argument must be a number (the slope of
    /// `leaky_relu`, the α of `elu`, the β of `swish`).
    pub constant_argument: bool,
    /// The op it records, whose documentation gives its formula and
    /// derivative.
    pub op: Op,
}

/// Every function a formula may call, in the op table's order.
///
/// ```
/// let names: Vec<&str> = scalargrad::expr::functions().map(|f| f.name).collect();
/// assert!(names.contains(&"tanh") && names.contains(&"log"));
/// ```
pub fn functions() -> impl Iterator<Item = Function> {
    Op::functions().map(|(name, op, arguments)| Function {
        name,
        arguments,
        constant_argument: op.shape() == Shape::WithConstant,
        op,
    })
}

/// The formula language in two lines, for help texts: numbers, variables,
/// operators, and every function with its arguments.
pub fn summary() -> String {
    let operators: Vec<String> = Op::infix_symbols().map(String::from).collect();
    let (one, more): (Vec<Function>, Vec<Function>) =
        functions().partition(|f| f.arguments.len() == 1);
    let one: Vec<&str> = one.iter().map(|f| f.name).collect();
    let more: Vec<String> = more
        .iter()
        .map(|f| format!("{}({})", f.name, f.arguments.join(", ")))
        .collect();
    format!(
        "numbers (2, -0.5, 1e-3), variables (x, w1, b_2), {} and parentheses;\n\
         functions {}, {}.",
        operators.join(" "),
        one.join(" "),
        more.join(" ")
    )
}

/// A parse or evaluation error, with the character range it is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExprError {
    /// What is wrong, in a few words.
    pub message: String,
    /// Position of the first character concerned, counting from 0.
    pub position: usize,
    /// Number of characters concerned (at least 1).
    pub length: usize,
    /// A suggestion, if there is one (`did you mean `exp`?`).
    pub hint: Option<String>,
}

impl ExprError {
    fn new(message: impl Into<String>, position: usize, length: usize) -> ExprError {
        ExprError {
            message: message.into(),
            position,
            length: length.max(1),
            hint: None,
        }
    }

    /// The formula on one line and carets under the part the error is about.
    /// Long formulas are cut around that part.
    pub fn pointer(&self, text: &str) -> String {
        let chars: Vec<char> = text
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        let (mut from, mut to) = (0, chars.len());
        const WINDOW: usize = 60;
        if chars.len() > 2 * WINDOW {
            from = self.position.saturating_sub(WINDOW / 2);
            to = (self.position + self.length + WINDOW / 2).min(chars.len());
        }
        let mut line: String = chars[from..to].iter().collect();
        let mut offset = self.position.saturating_sub(from);
        if from > 0 {
            line.insert(0, '…');
            offset += 1;
        }
        if to < chars.len() {
            line.push('…');
        }
        let carets = "^".repeat(self.length.min(to.saturating_sub(self.position)).max(1));
        format!("{line}\n{}{carets}", " ".repeat(offset))
    }
}

impl fmt::Display for ExprError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // People count columns from 1.
        write!(f, "{} at column {}", self.message, self.position + 1)?;
        match &self.hint {
            Some(hint) => write!(f, "; {hint}"),
            None => Ok(()),
        }
    }
}

impl std::error::Error for ExprError {}

/// A parsed formula: a program of postfix steps, ready to be recorded in any
/// graph with any values for its variables.
#[derive(Clone, Debug, PartialEq)]
pub struct Formula {
    steps: Vec<(Step, usize, usize)>,
}

impl Formula {
    /// The variables the formula needs values for, in order of first
    /// appearance (a name the formula defines itself, `c = …`, is not among
    /// them once defined).
    pub fn variables(&self) -> Vec<&str> {
        let mut names: Vec<&str> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let mut defined = std::collections::HashSet::new();
        for (step, _, _) in &self.steps {
            match step {
                Step::Variable(name)
                    if !defined.contains(name.as_str()) && seen.insert(name.as_str()) =>
                {
                    names.push(name);
                }
                Step::Define(name) => {
                    defined.insert(name.as_str());
                }
                _ => {}
            }
        }
        names
    }
}
