//! The pictures: the dead unit's `z` and the gradient `e` it receives at each
//! step, ReLU against LeakyReLU.

use std::path::{Path, PathBuf};

use super::super::page::Page;
use super::network::Point;

#[cfg(feature = "plot")]
/// Draws `z_dead_unit.png` and `e_dead_unit.png` under `dir`, one line per
/// run; returns them. `unit` is the dead unit's number as printed (from 1).
pub(super) fn draw(
    page: &mut Page<'_>,
    dir: &Path,
    unit: usize,
    runs: &[(String, &[Point])],
) -> Result<Vec<PathBuf>, Box<dyn std::error::Error>> {
    use super::super::page::tr;
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
    // z at each step, with the line z = 0 above which the unit is alive.
    // e at each step: exactly 0 for ReLU (the blue line on the axis).
    for (file, title, y_label, f, reference) in [
        (
            "z_dead_unit.png",
            tr!(page, "dying.plot_z", unit = unit),
            format!("z_{unit}"),
            (|p: &Point| p.z) as fn(&Point) -> f64,
            Some(tr!(page, "dying.plot_alive")),
        ),
        (
            "e_dead_unit.png",
            tr!(page, "dying.plot_e", unit = unit),
            format!("e_{unit}"),
            |p: &Point| p.e,
            None,
        ),
    ] {
        let mut chart = LineChart::new(title)
            .x_label(tr!(page, "dying.plot_step"))
            .y_label(y_label);
        for (name, points) in runs {
            chart = chart.series(Series::new(name.clone(), curve(points, f)));
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
    _: &mut Page<'_>,
    _: &Path,
    _: usize,
    _: &[(String, &[Point])],
) -> Result<Vec<PathBuf>, Box<dyn std::error::Error>> {
    Ok(Vec::new())
}
