//! Finite-difference checks of autograd's derivatives, for users and for our
//! own tests; and [`check_derivatives`], which checks a derivative derived by
//! hand against autograd's at many points.
//!
//! [`gradcheck`] evaluates a function at a point, backpropagates, and compares
//! each input's gradient with the central difference
//!
//! ```text
//! numeric_i = (f(x + ε·e_i) - f(x - ε·e_i)) / 2ε
//! ```
//!
//! An input passes when `|analytic - numeric| ≤ atol + rtol·|numeric|`, the
//! criterion and defaults of PyTorch's `gradcheck` (ε = 1e-6, atol = 1e-5,
//! rtol = 1e-3).
//!
//! ```
//! use scalargrad::gradcheck::gradcheck;
//!
//! // f(x, y) = x·tanh(y)
//! let report = gradcheck(|_g, x| x[0] * x[1].tanh(), &[0.7, -1.3]);
//! assert!(report.passed(), "{report}");
//!
//! // relu has a kink at 0: autograd says 0 there, the central difference ½.
//! let report = gradcheck(|_g, x| x[0].relu(), &[0.0]);
//! assert!(!report.passed());
//! assert_eq!(report.inputs[0].numeric, 0.5);
//! ```

mod derivatives;
mod nodes;
mod second;

use std::fmt;

pub use derivatives::{
    check_derivative, check_derivatives, check_derivatives_with, random_points, DerivativeCheck,
    DerivativeReport, PointCheck, Undefined, Verdict,
};
pub use nodes::{check_nodes, NodeCheck};
pub use second::{
    gradgradcheck, gradgradcheck_with, hessian, jacobian, GradgradReport, SecondCheck,
};

use crate::panics::misuse;
use crate::{Graph, Value};

/// Step and tolerances of a finite-difference check.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GradcheckOptions {
    /// Half-width ε of the central difference at `|x| ≤ 1`, and `ε·|x|`
    /// beyond, so that the step is not lost in `x`'s rounding (PyTorch:
    /// 1e-6, always absolute: at `x = 1e20` its step would not move `x`).
    pub eps: f64,
    /// Absolute tolerance (PyTorch: 1e-5).
    pub atol: f64,
    /// Relative tolerance, times `|numeric|` (PyTorch: 1e-3).
    pub rtol: f64,
    /// Check every node's local derivatives even when every input passes
    /// (they are always checked when one fails): see [`check_nodes`].
    pub check_nodes: bool,
}

impl GradcheckOptions {
    /// The half-width of the central difference at `x`: `ε·max(1, |x|)`.
    pub(crate) fn step(&self, x: f64) -> f64 {
        self.eps * x.abs().max(1.0)
    }
}

impl Default for GradcheckOptions {
    fn default() -> Self {
        GradcheckOptions {
            eps: 1e-6,
            atol: 1e-5,
            rtol: 1e-3,
            check_nodes: false,
        }
    }
}

/// The check of one input.
#[derive(Clone, Debug, PartialEq)]
pub struct InputCheck {
    /// Position of the input in the point.
    pub index: usize,
    /// The input's value at the point.
    pub at: f64,
    /// `∂f/∂x_i` computed by backward.
    pub analytic: f64,
    /// `∂f/∂x_i` by central differences.
    pub numeric: f64,
    /// `|analytic - numeric|`.
    pub abs_error: f64,
    /// `|analytic - numeric| / max(|numeric|, tiny)`.
    pub rel_error: f64,
    /// `abs_error ≤ atol + rtol·|numeric|` (false if either side is NaN).
    pub ok: bool,
}

/// The result of [`gradcheck`]: one [`InputCheck`] per input. Prints as an
/// aligned table.
#[derive(Clone, Debug, PartialEq)]
pub struct GradcheckReport {
    /// `f` at the point.
    pub value: f64,
    /// One row per input.
    pub inputs: Vec<InputCheck>,
    /// The step and tolerances used.
    pub options: GradcheckOptions,
    /// The nodes whose local derivative disagrees with a central
    /// difference of their own function ([`check_nodes`]): filled when an
    /// input fails (or [`GradcheckOptions::check_nodes`] asks); empty when
    /// every node agrees.
    pub nodes: Vec<NodeCheck>,
}

impl GradcheckReport {
    /// True when every input passed.
    pub fn passed(&self) -> bool {
        self.inputs.iter().all(|check| check.ok)
    }

    /// The inputs that failed.
    pub fn failures(&self) -> impl Iterator<Item = &InputCheck> {
        self.inputs.iter().filter(|check| !check.ok)
    }
}

impl fmt::Display for GradcheckReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let GradcheckOptions {
            eps, atol, rtol, ..
        } = self.options;
        writeln!(
            f,
            "f = {}   (ε = {eps:e}, atol = {atol:e}, rtol = {rtol:e})",
            self.value
        )?;
        writeln!(
            f,
            "{:>6} {:>14} {:>22} {:>22} {:>10} {:>10}  ok",
            "input", "at", "analytic", "numeric", "abs err", "rel err"
        )?;
        for c in &self.inputs {
            writeln!(
                f,
                "{:>6} {:>14.6} {:>22.15e} {:>22.15e} {:>10.2e} {:>10.2e}  {}",
                format!("x[{}]", c.index),
                c.at,
                c.analytic,
                c.numeric,
                c.abs_error,
                c.rel_error,
                if c.ok { "yes" } else { "NO" }
            )?;
        }
        if !self.nodes.is_empty() {
            writeln!(
                f,
                "nodes whose local derivative disagrees with a central difference of their own function:"
            )?;
            for node in &self.nodes {
                writeln!(f, "  {node}")?;
            }
        }
        Ok(())
    }
}

/// Compares autograd's gradient of `f` at `point` with central finite
/// differences, with PyTorch's default step and tolerances.
///
/// `f` receives a fresh graph and one leaf per coordinate of `point`, and
/// returns the scalar to differentiate. It is called `1 + 2·point.len()`
/// times.
///
/// # Panics
/// If `f` returns a value of another graph, or one that was discarded by
/// [`Graph::truncate`].
#[track_caller]
pub fn gradcheck<F>(f: F, point: &[f64]) -> GradcheckReport
where
    F: for<'g> Fn(&'g Graph, &[Value<'g>]) -> Value<'g>,
{
    check(
        &f,
        point,
        GradcheckOptions::default(),
        "gradcheck::gradcheck",
    )
}

/// [`gradcheck`] with a chosen step and tolerances.
///
/// # Panics
/// If `f` returns a value of another graph, or one that was discarded by
/// [`Graph::truncate`].
#[track_caller]
pub fn gradcheck_with<F>(f: F, point: &[f64], options: GradcheckOptions) -> GradcheckReport
where
    F: for<'g> Fn(&'g Graph, &[Value<'g>]) -> Value<'g>,
{
    check(&f, point, options, "gradcheck::gradcheck_with")
}

/// [`gradcheck_with`] for a caller that panics under its own name.
#[track_caller]
fn check<F>(f: &F, point: &[f64], options: GradcheckOptions, call: &str) -> GradcheckReport
where
    F: for<'g> Fn(&'g Graph, &[Value<'g>]) -> Value<'g>,
{
    let g = Graph::new();
    let (value, analytic) = run(&g, f, point, true, call);
    let mut shifted = point.to_vec();
    let mut checks = Vec::with_capacity(point.len());
    for i in 0..point.len() {
        let h = options.step(point[i]);
        shifted[i] = point[i] + h;
        let (plus, _) = run(&g, f, &shifted, false, call);
        shifted[i] = point[i] - h;
        let (minus, _) = run(&g, f, &shifted, false, call);
        shifted[i] = point[i];
        let numeric = (plus - minus) / (2.0 * h);
        let abs_error = (analytic[i] - numeric).abs();
        checks.push(InputCheck {
            index: i,
            at: point[i],
            analytic: analytic[i],
            numeric,
            abs_error,
            rel_error: abs_error / numeric.abs().max(f64::MIN_POSITIVE),
            ok: abs_error <= options.atol + options.rtol * numeric.abs(),
        });
    }
    let failed = checks.iter().any(|c| !c.ok);
    let nodes = if failed || options.check_nodes {
        let inputs = g.values(point);
        check_nodes(f(&g, &inputs), &options)
    } else {
        Vec::new()
    };
    GradcheckReport {
        value,
        inputs: checks,
        options,
        nodes,
    }
}

/// Evaluates `f` at `at` on the graph `g`, cleared; with `backward`, also
/// returns the gradient of every input.
#[track_caller]
fn run<F>(g: &Graph, f: &F, at: &[f64], backward: bool, call: &str) -> (f64, Vec<f64>)
where
    F: for<'g> Fn(&'g Graph, &[Value<'g>]) -> Value<'g>,
{
    g.truncate(0);
    g.zero_grad();
    let inputs = g.values(at);
    let output = f(g, &inputs);
    if !std::ptr::eq(output.graph(), g) {
        misuse!(
            call,
            "the function returned a Value of another graph; build it from the graph it is given"
        );
    }
    output.read(call, |_| ()); // a value the function discarded panics
    if !backward {
        return (output.data(), Vec::new());
    }
    output.backward();
    (output.data(), inputs.iter().map(|x| x.grad()).collect())
}
