//! The pictures: every activation and its derivative, and the gradient
//! norm per layer of the two stacks.

use std::error::Error;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::vanishing::LayerGradient;

#[cfg(feature = "plot")]
/// Draws `activations.png`, `derivatives.png` and `vanishing_gradient.png`
/// under `dir`; returns them.
pub(super) fn draw(
    _: &mut dyn Write,
    dir: &Path,
    sigmoid: &[LayerGradient],
    relu: &[LayerGradient],
) -> Result<Vec<PathBuf>, Box<dyn Error>> {
    use super::derivatives::curve;
    use super::vanishing::{DEPTH, WIDTH};
    use crate::nn::Activation;
    use crate::plot::{LineChart, Series};

    let mut files = Vec::new();

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
    .series(Series::new("sigmoid, Xavier init", layer_curve(sigmoid)))
    .series(Series::new("relu, He init", layer_curve(relu)))
    .save(&path)?;
    files.push(path);
    Ok(files)
}

#[cfg(not(feature = "plot"))]
/// Without the `plot` feature: says so, and draws nothing.
pub(super) fn draw(
    out: &mut dyn Write,
    dir: &Path,
    _: &[LayerGradient],
    _: &[LayerGradient],
) -> Result<Vec<PathBuf>, Box<dyn Error>> {
    writeln!(
        out,
        "\n(built without the `plot` feature: no pictures under {})",
        dir.display()
    )?;
    Ok(Vec::new())
}
