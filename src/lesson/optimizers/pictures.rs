//! The pictures: each optimizer's path over the valley's contour lines, and
//! the MLP's loss curves.

use std::error::Error;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::training::Run;
use super::valley::Descent;

#[cfg(feature = "plot")]
/// Draws `valley_momentum.png`, `valley_adagrad_rmsprop.png`,
/// `valley_adam.png` and `mlp_loss.png` under `dir`; returns them.
pub(super) fn draw(
    _: &mut dyn Write,
    dir: &Path,
    paths: &[Descent],
    runs: &[Run],
) -> Result<Vec<PathBuf>, Box<dyn Error>> {
    use super::valley::{STEPS, TARGET};
    use crate::plot::{self, LineChart, Series};

    let mut files = Vec::new();

    // The paths over the contour lines of f, each drawn until it reaches
    // f < TARGET. Two pictures: AdaGrad, RMSProp and Adam all start along
    // the same diagonal (their first steps have the same size in w1 and
    // w2), so with the momentum family in the same picture the lines
    // would hide one another. Gradient descent is in both, for reference.
    let f = |w1: f64, w2: f64| 0.1 * w1 * w1 + 2.0 * w2 * w2;
    let drawn = |names: &[&str]| -> Vec<Series> {
        names
            .iter()
            .filter_map(|&wanted| paths.iter().find(|(name, _, _)| name == wanted))
            .map(|(name, lr, path)| {
                let end = path.iter().position(|s| s.f < TARGET).unwrap_or(STEPS);
                Series::new(
                    format!("{name}, lr {lr} ({end} steps)"),
                    path[..=end].iter().map(|s| (s.w1, s.w2)).collect(),
                )
            })
            .collect()
    };
    for (file, title, names) in [
        (
            "valley_momentum.png",
            "Gradient descent, momentum and Nesterov on 0.1·w1² + 2·w2²",
            &["sgd", "momentum", "nesterov"][..],
        ),
        (
            "valley_adagrad_rmsprop.png",
            "Gradient descent, AdaGrad and RMSProp on 0.1·w1² + 2·w2²",
            &["sgd", "adagrad", "rmsprop"][..],
        ),
        (
            "valley_adam.png",
            "Gradient descent, Adam and AdamW on 0.1·w1² + 2·w2²",
            // AdamW first, so that Adam is drawn over it: their paths
            // coincide (see the distance printed above).
            &["sgd", "adamw", "adam"][..],
        ),
    ] {
        let path = dir.join(file);
        plot::contour_paths(&path, title, &f, (-4.5, 1.5), (-1.75, 2.25), &drawn(names))?;
        files.push(path);
    }

    // The loss curves side by side.
    let mut chart = LineChart::new("Training loss of MLP(2, [16, 16, 1]) on the moons")
        .x_label("step (full batch)")
        .y_label("binary cross-entropy (log scale)")
        .log_y(true);
    for r in runs {
        chart = chart.series(Series::new(
            format!("{}, lr {}", r.name, r.lr),
            r.curve.clone(),
        ));
    }
    let path = dir.join("mlp_loss.png");
    chart.save(&path)?;
    files.push(path);
    Ok(files)
}

#[cfg(not(feature = "plot"))]
/// Without the `plot` feature: says so, and draws nothing.
pub(super) fn draw(
    out: &mut dyn Write,
    dir: &Path,
    _: &[Descent],
    _: &[Run],
) -> Result<Vec<PathBuf>, Box<dyn Error>> {
    writeln!(
        out,
        "\n(built without the `plot` feature: no pictures under {})",
        dir.display()
    )?;
    Ok(Vec::new())
}
