//! The pictures: the activations in three families, each next to its
//! derivatives, and the gradient norm per layer of the two stacks.

use std::error::Error;
use std::path::{Path, PathBuf};

use super::super::page::Page;
use super::vanishing::LayerGradient;

#[cfg(feature = "plot")]
/// Draws `activations.png` (three rows: the saturating functions, the ReLU
/// family, the smooth ones; each row the functions, then their derivatives)
/// and `vanishing_gradient.png` under `dir`; returns them.
pub(super) fn draw(
    page: &mut Page<'_>,
    dir: &Path,
    sigmoid: &[LayerGradient],
    relu: &[LayerGradient],
) -> Result<Vec<PathBuf>, Box<dyn Error>> {
    use super::super::page::tr;
    use super::derivatives::curve;
    use super::vanishing::{DEPTH, WIDTH};
    use crate::nn::Activation;
    use crate::plot::{self, LineChart, Series};

    let mut files = Vec::new();

    // Three families, each drawn apart so that fewer lines pile up: the
    // saturating ones, the ReLU family (ReLU last, on top: it shares its
    // cousins' line for z > 0, and LeakyReLU's 0.01·z is nearly its 0), and
    // the smooth ones. The identity (a = z, f' = 1) is left out.
    let zs: Vec<f64> = (-50..=50).map(|k| f64::from(k) / 10.0).collect();
    let families = [
        (
            "act.family_saturating",
            vec![Activation::Sigmoid, Activation::Tanh],
        ),
        (
            "act.family_relu",
            vec![
                Activation::LEAKY_RELU,
                Activation::ELU,
                Activation::PRELU,
                Activation::Relu,
            ],
        ),
        (
            "act.family_smooth",
            vec![Activation::Softplus, Activation::SWISH, Activation::Gelu],
        ),
    ];
    let mut charts = Vec::new();
    for (key, members) in &families {
        let family = tr!(page, key);
        let mut functions = LineChart::new(tr!(page, "act.plot_functions", family = family))
            .x_label("z")
            .y_label("a = f(z)");
        let mut derivatives = LineChart::new(tr!(page, "act.plot_derivatives", family = family))
            .x_label("z")
            .y_label("f'(z)");
        for &f in members {
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
        charts.push(functions);
        charts.push(derivatives);
    }
    let path = dir.join("activations.png");
    let title = tr!(page, "act.plot_title");
    plot::save_grid(&path, &title, &charts, 2, (1400, 1350))?;
    files.push(path);

    let layer_curve = |stack: &[LayerGradient]| -> Vec<(f64, f64)> {
        stack
            .iter()
            .enumerate()
            .map(|(l, s)| ((l + 1) as f64, s.grad_norm))
            .collect()
    };
    let path = dir.join("vanishing_gradient.png");
    LineChart::new(tr!(
        page,
        "act.plot_vanishing",
        depth = DEPTH,
        width = WIDTH
    ))
    .x_label(tr!(page, "act.plot_layer_axis", output = DEPTH + 1))
    .y_label(tr!(page, "act.plot_norm_axis"))
    .log_y(true)
    .series(Series::new(
        tr!(page, "act.plot_sigmoid_stack"),
        layer_curve(sigmoid),
    ))
    .series(Series::new(
        tr!(page, "act.plot_relu_stack"),
        layer_curve(relu),
    ))
    .save(&path)?;
    files.push(path);
    Ok(files)
}

#[cfg(not(feature = "plot"))]
/// Without the `plot` feature: says so, and draws nothing.
pub(super) fn draw(
    page: &mut Page<'_>,
    _: &Path,
    _: &[LayerGradient],
    _: &[LayerGradient],
) -> Result<Vec<PathBuf>, Box<dyn Error>> {
    super::super::page::say!(page, "common.no_plot")?;
    Ok(Vec::new())
}
