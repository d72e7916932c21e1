//! Cutting a formula into tokens: numbers, names, operators, parentheses,
//! commas, `=` (and `+=`, …) and statement separators (`;`, a new line),
//! each with its position.

use super::ExprError;

/// One token of a formula.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Token {
    Number(f64),
    Name(String),
    Operator(char),
    Open,
    Close,
    Comma,
    /// `=`, or an operator and `=` (`+=`: the operator).
    Assign(Option<char>),
    /// `;` or a new line: the end of a statement.
    Separator,
}

/// The tokens of `text`, each with its first character's position and its
/// length in characters.
pub(super) fn tokenize(text: &str) -> Result<Vec<(Token, usize, usize)>, ExprError> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        if c == '\n' || c == ';' {
            tokens.push((Token::Separator, start, 1));
            i += 1;
            continue;
        }
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
            if !value.is_finite() {
                return Err(ExprError::new(
                    format!(
                        "`{literal}` is too large for a 64-bit float (the largest is about 1.8e308)"
                    ),
                    start,
                    i - start,
                ));
            }
            Token::Number(value)
        } else if c.is_alphabetic() || c == '_' {
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            Token::Name(chars[start..i].iter().collect())
        } else {
            i += 1;
            match c {
                _ if is_operator(c)
                    && chars.get(i) == Some(&'=')
                    && crate::Op::infix(c).is_some() =>
                {
                    i += 1;
                    Token::Assign(Some(c))
                }
                '=' => Token::Assign(None),
                _ if is_operator(c) => Token::Operator(c),
                '(' => Token::Open,
                ')' => Token::Close,
                ',' => Token::Comma,
                _ => {
                    return Err(ExprError::new(
                        format!("unexpected character `{}`", c.escape_debug()),
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

/// True for the characters the op table gives as an infix or prefix
/// operator (`+ - * / ^`).
pub(super) fn is_operator(c: char) -> bool {
    crate::Op::infix(c).is_some() || crate::Op::prefix(c).is_some()
}
