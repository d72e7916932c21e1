//! Drawings of the graph, in the style micrograd made familiar: one record
//! per value showing its name, `data` and `grad`, and an op node between a
//! value and its inputs, left to right.

use std::path::Path;
use std::process::{Command, Stdio};

use petgraph::dot::{Config, Dot, RankDir};
use petgraph::graph::{DiGraph, NodeIndex};

use super::drawing::{number, Drawing, Scene};
use super::layout::Direction;
use super::view::Snapshot;
use crate::{Error, Result, Value};

/// What a drawing shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DotOptions {
    /// Fold the constant of an op with a constant into the op's label
    /// (`powf 2`, `leaky_relu 0.01`) instead of drawing it as a leaf.
    pub fold_constants: bool,
    /// Draw each neuron as one box per `z_j` and one per `a_j`: the weights
    /// and bias of dot and affine nodes are not drawn, and the op says how
    /// many there are. Keeps an MLP's drawing readable.
    pub collapse_neurons: bool,
    /// Which way the graph reads: inputs left and output right (micrograd's
    /// way), or inputs at the top, which fits a deep graph on a screen.
    pub direction: Direction,
    /// Show each value's `grad` next to its `data`. Turn it off for a
    /// drawing made before any backward, where every grad would read 0.
    pub show_grad: bool,
}

impl Default for DotOptions {
    /// Constants folded, neurons drawn in full, left to right, grads shown.
    fn default() -> Self {
        DotOptions {
            fold_constants: true,
            collapse_neurons: false,
            direction: Direction::LeftToRight,
            show_grad: true,
        }
    }
}

#[derive(Clone, Debug)]
enum Shape {
    Value(String),
    Op(String),
}

/// Escapes a string for a DOT record label.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '{' | '}' | '|' | '<' | '>' | '"' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

impl<'g> Value<'g> {
    /// The graph this value depends on in Graphviz's DOT language, with
    /// [`DotOptions::default`]. Render it with [`render_dot`], or paste it
    /// into any Graphviz viewer.
    ///
    /// ```
    /// # let g = scalargrad::Graph::new();
    /// let x = g.value(2.0).named("x");
    /// let y = (x * 3.0).named("y");
    /// let dot = y.to_dot();
    /// assert!(dot.contains("{ x | data 2.0000 | grad 0.0000 }"));
    /// assert!(dot.contains("rankdir=\"LR\""));
    /// ```
    #[track_caller]
    pub fn to_dot(self) -> String {
        self.dot_for(&DotOptions::default(), "Value::to_dot")
    }

    /// [`to_dot`](Value::to_dot) with chosen [`DotOptions`].
    #[track_caller]
    pub fn to_dot_with(self, options: &DotOptions) -> String {
        self.dot_for(options, "Value::to_dot_with")
    }

    /// The DOT text, for a caller that panics under its own name.
    #[track_caller]
    fn dot_for(self, options: &DotOptions, call: &str) -> String {
        let scene = Scene::of(&Snapshot::of(self, call), options);
        dot_of_scene(&scene, options)
    }
}

/// The DOT text of a scene.
fn dot_of_scene(scene: &Scene, options: &DotOptions) -> String {
    let mut graph: DiGraph<Shape, ()> = DiGraph::new();
    let mut record = std::collections::HashMap::new();
    let mut ops = scene.ops.iter().peekable();
    for value in &scene.values {
        let name = value.name.as_deref().map(escape).unwrap_or_default();
        let label = if options.show_grad {
            format!(
                "{{ {name} | data {} | grad {} }}",
                number(value.data),
                number(value.grad)
            )
        } else {
            format!("{{ {name} | data {} }}", number(value.data))
        };
        let v = graph.add_node(Shape::Value(label));
        record.insert(value.node, v);
        let Some(op) = ops.next_if(|op| op.node == value.node) else {
            continue;
        };
        let circle = graph.add_node(Shape::Op(escape(&op.label)));
        graph.add_edge(circle, v, ());
        for input in &op.inputs {
            graph.add_edge(record[input], circle, ());
        }
    }

    let node_attributes = |_: &DiGraph<Shape, ()>, (_, shape): (NodeIndex, &Shape)| match shape {
        Shape::Value(label) => format!("shape=record, label=\"{label}\""),
        Shape::Op(label) => format!("label=\"{label}\""),
    };
    let edge_attributes = |_: &DiGraph<Shape, ()>, _| String::new();
    let config = [
        Config::EdgeNoLabel,
        Config::NodeNoLabel,
        Config::RankDir(match options.direction {
            Direction::LeftToRight => RankDir::LR,
            Direction::TopDown => RankDir::TB,
        }),
    ];
    format!(
        "{:?}",
        Dot::with_attr_getters(&graph, &config, &edge_attributes, &node_attributes)
    )
}

/// How [`render`] or [`render_dot`] drew a picture.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Renderer {
    /// Graphviz's `dot` program, found on the `PATH`.
    Graphviz,
    /// The crate's own layout and SVG ([`Value::to_svg`]), used when
    /// Graphviz is not installed.
    Builtin,
    /// The DOT text itself (for a `.dot` path).
    Text,
}

/// True when Graphviz's `dot` program runs (and the environment variable
/// `SCALARGRAD_NO_GRAPHVIZ` is not set).
pub fn graphviz_available() -> bool {
    if std::env::var_os("SCALARGRAD_NO_GRAPHVIZ").is_some() {
        return false;
    }
    Command::new("dot")
        .arg("-V")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Writes a drawing of everything `root` depends on to `path`, choosing the
/// format by extension: `.dot` writes [`Value::to_dot_with`]'s text; `.svg`
/// uses Graphviz when it is installed and the crate's own layout otherwise
/// (fast for thousands of nodes), so it works on a fresh machine; `.png`
/// needs Graphviz.
///
/// ```
/// # let g = scalargrad::Graph::new();
/// let x = g.value(2.0).named("x");
/// let y = (x * x).named("y");
/// let path = std::env::temp_dir().join("scalargrad_render_doc.dot");
/// let how = scalargrad::inspect::render(y, &Default::default(), &path)?;
/// assert_eq!(how, scalargrad::inspect::Renderer::Text);
/// # Ok::<(), scalargrad::Error>(())
/// ```
///
/// # Errors
/// [`Error::Invalid`] for another extension, or `.png` without Graphviz;
/// [`Error::Io`] if the file cannot be written; [`Error::Plot`] if Graphviz
/// fails.
///
/// # Panics
/// If `root` was discarded by [`Graph::truncate`](crate::Graph::truncate).
#[track_caller]
pub fn render(root: Value<'_>, options: &DotOptions, path: impl AsRef<Path>) -> Result<Renderer> {
    let scene = Scene::of(&Snapshot::of(root, "inspect::render"), options);
    render_scene(&scene, options, path.as_ref())
}

/// [`render`] for several values at once: one drawing of everything any of
/// `roots` depends on, each root drawn (a network's every output, say).
///
/// ```
/// # let g = scalargrad::Graph::new();
/// let x = g.value(2.0).named("x");
/// let (y, z) = ((x * 3.0).named("y"), x.exp().named("z"));
/// let path = std::env::temp_dir().join("scalargrad_render_all_doc.dot");
/// scalargrad::inspect::render_all(&[y, z], &Default::default(), &path)?;
/// let dot = std::fs::read_to_string(&path)?;
/// assert!(dot.contains("{ y |") && dot.contains("{ z |"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// As [`render`].
///
/// # Panics
/// If `roots` is empty, or a root was discarded by
/// [`Graph::truncate`](crate::Graph::truncate).
#[track_caller]
pub fn render_all(
    roots: &[Value<'_>],
    options: &DotOptions,
    path: impl AsRef<Path>,
) -> Result<Renderer> {
    let scene = Scene::of(&Snapshot::of_roots(roots, "inspect::render_all"), options);
    render_scene(&scene, options, path.as_ref())
}

fn render_scene(scene: &Scene, options: &DotOptions, path: &Path) -> Result<Renderer> {
    match extension(path).as_str() {
        "svg" if !graphviz_available() => {
            create_parent(path)?;
            let svg = Drawing::of_scene(scene, options.direction).to_svg();
            std::fs::write(path, svg).map_err(|source| Error::Io {
                path: path.into(),
                source,
            })?;
            Ok(Renderer::Builtin)
        }
        _ => render_dot(&dot_of_scene(scene, options), path),
    }
}

fn extension(path: &Path) -> String {
    path.extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default()
}

/// Writes DOT text to `path`, choosing the format by extension: `.dot`
/// writes the text; `.svg` and `.png` need Graphviz's `dot` program. For a
/// drawing of a [`Value`] on a machine without Graphviz, use [`render`].
///
/// # Errors
/// [`Error::Invalid`] for another extension, or `.svg`/`.png` without
/// Graphviz; [`Error::Io`] if the file cannot be written; [`Error::Plot`] if
/// Graphviz fails.
pub fn render_dot(dot: &str, path: impl AsRef<Path>) -> Result<Renderer> {
    let path = path.as_ref();
    let io = |source| Error::Io {
        path: path.into(),
        source,
    };
    let extension = extension(path);
    match extension.as_str() {
        "dot" | "gv" => {
            create_parent(path)?;
            std::fs::write(path, dot).map_err(io)?;
            Ok(Renderer::Text)
        }
        "svg" | "png" if graphviz_available() => {
            create_parent(path)?;
            let mut child = Command::new("dot")
                .arg(format!("-T{extension}"))
                .arg("-o")
                .arg(path)
                .stdin(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .map_err(io)?;
            if let Some(mut stdin) = child.stdin.take() {
                use std::io::Write;
                stdin.write_all(dot.as_bytes()).map_err(io)?;
            }
            let output = child.wait_with_output().map_err(io)?;
            if !output.status.success() {
                return Err(Error::Plot {
                    path: path.into(),
                    message: format!(
                        "Graphviz failed: {}",
                        String::from_utf8_lossy(&output.stderr).trim()
                    ),
                });
            }
            Ok(Renderer::Graphviz)
        }
        "svg" | "png" => Err(Error::Invalid {
            path: path.into(),
            message: format!(
                "{} drawings of DOT text need Graphviz's `dot` on the PATH; draw the Value with \
                 inspect::render instead (SVG without Graphviz)",
                extension.to_uppercase()
            ),
        }),
        _ => Err(Error::Invalid {
            path: path.into(),
            message: "unsupported extension: use .dot, .svg or .png".into(),
        }),
    }
}

/// Creates the directory `path` will be written in.
fn create_parent(path: &Path) -> Result<()> {
    match path.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(dir) => std::fs::create_dir_all(dir).map_err(|source| Error::Io {
            path: path.into(),
            source,
        }),
        None => Ok(()),
    }
}
