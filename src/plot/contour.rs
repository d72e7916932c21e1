//! Contours and optimizers' paths: `f` sampled on a grid, its contour lines
//! by marching squares, and the figure that
//! [`contour_paths`](super::contour_paths) draws with the paths on top.
//!
//! The marching squares are our own, measured against the `contour` crate
//! (0.13.1, d3-contour's algorithm, last released April 2024) on the
//! lesson's valley `0.1·w1² + 2·w2²` over `[-4.5, 1.5] × [-1.75, 2.25]`,
//! twelve levels on the 201 × 201 grid:
//! - The crate returns closed rings around the region at or above each
//!   level, treating the outside of the grid as below every level, so a
//!   level that leaves the picture comes back along the frame: 8,169 of
//!   its 11,247 points lie on the frame (ours: 0 of 3,028). It also
//!   counts a NaN as below the level and interpolates with it: a bowl
//!   with an undefined disk inside the region above the level gets a ring
//!   of 165 points with NaN coordinates (ours leaves those cells out).
//!   Using it would mean cutting those pieces out again.
//! - Inside the frame both are the same linear interpolation: the circle
//!   `x² + y² = 0.25` comes out within 2.5e-5 of radius 0.5 from either.
//! - Speed is a tie: 3.1 ms (ours) against 2.7 ms (the crate) at best of
//!   30, medians 5.1–7.3 ms against 4.6–6.8 ms on a busy 2-core machine,
//!   in a picture that takes 16.6 ms at best to draw and write as PNG.
//! - It would add six crates (contour, geo-types, thiserror and its
//!   derive macro, lazy_static, rustc-hash).

use std::collections::HashMap;

use plotters::prelude::*;

use super::axes::{draw_plane_axes, plane_chart};
use super::layout::{draw_legend, layout, LegendEntry, Swatch};
use super::save::{message, Area, Drawn, Figure, Scale};
use super::style::{draw_line, draw_start, palette_color, Dash};
use super::ticks::extent;
use super::Series;

/// Grid points per axis on which `contour_paths` samples `f`.
pub(super) const CONTOUR_GRID: usize = 201;

/// Contour lines that `contour_paths` draws.
pub(super) const CONTOUR_LEVELS: usize = 12;

/// Contour lines.
const CONTOUR_GRAY: RGBColor = RGBColor(0x80, 0x80, 0x80);

/// `f` sampled at `size × size` points spanning the ranges, corners
/// included.
pub(super) struct Grid {
    x_range: (f64, f64),
    y_range: (f64, f64),
    size: usize,
    /// `values[row * size + column]`, row 0 at `y_range.0`.
    values: Vec<f64>,
}

/// Where a contour crosses the grid: the edge from node `(column, row)` to
/// the next node to the right (`vertical == false`) or above (`true`).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct Crossing {
    column: usize,
    row: usize,
    vertical: bool,
}

impl Grid {
    pub(super) fn sample(
        f: &dyn Fn(f64, f64) -> f64,
        x_range: (f64, f64),
        y_range: (f64, f64),
        size: usize,
    ) -> Grid {
        let mut values = Vec::with_capacity(size * size);
        for row in 0..size {
            for column in 0..size {
                let (x, y) = Grid::node_at(x_range, y_range, size, column, row);
                values.push(f(x, y));
            }
        }
        Grid {
            x_range,
            y_range,
            size,
            values,
        }
    }

    fn node_at(
        x_range: (f64, f64),
        y_range: (f64, f64),
        size: usize,
        column: usize,
        row: usize,
    ) -> (f64, f64) {
        let t = |i: usize| i as f64 / (size - 1) as f64;
        (
            x_range.0 + (x_range.1 - x_range.0) * t(column),
            y_range.0 + (y_range.1 - y_range.0) * t(row),
        )
    }

    fn node(&self, column: usize, row: usize) -> (f64, f64) {
        Grid::node_at(self.x_range, self.y_range, self.size, column, row)
    }

    fn value(&self, column: usize, row: usize) -> f64 {
        self.values[row * self.size + column]
    }

    /// `count` levels `min + (max − min)·t`, `t` geometric from 0.001 to 0.9;
    /// none when `f` is constant or nowhere finite.
    pub(super) fn levels(&self, count: usize) -> Vec<f64> {
        let (min, max) = extent(self.values.iter().copied().filter(|v| v.is_finite()));
        if min >= max || !(max - min).is_finite() {
            return Vec::new();
        }
        let (first, last) = (1e-3f64, 0.9f64);
        (0..count)
            .map(|k| {
                let t = first * (last / first).powf(k as f64 / (count - 1) as f64);
                min + (max - min) * t
            })
            .collect()
    }

    /// The point where the contour at `level` crosses an edge, by linear
    /// interpolation between the edge's two nodes.
    fn crossing_point(&self, crossing: Crossing, level: f64) -> (f64, f64) {
        let Crossing {
            column,
            row,
            vertical,
        } = crossing;
        let (next_column, next_row) = if vertical {
            (column, row + 1)
        } else {
            (column + 1, row)
        };
        let (a, b) = (self.value(column, row), self.value(next_column, next_row));
        let t = ((level - a) / (b - a)).clamp(0.0, 1.0);
        let (p, q) = (self.node(column, row), self.node(next_column, next_row));
        (p.0 + t * (q.0 - p.0), p.1 + t * (q.1 - p.1))
    }

    /// The contour lines at `level`, by marching squares, joined into
    /// polylines (closed ones end where they start).
    pub(super) fn contour(&self, level: f64) -> Vec<Vec<(f64, f64)>> {
        let above = |column, row| self.value(column, row) > level;
        let mut segments: Vec<[Crossing; 2]> = Vec::new();
        for row in 0..self.size - 1 {
            for column in 0..self.size - 1 {
                let corners = [
                    (column, row),
                    (column + 1, row),
                    (column + 1, row + 1),
                    (column, row + 1),
                ];
                if corners.iter().any(|&(c, r)| !self.value(c, r).is_finite()) {
                    continue;
                }
                let bottom = Crossing {
                    column,
                    row,
                    vertical: false,
                };
                let right = Crossing {
                    column: column + 1,
                    row,
                    vertical: true,
                };
                let top = Crossing {
                    column,
                    row: row + 1,
                    vertical: false,
                };
                let left = Crossing {
                    column,
                    row,
                    vertical: true,
                };
                let [a, b, c, d] = corners.map(|(c, r)| above(c, r));
                // Edges whose two corners lie on different sides of the level.
                let crossed: Vec<Crossing> =
                    [(a, b, bottom), (b, c, right), (d, c, top), (a, d, left)]
                        .into_iter()
                        .filter(|&(p, q, _)| p != q)
                        .map(|(_, _, edge)| edge)
                        .collect();
                match crossed.len() {
                    2 => segments.push([crossed[0], crossed[1]]),
                    4 => {
                        // A saddle: the cell's centre decides which corners
                        // the contour cuts off.
                        let centre =
                            corners.iter().map(|&(c, r)| self.value(c, r)).sum::<f64>() / 4.0;
                        if (centre > level) == a {
                            segments.push([bottom, right]);
                            segments.push([top, left]);
                        } else {
                            segments.push([bottom, left]);
                            segments.push([top, right]);
                        }
                    }
                    _ => {}
                }
            }
        }
        self.join(&segments)
            .into_iter()
            .map(|chain| {
                chain
                    .into_iter()
                    .map(|c| self.crossing_point(c, level))
                    .collect()
            })
            .collect()
    }

    /// Joins segments that share a crossing into chains. Each crossing
    /// belongs to at most two segments (one per cell beside its edge).
    fn join(&self, segments: &[[Crossing; 2]]) -> Vec<Vec<Crossing>> {
        let mut at: HashMap<Crossing, Vec<usize>> = HashMap::new();
        for (index, segment) in segments.iter().enumerate() {
            for &end in segment {
                at.entry(end).or_default().push(index);
            }
        }
        let mut used = vec![false; segments.len()];
        let mut chains = Vec::new();
        for first in 0..segments.len() {
            if used[first] {
                continue;
            }
            used[first] = true;
            let mut forward = vec![segments[first][0], segments[first][1]];
            let mut backward = Vec::new();
            // Grow from the last end, then from the first.
            for grow_backward in [false, true] {
                loop {
                    let end = if grow_backward {
                        *backward.last().unwrap_or(&forward[0])
                    } else {
                        *forward.last().expect("a chain has two ends")
                    };
                    let next = at[&end].iter().copied().find(|&s| !used[s]);
                    let Some(next) = next else { break };
                    used[next] = true;
                    let [p, q] = segments[next];
                    let other = if p == end { q } else { p };
                    if grow_backward {
                        backward.push(other);
                    } else {
                        forward.push(other);
                    }
                }
            }
            backward.reverse();
            backward.extend(forward);
            chains.push(backward);
        }
        chains
    }
}

pub(super) struct ContourFigure<'a> {
    pub(super) title: &'a str,
    pub(super) contours: Vec<Vec<(f64, f64)>>,
    pub(super) paths: &'a [Series],
    /// The legend's word for the ring at a path's start.
    pub(super) start_word: &'a str,
    pub(super) x_range: (f64, f64),
    pub(super) y_range: (f64, f64),
}

/// The line of path `index` of `count`: the last one, drawn on top of the
/// others, dashed when there are others.
fn path_dash(index: usize, count: usize) -> Dash {
    if count > 1 && index + 1 == count {
        Dash::Dashed
    } else {
        Dash::for_series(index)
    }
}

/// The part of the segment `p → q` inside the box, by Liang–Barsky; `None`
/// when it misses the box.
///
/// plotters does not clip: it moves each point outside the plotting area
/// onto its edge (`Rect::truncate`), so a path that leaves the picture
/// would be drawn running along the frame.
fn clip_segment(
    p: (f64, f64),
    q: (f64, f64),
    x_range: (f64, f64),
    y_range: (f64, f64),
) -> Option<((f64, f64), (f64, f64))> {
    let (dx, dy) = (q.0 - p.0, q.1 - p.1);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (step, room) in [
        (-dx, p.0 - x_range.0),
        (dx, x_range.1 - p.0),
        (-dy, p.1 - y_range.0),
        (dy, y_range.1 - p.1),
    ] {
        if step == 0.0 {
            if room < 0.0 {
                return None;
            }
        } else {
            let t = room / step;
            if step < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    (t0 <= t1).then_some((
        (p.0 + t0 * dx, p.1 + t0 * dy),
        (p.0 + t1 * dx, p.1 + t1 * dy),
    ))
}

impl ContourFigure<'_> {
    fn inside(&self, (x, y): (f64, f64)) -> bool {
        (self.x_range.0..=self.x_range.1).contains(&x)
            && (self.y_range.0..=self.y_range.1).contains(&y)
    }

    /// A path's visible pieces: its finite steps, joined, cut at the frame.
    fn visible_pieces(&self, path: &Series) -> Vec<Vec<(f64, f64)>> {
        let mut pieces: Vec<Vec<(f64, f64)>> = Vec::new();
        let mut previous: Option<(f64, f64)> = None;
        for &point in &path.points {
            if !(point.0.is_finite() && point.1.is_finite()) {
                previous = None;
                continue;
            }
            if let Some(p) = previous {
                if let Some((a, b)) = clip_segment(p, point, self.x_range, self.y_range) {
                    match pieces.last_mut() {
                        Some(piece) if piece.last() == Some(&a) => piece.push(b),
                        _ => pieces.push(vec![a, b]),
                    }
                }
            }
            previous = Some(point);
        }
        pieces
    }
}

impl Figure for ContourFigure<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &Area<DB>, scale: Scale) -> Drawn {
        let mut entries: Vec<LegendEntry> = self
            .paths
            .iter()
            .enumerate()
            .map(|(index, path)| LegendEntry {
                label: path.name.clone(),
                swatch: Swatch::Line {
                    color: palette_color(index),
                    dash: path_dash(index, self.paths.len()),
                    dot: true,
                },
            })
            .collect();
        if !entries.is_empty() {
            entries.push(LegendEntry {
                label: self.start_word.to_string(),
                swatch: Swatch::Start,
            });
        }
        let (plot, legend) = layout(root, self.title, &mut entries, scale)?;
        let mut chart = plane_chart(&plot, self.x_range, self.y_range, scale)?;
        draw_plane_axes(&mut chart, ("w1", "w2"), scale)?;
        let area = chart.plotting_area();
        for contour in &self.contours {
            area.draw(&PathElement::new(
                contour.clone(),
                CONTOUR_GRAY.stroke_width(scale.upx(1.0)),
            ))
            .map_err(message)?;
        }
        let count = self.paths.len();
        for (index, path) in self.paths.iter().enumerate() {
            let color = palette_color(index);
            // Every path but the last a little wider, and the last dashed,
            // so that a path the last one follows closely (AdamW under
            // Adam) still shows around it and through its gaps.
            let width = if index + 1 < count { 3.5 } else { 2.0 };
            let style = color.stroke_width(scale.upx(width));
            for piece in self.visible_pieces(path) {
                draw_line(area, piece, style, path_dash(index, count), scale)?;
            }
            for &point in path.points.iter().filter(|&&p| self.inside(p)) {
                area.draw(&Circle::new(point, scale.upx(3.0), color.filled()))
                    .map_err(message)?;
            }
        }
        for path in self.paths {
            let start = path
                .points
                .iter()
                .copied()
                .find(|p| p.0.is_finite() && p.1.is_finite());
            if let Some(start) = start.filter(|&p| self.inside(p)) {
                draw_start(area, start, scale)?;
            }
        }
        if let Some(legend) = legend {
            draw_legend(&legend, area.get_base_pixel().1, &entries, scale)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clip_segment_cuts_at_the_frame() {
        let inside = clip_segment((0.0, 0.0), (2.0, 0.0), (-1.0, 1.0), (-1.0, 1.0));
        assert_eq!(inside, Some(((0.0, 0.0), (1.0, 0.0))));
        assert_eq!(
            clip_segment((2.0, 2.0), (3.0, 3.0), (-1.0, 1.0), (-1.0, 1.0)),
            None
        );
    }

    #[test]
    fn a_level_that_leaves_the_grid_ends_at_the_edge_without_following_it() {
        // f = x on [0, 1]²: the level 0.5 is the vertical segment x = 0.5,
        // from y = 0 to y = 1, and nothing along the grid's edges.
        let grid = Grid::sample(&|x, _| x, (0.0, 1.0), (0.0, 1.0), 11);
        let lines = grid.contour(0.5);
        assert_eq!(lines.len(), 1);
        let line = &lines[0];
        assert!(line.iter().all(|&(x, _)| (x - 0.5).abs() < 1e-12));
        let mut ends = [line[0].1, line[line.len() - 1].1];
        ends.sort_by(f64::total_cmp);
        assert_eq!(ends, [0.0, 1.0]);
        assert_eq!(line.len(), 11, "one point per row of the grid");
    }

    #[test]
    fn cells_with_an_undefined_value_are_left_out() {
        // f = ln(x) + y² on [-1, 2] × [-1, 1]: NaN for x < 0 and −∞ at
        // x = 0. The level 0 is the curve x = e^(−y²), from (e^(−1), −1)
        // through (1, 0) to (e^(−1), 1); no line runs around the
        // undefined half.
        let grid = Grid::sample(&|x, y| x.ln() + y * y, (-1.0, 2.0), (-1.0, 1.0), 61);
        let lines = grid.contour(0.0);
        assert_eq!(lines.len(), 1);
        for &(x, y) in &lines[0] {
            assert!(x > 0.3, "a point at ({x}, {y}), left of the curve");
            assert!(
                (x - (-y * y).exp()).abs() < 0.01,
                "({x}, {y}) is off x = e^(−y²)"
            );
        }
    }

    #[test]
    fn contour_of_a_bowl_is_one_closed_loop_at_the_right_radius() {
        // f = w1² + w2² on [-1, 1]²: the level 0.25 is the circle of radius 0.5.
        let grid = Grid::sample(&|x, y| x * x + y * y, (-1.0, 1.0), (-1.0, 1.0), 41);
        let lines = grid.contour(0.25);
        assert_eq!(lines.len(), 1);
        let line = &lines[0];
        assert_eq!(
            line.first(),
            line.last(),
            "a closed loop ends where it starts"
        );
        for &(x, y) in line {
            assert!(((x * x + y * y).sqrt() - 0.5).abs() < 0.01);
        }
    }
}
