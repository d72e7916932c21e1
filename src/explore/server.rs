//! The HTTP server: routes, JSON errors for every mistake, limits, and
//! panics turned into 500 answers. axum on tokio, HTTP/1.
//!
//! Computing happens off the async threads: expressions and the lesson in
//! tokio's blocking pool (at most [`COMPUTING`] at once), training in each
//! session's own thread.

use std::future::Future;
use std::net::SocketAddr;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{to_bytes, Body};
use axum::extract::{Path, RawQuery, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{delete, get, post};
use axum::Router;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use tokio::sync::{oneshot, OnceCell, Semaphore};

use super::assets::asset;
use super::error::ApiError;
use super::expression::{self, ExpressionRequest, NudgeRequest, PathsRequest};
use super::lesson::{Lesson, LANGUAGES};
use super::limits::Limits;
use super::network::{NetworkConfig, Sessions};
use super::text::query_pairs;

/// Requests computed at once in the blocking pool (expressions, paths,
/// nudges, the lesson); more wait their turn.
pub const COMPUTING: usize = 4;

/// Every response carries these: the page loads nothing from elsewhere and
/// runs no inline script, a response is never sniffed as another type, and
/// no page of another site can frame it.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Where and how to serve.
#[derive(Clone, Debug)]
pub struct ServerConfig {
    /// The address to bind: `127.0.0.1` (the default), or another one on
    /// purpose (then anyone who can reach it can use the explorer).
    pub host: String,
    /// The port; 0 (the default) picks a free one.
    pub port: u16,
    /// Sizes and times.
    pub limits: Limits,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            host: "127.0.0.1".into(),
            port: 0,
            limits: Limits::default(),
        }
    }
}

/// A running explorer: the server on its own thread (with its own tokio
/// runtime), until [`stop`](Server::stop) or drop.
pub struct Server {
    address: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

struct AppState {
    limits: Limits,
    sessions: Sessions,
    lesson: OnceCell<Arc<Lesson>>,
    computing: Semaphore,
    /// The `Host` headers accepted (for a loopback address; `None`
    /// accepts any): a page of another site that reaches this server
    /// through DNS rebinding names its own host, and is refused.
    hosts: Option<Vec<String>>,
}

impl Server {
    /// Binds the address and starts serving.
    ///
    /// # Errors
    /// If the address cannot be bound (a port in use, an unknown host) or
    /// the runtime or its thread cannot start.
    pub fn start(config: ServerConfig) -> std::io::Result<Server> {
        let listener = std::net::TcpListener::bind((config.host.as_str(), config.port))?;
        listener.set_nonblocking(true)?;
        let address = listener.local_addr()?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("explore-http")
            .enable_all()
            .build()?;
        let port = address.port();
        let state = Arc::new(AppState {
            sessions: Sessions::new(&config.limits),
            limits: config.limits,
            lesson: OnceCell::new(),
            computing: Semaphore::new(COMPUTING),
            hosts: address.ip().is_loopback().then(|| {
                ["127.0.0.1", "localhost", "[::1]"]
                    .iter()
                    .map(|h| format!("{h}:{port}"))
                    .collect()
            }),
        });
        let (stop, stopped) = oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("explore-server".into())
            .spawn(move || {
                runtime.block_on(async move {
                    let listener = match tokio::net::TcpListener::from_std(listener) {
                        Ok(listener) => listener,
                        Err(e) => {
                            eprintln!("scalargrad explore: cannot listen on {address}: {e}");
                            return;
                        }
                    };
                    let sweeper = tokio::spawn(end_idle_sessions(state.clone()));
                    let served = axum::serve(listener, router(state))
                        .with_graceful_shutdown(async {
                            let _ = stopped.await;
                        })
                        .await;
                    sweeper.abort();
                    if let Err(e) = served {
                        eprintln!("scalargrad explore: the server stopped: {e}");
                    }
                });
                runtime.shutdown_timeout(Duration::from_secs(2));
            })?;
        Ok(Server {
            address,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// The address served.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// The page's URL: `http://127.0.0.1:PORT/`.
    pub fn url(&self) -> String {
        format!("http://{}/", self.address)
    }

    /// Serves until the process ends.
    pub fn wait(mut self) {
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }

    /// Stops serving (requests in flight finish) and waits for the server's
    /// thread; training sessions end.
    pub fn stop(mut self) {
        self.shut_down();
    }

    fn shut_down(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.shut_down();
    }
}

/// Ends idle sessions every so often, so that they end even when no
/// request comes.
async fn end_idle_sessions(state: Arc<AppState>) {
    let period = (state.limits.idle / 4).clamp(Duration::from_millis(100), Duration::from_secs(15));
    let mut ticks = tokio::time::interval(period);
    loop {
        ticks.tick().await;
        state.sessions.end_idle();
    }
}

fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/api/expression", post(expression_handler))
        .route("/api/paths", post(paths_handler))
        .route("/api/nudge", post(nudge_handler))
        .route("/api/network", post(create_session))
        .route("/api/network/{id}", delete(end_session))
        .route("/api/network/{id}/step", post(step_session))
        .route(
            "/api/network/{id}/neuron/{layer}/{unit}",
            get(neuron_handler),
        )
        .route("/api/lesson", get(lesson_handler))
        .route("/api/lesson/{number}/{file}", get(lesson_picture))
        .route("/", get(index))
        .route("/{file}", get(static_file))
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(state.clone(), guard))
        .with_state(state)
}

/// A JSON answer.
fn json(status: u16, bytes: Vec<u8>) -> Response {
    let mut response = Response::new(Body::from(bytes));
    *response.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

fn error(e: ApiError) -> Response {
    json(e.status, e.to_json())
}

fn answer(result: Result<Vec<u8>, ApiError>) -> Response {
    match result {
        Ok(bytes) => json(200, bytes),
        Err(e) => error(e),
    }
}

/// Checks the `Host` header, runs the request with panics caught, turns
/// any error that is not JSON yet (axum's rejections, 404, 405) into a JSON
/// error, and adds the security headers.
async fn guard(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    let (method, path) = (request.method().clone(), request.uri().path().to_string());
    if let Some(hosts) = &state.hosts {
        let host = request
            .headers()
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("");
        if !hosts.iter().any(|h| h.eq_ignore_ascii_case(host)) {
            return secured(error(ApiError::with_status(
                403,
                format!(
                    "this server answers requests for {} only",
                    hosts.first().map_or("", String::as_str)
                ),
            )));
        }
    }
    let response = match (CatchUnwind(Box::pin(next.run(request)))).await {
        Ok(response) => response,
        Err(()) => error(ApiError::internal("answering the request")),
    };
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|t| t.as_bytes().starts_with(b"application/json"));
    let response = if response.status().as_u16() >= 400 && !is_json {
        let status = response.status();
        let text = to_bytes(response.into_body(), 4096)
            .await
            .map(|b| String::from_utf8_lossy(&b).trim().to_string())
            .unwrap_or_default();
        let message = match status {
            StatusCode::METHOD_NOT_ALLOWED => format!("{path} does not take {method}"),
            StatusCode::NOT_FOUND if text.is_empty() => format!("no such path: {path}"),
            _ if text.is_empty() => status
                .canonical_reason()
                .unwrap_or("the request failed")
                .to_string(),
            _ => text,
        };
        error(ApiError::with_status(status.as_u16(), message))
    } else {
        response
    };
    secured(response)
}

fn secured(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// A future whose panic becomes `Err(())` instead of ending the
/// connection's task without an answer.
struct CatchUnwind<F>(Pin<Box<F>>);

impl<F: Future> Future for CatchUnwind<F> {
    type Output = Result<F::Output, ()>;

    fn poll(mut self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<Self::Output> {
        let future = self.0.as_mut();
        match catch_unwind(AssertUnwindSafe(|| future.poll(context))) {
            Ok(Poll::Ready(output)) => Poll::Ready(Ok(output)),
            Ok(Poll::Pending) => Poll::Pending,
            Err(_) => Poll::Ready(Err(())),
        }
    }
}

/// The request's JSON body as `T`: the body must be declared as JSON, fit
/// the body limit and have exactly `T`'s fields.
async fn body<T: DeserializeOwned>(request: Request, limits: &Limits) -> Result<T, ApiError> {
    let declared = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|t| t.to_str().ok())
        .unwrap_or("");
    if !declared.starts_with("application/json") {
        return Err(ApiError::with_status(
            415,
            "the request body must be JSON, sent with Content-Type: application/json",
        ));
    }
    let too_large = || {
        ApiError::with_status(
            413,
            format!(
                "the request body is larger than the limit of {} bytes",
                limits.body_bytes
            ),
        )
    };
    let length = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|l| l.to_str().ok()?.parse::<usize>().ok());
    if length.is_some_and(|l| l > limits.body_bytes) {
        return Err(too_large());
    }
    let bytes = to_bytes(request.into_body(), limits.body_bytes)
        .await
        .map_err(|_| too_large())?;
    serde_json::from_slice(&bytes).map_err(|e| {
        ApiError::bad_request(format!(
            "the request body is not what this endpoint takes: {e}"
        ))
    })
}

/// Runs `work` in the blocking pool (at most [`COMPUTING`] at once); a
/// panic answers 500.
async fn compute(
    state: &AppState,
    what: &'static str,
    work: impl FnOnce() -> Result<Vec<u8>, ApiError> + Send + 'static,
) -> Response {
    let Ok(_permit) = state.computing.acquire().await else {
        return error(ApiError::internal(what));
    };
    match tokio::task::spawn_blocking(work).await {
        Ok(result) => answer(result),
        Err(_) => error(ApiError::internal(what)),
    }
}

async fn expression_handler(State(state): State<Arc<AppState>>, request: Request) -> Response {
    let request: ExpressionRequest = match body(request, &state.limits).await {
        Ok(r) => r,
        Err(e) => return error(e),
    };
    let limits = state.limits.clone();
    compute(&state, "recording the expression", move || {
        expression::expression(request, &limits)
    })
    .await
}

async fn paths_handler(State(state): State<Arc<AppState>>, request: Request) -> Response {
    let request: PathsRequest = match body(request, &state.limits).await {
        Ok(r) => r,
        Err(e) => return error(e),
    };
    let limits = state.limits.clone();
    compute(&state, "listing the paths", move || {
        expression::paths(request, &limits)
    })
    .await
}

async fn nudge_handler(State(state): State<Arc<AppState>>, request: Request) -> Response {
    let request: NudgeRequest = match body(request, &state.limits).await {
        Ok(r) => r,
        Err(e) => return error(e),
    };
    let limits = state.limits.clone();
    compute(&state, "nudging the variables", move || {
        expression::nudge(request, &limits)
    })
    .await
}

async fn create_session(State(state): State<Arc<AppState>>, request: Request) -> Response {
    match body::<NetworkConfig>(request, &state.limits).await {
        Ok(config) => answer(state.sessions.create(config).await),
        Err(e) => error(e),
    }
}

/// The body of `POST /api/network/{id}/step`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StepRequest {
    steps: usize,
}

async fn step_session(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    request: Request,
) -> Response {
    match body::<StepRequest>(request, &state.limits).await {
        Ok(step) => answer(state.sessions.step(&id, step.steps).await),
        Err(e) => error(e),
    }
}

async fn end_session(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> Response {
    answer(state.sessions.end(&id))
}

/// The query's parameters, refusing any not in `known`.
fn query(raw: Option<String>, known: &[&str]) -> Result<Vec<(String, String)>, ApiError> {
    let pairs = query_pairs(raw.as_deref().unwrap_or("")).map_err(ApiError::bad_request)?;
    if let Some((key, _)) = pairs.iter().find(|(k, _)| !known.contains(&k.as_str())) {
        let key: String = key.chars().take(40).collect();
        return Err(ApiError::bad_request(format!(
            "unknown query parameter `{key}` (this endpoint takes: {})",
            known.join(", ")
        )));
    }
    Ok(pairs)
}

async fn neuron_handler(
    State(state): State<Arc<AppState>>,
    Path((id, layer, unit)): Path<(String, String, String)>,
    RawQuery(raw): RawQuery,
) -> Response {
    let number = |what: &str, text: &str| {
        text.parse::<usize>().map_err(|_| {
            let text: String = text.chars().take(40).collect();
            ApiError::bad_request(format!("{what}: `{text}` is not a number from 0"))
        })
    };
    let parsed = query(raw, &["example"]).and_then(|pairs| {
        let example = match pairs.iter().find(|(k, _)| k == "example") {
            Some((_, v)) => number("example", v)?,
            None => 0,
        };
        Ok((number("layer", &layer)?, number("unit", &unit)?, example))
    });
    match parsed {
        Ok((layer, unit, example)) => {
            answer(state.sessions.neuron(&id, layer, unit, example).await)
        }
        Err(e) => error(e),
    }
}

/// The lesson, run once (the first request waits for it).
async fn lesson(state: &AppState) -> Result<Arc<Lesson>, ApiError> {
    static RUNS: AtomicU64 = AtomicU64::new(0);
    state
        .lesson
        .get_or_try_init(|| async {
            let _permit = state
                .computing
                .acquire()
                .await
                .map_err(|_| ApiError::internal("running the lesson"))?;
            let scratch = std::env::temp_dir().join(format!(
                "scalargrad-explore-{}-{}",
                std::process::id(),
                RUNS.fetch_add(1, Ordering::Relaxed)
            ));
            tokio::task::spawn_blocking(move || Arc::new(Lesson::run(&scratch)))
                .await
                .map_err(|_| ApiError::internal("running the lesson"))
        })
        .await
        .cloned()
}

async fn lesson_handler(State(state): State<Arc<AppState>>, RawQuery(raw): RawQuery) -> Response {
    let lang = match query(raw, &["lang"]) {
        Ok(pairs) => pairs
            .into_iter()
            .find(|(k, _)| k == "lang")
            .map_or_else(|| "en".to_string(), |(_, v)| v),
        Err(e) => return error(e),
    };
    let valid =
        (2..=8).contains(&lang.len()) && lang.chars().all(|c| c.is_ascii_alphabetic() || c == '-');
    if !valid {
        let lang: String = lang.chars().take(20).collect();
        return error(ApiError::bad_request(format!(
            "lang: `{lang}` is not a language code (like en)"
        )));
    }
    // The lesson speaks the languages it has; others get English, and the
    // answer says which it is.
    let served = LANGUAGES.iter().find(|l| **l == lang).unwrap_or(&"en");
    match lesson(&state).await {
        Ok(lesson) => answer(lesson.json(served)),
        Err(e) => error(e),
    }
}

async fn lesson_picture(
    State(state): State<Arc<AppState>>,
    Path((number, file)): Path<(String, String)>,
) -> Response {
    let lesson = match lesson(&state).await {
        Ok(lesson) => lesson,
        Err(e) => return error(e),
    };
    let found = number
        .parse::<usize>()
        .ok()
        .and_then(|n| lesson.picture(n, &file));
    match found {
        Some(picture) => {
            let mut response = Response::new(Body::from(picture.bytes.clone()));
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(picture.content_type),
            );
            response
        }
        None => {
            let file: String = file.chars().take(60).collect();
            error(ApiError::not_found(format!(
                "section {} has no picture `{file}`",
                number.chars().take(10).collect::<String>()
            )))
        }
    }
}

fn static_response(name: &str) -> Response {
    match asset(name) {
        Some(a) => {
            let mut response = Response::new(Body::from(a.text));
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(a.content_type),
            );
            response
        }
        None => {
            let name: String = name.chars().take(60).collect();
            error(ApiError::not_found(format!("no such file: {name}")))
        }
    }
}

async fn index() -> Response {
    static_response("index.html")
}

async fn static_file(Path(file): Path<String>) -> Response {
    static_response(&file)
}

async fn not_found(method: Method, request: Request) -> Response {
    let path: String = request.uri().path().chars().take(100).collect();
    if method == Method::GET || method == Method::HEAD {
        error(ApiError::not_found(format!("no such path: {path}")))
    } else {
        error(ApiError::not_found(format!(
            "no such path: {method} {path}"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_while_answering_becomes_an_error_not_a_dead_task() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        // Silence the panic's message for this test's thread only.
        let hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(|_| {}));
        let caught = runtime.block_on(CatchUnwind(Box::pin(async {
            tokio::task::yield_now().await;
            panic!("a bug");
        })));
        std::panic::set_hook(hook);
        assert_eq!(caught, Err::<(), ()>(()));
        let fine = runtime.block_on(CatchUnwind(Box::pin(async { 7 })));
        assert_eq!(fine, Ok(7));
    }
}
