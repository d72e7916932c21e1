//! The pictures: the MLP's decision boundaries and one loss curve per model,
//! zero against random initialization.

use std::path::{Path, PathBuf};

use super::training::Chart;
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
/// Draws each chart's two loss curves (zeros, random initialization) in
/// `dir`; returns the pictures.
pub(super) fn loss_charts(dir: &Path, charts: &[Chart]) -> Outcome<Vec<PathBuf>> {
    use super::RANDOM_NAME;
    use crate::plot::{LineChart, Series};
    let mut files = Vec::new();
    for (file, title, zero, random) in charts {
        let path = dir.join(file);
        let curve = |t: &Trained| t.history.curve(|r| Some(r.train_loss));
        LineChart::new(format!("{title}: training loss per epoch"))
            .x_label("epoch")
            .y_label("training loss (log scale)")
            .log_y(true)
            .series(Series::new("all parameters 0", curve(zero)))
            .series(Series::new(
                format!("random init ({RANDOM_NAME})"),
                curve(random),
            ))
            .save(&path)?;
        files.push(path);
    }
    Ok(files)
}

#[cfg(not(feature = "plot"))]
/// Without the `plot` feature: draws nothing.
pub(super) fn loss_charts(_: &Path, _: &[Chart]) -> Outcome<Vec<PathBuf>> {
    Ok(Vec::new())
}
