//! # 02 · Activation functions and their derivatives
//!
//! Follows section 1 of the lesson, "Activation function": sigmoid, tanh,
//! softplus, ReLU, LeakyReLU, ELU, PReLU and Swish (and GELU and the
//! identity, which the crate also offers), each as `a = f(z)` with its
//! derivative `f'(z)`.
//!
//! What you will see and can check:
//! 1. `f(z)` and `f'(z)` at z = -5 … 5 for every activation, each number
//!    computed by the engine (a leaf `z`, one activation node, `backward()`),
//!    checked against `Activation::derivative` and finite differences;
//! 2. saturation: σ'(0) = 0.25 is the sigmoid's largest slope, σ'(±5) is
//!    tiny; tanh'(0) = 1, tanh'(±5) is tiny;
//! 3. the negative side: ReLU'(z) = 0 for z < 0, while LeakyReLU, ELU and
//!    PReLU keep a slope (and PReLU's slope gets a gradient: it is learned);
//! 4. the vanishing gradient: ten sigmoid layers against ten ReLU layers,
//!    each layer's gradient norm after one backward, from the output down to
//!    the input.
//!
//! Writes `activations.png`, `derivatives.png` and `vanishing_gradient.png`
//! under `out/lesson/02_activations/`.
//!
//! Run: `cargo run --release --example 02_activations`

use std::io::Write;

use rand::SeedableRng;
use scalargrad::nn::{Activation, Init, Mlp};
use scalargrad::train::Objective;
use scalargrad::{data, inspect, loss, Graph};

/// The points of the tables.
const POINTS: [f64; 9] = [-5.0, -2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0, 5.0];

/// The vanishing-gradient experiment: `DEPTH` hidden layers of `WIDTH` units,
/// then one linear output, on `EXAMPLES` points of the moons.
const DEPTH: usize = 10;
const WIDTH: usize = 12;
const EXAMPLES: usize = 64;
const SEED: u64 = 2;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::path::Path::new("out/lesson/02_activations");
    let files = run(&mut std::io::stdout().lock(), dir)?;
    println!("\nFiles written to {}/:", dir.display());
    for f in &files {
        println!("  {}", f.display());
    }
    Ok(())
}

/// Runs the walkthrough, printing to `out` and writing pictures under `dir`; returns the files written.
pub fn run(
    out: &mut dyn std::io::Write,
    dir: &std::path::Path,
) -> Result<Vec<std::path::PathBuf>, Box<dyn std::error::Error>> {
    // ------------------------------------------------------------------
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

    // ------------------------------------------------------------------
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

    // ------------------------------------------------------------------
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

    // ------------------------------------------------------------------
    // 4. The vanishing gradient. Backpropagation multiplies by f'(z⁽ˡ⁾) at
    // every layer: e⁽ˡ⁾ = (W⁽ˡ⁺¹⁾ e⁽ˡ⁺¹⁾) ⊙ f'(z⁽ˡ⁾). With σ' ≤ 0.25 the
    // product shrinks layer after layer; ReLU' is 1 on active units.
    writeln!(out)?;
    writeln!(
        out,
        "== 4. Vanishing gradient: {DEPTH} hidden layers of {WIDTH} units, sigmoid (Xavier init) vs ReLU (He init) =="
    )?;
    writeln!(
        out,
        "One backward of the mean binary cross-entropy over {EXAMPLES} moons points; the same seed for both stacks."
    )?;
    let points = data::moons(&data::MoonsConfig {
        samples: EXAMPLES,
        noise: 0.1,
        seed: SEED,
    });
    let sigmoid = vanishing(Activation::Sigmoid, Init::XavierUniform, &points);
    let relu = vanishing(Activation::Relu, Init::HeUniform, &points);
    let n_layers = sigmoid.len();
    writeln!(
        out,
        "‖∂J/∂W⁽ˡ⁾,b⁽ˡ⁾‖ is the layer's gradient norm (inspect::layer_report); mean f'(z) is over its units and the examples."
    )?;
    writeln!(
        out,
        "{:<8} {:>16} {:>12}   {:>16} {:>12}",
        "layer", "sigmoid: norm", "mean σ'(z)", "relu: norm", "mean f'(z)"
    )?;
    // From the output down to the input: the order backward visits them.
    for l in (0..n_layers).rev() {
        let label = if l + 1 == n_layers {
            format!("{} out", l + 1)
        } else {
            format!("{}", l + 1)
        };
        writeln!(
            out,
            "{label:<8} {:>16.3e} {:>12.4} {:>16.3e} {:>12.4}",
            sigmoid[l].grad_norm, sigmoid[l].mean_slope, relu[l].grad_norm, relu[l].mean_slope
        )?;
    }
    for (name, stack) in [("sigmoid", &sigmoid), ("relu", &relu)] {
        let ratio = stack[0].grad_norm / stack[n_layers - 1].grad_norm;
        writeln!(
            out,
            "{name} stack: gradient norm of layer 1 ÷ layer {n_layers} (output) = {}   (log₁₀ = {:.1})",
            num(ratio),
            ratio.log10()
        )?;
    }
    writeln!(
        out,
        "Through the sigmoids each layer multiplies the gradient by σ'(z) ≤ 0.25: it vanishes before it reaches the input."
    )?;

    #[cfg(feature = "plot")]
    let files = {
        let mut files = Vec::new();
        use scalargrad::plot::{LineChart, Series};

        // The summary figures: every activation but the identity (a = z,
        // f' = 1), which would only add a diagonal and a flat line. ReLU is
        // drawn last, dashed, on top of LeakyReLU, ELU and PReLU: it shares
        // their line for z > 0, and LeakyReLU's (0.01·z) for z < 0.
        let zs: Vec<f64> = (-50..=50).map(|k| f64::from(k) / 10.0).collect();
        let mut drawn: Vec<Activation> = Activation::ALL
            .into_iter()
            .filter(|&f| f != Activation::Linear && f != Activation::Relu)
            .collect();
        drawn.push(Activation::Relu);
        let mut functions = LineChart::new("Activation functions a = f(z)")
            .x_label("z")
            .y_label("a = f(z)")
            .size(1000, 650);
        let mut derivatives = LineChart::new("Their derivatives f'(z), from backward()")
            .x_label("z")
            .y_label("f'(z)")
            .size(1000, 650);
        for f in drawn {
            let (a, slopes) = curve(f, &zs);
            let name = f.name();
            functions = functions.series(Series::new(
                name.clone(),
                zs.iter().copied().zip(a).collect(),
            ));
            derivatives = derivatives.series(Series::new(
                format!("{name}'"),
                zs.iter().copied().zip(slopes).collect(),
            ));
        }
        let path = dir.join("activations.png");
        functions.save(&path)?;
        files.push(path);
        let path = dir.join("derivatives.png");
        derivatives.save(&path)?;
        files.push(path);

        let layer_curve = |stack: &[LayerGradient]| -> Vec<(f64, f64)> {
            stack
                .iter()
                .enumerate()
                .map(|(l, s)| ((l + 1) as f64, s.grad_norm))
                .collect()
        };
        let path = dir.join("vanishing_gradient.png");
        LineChart::new(format!(
            "Gradient norm per layer after one backward ({DEPTH} hidden layers of {WIDTH})"
        ))
        .x_label("layer l (1 = next to the input, 11 = output)")
        .y_label("‖∂J/∂W⁽ˡ⁾,b⁽ˡ⁾‖ (log scale)")
        .log_y(true)
        .series(Series::new("sigmoid, Xavier init", layer_curve(&sigmoid)))
        .series(Series::new("relu, He init", layer_curve(&relu)))
        .save(&path)?;
        files.push(path);
        files
    };
    #[cfg(not(feature = "plot"))]
    let files = {
        writeln!(
            out,
            "\n(built without the `plot` feature: no pictures under {})",
            dir.display()
        )?;
        Vec::new()
    };
    Ok(files)
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
fn curve(f: Activation, zs: &[f64]) -> (Vec<f64>, Vec<f64>) {
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
fn num(x: f64) -> String {
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

/// One layer of the vanishing-gradient experiment.
struct LayerGradient {
    /// `√(Σ grad²)` over the layer's weights and biases.
    grad_norm: f64,
    /// The mean of `f'(z_j)` over the layer's units and the examples: the
    /// factor backward multiplies by when it crosses the layer.
    mean_slope: f64,
}

/// Builds `DEPTH` hidden layers of `WIDTH` units with activation `f` and
/// initializer `init`, then a linear output; runs one forward over `points`
/// and one backward of the mean binary cross-entropy; returns each layer's
/// gradient norm and mean `f'(z)`, first layer first.
fn vanishing(f: Activation, init: Init, points: &data::Dataset) -> Vec<LayerGradient> {
    let g = Graph::new();
    let mut builder = Mlp::builder(points.n_features()).init(init);
    for _ in 0..DEPTH {
        builder = builder.layer(WIDTH, f);
    }
    let mlp = builder
        .layer(1, Activation::Linear)
        .build(&g, &mut rand::rngs::StdRng::seed_from_u64(SEED));
    let traces: Vec<_> = points
        .x
        .iter()
        .map(|x| mlp.forward_trace(&g.values(x)))
        .collect();
    let losses: Vec<_> = traces
        .iter()
        .zip(&points.y)
        .map(|(t, &y)| Objective::BinaryCrossEntropy.loss(t.outputs(), y))
        .collect();
    loss::mean(&losses).backward();
    inspect::layer_report(&mlp, &traces)
        .iter()
        .enumerate()
        .map(|(l, report)| {
            let slopes: Vec<f64> = traces
                .iter()
                .flat_map(|t| &t.layers[l].pre_activations)
                .map(|z| report.activation.derivative(z.data()))
                .collect();
            LayerGradient {
                grad_norm: report.grad_norm,
                mean_slope: slopes.iter().sum::<f64>() / slopes.len() as f64,
            }
        })
        .collect()
}
