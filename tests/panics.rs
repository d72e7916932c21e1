//! A caller's mistake panics with a message that starts with the call the
//! user made (`Value + f64: …`, `Graph::dot: …`), at the user's line: one
//! test per public panicking entry point of the engine (every method and
//! operator of `Value`, the graph's n-ary ops, the reference backward).
//! The other areas have their own `panics_*.rs` files.

use crate::common;

use scalargrad::{reference, Graph, Value};

/// Checks that `f` panics with a message starting with `"{call}: "`, at a
/// line of this file.
#[track_caller]
fn names(call: &str, f: impl FnOnce()) -> String {
    common::panics::assert_names(file!(), call, f)
}

/// A handle to a node that [`Graph::truncate`] discarded (its slot since
/// reused).
fn discarded(g: &Graph) -> Value<'_> {
    let x = g.value(2.0);
    g.truncate(x.index());
    g.value(0.0);
    x
}

/// One test per entry point: `$body` panics naming `$call`, given `$x` a
/// discarded handle, `$live` a live value of the same graph and `$y` a
/// value of another graph.
macro_rules! each_names_itself {
    ($($test:ident: $call:literal => |$x:ident, $live:ident, $y:ident| $body:expr;)+) => {$(
        #[test]
        #[allow(unused_variables)]
        fn $test() {
            let (g, other) = (Graph::new(), Graph::new());
            let $x = discarded(&g);
            let $live = g.value(1.0);
            let $y = other.value(3.0);
            names($call, || {
                let _ = $body;
            });
        }
    )+};
}

each_names_itself! {
    value_data: "Value::data" => |x, live, y| x.data();
    value_grad: "Value::grad" => |x, live, y| x.grad();
    value_set_data: "Value::set_data" => |x, live, y| x.set_data(1.0);
    value_set_grad: "Value::set_grad" => |x, live, y| x.set_grad(1.0);
    value_named: "Value::named" => |x, live, y| x.named("x");
    value_name: "Value::name" => |x, live, y| x.name();
    value_op: "Value::op" => |x, live, y| x.op();
    value_inputs: "Value::inputs" => |x, live, y| x.inputs();
    value_local_gradients: "Value::local_gradients" => |x, live, y| x.local_gradients();
    value_backward: "Value::backward" => |x, live, y| x.backward();

    value_powf: "Value::powf" => |x, live, y| x.powf(2.0);
    value_pow: "Value::pow" => |x, live, y| live.pow(y);
    value_exp: "Value::exp" => |x, live, y| x.exp();
    value_ln: "Value::ln" => |x, live, y| x.ln();
    value_sqrt: "Value::sqrt" => |x, live, y| x.sqrt();
    value_sin: "Value::sin" => |x, live, y| x.sin();
    value_cos: "Value::cos" => |x, live, y| x.cos();
    value_tanh: "Value::tanh" => |x, live, y| x.tanh();
    value_sigmoid: "Value::sigmoid" => |x, live, y| x.sigmoid();
    value_relu: "Value::relu" => |x, live, y| x.relu();
    value_leaky_relu: "Value::leaky_relu" => |x, live, y| x.leaky_relu(0.01);
    value_elu: "Value::elu" => |x, live, y| x.elu(1.0);
    value_prelu: "Value::prelu" => |x, live, y| live.prelu(y);
    value_softplus: "Value::softplus" => |x, live, y| x.softplus();
    value_swish: "Value::swish" => |x, live, y| x.swish(1.0);
    value_gelu: "Value::gelu" => |x, live, y| x.gelu();

    negation: "-Value" => |x, live, y| -x;
    value_plus_value: "Value + Value" => |x, live, y| live + y;
    value_plus_f64: "Value + f64" => |x, live, y| x + 1.0;
    f64_plus_value: "f64 + Value" => |x, live, y| 1.0 + x;
    value_add_assign_value: "Value += Value" => |x, live, y| { let mut v = live; v += y; v };
    value_add_assign_f64: "Value += f64" => |x, live, y| { let mut v = x; v += 1.0; v };
    value_minus_value: "Value - Value" => |x, live, y| live - y;
    value_minus_f64: "Value - f64" => |x, live, y| x - 1.0;
    f64_minus_value: "f64 - Value" => |x, live, y| 1.0 - x;
    value_sub_assign_value: "Value -= Value" => |x, live, y| { let mut v = live; v -= y; v };
    value_sub_assign_f64: "Value -= f64" => |x, live, y| { let mut v = x; v -= 1.0; v };
    value_times_value: "Value * Value" => |x, live, y| live * y;
    value_times_f64: "Value * f64" => |x, live, y| x * 2.0;
    f64_times_value: "f64 * Value" => |x, live, y| 2.0 * x;
    value_mul_assign_value: "Value *= Value" => |x, live, y| { let mut v = live; v *= y; v };
    value_mul_assign_f64: "Value *= f64" => |x, live, y| { let mut v = x; v *= 2.0; v };
    value_over_value: "Value / Value" => |x, live, y| live / y;
    value_over_f64: "Value / f64" => |x, live, y| x / 2.0;
    f64_over_value: "f64 / Value" => |x, live, y| 2.0 / x;
    value_div_assign_value: "Value /= Value" => |x, live, y| { let mut v = live; v /= y; v };
    value_div_assign_f64: "Value /= f64" => |x, live, y| { let mut v = x; v /= 2.0; v };

    graph_sum: "Graph::sum" => |x, live, y| live.graph().sum(&[live, x]);
    graph_dot: "Graph::dot" => |x, live, y| live.graph().dot(&[live], &[y]);
    graph_affine: "Graph::affine" => |x, live, y| live.graph().affine(&[live], &[live], x);
    reference_backward: "reference::backward" => |x, live, y| reference::backward(x);
}

#[test]
fn the_stale_handle_message_says_what_happened() {
    let g = Graph::new();
    let x = discarded(&g);
    let message = names("Value::inputs", || {
        x.inputs();
    });
    assert_eq!(
        message,
        "Value::inputs: this Value (node #0) was discarded by Graph::truncate(0); the graph \
         now holds 1 nodes. Keep handles only to nodes below the truncation point."
    );
}

#[test]
fn an_assignment_operator_names_itself_not_the_operator_it_records() {
    let (g, other) = (Graph::new(), Graph::new());
    let mut acc = g.value(1.0);
    let message = names("Value += Value", || acc += other.value(2.0));
    assert_eq!(
        message,
        "Value += Value: the values belong to different graphs; combine only values of the same Graph"
    );
}

#[test]
fn graph_dot_names_the_sizes() {
    let g = Graph::new();
    let (w, x) = (g.values(&[1.0, 2.0]), g.values(&[1.0, 2.0, 3.0]));
    let message = names("Graph::dot", || {
        g.dot(&w, &x);
    });
    assert_eq!(
        message,
        "Graph::dot: got 2 weights but 3 inputs; they must have the same length"
    );
}

#[test]
fn graph_value_at_names_the_index_and_the_length() {
    let g = Graph::new();
    g.values(&[1.0, 2.0]);
    let message = names("Graph::value_at", || {
        g.value_at(2);
    });
    assert_eq!(
        message,
        "Graph::value_at: there is no node 2; the graph holds 2 nodes"
    );
}

#[test]
fn debug_formatting_a_discarded_handle_names_debug() {
    // Formatting runs inside `fmt`, so the location is the crate's, not the
    // caller's line: only the message is checked.
    let g = Graph::new();
    let x = discarded(&g);
    let (message, _) = common::panics::panic_of(|| {
        let _ = format!("{x:?}");
    });
    assert!(message.starts_with("Value (Debug): this Value (node #0) was discarded"));
}
