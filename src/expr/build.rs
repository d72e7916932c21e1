//! Recording a parsed formula in a graph: run the postfix program on a
//! stack of values.

use std::collections::HashMap;

use super::parser::Step;
use super::{ExprError, Formula};
use crate::engine::Shape;
use crate::{Graph, Value};

/// The call named in panic messages from recording.
const CALL: &str = "Formula::build";

impl Formula {
    /// Records the formula in `graph`, reading each variable from `values`
    /// (numbers become constant leaves).
    ///
    /// # Errors
    /// An [`ExprError`] for a variable missing from `values`, or for a
    /// constant argument (the slope of `leaky_relu`, …) that is not a number.
    ///
    /// # Panics
    /// If a value in `values` belongs to another graph or was discarded.
    #[track_caller]
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
                    Some(v) => {
                        v.check_graph(graph, CALL);
                        v.read(CALL, |_| ()); // a discarded value panics
                        (*v, false)
                    }
                    None => {
                        return Err(ExprError::new(
                            format!("variable `{name}` has no value (give it as {name}=…)"),
                            *at,
                            *len,
                        ))
                    }
                },
                Step::Apply(op, name) => {
                    let mut operand = || stack.pop().expect("the parser checked the operands");
                    match op.shape() {
                        Shape::Unary => {
                            let (x, constant) = operand();
                            (x.unary(*op, CALL), constant)
                        }
                        Shape::WithConstant => {
                            let (c, is_number) = operand();
                            let (x, constant) = operand();
                            if !is_number {
                                return Err(ExprError::new(
                                    format!("the second argument of `{name}` must be a number, not a variable"),
                                    *at,
                                    *len,
                                ));
                            }
                            (x.with_constant(*op, c.data(), CALL), constant)
                        }
                        Shape::Binary => {
                            let (y, cy) = operand();
                            let (x, cx) = operand();
                            (x.binary(*op, y, CALL), cx && cy)
                        }
                        Shape::Leaf | Shape::Nary => {
                            unreachable!("the formula language has no notation for {op:?}")
                        }
                    }
                }
            };
            stack.push(value);
        }
        Ok(stack.pop().expect("a parsed formula has a value").0)
    }
}
