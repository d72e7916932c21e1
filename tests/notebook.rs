//! What a Jupyter notebook (evcxr) shows for a value, its traces, a gradient
//! table and a chart: the HTML/SVG each `evcxr_display` prints.

use scalargrad::nn::{Activation, Layer, Mlp};
use scalargrad::{loss, Graph};

#[test]
fn a_value_shows_its_drawing_with_data_and_grad() {
    let g = Graph::new();
    let x = g.value(3.0).named("x");
    let y = (x * x).named("y"); // dy/dx = 2x = 6
    y.backward();
    let html = y.to_html();
    assert!(html.starts_with("<div><svg"));
    assert!(html.contains(">data 9.0000<") && html.contains(">grad 6.0000<"));
}

#[test]
fn traces_are_tables_and_names_stay_text() {
    let g = Graph::new();
    let x = g.value(2.0).named("<script>alert(1)</script>");
    let y = (x * 3.0).tanh();
    y.backward();
    let forward = y.forward_trace().to_html();
    let backward = y.backward_trace().to_html();
    for html in [&forward, &backward] {
        assert!(html.starts_with("<table"));
        assert!(!html.contains("<script>"));
    }
    assert!(forward.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    // The first backward row: tanh's node passes upstream 1 × (1 - tanh²(6)).
    let local = 1.0 - 6.0f64.tanh().powi(2);
    assert!(backward.contains(&format!("{local:.4}")));
}

#[test]
fn a_gradient_table_shows_e_j_times_a_i_next_to_autograd() {
    let g = Graph::new();
    let hidden = Layer::from_weights(
        &g,
        &[vec![0.5, -0.3], vec![0.8, 0.2]],
        Some(&[0.1, -0.1]),
        Activation::Relu,
    );
    let output = Layer::from_weights(&g, &[vec![1.0, -1.0]], Some(&[0.0]), Activation::Linear);
    let mlp = Mlp::from_layers(vec![hidden, output]);
    let trace = mlp.forward_trace(&g.values(&[1.0, 2.0]));
    loss::mse(trace.outputs(), &[1.0]).backward();
    let table = trace.gradient_table(&mlp, 1);
    let html = table.to_html();
    // Hidden: a_1 = relu(0.5·1 - 0.3·2 + 0.1) = 0, a_2 = relu(0.8·1 + 0.2·2
    // - 0.1) = 1.1; output ŷ = 0 - 1.1 = -1.1, e_1 = 2(ŷ - 1) = -4.2.
    // Row w_21: e_1·a_2 = -4.62, in both the e_j·a_i and autograd columns.
    assert!(html.contains("<td>w_21</td>"));
    assert_eq!(html.matches(">-4.6200<").count(), 2, "{html}");
    assert_eq!(html.matches("<tr>").count(), 1 + 3); // header, 2 weights, 1 bias
}

#[cfg(feature = "plot")]
#[test]
fn charts_draw_to_svg_in_memory() {
    use scalargrad::plot::{LineChart, Series};
    let chart =
        LineChart::new("<b>loss</b>").series(Series::new("train", vec![(1.0, 2.0), (2.0, 1.0)]));
    let svg = chart.to_svg().unwrap();
    assert!(svg.contains("<svg") && !svg.contains("<b>loss</b>"));
    let too_small = LineChart::new("x").size(10, 10).to_svg().unwrap_err();
    assert!(too_small.to_string().contains("too small"), "{too_small}");
}
