//! micrograd's drawing of a graph, laid out and written as SVG by the crate
//! itself: one record per value (`name | data | grad`), an op circle between
//! each value and its inputs.
//!
//! What is drawn is decided once ([`Scene`]), for both the DOT text of
//! [`Value::to_dot`] and the SVG of [`Value::to_svg`]; the SVG is laid out
//! by [`layered`](super::layered), in milliseconds for thousands of nodes.

use std::fmt::Write as _;

use super::dot::DotOptions;
use super::layout::{layered, Direction, LayoutInput};
use super::view::Snapshot;
use crate::{Op, Value};

/// What a drawing of a graph shows, independent of how it is laid out.
pub(crate) struct Scene {
    /// The value records, in creation order.
    pub values: Vec<SceneValue>,
    /// The op circles, one per node with inputs, in creation order.
    pub ops: Vec<SceneOp>,
    /// Whether records show `grad` next to `data`.
    pub show_grad: bool,
}

/// A value's record.
pub(crate) struct SceneValue {
    /// The node's index in the engine.
    pub node: usize,
    /// Its name, if it has one.
    pub name: Option<String>,
    pub data: f64,
    pub grad: f64,
}

/// An op circle: the op of `node`, fed by the records of `inputs`.
pub(crate) struct SceneOp {
    pub node: usize,
    pub label: String,
    /// The inputs drawn (engine indices), in the op's order.
    pub inputs: Vec<usize>,
}

impl Scene {
    /// The scene of everything `snapshot`'s root depends on, as `options`
    /// ask (constants folded into op labels, neurons collapsed).
    pub(crate) fn of(snapshot: &Snapshot, options: &DotOptions) -> Scene {
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
        // A leaf is drawn if some edge out of it is drawn, or if nothing uses
        // it (a root).
        let mut drawn: Vec<bool> = snapshot.consumers().iter().map(Vec::is_empty).collect();
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
        let mut scene = Scene {
            values: Vec::new(),
            ops: Vec::new(),
            show_grad: options.show_grad,
        };
        for (k, node) in snapshot.nodes.iter().enumerate() {
            let info = &node.info;
            if !drawn[k] && info.op == Op::Leaf {
                continue;
            }
            scene.values.push(SceneValue {
                node: info.index,
                name: info.name.clone(),
                data: info.data,
                grad: info.grad,
            });
            if info.op == Op::Leaf {
                continue;
            }
            let mut label = info.op_name.clone();
            if options.fold_constants {
                if let Some(&(c, _, false)) = node.inputs.get(1) {
                    label = format!("{label} {}", snapshot.node(c).info.data);
                }
            }
            let hidden = node.inputs.len() - shown_inputs[k].len();
            if options.collapse_neurons && matches!(info.op, Op::Dot | Op::Affine) && hidden > 0 {
                label = format!("{label} ({hidden} parameters)");
            }
            scene.ops.push(SceneOp {
                node: info.index,
                label,
                inputs: shown_inputs[k].iter().map(|&p| node.inputs[p].0).collect(),
            });
        }
        scene
    }
}

/// A number as the drawings show it: 4 decimals, `-0` as `0`.
pub(crate) fn number(x: f64) -> String {
    format!("{:.4}", x + 0.0)
}

/// Text metrics of the SVG: a 12-pixel monospace font.
const CHAR_WIDTH: f64 = 7.3;
const FONT_SIZE: f64 = 12.0;
const BOX_HEIGHT: f64 = 26.0;
const PADDING: f64 = 7.0;

/// A laid-out drawing of a graph, micrograd's style: the boxes, circles and
/// edges with their coordinates (SVG pixels, origin top left), ready to be
/// drawn by [`Drawing::to_svg`] or by a page of one's own.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Drawing {
    /// Width of the whole drawing.
    pub width: f64,
    /// Height of the whole drawing.
    pub height: f64,
    /// One record per value.
    pub values: Vec<ValueBox>,
    /// One circle per op.
    pub ops: Vec<OpCircle>,
    /// The edges, as polylines.
    pub edges: Vec<DrawnEdge>,
    /// Whether the records show `grad` (see [`DotOptions::show_grad`]).
    #[serde(skip)]
    pub show_grad: bool,
}

/// A value's record: `name | data … | grad …`.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct ValueBox {
    /// The node's index in the engine.
    pub node: usize,
    /// Its name, if it has one.
    pub name: Option<String>,
    /// Its value.
    #[serde(serialize_with = "finite_or_text")]
    pub data: f64,
    /// Its gradient.
    #[serde(serialize_with = "finite_or_text")]
    pub grad: f64,
    /// Top-left corner and size.
    pub x: f64,
    /// Top-left corner and size.
    pub y: f64,
    /// Top-left corner and size.
    pub w: f64,
    /// Top-left corner and size.
    pub h: f64,
}

/// The circle of the op that computed `node`.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct OpCircle {
    /// The node the op computed.
    pub node: usize,
    /// What the circle says: the op's symbol, with a folded constant
    /// (`powf 2`).
    pub label: String,
    /// Centre.
    pub x: f64,
    /// Centre.
    pub y: f64,
    /// Horizontal and vertical radius (an ellipse around the label).
    pub rx: f64,
    /// Horizontal and vertical radius.
    pub ry: f64,
}

/// An edge of the drawing: from the record of `from` to the op circle of
/// `to` (an input entering its op), or from the op circle of `to` to the
/// record of `to` (`from == to`).
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct DrawnEdge {
    /// The input node (or `to` itself for the op's own edge).
    pub from: usize,
    /// The node whose op the edge enters (or whose record it reaches).
    pub to: usize,
    /// The polyline, from its start on the first shape's border to its end
    /// on the second's.
    pub points: Vec<(f64, f64)>,
}

impl Drawing {
    /// The drawing of everything `root` depends on, laid out `direction`.
    ///
    /// # Panics
    /// If `root` was discarded by [`Graph::truncate`](crate::Graph::truncate).
    ///
    /// # Complexity
    /// About linear in the nodes and edges drawn (see
    /// [`layered`](super::layered)); a 2,000-node graph takes milliseconds.
    #[track_caller]
    pub fn of(root: Value<'_>, options: &DotOptions, direction: Direction) -> Drawing {
        let scene = Scene::of(&Snapshot::of(root, "Drawing::of"), options);
        Drawing::of_scene(&scene, direction)
    }

    pub(crate) fn of_scene(scene: &Scene, direction: Direction) -> Drawing {
        // Vertices in topological order: each node's op circle, then its
        // record (inputs have smaller indices, so their records came before).
        let mut vertex_of_value = std::collections::HashMap::new();
        let mut vertex_of_op = std::collections::HashMap::new();
        let mut sizes = Vec::new();
        let mut is_op = Vec::new();
        let mut ops = scene.ops.iter().peekable();
        let texts: Vec<Vec<String>> = scene
            .values
            .iter()
            .map(|v| record_texts(v, scene.show_grad))
            .collect();
        for (value, text) in scene.values.iter().zip(&texts) {
            if let Some(op) = ops.next_if(|op| op.node == value.node) {
                vertex_of_op.insert(op.node, sizes.len());
                sizes.push(op_size(&op.label));
                is_op.push(true);
            }
            vertex_of_value.insert(value.node, sizes.len());
            sizes.push((record_width(text), BOX_HEIGHT));
            is_op.push(false);
        }
        let mut edges = Vec::new();
        let mut ends = Vec::new();
        for op in &scene.ops {
            let circle = vertex_of_op[&op.node];
            for &input in &op.inputs {
                edges.push((vertex_of_value[&input], circle));
                ends.push((input, op.node));
            }
            edges.push((circle, vertex_of_value[&op.node]));
            ends.push((op.node, op.node));
        }
        let layout = layered(
            &LayoutInput {
                sizes: sizes.clone(),
                edges: edges.clone(),
            },
            direction,
        );
        let corner = |v: usize| {
            let (cx, cy) = layout.centers[v];
            (cx - sizes[v].0 / 2.0, cy - sizes[v].1 / 2.0)
        };
        let values = scene
            .values
            .iter()
            .map(|value| {
                let v = vertex_of_value[&value.node];
                let (x, y) = corner(v);
                ValueBox {
                    node: value.node,
                    name: value.name.clone(),
                    data: value.data,
                    grad: value.grad,
                    x,
                    y,
                    w: sizes[v].0,
                    h: sizes[v].1,
                }
            })
            .collect();
        let circles = scene
            .ops
            .iter()
            .map(|op| {
                let v = vertex_of_op[&op.node];
                let (x, y) = layout.centers[v];
                OpCircle {
                    node: op.node,
                    label: op.label.clone(),
                    x,
                    y,
                    rx: sizes[v].0 / 2.0,
                    ry: sizes[v].1 / 2.0,
                }
            })
            .collect();
        let drawn_edges = edges
            .iter()
            .zip(&ends)
            .zip(&layout.bends)
            .map(|((&(a, b), &(from, to)), bends)| {
                let mut points = Vec::with_capacity(bends.len() + 2);
                let first_target = bends.first().copied().unwrap_or(layout.centers[b]);
                let last_source = bends.last().copied().unwrap_or(layout.centers[a]);
                points.push(border(layout.centers[a], sizes[a], is_op[a], first_target));
                points.extend(bends.iter().copied());
                points.push(border(layout.centers[b], sizes[b], is_op[b], last_source));
                DrawnEdge { from, to, points }
            })
            .collect();
        Drawing {
            width: layout.size.0,
            height: layout.size.1,
            values,
            ops: circles,
            edges: drawn_edges,
            show_grad: scene.show_grad,
        }
    }

    /// The drawing as a standalone SVG document.
    pub fn to_svg(&self) -> String {
        let margin = 8.0;
        let mut svg = String::new();
        let _ = write!(
            svg,
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="{w:.0}" height="{h:.0}" viewBox="{x} {x} {w:.0} {h:.0}" font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" font-size="{FONT_SIZE}">
<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>
<style>.edge{{fill:none;stroke:#555;stroke-width:1}} .box{{fill:#fff;stroke:#333}} .op{{fill:#f4f4f4;stroke:#333}} .pos{{fill:#2166ac}} .neg{{fill:#b2182b}} text{{dominant-baseline:central}}</style>
"##,
            w = self.width + 2.0 * margin,
            h = self.height + 2.0 * margin,
            x = -margin,
        );
        for edge in &self.edges {
            let points: Vec<String> = edge
                .points
                .iter()
                .map(|(x, y)| format!("{x:.1},{y:.1}"))
                .collect();
            let _ = writeln!(
                svg,
                r#"<polyline class="edge" points="{}" marker-end="url(#arrow)"/>"#,
                points.join(" ")
            );
        }
        for op in &self.ops {
            let _ = writeln!(
                svg,
                r#"<g><ellipse class="op" cx="{:.1}" cy="{:.1}" rx="{:.1}" ry="{:.1}"/><text x="{:.1}" y="{:.1}" text-anchor="middle">{}</text></g>"#,
                op.x,
                op.y,
                op.rx,
                op.ry,
                op.x,
                op.y,
                escape(&op.label)
            );
        }
        for value in &self.values {
            let texts = record_texts(
                &SceneValue {
                    node: value.node,
                    name: value.name.clone(),
                    data: value.data,
                    grad: value.grad,
                },
                self.show_grad,
            );
            let _ = write!(
                svg,
                r#"<g><rect class="box" x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}"/>"#,
                value.x, value.y, value.w, value.h
            );
            let mut x = value.x;
            let cy = value.y + value.h / 2.0;
            for (k, text) in texts.iter().enumerate() {
                let w = field_width(text);
                if k > 0 {
                    let _ = write!(
                        svg,
                        r##"<line x1="{x:.1}" y1="{:.1}" x2="{x:.1}" y2="{:.1}" stroke="#333"/>"##,
                        value.y,
                        value.y + value.h
                    );
                }
                let is_grad = self.show_grad && k + 1 == texts.len();
                let class = match value.grad {
                    g if is_grad && g > 0.0 => r#" class="pos""#,
                    g if is_grad && g < 0.0 => r#" class="neg""#,
                    _ => "",
                };
                let _ = write!(
                    svg,
                    r#"<text x="{:.1}" y="{cy:.1}"{class}>{}</text>"#,
                    x + PADDING,
                    escape(text)
                );
                x += w;
            }
            let _ = writeln!(svg, "</g>");
        }
        svg.push_str("</svg>\n");
        svg
    }
}

/// The fields of a record: the name (if any), `data …`, and `grad …` if
/// shown.
fn record_texts(value: &SceneValue, show_grad: bool) -> Vec<String> {
    let grad = show_grad.then(|| format!("grad {}", number(value.grad)));
    value
        .name
        .iter()
        .cloned()
        .chain(std::iter::once(format!("data {}", number(value.data))))
        .chain(grad)
        .collect()
}

fn field_width(text: &str) -> f64 {
    text.chars().count() as f64 * CHAR_WIDTH + 2.0 * PADDING
}

fn record_width(texts: &[String]) -> f64 {
    texts.iter().map(|t| field_width(t)).sum()
}

/// An ellipse around the label: the text's width plus a fifth (an ellipse
/// is narrower than its box away from its middle line), at least a circle.
fn op_size(label: &str) -> (f64, f64) {
    let w = (label.chars().count() as f64 * CHAR_WIDTH * 1.2 + 2.0 * PADDING).max(BOX_HEIGHT);
    (w, BOX_HEIGHT)
}

/// Where the segment from `center` towards `toward` leaves the shape of
/// size `size` (a rectangle, or an ellipse for an op).
fn border(center: (f64, f64), size: (f64, f64), ellipse: bool, toward: (f64, f64)) -> (f64, f64) {
    let (dx, dy) = (toward.0 - center.0, toward.1 - center.1);
    if dx == 0.0 && dy == 0.0 {
        return center;
    }
    let (a, b) = (size.0 / 2.0, size.1 / 2.0);
    let t = if ellipse {
        1.0 / ((dx / a).powi(2) + (dy / b).powi(2)).sqrt()
    } else {
        (a / dx.abs()).min(b / dy.abs())
    };
    (center.0 + t * dx, center.1 + t * dy)
}

/// A number for JSON: itself when finite, else `"NaN"`, `"inf"` or `"-inf"`.
fn finite_or_text<S: serde::Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
    match crate::json::non_finite_name(*x) {
        Some(name) => s.serialize_str(name),
        None => s.serialize_f64(*x),
    }
}

/// Escapes text for SVG, HTML or any XML (control characters become
/// spaces).
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

impl<'g> Value<'g> {
    /// micrograd's drawing of this value's graph as an SVG document, laid
    /// out by the crate (no Graphviz needed), with
    /// [`DotOptions::default`], left to right.
    ///
    /// ```
    /// # let g = scalargrad::Graph::new();
    /// let x = g.value(2.0).named("x");
    /// let y = (x * 3.0).named("y");
    /// y.backward();
    /// let svg = y.to_svg();
    /// assert!(svg.starts_with("<svg"));
    /// assert!(svg.contains(">data 6.0000<") && svg.contains(">grad 3.0000<")); // x's grad: 3
    /// ```
    ///
    /// # Panics
    /// If this value was discarded by [`Graph::truncate`](crate::Graph::truncate).
    #[track_caller]
    pub fn to_svg(self) -> String {
        self.svg_for(&DotOptions::default(), "Value::to_svg")
    }

    /// [`to_svg`](Value::to_svg) with chosen [`DotOptions`] (which way it
    /// reads, constants folded, neurons collapsed).
    ///
    /// # Panics
    /// If this value was discarded by [`Graph::truncate`](crate::Graph::truncate).
    #[track_caller]
    pub fn to_svg_with(self, options: &DotOptions) -> String {
        self.svg_for(options, "Value::to_svg_with")
    }

    #[track_caller]
    fn svg_for(self, options: &DotOptions, call: &str) -> String {
        let scene = Scene::of(&Snapshot::of(self, call), options);
        Drawing::of_scene(&scene, options.direction).to_svg()
    }
}
