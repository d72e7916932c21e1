//! Each activation's value `f(z)` and slope `f'(z)`, computed by the engine
//! (a leaf `z`, one activation node, `backward()`): the tables, saturation,
//! and what gets back through `z < 0`.

use std::io::Write;

use crate::nn::Activation;
use crate::Graph;

/// The points of the tables.
const POINTS: [f64; 9] = [-5.0, -2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0, 5.0];

/// Part 1: every activation at [`POINTS`], checked against the formula and
/// finite differences.
pub(super) fn every_activation(out: &mut dyn Write) -> std::io::Result<()> {
    // 1. Every activation at chosen points.
    //
    // For each activation f and each point z we build the smallest graph
    // there is: a leaf z and one node a = f(z). `a.data()` is f(z), and after
    // `a.backward()` the leaf's gradient `z.grad()` is ∂a/∂z = f'(z).
    writeln!(
        out,
        "== 1. Each activation a = f(z) and its derivative f'(z) =="
    )?;
    writeln!(
        out,
        "Every number: a leaf z, one activation node a = f(z), a.backward(); f(z) = a.data(), f'(z) = z.grad()."
    )?;
    let table: Vec<(Activation, Vec<Point>)> = Activation::ALL
        .iter()
        .map(|&f| (f, POINTS.iter().map(|&z| through_graph(f, z)).collect()))
        .collect();
    writeln!(out)?;
    writeln!(out, "f(z):")?;
    write_table(out, &table, |p| p.a)?;
    writeln!(out)?;
    writeln!(out, "f'(z):")?;
    write_table(out, &table, |p| p.da_dz)?;

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
    writeln!(out)?;
    writeln!(
        out,
        "largest |z.grad() - Activation::derivative(z)| over the table: {formula_gap:.1e}"
    )?;
    writeln!(
        out,
        "largest |z.grad() - (f(z+h) - f(z-h))/2h| (h = 1e-5, z ≠ 0): {finite_difference_gap:.1e}"
    )?;
    Ok(())
}

/// Part 2: the sigmoid and tanh go flat for large `|z|`.
pub(super) fn saturation(out: &mut dyn Write) -> std::io::Result<()> {
    // 2. Saturation. A weight w feeding a unit gets ∂J/∂w = e·a_i with
    // e = (upstream gradient)·f'(z): when f'(z) ≈ 0 the weight barely moves.
    writeln!(out)?;
    writeln!(
        out,
        "== 2. Saturation: sigmoid and tanh go flat for large |z| =="
    )?;
    // f' on a fine grid in one backward: leaves z_k, a_k = f(z_k), J = Σ_k a_k.
    // Each a_k depends on its own z_k only, so ∂J/∂z_k = f'(z_k).
    let grid: Vec<f64> = (-1000..=1000).map(|k| f64::from(k) / 100.0).collect();
    for (f, symbol, steepest) in [
        (Activation::Sigmoid, "σ'", "the sigmoid's steepest slope"),
        (Activation::Tanh, "tanh'", "tanh's steepest slope"),
    ] {
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
        writeln!(out, "{symbol}(0) = {}   {steepest}", num(at_zero))?;
        writeln!(
            out,
            "max {symbol}(z) over z = -10 … 10 (step 0.01, {} points) = {} at z = {at:.2}",
            grid.len(),
            num(max)
        )?;
        writeln!(
            out,
            "{symbol}(-5) = {}   {symbol}(5) = {}   ({:.0}× smaller than at 0: a weight behind a unit at z = ±5 barely moves)",
            num(left),
            num(right),
            at_zero / right
        )?;
    }
    Ok(())
}

/// Part 3: ReLU passes nothing back for `z < 0`; LeakyReLU, ELU and PReLU
/// keep a slope.
pub(super) fn negative_side(out: &mut dyn Write) -> std::io::Result<()> {
    // 3. The negative side. For z < 0 a ReLU outputs 0 and f'(z) = 0, so
    // e = 0 and every weight feeding the unit gets ∂J/∂w_ij = e_j·a_i = 0.
    writeln!(out)?;
    writeln!(
        out,
        "== 3. The negative side: what gets back through z < 0 =="
    )?;
    let negative: Vec<f64> = POINTS.iter().copied().filter(|&z| z < 0.0).collect();
    let listed: Vec<String> = negative.iter().map(|z| format!("{z}")).collect();
    writeln!(out, "f'(z) at z = {}:", listed.join(", "))?;
    for (f, meaning) in [
        (
            Activation::Relu,
            "nothing: a unit with z < 0 outputs 0 and the weights feeding it stop updating",
        ),
        (Activation::LEAKY_RELU, "a small fixed slope s"),
        (Activation::ELU, "α·eᶻ: fades for very negative z, never 0"),
        (
            Activation::PRELU,
            "its slope, a parameter of the neuron that training moves",
        ),
    ] {
        let slopes: Vec<String> = negative
            .iter()
            .map(|&z| num(through_graph(f, z).da_dz))
            .collect();
        writeln!(
            out,
            "{:<26} {}   {meaning}",
            format!("{}'(z < 0):", f.name()),
            slopes.join(", ")
        )?;
    }
    // PReLU's a = s·z for z < 0 with s a parameter: ∂a/∂s = z, so the slope
    // gets a gradient of its own and training moves it.
    let prelu = through_graph(Activation::PRELU, -2.0);
    writeln!(
        out,
        "prelu: ∂a/∂slope at z = -2 is {} (= z): the slope gets a gradient, so PReLU learns it",
        num(prelu.da_dslope.unwrap_or(f64::NAN))
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

/// A number for the tables: 4 decimals, or 4 significant digits in
/// scientific notation when it is small.
pub(super) fn num(x: f64) -> String {
    if x == 0.0 || (0.01..1e4).contains(&x.abs()) {
        format!("{x:.4}")
    } else {
        format!("{x:.3e}")
    }
}

/// One row per activation, one column per point of [`POINTS`].
fn write_table(
    out: &mut dyn Write,
    table: &[(Activation, Vec<Point>)],
    field: impl Fn(&Point) -> f64,
) -> std::io::Result<()> {
    write!(out, "{:<17}", "activation")?;
    for z in POINTS {
        write!(out, "{:>11}", format!("z={z}"))?;
    }
    writeln!(out)?;
    for (f, points) in table {
        write!(out, "{:<17}", f.name())?;
        for p in points {
            write!(out, "{:>11}", num(field(p)))?;
        }
        writeln!(out)?;
    }
    Ok(())
}
