//! Plots: every picture is written as PNG and SVG, files are real images
//! with the title in them, awkward data (NaN, ∞, constants, single points,
//! paths leaving the window) draws without panicking, errors name the file,
//! and the decision regions are painted where the classifier says.

#![cfg(feature = "plot")]

use std::fs;
use std::path::{Path, PathBuf};

use scalargrad::plot::{
    class_tint, contour_paths, decision_boundary, save_grid, LineChart, Series,
};
use scalargrad::Error;

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// An empty directory of its own for each test, under the system's
/// temporary directory.
fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("scalargrad-plot-{}-{test}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("create the scratch directory");
    dir
}

/// The file is a PNG image of more than a few bytes.
fn assert_png(path: &Path) {
    let bytes = fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(
        bytes.len() > 2_000,
        "{}: only {} bytes",
        path.display(),
        bytes.len()
    );
    assert!(
        bytes.starts_with(PNG_SIGNATURE),
        "{}: no PNG signature",
        path.display()
    );
}

/// The file is an SVG document that contains `text`; returns the document.
fn assert_svg(path: &Path, text: &str) -> String {
    let svg = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(
        svg.len() > 1_000,
        "{}: only {} bytes",
        path.display(),
        svg.len()
    );
    assert!(svg.contains("<svg"), "{}: no <svg element", path.display());
    assert!(svg.contains(text), "{}: `{text}` not found", path.display());
    svg
}

fn loss_chart() -> LineChart {
    let train = (1..=30).map(|e| (e as f64, 2.0 / e as f64)).collect();
    let validation = (1..=30).map(|e| (e as f64, 2.2 / e as f64 + 0.1)).collect();
    LineChart::new("Loss per epoch")
        .x_label("epoch")
        .y_label("loss")
        .series(Series::new("train", train))
        .series(Series::new("validation", validation))
}

/// `0.1·w1² + 2·w2²` and a gradient-descent path on it.
fn valley_and_path() -> (impl Fn(f64, f64) -> f64, Series) {
    let f = |w1: f64, w2: f64| 0.1 * w1 * w1 + 2.0 * w2 * w2;
    let mut w = (-9.0, 2.0);
    let mut steps = vec![w];
    for _ in 0..25 {
        // ∂f/∂w1 = 0.2·w1, ∂f/∂w2 = 4·w2; learning rate 0.4.
        w = (w.0 - 0.4 * 0.2 * w.0, w.1 - 0.4 * 4.0 * w.1);
        steps.push(w);
    }
    (f, Series::new("gradient descent", steps))
}

/// Two moons' worth of points: class 0 on the left (x1 < 0), class 1 on the
/// right.
fn left_right_points() -> (Vec<[f64; 2]>, Vec<usize>) {
    let mut points = Vec::new();
    let mut labels = Vec::new();
    for i in 0..20 {
        let t = i as f64 / 19.0;
        points.push([-1.0 + 0.8 * t, -1.0 + 2.0 * t]);
        labels.push(0);
        points.push([0.2 + 0.8 * t, 1.0 - 2.0 * t]);
        labels.push(1);
    }
    (points, labels)
}

#[test]
fn line_chart_writes_png_and_svg_with_its_title() {
    let dir = scratch("line_chart");
    let chart = loss_chart();
    chart.save(dir.join("loss.png")).unwrap();
    chart.save(dir.join("loss.svg")).unwrap();
    assert_png(&dir.join("loss.png"));
    let svg = assert_svg(&dir.join("loss.svg"), "Loss per epoch");
    for text in ["epoch", "loss", "train", "validation"] {
        assert!(svg.contains(text), "the SVG lacks `{text}`");
    }
    fs::remove_dir_all(dir).unwrap();
}

/// A PNG is drawn at twice its size and averaged down, so the edge of a
/// dot blends its colour with the white behind it; plotters' bitmap
/// backend alone fills a circle's pixels in its exact colour, which looks
/// ragged.
#[test]
fn png_dots_are_anti_aliased() {
    let dir = scratch("anti_aliased");
    // Ten lone points (a NaN between each two breaks the line), each drawn
    // as a dot in series colour 0, Okabe–Ito blue (0, 114, 178).
    let points = (0..10)
        .flat_map(|i| [(i as f64, i as f64), (f64::NAN, f64::NAN)])
        .collect();
    let path = dir.join("dots.png");
    LineChart::new("")
        .series(Series::new("dots", points))
        .save(&path)
        .unwrap();
    let image = image::open(&path).unwrap().to_rgb8();
    // A pixel between blue and white: t·blue + (1 − t)·white with
    // 0 < t < 1 has red 255·(1 − t) strictly between 0 and 255, and more
    // blue than red (b − r = 178t > 0).
    let blended = image
        .pixels()
        .filter(|p| {
            let [r, _, b] = p.0;
            (40..=215).contains(&r) && u16::from(b) > u16::from(r) + 20
        })
        .count();
    // Ten dots of radius 3 have rims of about 10·2π·3 ≈ 190 pixels, each
    // partly covered. (Drawn at 1× instead, only the legend's short line
    // blends: 84 such pixels.)
    assert!(blended > 120, "only {blended} blended pixels");
    fs::remove_dir_all(dir).unwrap();
}

/// Each `<text …>` element of a plotters SVG: its x, its y, its font size
/// and its text.
fn svg_texts(svg: &str) -> Vec<(f64, f64, f64, String)> {
    let attribute = |tag: &str, name: &str| -> f64 {
        let tag = format!(" {tag}");
        let start = tag.find(&format!(" {name}=\"")).expect("attribute") + name.len() + 3;
        let end = start + tag[start..].find('"').expect("closing quote");
        tag[start..end].parse().expect("a number")
    };
    svg.split("<text ")
        .skip(1)
        .map(|element| {
            let (tag, rest) = element.split_once('>').expect("a text tag");
            let text = rest
                .split("</text>")
                .next()
                .unwrap_or("")
                .trim()
                .to_string();
            (
                attribute(tag, "x"),
                attribute(tag, "y"),
                attribute(tag, "font-size"),
                text,
            )
        })
        .collect()
}

/// The legend has a column of its own right of the plot, so it never
/// covers a line (plotters' series labels would sit inside the plot).
#[test]
fn the_legend_sits_beside_the_plot() {
    // A line that climbs into the upper right corner, where a legend
    // inside the plot would cover it.
    let chart = LineChart::new("accuracy").series(Series::new(
        "train",
        (0..=20).map(|i| (i as f64, i as f64)).collect(),
    ));
    let svg = chart.to_svg().unwrap();
    let rightmost_line_point = svg
        .split("points=\"")
        .skip(1)
        .flat_map(|p| {
            p.split('"')
                .next()
                .unwrap()
                .split_whitespace()
                .map(|xy| xy.split(',').next().unwrap().parse::<f64>().unwrap())
        })
        .fold(0.0, f64::max);
    let (legend_x, ..) = svg_texts(&svg)
        .into_iter()
        .find(|t| t.3 == "train")
        .expect("a legend entry `train`");
    assert!(
        legend_x > rightmost_line_point,
        "legend text at x = {legend_x}, the plot reaches x = {rightmost_line_point}"
    );
}

/// The charts of a grid share one legend width, the widest's, so that
/// their plots line up: in two cells side by side, a short label and a long
/// one start at the same place in their cells.
#[test]
fn the_charts_of_a_grid_line_up() {
    let line = |label: &str| {
        LineChart::new(label).series(Series::new(
            label,
            (0..=10).map(|i| (i as f64, (i * i) as f64)).collect(),
        ))
    };
    let (short, long) = ("a", "a rather longer label");
    let path = scratch("grid_legends").join("grid.svg");
    let width = 1200;
    save_grid(
        &path,
        "two charts",
        &[line(short), line(long)],
        2,
        (width, 400),
    )
    .unwrap();
    let svg = fs::read_to_string(&path).unwrap();
    let x_of = |label: &str| {
        svg_texts(&svg)
            .into_iter()
            .filter(|t| t.3 == label)
            .map(|t| t.0)
            .fold(0.0, f64::max) // the legend's entry, right of the title
    };
    let cell = f64::from(width / 2);
    assert_eq!(
        x_of(short) + cell,
        x_of(long),
        "the short label's legend text starts at {} in its cell, the long one's at {}",
        x_of(short),
        x_of(long) - cell
    );
}

/// A label too long for the legend's column (at most 30 % of the width) is
/// shortened with an ellipsis; too many entries for the plot's height get
/// smaller rows and text, so that all of them stay inside the picture.
#[test]
fn the_legend_shortens_long_labels_and_shrinks_rows_to_fit() {
    let long = "a very long series name ".repeat(10);
    let chart =
        LineChart::new("long").series(Series::new(long.clone(), vec![(0.0, 0.0), (1.0, 1.0)]));
    let texts = svg_texts(&chart.to_svg().unwrap());
    let label = &texts.last().expect("a legend entry").3;
    assert!(label.ends_with('…'), "{label}");
    assert!(long.starts_with(label.trim_end_matches('…')));

    // 40 entries at 24 pixels a row would need 960 pixels; the picture has 500.
    let mut many = LineChart::new("many");
    for k in 0..40 {
        many = many.series(Series::new(
            format!("s{k}"),
            vec![(0.0, 0.0), (1.0, k as f64)],
        ));
    }
    let texts = svg_texts(&many.to_svg().unwrap());
    let entries: Vec<_> = texts.iter().filter(|t| t.3.starts_with('s')).collect();
    assert_eq!(entries.len(), 40);
    let (_, last_y, size, _) = entries[39];
    assert!(*last_y < 500.0, "the last entry is at y = {last_y}");
    let few = svg_texts(&loss_chart().to_svg().unwrap());
    let normal = few.iter().find(|t| t.3 == "train").unwrap().2;
    assert!(*size < normal, "rows of 40 entries keep text size {size}");
}

#[test]
fn line_chart_with_log_y_and_a_custom_size() {
    let dir = scratch("log_y");
    let mut chart = LineChart::new("Gradient norm per layer")
        .x_label("step")
        .y_label("‖∂L/∂W‖")
        .log_y(true);
    for layer in 0..4 {
        let norms = (0..100)
            .map(|s| (s as f64, 10f64.powi(-layer) * (1.0 + s as f64 / 100.0)))
            .collect();
        chart = chart.series(Series::new(format!("layer {}", layer + 1), norms));
    }
    chart
        .clone()
        .size(1200, 750)
        .save(dir.join("norms.png"))
        .unwrap();
    chart.save(dir.join("norms.svg")).unwrap();
    assert_png(&dir.join("norms.png"));
    assert_svg(&dir.join("norms.svg"), "Gradient norm per layer");
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn unicode_text_reaches_the_picture() {
    let dir = scratch("unicode");
    let xs: Vec<f64> = (-20..=20).map(|i| i as f64 / 5.0).collect();
    let sigmoid = |x: f64| 1.0 / (1.0 + (-x).exp());
    LineChart::new("σ(z) and ∂σ/∂z")
        .x_label("z")
        .series(Series::new(
            "σ(z)",
            xs.iter().map(|&x| (x, sigmoid(x))).collect(),
        ))
        .series(Series::new(
            "σ(z)·(1 − σ(z))",
            xs.iter()
                .map(|&x| (x, sigmoid(x) * (1.0 - sigmoid(x))))
                .collect(),
        ))
        .save(dir.join("sigmoid.svg"))
        .unwrap();
    assert_svg(&dir.join("sigmoid.svg"), "σ(z) and ∂σ/∂z");
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn non_finite_constant_single_and_empty_series_do_not_panic() {
    let dir = scratch("awkward");
    let awkward = vec![
        (0.0, 1.0),
        (1.0, f64::NAN),
        (2.0, 3.0),
        (f64::INFINITY, 2.0),
        (3.0, f64::NEG_INFINITY),
        (4.0, 2.0),
        (5.0, 2.5),
    ];
    let chart = LineChart::new("NaN, ∞, a constant and a single point")
        .series(Series::new("awkward", awkward))
        .series(Series::new(
            "constant",
            (0..10).map(|i| (i as f64, 0.7)).collect(),
        ))
        .series(Series::new("single point", vec![(2.0, 2.0)]))
        .series(Series::new("empty", Vec::new()))
        .series(Series::new("all NaN", vec![(f64::NAN, f64::NAN); 3]));
    for name in ["awkward.png", "awkward.svg"] {
        chart.save(dir.join(name)).unwrap();
        chart
            .clone()
            .log_y(true)
            .save(dir.join(format!("log-{name}")))
            .unwrap();
    }
    // Charts with nothing to draw on them still draw their axes.
    LineChart::new("only a constant")
        .series(Series::new("zero", vec![(0.0, 0.0), (1.0, 0.0)]))
        .save(dir.join("constant.png"))
        .unwrap();
    LineChart::new("only one point")
        .series(Series::new("one", vec![(3.0, 4.0)]))
        .save(dir.join("single.png"))
        .unwrap();
    LineChart::new("no series")
        .save(dir.join("empty.png"))
        .unwrap();
    LineChart::new("log axis, nothing positive")
        .log_y(true)
        .series(Series::new("negative", vec![(0.0, -1.0), (1.0, 0.0)]))
        .save(dir.join("nothing-positive.png"))
        .unwrap();
    for name in [
        "awkward.png",
        "log-awkward.png",
        "constant.png",
        "single.png",
        "empty.png",
        "nothing-positive.png",
    ] {
        assert_png(&dir.join(name));
    }
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn unsupported_extension_is_a_plot_error_naming_the_file() {
    let dir = scratch("extension");
    let (f, path) = valley_and_path();
    let (points, labels) = left_right_points();
    let results = [
        (
            dir.join("loss.jpg"),
            loss_chart().save(dir.join("loss.jpg")),
        ),
        (
            dir.join("boundary.pdf"),
            decision_boundary(
                dir.join("boundary.pdf"),
                "b",
                &points,
                &labels,
                &|_, _| 0,
                10,
            ),
        ),
        (
            dir.join("contour"),
            contour_paths(
                dir.join("contour"),
                "c",
                &f,
                (-1.0, 1.0),
                (-1.0, 1.0),
                &[path],
            ),
        ),
    ];
    for (file, result) in results {
        let error = result.expect_err("an unsupported extension must fail");
        assert!(
            matches!(error, Error::Plot { .. }),
            "expected Error::Plot, got {error:?}"
        );
        let text = error.to_string();
        assert!(
            text.contains(&file.display().to_string()),
            "`{text}` does not name the file"
        );
        assert!(
            text.contains(".png") && text.contains(".svg"),
            "`{text}` does not say what works"
        );
        assert!(
            !file.exists(),
            "nothing is written for an unsupported extension"
        );
    }
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn missing_parent_directories_are_created() {
    let dir = scratch("parents");
    let path = dir.join("runs/moons/loss.svg");
    loss_chart().save(&path).unwrap();
    assert_svg(&path, "Loss per epoch");
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_file_in_the_way_of_the_directory_is_an_io_error() {
    let dir = scratch("io_error");
    let blocker = dir.join("not-a-directory");
    fs::write(&blocker, "a file").unwrap();
    for name in ["loss.png", "loss.svg"] {
        let error = loss_chart()
            .save(blocker.join(name))
            .expect_err("cannot write under a file");
        assert!(
            matches!(error, Error::Io { .. }),
            "expected Error::Io, got {error:?}"
        );
        assert!(error.to_string().contains("not-a-directory"), "{error}");
    }
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn too_small_a_size_is_a_plot_error() {
    let dir = scratch("small");
    let error = loss_chart()
        .size(100, 80)
        .save(dir.join("tiny.png"))
        .expect_err("100×80 is too small");
    assert!(
        matches!(error, Error::Plot { .. }),
        "expected Error::Plot, got {error:?}"
    );
    assert!(error.to_string().contains("100×80"), "{error}");
    // The smallest allowed size draws.
    let (width, height) = scalargrad::plot::MIN_SIZE;
    loss_chart()
        .size(width, height)
        .save(dir.join("smallest.png"))
        .unwrap();
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn decision_boundary_with_three_classes_writes_png_and_svg() {
    let dir = scratch("spirals");
    let mut points = Vec::new();
    let mut labels = Vec::new();
    for class in 0..3 {
        for i in 0..40 {
            let r = i as f64 / 40.0;
            let angle = class as f64 * 2.1 + 3.0 * r;
            points.push([r * angle.sin(), r * angle.cos()]);
            labels.push(class);
        }
    }
    // Three sectors of 120° around the origin.
    let classify = |x1: f64, x2: f64| {
        let angle = x1.atan2(x2).rem_euclid(std::f64::consts::TAU);
        ((angle / std::f64::consts::TAU * 3.0) as usize).min(2)
    };
    decision_boundary(
        dir.join("spirals.png"),
        "Spirals",
        &points,
        &labels,
        &classify,
        80,
    )
    .unwrap();
    decision_boundary(
        dir.join("spirals.svg"),
        "Spirals",
        &points,
        &labels,
        &classify,
        80,
    )
    .unwrap();
    assert_png(&dir.join("spirals.png"));
    let svg = assert_svg(&dir.join("spirals.svg"), "Spirals");
    for class in 0..3 {
        let [r, g, b] = class_tint(class);
        let fill = format!("fill=\"#{r:02X}{g:02X}{b:02X}\"");
        assert!(
            svg.contains(&fill),
            "no region painted with class {class}'s tint"
        );
    }
    fs::remove_dir_all(dir).unwrap();
}

/// The `fill` of the last `<rect>` in `svg` that covers pixel `(x, y)`: what
/// a viewer shows there, unless a circle or line is drawn over it.
fn rect_fill_at(svg: &str, x: f64, y: f64) -> Option<String> {
    let attribute = |tag: &str, name: &str| -> Option<String> {
        let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        let end = start + tag[start..].find('"')?;
        Some(tag[start..end].to_string())
    };
    let number = |tag: &str, name: &str| attribute(tag, name).and_then(|v| v.parse::<f64>().ok());
    svg.split("<rect")
        .skip(1)
        .filter_map(|rest| {
            let tag = &rest[..rest.find('>')?];
            let (left, top) = (number(tag, "x")?, number(tag, "y")?);
            let (width, height) = (number(tag, "width")?, number(tag, "height")?);
            let inside = (left..=left + width).contains(&x) && (top..=top + height).contains(&y);
            let fill = attribute(tag, "fill")?;
            (inside && fill != "none").then_some(fill)
        })
        .last()
}

#[test]
fn decision_regions_are_painted_with_the_predicted_class_tint() {
    // The image crate that plotters uses to write PNGs is not a dependency
    // of this crate, so the tests cannot decode a PNG; the SVG is drawn by
    // the same code and its rectangles can be read directly.
    let dir = scratch("regions");
    let (points, labels) = left_right_points();
    let path = dir.join("x1-positive.svg");
    decision_boundary(
        &path,
        "class 1 where x1 > 0",
        &points,
        &labels,
        &|x1, _| usize::from(x1 > 0.0),
        50,
    )
    .unwrap();
    let svg = fs::read_to_string(&path).unwrap();
    let hex = |[r, g, b]: [u8; 3]| format!("#{r:02X}{g:02X}{b:02X}");
    // The data span x1 ∈ [-1, 1], so x1 = 0 is near the middle of the plot,
    // which covers roughly pixels 80 … 680 of the 800-pixel width (the
    // legend takes the right edge). Pixel column 560 is well right of x1 = 0,
    // column 200 well left; row 250 is halfway down.
    assert_eq!(rect_fill_at(&svg, 560.0, 250.0), Some(hex(class_tint(1))));
    assert_eq!(rect_fill_at(&svg, 200.0, 250.0), Some(hex(class_tint(0))));
    fs::remove_dir_all(dir).unwrap();
}

#[test]
#[should_panic(expected = "plot::decision_boundary: 3 points but 2 labels")]
fn decision_boundary_with_fewer_labels_than_points_panics() {
    let points = [[0.0, 0.0], [1.0, 1.0], [2.0, 0.0]];
    let _ = decision_boundary(
        std::env::temp_dir().join("never-written.png"),
        "t",
        &points,
        &[0, 1],
        &|_, _| 0,
        10,
    );
}

#[test]
fn contour_paths_writes_png_and_svg() {
    let dir = scratch("contour");
    let (f, gradient_descent) = valley_and_path();
    // A path that leaves the window and one with a NaN step: cut, not a panic.
    let diverging = Series::new(
        "diverging",
        vec![(-9.0, 2.0), (-8.0, -4.0), (-7.0, 8.0), (-5.0, -20.0)],
    );
    let broken = Series::new(
        "with a NaN",
        vec![(5.0, 1.0), (4.0, f64::NAN), (3.0, 0.5), (2.0, 0.2)],
    );
    let paths = [gradient_descent, diverging, broken];
    contour_paths(
        dir.join("valley.png"),
        "0.1·w1² + 2·w2²",
        &f,
        (-10.0, 10.0),
        (-3.0, 3.0),
        &paths,
    )
    .unwrap();
    contour_paths(
        dir.join("valley.svg"),
        "Optimizers on a valley",
        &f,
        (-10.0, 10.0),
        (-3.0, 3.0),
        &paths,
    )
    .unwrap();
    assert_png(&dir.join("valley.png"));
    let svg = assert_svg(&dir.join("valley.svg"), "Optimizers on a valley");
    for text in ["w1", "w2", "gradient descent", "start"] {
        assert!(svg.contains(text), "the SVG lacks `{text}`");
    }
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn contour_paths_survives_constant_and_non_finite_functions() {
    let dir = scratch("contour_awkward");
    contour_paths(
        dir.join("flat.png"),
        "flat",
        &|_, _| 1.0,
        (0.0, 1.0),
        (0.0, 1.0),
        &[],
    )
    .unwrap();
    let holes = |w1: f64, w2: f64| {
        if w1 > 0.0 {
            f64::NAN
        } else {
            w1 * w1 + w2 * w2
        }
    };
    contour_paths(
        dir.join("holes.png"),
        "half NaN",
        &holes,
        (-1.0, 1.0),
        (-1.0, 1.0),
        &[],
    )
    .unwrap();
    contour_paths(
        dir.join("nan.png"),
        "all NaN",
        &|_, _| f64::NAN,
        (-1.0, 1.0),
        (-1.0, 1.0),
        &[],
    )
    .unwrap();
    for name in ["flat.png", "holes.png", "nan.png"] {
        assert_png(&dir.join(name));
    }
    fs::remove_dir_all(dir).unwrap();
}
