//! Drawing a [`LineChart`]: its lines, axes (linear or logarithmic) and
//! legend.

use plotters::coord::ranged1d::ValueFormatter;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

use super::axes::{draw_axes, y_label_area};
use super::layout::{
    draw_legend, layout, layout_with_legend, legend_text_width, LegendEntry, Swatch,
};
use super::save::{message, Area, Drawn, Figure, Scale};
use super::style::{draw_line, palette_color, Dash};
use super::ticks::{
    extent, linear_tick_label, log_tick_label, log_ticks, padded_log_range, padded_range,
};
use super::LineChart;

/// A series of at most this many points gets a marker at every point.
const MARK_POINTS_UP_TO: usize = 25;

impl LineChart {
    /// Whether a point is drawn: finite, and positive on a log axis.
    fn keeps(&self, (x, y): (f64, f64)) -> bool {
        x.is_finite() && y.is_finite() && (!self.log_y || y > 0.0)
    }

    /// Each series' runs of consecutive drawable points.
    fn runs(&self) -> Vec<Vec<Vec<(f64, f64)>>> {
        self.series
            .iter()
            .map(|series| {
                let mut runs = vec![Vec::new()];
                for &point in &series.points {
                    if self.keeps(point) {
                        runs.last_mut().expect("runs is never empty").push(point);
                    } else if !runs.last().expect("runs is never empty").is_empty() {
                        runs.push(Vec::new());
                    }
                }
                runs.retain(|run| !run.is_empty());
                runs
            })
            .collect()
    }

    /// Draws the axes and the lines on a built chart, linear or logarithmic;
    /// returns the pixel row of the plot's top edge, where the legend starts.
    fn draw_plot<DB, Y>(
        &self,
        chart: &mut ChartContext<DB, Cartesian2d<RangedCoordf64, Y>>,
        x_format: &dyn Fn(&f64) -> String,
        y_format: &dyn Fn(&f64) -> String,
        runs: &[Vec<Vec<(f64, f64)>>],
        scale: Scale,
    ) -> Drawn<i32>
    where
        DB: DrawingBackend,
        Y: Ranged<ValueType = f64> + ValueFormatter<f64>,
    {
        draw_axes(
            chart,
            &self.x_label,
            &self.y_label,
            x_format,
            y_format,
            true,
            scale,
        )?;
        let area = chart.plotting_area();
        for (index, series_runs) in runs.iter().enumerate() {
            let color = palette_color(index);
            let style = color.stroke_width(scale.upx(2.0));
            let count: usize = series_runs.iter().map(Vec::len).sum();
            for run in series_runs {
                if run.len() > 1 {
                    draw_line(area, run.clone(), style, Dash::for_series(index), scale)?;
                }
                if run.len() == 1 || count <= MARK_POINTS_UP_TO {
                    for &point in run {
                        area.draw(&Circle::new(point, scale.upx(3.0), color.filled()))
                            .map_err(message)?;
                    }
                }
            }
        }
        Ok(area.get_base_pixel().1)
    }

    fn legend(&self, runs: &[Vec<Vec<(f64, f64)>>]) -> Vec<LegendEntry> {
        self.series
            .iter()
            .zip(runs)
            .enumerate()
            .map(|(index, (series, series_runs))| {
                let count: usize = series_runs.iter().map(Vec::len).sum();
                LegendEntry {
                    label: series.name.clone(),
                    swatch: Swatch::Line {
                        color: palette_color(index),
                        dash: Dash::for_series(index),
                        dot: count <= MARK_POINTS_UP_TO || series_runs.iter().all(|r| r.len() == 1),
                    },
                }
            })
            .collect()
    }
}

impl Figure for LineChart {
    fn draw<DB: DrawingBackend>(&self, root: &Area<DB>, scale: Scale) -> Drawn {
        self.draw_with_legend(root, scale, 0)
    }
}

impl LineChart {
    /// Draws the chart with its legend's text column at least `min_text`
    /// pixels wide (see [`layout_with_legend`]).
    fn draw_with_legend<DB: DrawingBackend>(
        &self,
        root: &Area<DB>,
        scale: Scale,
        min_text: u32,
    ) -> Drawn {
        let runs = self.runs();
        let mut entries = self.legend(&runs);
        let (plot, legend) = layout_with_legend(root, &self.title, &mut entries, scale, min_text)?;
        let points = || runs.iter().flatten().flatten().copied();
        let (x_lo, x_hi) = padded_range(extent(points().map(|p| p.0)));
        let x_format = move |x: &f64| linear_tick_label(*x, x_lo, x_hi);
        let mut builder = ChartBuilder::on(&plot);
        builder
            .margin(scale.px(12.0))
            .margin_right(scale.px(18.0))
            .x_label_area_size(scale.px(if self.x_label.is_empty() { 28.0 } else { 52.0 }));
        let plot_top = if self.log_y {
            let (y_lo, y_hi) = padded_log_range(extent(points().map(|p| p.1)));
            let (ticks, minor_ticks) = log_ticks(y_lo, y_hi);
            let labels = ticks.iter().map(|&y| log_tick_label(y));
            builder.y_label_area_size(y_label_area(
                &plot,
                labels,
                !self.y_label.is_empty(),
                scale,
            )?);
            let y_axis = (y_lo..y_hi)
                .log_scale()
                .with_key_points(ticks)
                .with_light_points(minor_ticks);
            let y_format = |y: &f64| log_tick_label(*y);
            let mut chart = builder
                .build_cartesian_2d(x_lo..x_hi, y_axis)
                .map_err(message)?;
            self.draw_plot(&mut chart, &x_format, &y_format, &runs, scale)?
        } else {
            let (y_lo, y_hi) = padded_range(extent(points().map(|p| p.1)));
            let y_format = move |y: &f64| linear_tick_label(*y, y_lo, y_hi);
            let coord: RangedCoordf64 = (y_lo..y_hi).into();
            let labels = coord.key_points(8usize).into_iter().map(|y| y_format(&y));
            builder.y_label_area_size(y_label_area(
                &plot,
                labels,
                !self.y_label.is_empty(),
                scale,
            )?);
            let mut chart = builder
                .build_cartesian_2d(x_lo..x_hi, y_lo..y_hi)
                .map_err(message)?;
            self.draw_plot(&mut chart, &x_format, &y_format, &runs, scale)?
        };
        if let Some(legend) = legend {
            draw_legend(&legend, plot_top, &entries, scale)?;
        }
        Ok(())
    }
}

/// Several charts in one picture, row by row: see [`save_grid`](super::save_grid).
pub(super) struct ChartGrid<'a> {
    pub(super) title: &'a str,
    pub(super) charts: &'a [LineChart],
    pub(super) columns: usize,
}

impl Figure for ChartGrid<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &Area<DB>, scale: Scale) -> Drawn {
        let (body, _) = layout(root, self.title, &mut [], scale)?;
        let rows = self.charts.len().div_ceil(self.columns.max(1));
        let cells = body.split_evenly((rows, self.columns.max(1)));
        // Each chart sized as a picture of its own cell's size, with the
        // widest legend's column, so that the plots line up.
        let cell_scale = |cell: &Area<DB>| Scale::new(cell.dim_in_pixel(), scale.bitmap);
        let mut widest = 0;
        for (chart, cell) in self.charts.iter().zip(&cells) {
            let mut entries = chart.legend(&chart.runs());
            widest = widest.max(legend_text_width(cell, &mut entries, cell_scale(cell))?);
        }
        for (chart, cell) in self.charts.iter().zip(&cells) {
            chart.draw_with_legend(cell, cell_scale(cell), widest)?;
        }
        Ok(())
    }
}
