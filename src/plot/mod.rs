//! Pictures for the lessons: training curves, decision boundaries and
//! optimizers' paths on a loss surface, written as PNG or SVG files.
//!
//! Every function here chooses the format from the file's extension (`.png`
//! or `.svg`), creates missing parent directories, and renders its text with
//! an embedded DejaVu Sans font, so plots come out the same on a machine
//! without any system fonts.
//!
//! - [`LineChart`]: one or more [`Series`] of `(x, y)` points as lines, with a
//!   legend; loss and accuracy per epoch, activation functions and their
//!   derivatives, gradient norms per layer on a logarithmic axis.
//! - [`decision_boundary`]: the plane coloured by a classifier's prediction,
//!   with the data points on top (micrograd's moons picture).
//! - [`contour_paths`]: contour lines of a function of two weights, with the
//!   steps that optimizers took on it.
//!
//! Colours come from the Okabe–Ito palette, which stays distinguishable for
//! readers with the common forms of colour blindness; [`series_color`],
//! [`class_color`] and [`class_tint`] say which colour a series or a class
//! gets, so that other pictures and printed tables can match them.
//!
//! ```no_run
//! use scalargrad::plot::{LineChart, Series};
//!
//! # fn main() -> scalargrad::Result<()> {
//! let train = Series::new("train", vec![(1.0, 0.9), (2.0, 0.5), (3.0, 0.3)]);
//! let validation = Series::new("validation", vec![(1.0, 1.0), (2.0, 0.7), (3.0, 0.6)]);
//! LineChart::new("Loss per epoch")
//!     .x_label("epoch")
//!     .y_label("loss")
//!     .series(train)
//!     .series(validation)
//!     .save("plots/loss.png")?;
//! # Ok(())
//! # }
//! ```

use std::collections::{BTreeSet, HashMap};
use std::fmt::Display;
use std::fs;
use std::path::Path;
use std::sync::OnceLock;

use plotters::coord::ranged1d::ValueFormatter;
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::{Error, Result};

/// The size in pixels, `(width, height)`, of every picture unless a caller
/// sets another one with [`LineChart::size`].
pub const DEFAULT_SIZE: (u32, u32) = (800, 500);

/// The smallest size, `(width, height)`, that a picture can be drawn at:
/// below it the axes' labels leave no room for the data.
pub const MIN_SIZE: (u32, u32) = (240, 160);

/// The font family registered with the embedded DejaVu Sans.
const FONT: &str = "sans-serif";

/// Okabe–Ito colours (yellow left out: it vanishes on white), in the order
/// that series and classes take them.
const PALETTE: [RGBColor; 7] = [
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

/// Contour lines.
const CONTOUR_GRAY: RGBColor = RGBColor(0x80, 0x80, 0x80);

/// A series of at most this many points gets a marker at every point.
const MARK_POINTS_UP_TO: usize = 25;

/// The colour, as `[red, green, blue]`, of the `index`-th series of a
/// [`LineChart`] and of the `index`-th path of [`contour_paths`].
///
/// The palette has seven colours; series 7 to 13 reuse them with dashed
/// lines, series 14 to 20 with dotted lines, and so on.
///
/// ```
/// use scalargrad::plot::series_color;
///
/// assert_eq!(series_color(0), [0x00, 0x72, 0xB2]); // Okabe–Ito blue
/// assert_eq!(series_color(7), series_color(0));    // drawn dashed
/// ```
pub fn series_color(index: usize) -> [u8; 3] {
    rgb(PALETTE[index % PALETTE.len()])
}

/// The strong colour, as `[red, green, blue]`, of class `class`'s data
/// points in [`decision_boundary`]: class 0 blue, 1 vermillion, 2 green, …
pub fn class_color(class: usize) -> [u8; 3] {
    series_color(class)
}

/// The light tint, as `[red, green, blue]`, that [`decision_boundary`] paints
/// where the classifier predicts class `class`: [`class_color`] mixed with
/// white, `tint = 255 − 0.32·(255 − colour)` per channel.
///
/// ```
/// use scalargrad::plot::class_tint;
///
/// // Blue (0, 114, 178): 255 − 0.32·255 = 173.4, 255 − 0.32·141 = 209.9, 255 − 0.32·77 = 230.4.
/// assert_eq!(class_tint(0), [173, 210, 230]);
/// ```
pub fn class_tint(class: usize) -> [u8; 3] {
    rgb(tint(PALETTE[class % PALETTE.len()]))
}

/// A named sequence of `(x, y)` points: one line of a [`LineChart`], or one
/// optimizer's path for [`contour_paths`].
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// The name shown in the legend.
    pub name: String,
    /// The points, in the order the line visits them. Points with a NaN or
    /// infinite coordinate are skipped and break the line in two.
    pub points: Vec<(f64, f64)>,
}

impl Series {
    /// A series called `name` through `points`.
    ///
    /// ```
    /// use scalargrad::plot::Series;
    ///
    /// let loss = Series::new("train", vec![(0.0, 2.3), (1.0, 1.1)]);
    /// assert_eq!(loss.points.len(), 2);
    /// ```
    pub fn new(name: impl Into<String>, points: Vec<(f64, f64)>) -> Series {
        Series {
            name: name.into(),
            points,
        }
    }
}

/// A chart of lines, one per [`Series`], with a title, axis labels and a
/// legend on the right.
///
/// Each series gets its own colour ([`series_color`]); a series of at most
/// 25 points also gets a dot at every point, so that a short run shows its
/// epochs. The axes span the finite points plus 5 % on each side; a single
/// point or a constant series gets a range around its value instead. With
/// [`log_y`](LineChart::log_y) the y axis is logarithmic and points with
/// `y ≤ 0` are left out.
///
/// ```no_run
/// use scalargrad::plot::{LineChart, Series};
///
/// # fn main() -> scalargrad::Result<()> {
/// let xs: Vec<f64> = (-40..=40).map(|i| i as f64 / 10.0).collect();
/// let tanh = xs.iter().map(|&x| (x, x.tanh())).collect();
/// let d_tanh = xs.iter().map(|&x| (x, 1.0 - x.tanh().powi(2))).collect();
/// LineChart::new("tanh and its derivative")
///     .x_label("z")
///     .y_label("a")
///     .series(Series::new("tanh(z)", tanh))
///     .series(Series::new("1 − tanh²(z)", d_tanh))
///     .save("plots/tanh.svg")?;
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct LineChart {
    /// The title above the chart.
    pub title: String,
    /// The label under the x axis.
    pub x_label: String,
    /// The label beside the y axis.
    pub y_label: String,
    /// Whether the y axis is logarithmic (base 10).
    pub log_y: bool,
    /// The lines, drawn in this order (later ones on top).
    pub series: Vec<Series>,
    /// The picture's size in pixels, `(width, height)`; [`DEFAULT_SIZE`]
    /// unless set.
    pub size: (u32, u32),
}

impl LineChart {
    /// An empty chart titled `title`, with no axis labels, a linear y axis and
    /// the [`DEFAULT_SIZE`].
    pub fn new(title: impl Into<String>) -> Self {
        LineChart {
            title: title.into(),
            x_label: String::new(),
            y_label: String::new(),
            log_y: false,
            series: Vec::new(),
            size: DEFAULT_SIZE,
        }
    }

    /// Sets the label under the x axis.
    pub fn x_label(mut self, label: impl Into<String>) -> Self {
        self.x_label = label.into();
        self
    }

    /// Sets the label beside the y axis.
    pub fn y_label(mut self, label: impl Into<String>) -> Self {
        self.y_label = label.into();
        self
    }

    /// Makes the y axis logarithmic (base 10) or linear. On a logarithmic
    /// axis points with `y ≤ 0` are left out.
    pub fn log_y(mut self, log_y: bool) -> Self {
        self.log_y = log_y;
        self
    }

    /// Adds a line; it takes the next colour.
    pub fn series(mut self, series: Series) -> Self {
        self.series.push(series);
        self
    }

    /// Sets the picture's size in pixels. Text and lines grow with the
    /// picture, so a 1600×1000 chart looks like the 800×500 one, sharper.
    pub fn size(mut self, width: u32, height: u32) -> Self {
        self.size = (width, height);
        self
    }

    /// Draws the chart into `path`, a `.png` or `.svg` file, creating its
    /// parent directories.
    ///
    /// # Errors
    ///
    /// [`Error::Plot`] when the extension is neither `.png` nor `.svg`, the
    /// size is below [`MIN_SIZE`], or drawing fails; [`Error::Io`] when a
    /// directory or the file cannot be created or written.
    pub fn save(&self, path: impl AsRef<Path>) -> Result<()> {
        save_figure(path.as_ref(), self.size, self)
    }
}

/// Draws a classifier's decision regions with the data on top: micrograd's
/// picture of the moons.
///
/// The plane spans the finite points' bounding box, padded on every side by
/// 10 % of its larger side (0.5 when all points coincide). It is cut into
/// `resolution × resolution` cells; each cell is painted with the light
/// [`class_tint`] of `classify(x1, x2)` at its centre. Then every point is
/// drawn as a dot in its label's strong [`class_color`] with a dark edge, so
/// a point shows even on its own class's tint, and a misclassified one
/// stands out on the other class's. A legend names the classes. Any number
/// of classes works (2 for the moons, 3 for the spirals); colours repeat
/// after 7.
///
/// `classify` is called `resolution²` times, before anything is drawn.
///
/// ```no_run
/// use scalargrad::plot::decision_boundary;
///
/// # fn main() -> scalargrad::Result<()> {
/// let points = [[-1.0, 0.5], [-0.5, -1.0], [0.8, 0.2], [1.2, -0.4]];
/// let labels = [0, 0, 1, 1];
/// let classify = |x1: f64, _x2: f64| usize::from(x1 > 0.0);
/// decision_boundary("plots/boundary.png", "x1 > 0", &points, &labels, &classify, 100)?;
/// # Ok(())
/// # }
/// ```
///
/// # Panics
///
/// If `points` and `labels` differ in length, or `resolution` is 0.
///
/// # Errors
///
/// As [`LineChart::save`].
pub fn decision_boundary(
    path: impl AsRef<Path>,
    title: &str,
    points: &[[f64; 2]],
    labels: &[usize],
    classify: &dyn Fn(f64, f64) -> usize,
    resolution: usize,
) -> Result<()> {
    assert_eq!(
        points.len(),
        labels.len(),
        "plot::decision_boundary: {} points but {} labels",
        points.len(),
        labels.len()
    );
    assert!(
        resolution > 0,
        "plot::decision_boundary: resolution must be at least 1, got 0"
    );
    let (x_range, y_range) = boundary_ranges(points);
    let cell = |range: (f64, f64), i: usize| {
        let width = (range.1 - range.0) / resolution as f64;
        (range.0 + i as f64 * width, range.0 + (i + 1) as f64 * width)
    };
    // predictions[row][column], row 0 at the bottom.
    let predictions: Vec<Vec<usize>> = (0..resolution)
        .map(|row| {
            let (y0, y1) = cell(y_range, row);
            (0..resolution)
                .map(|column| {
                    let (x0, x1) = cell(x_range, column);
                    classify((x0 + x1) / 2.0, (y0 + y1) / 2.0)
                })
                .collect()
        })
        .collect();
    let figure = BoundaryFigure {
        title,
        points,
        labels,
        predictions,
        x_range,
        y_range,
    };
    save_figure(path.as_ref(), DEFAULT_SIZE, &figure)
}

/// Draws contour lines of `f` over `x_range × y_range`, with optimizers'
/// paths on top: the picture of momentum or Adam against plain gradient
/// descent on a valley like `0.1·w1² + 2·w2²`.
///
/// `f` is sampled on a 201 × 201 grid. Twelve contour lines are drawn at
/// `min + (max − min)·t` with `t` spaced geometrically from 0.001 to 0.9
/// (`min` and `max` over the grid's finite values), so that both the narrow
/// floor of a valley and its far rim get lines. Each path is a polyline in
/// its own [`series_color`] with a dot at every step and a ring around its
/// first point; the legend names the paths. Steps outside the ranges are cut
/// off at the frame. The axes are labelled `w1` and `w2`.
///
/// ```no_run
/// use scalargrad::plot::{contour_paths, Series};
///
/// # fn main() -> scalargrad::Result<()> {
/// let f = |w1: f64, w2: f64| 0.1 * w1 * w1 + 2.0 * w2 * w2;
/// // Gradient descent with learning rate 0.4: w ← w − 0.4·(0.2·w1, 4·w2).
/// let mut w = (-9.0, 2.0);
/// let mut steps = vec![w];
/// for _ in 0..20 {
///     w = (w.0 - 0.4 * 0.2 * w.0, w.1 - 0.4 * 4.0 * w.1);
///     steps.push(w);
/// }
/// let paths = [Series::new("gradient descent, lr 0.4", steps)];
/// contour_paths("plots/valley.png", "0.1·w1² + 2·w2²", &f, (-10.0, 10.0), (-3.0, 3.0), &paths)?;
/// # Ok(())
/// # }
/// ```
///
/// # Panics
///
/// If a range is not finite or does not go from a smaller to a larger value.
///
/// # Errors
///
/// As [`LineChart::save`].
pub fn contour_paths(
    path: impl AsRef<Path>,
    title: &str,
    f: &dyn Fn(f64, f64) -> f64,
    x_range: (f64, f64),
    y_range: (f64, f64),
    paths: &[Series],
) -> Result<()> {
    for (axis, range) in [("x_range", x_range), ("y_range", y_range)] {
        assert!(
            range.0.is_finite() && range.1.is_finite() && range.0 < range.1,
            "plot::contour_paths: {axis} must go from a smaller to a larger finite value, got {range:?}"
        );
    }
    let grid = Grid::sample(f, x_range, y_range, CONTOUR_GRID);
    let contours = grid
        .levels(CONTOUR_LEVELS)
        .into_iter()
        .flat_map(|level| grid.contour(level))
        .collect();
    let figure = ContourFigure {
        title,
        contours,
        paths,
        x_range,
        y_range,
    };
    save_figure(path.as_ref(), DEFAULT_SIZE, &figure)
}

// ---------------------------------------------------------------------------
// Files, fonts and formats.

/// What a drawing step reports: plotters' error, as text.
type Drawn<T = ()> = std::result::Result<T, String>;

/// A region of the picture, in pixels.
type Area<DB> = DrawingArea<DB, Shift>;

/// A chart with linear axes on both sides.
type Plane<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// Turns a plotters error into the message of an [`Error::Plot`].
fn message(error: impl Display) -> String {
    error.to_string()
}

/// A picture that can be drawn on any plotters backend.
trait Figure {
    fn draw<DB: DrawingBackend>(&self, root: &Area<DB>, scale: Scale) -> Drawn;
}

enum Format {
    Png,
    Svg,
}

fn format_of(path: &Path) -> Result<Format> {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("png") => Ok(Format::Png),
        Some("svg") => Ok(Format::Svg),
        Some(other) => Err(plot_error(
            path,
            format!("unsupported extension `.{other}`; use .png or .svg"),
        )),
        None => Err(plot_error(
            path,
            "no file extension; use .png or .svg".to_string(),
        )),
    }
}

fn plot_error(path: &Path, message: String) -> Error {
    Error::Plot {
        path: path.to_path_buf(),
        message,
    }
}

/// Registers the embedded DejaVu Sans (regular and bold) as "sans-serif",
/// once per process.
fn register_fonts() -> bool {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    *REGISTERED.get_or_init(|| {
        let regular =
            plotters::style::register_font(FONT, FontStyle::Normal, dejavu::sans::regular());
        let bold = plotters::style::register_font(FONT, FontStyle::Bold, dejavu::sans::bold());
        regular.is_ok() && bold.is_ok()
    })
}

fn save_figure(path: &Path, size: (u32, u32), figure: &impl Figure) -> Result<()> {
    let format = format_of(path)?;
    if size.0 < MIN_SIZE.0 || size.1 < MIN_SIZE.1 {
        return Err(plot_error(
            path,
            format!(
                "size {}×{} is too small; use at least {}×{}",
                size.0, size.1, MIN_SIZE.0, MIN_SIZE.1
            ),
        ));
    }
    if !register_fonts() {
        return Err(plot_error(
            path,
            "the embedded DejaVu Sans font could not be loaded".to_string(),
        ));
    }
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent).map_err(|source| Error::Io {
            path: parent.to_path_buf(),
            source,
        })?;
    }
    match format {
        Format::Svg => {
            let mut svg = String::new();
            {
                let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
                figure
                    .draw(&root, Scale::new(size, false))
                    .map_err(|m| plot_error(path, m))?;
                root.present().map_err(|e| plot_error(path, message(e)))?;
            }
            fs::write(path, svg).map_err(|source| Error::Io {
                path: path.to_path_buf(),
                source,
            })
        }
        Format::Png => {
            // plotters writes the file only at the end and reports a failure
            // to do so as an image error; creating it first turns the usual
            // causes (no permission, a directory in the way) into Error::Io.
            fs::File::create(path).map_err(|source| Error::Io {
                path: path.to_path_buf(),
                source,
            })?;
            let root = BitMapBackend::new(path, size).into_drawing_area();
            figure
                .draw(&root, Scale::new(size, true))
                .map_err(|m| plot_error(path, m))?;
            root.present().map_err(|e| plot_error(path, message(e)))
        }
    }
}

/// Lengths in pixels for an 800×500 picture, scaled to the actual size,
/// and where to put text so that it looks centred.
#[derive(Clone, Copy)]
struct Scale {
    factor: f64,
    /// Whether the backend draws glyphs itself (PNG) rather than leaving
    /// them to the SVG viewer.
    bitmap: bool,
}

impl Scale {
    fn new((width, height): (u32, u32), bitmap: bool) -> Scale {
        let factor = (f64::from(width) / f64::from(DEFAULT_SIZE.0))
            .min(f64::from(height) / f64::from(DEFAULT_SIZE.1));
        Scale {
            factor: factor.clamp(0.6, 4.0),
            bitmap,
        }
    }

    fn px(self, length: f64) -> i32 {
        (length * self.factor).round().max(1.0) as i32
    }

    fn upx(self, length: f64) -> u32 {
        self.px(length) as u32
    }

    fn font(self, size: f64) -> TextStyle<'static> {
        TextStyle::from((FONT, size * self.factor).into_font()).color(&BLACK)
    }

    fn bold(self, size: f64) -> TextStyle<'static> {
        let font = FontDesc::new(FontFamily::Name(FONT), size * self.factor, FontStyle::Bold);
        TextStyle::from(font).color(&BLACK)
    }

    /// The anchor row for text of `size` (unscaled) centred on row `y`.
    /// plotters' glyph rasterizer puts vertically centred text about a fifth
    /// of its size too high; SVG viewers centre it themselves.
    fn text_row(self, y: i32, size: f64) -> i32 {
        if self.bitmap {
            y + (0.18 * size * self.factor).round() as i32
        } else {
            y
        }
    }
}

fn rgb(color: RGBColor) -> [u8; 3] {
    [color.0, color.1, color.2]
}

fn tint(color: RGBColor) -> RGBColor {
    let mix = |c: u8| (255.0 - TINT_STRENGTH * (255.0 - f64::from(c))).round() as u8;
    RGBColor(mix(color.0), mix(color.1), mix(color.2))
}

// ---------------------------------------------------------------------------
// Layout shared by the three pictures: title on top, legend on the right.

/// How a legend entry shows what it names.
enum Swatch {
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

struct LegendEntry {
    label: String,
    swatch: Swatch,
}

/// Line styles for series beyond the palette's seven colours.
#[derive(Clone, Copy)]
enum Dash {
    Solid,
    Dashed,
    Dotted,
}

impl Dash {
    fn for_series(index: usize) -> Dash {
        match (index / PALETTE.len()) % 3 {
            0 => Dash::Solid,
            1 => Dash::Dashed,
            _ => Dash::Dotted,
        }
    }
}

fn palette_color(index: usize) -> RGBColor {
    PALETTE[index % PALETTE.len()]
}

/// Draws a polyline in pixel or data coordinates, solid, dashed or dotted.
fn draw_line<DB, CT>(
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

/// Splits off the title (if any) and, when there are legend entries, a
/// column on the right wide enough for them. Returns the plot's area and the
/// legend's.
fn layout<DB: DrawingBackend>(
    root: &Area<DB>,
    title: &str,
    entries: &mut [LegendEntry],
    scale: Scale,
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
    if entries.is_empty() {
        return Ok((body, None));
    }
    let (width, _) = body.dim_in_pixel();
    let font = scale.font(14.0);
    let max_text = (f64::from(width) * 0.3) as u32;
    let mut text_width = 0;
    for entry in entries.iter_mut() {
        entry.label = fit_text(&body, &entry.label, &font, max_text)?;
        let (w, _) = body
            .estimate_text_size(&entry.label, &font)
            .map_err(message)?;
        text_width = text_width.max(w);
    }
    let legend_width = scale.upx(LEGEND_TEXT_X + 16.0) + text_width;
    let (plot, legend) = body.split_horizontally(width.saturating_sub(legend_width) as i32);
    Ok((plot, Some(legend)))
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
fn draw_legend<DB: DrawingBackend>(
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

fn draw_data_point<DB, CT>(
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

fn draw_start<DB, CT>(area: &DrawingArea<DB, CT>, at: CT::From, scale: Scale) -> Drawn
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

/// The mesh (axes, ticks, labels) common to all three pictures.
fn draw_axes<DB, Y>(
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
/// run into its edge look cut off rather than open.
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
fn plane_chart<'a, DB: DrawingBackend>(
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
fn draw_plane_axes<DB: DrawingBackend>(
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
fn y_label_area<DB: DrawingBackend>(
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

// ---------------------------------------------------------------------------
// Ranges and tick labels.

/// `(lo, hi)` padded by 5 % of its span on each side; a single value `v`
/// becomes `v ± 10 %·|v|` (`±1` for 0); no value at all becomes `(0, 1)`.
fn padded_range((lo, hi): (f64, f64)) -> (f64, f64) {
    if lo > hi {
        return (0.0, 1.0);
    }
    let magnitude = lo.abs().max(hi.abs());
    let span = hi - lo;
    if span > magnitude * 1e-9 && span.is_finite() {
        (lo - 0.05 * span, hi + 0.05 * span)
    } else if magnitude == 0.0 {
        (-1.0, 1.0)
    } else {
        let half = 0.1 * magnitude;
        (lo - half, hi + half)
    }
}

/// A positive `(lo, hi)` padded by 5 % of its span in decades. A range of
/// less than one decade is widened to the nearest `1`, `2` or `5·10ⁿ` below
/// and above, so that the axis has at least two labelled ticks; a single
/// value `v` becomes `(v/2, 2v)` before that. No value at all becomes
/// `(1, 10)`.
fn padded_log_range((lo, hi): (f64, f64)) -> (f64, f64) {
    if !(lo <= hi && lo > 0.0 && hi.is_finite()) {
        return (1.0, 10.0);
    }
    let (mut lo, mut hi) = (lo.log10(), hi.log10());
    if hi - lo < 1e-9 {
        lo -= 2f64.log10();
        hi += 2f64.log10();
    }
    let pad = 0.05 * (hi - lo);
    lo -= pad;
    hi += pad;
    let (mut lo, mut hi) = (10f64.powf(lo), 10f64.powf(hi));
    if hi / lo < 10.0 {
        lo = one_two_five(lo, true);
        hi = one_two_five(hi, false);
    }
    (lo, hi)
}

/// The nearest value of the form `1`, `2` or `5·10ⁿ` at or below a positive
/// `value` (`below`), or at or above it.
fn one_two_five(value: f64, below: bool) -> f64 {
    let decade = 10f64.powf(value.log10().floor());
    let candidates = [0.5, 1.0, 2.0, 5.0, 10.0, 20.0].map(|m| m * decade);
    let nearest = if below {
        candidates
            .iter()
            .rev()
            .find(|&&c| c <= value * (1.0 + 1e-12))
    } else {
        candidates.iter().find(|&&c| c >= value * (1.0 - 1e-12))
    };
    *nearest.expect("the candidates span more than the value's decade")
}

/// Labelled and minor ticks for a logarithmic axis from `lo` to `hi`:
/// every `m·10ⁿ` (m = 1 … 9) labelled when the axis spans at most a decade
/// and a half; `1`, `2` and `5·10ⁿ` labelled with the rest as minor ticks up
/// to three decades; beyond that the powers of ten (every second, third, …
/// one when there are more than eight), with minor ticks only while every
/// power is labelled.
fn log_ticks(lo: f64, hi: f64) -> (Vec<f64>, Vec<f64>) {
    let decades = (hi / lo).log10();
    let first = lo.log10().floor() as i32;
    let last = hi.log10().ceil() as i32;
    let inside = |v: f64| v >= lo * (1.0 - 1e-9) && v <= hi * (1.0 + 1e-9);
    let mut ticks = Vec::new();
    let mut minor = Vec::new();
    let every = ((decades / 8.0).ceil() as i32).max(1);
    for exponent in first..=last {
        let decade = 10f64.powi(exponent);
        for m in 1..=9 {
            let value = f64::from(m) * decade;
            if !inside(value) {
                continue;
            }
            let labelled = if decades <= 1.5 {
                true
            } else if decades <= 3.0 {
                matches!(m, 1 | 2 | 5)
            } else {
                m == 1 && exponent.rem_euclid(every) == 0
            };
            if labelled {
                ticks.push(value);
            } else if decades <= 3.0 || every == 1 {
                minor.push(value);
            }
        }
    }
    (ticks, minor)
}

/// Formats a tick label on a linear axis from `lo` to `hi`: as few decimals
/// as the tick spacing needs, and powers of ten for very large or very small
/// numbers.
fn linear_tick_label(value: f64, lo: f64, hi: f64) -> String {
    let step = (hi - lo) / 10.0;
    if step <= 0.0 || !step.is_finite() || !value.is_finite() {
        return format!("{value}");
    }
    if value.abs() < step * 1e-6 {
        return "0".to_string();
    }
    let magnitude = lo.abs().max(hi.abs());
    if !(1e-3..1e6).contains(&magnitude) {
        let digits = (magnitude / step).log10().ceil().clamp(0.0, 6.0) as usize;
        return scientific(value, digits);
    }
    let decimals = if step >= 1.0 {
        0
    } else {
        ((-step.log10()).ceil() as usize + 1).min(12)
    };
    trim_zeros(format!("{value:.decimals$}"))
}

/// Formats a tick label `m·10ⁿ` on a logarithmic axis: plain decimals from
/// 0.001 to 90000, `me n` beyond.
fn log_tick_label(value: f64) -> String {
    if value <= 0.0 || !value.is_finite() {
        return String::new();
    }
    let mut exponent = value.log10().floor();
    let mut mantissa = value / 10f64.powf(exponent);
    if (mantissa - mantissa.round()).abs() > 1e-6 {
        return String::new();
    }
    mantissa = mantissa.round();
    if mantissa >= 10.0 {
        mantissa = 1.0;
        exponent += 1.0;
    }
    let exponent = exponent as i32;
    if (-3..=4).contains(&exponent) {
        let decimals = (-exponent).max(0) as usize;
        format!("{:.decimals$}", mantissa * 10f64.powi(exponent))
    } else {
        format!("{mantissa}e{exponent}")
    }
}

fn scientific(value: f64, digits: usize) -> String {
    let text = format!("{value:.digits$e}");
    match text.split_once('e') {
        Some((mantissa, exponent)) => format!("{}e{exponent}", trim_zeros(mantissa.to_string())),
        None => text,
    }
}

fn trim_zeros(text: String) -> String {
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    };
    if text == "-0" {
        "0".to_string()
    } else {
        text
    }
}

/// The smallest and largest of `values`, or `(∞, −∞)` for none.
fn extent(values: impl IntoIterator<Item = f64>) -> (f64, f64) {
    values
        .into_iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        })
}

// ---------------------------------------------------------------------------
// LineChart.

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
        let runs = self.runs();
        let mut entries = self.legend(&runs);
        let (plot, legend) = layout(root, &self.title, &mut entries, scale)?;
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

// ---------------------------------------------------------------------------
// Decision boundary.

struct BoundaryFigure<'a> {
    title: &'a str,
    points: &'a [[f64; 2]],
    labels: &'a [usize],
    /// The predicted class of every cell, `predictions[row][column]`, row 0
    /// at the bottom.
    predictions: Vec<Vec<usize>>,
    x_range: (f64, f64),
    y_range: (f64, f64),
}

/// The plane around `points`: their bounding box padded by 10 % of its
/// larger side, or by 0.5 when the points coincide; `[-1, 1]²` without
/// points.
fn boundary_ranges(points: &[[f64; 2]]) -> ((f64, f64), (f64, f64)) {
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
                label: format!("class {class}"),
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

// ---------------------------------------------------------------------------
// Contours and optimizers' paths.

/// Grid points per axis on which `contour_paths` samples `f`.
const CONTOUR_GRID: usize = 201;

/// Contour lines that `contour_paths` draws.
const CONTOUR_LEVELS: usize = 12;

/// `f` sampled at `size × size` points spanning the ranges, corners
/// included.
struct Grid {
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
    fn sample(
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
    fn levels(&self, count: usize) -> Vec<f64> {
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
    fn contour(&self, level: f64) -> Vec<Vec<(f64, f64)>> {
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

struct ContourFigure<'a> {
    title: &'a str,
    contours: Vec<Vec<(f64, f64)>>,
    paths: &'a [Series],
    x_range: (f64, f64),
    y_range: (f64, f64),
}

/// The part of the segment `p → q` inside the box, by Liang–Barsky; `None`
/// when it misses the box.
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
                    dash: Dash::for_series(index),
                    dot: true,
                },
            })
            .collect();
        if !entries.is_empty() {
            entries.push(LegendEntry {
                label: "start".to_string(),
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
        for (index, path) in self.paths.iter().enumerate() {
            let color = palette_color(index);
            let style = color.stroke_width(scale.upx(2.0));
            for piece in self.visible_pieces(path) {
                draw_line(area, piece, style, Dash::for_series(index), scale)?;
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
    fn linear_tick_labels_use_the_decimals_the_spacing_needs() {
        assert_eq!(linear_tick_label(0.30000000000000004, 0.0, 1.0), "0.3");
        assert_eq!(linear_tick_label(5.551115123125783e-17, -1.0, 1.0), "0");
        assert_eq!(linear_tick_label(200.0, 0.0, 1000.0), "200");
        assert_eq!(linear_tick_label(0.00015, 0.0001, 0.0002), "1.5e-4");
        assert_eq!(linear_tick_label(2.5e6, 0.0, 5e6), "2.5e6");
    }

    #[test]
    fn log_tick_labels_are_decimals_near_one_and_powers_of_ten_beyond() {
        assert_eq!(log_tick_label(0.001), "0.001");
        assert_eq!(log_tick_label(0.020000000000000004), "0.02");
        assert_eq!(log_tick_label(1e-5), "1e-5");
        assert_eq!(log_tick_label(2e-5), "2e-5");
        assert_eq!(log_tick_label(50.0), "50");
        assert_eq!(log_tick_label(1e6), "1e6");
    }

    #[test]
    fn log_ticks_label_fewer_values_as_the_axis_spans_more_decades() {
        // 0.2 … 1: every m·10ⁿ.
        let (ticks, minor) = log_ticks(0.2, 1.0);
        assert_eq!(ticks.len(), 9);
        assert!(minor.is_empty());
        // 0.01 … 1: 1, 2, 5 per decade and the 1 at the end; 3, 4, 6 … minor.
        let (ticks, minor) = log_ticks(0.01, 1.0);
        assert_eq!(ticks.len(), 7);
        assert_eq!(minor.len(), 12);
        // 1e-12 … 1: every second power of ten (12 decades > 8), no minor ticks.
        let (ticks, minor) = log_ticks(1e-12, 1.0);
        assert_eq!(ticks.len(), 7);
        assert!(minor.is_empty());
    }

    #[test]
    fn ranges_pad_five_percent_and_survive_a_single_value() {
        assert_eq!(padded_range((0.0, 10.0)), (-0.5, 10.5));
        let (lo, hi) = padded_range((3.0, 3.0)); // 3 ± 10 %
        assert!((lo - 2.7).abs() < 1e-12 && (hi - 3.3).abs() < 1e-12);
        assert_eq!(padded_range((0.0, 0.0)), (-1.0, 1.0));
        assert_eq!(padded_range((f64::INFINITY, f64::NEG_INFINITY)), (0.0, 1.0));
        // 0.3 to 0.8 is less than a decade: padded to 0.286 … 0.838, widened to 0.2 … 1.
        let (lo, hi) = padded_log_range((0.3, 0.8));
        assert!((lo - 0.2).abs() < 1e-12 && (hi - 1.0).abs() < 1e-12);
    }

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
