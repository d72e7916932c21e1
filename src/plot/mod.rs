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
//! - [`training_curves`] and [`classifier_regions`]: the pictures of a
//!   training run (loss and accuracy per epoch, train against validation)
//!   and of a trained classifier.
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

mod axes;
mod boundary;
mod contour;
mod layout;
mod line;
mod save;
mod style;
mod ticks;
mod training;

use std::path::Path;

pub use training::{
    classifier_regions, classifier_regions_with, training_curves, training_curves_with,
};

use crate::panics::misuse;
use crate::Result;
// Named by the docs' links ([`Error::Plot`], [`Error::Io`]).
#[cfg(doc)]
use crate::Error;

use boundary::{boundary_ranges, BoundaryFigure};
use contour::{ContourFigure, Grid, CONTOUR_GRID, CONTOUR_LEVELS};
use save::save_figure;
use style::{rgb, tint, PALETTE};

/// The size in pixels, `(width, height)`, of every picture unless a caller
/// sets another one with [`LineChart::size`].
pub const DEFAULT_SIZE: (u32, u32) = (800, 500);

/// The smallest size, `(width, height)`, that a picture can be drawn at:
/// below it the axes' labels leave no room for the data.
pub const MIN_SIZE: (u32, u32) = (240, 160);

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

/// The words the pictures write on their own, besides the titles and axis
/// labels a caller gives: legend entries and the training curves' labels.
/// [`Words::default`] is English; a caller in another language fills in
/// its own.
#[derive(Debug, Clone, PartialEq)]
pub struct Words {
    /// A class in a decision-region legend, before its number: `class 0`.
    pub class: String,
    /// The legend entry of the ring that marks where a path starts.
    pub start: String,
    /// The training curves' series: the training set …
    pub train: String,
    /// … and the validation set.
    pub validation: String,
    /// Between them in a title: `Loss: train vs validation`.
    pub versus: String,
    /// The x axis of a training curve with one point per epoch …
    pub epoch: String,
    /// … and with one point per step (full batch).
    pub step: String,
    /// The loss, as a y axis and a title.
    pub loss: String,
    /// The accuracy, as a y axis and a title (in %).
    pub accuracy: String,
    /// The coefficient of determination, as a y axis and a title.
    pub r2: String,
}

impl Default for Words {
    /// English.
    fn default() -> Self {
        Words {
            class: "class".into(),
            start: "start".into(),
            train: "train".into(),
            validation: "validation".into(),
            versus: "vs".into(),
            epoch: "epoch".into(),
            step: "step".into(),
            loss: "loss".into(),
            accuracy: "accuracy (%)".into(),
            r2: "R²".into(),
        }
    }
}

/// What a training curve's x axis counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Counted {
    /// Epochs, from 1: the point of epoch 1 is the mean over the first pass.
    #[default]
    Epochs,
    /// Steps of full-batch training, from 0: the point of step k is the loss
    /// before the k-th update (micrograd's demo prints `step 0` first).
    Steps,
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

    /// The chart as an SVG document in memory (for a notebook or a page).
    ///
    /// # Errors
    /// [`Error::Plot`] when the size is below [`MIN_SIZE`] or drawing fails.
    pub fn to_svg(&self) -> Result<String> {
        save::svg_string(self.size, self).map_err(|message| crate::Error::Plot {
            path: std::path::PathBuf::new(),
            message,
        })
    }
}

/// Draws several charts in one picture of `size` pixels, `columns` side by
/// side, row by row, under one `title`: a family of functions next to its
/// derivatives, say. Each chart keeps its own title, axes and legend.
///
/// ```no_run
/// use scalargrad::plot::{save_grid, LineChart, Series};
///
/// # fn main() -> scalargrad::Result<()> {
/// let zs: Vec<f64> = (-40..=40).map(|i| i as f64 / 10.0).collect();
/// let tanh = LineChart::new("tanh").series(Series::new("tanh", zs.iter().map(|&z| (z, z.tanh())).collect()));
/// let slope = LineChart::new("tanh'").series(Series::new("tanh'", zs.iter().map(|&z| (z, 1.0 - z.tanh().powi(2))).collect()));
/// save_grid("plots/tanh.png", "tanh and its derivative", &[tanh, slope], 2, (1200, 450))?;
/// # Ok(())
/// # }
/// ```
///
/// # Errors
///
/// As [`LineChart::save`].
pub fn save_grid(
    path: impl AsRef<Path>,
    title: &str,
    charts: &[LineChart],
    columns: usize,
    size: (u32, u32),
) -> Result<()> {
    let figure = line::ChartGrid {
        title,
        charts,
        columns,
    };
    save_figure(path.as_ref(), size, &figure)
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
#[track_caller]
pub fn decision_boundary(
    path: impl AsRef<Path>,
    title: &str,
    points: &[[f64; 2]],
    labels: &[usize],
    classify: &dyn Fn(f64, f64) -> usize,
    resolution: usize,
) -> Result<()> {
    decision_boundary_with(
        path,
        title,
        points,
        labels,
        classify,
        resolution,
        &Words::default(),
    )
}

/// [`decision_boundary`] with the legend's words in another language
/// ([`Words::class`]).
///
/// # Panics
/// As [`decision_boundary`].
///
/// # Errors
/// As [`LineChart::save`].
#[track_caller]
pub fn decision_boundary_with(
    path: impl AsRef<Path>,
    title: &str,
    points: &[[f64; 2]],
    labels: &[usize],
    classify: &dyn Fn(f64, f64) -> usize,
    resolution: usize,
    words: &Words,
) -> Result<()> {
    const CALL: &str = "plot::decision_boundary";
    if points.len() != labels.len() {
        misuse!(CALL, "{} points but {} labels", points.len(), labels.len());
    }
    if resolution == 0 {
        misuse!(CALL, "resolution must be at least 1, got 0");
    }
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
        class_word: &words.class,
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
/// first point; the legend names the paths. Every path but the last is
/// drawn 3.5 pixels wide, the last 2, so that a path the last one follows
/// closely (AdamW and Adam) still shows around it. Steps outside the ranges
/// are cut off at the frame. The axes are labelled `w1` and `w2`.
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
#[track_caller]
pub fn contour_paths(
    path: impl AsRef<Path>,
    title: &str,
    f: &dyn Fn(f64, f64) -> f64,
    x_range: (f64, f64),
    y_range: (f64, f64),
    paths: &[Series],
) -> Result<()> {
    contour_paths_with(path, title, f, x_range, y_range, paths, &Words::default())
}

/// [`contour_paths`] with the legend's words in another language
/// ([`Words::start`]).
///
/// # Panics
/// As [`contour_paths`].
///
/// # Errors
/// As [`LineChart::save`].
#[track_caller]
pub fn contour_paths_with(
    path: impl AsRef<Path>,
    title: &str,
    f: &dyn Fn(f64, f64) -> f64,
    x_range: (f64, f64),
    y_range: (f64, f64),
    paths: &[Series],
    words: &Words,
) -> Result<()> {
    for (axis, range) in [("x_range", x_range), ("y_range", y_range)] {
        if !(range.0.is_finite() && range.1.is_finite() && range.0 < range.1) {
            misuse!(
                "plot::contour_paths",
                "{axis} must go from a smaller to a larger finite value, got {range:?}"
            );
        }
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
        start_word: &words.start,
    };
    save_figure(path.as_ref(), DEFAULT_SIZE, &figure)
}
