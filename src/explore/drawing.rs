//! micrograd's drawing of a graph, left to right: one box per value
//! (`label | data | grad`) and, for each value computed by an op, a circle
//! with the op between the value's box and its inputs' boxes. Positions
//! come from [`inspect::layered`](crate::inspect::layered); boxes are sized
//! for their text.

use serde::Serialize;

use crate::inspect::{layered, Direction, LayoutInput};

/// Width of one character of the page's monospace text, in pixels (about
/// 0.6 em at 12 px), and the room around a field's text.
const CHAR_WIDTH: f64 = 7.2;
const FIELD_PADDING: f64 = 8.0;
/// Height of a value's box, and the smallest radius of an op's circle.
const BOX_HEIGHT: f64 = 28.0;
const MIN_RADIUS: f64 = 14.0;
/// Longest label measured for a box's width: longer ones are cut by the page.
const MAX_LABEL: usize = 24;
/// Room around the drawing.
const MARGIN: f64 = 10.0;

/// A node to draw.
pub(crate) struct DrawingNode {
    /// Engine index.
    pub id: usize,
    /// What the box shows first.
    pub label: String,
    /// Its value and gradient, for the widths of the box's fields.
    pub data: f64,
    pub grad: f64,
    /// The op's symbol for a node with inputs (drawn in the circle).
    pub op: Option<&'static str>,
    /// Engine indices of its inputs, by position (all before it).
    pub inputs: Vec<usize>,
}

/// A value's box: `x`, `y` its top-left corner.
#[derive(Serialize)]
struct BoxJson {
    id: usize,
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

/// An op's circle: `x`, `y` its centre.
#[derive(Serialize)]
struct CircleJson {
    id: usize,
    x: f64,
    y: f64,
    r: f64,
}

/// A polyline from an input's box to an op's circle (`from` the input,
/// `to` the node), or from a circle to its node's box (`from == to`).
#[derive(Serialize)]
struct PolylineJson {
    from: usize,
    to: usize,
    points: Vec<[f64; 2]>,
}

/// The drawing: its size, the boxes, the circles and the edges.
#[derive(Serialize)]
pub(crate) struct Drawing {
    width: f64,
    height: f64,
    values: Vec<BoxJson>,
    ops: Vec<CircleJson>,
    edges: Vec<PolylineJson>,
}

/// Width of a box for `label | data d | grad g`, numbers at 4 decimals.
fn box_width(node: &DrawingNode) -> f64 {
    let chars = |s: &str| s.chars().count().min(MAX_LABEL) as f64;
    let label = chars(&node.label).max(1.0);
    let data = chars(&format!("data {:.4}", node.data));
    let grad = chars(&format!("grad {:.4}", node.grad));
    (label + data + grad) * CHAR_WIDTH + 6.0 * FIELD_PADDING
}

fn radius(symbol: &str) -> f64 {
    (symbol.chars().count() as f64 * CHAR_WIDTH / 2.0 + 6.0).max(MIN_RADIUS)
}

/// Lays out `nodes` (in creation order, inputs before the nodes that use
/// them).
pub(crate) fn draw(nodes: &[DrawingNode]) -> Drawing {
    // Layout vertices: for each node, its op's circle (if any), then its box.
    let mut sizes = Vec::with_capacity(nodes.len() * 2);
    let mut box_vertex = std::collections::HashMap::with_capacity(nodes.len());
    let mut circle_vertex = Vec::with_capacity(nodes.len());
    let mut edges = Vec::new();
    // Layout edges, with what each becomes in the drawing: (from, to) ids.
    let mut drawn_edges = Vec::new();
    for node in nodes {
        if let Some(symbol) = node.op {
            let r = radius(symbol);
            let circle = sizes.len();
            sizes.push((2.0 * r, 2.0 * r));
            circle_vertex.push((node.id, circle, r));
            for &input in &node.inputs {
                edges.push((box_vertex[&input], circle));
                drawn_edges.push((input, node.id));
            }
            edges.push((circle, circle + 1));
            drawn_edges.push((node.id, node.id));
        }
        box_vertex.insert(node.id, sizes.len());
        sizes.push((box_width(node), BOX_HEIGHT));
    }
    let layout = layered(
        &LayoutInput {
            sizes: sizes.clone(),
            edges: edges.clone(),
        },
        Direction::LeftToRight,
    );
    let at = |v: usize| {
        let (x, y) = layout.centers[v];
        (x + MARGIN, y + MARGIN)
    };
    let values = nodes
        .iter()
        .map(|node| {
            let v = box_vertex[&node.id];
            let ((cx, cy), (w, h)) = (at(v), sizes[v]);
            BoxJson {
                id: node.id,
                x: cx - w / 2.0,
                y: cy - h / 2.0,
                w,
                h,
            }
        })
        .collect();
    let ops = circle_vertex
        .iter()
        .map(|&(id, v, r)| {
            let (x, y) = at(v);
            CircleJson { id, x, y, r }
        })
        .collect();
    // An edge leaves the right side of its first vertex and enters the left
    // side of its second, through the bend points between.
    let right = |v: usize| {
        let (x, y) = at(v);
        [x + sizes[v].0 / 2.0, y]
    };
    let left = |v: usize| {
        let (x, y) = at(v);
        [x - sizes[v].0 / 2.0, y]
    };
    let polylines = edges
        .iter()
        .zip(&drawn_edges)
        .zip(&layout.bends)
        .map(|((&(a, b), &(from, to)), bends)| {
            let mut points = Vec::with_capacity(bends.len() + 2);
            points.push(right(a));
            points.extend(bends.iter().map(|&(x, y)| [x + MARGIN, y + MARGIN]));
            points.push(left(b));
            PolylineJson { from, to, points }
        })
        .collect();
    Drawing {
        width: layout.size.0 + 2.0 * MARGIN,
        height: layout.size.1 + 2.0 * MARGIN,
        values,
        ops,
        edges: polylines,
    }
}
