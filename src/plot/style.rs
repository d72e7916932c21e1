//! Colours, line styles and markers shared by the pictures: the
//! Okabe–Ito palette and its tints, dashes for series beyond its seven
//! colours, and the data point and start ring.

use plotters::element::DashedPathElement;
use plotters::prelude::*;

use super::save::{message, Drawn, Scale};

/// Okabe–Ito colours (yellow left out: it vanishes on white), in the order
/// that series and classes take them.
pub(super) const PALETTE: [RGBColor; 7] = [
    RGBColor(0x00, 0x72, 0xB2), // blue
    RGBColor(0xD5, 0x5E, 0x00), // vermillion
    RGBColor(0x00, 0x9E, 0x73), // bluish green
    RGBColor(0xCC, 0x79, 0xA7), // reddish purple
    RGBColor(0xE6, 0x9F, 0x00), // orange
    RGBColor(0x56, 0xB4, 0xE9), // sky blue
    RGBColor(0x00, 0x00, 0x00), // black
];

/// How much of a class's colour is kept in its tint (the rest is white).
const TINT_STRENGTH: f64 = 0.32;

/// Edge of the data points and of the start marker.
const DARK: RGBColor = RGBColor(0x22, 0x22, 0x22);

pub(super) fn rgb(color: RGBColor) -> [u8; 3] {
    [color.0, color.1, color.2]
}

pub(super) fn tint(color: RGBColor) -> RGBColor {
    let mix = |c: u8| (255.0 - TINT_STRENGTH * (255.0 - f64::from(c))).round() as u8;
    RGBColor(mix(color.0), mix(color.1), mix(color.2))
}

/// Line styles for series beyond the palette's seven colours.
#[derive(Clone, Copy)]
pub(super) enum Dash {
    Solid,
    Dashed,
    Dotted,
}

impl Dash {
    pub(super) fn for_series(index: usize) -> Dash {
        match (index / PALETTE.len()) % 3 {
            0 => Dash::Solid,
            1 => Dash::Dashed,
            _ => Dash::Dotted,
        }
    }
}

pub(super) fn palette_color(index: usize) -> RGBColor {
    PALETTE[index % PALETTE.len()]
}

/// Draws a polyline in pixel or data coordinates, solid, dashed or dotted.
pub(super) fn draw_line<DB, CT>(
    area: &DrawingArea<DB, CT>,
    points: Vec<CT::From>,
    style: ShapeStyle,
    dash: Dash,
    scale: Scale,
) -> Drawn
where
    DB: DrawingBackend,
    CT: CoordTranslate,
    CT::From: Clone,
{
    let result = match dash {
        Dash::Solid => area.draw(&PathElement::new(points, style)),
        Dash::Dashed => area.draw(&DashedPathElement::new(
            points,
            scale.px(9.0),
            scale.px(5.0),
            style,
        )),
        Dash::Dotted => area.draw(&DashedPathElement::new(
            points,
            scale.px(2.5),
            scale.px(3.5),
            style,
        )),
    };
    result.map_err(message)
}

pub(super) fn draw_data_point<DB, CT>(
    area: &DrawingArea<DB, CT>,
    at: CT::From,
    color: RGBColor,
    scale: Scale,
) -> Drawn
where
    DB: DrawingBackend,
    CT: CoordTranslate,
    CT::From: Clone,
{
    let radius = scale.upx(4.5);
    area.draw(&Circle::new(at.clone(), radius, color.filled()))
        .map_err(message)?;
    area.draw(&Circle::new(at, radius, DARK.stroke_width(scale.upx(1.0))))
        .map_err(message)
}

pub(super) fn draw_start<DB, CT>(area: &DrawingArea<DB, CT>, at: CT::From, scale: Scale) -> Drawn
where
    DB: DrawingBackend,
    CT: CoordTranslate,
{
    area.draw(&Circle::new(
        at,
        scale.upx(7.0),
        DARK.stroke_width(scale.upx(2.0)),
    ))
    .map_err(message)
}
