//! The explorer's training sessions over real HTTP: training to a target
//! accuracy, the neuron table's identity, the lesson's presets, limits on
//! sessions and their idle end.

#![cfg(feature = "explore")]

use crate::explore_client;

use std::net::SocketAddr;
use std::time::Duration;

use explore_client::{get, num, post, request, start};
use scalargrad::explore::Limits;
use serde_json::{json, Value};

fn create(address: SocketAddr, body: &Value) -> Value {
    let reply = post(address, "/api/network", body);
    assert_eq!(
        reply.status,
        200,
        "{:?}",
        String::from_utf8_lossy(&reply.body)
    );
    reply.json()
}

fn step(address: SocketAddr, id: &str, steps: usize) -> Value {
    let reply = post(
        address,
        &format!("/api/network/{id}/step"),
        &json!({ "steps": steps }),
    );
    assert_eq!(
        reply.status,
        200,
        "{:?}",
        String::from_utf8_lossy(&reply.body)
    );
    reply.json()
}

#[test]
fn a_moons_session_reaches_95_percent_accuracy_within_2000_steps() {
    let server = start(Limits::default());
    // micrograd's network: 2-16-16-1 ReLU on 200 moons points, SGD.
    let created = create(
        server.address(),
        &json!({ "dataset": "moons", "samples": 200, "layers": [16, 16], "optimizer": "sgd", "learning_rate": 0.1 }),
    );
    let id = created["id"].as_str().unwrap();
    assert_eq!(created["data"]["x"].as_array().unwrap().len(), 200);
    assert_eq!(created["layers"].as_array().unwrap().len(), 3);
    assert_eq!(created["state"]["step"], 0);
    let mut state = created["state"].clone();
    while num(&state["accuracy"]) < 0.95 {
        assert!(state["step"].as_u64().unwrap() < 2000, "stuck at {state}");
        state = step(server.address(), id, 100);
    }
    // The regions: 40 × 40 cells, each with a class and its probability.
    let grid = &state["grid"];
    assert_eq!(grid["size"], 40);
    assert_eq!(grid["class"].as_array().unwrap().len(), 1600);
    assert!(grid["confidence"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| (0.5..=1.0).contains(&num(p))));
    assert_eq!(state["gradient_norms"].as_array().unwrap().len(), 3);
    assert!(state["history"].as_array().unwrap().len() >= 2);
    // steps: 0 returns the state as it is.
    let again = step(server.address(), id, 0);
    assert_eq!(again["step"], state["step"]);
    assert_eq!(again["loss"], state["loss"]);
}

#[test]
fn the_neuron_table_e_j_a_i_equals_autograd() {
    let server = start(Limits::default());
    let created = create(
        server.address(),
        &json!({ "dataset": "circles", "layers": [8, 8] }),
    );
    let id = created["id"].as_str().unwrap();
    step(server.address(), id, 30);
    for (layer, unit, example) in [(0, 3, 0), (1, 7, 17), (2, 0, 5)] {
        let reply = get(
            server.address(),
            &format!("/api/network/{id}/neuron/{layer}/{unit}?example={example}"),
        );
        assert_eq!(reply.status, 200);
        let neuron = reply.json();
        let e = num(&neuron["e"]);
        let rows = neuron["rows"].as_array().unwrap();
        let inputs = if layer == 0 { 2 } else { 8 };
        assert_eq!(rows.len(), inputs + 1);
        assert!(rows.last().unwrap()["i"].is_null()); // the bias, a_i = 1
        for row in rows {
            let (a_i, predicted, autograd) = (
                num(&row["a_i"]),
                num(&row["e_j_a_i"]),
                num(&row["autograd"]),
            );
            assert_eq!(predicted, e * a_i);
            assert!((predicted - autograd).abs() <= 1e-12 * predicted.abs().max(1e-3));
        }
    }
    let missing = get(server.address(), &format!("/api/network/{id}/neuron/3/0"));
    assert_eq!(missing.status, 404);
}

#[test]
fn the_dying_relu_preset_has_its_dead_unit_which_stays_dead() {
    let server = start(Limits::default());
    let created = create(server.address(), &json!({ "preset": "dying_relu" }));
    let id = created["id"].as_str().unwrap();
    // Hidden unit 2 (index 1): z = -0.2·1 + 0.1·2 - 0.4·0.5 + 0.1 = -0.1 < 0.
    assert_eq!(created["state"]["dead"], json!([[0, 1]]));
    assert!(created["state"]["grid"].is_null()); // three inputs: no regions
    let neuron = get(server.address(), &format!("/api/network/{id}/neuron/0/1")).json();
    assert!((num(&neuron["z"]) + 0.1).abs() < 1e-12);
    assert_eq!(num(&neuron["e"]), 0.0);
    assert!(neuron["rows"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| num(&r["autograd"]) == 0.0));
    let before = created["state"]["weights"][0].clone();
    let after = step(server.address(), id, 5);
    // Column 1 of W⁽¹⁾ (unit 2's weights) has not moved.
    for (row_before, row_after) in before
        .as_array()
        .unwrap()
        .iter()
        .zip(after["weights"][0].as_array().unwrap())
    {
        assert_eq!(row_before[1], row_after[1]);
    }
    assert_eq!(after["dead"], json!([[0, 1]]));
}

#[test]
fn the_zero_init_preset_never_breaks_symmetry() {
    let server = start(Limits::default());
    let created = create(server.address(), &json!({ "preset": "zero_init" }));
    let id = created["id"].as_str().unwrap();
    let state = step(server.address(), id, 50);
    let all: Vec<usize> = (0..16).collect();
    assert_eq!(state["symmetric"][0], json!([0, all]));
    assert_eq!(num(&state["gradient_norms"][0]), 0.0);
}

#[test]
fn the_vanishing_preset_loses_its_gradient_on_the_way_down() {
    let server = start(Limits::default());
    let created = create(server.address(), &json!({ "preset": "vanishing" }));
    let norms: Vec<f64> = created["state"]["gradient_norms"]
        .as_array()
        .unwrap()
        .iter()
        .map(num)
        .collect();
    assert_eq!(norms.len(), 11);
    // Ten sigmoid layers: σ' ≤ 1/4 at each, so the first layer's gradient is
    // orders of magnitude below the output layer's.
    assert!(norms[0] < 1e-3 * norms[10], "{norms:?}");
}

#[test]
fn ten_concurrent_sessions_train_and_the_seventeenth_is_refused() {
    let server = start(Limits::default());
    let address = server.address();
    let workers: Vec<_> = (0..10)
        .map(|k| {
            std::thread::spawn(move || {
                let datasets = ["moons", "circles", "spirals", "xor", "blobs"];
                let created = create(
                    address,
                    &json!({ "dataset": datasets[k % 5], "seed": k, "layers": [8], "optimizer": "adam", "learning_rate": 0.01 }),
                );
                let id = created["id"].as_str().unwrap().to_string();
                for _ in 0..5 {
                    step(address, &id, 20);
                }
                id
            })
        })
        .collect();
    let ids: Vec<String> = workers.into_iter().map(|w| w.join().unwrap()).collect();
    assert_eq!(ids.len(), 10);
    for _ in 10..16 {
        create(address, &json!({ "samples": 20, "layers": [2] }));
    }
    let refused = post(address, "/api/network", &json!({ "samples": 20 }));
    assert_eq!(refused.status, 429);
    assert!(refused.is_json_error());
    // Ending one makes room.
    let ended = request(
        address,
        "DELETE",
        &format!("/api/network/{}", ids[0]),
        None,
        b"",
    );
    assert_eq!(ended.status, 200);
    let gone = post(
        address,
        &format!("/api/network/{}/step", ids[0]),
        &json!({ "steps": 1 }),
    );
    assert_eq!(gone.status, 404);
    create(address, &json!({ "samples": 20 }));
}

#[test]
fn an_idle_session_ends_by_itself() {
    let server = start(Limits {
        idle: Duration::from_millis(300),
        ..Limits::default()
    });
    let created = create(server.address(), &json!({ "samples": 20 }));
    let id = created["id"].as_str().unwrap();
    step(server.address(), id, 1);
    std::thread::sleep(Duration::from_millis(1000));
    let reply = post(
        server.address(),
        &format!("/api/network/{id}/step"),
        &json!({ "steps": 1 }),
    );
    assert_eq!(reply.status, 404);
    assert!(reply.json()["error"]
        .as_str()
        .unwrap()
        .contains("no request"));
}

#[test]
fn network_limits_are_refused() {
    let server = start(Limits::default());
    for body in [
        json!({ "layers": [8, 8, 8, 8, 8] }),
        json!({ "layers": [65] }),
        json!({ "samples": 2001 }),
        json!({ "activation": "swoosh" }),
        json!({ "init": "ones" }),
        json!({ "optimizer": "lbfgs" }),
    ] {
        let reply = post(server.address(), "/api/network", &body);
        assert_eq!(reply.status, 400, "{body}");
        assert!(reply.is_json_error());
    }
    let created = create(server.address(), &json!({ "samples": 20 }));
    let id = created["id"].as_str().unwrap();
    let reply = post(
        server.address(),
        &format!("/api/network/{id}/step"),
        &json!({ "steps": 1001 }),
    );
    assert_eq!(reply.status, 400);
}
