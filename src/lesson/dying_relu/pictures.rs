//! The pictures: the dead unit's `z` and the gradient `e` it receives at each
//! step, ReLU against LeakyReLU.

use std::path::{Path, PathBuf};

use super::network::Point;

#[cfg(feature = "plot")]
/// Draws `z_dead_unit.png` and `e_dead_unit.png` under `dir`, one line per
/// run; returns them. `unit` is the dead unit's number as printed (from 1).
pub(super) fn draw(
    dir: &Path,
    unit: usize,
    runs: &[(&str, &[Point])],
) -> Result<Vec<PathBuf>, Box<dyn std::error::Error>> {
    use crate::plot::{LineChart, Series};
    let curve = |points: &[Point], f: fn(&Point) -> f64| -> Vec<(f64, f64)> {
        points
            .iter()
            .enumerate()
            .map(|(s, p)| (s as f64, f(p)))
            .collect()
    };
    let steps = (runs[0].1.len() - 1) as f64;
    let mut files = Vec::new();
    // z_1 at each step, with the line z = 0 above which the unit is alive.
    // e_1 at each step: exactly 0 for ReLU (the blue line on the axis).
    for (file, title, y_label, f, reference) in [
        (
            "z_dead_unit.png",
            format!("Hidden unit {unit}: z_{unit} at each step (alive when z > 0)"),
            format!("z_{unit}"),
            (|p: &Point| p.z) as fn(&Point) -> f64,
            Some("z = 0: alive above"),
        ),
        (
            "e_dead_unit.png",
            format!("Hidden unit {unit}: the gradient e_{unit} = ∂J/∂z_{unit} it receives"),
            format!("e_{unit}"),
            |p: &Point| p.e,
            None,
        ),
    ] {
        let mut chart = LineChart::new(title)
            .x_label("gradient-descent step")
            .y_label(y_label);
        for (name, points) in runs {
            chart = chart.series(Series::new(*name, curve(points, f)));
        }
        if let Some(name) = reference {
            chart = chart.series(Series::new(name, vec![(0.0, 0.0), (steps, 0.0)]));
        }
        let path = dir.join(file);
        chart.save(&path)?;
        files.push(path);
    }
    Ok(files)
}

#[cfg(not(feature = "plot"))]
/// Without the `plot` feature: draws nothing.
pub(super) fn draw(
    _: &Path,
    _: usize,
    _: &[(&str, &[Point])],
) -> Result<Vec<PathBuf>, Box<dyn std::error::Error>> {
    Ok(Vec::new())
}
