//! The explorer's two speed targets (issue 13):
//!
//! - a step of the expression view, recording a formula of about 2,000
//!   nodes and writing its JSON (nodes, edges, drawing, forward and backward
//!   steps, anomalies): under 50 ms;
//! - training micrograd's 2-16-16-1 moons network (100 points, the whole
//!   dataset per step as micrograd's demo does) in a session, through the
//!   HTTP API, 1,000 steps per request: at least 1,000 steps a second.
//!   Criterion's "elem/s" is steps per second; each request also computes
//!   the state once (evaluation, 40 × 40 regions, layer report).
//!
//! `cargo bench --bench explore`.

use std::hint::black_box;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use scalargrad::explore::{expression_json, Limits, Server, ServerConfig};

/// `tanh(x*c + y)` terms added up: 5 nodes a term (constant, `*`, `+`,
/// `tanh`, and the `+` joining it), `x` and `y` used by every term.
fn formula(terms: usize) -> String {
    let parts: Vec<String> = (0..terms)
        .map(|k| format!("tanh(x*{} + y)", 0.5 + k as f64 / terms as f64))
        .collect();
    parts.join(" + ")
}

fn expression_step(c: &mut Criterion) {
    let text = formula(400);
    let values = [("x".to_string(), 0.3), ("y".to_string(), -0.2)];
    let limits = Limits {
        formula_chars: 100_000,
        ..Limits::default()
    };
    let json = expression_json(&text, &values, &limits).expect("the formula records");
    let view: serde_json::Value = serde_json::from_slice(&json).unwrap();
    let nodes = view["nodes"].as_array().unwrap().len();
    eprintln!(
        "expression view: {nodes} nodes, {} backward steps, {} KiB of JSON",
        view["backward"].as_array().unwrap().len(),
        json.len() / 1024
    );
    let mut group = c.benchmark_group("explore_expression");
    group.sample_size(20);
    group.bench_function(format!("{nodes}_nodes"), |b| {
        b.iter(|| black_box(expression_json(&text, &values, &limits).unwrap()))
    });
    group.finish();
}

/// One HTTP/1.1 request with a JSON body; the answer's body.
fn post(address: SocketAddr, path: &str, body: &str) -> Vec<u8> {
    let mut stream = TcpStream::connect(address).unwrap();
    write!(
        stream,
        "POST {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).unwrap();
    assert!(
        bytes.starts_with(b"HTTP/1.1 200"),
        "{}",
        String::from_utf8_lossy(&bytes)
    );
    let at = bytes.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4;
    bytes.split_off(at)
}

fn training_steps(c: &mut Criterion) {
    let server = Server::start(ServerConfig::default()).unwrap();
    let address = server.address();
    let created = post(
        address,
        "/api/network",
        r#"{"dataset": "moons", "samples": 100, "noise": 0.1, "layers": [16, 16], "optimizer": "sgd", "learning_rate": 0.05, "batch_size": 0}"#,
    );
    let created: serde_json::Value = serde_json::from_slice(&created).unwrap();
    let id = created["id"].as_str().unwrap().to_string();
    let path = format!("/api/network/{id}/step");
    const STEPS: u64 = 1_000;
    // A request trains for at most a second: check that it did all its
    // steps, or the throughput below would be wrong.
    let step = |state: &[u8]| -> u64 {
        let state: serde_json::Value = serde_json::from_slice(state).unwrap();
        state["step"].as_u64().unwrap()
    };
    let before = step(&post(address, &path, r#"{"steps": 0}"#));
    let after = step(&post(address, &path, &format!("{{\"steps\": {STEPS}}}")));
    assert_eq!(after - before, STEPS, "a request stopped at its time limit");
    let mut group = c.benchmark_group("explore_training");
    group.sample_size(10);
    group.throughput(Throughput::Elements(STEPS));
    group.bench_function("moons_2_16_16_1_full_batch", |b| {
        b.iter(|| {
            let state = post(address, &path, &format!("{{\"steps\": {STEPS}}}"));
            black_box(state)
        })
    });
    group.finish();
    server.stop();
}

criterion_group!(benches, expression_step, training_steps);
criterion_main!(benches);
