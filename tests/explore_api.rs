//! The explorer's expression view over real HTTP to a server started
//! in-process on a free port: values and gradients, the reverse sweep step
//! by step, paths, nudge, anomalies. Expected numbers come from micrograd's
//! README, hand maths or finite differences. (Errors and safety:
//! `explore_safety.rs`; the page and its export: `explore_page.rs`.)

#![cfg(feature = "explore")]

use crate::explore_client;

use std::collections::HashMap;

use explore_client::{any_num, num, post, same, start};
use scalargrad::explore::{Limits, MICROGRAD_FORMULA};
use serde_json::{json, Value};

fn micrograd() -> Value {
    json!({ "formula": MICROGRAD_FORMULA, "values": { "a": -4, "b": 2 } })
}

fn variable<'v>(view: &'v Value, name: &str) -> &'v Value {
    view["variables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["name"] == name)
        .unwrap_or_else(|| panic!("no variable {name}"))
}

#[test]
fn micrograd_readme_expression_gives_its_gradients_through_the_api() {
    let server = start(Limits::default());
    let reply = post(server.address(), "/api/expression", &micrograd());
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("content-type"), Some("application/json"));
    let view = reply.json();
    // micrograd's README: g = 24.7041, dg/da = 138.8338, dg/db = 645.5773.
    let root = view["root"].as_u64().unwrap();
    let g = view["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == root)
        .unwrap();
    assert!((num(&g["data"]) - 24.70408163265306).abs() < 1e-9);
    assert!((num(&variable(&view, "a")["grad"]) - 138.83381924198252).abs() < 1e-9);
    assert!((num(&variable(&view, "b")["grad"]) - 645.5772594752186).abs() < 1e-9);
    // The variables are leaves; every node with inputs is a forward step.
    assert_eq!(variable(&view, "a")["data"], -4.0);
    let ops = view["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == "op")
        .count();
    assert_eq!(view["forward"].as_array().unwrap().len(), ops);
    // The drawing has a box per node and a circle per op.
    assert_eq!(
        view["layout"]["values"].as_array().unwrap().len(),
        view["nodes"].as_array().unwrap().len()
    );
    assert_eq!(view["layout"]["ops"].as_array().unwrap().len(), ops);
}

#[test]
fn backward_steps_follow_the_sweep_and_their_running_sums_end_at_each_gradient() {
    let server = start(Limits::default());
    // b = a + a (a reused), then tanh and a power with a constant exponent.
    for body in [
        micrograd(),
        json!({ "formula": "tanh(a + a) * a + a^3 + relu(a - 2)", "values": { "a": 0.7 } }),
    ] {
        let view = post(server.address(), "/api/expression", &body).json();
        let steps = view["backward"].as_array().unwrap();
        let root = &view["root"];
        // Seeded with 1 at the root.
        assert_eq!(steps[0]["from"], *root);
        assert_eq!(steps[0]["to"], *root);
        assert_eq!(steps[0]["sum"], 1.0);
        let mut last_sum: HashMap<u64, f64> = HashMap::new();
        let mut previous_from = u64::MAX;
        for step in steps {
            let from = step["from"].as_u64().unwrap();
            // Latest node first, as the reverse sweep goes.
            assert!(from <= previous_from);
            previous_from = from;
            let (up, local, contribution) = (
                any_num(&step["upstream"]),
                any_num(&step["local"]),
                any_num(&step["contribution"]),
            );
            if up != 0.0 {
                assert!(same(contribution, up * local));
            }
            last_sum.insert(step["to"].as_u64().unwrap(), any_num(&step["sum"]));
        }
        for node in view["nodes"].as_array().unwrap() {
            let id = node["id"].as_u64().unwrap();
            if let Some(&sum) = last_sum.get(&id) {
                assert!(same(sum, any_num(&node["grad"])), "node {id}");
            }
        }
        for v in view["variables"].as_array().unwrap() {
            assert!(last_sum.contains_key(&v["node"].as_u64().unwrap()));
        }
    }
}

#[test]
fn a_value_used_twice_shows_its_running_sum_growing() {
    let server = start(Limits::default());
    // f = x·x at x = 3: x receives 3 twice, its sum goes 3 then 6.
    let view = post(
        server.address(),
        "/api/expression",
        &json!({ "formula": "x * x", "values": { "x": 3 } }),
    )
    .json();
    let into_x: Vec<f64> = view["backward"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["to"] == 0 && s["from"] != 0)
        .map(|s| num(&s["sum"]))
        .collect();
    assert_eq!(into_x, vec![3.0, 6.0]);
}

#[test]
fn the_paths_add_up_to_the_gradient() {
    let server = start(Limits::default());
    for wrt in ["a", "b"] {
        let mut body = micrograd();
        body["wrt"] = json!(wrt);
        body["limit"] = json!(200);
        let reply = post(server.address(), "/api/paths", &body);
        assert_eq!(reply.status, 200, "{:?}", reply.json());
        let paths = reply.json();
        let (total, grad) = (num(&paths["total"]), num(&paths["grad"]));
        assert!(
            (total - grad).abs() <= 1e-9 * grad.abs(),
            "{total} vs {grad}"
        );
        let listed: f64 = paths["paths"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                let locals: f64 = p["locals"].as_array().unwrap().iter().map(num).product();
                assert!((locals - num(&p["product"])).abs() <= 1e-12 * locals.abs().max(1.0));
                num(&p["product"])
            })
            .sum();
        if paths["complete"] == true {
            assert!((listed - grad).abs() <= 1e-9 * grad.abs());
        }
    }
    // x·x + x at 3: three paths (two through x·x), 3 + 3 + 1 = 7.
    let paths = post(
        server.address(),
        "/api/paths",
        &json!({ "formula": "x*x + x", "values": { "x": 3 }, "wrt": "x" }),
    )
    .json();
    assert_eq!(paths["count"], 3);
    assert_eq!(paths["total"], 7.0);
}

#[test]
fn nudge_predicts_the_change_to_second_order() {
    let server = start(Limits::default());
    let error_at = |h: f64| {
        let mut body = micrograd();
        body["h"] = json!(h);
        let nudge = post(server.address(), "/api/nudge", &body).json();
        assert!((num(&nudge["f"]) - 24.70408163265306).abs() < 1e-9);
        nudge["variables"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| {
                let (predicted, actual) = (num(&v["predicted"]), num(&v["actual"]));
                assert_eq!(predicted, num(&v["grad"]) * h);
                (actual - predicted).abs()
            })
            .collect::<Vec<f64>>()
    };
    // f(x + h) - f(x) - f'(x)·h = f''(x)·h²/2 + O(h³): ten times smaller h,
    // a hundred times smaller error.
    let (coarse, fine) = (error_at(1e-3), error_at(1e-4));
    for (c, f) in coarse.iter().zip(&fine) {
        let ratio = c / f;
        assert!((80.0..125.0).contains(&ratio), "error ratio {ratio}");
    }
    let refused = post(
        server.address(),
        "/api/nudge",
        &json!({ "formula": "x", "values": { "x": 1 }, "h": 0 }),
    );
    assert_eq!(refused.status, 400);
}

#[test]
fn a_nan_is_reported_at_the_node_where_it_is_born() {
    let server = start(Limits::default());
    // sqrt(x - 3) at x = 1: sqrt(-2) is NaN; the subtraction is finite.
    let view = post(
        server.address(),
        "/api/expression",
        &json!({ "formula": "sqrt(x - 3) + x", "values": { "x": 1 } }),
    )
    .json();
    let sqrt = view["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["op"] == "sqrt")
        .unwrap();
    assert_eq!(sqrt["data"], "NaN");
    let first = &view["anomalies"][0];
    assert_eq!(first["node"], sqrt["id"]);
    assert_eq!(first["what"], "value");
    assert_eq!(first["kind"], "nan");
    // An infinity is written as a string too: ln(0) = -inf.
    let view = post(
        server.address(),
        "/api/expression",
        &json!({ "formula": "ln(x)", "values": { "x": 0 } }),
    )
    .json();
    assert_eq!(view["nodes"][1]["data"], "-inf");
    assert_eq!(view["anomalies"][0]["kind"], "-inf");
    // A finite expression has none.
    let view = post(
        server.address(),
        "/api/expression",
        &json!({ "formula": "x + 1", "values": { "x": 0 } }),
    )
    .json();
    assert_eq!(view["anomalies"], json!([]));
}

#[test]
fn one_variable_is_a_graph_of_one_box_and_big_constants_read_as_formulas_write_them() {
    let server = start(Limits::default());
    let view = post(
        server.address(),
        "/api/expression",
        &json!({ "formula": "x", "values": { "x": 5 } }),
    )
    .json();
    assert_eq!(view["nodes"].as_array().unwrap().len(), 1);
    assert_eq!(view["forward"], json!([]));
    // Only the seed: d x/d x = 1.
    assert_eq!(view["backward"].as_array().unwrap().len(), 1);
    assert_eq!(view["variables"][0]["grad"], 1.0);
    assert_eq!(view["layout"]["values"].as_array().unwrap().len(), 1);
    let view = post(
        server.address(),
        "/api/expression",
        &json!({ "formula": "1e300 * x + 0.5", "values": { "x": 1 } }),
    )
    .json();
    let labels: Vec<&str> = view["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == "constant")
        .map(|n| n["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, vec!["1e300", "0.5"]);
}

#[test]
fn backward_steps_are_the_engines_backward_trace_edge_by_edge() {
    use scalargrad::expr::Formula;
    use scalargrad::Graph;

    let server = start(Limits::default());
    let formula = "tanh(a*b + b^3) / (a - relu(b)) + a*a";
    let view = post(
        server.address(),
        "/api/expression",
        &json!({ "formula": formula, "values": { "a": -1.5, "b": 0.5 } }),
    )
    .json();
    // The same formula recorded here, variables first in order of
    // appearance, as the explorer records it.
    let graph = Graph::new();
    let parsed = Formula::parse(formula).unwrap();
    let values = HashMap::from([("a", graph.value(-1.5)), ("b", graph.value(0.5))]);
    let root = parsed.build(&graph, &values).unwrap();
    let trace = root.backward_trace();
    let expected: Vec<(usize, usize, f64)> = trace
        .steps
        .iter()
        .flat_map(|s| {
            // The explorer leaves out the edge into the constant of an op
            // with a constant (`b^3` records powf: no gradient reaches the 3).
            let with_constant = matches!(s.op.as_str(), "powf" | "leaky_relu" | "elu" | "swish");
            s.contributions
                .iter()
                .enumerate()
                .filter(move |(k, _)| !(with_constant && *k == 1))
                .map(move |(_, c)| (s.node, c.input, c.contribution))
        })
        .collect();
    let steps = view["backward"].as_array().unwrap();
    let served: Vec<(usize, usize, f64)> = steps[1..]
        .iter()
        .map(|s| {
            (
                s["from"].as_u64().unwrap() as usize,
                s["to"].as_u64().unwrap() as usize,
                any_num(&s["contribution"]),
            )
        })
        .collect();
    assert_eq!(served.len(), expected.len());
    for (s, e) in served.iter().zip(&expected) {
        assert!(s.0 == e.0 && s.1 == e.1 && same(s.2, e.2), "{s:?} vs {e:?}");
    }
}
