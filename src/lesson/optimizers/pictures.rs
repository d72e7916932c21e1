//! The pictures: each optimizer's path over the valley's contour lines, and
//! the MLP's loss curves.

use std::error::Error;
use std::path::{Path, PathBuf};

use super::super::page::Page;
use super::training::Run;
use super::valley::Descent;

#[cfg(feature = "plot")]
/// Draws `valley_momentum.png`, `valley_adagrad_rmsprop.png`,
/// `valley_adam.png` and `mlp_loss.png` under `dir`; returns them.
pub(super) fn draw(
    page: &mut Page<'_>,
    dir: &Path,
    paths: &[Descent],
    runs: &[Run],
) -> Result<Vec<PathBuf>, Box<dyn Error>> {
    use super::super::page::tr;
    use super::valley::{STEPS, TARGET};
    use crate::plot::{self, LineChart, Series};

    let mut files = Vec::new();
    let words = super::super::plot_words(page.lang());

    // The paths over the contour lines of f, each drawn until it reaches
    // f < TARGET. Three pictures: AdaGrad, RMSProp and Adam all start along
    // the same diagonal (their first steps have the same size in w1 and
    // w2), so with the momentum family in the same picture the lines would
    // hide one another. Gradient descent is in the first two, for
    // reference; the third has Adam and AdamW alone, AdamW drawn first and
    // wider, Adam dashed on top, so that AdamW shows around Adam's path
    // (which it follows within 0.08) and through its gaps.
    let f = |w1: f64, w2: f64| 0.1 * w1 * w1 + 2.0 * w2 * w2;
    let drawn = |names: &[&str]| -> Vec<Series> {
        names
            .iter()
            .filter_map(|&wanted| paths.iter().find(|(name, _, _)| name == wanted))
            .map(|(name, lr, path)| {
                let end = path.iter().position(|s| s.f < TARGET).unwrap_or(STEPS);
                let label = tr!(page, "opt.plot_path", name = name, lr = lr, steps = end);
                Series::new(label, path[..=end].iter().map(|s| (s.w1, s.w2)).collect())
            })
            .collect()
    };
    for (file, names) in [
        ("valley_momentum.png", &["sgd", "momentum", "nesterov"][..]),
        (
            "valley_adagrad_rmsprop.png",
            &["sgd", "adagrad", "rmsprop"][..],
        ),
        ("valley_adam.png", &["adamw", "adam"][..]),
    ] {
        let listed = names.join(", ");
        let title = tr!(page, "opt.plot_valley", names = listed);
        let path = dir.join(file);
        plot::contour_paths_with(
            &path,
            &title,
            &f,
            (-4.5, 1.5),
            (-1.75, 2.25),
            &drawn(names),
            &words,
        )?;
        files.push(path);
    }

    // The loss curves side by side.
    let mut chart = LineChart::new(tr!(page, "opt.plot_mlp"))
        .x_label(tr!(page, "opt.plot_step"))
        .y_label(tr!(page, "opt.plot_loss"))
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
    page: &mut Page<'_>,
    _: &Path,
    _: &[Descent],
    _: &[Run],
) -> Result<Vec<PathBuf>, Box<dyn Error>> {
    super::super::page::say!(page, "common.no_plot")?;
    Ok(Vec::new())
}
