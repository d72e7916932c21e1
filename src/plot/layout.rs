//! Layout shared by the three pictures: title on top, legend on the right.
//!
//! Kept rather than plotters' series labels (`configure_series_labels`),
//! which draw the legend box inside the plotting area at one of nine
//! places: wherever it goes it covers some chart's data (the accuracy
//! curves climb into the upper right, the loss curves start in the upper
//! left, the decision regions fill the whole plane), and plotters has no
//! "best place" to choose from the data. Ours takes a column of its own
//! beside the plot, as wide as its longest entry, shortens a label too
//! long for it with an ellipsis, and shrinks its rows (and their text) when
//! there are more entries than the plot's height holds (nine activations
//! in a cell of the activation grid). plotters' legend names series only,
//! while the decision boundary names classes and the contour picture the
//! ring at a path's start (each would need an empty series to carry it). plotters' `titled` puts
//! the title 5 pixels from the top and cannot shorten it; [`layout`] gives
//! it a band of twice its size.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::save::{message, Area, Drawn, Scale};
use super::style::{draw_data_point, draw_line, draw_start, palette_color, tint, Dash};

/// How a legend entry shows what it names.
pub(super) enum Swatch {
    /// A short line, optionally with a dot in its middle.
    Line {
        color: RGBColor,
        dash: Dash,
        dot: bool,
    },
    /// A data point on its class's tint.
    Class { class: usize },
    /// The ring that marks where a path starts.
    Start,
}

pub(super) struct LegendEntry {
    pub(super) label: String,
    pub(super) swatch: Swatch,
}

/// Splits off the title (if any) and, when there are legend entries, a
/// column on the right wide enough for them. Returns the plot's area and the
/// legend's.
pub(super) fn layout<DB: DrawingBackend>(
    root: &Area<DB>,
    title: &str,
    entries: &mut [LegendEntry],
    scale: Scale,
) -> Drawn<(Area<DB>, Option<Area<DB>>)> {
    layout_with_legend(root, title, entries, scale, 0)
}

/// [`layout`] with the legend's text column at least `min_text` pixels
/// wide: the charts of a grid share their widest legend's width, so that
/// their plots line up.
pub(super) fn layout_with_legend<DB: DrawingBackend>(
    root: &Area<DB>,
    title: &str,
    entries: &mut [LegendEntry],
    scale: Scale,
    min_text: u32,
) -> Drawn<(Area<DB>, Option<Area<DB>>)> {
    root.fill(&WHITE).map_err(message)?;
    let body = if title.is_empty() {
        root.clone()
    } else {
        let size = 20.0;
        let style = scale.bold(size).pos(Pos::new(HPos::Center, VPos::Center));
        let (width, _) = root.dim_in_pixel();
        let title = fit_text(root, title, &style, width.saturating_sub(scale.upx(20.0)))?;
        let band = scale.px(2.1 * size);
        let (top, body) = root.split_vertically(band);
        let at = (
            (width / 2) as i32,
            scale.text_row(band / 2 + scale.px(3.0), size),
        );
        top.draw(&Text::new(title, at, style)).map_err(message)?;
        body
    };
    // A chart of a grid without entries keeps the grid's column, empty.
    if entries.is_empty() && min_text == 0 {
        return Ok((body, None));
    }
    let (width, _) = body.dim_in_pixel();
    let text_width = legend_text_width(&body, entries, scale)?.max(min_text);
    let legend_width = scale.upx(LEGEND_TEXT_X + 16.0) + text_width;
    let (plot, legend) = body.split_horizontally(width.saturating_sub(legend_width) as i32);
    Ok((plot, (!entries.is_empty()).then_some(legend)))
}

/// The width of the legend's text column in `body`: its widest label,
/// each label first cut to fit 30 % of the width (and replaced in
/// `entries` by its cut form).
pub(super) fn legend_text_width<DB: DrawingBackend>(
    body: &Area<DB>,
    entries: &mut [LegendEntry],
    scale: Scale,
) -> Drawn<u32> {
    let (width, _) = body.dim_in_pixel();
    let font = scale.font(14.0);
    let max_text = (f64::from(width) * 0.3) as u32;
    let mut text_width = 0;
    for entry in entries.iter_mut() {
        entry.label = fit_text(body, &entry.label, &font, max_text)?;
        let (w, _) = body
            .estimate_text_size(&entry.label, &font)
            .map_err(message)?;
        text_width = text_width.max(w);
    }
    Ok(text_width)
}

/// Where a legend entry's text starts, right of its swatch (unscaled
/// pixels from the legend's left edge).
const LEGEND_TEXT_X: f64 = 48.0;

/// Shortens `text` with an ellipsis until it fits in `max_width` pixels.
fn fit_text<DB: DrawingBackend>(
    area: &Area<DB>,
    text: &str,
    style: &TextStyle,
    max_width: u32,
) -> Drawn<String> {
    let width = |t: &str| {
        area.estimate_text_size(t, style)
            .map(|(w, _)| w)
            .map_err(message)
    };
    if width(text)? <= max_width {
        return Ok(text.to_string());
    }
    let mut chars: Vec<char> = text.chars().collect();
    while !chars.is_empty() {
        chars.pop();
        let candidate: String = chars.iter().collect::<String>() + "…";
        if width(&candidate)? <= max_width {
            return Ok(candidate);
        }
    }
    Ok("…".to_string())
}

/// Draws the legend's entries in a framed box, its top at pixel row `top`
/// of the whole picture (the plot's top edge).
pub(super) fn draw_legend<DB: DrawingBackend>(
    area: &Area<DB>,
    top: i32,
    entries: &[LegendEntry],
    scale: Scale,
) -> Drawn {
    let top = top - area.get_base_pixel().1;
    let (width, height) = area.dim_in_pixel();
    let pad = scale.px(8.0);
    // Rows shrink (and their text with them) when there are too many
    // entries for the plot's height.
    let room = (height as i32 - top - 2 * pad - scale.px(10.0)).max(1);
    let row = scale
        .px(24.0)
        .min(room / entries.len().max(1) as i32)
        .max(1);
    let text_size = (14.0f64).min(0.62 * f64::from(row) / scale.factor);
    let font = scale
        .font(text_size)
        .pos(Pos::new(HPos::Left, VPos::Center));
    let frame_right = width as i32 - scale.px(6.0);
    let frame_bottom = top + 2 * pad + row * entries.len() as i32;
    area.draw(&Rectangle::new(
        [(0, top), (frame_right, frame_bottom)],
        WHITE.filled(),
    ))
    .map_err(message)?;
    area.draw(&Rectangle::new(
        [(0, top), (frame_right, frame_bottom)],
        ShapeStyle::from(BLACK.mix(0.35)).stroke_width(1),
    ))
    .map_err(message)?;
    let swatch_left = scale.px(10.0);
    let swatch_right = scale.px(LEGEND_TEXT_X - 10.0);
    let swatch_middle = (swatch_left + swatch_right) / 2;
    for (i, entry) in entries.iter().enumerate() {
        let y = top + pad + row * i as i32 + row / 2;
        match entry.swatch {
            Swatch::Line { color, dash, dot } => {
                let style = color.stroke_width(scale.upx(2.0));
                draw_line(
                    area,
                    vec![(swatch_left, y), (swatch_right, y)],
                    style,
                    dash,
                    scale,
                )?;
                if dot {
                    area.draw(&Circle::new(
                        (swatch_middle, y),
                        scale.upx(3.0),
                        color.filled(),
                    ))
                    .map_err(message)?;
                }
            }
            Swatch::Class { class } => {
                let half = (row / 2 - scale.px(2.0)).max(1);
                area.draw(&Rectangle::new(
                    [(swatch_left, y - half), (swatch_right, y + half)],
                    tint(palette_color(class)).filled(),
                ))
                .map_err(message)?;
                draw_data_point(area, (swatch_middle, y), palette_color(class), scale)?;
            }
            Swatch::Start => draw_start(area, (swatch_middle, y), scale)?,
        }
        let at = (scale.px(LEGEND_TEXT_X), scale.text_row(y, text_size));
        area.draw(&Text::new(entry.label.clone(), at, font.clone()))
            .map_err(message)?;
    }
    Ok(())
}
