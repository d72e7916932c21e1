//! Checking a derivative derived by hand: the learner's `∂f/∂x_i`, written
//! as a function on the graph, against autograd's at many points.
//!
//! [`check_derivatives`] records `f` at each point, backpropagates, records
//! the user's derivatives on the same graph, and compares the two numbers
//! for each input with PyTorch's criterion
//!
//! ```text
//! |yours - autograd| ≤ atol + rtol·|autograd|        (atol = 1e-5, rtol = 1e-3)
//! ```
//!
//! Where autograd's own derivative is undefined, the point is neither right
//! nor wrong but *undefined*: `f` or autograd's `∂f/∂x_i` is NaN or infinite
//! there (a pole, as `1/x` at 0, or a point outside the domain), or a node
//! `x_i` reaches sits on a kink (ReLU at 0, found by [`check_nodes`]: the
//! differences from the left and from the right disagree).

use std::fmt;
use std::ops::Range;

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

use super::second::output_of;
use super::{check_nodes, GradcheckOptions, NodeCheck};
use crate::panics::misuse;
use crate::{Graph, Value};

/// What the user said and what autograd said about one input at one point.
#[derive(Clone, Debug, PartialEq)]
pub struct PointCheck {
    /// The point's position in [`DerivativeReport::points`].
    pub point: usize,
    /// The user's `∂f/∂x_i` there.
    pub yours: f64,
    /// Autograd's `∂f/∂x_i` there.
    pub autograd: f64,
    /// `yours - autograd`.
    pub difference: f64,
    /// How far apart the two are in tolerances:
    /// `|yours - autograd| / (atol + rtol·|autograd|)`; at most 1 when they
    /// agree, infinite when yours is NaN or infinite and autograd's is not.
    pub excess: f64,
    /// Agreed, disagreed, or undefined (and why).
    pub verdict: Verdict,
}

/// The outcome at one point.
#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    /// The user's derivative agrees with autograd's.
    Agreed,
    /// It does not: the user's error.
    Disagreed,
    /// Autograd's derivative is undefined here, so neither number can be
    /// checked: not the user's error.
    Undefined(Undefined),
}

/// Why autograd's derivative is undefined at a point.
#[derive(Clone, Debug, PartialEq)]
pub enum Undefined {
    /// `f` or autograd's `∂f/∂x_i` is NaN or infinite: a pole (`1/x` at 0,
    /// `ln x` at 0) or a point outside the domain (`ln x` at -1).
    NotFinite {
        /// `f` at the point.
        value: f64,
        /// Autograd's `∂f/∂x_i` at the point.
        derivative: f64,
    },
    /// A node that depends on `x_i` has a kink here: its one-sided
    /// differences disagree (ReLU at 0), so its derivative is a convention.
    Kink(NodeCheck),
}

impl fmt::Display for Undefined {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Undefined::NotFinite { value, derivative } if !value.is_finite() => {
                write!(f, "f is {value} here")
            }
            Undefined::NotFinite { derivative, .. } => {
                write!(f, "autograd's derivative is {derivative} here")
            }
            Undefined::Kink(node) => {
                let name = node
                    .name
                    .as_deref()
                    .map(|n| format!(" {n}"))
                    .unwrap_or_default();
                write!(f, "a kink at node #{}{name} ({})", node.node, node.op)
            }
        }
    }
}

/// The check of one input's derivative over every point.
#[derive(Clone, Debug, PartialEq)]
pub struct DerivativeCheck {
    /// Position of the input in a point.
    pub index: usize,
    /// Points where the user's derivative agreed with autograd's.
    pub agreed: usize,
    /// Points where it did not.
    pub disagreed: usize,
    /// Points where autograd's derivative is undefined.
    pub undefined: usize,
    /// Of the points where autograd's derivative is defined, the one where
    /// the two numbers are furthest apart in tolerances
    /// ([`PointCheck::excess`]); `None` if there is no such point.
    pub worst: Option<PointCheck>,
    /// The first point, in the order given, where they disagree.
    pub first_disagreement: Option<PointCheck>,
    /// Every point, in the order given.
    pub checks: Vec<PointCheck>,
}

impl DerivativeCheck {
    /// True when no point disagreed and at least one agreed (a derivative
    /// that could be checked nowhere is not called right).
    pub fn passed(&self) -> bool {
        self.disagreed == 0 && self.agreed > 0
    }

    /// The points where the user's derivative disagrees, in order.
    pub fn disagreements(&self) -> impl Iterator<Item = &PointCheck> {
        self.checks
            .iter()
            .filter(|c| c.verdict == Verdict::Disagreed)
    }

    /// The points where autograd's derivative is undefined, in order, with
    /// the reason.
    pub fn undefined_points(&self) -> impl Iterator<Item = (&PointCheck, &Undefined)> {
        self.checks.iter().filter_map(|c| match &c.verdict {
            Verdict::Undefined(why) => Some((c, why)),
            _ => None,
        })
    }
}

/// The result of [`check_derivatives`] or [`check_derivative`]: the points
/// tried and one [`DerivativeCheck`] per input checked. Prints as a short
/// verdict per input.
#[derive(Clone, Debug, PartialEq)]
pub struct DerivativeReport {
    /// The points tried, in order.
    pub points: Vec<Vec<f64>>,
    /// One check per input checked, in input order.
    pub inputs: Vec<DerivativeCheck>,
    /// The tolerances used (and the step of the kink check).
    pub options: GradcheckOptions,
}

impl DerivativeReport {
    /// True when every input's derivative passed ([`DerivativeCheck::passed`]).
    pub fn passed(&self) -> bool {
        self.inputs.iter().all(DerivativeCheck::passed)
    }

    /// The inputs whose derivative did not pass.
    pub fn failures(&self) -> impl Iterator<Item = &DerivativeCheck> {
        self.inputs.iter().filter(|c| !c.passed())
    }
}

/// `(0.5, -1.25)`.
fn point_text(point: &[f64]) -> String {
    let coordinates: Vec<String> = point.iter().map(|x| format!("{x}")).collect();
    format!("({})", coordinates.join(", "))
}

impl fmt::Display for DerivativeReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let numbers = |c: &PointCheck| {
            format!(
                "{}: yours {}, autograd {}, difference {:.3e}",
                point_text(&self.points[c.point]),
                c.yours,
                c.autograd,
                c.difference
            )
        };
        for check in &self.inputs {
            let total = check.checks.len();
            let i = check.index;
            if check.passed() {
                write!(f, "∂f/∂x[{i}]: right at {} of {total} points", check.agreed)?;
            } else if check.disagreed > 0 {
                write!(
                    f,
                    "∂f/∂x[{i}]: WRONG at {} of {total} points (right at {})",
                    check.disagreed, check.agreed
                )?;
            } else {
                write!(
                    f,
                    "∂f/∂x[{i}]: not checked: autograd's derivative is undefined at all {total} points"
                )?;
            }
            if check.undefined > 0 && check.agreed + check.disagreed > 0 {
                write!(f, "; undefined at {}", check.undefined)?;
            }
            writeln!(f)?;
            if let Some(first) = &check.first_disagreement {
                writeln!(f, "  first wrong at {}", numbers(first))?;
            }
            if let Some(worst) = &check.worst {
                writeln!(f, "  worst at {}", numbers(worst))?;
            }
            for (c, why) in check.undefined_points().take(5) {
                writeln!(
                    f,
                    "  undefined at {}: {why}",
                    point_text(&self.points[c.point])
                )?;
            }
            if check.undefined > 5 {
                writeln!(f, "  … and {} more undefined points", check.undefined - 5)?;
            }
        }
        Ok(())
    }
}

/// The user's derivatives as the check calls them: which inputs they are
/// for, and their values recorded on the graph of a point.
trait Partials {
    /// The inputs checked, for a point of `n` coordinates.
    fn inputs(&self, n: usize) -> Vec<usize>;
    /// The derivatives of those inputs, recorded on `g`.
    fn record<'g>(&self, g: &'g Graph, x: &[Value<'g>]) -> Vec<Value<'g>>;
}

/// Every input's derivative, from one function.
struct Every<'a, D>(&'a D);

impl<D> Partials for Every<'_, D>
where
    D: for<'g> Fn(&'g Graph, &[Value<'g>]) -> Vec<Value<'g>>,
{
    fn inputs(&self, n: usize) -> Vec<usize> {
        (0..n).collect()
    }

    fn record<'g>(&self, g: &'g Graph, x: &[Value<'g>]) -> Vec<Value<'g>> {
        (self.0)(g, x)
    }
}

/// One input's derivative.
struct One<'a, D>(usize, &'a D);

impl<D> Partials for One<'_, D>
where
    D: for<'g> Fn(&'g Graph, &[Value<'g>]) -> Value<'g>,
{
    fn inputs(&self, _: usize) -> Vec<usize> {
        vec![self.0]
    }

    fn record<'g>(&self, g: &'g Graph, x: &[Value<'g>]) -> Vec<Value<'g>> {
        vec![(self.1)(g, x)]
    }
}

/// Checks the user's `∂f/∂x_i` for every input at every point against
/// autograd, with PyTorch's tolerances (atol = 1e-5, rtol = 1e-3).
///
/// `f` is shaped as for [`gradcheck`](super::gradcheck): it gets a fresh
/// graph and one leaf per coordinate of the point, and returns `f`.
/// `derivatives` gets the same graph and leaves, and returns the user's
/// `∂f/∂x_i`, one per input, in order. `points` are the points to try,
/// all with the same number of coordinates ([`random_points`] draws them
/// from a box).
///
/// A point where autograd's own derivative is undefined is counted as
/// [`Verdict::Undefined`], not as the user's error: `f` or autograd's
/// `∂f/∂x_i` is NaN or infinite there (a pole, as `1/x` at 0, or a point
/// outside the domain), or a node that `x_i` reaches has a kink there (ReLU
/// at 0: its one-sided differences disagree, see [`check_nodes`]). A
/// derivative is right ([`DerivativeReport::passed`]) when it agrees at every
/// other point, and at one at least. The criterion is PyTorch's:
/// `|yours - autograd| ≤ atol + rtol·|autograd|`.
///
/// ```
/// use scalargrad::gradcheck::{check_derivatives, random_points};
/// use scalargrad::{Graph, Value};
///
/// // f(x, y) = x²·y, so ∂f/∂x = 2xy and ∂f/∂y = x². (A `fn` can be used
/// // twice; a closure can too when written in place at each call.)
/// fn f<'g>(_g: &'g Graph, v: &[Value<'g>]) -> Value<'g> {
///     v[0] * v[0] * v[1]
/// }
/// let points = random_points(&[-3.0..3.0, -3.0..3.0], 50, 7);
///
/// let right = check_derivatives(f, |_g, v| vec![2.0 * v[0] * v[1], v[0] * v[0]], &points);
/// assert!(right.passed(), "{right}");
/// assert_eq!(right.inputs[0].agreed, 50);
///
/// // A forgotten factor 2: wrong wherever x·y ≠ 0, that is at every point.
/// let wrong = check_derivatives(f, |_g, v| vec![v[0] * v[1], v[0] * v[0]], &points);
/// assert!(!wrong.passed());
/// assert_eq!(wrong.inputs[0].disagreed, 50);
/// assert!(wrong.inputs[1].passed());
/// ```
///
/// In a test of one's own (`tests/my_derivatives.rs`), it is one assertion;
/// the report says where it went wrong:
///
/// ```test_harness
/// use scalargrad::gradcheck::check_derivatives;
///
/// #[test]
/// fn my_derivative_of_sigmoid_is_right() {
///     // σ'(x) = σ(x)·(1 - σ(x))
///     let report = check_derivatives(
///         |_g, x| x[0].sigmoid(),
///         |_g, x| vec![x[0].sigmoid() * (1.0 - x[0].sigmoid())],
///         &[[-2.0], [0.0], [0.5], [3.0]],
///     );
///     assert!(report.passed(), "{report}");
/// }
/// ```
///
/// # Panics
/// If `points` is empty or its points differ in length, if `derivatives`
/// returns a number of values other than the number of inputs, or if `f`
/// or `derivatives` returns a value of another graph or one discarded.
///
/// # Complexity
/// Per point: one recording of `f` and of the derivatives, one backward,
/// and a check of each node's local derivatives (a few evaluations of its
/// op per input).
#[track_caller]
pub fn check_derivatives<F, D, P>(f: F, derivatives: D, points: &[P]) -> DerivativeReport
where
    F: for<'g> Fn(&'g Graph, &[Value<'g>]) -> Value<'g>,
    D: for<'g> Fn(&'g Graph, &[Value<'g>]) -> Vec<Value<'g>>,
    P: AsRef<[f64]>,
{
    const CALL: &str = "gradcheck::check_derivatives";
    compare(
        &f,
        &Every(&derivatives),
        points,
        GradcheckOptions::default(),
        CALL,
    )
}

/// [`check_derivatives`] with chosen tolerances (`eps` is the step of the
/// kink check).
///
/// # Panics
/// As [`check_derivatives`].
#[track_caller]
pub fn check_derivatives_with<F, D, P>(
    f: F,
    derivatives: D,
    points: &[P],
    options: GradcheckOptions,
) -> DerivativeReport
where
    F: for<'g> Fn(&'g Graph, &[Value<'g>]) -> Value<'g>,
    D: for<'g> Fn(&'g Graph, &[Value<'g>]) -> Vec<Value<'g>>,
    P: AsRef<[f64]>,
{
    const CALL: &str = "gradcheck::check_derivatives_with";
    compare(&f, &Every(&derivatives), points, options, CALL)
}

/// Checks the user's derivative of `f` with respect to one input, `wrt`,
/// as [`check_derivatives`] does for all: the report has one
/// [`DerivativeCheck`], for `wrt`.
///
/// ```
/// use scalargrad::gradcheck::check_derivative;
/// use scalargrad::{Graph, Value};
///
/// // d/dx sin(x²) = 2x·cos(x²); forgetting the chain rule gives cos(x²).
/// fn f<'g>(_g: &'g Graph, v: &[Value<'g>]) -> Value<'g> {
///     (v[0] * v[0]).sin()
/// }
/// let points = [[0.5], [1.0], [2.0]];
/// assert!(check_derivative(f, 0, |_g, v| 2.0 * v[0] * (v[0] * v[0]).cos(), &points).passed());
/// let forgot = check_derivative(f, 0, |_g, v| (v[0] * v[0]).cos(), &points);
/// // At x = 0.5 the two are cos(0.25) and cos(0.25): the same number.
/// assert_eq!(forgot.inputs[0].disagreed, 2);
/// ```
///
/// # Panics
/// If `wrt` is not a coordinate of the points, and as
/// [`check_derivatives`].
#[track_caller]
pub fn check_derivative<F, D, P>(f: F, wrt: usize, derivative: D, points: &[P]) -> DerivativeReport
where
    F: for<'g> Fn(&'g Graph, &[Value<'g>]) -> Value<'g>,
    D: for<'g> Fn(&'g Graph, &[Value<'g>]) -> Value<'g>,
    P: AsRef<[f64]>,
{
    const CALL: &str = "gradcheck::check_derivative";
    if let Some(point) = points.first() {
        let n = point.as_ref().len();
        if wrt >= n {
            misuse!(
                CALL,
                "wrt is {wrt}, but the points have {n} coordinate(s) (0 to {})",
                n.saturating_sub(1)
            );
        }
    }
    compare(
        &f,
        &One(wrt, &derivative),
        points,
        GradcheckOptions::default(),
        CALL,
    )
}

/// `count` points drawn uniformly from the box `ranges` (one range per
/// coordinate, `start..end`, both ends finite; a range whose ends are equal
/// fixes that coordinate), from a generator seeded with `seed`: the same
/// seed gives the same points.
///
/// ```
/// let points = scalargrad::gradcheck::random_points(&[-3.0..3.0, 0.5..0.5], 4, 1);
/// assert_eq!(points.len(), 4);
/// assert!(points.iter().all(|p| (-3.0..3.0).contains(&p[0]) && p[1] == 0.5));
/// assert_eq!(points, scalargrad::gradcheck::random_points(&[-3.0..3.0, 0.5..0.5], 4, 1));
/// ```
///
/// # Panics
/// If a range's ends are not finite or its start is past its end.
#[track_caller]
pub fn random_points(ranges: &[Range<f64>], count: usize, seed: u64) -> Vec<Vec<f64>> {
    const CALL: &str = "gradcheck::random_points";
    for (i, r) in ranges.iter().enumerate() {
        // Written so that NaN fails.
        if !(r.start.is_finite() && r.end.is_finite() && r.start <= r.end) {
            misuse!(
                CALL,
                "range {i} is {}..{}; give finite ends, the start at most the end",
                r.start,
                r.end
            );
        }
    }
    let mut rng = StdRng::seed_from_u64(seed);
    (0..count)
        .map(|_| {
            ranges
                .iter()
                .map(|r| {
                    let u: f64 = rng.random();
                    // A weighted mean: no overflow even for -1e308..1e308.
                    (r.start * (1.0 - u) + r.end * u).clamp(r.start, r.end)
                })
                .collect()
        })
        .collect()
}

/// The check itself: each point recorded on one graph, cleared each time.
#[track_caller]
fn compare<F, D, P>(
    f: &F,
    derivatives: &D,
    points: &[P],
    options: GradcheckOptions,
    call: &str,
) -> DerivativeReport
where
    F: for<'g> Fn(&'g Graph, &[Value<'g>]) -> Value<'g>,
    D: Partials,
    P: AsRef<[f64]>,
{
    let Some(first) = points.first() else {
        misuse!(call, "no points to try; give at least one");
    };
    let n = first.as_ref().len();
    let checked = derivatives.inputs(n);
    let mut inputs: Vec<DerivativeCheck> = checked
        .iter()
        .map(|&index| DerivativeCheck {
            index,
            agreed: 0,
            disagreed: 0,
            undefined: 0,
            worst: None,
            first_disagreement: None,
            checks: Vec::with_capacity(points.len()),
        })
        .collect();
    let tolerance = |autograd: f64| options.atol + options.rtol * autograd.abs();
    let g = Graph::new();
    for (k, point) in points.iter().enumerate() {
        let point = point.as_ref();
        if point.len() != n {
            misuse!(
                call,
                "point {k} has {} coordinate(s), point 0 has {n}; give every point the same number",
                point.len()
            );
        }
        g.truncate(0);
        g.zero_grad();
        let x = g.values(point);
        let root = output_of(&g, f(&g, &x), call);
        root.backward();
        let yours = derivatives.record(&g, &x);
        if yours.len() != checked.len() {
            misuse!(
                call,
                "the derivatives function returned {} value(s) for {} input(s); return one ∂f/∂x_i per input, in order",
                yours.len(),
                checked.len()
            );
        }
        let mut numbers = Vec::with_capacity(yours.len());
        for d in yours {
            // A loop, not a closure: the panic's location stays the caller's.
            numbers.push(output_of(&g, d, call).data());
        }
        let yours = numbers;
        let value = root.data();
        let kinks: Vec<NodeCheck> = check_nodes(root, &options)
            .into_iter()
            .filter(|c| c.kink)
            .collect();
        for (check, (&i, &yours)) in inputs.iter_mut().zip(checked.iter().zip(&yours)) {
            let autograd = x[i].grad();
            let difference = yours - autograd;
            let allowed = tolerance(autograd);
            let excess = if difference == 0.0 {
                0.0
            } else if difference.is_nan() {
                f64::INFINITY
            } else {
                difference.abs() / allowed
            };
            let verdict = if !value.is_finite() || !autograd.is_finite() {
                Verdict::Undefined(Undefined::NotFinite {
                    value,
                    derivative: autograd,
                })
            } else if let Some(kink) = kinks.iter().find(|c| depends_on(&g, c.node, i)) {
                Verdict::Undefined(Undefined::Kink(kink.clone()))
            } else if difference.abs() <= allowed {
                Verdict::Agreed
            } else {
                Verdict::Disagreed
            };
            let result = PointCheck {
                point: k,
                yours,
                autograd,
                difference,
                excess,
                verdict,
            };
            match result.verdict {
                Verdict::Agreed => check.agreed += 1,
                Verdict::Disagreed => {
                    check.disagreed += 1;
                    if check.first_disagreement.is_none() {
                        check.first_disagreement = Some(result.clone());
                    }
                }
                Verdict::Undefined(_) => check.undefined += 1,
            }
            let defined = !matches!(result.verdict, Verdict::Undefined(_));
            if defined
                && check
                    .worst
                    .as_ref()
                    .map_or(true, |w| result.excess > w.excess)
            {
                check.worst = Some(result.clone());
            }
            check.checks.push(result);
        }
    }
    DerivativeReport {
        points: points.iter().map(|p| p.as_ref().to_vec()).collect(),
        inputs,
        options,
    }
}

/// True when node `node` of `g` depends on node `input` (walks its inputs;
/// the point's leaves are the first nodes, so input `i` is node `i`).
fn depends_on(g: &Graph, node: usize, input: usize) -> bool {
    let mut seen = vec![false; node + 1];
    let mut stack = vec![node];
    while let Some(v) = stack.pop() {
        if v == input {
            return true;
        }
        if v < input || std::mem::replace(&mut seen[v], true) {
            continue; // nodes made before `input` cannot depend on it
        }
        stack.extend(g.value_at(v).inputs().iter().map(|x| x.index()));
    }
    false
}
