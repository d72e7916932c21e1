//! Sessions leave nothing behind: each runs on its own thread, and ending a
//! session (by a request, by idleness, or by stopping the server) ends its
//! thread. Alone in its test binary, so that no other test's sessions are
//! counted.

#![cfg(all(feature = "explore", target_os = "linux"))]

mod explore_client;

use std::time::{Duration, Instant};

use explore_client::{post, request, start};
use scalargrad::explore::Limits;
use serde_json::json;

/// This process's session threads (named `explore-session-…`, which
/// Linux cuts to 15 bytes).
fn session_threads() -> usize {
    std::fs::read_dir("/proc/self/task")
        .unwrap()
        .filter_map(|task| std::fs::read_to_string(task.ok()?.path().join("comm")).ok())
        .filter(|name| name.starts_with("explore-sessio"))
        .count()
}

fn wait_for_threads(expected: usize) {
    let start = Instant::now();
    while session_threads() != expected {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "{} session threads, expected {expected}",
            session_threads()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn ended_sessions_end_their_threads() {
    let server = start(Limits {
        idle: Duration::from_secs(3),
        ..Limits::default()
    });
    let address = server.address();
    let mut ids = Vec::new();
    for _ in 0..16 {
        let created = post(
            address,
            "/api/network",
            &json!({ "samples": 30, "layers": [4] }),
        )
        .json();
        let id = created["id"].as_str().unwrap().to_string();
        post(
            address,
            &format!("/api/network/{id}/step"),
            &json!({ "steps": 10 }),
        );
        ids.push(id);
    }
    wait_for_threads(16);
    // Ended by a request.
    for id in &ids[..8] {
        assert_eq!(
            request(address, "DELETE", &format!("/api/network/{id}"), None, b"").status,
            200
        );
    }
    wait_for_threads(8);
    // Ended for idleness, with no request at all.
    wait_for_threads(0);
    // Ended with the server.
    post(address, "/api/network", &json!({ "samples": 30 }));
    wait_for_threads(1);
    server.stop();
    wait_for_threads(0);
}
