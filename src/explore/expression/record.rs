//! Recording a request's formula: the limits checked, the formula parsed,
//! its variables made named leaves (first, in order of appearance), the
//! graph recorded.

use std::collections::{BTreeMap, HashMap};

use crate::explore::error::ApiError;
use crate::explore::limits::Limits;
use crate::explore::text::is_identifier;
use crate::expr::Formula;
use crate::{Graph, Value};

/// A formula recorded in a graph: its root, and its variables (named
/// leaves, created first, in order of first appearance in the formula).
pub(super) struct Recorded<'g> {
    pub(super) root: Value<'g>,
    pub(super) variables: Vec<(String, Value<'g>)>,
}

/// Checks the request against the limits, parses the formula and records
/// it in `graph`.
pub(super) fn record<'g>(
    graph: &'g Graph,
    text: &str,
    values: &[(String, f64)],
    limits: &Limits,
) -> Result<Recorded<'g>, ApiError> {
    let length = text.chars().count();
    if length > limits.formula_chars {
        return Err(ApiError::bad_request(format!(
            "the formula has {length} characters; the limit is {}",
            limits.formula_chars
        )));
    }
    if values.len() > limits.variables {
        return Err(ApiError::bad_request(format!(
            "{} values given; the limit is {} variables",
            values.len(),
            limits.variables
        )));
    }
    for (k, (name, _)) in values.iter().enumerate() {
        if !is_identifier(name) {
            return Err(ApiError::bad_request(format!(
                "`{name}` is not a variable name (a letter or _, then letters, digits or _)"
            )));
        }
        if values[..k].iter().any(|(other, _)| other == name) {
            return Err(ApiError::bad_request(format!("`{name}` is given twice")));
        }
    }
    let formula = Formula::parse(text).map_err(|e| ApiError::formula(&e))?;
    let names = formula.variables();
    if names.len() > limits.variables {
        return Err(ApiError::bad_request(format!(
            "the formula has {} variables; the limit is {}",
            names.len(),
            limits.variables
        )));
    }
    // Only the formula's variables become leaves (values for others are
    // ignored); a missing one is reported by `build`, at its first use.
    let variables: Vec<(String, Value<'g>)> = names
        .iter()
        .filter_map(|&name| {
            let (_, x) = values.iter().find(|(n, _)| n == name)?;
            Some((name.to_string(), graph.value(*x).named(name)))
        })
        .collect();
    let lookup: HashMap<&str, Value<'g>> =
        variables.iter().map(|(n, v)| (n.as_str(), *v)).collect();
    let root = formula
        .build(graph, &lookup)
        .map_err(|e| ApiError::formula(&e))?;
    if graph.len() > limits.nodes {
        return Err(ApiError::bad_request(format!(
            "the formula records {} nodes; the limit is {}",
            graph.len(),
            limits.nodes
        )));
    }
    Ok(Recorded { root, variables })
}
pub(super) fn pairs(values: &BTreeMap<String, f64>) -> Vec<(String, f64)> {
    values.iter().map(|(n, x)| (n.clone(), *x)).collect()
}
