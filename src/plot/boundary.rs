//! Decision boundary: the plane coloured by a classifier's prediction, with
//! the data points on top, as [`decision_boundary`](super::decision_boundary)
//! draws it.

use std::collections::BTreeSet;

use plotters::prelude::*;

use super::axes::{draw_plane_axes, plane_chart};
use super::layout::{draw_legend, layout, LegendEntry, Swatch};
use super::save::{message, Area, Drawn, Figure, Scale};
use super::style::{draw_data_point, palette_color, tint};
use super::ticks::extent;

pub(super) struct BoundaryFigure<'a> {
    pub(super) title: &'a str,
    pub(super) points: &'a [[f64; 2]],
    pub(super) labels: &'a [usize],
    /// The predicted class of every cell, `predictions[row][column]`, row 0
    /// at the bottom.
    pub(super) predictions: Vec<Vec<usize>>,
    pub(super) x_range: (f64, f64),
    pub(super) y_range: (f64, f64),
    /// The legend's word for a class.
    pub(super) class_word: &'a str,
}

/// The plane around `points`: their bounding box padded by 10 % of its
/// larger side, or by 0.5 when the points coincide; `[-1, 1]²` without
/// points.
pub(super) fn boundary_ranges(points: &[[f64; 2]]) -> ((f64, f64), (f64, f64)) {
    let finite = || {
        points
            .iter()
            .filter(|p| p[0].is_finite() && p[1].is_finite())
    };
    let (x_lo, x_hi) = extent(finite().map(|p| p[0]));
    let (y_lo, y_hi) = extent(finite().map(|p| p[1]));
    if x_lo > x_hi {
        return ((-1.0, 1.0), (-1.0, 1.0));
    }
    let side = (x_hi - x_lo).max(y_hi - y_lo);
    let pad = if side > 0.0 && side.is_finite() {
        0.1 * side
    } else {
        0.5
    };
    ((x_lo - pad, x_hi + pad), (y_lo - pad, y_hi + pad))
}

impl Figure for BoundaryFigure<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &Area<DB>, scale: Scale) -> Drawn {
        // The classes that appear, as labels or as predictions.
        let classes: BTreeSet<usize> = self
            .labels
            .iter()
            .chain(self.predictions.iter().flatten())
            .copied()
            .collect();
        let mut entries: Vec<LegendEntry> = classes
            .into_iter()
            .map(|class| LegendEntry {
                label: format!("{} {class}", self.class_word),
                swatch: Swatch::Class { class },
            })
            .collect();
        let (plot, legend) = layout(root, self.title, &mut entries, scale)?;
        let mut chart = plane_chart(&plot, self.x_range, self.y_range, scale)?;
        let ((x_lo, x_hi), (y_lo, y_hi)) = (self.x_range, self.y_range);

        // The regions: each row of cells as runs of one class, so that an
        // SVG holds a few rectangles per row rather than one per cell.
        let resolution = self.predictions.len();
        let x_at = |i: usize| x_lo + (x_hi - x_lo) * i as f64 / resolution as f64;
        let y_at = |j: usize| y_lo + (y_hi - y_lo) * j as f64 / resolution as f64;
        let area = chart.plotting_area();
        for (row, predictions) in self.predictions.iter().enumerate() {
            let mut start = 0;
            for column in 1..=resolution {
                if column == resolution || predictions[column] != predictions[start] {
                    let color = tint(palette_color(predictions[start]));
                    area.draw(&Rectangle::new(
                        [(x_at(start), y_at(row + 1)), (x_at(column), y_at(row))],
                        color.filled(),
                    ))
                    .map_err(message)?;
                    start = column;
                }
            }
        }
        draw_plane_axes(&mut chart, ("x1", "x2"), scale)?;
        let area = chart.plotting_area();
        for (point, &label) in self.points.iter().zip(self.labels) {
            if point[0].is_finite() && point[1].is_finite() {
                draw_data_point(area, (point[0], point[1]), palette_color(label), scale)?;
            }
        }
        if let Some(legend) = legend {
            draw_legend(&legend, area.get_base_pixel().1, &entries, scale)?;
        }
        Ok(())
    }
}
