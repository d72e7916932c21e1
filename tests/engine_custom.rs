//! Ops of one's own (`CustomOp`, `Graph::custom`): backward, replay,
//! truncation, names in every view, and a clear panic for wrong partials.

use scalargrad::{inspect, reference, CustomOp, Graph, Op};

/// `x·y²`; `∂/∂x = y²`, `∂/∂y = 2xy`.
struct XyY;

impl CustomOp for XyY {
    fn name(&self) -> &str {
        "xyy"
    }
    fn forward(&self, v: &[f64]) -> f64 {
        v[0] * v[1] * v[1]
    }
    fn partials(&self, v: &[f64], _out: f64) -> Vec<f64> {
        vec![v[1] * v[1], 2.0 * v[0] * v[1]]
    }
}

/// A softplus written by hand, using its output: `ln(1 + eˣ)`, `d/dx = σ(x)
/// = 1 - e^(-out)`.
struct MySoftplus;

impl CustomOp for MySoftplus {
    fn name(&self) -> &str {
        "my_softplus"
    }
    fn forward(&self, v: &[f64]) -> f64 {
        v[0].exp().ln_1p()
    }
    fn partials(&self, _v: &[f64], out: f64) -> Vec<f64> {
        vec![1.0 - (-out).exp()]
    }
}

#[test]
fn backward_multiplies_the_users_partials_by_the_upstream_gradient() {
    let g = Graph::new();
    let (x, y) = (g.value(3.0).named("x"), g.value(2.0).named("y"));
    let z = g.custom(XyY, &[x, y]); // 3·4 = 12
    let w = g.custom(MySoftplus, &[z - 12.0]); // softplus(0) = ln 2
    w.backward();
    assert!((w.data() - 2f64.ln()).abs() < 1e-15);
    // ∂w/∂z = σ(0) = 1/2; ∂w/∂x = ½·y² = 2; ∂w/∂y = ½·2xy = 6
    assert!((x.grad() - 2.0).abs() < 1e-15 && (y.grad() - 6.0).abs() < 1e-15);
    // The same as the reference backward.
    let expected = reference::backward(w);
    assert_eq!(expected[x.index()], x.grad());
    assert_eq!(w.op(), Op::Custom);
    assert_eq!(
        (z.op_name(), w.op_name()),
        ("xyy".to_string(), "my_softplus".to_string())
    );
    assert_eq!(z.local_gradients().len(), 2);
}

#[test]
fn a_custom_node_shows_under_its_name() {
    let g = Graph::new();
    let (x, y) = (g.value(1.0).named("x"), g.value(2.0).named("y"));
    let z = g.custom(XyY, &[x, y]).named("z");
    z.backward();
    assert!(z.forward_trace().to_string().contains("xyy"));
    assert!(z.backward_trace().to_string().contains("xyy"));
    assert!(z.to_dot().contains("label=\"xyy\""));
    assert!(z.to_svg().contains(">xyy<"));
    let view = z.to_petgraph();
    assert!(view.node_weights().any(|n| n.op_name == "xyy"));
    let paths = inspect::paths(y, z, 10);
    assert_eq!(paths.total, y.grad()); // one path, local derivative 2xy = 4
    assert_eq!(paths.total, 4.0);
}

#[test]
fn replay_calls_forward_again() {
    let g = Graph::new();
    let (x, y) = (g.value(1.0), g.value(2.0));
    let z = g.custom(XyY, &[x, y]) + 1.0;
    x.set_data(2.0);
    y.set_data(3.0);
    g.recompute();
    assert_eq!(z.data(), 2.0 * 9.0 + 1.0);
    z.backward();
    assert_eq!((x.grad(), y.grad()), (9.0, 12.0));
}

#[test]
fn truncation_discards_custom_nodes_and_their_ops() {
    let g = Graph::new();
    let x = g.value(2.0);
    let keep = g.len();
    for round in 0..100 {
        let z = if round % 2 == 0 {
            g.custom(XyY, &[x, x])
        } else {
            g.custom(MySoftplus, &[x])
        };
        z.backward();
        g.zero_grad();
        g.truncate(keep);
    }
    // After all those rounds, a fresh custom node still finds its own op.
    let z = g.custom(XyY, &[x, x]);
    assert_eq!(z.op_name(), "xyy");
    assert_eq!(z.data(), 8.0);
}

/// Partials that forget an input.
struct Forgetful;

impl CustomOp for Forgetful {
    fn name(&self) -> &str {
        "forgetful"
    }
    fn forward(&self, v: &[f64]) -> f64 {
        v[0] + v[1]
    }
    fn partials(&self, _v: &[f64], _out: f64) -> Vec<f64> {
        vec![1.0]
    }
}

#[test]
#[should_panic(expected = "CustomOp `forgetful`: partials returned 1 numbers for 2 inputs")]
fn a_wrong_number_of_partials_panics_with_the_ops_name() {
    let g = Graph::new();
    let z = g.custom(Forgetful, &[g.value(1.0), g.value(2.0)]);
    z.backward();
}

#[test]
#[should_panic(expected = "Graph::custom: the values belong to different graphs")]
fn inputs_of_another_graph_panic() {
    let g = Graph::new();
    let other = Graph::new();
    g.custom(XyY, &[g.value(1.0), other.value(2.0)]);
}
