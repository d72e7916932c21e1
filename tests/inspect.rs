//! The inspection surface: the petgraph view, drawings, traces, the chain
//! rule as a sum over paths, anomaly checks and per-layer views.

use crate::common;

use common::expr::{build, random_expr};
use petgraph::visit::EdgeRef;
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use scalargrad::inspect::{self, AnomalyKind, DotOptions};
use scalargrad::nn::{Activation, Init, Mlp};
use scalargrad::{loss, Graph, Op, Value};

/// micrograd's README expression (the crate-level example).
// `c += c + 1.0` is micrograd's expression, kept as it is written there.
#[allow(clippy::misrefactored_assign_op)]
fn classic(graph: &Graph) -> (Value<'_>, Value<'_>, Value<'_>) {
    let a = graph.value(-4.0).named("a");
    let b = graph.value(2.0).named("b");
    let mut c = a + b;
    let mut d = a * b + b.powf(3.0);
    c += c + 1.0;
    c += 1.0 + c + (-a);
    d += d * 2.0 + (b + a).relu();
    d += 3.0 * d + (b - a).relu();
    let e = c - d;
    let f = e.powf(2.0);
    let mut g = f / 2.0;
    g += 10.0 / f;
    (a, b, g.named("g"))
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-12 * (1.0 + a.abs().max(b.abs()))
}

#[test]
fn sums_over_paths_and_backward_traces_match_autograd_on_random_expressions() {
    let mut rng = StdRng::seed_from_u64(77);
    let mut checked = 0;
    let mut tries = 0;
    while checked < 300 {
        tries += 1;
        assert!(tries < 3_000, "too many rejected samples");
        let n_inputs = rng.random_range(1..4);
        let expr = random_expr(&mut rng, 5, n_inputs);
        let point: Vec<f64> = (0..n_inputs).map(|_| rng.random_range(-2.0..2.0)).collect();
        let g = Graph::new();
        let inputs = g.values(&point);
        let root = build(&expr, &g, &inputs);
        if !root.data().is_finite() || root.data().abs() > 1e6 {
            continue;
        }
        root.backward();
        let trace = root.backward_trace();
        for x in &inputs {
            let paths = inspect::paths(*x, root, 5_000);
            assert!(
                close(paths.total, x.grad()),
                "{expr:?}: paths {} vs grad {}",
                paths.total,
                x.grad()
            );
            if paths.complete() {
                // Every path listed: their products add up to the gradient.
                assert!(
                    close(paths.sum_of_listed, x.grad()),
                    "{expr:?}: listed {} vs grad {}",
                    paths.sum_of_listed,
                    x.grad()
                );
            }
        }
        // The contributions each node receives add up to its gradient.
        for (node, grad) in &trace.gradients {
            let by_contributions: f64 = trace
                .steps
                .iter()
                .flat_map(|s| &s.contributions)
                .filter(|c| c.input == *node)
                .map(|c| c.contribution)
                .sum::<f64>()
                + if *node == root.index() { 1.0 } else { 0.0 };
            assert!(close(by_contributions, *grad), "{expr:?}: node #{node}");
        }
        for x in &inputs {
            assert!(
                close(trace.gradient_of(x.index()).unwrap_or(0.0), x.grad()),
                "{expr:?}"
            );
        }
        checked += 1;
    }
}

#[test]
fn the_petgraph_view_has_the_engines_nodes_edges_and_order() {
    let g = Graph::new();
    let (a, _, root) = classic(&g);
    root.backward();
    let view = root.to_petgraph();
    let trace = root.forward_trace();
    assert_eq!(view.node_count(), trace.steps.len());
    // petgraph's toposort succeeds, and so does the engine's creation order:
    // every edge goes from an earlier node to a later one.
    let order = petgraph::algo::toposort(&view, None).expect("the graph is acyclic");
    assert_eq!(order.len(), view.node_count());
    for edge in view.edge_references() {
        assert!(view[edge.source()].index < view[edge.target()].index);
    }
    // Node weights are the engine's; edge weights its local derivatives.
    for idx in view.node_indices() {
        let info = &view[idx];
        let engine = trace.steps.iter().find(|s| s.node == info.index).unwrap();
        assert_eq!(info.data, engine.value);
    }
    let a_info = view
        .node_indices()
        .map(|i| &view[i])
        .find(|n| n.index == a.index())
        .unwrap();
    assert_eq!((a_info.name.as_deref(), a_info.grad), (Some("a"), a.grad()));
    let z = g.value(3.0);
    let w = g.value(-2.0);
    let y = z * w;
    let small = y.to_petgraph();
    let weights: Vec<f64> = small
        .edge_references()
        .map(|e| e.weight().local_derivative)
        .collect();
    assert_eq!(weights, vec![-2.0, 3.0]); // ∂(zw)/∂z = w, ∂(zw)/∂w = z
}

#[test]
fn the_dot_of_a_small_expression_is_pinned() {
    let g = Graph::new();
    let x = g.value(3.0).named("x");
    let w = g.value(-2.0).named("w");
    let y = (x * w + x.powf(2.0)).tanh().named("y");
    y.backward();
    let golden = include_str!("data/golden/small.dot");
    assert_eq!(
        y.to_dot(),
        golden,
        "the DOT output changed; if on purpose, update tests/data/golden/small.dot"
    );
}

#[test]
fn graphviz_accepts_the_dot_of_the_classic_example() {
    let g = Graph::new();
    let (_, _, root) = classic(&g);
    root.backward();
    let dot = root.to_dot();
    if !inspect::graphviz_available() {
        eprintln!("skipped: Graphviz's `dot` is not on the PATH");
        return;
    }
    let mut child = std::process::Command::new("dot")
        .arg("-Tsvg")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(dot.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("24.7041"));
}

#[cfg(feature = "plot")]
#[test]
fn the_builtin_layout_draws_svg_without_graphviz() {
    let g = Graph::new();
    let (_, _, root) = classic(&g);
    root.backward();
    let dir = std::env::temp_dir().join(format!("scalargrad-inspect-{}", std::process::id()));
    let path = dir.join("classic.svg");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(&path, root.to_svg()).unwrap();
    let svg = std::fs::read_to_string(&path).unwrap();
    assert!(svg.contains("<svg"));
    assert!(svg.contains("data 24.7041") && svg.contains("grad 138.8338"));
    let err = inspect::render_dot("digraph {}", dir.join("x.gif")).unwrap_err();
    assert!(
        err.to_string().contains("x.gif: unsupported extension"),
        "{err}"
    );
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn a_collapsed_drawing_shows_one_box_per_z_and_a() {
    let g = Graph::new();
    let mlp = Mlp::new(
        &g,
        2,
        &[4, 1],
        Activation::Relu,
        &mut StdRng::seed_from_u64(0),
    );
    let out = mlp.forward(&g.values(&[1.0, -1.0]))[0];
    let full = out.to_dot();
    let collapsed = out.to_dot_with(&DotOptions {
        collapse_neurons: true,
        ..DotOptions::default()
    });
    let records = |dot: &str| dot.matches("shape=record").count();
    // Full: 2 inputs + 4·(2 w + b) + (4 w + b) = 19 leaves, 4 z + 4 a + 1 out.
    assert_eq!(records(&full), 2 + 12 + 5 + 9);
    // Collapsed: the 2 inputs, 4 z, 4 a and the output.
    assert_eq!(records(&collapsed), 2 + 4 + 4 + 1);
    assert!(collapsed.contains("affine (3 parameters)"));
}

#[test]
fn a_nan_in_the_middle_is_reported_where_it_was_born() {
    let g = Graph::new();
    let x = g.value(-1.0).named("x");
    let y = (x * 2.0).named("2x");
    let bad = y.sqrt(); // sqrt(-2) = NaN
    let z = ((bad + 1.0).tanh() * y).named("z");
    let anomaly = inspect::check_values(z).unwrap();
    assert_eq!(anomaly.kind, AnomalyKind::Value);
    assert_eq!(anomaly.node, bad.index());
    assert_eq!(anomaly.op, Op::Sqrt);
    assert_eq!(anomaly.inputs, vec![(y.index(), -2.0)]);
    assert_eq!(*anomaly.path_to_root.last().unwrap(), z.index());
    assert!(anomaly.to_string().starts_with(&format!(
        "NaN produced at node #{} by sqrt(#2 2x = -2)",
        bad.index()
    )));

    let zero = g.value(0.0).named("zero");
    let l = (zero.ln() + x).named("l");
    assert_eq!(inspect::check_values(l).unwrap().op, Op::Ln);
    let q = (x / zero + 1.0).named("q");
    let a = inspect::check_values(q).unwrap();
    assert_eq!((a.op, a.value), (Op::Div, f64::NEG_INFINITY)); // -1/0
    assert!(inspect::check_values(x * 2.0).is_none());
}

#[test]
fn an_infinite_gradient_names_the_node_that_sent_it() {
    let g = Graph::new();
    let z = g.value(0.0).named("z");
    let s = z.sqrt() * 3.0; // d sqrt/dz at 0 is infinite
    s.backward();
    let a = inspect::check_gradients(s).unwrap();
    assert_eq!(a.kind, AnomalyKind::Gradient);
    assert_eq!(a.node, z.index());
    let (sender, op, grad, local) = a.sent_by.unwrap();
    assert_eq!((op, grad, local), (Op::Sqrt, 3.0, f64::INFINITY));
    assert_eq!(sender, z.index() + 1);
}

#[test]
fn traces_export_to_csv_and_json() {
    let g = Graph::new();
    let x = g.value(3.0).named("x");
    let y = (x * x).named("y");
    let trace = y.backward_trace();
    let csv = trace.to_csv();
    // One row per edge: y = x·x sends 3·1 twice to x.
    assert_eq!(
        csv,
        "node,name,op,upstream,input,local_derivative,contribution\n1,y,*,1,0,3,3\n1,y,*,1,0,3,3\n"
    );
    let json: serde_json::Value = serde_json::from_str(&trace.to_json()).unwrap();
    assert_eq!(json["steps"][0]["contributions"][1]["contribution"], 3.0);
    let forward: serde_json::Value = serde_json::from_str(&y.forward_trace().to_json()).unwrap();
    assert_eq!(forward["steps"][1]["op"], "*");
    assert!(y
        .forward_trace()
        .to_csv()
        .starts_with("node,name,op,inputs,value\n0,x,leaf,,3\n1,y,*,0 0,9\n"));
}

#[test]
fn path_counts_explode_but_are_guarded() {
    // b = a + a, repeated 64 times: 2^64 paths from a, ∂/∂a = 2^64.
    let g = Graph::new();
    let a = g.value(1.0);
    let mut b = a;
    for _ in 0..64 {
        b = b + b;
    }
    let paths = inspect::paths(a, b, 10);
    assert_eq!(paths.count, 1u128 << 64);
    assert_eq!(paths.paths.len(), 10);
    assert!(!paths.complete());
    assert_eq!(paths.total, 2f64.powi(64));
    assert!(paths.to_string().contains("more path(s) not listed"));
}

#[test]
fn layer_reports_show_dead_units_symmetry_and_vanishing_gradients() {
    // A deep sigmoid stack: the gradient norm shrinks towards the input.
    let g = Graph::new();
    let mut rng = StdRng::seed_from_u64(1);
    let mut builder = Mlp::builder(4).init(Init::XavierNormal);
    for _ in 0..6 {
        builder = builder.layer(8, Activation::Sigmoid);
    }
    let mlp = builder.layer(1, Activation::Linear).build(&g, &mut rng);
    let traces: Vec<_> = (0..8)
        .map(|k| mlp.forward_trace(&g.values(&[k as f64 * 0.1, 1.0, -0.5, 0.3])))
        .collect();
    let losses: Vec<Value> = traces
        .iter()
        .map(|t| loss::mse(t.outputs(), &[1.0]))
        .collect();
    loss::mean(&losses).backward();
    let report = inspect::layer_report(&mlp, &traces);
    let norms: Vec<f64> = report.iter().map(|r| r.grad_norm).collect();
    // Each sigmoid multiplies by at most 1/4: the first hidden layer gets far
    // less gradient than the last one.
    assert!(norms[0] < norms[5] / 10.0, "{norms:?}");

    // A ReLU unit whose weights and bias are negative is dead on positive inputs.
    let g = Graph::new();
    let hidden = scalargrad::nn::Layer::from_weights(
        &g,
        &[vec![0.5, 0.5], vec![-1.0, -1.0], vec![0.5, 0.5]],
        Some(&[0.0, -0.5, 0.0]),
        Activation::Relu,
    );
    let out = scalargrad::nn::Layer::from_weights(
        &g,
        &[vec![1.0, 1.0, 1.0]],
        Some(&[0.0]),
        Activation::Linear,
    );
    let mlp = Mlp::from_layers(vec![hidden, out]);
    let traces: Vec<_> = [[1.0, 2.0], [0.5, 0.1]]
        .iter()
        .map(|x| mlp.forward_trace(&g.values(x)))
        .collect();
    let losses: Vec<Value> = traces
        .iter()
        .map(|t| loss::mse(t.outputs(), &[0.0]))
        .collect();
    loss::mean(&losses).backward();
    let report = inspect::layer_report(&mlp, &traces);
    assert_eq!(report[0].dead_units, vec![1]);
    assert_eq!(report[0].identical_units, vec![vec![0, 2]]);
    let dead_weights = &mlp.layers()[0].neurons()[1];
    assert!(dead_weights.parameters().iter().all(|p| p.grad() == 0.0));
    assert!(report[0].to_string().contains("dead units [2]")); // printed from 1
                                                               // The output layer is linear: an output of exactly 0 does not make a unit
                                                               // dead, its derivative is 1.
    let g = Graph::new();
    let linear = scalargrad::nn::Layer::from_weights(
        &g,
        &[vec![1.0, -1.0]],
        Some(&[0.0]),
        Activation::Linear,
    );
    let mlp = Mlp::from_layers(vec![linear]);
    let trace = mlp.forward_trace(&g.values(&[2.0, 2.0])); // z = 0
    assert_eq!(trace.outputs()[0].data(), 0.0);
    assert!(inspect::layer_report(&mlp, &[trace])[0]
        .dead_units
        .is_empty());
}

#[test]
fn the_drawing_places_every_value_and_op_without_overlap() {
    let g = Graph::new();
    let (_, _, root) = classic(&g);
    root.backward();
    for direction in [inspect::Direction::LeftToRight, inspect::Direction::TopDown] {
        let options = DotOptions {
            direction,
            ..DotOptions::default()
        };
        let drawing = inspect::Drawing::of(root, &options, direction);
        // Every value the DOT text draws has a box, every op a circle.
        let dot = root.to_dot_with(&options);
        assert_eq!(drawing.values.len(), dot.matches("shape=record").count());
        assert_eq!(drawing.ops.len(), dot.matches("[ label=").count());
        assert_eq!(drawing.edges.len(), dot.matches(" -> ").count());
        let rects: Vec<(f64, f64, f64, f64)> = drawing
            .values
            .iter()
            .map(|b| (b.x, b.y, b.x + b.w, b.y + b.h))
            .chain(
                drawing
                    .ops
                    .iter()
                    .map(|o| (o.x - o.rx, o.y - o.ry, o.x + o.rx, o.y + o.ry)),
            )
            .collect();
        for (i, a) in rects.iter().enumerate() {
            assert!(
                a.0 >= -1e-9
                    && a.1 >= -1e-9
                    && a.2 <= drawing.width + 1e-9
                    && a.3 <= drawing.height + 1e-9
            );
            for b in &rects[i + 1..] {
                let apart = a.2 <= b.0 + 1e-9
                    || b.2 <= a.0 + 1e-9
                    || a.3 <= b.1 + 1e-9
                    || b.3 <= a.1 + 1e-9;
                assert!(apart, "{a:?} overlaps {b:?}");
            }
        }
        // The records show the gradients backward computed.
        let a = drawing
            .values
            .iter()
            .find(|b| b.name.as_deref() == Some("a"))
            .unwrap();
        assert!((a.grad - 138.8338).abs() < 1e-4);
    }
}

#[test]
fn a_drawing_shows_names_as_text_never_as_markup() {
    let g = Graph::new();
    let x = g.value(1.0).named("<script>alert(1)</script>");
    let y = (x * 2.0).named("\"><img src=x onerror=alert(1)>");
    let svg = y.to_svg();
    assert!(!svg.contains("<script>") && !svg.contains("<img"));
    assert!(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(svg.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"));
}

#[test]
fn top_down_drawings_say_so_in_dot() {
    let g = Graph::new();
    let y = g.value(1.0).tanh();
    let options = DotOptions {
        direction: inspect::Direction::TopDown,
        ..DotOptions::default()
    };
    assert!(y.to_dot_with(&options).contains("rankdir=\"TB\""));
    assert!(y.to_dot().contains("rankdir=\"LR\""));
}
