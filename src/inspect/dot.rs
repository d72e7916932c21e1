//! Drawings of the graph, in the style micrograd made familiar: one record
//! per value showing its name, `data` and `grad`, and an op node between a
//! value and its inputs, left to right.

use std::path::Path;
use std::process::{Command, Stdio};

use petgraph::dot::{Config, Dot, RankDir};
use petgraph::graph::{DiGraph, NodeIndex};

use super::view::Snapshot;
use crate::{Error, Op, Result, Value};

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
}

impl Default for DotOptions {
    /// Constants folded, neurons drawn in full.
    fn default() -> Self {
        DotOptions {
            fold_constants: true,
            collapse_neurons: false,
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

fn number(x: f64) -> String {
    format!("{:.4}", x + 0.0)
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
        let snapshot = Snapshot::of(self, call);
        let hidden_edge = |node: &super::view::SnapNode, position: usize| -> bool {
            let op = node.info.op;
            let input = &node.inputs[position];
            let is_leaf = snapshot.node(input.0).info.op == Op::Leaf;
            match op {
                _ if options.fold_constants && !input.2 => true,
                Op::Dot | Op::Affine if options.collapse_neurons => {
                    let n = (node.inputs.len() - usize::from(op == Op::Affine)) / 2;
                    is_leaf && (position < n || position == 2 * n)
                }
                _ => false,
            }
        };
        // A leaf is drawn if some edge out of it is drawn (or it is the root).
        let mut drawn = vec![false; snapshot.nodes.len()];
        *drawn.last_mut().expect("a snapshot holds its root") = true;
        let mut shown_inputs: Vec<Vec<usize>> = Vec::with_capacity(snapshot.nodes.len());
        for node in &snapshot.nodes {
            let shown: Vec<usize> = (0..node.inputs.len())
                .filter(|&p| !hidden_edge(node, p))
                .collect();
            for &p in &shown {
                drawn[snapshot.position(node.inputs[p].0).expect("in snapshot")] = true;
            }
            shown_inputs.push(shown);
        }
        for (k, node) in snapshot.nodes.iter().enumerate() {
            if node.info.op != Op::Leaf {
                drawn[k] = true;
            }
        }

        let mut graph: DiGraph<Shape, ()> = DiGraph::new();
        let mut value_node = vec![None; snapshot.nodes.len()];
        for (k, node) in snapshot.nodes.iter().enumerate() {
            if !drawn[k] {
                continue;
            }
            let info = &node.info;
            let name = info.name.as_deref().map(escape).unwrap_or_default();
            let label = format!(
                "{{ {name} | data {} | grad {} }}",
                number(info.data),
                number(info.grad)
            );
            let v = graph.add_node(Shape::Value(label));
            value_node[k] = Some(v);
            if info.op == Op::Leaf {
                continue;
            }
            let mut op_label = escape(info.op.symbol());
            if options.fold_constants {
                if let Some(&(c, _, false)) = node.inputs.get(1) {
                    op_label = format!("{op_label} {}", snapshot.node(c).info.data);
                }
            }
            let hidden = node.inputs.len() - shown_inputs[k].len();
            if options.collapse_neurons && matches!(info.op, Op::Dot | Op::Affine) && hidden > 0 {
                op_label = format!("{op_label} ({hidden} parameters)");
            }
            let op = graph.add_node(Shape::Op(op_label));
            graph.add_edge(op, v, ());
            for &p in &shown_inputs[k] {
                let input = snapshot.position(node.inputs[p].0).expect("in snapshot");
                let from: NodeIndex = value_node[input].expect("inputs come first");
                graph.add_edge(from, op, ());
            }
        }

        let node_attributes = |_: &DiGraph<Shape, ()>, (_, shape): (NodeIndex, &Shape)| match shape
        {
            Shape::Value(label) => format!("shape=record, label=\"{label}\""),
            Shape::Op(label) => format!("label=\"{label}\""),
        };
        let edge_attributes = |_: &DiGraph<Shape, ()>, _| String::new();
        let config = [
            Config::EdgeNoLabel,
            Config::NodeNoLabel,
            Config::RankDir(RankDir::LR),
        ];
        format!(
            "{:?}",
            Dot::with_attr_getters(&graph, &config, &edge_attributes, &node_attributes)
        )
    }
}

/// How [`render_dot`] drew a picture.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Renderer {
    /// Graphviz's `dot` program, found on the `PATH`.
    Graphviz,
    /// The built-in pure-Rust layout (SVG only), used when Graphviz is not
    /// installed.
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

/// Writes a drawing of `dot` to `path`, choosing the format by extension:
/// `.dot` writes the text; `.svg` uses Graphviz when it is installed and the
/// built-in layout otherwise, so it works on a fresh machine; `.png` needs
/// Graphviz.
///
/// # Errors
/// [`Error::Invalid`] for another extension, or `.png` without Graphviz;
/// [`Error::Io`] if the file cannot be written; [`Error::Plot`] if the
/// layout fails.
pub fn render_dot(dot: &str, path: impl AsRef<Path>) -> Result<Renderer> {
    let path = path.as_ref();
    let io = |source| Error::Io {
        path: path.into(),
        source,
    };
    create_parent(path)?;
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match extension.as_str() {
        "dot" | "gv" => {
            std::fs::write(path, dot).map_err(io)?;
            Ok(Renderer::Text)
        }
        "svg" | "png" if graphviz_available() => {
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
                    message: format!("Graphviz failed: {}", String::from_utf8_lossy(&output.stderr).trim()),
                });
            }
            Ok(Renderer::Graphviz)
        }
        "svg" => render_svg_builtin(dot, path).map(|()| Renderer::Builtin),
        "png" => Err(Error::Invalid {
            path: path.into(),
            message: "PNG drawings need Graphviz's `dot` on the PATH; write a .svg file instead (it works without Graphviz)"
                .into(),
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

/// Lays out `dot` and writes it to `path` as SVG with the built-in
/// pure-Rust layout, whether or not Graphviz is installed.
///
/// # Errors
/// [`Error::Plot`] if the DOT text cannot be read; [`Error::Io`] if the file
/// cannot be written; [`Error::Invalid`] without the `plot` feature.
#[cfg(feature = "plot")]
pub fn render_svg_builtin(dot: &str, path: impl AsRef<Path>) -> Result<()> {
    use layout::backends::svg::SVGWriter;
    use layout::gv::{DotParser, GraphBuilder};

    let path = path.as_ref();
    create_parent(path)?;

    let ast = DotParser::new(dot).process().map_err(|e| Error::Plot {
        path: path.into(),
        message: format!("cannot read the DOT text: {e}"),
    })?;
    let mut builder = GraphBuilder::new();
    builder.visit_graph(&ast);
    let mut graph = builder.get();
    let mut svg = SVGWriter::new();
    graph.do_it(false, false, false, &mut svg);
    std::fs::write(path, svg.finalize()).map_err(|source| Error::Io {
        path: path.into(),
        source,
    })
}

/// Without the `plot` feature there is no built-in layout.
///
/// # Errors
/// Always [`Error::Invalid`].
#[cfg(not(feature = "plot"))]
pub fn render_svg_builtin(_: &str, path: impl AsRef<Path>) -> Result<()> {
    let path = path.as_ref();
    Err(Error::Invalid {
        path: path.into(),
        message: "SVG drawings without Graphviz need the `plot` feature".into(),
    })
}
