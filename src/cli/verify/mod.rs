//! `scalargrad verify`: a derivative derived by hand, checked against
//! autograd at random points of a box
//! ([`scalargrad::gradcheck::check_derivatives`]).
//!
//! Every mistake in the command is an error with status 2 before anything
//! is computed: a formula error points at its column (in `f` or in the
//! `--d` it is in), a `--d` for a variable `f` does not have, a variable of
//! `f` without its `--d`, a box that is not a range. `show.rs` writes the
//! report as text or JSON.

use std::collections::HashMap;
use std::io::Write;
use std::ops::Range;

use clap::Args;
use scalargrad::expr::{ExprError, Formula};
use scalargrad::gradcheck::{check_derivatives, random_points};
use scalargrad::{Graph, Value};

use super::{finite_number, limits, print_json, size, CliError, CliResult};

mod show;

use show::Shown;

/// The box every variable is drawn from unless `--box` says otherwise.
const DEFAULT_BOX: Range<f64> = -3.0..3.0;

/// Wrong points listed in the table (text) and in `--json`.
pub(super) const LISTED: usize = 8;
pub(super) const LISTED_JSON: usize = 20;
/// Options of `scalargrad verify`.
#[derive(Args)]
pub struct VerifyArgs {
    /// The function f, e.g. "x^2*sin(x)" (quote it for the shell).
    #[arg(allow_hyphen_values = true)]
    formula: String,
    /// Your derivative ∂f/∂NAME, as NAME=FORMULA (e.g. x="2*x*sin(x) + x^2*cos(x)"): one for each variable of f.
    #[arg(
        short = 'd',
        long = "d",
        value_name = "NAME=FORMULA",
        allow_hyphen_values = true,
        required = true
    )]
    derivatives: Vec<String>,
    /// How many random points to try (1 to 10,000).
    #[arg(long, default_value_t = 100, value_parser = size::<1, { limits::VERIFY_POINTS }>)]
    points: usize,
    /// The box the points are drawn from: LOW..HIGH for every variable, or NAME=LOW..HIGH for one (default -3..3; give it again for another variable).
    #[arg(
        long = "box",
        value_name = "[NAME=]LOW..HIGH",
        allow_hyphen_values = true
    )]
    boxes: Vec<String>,
    /// The seed of the random points: the same seed gives the same points.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Print machine-readable JSON instead of text.
    #[arg(long)]
    json: bool,
}

/// A formula of the command: `f`'s or a derivative's, parsed, with what to
/// call it in errors.
struct Parsed {
    pub(super) text: String,
    formula: Formula,
}

/// A formula error of the argument `what` (`--d x`), pointed at in its text;
/// `f`'s errors have no prefix, as in the other subcommands.
fn formula_error(what: Option<&str>, error: &ExprError, text: &str) -> CliError {
    let error = match what {
        Some(what) => ExprError {
            message: format!("{what}: {}", error.message),
            ..error.clone()
        },
        None => error.clone(),
    };
    CliError::in_formula(&error, text)
}

fn parse(what: Option<&str>, text: &str) -> Result<Parsed, CliError> {
    let length = text.chars().count();
    if length > limits::FORMULA_CHARS {
        let what = what.map_or_else(|| "the formula".to_string(), |w| format!("{w}:"));
        return Err(CliError::new(format!(
            "{what} has {length} characters; the limit is {}",
            limits::FORMULA_CHARS
        )));
    }
    let formula = Formula::parse(text).map_err(|e| formula_error(what, &e, text))?;
    Ok(Parsed {
        text: text.to_string(),
        formula,
    })
}

/// `a, b, c`.
fn list(names: &[String]) -> String {
    names.join(", ")
}

/// Is `name` a name as formulas write them?
fn is_name(name: &str) -> bool {
    name.chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_alphanumeric() || c == '_')
}

/// The `--d` arguments, in the order of `f`'s variables.
fn parse_derivatives(given: &[String], variables: &[String]) -> Result<Vec<Parsed>, CliError> {
    let mut by_name: HashMap<String, Parsed> = HashMap::new();
    for arg in given {
        let shown = arg.escape_debug();
        let Some((name, text)) = arg.split_once('=') else {
            return Err(CliError::new(format!(
                "--d `{shown}`: give a derivative as NAME=FORMULA (e.g. --d x=\"2*x\")"
            )));
        };
        let name = name.trim();
        if !is_name(name) {
            return Err(CliError::new(format!(
                "--d `{shown}`: `{}` is not a variable name",
                name.escape_debug()
            )));
        }
        if !variables.iter().any(|v| v == name) {
            return Err(CliError::new(format!(
                "--d {name}: f has no variable `{name}` (its variables: {})",
                list(variables)
            )));
        }
        if by_name.contains_key(name) {
            return Err(CliError::new(format!("--d {name} is given twice")));
        }
        let parsed = parse(Some(&format!("--d {name}")), text)?;
        by_name.insert(name.to_string(), parsed);
    }
    let missing: Vec<String> = variables
        .iter()
        .filter(|v| !by_name.contains_key(*v))
        .cloned()
        .collect();
    if !missing.is_empty() {
        let (first, s) = (&missing[0], if missing.len() == 1 { "" } else { "s" });
        return Err(CliError::new(format!(
            "no --d for the variable{s} {} of f: give one derivative per variable (e.g. --d {first}=\"…\")",
            list(&missing)
        )));
    }
    Ok(variables
        .iter()
        .map(|v| by_name.remove(v).expect("checked above"))
        .collect())
}

/// `LOW..HIGH`, both finite, `LOW ≤ HIGH`.
fn parse_range(arg: &str, text: &str) -> Result<Range<f64>, CliError> {
    let shown = arg.escape_debug();
    let Some((low, high)) = text.split_once("..") else {
        return Err(CliError::new(format!(
            "--box `{shown}`: give a range as LOW..HIGH (e.g. -3..3), or NAME=LOW..HIGH for one variable"
        )));
    };
    let number = |t: &str| {
        finite_number(t.trim()).map_err(|why| CliError::new(format!("--box `{shown}`: {why}")))
    };
    let (low, high) = (number(low)?, number(high)?);
    if low > high {
        return Err(CliError::new(format!(
            "--box `{shown}`: the low end {low} is above the high end {high}"
        )));
    }
    Ok(low..high)
}

/// The box: one range per variable of `f`, in order.
fn parse_boxes(given: &[String], variables: &[String]) -> Result<Vec<Range<f64>>, CliError> {
    let mut every: Option<Range<f64>> = None;
    let mut one: HashMap<String, Range<f64>> = HashMap::new();
    for arg in given {
        // `x=-1..1` names a variable; `-1..1` and `1e-3..2` do not.
        match arg.split_once('=') {
            Some((name, text)) => {
                let name = name.trim();
                if !is_name(name) {
                    return Err(CliError::new(format!(
                        "--box `{}`: `{}` is not a variable name",
                        arg.escape_debug(),
                        name.escape_debug()
                    )));
                }
                if !variables.iter().any(|v| v == name) {
                    return Err(CliError::new(format!(
                        "--box {name}: f has no variable `{name}` (its variables: {})",
                        list(variables)
                    )));
                }
                if one
                    .insert(name.to_string(), parse_range(arg, text)?)
                    .is_some()
                {
                    return Err(CliError::new(format!("--box {name} is given twice")));
                }
            }
            None => {
                if every.replace(parse_range(arg, arg)?).is_some() {
                    return Err(CliError::new(
                        "--box LOW..HIGH for every variable is given twice; give NAME=LOW..HIGH for one",
                    ));
                }
            }
        }
    }
    let every = every.unwrap_or(DEFAULT_BOX);
    Ok(variables
        .iter()
        .map(|v| one.get(v).cloned().unwrap_or_else(|| every.clone()))
        .collect())
}

/// Records `formula` on `g` with `names[i]` = `x[i]`.
fn build<'g>(
    formula: &Formula,
    names: &[String],
    g: &'g Graph,
    x: &[Value<'g>],
) -> Result<Value<'g>, ExprError> {
    let values: HashMap<&str, Value<'g>> = names
        .iter()
        .map(String::as_str)
        .zip(x.iter().copied())
        .collect();
    formula.build(g, &values)
}

/// Records every formula once, so that what cannot be recorded (a variable
/// a derivative has and `f` has not, a constant argument that is not a
/// number) is an error before the points are tried.
fn record_once(f: &Parsed, derivatives: &[Parsed], names: &[String]) -> Result<String, CliError> {
    let g = Graph::new();
    let x = g.values(&vec![0.5; names.len()]);
    let root = build(&f.formula, names, &g, &x).map_err(|e| formula_error(None, &e, &f.text))?;
    for (name, d) in names.iter().zip(derivatives) {
        let what = format!("--d {name}");
        if let Some(stranger) = d
            .formula
            .variables()
            .into_iter()
            .find(|v| !names.iter().any(|n| n == v))
        {
            // Recording stops at the first variable without a value: point
            // there, with words for this command.
            let error = build(&d.formula, names, &g, &x).expect_err("a variable without a value");
            let error = ExprError {
                message: format!(
                    "`{stranger}` is not a variable of f (its variables: {})",
                    list(names)
                ),
                hint: None,
                ..error
            };
            return Err(formula_error(Some(&what), &error, &d.text));
        }
        build(&d.formula, names, &g, &x).map_err(|e| formula_error(Some(&what), &e, &d.text))?;
    }
    Ok(root.name().unwrap_or_else(|| "f".to_string()))
}

/// `scalargrad verify`.
pub fn verify(out: &mut dyn Write, args: &VerifyArgs) -> CliResult {
    let f = parse(None, &args.formula)?;
    let names: Vec<String> = f
        .formula
        .variables()
        .iter()
        .map(|s| s.to_string())
        .collect();
    if names.is_empty() {
        return Err(CliError::new(
            "f has no variables: there is nothing to differentiate (write f with x, e.g. \"x^2\")",
        ));
    }
    if names.len() > limits::CHECK_VARIABLES {
        return Err(CliError::new(format!(
            "f has {} variables; at most {} can be verified",
            names.len(),
            limits::CHECK_VARIABLES
        )));
    }
    let derivatives = parse_derivatives(&args.derivatives, &names)?;
    let boxes = parse_boxes(&args.boxes, &names)?;
    let characters: usize = std::iter::once(&f)
        .chain(&derivatives)
        .map(|p| p.text.chars().count())
        .sum();
    if characters.saturating_mul(args.points) > limits::VERIFY_WORK {
        return Err(CliError::new(format!(
            "--points {} × {} characters of formulas is past the bound of {} (each point records them all): give at most --points {}",
            args.points,
            super::thousands(characters),
            super::thousands(limits::VERIFY_WORK),
            limits::VERIFY_WORK / characters
        )));
    }
    let root = record_once(&f, &derivatives, &names)?;
    let points = random_points(&boxes, args.points, args.seed);
    let report = check_derivatives(
        // Recorded once above with the same variables: cannot fail here.
        |g, x| build(&f.formula, &names, g, x).unwrap_or_else(|_| g.value(f64::NAN)),
        |g, x| {
            derivatives
                .iter()
                .map(|d| build(&d.formula, &names, g, x).unwrap_or_else(|_| g.value(f64::NAN)))
                .collect()
        },
        &points,
    );
    let shown = Shown {
        root: &root,
        names: &names,
        derivatives: &derivatives,
        report: &report,
    };
    if args.json {
        print_json(out, &shown.json(args, &boxes))?;
    } else {
        shown.text(out, args, &boxes)?;
    }
    Ok(shown.status())
}

fn f_text(args: &VerifyArgs) -> &str {
    args.formula.trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_box_names_a_variable_or_is_for_all() {
        let names = vec!["x".to_string(), "y".to_string()];
        let boxes = parse_boxes(&["-1..1".into(), "y=1e-3..2".into()], &names).unwrap();
        assert_eq!(boxes, vec![-1.0..1.0, 0.001..2.0]);
        let boxes = parse_boxes(&[], &names).unwrap();
        assert_eq!(boxes, vec![DEFAULT_BOX, DEFAULT_BOX]);
    }
}
