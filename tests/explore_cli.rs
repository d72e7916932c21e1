//! `scalargrad explore` run as a user runs it: the one-file export, its
//! errors, and the server answering from a child process.

#![cfg(feature = "explore")]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};

use crate::common::cli::scalargrad;

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "scalargrad-explore-cli-{}-{name}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn html_writes_one_page_with_the_expression_embedded() {
    let dir = scratch("page");
    let page = dir.join("page.html");
    let out = scalargrad(&[
        "explore",
        "x*y + tanh(x)",
        "x=1",
        "y=2",
        "--html",
        page.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("<script type=\"application/json\" id=\"scalargrad-data\">"));
    assert!(html.contains("\"formula\":\"x*y + tanh(x)\""));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn html_errors_point_at_the_formula_and_write_nothing() {
    let dir = scratch("errors");
    let page = dir.join("page.html");
    let path = page.to_str().unwrap();
    // An unknown function, a missing value: the column, with a caret.
    for (args, message) in [
        (
            vec!["explore", "x + foo(2)", "x=1", "--html", path],
            "unknown function `foo` at column 5",
        ),
        (
            vec!["explore", "x * y", "x=1", "--html", path],
            "variable `y` has no value",
        ),
        (vec!["explore", "--html", path], "give the formula"),
    ] {
        let out = scalargrad(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(message), "{stderr}");
        assert!(!stderr.contains("panicked"));
    }
    assert!(!page.exists());
    // A folder that does not exist: one line naming the file.
    let out = scalargrad(&[
        "explore",
        "x",
        "x=1",
        "--html",
        "/nonexistent-folder/page.html",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent-folder/page.html"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_port_in_use_is_a_one_line_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let out = scalargrad(&["explore", "--port", &port]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("scalargrad: error: explore: cannot serve on 127.0.0.1:"),
        "{stderr}"
    );
}

#[test]
fn the_server_prints_its_url_and_answers() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_scalargrad"))
        .args(["explore"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    // scalargrad explore: http://127.0.0.1:PORT/   (Ctrl-C to stop)
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://127.0.0.1:"))
        .unwrap_or_else(|| panic!("no URL in {line:?}"));
    let address = url.trim_start_matches("http://").trim_end_matches('/');
    let mut stream = TcpStream::connect(address).unwrap();
    write!(
        stream,
        "GET /api/nothing HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(answer.starts_with("HTTP/1.1 404"), "{answer}");
    assert!(answer.contains("{\"error\":\"no such path: /api/nothing\"}"));
}
