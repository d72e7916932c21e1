//! From tokens to a postfix program: a shunting-yard with an explicit stack,
//! so no input, however long or deeply nested, can overflow the stack.
//!
//! The grammar (precedence, associativity, parentheses, calls) lives here;
//! which names and symbols exist, and which op each records, comes from the
//! op table ([`Op`]).

use super::lexer::{tokenize, Token};
use super::{ExprError, Formula};
use crate::Op;

/// One instruction of a parsed formula, in postfix order.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Step {
    /// Push a constant leaf.
    Number(f64),
    /// Push a variable's value.
    Variable(String),
    /// Pop the op's inputs (one or two), push the op applied to them. The
    /// name is how the formula wrote it (`log`, `^`, …), for messages.
    Apply(Op, &'static str),
    /// Pop a value and give it a name (`c = …`): later steps read it as a
    /// variable.
    Define(String),
}

/// An entry of the operator stack.
#[derive(Clone, Debug)]
enum Pending {
    /// A prefix operator and its position.
    Prefix(Op, &'static str, usize),
    /// An infix operator, its symbol (for precedence) and its position.
    Infix(Op, char, usize),
    /// An opening parenthesis; for a call, the function and how many
    /// arguments have been closed so far.
    Open {
        position: usize,
        call: Option<Call>,
        arguments: usize,
    },
}

/// A function call being parsed.
#[derive(Clone, Copy, Debug)]
struct Call {
    op: Op,
    name: &'static str,
    arity: usize,
    name_length: usize,
}

/// Binding strength: `+ -` 1, `* /` 2, prefix minus 3, `^` 4.
fn precedence(op: char) -> u8 {
    match op {
        '+' | '-' => 1,
        '*' | '/' => 2,
        _ => 4,
    }
}

/// Binding strength of a prefix operator.
const PREFIX: u8 = 3;

/// The function named `name`, from the op table.
fn function(name: &str) -> Option<(&'static str, Op, usize)> {
    Op::functions()
        .find(|(f, _, _)| *f == name)
        .map(|(f, op, arguments)| (f, op, arguments.len()))
}

/// The infix operators, as `+ - * / ^`.
fn infix_operators() -> String {
    let symbols: Vec<String> = Op::infix_symbols().map(String::from).collect();
    symbols.join(" ")
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
        let mut steps: Vec<(Step, usize, usize)> = Vec::new();
        // Statements, separated by `;` or new lines, as token ranges; empty
        // ones are skipped.
        let mut statements = Vec::new();
        let mut start = 0;
        for (i, (token, _, _)) in tokens.iter().enumerate() {
            if *token == Token::Separator {
                if i > start {
                    statements.push(start..i);
                }
                start = i + 1;
            }
        }
        if start < tokens.len() {
            statements.push(start..tokens.len());
        }
        let Some(last) = statements.len().checked_sub(1) else {
            return Err(ExprError::new("empty formula", 0, 1));
        };
        for (k, range) in statements.into_iter().enumerate() {
            // Where the statement ends: its separator, or the formula's end.
            let statement_end = tokens.get(range.end).map_or(end, |t| t.1);
            let statement = &tokens[range];
            match statement {
                [(Token::Name(name), at, len), (Token::Assign(op), _, _), rest @ ..] => {
                    if let Some(op) = op {
                        // `c += e` is `c = c + (e)`.
                        steps.push((Step::Variable(name.clone()), *at, *len));
                        parse_expression(rest, statement_end, &mut steps)?;
                        let infix = Op::infix(*op).expect("the lexer made it from an operator");
                        steps.push((Step::Apply(infix, infix.symbol()), *at, *len));
                    } else {
                        parse_expression(rest, statement_end, &mut steps)?;
                    }
                    steps.push((Step::Define(name.clone()), *at, *len));
                    if k == last {
                        steps.push((Step::Variable(name.clone()), *at, *len));
                    }
                }
                _ if k == last => parse_expression(statement, statement_end, &mut steps)?,
                [(_, at, len), ..] => {
                    return Err(ExprError::new(
                        "only the last statement may be a bare value; name this one (`c = …`)",
                        *at,
                        *len,
                    ))
                }
                [] => unreachable!("empty statements are skipped"),
            }
        }
        Ok(Formula { steps })
    }
}

/// Appends the postfix steps of one expression, `tokens`, which ends at
/// character `end` (for the message when a value is missing there).
fn parse_expression(
    tokens: &[(Token, usize, usize)],
    end: usize,
    steps: &mut Vec<(Step, usize, usize)>,
) -> Result<(), ExprError> {
    {
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
                        let Some((name, op, arity)) = function(name) else {
                            return Err(unknown_function(name, at, len));
                        };
                        k += 1; // the '('
                        stack.push(Pending::Open {
                            position: at,
                            call: Some(Call {
                                op,
                                name,
                                arity,
                                name_length: len,
                            }),
                            arguments: 0,
                        });
                    }
                    Token::Name(name) => {
                        if function(name).is_some() {
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
                    Token::Operator(c) if Op::prefix(*c).is_some() => {
                        let op = Op::prefix(*c).expect("checked");
                        stack.push(Pending::Prefix(op, op.symbol(), at));
                    }
                    Token::Operator('+') => {} // a leading plus changes nothing
                    Token::Assign(_) => return Err(misplaced_assignment(at, len)),
                    _ => {
                        let mut error = ExprError::new(
                            "expected a number, a variable, a function or `(`",
                            at,
                            len,
                        );
                        // `x**2`: two stars side by side.
                        let previous = k.checked_sub(2).map(|p| &tokens[p]);
                        let after_star = previous
                            .is_some_and(|(t, p, _)| *t == Token::Operator('*') && p + 1 == at);
                        if *token == Token::Operator('*') && after_star {
                            error.hint = Some("powers are written x^2 (not x**2)".into());
                        }
                        return Err(error);
                    }
                }
                continue;
            }
            match token {
                Token::Assign(_) => return Err(misplaced_assignment(at, len)),
                Token::Operator(symbol) if Op::infix(*symbol).is_some() => {
                    let op = Op::infix(*symbol).expect("checked");
                    let p = precedence(*symbol);
                    // Pop what binds at least as tightly (strictly more for
                    // the right-associative `^`).
                    while let Some(top) = stack.last() {
                        let q = match top {
                            Pending::Prefix(..) => PREFIX,
                            Pending::Infix(_, o, _) => precedence(*o),
                            Pending::Open { .. } => break,
                        };
                        if !(q > p || (q == p && *symbol != '^')) {
                            break;
                        }
                        emit(stack.pop().expect("checked"), steps);
                    }
                    stack.push(Pending::Infix(op, *symbol, at));
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
                            } else if let Some(call) = call {
                                if arguments != call.arity {
                                    return Err(ExprError::new(
                                        format!(
                                            "`{}` takes {} argument{}, got {arguments}",
                                            call.name,
                                            call.arity,
                                            if call.arity == 1 { "" } else { "s" }
                                        ),
                                        position,
                                        call.name_length,
                                    ));
                                }
                                steps.push((
                                    Step::Apply(call.op, call.name),
                                    position,
                                    call.name_length,
                                ));
                            }
                            break;
                        }
                        Some(other) => emit(other, steps),
                    }
                },
                _ => {
                    let mut error = ExprError::new(
                        format!(
                            "expected an operator (`{}`), `)` or the end",
                            infix_operators()
                        ),
                        at,
                        len,
                    );
                    // `2x`, `x y`, `(a)(b)`: a value right after a value.
                    let starts_a_value =
                        matches!(token, Token::Number(_) | Token::Name(_) | Token::Open);
                    // (`k` is already past this token.)
                    let after_a_value = k.checked_sub(2).is_some_and(|p| {
                        matches!(
                            tokens[p].0,
                            Token::Number(_) | Token::Name(_) | Token::Close
                        )
                    });
                    if starts_a_value && after_a_value {
                        error.hint = Some("a product is written with `*`: 2*x (not 2x)".into());
                    }
                    return Err(error);
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
                let length = call.map_or(1, |c| c.name_length + 1);
                return Err(ExprError::new("this `(` is never closed", position, length));
            }
            emit(top, steps);
        }
        Ok(())
    }
}

fn emit(pending: Pending, steps: &mut Vec<(Step, usize, usize)>) {
    match pending {
        Pending::Prefix(op, name, at) => steps.push((Step::Apply(op, name), at, 1)),
        Pending::Infix(op, _, at) => steps.push((Step::Apply(op, op.symbol()), at, 1)),
        Pending::Open { .. } => unreachable!("parentheses are matched before they are emitted"),
    }
}

/// An `=` anywhere but right after the name that starts a statement.
fn misplaced_assignment(at: usize, len: usize) -> ExprError {
    ExprError::new(
        "`=` names a value at the start of a statement (`c = a + b; c * c`)",
        at,
        len,
    )
}

/// "unknown function", with the closest known name when one is close.
fn unknown_function(name: &str, at: usize, len: usize) -> ExprError {
    let closest = Op::functions()
        .map(|(f, _, _)| (edit_distance(&name.to_lowercase(), f), f))
        .min();
    let mut error = ExprError::new(format!("unknown function `{name}`"), at, len);
    if let Some((distance, f)) = closest {
        // One edit for short names, two for longer ones.
        let allowed = if name.chars().count() <= 4 { 1 } else { 2 };
        if distance <= allowed {
            error.hint = Some(format!("did you mean `{f}`?"));
        }
    }
    error
}

/// The number of single-character insertions, deletions, substitutions and
/// swaps of two neighbours that turn `a` into `b` (optimal string alignment
/// distance), for suggestions.
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    // d[i][j]: distance between the first i characters of a and the first j of b.
    let mut d = vec![vec![0; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    d[0] = (0..=b.len()).collect();
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_single_character_edits() {
        assert_eq!(edit_distance("exp", "exp"), 0);
        assert_eq!(edit_distance("expp", "exp"), 1); // one deletion
        assert_eq!(edit_distance("tahn", "tanh"), 1); // one swap
        assert_eq!(edit_distance("foo", "cos"), 2); // two substitutions
        assert_eq!(edit_distance("", "sin"), 3);
    }
}
