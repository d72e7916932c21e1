//! The pictures: the MLP's decision boundaries and one loss curve per model,
//! zero against random initialization.

use std::path::{Path, PathBuf};

use super::super::page::Page;
use super::training::ModelRun;
#[cfg(feature = "plot")]
use super::training::Trained;
use super::Outcome;
use crate::data::Dataset;
use crate::nn::Mlp;

#[cfg(feature = "plot")]
/// Draws `network`'s decision regions over `data` in `dir/file`; returns the
/// picture.
pub(super) fn boundary(
    dir: &Path,
    file: &str,
    title: &str,
    network: &Mlp<'_>,
    data: &Dataset,
) -> Outcome<Option<PathBuf>> {
    use crate::train::{predict, Objective};
    let path = dir.join(file);
    let points: Vec<[f64; 2]> = data.x.iter().map(|x| [x[0], x[1]]).collect();
    let classify = |x0: f64, x1: f64| {
        Objective::SoftmaxCrossEntropy.predict_class(&predict(network, &[x0, x1]))
    };
    crate::plot::decision_boundary(&path, title, &points, &data.labels(), &classify, 100)?;
    Ok(Some(path))
}

#[cfg(not(feature = "plot"))]
/// Without the `plot` feature: draws nothing.
pub(super) fn boundary(
    _: &Path,
    _: &str,
    _: &str,
    _: &Mlp<'_>,
    _: &Dataset,
) -> Outcome<Option<PathBuf>> {
    Ok(None)
}

#[cfg(feature = "plot")]
/// Draws each model's two loss curves (zeros, random initialization) in
/// `dir`; returns the pictures.
pub(super) fn loss_charts(
    page: &mut Page<'_>,
    dir: &Path,
    runs: &[ModelRun],
) -> Outcome<Vec<PathBuf>> {
    use super::super::page::tr;
    use super::HIDDEN;
    use crate::plot::{LineChart, Series};
    let mut files = Vec::new();
    for run in runs {
        let path = dir.join(run.file);
        // Epochs count from 1, as the text counts them.
        let curve = |t: &Trained| {
            t.history
                .epochs
                .iter()
                .map(|r| ((r.epoch + 1) as f64, r.train_loss))
                .collect::<Vec<_>>()
        };
        let model = tr!(page, run.key, hidden = HIDDEN);
        LineChart::new(tr!(page, "zero.plot_loss", model = model))
            .x_label(tr!(page, "zero.plot_epoch"))
            .y_label(tr!(page, "zero.plot_loss_axis"))
            .log_y(true)
            .series(Series::new(tr!(page, "zero.plot_zero"), curve(&run.zero)))
            .series(Series::new(
                tr!(page, "zero.plot_random"),
                curve(&run.random),
            ))
            .save(&path)?;
        files.push(path);
    }
    Ok(files)
}

#[cfg(not(feature = "plot"))]
/// Without the `plot` feature: draws nothing.
pub(super) fn loss_charts(_: &mut Page<'_>, _: &Path, _: &[ModelRun]) -> Outcome<Vec<PathBuf>> {
    Ok(Vec::new())
}
