//! Files, fonts and formats: choosing PNG or SVG from the extension,
//! creating the parent directories, registering the embedded font, and the
//! [`Scale`] that sizes every length and text to the picture.

use std::fmt::Display;
use std::fs;
use std::path::Path;
use std::sync::OnceLock;

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{DEFAULT_SIZE, MIN_SIZE};
use crate::{Error, Result};

/// The font family registered with the embedded DejaVu Sans.
const FONT: &str = "sans-serif";

/// What a drawing step reports: plotters' error, as text.
pub(super) type Drawn<T = ()> = std::result::Result<T, String>;

/// A region of the picture, in pixels.
pub(super) type Area<DB> = DrawingArea<DB, Shift>;

/// Turns a plotters error into the message of an [`Error::Plot`].
pub(super) fn message(error: impl Display) -> String {
    error.to_string()
}

/// A picture that can be drawn on any plotters backend.
pub(super) trait Figure {
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

/// Whether a picture of `size` can be drawn: large enough, and the font
/// loaded; the error says why not.
fn ready(size: (u32, u32)) -> std::result::Result<(), String> {
    if size.0 < MIN_SIZE.0 || size.1 < MIN_SIZE.1 {
        return Err(format!(
            "size {}×{} is too small; use at least {}×{}",
            size.0, size.1, MIN_SIZE.0, MIN_SIZE.1
        ));
    }
    if !register_fonts() {
        return Err("the embedded DejaVu Sans font could not be loaded".to_string());
    }
    Ok(())
}

/// The figure drawn as an SVG document in memory; the error says why not.
pub(super) fn svg_string(
    size: (u32, u32),
    figure: &impl Figure,
) -> std::result::Result<String, String> {
    ready(size)?;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        figure.draw(&root, Scale::new(size, false))?;
        root.present().map_err(message)?;
    }
    Ok(svg)
}

pub(super) fn save_figure(path: &Path, size: (u32, u32), figure: &impl Figure) -> Result<()> {
    let format = format_of(path)?;
    ready(size).map_err(|m| plot_error(path, m))?;
    // Folders on the way are made; an error names the part at fault.
    crate::files::prepare_output(path)?;
    match format {
        Format::Svg => {
            let svg = svg_string(size, figure).map_err(|m| plot_error(path, m))?;
            fs::write(path, svg).map_err(|source| crate::files::io_error(path, source))
        }
        Format::Png => {
            // Created before drawing, so that the usual failures (no
            // permission, a directory in the way) are an Error::Io at once.
            let file =
                fs::File::create(path).map_err(|source| crate::files::io_error(path, source))?;
            // Drawn at SUPERSAMPLE times the size, then each block of
            // SUPERSAMPLE² pixels averaged into one: plotters' bitmap
            // backend draws lines without anti-aliasing, and thick
            // polylines with ragged joins, which look wobbly at 1×.
            let big = (size.0 * SUPERSAMPLE, size.1 * SUPERSAMPLE);
            let mut pixels = vec![0u8; big.0 as usize * big.1 as usize * 3];
            {
                let root = BitMapBackend::with_buffer(&mut pixels, big).into_drawing_area();
                figure
                    .draw(&root, Scale::new(big, true))
                    .map_err(|m| plot_error(path, m))?;
                root.present().map_err(|e| plot_error(path, message(e)))?;
            }
            // image's thumbnail averages each whole block of source pixels
            // into one (an area average) when the sizes divide evenly.
            let big = image::RgbImage::from_raw(big.0, big.1, pixels)
                .expect("the buffer holds width × height RGB pixels");
            let small = image::imageops::thumbnail(&big, size.0, size.1);
            let mut writer = std::io::BufWriter::new(file);
            small
                .write_to(&mut writer, image::ImageOutputFormat::Png)
                .map_err(|error| match error {
                    image::ImageError::IoError(source) => crate::files::io_error(path, source),
                    other => plot_error(path, message(other)),
                })?;
            writer
                .into_inner()
                .map_err(|e| crate::files::io_error(path, e.into_error()))?;
            Ok(())
        }
    }
}

/// How many times larger a PNG is drawn before it is scaled down.
const SUPERSAMPLE: u32 = 2;

/// Lengths in pixels for an 800×500 picture, scaled to the actual size,
/// and where to put text so that it looks centred.
#[derive(Clone, Copy)]
pub(super) struct Scale {
    pub(super) factor: f64,
    /// Whether the backend draws glyphs itself (PNG) rather than leaving
    /// them to the SVG viewer.
    pub(super) bitmap: bool,
}

impl Scale {
    pub(super) fn new((width, height): (u32, u32), bitmap: bool) -> Scale {
        let factor = (f64::from(width) / f64::from(DEFAULT_SIZE.0))
            .min(f64::from(height) / f64::from(DEFAULT_SIZE.1));
        Scale {
            factor: factor.clamp(0.6, 8.0),
            bitmap,
        }
    }

    pub(super) fn px(self, length: f64) -> i32 {
        (length * self.factor).round().max(1.0) as i32
    }

    pub(super) fn upx(self, length: f64) -> u32 {
        self.px(length) as u32
    }

    pub(super) fn font(self, size: f64) -> TextStyle<'static> {
        TextStyle::from((FONT, size * self.factor).into_font()).color(&BLACK)
    }

    pub(super) fn bold(self, size: f64) -> TextStyle<'static> {
        let font = FontDesc::new(FontFamily::Name(FONT), size * self.factor, FontStyle::Bold);
        TextStyle::from(font).color(&BLACK)
    }

    /// The anchor row for text of `size` (unscaled) centred on row `y`.
    /// plotters' glyph rasterizer puts vertically centred text about a fifth
    /// of its size too high; SVG viewers centre it themselves.
    pub(super) fn text_row(self, y: i32, size: f64) -> i32 {
        if self.bitmap {
            y + (0.18 * size * self.factor).round() as i32
        } else {
            y
        }
    }
}
