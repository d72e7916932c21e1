//! A small blocking HTTP/1.1 client over `TcpStream` for the explorer's
//! tests: one request per connection (`Connection: close`).

#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use scalargrad::explore::{Limits, Server, ServerConfig};
use serde_json::Value;

/// A server on 127.0.0.1 and a free port, with `limits`.
pub fn start(limits: Limits) -> Server {
    Server::start(ServerConfig {
        limits,
        ..ServerConfig::default()
    })
    .expect("the explorer starts on a free port")
}

/// An answer.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    /// The body as JSON (panics with the body if it is not JSON).
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "not JSON ({e}): status {}, body {:?}",
                self.status,
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    /// A header's value (names compared without case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// True for a JSON error: a 4xx or 5xx status, a JSON content type and
    /// a string `error`.
    pub fn is_json_error(&self) -> bool {
        self.status >= 400
            && self.header("content-type") == Some("application/json")
            && serde_json::from_slice::<Value>(&self.body).is_ok_and(|v| v["error"].is_string())
    }
}

/// Sends `request` (raw bytes) and reads the answer; `None` if the server
/// closed the connection without one.
pub fn raw(address: SocketAddr, request: &[u8]) -> Option<Reply> {
    let mut stream = TcpStream::connect(address).expect("connect to the explorer");
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    let _ = stream.write_all(request);
    let mut bytes = Vec::new();
    let _ = stream.read_to_end(&mut bytes);
    parse(&bytes)
}

fn parse(bytes: &[u8]) -> Option<Reply> {
    let end = bytes.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&bytes[..end]);
    let mut lines = head.split("\r\n");
    let status: u16 = lines.next()?.split(' ').nth(1)?.parse().ok()?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = bytes[end + 4..].to_vec();
    let chunked = headers.iter().any(|(n, v)| {
        n.eq_ignore_ascii_case("transfer-encoding") && v.eq_ignore_ascii_case("chunked")
    });
    if chunked {
        let mut decoded = Vec::new();
        let mut rest = &body[..];
        loop {
            let line_end = rest.windows(2).position(|w| w == b"\r\n")?;
            let size =
                usize::from_str_radix(std::str::from_utf8(&rest[..line_end]).ok()?.trim(), 16)
                    .ok()?;
            if size == 0 {
                break;
            }
            decoded.extend_from_slice(rest.get(line_end + 2..line_end + 2 + size)?);
            rest = rest.get(line_end + 4 + size..)?;
        }
        body = decoded;
    }
    Some(Reply {
        status,
        headers,
        body,
    })
}

/// A request with the right `Host`, and a body with its content type.
pub fn request(
    address: SocketAddr,
    method: &str,
    path: &str,
    content_type: Option<&str>,
    body: &[u8],
) -> Reply {
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    if let Some(t) = content_type {
        head.push_str(&format!("Content-Type: {t}\r\n"));
    }
    head.push_str("\r\n");
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(body);
    raw(address, &bytes).unwrap_or_else(|| panic!("no answer to {method} {path}"))
}

/// `POST path` with a JSON body.
pub fn post(address: SocketAddr, path: &str, body: &Value) -> Reply {
    request(
        address,
        "POST",
        path,
        Some("application/json"),
        body.to_string().as_bytes(),
    )
}

/// `GET path`.
pub fn get(address: SocketAddr, path: &str) -> Reply {
    request(address, "GET", path, None, b"")
}

/// A number of the API's JSON (finite numbers only).
pub fn num(value: &Value) -> f64 {
    value
        .as_f64()
        .unwrap_or_else(|| panic!("{value} is not a finite number"))
}

/// Any number of the API's JSON: NaN and the infinities are the strings
/// `"NaN"`, `"inf"` and `"-inf"`.
pub fn any_num(value: &Value) -> f64 {
    match value.as_str() {
        Some("NaN") => f64::NAN,
        Some("inf") => f64::INFINITY,
        Some("-inf") => f64::NEG_INFINITY,
        _ => num(value),
    }
}

/// Equal, or both NaN.
pub fn same(a: f64, b: f64) -> bool {
    a == b || (a.is_nan() && b.is_nan())
}
