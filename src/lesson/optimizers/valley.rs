//! Parts 1 and 2: the seven optimizers on the valley
//! `f(w) = 0.1·w1² + 2·w2²`, each at its own best learning rate, step by
//! step.

use std::io;
use std::io::Write as _;

use super::super::numbers::{fixed, pad, pad_left};
use super::super::page::{check, say, tr, Page};
use super::optimizer;
use crate::optim::{Optimizer, NAMES};
use crate::{Graph, Value};

/// Where every optimizer starts on the valley.
const START: (f64, f64) = (-4.0, 2.0);
/// Steps each optimizer may take on the valley.
pub(super) const STEPS: usize = 200;
/// "Reached the minimum": `f < TARGET`.
pub(super) const TARGET: f64 = 1e-3;
/// Steps printed one by one (with `--detail`).
const SHOWN_STEPS: usize = 5;

/// The learning rates tried on the valley: 1, 2, …, 9 times 0.001, 0.01
/// and 0.1, and 1, the same for every optimizer. Each runs at the one that
/// reaches `f < TARGET` in the fewest steps (the smaller rate on a tie), so
/// that the race compares optimizers, not choices of rate. (Above 1 the
/// adaptive optimizers' first steps, about the rate in each coordinate, are
/// longer than the valley is wide.)
pub(super) fn valley_rates() -> Vec<f64> {
    [0.001, 0.01, 0.1]
        .iter()
        .flat_map(|&decade| (1..=9).map(move |k| round(f64::from(k) * decade)))
        .chain([1.0])
        .collect()
}

/// `x` rounded to 12 significant digits, so that `3·0.1` prints as `0.3`.
pub(super) fn round(x: f64) -> f64 {
    format!("{x:.12e}").parse().unwrap_or(x)
}

/// One optimizer's way down the valley: its name, its learning rate, and the
/// start and the point after each step.
pub(super) type Descent = (String, f64, Vec<Step>);

/// A rate tried, and the step at which it reached `f < TARGET` (if it did).
type Outcome = (f64, Option<usize>);

/// The step at which a path first has `f < TARGET`.
fn reached(path: &[Step]) -> Option<usize> {
    path.iter().position(|s| s.f.is_finite() && s.f < TARGET)
}

/// Runs every optimizer on the valley at every rate of [`valley_rates`],
/// keeps each one's best, and prints how each moves and where it ends;
/// returns the best paths, in the order of [`NAMES`].
pub(super) fn descend_the_valley(page: &mut Page<'_>) -> io::Result<Vec<Descent>> {
    // 1. The valley f(w) = 0.1·w1² + 2·w2²: its minimum is f = 0 at w = 0.
    // It is 20 times steeper along w2 than along w1, the shape where plain
    // gradient descent zig-zags across the valley and crawls along it.
    let rates = valley_rates();
    say!(page, "opt.valley", w1 = START.0, w2 = START.1)?;
    say!(
        page,
        "opt.valley_fair",
        count = rates.len(),
        target = TARGET
    )?;
    let mut paths: Vec<Descent> = Vec::new();
    let mut searches: Vec<(&str, Vec<Outcome>)> = Vec::new();
    for name in NAMES {
        let tried: Vec<(f64, Vec<Step>)> = rates
            .iter()
            .map(|&lr| (lr, descend(&mut *optimizer(name, lr))))
            .collect();
        let outcomes: Vec<Outcome> = tried.iter().map(|(lr, p)| (*lr, reached(p))).collect();
        // The fewest steps wins; on a tie the smaller rate (it comes first).
        let best = tried
            .into_iter()
            .min_by_key(|(_, p)| reached(p).unwrap_or(usize::MAX))
            .expect("at least one rate");
        paths.push((name.to_string(), best.0, best.1));
        searches.push((name, outcomes));
    }

    if page.detail() {
        page.blank()?;
        say!(page, "opt.search", steps = STEPS)?;
        for (name, outcomes) in &searches {
            let cells: Vec<String> = outcomes
                .iter()
                .filter(|(_, r)| r.is_some())
                .map(|(lr, r)| format!("{lr}:{}", r.unwrap_or(0)))
                .collect();
            writeln!(page, "  {} {}", pad(name, 9), cells.join(" "))?;
        }
        page.blank()?;
        let header = [tr!(page, "opt.col_optimizer")];
        writeln!(
            page,
            "{} {} {} {} {} {}",
            pad(&header[0], 10),
            pad_left("lr", 6),
            pad_left("t", 4),
            pad_left("w1", 10),
            pad_left("w2", 10),
            pad_left("f", 11)
        )?;
        for (name, lr, path) in &paths {
            for (t, s) in path.iter().take(SHOWN_STEPS + 1).enumerate() {
                let (name, lr) = if t == 0 {
                    (name.clone(), format!("{lr}"))
                } else {
                    (String::new(), String::new())
                };
                writeln!(
                    page,
                    "{} {} {} {} {} {}",
                    pad(&name, 10),
                    pad_left(&lr, 6),
                    pad_left(&t.to_string(), 4),
                    pad_left(&fixed(s.w1, 4), 10),
                    pad_left(&fixed(s.w2, 4), 10),
                    pad_left(&format!("{:.4e}", s.f), 11)
                )?;
            }
        }
    }

    // How each one moves: its first step (Δw1, Δw2), how often w2 changes
    // sign on the way down (the zig-zag across the valley), how many steps
    // it needs to reach the floor, and where it is after STEPS steps.
    page.blank()?;
    let header = [
        tr!(page, "opt.col_optimizer"),
        tr!(page, "opt.col_zigzags"),
        tr!(page, "opt.col_reached", target = TARGET),
        tr!(page, "opt.col_initial_f"),
        tr!(page, "opt.col_final_f", steps = STEPS),
    ];
    writeln!(
        page,
        "{} {} {} {} {} {} {} {}",
        pad(&header[0], 10),
        pad_left("lr", 6),
        pad_left("Δw1", 9),
        pad_left("Δw2", 9),
        pad_left(&header[1], 9),
        pad_left(&header[2], 12),
        pad_left(&header[3], 10),
        pad_left(&header[4], 13)
    )?;
    for (name, lr, path) in &paths {
        let reached_at = reached(path);
        let flips = zig_zags(path);
        let reached_at = match reached_at {
            Some(t) => tr!(page, "opt.step_n", step = t),
            None => tr!(page, "opt.never"),
        };
        writeln!(
            page,
            "{} {} {} {} {} {} {} {}",
            pad(name, 10),
            pad_left(&lr.to_string(), 6),
            pad_left(&fixed(path[1].w1 - path[0].w1, 4), 9),
            pad_left(&fixed(path[1].w2 - path[0].w2, 4), 9),
            pad_left(&flips.to_string(), 9),
            pad_left(&reached_at, 12),
            pad_left(&fixed(path[0].f, 4), 10),
            pad_left(&format!("{:.3e}", path[STEPS].f), 13)
        )?;
    }
    say!(page, "opt.zigzags_defined", target = TARGET)?;

    // What to read in it, with the numbers taken from the paths.
    let find = |wanted: &str| {
        paths
            .iter()
            .find(|(name, _, _)| name == wanted)
            .map(|(_, lr, path)| (*lr, path))
            .expect("every optimizer has a path")
    };
    let (sgd_lr, sgd) = find("sgd");
    explain_curvature(page, sgd_lr, sgd)?;
    // Momentum against Nesterov at the same rate (momentum's best): the
    // look-ahead damps the swings across the valley.
    let (momentum_lr, _) = find("momentum");
    let [momentum_flips, nesterov_flips] =
        ["momentum", "nesterov"].map(|name| zig_zags(&descend(&mut *optimizer(name, momentum_lr))));
    say!(
        page,
        "opt.read_momentum",
        lr = momentum_lr,
        target = TARGET,
        momentum = momentum_flips,
        nesterov = nesterov_flips
    )?;
    check!(
        page,
        "opt.check_nesterov",
        nesterov_flips < momentum_flips,
        lr = momentum_lr,
        momentum = momentum_flips,
        nesterov = nesterov_flips
    )?;
    say!(page, "opt.read_adaptive")?;
    let ((_, adam), (_, adamw)) = (find("adam"), find("adamw"));
    let apart = adam
        .iter()
        .zip(adamw)
        .map(|(a, b)| (a.w1 - b.w1).hypot(a.w2 - b.w2))
        .fold(0.0, f64::max);
    say!(page, "opt.read_adamw", apart = fixed(apart, 4))?;
    let all_reach = paths
        .iter()
        .all(|(_, _, p)| p[STEPS].f < p[0].f && reached(p).is_some());
    check!(page, "opt.check_valley", all_reach, target = TARGET)?;
    Ok(paths)
}

/// The valley's curvature, all of it computed by the engine: its Hessian,
/// condition number, the factor by which gradient descent multiplies each
/// coordinate, the largest stable learning rate, and Newton's step.
#[derive(Clone, Debug, PartialEq)]
pub struct Curvature {
    /// The Hessian `∂²f/∂w_i∂w_j` at the start, by [`crate::hessian`]
    /// (by hand: `diag(0.2, 4)`, the same everywhere since `f` is
    /// quadratic).
    pub hessian: [[f64; 2]; 2],
    /// The largest curvature over the smallest: `4 / 0.2 = 20`.
    pub condition_number: f64,
    /// The largest learning rate at which gradient descent does not
    /// diverge: `2 / λ_max = 2/4 = 0.5` (each step multiplies `w_i` by
    /// `1 − lr·λ_i`, which must stay within (−1, 1)).
    pub stable_below: f64,
    /// The gradient `∇f` at the start, by [`crate::grad`]: `(0.2·w1, 4·w2)`.
    pub gradient: [f64; 2],
    /// Newton's step from the start, `w − H⁻¹∇f`: the minimum `(0, 0)`.
    pub newton: [f64; 2],
    /// `f` after Newton's step, by the engine: 0.
    pub newton_f: f64,
}

/// The valley's [`Curvature`] at the start `(-4, 2)`, from the engine's
/// second derivatives ([`crate::hessian`]) and gradient ([`crate::grad`]).
pub fn curvature() -> Curvature {
    let h = crate::hessian(|_, w| valley(w[0], w[1]), &[START.0, START.1]);
    let hessian = [[h[0][0], h[0][1]], [h[1][0], h[1][1]]];
    // The eigenvalues of a symmetric 2×2 matrix: mean ± the root of
    // (half the difference)² + off-diagonal² (the diagonal itself when the
    // off-diagonal is 0, as here).
    let mean = 0.5 * (hessian[0][0] + hessian[1][1]);
    let radius = (0.5 * (hessian[0][0] - hessian[1][1])).hypot(hessian[0][1]);
    let (smallest, largest) = (mean - radius, mean + radius);
    let g = Graph::new();
    let w = [g.value(START.0), g.value(START.1)];
    let d = crate::grad(valley(w[0], w[1]), &w);
    let gradient = [d[0].data(), d[1].data()];
    let [[a, b], [c, d]] = hessian;
    let det = a * d - b * c;
    // H⁻¹∇f for a 2×2 H: (1/det)·[[d, −b], [−c, a]]·∇f.
    let step = [
        (d * gradient[0] - b * gradient[1]) / det,
        (a * gradient[1] - c * gradient[0]) / det,
    ];
    let newton = [START.0 - step[0], START.1 - step[1]];
    let g = Graph::new();
    let newton_f = valley(g.value(newton[0]), g.value(newton[1])).data();
    Curvature {
        hessian,
        condition_number: largest / smallest,
        stable_below: 2.0 / largest,
        gradient,
        newton,
        newton_f,
    }
}

/// Prints why gradient descent zig-zags and crawls on the valley: its
/// curvature, the factor `1 − lr·λ` per coordinate (checked against the
/// path of `sgd` at `lr`), the largest stable rate (checked by running just
/// below and just above it), and Newton's one step.
fn explain_curvature(page: &mut Page<'_>, lr: f64, sgd: &[Step]) -> io::Result<()> {
    let c = curvature();
    let [[h11, h12], [_, h22]] = c.hessian;
    say!(
        page,
        "opt.curvature",
        h11 = round(h11),
        h22 = round(h22),
        h12 = round(h12),
        kappa = round(c.condition_number)
    )?;
    // Gradient descent: w ← w − lr·H·w, so w_i ← (1 − lr·λ_i)·w_i.
    let factors = [1.0 - lr * h11, 1.0 - lr * h22];
    say!(
        page,
        "opt.gd_factors",
        lr = lr,
        w1 = fixed(factors[0], 4),
        w2 = fixed(factors[1], 4),
        limit = round(c.stable_below)
    )?;
    let observed = [sgd[1].w1 / sgd[0].w1, sgd[1].w2 / sgd[0].w2];
    check!(
        page,
        "opt.check_factors",
        (observed[0] - factors[0]).abs() < 1e-12 && (observed[1] - factors[1]).abs() < 1e-12
    )?;
    // Just below the limit f shrinks (by 0.98² a step along w2); just
    // above, it grows (by 1.02² a step; NaN counts as growing).
    let [below, above] = [0.99, 1.01].map(|k| descend(&mut *optimizer("sgd", k * c.stable_below)));
    check!(
        page,
        "opt.check_stable",
        below[STEPS].f < below[0].f && (above[STEPS].f >= above[0].f || above[STEPS].f.is_nan()),
        limit = round(c.stable_below)
    )?;
    say!(
        page,
        "opt.newton",
        g1 = fixed(c.gradient[0], 4),
        g2 = fixed(c.gradient[1], 4),
        w1 = START.0,
        w2 = START.1,
        n1 = fixed(c.newton[0], 4),
        n2 = fixed(c.newton[1], 4),
        f = fixed(c.newton_f, 4)
    )?;
    check!(
        page,
        "opt.check_newton",
        c.newton_f.abs() < 1e-24 && c.newton.iter().all(|x| x.abs() < 1e-12)
    )?;
    Ok(())
}

/// How often `w2` changes sign before the path reaches `f < TARGET` (or in
/// all its steps): the path crossing the valley's floor.
fn zig_zags(path: &[Step]) -> usize {
    let end = reached(path).unwrap_or(STEPS);
    path[..=end]
        .windows(2)
        .filter(|pair| pair[0].w2 * pair[1].w2 < 0.0)
        .count()
}

/// One point of a path on the valley.
pub(super) struct Step {
    pub(super) w1: f64,
    pub(super) w2: f64,
    /// `f(w1, w2)`.
    pub(super) f: f64,
}

/// `f(w) = 0.1·w1² + 2·w2²`, recorded in the graph.
fn valley<'g>(w1: Value<'g>, w2: Value<'g>) -> Value<'g> {
    0.1 * w1 * w1 + 2.0 * w2 * w2
}

/// `STEPS` steps of `optimizer` on the valley from `START`: the start and
/// the point after each step.
fn descend(optimizer: &mut dyn Optimizer) -> Vec<Step> {
    let g = Graph::new();
    let w1 = g.value(START.0);
    let w2 = g.value(START.1);
    let n_params = g.len();
    let mut path = Vec::with_capacity(STEPS + 1);
    for t in 0..=STEPS {
        let f = valley(w1, w2);
        path.push(Step {
            w1: w1.data(),
            w2: w2.data(),
            f: f.data(),
        });
        if t == STEPS {
            break;
        }
        g.zero_grad();
        f.backward(); // w1.grad() = 0.2·w1, w2.grad() = 4·w2
        optimizer.step(&[w1, w2]);
        g.truncate(n_params); // forget this step's nodes, keep w1 and w2
    }
    path
}
