//! Each activation's value `f(z)` and slope `f'(z)`, computed by the engine
//! (a leaf `z`, one activation node, `backward()`): the tables, saturation,
//! and what gets back through `z < 0`.

use std::io;
use std::io::Write as _;

use super::super::numbers::{gap, num, pad, pad_left};
use super::super::page::{check, say, tr, Page};
use crate::nn::Activation;
use crate::Graph;

/// The points of the tables.
const POINTS: [f64; 9] = [-5.0, -2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0, 5.0];

/// Part 1: every activation at [`POINTS`], checked against the formula and
/// finite differences.
pub(super) fn every_activation(page: &mut Page<'_>) -> io::Result<()> {
    // 1. Every activation at chosen points.
    //
    // For each activation f and each point z we build the smallest graph
    // there is: a leaf z and one node a = f(z). `a.data()` is f(z), and after
    // `a.backward()` the leaf's gradient `z.grad()` is ∂a/∂z = f'(z).
    say!(page, "act.how")?;
    let table: Vec<(Activation, Vec<Point>)> = Activation::ALL
        .iter()
        .map(|&f| (f, POINTS.iter().map(|&z| through_graph(f, z)).collect()))
        .collect();
    if page.detail() {
        writeln!(page)?;
        writeln!(page, "f(z):")?;
        write_table(page, &table, |p| p.a)?;
        writeln!(page)?;
    }
    say!(page, "act.derivative_table")?;
    write_table(page, &table, |p| p.da_dz)?;
    if !page.detail() {
        say!(page, "act.values_elsewhere")?;
    }

    // The derivative autograd found is the crate's formula for f'(z)
    // (`Activation::derivative`, the plain-number form used by the textbook
    // recursion), and it matches the slope measured by central finite
    // differences (f(z + h) - f(z - h))/2h, away from the kink at z = 0.
    let mut formula_gap: f64 = 0.0;
    let mut finite_difference_gap: f64 = 0.0;
    for (f, points) in &table {
        for (&z, p) in POINTS.iter().zip(points) {
            formula_gap = formula_gap.max((p.da_dz - f.derivative(z)).abs());
            if z != 0.0 {
                let h = 1e-5;
                let slope = (f.eval(z + h) - f.eval(z - h)) / (2.0 * h);
                finite_difference_gap = finite_difference_gap.max((p.da_dz - slope).abs());
            }
        }
    }
    if page.detail() {
        writeln!(page)?;
        say!(page, "act.formula_gap", gap = gap(formula_gap))?;
        say!(page, "act.finite_gap", gap = gap(finite_difference_gap))?;
    }
    check!(page, "act.check_formula", formula_gap == 0.0)?;
    check!(page, "act.check_finite", finite_difference_gap < 1e-6)?;
    Ok(())
}

/// Part 2: the sigmoid and tanh go flat for large `|z|`.
pub(super) fn saturation(page: &mut Page<'_>) -> io::Result<()> {
    // 2. Saturation. A weight w feeding a unit gets ∂J/∂w = e·a_i with
    // e = (upstream gradient)·f'(z): when f'(z) ≈ 0 the weight barely moves.
    page.blank()?;
    // f' on a fine grid in one backward: leaves z_k, a_k = f(z_k), J = Σ_k a_k.
    // Each a_k depends on its own z_k only, so ∂J/∂z_k = f'(z_k).
    let grid: Vec<f64> = (-1000..=1000).map(|k| f64::from(k) / 100.0).collect();
    let mut facts = Vec::new();
    for (f, symbol) in [(Activation::Sigmoid, "σ'"), (Activation::Tanh, "tanh'")] {
        let (_, slopes) = curve(f, &grid);
        let (at, max) =
            grid.iter()
                .zip(&slopes)
                .fold((f64::NAN, f64::NEG_INFINITY), |best, (&z, &s)| {
                    if s > best.1 {
                        (z, s)
                    } else {
                        best
                    }
                });
        let at_zero = through_graph(f, 0.0).da_dz;
        let left = through_graph(f, -5.0).da_dz;
        let right = through_graph(f, 5.0).da_dz;
        facts.push((symbol, at, max, at_zero, left, right));
    }
    let [sigmoid, tanh] = [facts[0], facts[1]];
    say!(
        page,
        "act.saturation",
        top = num(sigmoid.3),
        points = grid.len(),
        edge = num(sigmoid.5),
        times = format!("{:.0}", sigmoid.3 / sigmoid.5)
    )?;
    say!(
        page,
        "act.saturation_tanh",
        top = num(tanh.3),
        edge = num(tanh.5),
        times = format!("{:.0}", tanh.3 / tanh.5)
    )?;
    if page.detail() {
        for (symbol, at, max, at_zero, left, right) in &facts {
            let steepest = tr!(page, "act.steepest");
            writeln!(page, "{symbol}(0) = {}   {steepest}", num(*at_zero))?;
            say!(
                page,
                "act.max_line",
                symbol = symbol,
                points = grid.len(),
                max = num(*max),
                at = format!("{at:.2}")
            )?;
            writeln!(
                page,
                "{symbol}(-5) = {}   {symbol}(5) = {}",
                num(*left),
                num(*right)
            )?;
        }
    }
    let top_at_zero = facts
        .iter()
        .all(|(_, at, max, at_zero, _, _)| *at == 0.0 && max == at_zero);
    check!(
        page,
        "act.check_saturation",
        top_at_zero && sigmoid.3 == 0.25 && tanh.3 == 1.0
    )?;
    Ok(())
}

/// Part 3: ReLU passes nothing back for `z < 0`; LeakyReLU, ELU and PReLU
/// keep a slope.
pub(super) fn negative_side(page: &mut Page<'_>) -> io::Result<()> {
    // 3. The negative side. For z < 0 a ReLU outputs 0 and f'(z) = 0, so
    // e = 0 and every weight feeding the unit gets ∂J/∂w_ij = e_j·a_i = 0.
    page.blank()?;
    let negative: Vec<f64> = POINTS.iter().copied().filter(|&z| z < 0.0).collect();
    let slopes = |f: Activation| -> Vec<f64> {
        negative
            .iter()
            .map(|&z| through_graph(f, z).da_dz)
            .collect()
    };
    // PReLU's a = s·z for z < 0 with s a parameter: ∂a/∂s = z, so the slope
    // gets a gradient of its own and training moves it.
    let prelu = through_graph(Activation::PRELU, -2.0);
    let slope_gradient = prelu.da_dslope.unwrap_or(f64::NAN);
    say!(page, "act.negative_relu")?;
    say!(page, "act.negative_others")?;
    say!(page, "act.negative_prelu", gradient = num(slope_gradient))?;
    if page.detail() {
        let listed: Vec<String> = negative.iter().map(|z| format!("{z}")).collect();
        say!(page, "act.negative_points", points = listed.join(", "))?;
        for (f, meaning) in [
            (Activation::Relu, "act.meaning_relu"),
            (Activation::LEAKY_RELU, "act.meaning_leaky"),
            (Activation::ELU, "act.meaning_elu"),
            (Activation::PRELU, "act.meaning_prelu"),
        ] {
            let cells: Vec<String> = slopes(f).iter().map(|&d| num(d)).collect();
            let meaning = tr!(page, meaning);
            writeln!(
                page,
                "{} {}   {meaning}",
                pad(&format!("{}'(z < 0):", f.name()), 26),
                cells.join(", ")
            )?;
        }
        say!(page, "act.prelu_line", gradient = num(slope_gradient))?;
    }
    let relu_blocks = slopes(Activation::Relu).iter().all(|&d| d == 0.0);
    let others_keep = [Activation::LEAKY_RELU, Activation::ELU, Activation::PRELU]
        .into_iter()
        .all(|f| slopes(f).iter().all(|&d| d > 0.0));
    check!(
        page,
        "act.check_negative",
        relu_blocks && others_keep && slope_gradient == -2.0
    )?;
    Ok(())
}

/// One point of an activation, computed by the engine.
struct Point {
    /// `a = f(z)`.
    a: f64,
    /// `f'(z) = ∂a/∂z`, the leaf's gradient after `a.backward()`.
    da_dz: f64,
    /// For PReLU, `∂a/∂slope`: the gradient its learned slope gets.
    da_dslope: Option<f64>,
}

/// `f(z)` and `f'(z)` through the graph: a leaf `z`, one node `a = f(z)`,
/// `a.backward()`. PReLU's slope is a leaf too (a parameter of the neuron),
/// at its initial value.
fn through_graph(f: Activation, z: f64) -> Point {
    let g = Graph::new();
    let z = g.value(z);
    let slope = match f {
        Activation::PRelu(s) => Some(g.value(s)),
        _ => None,
    };
    let a = f.apply(z, slope);
    a.backward();
    Point {
        a: a.data(),
        da_dz: z.grad(),
        da_dslope: slope.map(|s| s.grad()),
    }
}

/// `f(z_k)` and `f'(z_k)` at many points in one backward: leaves `z_k`, nodes
/// `a_k = f(z_k)`, `J = Σ_k a_k`; since `a_k` depends on `z_k` alone,
/// `∂J/∂z_k = f'(z_k)`.
pub(super) fn curve(f: Activation, zs: &[f64]) -> (Vec<f64>, Vec<f64>) {
    let g = Graph::new();
    let slope = match f {
        Activation::PRelu(s) => Some(g.value(s)),
        _ => None,
    };
    let leaves = g.values(zs);
    let a: Vec<_> = leaves.iter().map(|&z| f.apply(z, slope)).collect();
    g.sum(&a).backward();
    (
        a.iter().map(|v| v.data()).collect(),
        leaves.iter().map(|z| z.grad()).collect(),
    )
}

/// One row per activation, one column per point of [`POINTS`].
fn write_table(
    page: &mut Page<'_>,
    table: &[(Activation, Vec<Point>)],
    field: impl Fn(&Point) -> f64,
) -> io::Result<()> {
    let header = tr!(page, "act.col_activation");
    write!(page, "{}", pad(&header, 16))?;
    for z in POINTS {
        write!(page, "{}", pad_left(&format!("z={z}"), 9))?;
    }
    writeln!(page)?;
    for (f, points) in table {
        write!(page, "{}", pad(&f.name(), 16))?;
        for p in points {
            write!(page, "{}", pad_left(&num(field(p)), 9))?;
        }
        writeln!(page)?;
    }
    Ok(())
}
