//! Second derivatives: [`hessian`], [`jacobian`], and [`gradgradcheck`],
//! which checks the Hessian against finite differences of the gradient.

use std::fmt;

use super::{run, GradcheckOptions};
use crate::panics::misuse;
use crate::{grad, Graph, Value};

/// The Hessian `H_ij = ∂²f/∂x_i∂x_j` of `f` at `point`, by differentiating
/// each recorded first derivative again ([`grad`]). `f` is shaped as for
/// [`gradcheck`](super::gradcheck): it gets a graph and one leaf per
/// coordinate, and returns the output.
///
/// ```
/// // Rosenbrock's (1 − x)² + 100(y − x²)² at its minimum (1, 1):
/// // H = [[2 − 400(y − 3x²), −400x], [−400x, 200]] = [[802, −400], [−400, 200]].
/// let h = scalargrad::hessian(
///     |_g, v| (1.0 - v[0]).powf(2.0) + 100.0 * (v[1] - v[0] * v[0]).powf(2.0),
///     &[1.0, 1.0],
/// );
/// assert_eq!(h, vec![vec![802.0, -400.0], vec![-400.0, 200.0]]);
/// ```
///
/// # Panics
/// If `f` returns a value of another graph, or one it discarded.
#[track_caller]
pub fn hessian<F>(f: F, point: &[f64]) -> Vec<Vec<f64>>
where
    F: for<'g> Fn(&'g Graph, &[Value<'g>]) -> Value<'g>,
{
    let g = Graph::new();
    let xs = g.values(point);
    let y = output_of(&g, f(&g, &xs), "scalargrad::hessian");
    let first = grad(y, &xs);
    first
        .iter()
        .map(|&d| grad(d, &xs).iter().map(|v| v.data()).collect())
        .collect()
}

/// The Jacobian `J_ki = ∂f_k/∂x_i` of a function with several outputs at
/// `point`: `f` gets a graph and one leaf per coordinate and returns the
/// outputs.
///
/// ```
/// // f(x, y) = (x·y, x + y²): J = [[y, x], [1, 2y]] = [[3, 2], [1, 6]] at (2, 3).
/// let j = scalargrad::jacobian(|_g, v| vec![v[0] * v[1], v[0] + v[1] * v[1]], &[2.0, 3.0]);
/// assert_eq!(j, vec![vec![3.0, 2.0], vec![1.0, 6.0]]);
/// ```
///
/// # Panics
/// If `f` returns a value of another graph, or one it discarded.
#[track_caller]
pub fn jacobian<F>(f: F, point: &[f64]) -> Vec<Vec<f64>>
where
    F: for<'g> Fn(&'g Graph, &[Value<'g>]) -> Vec<Value<'g>>,
{
    let g = Graph::new();
    let xs = g.values(point);
    f(&g, &xs)
        .into_iter()
        .map(|y| {
            let y = output_of(&g, y, "scalargrad::jacobian");
            grad(y, &xs).iter().map(|v| v.data()).collect()
        })
        .collect()
}

#[track_caller]
pub(super) fn output_of<'g>(g: &'g Graph, y: Value<'g>, call: &str) -> Value<'g> {
    if !std::ptr::eq(y.graph(), g) {
        misuse!(
            call,
            "the function returned a Value of another graph; build it from the graph it is given"
        );
    }
    y.read(call, |_| ());
    y
}

/// One entry of a [`GradgradReport`].
#[derive(Clone, Debug, PartialEq)]
pub struct SecondCheck {
    /// Row `i` and column `j` of the Hessian.
    pub i: usize,
    /// Column.
    pub j: usize,
    /// `∂²f/∂x_i∂x_j` by differentiating the recorded gradient.
    pub analytic: f64,
    /// `(∂f/∂x_i(x + ε·e_j) − ∂f/∂x_i(x − ε·e_j)) / 2ε`, from backward's
    /// first derivatives.
    pub numeric: f64,
    /// Whether `|analytic − numeric| ≤ atol + rtol·|numeric|`.
    pub ok: bool,
}

/// What [`gradgradcheck`] found: every Hessian entry next to its central
/// difference of the gradient.
#[derive(Clone, Debug, PartialEq)]
pub struct GradgradReport {
    /// One entry per `(i, j)`, row by row.
    pub entries: Vec<SecondCheck>,
    /// The tolerances used.
    pub options: GradcheckOptions,
}

impl GradgradReport {
    /// True when every entry agrees.
    pub fn passed(&self) -> bool {
        self.entries.iter().all(|e| e.ok)
    }
}

impl fmt::Display for GradgradReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{:>8} {:>22} {:>22}  ok", "entry", "analytic", "numeric")?;
        for e in &self.entries {
            writeln!(
                f,
                "{:>8} {:>22.15e} {:>22.15e}  {}",
                format!("H[{},{}]", e.i, e.j),
                e.analytic,
                e.numeric,
                if e.ok { "yes" } else { "NO" }
            )?;
        }
        Ok(())
    }
}

/// Checks second derivatives: each Hessian entry from [`hessian`] against
/// the central difference of the first derivative (backward's), with
/// PyTorch's `gradgradcheck` defaults (ε = 1e-6, atol = 1e-5, rtol = 1e-3).
///
/// ```
/// use scalargrad::gradcheck::gradgradcheck;
/// let report = gradgradcheck(|_g, v| (v[0] * v[1]).sin() + v[0].exp(), &[0.3, -0.7]);
/// assert!(report.passed(), "{report}");
/// ```
///
/// # Panics
/// As [`hessian`].
#[track_caller]
pub fn gradgradcheck<F>(f: F, point: &[f64]) -> GradgradReport
where
    F: for<'g> Fn(&'g Graph, &[Value<'g>]) -> Value<'g>,
{
    gradgradcheck_with(f, point, GradcheckOptions::default())
}

/// [`gradgradcheck`] with the step and the tolerances of `options`
/// (`check_nodes` is not used: the node check is first-order).
///
/// ```
/// use scalargrad::gradcheck::{gradgradcheck_with, GradcheckOptions};
/// // f = x³: f'' = 6x = 12 at x = 2; the central difference of f' = 3x² with
/// // ε = 1e-3 is (3(2.001)² − 3(1.999)²)/0.002 = 12 exactly in real numbers.
/// let options = GradcheckOptions { eps: 1e-3, ..GradcheckOptions::default() };
/// let report = gradgradcheck_with(|_g, v| v[0].powf(3.0), &[2.0], options);
/// assert!(report.passed(), "{report}");
/// assert_eq!(report.entries[0].analytic, 12.0);
/// ```
///
/// # Panics
/// As [`hessian`], and if `options.eps` is not positive and finite.
#[track_caller]
pub fn gradgradcheck_with<F>(f: F, point: &[f64], options: GradcheckOptions) -> GradgradReport
where
    F: for<'g> Fn(&'g Graph, &[Value<'g>]) -> Value<'g>,
{
    const CALL: &str = "gradcheck::gradgradcheck";
    if !(options.eps > 0.0 && options.eps.is_finite()) {
        misuse!(
            CALL,
            "options.eps is {}; the step of a central difference must be positive and finite",
            options.eps
        );
    }
    let analytic = hessian(&f, point);
    let g = Graph::new();
    let mut shifted = point.to_vec();
    let mut entries = Vec::new();
    let mut columns = Vec::with_capacity(point.len());
    for j in 0..point.len() {
        let h = options.step(point[j]);
        shifted[j] = point[j] + h;
        let (_, plus) = run(&g, &f, &shifted, true, CALL);
        shifted[j] = point[j] - h;
        let (_, minus) = run(&g, &f, &shifted, true, CALL);
        shifted[j] = point[j];
        columns.push(
            plus.iter()
                .zip(&minus)
                .map(|(p, m)| (p - m) / (2.0 * h))
                .collect::<Vec<f64>>(),
        );
    }
    for (i, row) in analytic.iter().enumerate() {
        for (j, &a) in row.iter().enumerate() {
            let numeric = columns[j][i];
            let ok = (a - numeric).abs() <= options.atol + options.rtol * numeric.abs();
            entries.push(SecondCheck {
                i,
                j,
                analytic: a,
                numeric,
                ok,
            });
        }
    }
    GradgradReport { entries, options }
}
