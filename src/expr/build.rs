//! Recording a parsed formula in a graph: run the postfix program on a
//! stack of values.

use std::collections::HashMap;

use super::parser::Step;
use super::{ExprError, Formula};
use crate::engine::Shape;
use crate::{Graph, Op, Value};

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
        // Names defined by the formula (`c = a + b`), latest binding only.
        let mut defined: HashMap<&str, (Value<'g>, bool)> = HashMap::new();
        for (step, at, len) in &self.steps {
            let value = match step {
                Step::Number(x) => (graph.value(*x), true),
                Step::Variable(name) => match defined
                    .get(name.as_str())
                    .copied()
                    .or_else(|| values.get(name.as_str()).map(|&v| (v, false)))
                {
                    Some((v, is_number)) => {
                        v.check_graph(graph, CALL);
                        v.read(CALL, |_| ()); // a discarded value panics
                        (v, is_number)
                    }
                    None => {
                        return Err(ExprError::new(
                            format!("variable `{name}` has no value (give it as {name}=…)"),
                            *at,
                            *len,
                        ))
                    }
                },
                Step::Define(name) => {
                    let (v, is_number) = stack.pop().expect("the parser put a value first");
                    // Name the node, unless it is a variable's own leaf (`c = a`).
                    if !values.values().any(|x| x.index() == v.index()) {
                        v.named(name);
                    }
                    defined.insert(name.as_str(), (v, is_number));
                    continue;
                }
                Step::Apply(op, name) => {
                    let top_is_number = stack.last().is_some_and(|&(_, number)| number);
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
                        // `x^2`: a number exponent is a constant (`powf`), so
                        // no gradient flows into it (`ln x` of a negative base
                        // would make that one NaN).
                        Shape::Binary if *op == Op::Pow && top_is_number => {
                            let (c, _) = operand();
                            let (x, constant) = operand();
                            (x.with_constant(Op::Powf, c.data(), CALL), constant)
                        }
                        Shape::Binary => {
                            let (y, cy) = operand();
                            let (x, cx) = operand();
                            (x.binary(*op, y, CALL), cx && cy)
                        }
                        Shape::Leaf | Shape::Nary | Shape::Custom => {
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
