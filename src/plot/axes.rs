//! Axes, tick labels and frames: the mesh that every picture draws, and
//! the plane (linear axes on both sides) of the decision boundary and the
//! contours.

use plotters::coord::ranged1d::ValueFormatter;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

use super::save::{message, Area, Drawn, Scale};
use super::ticks::linear_tick_label;

/// A chart with linear axes on both sides.
type Plane<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// The mesh (axes, ticks, labels) common to all three pictures.
pub(super) fn draw_axes<DB, Y>(
    chart: &mut ChartContext<DB, Cartesian2d<RangedCoordf64, Y>>,
    x_label: &str,
    y_label: &str,
    x_format: &dyn Fn(&f64) -> String,
    y_format: &dyn Fn(&f64) -> String,
    grid_lines: bool,
    scale: Scale,
) -> Drawn
where
    DB: DrawingBackend,
    Y: Ranged<ValueType = f64> + ValueFormatter<f64>,
{
    let mut mesh = chart.configure_mesh();
    mesh.x_desc(x_label)
        .y_desc(y_label)
        .axis_desc_style(scale.font(16.0))
        .label_style(scale.font(13.0))
        .x_label_formatter(x_format)
        .y_label_formatter(y_format)
        .x_labels(9)
        .y_labels(8)
        .axis_style(BLACK.mix(0.8))
        .bold_line_style(BLACK.mix(0.15))
        .light_line_style(BLACK.mix(0.06))
        // Light lines only where an axis lists them (the minor ticks of a
        // logarithmic axis); a linear axis' subdivisions are clutter.
        .max_light_lines(0)
        .set_all_tick_mark_size(scale.px(5.0));
    if !grid_lines {
        mesh.disable_mesh();
    }
    mesh.draw().map_err(message)
}

/// A thin frame around the plane, so that regions and contour lines that
/// run into its edge look cut off rather than open. (plotters' mesh draws
/// only the left and bottom axes.)
fn draw_frame<DB: DrawingBackend, CT: CoordTranslate>(area: &DrawingArea<DB, CT>) -> Drawn {
    let pixels = area.strip_coord_spec();
    let (width, height) = pixels.dim_in_pixel();
    let corners = [(0, 0), (width as i32 - 1, height as i32 - 1)];
    pixels
        .draw(&Rectangle::new(corners, BLACK.mix(0.8).stroke_width(1)))
        .map_err(message)
}

/// A chart of the plane `x_range × y_range` (linear axes) for the decision
/// boundary and the contours.
pub(super) fn plane_chart<'a, DB: DrawingBackend>(
    plot: &'a Area<DB>,
    (x_lo, x_hi): (f64, f64),
    (y_lo, y_hi): (f64, f64),
    scale: Scale,
) -> Drawn<Plane<'a, DB>> {
    let coord: RangedCoordf64 = (y_lo..y_hi).into();
    let labels = coord
        .key_points(8usize)
        .into_iter()
        .map(|y| linear_tick_label(y, y_lo, y_hi));
    ChartBuilder::on(plot)
        .margin(scale.px(12.0))
        .margin_right(scale.px(18.0))
        .x_label_area_size(scale.px(52.0))
        .y_label_area_size(y_label_area(plot, labels, true, scale)?)
        .build_cartesian_2d(x_lo..x_hi, y_lo..y_hi)
        .map_err(message)
}

/// The plane's axes, without grid lines (they would fight with the regions
/// and the contours), and a frame around it.
pub(super) fn draw_plane_axes<DB: DrawingBackend>(
    chart: &mut Plane<'_, DB>,
    (x_label, y_label): (&str, &str),
    scale: Scale,
) -> Drawn {
    let x_range = chart.x_range();
    let y_range = chart.y_range();
    let x_format = move |x: &f64| linear_tick_label(*x, x_range.start, x_range.end);
    let y_format = move |y: &f64| linear_tick_label(*y, y_range.start, y_range.end);
    draw_axes(chart, x_label, y_label, &x_format, &y_format, false, scale)?;
    draw_frame(chart.plotting_area())
}

/// The width of the y axis' label column: the widest tick label, the tick
/// marks, and the rotated axis description.
pub(super) fn y_label_area<DB: DrawingBackend>(
    area: &Area<DB>,
    labels: impl IntoIterator<Item = String>,
    has_description: bool,
    scale: Scale,
) -> Drawn<u32> {
    let font = scale.font(13.0);
    let mut widest = 0;
    for label in labels {
        widest = widest.max(area.estimate_text_size(&label, &font).map_err(message)?.0);
    }
    let description = if has_description { scale.upx(28.0) } else { 0 };
    Ok(widest + scale.upx(16.0) + description)
}
