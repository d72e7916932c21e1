//! Formulas written as text, parsed and recorded in a [`Graph`]: what the
//! `scalargrad` command differentiates.
//!
//! ```text
//! numbers     2   -0.5   1e-3
//! variables   x   w1   b_2
//! operators   + - * /   ^ (power, right-associative, binds tighter than a
//!             leading minus: -x^2 is -(x^2))   ( )
//! functions   exp ln log sqrt sin cos tanh sigmoid relu softplus gelu   (one argument)
//!             leaky_relu(x, slope)  elu(x, alpha)  swish(x, beta)  prelu(x, slope)  pow(x, y)
//! ```
//!
//! `log` is the natural logarithm, like `ln`. In `leaky_relu`, `elu` and
//! `swish` the second argument is a constant (it must not contain variables);
//! `prelu`'s slope and both arguments of `pow` may.
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

use std::collections::HashMap;
use std::fmt;

use crate::{Graph, Value};

/// A parse or evaluation error, with the character range it is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExprError {
    /// What is wrong, in a few words.
    pub message: String,
    /// Position of the first character concerned, counting from 0.
    pub position: usize,
    /// Number of characters concerned (at least 1).
    pub length: usize,
}

impl ExprError {
    fn new(message: impl Into<String>, position: usize, length: usize) -> ExprError {
        ExprError {
            message: message.into(),
            position,
            length: length.max(1),
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
        write!(f, "{} at column {}", self.message, self.position + 1)
    }
}

impl std::error::Error for ExprError {}

/// The functions a formula may call: name and number of arguments.
const FUNCTIONS: &[(&str, usize)] = &[
    ("exp", 1),
    ("ln", 1),
    ("log", 1),
    ("sqrt", 1),
    ("sin", 1),
    ("cos", 1),
    ("tanh", 1),
    ("sigmoid", 1),
    ("relu", 1),
    ("softplus", 1),
    ("gelu", 1),
    ("leaky_relu", 2),
    ("elu", 2),
    ("swish", 2),
    ("prelu", 2),
    ("pow", 2),
];

/// One instruction of a parsed formula, in postfix order.
#[derive(Clone, Debug, PartialEq)]
enum Step {
    Number(f64),
    Variable(String),
    Negate,
    Binary(char),
    Call(&'static str, usize),
}

/// A parsed formula: a program of postfix steps, ready to be recorded in any
/// graph with any values for its variables.
#[derive(Clone, Debug, PartialEq)]
pub struct Formula {
    steps: Vec<(Step, usize, usize)>,
}

#[derive(Clone, Debug, PartialEq)]
enum Token {
    Number(f64),
    Name(String),
    Operator(char),
    Open,
    Close,
    Comma,
}

fn tokenize(text: &str) -> Result<Vec<(Token, usize, usize)>, ExprError> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let token = if c.is_ascii_digit()
            || (c == '.' && chars.get(i + 1).is_some_and(|d| d.is_ascii_digit()))
        {
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            // An exponent: e or E, an optional sign, digits.
            if i < chars.len() && (chars[i] == 'e' || chars[i] == 'E') {
                let mut j = i + 1;
                if j < chars.len() && (chars[j] == '+' || chars[j] == '-') {
                    j += 1;
                }
                if j < chars.len() && chars[j].is_ascii_digit() {
                    while j < chars.len() && chars[j].is_ascii_digit() {
                        j += 1;
                    }
                    i = j;
                }
            }
            let literal: String = chars[start..i].iter().collect();
            let value: f64 = literal.parse().map_err(|_| {
                ExprError::new(format!("`{literal}` is not a number"), start, i - start)
            })?;
            Token::Number(value)
        } else if c.is_alphabetic() || c == '_' {
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            Token::Name(chars[start..i].iter().collect())
        } else {
            i += 1;
            match c {
                '+' | '-' | '*' | '/' | '^' => Token::Operator(c),
                '(' => Token::Open,
                ')' => Token::Close,
                ',' => Token::Comma,
                _ => {
                    return Err(ExprError::new(
                        format!("unexpected character `{c}`"),
                        start,
                        1,
                    ))
                }
            }
        };
        tokens.push((token, start, i - start));
    }
    Ok(tokens)
}

/// An entry of the operator stack.
#[derive(Clone, Debug)]
enum Pending {
    Negate(usize),
    Binary(char, usize),
    /// An opening parenthesis; for a call, the function and how many
    /// arguments have been closed so far.
    Open {
        position: usize,
        call: Option<(&'static str, usize, usize)>,
        arguments: usize,
    },
}

/// Binding strength: `+ -` 1, `* /` 2, leading minus 3, `^` 4.
fn precedence(op: char) -> u8 {
    match op {
        '+' | '-' => 1,
        '*' | '/' => 2,
        _ => 4,
    }
}

impl Formula {
    /// Parses `text`.
    ///
    /// # Errors
    /// An [`ExprError`] pointing at an unexpected character, a missing
    /// operand or operator, an unknown function, a wrong number of
    /// arguments, or an unbalanced parenthesis.
    pub fn parse(text: &str) -> Result<Formula, ExprError> {
        let tokens = tokenize(text)?;
        let end = text.chars().count();
        if tokens.is_empty() {
            return Err(ExprError::new("empty formula", 0, 1));
        }
        let mut steps: Vec<(Step, usize, usize)> = Vec::new();
        let mut stack: Vec<Pending> = Vec::new();
        let mut expect_operand = true;
        let mut k = 0;
        while k < tokens.len() {
            let (token, at, len) = (&tokens[k].0, tokens[k].1, tokens[k].2);
            k += 1;
            if expect_operand {
                match token {
                    Token::Number(x) => {
                        steps.push((Step::Number(*x), at, len));
                        expect_operand = false;
                    }
                    Token::Name(name) if matches!(tokens.get(k), Some((Token::Open, _, _))) => {
                        let Some(&(function, arity)) = FUNCTIONS.iter().find(|(f, _)| *f == name)
                        else {
                            return Err(ExprError::new(
                                format!("unknown function `{name}`"),
                                at,
                                len,
                            ));
                        };
                        k += 1; // the '('
                        stack.push(Pending::Open {
                            position: at,
                            call: Some((function, arity, len)),
                            arguments: 0,
                        });
                    }
                    Token::Name(name) => {
                        if FUNCTIONS.iter().any(|(f, _)| f == name) {
                            return Err(ExprError::new(
                                format!("function `{name}` needs its arguments in parentheses"),
                                at,
                                len,
                            ));
                        }
                        steps.push((Step::Variable(name.clone()), at, len));
                        expect_operand = false;
                    }
                    Token::Open => stack.push(Pending::Open {
                        position: at,
                        call: None,
                        arguments: 0,
                    }),
                    Token::Operator('-') => stack.push(Pending::Negate(at)),
                    Token::Operator('+') => {} // a leading plus changes nothing
                    _ => {
                        return Err(ExprError::new(
                            "expected a number, a variable, a function or `(`",
                            at,
                            len,
                        ))
                    }
                }
                continue;
            }
            match token {
                Token::Operator(op) => {
                    let p = precedence(*op);
                    // Pop what binds at least as tightly (strictly more for
                    // the right-associative `^`).
                    while let Some(top) = stack.last() {
                        let pops = match top {
                            Pending::Negate(_) => 3 > p || (3 == p && *op != '^'),
                            Pending::Binary(o, _) => {
                                let q = precedence(*o);
                                q > p || (q == p && *op != '^')
                            }
                            Pending::Open { .. } => false,
                        };
                        if !pops {
                            break;
                        }
                        emit(stack.pop().expect("checked"), &mut steps);
                    }
                    stack.push(Pending::Binary(*op, at));
                    expect_operand = true;
                }
                Token::Close | Token::Comma => loop {
                    match stack.pop() {
                        None => {
                            let what = if *token == Token::Close {
                                "`)` without a matching `(`"
                            } else {
                                "`,` outside a function call"
                            };
                            return Err(ExprError::new(what, at, 1));
                        }
                        Some(Pending::Open {
                            position,
                            call,
                            arguments,
                        }) => {
                            let arguments = arguments + 1;
                            if *token == Token::Comma {
                                if call.is_none() {
                                    return Err(ExprError::new(
                                        "`,` outside a function call",
                                        at,
                                        1,
                                    ));
                                }
                                stack.push(Pending::Open {
                                    position,
                                    call,
                                    arguments,
                                });
                                expect_operand = true;
                            } else if let Some((function, arity, name_length)) = call {
                                if arguments != arity {
                                    return Err(ExprError::new(
                                            format!(
                                                "`{function}` takes {arity} argument{}, got {arguments}",
                                                if arity == 1 { "" } else { "s" }
                                            ),
                                            position,
                                            name_length,
                                        ));
                                }
                                steps.push((Step::Call(function, arity), position, name_length));
                            }
                            break;
                        }
                        Some(other) => emit(other, &mut steps),
                    }
                },
                _ => {
                    return Err(ExprError::new(
                        "expected an operator (`+ - * / ^`), `)` or the end",
                        at,
                        len,
                    ))
                }
            }
        }
        if expect_operand {
            return Err(ExprError::new(
                "the formula ends where a value is expected",
                end,
                1,
            ));
        }
        while let Some(top) = stack.pop() {
            if let Pending::Open { position, call, .. } = top {
                let length = call.map_or(1, |c| c.2 + 1);
                return Err(ExprError::new("this `(` is never closed", position, length));
            }
            emit(top, &mut steps);
        }
        Ok(Formula { steps })
    }

    /// The variables the formula uses, in order of first appearance.
    pub fn variables(&self) -> Vec<&str> {
        let mut names: Vec<&str> = Vec::new();
        for (step, _, _) in &self.steps {
            if let Step::Variable(name) = step {
                if !names.contains(&name.as_str()) {
                    names.push(name);
                }
            }
        }
        names
    }

    /// Records the formula in `graph`, reading each variable from `values`
    /// (numbers become constant leaves).
    ///
    /// # Errors
    /// An [`ExprError`] for a variable missing from `values`, or for a
    /// constant argument (the slope of `leaky_relu`, …) that is not a number.
    pub fn build<'g>(
        &self,
        graph: &'g Graph,
        values: &HashMap<&str, Value<'g>>,
    ) -> Result<Value<'g>, ExprError> {
        // Each entry: the value, and whether it is a plain number (no
        // variable below it), for the constant arguments.
        let mut stack: Vec<(Value<'g>, bool)> = Vec::with_capacity(self.steps.len());
        for (step, at, len) in &self.steps {
            let value = match step {
                Step::Number(x) => (graph.value(*x), true),
                Step::Variable(name) => match values.get(name.as_str()) {
                    Some(v) => (*v, false),
                    None => {
                        return Err(ExprError::new(
                            format!("variable `{name}` has no value (give it as {name}=…)"),
                            *at,
                            *len,
                        ))
                    }
                },
                Step::Negate => {
                    let (x, constant) = stack.pop().expect("the parser checked the operands");
                    (-x, constant)
                }
                Step::Binary(op) => {
                    let (y, cy) = stack.pop().expect("the parser checked the operands");
                    let (x, cx) = stack.pop().expect("the parser checked the operands");
                    let v = match op {
                        '+' => x + y,
                        '-' => x - y,
                        '*' => x * y,
                        '/' => x / y,
                        _ => x.pow(y),
                    };
                    (v, cx && cy)
                }
                Step::Call(function, arity) => {
                    let mut arguments = stack.split_off(stack.len() - arity);
                    let (x, cx) = arguments[0];
                    let constant = |k: usize| -> Result<f64, ExprError> {
                        let (v, is_number) = arguments[k];
                        if is_number {
                            Ok(v.data())
                        } else {
                            Err(ExprError::new(
                                format!("the second argument of `{function}` must be a number, not a variable"),
                                *at,
                                *len,
                            ))
                        }
                    };
                    let v = match *function {
                        "exp" => x.exp(),
                        "ln" | "log" => x.ln(),
                        "sqrt" => x.sqrt(),
                        "sin" => x.sin(),
                        "cos" => x.cos(),
                        "tanh" => x.tanh(),
                        "sigmoid" => x.sigmoid(),
                        "relu" => x.relu(),
                        "softplus" => x.softplus(),
                        "gelu" => x.gelu(),
                        "leaky_relu" => x.leaky_relu(constant(1)?),
                        "elu" => x.elu(constant(1)?),
                        "swish" => x.swish(constant(1)?),
                        "prelu" => x.prelu(arguments[1].0),
                        _ => x.pow(arguments[1].0),
                    };
                    let all_constant = cx && arguments.drain(1..).all(|(_, c)| c);
                    (v, all_constant)
                }
            };
            stack.push(value);
        }
        Ok(stack.pop().expect("a parsed formula has a value").0)
    }
}

fn emit(pending: Pending, steps: &mut Vec<(Step, usize, usize)>) {
    match pending {
        Pending::Negate(at) => steps.push((Step::Negate, at, 1)),
        Pending::Binary(op, at) => steps.push((Step::Binary(op), at, 1)),
        Pending::Open { .. } => unreachable!("parentheses are matched before they are emitted"),
    }
}
